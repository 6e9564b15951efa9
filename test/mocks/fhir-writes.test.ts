/**
 * The mock EHR's writes, as FHIR R4 specifies them (http.html): conditional create, versioned update with
 * If-Match, vread and history, transactions (urn:uuid references, ifNoneExist per entry, all or nothing,
 * the response's status/location/etag), batches, no deletes, validation, and SMART scopes on every write.
 */
import { describe, expect, it } from 'vitest';
import type { Bundle, BundleEntry, DetectedIssue, FhirResource, OperationOutcome, Patient, Provenance, Questionnaire, Task } from 'fhir/r4';
import { createTestEhr, mockServer } from '../../mocks/node';
import { FhirStore } from '../../mocks/fhir-store';
import { issueAccessToken } from '../support/tokens';
import { fhirClient } from './fhir-client';

const P1 = 'p1';
const seed = (): FhirStore => new FhirStore([
  { resourceType: 'Patient', id: P1 } as Patient,
  { resourceType: 'Patient', id: 'p2' } as Patient,
  { resourceType: 'Practitioner', id: 'doc' },
], { clock: () => new Date('2026-03-15T12:00:00Z') });

const task = (overrides: Partial<Task> = {}): Task => ({
  resourceType: 'Task', status: 'requested', intent: 'order', for: { reference: `Patient/${P1}` },
  code: { coding: [{ system: 'urn:test', code: 'q' }] }, ...overrides,
});

const issue = (findingId: string, patient = P1): DetectedIssue => ({
  resourceType: 'DetectedIssue', status: 'preliminary', patient: { reference: `Patient/${patient}` },
  identifier: [{ system: 'urn:finding', value: findingId }],
});

const provenanceOf = (target: string): Provenance => ({
  resourceType: 'Provenance', target: [{ reference: target }], recorded: '2026-03-15T12:00:00Z', agent: [{ who: { reference: 'Practitioner/doc' } }],
});

async function serve(scope = 'patient/Task.crus patient/DetectedIssue.crs patient/Provenance.c patient/Patient.rs', store = seed()) {
  mockServer.use(...createTestEhr({ store }).handlers);
  const token = await issueAccessToken(scope, { patient: P1 });
  return { store, fhir: fhirClient(token) };
}

const diagnostics = (body: OperationOutcome) => body.issue.map((i) => i.diagnostics).join(' ');

