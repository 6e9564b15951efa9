/**
 * The inbox store: the clarification queries addressed to the signed-in physician (Task.owner, also through
 * their PractitionerRoles), the one opened, and the answer being written. Reads and writes go through
 * src/fhir; what a query says and how an answer is written are src/query's.
 */
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { Bundle, QuestionnaireResponse, Resource, Task } from 'fhir/r4';
import { inboxUserOf, loadInbox, loadSentByMe, type Inbox } from '../fhir/inbox';
import { amendAnswer, declineQuery, markReceived, submitAnswer } from '../fhir/answers';
import { FhirRequestError } from '../fhir/errors';
import type { QueryWriteResult } from '../fhir/queries';
import type { FhirGateway } from '../fhir/gateway';
import { readQueryForAnswer, buildAmendTransaction, buildAnswerTransaction, buildDeclineTransaction, buildReceivedTransaction, type PhysicianAnswer, type QueryForAnswer } from '../query/answer';
import { inboxRows, splitInbox, type InboxRow, type InboxSplit } from '../query/inbox';
import { queryStatus, typeAndId, type QueryAnswer } from '../query/query-status';
import { signedInParty, type SessionStore } from './session';

export type InboxStatus = 'idle' | 'loading' | 'loaded' | 'failed';
export type InboxTab = 'open' | 'closed' | 'sent';

/** Where the answer to the opened query stands. */
export type AnswerState =
  | { state: 'writing' }
  | { state: 'submitting' }
  | { state: 'failed'; message: string }
  /** The query changed meanwhile (cancelled, answered, declined elsewhere): the fresh state is shown instead. */
  | { state: 'changed'; message: string };

export interface InboxStore {
  status: Signal<InboxStatus>;
  /** Why the inbox could not be read, in words. */
  error: Signal<string | undefined>;
  inbox: Signal<Inbox | undefined>;
  /** The queries the user sent (requester), for a technician opening Clarify without a patient. */
  sent: Signal<Inbox | undefined>;
  tab: Signal<InboxTab>;
  /** `Task/<id>` of the query opened. */
  selected: Signal<string | undefined>;
  answer: Signal<AnswerState>;
  /** The rows of each tab, open ones the oldest due first. */
  rows: ReadonlySignal<InboxSplit>;
  /** The queries sent, open first (the oldest due first), then the closed ones. */
  sentRows: ReadonlySignal<InboxRow[]>;
}

const rowsOf = (loaded: Inbox | undefined, nowMs: number): InboxSplit => (loaded
  ? splitInbox(inboxRows(loaded.queries.map((q) => q.task), {
    patients: [...loaded.patients.values()], encounters: [...loaded.encounters.values()], nowMs,
    // A closed query's answer, read with the inbox.
    resolve: (reference) => loaded.answers.get(reference),
  }))
  : splitInbox([]));

export function createInboxStore(now: () => number = Date.now): InboxStore {
  const inbox = signal<Inbox | undefined>(undefined);
  const sent = signal<Inbox | undefined>(undefined);
  return {
    sent,
    sentRows: computed(() => {
      const split = rowsOf(sent.value, now());
      return [...split.open, ...split.closed];
    }),
    status: signal<InboxStatus>('idle'),
    error: signal<string | undefined>(undefined),
    inbox,
    tab: signal<InboxTab>('open'),
    selected: signal<string | undefined>(undefined),
    answer: signal<AnswerState>({ state: 'writing' }),
    rows: computed(() => rowsOf(inbox.value, now())),
  };
}

/** The Task of a query in the inbox. */
export function inboxTask(inbox: InboxStore, reference: string | undefined): Task | undefined {
  return inbox.inbox.value?.queries.find((q) => `Task/${q.id}` === reference)?.task;
}

/** The opened query as the physician reads it: question, indicators, options. */
export function openedQuery(inbox: InboxStore): { ok: true; query: QueryForAnswer } | { ok: false; error: string } | undefined {
  const task = inboxTask(inbox, inbox.selected.value);
  return task ? readQueryForAnswer(task) : undefined;
}

/**
 * Reads the queries addressed to the signed-in practitioner (Task.owner, also through their roles): all of
 * them in a provider launch, with those the user sent; with a patient in context, only the open ones about
 * that patient, shown at the top of the review. A user who is not a practitioner has no inbox.
 */
