import { describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import type { Observation } from 'fhir/r4';
import { createFhirGateway } from '../../src/fhir/gateway';
import { FhirStore } from '../../mocks/fhir-store';
import { createTestEhr, mockServer, TEST_FHIR_BASE } from '../../mocks/node';
import { issueAccessToken } from '../support/tokens';

function observations(n: number, patient = 'p1'): Observation[] {
  return Array.from({ length: n }, (_, i) => ({
    resourceType: 'Observation', id: `o${i}`, status: 'final', subject: { reference: `Patient/${patient}` },
    code: { coding: [{ system: 'http://loinc.org', code: '718-7', display: 'Hemoglobin [Mass/volume] in Blood' }] },
    valueQuantity: { value: 12 + (i % 3), unit: 'g/dL', system: 'http://unitsofmeasure.org', code: 'g/dL' },
  }));
}

async function gatewayFor(store: FhirStore, scope = 'patient/*.rs') {
  mockServer.use(...createTestEhr({ store }).handlers);
  const token = await issueAccessToken(scope, { patient: 'p1' });
  return createFhirGateway({ baseUrl: TEST_FHIR_BASE, authorization: async () => `Bearer ${token}` });
}

/** A gateway whose retry waits are recorded, not slept. */
function gatewayWithoutWaiting() {
  const waits: number[] = [];
  const gateway = createFhirGateway({ baseUrl: TEST_FHIR_BASE, authorization: async () => 'Bearer t', sleep: async (ms) => void waits.push(ms) });
  return { gateway, waits };
}

describe('FhirGateway', () => {
  it('follows next links across pages and returns every match once', async () => {
    const gateway = await gatewayFor(new FhirStore([{ resourceType: 'Patient', id: 'p1' }, ...observations(137), ...observations(3, 'p2').map((o) => ({ ...o, id: `x${o.id}` }))]));
    const found = await gateway.search<Observation>('Observation', { patient: 'p1', _count: '50' });
    expect(found).toHaveLength(137);
    expect(new Set(found.map((o) => o.id)).size).toBe(137);
  });

  it('stops at maxPages', async () => {
    const gateway = await gatewayFor(new FhirStore(observations(137)));
    expect(await gateway.search('Observation', { patient: 'p1', _count: '10' }, { maxPages: 2 })).toHaveLength(20);
  });

  it('refuses to send the token to a next link on another server', async () => {
    mockServer.use(http.get(`${TEST_FHIR_BASE}/Observation`, () => HttpResponse.json({
      resourceType: 'Bundle', type: 'searchset', entry: [], link: [{ relation: 'next', url: 'http://elsewhere.test/fhir/Observation?page=2' }],
    })));
    const gateway = createFhirGateway({ baseUrl: TEST_FHIR_BASE, authorization: async () => 'Bearer t' });
    await expect(gateway.search('Observation', { patient: 'p1' })).rejects.toMatchObject({ kind: 'malformed' });
  });

  it.each([
    [401, 'unauthorized'], [403, 'forbidden'], [404, 'not-found'], [429, 'rate-limited'], [500, 'server'], [503, 'server'], [400, 'rejected'],
  ] as const)('turns HTTP %i into a "%s" error that keeps the OperationOutcome', async (status, kind) => {
    let requests = 0;
    mockServer.use(http.get(`${TEST_FHIR_BASE}/Patient/p1`, () => {
      requests++;
      return HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics: `status ${status}` }] }, { status });
    }));
    const { gateway, waits } = gatewayWithoutWaiting();
    const error = await gateway.read('Patient/p1').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'FhirRequestError', kind, status, serverText: `status ${status}` });
    // 429 and 503 are retried three times with exponential backoff (waits recorded, not slept); the rest never.
    const retried = status === 429 || status === 503;
    expect(requests).toBe(retried ? 4 : 1);
    expect(waits).toEqual(retried ? [500, 1000, 2000] : []);
  });

  it('sleeps through its backoff for real unless told otherwise (production waits)', async () => {
    mockServer.use(http.get(`${TEST_FHIR_BASE}/Patient/p1`, () => new HttpResponse(null, { status: 503 })));
    const gateway = createFhirGateway({ baseUrl: TEST_FHIR_BASE, authorization: async () => 'Bearer t', retry: { retries: 1, baseDelayMs: 50 } });
    const started = performance.now();
    await expect(gateway.read('Patient/p1')).rejects.toMatchObject({ kind: 'server' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('reports a body that is not JSON as malformed rather than crashing', async () => {
    mockServer.use(http.get(`${TEST_FHIR_BASE}/Patient/p1`, () => new HttpResponse('{"resourceType": "Pat', { headers: { 'Content-Type': 'application/fhir+json' } })));
    const gateway = createFhirGateway({ baseUrl: TEST_FHIR_BASE, authorization: async () => 'Bearer t' });
    await expect(gateway.read('Patient/p1')).rejects.toMatchObject({ kind: 'malformed', status: 200 });
  });

  it('reports a resource of the wrong type as malformed', async () => {
    mockServer.use(http.get(`${TEST_FHIR_BASE}/Patient/p1`, () => HttpResponse.json({ resourceType: 'Observation', id: 'p1' })));
    const gateway = createFhirGateway({ baseUrl: TEST_FHIR_BASE, authorization: async () => 'Bearer t' });
    await expect(gateway.read('Patient/p1')).rejects.toMatchObject({ kind: 'malformed' });
  });

  it('reports a network failure as unreachable and an abort as aborted', async () => {
    mockServer.use(http.get(`${TEST_FHIR_BASE}/Patient/p1`, () => HttpResponse.error()));
    const gateway = createFhirGateway({ baseUrl: TEST_FHIR_BASE, authorization: async () => 'Bearer t' });
    await expect(gateway.read('Patient/p1')).rejects.toMatchObject({ kind: 'unreachable', status: 0 });
    const controller = new AbortController();
    controller.abort();
    await expect(gateway.read('Patient/p1', { signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
  });
});
