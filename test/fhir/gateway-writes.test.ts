import { describe, expect, it } from 'vitest';
import { delay, http, HttpResponse } from 'msw';
import type { Bundle, Observation, Patient } from 'fhir/r4';
import { createFhirGateway } from '../../src/fhir/gateway';
import { FhirStore } from '../../mocks/fhir-store';
import { createTestEhr, mockServer, TEST_FHIR_BASE } from '../../mocks/node';
import { issueAccessToken } from '../support/tokens';

const patient: Patient = { resourceType: 'Patient', id: 'p1' };
const hemoglobin = (value = 12.5): Observation => ({
  resourceType: 'Observation', status: 'final', subject: { reference: 'Patient/p1' },
  identifier: [{ system: 'urn:clarify', value: 'hb-1' }],
  code: { coding: [{ system: 'http://loinc.org', code: '718-7' }] },
  valueQuantity: { value, unit: 'g/dL' },
});

const outcome = (diagnostics: string) => ({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics }] });

/** A gateway whose retry waits are recorded, not slept. */
function gatewayWith(authorization: () => Promise<string | null> = async () => 'Bearer t', timeoutMs?: number) {
  const waits: number[] = [];
  const gateway = createFhirGateway({
    baseUrl: TEST_FHIR_BASE, authorization, timeoutMs, sleep: async (ms) => void waits.push(ms),
  });
  return { gateway, waits };
}

/** The mock EHR over `store`, with a write-scoped token for Patient/p1. */
async function mockEhr(store = new FhirStore([patient])) {
  mockServer.use(...createTestEhr({ store }).handlers);
  const token = await issueAccessToken('patient/*.cruds', { patient: 'p1' });
  return { store, ...gatewayWith(async () => `Bearer ${token}`) };
}

/** Answers the first `times` requests with `status`, then lets the next handler (the mock) answer; counts requests. */
function failFirst(method: 'post' | 'put', path: string, status: number, times = 1) {
  const seen = { requests: 0 };
  const handler = http[method](path, () => {
    seen.requests++;
    return seen.requests <= times ? HttpResponse.json(outcome('try later'), { status, headers: { 'Retry-After': '2' } }) : undefined;
  });
  return { handler, seen };
}

