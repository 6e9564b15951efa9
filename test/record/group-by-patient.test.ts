import { describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import { groupByPatient } from '../../src/record/group-by-patient';

const r = (resource: Record<string, unknown>) => ({ resource: resource as unknown as Resource });

describe('groupByPatient', () => {
  it('puts each resource with the patient its subject, patient, for or beneficiary names', () => {
    const groups = groupByPatient([
      r({ resourceType: 'Patient', id: 'a' }),
      r({ resourceType: 'Patient', id: 'b' }),
      r({ resourceType: 'Observation', id: 'o1', subject: { reference: 'Patient/a' } }),
      r({ resourceType: 'Claim', id: 'c1', patient: { reference: 'https://ehr.example.org/fhir/Patient/b' } }),
      r({ resourceType: 'Task', id: 't1', for: { reference: 'Patient/b' } }),
      r({ resourceType: 'Coverage', id: 'cov', beneficiary: { reference: 'Patient/a' } }),
    ]);
    expect(groups.map((g) => [g.patientId, g.entries.map((e) => e.resource.id)])).toEqual([
      ['a', ['a', 'o1', 'cov']],
      ['b', ['b', 'c1', 't1']],
    ]);
  });

  it('resolves urn:uuid references to the Patient entry with that fullUrl', () => {
    const groups = groupByPatient([
      { resource: { resourceType: 'Patient', id: 'p-1' } as Resource, fullUrl: 'urn:uuid:5f1d' },
      r({ resourceType: 'Condition', id: 'c', subject: { reference: 'urn:uuid:5f1d' } }),
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.entries.map((e) => e.resource.id)).toEqual(['p-1', 'c']);
  });

  it('shares resources outside any patient compartment with every patient', () => {
    const groups = groupByPatient([
      r({ resourceType: 'Patient', id: 'a' }),
      r({ resourceType: 'Patient', id: 'b' }),
      r({ resourceType: 'Practitioner', id: 'dr' }),
      r({ resourceType: 'Medication', id: 'm' }),
    ]);
    expect(groups.map((g) => g.entries.map((e) => e.resource.id))).toEqual([['a', 'dr', 'm'], ['b', 'dr', 'm']]);
  });

  it('still groups resources whose Patient is missing from the pool, by the id they reference', () => {
    expect(groupByPatient([r({ resourceType: 'Observation', id: 'o', subject: { reference: 'Patient/ghost' } })]).map((g) => g.patientId)).toEqual(['ghost']);
  });
});
