import { describe, expect, it } from 'vitest';
import { delay, http, HttpResponse } from 'msw';
import type { Bundle, CapabilityStatement, DocumentReference, Encounter, FhirResource as Resource, Medication, MedicationRequest, Observation, Patient } from 'fhir/r4';
import { createFhirGateway, type GatewayConfig } from '../../src/fhir/gateway';
import { loadPatientRecord, type LoadProgress } from '../../src/fhir/load-patient-record';
import { launchScopes } from '../../src/fhir/scopes';
import { OBSERVATION_STREAMS, RECORD_REFERENCED, RECORD_SEARCHES } from '../../src/fhir/record-types';
import { NOT_GRANTED, NOT_IN_CAPABILITY_STATEMENT } from '../../src/messages';
import { permissionsFrom } from '../../src/fhir/permissions';
import { createTestEhr, mockServer, TEST_FHIR_BASE } from '../../mocks/node';
import { FhirStore } from '../../mocks/fhir-store';
import type { FaultPlan } from '../../mocks/faults';
import { issueAccessToken } from '../support/tokens';
import { fixtureChart } from '../support/fixtures';
import ervinBundle from '../../mocks/fixtures/patients/ervin-cummings.json';

const ervin = fixtureChart('Cummings');

function countByType(bundle: Bundle): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of bundle.entry ?? []) counts[entry.resource!.resourceType] = (counts[entry.resource!.resourceType] ?? 0) + 1;
  return counts;
}

async function setUp(options: { faults?: FaultPlan; store?: FhirStore; patient?: string; gateway?: Partial<GatewayConfig> } = {}) {
  const patient = options.patient ?? ervin.patientId;
  mockServer.use(...createTestEhr({ faults: options.faults, ...(options.store ? { store: options.store } : {}) }).handlers);
  // The scopes Clarify really requests: the mock enforces them, so a missing scope fails here.
  const token = await issueAccessToken(launchScopes('ehr'), { patient });
  const waits: number[] = [];
  const gateway = createFhirGateway({
    baseUrl: TEST_FHIR_BASE,
    authorization: async () => `Bearer ${token}`,
    sleep: async (ms) => void waits.push(ms),
    ...options.gateway,
  });
  return { gateway, waits, patient };
}

function statusOf(parts: Array<{ type: string; status: unknown }>, type: string) {
  return parts.find((p) => p.type === type)?.status;
}

