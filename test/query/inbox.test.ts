/**
 * The physician's inbox (issue 11, item 2): rows from query Tasks as a search returns them (untrusted
 * JSON), with the patient and encounter read beside them; open queries the oldest due first, closed ones
 * the newest first; counts for the tab titles.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Encounter, Patient, QuestionnaireResponse, Task } from 'fhir/r4';
import { QUESTION_LINE_MAX, encounterLabel, inboxRows, splitInbox, type InboxRow } from '../../src/query/inbox';
import type { Finding } from '../../src/rules/index';
import { SYSTEM } from '../../src/terminology/systems';
import { AKI_OPEN, HYPONATREMIA, variant } from './queries';
import { loadFinding, sentTask, type SentOptions } from './sent-queries';

let finding: Finding;
beforeAll(async () => void (finding = await loadFinding()), 60_000);

const NOW_MS = Date.parse('2021-03-08T18:00:00Z');

const patient = (id: string, given: string, family: string, birthDate?: string): Patient => ({
  resourceType: 'Patient', id, name: [{ use: 'official', given: [given], family }], ...(birthDate ? { birthDate } : {}),
});
const PATIENTS: Patient[] = [patient('pat-1', 'Twyla', 'Moen', '1950-06-15'), patient('pat-2', 'Jorge', 'Brekke', '1980-03-08')];
const ENCOUNTERS: Encounter[] = [{
  resourceType: 'Encounter', id: 'enc-1', status: 'finished', class: { code: 'IMP', display: 'inpatient encounter' },
  type: [{ coding: [{ system: SYSTEM.SNOMED, code: '32485007', display: 'Hospital admission' }] }],
  period: { start: '2021-03-01T08:00:00-05:00', end: '2021-03-08T12:00:00-05:00' },
}];

/** A sent query: its own id, sent and due when given. */
const query = (id: string, authoredOn: string, dueDate: string, options: SentOptions = {}, draft = HYPONATREMIA): Task =>
  sentTask(finding, draft, { id, authoredOn, dueDate, identifier: `0a9b8c7d-6e5f-4a3b-8c2d-${id.padStart(12, '0')}`, ...options });

const rowsOf = (tasks: unknown[], nowMs = NOW_MS) => inboxRows(tasks, { patients: PATIENTS, encounters: ENCOUNTERS, nowMs });
const ids = (rows: InboxRow[]) => rows.map((r) => r.taskReference);

