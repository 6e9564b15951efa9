/**
 * One realistic scenario per rule of ALL_RULES (Synthea-shaped resources from test/rules/support.ts, taken
 * from the rules' own positive tests), and the findings the rules raise on it: what the query composer
 * starts from. Each scenario is a clinical picture a CDI specialist would meet; `findingsOf` runs only the
 * rule the scenario is for.
 */
import type { Condition, Observation, Resource } from 'fhir/r4';
import { ALL_RULES, type Finding } from '../../src/rules/index';
import type { Icd10CmTable } from '../../src/terminology/icd10cm/icd10cm-table';
import { LOINC, PRESSURE_INJURY_STAGE_LOINC } from '../../src/terminology/loinc';
import { SEPSIS_SNOMED } from '../../src/terminology/snomed';
import { SYSTEM } from '../../src/terminology/systems';
import {
  claim, encounter, findingsFor, icd10Condition, lab, medicationAdministration, medicationRequest, note, patient, PATIENT_ID, snomedCondition, vital,
  type RunScenario,
} from '../rules/support';

export interface FindingScenario {
  /** What the record shows, in a CDI specialist's words. */
  name: string;
  ruleId: string;
  resources: () => Resource[];
  run: Omit<RunScenario, 'icd10cm'>;
}

// An inpatient stay, 1–8 March 2021, reviewed on 15 March, launched in it.
const STAY: RunScenario = { encounterId: 'enc-1', now: '2021-03-15T12:00:00Z' };
const stay = () => encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z');
const at = { encounter: 'enc-1' };
const inStay = (resources: () => Resource[]) => () => [stay(), ...resources()];
const order = (rxcui: string | undefined, display: string) =>
  medicationRequest(rxcui, display, '2021-03-02T10:00:00Z', { encounter: { reference: 'Encounter/enc-1' } });

// FY2026 reviews for the code-table checks: 15 March 2026, the last 12 months.
const FY2026: RunScenario = { now: '2026-03-15T12:00:00Z' };
const RECORDED_FY2026 = '2025-10-15T00:00:00Z';
const coded = (code: string, options: Parameters<typeof icd10Condition>[1] = {}) => icd10Condition(code, { recordedDate: RECORDED_FY2026, ...options });

function stageAssessment(stage: string, time: string): Observation {
  return {
    resourceType: 'Observation', id: `stage-${time.slice(0, 10)}`, status: 'final', category: [{ coding: [{ system: SYSTEM.OBSERVATION_CATEGORY, code: 'vital-signs' }] }],
    code: { coding: [{ system: SYSTEM.LOINC, code: PRESSURE_INJURY_STAGE_LOINC.MDS }] },
    subject: { reference: `Patient/${PATIENT_ID}` }, effectiveDateTime: time, valueCodeableConcept: { text: stage },
  };
}

function dualCoded(icd10: string, snomed: string): Condition {
  return icd10Condition(icd10, { recordedDate: '2021-03-02T00:00:00Z', onsetDateTime: '2021-03-02T00:00:00Z', also: [{ system: SYSTEM.SNOMED, code: snomed }] });
}

const inEncounter = (code: string, id: string) => icd10Condition(code, { id, encounter: 'enc-1', recordedDate: '2021-03-01T08:00:00Z' });
function bill(diagnoses: string[]) {
  return claim(diagnoses, '2021-03-08T12:00:00Z', { item: [{ sequence: 1, productOrService: { text: 'Encounter' }, encounter: [{ reference: 'Encounter/enc-1' }] }] });
}

