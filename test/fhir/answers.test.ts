/**
 * The physician's writes (src/fhir/answers.ts) against the mock EHR (msw), with hand-built transactions shaped
 * as ../shared/DOMAIN.md §4 "Answer" and issue 11 item 3 write them (the pure builders live in
 * src/query/answer.ts): the QuestionnaireResponse and the Condition POSTed conditionally, the Task PUT
 * `completed` with If-Match and both in its output, a Provenance. The concurrency of item 4: a query
 * cancelled or answered meanwhile is a conflict (412) carrying the fresh state, and nothing is written.
 */
import { describe, expect, it } from 'vitest';
import type { Bundle, BundleEntry, Condition, Provenance, Questionnaire, QuestionnaireResponse, Resource, Task } from 'fhir/r4';
import { createFhirGateway, type FhirGateway } from '../../src/fhir/gateway';
import { declineQuery, markReceived, submitAnswer } from '../../src/fhir/answers';
import { cancelQuery, type QueryWriteResult } from '../../src/fhir/queries';
import { launchScopes } from '../../src/fhir/scopes';
import { buildCancelTransaction } from '../../src/query/build-query';
import { CLARIFY_CODE, SYSTEM } from '../../src/terminology/systems';
import { FhirStore } from '../../mocks/fhir-store';
import type { FaultPlan } from '../../mocks/faults';
import { createTestEhr, mockServer, TEST_FHIR_BASE } from '../../mocks/node';
import { issueAccessToken } from '../support/tokens';

const DOCTOR = 'Practitioner/doc';
const TECHNICIAN = { reference: 'Practitioner/tech', display: 'Renée Okafor' };
const ANSWER_SYSTEM = 'urn:example:clarify:answer';

const openQuery = (id: string, patient = 'p1'): Task => ({
  resourceType: 'Task', id, status: 'requested', intent: 'order', code: { coding: [{ system: SYSTEM.CLARIFY, code: CLARIFY_CODE.QUERY }] },
  for: { reference: `Patient/${patient}` }, encounter: { reference: 'Encounter/e1' }, owner: { reference: DOCTOR }, requester: { reference: TECHNICIAN.reference },
  authoredOn: '2026-03-10T09:00:00Z', contained: [{ resourceType: 'Questionnaire', id: 'query', status: 'active', item: [{ linkId: 'question', type: 'display', text: 'Please clarify.' }] } as Questionnaire],
  input: [{ type: { text: 'questionnaire' }, valueCanonical: '#query' }],
} as Task);

const seed = () => new FhirStore([
  { resourceType: 'Patient', id: 'p1' }, { resourceType: 'Patient', id: 'p2' },
  { resourceType: 'Encounter', id: 'e1', status: 'finished', class: { code: 'IMP' }, subject: { reference: 'Patient/p1' } },
  { resourceType: 'Practitioner', id: 'doc' }, { resourceType: 'Practitioner', id: 'tech' },
  openQuery('q1'), openQuery('q2', 'p2'),
] as Resource[], { clock: () => new Date('2026-03-15T12:00:00Z') });

const provenanceEntry = (task: Task, now: string, activity: string, targets: string[] = []): BundleEntry => ({
  fullUrl: `urn:uuid:00000000-0000-4000-8000-${activity === 'CREATE' ? '00000000000a' : '00000000000b'}`,
  resource: {
    resourceType: 'Provenance', target: [{ reference: `Task/${task.id}` }, ...targets.map((reference) => ({ reference }))], recorded: now,
    agent: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type', code: 'author' }] }, who: { reference: DOCTOR } }],
    activity: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation', code: activity }] },
    entity: [{ role: 'revision', what: { reference: `Task/${task.id}/_history/${task.meta?.versionId}` } }],
  } satisfies Provenance,
  request: { method: 'POST', url: 'Provenance', ifNoneExist: `target=Task/${task.id}&recorded=${encodeURIComponent(now)}` },
} as BundleEntry);

