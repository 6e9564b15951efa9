/**
 * Arbitraries for the property tests (issue #8, item 7).
 *
 * - `scenarioArb`: a small, printable *spec* of a valid Synthea-shaped record (the shapes of Synthea's R4
 *   export: US Core categories, UCUM quantities, `urn:uuid:` or relative references), built from the codes
 *   the rules read (terminology/*.ts) so that rules reach their deep paths: low sodium, creatinine rises,
 *   hemoglobin, LVEF, blood-pressure components, ICD-10-CM codes such as E11.9, I50.9, N18.9, L89.159,
 *   O24.419 (on a male too), claims with diagnosis sequences, IMP encounters in progress and finished,
 *   warfarin/metformin/furosemide/KCl orders by RxNorm and by text.
 * - `mutationsArb`: 1–3 replacements of random paths (any depth, any field) per resource with adversarial
 *   JSON (null, numbers, booleans, huge and control-character strings, arrays for objects and objects for
 *   arrays, `__proto__`/`constructor`/`toString` own keys built with JSON.parse, deep nesting, bad dates).
 *
 * Specs stay small so fast-check prints readable counterexamples; `materialize*` turns a spec into JSON
 * inside the property (300,000-character strings never reach fast-check's report) and returns a log of
 * what was mutated, for the failure message.
 */
import fc from 'fast-check';
import { BLOOD_CULTURE_LOINC, LOINC, PRESSURE_INJURY_STAGE_LOINC } from '../../src/terminology/loinc';
import {
  ANTICOAGULANTS, ANTIBIOTICS, INSULINS, LEVOTHYROXINE, LOOP_DIURETICS, OTHER_ANTIDIABETICS, POTASSIUM_CHLORIDE, rxcuisOf,
} from '../../src/terminology/medications';
import { SNOMED_TO_ICD10CM } from '../../src/terminology/snomed-icd10cm';
import { DIALYSIS_PROCEDURES, HEMATOLOGY_SNOMED, OXYGEN_SUPPORT_PROCEDURES, SNOMED } from '../../src/terminology/snomed';
import { CLARIFY_CODE, SYSTEM } from '../../src/terminology/systems';

export type JsonObject = Record<string, unknown>;
export type Path = Array<string | number>;

// ---- Codes ----------------------------------------------------------------------------------------------

interface LabSpecDef {
  loinc: string;
  display: string;
  /** [unit, factor from the canonical value] */
  units: ReadonlyArray<readonly [string, number]>;
  min: number;
  max: number;
  category: 'laboratory' | 'vital-signs';
}

const lab = (loinc: string, display: string, units: ReadonlyArray<readonly [string, number]>, min: number, max: number, category: 'laboratory' | 'vital-signs' = 'laboratory'): LabSpecDef =>
  ({ loinc, display, units, min, max, category });

/** Numeric results the rules read, each with its units (canonical first) and a clinically wide range. */
export const LABS: readonly LabSpecDef[] = [
  lab(LOINC.SODIUM_SERUM, 'Sodium', [['mmol/L', 1], ['meq/L', 1]], 118, 150),
  lab(LOINC.SODIUM_BLOOD, 'Sodium [Moles/volume] in Blood', [['mmol/L', 1]], 118, 150),
  lab(LOINC.POTASSIUM_SERUM, 'Potassium', [['mmol/L', 1]], 2.4, 6.8),
  lab(LOINC.POTASSIUM_BLOOD, 'Potassium [Moles/volume] in Blood', [['mmol/L', 1]], 2.4, 6.8),
  lab(LOINC.GLUCOSE_SERUM, 'Glucose', [['mg/dL', 1], ['mmol/L', 1 / 18.016]], 50, 900),
  lab(LOINC.CREATININE_SERUM, 'Creatinine', [['mg/dL', 1], ['umol/L', 88.42], ['µmol/L', 88.42]], 0.4, 6),
  lab(LOINC.CREATININE_BLOOD, 'Creatinine [Mass/volume] in Blood', [['mg/dL', 1]], 0.4, 6),
  lab('14682-9', 'Creatinine [Moles/volume] in Serum or Plasma', [['umol/L', 88.42]], 0.4, 6),
  lab(LOINC.EGFR_MDRD, 'eGFR (MDRD)', [['mL/min/{1.73_m2}', 1], ['mL/min', 1]], 4, 130),
  lab(LOINC.EGFR_CKD_EPI_2021, 'eGFR (CKD-EPI 2021)', [['mL/min/{1.73_m2}', 1]], 4, 130),
  lab(LOINC.HEMOGLOBIN, 'Hemoglobin', [['g/dL', 1], ['g/L', 10]], 5, 17),
  lab(LOINC.PLATELETS, 'Platelets', [['10*3/uL', 1], ['10*9/L', 1]], 10, 450),
  lab(LOINC.LEUKOCYTES, 'Leukocytes', [['10*3/uL', 1]], 1, 30),
  lab(LOINC.LACTATE_PLASMA, 'Lactate', [['mmol/L', 1]], 0.5, 9),
  lab(LOINC.BNP, 'BNP', [['pg/mL', 1], ['pmol/L', 1 / 3.464]], 10, 3000),
  lab(LOINC.NT_PROBNP, 'NT-proBNP', [['pg/mL', 1]], 50, 9000),
  lab(LOINC.LVEF, 'Left ventricular Ejection fraction', [['%', 1]], 10, 75),
  lab('18043-0', 'Left Ventricular Ejection Fraction by US', [['%', 1]], 10, 75),
  lab(LOINC.HBA1C, 'Hemoglobin A1c', [['%', 1]], 4.5, 13),
  lab(LOINC.ALBUMIN, 'Albumin', [['g/dL', 1], ['g/L', 10]], 1.5, 5),
  lab(LOINC.BILIRUBIN_TOTAL, 'Bilirubin', [['mg/dL', 1]], 0.2, 12),
  lab(LOINC.PAO2, 'PaO2', [['mm[Hg]', 1], ['kPa', 1 / 7.50062]], 35, 110),
  lab(LOINC.PACO2, 'PaCO2', [['mm[Hg]', 1]], 25, 90),
  lab(LOINC.PH_ARTERIAL, 'pH', [['[pH]', 1]], 7.0, 7.6),
  lab(LOINC.FIO2, 'FiO2', [['%', 1]], 21, 100),
  lab(LOINC.OXYGEN_FLOW, 'Oxygen flow', [['L/min', 1]], 0, 15),
  lab(LOINC.BODY_TEMPERATURE, 'Body temperature', [['Cel', 1]], 34, 41.5, 'vital-signs'),
  lab(LOINC.HEART_RATE, 'Heart rate', [['/min', 1]], 35, 170, 'vital-signs'),
  lab(LOINC.RESPIRATORY_RATE, 'Respiratory rate', [['/min', 1]], 6, 40, 'vital-signs'),
  lab(LOINC.OXYGEN_SATURATION_PULSE_OX, 'Oxygen saturation', [['%', 1]], 70, 100, 'vital-signs'),
  lab(LOINC.MEAN_ARTERIAL_PRESSURE, 'Mean blood pressure', [['mm[Hg]', 1]], 40, 110, 'vital-signs'),
  lab(LOINC.GCS_TOTAL, 'Glasgow coma score total', [['{score}', 1]], 3, 15, 'vital-signs'),
  lab(LOINC.BODY_WEIGHT, 'Body Weight', [['kg', 1], ['[lb_av]', 1 / 0.45359237]], 35, 160, 'vital-signs'),
  lab(LOINC.BODY_HEIGHT, 'Body Height', [['cm', 1]], 140, 200, 'vital-signs'),
  lab(LOINC.BMI, 'Body Mass Index', [['kg/m2', 1]], 14, 52, 'vital-signs'),
];

