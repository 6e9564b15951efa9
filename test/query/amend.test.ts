/**
 * Amending the answer of an answered query (issue 11, item 3: "an answer is never changed silently: an
 * amendment is a new version with its Provenance"): a new QuestionnaireResponse `amended`, the Condition of
 * a new diagnosis, the Task PUT with If-Match and its output naming them, a Provenance whose `revision`
 * entity is the earlier response; read back by queryStatus as the technician's view reads it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, Condition, Provenance, QuestionnaireResponse, Task } from 'fhir/r4';
import {
  ANSWER_CONDITION_IDENTIFIER_SYSTEM, ANSWER_IDENTIFIER_SYSTEM, TASK_OUTPUT, answerIdentifiers, buildAmendTransaction, buildAnswerTransaction,
  holdsAnswerOf, type AmendTransactionInput, type PhysicianAnswer,
} from '../../src/query/answer';
import { DATA_OPERATION_SYSTEM } from '../../src/query/build-query';
import { queryStatus } from '../../src/query/query-status';
import type { Finding } from '../../src/rules/index';
import { SYSTEM } from '../../src/terminology/systems';
import { unresolvedPlaceholders, validateForWrite } from '../../mocks/fhir-validate';
import { HYPONATREMIA, SEPSIS_VALIDATION } from './queries';
import { PHYSICIAN, applyTransaction, loadFinding, sentTask } from './sent-queries';

let finding: Finding;
beforeAll(async () => void (finding = await loadFinding()), 60_000);

const ANSWERED_AT = '2021-03-06T10:15:00Z';
const NOW = '2021-03-07T09:00:00Z';
const NOW_MS = Date.parse(NOW);

const resources = (bundle: Bundle) => bundle.entry!.map((e) => e.resource!);
const ofType = <T>(list: readonly { resourceType: string }[], type: string) => list.filter((r) => r.resourceType === type) as T[];

/** A query answered (as the server keeps it): the completed Task (version 3), its response and Condition. */
function answered(draft = HYPONATREMIA, answer: PhysicianAnswer = { choice: 0, comment: 'SIADH suspected.' }) {
  const stored = applyTransaction(buildAnswerTransaction({ task: sentTask(finding, draft), answer, physician: PHYSICIAN, now: ANSWERED_AT }));
  return {
    task: ofType<Task>(stored, 'Task')[0]!,
    response: ofType<QuestionnaireResponse>(stored, 'QuestionnaireResponse')[0]!,
    condition: ofType<Condition>(stored, 'Condition')[0],
  };
}

const amendInput = (overrides: Partial<AmendTransactionInput> = {}): AmendTransactionInput => {
  const { task, response } = answered();
  return { task, previous: response, answer: { choice: 'other', otherText: 'Beer potomania' }, physician: PHYSICIAN, now: NOW, ...overrides };
};

