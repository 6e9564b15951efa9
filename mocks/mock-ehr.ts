/** Assembles the mock EHR (authorization server + FHIR server + seeded store) for one base URL. */
import { createMockEhrHandlers, type MockEhrOptions } from './handlers';
import { FhirStore } from './fhir-store';
import { seedResources } from './fixtures';
import { faultHandlers, type FaultPlan } from './faults';

/** The client id Clarify is registered under in the mock EHR (see src/config.ts). */
export const MOCK_CLIENT_ID = 'clarify';

export interface MockEhrSetup extends Omit<MockEhrOptions, 'store' | 'clients'> {
  /** Redirect URIs registered for Clarify. */
  redirectUris: string[];
  store?: FhirStore;
  /** Test-only: latency and injected failures (mocks/faults.ts). */
  faults?: FaultPlan;
}

export function createMockEhr(setup: MockEhrSetup) {
  const store = setup.store ?? new FhirStore(seedResources());
  const handlers = [
    ...(setup.faults ? faultHandlers(setup.fhirBaseUrl, setup.faults) : []),
    ...createMockEhrHandlers({ ...setup, store, clients: [{ clientId: MOCK_CLIENT_ID, redirectUris: setup.redirectUris }] }),
  ];
  return { store, handlers };
}