/** ICD-10-CM codes the coding checks and gap rules read, valid and not (headers, deleted, ICD-9, odd forms). */
export const ICD10CM_CODES: readonly string[] = [
  'E11.9', 'I50.9', 'N18.9', 'L89.159', 'O24.419', 'E87.1', 'E87.6', 'E87.5', 'D64.9', 'D62', 'D69.6', 'N17.9', 'A41.9',
  'R65.20', 'R65.21', 'J96.00', 'J96.01', 'I48.91', 'E03.9', 'E11.22', 'E11.42', 'E11.319', 'E11.51', 'N18.3', 'N18.30',
  'N18.5', 'N18.6', 'I12.9', 'I13.0', 'D63.1', 'E66.01', 'E66.813', 'Z68.41', 'Z68.1', 'E43', 'R63.4', 'L89.90', 'L89.40',
  'L89.152', 'M17.11', 'M17.9', 'H66.90', 'R50.9', 'N40.0', 'C61', 'Z38.00', 'P07.30', 'Z99.2', 'I10', 'E78.5',
  'E11', 'T78.1XXA', 'V00.01XA', 'Y92.009', '250.00', 'e11.9', 'E119', ' I50.9 ',
];

/** SNOMED CT condition codes: every concept of the curated map, and those the rules name. */
export const SNOMED_CONDITIONS: readonly string[] = [...new Set([...SNOMED_TO_ICD10CM.keys(), ...Object.values(SNOMED)])];

export interface MedicationDef {
  rxcui?: string;
  text: string;
  iv?: boolean;
}

const firstRxcui = (cls: Parameters<typeof rxcuisOf>[0]) => [...rxcuisOf(cls)][0];

export const MEDICATIONS: readonly MedicationDef[] = [
  { rxcui: '855332', text: 'Warfarin Sodium 5 MG Oral Tablet' },
  { rxcui: firstRxcui(ANTICOAGULANTS), text: 'warfarin' },
  { text: 'Apixaban 5 MG Oral Tablet [Eliquis]' },
  { rxcui: '860975', text: '24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet' },
  { rxcui: firstRxcui(OTHER_ANTIDIABETICS), text: 'metformin' },
  { rxcui: '106892', text: 'insulin isophane, human 70 UNT/ML / insulin, regular, human 30 UNT/ML Injectable Suspension [Humulin]' },
  { rxcui: firstRxcui(INSULINS), text: 'Insulin Glargine 100 UNT/ML' },
  { rxcui: '315971', text: 'Lasix 40mg' },
  { rxcui: firstRxcui(LOOP_DIURETICS), text: 'furosemide' },
  { text: 'Furosemide 10 MG/ML Injectable Solution', iv: true },
  { rxcui: '628958', text: 'Potassium Chloride 20 MEQ Extended Release Oral Tablet' },
  { rxcui: firstRxcui(POTASSIUM_CHLORIDE), text: 'KCl' },
  { rxcui: firstRxcui(LEVOTHYROXINE), text: 'Levothyroxine Sodium 0.075 MG Oral Tablet' },
  { text: 'Tolvaptan 15 MG Oral Tablet' },
  { text: 'Sodium Chloride 30 MG/ML Injectable Solution', iv: true },
  { rxcui: firstRxcui(ANTIBIOTICS), text: 'Vancomycin 1000 MG Injection', iv: true },
  { text: 'Piperacillin 4000 MG / tazobactam 500 MG Injection', iv: true },
  { text: 'Norepinephrine 1 MG/ML Injectable Solution', iv: true },
  { text: 'Sodium polystyrene sulfonate 15 G/60ML Oral Suspension' },
  { text: 'Hydrochlorothiazide 25 MG Oral Tablet' },
  { text: 'Ferrous sulfate 325 MG Oral Tablet' },
  { text: 'Heparin sodium 5000 UNT/ML Injectable Solution', iv: true },
  { text: 'oxygen' },
  { rxcui: '310965', text: 'Ibuprofen 200 MG Oral Tablet' },
];

export const PROCEDURES: ReadonlyArray<readonly [system: string, code: string, display: string]> = [
  [SYSTEM.SNOMED, HEMATOLOGY_SNOMED.TRANSFUSION_OF_RED_BLOOD_CELLS, 'Transfusion of red blood cells (procedure)'],
  [SYSTEM.SNOMED, HEMATOLOGY_SNOMED.PLATELET_TRANSFUSION, 'Platelet transfusion (procedure)'],
  [SYSTEM.SNOMED, [...DIALYSIS_PROCEDURES.snomed][0]!, 'Hemodialysis (procedure)'],
  [SYSTEM.CPT, [...DIALYSIS_PROCEDURES.cpt][0]!, 'Hemodialysis procedure with single evaluation'],
  ...Object.entries(OXYGEN_SUPPORT_PROCEDURES).slice(0, 4).map(([code, display]) => [SYSTEM.SNOMED, code, display] as const),
  [SYSTEM.SNOMED, '112798008', 'Insertion of endotracheal tube (procedure)'],
  [SYSTEM.SNOMED, '73761001', 'Colonoscopy'],
  [SYSTEM.SNOMED, '609588000', 'Total knee replacement'],
];

const V3_ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const DIAGNOSIS_ROLE = 'http://terminology.hl7.org/CodeSystem/diagnosis-role';
const DIAGNOSIS_TYPE = 'http://terminology.hl7.org/CodeSystem/ex-diagnosistype';
const LATERALITY = [['24028007', 'Right'], ['7771000', 'Left'], ['51440002', 'Bilateral']] as const;

// ---- Scenario specs -------------------------------------------------------------------------------------

const HOUR = 3_600_000;

export interface LabSeriesSpec { lab: number; unit: number; values: number[]; startHour: number; stepHours: number; timeForm: number; inAdmission: boolean }
export interface ConditionSpec {
  coding: 'icd' | 'snomed' | 'both' | 'mismatch' | 'who';
  icd: number; snomed: number;
  clinical: 'active' | 'resolved' | 'inactive' | undefined;
  verification: 'confirmed' | 'provisional' | 'refuted' | 'entered-in-error' | undefined;
  encounter: 'admission' | 'prior' | 'none';
  onEncounter: boolean; rank: number; role: 'AD' | 'DD' | 'billing' | 'CC';
  recordedHour: number; laterality: number | undefined;
}
export interface ClaimSpec {
  diagnoses: Array<{ icd: number; byReference: boolean }>;
  principal: boolean; eob: boolean; encounter: 'admission' | 'prior' | 'none'; createdHour: number;
}
export interface MedicationSpec {
  med: number; form: 'concept' | 'contained' | 'reference' | 'display';
  status: 'active' | 'stopped' | 'completed' | 'draft' | 'on-hold';
  intent: 'order' | 'proposal' | 'plan';
  administered: boolean; reason: boolean; hour: number;
}
export interface ScenarioSpec {
  style: 'relative' | 'urn';
  gender: 'male' | 'female' | 'other' | 'unknown' | undefined;
  birthDate: string;
  deceased: boolean;
  admissionStartDay: number; // days before `now`
  admissionHours: number;
  finished: boolean;
  admissionClass: 'IMP' | 'EMER' | 'AMB' | 'ACUTE';
  prior: boolean;
  labs: LabSeriesSpec[];
  bloodPressure: Array<{ systolic: number; diastolic: number; hour: number }>;
  stages: Array<{ hour: number; form: 'coded' | 'string' | 'integer' }>;
  bloodCulture: boolean;
  conditions: ConditionSpec[];
  claims: ClaimSpec[];
  medications: MedicationSpec[];
  procedures: Array<{ proc: number; hour: number; notDone: boolean }>;
}

const NOW_MS = Date.parse('2021-03-15T12:00:00Z');

const labSeriesArb: fc.Arbitrary<LabSeriesSpec> = fc.record({
  lab: fc.nat({ max: LABS.length - 1 }),
  unit: fc.nat({ max: 3 }),
  values: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
  startHour: fc.integer({ min: -240, max: 200 }),
  stepHours: fc.integer({ min: 1, max: 60 }),
  timeForm: fc.nat({ max: 3 }),
  inAdmission: fc.boolean(),
});

