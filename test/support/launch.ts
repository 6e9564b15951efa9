/**
 * Drives a real SMART launch in happy-dom: the launch page's authorize() navigates to the mock EHR's
 * authorize endpoint, whose redirect becomes the app page's URL; modules are re-imported to stand in
 * for each page load (fhirclient caches `location`).
 */
import { vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { createAuthServer, sealLaunchContext, type LaunchContext } from '../../mocks/smart-auth';
import { MOCK_CLIENT_ID } from '../../mocks/mock-ehr';
import { TEST_APP_URL, TEST_FHIR_BASE } from '../../mocks/node';

declare global {
  // Provided by vitest's happy-dom environment.
  var happyDOM: { setURL(url: string): void };
}

export async function openPage(url: string) {
  happyDOM.setURL(url);
  vi.resetModules();
  return import('../../src/fhir/smart');
}

/** Opens the app page: its SMART module and its state modules, from one fresh module graph. */
export async function openApp(url: string) {
  const smart = await openPage(url);
  const appState = await import('../../src/state/app');
  return { ...smart, ...appState };
}

/** Retry waits made instant for a session's gateway: tests never sleep through backoff. */
export const NO_WAITING = { gateway: { sleep: async () => {} } } as const;

/** Runs the launch page and the authorization server; returns the URL the app page is opened at. */
export async function authorizeLaunch(params: { launch?: Partial<LaunchContext> | string; iss?: string } = {}) {
  const query = new URLSearchParams({ iss: params.iss ?? TEST_FHIR_BASE });
  if (params.launch !== undefined) {
    query.set('launch', typeof params.launch === 'string' ? params.launch : await sealLaunchContext({
      user: 'Practitioner/cdi-technician-1', needPatientBanner: true, ...params.launch,
    }));
  }
  const launchPage = await openPage(`http://app.test/launch/index.html?${query}`);
  await launchPage.beginLaunch(location.search);
  const authorizeUrl = new URL(location.href);
  const response = await fetch(authorizeUrl, { redirect: 'manual' });
  const redirect = response.headers.get('Location');
  return { authorizeUrl, redirect, response };
}

/** A full EHR launch through the mock EHR: the app page's modules and its state, with the session started. */
export async function launchedApp(launch?: Partial<LaunchContext>) {
  const { redirect } = await authorizeLaunch(launch ? { launch } : {});
  const app = await openApp(redirect!);
  const state = app.createAppState();
  await app.startSession(state, () => app.completeLaunch(NO_WAITING));
  return { app, state };
}

/**
 * A token endpoint that runs the mock EHR's checks, then lets a test rewrite a successful answer (e.g. an
 * EHR that grants fewer scopes than asked, or says nothing of them). Install it with mockServer.use().
 */
export function tokenEndpointAnswering(rewrite: (body: Record<string, unknown>) => void) {
  const auth = createAuthServer({ fhirBaseUrl: TEST_FHIR_BASE, clients: [{ clientId: MOCK_CLIENT_ID, redirectUris: [TEST_APP_URL] }] });
  return http.post(`${TEST_FHIR_BASE}/auth/token`, async ({ request }) => {
    const [status, body] = await auth.token(new URLSearchParams(await request.text()));
    if (status === 200) rewrite(body);
    return HttpResponse.json(body, { status });
  });
}
