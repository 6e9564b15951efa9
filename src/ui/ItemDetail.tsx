import { useState } from 'preact/hooks';
import type { CodingDiscrepancyKind, Finding } from '../rules/index';
import type { PatientRecord } from '../record/patient-record';
import { describeEvidence } from '../record/describe';
import { formatFhirDateTime } from '../record/fhir-dates';
import { factRows } from '../review/fact-rows';
import { findingTrend } from '../review/trend';
import type { ReviewItem } from '../review/items';
import type { ReviewWindow } from '../rules/index';
import { DISMISS_REASONS } from '../terminology/dismiss-reasons';
import { queryTemplate } from '../state/queries';
import { recordItemDisposition, type WorklistStore } from '../state/worklist';
import { FindingQuery, type QueryState } from './FindingQuery';
import { TrendChart } from './TrendChart';

export const KIND_LABEL: Record<CodingDiscrepancyKind, string> = {
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
  'documented-not-coded': 'Documented, not coded',
};

export const aspectLabel = (finding: Finding) => (finding.category === 'coding-discrepancy' ? KIND_LABEL[finding.kind]
  : finding.category === 'clinical-validation' ? 'Clinical validation' : 'Documentation gap');

export interface WorklistState extends QueryState {
  worklist: WorklistStore;
  /** False when the EHR granted no writes (read-only review). */
  canWrite: boolean;
}

/** The resource behind a fact or evidence, as JSON text (never HTML), for the curious. */
function SourceView({ record, reference }: { record: PatientRecord; reference: string }) {
  const [open, setOpen] = useState(false);
  const resource = record.resolve(reference);
  if (!resource) return null;
  return (
    <details class="source-view" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>View source<span class="visually-hidden"> of {describeEvidence(record, reference)}</span></summary>
      {open ? <pre class="source-json">{JSON.stringify(resource, null, 2)}</pre> : null}
    </details>
  );
}

