import { describe, expect, it } from 'vitest';
import type { Observation } from 'fhir/r4';
import type { ObservationPoint } from '../../../src/record/patient-record';
import { abnormalValueFacts, describeAbnormalValues, type AbnormalValue } from '../../../src/rules/engine/abnormal-values';

const point = (reference: string, value: number, unit: string, time: string): ObservationPoint => ({
  observation: { resourceType: 'Observation', status: 'final', code: { text: 'x' } } as Observation,
  reference, loinc: 'x', time, timeMs: Date.parse(time), value, unit,
});
const spo2 = (reference: string, value: number, time: string): AbnormalValue =>
  ({ label: 'SpO2', limit: '< 91 % on room air', point: point(reference, value, '%', time), excess: 91 - value });

describe('describeAbnormalValues', () => {
  it('cites the most abnormal value of each label with its limit and how many results were beyond it', () => {
    const lactate: AbnormalValue = { label: 'lactate', limit: '> 2 mmol/L', point: point('Observation/l', 4.1, 'mmol/L', '2021-03-01T09:00:00Z'), excess: 2.1 };
    expect(describeAbnormalValues([
      spo2('Observation/a', 89, '2021-03-01T08:00:00Z'), lactate, spo2('Observation/b', 86, '2021-03-01T10:00:00Z'), spo2('Observation/c', 90, '2021-03-01T11:00:00Z'),
    ])).toBe('SpO2 86 % on 2021-03-01 10:00 (< 91 % on room air; 3 results beyond it), lactate 4.1 mmol/L on 2021-03-01 09:00 (> 2 mmol/L)');
  });

  it('puts a note before the limit, counts one result reported twice once, and cites the first of equal values', () => {
    const first = { ...spo2('Observation/a', 88, '2021-03-01T08:00:00Z'), note: 'no supplemental oxygen recorded in the hour before' };
    const again = { ...spo2('Observation/a', 88, '2021-03-01T08:00:00Z') };
    expect(describeAbnormalValues([first, again])).toBe('SpO2 88 % on 2021-03-01 08:00 (no supplemental oxygen recorded in the hour before; < 91 % on room air)');
  });

  it('says nothing of no values', () => {
    expect(describeAbnormalValues([])).toBe('');
    expect(abnormalValueFacts([])).toEqual([]);
  });
});

describe('abnormalValueFacts', () => {
  it('states the cited value of each label as a fact, with its range and kind (a result unless said)', () => {
    const lactate: AbnormalValue = {
      label: 'lactate', limit: '> 2 mmol/L', range: { high: 2, unit: 'mmol/L' }, point: point('Observation/l', 4.1, 'mmol/L', '2021-03-01T09:00:00Z'), excess: 2.1,
    };
    const low = (reference: string, value: number, time: string): AbnormalValue => ({ ...spo2(reference, value, time), kind: 'vital-sign', range: { low: 91, unit: '%' } });
    expect(abnormalValueFacts([low('Observation/a', 89, '2021-03-01T08:00:00Z'), lactate, low('Observation/b', 86, '2021-03-01T10:00:00Z')])).toEqual([
      { kind: 'vital-sign', label: 'SpO2', value: 86, unit: '%', time: '2021-03-01T10:00:00Z', referenceRange: { low: 91, unit: '%' }, reference: 'Observation/b' },
      { kind: 'result', label: 'lactate', value: 4.1, unit: 'mmol/L', time: '2021-03-01T09:00:00Z', referenceRange: { high: 2, unit: 'mmol/L' }, reference: 'Observation/l' },
    ]);
  });
});