describe('loadPatientRecord', () => {
  it('loads a Synthea patient with thousands of Observations completely, every count matching the fixture', async () => {
    const { gateway } = await setUp();
    const loaded = await loadPatientRecord(gateway, { patientId: ervin.patientId });
    // The fixture, and the clinical notes the mock EHR writes for its encounters (mocks/fixtures/notes.ts).
    const notes = createTestEhr().store.all('DocumentReference').filter((d) => (d as DocumentReference).subject?.reference === `Patient/${ervin.patientId}`);
    expect(notes.length).toBeGreaterThan(40);
    const expected: Record<string, number> = { ...countByType(ervinBundle as Bundle), DocumentReference: notes.length };
    expect(expected.Observation).toBeGreaterThan(2000);
    const got: Record<string, number> = {};
    for (const r of loaded.resources) got[r.resourceType] = (got[r.resourceType] ?? 0) + 1;
    // Organizations are not read (nothing needs them); everything else is.
    const { Organization: _org, ...readable } = expected;
    expect(got).toEqual(readable);
    expect(new Set(loaded.resources.map((r) => `${r.resourceType}/${r.id}`)).size).toBe(loaded.resources.length);
    expect(loaded.parts.filter((p) => p.status.state !== 'loaded')).toEqual([]);
  });

  it('reads Observations as parallel category streams, each followed page by page at the server cap', async () => {
    const pagesByStream = new Map<string, number>();
    const { gateway } = await setUp();
    mockServer.use(http.get(`${TEST_FHIR_BASE}/Observation`, ({ request }) => {
      const params = new URL(request.url).searchParams;
      const stream = params.get('_summary') === 'count' ? 'count' : params.get('category') ?? 'all';
      pagesByStream.set(stream, (pagesByStream.get(stream) ?? 0) + 1);
      return undefined;
    }));
    const loaded = await loadPatientRecord(gateway, { patientId: ervin.patientId });
    const observations = loaded.resources.filter((r) => r.resourceType === 'Observation') as Observation[];
    const inCategory = (c: string) => observations.filter((o) => o.category?.some((cc) => cc.coding?.some((x) => c.split(',').includes(x.code!)))).length;
    const [lab, vitals, rest] = OBSERVATION_STREAMS;
    expect(Object.fromEntries(pagesByStream)).toEqual({
      count: 1,
      [lab!]: Math.ceil(inCategory(lab!) / 50),
      [vitals!]: Math.ceil(inCategory(vitals!) / 50),
      [rest!]: Math.max(1, Math.ceil(inCategory(rest!) / 50)),
    });
    expect(inCategory(lab!) + inCategory(vitals!) + inCategory(rest!)).toBe(observations.length);
  });

  it('falls back to one full Observation search when the category streams do not add up to the total', async () => {
    const uncategorized: Observation = { resourceType: 'Observation', id: 'no-category', status: 'final', subject: { reference: 'Patient/p1' }, code: { text: 'free text' } };
    const store = new FhirStore([{ resourceType: 'Patient', id: 'p1' }, uncategorized,
      { resourceType: 'Observation', id: 'lab', status: 'final', subject: { reference: 'Patient/p1' }, code: { text: 'x' }, category: [{ coding: [{ code: 'laboratory' }] }] } as Observation]);
    const { gateway } = await setUp({ store, patient: 'p1' });
    const loaded = await loadPatientRecord(gateway, { patientId: 'p1' });
    expect(loaded.resources.filter((r) => r.resourceType === 'Observation').map((r) => r.id).sort()).toEqual(['lab', 'no-category']);
  });

  it('searches several types at once, never more requests in flight than the gateway allows', async () => {
    let inFlight = 0;
    let most = 0;
    const { gateway } = await setUp({ gateway: { maxConcurrent: 4 } });
    mockServer.use(http.get(`${TEST_FHIR_BASE}/:type`, async ({ params }) => {
      if (params.type === 'metadata') return undefined;
      inFlight++;
      most = Math.max(most, inFlight);
      await delay(15);
      inFlight--;
      return undefined;
    }));
    await loadPatientRecord(gateway, { patientId: ervin.patientId });
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(4);
  });

  it('marks a part refused with 403 unavailable, with the reason, and loads the rest', async () => {
    const { gateway } = await setUp({ faults: { types: { Claim: { status: 403 } } } });
    const loaded = await loadPatientRecord(gateway, { patientId: ervin.patientId });
    expect(statusOf(loaded.parts, 'Claim')).toEqual({ state: 'unavailable', status: 403, reason: 'access denied by the EHR (403): Injected 403 for Claim' });
    expect(loaded.resources.some((r) => r.resourceType === 'Claim')).toBe(false);
    expect(statusOf(loaded.parts, 'Observation')).toMatchObject({ state: 'loaded' });
    expect(statusOf(loaded.parts, 'ExplanationOfBenefit')).toMatchObject({ state: 'loaded', count: 40 });
  });

  it('does not ask for types the CapabilityStatement does not offer', async () => {
    const asked: string[] = [];
    const { gateway } = await setUp();
    mockServer.use(
      http.get(`${TEST_FHIR_BASE}/metadata`, () => HttpResponse.json<CapabilityStatement>({
        resourceType: 'CapabilityStatement', status: 'active', date: '2026-01-01', kind: 'instance', fhirVersion: '4.0.1', format: ['json'],
        rest: [{ mode: 'server', resource: ['Patient', 'Encounter', 'Condition', 'Observation', 'MedicationRequest', 'Practitioner'].map((type) => ({ type: type as 'Patient' })) }],
      })),
      http.get(`${TEST_FHIR_BASE}/:type`, ({ params }) => void asked.push(String(params.type))),
    );
    const loaded = await loadPatientRecord(gateway, { patientId: ervin.patientId });
    expect(statusOf(loaded.parts, 'Claim')).toEqual({ state: 'unavailable', reason: NOT_IN_CAPABILITY_STATEMENT });
    expect(statusOf(loaded.parts, 'Condition')).toMatchObject({ state: 'loaded', count: 8 });
    expect(asked).not.toContain('Claim');
    expect(asked).not.toContain('DocumentReference');
  });

  it('does not ask for parts the session was not granted, and says so for each', async () => {
    const asked: string[] = [];
    const { gateway } = await setUp();
    mockServer.use(http.get(`${TEST_FHIR_BASE}/:type`, ({ params }) => void asked.push(String(params.type))));
    // An EHR that granted the record but not the claims, nor the clinicians' names.
    const granted = launchScopes('ehr').split(' ').filter((s) => !/^patient\/(Claim|ExplanationOfBenefit)\./.test(s) && s !== 'user/Practitioner.rs');
    const loaded = await loadPatientRecord(gateway, { patientId: ervin.patientId, permissions: permissionsFrom(granted) });
    for (const type of ['Claim', 'ExplanationOfBenefit', 'Practitioner']) {
      expect(statusOf(loaded.parts, type)).toEqual({ state: 'unavailable', reason: NOT_GRANTED });
      expect(asked).not.toContain(type);
      expect(loaded.resources.some((r) => r.resourceType === type)).toBe(false);
    }
    expect(statusOf(loaded.parts, 'PractitionerRole')).toMatchObject({ state: 'loaded' });
    expect(statusOf(loaded.parts, 'Observation')).toMatchObject({ state: 'loaded', count: 2109 });
    expect(loaded.parts.filter((p) => p.status.state !== 'loaded').map((p) => p.type)).toEqual(['Claim', 'ExplanationOfBenefit', 'Practitioner']);
  });

  it.each([
    ['SMART v1', launchScopes('ehr', 'v1')],
    ['patient and user wildcards', 'patient/*.read user/*.read'],
    ['user scopes only', 'user/*.rs'],
  ])('reads every part when granted in %s', async (_name, scopes) => {
    const { gateway } = await setUp({ store: new FhirStore([{ resourceType: 'Patient', id: 'p1' }]), patient: 'p1' });
    const loaded = await loadPatientRecord(gateway, { patientId: 'p1', permissions: permissionsFrom(scopes.split(' ')) });
    expect(loaded.parts.filter((p) => p.status.state !== 'loaded')).toEqual([]);
  });

  it('retries a 429 after the Retry-After the server asked for, then loads', async () => {
    const { gateway, waits } = await setUp({ faults: { types: { Condition: { status: 429, retryAfter: '2', times: 2 } } } });
    const loaded = await loadPatientRecord(gateway, { patientId: ervin.patientId });
    expect(waits).toEqual([2000, 2000]);
    expect(statusOf(loaded.parts, 'Condition')).toEqual({ state: 'loaded', count: 8 });
  });

  it('retries a 503 with exponential backoff, and gives the part up after the bounded retries', async () => {
    const { gateway, waits } = await setUp({ faults: { types: { Procedure: { status: 503 } } } });
    const loaded = await loadPatientRecord(gateway, { patientId: ervin.patientId });
    expect(waits).toEqual([500, 1000, 2000]);
    expect(statusOf(loaded.parts, 'Procedure')).toMatchObject({ state: 'unavailable', status: 503 });
    expect(statusOf(loaded.parts, 'Observation')).toMatchObject({ state: 'loaded' });
  });

  it('caps a Retry-After that asks for too long a wait', async () => {
    const { gateway, waits } = await setUp({ faults: { types: { Condition: { status: 429, retryAfter: '3600', times: 1 } } } });
    await loadPatientRecord(gateway, { patientId: ervin.patientId });
    expect(waits).toEqual([15_000]);
  });

  it('stops everything on a 401: the session has expired', async () => {
    const { gateway } = await setUp({ faults: { types: { Observation: { status: 401 } } } });
    await expect(loadPatientRecord(gateway, { patientId: ervin.patientId })).rejects.toMatchObject({ kind: 'unauthorized', status: 401 });
  });

  it('marks a part whose body is not valid JSON unavailable instead of crashing', async () => {
    const { gateway } = await setUp({ faults: { types: { AllergyIntolerance: { malformed: true } } } });
    const loaded = await loadPatientRecord(gateway, { patientId: ervin.patientId });
    expect(statusOf(loaded.parts, 'AllergyIntolerance')).toMatchObject({ state: 'unavailable', reason: "the EHR's answer was not valid FHIR" });
    expect(statusOf(loaded.parts, 'Condition')).toMatchObject({ state: 'loaded' });
  });

  it('gives up on a part that never answers, after the timeout and its retries', async () => {
    const { gateway } = await setUp({ faults: { types: { CareTeam: { hang: true } } }, gateway: { timeoutMs: 50 } });
    const loaded = await loadPatientRecord(gateway, { patientId: ervin.patientId });
    expect(statusOf(loaded.parts, 'CareTeam')).toEqual({ state: 'unavailable', reason: 'the EHR did not answer in time' });
  });

  it('stops promptly when aborted', async () => {
    const { gateway } = await setUp({ faults: { latencyMs: 20 } });
    const controller = new AbortController();
    const load = loadPatientRecord(gateway, { patientId: ervin.patientId, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(load).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('reports progress up to every part done and every resource counted', async () => {
    const { gateway } = await setUp();
    const seen: LoadProgress[] = [];
    const loaded = await loadPatientRecord(gateway, { patientId: ervin.patientId, onProgress: (p) => seen.push(p) });
    const last = seen.at(-1)!;
    expect(last.partsTotal).toBe(RECORD_SEARCHES.length + RECORD_REFERENCED.length);
    expect(last.partsDone).toBe(last.partsTotal);
    expect(last.resourcesLoaded).toBe(loaded.resources.length);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.resourcesLoaded).toBeGreaterThanOrEqual(seen[i - 1]!.resourcesLoaded);
      expect(seen[i]!.partsDone).toBeGreaterThanOrEqual(seen[i - 1]!.partsDone);
    }
  });

  it('asks category by category when the server refuses Observation searches without one', async () => {
    const { gateway } = await setUp();
    mockServer.use(http.get(`${TEST_FHIR_BASE}/Observation`, ({ request }) => {
      if (new URL(request.url).searchParams.has('category')) return undefined;
      return HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'required', diagnostics: 'category is required' }] }, { status: 400 });
    }));
    const loaded = await loadPatientRecord(gateway, { patientId: ervin.patientId });
    expect(loaded.resources.filter((r) => r.resourceType === 'Observation')).toHaveLength(countByType(ervinBundle as Bundle).Observation!);
  });
});

