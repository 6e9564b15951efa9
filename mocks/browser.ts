/**
 * Starts the mock EHR inside a page (msw service worker). Every page of the launch (the mock EHR
 * launcher, the SMART launch page, the authorize page and the app) starts its own copy: msw answers
 * requests from handlers that run in the page, so codes and tokens are self-contained (mocks/crypto.ts).
 */
import { createMockEhr } from './mock-ehr';

export const MOCK_FHIR_PATH = '/mock-ehr/fhir';

/** The mock EHR's own sign-in session (who is logged in to the EHR), used by standalone launches. */
export const SIGNED_IN_USER_KEY = 'mock-ehr:signed-in-user';

export function mockFhirBaseUrl(): string {
  return `${location.origin}${MOCK_FHIR_PATH}`;
}

export async function startMockEhr(): Promise<void> {
  const { setupWorker } = await import('msw/browser');
  const origin = location.origin;
  const { handlers } = createMockEhr({
    fhirBaseUrl: mockFhirBaseUrl(),
    authorizationEndpoint: `${origin}/launch/mock-authorize.html`,
    redirectUris: [`${origin}/`, `${origin}/index.html`],
  });
  await setupWorker(...handlers).start({
    // quiet: msw would otherwise log every request and response, patient data included, to the console.
    quiet: true,
    onUnhandledRequest: 'bypass',
    serviceWorker: { url: '/mockServiceWorker.js' },
  });
}
