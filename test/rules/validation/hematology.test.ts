import { describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import type { Finding, Rule } from '../../../src/rules/engine/types';
import { acuteBloodLossAnemiaValidation, HEMATOLOGY_VALIDATION_RULES, thrombocytopeniaValidation } from '../../../src/rules/validation/hematology';
import { LOINC } from '../../../src/terminology/loinc';
import { HEMATOLOGY_SNOMED } from '../../../src/terminology/snomed';
import { SYSTEM } from '../../../src/terminology/systems';
import {
  claim, encounter, findingsFor, icd10Condition, lab, medicationAdministration, patient, procedure, snomedCondition, type RunScenario,
} from '../support';

// An inpatient stay, 1–8 March 2021, reviewed on 15 March. The default patient is a woman born in 1950.
const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z');
const man = patient({ gender: 'male' });
const hemoglobin = (value: number, time: string, unit = 'g/dL') => lab(LOINC.HEMOGLOBIN, value, unit, time, { encounter: 'enc-1' });
const platelets = (value: number, time = '2021-03-02T06:00:00Z', unit = '10*3/uL') => lab(LOINC.PLATELETS, value, unit, time, { encounter: 'enc-1' });
/** A diagnosis coded for the stay, recorded on its second day. */
const documented = (code: string, display?: string, options: Parameters<typeof icd10Condition>[1] = {}) =>
  icd10Condition(code, { encounter: 'enc-1', recordedDate: '2021-03-02T10:00:00Z', ...(display ? { display } : {}), ...options });
const redCellProcedure = (time = '2021-03-02T10:00:00Z') =>
  procedure(SYSTEM.SNOMED, HEMATOLOGY_SNOMED.TRANSFUSION_OF_RED_BLOOD_CELLS, 'Transfusion of red blood cells (procedure)', time);
const ESCAPES = [{ text: 'Other (please specify)' }, { text: 'Clinically undetermined' }];

/** The rule's findings over the stay, launched in it; findingsFor checks that every finding states its facts. */
function validate(rule: Rule, resources: Resource[], scenario: RunScenario = { encounterId: 'enc-1' }): Finding[] {
  return findingsFor(rule, [stay, ...resources], scenario);
}
const targets = (findings: Finding[]) => findings.map((f) => [f.category === 'clinical-validation' ? f.target : undefined, f.suspectedCondition, f.severity]);

it('exports the hematology validation rules', () => {
  expect(HEMATOLOGY_VALIDATION_RULES.map((r) => [r.id, r.category, r.severity])).toEqual([
    ['validation/thrombocytopenia', 'clinical-validation', 'medium'],
    ['validation/acute-blood-loss-anemia', 'clinical-validation', 'medium'],
  ]);
  expect(thrombocytopeniaValidation.thresholds).toEqual({ plateletsBelow: 150 });
  expect(acuteBloodLossAnemiaValidation.thresholds).toMatchObject({ fallAtLeast: 2, fallWithinHours: 72, menBelow: 13, womenBelow: 12 });
});

describe('validation/thrombocytopenia', () => {
  it.each<[string, Resource[]]>([
    ['a count below 150 among normal ones', [platelets(210, '2021-03-01T09:00:00Z'), platelets(120), documented('D69.6')]],
    ['a single count of 149, just below the limit', [platelets(149), documented('D69.6')]],
    ['a count in 10*9/L', [platelets(90, undefined, '10*9/L'), documented('D69.6')]],
    ['secondary thrombocytopenia with a low count', [platelets(80), documented('D69.59')]],
    ['immune thrombocytopenia (D69.3, not validated) with a normal count', [platelets(230), documented('D69.3')]],
    ['heparin-induced thrombocytopenia (D75.829, not validated) with a normal count', [platelets(230), documented('D75.829')]],
    ['no thrombocytopenia documented', [platelets(230)]],
  ])('is silent for %s', (_scenario, resources) => {
    expect(validate(thrombocytopeniaValidation, resources)).toEqual([]);
  });

  it('flags thrombocytopenia when every count is at least 150, citing the lowest', () => {
    const condition = documented('D69.6', 'Thrombocytopenia, unspecified');
    const lowest = platelets(182, '2021-03-01T09:00:00Z');
    const later = platelets(240, '2021-03-04T06:00:00Z');
    const [finding, ...more] = validate(thrombocytopeniaValidation, [lowest, later, condition]);
    expect(more).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'validation/thrombocytopenia', category: 'clinical-validation', kind: 'clinical-validation', severity: 'medium',
      target: `Condition/${condition.id}`, suspectedCondition: 'D69.6', encounter: 'Encounter/enc-1',
    });
    expect(finding!.facts).toEqual([
      { kind: 'diagnosis', label: 'Thrombocytopenia, unspecified (D69.6)', time: '2021-03-02T10:00:00Z', reference: `Condition/${condition.id}` },
      { kind: 'result', label: 'lowest platelet count', value: 182, unit: '10*3/uL', time: '2021-03-01T09:00:00Z', referenceRange: { low: 150, unit: '10*3/uL' }, reference: `Observation/${lowest.id}` },
    ]);
    expect(finding!.evidence).toEqual([`Condition/${condition.id}`, `Observation/${lowest.id}`, `Observation/${later.id}`]);
    expect(finding!.summary).toBe('Thrombocytopenia is documented (Thrombocytopenia, unspecified (D69.6) on 2021-03-02 10:00). Looked for: a platelet count below 150 ×10³/µL. Found in this encounter: lowest platelet count 182 ×10³/µL on 2021-03-01 09:00; none meets the criteria.');
    expect(finding!.answerOptions).toEqual([
      { text: 'Thrombocytopenia, confirmed (please document the clinical indicators that support it)', icd10: 'D69.6' },
      { text: 'Thrombocytopenia, ruled out' }, ...ESCAPES]);
  });

  it.each<[string, string]>([
    ['D69.59', 'other secondary thrombocytopenia'],
    ['D69.49', 'other primary thrombocytopenia'],
    ['D69.42', 'congenital and hereditary thrombocytopenia purpura'],
    ['D69.51', 'posttransfusion purpura'],
  ])('validates %s (%s) under its own code', (code) => {
    const [finding] = validate(thrombocytopeniaValidation, [platelets(190), documented(code)]);
    expect(finding).toMatchObject({ suspectedCondition: code });
    expect(finding!.answerOptions[0]).toMatchObject({ icd10: code });
  });

  it('validates a SNOMED CT-only thrombocytopenia as D69.6', () => {
    const condition = snomedCondition(HEMATOLOGY_SNOMED.THROMBOCYTOPENIC_DISORDER, { encounter: 'enc-1', recordedDate: '2021-03-02T10:00:00Z' });
    expect(targets(validate(thrombocytopeniaValidation, [platelets(190), condition]))).toEqual([[`Condition/${condition.id}`, 'D69.6', 'medium']]);
  });

  it.each<[string, number, number]>([
    ['exactly 150 (the limit itself is normal)', 150, 1],
    ['149', 149, 0],
  ])('judges a single count of %s', (_scenario, value, findings) => {
    const found = validate(thrombocytopeniaValidation, [platelets(value), documented('D69.6')]);
    expect(found).toHaveLength(findings);
    if (findings) expect(found[0]!.facts[1]).toMatchObject({ label: 'platelet count', value: 150 });
  });

  it('does not count low counts just outside the stay', () => {
    const inside = platelets(175);
    const [finding] = validate(thrombocytopeniaValidation, [
      platelets(60, '2021-03-01T07:00:00Z'), platelets(70, '2021-03-08T13:00:00Z'), inside, documented('D69.6')]);
    expect(finding!.evidence.filter((r) => r.startsWith('Observation/'))).toEqual([`Observation/${inside.id}`]);
  });

  it.each<[string, Resource]>([
    ['resolved', documented('D69.6', undefined, { clinicalStatus: 'resolved' })],
    ['refuted', documented('D69.6', undefined, { verificationStatus: 'refuted' })],
    ['in remission', documented('D69.6', undefined, { clinicalStatus: 'remission' })],
  ])('does not validate a %s diagnosis', (_scenario, condition) => {
    expect(validate(thrombocytopeniaValidation, [platelets(220), condition])).toEqual([]);
  });

  it('validates the stay\'s Encounter.diagnosis and its claim line, each targeting its resource', () => {
    const problem = icd10Condition('D69.6', { id: 'plt-old', recordedDate: '2019-05-01T00:00:00Z' });
    const coded = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z', 'IMP', { diagnosis: [{ condition: { reference: 'Condition/plt-old' } }] });
    const bill = claim(['K92.2', 'D69.59'], '2021-03-08T12:00:00Z');
    const findings = findingsFor(thrombocytopeniaValidation, [coded, problem, bill, platelets(200)], { encounterId: 'enc-1' });
    expect(targets(findings)).toEqual([['Encounter/enc-1', 'D69.6', 'medium'], [`Claim/${bill.id}`, 'D69.59', 'medium']]);
  });

  it('says so at low severity when the stay holds no platelet count', () => {
    const condition = documented('D69.6');
    const [finding] = validate(thrombocytopeniaValidation, [condition]);
    expect(finding).toMatchObject({ severity: 'low', evidence: [`Condition/${condition.id}`], facts: [{ kind: 'diagnosis', label: 'D69.6' }] });
    expect(finding!.summary).toBe('Thrombocytopenia is documented (D69.6 on 2021-03-02 10:00). Looked for: a platelet count below 150 ×10³/µL. The record holds none of these measurements for this encounter.');
  });

  it('takes its limit from the configuration', () => {
    const resources = [platelets(140), documented('D69.6')];
    expect(validate(thrombocytopeniaValidation, resources)).toEqual([]);
    expect(validate(thrombocytopeniaValidation, resources, { encounterId: 'enc-1', thresholds: { 'validation/thrombocytopenia': { plateletsBelow: 130 } } })).toHaveLength(1);
  });
});