const taskPut = (task: Task, changed: Partial<Task>, now: string): BundleEntry => ({
  resource: { ...task, ...changed, lastModified: now },
  request: { method: 'PUT', url: `Task/${task.id}`, ifMatch: `W/"${task.meta?.versionId}"` },
} as BundleEntry);

/** DOMAIN §4 Answer: QuestionnaireResponse + Condition (a diagnosis was chosen) + Task completed (If-Match) + Provenance. */
function answerTransaction(task: Task, options: { answerId?: string; now?: string; comment?: string; diagnosis?: boolean } = {}): Bundle {
  const { answerId = 'answer-1', now = '2026-03-15T13:00:00Z', comment = 'Likely SIADH.', diagnosis = true } = options;
  const qrUrl = `urn:uuid:00000000-0000-4000-8000-${answerId === 'answer-1' ? '000000000001' : '000000000002'}`;
  const conditionUrl = `urn:uuid:00000000-0000-4000-8000-${answerId === 'answer-1' ? '000000000011' : '000000000012'}`;
  const hyponatremia = { system: SYSTEM.ICD10CM, code: 'E87.1', display: 'Hypo-osmolality and hyponatremia' };
  const response: QuestionnaireResponse = {
    resourceType: 'QuestionnaireResponse', identifier: { system: ANSWER_SYSTEM, value: answerId }, status: 'completed',
    questionnaire: `${TEST_FHIR_BASE}/Task/${task.id}#query`, subject: task.for, encounter: task.encounter, author: { reference: DOCTOR }, authored: now,
    item: [{ linkId: 'answer', answer: [{ valueCoding: hyponatremia }] }, { linkId: 'comment', answer: [{ valueString: comment }] }],
  };
  const condition: Condition = {
    resourceType: 'Condition', identifier: [{ system: ANSWER_SYSTEM, value: `${answerId}-condition` }],
    clinicalStatus: { coding: [{ system: SYSTEM.CONDITION_CLINICAL, code: 'active' }] },
    verificationStatus: { coding: [{ system: SYSTEM.CONDITION_VERIFICATION, code: 'confirmed' }] },
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis' }] }],
    code: { coding: [hyponatremia, { system: SYSTEM.SNOMED, code: '89627008', display: 'Hyponatremia' }] },
    subject: task.for!, encounter: task.encounter, recorder: { reference: DOCTOR }, asserter: { reference: DOCTOR }, recordedDate: now,
    evidence: [{ detail: [{ reference: 'Observation/na1' }] }],
  };
  const outputs = [
    { type: { text: 'questionnaire-response' }, valueReference: { reference: qrUrl } },
    ...(diagnosis ? [{ type: { text: 'diagnosis' }, valueReference: { reference: conditionUrl } }] : []),
  ];
  return {
    resourceType: 'Bundle', type: 'transaction',
    entry: [
      { fullUrl: qrUrl, resource: response, request: { method: 'POST', url: 'QuestionnaireResponse', ifNoneExist: `identifier=${ANSWER_SYSTEM}|${answerId}` } },
      ...(diagnosis ? [{ fullUrl: conditionUrl, resource: condition, request: { method: 'POST' as const, url: 'Condition', ifNoneExist: `identifier=${ANSWER_SYSTEM}|${answerId}-condition` } }] : []),
      taskPut(task, { status: 'completed', businessStatus: { text: 'answered' }, output: outputs }, now),
      provenanceEntry(task, now, 'UPDATE', diagnosis ? [qrUrl, conditionUrl] : [qrUrl]),
    ],
  };
}

const receivedTransaction = (task: Task, now = '2026-03-15T12:30:00Z'): Bundle => ({
  resourceType: 'Bundle', type: 'transaction', entry: [taskPut(task, { status: 'received' }, now), provenanceEntry(task, now, 'UPDATE')],
});

const declineTransaction = (task: Task, reason: string, now = '2026-03-15T12:45:00Z'): Bundle => ({
  resourceType: 'Bundle', type: 'transaction', entry: [taskPut(task, { status: 'rejected', statusReason: { text: reason } }, now), provenanceEntry(task, now, 'UPDATE')],
});

interface Setup { store?: FhirStore; scope?: string; patient?: string; user?: string; faults?: FaultPlan }

