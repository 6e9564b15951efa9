/**
 * The mock EHR's fault injection for write tests: faults on transactions (`transaction`, a POST to the
 * base), by method, and `processed` faults, whose request the server applies before the answer is lost.
 * Also what the CapabilityStatement says the server does for the query workflow's types.
 */
import { describe, expect, it } from 'vitest';
import type { CapabilityStatement, Task } from 'fhir/r4';
import { createTestEhr, mockServer } from '../../mocks/node';
import { FhirStore } from '../../mocks/fhir-store';
import type { FaultPlan } from '../../mocks/faults';
import { issueAccessToken } from '../support/tokens';
import { fhirClient } from './fhir-client';

const task = (): Task => ({ resourceType: 'Task', status: 'requested', intent: 'order', for: { reference: 'Patient/p1' } });

async function serve(faults: FaultPlan) {
  const store = new FhirStore([{ resourceType: 'Patient', id: 'p1' }]);
  mockServer.use(...createTestEhr({ store, faults }).handlers);
  return { store, fhir: fhirClient(await issueAccessToken('patient/Task.crus', { patient: 'p1' })) };
}

const transaction = { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: task(), request: { method: 'POST', url: 'Task' } }] };

describe('mock EHR faults', () => {
  it('applies a processed fault\'s request, then answers the error: the write is saved though the client saw a 504', async () => {
    const { fhir, store } = await serve({ types: { transaction: { status: 504, processed: true, times: 1 } } });
    expect((await fhir.post('', transaction)).status).toBe(504);
    expect(store.all('Task')).toHaveLength(1);
    expect((await fhir.post('', transaction)).status).toBe(200);
    expect(store.all('Task')).toHaveLength(2);
  });

  it('leaves the request unapplied when the fault is not processed', async () => {
    const { fhir, store } = await serve({ types: { transaction: { status: 503, times: 1 } } });
    expect((await fhir.post('', transaction)).status).toBe(503);
    expect(store.all('Task')).toHaveLength(0);
  });

  it('limits a fault to the methods named: a PUT fault leaves reads and creates alone', async () => {
    const { fhir } = await serve({ types: { Task: { status: 500, methods: ['PUT'] } } });
    const created = await fhir.post<Task>('Task', task());
    expect(created.status).toBe(201);
    expect((await fhir.get(`Task/${created.body.id}`)).status).toBe(200);
    expect((await fhir.put(`Task/${created.body.id}`, { ...created.body, status: 'cancelled' })).status).toBe(500);
  });
});

describe('mock EHR CapabilityStatement', () => {
  it('says what the server does for the query workflow: versioned updates, conditional create, no deletes, its search parameters and includes', async () => {
    const { fhir } = await serve({});
    const statement = (await fhir.get<CapabilityStatement>('metadata')).body;
    const byType = new Map(statement.rest![0]!.resource!.map((r) => [r.type as string, r]));
    for (const type of ['Task', 'DetectedIssue', 'Provenance', 'Questionnaire', 'QuestionnaireResponse']) expect(byType.has(type), type).toBe(true);
    const taskResource = byType.get('Task')!;
    expect(taskResource).toMatchObject({ versioning: 'versioned-update', conditionalCreate: true, conditionalDelete: 'not-supported', readHistory: true });
    expect(taskResource.interaction?.map((i) => i.code)).not.toContain('delete');
    expect(taskResource.searchInclude).toEqual(expect.arrayContaining(['Task:patient', 'Task:owner']));
    expect(taskResource.searchParam).toEqual(expect.arrayContaining([{ name: 'authored-on', type: 'date' }, { name: 'owner', type: 'reference' }, { name: 'identifier', type: 'token' }]));
  });
});