const conditionArb: fc.Arbitrary<ConditionSpec> = fc.record({
  coding: fc.constantFrom('icd', 'snomed', 'both', 'mismatch', 'who'),
  icd: fc.nat({ max: ICD10CM_CODES.length - 1 }),
  snomed: fc.nat({ max: SNOMED_CONDITIONS.length - 1 }),
  clinical: fc.constantFrom('active', 'resolved', 'inactive', undefined),
  verification: fc.constantFrom('confirmed', 'provisional', 'refuted', 'entered-in-error', undefined),
  encounter: fc.constantFrom('admission', 'prior', 'none'),
  onEncounter: fc.boolean(),
  rank: fc.integer({ min: 1, max: 3 }),
  role: fc.constantFrom('AD', 'DD', 'billing', 'CC'),
  recordedHour: fc.integer({ min: -9000, max: 200 }),
  laterality: fc.option(fc.nat({ max: LATERALITY.length - 1 }), { nil: undefined }),
}) as fc.Arbitrary<ConditionSpec>;

const claimArb: fc.Arbitrary<ClaimSpec> = fc.record({
  diagnoses: fc.array(fc.record({ icd: fc.nat({ max: ICD10CM_CODES.length - 1 }), byReference: fc.boolean() }), { minLength: 1, maxLength: 4 }),
  principal: fc.boolean(),
  eob: fc.boolean(),
  encounter: fc.constantFrom('admission', 'prior', 'none'),
  createdHour: fc.integer({ min: -400, max: 200 }),
}) as fc.Arbitrary<ClaimSpec>;

const medicationArb: fc.Arbitrary<MedicationSpec> = fc.record({
  med: fc.nat({ max: MEDICATIONS.length - 1 }),
  form: fc.constantFrom('concept', 'contained', 'reference', 'display'),
  status: fc.constantFrom('active', 'stopped', 'completed', 'draft', 'on-hold'),
  intent: fc.constantFrom('order', 'proposal', 'plan'),
  administered: fc.boolean(),
  reason: fc.boolean(),
  hour: fc.integer({ min: -48, max: 200 }),
}) as fc.Arbitrary<MedicationSpec>;

export const scenarioArb: fc.Arbitrary<ScenarioSpec> = fc.record({
  style: fc.constantFrom('relative', 'urn'),
  gender: fc.constantFrom('male', 'female', 'other', 'unknown', undefined),
  birthDate: fc.constantFrom('1950-06-15', '1938-02-28', '1990-01-01', '2004-07-04', '2020-11-30', '1960', '1975-05'),
  deceased: fc.boolean(),
  admissionStartDay: fc.integer({ min: 0, max: 40 }),
  admissionHours: fc.integer({ min: 1, max: 400 }),
  finished: fc.boolean(),
  admissionClass: fc.constantFrom('IMP', 'EMER', 'AMB', 'ACUTE'),
  prior: fc.boolean(),
  labs: fc.array(labSeriesArb, { maxLength: 10 }),
  bloodPressure: fc.array(fc.record({ systolic: fc.integer({ min: 60, max: 200 }), diastolic: fc.integer({ min: 30, max: 120 }), hour: fc.integer({ min: 0, max: 200 }) }), { maxLength: 3 }),
  stages: fc.array(fc.record({ hour: fc.integer({ min: 0, max: 200 }), form: fc.constantFrom('coded', 'string', 'integer') }), { maxLength: 2 }),
  bloodCulture: fc.boolean(),
  conditions: fc.array(conditionArb, { maxLength: 6 }),
  claims: fc.array(claimArb, { maxLength: 3 }),
  medications: fc.array(medicationArb, { maxLength: 5 }),
  procedures: fc.array(fc.record({ proc: fc.nat({ max: PROCEDURES.length - 1 }), hour: fc.integer({ min: -24, max: 200 }), notDone: fc.boolean() }), { maxLength: 3 }),
}) as fc.Arbitrary<ScenarioSpec>;

/** A valid Synthea-shaped record, the `now` to review it at, and its encounters. */
export interface Scenario {
  resources: JsonObject[];
  now: string;
  style: ScenarioSpec['style'];
}

function iso(ms: number, form = 0): string {
  const z = new Date(ms).toISOString();
  switch (form % 4) {
    case 1: return z.replace(/\.\d{3}Z$/, '+00:00'); // Synthea
    case 2: return `${new Date(ms - 5 * HOUR).toISOString().slice(0, 19)}-05:00`;
    case 3: return z.slice(0, 10);
    default: return z;
  }
}

const round = (value: number) => Math.round(value * 100) / 100;