describe('inboxRows', () => {
  it('gives each query its patient name and age, encounter, question, age and due date', () => {
    const [row] = rowsOf([query('t1', '2021-03-05T15:04:05Z', '2021-03-09')]);
    expect(row).toEqual({
      taskReference: 'Task/t1',
      patientReference: 'Patient/pat-1', patientName: 'Twyla Moen', patientAge: 70,
      encounterReference: 'Encounter/enc-1', encounterLabel: 'Hospital admission of 2021-03-01',
      questionFirstLine: 'The serum sodium results below were obtained during this admission, and a fluid restriction was ordered on 03-01. Based on your clinical judgment, please…',
      authoredOn: '2021-03-05T15:04:05Z', ageOfQueryDays: 3, due: '2021-03-09', overdue: false,
      requester: 'Renée Okafor, RHIT, CCDS', owner: 'Dr. Ana Lee',
      status: { kind: 'sent', taskStatus: 'requested', due: '2021-03-09', overdue: false, changed: '2021-03-05T15:04:05Z' },
    });
    expect(row!.questionFirstLine.length).toBeLessThanOrEqual(QUESTION_LINE_MAX);
    // A long word is cut where the bound falls.
    const [long] = rowsOf([query('t2', '2021-03-05T15:04:05Z', '2021-03-09', {}, variant(HYPONATREMIA, { question: 'x'.repeat(400) }))]);
    expect(long!.questionFirstLine).toBe(`${'x'.repeat(QUESTION_LINE_MAX - 1)}…`);
  });

  it('counts the age in whole years at now (a birthday counts on its day), the query\'s age in whole days', () => {
    const birthday = Date.parse('2021-03-08T00:00:00Z');
    const [row] = inboxRows([query('t1', '2021-03-05T15:04:05Z', '2021-03-09', { patient: 'Patient/pat-2' })], { patients: PATIENTS, nowMs: birthday });
    expect(row).toMatchObject({ patientName: 'Jorge Brekke', patientAge: 41, ageOfQueryDays: 2 });
    expect(rowsOf([query('t1', '2021-03-05T15:04:05Z', '2021-03-09', { patient: 'Patient/pat-2' })], birthday - 1)[0]!.patientAge).toBe(40);
    expect(rowsOf([query('t1', '2021-03-08T17:59:00Z', '2021-03-10')])[0]!.ageOfQueryDays).toBe(0);
  });

  it('takes the first line of a question written on several lines', () => {
    const multiLine = variant(HYPONATREMIA, { question: '  \nSodium results below.\nBased on your clinical judgment, please clarify the diagnosis, if any.' });
    expect(rowsOf([query('t1', '2021-03-05T15:04:05Z', '2021-03-09', {}, multiLine)])[0]!.questionFirstLine).toBe('Sodium results below.');
    expect(rowsOf([query('t2', '2021-03-05T15:04:05Z', '2021-03-09', {}, AKI_OPEN)])[0]!.questionFirstLine).toMatch(/^Creatinine rose/);
  });

  it('leaves out what is not a Clarify query with an id, and a Task listed twice', () => {
    const t1 = query('t1', '2021-03-05T15:04:05Z', '2021-03-09');
    const rows = rowsOf([
      null, 'Task/t1', 42, [], { resourceType: 'Patient', id: 'pat-1' },
      { resourceType: 'Task', id: 'other', status: 'requested', intent: 'order', code: { text: 'Prior authorization' } },
      { ...t1, id: undefined }, { ...t1, id: '../../etc' },
      t1, { ...t1, status: 'completed' },
    ]);
    expect(ids(rows)).toEqual(['Task/t1']);
    expect(rows[0]!.status.kind).toBe('sent');
  });

  it('copes with patients and encounters that are missing, malformed or hostile', () => {
    const hostile: unknown = {
      resourceType: 'Patient', id: 'pat-1', birthDate: '1950-02-30', name: [{ given: ['Twy\u001b[31mla\u202e'], family: 'Moen<script>' }],
      __proto__: { polluted: true },
    };
    const tasks = [
      query('t1', '2021-03-05T15:04:05Z', '2021-03-09'),
      { ...query('t2', '2021-03-05T15:04:05Z', '2021-03-09'), for: { reference: 42 }, encounter: 'Encounter/enc-1', authoredOn: '2021-02-30T00:00:00Z' },
      { ...query('t3', '2021-03-05T15:04:05Z', '2021-03-09'), for: { reference: 'https://ehr.example.org/fhir/Patient/pat-1' }, encounter: { reference: 'Encounter/gone' } },
    ];
    const rows = inboxRows(tasks, { patients: [hostile, null, 'x', { resourceType: 'Patient' }], encounters: [{ resourceType: 'Encounter', id: 'enc-1', type: 'inpatient' }], nowMs: NOW_MS });
    expect(rows[0]).toMatchObject({ patientName: 'Twyla Moen<script>', encounterLabel: 'Encounter' });
    expect(rows[0]!.patientAge).toBeUndefined();
    expect(rows[1]).not.toHaveProperty('patientReference');
    expect(rows[1]).not.toHaveProperty('patientName');
    expect(rows[1]).not.toHaveProperty('encounterReference');
    expect(rows[1]).not.toHaveProperty('authoredOn');
    expect(rows[1]).not.toHaveProperty('ageOfQueryDays');
    expect(rows[2]).toMatchObject({ patientReference: 'Patient/pat-1', patientName: 'Twyla Moen<script>', encounterReference: 'Encounter/gone' });
    expect(rows[2]).not.toHaveProperty('encounterLabel');
    expect(inboxRows('tasks' as unknown as unknown[], { nowMs: NOW_MS })).toEqual([]);
    expect(inboxRows([query('t1', '2021-03-05T15:04:05Z', '2021-03-09')], { nowMs: Number.NaN })[0]).not.toHaveProperty('ageOfQueryDays');
  });

  it('shows the answer of an answered query when its QuestionnaireResponse is found', () => {
    const response: QuestionnaireResponse = {
      resourceType: 'QuestionnaireResponse', id: 'qr1', status: 'completed', authored: '2021-03-07T09:00:00Z',
      item: [{ linkId: 'answer', answer: [{ valueCoding: { system: SYSTEM.ICD10CM, code: 'E87.1', display: 'Hyponatremia' } }] }],
    };
    const answered = { ...query('t1', '2021-03-05T15:04:05Z', '2021-03-09', { status: 'completed' }), output: [{ type: { text: 'questionnaire-response' }, valueReference: { reference: 'QuestionnaireResponse/qr1' } }] };
    const [row] = inboxRows([answered], { nowMs: NOW_MS, resolve: (r) => (r === 'QuestionnaireResponse/qr1' ? response : undefined) });
    expect(row!.status.answer?.choices).toEqual([{ text: 'Hyponatremia', code: 'E87.1', system: SYSTEM.ICD10CM }]);
  });

  it('labels an encounter by its type, else its class, and the day it began as recorded', () => {
    expect(encounterLabel(ENCOUNTERS[0])).toBe('Hospital admission of 2021-03-01');
    expect(encounterLabel({ resourceType: 'Encounter', id: 'e', status: 'finished', class: { code: 'EMER', display: 'emergency' }, period: { start: '2021-03-01' } })).toBe('emergency of 2021-03-01');
    expect(encounterLabel({ resourceType: 'Encounter', id: 'e', status: 'finished', class: { code: 'AMB' }, type: [{ text: 'Check-up\u0007' }] })).toBe('Check-up');
    expect(encounterLabel({ resourceType: 'Observation', id: 'o' })).toBeUndefined();
    expect(encounterLabel('Encounter/e')).toBeUndefined();
  });
});

