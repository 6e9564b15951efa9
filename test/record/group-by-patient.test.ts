import { describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import { groupByPatient } from '../../src/record/group-by-patient';

const r = (resource: Record<string, unknown>) => ({ resource: resource as unknown as Resource });

describe('groupByPatient', () => {
  it('puts each resource with the patient its subject, patient, for or beneficiary names', () => {
    const { groups } = groupByPatient([
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
    const { groups } = groupByPatient([
      { resource: { resourceType: 'Patient', id: 'p-1' } as Resource, fullUrl: 'urn:uuid:5f1d' },
      r({ resourceType: 'Condition', id: 'c', subject: { reference: 'urn:uuid:5f1d' } }),
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.entries.map((e) => e.resource.id)).toEqual(['p-1', 'c']);
  });

  it('returns resources outside any patient compartment once, as shared, never copied into each group', () => {
    const { groups, shared } = groupByPatient([
      r({ resourceType: 'Patient', id: 'a' }),
      r({ resourceType: 'Patient', id: 'b' }),
      r({ resourceType: 'Practitioner', id: 'dr' }),
      r({ resourceType: 'Medication', id: 'm' }),
    ]);
    expect(groups.map((g) => g.entries.map((e) => e.resource.id))).toEqual([['a'], ['b']]);
    expect(shared.map((e) => e.resource.id)).toEqual(['dr', 'm']);
  });

  it('groups a transaction Bundle whose entries carry only urn:uuid fullUrls, by the Patient fullUrl', () => {
    const { groups } = groupByPatient([
      { resource: { resourceType: 'Patient' } as Resource, fullUrl: 'urn:uuid:7c1e' },
      { resource: { resourceType: 'Condition', subject: { reference: 'urn:uuid:7c1e' } } as unknown as Resource, fullUrl: 'urn:uuid:c1' },
      { resource: { resourceType: 'Patient' } as Resource, fullUrl: 'urn:uuid:9a2b' },
      { resource: { resourceType: 'Observation', subject: { reference: 'urn:uuid:9a2b' } } as unknown as Resource, fullUrl: 'urn:uuid:o1' },
    ]);
    expect(groups.map((g) => [g.patientId, g.entries.map((e) => e.fullUrl)])).toEqual([
      ['7c1e', ['urn:uuid:7c1e', 'urn:uuid:c1']],
      ['9a2b', ['urn:uuid:9a2b', 'urn:uuid:o1']],
    ]);
  });

  it('never throws on compartment fields of the wrong type', () => {
    const { groups, shared } = groupByPatient([
      r({ resourceType: 'Observation', id: 'o', subject: { reference: 42 } }),
      r({ resourceType: 'Observation', id: 'p', subject: null, patient: 'Patient/a' }),
    ]);
    expect(groups).toEqual([]);
    expect(shared).toHaveLength(2);
  });

  it('still groups resources whose Patient is missing from the pool, by the id they reference', () => {
    expect(groupByPatient([r({ resourceType: 'Observation', id: 'o', subject: { reference: 'Patient/ghost' } })]).groups.map((g) => g.patientId)).toEqual(['ghost']);
  });
});