describe('loadPatientRecord: what the searches reference', () => {
  const patient: Patient = { resourceType: 'Patient', id: 'p1' };
  const own = { reference: 'Patient/p1' };

  function storeWith(extra: Resource[]) {
    return new FhirStore([patient, ...extra, { resourceType: 'Patient', id: 'p2' }]);
  }

  it('reads the launch encounter even when the patient search did not return it', async () => {
    const launchEncounter: Encounter = { resourceType: 'Encounter', id: 'e-launch', status: 'in-progress', class: { code: 'IMP' } };
    const { gateway } = await setUp({ store: storeWith([launchEncounter]), patient: 'p1' });
    const loaded = await loadPatientRecord(gateway, { patientId: 'p1', encounterId: 'e-launch' });
    expect(loaded.resources.find((r) => r.id === 'e-launch')).toBeTruthy();
  });

  it('reads the Medications that orders reference, leaving contained ones in place', async () => {
    const orders: MedicationRequest[] = [
      { resourceType: 'MedicationRequest', id: 'mr1', status: 'active', intent: 'order', subject: own, medicationReference: { reference: 'Medication/med-1' } },
      { resourceType: 'MedicationRequest', id: 'mr2', status: 'active', intent: 'order', subject: own, medicationReference: { reference: '#c1' },
        contained: [{ resourceType: 'Medication', id: 'c1', code: { text: 'contained' } } as Medication] },
    ];
    const medication: Medication = { resourceType: 'Medication', id: 'med-1', code: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '860975' }] } };
    const { gateway } = await setUp({ store: storeWith([...orders, medication, { resourceType: 'Medication', id: 'unrelated' }]), patient: 'p1' });
    const loaded = await loadPatientRecord(gateway, { patientId: 'p1' });
    expect(loaded.resources.filter((r) => r.resourceType === 'Medication').map((r) => r.id)).toEqual(['med-1']);
  });

  it('reads the clinicians on encounters and care teams, and the practitioners behind roles', async () => {
    const resources: Resource[] = [
      { resourceType: 'Encounter', id: 'e1', status: 'finished', class: { code: 'AMB' }, subject: own,
        participant: [{ individual: { reference: 'Practitioner/dr-a' } }, { individual: { reference: 'PractitionerRole/role-b' } }] } as Encounter,
      { resourceType: 'CareTeam', id: 'ct1', subject: own, participant: [{ member: { reference: 'Practitioner/dr-c' } }] },
      { resourceType: 'PractitionerRole', id: 'role-b', practitioner: { reference: 'Practitioner/dr-b' } },
      ...['dr-a', 'dr-b', 'dr-c', 'dr-unrelated'].map((id) => ({ resourceType: 'Practitioner', id }) as Resource),
    ];
    const { gateway } = await setUp({ store: storeWith(resources), patient: 'p1' });
    const loaded = await loadPatientRecord(gateway, { patientId: 'p1' });
    expect(loaded.resources.filter((r) => r.resourceType === 'Practitioner').map((r) => r.id).sort()).toEqual(['dr-a', 'dr-b', 'dr-c']);
  });

  it('keeps a note\'s inline text (the notes are read: src/fhir/note-texts.ts)', async () => {
    const document: DocumentReference = {
      resourceType: 'DocumentReference', id: 'd1', status: 'current', subject: own,
      content: [{ attachment: { contentType: 'text/plain', data: btoa('progress note text'), title: 'Progress note' } }],
    };
    const { gateway } = await setUp({ store: storeWith([document]), patient: 'p1' });
    const loaded = await loadPatientRecord(gateway, { patientId: 'p1' });
    const stored = loaded.resources.find((r) => r.id === 'd1') as DocumentReference;
    expect(stored.content[0]!.attachment).toEqual({ contentType: 'text/plain', data: btoa('progress note text'), title: 'Progress note' });
    expect(statusOf(loaded.parts, 'Binary')).toEqual({ state: 'loaded', count: 0 });
  });

  it('never returns another patient\'s resources', async () => {
    const mine: Observation = { resourceType: 'Observation', id: 'o1', status: 'final', subject: own, code: { text: 'x' } };
    const theirs: Observation = { resourceType: 'Observation', id: 'o2', status: 'final', subject: { reference: 'Patient/p2' }, code: { text: 'x' } };
    const { gateway } = await setUp({ store: storeWith([mine, theirs]), patient: 'p1' });
    const loaded = await loadPatientRecord(gateway, { patientId: 'p1' });
    expect(loaded.resources.filter((r) => r.resourceType === 'Observation').map((r) => r.id)).toEqual(['o1']);
  });
});

