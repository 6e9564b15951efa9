/**
 * Where a query stands, read from its Task (issue 10, item 6): sent, received, accepted, in progress, answered
 * (with the answer), declined (with the reason), cancelled, overdue past its due date. The Task lifecycle is
 * FHIR R4's (https://hl7.org/fhir/R4/task.html#statemachine); a refusal is `rejected`, or `failed` with a
 * statusReason as Da Vinci CDex writes it (../shared/DOMAIN.md §4). Queries are matched to their findings by
 * the DetectedIssue's identifier, the finding id (build-query.ts).
 *
 * The Task is untrusted JSON from the EHR (Clarify keeps Tasks as they came behind a checked resourceType and
 * id): every field is read defensively, a field of the wrong type is absent, text is bounded and kept on one
 * line. Pure: the time is passed in.
 */
import { parseFhirDateTime } from '../record/fhir-dates';
import { parseReference } from '../record/references';
import { displayableText } from '../record/text';
import { SYSTEM, CLARIFY_CODE } from '../terminology/systems';
import { FINDING_IDENTIFIER_SYSTEM } from './build-query';
import { QUESTIONNAIRE_LINK_ID } from './fhir-draft';
import { type Json, isObject, objectList } from '../record/json';

export type QueryStatusKind = 'sent' | 'received' | 'accepted' | 'in-progress' | 'answered' | 'declined' | 'cancelled' | 'overdue' | 'unknown';

/** The physician's answer, from the QuestionnaireResponse in Task.output. */
export interface QueryAnswer {
  /** The options chosen (answerOption Codings or strings), as their display. */
  choices: Array<{ text: string; code?: string; system?: string }>;
  /** The free text ("comment" item). */
  comment?: string;
  /** When the answer was given (QuestionnaireResponse.authored). */
  authored?: string;
  /** `QuestionnaireResponse/<id>` or how Task.output names it. */
  reference?: string;
}

export interface QueryStatus {
  kind: QueryStatusKind;
  /** Task.status as written, when it is a code of R4 TaskStatus. */
  taskStatus?: string;
  /** The due date (restriction.period.end), when it is a FHIR date or dateTime. */
  due?: string;
  /** An open query past its due date (kind is then 'overdue'). */
  overdue: boolean;
  /** Declined or cancelled: Task.statusReason's text, when given. */
  reason?: string;
  /** Answered: the answer, when Task.output's QuestionnaireResponse could be read. */
  answer?: QueryAnswer;
  /** Task.lastModified, else authoredOn. */
  changed?: string;
}

const list = (value: unknown): Json[] => objectList(value, 200);
const TEXT_MAX = 2_000;
/** A string field, on one line and bounded; undefined when absent or not a non-empty string. */
function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const line = displayableText(value.slice(0, TEXT_MAX * 2)).replace(/\s+/g, ' ').trim();
  return line === '' ? undefined : line.length > TEXT_MAX ? `${line.slice(0, TEXT_MAX - 1)}…` : line;
}
const codings = (concept: unknown): Json[] => (isObject(concept) ? list(concept.coding) : []);
const conceptText = (concept: unknown): string | undefined =>
  (isObject(concept) ? text(concept.text) : undefined) ?? codings(concept).map((c) => text(c.display) ?? text(c.code)).find(Boolean);

/** R4 TaskStatus codes and what each means for a query. */
const BY_TASK_STATUS: Readonly<Record<string, QueryStatusKind>> = {
  'requested': 'sent',
  'received': 'received',
  'accepted': 'accepted',
  'ready': 'accepted',
  'in-progress': 'in-progress',
  'on-hold': 'in-progress',
  'completed': 'answered',
  'rejected': 'declined',
  'failed': 'declined',
  'cancelled': 'cancelled',
  'draft': 'unknown',
  'entered-in-error': 'unknown',
};
/** Task statuses of a query still waiting for its answer (sent, received, accepted, in progress; FHIR R4 TaskStatus). */
export const OPEN_TASK_STATUSES = ['requested', 'received', 'accepted', 'ready', 'in-progress', 'on-hold'] as const;
/** Task statuses of a query that is over: answered, declined (rejected, or failed as Da Vinci CDex writes it), cancelled. */
export const CLOSED_TASK_STATUSES = ['completed', 'rejected', 'failed', 'cancelled'] as const;

