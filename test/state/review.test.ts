// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { http } from 'msw';
import type { Patient } from 'fhir/r4';
import { createTestEhr, mockServer, TEST_FHIR_BASE } from '../../mocks/node';
import { launchedApp, tokenEndpointAnswering } from '../support/launch';
import { fixtureChart } from '../support/fixtures';
import { NOT_GRANTED } from '../../src/messages';
import { PatientRecord } from '../../src/record/patient-record';

const { patientId } = fixtureChart('Friesen');

beforeEach(() => sessionStorage.clear());

describe('loadRecord', () => {
  it('reads the whole record after the launch and publishes it with its progress', async () => {
    mockServer.use(...createTestEhr().handlers);
    const { app, state } = await launchedApp({ patient: patientId });
    await app.loadRecord(state);
    expect(state.review.record.value?.patient?.id).toBe(patientId);
    expect(state.review.record.value?.byType('Condition').length).toBeGreaterThan(0);
    expect(state.review.recordProgress.value?.partsDone).toBe(state.review.recordProgress.value?.partsTotal);
    expect(state.review.unreadParts.value).toEqual([]);
  });

  it('lists the parts the EHR refused', async () => {
    mockServer.use(...createTestEhr({ faults: { types: { Claim: { status: 403 }, ExplanationOfBenefit: { status: 403 } } } }).handlers);
    const { app, state } = await launchedApp({ patient: patientId });
    await app.loadRecord(state);
    expect(state.session.phase.value).toBe('ready');
    expect(state.review.unreadParts.value.map((p) => p.type)).toEqual(['Claim', 'ExplanationOfBenefit']);
  });

  it('does not ask for a part the EHR did not grant, and lists it as not read', async () => {
    mockServer.use(...createTestEhr().handlers);
    // The EHR grants everything asked but the claims (handlers added later answer first).
    mockServer.use(tokenEndpointAnswering((body) => void (body.scope = String(body.scope).split(' ').filter((s) => !s.startsWith('patient/Claim.')).join(' '))));
    const requested: string[] = [];
    mockServer.use(http.get(`${TEST_FHIR_BASE}/:type`, ({ params }) => void requested.push(String(params.type))));
    const { app, state } = await launchedApp({ patient: patientId });
    expect(state.session.permissions.value?.can('search', 'Claim', 'patient')).toBe(false);
    await app.loadRecord(state);
    expect(requested).not.toContain('Claim');
    expect(requested).toContain('ExplanationOfBenefit');
    expect(state.review.unreadParts.value).toEqual([{ type: 'Claim', label: 'Claims', status: { state: 'unavailable', reason: NOT_GRANTED } }]);
    expect(state.review.record.value?.byType('Condition').length).toBeGreaterThan(0);
  });

  it('ends on the session-expired screen when the EHR answers 401 while reading', async () => {
    mockServer.use(...createTestEhr({ faults: { types: { Observation: { status: 401 } } } }).handlers);
    const { app, state } = await launchedApp({ patient: patientId });
    await app.loadRecord(state);
    expect(state.session.phase.value).toBe('failed');
    expect(state.session.failure.value).toEqual({ kind: 'session-expired' });
  });

  it('ends quietly when the user leaves while the record is read', async () => {
    mockServer.use(...createTestEhr().handlers);
    const { app, state } = await launchedApp({ patient: patientId });
    const leaving = new AbortController();
    leaving.abort();
    await app.loadRecord(state, leaving.signal);
    expect(state.session.phase.value).toBe('ready');
    expect(state.session.failure.value).toBeUndefined();
    expect(state.review.record.value).toBeUndefined();
  });
});

