import type { Finding } from '../rules/types';
import type { PatientRecord } from '../record/patient-record';
import { describeEvidence } from '../record/describe';

const SEVERITY_LABEL = { high: 'High', medium: 'Medium', low: 'Low' } as const;
const CATEGORY_LABEL = { 'documentation-gap': 'Documentation gap', 'coding-discrepancy': 'Coding discrepancy' } as const;

/** The findings, most important first: what was observed, the evidence, and what a query would offer. */
export function FindingList({ findings, record }: { findings: Finding[]; record: PatientRecord }) {
  if (findings.length === 0) {
    return <p class="muted">No documentation gaps or coding discrepancies found in the record read.</p>;
  }
  return (
    <ol class="findings" aria-label="Findings">
      {findings.map((finding) => (
        <li class={`finding severity-${finding.severity}`} key={`${finding.ruleId}|${finding.suspectedCondition ?? ''}|${finding.encounter ?? ''}|${finding.target ?? ''}`}>
          <div class="finding-head">
            <span class="severity-badge">{SEVERITY_LABEL[finding.severity]}</span>
            <h3>{finding.title}</h3>
            {finding.suspectedCondition ? <span class="code" title="ICD-10-CM code the query may ask about">{finding.suspectedCondition}</span> : null}
          </div>
          <p class="finding-category muted">{CATEGORY_LABEL[finding.category]}</p>
          <p>{finding.summary}</p>
          <details>
            <summary>Evidence ({finding.evidence.length})</summary>
            <ul class="evidence">
              {finding.evidence.map((reference) => <li key={reference}>{describeEvidence(record, reference)}</li>)}
            </ul>
          </details>
          {finding.answerOptions.length > 0 ? (
            <p class="options muted">
              A query would offer: {finding.answerOptions.map((o) => (o.icd10 ? `${o.text} (${o.icd10})` : o.text)).join('; ')}.
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
