// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { createTestEhr, mockServer, TEST_APP_URL, TEST_FHIR_BASE } from '../../mocks/node';
import { authorizeLaunch, openPage } from '../support/launch';
import { fixtureChart } from '../support/fixtures';

const { patientId: TWYLA, latestEncounterId: TWYLA_LATEST_ENCOUNTER } = fixtureChart('Moen');

beforeEach(() => {
  sessionStorage.clear();
  mockServer.use(...createTestEhr().handlers);
});

describe('SMART EHR launch', () => {
  it('sends the EHR launch to the authorize endpoint with launch, aud, the scopes and PKCE S256', async () => {
    const { authorizeUrl } = await authorizeLaunch({ launch: { patient: TWYLA } });
    expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(`${TEST_FHIR_BASE}/auth/authorize`);
    const params = authorizeUrl.searchParams;
    expect(params.get('aud')).toBe(TEST_FHIR_BASE);
    expect(params.get('launch')).toBeTruthy();
    expect(params.get('redirect_uri')).toBe(TEST_APP_URL);
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['launch', 'openid', 'fhirUser', 'patient/Patient.rs']));
  });

  it('completes the launch with the patient, encounter, user and banner preference from the EHR', async () => {
    const { redirect } = await authorizeLaunch({ launch: { patient: TWYLA, encounter: TWYLA_LATEST_ENCOUNTER, needPatientBanner: false } });
    const appPage = await openPage(redirect!);
    const session = await appPage.completeLaunch();
    expect(session).toMatchObject({
      serverUrl: TEST_FHIR_BASE, patientId: TWYLA, encounterId: TWYLA_LATEST_ENCOUNTER,
      fhirUser: 'Practitioner/cdi-technician-1', needPatientBanner: false,
    });
    // The code and state are removed from the address bar once exchanged.
    expect(location.search).not.toMatch(/code=/);
    const patient = await session.gateway.read(`Patient/${TWYLA}`);
    expect(patient.id).toBe(TWYLA);
  });

  it('resumes an authorized session after a page reload without a new code', async () => {
    const { redirect } = await authorizeLaunch({ launch: { patient: TWYLA } });
    await (await openPage(redirect!)).completeLaunch();
    const reloaded = await openPage(location.href);
    expect((await reloaded.completeLaunch()).patientId).toBe(TWYLA);
  });

  it('starts a standalone provider launch (no patient) when the EHR gives only iss', async () => {
    sessionStorage.clear();
    const { authorizeUrl } = await authorizeLaunch();
    expect(authorizeUrl.searchParams.get('launch')).toBeNull();
    expect(authorizeUrl.searchParams.get('scope')?.split(' ')).not.toContain('launch');
  });

  it('reports "not launched" when the app page is opened directly', async () => {
    const appPage = await openPage('http://app.test/');
    await expect(appPage.completeLaunch()).rejects.toMatchObject({ name: 'LaunchError', problem: { kind: 'not-launched' } });
  });

  it('reports "not launched" when the launch page is opened without iss', async () => {
    const launchPage = await openPage('http://app.test/launch/index.html');
    await expect(launchPage.beginLaunch(location.search)).rejects.toMatchObject({ problem: { kind: 'not-launched' } });
  });

  it('reports the authorization server refusal that came back on the redirect', async () => {
    const { redirect } = await authorizeLaunch({ launch: 'forged-launch-token' });
    expect(new URL(redirect!).searchParams.get('error')).toBe('invalid_request');
    const appPage = await openPage(redirect!);
    await expect(appPage.completeLaunch()).rejects.toMatchObject({
      problem: { kind: 'authorization', error: 'invalid_request', description: 'The launch parameter is not valid for this EHR.' },
    });
  });

  it('reports an authorization failure when the token endpoint refuses the code', async () => {
    const { redirect } = await authorizeLaunch({ launch: { patient: TWYLA } });
    mockServer.use(http.post(`${TEST_FHIR_BASE}/auth/token`, () => HttpResponse.json({ error: 'invalid_grant' }, { status: 400 })));
    const appPage = await openPage(redirect!);
    await expect(appPage.completeLaunch()).rejects.toMatchObject({ problem: { kind: 'authorization' } });
  });
});

describe('scope syntax', () => {
  it('asks a server that advertises permission-v2 for SMART v2 scopes', async () => {
    const { authorizeUrl } = await authorizeLaunch({ launch: { patient: TWYLA } });
    expect(authorizeUrl.searchParams.get('scope')).toContain('patient/Observation.rs');
  });

  it('asks a server without permission-v2 for SMART v1 scopes', async () => {
    mockServer.use(http.get(`${TEST_FHIR_BASE}/.well-known/smart-configuration`, () => HttpResponse.json({
      authorization_endpoint: `${TEST_FHIR_BASE}/auth/authorize`, token_endpoint: `${TEST_FHIR_BASE}/auth/token`,
      capabilities: ['launch-ehr', 'client-public', 'context-ehr-patient'], code_challenge_methods_supported: ['S256'],
    })));
    const { authorizeUrl } = await authorizeLaunch({ launch: { patient: TWYLA } });
    const scopes = authorizeUrl.searchParams.get('scope')!.split(' ');
    expect(scopes).toContain('patient/Observation.read');
    expect(scopes.some((s) => s.endsWith('.rs'))).toBe(false);
  });
});