describe('FhirGateway writes', () => {
  describe('create', () => {
    it('POSTs FHIR JSON asking for the stored representation, and returns the created resource', async () => {
      const { gateway, store } = await mockEhr();
      let headers: Headers | undefined;
      mockServer.use(http.post(`${TEST_FHIR_BASE}/Observation`, ({ request }) => void (headers = request.headers)));
      const created = await gateway.create(hemoglobin());
      expect(created).toMatchObject({ resourceType: 'Observation', id: expect.any(String), meta: { versionId: '1' }, valueQuantity: { value: 12.5 } });
      expect(store.read('Observation', created.id!)).toMatchObject({ valueQuantity: { value: 12.5 } });
      expect(headers?.get('Content-Type')).toBe('application/fhir+json');
      expect(headers?.get('Accept')).toBe('application/fhir+json');
      expect(headers?.get('Prefer')).toBe('return=representation');
    });

    it('answers a 201 without a body with the input and the id and version from Location', async () => {
      mockServer.use(http.post(`${TEST_FHIR_BASE}/Observation`, () => new HttpResponse(null, {
        status: 201, headers: { Location: `${TEST_FHIR_BASE}/Observation/new-1/_history/1` },
      })));
      const created = await gatewayWith().gateway.create(hemoglobin());
      expect(created).toEqual({ ...hemoglobin(), id: 'new-1', meta: { versionId: '1' } });
    });

    it('is never resent after a 503: exactly one request, and the error says the outcome is unknown', async () => {
      const { gateway, store, waits } = await mockEhr();
      const { handler, seen } = failFirst('post', `${TEST_FHIR_BASE}/Observation`, 503);
      mockServer.use(handler);
      const error = await gateway.create(hemoglobin()).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'FhirRequestError', kind: 'server', status: 503 });
      expect((error as Error).message).toMatch(/unknown.*not sent again/);
      expect(seen.requests).toBe(1);
      expect(waits).toEqual([]);
      expect(store.all('Observation')).toHaveLength(0);
    });

    it('is never resent after a timeout, and says the outcome is unknown', async () => {
      let requests = 0;
      mockServer.use(http.post(`${TEST_FHIR_BASE}/Observation`, async () => {
        requests++;
        await delay('infinite');
      }));
      const error = await gatewayWith(undefined, 1).gateway.create(hemoglobin()).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'timeout', message: expect.stringMatching(/unknown/) });
      expect(requests).toBe(1);
    });

    it('is never resent after a failed connection, and says the outcome is unknown as a 503 does', async () => {
      let requests = 0;
      mockServer.use(http.post(`${TEST_FHIR_BASE}/Observation`, () => {
        requests++;
        return HttpResponse.error();
      }));
      const { gateway, waits } = gatewayWith();
      const error = await gateway.create(hemoglobin()).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'FhirRequestError', kind: 'unreachable', status: 0, outcomeUnknown: true });
      expect((error as Error).message).toMatch(/unknown.*not sent again/);
      expect(requests).toBe(1);
      expect(waits).toEqual([]);
    });

    it.each([
      ['a 503', () => HttpResponse.json(outcome('down'), { status: 503 })],
      ['a 504', () => new HttpResponse(null, { status: 504 })],
      ['a failed connection', () => HttpResponse.error()],
    ])('says "outcome unknown" the same way after %s: one sentence, and outcomeUnknown', async (_name, answer) => {
      mockServer.use(http.post(`${TEST_FHIR_BASE}/Observation`, answer));
      const error = (await gatewayWith().gateway.create(hemoglobin()).catch((e: unknown) => e)) as Error & { outcomeUnknown: boolean };
      expect(error.outcomeUnknown).toBe(true);
      expect(error.message).toMatch(/ Whether the change was saved is unknown; it was not sent again, so check before retrying\.$/);
    });

    it('says a 429 refused the create (nothing saved): not an unknown outcome', async () => {
      mockServer.use(http.post(`${TEST_FHIR_BASE}/Observation`, () => HttpResponse.json(outcome('slow down'), { status: 429 })));
      const error = await gatewayWith().gateway.create(hemoglobin()).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'rate-limited', outcomeUnknown: false, message: expect.stringMatching(/refused it for now/) });
    });

    it('keeps a failed connection on a read an ordinary "unreachable", with nothing unknown about it', async () => {
      mockServer.use(http.get(`${TEST_FHIR_BASE}/Observation/o1`, () => HttpResponse.error()));
      const error = await gatewayWith().gateway.read('Observation/o1').catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'unreachable', outcomeUnknown: false, message: 'The FHIR server could not be reached.' });
    });

    it('reports 401 as unauthorized (the session expired)', async () => {
      await mockEhr();
      const { gateway } = gatewayWith(async () => 'Bearer expired');
      await expect(gateway.create(hemoglobin())).rejects.toMatchObject({ kind: 'unauthorized', status: 401 });
    });

    it('keeps the OperationOutcome of a 400, whose diagnostics the error gives as serverText', async () => {
      mockServer.use(http.post(`${TEST_FHIR_BASE}/Observation`, () => HttpResponse.json(outcome('Observation.status is required'), { status: 400 })));
      const error = await gatewayWith().gateway.create(hemoglobin()).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'rejected', status: 400, serverText: 'Observation.status is required', outcome: { resourceType: 'OperationOutcome' } });
    });

    it('is cancelled by its signal', async () => {
      await mockEhr();
      const controller = new AbortController();
      controller.abort();
      await expect(gatewayWith().gateway.create(hemoglobin(), { signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
    });
  });

  describe('update', () => {
    it('PUTs the resource and returns the new version', async () => {
      const { gateway, store } = await mockEhr(new FhirStore([patient, { ...hemoglobin(), id: 'o1' }]));
      const updated = await gateway.update({ ...hemoglobin(13), id: 'o1' });
      expect(updated).toMatchObject({ id: 'o1', meta: { versionId: '2' }, valueQuantity: { value: 13 } });
      expect(store.read('Observation', 'o1')).toMatchObject({ valueQuantity: { value: 13 } });
    });

    it.each([['3', 'W/"3"'], ['W/"3"', 'W/"3"']])('sends If-Match %s as %s', async (ifMatch, sent) => {
      let header: string | null = null;
      mockServer.use(http.put(`${TEST_FHIR_BASE}/Observation/o1`, async ({ request }) => {
        header = request.headers.get('If-Match');
        return HttpResponse.json({ ...(await request.json() as Observation), meta: { versionId: '4' } });
      }));
      await gatewayWith().gateway.update({ ...hemoglobin(), id: 'o1' }, { ifMatch });
      expect(header).toBe(sent);
    });

    it('turns 412 Precondition Failed into a conflict (changed by someone else)', async () => {
      mockServer.use(http.put(`${TEST_FHIR_BASE}/Observation/o1`, () => HttpResponse.json(outcome('version 5 is current'), { status: 412 })));
      const error = await gatewayWith().gateway.update({ ...hemoglobin(), id: 'o1' }, { ifMatch: '3' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'conflict', status: 412, serverText: 'version 5 is current' });
    });

    it('is retried after a 503 (PUT is idempotent), honouring Retry-After', async () => {
      const { gateway, waits } = await mockEhr(new FhirStore([patient, { ...hemoglobin(), id: 'o1' }]));
      const { handler, seen } = failFirst('put', `${TEST_FHIR_BASE}/Observation/o1`, 503);
      mockServer.use(handler);
      expect(await gateway.update({ ...hemoglobin(14), id: 'o1' })).toMatchObject({ valueQuantity: { value: 14 } });
      expect(seen.requests).toBe(2);
      expect(waits).toEqual([2000]);
    });

    it('says a conflict after a lost answer may be its own earlier attempt', async () => {
      const { handler } = failFirst('put', `${TEST_FHIR_BASE}/Observation/o1`, 504);
      // The first attempt's answer is lost (504); the resend meets the version it may itself have written.
      mockServer.use(handler, http.put(`${TEST_FHIR_BASE}/Observation/o1`, () => HttpResponse.json(outcome('stale'), { status: 412 })));
      const error = await gatewayWith().gateway.update({ ...hemoglobin(), id: 'o1' }, { ifMatch: '3' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'conflict', message: expect.stringMatching(/earlier attempt/) });
    });
  });

  describe('createIfNoneExist', () => {
    const query = 'identifier=urn:clarify|hb-1';

    it('creates when nothing matches (201) and returns the existing match when one does (200)', async () => {
      const { gateway, store } = await mockEhr();
      const created = await gateway.createIfNoneExist(hemoglobin(), query);
      const again = await gateway.createIfNoneExist(hemoglobin(99), query);
      expect(again).toEqual(created);
      expect(store.all('Observation')).toHaveLength(1);
    });

    it('is retried after a 503 and yields one resource', async () => {
      const { gateway, store, waits } = await mockEhr();
      const { handler, seen } = failFirst('post', `${TEST_FHIR_BASE}/Observation`, 503);
      mockServer.use(handler);
      const created = await gateway.createIfNoneExist(hemoglobin(), query);
      expect(seen.requests).toBe(2);
      expect(waits).toEqual([2000]);
      expect(store.all('Observation').map((o) => o.id)).toEqual([created.id]);
    });

    it('sends If-None-Exist and treats 412 (several matches) as an error', async () => {
      const store = new FhirStore([patient, { ...hemoglobin(), id: 'a' }, { ...hemoglobin(), id: 'b' }]);
      const { gateway } = await mockEhr(store);
      await expect(gateway.createIfNoneExist(hemoglobin(), query)).rejects.toMatchObject({ kind: 'conflict', status: 412, serverText: 'The conditional create matched 2 resources.' });
    });
  });

  describe('transaction', () => {
    const bundle = (ifNoneExist?: string): Bundle => ({
      resourceType: 'Bundle', type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:obs', resource: hemoglobin(), request: { method: 'POST', url: 'Observation', ...(ifNoneExist ? { ifNoneExist } : {}) } },
        { resource: { ...patient, active: true } as Patient, request: { method: 'PUT', url: 'Patient/p1' } },
      ],
    });

    it('POSTs the Bundle to the base and returns the transaction-response', async () => {
      const { gateway, store } = await mockEhr();
      const response = await gateway.transaction(bundle());
      expect(response).toMatchObject({ resourceType: 'Bundle', type: 'transaction-response' });
      expect(response.entry?.map((e) => e.response?.status)).toEqual(['201 Created', '200 OK']);
      expect(store.read('Patient', 'p1')).toMatchObject({ active: true });
    });

    it('is retried after a 503 when every POST entry carries ifNoneExist', async () => {
      const { gateway, store } = await mockEhr();
      const { handler, seen } = failFirst('post', TEST_FHIR_BASE, 503);
      mockServer.use(handler);
      await gateway.transaction(bundle('identifier=urn:clarify|hb-1'));
      expect(seen.requests).toBe(2);
      expect(store.all('Observation')).toHaveLength(1);
    });

    it('is not resent after a 503 when a POST entry has no ifNoneExist, and says the outcome is unknown', async () => {
      const { gateway, waits } = await mockEhr();
      const { handler, seen } = failFirst('post', TEST_FHIR_BASE, 503);
      mockServer.use(handler);
      await expect(gateway.transaction(bundle())).rejects.toMatchObject({ kind: 'server', message: expect.stringMatching(/unknown/) });
      expect(seen.requests).toBe(1);
      expect(waits).toEqual([]);
    });

    it('is not resent after a failed connection when a POST entry has no ifNoneExist, and says the outcome is unknown', async () => {
      let requests = 0;
      mockServer.use(http.post(TEST_FHIR_BASE, () => {
        requests++;
        return HttpResponse.error();
      }));
      await expect(gatewayWith().gateway.transaction(bundle())).rejects.toMatchObject({ kind: 'unreachable', outcomeUnknown: true, message: expect.stringMatching(/unknown/) });
      expect(requests).toBe(1);
    });

    it('fails as a whole with the server\'s OperationOutcome on a 4xx', async () => {
      const { gateway, store } = await mockEhr();
      const bad = bundle();
      bad.entry!.push({ resource: { ...patient, id: undefined }, request: { method: 'PUT', url: 'Patient' } });
      const error = await gateway.transaction(bad).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'rejected', status: 400, serverText: 'Entry 2: a PUT entry needs a resource id in request.url.' });
      expect(store.all('Observation')).toHaveLength(0);
    });

    it('fails when the server answers 200 with an OperationOutcome instead of a Bundle', async () => {
      mockServer.use(http.post(TEST_FHIR_BASE, () => HttpResponse.json(outcome('not processed'))));
      await expect(gatewayWith().gateway.transaction(bundle())).rejects.toMatchObject({ kind: 'rejected', serverText: 'not processed' });
    });
  });
});
