import { useEffect } from 'preact/hooks';
import type { ReviewStore } from '../state/app';
import { FINDINGS_SHOWN_MARK } from '../state/review';
import { canRecordDispositions, type WorklistStore } from '../state/worklist';
import { scopeWindow } from '../review/scope';
import { RecordStatus } from './RecordStatus';
import { NotesStatus } from './NotesStatus';
import { ScopeBar } from './ScopeBar';
import { Worklist } from './Worklist';
import { SentQueryLine, type QueryState } from './FindingQuery';
import { PhysicianInbox } from './PhysicianInbox';
import type { InboxStore } from '../state/inbox';
import type { SessionStore } from '../state/session';

/** What the coding queue says about the ICD-10-CM checks: running, done, not possible, or not needed. */
function CodeTableNotice({ review }: { review: ReviewStore }) {
  const codeTable = review.codeTable.value;
  const whoIcd10 = review.whoIcd10Diagnoses.value;
  return (
    <>
      {codeTable === 'loading' ? <p class="muted code-table-status" role="status">Checking the ICD-10-CM codes…</p> : null}
      {codeTable === 'loaded' ? <p class="muted code-table-status" role="status">ICD-10-CM codes checked against the code table.</p> : null}
      {codeTable === 'not-needed' ? <p class="muted code-table-status">No diagnosis in the record is coded in ICD-10-CM, so there are no codes to check.</p> : null}
      {codeTable === 'failed' ? (
        <p class="notice notice-warning" role="alert">The ICD-10-CM code table could not be loaded, so the codes were not checked. Reload the page to try again.</p>
      ) : null}
      {whoIcd10 > 0 ? (
        <p class="notice notice-warning">
          {whoIcd10 === 1 ? '1 diagnosis is' : `${whoIcd10} diagnoses are`} coded in WHO ICD-10, a different code system from ICD-10-CM: not checked here.
        </p>
      ) : null}
    </>
  );
}

/**
 * The technician's review of the launched patient: the scope under review and what was read, then the two
 * queues (query opportunities, coding fixes), each item opening in place with its evidence, trend, query
 * and actions; the queries whose findings the record no longer raises last.
 */
export function TechnicianView({ review, queries, inbox }: {
  review: ReviewStore;
  queries?: QueryState & { worklist: WorklistStore };
  inbox?: { session: SessionStore; inbox: InboxStore };
}) {
  const record = review.record.value;
  const reviewedAt = review.reviewedAt.value;
  useEffect(() => {
    // Once the findings of the loaded record are on screen (for `npm run bench`).
    if (record && performance.getEntriesByName(FINDINGS_SHOWN_MARK).length === 0) performance.mark(FINDINGS_SHOWN_MARK);
  }, [record]);
  const permissions = queries?.session.permissions.value;
  const canSend = !permissions || permissions.can('create', 'Task', 'patient');
  const canWrite = queries ? canSend && canRecordDispositions(queries.session) : false;
  const resolved = queries?.queries.resolved.value ?? [];
  return (
    <>
      {inbox ? <PhysicianInbox state={inbox} onChart /> : null}
      <section aria-labelledby="review-title" class="panel review-scope">
        <h2 id="review-title" class="visually-hidden">Scope of the review</h2>
        <ScopeBar review={review} />
        <RecordStatus progress={review.recordProgress.value} record={record} unreadParts={review.unreadParts.value} />
        {record ? <NotesStatus notes={review.reviewNotes.value} /> : null}
      </section>
      {queries && !canWrite && record ? (
        <p class="notice notice-info read-only" role="note">
          <strong>Read-only review.</strong> The EHR did not allow Clarify to write queries or record dispositions for this
          patient, so findings can be read but not acted on here.
        </p>
      ) : null}
      {record && reviewedAt && queries ? (
        <Worklist
          state={{ ...queries, canWrite }}
          window={scopeWindow(review.scope.value, record, reviewedAt.getTime())}
          icd10cm={review.icd10cm.value}
          notices={{ coding: <CodeTableNotice review={review} /> }}
        />
      ) : null}
      {queries && resolved.length > 0 ? (
        <section aria-labelledby="resolved-title" class="panel">
          <h2 id="resolved-title">Resolved by query ({resolved.length})</h2>
          <p class="muted">Queries whose finding the record no longer raises: the answer documented it, or the record changed.</p>
          <ul class="query-statuses" aria-label="Queries of resolved findings">
            {resolved.map(({ task, status }) => <SentQueryLine key={task.id} task={task} status={status} state={queries} withQuestion />)}
          </ul>
        </section>
      ) : null}
    </>
  );
}