async function setUp(setup: Setup = {}) {
  const store = setup.store ?? seed();
  mockServer.use(...createTestEhr({ store, ...(setup.faults ? { faults: setup.faults } : {}) }).handlers);
  const gatewayFor = async (scope: string, context: { user: string; patient?: string }): Promise<FhirGateway> => {
    const token = await issueAccessToken(scope, context);
    return createFhirGateway({ baseUrl: TEST_FHIR_BASE, authorization: async () => `Bearer ${token}`, sleep: async () => {} });
  };
  const physician = await gatewayFor(setup.scope ?? launchScopes('provider-standalone'), { user: setup.user ?? DOCTOR, ...(setup.patient ? { patient: setup.patient } : {}) });
  const technician = await gatewayFor(launchScopes('ehr'), { user: TECHNICIAN.reference, patient: 'p1' });
  const task = (id = 'q1') => store.read('Task', id) as Task;
  const counts = () => ({ QuestionnaireResponse: store.all('QuestionnaireResponse').length, Condition: store.all('Condition').length, Provenance: store.all('Provenance').length });
  return { store, physician, technician, task, counts };
}

function ok(result: QueryWriteResult) {
  if (!result.ok) throw new Error(`expected a success, got ${result.kind}: ${result.message} ${result.serverText ?? ''}`);
  return result;
}

