// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { createTestEhr, mockServer, TEST_FHIR_BASE } from '../../mocks/node';
import { authorizeLaunch, openApp } from '../support/launch';
import { fixtureChart } from '../support/fixtures';
import type { LaunchContext } from '../../mocks/smart-auth';

const { patientId } = fixtureChart('Friesen');

/** Launches the app page and starts its session; returns the page's modules and its state. */
async function launchedApp(launch?: Partial<LaunchContext>) {
  const { redirect } = await authorizeLaunch(launch ? { launch } : {});
  const app = await openApp(redirect!);
  const state = app.createAppState();
  await app.startSession(state, app.completeLaunch);
  return { app, state };
}

async function launchApp(launch?: Partial<LaunchContext>) {
  return (await launchedApp(launch)).state;
}

beforeEach(() => sessionStorage.clear());

describe('startSession', () => {
  it('opens the technician view with the patient and the signed-in user after an EHR launch', async () => {
    mockServer.use(...createTestEhr().handlers);
    const state = await launchApp({ patient: patientId });
    expect(state.phase.value).toBe('ready');
    expect(state.view.value).toBe('technician');
    expect(state.patient.value?.name?.[0]?.family).toBe('Friesen');
    expect(state.user.value?.id).toBe('cdi-technician-1');
  });

  it('opens the physician inbox after a provider launch without a patient', async () => {
    mockServer.use(...createTestEhr().handlers);
    const { authorizeUrl } = await authorizeLaunch();
    // Standalone: the EHR's sign-in page knows the user; the mock's POST endpoint takes it as a form field.
    const form = new URLSearchParams(authorizeUrl.search);
    form.set('signed_in_user', 'Practitioner/cdi-technician-1');
    const outcome = await (await fetch(`${TEST_FHIR_BASE}/auth/authorize`, { method: 'POST', body: form })).json();
    const app = await openApp(outcome.redirect);
    const state = app.createAppState();
    await app.startSession(state, app.completeLaunch);
    expect(state.phase.value).toBe('ready');
    expect(state.view.value).toBe('physician');
    expect(state.patient.value).toBeUndefined();
  });

  it('tells the user the session expired when the EHR answers 401 after a reload an hour later', async () => {
    let now = Math.floor(Date.now() / 1000);
    mockServer.use(...createTestEhr({ now: () => now, accessTokenLifetime: 60 }).handlers);
    const { redirect } = await authorizeLaunch({ launch: { patient: patientId } });
    await (await openApp(redirect!)).completeLaunch();
    now += 3600;
    const app = await openApp(location.href);
    const state = app.createAppState();
    await app.startSession(state, app.completeLaunch);
    expect(state.phase.value).toBe('failed');
    expect(state.failure.value).toEqual({ kind: 'session-expired' });
  });

  it('tells the user the EHR cannot be reached on a network failure', async () => {
    mockServer.use(http.get(`${TEST_FHIR_BASE}/Patient/:id`, () => HttpResponse.error()), ...createTestEhr().handlers);
    const state = await launchApp({ patient: patientId });
    expect(state.failure.value).toEqual({ kind: 'unreachable' });
  });

  it('passes on the server explanation of a 403', async () => {
    mockServer.use(
      http.get(`${TEST_FHIR_BASE}/Patient/:id`, () => HttpResponse.json(
        { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden', diagnostics: 'Break-the-glass required' }] },
        { status: 403 },
      )),
      ...createTestEhr().handlers,
    );
    const state = await launchApp({ patient: patientId });
    expect(state.failure.value).toEqual({ kind: 'forbidden', detail: 'Break-the-glass required' });
  });

  it('reports a server error with its status when the EHR answers 503 without an OperationOutcome', async () => {
    mockServer.use(http.get(`${TEST_FHIR_BASE}/Patient/:id`, () => new HttpResponse('down', { status: 503 })), ...createTestEhr().handlers);
    const state = await launchApp({ patient: patientId });
    expect(state.failure.value).toEqual({ kind: 'server', detail: 'HTTP 503' });
  });

  it('still opens when the signed-in user cannot be read (the name is only shown in the header)', async () => {
    mockServer.use(http.get(`${TEST_FHIR_BASE}/Practitioner/:id`, () => new HttpResponse(null, { status: 404 })), ...createTestEhr().handlers);
    const state = await launchApp({ patient: patientId });
    expect(state.phase.value).toBe('ready');
    expect(state.user.value).toBeUndefined();
  });
});

describe('loadRecord', () => {
  it('reads the whole record after the launch and publishes it with its progress', async () => {
    mockServer.use(...createTestEhr().handlers);
    const { app, state } = await launchedApp({ patient: patientId });
    await app.loadRecord(state);
    expect(state.record.value?.patient?.id).toBe(patientId);
    expect(state.record.value?.byType('Condition').length).toBeGreaterThan(0);
    expect(state.recordProgress.value?.partsDone).toBe(state.recordProgress.value?.partsTotal);
    expect(state.unreadParts.value).toEqual([]);
  });

  it('lists the parts the EHR refused', async () => {
    mockServer.use(...createTestEhr({ faults: { types: { Claim: { status: 403 }, ExplanationOfBenefit: { status: 403 } } } }).handlers);
    const { app, state } = await launchedApp({ patient: patientId });
    await app.loadRecord(state);
    expect(state.phase.value).toBe('ready');
    expect(state.unreadParts.value.map((p) => p.type)).toEqual(['Claim', 'ExplanationOfBenefit']);
  });

  it('ends on the session-expired screen when the EHR answers 401 while reading', async () => {
    mockServer.use(...createTestEhr({ faults: { types: { Observation: { status: 401 } } } }).handlers);
    const { app, state } = await launchedApp({ patient: patientId });
    await app.loadRecord(state);
    expect(state.phase.value).toBe('failed');
    expect(state.failure.value).toEqual({ kind: 'session-expired' });
  });

  it('ends quietly when the user leaves while the record is read', async () => {
    mockServer.use(...createTestEhr().handlers);
    const { app, state } = await launchedApp({ patient: patientId });
    const leaving = new AbortController();
    leaving.abort();
    await app.loadRecord(state, leaving.signal);
    expect(state.phase.value).toBe('ready');
    expect(state.failure.value).toBeUndefined();
    expect(state.record.value).toBeUndefined();
  });
});

describe('loadCodeTable', () => {
  it('publishes the ICD-10-CM table for the coding checks', async () => {
    const { createAppState, loadCodeTable } = await import('../../src/state/app-state');
    const state = createAppState();
    await loadCodeTable(state);
    expect(state.codeTable.value).toBe('loaded');
    expect(state.icd10cm.value?.lookup('E11.9')?.billable).toBe(true);
  });

  it('says the codes were not checked when the table cannot be loaded', async () => {
    const { createAppState, loadCodeTable } = await import('../../src/state/app-state');
    const state = createAppState();
    await loadCodeTable(state, () => Promise.reject(new Error('chunk failed to load')));
    expect(state.codeTable.value).toBe('failed');
    expect(state.icd10cm.value).toBeUndefined();
  });
});
