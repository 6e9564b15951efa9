/**
 * The inbox store: the clarification queries addressed to the signed-in physician. Empty for now: the
 * query workflow (a later issue) fills it, from `Task?owner=<fhirUser>&status=...` under user/ scopes.
 */
import { signal, type Signal } from '@preact/signals';
import type { Task } from 'fhir/r4';

/** `idle`: nothing read yet (nothing reads it before the query workflow). */
export type InboxStatus = 'idle' | 'loading' | 'loaded' | 'failed';

export interface InboxStore {
  /** The physician's open queries, newest first. */
  queries: Signal<Task[]>;
  status: Signal<InboxStatus>;
}

export function createInboxStore(): InboxStore {
  return { queries: signal<Task[]>([]), status: signal<InboxStatus>('idle') };
}