describe('mock EHR: create and conditional create', () => {
  it('creates with a server id (ignoring the client\'s), version 1, lastUpdated, Location, ETag and Last-Modified', async () => {
    const { fhir } = await serve();
    const created = await fhir.post<Task>('Task', { ...task(), id: 'mine' });
    expect(created.status).toBe(201);
    expect(created.body.id).not.toBe('mine');
    expect(created.body.meta).toEqual({ versionId: '1', lastUpdated: '2026-03-15T12:00:00.000Z' });
    expect(created.headers.get('Location')).toMatch(new RegExp(`/Task/${created.body.id}/_history/1$`));
    expect(created.headers.get('ETag')).toBe('W/"1"');
    expect(created.headers.get('Last-Modified')).toBe('Sun, 15 Mar 2026 12:00:00 GMT');
  });

  it('honours If-None-Exist (R4 http.html#ccreate): 201 when nothing matches, 200 with the match and nothing new when one does, 412 when several do', async () => {
    const { fhir, store } = await serve();
    const ifNoneExist = { 'If-None-Exist': 'identifier=urn:q|1' };
    const first = await fhir.post<Task>('Task', task({ identifier: [{ system: 'urn:q', value: '1' }] }), ifNoneExist);
    expect(first.status).toBe(201);
    const again = await fhir.post<Task>('Task', task({ identifier: [{ system: 'urn:q', value: '1' }], status: 'draft' }), ifNoneExist);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('Location')).toBe(first.headers.get('Location'));
    expect(store.all('Task')).toHaveLength(1);

    await fhir.post('Task', task({ identifier: [{ system: 'urn:q', value: '2' }] }));
    await fhir.post('Task', task({ identifier: [{ system: 'urn:q', value: '2' }] }));
    const ambiguous = await fhir.post<OperationOutcome>('Task', task(), { 'If-None-Exist': 'identifier=urn:q|2' });
    expect(ambiguous.status).toBe(412);
    expect(diagnostics(ambiguous.body)).toMatch(/matched 2/);
    expect(store.all('Task')).toHaveLength(3);
  });

  it('accepts If-None-Exist written with the type (`Task?identifier=...`) and refuses an unknown parameter in it', async () => {
    const { fhir } = await serve();
    const body = task({ identifier: [{ system: 'urn:q', value: '3' }] });
    await fhir.post('Task', body, { 'If-None-Exist': 'Task?identifier=urn:q|3' });
    expect((await fhir.post('Task', body, { 'If-None-Exist': 'Task?identifier=urn:q|3' })).status).toBe(200);
    expect((await fhir.post('Task', body, { 'If-None-Exist': 'colour=red' })).status).toBe(400);
  });

  it('answers Prefer: return=minimal with no body, the identity in the headers', async () => {
    const { fhir } = await serve();
    const created = await fhir.post('Task', task(), { Prefer: 'return=minimal' });
    expect(created.status).toBe(201);
    expect(created.body).toBeUndefined();
    expect(created.headers.get('Location')).toMatch(/\/Task\/[^/]+\/_history\/1$/);
  });

  it('refuses the workflow types without their required elements or with codes outside R4\'s required bindings (400, the element named)', async () => {
    const { fhir } = await serve();
    const noIntent = await fhir.post<OperationOutcome>('Task', { resourceType: 'Task', status: 'requested', for: { reference: `Patient/${P1}` } });
    expect(noIntent.status).toBe(400);
    expect(diagnostics(noIntent.body)).toMatch(/Task\.intent is required/);
    expect(diagnostics((await fhir.post<OperationOutcome>('Task', task({ status: 'sent' as Task['status'] }))).body)).toMatch(/Task\.status must be one of/);
    expect(diagnostics((await fhir.post<OperationOutcome>('Provenance', { resourceType: 'Provenance', target: [] })).body)).toMatch(/Provenance\.target is required.*Provenance\.agent is required|Provenance\.recorded/);
    const badQuestionnaire = await fhir.post<OperationOutcome>('Task', task({ contained: [{ resourceType: 'Questionnaire', id: 'q', status: 'active', item: [{ linkId: 'a' } as never] } as Questionnaire] }));
    expect(diagnostics(badQuestionnaire.body)).toMatch(/Task\.contained: Questionnaire\.item\[0\]\.type is required/);
    expect((await fhir.post('Task', { resourceType: 'Observation', status: 'final' })).status).toBe(400);
  });
});