const OPEN: ReadonlySet<QueryStatusKind> = new Set(['sent', 'received', 'accepted', 'in-progress']);

/** Whether a query is still waiting for the physician (sent, received, accepted, in progress, or overdue): it may be cancelled. */
export function isOpenQuery(status: Pick<QueryStatus, 'kind'>): boolean {
  return OPEN.has(status.kind) || status.kind === 'overdue';
}

/** Whether a Task is one of Clarify's queries (Task.code CLARIFY_CODE.QUERY in Clarify's CodeSystem). */
export function isClarifyQuery(task: unknown): boolean {
  return isObject(task) && task.resourceType === 'Task' && codings(task.code).some((c) => c.system === SYSTEM.CLARIFY && c.code === CLARIFY_CODE.QUERY);
}

function answerOf(response: Json, reference: string | undefined): QueryAnswer {
  const choices: QueryAnswer['choices'] = [];
  let comment: string | undefined;
  const walk = (items: unknown, depth: number) => {
    for (const item of list(items)) {
      for (const answer of list(item.answer)) {
        if (item.linkId === QUESTIONNAIRE_LINK_ID.comment) {
          comment ??= text(answer.valueString);
          continue;
        }
        if (item.linkId !== QUESTIONNAIRE_LINK_ID.answer) continue;
        if (isObject(answer.valueCoding)) {
          const coding = answer.valueCoding;
          const shown = text(coding.display) ?? text(coding.code);
          if (shown) choices.push({ text: shown, ...(text(coding.code) ? { code: text(coding.code)! } : {}), ...(text(coding.system) ? { system: text(coding.system)! } : {}) });
        } else {
          const shown = text(answer.valueString);
          if (shown) choices.push({ text: shown });
        }
      }
      if (depth < 4) walk(item.item, depth + 1);
    }
  };
  walk(response.item, 0);
  const authored = typeof response.authored === 'string' && parseFhirDateTime(response.authored) ? response.authored : undefined;
  return { choices, ...(comment ? { comment } : {}), ...(authored ? { authored } : {}), ...(reference ? { reference } : {}) };
}

/** The QuestionnaireResponse of a completed Task: contained, or found by `resolve` from Task.output. */
function findAnswer(task: Json, resolve: ((reference: string) => unknown) | undefined): QueryAnswer | undefined {
  for (const output of list(task.output)) {
    const value = output.valueReference;
    const reference = isObject(value) ? text(value.reference) : undefined;
    if (reference === undefined) continue;
    let response: unknown;
    if (reference.startsWith('#')) response = list(task.contained).find((r) => r.id === reference.slice(1));
    else if (parseReference(reference)) response = resolve?.(reference);
    if (isObject(response) && response.resourceType === 'QuestionnaireResponse') return answerOf(response, reference);
  }
  return undefined;
}

/**
 * The status of a query Task at `nowMs`: its Task.status as a query's, overdue when it is still open after
 * its due date (the whole day of a date-only due date), the reason of a refusal or cancellation, and the
 * answer of a completed query when Task.output's QuestionnaireResponse is contained or `resolve` finds it.
 * Anything that is not a readable Task is 'unknown'.
 */