/** Builds the resources a spec describes. Pure: a fresh tree at every call. */
export function buildScenario(spec: ScenarioSpec, salt = 0): Scenario {
  let counter = 0;
  const newId = () => `c1a21f${(salt % 256).toString(16).padStart(2, '0')}-0000-4000-8000-${(++counter).toString(16).padStart(12, '0')}`;
  const ref = (type: string, id: string) => (spec.style === 'urn' ? `urn:uuid:${id}` : `${type}/${id}`);
  const resources: JsonObject[] = [];
  const push = <T extends JsonObject>(resource: T): T => (resources.push(resource), resource);
  const meta = { meta: { tag: [{ system: 'https://smarthealthit.org/tags', code: 'synthea-5-2019' }] } };

  const organizationId = newId();
  push({ resourceType: 'Organization', id: organizationId, ...meta, identifier: [{ system: 'https://github.com/synthetichealth/synthea', value: organizationId }], active: true, type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'prov', display: 'Healthcare Provider' }], text: 'Healthcare Provider' }], name: 'NORTH SHORE MEDICAL CENTER -', telecom: [{ system: 'phone', value: '9787411215' }], address: [{ line: ['81 HIGHLAND AVENUE'], city: 'SALEM', state: 'MA', postalCode: '01970', country: 'US' }] });
  const practitionerId = newId();
  push({ resourceType: 'Practitioner', id: practitionerId, ...meta, identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '160' }], active: true, name: [{ family: 'Hilpert', given: ['Sharyl'], prefix: ['Dr.'] }, { use: 'old', text: 'S. Hilpert' }], gender: 'female' });
  const locationId = newId();
  push({ resourceType: 'Location', id: locationId, status: 'active', name: 'NORTH SHORE MEDICAL CENTER - 4 West', physicalType: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'wa' }] }, managingOrganization: { reference: ref('Organization', organizationId) } });
  push({ resourceType: 'PractitionerRole', id: newId(), active: true, practitioner: { reference: ref('Practitioner', practitionerId), display: 'Dr. Sharyl Hilpert' }, organization: { reference: ref('Organization', organizationId) }, code: [{ coding: [{ system: 'http://nucc.org/provider-taxonomy', code: '208D00000X', display: 'General Practice' }] }], specialty: [{ coding: [{ system: SYSTEM.SNOMED, code: '394814009', display: 'General practice' }] }] });

  const patientId = newId();
  const patientRef = { reference: ref('Patient', patientId) };
  push({
    resourceType: 'Patient', id: patientId, ...meta,
    text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Generated by <a href="https://github.com/synthetichealth/synthea">Synthea</a></div>' },
    extension: [{ url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex', valueCode: spec.gender === 'female' ? 'F' : 'M' }],
    identifier: [{ system: 'https://github.com/synthetichealth/synthea', value: patientId }, { type: { coding: [{ system: SYSTEM.V2_IDENTIFIER_TYPE, code: 'MR', display: 'Medical Record Number' }], text: 'Medical Record Number' }, system: 'http://hospital.smarthealthit.org', value: patientId }],
    name: [{ use: 'official', family: 'Friesen354', given: ['Tommy'], prefix: ['Mr.'] }],
    telecom: [{ system: 'phone', value: '555-190-9811', use: 'home' }],
    ...(spec.gender ? { gender: spec.gender } : {}), birthDate: spec.birthDate,
    ...(spec.deceased ? { deceasedDateTime: '2021-03-20T00:00:00-05:00' } : {}),
    address: [{ line: ['1 Main St'], city: 'Salem', state: 'MA', country: 'US' }],
  });

  const admissionStart = NOW_MS - spec.admissionStartDay * 24 * HOUR;
  const at = (hours: number) => admissionStart + hours * HOUR;
  const admissionId = newId();
  const admission = push({
    resourceType: 'Encounter', id: admissionId, ...meta, status: spec.finished ? 'finished' : 'in-progress',
    class: { system: V3_ACT_CODE, code: spec.admissionClass },
    type: [{ coding: [{ system: SYSTEM.SNOMED, code: '32485007', display: 'Hospital admission (procedure)' }], text: 'Hospital admission (procedure)' }],
    subject: patientRef, participant: [{ individual: { reference: ref('Practitioner', practitionerId), display: 'Dr. Sharyl Hilpert' } }],
    period: { start: iso(admissionStart, 1), ...(spec.finished ? { end: iso(at(spec.admissionHours), 1) } : {}) },
    serviceProvider: { reference: ref('Organization', organizationId) },
    location: [{ location: { reference: ref('Location', locationId) }, status: 'active' }],
    hospitalization: { dischargeDisposition: { coding: [{ system: 'http://www.nubc.org/patient-discharge', code: '01' }] } },
  } as JsonObject);
  let priorId: string | undefined;
  if (spec.prior) {
    priorId = newId();
    push({
      resourceType: 'Encounter', id: priorId, ...meta, status: 'finished', class: { system: V3_ACT_CODE, code: 'AMB' },
      type: [{ coding: [{ system: SYSTEM.SNOMED, code: '185349003', display: 'Encounter for check up (procedure)' }] }],
      subject: patientRef, period: { start: iso(at(-24 * 120), 1), end: iso(at(-24 * 120 + 1), 1) },
      serviceProvider: { reference: ref('Organization', organizationId) },
    });
  }
  const encounterRef = (which: 'admission' | 'prior' | 'none') =>
    which === 'admission' ? { encounter: { reference: ref('Encounter', admissionId) } }
      : which === 'prior' && priorId ? { encounter: { reference: ref('Encounter', priorId) } } : {};

  // Observations
  const observationIds: string[] = [];
  const observation = (loinc: string, display: string, category: string, ms: number, form: number, value: JsonObject, inAdmission: boolean) => {
    const id = newId();
    observationIds.push(id);
    push({
      resourceType: 'Observation', id, ...meta, status: 'final',
      category: [{ coding: [{ system: SYSTEM.OBSERVATION_CATEGORY, code: category, display: category }] }],
      code: { coding: [{ system: SYSTEM.LOINC, code: loinc, display }], text: display },
      subject: patientRef, ...(inAdmission ? encounterRef('admission') : {}),
      effectiveDateTime: iso(ms, form), issued: new Date(ms).toISOString(), ...value,
    });
  };
  for (const series of spec.labs) {
    const def = LABS[series.lab % LABS.length]!;
    const [unit, factor] = def.units[series.unit % def.units.length]!;
    series.values.forEach((fraction, i) => {
      const canonical = def.min + fraction * (def.max - def.min);
      observation(def.loinc, def.display, def.category, at(series.startHour + i * series.stepHours), series.timeForm,
        { valueQuantity: { value: round(canonical * factor), unit, system: SYSTEM.UCUM, code: unit } }, series.inAdmission);
    });
  }
  for (const bp of spec.bloodPressure) {
    const id = newId();
    observationIds.push(id);
    push({
      resourceType: 'Observation', id, ...meta, status: 'final',
      category: [{ coding: [{ system: SYSTEM.OBSERVATION_CATEGORY, code: 'vital-signs', display: 'vital-signs' }] }],
      code: { coding: [{ system: SYSTEM.LOINC, code: LOINC.BLOOD_PRESSURE_SYNTHEA, display: 'Blood Pressure' }], text: 'Blood Pressure' },
      subject: patientRef, ...encounterRef('admission'), effectiveDateTime: iso(at(bp.hour), 1), issued: iso(at(bp.hour)),
      component: [
        { code: { coding: [{ system: SYSTEM.LOINC, code: LOINC.DIASTOLIC_BP, display: 'Diastolic Blood Pressure' }], text: 'Diastolic Blood Pressure' }, valueQuantity: { value: bp.diastolic, unit: 'mm[Hg]', system: SYSTEM.UCUM, code: 'mm[Hg]' } },
        { code: { coding: [{ system: SYSTEM.LOINC, code: LOINC.SYSTOLIC_BP, display: 'Systolic Blood Pressure' }], text: 'Systolic Blood Pressure' }, valueQuantity: { value: bp.systolic, unit: 'mm[Hg]', system: SYSTEM.UCUM, code: 'mm[Hg]' } },
      ],
    });
  }
  for (const stage of spec.stages) {
    const value = stage.form === 'coded'
      ? { valueCodeableConcept: { coding: [{ system: SYSTEM.LOINC, code: 'LA17636-9', display: 'Stage 2' }], text: 'Stage 2' } }
      : stage.form === 'string' ? { valueString: 'Stage 3' } : { valueInteger: 4 };
    observation(PRESSURE_INJURY_STAGE_LOINC.MDS, 'Pressure injury stage', 'survey', at(stage.hour), 0, value, true);
  }
  if (spec.bloodCulture) {
    observation(BLOOD_CULTURE_LOINC.BLOOD_CULTURE, 'Blood Culture, Routine', 'laboratory', at(2), 1,
      { valueCodeableConcept: { coding: [{ system: SYSTEM.SNOMED, code: '3092008', display: 'Staphylococcus aureus' }], text: 'Staphylococcus aureus' } }, true);
    push({ resourceType: 'ServiceRequest', id: newId(), status: 'active', intent: 'order', category: [{ coding: [{ system: SYSTEM.SNOMED, code: '108252007', display: 'Laboratory procedure' }] }], code: { coding: [{ system: SYSTEM.LOINC, code: BLOOD_CULTURE_LOINC.BLOOD_CULTURE, display: 'Blood Culture, Routine' }] }, subject: patientRef, ...encounterRef('admission'), authoredOn: iso(at(1), 1), occurrenceDateTime: iso(at(1), 1) });
  }
  if (observationIds.length > 0) {
    push({
      resourceType: 'DiagnosticReport', id: newId(), ...meta, status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB', display: 'Laboratory' }] }],
      code: { coding: [{ system: SYSTEM.LOINC, code: '51990-0', display: 'Basic Metabolic Panel' }], text: 'Basic Metabolic Panel' },
      subject: patientRef, ...encounterRef('admission'), effectiveDateTime: iso(at(0), 1), issued: iso(at(0)),
      result: observationIds.slice(0, 4).map((id) => ({ reference: ref('Observation', id), display: 'result' })),
    });
  }

  // Clinical notes (issue 13): a progress note inline, a discharge summary by link to a Binary, a report's presented form.
  const noteText = btoa('# Assessment and Plan\nHyponatremia, fluid restriction. No evidence of acute kidney injury. Possible sepsis; history of CHF.');
  push({
    resourceType: 'DocumentReference', id: newId(), ...meta, status: 'current', docStatus: 'final',
    type: { coding: [{ system: SYSTEM.LOINC, code: '11506-3', display: 'Progress note' }] },
    category: [{ coding: [{ system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category', code: 'clinical-note' }] }],
    subject: patientRef, date: iso(at(1), 1), author: [{ reference: ref('Practitioner', practitionerId) }],
    content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data: noteText } }],
    context: { encounter: [{ reference: ref('Encounter', admissionId) }], period: { start: iso(at(1), 1) } },
  });
  const binaryId = newId();
  push({ resourceType: 'Binary', id: binaryId, contentType: 'text/html', data: btoa('<h2>Discharge Diagnoses</h2><p>Acute on chronic systolic heart failure.</p><script>x()</script>') });
  push({
    resourceType: 'DocumentReference', id: newId(), ...meta, status: 'current',
    type: { coding: [{ system: SYSTEM.LOINC, code: '18842-5', display: 'Discharge summary' }] },
    subject: patientRef, date: iso(at(2), 1),
    content: [{ attachment: { contentType: 'text/html', url: ref('Binary', binaryId) } }, { attachment: { contentType: 'application/pdf', data: btoa('%PDF-1.4') } }],
    context: { encounter: [{ reference: ref('Encounter', admissionId) }] },
  });
  push({
    resourceType: 'DiagnosticReport', id: newId(), ...meta, status: 'final', code: { text: 'Chest X-ray' },
    subject: patientRef, ...encounterRef('admission'), effectiveDateTime: iso(at(1), 1),
    presentedForm: [{ contentType: 'text/plain', data: btoa('Impression: right lower lobe pneumonia, possible effusion.') }],
  });

  // Conditions (and the admission's Encounter.diagnosis)
  const conditionIds: string[] = [];
  const admissionDiagnoses: JsonObject[] = [];
  for (const c of spec.conditions) {
    const icd = ICD10CM_CODES[c.icd % ICD10CM_CODES.length]!;
    const snomed = SNOMED_CONDITIONS[c.snomed % SNOMED_CONDITIONS.length]!;
    const mapped = SNOMED_TO_ICD10CM.get(snomed);
    const icdCoding = { system: SYSTEM.ICD10CM, code: icd, display: icd };
    const snomedCoding = { system: SYSTEM.SNOMED, code: snomed, display: mapped?.display ?? snomed };
    const coding = c.coding === 'icd' ? [icdCoding]
      : c.coding === 'snomed' ? [snomedCoding]
        : c.coding === 'both' ? [snomedCoding, ...(mapped?.icd10 ? [{ system: SYSTEM.ICD10CM, code: mapped.icd10, display: mapped.title }] : [])]
          : c.coding === 'mismatch' ? [snomedCoding, icdCoding]
            : [{ system: SYSTEM.ICD10_WHO, code: icd, display: icd }];
    const id = newId();
    conditionIds.push(id);
    const laterality = c.laterality === undefined ? undefined : LATERALITY[c.laterality % LATERALITY.length]!;
    push({
      resourceType: 'Condition', id, ...meta,
      ...(c.clinical ? { clinicalStatus: { coding: [{ system: SYSTEM.CONDITION_CLINICAL, code: c.clinical }] } } : {}),
      ...(c.verification ? { verificationStatus: { coding: [{ system: SYSTEM.CONDITION_VERIFICATION, code: c.verification }] } } : {}),
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis', display: 'Encounter Diagnosis' }] }],
      code: { coding, text: coding[0]!.display ?? icd },
      ...(laterality ? { bodySite: [{ coding: [{ system: SYSTEM.SNOMED, code: laterality[0], display: laterality[1] }], text: laterality[1] }] } : {}),
      subject: patientRef, ...encounterRef(c.encounter),
      onsetDateTime: iso(at(c.recordedHour), 1), recordedDate: iso(at(c.recordedHour), 1),
    });
    if (c.onEncounter) {
      admissionDiagnoses.push({ condition: { reference: ref('Condition', id) }, use: { coding: [{ system: DIAGNOSIS_ROLE, code: c.role }] }, rank: c.rank });
    }
  }
  if (admissionDiagnoses.length > 0) admission.diagnosis = admissionDiagnoses;

  // Claims and EOBs, Synthea-shaped
  for (const claim of spec.claims) {
    const id = newId();
    const created = iso(at(claim.createdHour), 1);
    const encounter = claim.encounter === 'admission' ? admissionId : claim.encounter === 'prior' ? priorId : undefined;
    const diagnosis = claim.diagnoses.map((d, i) => {
      const conditionId = d.byReference && conditionIds.length > 0 ? conditionIds[d.icd % conditionIds.length] : undefined;
      return {
        sequence: i + 1,
        ...(conditionId ? { diagnosisReference: { reference: ref('Condition', conditionId) } }
          : { diagnosisCodeableConcept: { coding: [{ system: SYSTEM.ICD10CM, code: ICD10CM_CODES[d.icd % ICD10CM_CODES.length]! }] } }),
        ...(i === 0 && claim.principal ? { type: [{ coding: [{ system: DIAGNOSIS_TYPE, code: 'principal' }] }] } : {}),
      };
    });
    const common = {
      status: 'active', type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'institutional' }] }, use: 'claim',
      patient: patientRef, billablePeriod: { start: created, end: created }, created,
      provider: { reference: ref('Organization', organizationId) }, priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/processpriority', code: 'normal' }] },
      diagnosis, insurance: [{ sequence: 1, focal: true, coverage: { display: 'private' } }],
      item: [
        { sequence: 1, productOrService: { coding: [{ system: SYSTEM.SNOMED, code: '32485007', display: 'Hospital admission (procedure)' }] }, ...(encounter ? { encounter: [{ reference: ref('Encounter', encounter) }] } : {}) },
        { sequence: 2, diagnosisSequence: diagnosis.map((d) => d.sequence), productOrService: { text: 'diagnoses' } },
      ],
      total: { value: 125, currency: 'USD' },
    };
    push({ resourceType: 'Claim', id, ...meta, ...common });
    if (claim.eob) {
      push({
        resourceType: 'ExplanationOfBenefit', id: newId(), ...meta,
        contained: [
          { resourceType: 'ServiceRequest', id: 'referral', status: 'completed', intent: 'order', subject: patientRef },
          { resourceType: 'Coverage', id: 'coverage', status: 'active', type: { text: 'private' }, beneficiary: patientRef, payor: [{ display: 'private' }] },
        ],
        ...common, referral: { reference: '#referral' }, claim: { reference: ref('Claim', id) }, outcome: 'complete',
      });
    }
  }

  // Medications
  for (const m of spec.medications) {
    const def = MEDICATIONS[m.med % MEDICATIONS.length]!;
    const concept = def.rxcui ? { coding: [{ system: SYSTEM.RXNORM, code: def.rxcui, display: def.text }], text: def.text } : { text: def.text };
    const id = newId();
    let medication: JsonObject;
    const extra: JsonObject = {};
    if (m.form === 'concept') medication = { medicationCodeableConcept: concept };
    else if (m.form === 'contained') {
      medication = { medicationReference: { reference: '#med' } };
      extra.contained = [{ resourceType: 'Medication', id: 'med', code: concept, status: 'active' }];
    } else if (m.form === 'reference') {
      const medicationId = newId();
      push({ resourceType: 'Medication', id: medicationId, code: concept, status: 'active' });
      medication = { medicationReference: { reference: ref('Medication', medicationId), display: def.text } };
    } else medication = { medicationReference: { display: def.text } };
    const reason = m.reason && conditionIds.length > 0 ? { reasonReference: [{ reference: ref('Condition', conditionIds[m.med % conditionIds.length]!) }] } : {};
    const route = def.iv ? { route: { coding: [{ system: SYSTEM.SNOMED, code: '47625008', display: 'Intravenous route' }], text: 'IV' } } : {};
    push({
      resourceType: 'MedicationRequest', id, ...meta, ...extra, status: m.status, intent: m.intent, ...medication,
      subject: patientRef, ...encounterRef('admission'), authoredOn: iso(at(m.hour), 1),
      requester: { reference: ref('Practitioner', practitionerId) }, ...reason,
      dosageInstruction: [{ sequence: 1, text: 'as directed', ...route, asNeededBoolean: false, doseAndRate: [{ doseQuantity: { value: 40, unit: 'mg', system: SYSTEM.UCUM, code: 'mg' } }] }],
    });
    if (m.administered) {
      push({
        resourceType: 'MedicationAdministration', id: newId(), ...extra, status: 'completed', ...medication,
        subject: patientRef, context: { reference: ref('Encounter', admissionId) }, effectiveDateTime: iso(at(m.hour + 1), 1),
        request: { reference: ref('MedicationRequest', id) }, ...reason, dosage: { ...route, dose: { value: 40, unit: 'mg' } },
      });
    }
  }

  for (const p of spec.procedures) {
    const [system, code, display] = PROCEDURES[p.proc % PROCEDURES.length]!;
    push({
      resourceType: 'Procedure', id: newId(), ...meta, status: p.notDone ? 'not-done' : 'completed',
      code: { coding: [{ system, code, display }], text: display }, subject: patientRef, ...encounterRef('admission'),
      performedPeriod: { start: iso(at(p.hour), 1), end: iso(at(p.hour + 1), 1) },
    });
  }

  // Types the record keeps as they came
  push({ resourceType: 'AllergyIntolerance', id: newId(), clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] }, verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'confirmed' }] }, type: 'allergy', category: ['food'], criticality: 'low', code: { coding: [{ system: SYSTEM.SNOMED, code: '91935009', display: 'Allergy to peanuts' }] }, patient: patientRef, recordedDate: iso(at(-24 * 400), 1) });
  push({ resourceType: 'DocumentReference', id: newId(), status: 'current', type: { coding: [{ system: SYSTEM.LOINC, code: '34117-2', display: 'History and physical note' }] }, category: [{ coding: [{ system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category', code: 'clinical-note' }] }], subject: patientRef, date: iso(at(1)), author: [{ reference: ref('Practitioner', practitionerId) }], content: [{ attachment: { contentType: 'text/plain', data: 'SGVsbG8=' } }], context: { encounter: [{ reference: ref('Encounter', admissionId) }], period: { start: iso(admissionStart) } } });
  push({ resourceType: 'CareTeam', id: newId(), status: 'active', subject: patientRef, ...encounterRef('admission'), period: { start: iso(admissionStart, 1) }, participant: [{ role: [{ coding: [{ system: SYSTEM.SNOMED, code: '223366009', display: 'Healthcare professional' }] }], member: { reference: ref('Practitioner', practitionerId), display: 'Dr. Sharyl Hilpert' } }, { role: [{ text: 'Hospital' }], member: { reference: ref('Organization', organizationId) } }], managingOrganization: [{ reference: ref('Organization', organizationId) }] });
  const issueId = newId();
  push({ resourceType: 'DetectedIssue', id: issueId, status: 'preliminary', code: { coding: [{ system: SYSTEM.CLARIFY, code: CLARIFY_CODE.FINDING }], text: 'Sodium below 135 mmol/L twice' }, patient: patientRef, identifiedDateTime: iso(NOW_MS), implicated: observationIds.slice(0, 2).map((id) => ({ reference: ref('Observation', id) })), detail: 'Sodium 131 mmol/L' });
  push({ resourceType: 'Task', id: newId(), status: 'requested', intent: 'order', code: { coding: [{ system: SYSTEM.CLARIFY, code: CLARIFY_CODE.QUERY }] }, focus: { reference: ref('DetectedIssue', issueId) }, for: patientRef, encounter: { reference: ref('Encounter', admissionId) }, authoredOn: iso(NOW_MS), requester: { reference: ref('Practitioner', practitionerId) }, owner: { reference: ref('Practitioner', practitionerId) }, input: [{ type: { text: 'question' }, valueString: 'Please clarify the diagnosis.' }] });

  return { resources, now: new Date(NOW_MS + 2 * HOUR).toISOString(), style: spec.style };
}

/** The scenario as a Bundle: a transaction with `urn:uuid:` fullUrls (Synthea) or a collection/searchset. */
export function bundleOf(scenario: Scenario, type: 'transaction' | 'collection' | 'searchset' | 'batch'): JsonObject {
  return {
    resourceType: 'Bundle', id: 'bundle-1', type,
    entry: scenario.resources.map((resource) => ({
      fullUrl: scenario.style === 'urn' || type === 'transaction' ? `urn:uuid:${resource.id as string}` : `http://example.org/fhir/${resource.resourceType as string}/${resource.id as string}`,
      resource,
      ...(type === 'transaction' || type === 'batch' ? { request: { method: 'POST', url: resource.resourceType } } : {}),
      ...(type === 'searchset' ? { search: { mode: 'match' } } : {}),
    })),
  };
}

// ---- Adversarial values ---------------------------------------------------------------------------------

const HUGE = 300_000;
const nested = (depth: number, leaf: unknown, wrap: (inner: unknown) => unknown) => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
};

/** Named adversarial values; each call builds a fresh one. Objects with odd keys come from JSON.parse, as JSON input would. */
export const ADVERSARIAL: Readonly<Record<string, () => unknown>> = {
  'null': () => null,
  'zero': () => 0,
  'minus-one': () => -1,
  'minus-zero': () => -0,
  '1e308': () => 1e308,
  '-1e308': () => -1e308,
  '2^53+2': () => 2 ** 53 + 2,
  '0.5': () => 0.5,
  'true': () => true,
  'false': () => false,
  'empty-string': () => '',
  'whitespace': () => ' \t\n ',
  '300k-x': () => 'x'.repeat(HUGE),
  '300k-icd10': () => `E11.${'9'.repeat(HUGE)}`,
  '300k-dots': () => '.'.repeat(HUGE),
  '300k-spaces-code': () => `${' '.repeat(HUGE)}E11.9${' '.repeat(HUGE)}`,
  '300k-reference': () => `Patient/${'a'.repeat(HUGE)}`,
  '300k-urn': () => `urn:uuid:${'0'.repeat(HUGE)}`,
  '300k-absolute': () => `http://example.org/fhir/${'a/'.repeat(HUGE / 2)}Patient/x`,
  '300k-date': () => `2021-${'0'.repeat(HUGE)}`,
  '300k-words': () => 'furosemide warfarin '.repeat(HUGE / 20),
  'terminal-escape': () => '\u001b[2J\u001b[H\u0007\u0000\r\b',
  'html': () => '</script><img src=x onerror=alert(1)>',
  'unicode': () => 'Zoë 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u202e\u200b\ufeff 中文 🙂 \u2028\u2029',
  'lone-surrogate': () => '\ud800x\udc00',
  '__proto__': () => '__proto__',
  'constructor': () => 'constructor',
  'toString': () => 'toString',
  'valueOf': () => 'valueOf',
  'hasOwnProperty': () => 'hasOwnProperty',
  'date-2021-02-30': () => '2021-02-30',
  'date-03/02/2021': () => '03/02/2021',
  'date-2021-13-01T25': () => '2021-13-01T25:00:00Z',
  'date-2021': () => '2021',
  'date-2020-02-29': () => '2020-02-29',
  'date-0000': () => '0000-01-01',
  'date-far-future': () => '9999-12-31T23:59:59+14:00',
  'date-bad-offset': () => '2021-03-01T10:00:00+99:99',
  'date-no-zone': () => '2021-03-01T10:00:00',
  'date-leap-second': () => '2016-12-31T23:59:60Z',
  'max-safe-int': () => Number.MAX_SAFE_INTEGER,
  'min-safe-int': () => Number.MIN_SAFE_INTEGER,
  '1e21': () => 1e21,
  'date-0001': () => '0001-01-01T00:00:00Z',
  'date-9999-nanos': () => '9999-12-31T23:59:59.999999999+14:00',
  'date-1900': () => '1900',
  'date-minus-14': () => '2021-03-15T12:00:00-14:00',
  'code-256-spaces': () => `E11.9${' '.repeat(251)}`,
  'type-Condition': () => 'Condition',
  'type-Observation': () => 'Observation',
  'type-Encounter': () => 'Encounter',
  'type-Claim': () => 'Claim',
  'type-ExplanationOfBenefit': () => 'ExplanationOfBenefit',
  'type-MedicationRequest': () => 'MedicationRequest',
  'type-Medication': () => 'Medication',
  'type-Patient': () => 'Patient',
  'type-Bundle': () => 'Bundle',
  'ref-relative': () => 'Encounter/unknown',
  'ref-hash': () => '#',
  'ref-hash-proto': () => '#__proto__',
  'ref-urn-empty': () => 'urn:uuid:',
  'ref-history': () => 'Patient/x/_history/1',
  'ref-Object': () => 'Object/constructor',
  'icd-E11.9': () => 'E11.9',
  'icd-lower': () => 'i50.9',
  'icd-header': () => 'E11',
  'icd-O24.419': () => 'O24.419',
  'empty-array': () => [],
  'array-null': () => [null],
  'array-mixed': () => [null, 1, 'x', {}, [], true],
  'array-strings': () => ['E11.9', 'Patient/x'],
  'nested-array-2000': () => nested(2000, [], (inner) => [inner]),
  'nested-object-2000': () => nested(2000, {}, (inner) => ({ coding: inner })),
  'empty-object': () => ({}),
  'proto-keys': () => JSON.parse('{"__proto__":{"polluted":true,"code":"E11.9"},"constructor":{"prototype":{"polluted":true}},"toString":"x","valueOf":1,"hasOwnProperty":null}'),
  'proto-coding': () => JSON.parse('{"coding":{"__proto__":{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"E11.9"}},"__proto__":[],"text":{"toString":1}}'),
  'proto-array': () => JSON.parse('[{"__proto__":null,"system":"http://loinc.org","code":"2951-2"}]'),
  'coding-object': () => ({ coding: { system: SYSTEM.ICD10CM, code: 'E11.9' } }),
  'coding-with-nulls': () => ({ coding: [null, { system: SYSTEM.ICD10CM, code: 'E11.9' }, null], text: null }),
  'coding-number-code': () => ({ coding: [{ system: SYSTEM.ICD10CM, code: 119 }, { system: SYSTEM.LOINC, code: 2951 }] }),
  'coding-array-code': () => ({ coding: [{ system: SYSTEM.ICD10CM, code: ['E11.9'] }] }),
  'reference-number': () => ({ reference: 42 }),
  'reference-object': () => ({ reference: { reference: 'Patient/x' } }),
  'reference-proto': () => JSON.parse('{"reference":"#__proto__","__proto__":{"reference":"Encounter/x"}}'),
  'quantity-proto-unit': () => ({ value: 120, unit: '__proto__', system: SYSTEM.UCUM, code: '__proto__' }),
  'quantity-constructor-unit': () => ({ value: 120, unit: 'constructor', code: 'toString' }),
  'quantity-string-value': () => ({ value: '120', unit: 'mmol/L' }),
  'quantity-huge': () => ({ value: 1e308, unit: 'mmol/L', code: 'mmol/L' }),
  'quantity-negative': () => ({ value: -1, unit: 'mg/dL', code: 'mg/dL' }),
  'quantity-zero': () => ({ value: 0, unit: 'umol/L', code: 'umol/L' }),
  'quantity-minus-zero': () => ({ value: -0, unit: 'g/L', code: 'g/L' }),
  'period-bad': () => ({ start: '2021-02-30', end: '2021' }),
  'period-reversed': () => ({ start: '2021-03-10T00:00:00Z', end: '2021-03-01T00:00:00Z' }),
  'period-year': () => ({ start: '2021', end: '2021' }),
  'resource-patient': () => ({ resourceType: 'Patient', id: 'x' }),
  'contained-odd': () => JSON.parse('[{"resourceType":"Medication"},{"resourceType":"Medication","id":"__proto__","code":"x"},{"resourceType":"Medication","id":"med","contained":[{"resourceType":"Medication","id":"med"}]},null,"med"]'),
  'entry-object': () => ({ resource: { resourceType: 'Patient', id: 'p' }, fullUrl: 7 }),
  'diagnosis-odd': () => JSON.parse('[{"sequence":"1","diagnosisCodeableConcept":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"E11.9"}]}},{"sequence":-1},{"sequence":1e308,"diagnosisReference":{"reference":"#"}},null]'),
};

export const ADVERSARIAL_NAMES = Object.keys(ADVERSARIAL);

export type AdversarialSpec = { named: string } | { json: unknown };

/** A named adversarial value or a random JSON value. */
export const adversarialArb: fc.Arbitrary<AdversarialSpec> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ADVERSARIAL_NAMES).map((named) => ({ named })) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((json) => ({ json })) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }).map((json) => ({ json })) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })).map((json) => ({ json })) },
);

