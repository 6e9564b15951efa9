/**
 * The physician's side of a query (issue 11, items 3 and 4; ../shared/DOMAIN.md §4 "Answer"): the query read
 * for answering, and the transactions that mark it received, answer it and decline it. Pure: no clock (the
 * caller passes `now`), no randomness (fullUrls and identifiers are derived from the Task's id and version),
 * no patient data in identifiers or URLs. The Task is untrusted JSON as the EHR returns it; it is read
 * through `draftFromFhir` (fhir-draft.ts), so only a query as Clarify writes it is answered.
 *
 * **Answering** is one transaction (FHIR R4 http.html#transaction), every POST conditional, so the gateway
 * may resend it after a timeout and a retry never answers twice:
 *
 * 1. QuestionnaireResponse: POST, `ifNoneExist: identifier=ANSWER_IDENTIFIER_SYSTEM|<derived>`, the value
 *    derived from the Task's id and version (the version answered). `questionnaire`: the Task's
 *    questionnaire canonical when it is one (a url); for the contained Questionnaire Clarify writes, a copy
 *    contained in the response and `#query`, so the response is readable on its own. status completed,
 *    subject (the Task's patient), encounter, author (the physician), authored (now), and the items:
 *      { linkId: "answer", text: "Answer", answer: [<the chosen answerOption as the Questionnaire offers it:
 *        its valueCoding (ICD-10-CM, Yes/No, an escape's Clarify code) or its valueString>] }
 *        "Other (please specify)" is answered with the physician's words: answer [{ valueString: <text> }]
 *        (SDC's way to answer outside the list); absent for an open-ended query;
 *      { linkId: "comment", text: "Comment", answer: [{ valueString: <free text> }] } when the physician wrote one.
 *    queryStatus (query-status.ts) reads it back: the chosen text (with its code) and the comment.
 * 2. Condition, when the chosen option is a diagnosis (an ICD-10-CM code): POST, `ifNoneExist:
 *    identifier=ANSWER_CONDITION_IDENTIFIER_SYSTEM|<derived>`. category encounter-diagnosis, clinicalStatus
 *    active, verificationStatus confirmed, code (the ICD-10-CM Coding, and the SNOMED CT one the option
 *    carries, else the curated map's; text the option's text), subject, encounter, recordedDate (now),
 *    recorder and asserter (the physician), evidence.detail (the query's indicator sources). A Yes to a
 *    yes/no query confirms what the question names and writes no Condition: the question is free text.
 * 3. Task: PUT `Task/<id>`, If-Match `W/"<versionId>"` when the Task has one (a query cancelled or answered
 *    meanwhile is a 412, and the whole transaction fails), every field as the server sent it but status
 *    completed, lastModified (now) and output: [{ type SDC temp#questionnaire-response, valueReference the
 *    response's fullUrl }, { type Clarify#condition, valueReference the Condition's fullUrl }] (the server
 *    gives the `urn:uuid:` fullUrls their `Type/id` in the transaction).
 * 4. Provenance of the Task: UPDATE, target `Task/<id>`, entity the version it revises, agent the physician;
 *    `ifNoneExist: target=Task/<id>&recorded=<now>` (as cancelling writes it).
 * 5. Provenance of the answer: CREATE, target the response and the Condition, entity the Task (source),
 *    agent the physician; `ifNoneExist: target:QuestionnaireResponse.identifier=...` (one per answer).
 *    R4 Provenance has one activity, hence two Provenances for one update and two creates.
 *
 * A retry after the first attempt was saved meets a 412 (the Task's version moved on), so nothing is written
 * twice; `holdsAnswerOf(task, id, version)` then tells from the fresh Task that this very answer is saved.
 *
 * **Received** (opening a query): the Task PUT as `received`, only from `requested`, with its Provenance.
 * **Declining**: the Task PUT as `rejected` with statusReason (the reason, required), with its Provenance.
 *
 * Refused with a RangeError, whose message can be shown: a Task that is not a query Clarify wrote, one no
 * longer open (completed, cancelled, rejected, failed, entered-in-error), an option index out of range, an
 * "Other" without its text, no choice on a choice query, a choice on an open-ended one, and input no caller
 * should pass (a malformed reference or time).
 *
 * **Amending** an answered query (buildAmendTransaction): buildAnswerTransaction refuses a completed Task, so
 * an answer is never changed silently; an amendment is a new QuestionnaireResponse (status `amended`), the
 * Condition of a new diagnosis, the Task PUT with its output naming them, and a Provenance whose `revision`
 * entity is the earlier response. The earlier response and Condition are left as they are.
 */
import type {
  Bundle, BundleEntry, Coding, Condition, FhirResource, Provenance, QuestionnaireResponse, QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer, Reference, Task, TaskOutput,
} from 'fhir/r4';
import { isFhirDateTime } from '../record/fhir-dates';
import { OPEN_TASK_STATUSES } from './query-status';
import { parseReference } from '../record/references';
import { displayableText } from '../record/text';
import { SYSTEM, canonicalSystem } from '../terminology/systems';
import { derivedUuid, partyOf, provenance, snomedForIcd10, type Party } from './build-query';
import {
  CLARIFY_SYSTEM, ESCAPE_CODES, ESCAPE_OPTIONS, escapeKind, type EscapeKind, type QueryFormat, type QueryPurpose,
} from './draft';
import {
  CONTAINED_QUESTIONNAIRE_ID, DRAFT_LIMITS, OPTION_SNOMED_EXTENSION, QUESTIONNAIRE_LINK_ID, SDC_TEMP_SYSTEM, TASK_INPUT, YES_NO_SYSTEM, draftFromFhir,
} from './fhir-draft';
import { isClarifyQuery, typeAndId } from './query-status';
import { type Json, isObject, objectList } from '../record/json';

