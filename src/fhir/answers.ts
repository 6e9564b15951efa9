/**
 * The physician's side of a query (issue 11, items 3 and 4): marking it received when opened, answering it,
 * declining it, amending an answer. The transactions are made by the pure query model (src/query/answer.ts:
 * buildReceivedTransaction, buildAnswerTransaction, buildDeclineTransaction); this module only sends them,
 * through the one home of query updates (`updateQueryTask`, src/fhir/queries.ts), and answers the same
 * typed result as sendQuery and cancelQuery (`QueryWriteResult`).
 *
 * Every transaction PUTs the Task with `If-Match` on the version the physician saw (required here: an
 * answer is never written over a change it did not see; a transaction without it is not sent, and answers a
 * `rejected` failure asking to reload the query) and POSTs its other resources conditionally
 * (`ifNoneExist`), so the gateway may resend it after a 429/502/503/504 or a timeout.
 *
 * - A conflict (409/412: the query was cancelled, answered or changed meanwhile, in another tab or on
 *   another device) is `{ ok: false, kind: 'conflict', current }` with the Task as it now is, and its
 *   answer (`currentAnswers`, the QuestionnaireResponses its output names), so the UI can say "cancelled
 *   meanwhile" or "answered meanwhile" and show the fresh state. Nothing is written.
 * - When the Task already carries this very change (an earlier attempt whose answer was lost saved it),
 *   the result is a success with `already: true`: for an answer, the Task is `completed` and its output
 *   names the QuestionnaireResponse (and Condition) this transaction creates, found by their `ifNoneExist`
 *   query; for a decline, `rejected` with the same reason; for received, `received`.
 */
import type { Bundle, Task } from 'fhir/r4';
import type { FhirGateway, RequestOptions, SearchParams } from './gateway';
import { hasWantedStatus, updateQueryTask, type AlreadyDone, type QueryWriteResult } from './queries';
import { parseReference } from '../record/references';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The references a Task's output holds (valueReference), as written; bounded. */
function outputReferences(task: unknown): string[] {
  const outputs: unknown = isObject(task) ? task.output : undefined;
  return (Array.isArray(outputs) ? outputs.slice(0, 50) : []).flatMap((output) => {
    const reference = isObject(output) && isObject(output.valueReference) ? output.valueReference.reference : undefined;
    return typeof reference === 'string' ? [reference] : [];
  });
}

/** `Type/id` of a relative or absolute reference (versions dropped); undefined for any other form. */
function typeAndId(reference: string): string | undefined {
  const parsed = parseReference(reference);
  return parsed && (parsed.kind === 'relative' || parsed.kind === 'absolute') && parsed.type && parsed.id ? `${parsed.type}/${parsed.id}` : undefined;
}

/** An `ifNoneExist` query (`identifier=s|v`, optionally after `Type?`) as search parameters. */
function paramsOfQuery(query: string, type: string): SearchParams {
  const params: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(query.replace(new RegExp(`^(?:${type})?\\?`), ''))) (params[name] ??= []).push(value);
  return params;
}

/**
 * Whether every output the transaction's Task names is among the current Task's outputs: a resource the
 * transaction creates is found through its entry's `ifNoneExist` query (the server gave it its id); a plain
 * reference must be there as written. A created output without `ifNoneExist` cannot be recognised: false.
 */
async function outputsLanded(gateway: FhirGateway, current: Task, wanted: Task, transaction: Bundle, options: RequestOptions): Promise<boolean> {
  const have = new Set(outputReferences(current).map(typeAndId).filter((r): r is string => r !== undefined));
  for (const reference of outputReferences(wanted)) {
    const entry = (transaction.entry ?? []).find((e) => e.fullUrl !== undefined && e.fullUrl === reference);
    if (!entry) {
      const named = typeAndId(reference);
      if (!named || !have.has(named)) return false;
      continue;
    }
    const type = entry.resource?.resourceType;
    const query = entry.request?.ifNoneExist;
    if (!type || !query) return false;
    const found = await gateway.search(type, { ...paramsOfQuery(query, type), _count: '2' }, { ...options, maxPages: 1 });
    if (found.length !== 1 || typeof found[0]?.id !== 'string' || !have.has(`${type}/${found[0].id}`)) return false;
  }
  return true;
}

/** JSON with keys in order, for comparing a reason as written with the reason as the server returns it. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'undefined';
}

/**
 * Opening a query marks it `received` (buildReceivedTransaction's: the Task PUT with If-Match, a
 * Provenance). Done already when the Task is `received`. A conflict carries the Task as it now is: when it
 * was cancelled or answered meanwhile, the UI shows that instead of the answer form; when it only changed
 * (still open), the caller rebuilds the transaction from `current` and sends it again.
 */
export function markReceived(gateway: FhirGateway, transaction: Bundle, options: RequestOptions = {}): Promise<QueryWriteResult> {
  return updateQueryTask(gateway, transaction, { what: 'markReceived', statuses: ['received'], requireIfMatch: true }, options);
}

/**
 * Submits the physician's answer (buildAnswerTransaction's: the QuestionnaireResponse, the Condition when the
 * answer is a diagnosis, the Task PUT `completed` with If-Match and both in its output, a Provenance). The
 * success carries the Task and, in `resources`, what the EHR returned for the others (the
 * QuestionnaireResponse to show the answer, the Condition). A conflict carries the Task as it now is and the
 * answer given meanwhile, if any.
 */
export function submitAnswer(gateway: FhirGateway, transaction: Bundle, options: RequestOptions = {}): Promise<QueryWriteResult> {
  const alreadyDone: AlreadyDone = async (current, wanted, tx) =>
    hasWantedStatus(current, wanted, tx) && outputsLanded(gateway, current.task, wanted, tx, options);
  return updateQueryTask(gateway, transaction, { what: 'submitAnswer', statuses: ['completed'], requireIfMatch: true, alreadyDone }, options);
}

/**
 * Amends the answer of an answered query (buildAmendTransaction's: a new QuestionnaireResponse `amended`, the
 * Condition of a new diagnosis, the Task PUT still `completed` with If-Match and its output naming them, a
 * Provenance whose `revision` entity is the earlier response). Done already when the Task's output names the
 * response this transaction creates (found by its `ifNoneExist` query); a conflict carries the Task as it now is.
 */
export function amendAnswer(gateway: FhirGateway, transaction: Bundle, options: RequestOptions = {}): Promise<QueryWriteResult> {
  const alreadyDone: AlreadyDone = async (current, wanted, tx) =>
    hasWantedStatus(current, wanted, tx) && outputsLanded(gateway, current.task, wanted, tx, options);
  return updateQueryTask(gateway, transaction, { what: 'amendAnswer', statuses: ['completed'], requireIfMatch: true, alreadyDone }, options);
}

/**
 * Declines a query (buildDeclineTransaction's: the Task PUT `rejected` with its `statusReason` and If-Match,
 * a Provenance; `failed`, as Da Vinci CDex writes a refusal, is accepted too). Done already when the Task
 * has that status and that reason.
 */
export function declineQuery(gateway: FhirGateway, transaction: Bundle, options: RequestOptions = {}): Promise<QueryWriteResult> {
  const alreadyDone: AlreadyDone = (current, wanted, tx) =>
    hasWantedStatus(current, wanted, tx) && canonical((current.task as unknown as Json).statusReason) === canonical(wanted.statusReason);
  return updateQueryTask(gateway, transaction, { what: 'declineQuery', statuses: ['rejected', 'failed'], requireIfMatch: true, alreadyDone }, options);
}