describe('submitAnswer', () => {
  it('writes the answer transaction (DOMAIN §4): the QuestionnaireResponse, the Condition, the Task completed with both as outputs, a Provenance', async () => {
    const { store, physician, task, counts } = await setUp();
    const result = ok(await submitAnswer(physician, answerTransaction(task())));
    expect(result).toMatchObject({ already: false, query: { id: 'q1', status: 'completed', versionId: '2' } });
    expect(counts()).toEqual({ QuestionnaireResponse: 1, Condition: 1, Provenance: 1 });
    const response = store.all('QuestionnaireResponse')[0] as QuestionnaireResponse;
    const condition = store.all('Condition')[0] as Condition;
    // The fullUrls were given their Type/id everywhere: in the Task's output and the Provenance's targets.
    expect(result.task.output?.map((o) => o.valueReference?.reference)).toEqual([`QuestionnaireResponse/${response.id}`, `Condition/${condition.id}`]);
    expect((store.all('Provenance')[0] as Provenance).target.map((t) => t.reference)).toEqual(['Task/q1', `QuestionnaireResponse/${response.id}`, `Condition/${condition.id}`]);
    expect(condition).toMatchObject({ subject: { reference: 'Patient/p1' }, encounter: { reference: 'Encounter/e1' }, asserter: { reference: DOCTOR } });
    expect(response).toMatchObject({ author: { reference: DOCTOR }, subject: { reference: 'Patient/p1' } });
    // What the EHR returned comes with the success, for the UI to show the answer without reading it again.
    expect(result.resources?.map((r) => r.resourceType).sort()).toEqual(['Condition', 'Provenance', 'QuestionnaireResponse']);
    expect(store.history('Task', 'q1').map((t) => (t as Task).status)).toEqual(['completed', 'requested']);
  });

  it('writes an answer that is not a diagnosis without a Condition', async () => {
    const { physician, task, counts } = await setUp();
    ok(await submitAnswer(physician, answerTransaction(task(), { diagnosis: false })));
    expect(counts()).toEqual({ QuestionnaireResponse: 1, Condition: 0, Provenance: 1 });
  });

  it('is refused with 412 after the technician cancelled the query: a conflict carrying the cancelled Task, and nothing written', async () => {
    const { store, physician, technician, task, counts } = await setUp();
    const seen = task();
    ok(await cancelQuery(technician, buildCancelTransaction(seen, TECHNICIAN, '2026-03-15T12:10:00Z')));
    const result = await submitAnswer(physician, answerTransaction(seen));
    expect(result).toMatchObject({ ok: false, kind: 'conflict', status: 412, retrySafe: true, current: { status: 'cancelled', versionId: '2' } });
    expect(result.ok === false && result.currentAnswers).toBeUndefined();
    expect(counts()).toEqual({ QuestionnaireResponse: 0, Condition: 0, Provenance: 1 });
    expect((store.read('Task', 'q1') as Task).status).toBe('cancelled');
  });

  it('is a conflict when the query was answered meanwhile (another device): the fresh state carries the other answer', async () => {
    const { physician, task, counts } = await setUp();
    const seen = task();
    ok(await submitAnswer(physician, answerTransaction(seen, { answerId: 'answer-2', comment: 'From the other tab.' })));
    const result = await submitAnswer(physician, answerTransaction(seen));
    expect(result).toMatchObject({ ok: false, kind: 'conflict', current: { status: 'completed' } });
    const answers = result.ok ? [] : result.currentAnswers ?? [];
    expect(answers.map((r) => (r as QuestionnaireResponse).identifier?.value)).toEqual(['answer-2']);
    expect(counts()).toEqual({ QuestionnaireResponse: 1, Condition: 1, Provenance: 1 });
  });

  it('reports done when its answer was lost and the resend meets its own change (412): one answer, one Condition, the Task completed once', async () => {
    const { store, physician, task, counts } = await setUp({ faults: { types: { transaction: { status: 504, processed: true, times: 1 } } } });
    const result = ok(await submitAnswer(physician, answerTransaction(task())));
    expect(result).toMatchObject({ already: true, query: { status: 'completed', versionId: '2' } });
    expect(counts()).toEqual({ QuestionnaireResponse: 1, Condition: 1, Provenance: 1 });
    expect(store.history('Task', 'q1')).toHaveLength(2);
  });

  it('answers under SMART v1 user scopes', async () => {
    const { physician, task } = await setUp({ scope: launchScopes('provider-standalone', 'v1') });
    ok(await submitAnswer(physician, answerTransaction(task())));
  });

  it('answers on the chart (EHR launch, patient scopes) a query about the patient in context, and is denied one about another patient', async () => {
    const { physician, task, counts } = await setUp({ scope: launchScopes('ehr'), patient: 'p1' });
    ok(await submitAnswer(physician, answerTransaction(task('q1'))));
    const other = await submitAnswer(physician, answerTransaction(task('q2'), { answerId: 'answer-2' }));
    expect(other).toMatchObject({ ok: false, kind: 'denied', status: 403 });
    expect(counts()).toEqual({ QuestionnaireResponse: 1, Condition: 1, Provenance: 1 });
  });

  it('is denied when the EHR did not grant the answer\'s writes (no QuestionnaireResponse create), and writes nothing', async () => {
    const { physician, task, counts } = await setUp({ scope: launchScopes('provider-standalone').replace('user/QuestionnaireResponse.crs', 'user/QuestionnaireResponse.rs') });
    expect(await submitAnswer(physician, answerTransaction(task()))).toMatchObject({ ok: false, kind: 'denied', status: 403 });
    expect(counts()).toEqual({ QuestionnaireResponse: 0, Condition: 0, Provenance: 0 });
    expect(task().status).toBe('requested');
  });

  it('is rejected, with the EHR\'s reason, when the Condition is not valid (no subject)', async () => {
    const { physician, task } = await setUp();
    const transaction = answerTransaction(task());
    delete (transaction.entry![1]!.resource as Partial<Condition>).subject;
    expect(await submitAnswer(physician, transaction)).toMatchObject({ ok: false, kind: 'rejected', status: 400, serverText: expect.stringMatching(/Condition\.subject is required/) });
  });

  it('takes only an answer transaction that changes the Task it saw: If-Match and status completed', async () => {
    const { physician, task, counts } = await setUp();
    const withoutIfMatch = answerTransaction(task());
    delete withoutIfMatch.entry![2]!.request!.ifMatch;
    // A Task read without its version: nothing is sent, the caller is asked to reload.
    expect(await submitAnswer(physician, withoutIfMatch)).toMatchObject({ ok: false, kind: 'rejected', status: 0, retrySafe: false, message: expect.stringMatching(/Reload/) });
    expect(counts()).toEqual({ QuestionnaireResponse: 0, Condition: 0, Provenance: 0 });
    await expect(submitAnswer(physician, receivedTransaction(task()))).rejects.toThrow(/status received, not completed/);
    await expect(submitAnswer(physician, { resourceType: 'Bundle', type: 'batch' })).rejects.toThrow(TypeError);
  });
});

