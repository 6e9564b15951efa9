/**
 * The physician's inbox (issue 11, item 2), pure: one row per query Task (patient name and age, encounter,
 * the question's first line, age of the query, due date, status), split into the open queries, the oldest
 * due first, and the closed ones (answered, declined, cancelled), the newest first, with counts for the tab
 * titles. Tasks, Patients and Encounters are untrusted JSON as a search returns them (with or without
 * `_include`): a field of the wrong type is absent, text is on one line and bounded, nothing throws.
 * The same rows serve the "Queries I sent" tab (owner and requester are on each row).
 */
import type { Encounter, Patient } from 'fhir/r4';
import { DAY_MS, ageInYears, formatFhirDate, parseFhirDateTime } from '../record/fhir-dates';
import { formatHumanName } from '../record/people';
import { readResourceOf } from '../record/read-resource';
import { displayableText } from '../record/text';
import { draftFromFhir } from './fhir-draft';
import { isClarifyQuery, isOpenQuery, queryStatus, typeAndId, type QueryStatus } from './query-status';
import { type Json, isObject } from '../record/json';

export interface InboxRow {
  /** `Task/<id>` */
  taskReference: string;
  /** Task.for as `Type/id`, when usable. */
  patientReference?: string;
  /** The patient's name, when the Patient was read (and has one). */
  patientName?: string;
  /** Whole years at `nowMs` (record/fhir-dates ageInYears), when the birth date is known. */
  patientAge?: number;
  /** Task.encounter as `Type/id`, when usable. */
  encounterReference?: string;
  /** "Hospital admission of 2021-02-10", when the Encounter was read. */
  encounterLabel?: string;
  /** The question's first line, bounded; the Task's description when the question cannot be read. */
  questionFirstLine: string;
  /** Task.authoredOn, when a FHIR dateTime. */
  authoredOn?: string;
  /** Whole days since authoredOn (0 on the day it was sent). */
  ageOfQueryDays?: number;
  /** The due date (restriction.period.end). */
  due?: string;
  /** An open query past the whole of its due date. */
  overdue: boolean;
  /** Who asked and who is asked (display, else reference). */
  requester?: string;
  owner?: string;
  status: QueryStatus;
}

export interface InboxContext {
  /** Patients read beside the Tasks (by `_include` or by `_id`). */
  patients?: readonly unknown[];
  /** Encounters read beside the Tasks. */
  encounters?: readonly unknown[];
  nowMs: number;
  /** Finds a Task.output QuestionnaireResponse, for the answer of a closed query. */
  resolve?: (reference: string) => unknown;
}

export interface InboxSplit {
  /** Sent, received, accepted, in progress (overdue included): the oldest due first, no due date last, then the oldest sent. */
  open: InboxRow[];
  /** Answered, declined, cancelled: the most recently changed first. */
  closed: InboxRow[];
  counts: { open: number; overdue: number; closed: number };
}

/** How long the first line of a question may be in a row. */
export const QUESTION_LINE_MAX = 160;
/** Bound on the Tasks read into rows (a few pages of a search). */
const MAX_TASKS = 5_000;

const ID_FORM = /^[A-Za-z0-9\-.]{1,64}$/;

