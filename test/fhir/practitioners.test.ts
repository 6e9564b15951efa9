import { describe, expect, it } from 'vitest';
import type { Practitioner, Resource } from 'fhir/r4';
import { createFhirGateway } from '../../src/fhir/gateway';
import { searchPractitioners } from '../../src/fhir/practitioners';
import { launchScopes } from '../../src/fhir/scopes';
import { FhirStore } from '../../mocks/fhir-store';
import { createTestEhr, mockServer, TEST_FHIR_BASE } from '../../mocks/node';
import { issueAccessToken } from '../support/tokens';

const doctor = (id: string, family: string, given: string[], extra: Partial<Practitioner> = {}): Practitioner =>
  ({ resourceType: 'Practitioner', id, active: true, name: [{ family, given, prefix: ['Dr.'] }], ...extra });

async function gatewayOver(resources: Resource[], scope = launchScopes('ehr')) {
  mockServer.use(...createTestEhr({ store: new FhirStore([{ resourceType: 'Patient', id: 'p1' }, ...resources] as Resource[]) }).handlers);
  const token = await issueAccessToken(scope, { patient: 'p1', user: 'Practitioner/tech' });
  return createFhirGateway({ baseUrl: TEST_FHIR_BASE, authorization: async () => `Bearer ${token}`, sleep: async () => {} });
}

describe('searchPractitioners', () => {
  it('finds physicians whose family or given name starts with the text, ignoring case and accents, named as people read them', async () => {
    const gateway = await gatewayOver([doctor('d1', 'Maggio', ['Rashad']), doctor('d2', 'Mägi', ['Ülle']), doctor('d3', 'Schultz', ['Terrance'])]);
    expect(await searchPractitioners(gateway, 'mag')).toEqual([
      { reference: 'Practitioner/d1', display: 'Dr. Rashad Maggio' },
      { reference: 'Practitioner/d2', display: 'Dr. Ülle Mägi' },
    ]);
    expect((await searchPractitioners(gateway, 'terr')).map((p) => p.reference)).toEqual(['Practitioner/d3']);
  });

  it('leaves out inactive practitioners and asks nothing for fewer than two characters', async () => {
    const gateway = await gatewayOver([doctor('d1', 'Maggio', ['Rashad']), doctor('d4', 'Magnus', ['Ola'], { active: false })]);
    expect((await searchPractitioners(gateway, 'Mag')).map((p) => p.reference)).toEqual(['Practitioner/d1']);
    expect(await searchPractitioners(gateway, 'M')).toEqual([]);
  });

  it('reads the results through the trust boundary: a name with control characters is shown clean, a resource without an id is skipped', async () => {
    const gateway = await gatewayOver([doctor('d1', 'Mag\u001b[31mgio', ['Rashad'])]);
    expect(await searchPractitioners(gateway, 'Rashad')).toEqual([{ reference: 'Practitioner/d1', display: 'Dr. Rashad Maggio' }]);
  });

  it('fails with the gateway error when the EHR did not grant Practitioner searches', async () => {
    const gateway = await gatewayOver([doctor('d1', 'Maggio', ['Rashad'])], 'launch openid fhirUser patient/Patient.rs');
    await expect(searchPractitioners(gateway, 'Mag')).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