describe('markReceived', () => {
  it('sets the Task received (a new version) with a Provenance', async () => {
    const { store, physician, task, counts } = await setUp();
    expect(ok(await markReceived(physician, receivedTransaction(task())))).toMatchObject({ already: false, query: { status: 'received', versionId: '2' } });
    expect(counts().Provenance).toBe(1);
    expect(store.history('Task', 'q1').map((t) => (t as Task).status)).toEqual(['received', 'requested']);
  });

  it('is done already when another tab marked it received meanwhile', async () => {
    const { physician, task } = await setUp();
    const seen = task();
    ok(await markReceived(physician, receivedTransaction(seen, '2026-03-15T12:20:00Z')));
    expect(ok(await markReceived(physician, receivedTransaction(seen)))).toMatchObject({ already: true, query: { status: 'received', versionId: '2' } });
  });

  it('is a conflict carrying the cancelled Task when the query was cancelled meanwhile', async () => {
    const { physician, technician, task } = await setUp();
    const seen = task();
    ok(await cancelQuery(technician, buildCancelTransaction(seen, TECHNICIAN, '2026-03-15T12:10:00Z')));
    expect(await markReceived(physician, receivedTransaction(seen))).toMatchObject({ ok: false, kind: 'conflict', status: 412, current: { status: 'cancelled' } });
  });
});

describe('declineQuery', () => {
  it('sets the Task rejected with its reason', async () => {
    const { physician, task } = await setUp();
    const result = ok(await declineQuery(physician, declineTransaction(task(), 'Not my patient during this stay.')));
    expect(result.task).toMatchObject({ status: 'rejected', statusReason: { text: 'Not my patient during this stay.' } });
  });

  it('is done already when the same decline was saved by an attempt whose answer was lost; a decline with another reason meanwhile is a conflict', async () => {
    const { physician, task } = await setUp();
    const seen = task();
    ok(await declineQuery(physician, declineTransaction(seen, 'Not my patient.')));
    expect(ok(await declineQuery(physician, declineTransaction(seen, 'Not my patient.', '2026-03-15T12:50:00Z'))).already).toBe(true);
    expect(await declineQuery(physician, declineTransaction(seen, 'Another reason.'))).toMatchObject({ ok: false, kind: 'conflict', current: { status: 'rejected' } });
  });
});

describe('the mock EHR and a transaction entry refused for its version', () => {
  it('a server that answers a transaction-response with a 412 entry is a conflict too', async () => {
    const { physician, task } = await setUp();
    const { http, HttpResponse } = await import('msw');
    mockServer.use(http.post(TEST_FHIR_BASE, () => HttpResponse.json({
      resourceType: 'Bundle', type: 'transaction-response', entry: [{ response: { status: '412 Precondition Failed' } }],
    })));
    expect(await markReceived(physician, receivedTransaction(task()))).toMatchObject({ ok: false, kind: 'conflict', current: { status: 'requested' } });
  });
});