describe('mock EHR: update, versions and history', () => {
  it('keeps meta.versionId and lastUpdated, checks If-Match (412 on a stale version) and keeps every version for vread and _history', async () => {
    let now = new Date('2026-03-15T12:00:00Z');
    const store = new FhirStore([{ resourceType: 'Patient', id: P1 }], { clock: () => now });
    const { fhir } = await serve(undefined, store);
    const created = (await fhir.post<Task>('Task', task())).body;
    now = new Date('2026-03-16T08:00:00Z');
    const accepted = await fhir.put<Task>(`Task/${created.id}`, { ...created, status: 'accepted' }, { 'If-Match': 'W/"1"' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.meta).toEqual({ versionId: '2', lastUpdated: '2026-03-16T08:00:00.000Z' });
    expect(accepted.headers.get('ETag')).toBe('W/"2"');

    const stale = await fhir.put<OperationOutcome>(`Task/${created.id}`, { ...created, status: 'cancelled' }, { 'If-Match': 'W/"1"' });
    expect(stale.status).toBe(412);
    expect(diagnostics(stale.body)).toMatch(/version 2, not 1/);
    expect((await fhir.get<Task>(`Task/${created.id}`)).body.status).toBe('accepted');
    expect((await fhir.put(`Task/${created.id}`, { ...created, status: 'cancelled' }, { 'If-Match': '2' })).status).toBe(400);

    expect((await fhir.get<Task>(`Task/${created.id}/_history/1`)).body).toMatchObject({ status: 'requested', meta: { versionId: '1' } });
    expect((await fhir.get<Task>(`Task/${created.id}/_history/2`)).body).toMatchObject({ status: 'accepted', meta: { versionId: '2' } });
    expect((await fhir.get(`Task/${created.id}/_history/3`)).status).toBe(404);
    const history = (await fhir.get<Bundle<Task>>(`Task/${created.id}/_history`)).body;
    expect(history).toMatchObject({ type: 'history', total: 2 });
    expect(history.entry?.map((e) => [e.resource?.meta?.versionId, e.response?.status])).toEqual([['2', '200 OK'], ['1', '201 Created']]);
  });

  it('updates a seeded resource as version 2 without changing the seed', async () => {
    const seeded: Task = { ...task(), id: 'seeded' };
    const store = new FhirStore([{ resourceType: 'Patient', id: P1 }, seeded]);
    const { fhir } = await serve(undefined, store);
    await fhir.put(`Task/seeded`, { ...seeded, status: 'completed' }, { 'If-Match': 'W/"1"' });
    expect((await fhir.get<Task>('Task/seeded')).body).toMatchObject({ status: 'completed', meta: { versionId: '2' } });
    expect((await fhir.get<Task>('Task/seeded/_history/1')).body.status).toBe('requested');
    expect(seeded.status).toBe('requested');
  });

  it('creates on update (PUT to a new id: 201) and refuses an id that is not a FHIR id', async () => {
    const { fhir } = await serve();
    expect((await fhir.put('Task/chosen-1', { ...task(), id: 'chosen-1' })).status).toBe(201);
    expect((await fhir.put('Task/a_b', { ...task(), id: 'a_b' })).status).toBe(400);
  });

  it('never deletes: DELETE (by id or conditional) and PATCH answer 405, and the resource stays', async () => {
    const { fhir } = await serve('patient/*.cruds');
    const created = (await fhir.post<Task>('Task', task())).body;
    for (const answer of [await fhir.delete(`Task/${created.id}`), await fhir.delete('Task?identifier=x'), await fhir.patch(`Task/${created.id}`, [])]) {
      expect(answer.status).toBe(405);
      expect(answer.body.resourceType).toBe('OperationOutcome');
    }
    expect((await fhir.get(`Task/${created.id}`)).status).toBe(200);
  });
});

describe('mock EHR: SMART scopes on writes', () => {
  it.each([
    ['v2 read-only', 'patient/Task.rs'],
    ['v2 update only', 'patient/Task.rus'],
    ['v1 read', 'patient/Task.read'],
  ])('refuses a create under %s scopes (403, OperationOutcome forbidden)', async (_name, scope) => {
    const { fhir, store } = await serve(scope);
    const denied = await fhir.post<OperationOutcome>('Task', task());
    expect(denied.status).toBe(403);
    expect(denied.body.issue[0]?.code).toBe('forbidden');
    expect(store.all('Task')).toHaveLength(0);
  });

  it.each([['v2', 'patient/Task.c'], ['v1', 'patient/Task.write'], ['v2 wildcard', 'patient/*.cruds'], ['user level', 'user/Task.c']])('allows a create under %s scopes', async (_name, scope) => {
    const { fhir } = await serve(scope);
    expect((await fhir.post('Task', task())).status).toBe(201);
  });

  it('needs .u to change and refuses a PUT that would move a resource into or out of the patient in context', async () => {
    const other: Task = { ...task({ for: { reference: 'Patient/p2' } }), id: 'other' };
    const mine: Task = { ...task(), id: 'mine' };
    const store = new FhirStore([{ resourceType: 'Patient', id: P1 }, other, mine]);
    const { fhir } = await serve('patient/Task.crs', store);
    expect((await fhir.put('Task/mine', { ...mine, status: 'cancelled' })).status).toBe(403);
    const { fhir: writer } = await serve('patient/Task.crus', store);
    expect((await writer.put('Task/other', { ...other, for: { reference: `Patient/${P1}` } })).status).toBe(403);
    expect((await writer.put('Task/mine', { ...mine, for: { reference: 'Patient/p2' } })).status).toBe(403);
    expect((await writer.post('Task', task({ for: { reference: 'Patient/p2' } }))).status).toBe(403);
    expect((await writer.put('Task/mine', { ...mine, status: 'cancelled' })).status).toBe(200);
  });

  it('refuses a whole transaction when one entry is not granted, and writes nothing', async () => {
    const { fhir, store } = await serve('patient/Task.crus patient/Provenance.rs');
    const refused = await fhir.post<OperationOutcome>('', {
      resourceType: 'Bundle', type: 'transaction', entry: [
        { fullUrl: 'urn:uuid:0a0a0a0a-0000-4000-8000-000000000001', resource: task(), request: { method: 'POST', url: 'Task' } },
        { resource: provenanceOf('urn:uuid:0a0a0a0a-0000-4000-8000-000000000001'), request: { method: 'POST', url: 'Provenance' } },
      ],
    });
    expect(refused.status).toBe(403);
    expect(store.all('Task')).toHaveLength(0);
  });
});

describe('mock EHR: transactions', () => {
  const urn = (n: number) => `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const queryTransaction = (identifier: string, findingId = 'f-1'): Bundle<FhirResource> => ({
    resourceType: 'Bundle', type: 'transaction',
    entry: [
      {
        fullUrl: urn(1), resource: issue(findingId),
        request: { method: 'POST', url: 'DetectedIssue', ifNoneExist: `identifier=urn:finding|${findingId}` },
      },
      {
        fullUrl: urn(2),
        resource: task({
          identifier: [{ system: 'urn:q', value: identifier }], reasonReference: { reference: urn(1) },
          contained: [{ resourceType: 'Questionnaire', id: 'query', status: 'active', item: [{ linkId: 'question', type: 'display', text: 'Q?' }] } as Questionnaire],
          input: [{ type: { text: 'questionnaire' }, valueCanonical: '#query' }, { type: { text: 'finding' }, valueUri: urn(1) }],
          text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml"><a href="${urn(1)}">finding</a></div>` },
        }),
        request: { method: 'POST', url: 'Task', ifNoneExist: `identifier=urn:q|${identifier}` },
      },
      {
        fullUrl: urn(3), resource: provenanceOf(urn(2)),
        request: { method: 'POST', url: 'Provenance', ifNoneExist: `target:Task.identifier=urn:q|${identifier}` },
      },
    ],
  });

  it('gives urn:uuid fullUrls their Type/id and rewrites every reference and uri to them (R4 http.html#trules), and answers status, location, etag per entry in request order', async () => {
    const { fhir, store } = await serve();
    const { status, body } = await fhir.post<Bundle>('', queryTransaction('q-1'));
    expect(status).toBe(200);
    expect(body.type).toBe('transaction-response');
    const [issueEntry, taskEntry, provenanceEntry] = body.entry as [BundleEntry, BundleEntry, BundleEntry];
    const issueId = issueEntry.resource!.id!;
    const taskId = taskEntry.resource!.id!;
    expect(issueEntry.response).toEqual({ status: '201 Created', location: `DetectedIssue/${issueId}/_history/1`, etag: 'W/"1"', lastModified: expect.any(String) });
    expect(taskEntry.response).toMatchObject({ status: '201 Created', location: `Task/${taskId}/_history/1`, etag: 'W/"1"' });
    const stored = store.read('Task', taskId) as Task;
    expect(stored.reasonReference).toEqual({ reference: `DetectedIssue/${issueId}` });
    expect(stored.input?.[1]?.valueUri).toBe(`DetectedIssue/${issueId}`);
    expect(stored.input?.[0]?.valueCanonical).toBe('#query');
    expect(stored.contained?.[0]).toMatchObject({ resourceType: 'Questionnaire', id: 'query' });
    expect((provenanceEntry.resource as Provenance).target[0]!.reference).toBe(`Task/${taskId}`);
    expect(JSON.stringify(stored)).not.toContain('urn:uuid');
  });

  it('honours ifNoneExist per entry, a chained one too: the same transaction again writes nothing and answers 200 with the first resources', async () => {
    const { fhir, store } = await serve();
    const first = (await fhir.post<Bundle>('', queryTransaction('q-1'))).body;
    const again = (await fhir.post<Bundle>('', queryTransaction('q-1'))).body;
    expect(again.entry?.map((e) => e.response?.status)).toEqual(['200 OK', '200 OK', '200 OK']);
    expect(again.entry?.map((e) => e.resource?.id)).toEqual(first.entry?.map((e) => e.resource?.id));
    expect([store.all('DetectedIssue').length, store.all('Task').length, store.all('Provenance').length]).toEqual([1, 1, 1]);
  });

  it('reuses the finding\'s DetectedIssue for a follow-up query, whose Task and Provenance are new', async () => {
    const { fhir, store } = await serve();
    const first = (await fhir.post<Bundle>('', queryTransaction('q-1'))).body;
    const followUp = (await fhir.post<Bundle>('', queryTransaction('q-2'))).body;
    expect(followUp.entry?.map((e) => e.response?.status)).toEqual(['200 OK', '201 Created', '201 Created']);
    expect(followUp.entry?.[0]?.resource?.id).toBe(first.entry?.[0]?.resource?.id);
    expect((store.read('Task', followUp.entry![1]!.resource!.id!) as Task).reasonReference?.reference).toBe(`DetectedIssue/${first.entry![0]!.resource!.id}`);
    expect([store.all('DetectedIssue').length, store.all('Task').length, store.all('Provenance').length]).toEqual([1, 2, 2]);
  });

  it('is all or nothing: an entry that fails (412 on If-Match, 400) fails the Bundle with its status, and nothing of it is kept', async () => {
    const { fhir, store } = await serve();
    const created = (await fhir.post<Task>('Task', task())).body;
    await fhir.put(`Task/${created.id}`, { ...created, status: 'accepted' });
    const stale = await fhir.post<OperationOutcome>('', {
      resourceType: 'Bundle', type: 'transaction', entry: [
        { resource: provenanceOf(`Task/${created.id}`), request: { method: 'POST', url: 'Provenance' } },
        { resource: { ...created, status: 'cancelled' }, request: { method: 'PUT', url: `Task/${created.id}`, ifMatch: 'W/"1"' } },
      ],
    });
    expect(stale.status).toBe(412);
    expect(store.all('Provenance')).toHaveLength(0);
    expect((store.read('Task', created.id!) as Task).status).toBe('accepted');

    const invalid = await fhir.post<OperationOutcome>('', {
      resourceType: 'Bundle', type: 'transaction', entry: [
        { fullUrl: urn(7), resource: task(), request: { method: 'POST', url: 'Task' } },
        { resource: { resourceType: 'Provenance', target: [{ reference: urn(7) }] }, request: { method: 'POST', url: 'Provenance' } },
      ],
    });
    expect(invalid.status).toBe(400);
    expect(store.all('Task')).toHaveLength(1);
  });

  it('refuses a reference to a urn:uuid no entry has (400, the path named), a DELETE entry (405) and a PUT whose url and id disagree', async () => {
    const { fhir, store } = await serve();
    const dangling = await fhir.post<OperationOutcome>('', {
      resourceType: 'Bundle', type: 'transaction',
      entry: [{ resource: task({ reasonReference: { reference: urn(9) } }), request: { method: 'POST', url: 'Task' } }],
    });
    expect(dangling.status).toBe(400);
    expect(diagnostics(dangling.body)).toMatch(/unresolved reference Task\.reasonReference\.reference/);
    const deletion = await fhir.post('', { resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'DELETE', url: 'Task/x' } }] });
    expect(deletion.status).toBe(405);
    const mismatch = await fhir.post('', { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { ...task(), id: 'a' }, request: { method: 'PUT', url: 'Task/b' } }] });
    expect(mismatch.status).toBe(400);
    expect(store.all('Task')).toHaveLength(0);
  });

  it('answers a batch entry by entry: one failure does not undo the others', async () => {
    const { fhir, store } = await serve();
    const { body } = await fhir.post<Bundle>('', {
      resourceType: 'Bundle', type: 'batch', entry: [
        { resource: task(), request: { method: 'POST', url: 'Task' } },
        { resource: { resourceType: 'Task', status: 'requested' }, request: { method: 'POST', url: 'Task' } },
      ],
    });
    expect(body.type).toBe('batch-response');
    expect(body.entry?.map((e) => e.response?.status)).toEqual(['201 Created', '400 Bad Request']);
    expect((body.entry?.[1]?.response?.outcome as OperationOutcome).issue[0]?.diagnostics).toMatch(/intent/);
    expect(store.all('Task')).toHaveLength(1);
  });
});
