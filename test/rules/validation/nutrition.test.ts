import { describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import type { Finding, Rule } from '../../../src/rules/engine/types';
import { malnutritionValidation, NUTRITION_VALIDATION_RULES, obesityClassValidation } from '../../../src/rules/validation/nutrition';
import { LOINC } from '../../../src/terminology/loinc';
import { NUTRITION_SNOMED, SNOMED } from '../../../src/terminology/snomed';
import { SYSTEM } from '../../../src/terminology/systems';
import { claim, encounter, findingsFor, icd10Condition, patient, snomedCondition, vital, type RunScenario } from '../support';

// An inpatient stay, 1–8 March 2021, reviewed on 15 March; the default patient is 70 years old.
const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z');
const bmi = (value: number, time = '2021-03-02T09:00:00Z') => vital(LOINC.BMI, value, 'kg/m2', time, { encounter: 'enc-1' });
const weight = (value: number, time: string, unit = 'kg') => vital(LOINC.BODY_WEIGHT, value, unit, time, { encounter: 'enc-1' });
const bornIn = (birthDate: string) => patient({ birthDate });
/** A diagnosis coded for the stay, recorded on its second day. */
const documented = (code: string, display?: string, options: Parameters<typeof icd10Condition>[1] = {}) =>
  icd10Condition(code, { encounter: 'enc-1', recordedDate: '2021-03-02T10:00:00Z', ...(display ? { display } : {}), ...options });
const pregnancy = () => snomedCondition(NUTRITION_SNOMED.NORMAL_PREGNANCY, { recordedDate: '2020-11-01T00:00:00Z' });
const ESCAPES = [{ text: 'Other (please specify)' }, { text: 'Clinically undetermined' }];

/** The rule's findings over the stay, launched in it; findingsFor checks that every finding states its facts. */
function validate(rule: Rule, resources: Resource[], scenario: RunScenario = { encounterId: 'enc-1' }): Finding[] {
  return findingsFor(rule, [stay, ...resources], scenario);
}
const targets = (findings: Finding[]) => findings.map((f) => [f.category === 'clinical-validation' ? f.target : undefined, f.suspectedCondition, f.severity]);
const codes = (finding: Finding) => finding.answerOptions.flatMap((o) => (o.icd10 ? [o.icd10] : []));

it('exports the nutrition validation rules', () => {
  expect(NUTRITION_VALIDATION_RULES.map((r) => [r.id, r.category, r.severity])).toEqual([
    ['validation/malnutrition', 'clinical-validation', 'medium'],
    ['validation/obesity-class', 'clinical-validation', 'medium'],
  ]);
  expect(obesityClassValidation.thresholds).toEqual({ adultAgeYears: 20, obesityAtLeast: 30, class2AtLeast: 35, class3AtLeast: 40, morbidObesityAtLeast: 35 });
  expect(malnutritionValidation.thresholds).toMatchObject({ adultAgeYears: 18, bmiBelow: 20, severeBmiBelow: 18.5, olderBmiBelow: 22, olderSevereBmiBelow: 20 });
});

describe('validation/malnutrition', () => {
  it.each<[string, string, Resource[]]>([
    ['5 % lost in 25 days (ASPEN moderate, at least 5 % in a month)', 'E44.0', [weight(80, '2021-02-05T09:00:00Z'), weight(76, '2021-03-02T09:00:00Z')]],
    ['1 % lost in 5 days (ASPEN acute illness, 1 % in a week)', 'E44.1', [weight(70, '2021-03-01T09:00:00Z'), weight(69.3, '2021-03-06T09:00:00Z')]],
    ['5.6 % lost in 150 days (GLIM, more than 5 % within 6 months)', 'E46', [weight(80, '2020-10-03T09:00:00Z'), weight(75.5, '2021-03-02T09:00:00Z')]],
    ['10.6 % lost in 300 days (GLIM, more than 10 % beyond 6 months)', 'E46', [weight(80, '2020-05-06T09:00:00Z'), weight(71.5, '2021-03-02T09:00:00Z')]],
    ['a BMI of 21.9 at 70 (GLIM: below 22 from 70 years)', 'E46', [bmi(21.9)]],
    ['a BMI of 19.9 at 40 (GLIM: below 20 under 70 years)', 'E44.0', [bornIn('1980-06-15'), bmi(19.9)]],
    ['weights in pounds, 10 lb of 200 lost in 3 weeks', 'E44.0', [weight(200, '2021-02-09T09:00:00Z', '[lb_av]'), weight(190, '2021-03-02T09:00:00Z', '[lb_av]')]],
    ['8.1 % lost in 80 days (ASPEN severe, more than 7.5 % in 3 months)', 'E43', [weight(80, '2020-12-12T09:00:00Z'), weight(73.5, '2021-03-02T09:00:00Z')]],
    ['11.3 % lost in 170 days (GLIM severe, more than 10 % within 6 months)', 'E43', [weight(80, '2020-09-13T09:00:00Z'), weight(71, '2021-03-02T09:00:00Z')]],
    ['2.5 % lost in 6 days (ASPEN severe acute, more than 2 % in a week)', 'E43', [weight(80, '2021-03-01T09:00:00Z'), weight(78, '2021-03-07T09:00:00Z')]],
    ['a BMI of 19.9 at 70 (GLIM severe: below 20 from 70 years)', 'E43', [bmi(19.9)]],
    ['a BMI of 18.4 at 40 (GLIM severe: below 18.5 under 70 years)', 'E43', [bornIn('1980-06-15'), bmi(18.4)]],
    ['one low BMI among normal ones', 'E46', [bmi(24, '2021-03-01T09:00:00Z'), bmi(21.5, '2021-03-04T09:00:00Z'), bmi(23, '2021-03-07T09:00:00Z')]],
  ])('is silent for %s (%s)', (_scenario, code, resources) => {
    expect(validate(malnutritionValidation, [...resources, documented(code)])).toEqual([]);
  });

  it('flags moderate malnutrition when neither the weights nor the BMI meet a criterion, citing them', () => {
    const condition = documented('E44.0', 'Moderate protein-calorie malnutrition');
    const before = weight(70, '2021-02-20T09:00:00Z');
    const after = weight(69, '2021-03-02T09:00:00Z');
    const measured = bmi(24);
    const [finding, ...more] = validate(malnutritionValidation, [before, after, measured, condition]);
    expect(more).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'validation/malnutrition', category: 'clinical-validation', kind: 'clinical-validation', severity: 'medium',
      target: `Condition/${condition.id}`, suspectedCondition: 'E44.0', encounter: 'Encounter/enc-1',
    });
    expect(finding!.facts).toEqual([
      { kind: 'diagnosis', label: 'Moderate protein-calorie malnutrition (E44.0)', time: '2021-03-02T10:00:00Z', reference: `Condition/${condition.id}` },
      { kind: 'vital-sign', label: 'weight', value: 70, unit: 'kg', time: '2021-02-20T09:00:00Z', reference: `Observation/${before.id}` },
      { kind: 'vital-sign', label: 'weight', value: 69, unit: 'kg', time: '2021-03-02T09:00:00Z', reference: `Observation/${after.id}` },
      { kind: 'vital-sign', label: 'BMI', value: 24, unit: 'kg/m2', time: '2021-03-02T09:00:00Z', referenceRange: { low: 22, unit: 'kg/m2' }, reference: `Observation/${measured.id}` },
    ]);
    expect(finding!.evidence).toEqual([`Condition/${condition.id}`, `Observation/${before.id}`, `Observation/${after.id}`, `Observation/${measured.id}`]);
    expect(finding!.summary).toBe('Moderate protein-calorie malnutrition is documented (Moderate protein-calorie malnutrition (E44.0) on 2021-03-02 10:00). '
      + 'Looked for: weight loss of at least 1 % in 7 days, 5 % in 30 days, 7.5 % in 90 days, 10 % in 180 days or 20 % in 365 days (ASPEN/AND 2012) '
      + 'or of more than 5 % in 180 days or 10 % in 365 days (GLIM 2019), or a BMI below 22 kg/m² (GLIM 2019, 70 years or older). '
      + 'Found in this encounter: weight 70 kg on 2021-02-20 09:00, weight 69 kg on 2021-03-02 09:00, BMI 24 kg/m2 on 2021-03-02 09:00; none meets the criteria. '
      + 'Largest weight loss: 1.4 % in 10 days.');
    expect(finding!.answerOptions).toEqual([
      { text: 'Moderate protein-calorie malnutrition, confirmed (please document the clinical indicators that support it)', icd10: 'E44.0' },
      { text: 'Moderate protein-calorie malnutrition, ruled out' }, ...ESCAPES]);
  });

  it('flags severe malnutrition supported only at the moderate level, offering the moderate degree', () => {
    const condition = documented('E43');
    const [finding] = validate(malnutritionValidation, [weight(80, '2021-02-05T09:00:00Z'), weight(76, '2021-03-02T09:00:00Z'), bmi(23), condition]);
    expect(finding).toMatchObject({ target: `Condition/${condition.id}`, suspectedCondition: 'E43', severity: 'medium' });
    expect(finding!.summary).toContain('Looked for: weight loss of more than 2 % in 7 days, 5 % in 30 days, 7.5 % in 90 days, 10 % in 180 days or 20 % in 365 days (ASPEN/AND 2012 severe) '
      + 'or of more than 10 % in 180 days or 20 % in 365 days (GLIM 2019 severe), or a BMI below 20 kg/m² (GLIM 2019 severe, 70 years or older).');
    expect(finding!.summary).toMatch(/Largest weight loss: 5\.0 % in 25 days\.$/);
    expect(finding!.facts.at(-1)).toMatchObject({ label: 'BMI', referenceRange: { low: 20, unit: 'kg/m2' } });
    expect(finding!.answerOptions).toEqual([
      { text: 'Severe protein-calorie malnutrition, confirmed (please document the clinical indicators that support it)', icd10: 'E43' },
      { text: 'Moderate protein-calorie malnutrition', icd10: 'E44.0' },
      { text: 'Severe protein-calorie malnutrition, ruled out' }, ...ESCAPES]);
  });

  it.each<[string, string, Resource[], number]>([
    ['exactly 5 % in a month supports moderate', 'E44.0', [weight(80, '2021-02-05T09:00:00Z'), weight(76, '2021-03-02T09:00:00Z')], 0],
    ['exactly 5 % in a month is not severe (more than 5 %)', 'E43', [weight(80, '2021-02-05T09:00:00Z'), weight(76, '2021-03-02T09:00:00Z')], 1],
    ['4.9 % in a month', 'E44.0', [weight(80, '2021-02-05T09:00:00Z'), weight(76.1, '2021-03-02T09:00:00Z')], 1],
    ['a BMI of exactly 22 at 70 (the limit is not low)', 'E46', [bmi(22)], 1],
    ['a BMI of exactly 20 at 40', 'E46', [bornIn('1980-06-15'), bmi(20)], 1],
    ['a BMI of exactly 18.5 at 40 for severe', 'E43', [bornIn('1980-06-15'), bmi(18.5)], 1],
    ['a BMI of exactly 20 at 70 for severe', 'E43', [bmi(20)], 1],
  ])('judges the borderline: %s', (_scenario, code, resources, findings) => {
    expect(validate(malnutritionValidation, [...resources, documented(code)])).toHaveLength(findings);
  });

  it.each<[string, Resource[]]>([
    ['a loss whose earlier weight is more than a year before', [weight(90, '2020-02-01T09:00:00Z'), weight(70, '2021-03-02T09:00:00Z'), bmi(24)]],
    ['a loss whose later weight is after the stay', [weight(80, '2021-03-02T09:00:00Z'), weight(70, '2021-03-09T09:00:00Z'), bmi(24)]],
    ['a low BMI the day before the stay', [bmi(17, '2021-02-28T09:00:00Z'), bmi(24)]],
  ])('does not count %s', (_scenario, resources) => {
    expect(targets(validate(malnutritionValidation, [...resources, documented('E46')]))).toEqual([[expect.stringMatching(/^Condition\//), 'E46', 'medium']]);
  });

  it('flags at low severity a single weight and no BMI (nothing to compare)', () => {
    const only = weight(62, '2021-03-02T09:00:00Z');
    const [finding] = validate(malnutritionValidation, [only, documented('E46')]);
    expect(finding).toMatchObject({ severity: 'low', suspectedCondition: 'E46' });
    expect(finding!.facts[1]).toMatchObject({ label: 'weight', value: 62, reference: `Observation/${only.id}` });
    expect(finding!.summary).not.toContain('Largest weight loss');
  });

  it('says so at low severity when the stay holds no weight and no BMI', () => {
    const condition = documented('E46');
    const [finding] = validate(malnutritionValidation, [condition, weight(80, '2021-01-10T09:00:00Z')]);
    expect(finding).toMatchObject({ severity: 'low', evidence: [`Condition/${condition.id}`] });
    expect(finding!.summary).toMatch(/^Protein-calorie malnutrition is documented \(E46 on 2021-03-02 10:00\)\. Looked for: .*The record holds none of these measurements for this encounter\.$/);
  });

  it.each<[string, Resource[]]>([
    ['a resolved diagnosis', [documented('E44.0', undefined, { clinicalStatus: 'resolved' })]],
    ['a refuted diagnosis', [documented('E44.0', undefined, { verificationStatus: 'refuted' })]],
    ['a patient under 18', [bornIn('2005-01-01'), documented('E44.0')]],
    ['a current pregnancy', [pregnancy(), documented('E44.0')]],
    ['kwashiorkor (E40, not validated)', [documented('E40')]],
  ])('does not validate %s', (_scenario, resources) => {
    expect(validate(malnutritionValidation, [bmi(26), ...resources])).toEqual([]);
  });

  it('validates a claim line of the stay, and SNOMED CT severe protein-calorie malnutrition as E43', () => {
    const bill = claim(['J18.9', 'E44.1'], '2021-03-08T12:00:00Z');
    const condition = snomedCondition(NUTRITION_SNOMED.SEVERE_PROTEIN_CALORIE_MALNUTRITION, { encounter: 'enc-1', recordedDate: '2021-03-02T10:00:00Z' });
    // Newest evidence first: the claim (8 March) before the Condition (2 March).
    expect(targets(validate(malnutritionValidation, [bmi(26), bill, condition]))).toEqual([
      [`Claim/${bill.id}`, 'E44.1', 'medium'], [`Condition/${condition.id}`, 'E43', 'medium']]);
  });

  it('validates the stay\'s Encounter.diagnosis', () => {
    const problem = icd10Condition('E46', { id: 'pcm-old', recordedDate: '2019-05-01T00:00:00Z' });
    const coded = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z', 'IMP', { diagnosis: [{ condition: { reference: 'Condition/pcm-old' } }] });
    const findings = findingsFor(malnutritionValidation, [coded, problem, bmi(26)], { encounterId: 'enc-1' });
    expect(targets(findings)).toEqual([['Encounter/enc-1', 'E46', 'medium']]);
  });

  it('takes its thresholds from the configuration', () => {
    const resources = [bmi(23), documented('E46')];
    expect(validate(malnutritionValidation, resources)).toHaveLength(1);
    expect(validate(malnutritionValidation, resources, { encounterId: 'enc-1', thresholds: { 'validation/malnutrition': { olderBmiBelow: 23.5 } } })).toEqual([]);
  });
});

describe('validation/obesity-class', () => {
  it.each<[string, string, number]>([
    ['class 1 at 32', 'E66.811', 32],
    ['class 1 at exactly 30', 'E66.811', 30],
    ['class 2 at exactly 35.0', 'E66.812', 35],
    ['class 2 at 39.9', 'E66.812', 39.9],
    ['class 3 at exactly 40', 'E66.813', 40],
    ['class 3 at 52', 'E66.813', 52],
    ['morbid obesity at 36 (35 or more)', 'E66.01', 36],
    ['morbid obesity at 44', 'E66.01', 44],
    ['obesity, unspecified at 30', 'E66.9', 30],
    ['obesity, unspecified at 41', 'E66.9', 41],
  ])('is silent for %s', (_scenario, code, value) => {
    expect(validate(obesityClassValidation, [bmi(value), documented(code)])).toEqual([]);
  });

  it.each<[string, Resource]>([
    ['"Body mass index 30+ - obesity" at 31', snomedCondition(SNOMED.OBESITY_BMI_30, { encounter: 'enc-1' })],
    ['"Body mass index 40+ - severely obese" at 31 → flagged as class 3', snomedCondition(SNOMED.OBESITY_BMI_40, { encounter: 'enc-1' })],
  ])('reads Synthea\'s SNOMED CT findings: %s', (scenario, condition) => {
    const found = validate(obesityClassValidation, [bmi(31), condition]);
    expect(targets(found)).toEqual(scenario.includes('flagged') ? [[`Condition/${condition.id}`, 'E66.813', 'medium']] : []);
  });

  it('flags class 3 documented with a BMI of 32, offering class 1', () => {
    const condition = documented('E66.813', 'Obesity, class 3');
    const earlier = bmi(33.4, '2021-03-01T09:00:00Z');
    const latest = bmi(32, '2021-03-05T09:00:00Z');
    const [finding, ...more] = validate(obesityClassValidation, [earlier, latest, condition]);
    expect(more).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'validation/obesity-class', category: 'clinical-validation', kind: 'clinical-validation', severity: 'medium',
      target: `Condition/${condition.id}`, suspectedCondition: 'E66.813', encounter: 'Encounter/enc-1', observedAt: '2021-03-05T09:00:00Z',
    });
    expect(finding!.facts).toEqual([
      { kind: 'diagnosis', label: 'Obesity, class 3 (E66.813)', time: '2021-03-02T10:00:00Z', reference: `Condition/${condition.id}` },
      { kind: 'vital-sign', label: 'latest BMI', value: 32, unit: 'kg/m2', time: '2021-03-05T09:00:00Z', referenceRange: { low: 40, unit: 'kg/m2' }, reference: `Observation/${latest.id}` },
    ]);
    expect(finding!.evidence).toEqual([`Condition/${condition.id}`, `Observation/${earlier.id}`, `Observation/${latest.id}`]);
    expect(finding!.summary).toBe('Obesity, class 3 is documented (Obesity, class 3 (E66.813) on 2021-03-02 10:00). Looked for: a latest BMI of 40 kg/m² or more (CDC adult obesity class 3). Found in this encounter: latest BMI 32 kg/m2 on 2021-03-05 09:00; none meets the criteria.');
    expect(finding!.answerOptions).toEqual([
      { text: 'Obesity, class 3, confirmed (please document the clinical indicators that support it)', icd10: 'E66.813' },
      { text: 'Obesity, class 1', icd10: 'E66.811' },
      { text: 'Obesity, class 3, ruled out' }, ...ESCAPES]);
  });

  it.each<[string, number, object, string[]]>([
    ['E66.811', 35, { high: 35, unit: 'kg/m2', inclusive: true }, ['E66.811', 'E66.812']],
    ['E66.811', 28, { low: 30, unit: 'kg/m2' }, ['E66.811']],
    ['E66.812', 34.9, { low: 35, unit: 'kg/m2' }, ['E66.812', 'E66.811']],
    ['E66.812', 40, { high: 40, unit: 'kg/m2', inclusive: true }, ['E66.812', 'E66.813']],
    ['E66.813', 39.9, { low: 40, unit: 'kg/m2' }, ['E66.813', 'E66.812']],
    ['E66.01', 34.9, { low: 35, unit: 'kg/m2' }, ['E66.01', 'E66.811']],
    ['E66.9', 29.9, { low: 30, unit: 'kg/m2' }, ['E66.9']],
  ])('flags %s with a latest BMI of %s', (code, value, range, options) => {
    const [finding, ...more] = validate(obesityClassValidation, [bmi(value), documented(code)]);
    expect(more).toEqual([]);
    expect(finding).toMatchObject({ suspectedCondition: code, severity: 'medium' });
    expect(finding!.facts[1]).toMatchObject({ label: 'latest BMI', value, referenceRange: range });
    expect(codes(finding!)).toEqual(options);
  });

  it('judges the latest BMI of the stay, not an earlier one nor one just outside it', () => {
    const resources = [bmi(42, '2021-02-28T09:00:00Z'), bmi(41, '2021-03-01T09:00:00Z'), bmi(38, '2021-03-06T09:00:00Z'), bmi(43, '2021-03-08T13:00:00Z'), documented('E66.813')];
    const [finding] = validate(obesityClassValidation, resources);
    expect(finding!.facts[1]).toMatchObject({ value: 38, time: '2021-03-06T09:00:00Z' });
    expect(finding!.evidence).toHaveLength(3);
  });

  it('validates class 3 alone when one Condition also codes morbid obesity (E66.813 is reported alone)', () => {
    const both = documented('E66.813', undefined, { also: [{ system: SYSTEM.ICD10CM, code: 'E66.01' }] });
    expect(targets(validate(obesityClassValidation, [bmi(36), both]))).toEqual([[`Condition/${both.id}`, 'E66.813', 'medium']]);
  });

  it.each<[string, Resource[], number]>([
    ['a patient of 19 (BMI-for-age percentiles, skipped)', [bornIn('2001-06-15')], 0],
    ['a patient who turned 20', [bornIn('2001-01-10')], 1],
    ['a patient of unknown age', [patient({ birthDate: undefined })], 0],
    ['a current pregnancy', [pregnancy()], 0],
  ])('for %s', (_scenario, resources, findings) => {
    expect(validate(obesityClassValidation, [...resources, bmi(27), documented('E66.9')])).toHaveLength(findings);
  });

  it.each<[string, Resource]>([
    ['resolved', documented('E66.813', undefined, { clinicalStatus: 'resolved' })],
    ['refuted', documented('E66.813', undefined, { verificationStatus: 'refuted' })],
    ['entered in error', documented('E66.813', undefined, { verificationStatus: 'entered-in-error' })],
  ])('does not validate a %s diagnosis', (_scenario, condition) => {
    expect(validate(obesityClassValidation, [bmi(31), condition])).toEqual([]);
  });

  it('validates the stay\'s Encounter.diagnosis, or its claim line', () => {
    const problem = icd10Condition('E66.812', { id: 'obese-old', recordedDate: '2019-05-01T00:00:00Z' });
    const coded = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z', 'IMP', { diagnosis: [{ condition: { reference: 'Condition/obese-old' } }] });
    const onEncounter = findingsFor(obesityClassValidation, [coded, problem, bmi(31)], { encounterId: 'enc-1' });
    expect(targets(onEncounter)).toEqual([['Encounter/enc-1', 'E66.812', 'medium']]);
    const bill = claim(['I10', 'E66.813'], '2021-03-08T12:00:00Z');
    expect(targets(validate(obesityClassValidation, [bill, bmi(31)]))).toEqual([[`Claim/${bill.id}`, 'E66.813', 'medium']]);
  });

  it('says so at low severity when the stay holds no BMI', () => {
    const condition = documented('E66.813');
    const [finding] = validate(obesityClassValidation, [condition, bmi(45, '2021-02-01T09:00:00Z')]);
    expect(finding).toMatchObject({ severity: 'low', evidence: [`Condition/${condition.id}`] });
    expect(finding!.summary).toBe('Obesity, class 3 is documented (E66.813 on 2021-03-02 10:00). Looked for: a latest BMI of 40 kg/m² or more (CDC adult obesity class 3). The record holds none of these measurements for this encounter.');
  });

  it('takes its thresholds from the configuration (morbid obesity from 40 only)', () => {
    const resources = [bmi(37), documented('E66.01')];
    expect(validate(obesityClassValidation, resources)).toEqual([]);
    expect(validate(obesityClassValidation, resources, { encounterId: 'enc-1', thresholds: { 'validation/obesity-class': { morbidObesityAtLeast: 40 } } })).toHaveLength(1);
  });
});
