import { useEffect } from 'preact/hooks';
import type { ReviewStore } from '../state/app';
import { FINDINGS_SHOWN_MARK } from '../state/review';
import { RecordStatus } from './RecordStatus';
import { FindingList } from './FindingList';
import { FindingQuery, SentQueryLine, type QueryState } from './FindingQuery';
import type { Finding } from '../rules/index';
import { PhysicianInbox } from './PhysicianInbox';
import type { InboxStore } from '../state/inbox';
import type { SessionStore } from '../state/session';

/**
 * The technician's review of the launched patient: what was read, then the gaps and coding discrepancies,
 * each with its queries when the query workflow is given (`queries`).
 */
export function TechnicianView({ review, queries, inbox }: { review: ReviewStore; queries?: QueryState; inbox?: { session: SessionStore; inbox: InboxStore } }) {
  const queryOf = queries ? (finding: Finding) => <FindingQuery finding={finding} state={queries} /> : undefined;
  const record = review.record.value;
  const gaps = review.documentationGaps.value;
  const coding = review.codingDiscrepancies.value;
  const codeTable = review.codeTable.value;
  const whoIcd10 = review.whoIcd10Diagnoses.value;
  useEffect(() => {
    // Once the findings of the loaded record are on screen (for `npm run bench`).
    if (record && performance.getEntriesByName(FINDINGS_SHOWN_MARK).length === 0) performance.mark(FINDINGS_SHOWN_MARK);
  }, [record]);
  return (
    <>
      {inbox ? <PhysicianInbox state={inbox} onChart /> : null}
      <section aria-labelledby="review-title" class="panel">
        <h2 id="review-title">Documentation review</h2>
        <RecordStatus progress={review.recordProgress.value} record={record} unreadParts={review.unreadParts.value} />
      </section>
      {record ? (
        <>
          <section aria-labelledby="gaps-title" class="panel">
            <h2 id="gaps-title">Documentation gaps ({gaps.length})</h2>
            <FindingList findings={gaps} record={record} label="Documentation gaps" empty="No documentation gaps found in the record read." footer={queryOf} />
          </section>
          <section aria-labelledby="coding-title" class="panel">
            <h2 id="coding-title">Coding discrepancies ({coding.length})</h2>
            {codeTable === 'loading' ? <p class="muted code-table-status" role="status">Checking the ICD-10-CM codes…</p> : null}
            {codeTable === 'loaded' ? <p class="muted code-table-status" role="status">ICD-10-CM codes checked against the code table.</p> : null}
            {whoIcd10 > 0 ? (
              <p class="notice notice-warning">
                {whoIcd10 === 1 ? '1 diagnosis is' : `${whoIcd10} diagnoses are`} coded in WHO ICD-10,
                a different code system from ICD-10-CM: not checked here.
              </p>
            ) : null}
            {codeTable === 'failed' ? (
              <p class="notice notice-warning" role="alert">The ICD-10-CM code table could not be loaded, so the codes were not checked. Reload the page to try again.</p>
            ) : null}
            {codeTable === 'not-needed' ? (
              <p class="muted">No diagnosis in the record is coded in ICD-10-CM, so there are no codes to check.</p>
            ) : (
              <FindingList findings={coding} record={record} icd10cm={review.icd10cm.value} label="Coding discrepancies" empty={codeTable === 'loaded' ? 'No coding discrepancies found.' : ''} footer={queryOf} />
            )}
          </section>
          {queries && queries.queries.resolved.value.length > 0 ? (
            <section aria-labelledby="resolved-title" class="panel">
              <h2 id="resolved-title">Resolved by query ({queries.queries.resolved.value.length})</h2>
              <p class="muted">Queries whose finding the record no longer raises: the answer documented it, or the record changed.</p>
              <ul class="query-statuses" aria-label="Queries of resolved findings">
                {queries.queries.resolved.value.map(({ task, status }) => <SentQueryLine key={task.id} task={task} status={status} state={queries} withQuestion />)}
              </ul>
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}

