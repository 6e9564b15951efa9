/**
 * Sending, cancelling and reading Clarify's queries against the mock EHR (msw), with the transactions the
 * query model builds (src/query/build-query.ts) and the scopes Clarify really requests, so that a missing
 * scope, a mock that ignored ifNoneExist or a transaction the EHR refuses fails here.
 */
import { describe, expect, it } from 'vitest';
import type { Bundle, DetectedIssue, Encounter, Provenance, Resource, Task } from 'fhir/r4';
import { createFhirGateway } from '../../src/fhir/gateway';
import { cancelQuery, loadQueries, queriesFromResources, sendQuery, type QueryWriteResult } from '../../src/fhir/queries';
import { loadPatientRecord } from '../../src/fhir/load-patient-record';
import { launchScopes } from '../../src/fhir/scopes';
import { buildCancelTransaction, buildQueryTransaction, FINDING_IDENTIFIER_SYSTEM, QUERY_IDENTIFIER_SYSTEM } from '../../src/query/build-query';
import type { QueryDraft } from '../../src/query/draft';
import type { Finding } from '../../src/rules/index';
import { CLARIFY_CODE, SYSTEM } from '../../src/terminology/systems';
import { FhirStore } from '../../mocks/fhir-store';
import type { FaultPlan } from '../../mocks/faults';
import { createTestEhr, mockServer, TEST_FHIR_BASE } from '../../mocks/node';
import { issueAccessToken } from '../support/tokens';

const TECHNICIAN = { reference: 'Practitioner/tech', display: 'Renée Okafor' };
const PHYSICIAN = { reference: 'Practitioner/doc', display: 'Dr. Ada Lind' };

const encounter = (id: string): Encounter => ({ resourceType: 'Encounter', id, status: 'finished', class: { code: 'IMP' }, subject: { reference: 'Patient/p1' } });

function seed(extra: Resource[] = []): FhirStore {
  return new FhirStore([
    { resourceType: 'Patient', id: 'p1' }, { resourceType: 'Patient', id: 'p2' }, encounter('e1'), encounter('e2'),
    { resourceType: 'Practitioner', id: 'tech' }, { resourceType: 'Practitioner', id: 'doc' }, ...extra,
  ] as Resource[]);
}

function finding(id = 'f-0123456789abcdef', encounterId = 'e1'): Finding {
  return {
    category: 'documentation-gap', id, ruleId: 'electrolytes/hyponatremia', severity: 'medium', title: 'Low sodium, no diagnosis documented',
    facts: [{ kind: 'result', label: 'sodium', value: 128, unit: 'mmol/L', time: '2026-03-01T08:00:00Z', reference: 'Observation/na1' }],
    summary: 'Sodium 128 mmol/L on 2026-03-01 08:00', evidence: ['Observation/na1'], suspectedCondition: 'E87.1',
    encounter: `Encounter/${encounterId}`, answerOptions: [], observedAt: '2026-03-01T08:00:00Z',
  };
}

const DRAFT: QueryDraft = {
  purpose: 'clarification', format: 'multiple-choice',
  question: 'The serum sodium results below were obtained during this admission. Based on your clinical judgment, please clarify the diagnosis, if any, that these findings represent.',
  options: [{ text: 'Hyponatremia', code: 'E87.1' }, { text: 'Other (please specify)' }, { text: 'Clinically undetermined' }],
  indicators: [{ text: 'Sodium 128 mmol/L on 2026-03-01 08:00', reference: 'Observation/na1' }],
};

function sendTransaction(options: { identifier?: string; finding?: Finding; authoredOn?: string; encounter?: string } = {}): Bundle {
  const f = options.finding ?? finding();
  return buildQueryTransaction({
    finding: f, draft: DRAFT, patient: 'Patient/p1', encounter: options.encounter ?? f.encounter, author: TECHNICIAN, recipient: PHYSICIAN,
    authoredOn: options.authoredOn ?? '2026-03-15T12:00:00Z', dueDate: '2026-03-17',
    identifier: options.identifier ?? '3f1c2b4a-0000-4000-8000-000000000001',
  });
}

