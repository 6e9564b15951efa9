import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import { malnutritionIndicators, obesityClass } from '../../../src/rules/gaps/nutrition';
import { LOINC } from '../../../src/terminology/loinc';
import { NUTRITION_SNOMED, SNOMED } from '../../../src/terminology/snomed';
import { claim, encounter, findingsFor, icd10Condition, lab, patient, snomedCondition, vital } from '../support';

// An inpatient stay, 1–8 March 2021, reviewed on 15 March; the default patient is 70 years old.
const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z');
const bmi = (value: number, time = '2021-03-02T09:00:00Z', unit = 'kg/m2') => vital(LOINC.BMI, value, unit, time, { encounter: 'enc-1' });
const weight = (value: number, time: string, unit = 'kg') => vital(LOINC.BODY_WEIGHT, value, unit, time, { encounter: 'enc-1' });
const albumin = (value: number) => lab(LOINC.ALBUMIN, value, 'g/dL', '2021-03-02T06:00:00Z', { encounter: 'enc-1' });
const bornIn = (birthDate: string) => patient({ birthDate });
const ESCAPES = ['Other (please specify)', 'Clinically undetermined', 'Not clinically significant'];

describe('nutrition/obesity-class', () => {
  it.each<[string, Resource[], string, string[]]>([
    ['a BMI of exactly 30.0 (class 1 starts at 30)', [bmi(30)], 'E66.811', ['E66.811', 'E66.9']],
    ['a BMI of 34.9 (class 1)', [bmi(34.9)], 'E66.811', ['E66.811', 'E66.9']],
    ['a BMI of exactly 35.0 (class 2 starts at 35)', [bmi(35)], 'E66.812', ['E66.812', 'E66.9']],
    ['a BMI of 39.9 (class 2)', [bmi(39.9)], 'E66.812', ['E66.812', 'E66.9']],
    ['a BMI of exactly 40.0 (class 3 starts at 40)', [bmi(40)], 'E66.813', ['E66.813', 'E66.9', 'E66.01']],
    ['a BMI of 52 written in kg/m^2', [bmi(52, '2021-03-02T09:00:00Z', 'kg/m^2')], 'E66.813', ['E66.813', 'E66.9', 'E66.01']],
    ['the latest of several BMIs (41 then 33)', [bmi(41, '2021-03-01T09:00:00Z'), bmi(33, '2021-03-05T09:00:00Z')], 'E66.811', ['E66.811', 'E66.9']],
    ['a BMI code Z68.35 without a weight diagnosis (I.B.14)', [bmi(35.4), icd10Condition('Z68.35')], 'E66.812', ['E66.812', 'E66.9']],
    ['an obesity diagnosis resolved years ago', [bmi(31), icd10Condition('E66.9', { clinicalStatus: 'resolved', recordedDate: '2015-01-01T00:00:00Z' })], 'E66.811', ['E66.811', 'E66.9']],
    ['a patient who turned 18 this year', [bornIn('2003-01-10'), bmi(31)], 'E66.811', ['E66.811', 'E66.9']],
  ])('flags %s with no weight diagnosis', (_scenario, resources, suspected, codes) => {
    const [finding] = findingsFor(obesityClass, [stay, ...resources], { encounterId: 'enc-1' });
    expect(finding).toMatchObject({
      ruleId: 'nutrition/obesity-class', category: 'documentation-gap', severity: 'low', suspectedCondition: suspected, encounter: 'Encounter/enc-1',
    });
    expect(finding!.answerOptions.flatMap((o) => (o.icd10 ? [o.icd10] : []))).toEqual(codes);
    expect(finding!.answerOptions.slice(-3).map((o) => o.text)).toEqual(ESCAPES);
  });

  it('cites the latest BMI with its value, unit, time and CDC range, and titles from the order file', () => {
    const older = bmi(29, '2021-03-01T09:00:00Z');
    const latest = bmi(41.2, '2021-03-04T09:00:00Z');
    const [finding] = findingsFor(obesityClass, [stay, older, latest], { encounterId: 'enc-1' });
    expect(finding!.evidence).toEqual([`Observation/${latest.id}`]);
    expect(finding!.summary).toBe('Latest BMI 41.2 kg/m2 on 2021-03-04 09:00 (CDC adult BMI range 40 kg/m² or more). No overweight or obesity diagnosis is documented for this encounter.');
    expect(finding!.facts).toEqual([
      { kind: 'vital-sign', label: 'BMI', value: 41.2, unit: 'kg/m2', time: '2021-03-04T09:00:00Z', referenceRange: { high: 30, unit: 'kg/m2', inclusive: true }, reference: `Observation/${latest.id}` }]);
    expect(finding!.observedAt).toBe('2021-03-04T09:00:00Z');
    expect(finding!.answerOptions.map((o) => o.text)).toEqual([
      'Obesity, class 3', 'Obesity, unspecified', 'Morbid (severe) obesity due to excess calories', ...ESCAPES]);
  });

  it.each<[string, Resource[]]>([
    ['a BMI of 29.9 (below 30)', [bmi(29.9)]],
    ['a latest BMI below 30 after an earlier 31', [bmi(31, '2021-03-01T09:00:00Z'), bmi(29, '2021-03-05T09:00:00Z')]],
    ['an active E66.9 obesity', [bmi(36), icd10Condition('E66.9')]],
    ['an active E66.01 morbid obesity', [bmi(42), icd10Condition('E66.01')]],
    ['an E66.3 overweight (any weight diagnosis)', [bmi(31), icd10Condition('E66.3')]],
    ['obesity class 2 on the claim for the stay', [bmi(36), claim(['I10', 'E66.812'], '2021-03-08T12:00:00Z')]],
    ['Synthea SNOMED "Body mass index 30+ - obesity"', [bmi(33), snomedCondition(SNOMED.OBESITY_BMI_30)]],
    ['Synthea SNOMED "Body mass index 40+ - severely obese"', [bmi(44), snomedCondition(SNOMED.OBESITY_BMI_40)]],
    ['SNOMED obesity (disorder)', [bmi(33), snomedCondition(NUTRITION_SNOMED.OBESITY)]],
    ['SNOMED morbid obesity (disorder)', [bmi(44), snomedCondition(NUTRITION_SNOMED.MORBID_OBESITY)]],
    ['a current pregnancy (ICD-10-CM O26.899)', [bmi(33), icd10Condition('O26.899', { recordedDate: '2020-11-01T00:00:00Z' })]],
    ['a current pregnancy (Z34.83 supervision of normal pregnancy)', [bmi(33), icd10Condition('Z34.83', { recordedDate: '2020-11-01T00:00:00Z' })]],
    ['a current pregnancy (SNOMED normal pregnancy)', [bmi(33), snomedCondition(NUTRITION_SNOMED.NORMAL_PREGNANCY, { recordedDate: '2020-11-01T00:00:00Z' })]],
    ['a 17-year-old (adult classes only)', [bornIn('2004-01-10'), bmi(33)]],
    ['a patient without a birth date', [patient({ birthDate: undefined }), bmi(33)]],
    ['a BMI outside the encounter', [bmi(33, '2021-02-01T09:00:00Z')]],
    ['a BMI entered in error', [vital(LOINC.BMI, 38, 'kg/m2', '2021-03-02T09:00:00Z', { status: 'entered-in-error' })]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(findingsFor(obesityClass, [stay, ...resources], { encounterId: 'enc-1' })).toEqual([]);
  });

  it('looks back 12 months when launched without an encounter', () => {
    const resources = [vital(LOINC.BMI, 32, 'kg/m2', '2020-06-01T09:00:00Z')];
    expect(findingsFor(obesityClass, resources, { now: '2021-03-15T12:00:00Z' })).toHaveLength(1);
    expect(findingsFor(obesityClass, resources, { now: '2021-07-15T12:00:00Z' })).toEqual([]);
  });

  it('takes its thresholds from the configuration', () => {
    const thresholds = { 'nutrition/obesity-class': { obesityAtLeast: 32 } };
    expect(findingsFor(obesityClass, [stay, bmi(31)], { encounterId: 'enc-1', thresholds })).toEqual([]);
  });
});

describe('nutrition/malnutrition-indicators', () => {
  const MALNUTRITION = ['E43', 'E44.0', 'E44.1', 'E46'];

  it.each<[string, Resource[], string[]]>([
    ['a BMI of 18.4 (below 18.5)', [bmi(18.4)], MALNUTRITION],
    ['weight loss of exactly 5.0 % in 20 days', [weight(80, '2021-02-10T09:00:00Z'), weight(76, '2021-03-02T09:00:00Z')], [...MALNUTRITION, 'R63.4']],
    ['weight loss of exactly 5.0 % in exactly 30 days', [weight(100, '2021-01-31T09:00:00Z'), weight(95, '2021-03-02T09:00:00Z')], [...MALNUTRITION, 'R63.4']],
    ['weight loss of exactly 7.5 % in 80 days', [weight(80, '2020-12-12T09:00:00Z'), weight(74, '2021-03-02T09:00:00Z')], [...MALNUTRITION, 'R63.4']],
    ['weight loss of 5 % measured in pounds (200 lb to 190 lb)', [weight(200, '2021-02-20T09:00:00Z', '[lb_av]'), weight(190, '2021-03-03T09:00:00Z', '[lb_av]')], [...MALNUTRITION, 'R63.4']],
    ['a low BMI and weight loss together', [weight(52, '2021-02-15T09:00:00Z'), weight(48, '2021-03-02T09:00:00Z'), bmi(17.6)], [...MALNUTRITION, 'R63.4']],
    ['weight loss with abnormal weight loss (R63.4) coded, not malnutrition', [weight(80, '2021-02-10T09:00:00Z'), weight(74, '2021-03-02T09:00:00Z'), icd10Condition('R63.4')], [...MALNUTRITION, 'R63.4']],
  ])('flags %s with no malnutrition diagnosis', (_scenario, resources, codes) => {
    const [finding] = findingsFor(malnutritionIndicators, [stay, ...resources], { encounterId: 'enc-1' });
    expect(finding).toMatchObject({
      ruleId: 'nutrition/malnutrition-indicators', category: 'documentation-gap', severity: 'medium', suspectedCondition: 'E46', encounter: 'Encounter/enc-1',
    });
    expect(finding!.answerOptions.flatMap((o) => (o.icd10 ? [o.icd10] : []))).toEqual(codes);
    expect(finding!.answerOptions.slice(-3).map((o) => o.text)).toEqual(ESCAPES);
  });

  it('cites both weights and the loss, never the albumin, with titles from the order file', () => {
    const before = weight(80, '2021-02-10T09:00:00Z');
    const after = weight(76, '2021-03-02T09:00:00Z');
    const lowAlbumin = albumin(2.1);
    const [finding] = findingsFor(malnutritionIndicators, [stay, before, lowAlbumin, after], { encounterId: 'enc-1' });
    expect(finding!.evidence).toEqual([`Observation/${before.id}`, `Observation/${after.id}`]);
    expect(finding!.summary).toBe('Weight 80 kg on 2021-02-10 09:00, weight 76 kg on 2021-03-02 09:00: 5.0 % lower in 20 days (AND/ASPEN limits 5 % in 30 days, 7.5 % in 90 days). No malnutrition diagnosis is documented for this encounter.');
    expect(finding!.summary).not.toMatch(/albumin/i);
    expect(finding!.facts).toEqual([
      { kind: 'vital-sign', label: 'weight', value: 80, unit: 'kg', time: '2021-02-10T09:00:00Z', reference: `Observation/${before.id}` },
      { kind: 'vital-sign', label: 'weight', value: 76, unit: 'kg', time: '2021-03-02T09:00:00Z', reference: `Observation/${after.id}` }]);
    expect(finding!.observedAt).toBe('2021-03-02T09:00:00Z');
    expect(finding!.answerOptions.map((o) => o.text)).toEqual([
      'Unspecified severe protein-calorie malnutrition', 'Moderate protein-calorie malnutrition', 'Mild protein-calorie malnutrition',
      'Unspecified protein-calorie malnutrition', 'Abnormal weight loss', ...ESCAPES]);
  });

  it('cites a low BMI with the ESPEN limit', () => {
    const low = bmi(17.2);
    const [finding] = findingsFor(malnutritionIndicators, [stay, low], { encounterId: 'enc-1' });
    expect(finding!.evidence).toEqual([`Observation/${low.id}`]);
    expect(finding!.summary).toBe('Latest BMI 17.2 kg/m2 on 2021-03-02 09:00 (ESPEN limit 18.5 kg/m²). No malnutrition diagnosis is documented for this encounter.');
    expect(finding!.facts).toEqual([{
      kind: 'vital-sign', label: 'BMI', value: 17.2, unit: 'kg/m2', time: '2021-03-02T09:00:00Z', referenceRange: { low: 18.5, unit: 'kg/m2' }, reference: `Observation/${low.id}`,
    }]);
  });

  it.each<[string, Resource[]]>([
    ['a BMI of exactly 18.5 (not low)', [bmi(18.5)]],
    ['a low albumin alone (albumin is not a malnutrition criterion)', [albumin(2.1), albumin(1.9), bmi(24)]],
    ['weight loss of 4.9 % in 20 days', [weight(100, '2021-02-10T09:00:00Z'), weight(95.1, '2021-03-02T09:00:00Z')]],
    ['weight loss of 5 % over 35 days (and below 7.5 %)', [weight(100, '2021-01-26T09:00:00Z'), weight(95, '2021-03-02T09:00:00Z')]],
    ['weight loss of 7.4 % in 60 days', [weight(100, '2021-01-01T09:00:00Z'), weight(92.6, '2021-03-02T09:00:00Z')]],
    ['weight loss of 8 % over 100 days', [weight(100, '2020-11-22T09:00:00Z'), weight(92, '2021-03-02T09:00:00Z')]],
    ['weight gain', [weight(76, '2021-02-10T09:00:00Z'), weight(82, '2021-03-02T09:00:00Z')]],
    ['a weight loss that ended before the encounter', [weight(80, '2021-01-10T09:00:00Z'), weight(72, '2021-02-01T09:00:00Z')]],
    ['a low BMI outside the encounter', [bmi(17, '2021-02-01T09:00:00Z')]],
    ['an active E43 severe malnutrition', [bmi(17), icd10Condition('E43')]],
    ['an active E44.0 moderate malnutrition', [bmi(17), icd10Condition('E44.0')]],
    ['E64.0 sequelae of protein-calorie malnutrition', [bmi(17), icd10Condition('E64.0')]],
    ['E46 on the claim for the stay', [bmi(17), claim(['J18.9', 'E46'], '2021-03-08T12:00:00Z')]],
    ['a SNOMED severe protein-calorie malnutrition', [bmi(17), snomedCondition(NUTRITION_SNOMED.SEVERE_PROTEIN_CALORIE_MALNUTRITION)]],
    ['a current pregnancy (postpartum weight loss)', [weight(80, '2021-02-10T09:00:00Z'), weight(72, '2021-03-02T09:00:00Z'), snomedCondition(NUTRITION_SNOMED.PREGNANCY, { recordedDate: '2020-11-01T00:00:00Z' })]],
    ['a 17-year-old (adult criteria only)', [bornIn('2004-01-10'), bmi(17)]],
    ['weights entered in error', [
      vital(LOINC.BODY_WEIGHT, 80, 'kg', '2021-02-10T09:00:00Z', { status: 'entered-in-error' }), weight(70, '2021-03-02T09:00:00Z')]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(findingsFor(malnutritionIndicators, [stay, ...resources], { encounterId: 'enc-1' })).toEqual([]);
  });

  it('takes its thresholds from the configuration', () => {
    const resources = [stay, weight(80, '2021-02-10T09:00:00Z'), weight(76, '2021-03-02T09:00:00Z')];
    const thresholds = { 'nutrition/malnutrition-indicators': { shortLossPercent: 6 } };
    expect(findingsFor(malnutritionIndicators, resources, { encounterId: 'enc-1', thresholds })).toEqual([]);
  });
});

describe('nutrition answer options', () => {
  // The FY2026 order file (fixed width: code cols 7-13, billable flag col 15, long title from col 78).
  const ORDER_FILE = [resolve(process.cwd(), '../shared/data/icd10cm/icd10cm-order-2026.txt')].find((f) => existsSync(f));
  it('offers only billable FY2026 codes (checked against the shipped ICD-10-CM table)', async () => {
    const { loadIcd10Cm } = await import('../../../src/terminology/icd10cm/icd10cm-table');
    const table = await loadIcd10Cm();
    const options = [...findingsFor(obesityClass, [stay, bmi(31)], { encounterId: 'enc-1' }), ...findingsFor(obesityClass, [stay, bmi(36)], { encounterId: 'enc-1' }),
      ...findingsFor(obesityClass, [stay, bmi(44)], { encounterId: 'enc-1' }),
      ...findingsFor(malnutritionIndicators, [stay, weight(80, '2021-02-10T09:00:00Z'), weight(70, '2021-03-02T09:00:00Z')], { encounterId: 'enc-1' })].flatMap((f) => f.answerOptions).filter((o) => o.icd10);
    expect(options.length).toBeGreaterThan(0);
    for (const option of options) expect(table.lookup(option.icd10!)?.billable, option.icd10).toBe(true);
  });

  it.skipIf(!ORDER_FILE)('offers billable codes with their titles exactly as the FY2026 order file has them', () => {
    const titles = new Map(readFileSync(ORDER_FILE!, 'utf8').split('\n').filter((l) => l[14] === '1')
      .map((l) => [l.slice(6, 13).trim(), l.slice(77).trim()] as const));
    const options = [...findingsFor(obesityClass, [stay, bmi(31)], { encounterId: 'enc-1' }), ...findingsFor(obesityClass, [stay, bmi(36)], { encounterId: 'enc-1' }),
      ...findingsFor(obesityClass, [stay, bmi(44)], { encounterId: 'enc-1' }),
      ...findingsFor(malnutritionIndicators, [stay, weight(80, '2021-02-10T09:00:00Z'), weight(70, '2021-03-02T09:00:00Z')], { encounterId: 'enc-1' })].flatMap((f) => f.answerOptions).filter((o) => o.icd10);
    expect(options.length).toBeGreaterThan(0);
    for (const option of options) expect(titles.get(option.icd10!.replace('.', '')), option.icd10).toBe(option.text);
  });
});

describe('pregnancy during the review', () => {
  it.each([
    ['a pregnancy recorded 11 months before the review ends (48 weeks is the limit)', { recordedDate: '2020-04-10T00:00:00Z' }, false],
    ['a pregnancy recorded 4 months before', { recordedDate: '2020-11-15T00:00:00Z' }, true],
  ])('%s: pregnant = %s', async (_title, dates, pregnant) => {
    const { obesityClass } = await import('../../../src/rules/gaps/nutrition');
    const { lab, icd10Condition, findingsFor } = await import('../support');
    const bmiResult = lab('39156-5', 33, 'kg/m2', '2021-03-01T09:00:00Z', { category: 'vital-signs' });
    const findings = findingsFor(obesityClass, [bmiResult, icd10Condition('Z34.83', dates)], { now: '2021-03-15T12:00:00Z' });
    expect(findings).toHaveLength(pregnant ? 0 : 1);
  });

  it('does not take a miscarriage (pregnancy with abortive outcome, O03) for a current pregnancy', async () => {
    const { obesityClass } = await import('../../../src/rules/gaps/nutrition');
    const { lab, icd10Condition, findingsFor } = await import('../support');
    const bmiResult = lab('39156-5', 33, 'kg/m2', '2021-03-01T09:00:00Z', { category: 'vital-signs' });
    expect(findingsFor(obesityClass, [bmiResult, icd10Condition('O03.9', { recordedDate: '2021-01-10T00:00:00Z' })], { now: '2021-03-15T12:00:00Z' })).toHaveLength(1);
  });
});
