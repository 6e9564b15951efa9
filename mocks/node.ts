/** The mock EHR in Node (msw/node), for tests and benchmarks. */
import { setupServer } from 'msw/node';
import { createMockEhr, type MockEhrSetup } from './mock-ehr';

export const TEST_FHIR_BASE = 'http://ehr.test/fhir';
export const TEST_APP_URL = 'http://app.test/';

export function createTestEhr(setup: Partial<MockEhrSetup> = {}) {
  return createMockEhr({ fhirBaseUrl: TEST_FHIR_BASE, redirectUris: [TEST_APP_URL], ...setup });
}

export const mockServer = setupServer();
