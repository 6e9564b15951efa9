/**
 * Starts the mock EHR inside a page (msw service worker). Every page of the launch (the mock EHR
 * launcher, the SMART launch page, the authorize page and the app) starts its own copy: msw answers
 * requests from handlers that run in the page, so codes and tokens are self-contained (mocks/crypto.ts).
 */
import type { Resource } from 'fhir/r4';
import { createMockEhr } from './mock-ehr';
import type { FaultPlan } from './faults';
import { FhirStore, WRITES_STORAGE_KEY } from './fhir-store';

export const MOCK_FHIR_PATH = '/mock-ehr/fhir';

/** The mock EHR's own sign-in session (who is logged in to the EHR), used by standalone launches. */
export const SIGNED_IN_USER_KEY = 'mock-ehr:signed-in-user';

/** EHR problems the launcher asks the mock to simulate (a FaultPlan as JSON), for trying the failure paths. */
export const SIMULATED_FAULTS_KEY = 'mock-ehr:simulated-faults';

function simulatedFaults(): FaultPlan | undefined {
  try {
    const stored = sessionStorage.getItem(SIMULATED_FAULTS_KEY);
    return stored ? (JSON.parse(stored) as FaultPlan) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The mock EHR's writes (what apps created or changed: queries, findings, provenance) are kept in this
 * origin's localStorage, so they survive page reloads and new launches in the same browser. The seeded
 * patients are never changed; only the writes are stored, and `resetMockEhrData` drops them.
 * (Clarify itself never uses localStorage: this is the mock EHR's own data, like an EHR's database.)
 */
export function mockEhrWriteCount(): number {
  return new FhirStore([], { storage: localStorage }).writtenCount();
}

/** What apps wrote to the mock EHR in this browser (the latest version of each), of some types: for the launcher's lists. */
export function mockEhrWrites(types: readonly string[]): Resource[] {
  const store = new FhirStore([], { storage: localStorage });
  return types.flatMap((type) => store.all(type));
}

/** Drops every write the mock EHR kept: it serves the seeded fixtures as shipped again. */
export function resetMockEhrData(): number {
  const store = new FhirStore([], { storage: localStorage });
  const dropped = store.writtenCount();
  store.reset();
  return dropped;
}

export { WRITES_STORAGE_KEY };

export function mockFhirBaseUrl(): string {
  return `${location.origin}${MOCK_FHIR_PATH}`;
}

/**
 * The clock the browser's mock EHR dates its patients by (mocks/fixtures/live-dates.ts): the real one. Every
 * page computes the same dates from it all day long (the shift depends only on its UTC calendar day).
 */
export function liveDatesClock(): { now: Date } {
  return { now: new Date() };
}

export async function startMockEhr(): Promise<void> {
  const { setupWorker } = await import('msw/browser');
  const origin = location.origin;
  const { handlers } = createMockEhr({
    liveDates: liveDatesClock(),
    fhirBaseUrl: mockFhirBaseUrl(),
    authorizationEndpoint: `${origin}/launch/mock-authorize.html`,
    redirectUris: [`${origin}/`, `${origin}/index.html`],
    faults: simulatedFaults(),
    writeStorage: localStorage,
  });
  await setupWorker(...handlers).start({
    // quiet: msw would otherwise log every request and response, patient data included, to the console.
    quiet: true,
    onUnhandledRequest: 'bypass',
    serviceWorker: { url: '/mockServiceWorker.js' },
  });
}