export const FINDING_SCENARIOS: readonly FindingScenario[] = [
  {
    name: 'two low sodium results and tolvaptan', ruleId: 'electrolytes/hyponatremia', run: STAY,
    resources: inStay(() => [lab(LOINC.SODIUM_SERUM, 128, 'mmol/L', '2021-03-01T09:00:00Z', at), lab(LOINC.SODIUM_SERUM, 126, 'mmol/L', '2021-03-02T06:00:00Z', at),
      order('358258', 'Tolvaptan 15 MG Oral Tablet')]),
  },
  {
    name: 'two low potassium results and oral potassium chloride', ruleId: 'electrolytes/hypokalemia', run: STAY,
    resources: inStay(() => [lab(LOINC.POTASSIUM_SERUM, 3.1, 'mmol/L', '2021-03-01T09:00:00Z', at), lab(LOINC.POTASSIUM_SERUM, 3.3, 'mmol/L', '2021-03-02T06:00:00Z', at),
      order('8591', 'Potassium Chloride 20 MEQ Extended Release Oral Tablet')]),
  },
  {
    name: 'a high potassium and Kayexalate given', ruleId: 'electrolytes/hyperkalemia', run: STAY,
    resources: inStay(() => [lab(LOINC.POTASSIUM_SERUM, 5.9, 'mmol/L', '2021-03-01T09:00:00Z', at),
      medicationAdministration(undefined, 'Kayexalate 15 GM in 60 ML Oral Suspension', '2021-03-01T12:00:00Z')]),
  },
  {
    name: 'two low hemoglobins in a woman', ruleId: 'hematology/anemia', run: STAY,
    resources: inStay(() => [lab(LOINC.HEMOGLOBIN, 11.2, 'g/dL', '2021-03-01T09:00:00Z', at), lab(LOINC.HEMOGLOBIN, 10.8, 'g/dL', '2021-03-02T06:00:00Z', at)]),
  },
  {
    name: 'a hemoglobin fall from 12.5 to 10.1 g/dL', ruleId: 'hematology/acute-blood-loss-anemia', run: STAY,
    resources: inStay(() => [lab(LOINC.HEMOGLOBIN, 12.5, 'g/dL', '2021-03-01T09:00:00Z', at), lab(LOINC.HEMOGLOBIN, 10.1, 'g/dL', '2021-03-02T06:00:00Z', at)]),
  },
  {
    name: 'two low platelet counts', ruleId: 'hematology/thrombocytopenia', run: STAY,
    resources: inStay(() => [lab(LOINC.PLATELETS, 120, '10*3/uL', '2021-03-01T09:00:00Z', at), lab(LOINC.PLATELETS, 98, '10*3/uL', '2021-03-02T06:00:00Z', at)]),
  },
  {
    name: 'a creatinine rise of 0.4 mg/dL in 24 hours', ruleId: 'renal/acute-kidney-injury', run: STAY,
    resources: inStay(() => [lab(LOINC.CREATININE_SERUM, 1.0, 'mg/dL', '2021-03-01T09:00:00Z', at), lab(LOINC.CREATININE_SERUM, 1.4, 'mg/dL', '2021-03-02T09:00:00Z', at)]),
  },
  {
    name: 'fever, tachycardia and a lactate of 4.1 with pneumonia and piperacillin/tazobactam', ruleId: 'sepsis/indicators', run: STAY,
    resources: inStay(() => [
      vital(LOINC.BODY_TEMPERATURE, 38.6, 'Cel', '2021-03-01T09:00:00Z', at), vital(LOINC.HEART_RATE, 112, '/min', '2021-03-01T09:00:00Z', at),
      lab(LOINC.LACTATE_BLOOD, 4.1, 'mmol/L', '2021-03-01T10:00:00Z', at),
      snomedCondition(SEPSIS_SNOMED.PNEUMONIA, { onsetDateTime: '2021-03-01T08:30:00Z', encounter: 'enc-1', display: 'Pneumonia' }),
      medicationRequest('1659149', 'Piperacillin 4000 MG / tazobactam 500 MG Injection', '2021-03-01T10:00:00Z'),
    ]),
  },
  {
    name: 'SpO2 88 % on room air, then oxygen', ruleId: 'respiratory/acute-respiratory-failure', run: STAY,
    resources: inStay(() => [vital(LOINC.OXYGEN_SATURATION_PULSE_OX, 88, '%', '2021-03-01T09:00:00Z', at), vital(LOINC.OXYGEN_FLOW, 2, 'L/min', '2021-03-01T09:15:00Z', at)]),
  },
  {
    name: 'heart failure, unspecified, with an LVEF of 30 % and IV furosemide', ruleId: 'heart-failure/type-acuity-unspecified', run: STAY,
    resources: inStay(() => [icd10Condition('I50.9', { display: 'Heart failure, unspecified' }), lab(LOINC.LVEF, 30, '%', '2021-03-02T08:00:00Z', at),
      order('1719286', '10 ML Furosemide 10 MG/ML Injection')]),
  },
  {
    name: 'unstaged CKD with two eGFR results in G3a 120 days apart', ruleId: 'ckd/stage-unspecified', run: { now: '2021-03-15T12:00:00Z' },
    resources: () => [icd10Condition('N18.9', { recordedDate: '2019-01-01T00:00:00Z' }),
      lab(LOINC.EGFR_CKD_EPI_2021, 52, 'mL/min/{1.73_m2}', '2020-09-01T09:00:00Z'), lab(LOINC.EGFR_CKD_EPI_2021, 48, 'mL/min/{1.73_m2}', '2020-12-30T09:00:00Z')],
  },
  {
    name: 'type 2 diabetes without complications beside CKD stage 3a', ruleId: 'diabetes/complication-not-linked', run: { now: '2021-03-15T12:00:00Z' },
    resources: () => [icd10Condition('E11.9'), icd10Condition('N18.31', { recordedDate: '2020-11-02T00:00:00Z' })],
  },
  {
    name: 'a sacral pressure ulcer of unspecified stage', ruleId: 'pressure-ulcer/stage-unspecified', run: STAY,
    resources: inStay(() => [icd10Condition('L89.159', { encounter: 'enc-1', recordedDate: '2021-03-02T00:00:00Z' })]),
  },
  {
    name: 'a 5 % weight loss in 20 days', ruleId: 'nutrition/malnutrition-indicators', run: STAY,
    resources: inStay(() => [vital(LOINC.BODY_WEIGHT, 80, 'kg', '2021-02-10T09:00:00Z', at), vital(LOINC.BODY_WEIGHT, 76, 'kg', '2021-03-02T09:00:00Z', at)]),
  },
  {
    name: 'a BMI of 41.2', ruleId: 'nutrition/obesity-class', run: STAY,
    resources: inStay(() => [vital(LOINC.BMI, 41.2, 'kg/m2', '2021-03-04T09:00:00Z', at)]),
  },
  {
    name: "Synthea's metformin ER with no diabetes documented", ruleId: 'medication-indication/antidiabetic', run: STAY,
    resources: inStay(() => [order('860975', '24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet')]),
  },
  {
    name: 'levothyroxine with no thyroid diagnosis', ruleId: 'medication-indication/levothyroxine', run: STAY,
    resources: inStay(() => [order(undefined, 'Levothyroxine Sodium 0.075 MG Oral Tablet')]),
  },
  {
    name: "Synthea's warfarin with no indication documented", ruleId: 'medication-indication/anticoagulant', run: STAY,
    resources: inStay(() => [order('855332', 'Warfarin Sodium 5 MG Oral Tablet')]),
  },
  {
    name: "Synthea's Lasix with no indication documented", ruleId: 'medication-indication/loop-diuretic', run: STAY,
    resources: inStay(() => [order('315971', 'Lasix 40mg')]),
  },
  {
    name: 'potassium chloride with no hypokalemia or diuretic', ruleId: 'medication-indication/potassium-chloride', run: STAY,
    resources: inStay(() => [order('8591', 'potassium chloride 20 MEQ Extended Release Oral Tablet')]),
  },
  {
    name: 'a code deleted in FY2026 (S30.1XXA)', ruleId: 'coding/invalid-code', run: FY2026,
    resources: () => [coded('S30.1XXA', { id: 'contusion' })],
  },
  {
    name: 'a category header used as a diagnosis (E11)', ruleId: 'coding/non-billable-code', run: FY2026,
    resources: () => [coded('E11', { id: 'dm' })],
  },
  {
    name: 'I50.9 coded with an LVEF of 30 % on record', ruleId: 'coding/unspecified-code', run: FY2026,
    resources: () => [coded('I50.9', { id: 'hf' }), lab(LOINC.LVEF, 30, '%', '2026-02-01T10:00:00Z')],
  },
  {
    name: 'type 1 and type 2 diabetes in one stay', ruleId: 'coding/excludes1-conflict', run: { now: '2021-03-15T12:00:00Z' },
    resources: inStay(() => [inEncounter('E10.9', 't1'), inEncounter('E11.9', 't2')]),
  },
  {
    name: 'E11.9 beside E11.22', ruleId: 'coding/redundant-codes', run: { now: '2021-03-15T12:00:00Z' },
    resources: inStay(() => [inEncounter('E11.9', 'plain'), inEncounter('E11.22', 'ckd')]),
  },
  {
    name: 'E11.22 with no CKD stage', ruleId: 'coding/missing-combination-code', run: STAY,
    resources: inStay(() => [inEncounter('E11.22', 'dm')]),
  },
  {
    name: 'a delivery code on a male patient', ruleId: 'coding/sex-conflict', run: { now: '2021-06-01T12:00:00Z' },
    resources: () => [patient({ gender: 'male', birthDate: '1970-05-01' }), icd10Condition('O80', { id: 'delivery', recordedDate: '2021-03-01' })],
  },
  {
    name: 'a maternity code on an 8-year-old', ruleId: 'coding/age-conflict', run: { now: '2021-06-01T12:00:00Z' },
    resources: () => [patient({ gender: 'female', birthDate: '2012-03-02' }), icd10Condition('O24.410', { id: 'gdm', recordedDate: '2021-03-01' })],
  },
  {
    name: 'a claim line no diagnosis supports', ruleId: 'coding/claim-unsupported', run: STAY,
    resources: inStay(() => [icd10Condition('I10', { encounter: 'enc-1' }), bill(['I10', 'J18.9'])]),
  },
  {
    name: "an encounter diagnosis missing from the encounter's claim", ruleId: 'coding/not-on-claim', run: STAY,
    resources: inStay(() => [icd10Condition('J18.9', { encounter: 'enc-1' }), icd10Condition('E87.1', { id: 'hypo', encounter: 'enc-1' }), bill(['J18.9'])]),
  },
  {
    name: 'an ended stay with no principal diagnosis', ruleId: 'coding/principal-missing', run: STAY,
    resources: inStay(() => [bill(['J18.9', 'E87.1'])]),
  },
  {
    name: 'a Condition coded J32.9 and SNOMED viral sinusitis', ruleId: 'coding/coding-mismatch', run: { now: '2021-03-15T12:00:00Z' },
    resources: () => [dualCoded('J32.9', '444814009')],
  },
  ...clinicalValidationScenarios(),
  {
    name: 'a progress note of the stay documents hyponatremia that no diagnosis codes', ruleId: 'coding/documented-not-coded', run: STAY,
    resources: inStay(() => [note('# Assessment and Plan\nHyponatremia, fluid restriction 1.5 L/day.', '2021-03-02T10:00:00Z', { encounter: 'enc-1' })]),
  },
];

