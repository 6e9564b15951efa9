/**
 * The application state, one store per concern: the session (launch, user, permissions), the
 * technician's review (patient, record, findings) and the physician's inbox (queries). The UI renders
 * their signals and calls the actions, which take the state and what they talk to as arguments.
 */
import { computed } from '@preact/signals';
import { createSessionStore, type SessionStore } from './session';
import { createReviewStore, type ReviewStore } from './review';
import { createInboxStore, type InboxStore } from './inbox';

export interface AppState {
  session: SessionStore;
  review: ReviewStore;
  inbox: InboxStore;
}

export function createAppState(): AppState {
  const session = createSessionStore();
  return {
    session,
    review: createReviewStore(computed(() => session.smart.value?.encounterId)),
    inbox: createInboxStore(),
  };
}

export { startSession, failureFrom, type Failure, type Phase, type SessionStore, type SignedInUser } from './session';
export { loadRecord, loadCodeTable, type ReviewStore, type CodeTableState } from './review';
export type { InboxStore, InboxStatus } from './inbox';