/** What the notes say: each sentence quoted as text, the diagnosis's words marked, and how the sentence reads. */
function NoteQuotes({ findings, record }: { findings: readonly Finding[]; record: PatientRecord }) {
  const seen = new Set<string>();
  const rows = findings.flatMap((finding) => factRows(finding, record))
    .filter((row) => row.quote && !seen.has(`${row.reference}|${row.quote.before}${row.quote.words}`) && seen.add(`${row.reference}|${row.quote.before}${row.quote.words}`));
  if (rows.length === 0) return null;
  return (
    <section class="note-quotes" aria-label="From the notes">
      <h4>From the notes</h4>
      <ul>
        {rows.map((row, i) => (
          <li key={`${row.reference}-${i}`}>
            <p class="note-source">{row.what}{row.date ? `, ${row.date}` : ''}: {row.quote!.reading}</p>
            <blockquote class="note-sentence">{row.quote!.before}<mark>{row.quote!.words}</mark>{row.quote!.after}</blockquote>
            <SourceView record={record} reference={row.reference} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function FactsTable({ finding, record }: { finding: Finding; record: PatientRecord }) {
  const rows = factRows(finding, record).filter((row) => !row.quote);
  if (rows.length === 0) return null;
  return (
    <div class="table-scroll">
      <table class="facts">
        <caption>Clinical indicators</caption>
        <thead>
          <tr><th scope="col">What</th><th scope="col">Value</th><th scope="col">Limit</th><th scope="col">Flag</th><th scope="col">Date</th><th scope="col">Source</th></tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={`${row.reference}-${i}`}>
              <th scope="row">{row.what}</th>
              <td class="num" data-label="Value">{row.value ?? '—'}{row.unit ? ` ${row.unit}` : ''}</td>
              <td data-label="Limit">{row.range ?? '—'}</td>
              <td data-label="Flag">{row.flag ? <span class={`flag flag-${row.flag}`}>{row.flag}</span> : '—'}</td>
              <td class="nowrap" data-label="Date">{row.date ?? '—'}</td>
              <td data-label="Source">{row.source}<SourceView record={record} reference={row.reference} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Dismiss (a reason, free text), Mark reviewed, Reopen: kept in the EHR as the finding's disposition. */
function DispositionActions({ item, state }: { item: ReviewItem; state: WorklistState }) {
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState('');
  const [comment, setComment] = useState('');
  const saving = state.worklist.saving.value.get(item.id);
  const busy = saving?.state === 'saving';
  const history = state.worklist.historyOf(item.id);
  const closed = item.status === 'dismissed' || item.status === 'reviewed';
  const act = (action: 'dismissed' | 'reviewed' | 'reopened', extra: { reasonCode?: string; comment?: string } = {}) =>
    recordItemDisposition(state, item, { action, ...extra }).then(() => {
      if (state.worklist.saving.value.get(item.id) === undefined) setDismissing(false);
    });
  return (
    <div class="disposition">
      {history.length > 0 ? (
        <ul class="disposition-history" aria-label="Disposition history">
          {history.map((d, i) => (
            <li key={i}>
              {d.action === 'dismissed' ? 'Dismissed' : d.action === 'reviewed' ? 'Marked reviewed' : 'Reopened'}
              {d.reason ? ` (${d.reason.label})` : ''}{d.comment ? `: ${d.comment}` : ''}
              {d.author || d.at ? <span class="muted"> — {[d.author, d.at ? formatFhirDateTime(d.at) : undefined].filter(Boolean).join(', ')}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {state.canWrite ? (
        closed ? (
          <button type="button" onClick={() => void act('reopened')} disabled={busy}>Reopen</button>
        ) : dismissing ? (
          <form class="dismiss-form" aria-label="Dismiss finding" onSubmit={(e) => { e.preventDefault(); void act('dismissed', { reasonCode: reason, comment }); }}>
            <label for={`dismiss-reason-${item.id}`}>Reason</label>
            <select id={`dismiss-reason-${item.id}`} value={reason} required onChange={(e) => setReason(e.currentTarget.value)}>
              <option value="">Choose a reason…</option>
              {DISMISS_REASONS.map((r) => <option value={r.code} key={r.code}>{r.label}</option>)}
            </select>
            <label for={`dismiss-comment-${item.id}`}>Comment{reason === 'other' ? '' : ' (optional)'}</label>
            <textarea id={`dismiss-comment-${item.id}`} rows={2} value={comment} required={reason === 'other'} maxLength={1000} onInput={(e) => setComment(e.currentTarget.value)} />
            <div class="actions">
              <button type="submit" disabled={busy || !reason}>{busy ? 'Saving…' : 'Dismiss finding'}</button>
              <button type="button" class="secondary" onClick={() => setDismissing(false)} disabled={busy}>Cancel</button>
            </div>
          </form>
        ) : (
          <div class="actions">
            <button type="button" class="secondary" onClick={() => setDismissing(true)} disabled={busy}>Dismiss…</button>
            <button type="button" class="secondary" onClick={() => void act('reviewed')} disabled={busy}>{busy ? 'Saving…' : 'Mark reviewed'}</button>
          </div>
        )
      ) : null}
      {saving?.state === 'failed' ? <p class="notice notice-warning" role="alert">{saving.message}</p> : null}
    </div>
  );
}

/** One item opened: the finding in clinical terms, its trend, what a query would offer, its query and actions. */
export function ItemDetail({ item, state, record, window }: { item: ReviewItem; state: WorklistState; record: PatientRecord; window: ReviewWindow }) {
  const { primary } = item;
  const trend = findingTrend(primary, record, window);
  const template = queryTemplate(primary);
  const others = item.findings.slice(1);
  return (
    <div class="item-detail">
      <p class="item-summary">{primary.summary}</p>
      {others.length > 0 ? (
        <ul class="aspects" aria-label="Also about this condition">
          {others.map((f) => <li key={f.id}><strong>{aspectLabel(f)}:</strong> {f.summary}</li>)}
        </ul>
      ) : null}
      <FactsTable finding={primary} record={record} />
      <NoteQuotes findings={item.findings} record={record} />
      {trend ? <TrendChart trend={trend} /> : null}
      {primary.answerOptions.length > 0 && template.kind === 'query' ? (
        <>
          <h4 class="subhead">A query would offer</h4>
          <ul class="answer-options">
            {primary.answerOptions.map((o) => <li key={o.text}>{o.text}{o.icd10 ? <span class="code"> {o.icd10}</span> : null}</li>)}
          </ul>
        </>
      ) : null}
      {state.canWrite || (state.queries.byFinding.value.get(primary.id) ?? []).length > 0
        ? <FindingQuery finding={primary} state={state} readOnly={!state.canWrite} />
        : template.kind === 'coder-fix' ? <p class="muted coder-fix">No query: {template.reason}</p> : null}
      <DispositionActions item={item} state={state} />
      <details class="evidence-list">
        <summary>Source records ({new Set(item.findings.flatMap((f) => f.evidence)).size})</summary>
        <ul class="evidence">
          {[...new Set(item.findings.flatMap((f) => f.evidence))].map((reference) => (
            <li key={reference}>{describeEvidence(record, reference)}<SourceView record={record} reference={reference} /></li>
          ))}
        </ul>
      </details>
    </div>
  );
}