export function adversarialValue(spec: AdversarialSpec): unknown {
  return 'named' in spec ? ADVERSARIAL[spec.named]!() : clone(spec.json);
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 60 ? `${JSON.stringify(value.slice(0, 40))}… (${value.length} chars)` : JSON.stringify(value);
  if (Object.is(value, -0)) return '-0';
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 120 ? `${text.slice(0, 100)}… (${text.length} chars)` : text;
  } catch {
    return '(deeply nested)';
  }
}

// ---- Mutations ------------------------------------------------------------------------------------------

export type MutationAction = 'replace' | 'delete' | 'wrap' | 'unwrap' | 'proto-keys' | 'null-in-array';

export interface MutationSpec {
  /** Which resource (modulo the count), for lists of resources. */
  target: number;
  /** Which path (modulo the number of paths). */
  pick: number;
  /** Prefer paths ending in a field the record or rules read (code, coding, reference, value, ...). */
  biased: boolean;
  action: MutationAction;
  value: AdversarialSpec;
}

export const mutationArb: fc.Arbitrary<MutationSpec> = fc.record({
  target: fc.nat(),
  pick: fc.nat(),
  biased: fc.boolean(),
  action: fc.constantFrom<MutationAction>('replace', 'replace', 'replace', 'delete', 'wrap', 'unwrap', 'proto-keys', 'null-in-array'),
  value: adversarialArb,
});

