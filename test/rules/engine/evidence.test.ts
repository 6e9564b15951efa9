import { describe, expect, it } from 'vitest';
import { PatientRecord } from '../../../src/record/patient-record';
import { describeEvidence } from '../../../src/record/describe';
import { hyponatremia } from '../../../src/rules/gaps/electrolytes';
import { LOINC } from '../../../src/terminology/loinc';
import { findingsFor, lab, patient } from '../support';

describe('a time and a value are shown the same way in a summary and in its evidence line', () => {
  it('shows a result recorded at 14:22 (-05:00) as 14:22 in both, with the value rounded alike', () => {
    const first = lab(LOINC.SODIUM_SERUM, 129.4, 'mmol/L', '2021-03-02T14:22:00-05:00', { id: 'na-1' });
    const second = lab(LOINC.SODIUM_SERUM, 128, 'mmol/L', '2021-03-03T06:00:00-05:00', { id: 'na-2' });
    const [finding] = findingsFor(hyponatremia, [first, second]);
    expect(finding!.summary).toContain('129 mmol/L on 2021-03-02 14:22');
    const record = PatientRecord.fromResources([patient(), first, second]);
    expect(describeEvidence(record, 'Observation/na-1')).toBe('2951-2 129 mmol/L, 2021-03-02 14:22');
  });
});

describe('evidence in words, never raw ids', () => {
  it('names encounters, claims and reports by kind and date, and a missing resource by its type only', () => {
    const record = PatientRecord.fromResources([
      { resourceType: 'Patient', id: 'p1' },
      { resourceType: 'Encounter', id: 'c6c36446-2b67', status: 'finished', class: { code: 'IMP' }, subject: { reference: 'Patient/p1' },
        type: [{ coding: [{ system: 'http://snomed.info/sct', code: '32485007', display: 'Hospital admission (procedure)' }] }], period: { start: '2021-02-10T08:00:00Z' } },
      { resourceType: 'Claim', id: 'claim-9', status: 'active', patient: { reference: 'Patient/p1' }, created: '2021-02-16T11:00:00Z' } as never,
    ]);
    expect(describeEvidence(record, 'Encounter/c6c36446-2b67')).toBe('Encounter: Hospital admission, 2021-02-10 08:00');
    expect(describeEvidence(record, 'Claim/claim-9')).toBe('Claim, 2021-02-16 11:00');
    expect(describeEvidence(record, 'Procedure/not-loaded')).toBe('Procedure (not in the record read)');
    expect(describeEvidence(record, 'DocumentReference/x')).toBe('Note (not in the record read)');
  });
});