describe('findings', () => {
  const patient: Patient = { resourceType: 'Patient', id: 'p1', gender: 'male', birthDate: '1950-01-01' };
  const sodium = (id: string, value: number, time: string) => ({
    resourceType: 'Observation', id, status: 'final', subject: { reference: 'Patient/p1' },
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '2951-2' }] }, effectiveDateTime: time,
    valueQuantity: { value, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' },
  });
  const headerCode = {
    resourceType: 'Condition', id: 'c1', subject: { reference: 'Patient/p1' }, recordedDate: '2021-03-01',
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'E11' }] },
  };

  it('are computed from the record and split into documentation gaps and coding discrepancies, in order', async () => {
    const { createAppState, loadCodeTable } = await import('../../src/state/app');
    const { review } = createAppState();
    review.record.value = PatientRecord.fromResources([patient, sodium('o1', 129, '2021-03-01T08:00:00Z'), sodium('o2', 128, '2021-03-02T08:00:00Z'), headerCode]);
    review.reviewedAt.value = new Date('2021-03-15T00:00:00Z');
    await loadCodeTable(review);
    const gaps = review.documentationGaps.value;
    const coding = review.codingDiscrepancies.value;
    expect(gaps.map((f) => f.ruleId)).toContain('electrolytes/hyponatremia');
    expect(coding.length).toBeGreaterThan(0);
    expect(gaps.every((f) => f.category === 'documentation-gap')).toBe(true);
    expect(coding.every((f) => f.category === 'coding-discrepancy')).toBe(true);
    expect([...gaps, ...coding].map((f) => f.id).sort()).toEqual(review.findings.value.map((f) => f.id).sort());
  });

  it('follow the launch encounter the session names: its period is the review window', async () => {
    const { createAppState } = await import('../../src/state/app');
    const { createFhirGateway } = await import('../../src/fhir/gateway');
    const state = createAppState();
    const january = {
      resourceType: 'Encounter', id: 'e1', status: 'finished', subject: { reference: 'Patient/p1' },
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      period: { start: '2021-01-01T00:00:00Z', end: '2021-01-05T00:00:00Z' },
    };
    state.review.record.value = PatientRecord.fromResources([patient, january, sodium('o1', 129, '2021-03-01T08:00:00Z'), sodium('o2', 128, '2021-03-02T08:00:00Z')]);
    state.review.reviewedAt.value = new Date('2021-03-15T00:00:00Z');
    // No launch encounter: the last 12 months, which hold both low sodiums.
    expect(state.review.documentationGaps.value.map((f) => f.ruleId)).toContain('electrolytes/hyponatremia');
    // Launched in the January stay: the March results are outside its review.
    state.session.smart.value = {
      serverUrl: TEST_FHIR_BASE, launchKind: 'ehr', patientId: 'p1', encounterId: 'e1', needPatientBanner: true, grantedScopes: [],
      gateway: createFhirGateway({ baseUrl: TEST_FHIR_BASE, authorization: async () => null }),
    };
    expect(state.review.documentationGaps.value.map((f) => f.ruleId)).not.toContain('electrolytes/hyponatremia');
  });
});

describe('loadCodeTable', () => {
  it('publishes the ICD-10-CM table for the coding checks', async () => {
    const { createAppState, loadCodeTable } = await import('../../src/state/app');
    const state = createAppState();
    await loadCodeTable(state.review);
    expect(state.review.codeTable.value).toBe('loaded');
    expect(state.review.icd10cm.value?.lookup('E11.9')?.billable).toBe(true);
  });

  it('says the codes were not checked when the table cannot be loaded', async () => {
    const { createAppState, loadCodeTable } = await import('../../src/state/app');
    const state = createAppState();
    await loadCodeTable(state.review, () => Promise.reject(new Error('chunk failed to load')));
    expect(state.review.codeTable.value).toBe('failed');
    expect(state.review.icd10cm.value).toBeUndefined();
  });
});

describe('loading progress', () => {
  it('only moves forward: a part that reports fewer resources or parts than shown does not move the counts back', async () => {
    const { forwardOnly } = await import('../../src/state/review');
    const shown = { partsDone: 5, partsTotal: 14, resourcesLoaded: 900, parts: [] };
    expect(forwardOnly(shown, { partsDone: 4, partsTotal: 12, resourcesLoaded: 850, parts: [] })).toMatchObject({ partsDone: 5, partsTotal: 14, resourcesLoaded: 900 });
    expect(forwardOnly(shown, { partsDone: 6, partsTotal: 14, resourcesLoaded: 1200, parts: [] })).toMatchObject({ partsDone: 6, resourcesLoaded: 1200 });
    expect(forwardOnly(undefined, shown)).toBe(shown);
  });
});