/** One displayable line, bounded (cut at a word when one ends near the bound), or undefined when empty. */
function oneLine(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = displayableText(value.slice(0, max * 4)).replace(/\s+/g, ' ').trim();
  if (text === '') return undefined;
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space >= max * 0.75 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

/** `Type/id` of a reference written relative or absolute, or undefined. */
const referenceKey = (reference: unknown): string | undefined => (typeof reference === 'string' ? typeAndId(reference) : undefined);

function byReference(resources: readonly unknown[] | undefined, type: string): Map<string, Json> {
  const found = new Map<string, Json>();
  for (const resource of Array.isArray(resources) ? resources.slice(0, MAX_TASKS * 2) : []) {
    if (isObject(resource) && resource.resourceType === type && typeof resource.id === 'string' && ID_FORM.test(resource.id)) {
      const key = `${type}/${resource.id}`;
      if (!found.has(key)) found.set(key, resource);
    }
  }
  return found;
}

/** "Hospital admission of 2021-02-10": the encounter's type (else its class), and the day it began. */
export function encounterLabel(untrusted: unknown): string | undefined {
  const encounter = readResourceOf<Encounter>(untrusted, ['Encounter'], { requireId: false });
  if (!encounter) return undefined;
  const type = encounter.type?.find((t) => t.text || t.coding?.some((c) => c.display));
  const kind = oneLine(type?.text ?? type?.coding?.find((c) => c.display)?.display ?? encounter.class?.display, 80) ?? 'Encounter';
  const start = formatFhirDate(encounter.period?.start);
  return start ? `${kind} of ${start}` : kind;
}

function partyText(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  return oneLine(value.display, 120) ?? referenceKey(value.reference);
}

function firstLineOf(task: Json): string {
  const reading = draftFromFhir(task);
  const question = reading.ok ? reading.draft.question.split(/\r\n|\r|\n/).map((l) => l.trim()).find(Boolean) : undefined;
  return oneLine(question, QUESTION_LINE_MAX) ?? oneLine(task.description, QUESTION_LINE_MAX) ?? 'Clarification query';
}

/**
 * The rows of an inbox: one per Clarify query Task with a usable id (others, and a repeated Task, left out),
 * in the order given; the patient and encounter looked up among those read beside the Tasks.
 */
export function inboxRows(tasks: readonly unknown[], context: InboxContext): InboxRow[] {
  const patients = byReference(context.patients, 'Patient');
  const encounters = byReference(context.encounters, 'Encounter');
  const nowMs = context.nowMs;
  const seen = new Set<string>();
  const rows: InboxRow[] = [];
  for (const task of Array.isArray(tasks) ? tasks.slice(0, MAX_TASKS) : []) {
    if (!isObject(task) || !isClarifyQuery(task) || typeof task.id !== 'string' || !ID_FORM.test(task.id)) continue;
    const taskReference = `Task/${task.id}`;
    if (seen.has(taskReference)) continue;
    seen.add(taskReference);

    const patientReference = isObject(task.for) ? referenceKey(task.for.reference) : undefined;
    const patient = patientReference?.startsWith('Patient/') ? readResourceOf<Patient>(patients.get(patientReference), ['Patient'], { requireId: false }) : undefined;
    const patientName = patient ? oneLine(formatHumanName(patient.name), 120) : undefined;
    const patientAge = patient && Number.isFinite(nowMs) ? ageInYears(patient.birthDate, nowMs) : undefined;
    const encounterReference = isObject(task.encounter) ? referenceKey(task.encounter.reference) : undefined;
    const encounter = encounterReference?.startsWith('Encounter/') ? encounters.get(encounterReference) : undefined;
    const label = encounter ? encounterLabel(encounter) : undefined;

    const authored = parseFhirDateTime(task.authoredOn);
    const status = queryStatus(task, nowMs, context.resolve);
    const requester = partyText(task.requester);
    const owner = partyText(task.owner);
    rows.push({
      taskReference,
      ...(patientReference ? { patientReference } : {}),
      ...(patientName ? { patientName } : {}),
      ...(patientAge !== undefined && patientAge >= 0 ? { patientAge } : {}),
      ...(encounterReference ? { encounterReference } : {}),
      ...(label ? { encounterLabel: label } : {}),
      questionFirstLine: firstLineOf(task),
      ...(authored ? { authoredOn: task.authoredOn as string } : {}),
      ...(authored && Number.isFinite(nowMs) ? { ageOfQueryDays: Math.max(0, Math.floor((nowMs - authored.ms) / DAY_MS)) } : {}),
      ...(status.due ? { due: status.due } : {}),
      overdue: status.overdue,
      ...(requester ? { requester } : {}),
      ...(owner ? { owner } : {}),
      status,
    });
  }
  return rows;
}

const CLOSED: ReadonlySet<QueryStatus['kind']> = new Set(['answered', 'declined', 'cancelled']);

/** Ascending, undefined last. */
const ascending = (a: number | undefined, b: number | undefined): number =>
  a === b ? 0 : a === undefined ? 1 : b === undefined ? -1 : a - b;

/** Descending, undefined last. */
const descending = (a: number | undefined, b: number | undefined): number =>
  a === b ? 0 : a === undefined ? 1 : b === undefined ? -1 : b - a;

/**
 * The inbox's two tabs. Open: the oldest due first (by the end of the due date), queries with no due date
 * after those with one, then the oldest sent first, then by Task. Closed (answered, declined, cancelled): the
 * most recently changed first (Task.lastModified, else authoredOn), then by Task. Rows of no status Clarify
 * can act on (draft, entered-in-error, unknown) are in neither.
 */
export function splitInbox(rows: readonly InboxRow[]): InboxSplit {
  const open = rows.filter((row) => isOpenQuery(row.status));
  const closed = rows.filter((row) => CLOSED.has(row.status.kind));
  const dueEnd = (row: InboxRow) => parseFhirDateTime(row.due)?.endMs;
  const authored = (row: InboxRow) => parseFhirDateTime(row.authoredOn)?.ms;
  const changed = (row: InboxRow) => parseFhirDateTime(row.status.changed)?.ms;
  const byTask = (a: InboxRow, b: InboxRow) => (a.taskReference < b.taskReference ? -1 : a.taskReference > b.taskReference ? 1 : 0);
  open.sort((a, b) => ascending(dueEnd(a), dueEnd(b)) || ascending(authored(a), authored(b)) || byTask(a, b));
  closed.sort((a, b) => descending(changed(a), changed(b)) || byTask(a, b));
  return { open, closed, counts: { open: open.length, overdue: open.filter((row) => row.overdue).length, closed: closed.length } };
}