describe('loadPatientRecord: a Patient already read', () => {
  it('is not read again', async () => {
    const { gateway } = await setUp();
    let patientReads = 0;
    mockServer.use(http.get(`${TEST_FHIR_BASE}/Patient/:id`, () => void patientReads++));
    const patient = await gateway.read<Patient>(`Patient/${ervin.patientId}`);
    const loaded = await loadPatientRecord(gateway, { patientId: ervin.patientId, patient });
    expect(patientReads).toBe(1);
    expect(loaded.patient).toBe(patient);
    expect(loaded.resources.filter((r) => r.resourceType === 'Patient')).toHaveLength(1);
  });

  it('follows references in resources with fields of the wrong type without throwing; a Bundle whose entries are not a list is a malformed part', async () => {
    const { gateway, patient } = await setUp();
    const searchset = (resources: unknown[]) => HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) });
    mockServer.use(
      http.get(`${TEST_FHIR_BASE}/Encounter`, () => searchset([
        { resourceType: 'Encounter', id: 'e1', status: 'finished', subject: { reference: `Patient/${patient}` }, participant: { individual: { reference: 7 } } },
        { resourceType: 'Encounter', id: 'e2', status: 'finished', subject: { reference: `Patient/${patient}` }, participant: [null, { individual: null }] },
      ])),
      http.get(`${TEST_FHIR_BASE}/DocumentReference`, () => searchset([
        { resourceType: 'DocumentReference', id: 'd1', status: 'current', content: 'x' },
        { resourceType: 'DocumentReference', id: 'd2', status: 'current', content: [null, { attachment: { contentType: 'text/plain', data: 'aGk=' } }] },
      ])),
      http.get(`${TEST_FHIR_BASE}/CareTeam`, () => HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: { resource: {} }, link: 'next' })),
    );
    const loaded = await loadPatientRecord(gateway, { patientId: patient });
    expect(statusOf(loaded.parts, 'Encounter')).toMatchObject({ state: 'loaded', count: 2 });
    expect(statusOf(loaded.parts, 'CareTeam')).toMatchObject({ state: 'unavailable' });
    const documents = loaded.resources.filter((r): r is DocumentReference => r.resourceType === 'DocumentReference');
    expect(documents.map((d) => d.content as unknown)).toEqual(['x', [null, { attachment: { contentType: 'text/plain', data: 'aGk=' } }]]);
  });
});
