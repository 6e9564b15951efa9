// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { createTestEhr, mockServer, TEST_APP_URL, TEST_FHIR_BASE } from '../../mocks/node';
import { authorizeLaunch, openPage, tokenEndpointAnswering } from '../support/launch';
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
    // Clinicians and medication products are outside the patient compartment: user scopes.
    expect(params.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['user/Practitioner.rs', 'user/PractitionerRole.rs', 'user/Medication.rs']));
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

describe('token endpoint refusals', () => {
  it("carries the token endpoint's error and error_description (RFC 6749 §5.2) to the failure", async () => {
    const { redirect } = await authorizeLaunch({ launch: { patient: TWYLA } });
    mockServer.use(http.post(`${TEST_FHIR_BASE}/auth/token`, () => HttpResponse.json(
      { error: 'invalid_grant', error_description: 'The authorization code was already used.' }, { status: 400 },
    )));
    const appPage = await openPage(redirect!);
    await expect(appPage.completeLaunch()).rejects.toMatchObject({
      name: 'LaunchError', problem: { kind: 'authorization', error: 'invalid_grant', description: 'The authorization code was already used.' },
    });
  });

  it.each([
    ['an error with its description', '400 Bad Request\nURL: http://ehr.test/fhir/auth/token\ninvalid_grant: The authorization code has expired.', { error: 'invalid_grant', description: 'The authorization code has expired.' }],
    ['an error without a description', '401 Unauthorized\nURL: http://ehr.test/fhir/auth/token\ninvalid_client', { error: 'invalid_client' }],
    ['a description with line breaks, escapes and bidi controls', '400 Bad Request\nURL: x\ninvalid_request: two\nlines \u001b[31mred\u202e', { error: 'invalid_request', description: 'two lines red' }],
    ['a description of 600 characters', '400 Bad Request\nURL: x\ninvalid_scope: ' + 'y'.repeat(600), { error: 'invalid_scope', description: `${'y'.repeat(500)}…` }],
  ])('reads fhirclient\'s HttpError message: %s', async (_name, message, expected) => {
    const { tokenEndpointRefusal } = await openPage('http://app.test/');
    expect(tokenEndpointRefusal({ message })).toEqual(expected);
  });

  it.each([
    ['400 Bad Request\nURL: x\n\n{\n    "message": "no OAuth error here"\n}'], // JSON without `error`
    ['502 Bad Gateway\nURL: x\n\n<html>down</html>'], // not JSON
    ['400 Bad Request\nURL: x'], // no body
    ['400 Bad Request\nURL: x\n[object Object]'], // `error` that is not a string
    ['something else entirely'],
  ])('finds no OAuth error in %j', async (message) => {
    const { tokenEndpointRefusal } = await openPage('http://app.test/');
    expect(tokenEndpointRefusal({ message })).toBeUndefined();
  });
});

describe('granted scopes', () => {
  it('are the scope of the token response, which may be narrower than what was asked', async () => {
    const { redirect, authorizeUrl } = await authorizeLaunch({ launch: { patient: TWYLA } });
    const asked = authorizeUrl.searchParams.get('scope')!.split(' ');
    mockServer.use(tokenEndpointAnswering((body) => void (body.scope = asked.filter((s) => s !== 'patient/Claim.rs').join(' '))));
    const session = await (await openPage(redirect!)).completeLaunch();
    expect(session.grantedScopes).toContain('patient/Observation.rs');
    expect(session.grantedScopes).not.toContain('patient/Claim.rs');
  });

  it('are the scopes asked for when the token response has no scope (RFC 6749 §5.1: then it granted them all)', async () => {
    const { redirect, authorizeUrl } = await authorizeLaunch({ launch: { patient: TWYLA } });
    mockServer.use(tokenEndpointAnswering((body) => void delete body.scope));
    const session = await (await openPage(redirect!)).completeLaunch();
    expect(session.grantedScopes).toEqual(authorizeUrl.searchParams.get('scope')!.split(' '));
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

describe('the EHR style', () => {
  it('carries the smart_style_url of the token response into the session, and the mock EHR serves a style Clarify can apply', async () => {
    const { redirect } = await authorizeLaunch({ launch: { patient: TWYLA } });
    const session = await (await openPage(redirect!)).completeLaunch();
    expect(session.styleUrl).toBe(`${TEST_FHIR_BASE}/smart-style.json`);
    const { loadEhrStyle } = await import('../../src/fhir/smart-style');
    expect(await loadEhrStyle(session.styleUrl!)).toMatchObject({ colorHighlight: '#5b3a7a', fontFamilyBody: expect.stringContaining('Segoe UI') });
  });

  it('ignores a smart_style_url that is not an http(s) URL', async () => {
    const { redirect } = await authorizeLaunch({ launch: { patient: TWYLA } });
    mockServer.use(tokenEndpointAnswering((body) => void (body.smart_style_url = 'javascript:alert(1)')));
    const session = await (await openPage(redirect!)).completeLaunch();
    expect(session.styleUrl).toBeUndefined();
  });
});
