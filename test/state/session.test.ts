// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { createTestEhr, mockServer, TEST_FHIR_BASE } from '../../mocks/node';
import { authorizeLaunch, launchedApp, openApp } from '../support/launch';
import { fixtureChart } from '../support/fixtures';
import type { LaunchContext } from '../../mocks/smart-auth';

const { patientId } = fixtureChart('Friesen');

async function launchApp(launch?: Partial<LaunchContext>) {
  return (await launchedApp(launch)).state;
}

beforeEach(() => sessionStorage.clear());

describe('startSession', () => {
  it('opens the technician view with the patient and the signed-in user after an EHR launch', async () => {
    mockServer.use(...createTestEhr().handlers);
    const state = await launchApp({ patient: patientId });
    expect(state.session.phase.value).toBe('ready');
    expect(state.session.view.value).toBe('technician');
    expect(state.review.patient.value?.name?.[0]?.family).toBe('Friesen');
    expect(state.session.user.value?.id).toBe('cdi-technician-1');
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
    expect(state.session.phase.value).toBe('ready');
    expect(state.session.view.value).toBe('physician');
    expect(state.review.patient.value).toBeUndefined();
    expect(state.inbox.inbox.value).toBeUndefined();
    expect(state.inbox.status.value).toBe('idle');
  });

  it('authorizes again as a provider launch when the EHR launched Clarify without a patient, then opens the inbox with user scopes', async () => {
    mockServer.use(...createTestEhr().handlers);
    const physician = 'Practitioner/dad277d0-71c6-467a-be3c-e49d5e10f41a';
    const { redirect } = await authorizeLaunch({ launch: { user: physician } });
    const ehrLaunch = await openApp(redirect!);
    const first = ehrLaunch.createAppState();
    const inboxLaunches: string[] = [];
    await ehrLaunch.startSession(first, ehrLaunch.completeLaunch, {
      inboxLaunch: async (serverUrl) => {
        inboxLaunches.push(serverUrl);
        await ehrLaunch.beginInboxLaunch(serverUrl);
      },
    });
    // The EHR launch's patient/ scopes reach no queries across patients: the page leaves for a second grant.
    expect(inboxLaunches).toEqual([TEST_FHIR_BASE]);
    expect(first.session.phase.value).toBe('launching');
    const again = new URL(location.href);
    expect(again.origin + again.pathname).toBe(`${TEST_FHIR_BASE}/auth/authorize`);
    expect(again.searchParams.get('launch')).toBeNull();
    expect(again.searchParams.get('scope')?.split(' ')).toContain('user/Task.rus');

    // The EHR's sign-in session completes it; the second launch is a provider launch and is not repeated.
    const form = new URLSearchParams(again.search);
    form.set('signed_in_user', physician);
    const outcome = await (await fetch(`${TEST_FHIR_BASE}/auth/authorize`, { method: 'POST', body: form })).json();
    const providerLaunch = await openApp(outcome.redirect);
    const second = providerLaunch.createAppState();
    await providerLaunch.startSession(second, providerLaunch.completeLaunch, { inboxLaunch: async (url) => void inboxLaunches.push(url) });
    expect(inboxLaunches).toHaveLength(1);
    expect(second.session.smart.value?.launchKind).toBe('provider-standalone');
    expect(second.session.smart.value?.fhirUser).toBe(physician);
    expect(second.session.view.value).toBe('physician');
    expect(second.session.permissions.value?.can('search', 'Task', 'user')).toBe(true);
  });

  it('does not authorize again for an EHR launch with a patient in context', async () => {
    mockServer.use(...createTestEhr().handlers);
    const { redirect } = await authorizeLaunch({ launch: { patient: patientId } });
    const app = await openApp(redirect!);
    const state = app.createAppState();
    const inboxLaunches: string[] = [];
    await app.startSession(state, app.completeLaunch, { inboxLaunch: async (url) => void inboxLaunches.push(url) });
    expect(inboxLaunches).toEqual([]);
    expect(state.session.smart.value?.launchKind).toBe('ehr');
    expect(state.session.view.value).toBe('technician');
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
    expect(state.session.phase.value).toBe('failed');
    expect(state.session.failure.value).toEqual({ kind: 'session-expired' });
  });

  it('tells the user the EHR cannot be reached on a network failure', async () => {
    mockServer.use(http.get(`${TEST_FHIR_BASE}/Patient/:id`, () => HttpResponse.error()), ...createTestEhr().handlers);
    const state = await launchApp({ patient: patientId });
    expect(state.session.failure.value).toEqual({ kind: 'unreachable' });
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
    expect(state.session.failure.value).toEqual({ kind: 'forbidden', detail: 'Break-the-glass required' });
  });

  it('reports a server error with its status when the EHR answers 503 without an OperationOutcome', async () => {
    mockServer.use(http.get(`${TEST_FHIR_BASE}/Patient/:id`, () => new HttpResponse('down', { status: 503 })), ...createTestEhr().handlers);
    const state = await launchApp({ patient: patientId });
    expect(state.session.failure.value).toEqual({ kind: 'server', detail: 'HTTP 503' });
  });

  it('still opens when the signed-in user cannot be read (the name is only shown in the header)', async () => {
    mockServer.use(http.get(`${TEST_FHIR_BASE}/Practitioner/:id`, () => new HttpResponse(null, { status: 404 })), ...createTestEhr().handlers);
    const state = await launchApp({ patient: patientId });
    expect(state.session.phase.value).toBe('ready');
    expect(state.session.user.value).toBeUndefined();
  });
});