/** 1–3 paths for each of 1–4 resources. */
export const mutationsArb: fc.Arbitrary<MutationSpec[]> = fc
  .array(fc.tuple(fc.nat(), fc.array(mutationArb, { minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 4 })
  .map((groups) => groups.flatMap(([target, mutations]) => mutations.map((m) => ({ ...m, target }))));

const INTERESTING_KEYS = new Set([
  'resourceType', 'id', 'coding', 'code', 'system', 'display', 'text', 'category', 'contained', 'entry', 'fullUrl', 'resource',
  'reference', 'value', 'unit', 'valueQuantity', 'valueCodeableConcept', 'valueString', 'valueInteger', 'component', 'diagnosis',
  'sequence', 'type', 'period', 'start', 'end', 'effectiveDateTime', 'effectivePeriod', 'issued', 'recordedDate', 'onsetDateTime',
  'authoredOn', 'created', 'billablePeriod', 'birthDate', 'gender', 'status', 'intent', 'clinicalStatus', 'verificationStatus',
  'medicationReference', 'medicationCodeableConcept', 'encounter', 'subject', 'patient', 'name', 'given', 'family', 'prefix',
  'suffix', 'use', 'item', 'diagnosisCodeableConcept', 'diagnosisReference', 'diagnosisSequence', 'bodySite', 'dosageInstruction',
  'dosage', 'route', 'class', 'rank', 'condition', 'request', 'reasonReference', 'reasonCode', 'performedPeriod',
  'performedDateTime', 'claim', 'identifier', 'deceasedDateTime', 'deceasedBoolean', 'context', 'doseAndRate', 'result',
]);

/** Every path in a JSON tree (objects' own keys, array indices), depth-first, bounded. */
export function collectPaths(root: unknown, maxDepth = 40, maxPaths = 50_000): Path[] {
  const paths: Path[] = [];
  const stack: Array<{ value: unknown; path: Path }> = [{ value: root, path: [] }];
  while (stack.length > 0 && paths.length < maxPaths) {
    const { value, path } = stack.pop()!;
    if (path.length > 0) paths.push(path);
    if (path.length >= maxDepth || typeof value !== 'object' || value === null) continue;
    const keys: Array<string | number> = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      stack.push({ value: (value as Record<string | number, unknown>)[key], path: [...path, key] });
    }
  }
  return paths;
}

function getAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const key of path) value = (value as Record<string | number, unknown>)[key];
  return value;
}

