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
