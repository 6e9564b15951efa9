/**
 * Where a query stands, read from its Task as the EHR returns it (untrusted JSON), and which finding it was
 * sent for (the DetectedIssue's identifier is the finding id).
 */
import { describe, expect, it } from 'vitest';
import type { DetectedIssue, QuestionnaireResponse, Task } from 'fhir/r4';
import { FINDING_IDENTIFIER_SYSTEM, QUERY_IDENTIFIER_SYSTEM } from '../../src/query/build-query';
import { findingIdOfQuery, isClarifyQuery, isOpenQuery, queriesByFinding, queryStatus } from '../../src/query/query-status';
import { CLARIFY_CODE, SYSTEM } from '../../src/terminology/systems';
import { YES_NO_SYSTEM } from '../../src/query/fhir-draft';

const BEFORE_DUE = Date.parse('2021-03-09T20:00:00Z');
const AFTER_DUE = Date.parse('2021-03-10T00:00:01Z');

function query(overrides: Partial<Task> = {}): Task {
  return {
    resourceType: 'Task', id: 'q1', status: 'requested', intent: 'order',
    identifier: [{ system: QUERY_IDENTIFIER_SYSTEM, value: '6f1c2a9e-4b7d-4e21-9c3a-0d8e5f7a1b2c' }],
    code: { coding: [{ system: SYSTEM.CLARIFY, code: CLARIFY_CODE.QUERY }] },
    for: { reference: 'Patient/pat-1' }, authoredOn: '2021-03-05T15:04:05Z', lastModified: '2021-03-05T15:04:05Z',
    owner: { reference: 'Practitioner/lee' }, restriction: { period: { end: '2021-03-09' } },
    reasonReference: { reference: 'DetectedIssue/d1', identifier: { system: FINDING_IDENTIFIER_SYSTEM, value: 'f-0123456789abcdef' } },
    ...overrides,
  };
}

const response: QuestionnaireResponse = {
  resourceType: 'QuestionnaireResponse', id: 'qr1', status: 'completed', questionnaire: '#query', authored: '2021-03-06T10:00:00Z',
  item: [
    { linkId: 'answer', answer: [{ valueCoding: { system: SYSTEM.ICD10CM, code: 'E87.1', display: 'Hyponatremia' } }] },
    { linkId: 'comment', answer: [{ valueString: 'SIADH suspected,\nwork-up ordered.' }] },
  ],
};
const answered = () => query({ status: 'completed', output: [{ type: { text: 'questionnaire-response' }, valueReference: { reference: 'QuestionnaireResponse/qr1' } }] });