const CLARIFY_BASE = CLARIFY_SYSTEM.replace(/\/CodeSystem\/[^/]+$/, '');

/** Identifier.system of the QuestionnaireResponse an answer writes: the value is derived from the Task's id and version. */
export const ANSWER_IDENTIFIER_SYSTEM = `${CLARIFY_BASE}/identifier/answer`;
/** Identifier.system of the Condition a diagnosis answer writes: the value is derived from the Task's id and version. */
export const ANSWER_CONDITION_IDENTIFIER_SYSTEM = `${CLARIFY_BASE}/identifier/answer-condition`;
/** HL7 condition-category: `encounter-diagnosis`. */
export const CONDITION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/condition-category';

/** The codes of Task.output's types: SDC's for the response (in SDC_TEMP_SYSTEM), Clarify's for the Condition. */
export const TASK_OUTPUT = Object.freeze({ questionnaireResponse: 'questionnaire-response', condition: 'condition' } as const);

/** R4 TaskStatus codes of a query still waiting for the physician: it can be answered or declined. */


/** Bounds on what the physician writes (the UI sets them as maxlength). */
export const ANSWER_LIMITS = Object.freeze({ otherText: DRAFT_LIMITS.textCharacters, comment: 10_000, reason: DRAFT_LIMITS.textCharacters });

// ---------------------------------------------------------------------------------------------------------
// Reading the query

/** What an answer option is: a diagnosis (ICD-10-CM), the Yes or No of a yes/no query, an escape, or other text. */
export type AnswerOptionKind = 'diagnosis' | 'yes' | 'no' | 'escape' | 'text';

export interface AnswerOption {
  /** Its place among the Questionnaire's answerOptions: what `PhysicianAnswer.choice` names. */
  index: number;
  kind: AnswerOptionKind;
  /** As shown (the Coding's display, an escape's standard text, or the valueString). */
  text: string;
  /** Diagnosis: the ICD-10-CM code. */
  code?: string;
  /** Diagnosis: its SNOMED CT concept, from the option, else from the curated map. */
  snomed?: { code: string; display?: string };
  /** Escape: which one ("Other (please specify)" is `other`: choosing it needs the physician's text). */
  escape?: EscapeKind;
}

export interface AnswerIndicator {
  /** As shown: "Sodium 128 mmol/L on 2021-03-01 08:00 (reference limit 135 mmol/L)". */
  text: string;
  /** The source resource (`Type/id` or an absolute URL), when the indicator names a usable one. */
  reference?: string;
}

/** A query as the physician sees it: the question, its indicators and its options. Text is as written, controls removed. */
export interface QueryForAnswer {
  /** `Task/<id>` */
  task: string;
  versionId?: string;
  /** Task.status as written. */
  taskStatus?: string;
  /** Still waiting for the physician: can be answered or declined. */
  open: boolean;
  purpose: QueryPurpose;
  format: QueryFormat;
  /** Task.description ("Clarification query"), when given. */
  title?: string;
  question: string;
  indicators: AnswerIndicator[];
  /** The answerOptions, in order (Yes and No first in a yes/no query); empty for an open-ended query. */
  options: AnswerOption[];
  /** The escapes offered, in the order of the options. */
  escapes: EscapeKind[];
  /** Task.for, Task.encounter (`Type/id` or absolute), when usable. */
  patient?: string;
  encounter?: string;
  requester?: Party;
  owner?: Party;
  authoredOn?: string;
  /** restriction.period.end, when a FHIR date or dateTime. */
  due?: string;
}

export type QueryReadingForAnswer = { ok: true; query: QueryForAnswer } | { ok: false; error: string };

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const ID_FORM = /^[A-Za-z0-9\-.]{1,64}$/;
/** An instant: what Provenance.recorded needs (seconds and a zone). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const SCTID = /^\d{6,18}$/;

/** A deep copy of JSON. */
const jsonCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
/** Text as shown: controls removed, line breaks kept, trimmed. */
const shown = (value: string): string => displayableText(value).trim();
/** A string field as one displayable line, or undefined when absent or empty. */
function line(value: unknown, max: number = DRAFT_LIMITS.textCharacters): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = displayableText(value.slice(0, max * 2)).replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A reference Clarify can use to name a resource: relative `Type/id` or an absolute URL ending in one. */
function usableReference(value: unknown): string | undefined {
  const parsed = parseReference(value);
  if (parsed?.kind === 'relative' || (parsed?.kind === 'absolute' && parsed.type && parsed.id)) return value as string;
  return undefined;
}
function partyFrom(value: unknown): Party | undefined {
  if (!isObject(value)) return undefined;
  const reference = usableReference(value.reference);
  if (!reference) return undefined;
  const display = line(value.display, 200);
  return display ? { reference, display } : { reference };
}

