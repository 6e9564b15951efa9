/**
 * The application state, one store per concern: the session (launch, user, permissions), the
 * technician's review (patient, record, findings), the technician's queries and the physician's inbox. The UI renders
 * their signals and calls the actions, which take the state and what they talk to as arguments.
 */
import { computed } from '@preact/signals';
import { createSessionStore, type SessionStore } from './session';
import { createReviewStore, type ReviewStore } from './review';
import { createInboxStore, type InboxStore } from './inbox';
import { createQueryStore, type QueryStore } from './queries';
import { createWorklistStore, type WorklistStore } from './worklist';

export interface AppState {
  session: SessionStore;
  review: ReviewStore;
  /** The technician's queries: drafts, the open composer, and the queries sent (with the record's earlier ones). */
  queries: QueryStore;
  inbox: InboxStore;
  /** The review's findings as items in two queues, with their statuses, filter and dispositions. */
  worklist: WorklistStore;
}

export function createAppState(): AppState {
  const session = createSessionStore();
  const review = createReviewStore(computed(() => session.smart.value?.encounterId));
  const queries = createQueryStore(review);
  return { session, review, queries, inbox: createInboxStore(), worklist: createWorklistStore(review, queries) };
}

export { startSession, failureFrom, type Failure, type Phase, type SessionStore, type SignedInUser } from './session';
export { loadRecord, loadCodeTable, type ReviewStore, type CodeTableState } from './review';
export type { InboxStore, InboxStatus } from './inbox';
export type { QueryStore } from './queries';
export type { WorklistStore } from './worklist';