describe('buildAmendTransaction', () => {
  it('writes a new response (amended), the Task PUT with If-Match on the version amended, and a Provenance of the revision', () => {
    const { task, response } = answered();
    expect(task.meta?.versionId).toBe('3');
    expect(response.id).toBe('questionnaireresponse-1');
    const bundle = buildAmendTransaction({ task, previous: response, answer: { choice: 'other', otherText: 'Beer potomania' }, physician: PHYSICIAN, now: NOW, reason: 'Sodium corrected with fluid restriction.' });
    const ids = answerIdentifiers('task-7', '3');
    expect(bundle.entry!.map((e) => [e.request!.method, e.request!.url, e.resource!.resourceType])).toEqual([
      ['POST', 'QuestionnaireResponse', 'QuestionnaireResponse'], ['PUT', 'Task/task-7', 'Task'], ['POST', 'Provenance', 'Provenance'],
    ]);
    const [responseEntry, put, provenanceEntry] = bundle.entry!;
    // Conditional on an identifier derived from the Task and the version amended: not the first answer's.
    expect(responseEntry!.request!.ifNoneExist).toBe(`identifier=${ANSWER_IDENTIFIER_SYSTEM}|${ids.questionnaireResponse}`);
    expect(ids.questionnaireResponse).not.toBe(answerIdentifiers('task-7', '2').questionnaireResponse);
    expect(responseEntry!.resource).toMatchObject({
      status: 'amended', identifier: { system: ANSWER_IDENTIFIER_SYSTEM, value: ids.questionnaireResponse },
      subject: { reference: 'Patient/pat-1' }, encounter: { reference: 'Encounter/enc-1' }, author: PHYSICIAN, authored: NOW,
      item: [{ linkId: 'answer', text: 'Answer', answer: [{ valueString: 'Beer potomania' }] }],
    });
    expect(put!.request).toEqual({ method: 'PUT', url: 'Task/task-7', ifMatch: 'W/"3"' });
    // Still completed; the output names the new response instead of the earlier response and Condition.
    expect(put!.resource).toEqual({
      ...task, status: 'completed', lastModified: NOW,
      output: [{
        type: { coding: [{ system: expect.any(String), code: TASK_OUTPUT.questionnaireResponse, display: 'Questionnaire Response' }] },
        valueReference: { reference: responseEntry!.fullUrl, identifier: { system: ANSWER_IDENTIFIER_SYSTEM, value: ids.questionnaireResponse } },
      }],
    });
    expect(provenanceEntry!.request!.ifNoneExist).toBe(`target:QuestionnaireResponse.identifier=${ANSWER_IDENTIFIER_SYSTEM}|${ids.questionnaireResponse}`);
    expect(provenanceEntry!.resource).toMatchObject({
      target: [{ reference: 'Task/task-7' }, { reference: responseEntry!.fullUrl }], recorded: NOW,
      activity: { coding: [{ system: DATA_OPERATION_SYSTEM, code: 'UPDATE' }] }, agent: [{ who: PHYSICIAN }],
      entity: [
        { role: 'revision', what: { reference: 'QuestionnaireResponse/questionnaireresponse-1' } },
        { role: 'revision', what: { reference: 'Task/task-7/_history/3' } },
      ],
      reason: [{ text: 'Sodium corrected with fluid restriction.' }],
    });
    // Nothing touches the earlier response or Condition.
    expect(bundle.entry!.some((e) => e.request!.url.startsWith('QuestionnaireResponse/') || e.request!.url.startsWith('Condition/'))).toBe(false);
  });

  it('documents a new diagnosis as a new confirmed Condition, and leaves the earlier one alone', () => {
    const { task, response, condition } = answered(SEPSIS_VALIDATION, { choice: 1 });
    expect(condition).toBeUndefined();
    const bundle = buildAmendTransaction({ task, previous: response, answer: { choice: 0 }, physician: PHYSICIAN, now: NOW });
    const ids = answerIdentifiers('task-7', '3');
    const [responseEntry, conditionEntry, put, provenanceEntry] = bundle.entry!;
    expect(conditionEntry!.request).toEqual({ method: 'POST', url: 'Condition', ifNoneExist: `identifier=${ANSWER_CONDITION_IDENTIFIER_SYSTEM}|${ids.condition}` });
    expect(conditionEntry!.resource).toMatchObject({
      verificationStatus: { coding: [{ code: 'confirmed' }] }, recordedDate: NOW, asserter: PHYSICIAN,
    });
    expect((conditionEntry!.resource as Condition).code!.coding![0]).toMatchObject({ system: SYSTEM.ICD10CM, code: 'A41.9' });
    expect((put!.resource as Task).output!.map((o) => o.valueReference!.reference)).toEqual([responseEntry!.fullUrl, conditionEntry!.fullUrl]);
    expect((provenanceEntry!.resource as Provenance).target.map((t) => t.reference)).toEqual(['Task/task-7', responseEntry!.fullUrl, conditionEntry!.fullUrl]);
  });

  it('keeps the earlier Condition for the same diagnosis; without the earlier response, writes the diagnosis\'s Condition', () => {
    const { task, response, condition } = answered();
    const same = buildAmendTransaction({ task, previous: response, answer: { choice: 0, comment: 'Hypervolemic.' }, physician: PHYSICIAN, now: NOW });
    expect(ofType(resources(same), 'Condition')).toEqual([]);
    expect((ofType<Task>(resources(same), 'Task')[0]!.output ?? []).map((o) => o.valueReference!.reference))
      .toEqual([same.entry![0]!.fullUrl, `Condition/${condition!.id}`]);
    const unknown = buildAmendTransaction({ task, answer: { choice: 0, comment: 'Hypervolemic.' }, physician: PHYSICIAN, now: NOW });
    expect(ofType(resources(unknown), 'Condition')).toHaveLength(1);
  });

  it('is what the mock EHR accepts, and the same Bundle on a retry', () => {
    const bundle = buildAmendTransaction(amendInput());
    for (const resource of resources(bundle)) expect(validateForWrite(resource)).toEqual([]);
    expect(unresolvedPlaceholders(applyTransaction(bundle), 'Bundle')).toEqual([]);
    expect(buildAmendTransaction(amendInput())).toEqual(bundle);
  });

  it('is read back by queryStatus: the amended answer, not the first one', () => {
    const { task } = answered();
    expect(queryStatus(task, NOW_MS, () => undefined).kind).toBe('answered');
    const stored = applyTransaction(buildAmendTransaction(amendInput({ task, answer: { choice: 2, comment: 'Could not tell.' } })));
    const byReference = new Map(stored.map((r) => [`${r.resourceType}/${r.id}`, r]));
    const amended = ofType<Task>(stored, 'Task')[0]!;
    expect(amended.meta?.versionId).toBe('4');
    expect(queryStatus(amended, NOW_MS + 1000, (reference) => byReference.get(reference))).toEqual({
      kind: 'answered', taskStatus: 'completed', due: '2021-03-09', overdue: false, changed: NOW,
      answer: {
        choices: [{ text: 'Clinically undetermined', code: expect.any(String), system: expect.any(String) }],
        comment: 'Could not tell.', authored: NOW, reference: `QuestionnaireResponse/${ofType<QuestionnaireResponse>(stored, 'QuestionnaireResponse')[0]!.id}`,
      },
    });
    // After an uncertain amend, the fresh Task tells that this amendment is saved.
    expect(holdsAnswerOf(amended, 'task-7', '3')).toBe(true);
    expect(holdsAnswerOf(amended, 'task-7', '2')).toBe(false);
  });

  it('refuses a query not answered, one whose Task names no answer, and a mismatched earlier response', () => {
    const open = sentTask(finding, HYPONATREMIA);
    expect(() => buildAmendTransaction(amendInput({ task: open }))).toThrow(RangeError);
    expect(() => buildAmendTransaction(amendInput({ task: open }))).toThrow(/not been answered yet/);
    for (const status of ['cancelled', 'rejected', 'failed', 'entered-in-error'] as const) {
      expect(() => buildAmendTransaction(amendInput({ task: sentTask(finding, HYPONATREMIA, { status }) }))).toThrow(/Only an answered query can be amended/);
    }
    const { task } = answered();
    expect(() => buildAmendTransaction(amendInput({ task: { ...task, output: undefined }, previous: undefined }))).toThrow(/no earlier answer to amend/);
    expect(() => buildAmendTransaction(amendInput({ task: { ...task, output: task.output!.filter((o) => !o.valueReference!.reference!.startsWith('QuestionnaireResponse/')) }, previous: undefined })))
      .toThrow(/no earlier answer to amend/);
    expect(() => buildAmendTransaction(amendInput({ previous: { resourceType: 'QuestionnaireResponse', id: 'other', status: 'completed' } }))).toThrow(RangeError);
    expect(() => buildAmendTransaction(amendInput({ answer: { choice: 'other' } }))).toThrow(/Write your answer for "Other/);
    expect(() => buildAmendTransaction(amendInput({ reason: 'x'.repeat(2001) }))).toThrow(/longer than/);
    // An answered query still refuses a second answer: only an amendment changes it.
    expect(() => buildAnswerTransaction({ task, answer: { choice: 0 }, physician: PHYSICIAN, now: NOW })).toThrow(/already been answered/);
  });
});