/** What the answer transaction needs beyond what is shown: the raw answer values and the Questionnaire. */
interface ReadQuery {
  query: QueryForAnswer;
  id: string;
  /** The answerOption value to write for each option, in order. */
  answers: QuestionnaireResponseItemAnswer[];
  /** QuestionnaireResponse.questionnaire, and the copy to contain when it is `#query`. */
  questionnaire: string;
  containedCopy?: Json;
}

/** The Task's questionnaire input and the Questionnaire it names (contained, or found by `resolve`). */
function questionnaireOf(task: Json, resolve?: (reference: string) => unknown): { canonical: string; questionnaire: Json } | undefined {
  const input = objectList(task.input).find((i) => isObject(i.type) && objectList(i.type.coding).some((c) => c.code === TASK_INPUT.questionnaire));
  if (!input) return undefined;
  const canonical = str(input.valueCanonical) ?? (isObject(input.valueReference) ? str(input.valueReference.reference) : undefined);
  if (canonical === undefined) return undefined;
  const questionnaire = canonical.startsWith('#')
    ? objectList(task.contained).find((r) => r.resourceType === 'Questionnaire' && r.id === canonical.slice(1))
    : resolve?.(canonical);
  return isObject(questionnaire) ? { canonical, questionnaire } : undefined;
}

/** The "answer" item of a Questionnaire (top level or in groups, a few levels deep). */
function answerItemOf(questionnaire: Json): Json | undefined {
  let found: Json | undefined;
  let seen = 0;
  const walk = (items: unknown, depth: number) => {
    for (const item of objectList(items)) {
      if (found || ++seen > DRAFT_LIMITS.items) return;
      if (item.linkId === QUESTIONNAIRE_LINK_ID.answer) found = item;
      else if (depth < 4) walk(item.item, depth + 1);
    }
  };
  walk(questionnaire.item, 0);
  return found;
}

const ESCAPE_BY_CODE = new Map<string, EscapeKind>(Object.entries(ESCAPE_CODES).map(([kind, code]) => [code, kind as EscapeKind]));

function snomedOf(answerOption: Json, code: string): AnswerOption['snomed'] {
  const extension = objectList(answerOption.extension).find((e) => e.url === OPTION_SNOMED_EXTENSION);
  const coding = extension && isObject(extension.valueCoding) ? extension.valueCoding : undefined;
  const sctid = coding && canonicalSystem(str(coding.system) ?? '') === SYSTEM.SNOMED ? str(coding.code) : undefined;
  if (sctid && SCTID.test(sctid)) {
    const display = line(coding!.display, 300);
    return display ? { code: sctid, display } : { code: sctid };
  }
  return snomedForIcd10(code);
}

/** One answerOption: how it is shown and what the response writes when it is chosen. */
function optionOf(answerOption: Json, index: number): { option: AnswerOption; answer: QuestionnaireResponseItemAnswer } | undefined {
  const valueString = str(answerOption.valueString);
  if (valueString !== undefined) {
    const text = line(valueString) ?? '';
    const escape = escapeKind(text);
    return { option: { index, kind: escape ? 'escape' : 'text', text, ...(escape ? { escape } : {}) }, answer: { valueString: text } };
  }
  if (!isObject(answerOption.valueCoding)) return undefined;
  const raw = answerOption.valueCoding;
  const system = str(raw.system);
  const code = line(raw.code, 256);
  const display = line(raw.display);
  const coding: Coding = { ...(system ? { system } : {}), ...(code ? { code } : {}), ...(display ? { display } : {}) };
  const canonical = system ? canonicalSystem(system) : undefined;
  if (canonical === SYSTEM.ICD10CM && code) {
    const snomed = snomedOf(answerOption, code);
    return { option: { index, kind: 'diagnosis', text: display ?? code, code, ...(snomed ? { snomed } : {}) }, answer: { valueCoding: coding } };
  }
  if (canonical === YES_NO_SYSTEM && (code === 'Y' || code === 'N')) {
    return { option: { index, kind: code === 'Y' ? 'yes' : 'no', text: display ?? (code === 'Y' ? 'Yes' : 'No') }, answer: { valueCoding: coding } };
  }
  const standard = canonical === CLARIFY_SYSTEM && code && ESCAPE_BY_CODE.has(code) ? ESCAPE_OPTIONS[ESCAPE_BY_CODE.get(code)!] : undefined;
  const text = display ?? standard ?? code;
  if (text === undefined) return undefined;
  const escape = escapeKind(text);
  return { option: { index, kind: escape ? 'escape' : 'text', text, ...(escape ? { escape } : {}) }, answer: { valueCoding: coding } };
}