interface Setup { store?: FhirStore; faults?: FaultPlan; scope?: string; timeoutMs?: number; token?: string }

async function setUp(setup: Setup = {}) {
  const store = setup.store ?? seed();
  mockServer.use(...createTestEhr({ store, ...(setup.faults ? { faults: setup.faults } : {}) }).handlers);
  const token = setup.token ?? await issueAccessToken(setup.scope ?? launchScopes('ehr'), { patient: 'p1', user: 'Practitioner/tech' });
  const waits: number[] = [];
  const gateway = createFhirGateway({
    baseUrl: TEST_FHIR_BASE, authorization: async () => `Bearer ${token}`, sleep: async (ms) => void waits.push(ms),
    ...(setup.timeoutMs ? { timeoutMs: setup.timeoutMs } : {}),
  });
  const counts = () => ({ DetectedIssue: store.all('DetectedIssue').length, Task: store.all('Task').length, Provenance: store.all('Provenance').length });
  return { store, gateway, waits, counts };
}

function sent(result: QueryWriteResult) {
  if (!result.ok) throw new Error(`expected a success, got ${result.kind}: ${result.message}`);
  return result;
}

describe('sendQuery', () => {
  it('writes the DetectedIssue, the Task and their Provenances in one transaction, and answers the Task matched to its finding', async () => {
    const { gateway, store, counts } = await setUp();
    const result = sent(await sendQuery(gateway, sendTransaction()));
    expect(result.already).toBe(false);
    expect(result.query).toMatchObject({ status: 'requested', versionId: '1', findingId: 'f-0123456789abcdef', reference: `Task/${result.task.id}` });
    expect(counts()).toEqual({ DetectedIssue: 1, Task: 1, Provenance: 2 });
    const task = store.read('Task', result.task.id!) as Task;
    const issue = store.all('DetectedIssue')[0] as DetectedIssue;
    expect(task.reasonReference?.reference).toBe(`DetectedIssue/${issue.id}`);
    expect(task.identifier).toEqual([{ system: QUERY_IDENTIFIER_SYSTEM, value: '3f1c2b4a-0000-4000-8000-000000000001' }]);
    expect(task.code?.coding).toEqual([{ system: SYSTEM.CLARIFY, code: 'clarification-query' }]);
    expect(issue.identifier).toEqual([{ system: FINDING_IDENTIFIER_SYSTEM, value: 'f-0123456789abcdef' }]);
    expect((store.all('Provenance') as Provenance[]).map((p) => p.target[0]!.reference).sort()).toEqual([`DetectedIssue/${issue.id}`, `Task/${task.id}`].sort());
  });

  it('after a 504 whose request the EHR had saved, resends it (every POST is conditional) and the retry finds the first Task: exactly one of each', async () => {
    const { gateway, waits, counts } = await setUp({ faults: { types: { transaction: { status: 504, processed: true, times: 1 } } } });
    const result = sent(await sendQuery(gateway, sendTransaction()));
    expect(waits).toHaveLength(1);
    expect(result.already).toBe(true);
    expect(result.query.findingId).toBe('f-0123456789abcdef');
    expect(counts()).toEqual({ DetectedIssue: 1, Task: 1, Provenance: 2 });
  });

  it('after a 504 that never reached the EHR, resends it and creates the query once', async () => {
    const { gateway, counts } = await setUp({ faults: { types: { transaction: { status: 504, times: 1 } } } });
    expect(sent(await sendQuery(gateway, sendTransaction())).already).toBe(false);
    expect(counts()).toEqual({ DetectedIssue: 1, Task: 1, Provenance: 2 });
  });

  it('reports a timeout (no answer to any attempt) as a failure safe to retry; Retry with the same transaction then makes one query', async () => {
    const { gateway, waits, counts } = await setUp({ timeoutMs: 30, faults: { types: { transaction: { hang: true, times: 4 } } } });
    const transaction = sendTransaction();
    const result = await sendQuery(gateway, transaction);
    expect(result).toMatchObject({ ok: false, kind: 'timeout', status: 0, retrySafe: true });
    expect(waits).toHaveLength(3);
    expect(counts().Task).toBe(0);
    expect(sent(await sendQuery(gateway, transaction)).already).toBe(false);
    expect(counts()).toEqual({ DetectedIssue: 1, Task: 1, Provenance: 2 });
  });

  it('after timeouts whose requests the EHR had saved, finds the Task by its identifier and reports the send done, with one query', async () => {
    const { gateway, counts } = await setUp({ timeoutMs: 30, faults: { types: { transaction: { hang: true, processed: true, times: 4 } } } });
    const result = sent(await sendQuery(gateway, sendTransaction()));
    expect(result.query).toMatchObject({ status: 'requested', findingId: 'f-0123456789abcdef' });
    expect(counts()).toEqual({ DetectedIssue: 1, Task: 1, Provenance: 2 });
  });

  it('answers denied (403) when the EHR did not grant Task writes, and writes nothing, not even the DetectedIssue', async () => {
    const { gateway, counts } = await setUp({ scope: launchScopes('ehr').replace('patient/Task.crus', 'patient/Task.rs') });
    const result = await sendQuery(gateway, sendTransaction());
    expect(result).toMatchObject({ ok: false, kind: 'denied', status: 403, retrySafe: true, message: 'The server answered 403.' });
    expect(result.ok === false && result.serverText).toMatch(/"c" on Task/);
    expect(counts()).toEqual({ DetectedIssue: 0, Task: 0, Provenance: 0 });
  });

  it('answers denied (401) when the session has expired', async () => {
    const { gateway } = await setUp({ token: 'expired' });
    expect(await sendQuery(gateway, sendTransaction())).toMatchObject({ ok: false, kind: 'denied', status: 401 });
  });

  it('sends under SMART v1 scopes (.read/.write)', async () => {
    const { gateway, counts } = await setUp({ scope: launchScopes('ehr', 'v1') });
    sent(await sendQuery(gateway, sendTransaction()));
    expect(counts()).toEqual({ DetectedIssue: 1, Task: 1, Provenance: 2 });
  });

  it('answers rejected, with the EHR\'s reason, when it refuses the content (400)', async () => {
    const { gateway } = await setUp();
    const transaction = sendTransaction();
    delete (transaction.entry![1]!.resource as Partial<Task>).intent;
    expect(await sendQuery(gateway, transaction)).toMatchObject({ ok: false, kind: 'rejected', status: 400, serverText: expect.stringMatching(/Task\.intent is required/) });
  });

  describe('a transaction with an unconditional POST (never resent)', () => {
    const unconditional = () => {
      const transaction = sendTransaction();
      for (const entry of transaction.entry!) delete entry.request!.ifNoneExist;
      return transaction;
    };

    it('says the outcome is unknown after a 504 that never reached the EHR (the lookup by identifier finds nothing), not safe to retry', async () => {
      const { gateway, waits, counts } = await setUp({ faults: { types: { transaction: { status: 504, times: 1 } } } });
      expect(await sendQuery(gateway, unconditional())).toMatchObject({ ok: false, kind: 'outcome-unknown', status: 504, retrySafe: false });
      expect(waits).toEqual([]);
      expect(counts().Task).toBe(0);
    });

    it('finds the Task by its identifier after a 504 the EHR had saved, and reports the send done', async () => {
      const { gateway, counts } = await setUp({ faults: { types: { transaction: { status: 504, processed: true, times: 1 } } } });
      expect(sent(await sendQuery(gateway, unconditional())).query.findingId).toBe('f-0123456789abcdef');
      expect(counts().Task).toBe(1);
    });
  });

  it('reuses the finding\'s DetectedIssue for a follow-up query', async () => {
    const { gateway, counts } = await setUp();
    const first = sent(await sendQuery(gateway, sendTransaction()));
    const followUp = sent(await sendQuery(gateway, sendTransaction({ identifier: '3f1c2b4a-0000-4000-8000-000000000002', authoredOn: '2026-03-16T09:00:00Z' })));
    expect(followUp.task.id).not.toBe(first.task.id);
    expect(followUp.task.reasonReference?.reference).toBe(first.task.reasonReference?.reference);
    expect(counts()).toEqual({ DetectedIssue: 1, Task: 2, Provenance: 3 });
  });
});

