import type { AppState } from '../state/app-state';
import { RecordStatus } from './RecordStatus';
import { FindingList } from './FindingList';

/** The technician's review of the launched patient: what was read, and the findings in it. */
export function TechnicianView({ state }: { state: AppState }) {
  const record = state.record.value;
  return (
    <>
      <section aria-labelledby="review-title" class="panel">
        <h2 id="review-title">Documentation review</h2>
        <RecordStatus progress={state.recordProgress.value} record={record} unreadParts={state.unreadParts.value} />
      </section>
      {record ? (
        <section aria-labelledby="findings-title" class="panel">
          <h2 id="findings-title">Findings ({state.findings.value.length})</h2>
          <FindingList findings={state.findings.value} record={record} />
        </section>
      ) : null}
    </>
  );
}
