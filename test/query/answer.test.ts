/**
 * The physician's side of a query (issue 11, items 3 and 4): the query read for answering, and the
 * transactions that mark it received, answer it (QuestionnaireResponse, the Condition of a diagnosis, the
 * Task completed, Provenance) and decline it. Tasks are made by buildQueryTransaction from the test drafts
 * and given what a server adds; the answer is read back by queryStatus, as the technician's view reads it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, Condition, Provenance, Questionnaire, QuestionnaireResponse, Task } from 'fhir/r4';
import {
  ANSWER_CONDITION_IDENTIFIER_SYSTEM, ANSWER_IDENTIFIER_SYSTEM, CONDITION_CATEGORY_SYSTEM, TASK_OUTPUT, answerIdentifiers, buildAnswerTransaction,
  buildDeclineTransaction, buildReceivedTransaction, holdsAnswerOf, readQueryForAnswer, type AnswerTransactionInput, type QueryForAnswer,
} from '../../src/query/answer';
import { DATA_OPERATION_SYSTEM, snomedForIcd10 } from '../../src/query/build-query';
import { CLARIFY_SYSTEM, ESCAPE_CODES } from '../../src/query/draft';
import { OPTION_SNOMED_EXTENSION, SDC_TEMP_SYSTEM, TASK_INPUT, YES_NO_SYSTEM } from '../../src/query/fhir-draft';
import { queryStatus } from '../../src/query/query-status';
import type { Finding } from '../../src/rules/index';
import { CLARIFY_CODE, SYSTEM } from '../../src/terminology/systems';
import { unresolvedPlaceholders, validateForWrite } from '../../mocks/fhir-validate';
import {
  AKI_OPEN, HEART_FAILURE_SPECIFICITY, HYPONATREMIA, PRESSURE_INJURY_POA, SEPSIS_VALIDATION, variant,
} from './queries';
import { PHYSICIAN, applyTransaction, loadFinding, sentTask, type SentOptions } from './sent-queries';

let finding: Finding;
beforeAll(async () => void (finding = await loadFinding()), 60_000);

const NOW = '2021-03-06T10:15:00Z';
const NOW_MS = Date.parse(NOW);
const UUID = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const task = (draft = HYPONATREMIA, options: SentOptions = {}) => sentTask(finding, draft, options);
const read = (t: unknown): QueryForAnswer => {
  const reading = readQueryForAnswer(t);
  if (!reading.ok) throw new Error(reading.error);
  return reading.query;
};
const answerInput = (overrides: Partial<AnswerTransactionInput> = {}): AnswerTransactionInput => ({
  task: task(), answer: { choice: 0, comment: 'SIADH suspected,\nwork-up ordered.' }, physician: PHYSICIAN, now: NOW, ...overrides,
});
const resources = (bundle: Bundle) => bundle.entry!.map((e) => e.resource!);
const ofType = <T>(bundle: Bundle, type: string) => resources(bundle).filter((r) => r.resourceType === type) as T[];

describe('readQueryForAnswer', () => {
  it('reads the question, the indicators with their sources, the options with their codes, purpose, format and escapes', () => {
    const query = read(task());
    expect(query).toEqual({
      task: 'Task/task-7', versionId: '2', taskStatus: 'requested', open: true,
      purpose: 'clarification', format: 'multiple-choice', title: 'Clarification query',
      question: HYPONATREMIA.question,
      indicators: HYPONATREMIA.indicators,
      options: [
        { index: 0, kind: 'diagnosis', text: 'Hyponatremia', code: 'E87.1', snomed: snomedForIcd10('E87.1') },
        { index: 1, kind: 'escape', text: 'Other (please specify)', escape: 'other' },
        { index: 2, kind: 'escape', text: 'Clinically undetermined', escape: 'undetermined' },
        { index: 3, kind: 'escape', text: 'Not clinically significant', escape: 'notSignificant' },
      ],
      escapes: ['other', 'undetermined', 'notSignificant'],
      patient: 'Patient/pat-1', encounter: 'Encounter/enc-1',
      requester: { reference: 'Practitioner/cdi-okafor', display: 'Renée Okafor, RHIT, CCDS' },
      owner: { reference: 'Practitioner/lee', display: 'Dr. Ana Lee' },
      authoredOn: '2021-03-05T15:04:05Z', due: '2021-03-09',
    });
    expect(snomedForIcd10('E87.1')).toEqual({ code: '89627008', display: 'Hyponatremia (disorder)' });
  });

  it('lists Yes and No first in a yes/no query, a plain-text option as text, nothing for an open-ended query', () => {
    expect(read(task(PRESSURE_INJURY_POA)).options).toEqual([
      { index: 0, kind: 'yes', text: 'Yes' }, { index: 1, kind: 'no', text: 'No' },
      { index: 2, kind: 'escape', text: 'Clinically undetermined', escape: 'undetermined' },
    ]);
    expect(read(task(SEPSIS_VALIDATION)).options.map((o) => [o.kind, o.text, o.code])).toEqual([
      ['diagnosis', 'Sepsis confirmed', 'A41.9'], ['text', 'Sepsis ruled out', undefined], ['escape', 'Other (please specify)', undefined], ['escape', 'Clinically undetermined', undefined],
    ]);
    expect(read(task(AKI_OPEN))).toMatchObject({ format: 'open-ended', options: [], escapes: [] });
  });

  it('says which queries are closed', () => {
    for (const status of ['completed', 'cancelled', 'rejected', 'failed', 'entered-in-error'] as const) expect(read(task(HYPONATREMIA, { status })).open).toBe(false);
    for (const status of ['requested', 'received', 'accepted', 'in-progress'] as const) expect(read(task(HYPONATREMIA, { status })).open).toBe(true);
  });

  it.each<[string, unknown]>([
    ['not an object', 'Task/1'],
    ['another resource type', { resourceType: 'Observation', id: 'o1' }],
    ['a Task that is not Clarify\'s query', { resourceType: 'Task', id: 't', status: 'requested', intent: 'order' }],
    ['a query without its Questionnaire', { resourceType: 'Task', id: 't', status: 'requested', code: { coding: [{ system: SYSTEM.CLARIFY, code: CLARIFY_CODE.QUERY }] } }],
  ])('refuses %s', (_name, value) => {
    const reading = readQueryForAnswer(value);
    expect(reading.ok).toBe(false);
    expect((reading as { error: string }).error).toMatch(/^This Task /);
  });

  it('refuses a query without an id, or whose answer options cannot be read', () => {
    expect(readQueryForAnswer({ ...task(), id: undefined }).ok).toBe(false);
    const broken = task();
    ((broken.contained![0] as Questionnaire).item!.find((i) => i.linkId === 'answer')!.answerOption as unknown[]).push({ valueInteger: 3 });
    expect(readQueryForAnswer(broken).ok).toBe(false);
  });

  it('shows hostile text as text: escape sequences and controls removed', () => {
    const hostile = variant(HYPONATREMIA, {
      question: `${HYPONATREMIA.question}\u001b[2J\u202e`,
      indicators: [{ text: 'Sodium 128 mmol/L\u0007 <img src=x onerror=alert(1)>', reference: 'Observation/na1' }, { text: 'Fluid restriction', reference: 'javascript:alert(1)' }],
    });
    const query = read(task(hostile));
    expect(query.question).toBe(HYPONATREMIA.question);
    expect(query.indicators).toEqual([
      { text: 'Sodium 128 mmol/L <img src=x onerror=alert(1)>', reference: 'Observation/na1' },
      { text: 'Fluid restriction' },
    ]);
  });
});

describe('opening a query marks it received', () => {
  it('PUTs the Task as received with If-Match on its version, and a Provenance naming the physician', () => {
    const sent = task();
    const before = structuredClone(sent);
    const bundle = buildReceivedTransaction(sent, PHYSICIAN, NOW)!;
    expect(bundle.type).toBe('transaction');
    const [put, provenance] = bundle.entry!;
    expect(put!.request).toEqual({ method: 'PUT', url: 'Task/task-7', ifMatch: 'W/"2"' });
    expect(put!.resource).toEqual({ ...sent, status: 'received', lastModified: NOW });
    expect(provenance!.request).toEqual({ method: 'POST', url: 'Provenance', ifNoneExist: `target=Task/task-7&recorded=${encodeURIComponent(NOW)}` });
    expect(provenance!.resource).toMatchObject({
      resourceType: 'Provenance', target: [{ reference: 'Task/task-7' }], recorded: NOW,
      activity: { coding: [{ system: DATA_OPERATION_SYSTEM, code: 'UPDATE' }] },
      agent: [{ who: PHYSICIAN }], entity: [{ role: 'revision', what: { reference: 'Task/task-7/_history/2' } }],
    });
    expect(sent).toEqual(before);
  });

  it('does nothing for a query already received, accepted or closed', () => {
    for (const status of ['received', 'accepted', 'in-progress', 'completed', 'cancelled', 'rejected'] as const) {
      expect(buildReceivedTransaction(task(HYPONATREMIA, { status }), PHYSICIAN, NOW)).toBeUndefined();
    }
  });

  it('refuses a Task that is not a query, a malformed physician or time', () => {
    expect(() => buildReceivedTransaction({ resourceType: 'Task', id: 't', status: 'requested', intent: 'order' }, PHYSICIAN, NOW)).toThrow(RangeError);
    expect(() => buildReceivedTransaction(task(), { reference: 'Organization/h' }, NOW)).toThrow(RangeError);
    expect(() => buildReceivedTransaction(task(), PHYSICIAN, '2021-03-06')).toThrow(RangeError);
    expect(() => buildReceivedTransaction(task(), PHYSICIAN, '2021-03-06T10:15Z')).toThrow(RangeError);
  });
});

describe('answering with a diagnosis', () => {
  it('writes, in order, the QuestionnaireResponse and the Condition (conditional POSTs), the Task PUT with If-Match, and two Provenances', () => {
    const bundle = buildAnswerTransaction(answerInput());
    const ids = answerIdentifiers('task-7', '2');
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
    expect(bundle.entry!.map((e) => [e.resource!.resourceType, e.request!.method, e.request!.url, e.request!.ifNoneExist ?? e.request!.ifMatch])).toEqual([
      ['QuestionnaireResponse', 'POST', 'QuestionnaireResponse', `identifier=${ANSWER_IDENTIFIER_SYSTEM}|${ids.questionnaireResponse}`],
      ['Condition', 'POST', 'Condition', `identifier=${ANSWER_CONDITION_IDENTIFIER_SYSTEM}|${ids.condition}`],
      ['Task', 'PUT', 'Task/task-7', 'W/"2"'],
      ['Provenance', 'POST', 'Provenance', `target=Task/task-7&recorded=${encodeURIComponent(NOW)}`],
      ['Provenance', 'POST', 'Provenance', `target:QuestionnaireResponse.identifier=${ANSWER_IDENTIFIER_SYSTEM}|${ids.questionnaireResponse}`],
    ]);
    // Every POST is conditional, so the gateway may resend the Bundle after a timeout.
    expect(bundle.entry!.every((e) => e.request!.method !== 'POST' || !!e.request!.ifNoneExist)).toBe(true);
    // The created resources have urn:uuid fullUrls, which the Task's output and the Provenance refer to.
    for (const i of [0, 1, 4]) expect(bundle.entry![i]!.fullUrl).toMatch(UUID);
    expect(bundle.entry!.map((e) => e.request!.method)).not.toContain('DELETE');
  });

  it('records the answer as a QuestionnaireResponse: the chosen Coding, the comment, the physician as author', () => {
    const bundle = buildAnswerTransaction(answerInput());
    const [response] = ofType<QuestionnaireResponse>(bundle, 'QuestionnaireResponse');
    const questionnaire = task().contained![0] as Questionnaire;
    expect(response).toEqual({
      resourceType: 'QuestionnaireResponse',
      contained: [questionnaire],
      identifier: { system: ANSWER_IDENTIFIER_SYSTEM, value: answerIdentifiers('task-7', '2').questionnaireResponse },
      questionnaire: '#query',
      status: 'completed',
      subject: { reference: 'Patient/pat-1' },
      encounter: { reference: 'Encounter/enc-1' },
      authored: NOW,
      author: PHYSICIAN,
      item: [
        { linkId: 'answer', text: 'Answer', answer: [{ valueCoding: { system: SYSTEM.ICD10CM, code: 'E87.1', display: 'Hyponatremia' } }] },
        { linkId: 'comment', text: 'Comment', answer: [{ valueString: 'SIADH suspected,\nwork-up ordered.' }] },
      ],
    });
  });

  it('documents the diagnosis as a Condition: encounter-diagnosis, active, confirmed, ICD-10-CM and SNOMED CT, the physician, the indicators as evidence', () => {
    const [condition] = ofType<Condition>(buildAnswerTransaction(answerInput()), 'Condition');
    expect(condition).toEqual({
      resourceType: 'Condition',
      identifier: [{ system: ANSWER_CONDITION_IDENTIFIER_SYSTEM, value: answerIdentifiers('task-7', '2').condition }],
      clinicalStatus: { coding: [{ system: SYSTEM.CONDITION_CLINICAL, code: 'active', display: 'Active' }] },
      verificationStatus: { coding: [{ system: SYSTEM.CONDITION_VERIFICATION, code: 'confirmed', display: 'Confirmed' }] },
      category: [{ coding: [{ system: CONDITION_CATEGORY_SYSTEM, code: 'encounter-diagnosis', display: 'Encounter Diagnosis' }] }],
      code: {
        coding: [
          { system: SYSTEM.ICD10CM, code: 'E87.1', display: 'Hyponatremia' },
          { system: SYSTEM.SNOMED, code: '89627008', display: 'Hyponatremia (disorder)' },
        ],
        text: 'Hyponatremia',
      },
      subject: { reference: 'Patient/pat-1' },
      encounter: { reference: 'Encounter/enc-1' },
      recordedDate: NOW,
      recorder: PHYSICIAN,
      asserter: PHYSICIAN,
      evidence: [{ detail: [{ reference: 'Observation/na1' }, { reference: 'Observation/na2' }, { reference: 'ServiceRequest/fr1' }] }],
    });
  });

  it('takes the SNOMED CT concept the option carries; without one known, only the ICD-10-CM coding', () => {
    const carried = task();
    const option = (carried.contained![0] as Questionnaire).item!.find((i) => i.linkId === 'answer')!.answerOption![0]!;
    option.extension = [{ url: OPTION_SNOMED_EXTENSION, valueCoding: { system: SYSTEM.SNOMED, code: '267447008', display: 'Hyponatremia (disorder) [test]' } }];
    expect(ofType<Condition>(buildAnswerTransaction(answerInput({ task: carried })), 'Condition')[0]!.code!.coding![1]).toEqual({ system: SYSTEM.SNOMED, code: '267447008', display: 'Hyponatremia (disorder) [test]' });
    // I50.21: several SNOMED CT concepts lead there, none is chosen (build-query.ts snomedForIcd10).
    const hf = buildAnswerTransaction(answerInput({ task: task(HEART_FAILURE_SPECIFICITY), answer: { choice: 1 } }));
    expect(ofType<Condition>(hf, 'Condition')[0]!.code).toEqual({ coding: [{ system: SYSTEM.ICD10CM, code: 'I50.22', display: 'Chronic systolic (congestive) heart failure' }], text: 'Chronic systolic (congestive) heart failure' });
    // No comment: no comment item.
    expect(ofType<QuestionnaireResponse>(hf, 'QuestionnaireResponse')[0]!.item!.map((i) => i.linkId)).toEqual(['answer']);
  });

  it('completes the Task with the response and the Condition in its output, everything else as the server sent it', () => {
    const sent = task();
    const before = structuredClone(sent);
    const bundle = buildAnswerTransaction(answerInput({ task: sent }));
    const [responseEntry, conditionEntry, put] = bundle.entry!;
    const ids = answerIdentifiers('task-7', '2');
    expect(put!.resource).toEqual({
      ...sent, status: 'completed', lastModified: NOW,
      output: [
        { type: { coding: [{ system: SDC_TEMP_SYSTEM, code: TASK_OUTPUT.questionnaireResponse, display: 'Questionnaire Response' }] },
          valueReference: { reference: responseEntry!.fullUrl, identifier: { system: ANSWER_IDENTIFIER_SYSTEM, value: ids.questionnaireResponse } } },
        { type: { coding: [{ system: CLARIFY_SYSTEM, code: TASK_OUTPUT.condition, display: 'Diagnosis documented by the answer' }] },
          valueReference: { reference: conditionEntry!.fullUrl, identifier: { system: ANSWER_CONDITION_IDENTIFIER_SYSTEM, value: ids.condition } } },
      ],
    });
    expect(sent).toEqual(before);
  });

  it('names the physician in a Provenance of the update and one of the creation, which targets the response and the Condition', () => {
    const bundle = buildAnswerTransaction(answerInput());
    const [responseEntry, conditionEntry] = bundle.entry!;
    const [update, create] = ofType<Provenance>(bundle, 'Provenance');
    expect(update).toMatchObject({
      target: [{ reference: 'Task/task-7' }], recorded: NOW, activity: { coding: [{ system: DATA_OPERATION_SYSTEM, code: 'UPDATE' }] },
      agent: [{ who: PHYSICIAN }], entity: [{ role: 'revision', what: { reference: 'Task/task-7/_history/2' } }],
    });
    expect(create).toMatchObject({
      target: [{ reference: responseEntry!.fullUrl }, { reference: conditionEntry!.fullUrl }], recorded: NOW,
      activity: { coding: [{ system: DATA_OPERATION_SYSTEM, code: 'CREATE' }] },
      agent: [{ who: PHYSICIAN }], entity: [{ role: 'source', what: { reference: 'Task/task-7/_history/2' } }],
    });
  });

  it('is what the mock EHR accepts: valid resources, every urn:uuid resolved once the server gives ids', () => {
    const bundle = buildAnswerTransaction(answerInput());
    for (const resource of resources(bundle)) expect(validateForWrite(resource)).toEqual([]);
    const stored = applyTransaction(bundle);
    expect(unresolvedPlaceholders(stored, 'Bundle')).toEqual([]);
  });
});

describe('the answer read back by queryStatus (the technician\'s view)', () => {
  function roundTrip(bundle: Bundle) {
    const stored = applyTransaction(bundle);
    const byReference = new Map(stored.map((r) => [`${r.resourceType}/${r.id}`, r]));
    const completed = stored.find((r): r is Task => r.resourceType === 'Task')!;
    return { completed, stored, status: queryStatus(completed, NOW_MS + 1000, (reference) => byReference.get(reference)) };
  }

  it('is answered with the chosen diagnosis, its code and the comment', () => {
    const { completed, stored, status } = roundTrip(buildAnswerTransaction(answerInput()));
    expect(completed.meta?.versionId).toBe('3');
    expect(status).toEqual({
      kind: 'answered', taskStatus: 'completed', due: '2021-03-09', overdue: false, changed: NOW,
      answer: {
        choices: [{ text: 'Hyponatremia', code: 'E87.1', system: SYSTEM.ICD10CM }],
        comment: 'SIADH suspected, work-up ordered.',
        authored: NOW,
        reference: 'QuestionnaireResponse/questionnaireresponse-1',
      },
    });
    const condition = stored.find((r): r is Condition => r.resourceType === 'Condition')!;
    expect(completed.output![1]!.valueReference!.reference).toBe(`Condition/${condition.id}`);
  });

  it('is answered with the physician\'s own words for "Other", as a valueString, and no Condition', () => {
    const bundle = buildAnswerTransaction(answerInput({ answer: { choice: 'other', otherText: '  Beer potomania  ' } }));
    expect(ofType(bundle, 'Condition')).toEqual([]);
    expect(ofType<QuestionnaireResponse>(bundle, 'QuestionnaireResponse')[0]!.item).toEqual([{ linkId: 'answer', text: 'Answer', answer: [{ valueString: 'Beer potomania' }] }]);
    expect((ofType<Task>(bundle, 'Task')[0]!.output ?? []).map((o) => o.type.coding![0]!.code)).toEqual([TASK_OUTPUT.questionnaireResponse]);
    expect(ofType<Provenance>(bundle, 'Provenance')[1]!.target).toHaveLength(1);
    expect(roundTrip(bundle).status.answer).toEqual({ choices: [{ text: 'Beer potomania' }], authored: NOW, reference: 'QuestionnaireResponse/questionnaireresponse-1' });
    // Choosing the "Other" option by its number is the same.
    expect(buildAnswerTransaction(answerInput({ answer: { choice: 1, otherText: 'Beer potomania' } }))).toEqual(bundle);
  });

  it('is answered with an escape as the Questionnaire offers it (its Clarify code), and no Condition', () => {
    const bundle = buildAnswerTransaction(answerInput({ answer: { choice: 2 } }));
    expect(ofType(bundle, 'Condition')).toEqual([]);
    expect(ofType<QuestionnaireResponse>(bundle, 'QuestionnaireResponse')[0]!.item![0]!.answer).toEqual([
      { valueCoding: { system: CLARIFY_SYSTEM, code: ESCAPE_CODES.undetermined, display: 'Clinically undetermined' } },
    ]);
    expect(roundTrip(bundle).status.answer!.choices).toEqual([{ text: 'Clinically undetermined', code: ESCAPE_CODES.undetermined, system: CLARIFY_SYSTEM }]);
  });

  it('is answered with a plain-text option as a valueString', () => {
    const bundle = buildAnswerTransaction(answerInput({ task: task(SEPSIS_VALIDATION), answer: { choice: 1, comment: 'Cultures negative.' } }));
    expect(ofType(bundle, 'Condition')).toEqual([]);
    expect(roundTrip(bundle).status.answer).toMatchObject({ choices: [{ text: 'Sepsis ruled out' }], comment: 'Cultures negative.' });
  });

  it('is answered Yes to a yes/no query (HL7 table 0136), with no Condition: the question is free text', () => {
    const bundle = buildAnswerTransaction(answerInput({ task: task(PRESSURE_INJURY_POA), answer: { choice: 0 } }));
    expect(ofType(bundle, 'Condition')).toEqual([]);
    expect(roundTrip(bundle).status.answer!.choices).toEqual([{ text: 'Yes', code: 'Y', system: YES_NO_SYSTEM }]);
  });

  it('is answered in free text only for an open-ended query', () => {
    const bundle = buildAnswerTransaction(answerInput({ task: task(AKI_OPEN), answer: { comment: 'Acute tubular necrosis from contrast.' } }));
    expect(ofType<QuestionnaireResponse>(bundle, 'QuestionnaireResponse')[0]!.item).toEqual([{ linkId: 'comment', text: 'Comment', answer: [{ valueString: 'Acute tubular necrosis from contrast.' }] }]);
    expect(roundTrip(bundle).status.answer).toMatchObject({ choices: [], comment: 'Acute tubular necrosis from contrast.' });
  });
});

describe('retries and identifiers', () => {
  it('builds the same Bundle for the same answer of the same version (a retry answers once), another for another version', () => {
    expect(buildAnswerTransaction(answerInput())).toEqual(buildAnswerTransaction(answerInput()));
    const v2 = answerIdentifiers('task-7', '2');
    const v3 = answerIdentifiers('task-7', '3');
    expect(v3.questionnaireResponse).not.toBe(v2.questionnaireResponse);
    expect(v2.questionnaireResponse).not.toBe(v2.condition);
    expect(answerIdentifiers('task-8', '2').questionnaireResponse).not.toBe(v2.questionnaireResponse);
    expect(`urn:uuid:${v2.questionnaireResponse}`).toMatch(UUID);
  });

  it('recognises, after an uncertain submit, the Task that already holds this answer', () => {
    const { completed } = (() => {
      const stored = applyTransaction(buildAnswerTransaction(answerInput()));
      return { completed: stored.find((r): r is Task => r.resourceType === 'Task')! };
    })();
    expect(holdsAnswerOf(completed, 'task-7', '2')).toBe(true);
    expect(holdsAnswerOf(completed, 'task-7', '1')).toBe(false);
    expect(holdsAnswerOf(task(), 'task-7', '2')).toBe(false);
    expect(holdsAnswerOf({ resourceType: 'Task', output: 'x' }, 'task-7', '2')).toBe(false);
    expect(holdsAnswerOf(null, 'task-7', '2')).toBe(false);
  });

  it('sends no If-Match for a Task the server gave no version, and still derives its identifiers', () => {
    const { meta: _meta, ...unversioned } = task();
    const bundle = buildAnswerTransaction(answerInput({ task: unversioned }));
    expect(bundle.entry![2]!.request).toEqual({ method: 'PUT', url: 'Task/task-7' });
    expect((bundle.entry![0]!.resource as QuestionnaireResponse).identifier!.value).toBe(answerIdentifiers('task-7', undefined).questionnaireResponse);
  });

  it('puts no patient data in identifiers, fullUrls or request URLs', () => {
    const bundle = buildAnswerTransaction(answerInput());
    const addresses = JSON.stringify([
      bundle.entry!.map((e) => [e.fullUrl, e.request]),
      resources(bundle).map((r) => (r as { identifier?: unknown }).identifier),
      ofType<Task>(bundle, 'Task')[0]!.output,
    ]);
    for (const personal of ['pat-1', 'Patient', 'enc-1', 'Hyponatremia', 'E87.1', 'Lee', 'sodium']) expect(addresses).not.toContain(personal);
  });

  it('names the Questionnaire by its canonical when the Task\'s input is one (no copy contained)', () => {
    const sent = task();
    const questionnaire = { ...(sent.contained![0] as Questionnaire), id: 'q1', url: 'https://ehr.example.org/fhir/Questionnaire/q1', version: '4' };
    const byUrl: Task = {
      ...sent, contained: undefined,
      input: sent.input!.map((i) => (i.type.coding![0]!.code === TASK_INPUT.questionnaire ? { ...i, valueCanonical: 'https://ehr.example.org/fhir/Questionnaire/q1|4' } : i)),
    };
    const resolve = (reference: string) => (reference.startsWith(questionnaire.url) ? questionnaire : undefined);
    expect(readQueryForAnswer(byUrl, resolve).ok).toBe(true);
    const response = ofType<QuestionnaireResponse>(buildAnswerTransaction(answerInput({ task: byUrl, resolve })), 'QuestionnaireResponse')[0]!;
    expect(response.questionnaire).toBe('https://ehr.example.org/fhir/Questionnaire/q1|4');
    expect(response.contained).toBeUndefined();
  });
});

describe('refusals', () => {
  it.each<[Task['status'], RegExp]>([
    ['completed', /already been answered/],
    ['cancelled', /withdrawn/],
    ['rejected', /already been declined/],
    ['failed', /already been declined/],
    ['entered-in-error', /entered in error/],
  ])('refuses to answer or decline a query that is %s', (status, message) => {
    expect(() => buildAnswerTransaction(answerInput({ task: task(HYPONATREMIA, { status }) }))).toThrow(message);
    expect(() => buildAnswerTransaction(answerInput({ task: task(HYPONATREMIA, { status }) }))).toThrow(RangeError);
    expect(() => buildDeclineTransaction(task(HYPONATREMIA, { status }), PHYSICIAN, NOW, 'Not my patient')).toThrow(message);
  });

  it('answers a query received, accepted or overdue', () => {
    for (const status of ['received', 'accepted', 'in-progress'] as const) expect(() => buildAnswerTransaction(answerInput({ task: task(HYPONATREMIA, { status }) }))).not.toThrow();
    // Past its due date (2021-03-09) the query is overdue but still open.
    expect(() => buildAnswerTransaction(answerInput({ now: '2021-03-20T08:00:00Z' }))).not.toThrow();
  });

  it.each<[string, AnswerTransactionInput['answer'], RegExp]>([
    ['an option index past the end', { choice: 4 }, /no answer number 5 .*it has 4/],
    ['a negative index', { choice: -1 }, /no answer number/],
    ['a fractional index', { choice: 1.5 }, /no answer number/],
    ['NaN', { choice: Number.NaN }, /no answer number/],
    ['no choice', { comment: 'See my note.' }, /Choose one of the answers/],
    ['"Other" without text', { choice: 'other' }, /Write your answer for "Other/],
    ['"Other" with only spaces', { choice: 'other', otherText: ' \n ' }, /Write your answer for "Other/],
    ['the Other option by number, without text', { choice: 1, otherText: '' }, /Write your answer for "Other/],
    ['an over-long "Other"', { choice: 'other', otherText: 'x'.repeat(2001) }, /longer than 2000/],
    ['an over-long comment', { choice: 0, comment: 'x'.repeat(10_001) }, /longer than 10000/],
  ])('refuses %s', (_name, answer, message) => {
    expect(() => buildAnswerTransaction(answerInput({ answer }))).toThrow(RangeError);
    expect(() => buildAnswerTransaction(answerInput({ answer }))).toThrow(message);
  });

  it('refuses "Other" on a query that offers none, a choice on an open-ended query, an empty open-ended answer', () => {
    expect(() => buildAnswerTransaction(answerInput({ task: task(PRESSURE_INJURY_POA), answer: { choice: 'other', otherText: 'Unclear' } }))).toThrow(/offers no "Other"/);
    expect(() => buildAnswerTransaction(answerInput({ task: task(AKI_OPEN), answer: { choice: 0, comment: 'ATN' } }))).toThrow(/open-ended/);
    expect(() => buildAnswerTransaction(answerInput({ task: task(AKI_OPEN), answer: { comment: '   ' } }))).toThrow(/Write your answer to this open-ended query/);
  });

  it('refuses input no caller should pass', () => {
    expect(() => buildAnswerTransaction(answerInput({ physician: { reference: 'Patient/pat-1' } }))).toThrow(RangeError);
    expect(() => buildAnswerTransaction(answerInput({ now: '2021-03-06' }))).toThrow(RangeError);
    expect(() => buildAnswerTransaction(answerInput({ patient: 'Patient/someone-else' }))).toThrow(/not the query's patient/);
    expect(() => buildAnswerTransaction(answerInput({ encounter: 'Encounter/other' }))).toThrow(/not the query's encounter/);
    expect(() => buildAnswerTransaction(answerInput({ task: { ...task(), for: undefined } }))).toThrow(/names no patient/);
    expect(() => buildAnswerTransaction(answerInput({ task: { resourceType: 'Task', id: 't', status: 'requested', intent: 'order' } }))).toThrow(/cannot be answered in Clarify/);
    // The same patient written absolute is the query's patient; a Task without `for` takes the one given.
    expect(() => buildAnswerTransaction(answerInput({ patient: 'https://ehr.example.org/fhir/Patient/pat-1' }))).not.toThrow();
    expect(ofType<QuestionnaireResponse>(buildAnswerTransaction(answerInput({ task: { ...task(), for: undefined }, patient: 'Patient/pat-1' })), 'QuestionnaireResponse')[0]!.subject).toEqual({ reference: 'Patient/pat-1' });
  });
});

describe('declining a query', () => {
  it('PUTs the Task as rejected with the reason, If-Match on its version, and a Provenance', () => {
    const sent = task(HYPONATREMIA, { status: 'received' });
    const bundle = buildDeclineTransaction(sent, PHYSICIAN, NOW, '  Not my patient: I saw her once in clinic.  ');
    const [put, provenance] = bundle.entry!;
    expect(put!.request).toEqual({ method: 'PUT', url: 'Task/task-7', ifMatch: 'W/"2"' });
    expect(put!.resource).toEqual({ ...sent, status: 'rejected', statusReason: { text: 'Not my patient: I saw her once in clinic.' }, lastModified: NOW });
    expect(provenance!.resource).toMatchObject({ activity: { coding: [{ code: 'UPDATE' }] }, agent: [{ who: PHYSICIAN }], target: [{ reference: 'Task/task-7' }] });
    const stored = applyTransaction(bundle).find((r): r is Task => r.resourceType === 'Task')!;
    expect(queryStatus(stored, NOW_MS)).toMatchObject({ kind: 'declined', reason: 'Not my patient: I saw her once in clinic.' });
  });

  it('needs a reason', () => {
    expect(() => buildDeclineTransaction(task(), PHYSICIAN, NOW, '')).toThrow(/reason is needed/);
    expect(() => buildDeclineTransaction(task(), PHYSICIAN, NOW, ' \n\t ')).toThrow(RangeError);
    expect(() => buildDeclineTransaction(task(), PHYSICIAN, NOW, 'x'.repeat(2001))).toThrow(/longer than/);
  });
});
