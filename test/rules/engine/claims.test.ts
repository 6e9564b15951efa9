import { describe, expect, it } from 'vitest';
import type { ExplanationOfBenefit, Resource } from 'fhir/r4';
import { PatientRecord } from '../../../src/record/patient-record';
import { claimEncounters, encounterOfClaim, isMirroredEob } from '../../../src/rules/engine/claims';
import { claim, encounter, PATIENT_ID } from '../support';

const eob = (id: string, claimReference?: string): ExplanationOfBenefit => ({
  resourceType: 'ExplanationOfBenefit', id, status: 'active', use: 'claim', type: { coding: [{ code: 'institutional' }] }, patient: { reference: `Patient/${PATIENT_ID}` },
  created: '2021-03-01', insurer: { display: 'private' }, provider: { display: 'Hospital' }, outcome: 'complete',
  ...(claimReference ? { claim: { reference: claimReference } } : {}), insurance: [{ focal: true, coverage: { display: 'private' } }],
});
const recordOf = (...resources: Resource[]) => PatientRecord.fromResources(resources);

describe('isMirroredEob', () => {
  const billed = claim(['E11.9'], '2021-03-01', { id: 'c-1' });
  it.each<[string, Resource, boolean]>([
    ['an EOB adjudicating a Claim of the record', eob('e-1', 'Claim/c-1'), true],
    ['an EOB whose Claim is not in the record', eob('e-2', 'Claim/elsewhere'), false],
    ['an EOB naming no Claim', eob('e-3'), false],
    ['an EOB pointing at something that is not a Claim', eob('e-4', 'Encounter/enc-1'), false],
    ['a Claim', billed, false],
  ])('is true only for %s', (_scenario, resource, mirrored) => {
    const record = recordOf(billed, encounter('enc-1', '2021-03-01T08:00:00Z'), resource);
    expect(isMirroredEob(record, resource)).toBe(mirrored);
  });
});

describe('claimEncounters and encounterOfClaim', () => {
  const first = encounter('enc-1', '2021-03-01T08:00:00Z');
  const second = encounter('enc-2', '2021-03-02T08:00:00Z');

  it('lists the encounters of the record a claim bills, each once, in order', () => {
    const billed = claim([], '2021-03-03', { item: [
      { sequence: 1, productOrService: { text: 'stay' }, encounter: [{ reference: 'Encounter/enc-2' }, { reference: 'Encounter/enc-1' }] },
      { sequence: 2, productOrService: { text: 'lab' }, encounter: [{ reference: 'Encounter/enc-2' }, { reference: 'Encounter/missing' }] },
    ] });
    const record = recordOf(first, second, billed);
    expect(claimEncounters(record, billed).map((e) => e.id)).toEqual(['enc-2', 'enc-1']);
    expect(encounterOfClaim(record, billed)).toBe('Encounter/enc-2');
  });

  it('finds none when the claim bills no encounter of the record', () => {
    const billed = claim([], '2021-03-03', { item: [{ sequence: 1, productOrService: { text: 'stay' }, encounter: [{ reference: 'Encounter/missing' }] }] });
    const record = recordOf(first, billed);
    expect(claimEncounters(record, billed)).toEqual([]);
    expect(encounterOfClaim(record, billed)).toBeUndefined();
    const noItems = claim([], '2021-03-03');
    expect(encounterOfClaim(recordOf(noItems), noItems)).toBeUndefined();
  });
});