describe('token endpoint refusals', () => {
  it("shows the authorization server's error and error_description when the code has expired", async () => {
    let now = Math.floor(Date.now() / 1000);
    mockServer.use(...createTestEhr({ now: () => now }).handlers);
    const { redirect } = await authorizeLaunch({ launch: { patient: patientId } });
    now += 120; // the mock's codes live 60 s
    const app = await openApp(redirect!);
    const state = app.createAppState();
    await app.startSession(state, app.completeLaunch);
    expect(state.session.phase.value).toBe('failed');
    expect(state.session.failure.value).toEqual({ kind: 'authorization', detail: 'invalid_grant: The authorization code has expired.' });
  });

  it('shows the error_description of a 401 invalid_client, and nothing of the token endpoint URL', async () => {
    mockServer.use(
      http.post(`${TEST_FHIR_BASE}/auth/token`, () => HttpResponse.json(
        { error: 'invalid_client', error_description: 'Client authentication failed.' }, { status: 401 },
      )),
      ...createTestEhr().handlers,
    );
    const state = await launchApp({ patient: patientId });
    expect(state.session.failure.value).toEqual({ kind: 'authorization', detail: 'invalid_client: Client authentication failed.' });
  });

  it('says the status when the token endpoint gives no OAuth error', async () => {
    mockServer.use(http.post(`${TEST_FHIR_BASE}/auth/token`, () => new HttpResponse('<html>Bad gateway</html>', {
      status: 502, headers: { 'Content-Type': 'text/html' },
    })), ...createTestEhr().handlers);
    const state = await launchApp({ patient: patientId });
    expect(state.session.failure.value).toEqual({ kind: 'authorization', detail: 'token endpoint answered 502' });
  });
});

describe('permissions', () => {
  it('publishes what the EHR granted: the record in the patient compartment, clinicians as user scopes, the writes of the query workflow', async () => {
    mockServer.use(...createTestEhr().handlers);
    const state = await launchApp({ patient: patientId });
    const permissions = state.session.permissions.value!;
    expect(permissions.scopes).toContain('patient/Observation.rs');
    expect(permissions.access('search', 'Observation', 'patient')).toBe('all');
    expect(permissions.can('read', 'Patient', 'patient')).toBe(true);
    // Practitioners are outside the patient compartment: granted as user/ scopes, good across patients too.
    expect(permissions.can('search', 'Practitioner', 'user')).toBe(true);
    expect(permissions.can('search', 'Observation', 'user')).toBe(false);
    // The query workflow writes Tasks (and their DetectedIssue and Provenance) in the patient's compartment.
    expect(permissions.can('create', 'Task', 'patient')).toBe(true);
    expect(permissions.can('update', 'Task', 'patient')).toBe(true);
    expect(permissions.can('create', 'Provenance', 'patient')).toBe(true);
    expect(permissions.can('create', 'Task', 'user')).toBe(false);
  });

  it('has none before the launch completes', async () => {
    const { createAppState } = await import('../../src/state/app');
    expect(createAppState().session.permissions.value).toBeUndefined();
  });
});

describe('retry waits', () => {
  it('are injectable for the session gateway, so a test never sleeps through backoff', async () => {
    let attempts = 0;
    mockServer.use(http.get(`${TEST_FHIR_BASE}/Patient/:id`, () => {
      attempts++;
      return new HttpResponse(null, { status: 503 });
    }), ...createTestEhr().handlers);
    const waits: number[] = [];
    const { redirect } = await authorizeLaunch({ launch: { patient: patientId } });
    const app = await openApp(redirect!);
    const state = app.createAppState();
    await app.startSession(state, () => app.completeLaunch({ gateway: { sleep: async (ms) => void waits.push(ms) } }));
    expect(attempts).toBe(4);
    expect(waits).toEqual([500, 1000, 2000]);
    expect(state.session.failure.value).toEqual({ kind: 'server', detail: 'HTTP 503' });
  });
});
