import type { AppState } from '../state/app-state';
import { RecordStatus } from './RecordStatus';

/** The technician's review of the launched patient: the record as read; findings arrive with the rules. */
export function TechnicianView({ state }: { state: AppState }) {
  return (
    <section aria-labelledby="review-title" class="panel">
      <h2 id="review-title">Documentation review</h2>
      <RecordStatus progress={state.recordProgress.value} record={state.record.value} unreadParts={state.unreadParts.value} />
    </section>
  );
}