/** More specificity scenarios for coding/unspecified-code, one per kind of specificity it finds. */
export const UNSPECIFIED_CODE_SCENARIOS: readonly FindingScenario[] = [
  {
    name: 'N18.9 coded with eGFR results', ruleId: 'coding/unspecified-code', run: FY2026,
    resources: () => [coded('N18.9', { id: 'ckd' }), lab(LOINC.EGFR_CKD_EPI_2021, 41, 'mL/min/{1.73_m2}', '2025-09-01T08:00:00Z'), lab(LOINC.EGFR_CKD_EPI_2021, 38, 'mL/min/{1.73_m2}', '2026-01-05T08:00:00Z')],
  },
  {
    name: 'L89.159 coded with a nursing stage 3', ruleId: 'coding/unspecified-code', run: FY2026,
    resources: () => [coded('L89.159', { id: 'ulcer' }), stageAssessment('Stage 3', '2026-03-02T09:00:00Z')],
  },
  {
    name: 'M17.10 coded on a Condition whose body site is the left knee', ruleId: 'coding/unspecified-code', run: FY2026,
    resources: () => [{ ...coded('M17.10', { id: 'oa' }), bodySite: [{ coding: [{ system: SYSTEM.SNOMED, code: '7771000', display: 'Left' }], text: 'Left knee' }] }],
  },
  {
    name: 'E11.9 coded beside CKD stage 4 (the "with" convention: a coder fix)', ruleId: 'coding/unspecified-code', run: FY2026,
    resources: () => [coded('E11.9', { id: 'dm' }), coded('N18.4', { id: 'ckd', recordedDate: '2025-11-02T00:00:00Z' })],
  },
  {
    name: 'I50.9 coded while a progress note states acute on chronic systolic heart failure (a coder fix)', ruleId: 'coding/unspecified-code', run: FY2026,
    resources: () => [coded('I50.9', { id: 'hf' }), note('Acute on chronic systolic heart failure, diuresing.', '2026-03-02T10:00:00Z')],
  },
];

