/**
 * Clarify's queries in the EHR (issue 10, items 5 and 6): reading them and matching each to the finding it
 * was sent for, sending one, and cancelling one. The FHIR shapes are made by the pure query model
 * (src/query: a transaction Bundle per send or cancel); this module only talks to the server, through
 * the gateway, and reads what comes back as untrusted JSON.
 *
 * - A query is a `Task` with code `SYSTEM.CLARIFY|CLARIFY_CODE.QUERY`; the finding it was sent for is its
 *   `reasonReference` DetectedIssue, whose identifier value is the finding id. The matching itself is pure
 *   and lives with the query model (`isClarifyQuery`, `findingIdOfQuery` in src/query/query-status.ts).
 * - The record loader already reads the patient's query Tasks and finding DetectedIssues with the record
 *   (src/fhir/record-types.ts): `queriesFromResources` matches those, with no second load. `loadQueries`
 *   reads them again on their own (to refresh the statuses without reloading the record).
 * - `sendQuery` and `cancelQuery` post the transaction and answer a typed result, never throwing for a
 *   failure the EHR caused. A send is conditional on the Task's business identifier (`ifNoneExist` on every
 *   POST), so the gateway retries it after 429/502/503/504 or a timeout, and a retry after a lost answer
 *   finds the first Task instead of making a second. When a failure leaves it uncertain whether the EHR
 *   saved the write, the Task is looked up (by identifier for a send, by id for a cancel) before a failure
 *   is reported.
 * - `updateQueryTask` is the one home of every change to a query's Task (a transaction with the Task PUT
 *   and `If-Match`): `cancelQuery` here, and the physician's `markReceived`, `submitAnswer` and
 *   `declineQuery` (src/fhir/answers.ts), each saying how to recognise its change already made.
 */
import type { Bundle, BundleEntry, Resource, Task } from 'fhir/r4';
import type { FhirGateway, RequestOptions } from './gateway';
import { FhirRequestError } from './errors';
import { CLARIFY_CODE, SYSTEM } from '../terminology/systems';
import { fhirTimeMs } from '../record/fhir-dates';
import { parseReference } from '../record/references';
import { findingIdOfIssue, findingIdOfQuery, isClarifyQuery } from '../query/query-status';
import { FINDING_IDENTIFIER_SYSTEM, referencingExistingIssue } from '../query/build-query';

