import { describe, expect, it } from 'vitest';
import { canonicalUnit, normalizeQuantity } from '../../src/record/units';
import { LOINC } from '../../src/terminology/loinc';

describe('normalizeQuantity', () => {
  it.each([
    ['creatinine in mg/dL stays', LOINC.CREATININE_SERUM, 1.2, 'mg/dL', 1.2, 'mg/dL'],
    ['creatinine in umol/L', LOINC.CREATININE_SERUM, 88.42, 'umol/L', 1, 'mg/dL'],
    ['creatinine in µmol/L (micro sign)', LOINC.CREATININE_BLOOD, 176.84, 'µmol/L', 2, 'mg/dL'],
    ['hemoglobin in g/L', LOINC.HEMOGLOBIN, 125, 'g/L', 12.5, 'g/dL'],
    ['hemoglobin in g/dL stays', LOINC.HEMOGLOBIN, 12.5, 'g/dL', 12.5, 'g/dL'],
    ['hemoglobin in mmol/L', LOINC.HEMOGLOBIN, 8, 'mmol/L', 12.8912, 'g/dL'],
    ['sodium in mEq/L', LOINC.SODIUM_SERUM, 134, 'mEq/L', 134, 'mmol/L'],
    ['sodium with lower-case unit text', LOINC.SODIUM_BLOOD, 134, 'mmol/l', 134, 'mmol/L'],
    ['glucose in mmol/L', LOINC.GLUCOSE_SERUM, 10, 'mmol/L', 180.16, 'mg/dL'],
    ['platelets in 10*9/L', LOINC.PLATELETS, 140, '10*9/L', 140, '10*3/uL'],
    ['temperature in Fahrenheit', LOINC.BODY_TEMPERATURE, 100.4, '[degF]', 38, 'Cel'],
    ['weight in pounds', LOINC.BODY_WEIGHT, 220, '[lb_av]', 99.79032, 'kg'],
    ['height in inches', LOINC.BODY_HEIGHT, 70, '[in_i]', 177.8, 'cm'],
    ['albumin in g/L', LOINC.ALBUMIN, 34, 'g/L', 3.4, 'g/dL'],
    ['bilirubin in umol/L', LOINC.BILIRUBIN_TOTAL, 34.208, 'umol/L', 2, 'mg/dL'],
    ['lactate in mg/dL', LOINC.LACTATE_PLASMA, 18.016, 'mg/dL', 2, 'mmol/L'],
    ['BNP in ng/L', LOINC.BNP, 450, 'ng/L', 450, 'pg/mL'],
    ['eGFR written as mL/min by Synthea', LOINC.EGFR_MDRD, 52, 'mL/min', 52, 'mL/min/{1.73_m2}'],
    ['HbA1c in IFCC mmol/mol', LOINC.HBA1C, 53, 'mmol/mol', 7.00044, '%'],
    ['PaO2 in kPa', LOINC.PAO2, 8, 'kPa', 60.00496, 'mm[Hg]'],
  ])('%s', (_title, loinc, value, unit, expected, expectedUnit) => {
    const result = normalizeQuantity(loinc, value, unit);
    expect(result).toMatchObject({ unit: expectedUnit });
    expect((result as { value: number }).value).toBeCloseTo(expected, 3);
  });

  it('refuses a known analyte in a unit it cannot convert, rather than guessing', () => {
    expect(normalizeQuantity(LOINC.SODIUM_SERUM, 134, 'mg/dL')).toEqual({ problem: expect.stringContaining('not convertible to mmol/L') });
    expect(normalizeQuantity(LOINC.CREATININE_SERUM, 1.1, undefined)).toHaveProperty('problem');
  });

  it('keeps the value and unit of codes it has no canonical unit for', () => {
    expect(normalizeQuantity('2093-3', 190, 'mg/dL')).toEqual({ value: 190, unit: 'mg/dL' });
    expect(canonicalUnit('2093-3')).toBeUndefined();
    expect(canonicalUnit(LOINC.CREATININE_SERUM)).toBe('mg/dL');
  });
});
