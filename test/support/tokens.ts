/** Obtains a real access token from the mock EHR by running its authorize + token endpoints. */
import { pkceChallenge } from '../../mocks/crypto';
import { sealLaunchContext, type LaunchContext } from '../../mocks/smart-auth';
import { TEST_APP_URL, TEST_FHIR_BASE } from '../../mocks/node';

export async function issueAccessToken(scope: string, context: Partial<LaunchContext> = {}): Promise<string> {
  const verifier = 'test-verifier-0123456789-0123456789-0123456789';
  const launch = await sealLaunchContext({ user: 'Practitioner/cdi-technician-1', needPatientBanner: true, ...context });
  const params = new URLSearchParams({
    response_type: 'code', client_id: 'clarify', redirect_uri: TEST_APP_URL, launch, scope: `launch ${scope}`,
    state: 's', aud: TEST_FHIR_BASE, code_challenge: await pkceChallenge(verifier), code_challenge_method: 'S256',
  });
  const redirect = await fetch(`${TEST_FHIR_BASE}/auth/authorize?${params}`, { redirect: 'manual' });
  const code = new URL(redirect.headers.get('Location')!).searchParams.get('code');
  if (!code) throw new Error(`authorize refused: ${redirect.headers.get('Location')}`);
  const response = await fetch(`${TEST_FHIR_BASE}/auth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: TEST_APP_URL, client_id: 'clarify', code_verifier: verifier }),
  });
  return String(((await response.json()) as { access_token: string }).access_token);
}
