import { describe, expect, it } from 'vitest';
import { pkceChallenge } from '../../mocks/crypto';
import { sealLaunchContext } from '../../mocks/smart-auth';
import { createTestEhr, mockServer, TEST_APP_URL, TEST_FHIR_BASE } from '../../mocks/node';

const VERIFIER = 'a-long-random-pkce-verifier-0123456789-abcdefghijklmnop';

async function authorizeParams(overrides: Record<string, string | null> = {}) {
  const launch = await sealLaunchContext({ user: 'Practitioner/cdi-technician-1', patient: 'p1', encounter: 'e1', needPatientBanner: true });
  const params: Record<string, string | null> = {
    response_type: 'code', client_id: 'clarify', redirect_uri: TEST_APP_URL, launch,
    scope: 'launch openid fhirUser patient/Patient.rs', state: 'state-123', aud: TEST_FHIR_BASE,
    code_challenge: await pkceChallenge(VERIFIER), code_challenge_method: 'S256', ...overrides,
  };
  return new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== null));
}

async function authorize(params: URLSearchParams) {
  const response = await fetch(`${TEST_FHIR_BASE}/auth/authorize?${params}`, { redirect: 'manual' });
  return { response, location: response.headers.get('Location') ? new URL(response.headers.get('Location')!) : undefined };
}

async function exchange(code: string, overrides: Record<string, string> = {}) {
  const form = new URLSearchParams({
    grant_type: 'authorization_code', code, redirect_uri: TEST_APP_URL, client_id: 'clarify', code_verifier: VERIFIER, ...overrides,
  });
  const response = await fetch(`${TEST_FHIR_BASE}/auth/token`, { method: 'POST', body: form });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('mock EHR SMART authorization server', () => {
  it('advertises the SMART v2 capabilities Clarify relies on', async () => {
    mockServer.use(...createTestEhr().handlers);
    const config = await (await fetch(`${TEST_FHIR_BASE}/.well-known/smart-configuration`)).json();
    expect(config.code_challenge_methods_supported).toEqual(['S256']);
    expect(config.capabilities).toEqual(expect.arrayContaining([
      'launch-ehr', 'launch-standalone', 'client-public', 'context-ehr-patient', 'context-ehr-encounter',
      'sso-openid-connect', 'permission-v2',
    ]));
    expect(config.token_endpoint).toBe(`${TEST_FHIR_BASE}/auth/token`);
  });

  it('redirects a valid EHR launch back with a code and the state, and exchanges it for a token with context', async () => {
    mockServer.use(...createTestEhr().handlers);
    const { response, location } = await authorize(await authorizeParams());
    expect(response.status).toBe(302);
    expect(location?.origin + location!.pathname).toBe(TEST_APP_URL);
    expect(location?.searchParams.get('state')).toBe('state-123');
    const { status, body } = await exchange(location!.searchParams.get('code')!);
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', patient: 'p1', encounter: 'e1', need_patient_banner: true, scope: 'launch openid fhirUser patient/Patient.rs' });
    const idToken = JSON.parse(atob(String(body.id_token).split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    expect(idToken.fhirUser).toBe('Practitioner/cdi-technician-1');
  });

  it.each([
    ['an unregistered redirect_uri', { redirect_uri: 'http://evil.test/' }, 'invalid_request'],
    ['an unknown client_id', { client_id: 'someone-else' }, 'invalid_client'],
  ])('refuses %s without redirecting', async (_name, overrides, error) => {
    mockServer.use(...createTestEhr().handlers);
    const { response, location } = await authorize(await authorizeParams(overrides));
    expect(response.status).toBe(400);
    expect(location).toBeUndefined();
    expect((await response.json()).error).toBe(error);
  });

  it.each([
    ['a missing state', { state: null }, 'invalid_request'],
    ['an aud that is not this server', { aud: 'http://other.test/fhir' }, 'invalid_request'],
    ['no PKCE challenge', { code_challenge: null }, 'invalid_request'],
    ['the plain PKCE method', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['an unsupported scope', { scope: 'launch openid patient/Patient.rs admin' }, 'invalid_scope'],
    ['an EHR launch without the launch scope', { scope: 'openid fhirUser patient/Patient.rs' }, 'invalid_scope'],
    ['a forged launch parameter', { launch: 'not-a-launch-from-this-ehr' }, 'invalid_request'],
    ['response_type token', { response_type: 'token' }, 'unsupported_response_type'],
  ])('redirects back with an OAuth error for %s', async (_name, overrides, error) => {
    mockServer.use(...createTestEhr().handlers);
    const { response, location } = await authorize(await authorizeParams(overrides));
    expect(response.status).toBe(302);
    expect(location?.searchParams.get('error')).toBe(error);
    expect(location?.searchParams.get('code')).toBeNull();
  });

  it.each([
    ['a wrong PKCE verifier', { code_verifier: 'another-verifier-that-does-not-match-the-challenge-000' }, 400, 'invalid_grant'],
    ['a different redirect_uri', { redirect_uri: 'http://app.test/elsewhere' }, 400, 'invalid_grant'],
    ['a different client_id', { client_id: 'someone-else' }, 401, 'invalid_client'],
    ['a code this server never issued', { code: 'forged-code' }, 400, 'invalid_grant'],
    ['the password grant', { grant_type: 'password' }, 400, 'unsupported_grant_type'],
  ])('refuses a token request with %s', async (_name, overrides, status, error) => {
    mockServer.use(...createTestEhr().handlers);
    const { location } = await authorize(await authorizeParams());
    const result = await exchange(location!.searchParams.get('code')!, overrides);
    expect(result.status).toBe(status);
    expect(result.body.error).toBe(error);
    expect(result.body.access_token).toBeUndefined();
  });

  it('accepts an authorization code only once', async () => {
    mockServer.use(...createTestEhr().handlers);
    const { location } = await authorize(await authorizeParams());
    const code = location!.searchParams.get('code')!;
    expect((await exchange(code)).status).toBe(200);
    expect(await exchange(code)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses an authorization code after it expires', async () => {
    let now = 1_800_000_000;
    mockServer.use(...createTestEhr({ now: () => now }).handlers);
    const { location } = await authorize(await authorizeParams());
    now += 61;
    expect(await exchange(location!.searchParams.get('code')!)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});