/** The FHIR R4 Task statuses (required binding). */
export const TASK_STATUSES = [
  'draft', 'requested', 'received', 'accepted', 'rejected', 'ready', 'cancelled', 'in-progress', 'on-hold', 'failed', 'completed', 'entered-in-error',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/**
 * A query as read back from the EHR: the Task, its identity and version (for If-Match), and the finding it
 * was sent for. What it means for the technician (sent, overdue, answered, ...) is `queryStatus(task, now)`
 * (src/query/query-status.ts), which reads the Task itself.
 */
export interface ClarifyQuery {
  /** The Task's id, and `Task/<id>`. */
  id: string;
  reference: string;
  /** For `If-Match` when the query is changed (cancelled). */
  versionId?: string;
  /** Undefined when the Task's status is not an R4 Task status. */
  status?: TaskStatus;
  /**
   * The finding id: the identifier of the Task's reasonReference DetectedIssue, else the identifier the
   * reference itself carries (`findingIdOfQuery`); undefined when neither is known.
   */
  findingId?: string;
  /** The Task as the EHR returned it: untrusted JSON beyond the fields above. */
  task: Task;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isTask = (value: unknown): value is Task => isObject(value) && value.resourceType === 'Task' && typeof value.id === 'string' && /^[A-Za-z0-9\-.]{1,64}$/.test(value.id);

/** One Task read: id, version, status checked; the finding matched among `detectedIssues`. */
export function readQuery(task: Task, detectedIssues: readonly unknown[] = []): ClarifyQuery {
  const t = task as unknown as Json;
  const versionId = isObject(t.meta) && typeof t.meta.versionId === 'string' && /^[A-Za-z0-9\-.]{1,64}$/.test(t.meta.versionId) ? t.meta.versionId : undefined;
  const status = (TASK_STATUSES as readonly string[]).includes(t.status as string) ? (t.status as TaskStatus) : undefined;
  const findingId = findingIdOfQuery(task, detectedIssues);
  return {
    id: task.id!, reference: `Task/${task.id}`, task,
    ...(versionId ? { versionId } : {}), ...(status ? { status } : {}), ...(findingId ? { findingId } : {}),
  };
}

/** Newest first by `authoredOn`; a query without a readable one last; then by id, so the order is stable. */
function newestFirst(a: ClarifyQuery, b: ClarifyQuery): number {
  const [x, y] = [fhirTimeMs(a.task.authoredOn), fhirTimeMs(b.task.authoredOn)];
  if (x !== y) return x === undefined ? 1 : y === undefined ? -1 : y - x;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The query Tasks among these resources (a loaded record's, or a search's), each matched to its finding
 * through the DetectedIssues among them; newest first. Anything else, a Task without a usable id and a Task
 * that is not Clarify's query (`isClarifyQuery`) included, is left out; a Task listed twice counts once.
 */
export function queriesFromResources(resources: readonly unknown[]): ClarifyQuery[] {
  const issues = resources.filter((r) => isObject(r) && r.resourceType === 'DetectedIssue');
  const byId = new Map<string, ClarifyQuery>();
  for (const r of resources) {
    if (isTask(r) && isClarifyQuery(r) && !byId.has(r.id!)) byId.set(r.id!, readQuery(r, issues));
  }
  return [...byId.values()].sort(newestFirst);
}

/** `DetectedIssue/<id>` of a Task's reasonReference (relative or absolute), if it names one. */
function detectedIssueOf(task: unknown): string | undefined {
  const reason = isObject(task) && isObject(task.reasonReference) ? task.reasonReference : undefined;
  const parsed = parseReference(reason?.reference);
  const typed = parsed && (parsed.kind === 'relative' || parsed.kind === 'absolute') ? parsed : undefined;
  return typed?.type === 'DetectedIssue' && typed.id ? `DetectedIssue/${typed.id}` : undefined;
}

/**
 * Reads the patient's queries (in one encounter, when given) and their findings' DetectedIssues, and
 * matches them. Newest first. A DetectedIssue a Task names that the search did not return (another code)
 * is read by id. Throws FhirRequestError as the gateway does (the caller decides what a failure means).
 */
export async function loadQueries(gateway: FhirGateway, patientId: string, encounterId?: string, options: RequestOptions = {}): Promise<ClarifyQuery[]> {
  const [tasks, issues] = await Promise.all([
    gateway.search<Task>('Task', {
      patient: `Patient/${patientId}`,
      code: `${SYSTEM.CLARIFY}|${CLARIFY_CODE.QUERY}`,
      ...(encounterId ? { encounter: `Encounter/${encounterId}` } : {}),
      _sort: '-authored-on',
      _count: '200',
    }, options),
    gateway.search('DetectedIssue', { patient: `Patient/${patientId}`, code: `${SYSTEM.CLARIFY}|${CLARIFY_CODE.FINDING}`, _count: '200' }, options),
  ]);
  // A DetectedIssue a Task names that the search did not return (written under another code) is read by id.
  const known = new Set(issues.map((r) => `DetectedIssue/${r.id}`));
  const missing = [...new Set(tasks.map(detectedIssueOf).filter((r): r is string => r !== undefined && !known.has(r)))];
  const extra: Resource[] = [];
  for (let i = 0; i < missing.length; i += 50) {
    const ids = missing.slice(i, i + 50).map((r) => r.slice('DetectedIssue/'.length)).join(',');
    extra.push(...await gateway.search('DetectedIssue', { _id: ids, _count: '50' }, options));
  }
  return queriesFromResources([...tasks, ...issues, ...extra]);
}

// ---------------------------------------------------------------------------------------------------------
// Writes

export type QueryFailureKind =
  /** 409/412: the Task changed since it was read (or the send's identifier matched several Tasks): reload. */
  | 'conflict'
  /** A write that was not resent failed with no answer to go by: whether it was saved is unknown. */
  | 'outcome-unknown'
  /** 401 (the session expired: relaunch) or 403 (the EHR did not grant the write). */
  | 'denied'
  /** The EHR refused the content (400, 404, 405, 422 ...). */
  | 'rejected'
  | 'rate-limited'
  /** 5xx, after the retries a safe resend allows. */
  | 'server'
  | 'timeout'
  | 'unreachable'
  /** A success the answer to which could not be read. */
  | 'malformed'
  | 'aborted';

export interface QueryWriteFailure {
  kind: QueryFailureKind;
  /** HTTP status, 0 when there was no answer. */
  status: number;
  /** Says what happened without server text or patient data (the gateway's message). */
  message: string;
  /**
   * Sending the same transaction again cannot make a second query or change (every POST in it is
   * conditional; a PUT carries If-Match). The UI's **Retry** resends the same transaction.
   */
  retrySafe: boolean;
  /** The EHR's own explanation (OperationOutcome), for a details line. */
  serverText?: string;
  /** After a conflict, the query as the EHR now holds it (when it could be read). */
  current?: ClarifyQuery;
  /**
   * After a conflict, the QuestionnaireResponses the current Task's output names (the answer given
   * meanwhile), as read; untrusted JSON. Absent when there are none or none could be read.
   */
  currentAnswers?: Resource[];
}

export interface QueryWriteSuccess {
  ok: true;
  /** The Task as the EHR now holds it. */
  task: Task;
  /** The same, read: status, version, finding id. */
  query: ClarifyQuery;
  /**
   * The EHR already held the result: a send matched the Task an earlier attempt had saved (its answer
   * was lost), or a cancel found the Task already in the status it sets.
   */
  already: boolean;
  /**
   * The other resources the transaction-response returned (an answer's QuestionnaireResponse and Condition,
   * the Provenance), untrusted JSON; absent when the result was read back rather than answered.
   */
  resources?: Resource[];
}

export type QueryWriteResult = QueryWriteSuccess | ({ ok: false } & QueryWriteFailure);

const succeeded = (query: ClarifyQuery, already: boolean): QueryWriteSuccess => ({ ok: true, task: query.task, query, already });
const failed = (failure: QueryWriteFailure): QueryWriteResult => ({ ok: false, ...failure });

const KIND_OF: Record<FhirRequestError['kind'], QueryFailureKind> = {
  conflict: 'conflict',
  unauthorized: 'denied',
  forbidden: 'denied',
  rejected: 'rejected',
  'not-found': 'rejected',
  'rate-limited': 'rate-limited',
  server: 'server',
  timeout: 'timeout',
  unreachable: 'unreachable',
  malformed: 'malformed',
  aborted: 'aborted',
};

/** Failures after which the EHR may have saved the write: worth a look before saying it failed. */
export const UNCERTAIN: ReadonlySet<QueryFailureKind> = new Set(['outcome-unknown', 'server', 'timeout', 'unreachable', 'malformed']);

/** Every POST conditional, so a resend cannot create twice (the gateway's own rule for retrying). */
function isRetrySafe(transaction: Bundle): boolean {
  return (transaction.entry ?? []).every(({ request }) => (request?.method === 'POST' ? !!request.ifNoneExist : request?.method !== 'PATCH'));
}

export function failureOf(error: unknown, transaction: Bundle): QueryWriteFailure {
  if (!(error instanceof FhirRequestError)) throw error;
  const kind = error.outcomeUnknown ? 'outcome-unknown' : KIND_OF[error.kind];
  return {
    kind, status: error.status, message: error.message, retrySafe: isRetrySafe(transaction),
    ...(error.serverText ? { serverText: error.serverText } : {}),
  };
}

/** The index of the transaction's Task entry with this method. */
function taskEntryIndex(transaction: Bundle, method: 'POST' | 'PUT', what: string): number {
  if (transaction?.resourceType !== 'Bundle' || transaction.type !== 'transaction') throw new TypeError(`${what} takes a transaction Bundle.`);
  const index = (transaction.entry ?? []).findIndex((e) => e.resource?.resourceType === 'Task' && e.request?.method === method);
  if (index < 0) throw new TypeError(`${what} takes a transaction with a Task ${method} entry.`);
  return index;
}

/** `{ id, versionId }` from a `Type/id[/_history/v]` location, relative or absolute. */
export function located(location: unknown, type: string): { id: string; versionId?: string } | undefined {
  if (typeof location !== 'string') return undefined;
  const match = new RegExp(`(?:^|/)${type}/([A-Za-z0-9\\-.]{1,64})(?:/_history/([A-Za-z0-9\\-.]{1,64}))?$`).exec(location);
  return match ? { id: match[1]!, ...(match[2] ? { versionId: match[2] } : {}) } : undefined;
}

/** The DetectedIssues a transaction wrote or matched, with the ids the server gave them (from its response). */
function issuesFromExchange(transaction: Bundle, response: Bundle): unknown[] {
  return (transaction.entry ?? []).flatMap((entry, i) => {
    if (entry.resource?.resourceType !== 'DetectedIssue') return [];
    const answered: unknown = response.entry?.[i];
    const resource = isObject(answered) ? answered.resource : undefined;
    if (isObject(resource) && resource.resourceType === 'DetectedIssue' && typeof resource.id === 'string') return [resource];
    const where = located(isObject(answered) && isObject(answered.response) ? answered.response.location : undefined, 'DetectedIssue');
    return where ? [{ ...entry.resource, id: where.id }] : [];
  });
}

/** The Task a transaction-response entry holds, or reads it from the entry's location. */
async function taskOfEntry(gateway: FhirGateway, entry: BundleEntry | undefined, options: RequestOptions): Promise<Task | undefined> {
  const resource: unknown = entry?.resource;
  if (isTask(resource)) return resource;
  const where = located(entry?.response?.location, 'Task');
  if (!where) return undefined;
  return gateway.read<Task>(`Task/${where.id}`, options);
}

/** `DetectedIssue/<id>` of the one DetectedIssue recording the finding a send's transaction would create, if there is one. */
async function existingIssueOf(gateway: FhirGateway, transaction: Bundle, options: RequestOptions): Promise<string | undefined> {
  const issue = (transaction.entry ?? []).find((e) => e.resource?.resourceType === 'DetectedIssue' && e.request?.method === 'POST')?.resource;
  const findingId = findingIdOfIssue(issue);
  if (!findingId) return undefined;
  const found = await gateway.search('DetectedIssue', { identifier: `${FINDING_IDENTIFIER_SYSTEM}|${findingId}`, _count: '2' }, options).catch(() => []);
  const id = found.length === 1 ? found[0]?.id : undefined;
  return id && /^[A-Za-z0-9\-.]{1,64}$/.test(id) ? `DetectedIssue/${id}` : undefined;
}

/** The Task with this business identifier, if exactly one exists (a send's Task, looked for after an uncertain failure). */
async function taskByIdentifier(gateway: FhirGateway, identifier: { system?: string; value: string }, options: RequestOptions): Promise<Task | undefined> {
  const token = identifier.system ? `${identifier.system}|${identifier.value}` : identifier.value;
  const found = await gateway.search<Task>('Task', { identifier: token, _count: '2' }, options).catch(() => []);
  return found.length === 1 && isTask(found[0]) ? found[0] : undefined;
}

/**
 * Sends a query: posts the transaction (buildQueryTransaction's: DetectedIssue unless it exists, the Task,
 * a Provenance; every POST with `ifNoneExist`) and answers the Task the EHR holds, matched to its finding.
 * A failure whose outcome is uncertain is checked by looking the Task up by its business identifier: found,
 * the send succeeded (`already` when an earlier attempt had made it).
 */
export async function sendQuery(gateway: FhirGateway, transaction: Bundle, options: RequestOptions = {}): Promise<QueryWriteResult> {
  let index = taskEntryIndex(transaction, 'POST', 'sendQuery');
  const identifiers: unknown = (transaction.entry![index]!.resource as Task).identifier;
  const given = (Array.isArray(identifiers) ? identifiers : []).find((i): i is Json => isObject(i) && typeof i.value === 'string' && i.value !== '');
  const identifier = given && { value: given.value as string, ...(typeof given.system === 'string' && given.system ? { system: given.system } : {}) };
  let failure: QueryWriteFailure;
  try {
    let response: Bundle;
    try {
      response = await gateway.transaction(transaction, options);
    } catch (error) {
      // The finding was recorded meanwhile (a disposition): name that DetectedIssue instead of creating it.
      const existing = error instanceof FhirRequestError && error.kind === 'conflict' ? await existingIssueOf(gateway, transaction, options) : undefined;
      if (!existing) throw error;
      transaction = referencingExistingIssue(transaction, existing);
      index = taskEntryIndex(transaction, 'POST', 'sendQuery');
      response = await gateway.transaction(transaction, options);
    }
    const entry = response.entry?.[index];
    const task = await taskOfEntry(gateway, entry, options);
    if (task) return succeeded(readQuery(task, issuesFromExchange(transaction, response)), !/^201/.test(entry?.response?.status ?? ''));
    failure = { kind: 'malformed', status: 200, message: 'The EHR accepted the query but its answer did not say where the Task is.', retrySafe: isRetrySafe(transaction) };
  } catch (error) {
    failure = failureOf(error, transaction);
  }
  if (UNCERTAIN.has(failure.kind) && identifier) {
    const task = await taskByIdentifier(gateway, identifier, options);
    if (task) return succeeded(readQuery(task), false);
  }
  return failed(failure);
}

/**
 * How an update finds out that the Task already carries its change, after a conflict or an uncertain
 * failure: `current` is the Task as the EHR now holds it, `wanted` the Task the transaction PUTs.
 */
export type AlreadyDone = (current: ClarifyQuery, wanted: Task, transaction: Bundle) => boolean | Promise<boolean>;

/** The Task already has the status the update sets (the cancel's test, and the first of every other). */
export const hasWantedStatus: AlreadyDone = (current, wanted) => current.status !== undefined && current.status === wanted.status;

export interface QueryUpdateSpec {
  /** The caller's name, for the errors a malformed transaction raises (`cancelQuery`). */
  what: string;
  /** The Task statuses this update may set (a TypeError otherwise: the transaction is not the one expected). */
  statuses?: readonly TaskStatus[];
  /**
   * The Task PUT must carry `If-Match` (an answer is never written over a change it did not see). Without
   * it (the Task was read with no version), nothing is sent and the result is a `rejected` failure.
   */
  requireIfMatch?: boolean;
  /** Whether the Task as it now is already carries the change; by default, the status it sets. */
  alreadyDone?: AlreadyDone;
}

/** The resources a transaction-response returned, the Task at `index` left out. */
function otherResources(response: Bundle, index: number): Resource[] {
  return (response.entry ?? []).flatMap((entry, i) => {
    const resource: unknown = entry?.resource;
    return i !== index && isObject(resource) && typeof resource.resourceType === 'string' && typeof resource.id === 'string' ? [resource as unknown as Resource] : [];
  });
}

/** Outputs of a Task worth showing with it (its answer): the QuestionnaireResponses Task.output names by `Type/id`. */
async function answersOf(gateway: FhirGateway, task: Task, options: RequestOptions): Promise<Resource[]> {
  const outputs: unknown = (task as unknown as Json).output;
  const references = (Array.isArray(outputs) ? outputs : []).slice(0, 20).flatMap((output) => {
    const reference = isObject(output) && isObject(output.valueReference) ? output.valueReference.reference : undefined;
    const parsed = parseReference(reference);
    return parsed && (parsed.kind === 'relative' || parsed.kind === 'absolute') && parsed.type === 'QuestionnaireResponse' && parsed.id ? [`QuestionnaireResponse/${parsed.id}`] : [];
  });
  const read = await Promise.all([...new Set(references)].slice(0, 5).map((r) => gateway.read(r, options).catch(() => undefined)));
  return read.filter((r): r is Resource => r !== undefined);
}

/**
 * Changes a query: posts a transaction whose Task entry is a PUT (with `If-Match` on the version read) and
 * answers the Task as it now is. The one home of every query update: cancelling (the technician) and
 * marking received, answering and declining (the physician, src/fhir/answers.ts).
 *
 * After a conflict (409/412: the Task changed since it was read) or a failure whose outcome is uncertain,
 * the Task is read as it now is: when it already carries the change (`spec.alreadyDone`: an earlier attempt
 * whose answer was lost, or someone else, did it) the update is done (`already`); otherwise a conflict is a
 * failure carrying the Task as it now is (`current`, and `currentAnswers`: the QuestionnaireResponses its
 * output names), so the UI can say what happened meanwhile (cancelled, answered, declined).
 */
export async function updateQueryTask(gateway: FhirGateway, transaction: Bundle, spec: QueryUpdateSpec, options: RequestOptions = {}): Promise<QueryWriteResult> {
  const index = taskEntryIndex(transaction, 'PUT', spec.what);
  const entry = transaction.entry![index]!;
  const wanted = entry.resource as Task;
  if (typeof wanted.id !== 'string') throw new TypeError(`${spec.what}: the Task PUT entry has no id.`);
  if (spec.statuses && !(spec.statuses as readonly string[]).includes(wanted.status)) {
    throw new TypeError(`${spec.what}: the Task PUT sets status ${String(wanted.status)}, not ${spec.statuses.join(' or ')}.`);
  }
  if (spec.requireIfMatch && !entry.request?.ifMatch) {
    return failed({
      kind: 'rejected', status: 0, retrySafe: false,
      message: 'The query was read without its version, so a change made meanwhile could not be detected; nothing was sent. Reload the query.',
    });
  }
  const alreadyDone = spec.alreadyDone ?? hasWantedStatus;
  let failure: QueryWriteFailure;
  try {
    const response = await gateway.transaction(transaction, options);
    const task = await taskOfEntry(gateway, response.entry?.[index], options);
    if (task) return { ...succeeded(readQuery(task), false), resources: otherResources(response, index) };
    failure = { kind: 'malformed', status: 200, message: 'The EHR accepted the change but its answer did not include the Task.', retrySafe: isRetrySafe(transaction) };
  } catch (error) {
    failure = failureOf(error, transaction);
  }
  if (failure.kind === 'conflict' || UNCERTAIN.has(failure.kind)) {
    const current = await gateway.read<Task>(`Task/${wanted.id}`, options).catch(() => undefined);
    if (isTask(current)) {
      const query = readQuery(current);
      if (await Promise.resolve(alreadyDone(query, wanted, transaction)).catch(() => false)) return succeeded(query, true);
      if (failure.kind === 'conflict') {
        const answers = await answersOf(gateway, current, options);
        failure = { ...failure, current: query, ...(answers.length ? { currentAnswers: answers } : {}) };
      }
    }
  }
  return failed(failure);
}

/**
 * Cancels a query: posts the transaction (buildCancelTransaction's: the Task PUT with `If-Match` and status
 * `cancelled`, a Provenance) and answers the Task as it now is. A conflict (the Task changed since it was
 * read: the physician answered, say) is a failure carrying the Task as it is now; but when the Task already
 * has the status the cancel sets (an earlier attempt whose answer was lost, or someone else, did it), the
 * cancel is done (`already`). Uncertain failures are checked the same way (updateQueryTask).
 */
export function cancelQuery(gateway: FhirGateway, transaction: Bundle, options: RequestOptions = {}): Promise<QueryWriteResult> {
  return updateQueryTask(gateway, transaction, { what: 'cancelQuery' }, options);
}