/** Sets an own data property (an own `__proto__` key too, as JSON.parse makes it). */
function setOwn(parent: unknown, key: string | number, value: unknown): void {
  if (Array.isArray(parent) && typeof key === 'number') parent[key] = value;
  else Object.defineProperty(parent, key, { value, writable: true, enumerable: true, configurable: true });
}

/** A deep copy that keeps own `__proto__` keys and -0. */
export function clone<T>(value: T, depth = 0): T {
  if (typeof value !== 'object' || value === null || depth > 10_000) return value;
  if (Array.isArray(value)) return value.map((v) => clone(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) setOwn(out, key, clone((value as Record<string, unknown>)[key], depth + 1));
  return out as T;
}

const pathText = (path: Path) => path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('');

/** Applies one mutation to a tree in place (the root itself is never replaced); returns what it did. */
export function applyMutation(root: unknown, mutation: MutationSpec, pathFilter?: (path: Path) => boolean): string | undefined {
  let paths = collectPaths(root);
  if (pathFilter) paths = paths.filter(pathFilter);
  if (mutation.biased) {
    const interesting = paths.filter((p) => typeof p.at(-1) === 'string' && INTERESTING_KEYS.has(p.at(-1) as string));
    if (interesting.length > 0) paths = interesting;
  }
  if (paths.length === 0) return undefined;
  const path = paths[mutation.pick % paths.length]!;
  const parent = getAt(root, path.slice(0, -1));
  const key = path.at(-1)!;
  const current = getAt(root, path);
  const where = pathText(path);
  const replace = (value: unknown, what: string) => {
    setOwn(parent, key, value);
    return `${where} ${what}`;
  };
  switch (mutation.action) {
    case 'delete':
      if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
      else delete (parent as Record<string, unknown>)[key as string];
      return `${where} deleted`;
    case 'wrap':
      return replace([current], 'wrapped in an array');
    case 'unwrap':
      if (Array.isArray(current)) return replace(current[0] ?? {}, 'array replaced by its first item');
      if (typeof current === 'object' && current !== null) return replace(Object.values(current), 'object replaced by its values (array)');
      break;
    case 'proto-keys':
      if (typeof current === 'object' && current !== null && !Array.isArray(current)) {
        const keys = ADVERSARIAL['proto-keys']!() as Record<string, unknown>;
        for (const k of Object.keys(keys)) setOwn(current, k, keys[k]);
        return `${where} given own keys __proto__, constructor, toString, valueOf, hasOwnProperty`;
      }
      break;
    case 'null-in-array':
      if (Array.isArray(current)) {
        current.splice(mutation.pick % (current.length + 1), 0, null);
        return `${where} given a null item`;
      }
      break;
    case 'replace':
      break;
  }
  const value = adversarialValue(mutation.value);
  return replace(value, `= ${describeValue(value)}`);
}

/** Resources with the mutations applied to copies; the log says which resource and path got what. */
export function mutateResources(resources: readonly JsonObject[], mutations: readonly MutationSpec[], pathFilter?: (resource: JsonObject, path: Path) => boolean): { resources: unknown[]; log: string[] } {
  const out: unknown[] = resources.map((r) => clone(r));
  const log: string[] = [];
  for (const mutation of mutations) {
    if (out.length === 0) break;
    const index = mutation.target % out.length;
    const resource = out[index] as JsonObject;
    const label = `${String(resources[index]!.resourceType)}/${String(resources[index]!.id)}`;
    const done = applyMutation(resource, mutation, pathFilter ? (path) => pathFilter(resources[index]!, path) : undefined);
    if (done) log.push(`${label}${done}`);
  }
  return { resources: out, log };
}

/** Junk where a resource belongs in a list of resources, a Bundle entry or an NDJSON line. */
export const JUNK_ENTRIES: ReadonlyArray<() => unknown> = [
  () => null, () => 0, () => 'Patient', () => [], () => [{ resourceType: 'Patient', id: 'p' }], () => ({}), () => true,
  () => ({ resourceType: 'Observation' }), () => ({ resourceType: 42, id: 'x' }), () => ({ resourceType: '__proto__', id: 'x' }),
  () => ({ resourceType: 'Observation', id: '' }), () => ({ resourceType: 'Observation', id: 'a/b' }), () => ({ resourceType: 'Observation', id: 'x'.repeat(HUGE) }),
  () => JSON.parse('{"resourceType":"Patient","id":"__proto__","__proto__":{"gender":"male"}}'),
  () => JSON.parse('{"resourceType":"Condition","id":"constructor","code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"toString"}]}}'),
  () => JSON.parse('{"resourceType":"Observation","id":"hasOwnProperty","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"__proto__"}]},"effectiveDateTime":"2021-03-01","valueQuantity":{"value":1,"unit":"__proto__"}}'),
  () => ({ resourceType: 'Bundle', id: 'nested', type: 'collection', entry: [{ resource: { resourceType: 'Patient', id: 'nested' } }] }),
];

export const NDJSON_JUNK_LINES: readonly string[] = [
  '', '   ', '{', 'null', '[]', '"x"', '42', '\ufeff{"resourceType":"Patient","id":"bom"}', '\u0000', '{"resourceType":"Observation"}',
  '{"resourceType":"Patient","id":"p2","__proto__":{"gender":"male"},"constructor":{"prototype":{"x":1}}}',
  `{"resourceType":"Condition","id":"huge","code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"${'9'.repeat(1000)}"}]}}`,
  '[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]',
  `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
  `{"resourceType":"Observation","id":"deep","code":${'{"coding":'.repeat(50_000)}1${'}'.repeat(50_000)}}`,
];

export const junkArb = fc.array(fc.tuple(fc.nat({ max: JUNK_ENTRIES.length - 1 }), fc.nat()), { maxLength: 3 });

/** Inserts junk items into a list at positions chosen by the spec. */
export function withJunk<T>(items: readonly T[], junk: ReadonlyArray<readonly [number, number]>, make: (index: number) => T): T[] {
  const out = [...items];
  for (const [which, at] of junk) out.splice(at % (out.length + 1), 0, make(which));
  return out;
}

// ---- Keyed substitutions: one field name, every occurrence ---------------------------------------------

/** Field names the record and the rules read, for substitutions that reach every occurrence at once. */
export const SUBSTITUTION_KEYS = [
  'code', 'system', 'unit', 'reference', 'id', 'display', 'text', 'value', 'start', 'end', 'effectiveDateTime', 'issued',
  'recordedDate', 'onsetDateTime', 'authoredOn', 'created', 'status', 'intent', 'gender', 'birthDate', 'sequence', 'rank', 'coding',
  'category', 'contained', 'valueQuantity', 'valueCodeableConcept', 'component', 'diagnosis', 'period', 'encounter', 'subject',
  'medicationReference', 'medicationCodeableConcept', 'clinicalStatus', 'verificationStatus', 'class', 'type', 'bodySite', 'item',
  'diagnosisSequence', 'route', 'dosageInstruction', 'doseAndRate', 'resourceType', 'name', 'given', 'use', 'request', 'reasonReference',
  'diagnosisReference', 'diagnosisCodeableConcept', 'performedPeriod', 'claim', 'billablePeriod', 'deceasedDateTime', 'context',
] as const;

export interface SubstitutionSpec {
  key: (typeof SUBSTITUTION_KEYS)[number];
  value: AdversarialSpec;
  /** Every resource, or one (modulo the count). */
  scope: 'all' | number;
}

export const substitutionsArb: fc.Arbitrary<SubstitutionSpec[]> = fc.array(
  fc.record({
    key: fc.constantFrom(...SUBSTITUTION_KEYS),
    value: adversarialArb,
    scope: fc.oneof(fc.constant<'all'>('all'), fc.nat()),
  }),
  { minLength: 1, maxLength: 3 },
);

/** Copies of the resources with every occurrence of each key (in scope) replaced by a fresh adversarial value. */
export function substitute(resources: readonly JsonObject[], substitutions: readonly SubstitutionSpec[]): { resources: unknown[]; log: string[] } {
  const out: unknown[] = resources.map((r) => clone(r));
  const log: string[] = [];
  for (const { key, value, scope } of substitutions) {
    const indices = scope === 'all' ? out.map((_, i) => i) : [scope % Math.max(out.length, 1)];
    let count = 0;
    let shown = '';
    for (const index of indices) {
      const resource = out[index];
      // Deepest first, so replacing a parent never strands a path collected below it.
      for (const path of collectPaths(resource).filter((p) => p.at(-1) === key).reverse()) {
        const parent = getAt(resource, path.slice(0, -1));
        if (typeof parent !== 'object' || parent === null) continue;
        const fresh = adversarialValue(value);
        shown = describeValue(fresh);
        setOwn(parent, key, fresh);
        count++;
      }
    }
    if (count > 0) log.push(`every "${key}" in ${scope === 'all' ? 'every resource' : `${String(resources[indices[0]!]!.resourceType)}/${String(resources[indices[0]!]!.id)}`} (${count}) = ${shown}`);
  }
  return { resources: out, log };
}