describe('cancelQuery', () => {
  const cancel = (task: Task) => buildCancelTransaction(task, TECHNICIAN, '2026-03-16T10:00:00Z');

  it('sets the Task cancelled (a new version, If-Match on the one read) with an UPDATE Provenance; nothing is deleted', async () => {
    const { gateway, store, counts } = await setUp();
    const { task } = sent(await sendQuery(gateway, sendTransaction()));
    const result = sent(await cancelQuery(gateway, cancel(task)));
    expect(result).toMatchObject({ already: false, query: { status: 'cancelled', versionId: '2', findingId: 'f-0123456789abcdef' } });
    expect(store.history('Task', task.id!).map((t) => (t as Task).status)).toEqual(['cancelled', 'requested']);
    expect(counts()).toEqual({ DetectedIssue: 1, Task: 1, Provenance: 3 });
  });

  it('is a conflict when the Task changed since it was read (the physician accepted it): nothing is overwritten, and the failure carries the Task as it is', async () => {
    const { gateway, store, counts } = await setUp();
    const { task } = sent(await sendQuery(gateway, sendTransaction()));
    store.update({ ...(store.read('Task', task.id!) as Task & { id: string }), status: 'accepted' });
    const result = await cancelQuery(gateway, cancel(task));
    expect(result).toMatchObject({ ok: false, kind: 'conflict', status: 412, retrySafe: true, current: { status: 'accepted', versionId: '2' } });
    expect((store.read('Task', task.id!) as Task).status).toBe('accepted');
    expect(counts().Provenance).toBe(2);
  });

  it('reports done when its answer was lost and the resend meets its own change (412): the Task is cancelled once', async () => {
    const { gateway, store, counts } = await setUp();
    const { task } = sent(await sendQuery(gateway, sendTransaction()));
    mockServer.use(...createTestEhr({ store, faults: { types: { transaction: { status: 504, processed: true, times: 1 } } } }).handlers);
    const result = sent(await cancelQuery(gateway, cancel(task)));
    expect(result).toMatchObject({ already: true, query: { status: 'cancelled', versionId: '2' } });
    expect(store.history('Task', task.id!)).toHaveLength(2);
    expect(counts().Provenance).toBe(3);
  });

  it('answers denied (403) when the EHR did not grant Task updates', async () => {
    const { gateway, store } = await setUp({ scope: launchScopes('ehr').replace('patient/Task.crus', 'patient/Task.crs') });
    const { task } = sent(await sendQuery(gateway, sendTransaction()));
    expect(await cancelQuery(gateway, cancel(task))).toMatchObject({ ok: false, kind: 'denied', status: 403 });
    expect((store.read('Task', task.id!) as Task).status).toBe('requested');
  });
});

