import { describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import { PatientRecord } from '../../src/record/patient-record';
import { fhirTimeMs } from '../../src/record/fhir-dates';
import { ALL_RULES, runRules, type Finding } from '../../src/rules/index';
import { LOINC } from '../../src/terminology/loinc';
import { SYSTEM } from '../../src/terminology/systems';
import { beyondThreshold, findingTrend, TREND_BASELINE_DAYS, type Trend } from '../../src/review/trend';
import { encounter, lab, medicationRequest, patient, vital } from '../rules/support';

// An inpatient stay, 10–14 February 2021, reviewed on 15 March (Synthea-shaped resources, real rules).
const STAY = encounter('enc-1', '2021-02-10T08:00:00Z', '2021-02-14T12:00:00Z');
const WINDOW = { startMs: fhirTimeMs('2021-02-10T08:00:00Z')!, endMs: fhirTimeMs('2021-02-14T12:00:00Z')! };
const NOW = new Date('2021-03-15T12:00:00Z');

const sodium = (id: string, value: number, time: string, unit = 'mmol/L') => lab(LOINC.SODIUM_SERUM, value, unit, time, { id, encounter: 'enc-1' });
const creatinine = (id: string, value: number, time: string, unit = 'mg/dL') => lab(LOINC.CREATININE_SERUM, value, unit, time, { id, encounter: 'enc-1' });
const metformin = medicationRequest('860975', 'Metformin 500 MG Oral Tablet', '2021-02-11T09:00:00Z', { encounter: { reference: 'Encounter/enc-1' } });

/** The record and the findings Clarify's rules make of it, launched in the stay. */
function review(resources: Resource[], encounterId: string | undefined = 'enc-1') {
  const record = PatientRecord.fromResources([patient(), STAY, ...resources]);
  const findings = runRules(record, ALL_RULES, { now: NOW, ...(encounterId ? { encounterId } : {}) });
  return { record, findings, by: (ruleId: string) => findings.find((f) => f.ruleId === ruleId) };
}

const HYPONATREMIA = 'electrolytes/hyponatremia';

// Out of order on purpose: the trend sorts. 20 January is outside the baseline days; 5 February inside.
const SODIUMS = [
  sodium('na-mar', 137, '2021-03-01T09:00:00Z'),
  sodium('na-13', 136, '2021-02-13T09:00:00+13:00'),
  sodium('na-11', 129, '2021-02-11T09:00:00Z'),
  sodium('na-jan', 140, '2021-01-20T09:00:00Z'),
  sodium('na-10', 131, '2021-02-10T09:00:00Z'),
  sodium('na-05', 138, '2021-02-05T09:00:00Z'),
  sodium('na-12', 133, '2021-02-12T06:00:00-05:00'),
];

const summary = (trend: Trend | undefined) => trend?.points.map((p) => [p.reference, p.value, p.cited, p.beyond ?? null]);

describe('findingTrend: a lab-driven finding', () => {
  const { record, by } = review(SODIUMS);
  const finding = by(HYPONATREMIA)!;

  it('is a real hyponatremia finding citing the low values', () => {
    expect(finding.facts.map((f) => f.reference)).toEqual(['Observation/na-10', 'Observation/na-11', 'Observation/na-12']);
  });

  it('shows the window and the baseline days before it, oldest first, with cited and beyond flags', () => {
    const trend = findingTrend(finding, record, WINDOW);
    expect(trend).toMatchObject({ label: 'sodium', unit: 'mmol/L', loinc: LOINC.SODIUM_SERUM, threshold: { low: 135, unit: 'mmol/L' }, excludedForUnit: 0 });
    expect(summary(trend)).toEqual([
      ['Observation/na-05', 138, false, null], // 5 days before the stay: the baseline
      ['Observation/na-10', 131, true, 'below'],
      ['Observation/na-11', 129, true, 'below'],
      ['Observation/na-12', 133, true, 'below'],
      ['Observation/na-13', 136, false, null],
    ]);
  });

  it('keeps each time as recorded beside its instant', () => {
    const point = findingTrend(finding, record, WINDOW)!.points.find((p) => p.reference === 'Observation/na-13')!;
    expect(point.time).toBe('2021-02-13T09:00:00+13:00');
    expect(point.timeMs).toBe(Date.UTC(2021, 1, 12, 20));
  });

  it(`reaches back ${TREND_BASELINE_DAYS} days before the window, no further`, () => {
    const edge = sodium('na-edge', 139, '2021-02-03T08:00:00Z'); // exactly 7 days before the stay began
    const before = sodium('na-before', 141, '2021-02-03T07:59:00Z');
    const { record: r, by: b } = review([...SODIUMS, edge, before]);
    const references = findingTrend(b(HYPONATREMIA)!, r, WINDOW)!.points.map((p) => p.reference);
    expect(references).toContain('Observation/na-edge');
    expect(references).not.toContain('Observation/na-before');
  });

  it('shows every value of the code without a window', () => {
    expect(findingTrend(finding, record)!.points.map((p) => p.reference)).toEqual([
      'Observation/na-jan', 'Observation/na-05', 'Observation/na-10', 'Observation/na-11', 'Observation/na-12', 'Observation/na-13', 'Observation/na-mar',
    ]);
  });

  it('keeps a cited value that lies outside the window', () => {
    const narrow = { startMs: fhirTimeMs('2021-02-25T00:00:00Z')!, endMs: fhirTimeMs('2021-03-05T00:00:00Z')! };
    expect(findingTrend(finding, record, narrow)!.points.map((p) => p.reference)).toEqual([
      'Observation/na-10', 'Observation/na-11', 'Observation/na-12', 'Observation/na-mar',
    ]);
  });

  it('draws a creatinine rise with no threshold when the rule states none (KDIGO compares values)', () => {
    const { record: r, by: b } = review([
      creatinine('cr-1', 1.0, '2021-02-10T09:00:00Z'), creatinine('cr-2', 2.1, '2021-02-11T09:00:00Z'),
      creatinine('cr-3', 168, '2021-02-12T09:00:00Z', 'umol/L'), // converted to mg/dL by the record: same unit, kept
    ]);
    const trend = findingTrend(b('renal/acute-kidney-injury')!, r, WINDOW)!;
    expect(trend).toMatchObject({ label: 'creatinine', unit: 'mg/dL', loinc: LOINC.CREATININE_SERUM, excludedForUnit: 0 });
    expect(trend.threshold).toBeUndefined();
    expect(trend.points.map((p) => [p.reference, p.cited, p.beyond ?? null])).toEqual([
      ['Observation/cr-1', true, null], ['Observation/cr-2', true, null], ['Observation/cr-3', false, null],
    ]);
    expect(trend.points[2]!.value).toBeCloseTo(1.9, 2);
  });
});

describe('findingTrend: no trend', () => {
  it.each<[string, Resource[], string]>([
    ['a coding finding (inpatient stay without a principal diagnosis)', SODIUMS, 'coding/principal-missing'],
    ['a medication-only finding (metformin without an indication)', [metformin], 'medication-indication/'],
    ['a single sodium value (with tolvaptan ordered)', [sodium('na-1', 128, '2021-02-11T09:00:00Z'),
      medicationRequest('358258', 'Tolvaptan 15 MG Oral Tablet', '2021-02-11T10:00:00Z', { encounter: { reference: 'Encounter/enc-1' } })], HYPONATREMIA],
  ])('is undefined for %s', (_scenario, resources, ruleId) => {
    const { record, findings } = review(resources);
    const finding = findings.find((f) => f.ruleId.startsWith(ruleId));
    expect(finding).toBeDefined();
    expect(findingTrend(finding!, record, WINDOW)).toBeUndefined();
  });

  it('is undefined when the cited Observation is not in the record', () => {
    const { findings } = review(SODIUMS);
    const elsewhere = PatientRecord.fromResources([patient()]);
    expect(findingTrend(findings.find((f) => f.ruleId === HYPONATREMIA)!, elsewhere, WINDOW)).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ['facts missing', { facts: undefined }],
    ['facts not an array', { facts: 'sodium' }],
    ['a fact that is null', { facts: [null] }],
    ['a value that is not a number', { facts: [{ kind: 'result', label: 'sodium', value: '131', reference: 'Observation/na-10' }] }],
    ['a value that is not finite', { facts: [{ kind: 'result', label: 'sodium', value: Number.NaN, reference: 'Observation/na-10' }] }],
    ['a reference to another type', { facts: [{ kind: 'result', label: 'sodium', value: 131, reference: 'Condition/na-10' }] }],
    ['no reference', { facts: [{ kind: 'result', label: 'sodium', value: 131 }] }],
    ['evidence not an array', { evidence: 7 }],
    ['a range with limits that are not numbers', { facts: [{ kind: 'result', label: 'sodium', value: 131, unit: 'mmol/L', referenceRange: { low: '135' }, reference: 'Observation/na-10' }] }],
  ])('does not throw on a finding with %s', (_scenario, patch) => {
    const { record, by } = review(SODIUMS);
    const odd = { ...by(HYPONATREMIA)!, ...(patch as object) } as Finding;
    expect(() => findingTrend(odd, record, WINDOW)).not.toThrow();
  });

  it('does not throw on a window whose limits are not numbers', () => {
    const { record, by } = review(SODIUMS);
    expect(findingTrend(by(HYPONATREMIA)!, record, { startMs: Number.NaN, endMs: undefined as unknown as number })?.points).toHaveLength(7);
  });
});

describe('findingTrend: edges', () => {
  it('does not flag a value exactly at a limit that is itself normal', () => {
    const { record, by } = review([...SODIUMS, sodium('na-135', 135, '2021-02-14T06:00:00Z')]);
    const point = findingTrend(by(HYPONATREMIA)!, record, WINDOW)!.points.find((p) => p.reference === 'Observation/na-135')!;
    expect(point.value).toBe(135);
    expect(point.beyond).toBeUndefined();
  });

  it('flags a value exactly at an inclusive limit (BMI 30 kg/m² starts obesity)', () => {
    const bmi = (id: string, value: number, time: string) => vital(LOINC.BMI, value, 'kg/m2', time, { id, encounter: 'enc-1' });
    const { record, by } = review([bmi('bmi-1', 29.9, '2021-02-05T09:00:00Z'), bmi('bmi-2', 30, '2021-02-10T09:00:00Z'), bmi('bmi-3', 31.2, '2021-02-12T09:00:00Z')]);
    const trend = findingTrend(by('nutrition/obesity-class')!, record, WINDOW)!;
    expect(trend.threshold).toEqual({ high: 30, unit: 'kg/m2', inclusive: true });
    expect(trend.points.map((p) => [p.value, p.cited, p.beyond ?? null])).toEqual([[29.9, false, null], [30, false, 'above'], [31.2, true, 'above']]);
  });

  it.each<[string, number, object, string | undefined]>([
    ['below a low limit', 134.9, { low: 135 }, 'below'],
    ['at a low limit', 135, { low: 135 }, undefined],
    ['at an inclusive low limit', 135, { low: 135, inclusive: true }, 'below'],
    ['above a high limit', 5.3, { high: 5.2 }, 'above'],
    ['at a high limit', 5.2, { high: 5.2 }, undefined],
    ['at an inclusive high limit', 5.2, { high: 5.2, inclusive: true }, 'above'],
    ['inside a range', 140, { low: 135, high: 145 }, undefined],
    ['above a range', 146, { low: 135, high: 145 }, 'above'],
  ])('reads a value %s', (_scenario, value, range, expected) => {
    expect(beyondThreshold(value, range)).toBe(expected);
  });

  it('shows sodium reported in mEq/L in mmol/L (the record converts it): not a unit to leave out', () => {
    const { record, by } = review([...SODIUMS, sodium('na-meq', 134, '2021-02-14T06:00:00Z', 'mEq/L')]);
    const trend = findingTrend(by(HYPONATREMIA)!, record, WINDOW)!;
    expect(trend.excludedForUnit).toBe(0);
    expect(trend.points.find((p) => p.reference === 'Observation/na-meq')).toMatchObject({ value: 134, unit: 'mmol/L', beyond: 'below' });
  });

  it('leaves out and counts values in another unit than the cited one (a code with no canonical unit)', () => {
    // AST has no canonical unit in units.ts, so the record keeps each value's own unit; no rule reads AST,
    // so the cited fact is the real hyponatremia finding's first fact pointed at an AST result.
    const AST = '1920-8';
    const ast = (id: string, value: number, unit: string, time: string) => lab(AST, value, unit, time, { id });
    const { record, by } = review([...SODIUMS,
      ast('ast-1', 30, 'U/L', '2021-02-10T09:00:00Z'), ast('ast-2', 410, '[IU]/L', '2021-02-11T09:00:00Z'),
      ast('ast-3', 350, 'U/L', '2021-02-12T09:00:00Z'), ast('ast-4', 0.5, 'ukat/L', '2021-02-13T09:00:00Z')]);
    const real = by(HYPONATREMIA)!;
    const finding: Finding = { ...real, facts: [{ kind: 'result', label: 'AST', value: 350, unit: 'U/L', time: '2021-02-12T09:00:00Z', reference: 'Observation/ast-3' }] };
    const trend = findingTrend(finding, record, WINDOW)!;
    expect(trend).toMatchObject({ label: 'AST', unit: 'U/L', loinc: AST, excludedForUnit: 2 });
    expect(trend.points.map((p) => p.reference)).toEqual(['Observation/ast-1', 'Observation/ast-3']);
  });

  it('is undefined when only one value is left in the cited unit', () => {
    const AST = '1920-8';
    const { record, by } = review([...SODIUMS, lab(AST, 30, 'U/L', '2021-02-10T09:00:00Z', { id: 'ast-1' }), lab(AST, 41, 'IU/L', '2021-02-11T09:00:00Z', { id: 'ast-2' })]);
    const finding: Finding = { ...by(HYPONATREMIA)!, facts: [{ kind: 'result', label: 'AST', value: 30, unit: 'U/L', reference: 'Observation/ast-1' }] };
    expect(findingTrend(finding, record, WINDOW)).toBeUndefined();
  });

  it('sorts values given in any order, and ties by reference', () => {
    const same = '2021-02-11T09:00:00Z';
    const forward = [sodium('na-a', 131, same), sodium('na-b', 130, same), sodium('na-c', 132, '2021-02-10T09:00:00Z')];
    const orders = [forward, [...forward].reverse()].map((resources) => {
      const { record, by } = review(resources);
      return findingTrend(by(HYPONATREMIA)!, record, WINDOW)!.points.map((p) => p.reference);
    });
    expect(orders[0]).toEqual(['Observation/na-c', 'Observation/na-a', 'Observation/na-b']);
    expect(orders[1]).toEqual(orders[0]);
  });

  it('follows the code the cited value was read under when the Observation carries several', () => {
    // The first cited sodium is also coded with a code Clarify does not read (kept in its own unit).
    const both = sodium('na-both', 130, '2021-02-10T09:00:00Z');
    both.code = { coding: [{ system: SYSTEM.LOINC, code: '0000-0' }, ...both.code.coding!] };
    const { record, by } = review([both, sodium('na-11', 131, '2021-02-11T09:00:00Z')]);
    const finding = by(HYPONATREMIA)!;
    expect(finding.facts[0]!.reference).toBe('Observation/na-both');
    const trend = findingTrend(finding, record, WINDOW);
    expect(trend?.loinc).toBe(LOINC.SODIUM_SERUM);
    expect(trend?.points.map((p) => p.reference)).toEqual(['Observation/na-both', 'Observation/na-11']);
  });

  it('never changes the finding or the record it reads', () => {
    const { record, by } = review(SODIUMS);
    const finding = by(HYPONATREMIA)!;
    const before = JSON.stringify(finding);
    const points = JSON.stringify(record.observations(LOINC.SODIUM_SERUM).map((p) => p.reference));
    findingTrend(finding, record, WINDOW);
    expect(JSON.stringify(finding)).toBe(before);
    expect(JSON.stringify(record.observations(LOINC.SODIUM_SERUM).map((p) => p.reference))).toBe(points);
  });
});
