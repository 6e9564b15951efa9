import type { ComponentChildren } from 'preact';
import type { CodingDiscrepancyKind, Finding } from '../rules/index';
import type { PatientRecord } from '../record/patient-record';
import type { Icd10CmTable } from '../terminology/icd10cm/icd10cm-table';
import { describeEvidence } from '../record/describe';

const SEVERITY_LABEL = { high: 'High', medium: 'Medium', low: 'Low' } as const;

const KIND_LABEL: Record<CodingDiscrepancyKind, string> = {
  'invalid-code': 'Invalid code',
  'non-billable-code': 'Non-billable code',
  'unspecified-code': 'Unspecified code',
  'sex-conflict': 'Sex conflict (warning)',
  'age-conflict': 'Age conflict',
  'excludes1-conflict': 'Excludes1 conflict',
  'redundant-codes': 'Redundant codes',
  'missing-combination-code': 'Missing combination code',
  'coding-mismatch': 'Codings disagree',
  'claim-unsupported': 'Claim diagnosis unsupported',
  'not-on-claim': 'Diagnosis not on claim',
  'principal-missing': 'Principal diagnosis missing',
};

/** The findings, most important first: what was observed, the evidence, and what a query would offer. */
export function FindingList({ findings, record, icd10cm, label, empty, footer }: {
  findings: Finding[];
  record: PatientRecord;
  icd10cm?: Icd10CmTable;
  label: string;
  empty: string;
  /** What follows each finding (its queries). */
  footer?: (finding: Finding) => ComponentChildren;
}) {
  if (findings.length === 0) return <p class="muted">{empty}</p>;
  return (
    <ol class="findings" aria-label={label}>
      {findings.map((finding) => {
        const code = finding.suspectedCondition;
        const official = code ? icd10cm?.lookup(code) : undefined;
        return (
          <li class={`finding severity-${finding.severity}`} key={finding.id}>
            <div class="finding-head">
              <span class="severity-badge">{SEVERITY_LABEL[finding.severity]}</span>
              <h3>{finding.title}</h3>
              {code ? <span class="code" title={official?.title ?? 'ICD-10-CM code'}>{code}</span> : null}
            </div>
            <p class="finding-category muted">
              {finding.category === 'coding-discrepancy' ? KIND_LABEL[finding.kind] : 'Documentation gap'}
              {official ? ` · ${official.code} ${official.title}` : ''}
            </p>
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
            {footer?.(finding)}
          </li>
        );
      })}
    </ol>
  );
}