/** The findings the scenario's rule raises on its record. */
export function findingsOf(scenario: FindingScenario, icd10cm: Icd10CmTable): Finding[] {
  const rule = ALL_RULES.find((r) => r.id === scenario.ruleId);
  if (!rule) throw new Error(`no rule ${scenario.ruleId}`);
  return findingsFor(rule, scenario.resources(), { ...scenario.run, icd10cm });
}

/**
 * One documented diagnosis per clinical-validation rule, with measurements of the stay that do not support it
 * (issue 15): each raises its rule's finding, whose query is a clinical-validation query.
 */
function clinicalValidationScenarios(): FindingScenario[] {
  const documented = (code: string) => icd10Condition(code, { id: `cv-${code}`, encounter: 'enc-1', recordedDate: '2021-03-02T10:00:00Z' });
  const at = (hour: number) => new Date(Date.parse('2021-03-02T06:00:00Z') + hour * 3_600_000).toISOString();
  const labOf = (loinc: string, values: number[], unit: string) => values.map((v, i) => lab(loinc, v, unit, at(i * 12), { encounter: 'enc-1' }));
  const vitalOf = (loinc: string, values: number[], unit: string) => values.map((v, i) => vital(loinc, v, unit, at(i * 12), { encounter: 'enc-1' }));
  const normalSepsisPanel = () => [
    ...vitalOf(LOINC.BODY_TEMPERATURE, [37.1, 36.9], 'Cel'), ...vitalOf(LOINC.HEART_RATE, [84, 80], '/min'), ...vitalOf(LOINC.RESPIRATORY_RATE, [16, 16], '/min'),
    ...labOf(LOINC.LEUKOCYTES, [8.1, 7.9], '10*3/uL'), ...labOf(LOINC.LACTATE_PLASMA, [1.1], 'mmol/L'), ...labOf(LOINC.PLATELETS, [250], '10*3/uL'),
    ...labOf(LOINC.CREATININE_SERUM, [0.9, 0.9], 'mg/dL'), ...vitalOf(LOINC.MEAN_ARTERIAL_PRESSURE, [85], 'mm[Hg]'),
  ];
  const scenario = (name: string, ruleId: string, resources: () => Resource[]): FindingScenario => ({ name, ruleId, run: STAY, resources: inStay(resources) });
  return [
    scenario('sepsis documented with normal temperature, heart rate, respiration, white count and lactate', 'validation/sepsis', () => [documented('A41.9'), ...normalSepsisPanel()]),
    scenario('severe sepsis documented with no organ dysfunction', 'validation/severe-sepsis', () => [documented('R65.20'), ...normalSepsisPanel()]),
    scenario('acute respiratory failure documented at 96 % on room air, breathing 16/min', 'validation/acute-respiratory-failure', () => [
      documented('J96.01'), ...vitalOf(LOINC.OXYGEN_SATURATION_PULSE_OX, [96, 97], '%'), ...vitalOf(LOINC.RESPIRATORY_RATE, [16, 18], '/min')]),
    scenario('acute kidney injury documented with a stable creatinine', 'validation/acute-kidney-injury', () => [documented('N17.9'), ...labOf(LOINC.CREATININE_SERUM, [0.9, 1.0, 0.9], 'mg/dL')]),
    scenario('hyponatremia documented with normal sodium', 'validation/hyponatremia', () => [documented('E87.1'), ...labOf(LOINC.SODIUM_SERUM, [138, 139], 'mmol/L')]),
    scenario('hypernatremia documented with normal sodium', 'validation/hypernatremia', () => [documented('E87.0'), ...labOf(LOINC.SODIUM_SERUM, [140, 141], 'mmol/L')]),
    scenario('hypokalemia documented with normal potassium', 'validation/hypokalemia', () => [documented('E87.6'), ...labOf(LOINC.POTASSIUM_SERUM, [3.9, 4.1], 'mmol/L')]),
    scenario('hyperkalemia documented with normal potassium', 'validation/hyperkalemia', () => [documented('E87.5'), ...labOf(LOINC.POTASSIUM_SERUM, [4.2, 4.4], 'mmol/L')]),
    scenario('thrombocytopenia documented with normal platelets', 'validation/thrombocytopenia', () => [documented('D69.6'), ...labOf(LOINC.PLATELETS, [210, 198], '10*3/uL')]),
    scenario('acute blood loss anemia documented with a stable hemoglobin', 'validation/acute-blood-loss-anemia', () => [documented('D62'), ...labOf(LOINC.HEMOGLOBIN, [13.1, 12.9, 12.6], 'g/dL')]),
    scenario('severe protein-calorie malnutrition documented with a BMI of 24.5 and a stable weight', 'validation/malnutrition', () => [
      documented('E43'), ...vitalOf(LOINC.BMI, [24.5], 'kg/m2'), ...vitalOf(LOINC.BODY_WEIGHT, [70, 70.2], 'kg')]),
    scenario('class 3 obesity documented with a BMI of 32', 'validation/obesity-class', () => [documented('E66.813'), ...vitalOf(LOINC.BMI, [32], 'kg/m2')]),
  ];
}
