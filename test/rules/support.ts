/**
 * Builders for Synthea-shaped FHIR R4 resources (the shapes of Synthea's R4 export and of US Core:
 * categories, UCUM quantities, subject/encounter references), so rule tests read like clinical scenarios.
 */
import type {
  Claim, Condition, DocumentReference, Encounter, MedicationAdministration, MedicationRequest, Observation, Patient, Procedure, Resource,
} from 'fhir/r4';
import { PatientRecord } from '../../src/record/patient-record';
import { runRules } from '../../src/rules/engine/run-rules';
import type { Finding, Rule } from '../../src/rules/engine/types';
import { describeFact } from '../../src/rules/engine/facts';
import { ALL_RULES } from '../../src/rules/index';
import { SYSTEM } from '../../src/terminology/systems';
import { LOINC } from '../../src/terminology/loinc';
import { base64Text } from '../../mocks/fixtures/notes';
import type { Icd10CmTable } from '../../src/terminology/icd10cm/icd10cm-table';

export const PATIENT_ID = 'pat-1';
const subject = { reference: `Patient/${PATIENT_ID}` };
let counter = 0;
const nextId = (prefix: string) => `${prefix}-${++counter}`;

export function patient(overrides: Partial<Patient> = {}): Patient {
  return {
    resourceType: 'Patient', id: PATIENT_ID, gender: 'female', birthDate: '1950-06-15',
    name: [{ use: 'official', family: 'Moen', given: ['Twyla'] }],
    ...overrides,
  };
}

/** An encounter; `class` is the v3 ActCode (IMP inpatient, AMB ambulatory, EMER emergency). */
export function encounter(id: string, start: string, end?: string, encounterClass = 'IMP', overrides: Partial<Encounter> = {}): Encounter {
  return {
    resourceType: 'Encounter', id, status: end ? 'finished' : 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: encounterClass },
    subject, period: { start, ...(end ? { end } : {}) },
    ...overrides,
  };
}

export interface LabOptions {
  encounter?: string;
  category?: 'laboratory' | 'vital-signs';
  id?: string;
  status?: Observation['status'];
}

/** A numeric result: LOINC code, value, UCUM unit, effective time. */
export function lab(loinc: string, value: number, unit: string, effectiveDateTime: string, options: LabOptions = {}): Observation {
  return {
    resourceType: 'Observation', id: options.id ?? nextId('obs'), status: options.status ?? 'final',
    category: [{ coding: [{ system: SYSTEM.OBSERVATION_CATEGORY, code: options.category ?? 'laboratory', display: options.category ?? 'laboratory' }] }],
    code: { coding: [{ system: SYSTEM.LOINC, code: loinc, display: loinc }], text: loinc },
    subject, ...(options.encounter ? { encounter: { reference: `Encounter/${options.encounter}` } } : {}),
    effectiveDateTime, issued: effectiveDateTime,
    valueQuantity: { value, unit, system: SYSTEM.UCUM, code: unit },
  };
}

export const vital = (loinc: string, value: number, unit: string, time: string, options: LabOptions = {}) =>
  lab(loinc, value, unit, time, { category: 'vital-signs', ...options });

export interface ConditionOptions {
  id?: string;
  clinicalStatus?: 'active' | 'resolved' | 'inactive' | 'remission';
  verificationStatus?: 'confirmed' | 'provisional' | 'refuted' | 'entered-in-error';
  recordedDate?: string;
  onsetDateTime?: string;
  encounter?: string;
  display?: string;
  /** More codings in the same CodeableConcept (e.g. an ICD-10-CM beside the SNOMED). */
  also?: Array<{ system: string; code: string; display?: string }>;
}

function conditionWith(system: string, code: string, options: ConditionOptions): Condition {
  return {
    resourceType: 'Condition', id: options.id ?? nextId('cond'),
    clinicalStatus: { coding: [{ system: SYSTEM.CONDITION_CLINICAL, code: options.clinicalStatus ?? 'active' }] },
    verificationStatus: { coding: [{ system: SYSTEM.CONDITION_VERIFICATION, code: options.verificationStatus ?? 'confirmed' }] },
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis' }] }],
    code: { coding: [{ system, code, ...(options.display ? { display: options.display } : {}) }, ...(options.also ?? [])], ...(options.display ? { text: options.display } : {}) },
    subject, ...(options.encounter ? { encounter: { reference: `Encounter/${options.encounter}` } } : {}),
    onsetDateTime: options.onsetDateTime ?? '2015-01-01T00:00:00Z', recordedDate: options.recordedDate ?? options.onsetDateTime ?? '2015-01-01T00:00:00Z',
  };
}