export async function loadPhysicianInbox(state: { session: SessionStore; inbox: InboxStore }, { patientId }: { patientId?: string } = {}): Promise<void> {
  const { session, inbox } = state;
  const smart = session.smart.value;
  if (!smart) return;
  const user = inboxUserOf(smart.fhirUser, smart.serverUrl);
  if (!user) {
    inbox.status.value = 'failed';
    inbox.error.value = 'The EHR did not say which practitioner you are (fhirUser), so Clarify cannot find the queries addressed to you.';
    return;
  }
  const permissions = session.permissions.value;
  if (!patientId && permissions && !permissions.can('search', 'Task', 'user')) {
    // No patient, and no grant to read queries across patients (an EHR that refused the inbox's user/ scopes).
    inbox.status.value = 'failed';
    inbox.error.value = 'The EHR did not allow Clarify to read queries across patients (user-level access to Task), so the inbox cannot be shown. Open Clarify from a patient\'s chart to see the queries about that patient, or ask your EHR administrator to grant the access.';
    return;
  }
  inbox.status.value = 'loading';
  try {
    if (patientId) {
      inbox.inbox.value = await loadInbox(smart.gateway, user, { permissions, patient: patientId, openOnly: true });
    } else {
      const [addressed, sent] = await Promise.all([
        loadInbox(smart.gateway, user, { permissions }),
        // The queries the user sent: a technician's follow-up list; a part that fails leaves the inbox whole.
        loadSentByMe(smart.gateway, user, { permissions }).catch(() => undefined),
      ]);
      inbox.inbox.value = addressed;
      inbox.sent.value = sent;
    }
    inbox.status.value = 'loaded';
  } catch (error) {
    if (!(error instanceof FhirRequestError)) throw error;
    inbox.status.value = 'failed';
    inbox.error.value = `The queries could not be read: ${error.message}`;
  }
}

/** Puts the Task the EHR now holds in place of the one read before. */
function replaceTask(inbox: InboxStore, task: Task): void {
  const loaded = inbox.inbox.value;
  if (!loaded || !task.id) return;
  inbox.inbox.value = {
    ...loaded,
    queries: loaded.queries.map((q) => (q.id === task.id ? { ...q, task, status: task.status, versionId: task.meta?.versionId } : q)),
  };
}

/** Opens a query; one still `requested` is marked `received` (with a Provenance): the requester sees it was seen. */
/**
 * Whether the EHR lets this session answer: update the query's Task and create the answer (patient/ scopes on
 * a chart, user/ scopes in the inbox). Without it the queries are shown read-only, and opening one writes nothing.
 */
export function canAnswer(session: SessionStore): boolean {
  const permissions = session.permissions.value;
  if (!permissions) return true;
  const context = session.smart.value?.patientId ? 'patient' : 'user';
  return permissions.can('update', 'Task', context) && permissions.can('create', 'QuestionnaireResponse', context);
}

export async function openInboxQuery(state: { session: SessionStore; inbox: InboxStore }, reference: string): Promise<void> {
  const { session, inbox } = state;
  inbox.selected.value = reference;
  inbox.answer.value = { state: 'writing' };
  const task = inboxTask(inbox, reference);
  const smart = session.smart.value;
  if (!task || !smart || !canAnswer(session)) return;
  let transaction;
  try {
    transaction = buildReceivedTransaction(task, signedInParty(session, 'Physician'), new Date().toISOString());
  } catch {
    return; // Not markable (no version, not the physician's): the query is still shown and can be answered.
  }
  if (!transaction) return;
  const result = await markReceived(smart.gateway, transaction);
  if (result.ok) replaceTask(inbox, result.task);
  else if (result.current) replaceTask(inbox, result.current.task);
}

export function closeInboxQuery(inbox: InboxStore): void {
  inbox.selected.value = undefined;
}

function settle(inbox: InboxStore, result: QueryWriteResult, changedMessage: string): void {
  if (result.ok) {
    replaceTask(inbox, result.task);
    // The answer just written, as the EHR returned it: the closed tab shows it without reading the inbox again.
    const loaded = inbox.inbox.value;
    const written = (result.resources ?? []).filter((r): r is QuestionnaireResponse => r.resourceType === 'QuestionnaireResponse' && typeof r.id === 'string');
    if (loaded && written.length > 0) {
      inbox.inbox.value = { ...loaded, answers: new Map([...loaded.answers, ...written.map((r) => [`QuestionnaireResponse/${r.id}`, r] as const)]) };
    }
    inbox.answer.value = { state: 'writing' };
    inbox.selected.value = undefined;
    return;
  }
  if (result.kind === 'conflict' && result.current) {
    replaceTask(inbox, result.current.task);
    inbox.answer.value = { state: 'changed', message: changedMessage };
    return;
  }
  inbox.answer.value = { state: 'failed', message: result.message };
}

/**
 * Writes the physician's change to the opened query: builds the transaction (a refusal, e.g. an "Other"
 * without text, is said in words), sends it once at a time, and settles the inbox on the result.
 */