function readQuery(task: unknown, resolve?: (reference: string) => unknown): ReadQuery | string {
  if (!isObject(task) || task.resourceType !== 'Task') return 'is not a FHIR Task';
  if (!isClarifyQuery(task)) return 'is not a clarification query (its Task.code is not Clarify\'s)';
  const id = str(task.id);
  if (id === undefined || !ID_FORM.test(id)) return 'has no usable id';
  const reading = draftFromFhir(task, {}, resolve);
  if (!reading.ok) return reading.error;
  const found = questionnaireOf(task, resolve);
  if (!found) return 'the Task\'s Questionnaire cannot be found';
  const { draft } = reading;

  const options: AnswerOption[] = [];
  const answers: QuestionnaireResponseItemAnswer[] = [];
  const item = draft.format === 'open-ended' ? undefined : answerItemOf(found.questionnaire);
  for (const [index, answerOption] of (Array.isArray(item?.answerOption) ? item!.answerOption as unknown[] : []).slice(0, DRAFT_LIMITS.options + 2).entries()) {
    const read = isObject(answerOption) ? optionOf(answerOption, index) : undefined;
    if (!read) return `answerOption ${index + 1} of the "answer" item cannot be read`;
    options.push(read.option);
    answers.push(read.answer);
  }

  const meta = isObject(task.meta) ? task.meta : undefined;
  const versionId = meta && typeof meta.versionId === 'string' && ID_FORM.test(meta.versionId) ? meta.versionId : undefined;
  const taskStatus = typeof task.status === 'string' && /^[a-z-]{1,32}$/.test(task.status) ? task.status : undefined;
  const restriction = isObject(task.restriction) && isObject(task.restriction.period) ? task.restriction.period : undefined;
  const due = restriction && isFhirDateTime(restriction.end) ? restriction.end : undefined;
  const patient = isObject(task.for) ? usableReference(task.for.reference) : undefined;
  const encounter = isObject(task.encounter) ? usableReference(task.encounter.reference) : undefined;
  const requester = partyFrom(task.requester);
  const owner = partyFrom(task.owner);
  const title = line(task.description, 200);
  const query: QueryForAnswer = {
    task: `Task/${id}`,
    ...(versionId ? { versionId } : {}),
    ...(taskStatus ? { taskStatus } : {}),
    open: taskStatus !== undefined && (OPEN_TASK_STATUSES as readonly string[]).includes(taskStatus),
    purpose: draft.purpose,
    format: draft.format,
    ...(title ? { title } : {}),
    question: shown(draft.question),
    indicators: draft.indicators.map((indicator) => {
      const reference = usableReference(indicator.reference);
      return { text: line(indicator.text) ?? '', ...(reference ? { reference } : {}) };
    }),
    options,
    escapes: options.flatMap((o) => (o.escape ? [o.escape] : [])),
    ...(patient ? { patient } : {}),
    ...(encounter ? { encounter } : {}),
    ...(requester ? { requester } : {}),
    ...(owner ? { owner } : {}),
    ...(typeof task.authoredOn === 'string' && isFhirDateTime(task.authoredOn) ? { authoredOn: task.authoredOn } : {}),
    ...(due ? { due } : {}),
  };

  // The response names its Questionnaire by canonical: the Task's when it is a url, else a contained copy.
  const external = !found.canonical.startsWith('#') && /^https?:\/\//.test(found.canonical) ? found.canonical
    : typeof found.questionnaire.url === 'string' && /^https?:\/\//.test(found.questionnaire.url)
      ? `${found.questionnaire.url}${typeof found.questionnaire.version === 'string' && found.questionnaire.version ? `|${found.questionnaire.version}` : ''}`
      : undefined;
  if (external) return { query, id, answers, questionnaire: external };
  const containedCopy: Json = { ...jsonCopy(found.questionnaire), id: CONTAINED_QUESTIONNAIRE_ID };
  delete containedCopy.contained;
  delete containedCopy.meta;
  return { query, id, answers, questionnaire: `#${CONTAINED_QUESTIONNAIRE_ID}`, containedCopy };
}

/**
 * A query Task read for the physician: question, indicators (text and source), options (text, ICD-10-CM code,
 * SNOMED CT when known), purpose, format and escapes; or why it cannot be answered in Clarify (not a Task,
 * not Clarify's query, no id, a Questionnaire draftFromFhir cannot read). `resolve` finds a Questionnaire the
 * Task refers to other than `#contained`.
 */
export function readQueryForAnswer(task: unknown, resolve?: (reference: string) => unknown): QueryReadingForAnswer {
  const read = readQuery(task, resolve);
  return typeof read === 'string' ? { ok: false, error: `This Task ${read}.` } : { ok: true, query: read.query };
}

// ---------------------------------------------------------------------------------------------------------
// Checks shared by the writes

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new RangeError(message);
}

function readOrThrow(task: unknown, resolve?: (reference: string) => unknown): ReadQuery {
  const read = readQuery(task, resolve);
  if (typeof read === 'string') throw new RangeError(`This Task cannot be answered in Clarify: it ${read}.`);
  return read;
}

/** Why a Task no longer takes an answer or a refusal, in words the physician can read. */
const CLOSED_MESSAGES: Readonly<Record<string, string>> = {
  'completed': 'This query has already been answered.',
  'cancelled': 'This query was withdrawn by the documentation specialist.',
  'rejected': 'This query has already been declined.',
  'failed': 'This query has already been declined.',
  'entered-in-error': 'This query was entered in error.',
  'draft': 'This query has not been sent yet.',
};

function checkOpen(query: QueryForAnswer): void {
  if (query.open) return;
  const status = query.taskStatus;
  throw new RangeError(status !== undefined && Object.hasOwn(CLOSED_MESSAGES, status) ? CLOSED_MESSAGES[status]! : 'This query has no status Clarify can act on.');
}

function checkInstant(now: string): void {
  check(typeof now === 'string' && INSTANT.test(now) && isFhirDateTime(now), 'now must be a FHIR instant (date, time with seconds, and zone)');
}

function checkPhysician(physician: Party): void {
  const parsed = parseReference(physician?.reference);
  const type = parsed?.kind === 'relative' || parsed?.kind === 'absolute' ? parsed.type : undefined;
  check(type === 'Practitioner' || type === 'PractitionerRole', 'the physician must be a reference to a Practitioner or PractitionerRole (Type/id)');
}