/** A Condition coded in ICD-10-CM (as EHRs code encounter diagnoses). */
export const icd10Condition = (code: string, options: ConditionOptions = {}) => conditionWith(SYSTEM.ICD10CM, code, options);
/** A Condition coded in SNOMED CT only (as Synthea codes them). */
export const snomedCondition = (code: string, options: ConditionOptions = {}) => conditionWith(SYSTEM.SNOMED, code, options);

function medicationConcept(rxcui: string | undefined, display: string) {
  return rxcui ? { coding: [{ system: SYSTEM.RXNORM, code: rxcui, display }], text: display } : { text: display };
}

/** A medication order for an RxNorm product (SCD/SBD) as Synthea writes them; no code = free text only. */
export function medicationRequest(rxcui: string | undefined, display: string, authoredOn: string, overrides: Partial<MedicationRequest> = {}): MedicationRequest {
  return {
    resourceType: 'MedicationRequest', id: nextId('medrx'), status: 'active', intent: 'order',
    medicationCodeableConcept: medicationConcept(rxcui, display),
    subject, authoredOn,
    ...overrides,
  };
}

export function medicationAdministration(rxcui: string | undefined, display: string, effectiveDateTime: string, overrides: Partial<MedicationAdministration> = {}): MedicationAdministration {
  return {
    resourceType: 'MedicationAdministration', id: nextId('medadmin'), status: 'completed',
    medicationCodeableConcept: medicationConcept(rxcui, display),
    subject, effectiveDateTime,
    ...overrides,
  };
}

export function procedure(system: string, code: string, display: string, performedDateTime: string, overrides: Partial<Procedure> = {}): Procedure {
  return {
    resourceType: 'Procedure', id: nextId('proc'), status: 'completed',
    code: { coding: [{ system, code, display }], text: display }, subject, performedDateTime,
    ...overrides,
  };
}

/** A claim whose diagnoses are ICD-10-CM codes (sequence 1 first). */
export function claim(codes: string[], created: string, overrides: Partial<Claim> = {}): Claim {
  return {
    resourceType: 'Claim', id: nextId('claim'), status: 'active', use: 'claim',
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'institutional' }] },
    patient: subject, created, billablePeriod: { start: created, end: created },
    provider: { display: 'Hospital' }, priority: { coding: [{ code: 'normal' }] }, insurance: [{ sequence: 1, focal: true, coverage: { display: 'private' } }],
    diagnosis: codes.map((code, i) => ({ sequence: i + 1, diagnosisCodeableConcept: { coding: [{ system: SYSTEM.ICD10CM, code }] } })),
    ...overrides,
  };
}

export interface NoteOptions {
  id?: string;
  /** LOINC document type (default 11506-3 Progress note). */
  type?: string;
  encounter?: string;
  contentType?: string;
  status?: DocumentReference['status'];
  docStatus?: DocumentReference['docStatus'];
}

let noteCount = 0;

