/**
 * A finding's facts as the detail table shows them (src/review/fact-rows.ts): what, the value to the decimals
 * a clinician reads it with, the unit, the limit, the flag in words, the date as recorded and the kind of
 * source. Findings of the real rules on an inpatient stay, 1–8 March 2021, recorded in New York time.
 */
import { describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import { PatientRecord } from '../../src/record/patient-record';
import { formatNumber } from '../../src/record/describe';
import { ALL_RULES, runRules, type Finding } from '../../src/rules/index';
import { clinicalValue, factRows } from '../../src/review/fact-rows';
import { LOINC } from '../../src/terminology/loinc';
import { encounter, icd10Condition, lab, medicationAdministration, medicationRequest, patient, vital } from '../rules/support';

const stay = () => encounter('enc-1', '2021-03-01T08:00:00-05:00', '2021-03-08T12:00:00-05:00');
const at = { encounter: 'enc-1' };

function review(resources: Resource[]) {
  const record = PatientRecord.fromResources([patient(), stay(), ...resources]);
  const findings = runRules(record, ALL_RULES, { now: new Date('2021-03-15T12:00:00Z'), encounterId: 'enc-1' });
  return { record, finding: (ruleId: string): Finding => findings.find((f) => f.ruleId === ruleId)! };
}

describe('factRows: a hyponatremia finding', () => {
  const { record, finding } = review([
    lab(LOINC.SODIUM_SERUM, 129, 'mmol/L', '2021-03-01T23:30:00-05:00', { id: 'na-1', ...at }),
    lab(LOINC.SODIUM_SERUM, 131, 'mmol/L', '2021-03-02T06:00:00-05:00', { id: 'na-2', ...at }),
    lab(LOINC.SODIUM_SERUM, 138, 'mmol/L', '2021-03-04T06:00:00-05:00', { id: 'na-3', ...at }),
  ]);
  const hyponatremia = finding('electrolytes/hyponatremia');

  it('shows one row per fact cited, in the order of the summary', () => {
    const rows = factRows(hyponatremia, record);
    expect(rows.map((r) => r.reference)).toEqual(['Observation/na-1', 'Observation/na-2']);
    expect(rows[0]).toEqual({
      what: 'Sodium', value: '129', unit: 'mmol/L', range: 'normal ≥ 135', flag: 'low', date: '2021-03-01 23:30', source: 'Laboratory result', reference: 'Observation/na-1',
    });
  });

  it('shows the time as recorded, whatever zone Clarify runs in (23:30 in New York is the 2nd in UTC)', () => {
    expect(factRows(hyponatremia, record)[0]!.date).toBe('2021-03-01 23:30');
  });

  it('says a value exactly at a limit that is itself normal is within it', () => {
    const atLimit = { ...hyponatremia, facts: hyponatremia.facts.map((f) => ({ ...f, value: 135 })) };
    expect(factRows(atLimit, record)[0]).toMatchObject({ value: '135', range: 'normal ≥ 135', flag: 'within' });
  });

  it('shows no value, unit, range or flag for a fact whose value is missing', () => {
    const unmeasured = { ...hyponatremia, facts: [{ ...hyponatremia.facts[0]!, value: undefined }] };
    const [row] = factRows(unmeasured, record);
    expect(row).toEqual({ what: 'Sodium', date: '2021-03-01 23:30', source: 'Laboratory result', reference: 'Observation/na-1' });
  });
});

describe('factRows: a heart-failure finding (diagnosis, results, an order and a dose)', () => {
  const { record, finding } = review([
    icd10Condition('I50.9', { id: 'hf', encounter: 'enc-1', display: 'Heart failure, unspecified', recordedDate: '2021-03-01T10:00:00-05:00' }),
    lab(LOINC.LVEF, 32.5, '%', '2021-03-02T08:00:00-05:00', { id: 'ef', ...at }),
    lab(LOINC.BNP, 100, 'pg/mL', '2021-03-01T09:00:00-05:00', { id: 'bnp', ...at }),
    medicationRequest('1719286', '10 ML Furosemide 10 MG/ML Injection', '2021-03-02T10:00:00-05:00', { id: 'lasix-order', encounter: { reference: 'Encounter/enc-1' } }),
    medicationAdministration(undefined, 'Furosemide 10 MG/ML Injectable Solution', '2021-03-02T11:00:00-05:00', { id: 'lasix-dose', context: { reference: 'Encounter/enc-1' } }),
  ]);
  const rows = factRows(finding('heart-failure/type-acuity-unspecified'), record);
  const row = (reference: string) => rows.find((r) => r.reference === reference)!;

  it('shows the diagnosis by its code, with its words as the value, from a Diagnosis', () => {
    expect(row('Condition/hf')).toEqual({ what: 'I50.9', value: 'Heart failure, unspecified', date: '2021-03-01 10:00', source: 'Diagnosis', reference: 'Condition/hf' });
  });

  it('flags a value exactly at an inclusive limit ("from 100 pg/mL"): the limit itself is abnormal', () => {
    expect(row('Observation/bnp')).toMatchObject({ what: 'BNP', value: '100', unit: 'pg/mL', range: 'abnormal ≥ 100', flag: 'high', source: 'Laboratory result' });
  });

  it('shows a result without a limit unflagged, its value as summaries show numbers', () => {
    expect(row('Observation/ef')).toEqual({ what: 'LVEF', value: '32.5', unit: '%', date: '2021-03-02 08:00', source: 'Laboratory result', reference: 'Observation/ef' });
  });

  it('names the source of an order and of a dose given', () => {
    expect(row('MedicationRequest/lasix-order')).toMatchObject({ source: 'Medication order', date: '2021-03-02 10:00' });
    expect(row('MedicationAdministration/lasix-dose')).toMatchObject({ source: 'Medication given', date: '2021-03-02 11:00' });
    expect(row('MedicationRequest/lasix-order')).not.toHaveProperty('flag');
  });
});

describe('factRows: a vital sign', () => {
  it('shows a Synthea BMI to one decimal against the obesity limit, from a Vital sign', () => {
    const { record, finding } = review([vital(LOINC.BMI, 42.938482824745094, 'kg/m2', '2021-03-01T09:00:00-05:00', { id: 'bmi', ...at })]);
    expect(factRows(finding('nutrition/obesity-class'), record)).toEqual([{
      what: 'BMI', value: '42.9', unit: 'kg/m2', range: 'abnormal ≥ 30.0', flag: 'high', date: '2021-03-01 09:00', source: 'Vital sign', reference: 'Observation/bmi',
    }]);
  });

  it('flags a BMI below the malnutrition limit as low', () => {
    const { record, finding } = review([vital(LOINC.BMI, 17.2, 'kg/m2', '2021-03-01T09:00:00-05:00', { id: 'bmi-low', ...at })]);
    expect(factRows(finding('nutrition/malnutrition-indicators'), record)).toEqual([expect.objectContaining({ value: '17.2', range: 'normal ≥ 18.5', flag: 'low', source: 'Vital sign' })]);
  });
});

describe('factRows: a value that rounds to its limit', () => {
  it('shows its decimals when rounding would make it read as the limit it is flagged against (BMI 18.46, normal from 18.5)', () => {
    const { record, finding } = review([vital(LOINC.BMI, 18.46, 'kg/m2', '2021-03-01T09:00:00-05:00', { id: 'bmi-edge', ...at })]);
    expect(factRows(finding('nutrition/malnutrition-indicators'), record)).toEqual([expect.objectContaining({ value: '18.46', range: 'normal ≥ 18.5', flag: 'low' })]);
  });
});

describe('clinicalValue', () => {
  it.each<[number, string | undefined, string]>([
    [42.938482824745094, LOINC.BMI, '42.9'],
    [1.5, LOINC.CREATININE_SERUM, '1.50'],
    [1.426, LOINC.CREATININE_SERUM, '1.43'],
    [129, LOINC.SODIUM_SERUM, '129'],
    [134.6, LOINC.SODIUM_SERUM, '135'],
    [3.44, '2823-3', '3.4'],
    [7.305, '2744-1', '7.30'],
  ])('shows %d with LOINC %s as %s', (value, loinc, shown) => {
    expect(clinicalValue(value, loinc)).toBe(shown);
  });

  it.each<[number, string | undefined]>([
    [123.456, '99999-9'], [1.23456, '99999-9'], [0.005, undefined], [-2.345, undefined], [100.5, undefined],
  ])('shows %d as summaries show numbers when its LOINC (%s) has no reading precision', (value, loinc) => {
    expect(clinicalValue(value, loinc)).toBe(formatNumber(value));
  });

  it('shows the summaries\' numbers for an unknown LOINC: 2 decimals below 100, whole numbers from 100', () => {
    expect(clinicalValue(123.456, '99999-9')).toBe('123');
    expect(clinicalValue(1.23456, '99999-9')).toBe('1.23');
  });

  it.each<[number, string | undefined, string]>([
    [-0, LOINC.SODIUM_SERUM, '0'], [-0.4, LOINC.SODIUM_SERUM, '0'], [-0.001, LOINC.CREATININE_SERUM, '0.00'], [-0.04, LOINC.BMI, '0.0'],
    [-0, undefined, '0'], [-0.001, '99999-9', '0'],
  ])('never shows minus zero: %d (%s) → %s', (value, loinc, shown) => {
    expect(clinicalValue(value, loinc)).toBe(shown);
  });

  it('keeps a real negative value\'s sign', () => {
    expect(clinicalValue(-0.06, LOINC.BMI)).toBe('-0.1');
  });
});

describe('factRows: a note\'s sentence', () => {
  const record = PatientRecord.fromResources([patient()]);
  const finding = (fact: Finding['facts'][number]) => ({ facts: [fact] } as unknown as Finding);
  const sentence = 'No evidence of acute kidney injury; creatinine at baseline.';
  const fact = {
    kind: 'note' as const, label: 'history and physical', text: sentence, time: '2021-03-02T10:00:00Z', reference: 'DocumentReference/hp',
    mention: { start: 15, end: 34, assertion: 'negated' as const, cue: 'No evidence of' },
  };

  it('is a quote: the words before, the diagnosis\'s words, the words after, and how the sentence reads', () => {
    const [row] = factRows(finding(fact), record);
    expect(row).toMatchObject({
      what: 'History and physical', date: '2021-03-02 10:00', source: 'Note', reference: 'DocumentReference/hp',
      quote: { before: 'No evidence of ', words: 'acute kidney injury', after: '; creatinine at baseline.', reading: 'negates it ("No evidence of")' },
    });
  });

  it('an affirmed mention reads "documents it", without a cue', () => {
    const [row] = factRows(finding({ ...fact, text: 'Acute kidney injury.', mention: { start: 0, end: 19, assertion: 'affirmed' } }), record);
    expect(row!.quote).toEqual({ before: '', words: 'Acute kidney injury', after: '.', reading: 'documents it' });
  });

  it('offsets outside the sentence give no quote (untrusted data never throws)', () => {
    const [row] = factRows(finding({ ...fact, mention: { start: 40, end: 400, assertion: 'negated' } }), record);
    expect(row!.quote).toBeUndefined();
  });
});