describe('queryStatus', () => {
  it.each<[Task['status'], string]>([
    ['requested', 'sent'], ['received', 'received'], ['accepted', 'accepted'], ['ready', 'accepted'], ['in-progress', 'in-progress'],
    ['on-hold', 'in-progress'], ['completed', 'answered'], ['rejected', 'declined'], ['failed', 'declined'], ['cancelled', 'cancelled'],
    ['draft', 'unknown'], ['entered-in-error', 'unknown'],
  ])('reads Task.status %s as %s', (status, kind) => {
    expect(queryStatus(query({ status }), BEFORE_DUE)).toMatchObject({ kind, taskStatus: status, due: '2021-03-09', overdue: false });
  });

  it('is overdue once an open query passes the whole of its due date', () => {
    expect(queryStatus(query(), Date.parse('2021-03-09T23:59:59Z')).kind).toBe('sent');
    expect(queryStatus(query(), AFTER_DUE)).toMatchObject({ kind: 'overdue', taskStatus: 'requested', overdue: true });
    expect(queryStatus(query({ status: 'in-progress' }), AFTER_DUE).kind).toBe('overdue');
    expect(queryStatus(query({ restriction: { period: { end: '2021-03-09T17:00:00-05:00' } } }), Date.parse('2021-03-09T22:30:00Z')).kind).toBe('overdue');
  });

  it('is never overdue once answered, declined or cancelled, or without a due date', () => {
    for (const status of ['completed', 'rejected', 'cancelled'] as const) expect(queryStatus(query({ status }), AFTER_DUE).overdue).toBe(false);
    expect(queryStatus(query({ restriction: undefined }), AFTER_DUE).kind).toBe('sent');
  });

  it('gives the reason a query was declined or cancelled', () => {
    expect(queryStatus(query({ status: 'rejected', statusReason: { text: 'Not my patient' } }), BEFORE_DUE)).toMatchObject({ kind: 'declined', reason: 'Not my patient' });
    expect(queryStatus(query({ status: 'failed', statusReason: { coding: [{ display: 'Unable to answer' }] } }), BEFORE_DUE)).toMatchObject({ kind: 'declined', reason: 'Unable to answer' });
    expect(queryStatus(query({ status: 'cancelled', statusReason: { text: 'Sent to the wrong physician' } }), BEFORE_DUE)).toMatchObject({ kind: 'cancelled', reason: 'Sent to the wrong physician' });
  });

  it('gives the answer of a completed query from its QuestionnaireResponse', () => {
    const status = queryStatus(answered(), AFTER_DUE, (reference) => (reference === 'QuestionnaireResponse/qr1' ? response : undefined));
    expect(status).toEqual({
      kind: 'answered', taskStatus: 'completed', due: '2021-03-09', overdue: false, changed: '2021-03-05T15:04:05Z',
      answer: {
        choices: [{ text: 'Hyponatremia', code: 'E87.1', system: SYSTEM.ICD10CM }],
        comment: 'SIADH suspected, work-up ordered.',
        authored: '2021-03-06T10:00:00Z',
        reference: 'QuestionnaireResponse/qr1',
      },
    });
  });

  it('reads a contained answer, a yes/no answer and a free-text-only answer', () => {
    const yes: QuestionnaireResponse = { ...response, id: 'r', item: [{ linkId: 'answer', answer: [{ valueCoding: { system: YES_NO_SYSTEM, code: 'Y', display: 'Yes' } }] }] };
    const task = query({ status: 'completed', contained: [yes], output: [{ type: { text: 'questionnaire-response' }, valueReference: { reference: '#r' } }] });
    expect(queryStatus(task, AFTER_DUE).answer?.choices).toEqual([{ text: 'Yes', code: 'Y', system: YES_NO_SYSTEM }]);
    const textOnly: QuestionnaireResponse = { ...response, item: [{ linkId: 'comment', answer: [{ valueString: 'See my progress note of 03-06.' }] }] };
    expect(queryStatus(answered(), AFTER_DUE, () => textOnly).answer).toMatchObject({ choices: [], comment: 'See my progress note of 03-06.' });
  });

  it('is answered without an answer when the QuestionnaireResponse cannot be found', () => {
    const status = queryStatus(answered(), AFTER_DUE);
    expect(status.kind).toBe('answered');
    expect(status.answer).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ['not an object', 'Task'],
    ['null', null],
    ['another resource', { resourceType: 'Observation', status: 'final' }],
    ['a status of the wrong type', { resourceType: 'Task', status: 7 }],
    ['a status that is no Task status', { resourceType: 'Task', status: 'active' }],
    ['a status named like an Object property', { resourceType: 'Task', status: 'constructor' }],
  ])('is unknown for %s', (_case, task) => {
    expect(queryStatus(task, AFTER_DUE)).toEqual({ kind: 'unknown', overdue: false });
  });

  it('reads odd fields defensively: a due date that is no date, an output that is not a list, a reason that is not text', () => {
    const odd = { ...query(), restriction: { period: { end: '2021-02-30' } }, output: 'QuestionnaireResponse/qr1', statusReason: 42, status: 'completed' } as unknown;
    expect(queryStatus(odd, AFTER_DUE, () => response)).toEqual({ kind: 'answered', taskStatus: 'completed', overdue: false, changed: '2021-03-05T15:04:05Z' });
    const hostile = query({ status: 'rejected', statusReason: { text: '\u001b[31mNot\u202e mine\u0007' } });
    expect(queryStatus(hostile, BEFORE_DUE).reason).toBe('Not mine');
  });
});