describe('validation/acute-blood-loss-anemia', () => {
  const abla = () => documented('D62', 'Acute posthemorrhagic anemia');

  it.each<[string, Resource[]]>([
    ['a fall of 2.2 g/dL in a day to below the cut-off', [hemoglobin(11.5, '2021-03-02T06:00:00Z'), hemoglobin(9.3, '2021-03-03T06:00:00Z')]],
    ['a fall of exactly 2 g/dL (the criterion is "at least")', [hemoglobin(11.0, '2021-03-02T06:00:00Z'), hemoglobin(9.0, '2021-03-03T06:00:00Z')]],
    ['a fall of 2 g/dL exactly 72 hours apart', [hemoglobin(11.0, '2021-03-02T06:00:00Z'), hemoglobin(9.0, '2021-03-05T06:00:00Z')]],
    ['a fall in g/L (115 → 92 g/L)', [hemoglobin(115, '2021-03-02T06:00:00Z', 'g/L'), hemoglobin(92, '2021-03-03T06:00:00Z', 'g/L')]],
    ['a red-cell transfusion with normal hemoglobin', [hemoglobin(12.6, '2021-03-02T06:00:00Z'), redCellProcedure()]],
    ['a red-cell transfusion without any hemoglobin', [redCellProcedure()]],
    ['packed cells charted as given', [hemoglobin(10.2, '2021-03-02T06:00:00Z'),
      medicationAdministration(undefined, 'Red Blood Cells, Leukocytes Reduced, 1 unit', '2021-03-02T12:00:00Z')]],
    ['a packed-cell transfusion named only in text (CPT-coded)', [hemoglobin(10.2, '2021-03-02T06:00:00Z'),
      procedure('http://www.ama-assn.org/go/cpt', '36430', 'Transfusion of packed red blood cells', '2021-03-02T10:00:00Z')]],
  ])('is silent for %s', (_scenario, resources) => {
    expect(validate(acuteBloodLossAnemiaValidation, [...resources, abla()])).toEqual([]);
  });

  it('flags D62 when hemoglobin falls less than 2 g/dL and no red cells are given, citing the highest and lowest', () => {
    const condition = abla();
    const highest = hemoglobin(11.4, '2021-03-01T09:00:00Z');
    const middle = hemoglobin(10.9, '2021-03-02T06:00:00Z');
    const lowest = hemoglobin(10.1, '2021-03-03T06:00:00Z');
    const [finding, ...more] = validate(acuteBloodLossAnemiaValidation, [highest, middle, lowest, condition]);
    expect(more).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'validation/acute-blood-loss-anemia', category: 'clinical-validation', kind: 'clinical-validation', severity: 'medium',
      target: `Condition/${condition.id}`, suspectedCondition: 'D62', encounter: 'Encounter/enc-1', observedAt: '2021-03-03T06:00:00Z',
    });
    expect(finding!.facts).toEqual([
      { kind: 'diagnosis', label: 'Acute posthemorrhagic anemia (D62)', time: '2021-03-02T10:00:00Z', reference: `Condition/${condition.id}` },
      { kind: 'result', label: 'highest hemoglobin', value: 11.4, unit: 'g/dL', time: '2021-03-01T09:00:00Z', reference: `Observation/${highest.id}` },
      { kind: 'result', label: 'lowest hemoglobin', value: 10.1, unit: 'g/dL', time: '2021-03-03T06:00:00Z', referenceRange: { low: 12, unit: 'g/dL' }, reference: `Observation/${lowest.id}` },
    ]);
    expect(finding!.evidence).toEqual([`Condition/${condition.id}`, `Observation/${highest.id}`, `Observation/${middle.id}`, `Observation/${lowest.id}`]);
    expect(finding!.summary).toBe('Acute blood loss anemia is documented (Acute posthemorrhagic anemia (D62) on 2021-03-02 10:00). Looked for: a hemoglobin fall of 2 g/dL or more within 72 hours ending below the WHO anemia cut-off (12 g/dL for non-pregnant women), or a red-cell transfusion. Found in this encounter: highest hemoglobin 11.4 g/dL on 2021-03-01 09:00, lowest hemoglobin 10.1 g/dL on 2021-03-03 06:00; none meets the criteria.');
    expect(finding!.answerOptions).toEqual([
      { text: 'Acute blood loss anemia, confirmed (please document the clinical indicators that support it)', icd10: 'D62' },
      { text: 'Acute blood loss anemia, ruled out' }, ...ESCAPES]);
  });

  it.each<[string, Resource[]]>([
    ['a fall of 1.9 g/dL', [hemoglobin(11.0, '2021-03-02T06:00:00Z'), hemoglobin(9.1, '2021-03-03T06:00:00Z')]],
    ['a fall of 2.5 g/dL over 80 hours', [hemoglobin(11.5, '2021-03-02T06:00:00Z'), hemoglobin(9.0, '2021-03-05T14:00:00Z')]],
    ['a rise of 2.5 g/dL', [hemoglobin(7.5, '2021-03-02T06:00:00Z'), hemoglobin(10.0, '2021-03-03T06:00:00Z')]],
    ['a fall of 2.5 g/dL in a man ending at his cut-off of 13 g/dL', [man, hemoglobin(15.5, '2021-03-02T06:00:00Z'), hemoglobin(13.0, '2021-03-03T06:00:00Z')]],
    ['a fall whose first value is just before the stay', [hemoglobin(12.0, '2021-03-01T07:00:00Z'), hemoglobin(9.5, '2021-03-01T20:00:00Z')]],
    ['a red-cell transfusion the day before the stay', [hemoglobin(9.5, '2021-03-02T06:00:00Z'), redCellProcedure('2021-02-28T10:00:00Z')]],
    ['a platelet transfusion only', [hemoglobin(9.5, '2021-03-02T06:00:00Z'),
      procedure(SYSTEM.SNOMED, HEMATOLOGY_SNOMED.PLATELET_TRANSFUSION, 'Platelet transfusion (procedure)', '2021-03-02T10:00:00Z')]],
    ['a red-cell transfusion that was not done', [hemoglobin(9.5, '2021-03-02T06:00:00Z'),
      procedure(SYSTEM.SNOMED, HEMATOLOGY_SNOMED.TRANSFUSION_OF_RED_BLOOD_CELLS, 'Transfusion of red blood cells (procedure)', '2021-03-02T10:00:00Z', { status: 'not-done' })]],
  ])('flags D62 with %s', (_scenario, resources) => {
    const condition = abla();
    expect(targets(validate(acuteBloodLossAnemiaValidation, [...resources, condition]))).toEqual([[`Condition/${condition.id}`, 'D62', 'medium']]);
  });

  it('counts a fall in a man that ends just below his cut-off', () => {
    expect(validate(acuteBloodLossAnemiaValidation, [man, hemoglobin(15.5, '2021-03-02T06:00:00Z'), hemoglobin(12.9, '2021-03-03T06:00:00Z'), abla()])).toEqual([]);
  });

  it('cites a single hemoglobin by its name, judged against the cut-off', () => {
    const only = hemoglobin(9.5, '2021-03-01T20:00:00Z');
    const [finding] = validate(acuteBloodLossAnemiaValidation, [hemoglobin(12.0, '2021-03-01T07:00:00Z'), only, abla()]);
    expect(finding!.facts[1]).toEqual({ kind: 'result', label: 'hemoglobin', value: 9.5, unit: 'g/dL', time: '2021-03-01T20:00:00Z', referenceRange: { low: 12, unit: 'g/dL' }, reference: `Observation/${only.id}` });
  });

  it('looks for the fall alone under one year of age, where WHO gives no cut-off', () => {
    const infant = patient({ birthDate: '2020-09-01' });
    expect(validate(acuteBloodLossAnemiaValidation, [infant, hemoglobin(14.0, '2021-03-02T06:00:00Z'), hemoglobin(11.8, '2021-03-03T06:00:00Z'), abla()])).toEqual([]);
    const [finding] = validate(acuteBloodLossAnemiaValidation, [infant, hemoglobin(12.0, '2021-03-02T06:00:00Z'), hemoglobin(11.0, '2021-03-03T06:00:00Z'), abla()]);
    expect(finding!.summary).toContain('Looked for: a hemoglobin fall of 2 g/dL or more within 72 hours, or a red-cell transfusion.');
    expect(finding!.facts.every((f) => f.referenceRange === undefined)).toBe(true);
  });

  it.each<[string, Resource]>([
    ['resolved', documented('D62', undefined, { clinicalStatus: 'resolved' })],
    ['refuted', documented('D62', undefined, { verificationStatus: 'refuted' })],
  ])('does not validate a %s diagnosis', (_scenario, condition) => {
    expect(validate(acuteBloodLossAnemiaValidation, [hemoglobin(11.0, '2021-03-02T06:00:00Z'), condition])).toEqual([]);
  });

  it('validates D62 on the stay\'s Encounter.diagnosis, or on its claim line', () => {
    const problem = icd10Condition('D62', { id: 'abla-old', recordedDate: '2019-05-01T00:00:00Z' });
    const coded = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z', 'IMP', { diagnosis: [{ condition: { reference: 'Condition/abla-old' } }] });
    const bill = claim(['K92.2', 'D62'], '2021-03-08T12:00:00Z');
    const measured = hemoglobin(11.0, '2021-03-02T06:00:00Z');
    const onEncounter = findingsFor(acuteBloodLossAnemiaValidation, [coded, problem, measured], { encounterId: 'enc-1' });
    expect(targets(onEncounter)).toEqual([['Encounter/enc-1', 'D62', 'medium']]);
    expect(targets(validate(acuteBloodLossAnemiaValidation, [bill, measured]))).toEqual([[`Claim/${bill.id}`, 'D62', 'medium']]);
  });

  it('validates one diagnosis once: the Condition, not the claim line that repeats its code', () => {
    const condition = abla();
    const bill = claim(['K92.2', 'D62'], '2021-03-08T12:00:00Z');
    expect(targets(validate(acuteBloodLossAnemiaValidation, [condition, bill, hemoglobin(11.0, '2021-03-02T06:00:00Z')])))
      .toEqual([[`Condition/${condition.id}`, 'D62', 'medium']]);
  });

  it('says so at low severity when the stay holds no hemoglobin and no transfusion', () => {
    const condition = abla();
    const [finding] = validate(acuteBloodLossAnemiaValidation, [condition, hemoglobin(7.0, '2021-02-27T06:00:00Z')]);
    expect(finding).toMatchObject({ severity: 'low', evidence: [`Condition/${condition.id}`] });
    expect(finding!.summary).toMatch(/The record holds none of these measurements for this encounter\.$/);
  });

  it('takes its thresholds from the configuration', () => {
    const resources = [hemoglobin(11.0, '2021-03-02T06:00:00Z'), hemoglobin(9.5, '2021-03-03T06:00:00Z'), abla()];
    expect(validate(acuteBloodLossAnemiaValidation, resources)).toHaveLength(1);
    expect(validate(acuteBloodLossAnemiaValidation, resources, { encounterId: 'enc-1', thresholds: { 'validation/acute-blood-loss-anemia': { fallAtLeast: 1.5 } } })).toEqual([]);
  });
});