export function queryStatus(task: unknown, nowMs: number, resolve?: (reference: string) => unknown): QueryStatus {
  if (!isObject(task) || task.resourceType !== 'Task') return { kind: 'unknown', overdue: false };
  const taskStatus = typeof task.status === 'string' && Object.hasOwn(BY_TASK_STATUS, task.status) ? task.status : undefined;
  let kind: QueryStatusKind = taskStatus ? BY_TASK_STATUS[taskStatus]! : 'unknown';
  const restriction = isObject(task.restriction) ? task.restriction : undefined;
  const period = restriction && isObject(restriction.period) ? restriction.period : undefined;
  const dueEnd = period ? parseFhirDateTime(period.end) : undefined;
  const due = dueEnd ? (period!.end as string) : undefined;
  const overdue = OPEN.has(kind) && dueEnd !== undefined && nowMs > dueEnd.endMs;
  if (overdue) kind = 'overdue';
  const reason = kind === 'declined' || kind === 'cancelled' ? conceptText(task.statusReason) : undefined;
  const answer = kind === 'answered' ? findAnswer(task, resolve) : undefined;
  const changed = [task.lastModified, task.authoredOn].find((t): t is string => typeof t === 'string' && parseFhirDateTime(t) !== undefined);
  return {
    kind,
    ...(taskStatus ? { taskStatus } : {}),
    ...(due ? { due } : {}),
    overdue,
    ...(reason ? { reason } : {}),
    ...(answer ? { answer } : {}),
    ...(changed ? { changed } : {}),
  };
}

/** The finding id a DetectedIssue records (its identifier in FINDING_IDENTIFIER_SYSTEM). */
export function findingIdOfIssue(issue: unknown): string | undefined {
  return isObject(issue) && issue.resourceType === 'DetectedIssue' ? findingIdOf(issue.identifier) : undefined;
}

function findingIdOf(identifiers: unknown): string | undefined {
  const found = (Array.isArray(identifiers) ? identifiers : [identifiers]).filter(isObject).find((i) => i.system === FINDING_IDENTIFIER_SYSTEM && typeof i.value === 'string');
  const value = found?.value as string | undefined;
  return value && /^[A-Za-z0-9][A-Za-z0-9\-.]{0,63}$/.test(value) ? value : undefined;
}

/** `Type/id` of a reference written relative or absolute (history dropped), for matching. */
export function typeAndId(reference: string): string | undefined {
  const parsed = parseReference(reference);
  if (parsed?.kind === 'relative') return `${parsed.type}/${parsed.id}`;
  if (parsed?.kind === 'absolute' && parsed.type && parsed.id) return `${parsed.type}/${parsed.id}`;
  return undefined;
}

/**
 * The id of the finding a query was sent for: its Task.reasonReference's DetectedIssue among `detectedIssues`
 * (by `Type/id`, relative or absolute, or contained in the Task), whose identifier is the finding id; else the
 * logical reference Clarify writes beside it (reasonReference.identifier). Undefined when the Task names no
 * finding Clarify recorded.
 */
export function findingIdOfQuery(task: unknown, detectedIssues: readonly unknown[]): string | undefined {
  if (!isObject(task) || task.resourceType !== 'Task' || !isObject(task.reasonReference)) return undefined;
  const reason = task.reasonReference;
  const reference = text(reason.reference);
  if (reference !== undefined) {
    let issue: Json | undefined;
    if (reference.startsWith('#')) {
      issue = list(task.contained).find((r) => r.resourceType === 'DetectedIssue' && r.id === reference.slice(1));
    } else {
      const wanted = typeAndId(reference);
      if (wanted?.startsWith('DetectedIssue/')) {
        issue = detectedIssues.filter(isObject).find((r) => r.resourceType === 'DetectedIssue' && typeof r.id === 'string' && `DetectedIssue/${r.id}` === wanted);
      }
    }
    const id = issue ? findingIdOf(issue.identifier) : undefined;
    if (id) return id;
  }
  return findingIdOf(reason.identifier);
}

/**
 * Queries grouped by the finding they were sent for, each group newest first (by authoredOn): what the review
 * shows on each finding. Tasks that are not Clarify's queries, or name no finding, are left out.
 */
export function queriesByFinding<T>(tasks: readonly T[], detectedIssues: readonly unknown[]): Map<string, T[]> {
  const found = new Map<string, T[]>();
  for (const task of tasks) {
    if (!isClarifyQuery(task)) continue;
    const id = findingIdOfQuery(task, detectedIssues);
    if (id) found.set(id, [...(found.get(id) ?? []), task]);
  }
  const authored = (task: T) => {
    const value = (task as Json).authoredOn;
    return (typeof value === 'string' ? parseFhirDateTime(value)?.ms : undefined) ?? -Infinity;
  };
  for (const group of found.values()) group.sort((a, b) => authored(b) - authored(a));
  return found;
}
