/**
 * The server's CapabilityStatement read once per session (src/fhir/capabilities.ts), and the gateway's search
 * additions the inbox relies on: repeated parameters (`_include` twice) and the included resources kept
 * beside the matches; and a transaction entry refused for its version read as a conflict.
 */
import { describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import type { Resource } from 'fhir/r4';
import { createFhirGateway, searchQuery } from '../../src/fhir/gateway';
import { offeredTypes, offersInclude, resourceCapability, serverCapabilities } from '../../src/fhir/capabilities';
import { createTestEhr, mockServer, TEST_FHIR_BASE } from '../../mocks/node';
import { FhirStore } from '../../mocks/fhir-store';
import { issueAccessToken } from '../support/tokens';

const statement = (resource: unknown[]) => ({ resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1', rest: [{ mode: 'server', resource }] });

describe('serverCapabilities', () => {
  it('reads /metadata once per gateway (session); another gateway reads it again', async () => {
    let reads = 0;
    mockServer.use(http.get(`${TEST_FHIR_BASE}/metadata`, () => {
      reads++;
      return HttpResponse.json(statement([{ type: 'Task', searchInclude: ['Task:patient'] }]));
    }));
    const gateway = createFhirGateway({ baseUrl: TEST_FHIR_BASE, authorization: async () => null });
    const [a, b] = await Promise.all([serverCapabilities(gateway), serverCapabilities(gateway)]);
    expect(await serverCapabilities(gateway)).toBe(a);
    expect(b).toBe(a);
    expect(reads).toBe(1);
    await serverCapabilities(createFhirGateway({ baseUrl: TEST_FHIR_BASE, authorization: async () => null }));
    expect(reads).toBe(2);
  });

  it('does not keep a failed read; one caller\'s abort ends only its own wait', async () => {
    let reads = 0;
    mockServer.use(http.get(`${TEST_FHIR_BASE}/metadata`, () => (++reads === 1
      ? HttpResponse.json({ resourceType: 'OperationOutcome', issue: [] }, { status: 404 })
      : HttpResponse.json(statement([])))));
    const gateway = createFhirGateway({ baseUrl: TEST_FHIR_BASE, authorization: async () => null });
    await expect(serverCapabilities(gateway)).rejects.toMatchObject({ kind: 'not-found' });
    const controller = new AbortController();
    const aborted = serverCapabilities(gateway, { signal: controller.signal });
    const waiting = serverCapabilities(gateway);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ kind: 'aborted' });
    expect((await waiting).resourceType).toBe('CapabilityStatement');
    expect(reads).toBe(2);
  });

  it.each<[string, unknown, boolean]>([
    ['listed', statement([{ type: 'Task', searchInclude: ['Task:patient', 'Task:owner'] }]), true],
    ['offered as *', statement([{ type: 'Task', searchInclude: ['*'] }]), true],
    ['not listed', statement([{ type: 'Task', searchInclude: ['Task:owner'] }]), false],
    ['for another type only', statement([{ type: 'Encounter', searchInclude: ['Task:patient'] }]), false],
    ['no searchInclude', statement([{ type: 'Task' }]), false],
    ['a malformed statement', { resourceType: 'CapabilityStatement', rest: 'x' }, false],
    ['no statement', undefined, false],
  ])('says whether _include=Task:patient is offered: %s', (_name, capabilities, expected) => {
    expect(offersInclude(capabilities, 'Task', 'Task:patient')).toBe(expected);
  });

  it('lists the offered types, and nothing when the statement lists none', () => {
    expect([...offeredTypes(statement([{ type: 'Task' }, { type: 'Patient' }, { type: 7 }]))!]).toEqual(['Task', 'Patient']);
    expect(offeredTypes({ resourceType: 'CapabilityStatement' })).toBeUndefined();
    expect(resourceCapability(statement([{ type: 'Task', searchInclude: ['x'] }]), 'Task')?.searchInclude).toEqual(['x']);
  });
});

describe('FhirGateway searches for the inbox', () => {
  it('repeats a parameter given a list (_include twice), and keeps the included resources beside the matches', async () => {
    const store = new FhirStore([
      { resourceType: 'Patient', id: 'p1' }, { resourceType: 'Encounter', id: 'e1', subject: { reference: 'Patient/p1' } },
      { resourceType: 'Task', id: 't1', status: 'requested', intent: 'order', for: { reference: 'Patient/p1' }, encounter: { reference: 'Encounter/e1' } },
    ] as Resource[]);
    mockServer.use(...createTestEhr({ store }).handlers);
    const token = await issueAccessToken('user/Task.rs user/Patient.rs user/Encounter.rs');
    const gateway = createFhirGateway({ baseUrl: TEST_FHIR_BASE, authorization: async () => `Bearer ${token}` });
    const result = await gateway.searchPages('Task', { _id: 't1', _include: ['Task:patient', 'Task:encounter'] });
    expect(result.resources.map((r) => r.id)).toEqual(['t1']);
    expect(result.included.map((r) => `${r.resourceType}/${r.id}`).sort()).toEqual(['Encounter/e1', 'Patient/p1']);
    expect(searchQuery({ a: '1', b: ['x', 'y,z'] })).toBe('a=1&b=x&b=y%2Cz');
  });

  it('leaves OperationOutcome warnings out of the included resources', async () => {
    mockServer.use(http.get(`${TEST_FHIR_BASE}/Task`, () => HttpResponse.json({
      resourceType: 'Bundle', type: 'searchset', entry: [
        { resource: { resourceType: 'OperationOutcome', issue: [] }, search: { mode: 'outcome' } },
        { resource: { resourceType: 'Patient', id: 'p1' } },
        { resource: null },
      ],
    })));
    const gateway = createFhirGateway({ baseUrl: TEST_FHIR_BASE, authorization: async () => null });
    expect((await gateway.searchPages('Task', {})).included.map((r) => r.resourceType)).toEqual(['Patient']);
  });
});