describe('with the query model\'s own transactions (src/query/build-query.ts, src/query/answer.ts)', () => {
  const PHYSICIAN = { reference: DOCTOR, display: 'Dr. Ada Lind' };
  const finding = {
    category: 'documentation-gap', id: 'f-0123456789abcdef', ruleId: 'electrolytes/hyponatremia', severity: 'medium', title: 'Low sodium, no diagnosis documented',
    facts: [{ kind: 'result', label: 'sodium', value: 128, unit: 'mmol/L', time: '2026-03-01T08:00:00Z', reference: 'Observation/na1' }],
    summary: 'Sodium 128 mmol/L on 2026-03-01 08:00', evidence: ['Observation/na1'], suspectedCondition: 'E87.1',
    encounter: 'Encounter/e1', answerOptions: [], observedAt: '2026-03-01T08:00:00Z',
  } as const;

  /** The technician sends a query (EHR launch on p1) to the physician; the Task as the EHR holds it. */
  async function sentQuery(technician: FhirGateway): Promise<Task> {
    const { buildQueryTransaction } = await import('../../src/query/build-query');
    const { sendQuery } = await import('../../src/fhir/queries');
    const transaction = buildQueryTransaction({
      finding: finding as never, patient: 'Patient/p1', encounter: 'Encounter/e1', author: TECHNICIAN, recipient: PHYSICIAN,
      authoredOn: '2026-03-15T12:00:00Z', dueDate: '2026-03-17', identifier: '3f1c2b4a-0000-4000-8000-000000000001',
      draft: {
        purpose: 'clarification', format: 'multiple-choice',
        question: 'Based on the clinical indicators below, please clarify the diagnosis, if any, that the low sodium values represent.',
        options: [{ text: 'Hyponatremia', code: 'E87.1' }, { text: 'Other (please specify)' }, { text: 'Clinically undetermined' }],
        indicators: [{ text: 'Sodium 128 mmol/L on 2026-03-01 08:00', reference: 'Observation/na1' }],
      },
    });
    return ok(await sendQuery(technician, transaction)).task;
  }

  it('opening marks it received; answering with the diagnosis writes the response, the Condition and the Task completed', async () => {
    const { buildAnswerTransaction, buildReceivedTransaction } = await import('../../src/query/answer');
    const { store, physician, technician } = await setUp();
    const sent = await sentQuery(technician);
    const received = ok(await markReceived(physician, buildReceivedTransaction(sent, PHYSICIAN, '2026-03-15T12:30:00Z')!));
    expect(received.query.status).toBe('received');
    const answered = ok(await submitAnswer(physician, buildAnswerTransaction({ task: received.task, answer: { choice: 0, comment: 'Likely SIADH.' }, physician: PHYSICIAN, now: '2026-03-15T13:00:00Z' })));
    expect(answered.query.status).toBe('completed');
    const condition = store.all('Condition')[0] as Condition;
    expect(condition.code?.coding?.map((c) => c.code)).toContain('E87.1');
    expect(answered.task.output?.map((o) => o.valueReference?.reference?.split('/')[0])).toEqual(['QuestionnaireResponse', 'Condition']);
  });

  it('an answer whose response was lost is resent and found done: one response, one Condition', async () => {
    const { buildAnswerTransaction } = await import('../../src/query/answer');
    const { store, physician, technician, counts } = await setUp();
    const sent = await sentQuery(technician);
    mockServer.use(...createTestEhr({ store, faults: { types: { transaction: { status: 504, processed: true, times: 1 } } } }).handlers);
    const answer = buildAnswerTransaction({ task: sent, answer: { choice: 0 }, physician: PHYSICIAN, now: '2026-03-15T13:00:00Z' });
    expect(ok(await submitAnswer(physician, answer))).toMatchObject({ already: true, query: { status: 'completed' } });
    expect(counts()).toMatchObject({ QuestionnaireResponse: 1, Condition: 1 });
    expect(store.history('Task', sent.id!)).toHaveLength(2);
  });

  it('an answer after the technician cancelled is a conflict showing the cancelled query, and nothing is written', async () => {
    const { buildAnswerTransaction } = await import('../../src/query/answer');
    const { store, physician, technician } = await setUp();
    const task = await sentQuery(technician);
    ok(await cancelQuery(technician, buildCancelTransaction(task, TECHNICIAN, '2026-03-15T12:10:00Z')));
    const refused = await submitAnswer(physician, buildAnswerTransaction({ task, answer: { choice: 0 }, physician: PHYSICIAN, now: '2026-03-15T13:00:00Z' }));
    expect(refused).toMatchObject({ ok: false, kind: 'conflict', status: 412, current: { status: 'cancelled' } });
    expect(store.all('QuestionnaireResponse')).toHaveLength(0);
    expect(store.all('Condition')).toHaveLength(0);
  });
});