async function writeToOpenedQuery(
  state: { session: SessionStore; inbox: InboxStore },
  build: (task: Task, physician: { reference: string; display: string }, now: string) => Bundle,
  send: (gateway: FhirGateway, transaction: Bundle) => Promise<QueryWriteResult>,
  messages: { refused: string; changed: string },
): Promise<void> {
  const { session, inbox } = state;
  const task = inboxTask(inbox, inbox.selected.value);
  const smart = session.smart.value;
  if (!task || !smart || inbox.answer.value.state === 'submitting') return;
  let transaction: Bundle;
  try {
    transaction = build(task, signedInParty(session, 'Physician'), new Date().toISOString());
  } catch (error) {
    inbox.answer.value = { state: 'failed', message: error instanceof RangeError ? error.message : messages.refused };
    return;
  }
  inbox.answer.value = { state: 'submitting' };
  settle(inbox, await send(smart.gateway, transaction), messages.changed);
}

/** Submits the physician's answer in one transaction (QuestionnaireResponse, Condition for a diagnosis, Task completed, Provenance). */
export function submitInboxAnswer(state: { session: SessionStore; inbox: InboxStore }, answer: PhysicianAnswer): Promise<void> {
  return writeToOpenedQuery(state, (task, physician, now) => buildAnswerTransaction({ task, answer, physician, now }), submitAnswer, {
    refused: 'The answer cannot be written.',
    changed: 'This query changed while you were answering (it was cancelled or answered elsewhere): its current state is shown.',
  });
}

/** The QuestionnaireResponse a Task's output names first (the current answer), as `Type/id`. */
function currentResponseOf(task: Task): string | undefined {
  for (const output of task.output ?? []) {
    const reference = output.valueReference?.reference;
    const named = typeof reference === 'string' ? typeAndId(reference) : undefined;
    if (named?.startsWith('QuestionnaireResponse/')) return named;
  }
  return undefined;
}

/**
 * The current answer of the opened query, when it is answered: the QuestionnaireResponse its Task's output
 * names, read from the EHR (shown beside "Change answer"). Undefined when there is none or it cannot be read.
 */
export async function readCurrentAnswer(state: { session: SessionStore; inbox: InboxStore }): Promise<QuestionnaireResponse | undefined> {
  const task = inboxTask(state.inbox, state.inbox.selected.value);
  const reference = task && task.status === 'completed' ? currentResponseOf(task) : undefined;
  const smart = state.session.smart.value;
  if (!reference || !smart) return undefined;
  try {
    return await smart.gateway.read<QuestionnaireResponse>(reference);
  } catch (error) {
    if (error instanceof FhirRequestError) return undefined;
    throw error;
  }
}

/** The current answer of the opened query as shown (choices, comment, when): readCurrentAnswer's, read as queryStatus reads it. */
export async function readOpenedAnswer(state: { session: SessionStore; inbox: InboxStore }): Promise<QueryAnswer | undefined> {
  const task = inboxTask(state.inbox, state.inbox.selected.value);
  const response = await readCurrentAnswer(state);
  if (!task || !response?.id) return undefined;
  const wanted = `QuestionnaireResponse/${response.id}`;
  return queryStatus(task, Date.now(), (reference) => (typeAndId(reference) === wanted ? response : undefined)).answer;
}

/**
 * Amends the answer of the opened (answered) query: the earlier response is read first, so an unchanged
 * diagnosis keeps its Condition; then one transaction (a new QuestionnaireResponse `amended`, the Condition of
 * a new diagnosis, the Task's output naming them, a Provenance whose revision is the earlier response).
 */
export async function amendInboxAnswer(state: { session: SessionStore; inbox: InboxStore }, answer: PhysicianAnswer, reason?: string): Promise<void> {
  if (state.inbox.answer.value.state === 'submitting') return;
  const previous = await readCurrentAnswer(state);
  return writeToOpenedQuery(state, (task, physician, now) => buildAmendTransaction({ task, answer, physician, now, previous, ...(reason ? { reason } : {}) }), amendAnswer, {
    refused: 'The answer cannot be amended.',
    changed: 'This query changed while you were amending its answer (it was amended elsewhere): its current state is shown.',
  });
}

/** Declines the query with the physician's reason. */
export function declineInboxQuery(state: { session: SessionStore; inbox: InboxStore }, reason: string): Promise<void> {
  return writeToOpenedQuery(state, (task, physician, now) => buildDeclineTransaction(task, physician, now, reason), declineQuery, {
    refused: 'The query cannot be declined.',
    changed: 'This query changed meanwhile (it was cancelled or answered elsewhere): its current state is shown.',
  });
}

/** A resource an indicator cites, read for the physician to look at (shown as text, never as HTML). */
export async function readSource(session: SessionStore, reference: string): Promise<{ resource: Resource } | { error: string }> {
  const smart = session.smart.value;
  if (!smart) return { error: 'The session has ended.' };
  try {
    return { resource: await smart.gateway.read<Resource>(reference) };
  } catch (error) {
    if (error instanceof FhirRequestError) return { error: `It could not be read: ${error.message}` };
    throw error;
  }
}