describe('reading the queries', () => {
  async function threeQueries() {
    const setup = await setUp();
    const { gateway } = setup;
    sent(await sendQuery(gateway, sendTransaction({ authoredOn: '2026-03-10T09:00:00Z' })));
    sent(await sendQuery(gateway, sendTransaction({ finding: finding('f-00000000000000b2'), identifier: 'query-0000000002', authoredOn: '2026-03-12T09:00:00Z' })));
    sent(await sendQuery(gateway, sendTransaction({ finding: finding('f-00000000000000c3', 'e2'), identifier: 'query-0000000003', authoredOn: '2026-03-11T09:00:00Z' })));
    return setup;
  }

  it('loads the patient\'s queries newest first, each with its finding id; the encounter narrows them', async () => {
    const { gateway } = await threeQueries();
    const all = await loadQueries(gateway, 'p1');
    expect(all.map((q) => [q.findingId, q.task.authoredOn])).toEqual([
      ['f-00000000000000b2', '2026-03-12T09:00:00Z'], ['f-00000000000000c3', '2026-03-11T09:00:00Z'], ['f-0123456789abcdef', '2026-03-10T09:00:00Z'],
    ]);
    expect((await loadQueries(gateway, 'p1', 'e2')).map((q) => q.findingId)).toEqual(['f-00000000000000c3']);
  });

  it('matches the queries the record loader already read, without loading them again', async () => {
    const { gateway } = await threeQueries();
    const record = await loadPatientRecord(gateway, { patientId: 'p1' });
    const fromRecord = queriesFromResources(record.resources);
    expect(fromRecord.map((q) => [q.id, q.findingId, q.versionId])).toEqual((await loadQueries(gateway, 'p1')).map((q) => [q.id, q.findingId, q.versionId]));
    expect(fromRecord).toHaveLength(3);
  });

  it('reads by id a DetectedIssue the search by code did not return, and matches the Task to it', async () => {
    const issue: DetectedIssue = {
      resourceType: 'DetectedIssue', id: 'legacy', status: 'final', patient: { reference: 'Patient/p1' },
      identifier: [{ system: FINDING_IDENTIFIER_SYSTEM, value: 'f-00000000000000d4' }], code: { text: 'older code' },
    };
    const task: Task = {
      resourceType: 'Task', id: 'legacy-query', status: 'completed', intent: 'order', for: { reference: 'Patient/p1' },
      code: { coding: [{ system: SYSTEM.CLARIFY, code: CLARIFY_CODE.QUERY }] }, reasonReference: { reference: `${TEST_FHIR_BASE}/DetectedIssue/legacy` },
    };
    const { gateway } = await setUp({ store: seed([issue, task]) });
    expect((await loadQueries(gateway, 'p1')).map((q) => [q.id, q.findingId, q.status])).toEqual([['legacy-query', 'f-00000000000000d4', 'completed']]);
  });

  it('reads untrusted JSON without throwing: only Clarify\'s query Tasks with a usable id, each once; unreadable fields left out', () => {
    const query = (fields: Record<string, unknown>) => ({ resourceType: 'Task', intent: 'order', code: { coding: [{ system: SYSTEM.CLARIFY, code: CLARIFY_CODE.QUERY }] }, ...fields });
    const junk: unknown[] = [
      null, 42, 'Task', [], { resourceType: 'Task' },
      query({ id: 'a b' }), query({ id: 7 }),
      { resourceType: 'Task', id: 'not-ours', code: { coding: [{ system: 'urn:x', code: CLARIFY_CODE.QUERY }] } },
      query({ id: 'ok', status: 42, meta: { versionId: 3 }, reasonReference: 'DetectedIssue/x', authoredOn: '2026-02-30' }),
      query({ id: 'ok', status: 'requested' }),
      query({ id: 'fine', status: 'received', meta: { versionId: '4' }, authoredOn: '2026-03-01T00:00:00Z', reasonReference: { reference: 'DetectedIssue/d', identifier: { system: FINDING_IDENTIFIER_SYSTEM, value: 'f-1' } } }),
      { resourceType: 'DetectedIssue', id: 'd', identifier: { system: FINDING_IDENTIFIER_SYSTEM, value: 'f-2' } },
    ];
    const queries = queriesFromResources(junk);
    expect(queries.map((q) => ({ id: q.id, status: q.status, versionId: q.versionId, findingId: q.findingId }))).toEqual([
      { id: 'fine', status: 'received', versionId: '4', findingId: 'f-2' },
      { id: 'ok', status: undefined, versionId: undefined, findingId: undefined },
    ]);
  });
});
