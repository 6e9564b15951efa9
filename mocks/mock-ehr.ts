/** Assembles the mock EHR (authorization server + FHIR server + seeded store) for one base URL. */
import { getResponse } from 'msw';
import { createMockEhrHandlers, type MockEhrOptions } from './handlers';
import { FhirStore, type WriteStorage } from './fhir-store';
import { seedResources, type SeedOptions } from './fixtures';
import { faultHandlers, type FaultPlan } from './faults';

/** The client id Clarify is registered under in the mock EHR (see src/config.ts). */
export const MOCK_CLIENT_ID = 'clarify';

export interface MockEhrSetup extends Omit<MockEhrOptions, 'store' | 'clients'> {
  /** Redirect URIs registered for Clarify. */
  redirectUris: string[];
  /** The store to serve; by default the seeded fixtures, with the writes kept in `writeStorage` or in memory. */
  store?: FhirStore;
  /** Where a default store keeps the writes (the browser: localStorage); unset: in memory. */
  writeStorage?: WriteStorage;
  /** Test-only: latency and injected failures (mocks/faults.ts). */
  faults?: FaultPlan;
  /**
   * A default store serves the fixtures as if live on this clock's UTC day (mocks/fixtures/live-dates.ts),
   * as the browser's mock does; unset (tests): the fixtures' own dates.
   */
  liveDates?: SeedOptions['liveDates'];
}

export function createMockEhr(setup: MockEhrSetup) {
  const store = setup.store ?? new FhirStore(seedResources({ liveDates: setup.liveDates }), { storage: setup.writeStorage });
  const server = createMockEhrHandlers({ ...setup, store, clients: [{ clientId: MOCK_CLIENT_ID, redirectUris: setup.redirectUris }] });
  const handlers = [
    ...(setup.faults ? faultHandlers(setup.fhirBaseUrl, setup.faults, (request) => getResponse(server, request)) : []),
    ...server,
  ];
  return { store, handlers };
}
