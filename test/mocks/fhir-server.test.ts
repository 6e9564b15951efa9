import { describe, expect, it } from 'vitest';
import type { Bundle, FhirResource, Observation, OperationOutcome, Patient, Provenance, Task } from 'fhir/r4';
import { createTestEhr, mockServer, TEST_FHIR_BASE } from '../../mocks/node';
import { FhirStore } from '../../mocks/fhir-store';
import { issueAccessToken } from '../support/tokens';

const PATIENT = 'p1';

function observation(id: string, patient = PATIENT): Observation {
  return {
    resourceType: 'Observation', id, status: 'final', subject: { reference: `Patient/${patient}` },
    code: { coding: [{ system: 'http://loinc.org', code: '2951-2', display: 'Sodium [Moles/volume] in Serum or Plasma' }] },
    valueQuantity: { value: 140, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' },
  };
}

function seededStore(observations: number) {
  const patients: Patient[] = [{ resourceType: 'Patient', id: PATIENT }, { resourceType: 'Patient', id: 'p2' }];
  return new FhirStore([
    ...patients,
    ...Array.from({ length: observations }, (_, i) => observation(`o${i}`)),
    observation('other-patient-obs', 'p2'),
  ]);
}

async function get<T>(url: string, token: string) {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as T };
}

describe('mock EHR FHIR server', () => {
  it('pages a search with next links until every match is returned exactly once', async () => {
    mockServer.use(...createTestEhr({ store: seededStore(123) }).handlers);
    const token = await issueAccessToken('patient/Observation.rs', { patient: PATIENT });
    const ids: string[] = [];
    let url: string | undefined = `${TEST_FHIR_BASE}/Observation?patient=${PATIENT}&_count=50`;
    let pages = 0;
    while (url) {
      const { status, body }: { status: number; body: Bundle<Observation> } = await get<Bundle<Observation>>(url, token);
      expect(status).toBe(200);
      expect(body.total).toBe(123);
      ids.push(...(body.entry ?? []).map((e) => e.resource!.id!));
      url = body.link?.find((l) => l.relation === 'next')?.url;
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(123);
    expect(ids).not.toContain('other-patient-obs');
  });

  it('caps _count at the server maximum and uses its default page size without _count', async () => {
    mockServer.use(...createTestEhr({ store: seededStore(123), pageSize: { default: 10, max: 50 } }).handlers);
    const token = await issueAccessToken('patient/Observation.rs', { patient: PATIENT });
    const big = await get<Bundle>(`${TEST_FHIR_BASE}/Observation?patient=${PATIENT}&_count=1000`, token);
    expect(big.body.entry).toHaveLength(50);
    const plain = await get<Bundle>(`${TEST_FHIR_BASE}/Observation?patient=${PATIENT}`, token);
    expect(plain.body.entry).toHaveLength(10);
  });

  it('answers 401 with an OperationOutcome when the bearer token is missing or forged', async () => {
    mockServer.use(...createTestEhr({ store: seededStore(1) }).handlers);
    const missing = await fetch(`${TEST_FHIR_BASE}/Patient/${PATIENT}`);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as OperationOutcome).resourceType).toBe('OperationOutcome');
    const forged = await get<OperationOutcome>(`${TEST_FHIR_BASE}/Patient/${PATIENT}`, 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln');
    expect(forged.status).toBe(401);
  });

  it('answers 401 once the access token has expired', async () => {
    let now = 1_800_000_000;
    mockServer.use(...createTestEhr({ store: seededStore(1), now: () => now, accessTokenLifetime: 60 }).handlers);
    const token = await issueAccessToken('patient/Patient.rs', { patient: PATIENT });
    expect((await get(`${TEST_FHIR_BASE}/Patient/${PATIENT}`, token)).status).toBe(200);
    now += 61;
    expect((await get(`${TEST_FHIR_BASE}/Patient/${PATIENT}`, token)).status).toBe(401);
  });

  it('refuses types the scopes do not grant, and other patients under patient scopes, with 403', async () => {
    mockServer.use(...createTestEhr({ store: seededStore(1) }).handlers);
    const token = await issueAccessToken('patient/Patient.rs', { patient: PATIENT });
    const denied = await get<OperationOutcome>(`${TEST_FHIR_BASE}/Observation?patient=${PATIENT}`, token);
    expect(denied.status).toBe(403);
    expect(denied.body.issue[0]?.code).toBe('forbidden');
    expect((await get(`${TEST_FHIR_BASE}/Patient/p2`, token)).status).toBe(403);
  });

  it('accepts SMART v1 scopes', async () => {
    mockServer.use(...createTestEhr({ store: seededStore(2) }).handlers);
    const token = await issueAccessToken('patient/*.read', { patient: PATIENT });
    expect((await get<Bundle>(`${TEST_FHIR_BASE}/Observation?patient=${PATIENT}`, token)).body.total).toBe(2);
  });

  it('answers 404 and 400 with OperationOutcomes', async () => {
    mockServer.use(...createTestEhr({ store: seededStore(1) }).handlers);
    const token = await issueAccessToken('patient/*.rs', { patient: PATIENT });
    const missing = await get<OperationOutcome>(`${TEST_FHIR_BASE}/Observation/nope`, token);
    expect(missing.status).toBe(404);
    expect(missing.body.issue[0]?.code).toBe('not-found');
    const unknown = await get<OperationOutcome>(`${TEST_FHIR_BASE}/Observation?patient=${PATIENT}&colour=red`, token);
    expect(unknown.status).toBe(400);
    expect(unknown.body.issue[0]?.diagnostics).toMatch(/colour/);
  });

  it('creates with a server id, version and Location, and updates with a new version', async () => {
    mockServer.use(...createTestEhr({ store: seededStore(0) }).handlers);
    const token = await issueAccessToken('patient/Task.cruds', { patient: PATIENT });
    const task: Task = { resourceType: 'Task', status: 'requested', intent: 'order', for: { reference: `Patient/${PATIENT}` } };
    const created = await fetch(`${TEST_FHIR_BASE}/Task`, {
      method: 'POST', body: JSON.stringify(task), headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/fhir+json' },
    });
    expect(created.status).toBe(201);
    const stored = (await created.json()) as Task;
    expect(stored.id).toBeTruthy();
    expect(stored.meta?.versionId).toBe('1');
    expect(created.headers.get('Location')).toBe(`${TEST_FHIR_BASE}/Task/${stored.id}/_history/1`);
    const updated = await fetch(`${TEST_FHIR_BASE}/Task/${stored.id}`, {
      method: 'PUT', body: JSON.stringify({ ...stored, status: 'completed' }),
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/fhir+json' },
    });
    expect(updated.status).toBe(200);
    expect(((await updated.json()) as Task).meta?.versionId).toBe('2');
  });

  it('applies a transaction atomically, resolving urn:uuid references, and honours ifNoneExist', async () => {
    mockServer.use(...createTestEhr({ store: seededStore(0) }).handlers);
    const token = await issueAccessToken('patient/Task.cruds patient/Provenance.cruds', { patient: PATIENT });
    const bundle: Bundle<FhirResource> = {
      resourceType: 'Bundle', type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:task-1',
          resource: { resourceType: 'Task', status: 'requested', intent: 'order', for: { reference: `Patient/${PATIENT}` }, identifier: [{ system: 'urn:test', value: 'q1' }] },
          request: { method: 'POST', url: 'Task', ifNoneExist: 'identifier=urn:test|q1' },
        },
        {
          resource: { resourceType: 'Provenance', target: [{ reference: 'urn:uuid:task-1' }], recorded: '2026-01-01T00:00:00Z', agent: [{ who: { reference: 'Practitioner/x' } }] },
          request: { method: 'POST', url: 'Provenance' },
        },
      ],
    };
    const post = () => fetch(TEST_FHIR_BASE, {
      method: 'POST', body: JSON.stringify(bundle), headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/fhir+json' },
    }).then((r) => r.json() as Promise<Bundle>);
    const first = await post();
    expect(first.type).toBe('transaction-response');
    const taskId = first.entry![0]!.resource!.id;
    expect((first.entry![1]!.resource as Provenance).target[0]!.reference).toBe(`Task/${taskId}`);
    const second = await post();
    expect(second.entry![0]!.response?.status).toBe('200 OK');
    expect(second.entry![0]!.resource!.id).toBe(taskId);
    const tasks = await get<Bundle>(`${TEST_FHIR_BASE}/Task?patient=${PATIENT}`, token);
    expect(tasks.body.total).toBe(1);
  });
});