describe('splitInbox', () => {
  it('lists open queries the oldest due first, then those with no due date; the same due, the oldest sent first', () => {
    const tasks = [
      query('late', '2021-03-01T09:00:00Z', '2021-03-10'),
      { ...query('undated', '2021-02-01T09:00:00Z', '2021-03-09'), restriction: undefined },
      query('same-due-newer', '2021-03-04T09:00:00Z', '2021-03-09'),
      query('same-due-older', '2021-03-03T09:00:00Z', '2021-03-09', { status: 'received' }),
      query('overdue', '2021-03-02T09:00:00Z', '2021-03-05', { status: 'in-progress' }),
      { ...query('undated-newer', '2021-02-02T09:00:00Z', '2021-03-09'), restriction: { period: { end: 'soon' } } },
    ];
    const { open, closed, counts } = splitInbox(rowsOf(tasks));
    expect(ids(open)).toEqual(['Task/overdue', 'Task/same-due-older', 'Task/same-due-newer', 'Task/late', 'Task/undated', 'Task/undated-newer']);
    expect(open[0]).toMatchObject({ overdue: true, status: { kind: 'overdue' } });
    expect(closed).toEqual([]);
    expect(counts).toEqual({ open: 6, overdue: 1, closed: 0 });
  });

  it('is overdue only once the whole due day has passed (UTC), whatever the machine\'s zone', () => {
    const t = query('t1', '2021-03-05T15:04:05Z', '2021-03-09');
    const dueEnd = Date.parse('2021-03-09T23:59:59.999Z');
    expect(rowsOf([t], dueEnd)[0]).toMatchObject({ overdue: false, status: { kind: 'sent' } });
    expect(rowsOf([t], dueEnd + 1)[0]).toMatchObject({ overdue: true, status: { kind: 'overdue' } });
    expect(splitInbox(rowsOf([t], dueEnd)).counts.overdue).toBe(0);
    expect(splitInbox(rowsOf([t], dueEnd + 1)).counts.overdue).toBe(1);
  });

  it('orders a due time with an offset by the instant it falls due', () => {
    const byTime = { ...query('evening-east', '2021-03-01T09:00:00Z', '2021-03-09'), restriction: { period: { end: '2021-03-09T17:00:00-05:00' } } };
    const byDay = query('day', '2021-03-01T08:00:00Z', '2021-03-09');
    expect(ids(splitInbox(rowsOf([byDay, byTime])).open)).toEqual(['Task/evening-east', 'Task/day']);
  });

  it('lists answered, declined and cancelled queries the most recently changed first, and leaves out the rest', () => {
    const tasks = [
      query('answered', '2021-03-01T09:00:00Z', '2021-03-03', { status: 'completed' }),
      query('declined', '2021-03-01T09:00:00Z', '2021-03-03', { status: 'rejected' }),
      query('cancelled', '2021-03-01T09:00:00Z', '2021-03-03', { status: 'cancelled' }),
      query('error', '2021-03-01T09:00:00Z', '2021-03-03', { status: 'entered-in-error' }),
      query('draft', '2021-03-01T09:00:00Z', '2021-03-03', { status: 'draft' }),
      query('open', '2021-03-01T09:00:00Z', '2021-03-03'),
    ].map((t, i) => ({ ...t, lastModified: ['2021-03-02T10:00:00Z', '2021-03-04T10:00:00Z', '2021-03-03T10:00:00Z', '2021-03-05T00:00:00Z', '2021-03-05T00:00:00Z', '2021-03-01T09:00:00Z'][i] }));
    const undated = { ...query('undated', '2021-03-01T09:00:00Z', '2021-03-03', { status: 'completed' }), lastModified: 'yesterday', authoredOn: undefined };
    const { open, closed, counts } = splitInbox(rowsOf([...tasks, undated]));
    expect(ids(closed)).toEqual(['Task/declined', 'Task/cancelled', 'Task/answered', 'Task/undated']);
    expect(closed.every((row) => !row.overdue)).toBe(true);
    expect(ids(open)).toEqual(['Task/open']);
    expect(counts).toEqual({ open: 1, overdue: 1, closed: 4 });
  });

  it('breaks every tie by Task, so the order never depends on the search\'s', () => {
    const tasks = ['b', 'a', 'c'].map((id) => query(id, '2021-03-05T15:04:05Z', '2021-03-09'));
    expect(ids(splitInbox(rowsOf(tasks)).open)).toEqual(['Task/a', 'Task/b', 'Task/c']);
    expect(ids(splitInbox(rowsOf([...tasks].reverse())).open)).toEqual(['Task/a', 'Task/b', 'Task/c']);
  });

  it('does not change the rows it is given', () => {
    const rows = rowsOf([query('b', '2021-03-05T15:04:05Z', '2021-03-10'), query('a', '2021-03-05T15:04:05Z', '2021-03-09')]);
    const before = structuredClone(rows);
    splitInbox(rows);
    expect(rows).toEqual(before);
  });
});