/** The given reference, or the Task's; they must name the same resource when both are there. */
function agreeing(given: string | undefined, onTask: string | undefined, type: string, what: string): string | undefined {
  if (given !== undefined) {
    check(typeAndId(given)?.startsWith(`${type}/`) === true, `${what} must be a reference to a ${type} (Type/id)`);
    check(onTask === undefined || typeAndId(onTask) === typeAndId(given), `${what} is not the query's ${what}`);
    return given;
  }
  return onTask;
}

const versionOf = (read: ReadQuery) => read.query.versionId;
const ifMatch = (read: ReadQuery) => (versionOf(read) ? { ifMatch: `W/"${versionOf(read)}"` } : {});
const revision = (read: ReadQuery): Provenance['entity'] =>
  versionOf(read) ? [{ role: 'revision', what: { reference: `${read.query.task}/_history/${versionOf(read)}` } }] : undefined;

/** The Task PUT and its Provenance (UPDATE), as cancelling writes them. */
function updateEntries(read: ReadQuery, updated: Task, physician: Party, now: string): BundleEntry<FhirResource>[] {
  const reference = read.query.task;
  return [
    { resource: updated, request: { method: 'PUT', url: reference, ...ifMatch(read) } },
    {
      resource: provenance({ reference }, now, physician, 'UPDATE', revision(read)),
      request: { method: 'POST', url: 'Provenance', ifNoneExist: `target=${reference}&recorded=${encodeURIComponent(now)}` },
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------
// Received

/**
 * Opening a query (issue 11, item 3): the Task PUT as `received` (lastModified now, If-Match on its version)
 * and a Provenance (UPDATE, agent the physician). Undefined when there is nothing to mark: only a `requested`
 * query becomes `received` (one already received, accepted or closed stays as it is). Throws a RangeError on
 * a Task that is not Clarify's query, or a malformed physician or time.
 */
export function buildReceivedTransaction(task: Task, physician: Party, now: string, resolve?: (reference: string) => unknown): Bundle | undefined {
  const read = readOrThrow(task, resolve);
  checkInstant(now);
  checkPhysician(physician);
  if (read.query.taskStatus !== 'requested') return undefined;
  const received: Task = { ...task, status: 'received', lastModified: now };
  return { resourceType: 'Bundle', type: 'transaction', entry: updateEntries(read, received, physician, now) };
}

// ---------------------------------------------------------------------------------------------------------
// Declining

/**
 * Declining a query (issue 11, item 3): the Task PUT as `rejected` with statusReason (the physician's reason),
 * lastModified, If-Match on its version, and a Provenance (UPDATE, agent the physician). Throws a RangeError
 * on an empty or over-long reason, a query no longer open, or input no caller should pass.
 */
export function buildDeclineTransaction(task: Task, physician: Party, now: string, reason: string, resolve?: (reference: string) => unknown): Bundle {
  const read = readOrThrow(task, resolve);
  checkOpen(read.query);
  checkInstant(now);
  checkPhysician(physician);
  const text = typeof reason === 'string' ? shown(reason) : '';
  check(text !== '', 'A reason is needed to decline a query.');
  check(text.length <= ANSWER_LIMITS.reason, `The reason is longer than ${ANSWER_LIMITS.reason} characters.`);
  const declined: Task = { ...task, status: 'rejected', statusReason: { text }, lastModified: now };
  return { resourceType: 'Bundle', type: 'transaction', entry: updateEntries(read, declined, physician, now) };
}

// ---------------------------------------------------------------------------------------------------------
// Answering

/** What the physician answers. */
export interface PhysicianAnswer {
  /**
   * The option chosen: its index in `readQueryForAnswer(task).options`, or 'other' for the query's
   * "Other (please specify)" with `otherText`. Required unless the query is open-ended (then absent).
   */
  choice?: number | 'other';
  /** The physician's words when the choice is "Other (please specify)". */
  otherText?: string;
  /** Free text, always allowed (the only answer of an open-ended query). */
  comment?: string;
}

export interface AnswerTransactionInput {
  /** The query's Task as last read (its meta.versionId is the version answered). */
  task: Task;
  answer: PhysicianAnswer;
  /** The signed-in physician (fhirUser). */
  physician: Party;
  /** When the answer is submitted: a FHIR instant (the caller's clock). */
  now: string;
  /** `Patient/<id>`, when the Task's `for` cannot be used; it must agree with the Task's. */
  patient?: string;
  /** `Encounter/<id>`, likewise. */
  encounter?: string;
  resolve?: (reference: string) => unknown;
}

/** The conditional identifiers of an answer: derived from the Task's id and the version answered. */
export function answerIdentifiers(taskId: string, versionId: string | undefined): { questionnaireResponse: string; condition: string } {
  const key = `Task/${taskId}/_history/${versionId ?? '-'}`;
  const value = (role: string) => derivedUuid(key, role).slice('urn:uuid:'.length);
  return { questionnaireResponse: value('answer-identifier'), condition: value('answer-condition-identifier') };
}

/** What was chosen: the option, the response's answer values, and the Condition's option when a diagnosis. */
function chosen(read: ReadQuery, answer: PhysicianAnswer): { answers: QuestionnaireResponseItemAnswer[]; diagnosis?: AnswerOption } {
  const { options, format } = read.query;
  const choice = answer?.choice;
  if (format === 'open-ended') {
    check(choice === undefined, 'This query is open-ended: it takes the answer in your own words, not an option.');
    return { answers: [] };
  }
  check(choice !== undefined, 'Choose one of the answers (or "Other" with your own words).');
  let option: AnswerOption | undefined;
  if (choice === 'other') {
    option = options.find((o) => o.escape === 'other');
    check(option !== undefined, 'This query offers no "Other" answer: choose one of its answers.');
  } else {
    check(Number.isInteger(choice) && choice >= 0 && choice < options.length, `There is no answer number ${typeof choice === 'number' ? choice + 1 : String(choice)} in this query (it has ${options.length}).`);
    option = options[choice]!;
  }
  if (option.escape === 'other') {
    const text = typeof answer.otherText === 'string' ? shown(answer.otherText) : '';
    check(text !== '', 'Write your answer for "Other (please specify)".');
    check(text.length <= ANSWER_LIMITS.otherText, `The "Other" answer is longer than ${ANSWER_LIMITS.otherText} characters.`);
    return { answers: [{ valueString: text }] };
  }
  return { answers: [jsonCopy(read.answers[option.index]!)], ...(option.kind === 'diagnosis' ? { diagnosis: option } : {}) };
}

/** The response, the Condition of a diagnosis answer, and the Task outputs naming them: an answer's and an amendment's. */
function writtenAnswer(read: ReadQuery, input: AnswerTransactionInput, status: 'completed' | 'amended') {
  const { answer, physician, now } = input;
  checkInstant(now);
  checkPhysician(physician);
  const patient = agreeing(input.patient, read.query.patient, 'Patient', 'patient');
  check(patient !== undefined && typeAndId(patient)?.startsWith('Patient/') === true, 'The query names no patient (Task.for): it cannot be answered.');
  const encounter = agreeing(input.encounter, read.query.encounter, 'Encounter', 'encounter');

  const { answers, diagnosis } = chosen(read, answer);
  const comment = typeof answer?.comment === 'string' ? shown(answer.comment) : '';
  check(comment.length <= ANSWER_LIMITS.comment, `The comment is longer than ${ANSWER_LIMITS.comment} characters.`);
  if (read.query.format === 'open-ended') check(comment !== '', 'Write your answer to this open-ended query.');

  const ids = answerIdentifiers(read.id, read.query.versionId);
  const key = `${read.query.task}/_history/${read.query.versionId ?? '-'}`;
  const responseUrl = derivedUuid(key, 'questionnaire-response');
  const conditionUrl = derivedUuid(key, 'condition');
  const responseIdentifier = { system: ANSWER_IDENTIFIER_SYSTEM, value: ids.questionnaireResponse };
  const conditionIdentifier = { system: ANSWER_CONDITION_IDENTIFIER_SYSTEM, value: ids.condition };
  const subject: Reference = { reference: patient };
  const author = partyOf(physician);

  const items: QuestionnaireResponseItem[] = [
    ...(answers.length ? [{ linkId: QUESTIONNAIRE_LINK_ID.answer, text: 'Answer', answer: answers }] : []),
    ...(comment ? [{ linkId: QUESTIONNAIRE_LINK_ID.comment, text: 'Comment', answer: [{ valueString: comment }] }] : []),
  ];
  const response: QuestionnaireResponse = {
    resourceType: 'QuestionnaireResponse',
    ...(read.containedCopy ? { contained: [read.containedCopy as unknown as FhirResource] } : {}),
    identifier: responseIdentifier,
    questionnaire: read.questionnaire,
    status,
    subject,
    ...(encounter ? { encounter: { reference: encounter } } : {}),
    authored: now,
    author,
    item: items,
  };

  const evidence = [...new Set(read.query.indicators.flatMap((i) => (i.reference ? [i.reference] : [])))];
  const condition: Condition | undefined = diagnosis ? {
    resourceType: 'Condition',
    identifier: [conditionIdentifier],
    clinicalStatus: { coding: [{ system: SYSTEM.CONDITION_CLINICAL, code: 'active', display: 'Active' }] },
    verificationStatus: { coding: [{ system: SYSTEM.CONDITION_VERIFICATION, code: 'confirmed', display: 'Confirmed' }] },
    category: [{ coding: [{ system: CONDITION_CATEGORY_SYSTEM, code: 'encounter-diagnosis', display: 'Encounter Diagnosis' }] }],
    code: {
      coding: [
        { system: SYSTEM.ICD10CM, code: diagnosis.code!, display: diagnosis.text },
        ...(diagnosis.snomed ? [{ system: SYSTEM.SNOMED, ...diagnosis.snomed }] : []),
      ],
      text: diagnosis.text,
    },
    subject,
    ...(encounter ? { encounter: { reference: encounter } } : {}),
    recordedDate: now,
    recorder: author,
    asserter: author,
    ...(evidence.length ? { evidence: [{ detail: evidence.map((reference) => ({ reference })) }] } : {}),
  } : undefined;

  const outputs: TaskOutput[] = [
    {
      type: { coding: [{ system: SDC_TEMP_SYSTEM, code: TASK_OUTPUT.questionnaireResponse, display: 'Questionnaire Response' }] },
      valueReference: { reference: responseUrl, identifier: responseIdentifier },
    },
    ...(condition ? [{
      type: { coding: [{ system: CLARIFY_SYSTEM, code: TASK_OUTPUT.condition, display: 'Diagnosis documented by the answer' }] },
      valueReference: { reference: conditionUrl, identifier: conditionIdentifier },
    }] : []),
  ];
  return { key, ids, responseUrl, responseIdentifier, conditionUrl, conditionIdentifier, response, condition, diagnosis, outputs };
}

/** The POSTs of an answer or an amendment: the QuestionnaireResponse, and the Condition when there is one, each conditional on its identifier. */
function answerEntries(
  responseUrl: string, response: FhirResource, conditionUrl: string, condition: FhirResource | undefined,
  ids: { questionnaireResponse: string; condition: string },
): BundleEntry<FhirResource>[] {
  return [
    {
      fullUrl: responseUrl,
      resource: response,
      request: { method: 'POST', url: 'QuestionnaireResponse', ifNoneExist: `identifier=${ANSWER_IDENTIFIER_SYSTEM}|${ids.questionnaireResponse}` },
    },
    ...(condition ? [{
      fullUrl: conditionUrl,
      resource: condition,
      request: { method: 'POST' as const, url: 'Condition', ifNoneExist: `identifier=${ANSWER_CONDITION_IDENTIFIER_SYSTEM}|${ids.condition}` },
    }] : []),
  ];
}

/**
 * The transaction that answers a query (see the file header): QuestionnaireResponse, the Condition of a
 * diagnosis answer, the Task completed with both in its output, and the Provenances. Throws a RangeError
 * (its message can be shown) on a query no longer open, a choice out of range, an "Other" without text, a
 * missing choice, an empty open-ended answer, or input no caller should pass.
 */
export function buildAnswerTransaction(input: AnswerTransactionInput): Bundle {
  const { task, physician, now } = input;
  const read = readOrThrow(task, input.resolve);
  checkOpen(read.query);
  const { key, ids, responseUrl, responseIdentifier, conditionUrl, conditionIdentifier, response, condition, outputs } = writtenAnswer(read, input, 'completed');
  const earlier = Array.isArray(task.output) ? task.output.filter(isObject) as TaskOutput[] : [];
  const completed: Task = { ...task, status: 'completed', lastModified: now, output: [...earlier, ...outputs] };

  const [taskPut, taskProvenance] = updateEntries(read, completed, physician, now);
  const created: Provenance = {
    ...provenance({ reference: responseUrl, identifier: responseIdentifier }, now, physician, 'CREATE', [
      { role: 'source', what: { reference: versionOf(read) ? `${read.query.task}/_history/${versionOf(read)}` : read.query.task } },
    ]),
  };
  if (condition) created.target = [...created.target, { reference: conditionUrl, identifier: conditionIdentifier }];

  const entries: BundleEntry<FhirResource>[] = [
    ...answerEntries(responseUrl, response, conditionUrl, condition, ids),
    taskPut!,
    taskProvenance!,
    {
      fullUrl: derivedUuid(key, 'answer-provenance'),
      resource: created,
      request: { method: 'POST', url: 'Provenance', ifNoneExist: `target:QuestionnaireResponse.identifier=${ANSWER_IDENTIFIER_SYSTEM}|${ids.questionnaireResponse}` },
    },
  ];
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}

// ---------------------------------------------------------------------------------------------------------
// Amending

export interface AmendTransactionInput extends AnswerTransactionInput {
  /**
   * The QuestionnaireResponse the Task's output names (the answer amended), as read: when given, a diagnosis
   * unchanged keeps the Condition the earlier answer wrote; without it, a diagnosis answer writes its Condition.
   */
  previous?: unknown;
  /** Why the answer is changed, when the physician says: Provenance.reason's text. */
  reason?: string;
}

/** The Task.output entries naming a resource of one of Clarify's output types (SDC questionnaire-response, Clarify condition). */
function outputsOfType(task: Json, code: string): Json[] {
  return objectList(task.output, 50).filter((o) => isObject(o.type) && objectList(o.type.coding).some((c) => c.code === code));
}

/** The ICD-10-CM codes a QuestionnaireResponse answers with ("answer" item, valueCoding). */
function diagnosisCodes(response: unknown): string[] {
  if (!isObject(response) || response.resourceType !== 'QuestionnaireResponse') return [];
  return objectList(response.item)
    .filter((item) => item.linkId === QUESTIONNAIRE_LINK_ID.answer)
    .flatMap((item) => objectList(item.answer))
    .flatMap((a) => (isObject(a.valueCoding) && canonicalSystem(str(a.valueCoding.system) ?? '') === SYSTEM.ICD10CM && typeof a.valueCoding.code === 'string' ? [a.valueCoding.code] : []));
}

/**
 * The transaction that amends the answer of an answered query (issue 11, item 3: "an answer is never changed
 * silently: an amendment is a new version with its Provenance"). The earlier answer is left as it is:
 *
 * 1. A new QuestionnaireResponse, status `amended`, written as an answer is (the items, the physician as
 *    author, authored now), POSTed conditionally on its identifier, derived from the Task's id and the
 *    version amended (`answerIdentifiers`: an answer is only given to an open version and an amendment
 *    only to a completed one, so they never share a value; a retry never amends twice).
 * 2. When the new answer is a diagnosis other than the earlier one (`previous`), its confirmed Condition, as
 *    an answer writes it. The earlier Condition is not changed nor deleted: whether the first diagnosis is
 *    refuted or was entered in error is the coder's and the physician's decision, made in the EHR, not here.
 *    An unchanged diagnosis keeps its Condition in the Task's output.
 * 3. The Task PUT with If-Match on the version amended: still `completed`, lastModified now, its output
 *    naming the new response (and the diagnosis's Condition) in place of the earlier ones.
 * 4. A Provenance: UPDATE, agent the physician, target the Task and the new response (and a new Condition),
 *    entity `revision` the earlier QuestionnaireResponse (R4 QuestionnaireResponse has no `replaces`) and
 *    the Task's version amended, reason the physician's words when given; conditional on the new response's
 *    identifier (one per amendment).
 *
 * Throws a RangeError (its message can be shown) on a query that is not answered (not `completed`), one
 * whose output names no QuestionnaireResponse, and everything buildAnswerTransaction refuses in an answer.
 */
export function buildAmendTransaction(input: AmendTransactionInput): Bundle {
  const { task, physician, now } = input;
  const read = readOrThrow(task, input.resolve);
  check(read.query.taskStatus === 'completed', read.query.open
    ? 'This query has not been answered yet: answer it instead of amending.'
    : 'Only an answered query can be amended: this one is not answered (it is declined, withdrawn or closed otherwise).');
  const raw = task as unknown as Json;
  const earlierResponses = outputsOfType(raw, TASK_OUTPUT.questionnaireResponse)
    .flatMap((o) => (isObject(o.valueReference) ? [o.valueReference] : []))
    .filter((r) => typeAndId(str(r.reference) ?? '')?.startsWith('QuestionnaireResponse/') === true);
  check(earlierResponses.length > 0, 'This query has no earlier answer to amend (its Task names no QuestionnaireResponse).');
  const earlier = typeAndId(str(earlierResponses[0]!.reference)!)!;
  const reason = typeof input.reason === 'string' ? shown(input.reason) : '';
  check(reason.length <= ANSWER_LIMITS.reason, `The reason is longer than ${ANSWER_LIMITS.reason} characters.`);
  const previous = isObject(input.previous) && input.previous.resourceType === 'QuestionnaireResponse' ? input.previous : undefined;
  check(previous === undefined || `QuestionnaireResponse/${str(previous.id) ?? ''}` === earlier, 'previous must be the QuestionnaireResponse the Task\'s output names');

  const written = writtenAnswer(read, input, 'amended');
  const { key, ids, responseUrl, responseIdentifier, conditionUrl, conditionIdentifier, response, diagnosis } = written;
  const sameDiagnosis = diagnosis !== undefined && previous !== undefined && diagnosisCodes(previous).includes(diagnosis.code!);
  const condition = sameDiagnosis ? undefined : written.condition;
  const keptConditions = sameDiagnosis ? outputsOfType(raw, TASK_OUTPUT.condition) as unknown as TaskOutput[] : [];
  const replaced = new Set<unknown>([...outputsOfType(raw, TASK_OUTPUT.questionnaireResponse), ...outputsOfType(raw, TASK_OUTPUT.condition)]);
  const others = objectList(task.output, 50).filter((o) => !replaced.has(o)) as unknown as TaskOutput[];
  const outputs: TaskOutput[] = [written.outputs[0]!, ...(condition ? written.outputs.slice(1) : keptConditions), ...others];
  const amended: Task = { ...task, status: 'completed', lastModified: now, output: outputs };

  const reference = read.query.task;
  const revised: Provenance = provenance({ reference }, now, physician, 'UPDATE', [
    { role: 'revision', what: { reference: earlier } },
    ...(revision(read) ?? []),
  ]);
  revised.target = [
    ...revised.target,
    { reference: responseUrl, identifier: responseIdentifier },
    ...(condition ? [{ reference: conditionUrl, identifier: conditionIdentifier }] : []),
  ];
  if (reason) revised.reason = [{ text: reason }];

  const entries: BundleEntry<FhirResource>[] = [
    ...answerEntries(responseUrl, response, conditionUrl, condition, ids),
    { resource: amended, request: { method: 'PUT', url: reference, ...ifMatch(read) } },
    {
      fullUrl: derivedUuid(key, 'amend-provenance'),
      resource: revised,
      request: { method: 'POST', url: 'Provenance', ifNoneExist: `target:QuestionnaireResponse.identifier=${ANSWER_IDENTIFIER_SYSTEM}|${ids.questionnaireResponse}` },
    },
  ];
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}

/**
 * Whether a Task (as read after a failed or uncertain submit: a 412, a timeout) already holds the answer
 * given to version `versionId` of Task `taskId`: its output names the QuestionnaireResponse by the identifier
 * that answer was written with. Then the answer was saved (by this submit or its retry), not lost.
 */
export function holdsAnswerOf(task: unknown, taskId: string, versionId: string | undefined): boolean {
  if (!isObject(task) || task.resourceType !== 'Task') return false;
  const wanted = answerIdentifiers(taskId, versionId).questionnaireResponse;
  return objectList(task.output, 50).some((output) => {
    const identifier = isObject(output.valueReference) && isObject(output.valueReference.identifier) ? output.valueReference.identifier : undefined;
    return identifier?.system === ANSWER_IDENTIFIER_SYSTEM && identifier.value === wanted;
  });
}