describe('isOpenQuery', () => {
  it('is true while the physician may still answer (the query may be cancelled)', () => {
    expect(['sent', 'received', 'accepted', 'in-progress', 'overdue'].map((kind) => isOpenQuery({ kind: kind as never }))).toEqual([true, true, true, true, true]);
    expect(['answered', 'declined', 'cancelled', 'unknown'].map((kind) => isOpenQuery({ kind: kind as never }))).toEqual([false, false, false, false]);
  });
});

describe('findingIdOfQuery', () => {
  const issue = (id: string, findingId: string): DetectedIssue => ({
    resourceType: 'DetectedIssue', id, status: 'preliminary', identifier: [{ system: FINDING_IDENTIFIER_SYSTEM, value: findingId }],
  });

  it("matches a query to its finding by the DetectedIssue's identifier", () => {
    const task = query({ reasonReference: { reference: 'DetectedIssue/d1' } });
    expect(findingIdOfQuery(task, [issue('d0', 'f-aaaaaaaaaaaaaaaa'), issue('d1', 'f-0123456789abcdef')])).toBe('f-0123456789abcdef');
    expect(findingIdOfQuery(query({ reasonReference: { reference: 'https://ehr.example.org/fhir/DetectedIssue/d1/_history/2' } }), [issue('d1', 'f-0123456789abcdef')])).toBe('f-0123456789abcdef');
  });

  it('falls back to the logical reference Clarify writes beside it', () => {
    expect(findingIdOfQuery(query(), [])).toBe('f-0123456789abcdef');
  });

  it('reads a DetectedIssue contained in the Task', () => {
    const task = query({ contained: [issue('di', 'f-1111111111111111')], reasonReference: { reference: '#di' } });
    expect(findingIdOfQuery(task, [])).toBe('f-1111111111111111');
  });

  it('finds nothing for a Task that names no finding of Clarify', () => {
    expect(findingIdOfQuery(query({ reasonReference: undefined }), [])).toBeUndefined();
    expect(findingIdOfQuery(query({ reasonReference: { reference: 'DetectedIssue/d9' } }), [{ ...issue('d9', 'x'), identifier: [{ system: 'urn:other', value: 'f-1' }] }])).toBeUndefined();
    expect(findingIdOfQuery({ resourceType: 'Task', reasonReference: 'DetectedIssue/d1' }, [])).toBeUndefined();
    expect(findingIdOfQuery(null, [])).toBeUndefined();
  });
});

describe('queriesByFinding', () => {
  it("groups Clarify's queries by finding, newest first, leaving out other Tasks", () => {
    const older = query({ id: 'a', authoredOn: '2021-03-01T10:00:00Z' });
    const newer = query({ id: 'b', authoredOn: '2021-03-05T10:00:00Z' });
    const other = query({ id: 'c', reasonReference: { identifier: { system: FINDING_IDENTIFIER_SYSTEM, value: 'f-2222222222222222' } } });
    const notOurs = query({ id: 'd', code: { coding: [{ system: 'http://hl7.org/fhir/uv/sdc/CodeSystem/temp', code: 'complete-questionnaire' }] } });
    const groups = queriesByFinding([older, newer, other, notOurs], []);
    expect([...groups.keys()]).toEqual(['f-0123456789abcdef', 'f-2222222222222222']);
    expect(groups.get('f-0123456789abcdef')!.map((t) => t.id)).toEqual(['b', 'a']);
    expect(isClarifyQuery(notOurs)).toBe(false);
  });
});