/** A US Core clinical note as Synthea exports it: DocumentReference, text/plain, inline base64 (UTF-8). */
export function note(text: string, date: string, options: NoteOptions = {}): DocumentReference {
  return {
    resourceType: 'DocumentReference', id: options.id ?? `note-${++noteCount}`, status: options.status ?? 'current',
    ...(options.docStatus ? { docStatus: options.docStatus } : {}),
    type: { coding: [{ system: 'http://loinc.org', code: options.type ?? '11506-3', display: 'Progress note' }] },
    category: [{ coding: [{ system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category', code: 'clinical-note' }] }],
    subject, date,
    content: [{ attachment: { contentType: options.contentType ?? 'text/plain; charset=utf-8', data: base64Text(text) } }],
    ...(options.encounter ? { context: { encounter: [{ reference: `Encounter/${options.encounter}` }], period: { start: date } } } : {}),
  };
}

export interface RunScenario {
  now?: string;
  encounterId?: string;
  thresholds?: Record<string, object>;
  /** The ICD-10-CM table, for coding checks (load it once with loadIcd10Cm() in beforeAll). */
  icd10cm?: Icd10CmTable;
}

/**
 * What is wrong with a finding's facts, if anything: every finding states at least one fact; each fact cites
 * a resource among the evidence; the summary names every fact, and a measured fact as describeFact renders
 * it (`sodium 131 mmol/L on 2021-03-01 08:00`), so the summary is the facts in words.
 */
export function factProblems(finding: Finding): string[] {
  const problems: string[] = [];
  const summary = finding.summary.toLowerCase();
  if (finding.facts.length === 0) problems.push(`${finding.ruleId}: no facts`);
  for (const fact of finding.facts) {
    if (!finding.evidence.includes(fact.reference)) problems.push(`${finding.ruleId}: fact ${fact.label} cites ${fact.reference}, not among the evidence`);
    const rendered = fact.value !== undefined ? describeFact(fact) : fact.label;
    if (!summary.includes(rendered.toLowerCase())) problems.push(`${finding.ruleId}: summary does not state "${rendered}"`);
  }
  return problems;
}

/** Runs rules over the resources (a Patient is added when missing) and returns the findings, whose facts must hold. */
export function findingsFor(rules: Rule | Rule[], resources: Resource[], scenario: RunScenario = {}): Finding[] {
  const all = resources.some((r) => r.resourceType === 'Patient') ? resources : [patient(), ...resources];
  const findings = runRules(PatientRecord.fromResources(all), Array.isArray(rules) ? rules : [rules], {
    now: new Date(scenario.now ?? '2021-03-15T12:00:00Z'),
    encounterId: scenario.encounterId,
    thresholds: scenario.thresholds,
    icd10cm: scenario.icd10cm,
  });
  // Every rule test checks, on the way, that Clarify's rules state their facts (test probes need not).
  const problems = findings.flatMap((finding) => (CLARIFY_RULE_IDS.has(finding.ruleId) ? factProblems(finding) : []));
  if (problems.length > 0) throw new Error(`findings whose facts do not hold:\n${problems.join('\n')}`);
  return findings;
}

const CLARIFY_RULE_IDS = new Set(ALL_RULES.map((rule) => rule.id));

/** The resource at fault, for coding discrepancies (documentation gaps have none). */
export function targetOf(finding: Finding): string | undefined {
  return finding.category === 'coding-discrepancy' ? finding.target : undefined;
}

/** The coding-discrepancy kind (documentation gaps have none). */
export function kindOf(finding: Finding): string | undefined {
  return finding.category === 'coding-discrepancy' ? finding.kind : undefined;
}

/** A blood-pressure panel (85354-9) with systolic and diastolic components, as US Core and Synthea write it, in enc-1. */
export function bloodPressure(systolic: number, diastolic: number, time: string): Observation {
  const component = (code: string, value: number) => ({
    code: { coding: [{ system: SYSTEM.LOINC, code }] }, valueQuantity: { value, unit: 'mm[Hg]', system: SYSTEM.UCUM, code: 'mm[Hg]' },
  });
  return {
    resourceType: 'Observation', id: `bp-${time}`, status: 'final', code: { coding: [{ system: SYSTEM.LOINC, code: LOINC.BLOOD_PRESSURE_PANEL }] },
    subject: { reference: 'Patient/pat-1' }, encounter: { reference: 'Encounter/enc-1' }, effectiveDateTime: time,
    component: [component(LOINC.SYSTOLIC_BP, systolic), component(LOINC.DIASTOLIC_BP, diastolic)],
  };
}

/** A US Core pulse-oximetry Observation in enc-1: SpO2 (two codes) with the inhaled O2 flow and concentration as components. */
export function pulseOximetry(value: number, time: string, flow: number, concentration: number): Observation {
  const component = (code: string, v: number, unit: string) => ({
    code: { coding: [{ system: SYSTEM.LOINC, code }] }, valueQuantity: { value: v, unit, system: SYSTEM.UCUM, code: unit },
  });
  return {
    resourceType: 'Observation', id: `pulse-ox-${time}`, status: 'final',
    code: { coding: [{ system: SYSTEM.LOINC, code: LOINC.OXYGEN_SATURATION_PULSE_OX }, { system: SYSTEM.LOINC, code: LOINC.OXYGEN_SATURATION }] },
    subject: { reference: 'Patient/pat-1' }, encounter: { reference: 'Encounter/enc-1' }, effectiveDateTime: time,
    valueQuantity: { value, unit: '%', system: SYSTEM.UCUM, code: '%' },
    component: [component(LOINC.OXYGEN_FLOW, flow, 'L/min'), component(LOINC.FIO2, concentration, '%')],
  };
}
