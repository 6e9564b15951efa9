/**
 * What the property tests do with a record: call every accessor, run every rule, label every piece of
 * evidence. Failures are rethrown with the log of mutations that produced the input.
 */
import type { MedicationAdministration, MedicationRequest, Resource } from 'fhir/r4';
import { expect } from 'vitest';
import { describeEvidence } from '../../src/record/describe';
import { PatientRecord } from '../../src/record/patient-record';
import { runRules, ALL_RULES, type Finding } from '../../src/rules/index';
import type { Icd10CmTable } from '../../src/terminology/icd10cm/icd10cm-table';
import { BLOOD_CULTURE_LOINC, LOINC, LOINC_EQUIVALENTS, PRESSURE_INJURY_STAGE_LOINC } from '../../src/terminology/loinc';
import { SYSTEM } from '../../src/terminology/systems';
import { collectPaths } from './arbitraries';
import { factProblems } from '../rules/support';

/** Every resource type the record reads or keeps, and a few it meets in Synthea exports. */
export const RESOURCE_TYPES = [
  'Patient', 'Encounter', 'Condition', 'Observation', 'MedicationRequest', 'MedicationAdministration', 'Medication', 'Procedure',
  'DiagnosticReport', 'ServiceRequest', 'Claim', 'ExplanationOfBenefit', 'DocumentReference', 'AllergyIntolerance', 'CareTeam',
  'Practitioner', 'PractitionerRole', 'Organization', 'Location', 'Task', 'DetectedIssue', 'RelatedPerson', 'Immunization', 'Bundle',
] as const;

/** Every LOINC code a rule reads (and the alternatives the index maps onto them). */
export const RULE_LOINC_CODES: readonly string[] = [
  ...new Set([
    ...Object.values(LOINC), ...Object.values(BLOOD_CULTURE_LOINC), ...Object.values(PRESSURE_INJURY_STAGE_LOINC),
    '18043-0', '8808-8', '8810-4', '8811-2', ...LOINC_EQUIVALENTS.map(([alternative]) => alternative),
  ]),
];

const ICD10_PREFIXES = ['E11', 'E11.9', 'e119', 'I50', 'N18', 'N17.9', 'L89', 'O', 'O24.419', 'E87.1', 'D64.9', 'Z68', '', '__proto__', 'constructor'];

const FIXED_REFERENCES = [
  '', '#', '#med', '#referral', '#__proto__', 'Patient/', '/Patient/x', 'Patient/x', 'Patient/x/_history/1', 'urn:uuid:', 'urn:oid:1.2',
  'http://example.org/fhir/Patient/x', 'https://x/Encounter/y/_history/2', 'Object/constructor', '__proto__', 'constructor', 'toString',
];

const looksLikeReference = (text: string) => /^(#|urn:|https?:\/\/|[A-Z][A-Za-z]+\/)/.test(text) || text.length === 0;

/** Reference-looking strings anywhere in the input (bounded), and the fixed odd ones. */
export function referenceStrings(input: unknown, limit = 400): string[] {
  const found = new Set<string>(FIXED_REFERENCES);
  for (const path of collectPaths(input, 40, 20_000)) {
    if (found.size >= limit) break;
    let value: unknown = input;
    for (const key of path) value = (value as Record<string | number, unknown>)[key];
    if (typeof value === 'string' && (path.at(-1) === 'reference' || path.at(-1) === 'fullUrl' || looksLikeReference(value))) found.add(value);
  }
  return [...found];
}

/** Calls every accessor of the record; each must answer without throwing. */
export function exerciseRecord(record: PatientRecord, input: unknown): void {
  void record.patient;
  void record.size;
  record.types();
  const all: Resource[] = [];
  for (const type of RESOURCE_TYPES) {
    const resources = record.byType(type);
    expect(Array.isArray(resources)).toBe(true);
    all.push(...(resources as readonly Resource[]));
  }
  for (const type of record.types()) record.byType(type as (typeof RESOURCE_TYPES)[number]);
  for (const code of RULE_LOINC_CODES) {
    for (const point of record.observations(code)) {
      expect(typeof point.timeMs).toBe('number');
      expect(typeof point.reference).toBe('string');
    }
  }
  record.observations(...RULE_LOINC_CODES);
  record.observations(LOINC.SODIUM_SERUM, LOINC.SODIUM_BLOOD);
  for (const prefix of ICD10_PREFIXES) record.conditionsWithIcd10Prefix(prefix);
  record.conditionsWithCode(SYSTEM.ICD10CM, 'E11.9');
  record.conditionsWithCode(SYSTEM.SNOMED, '44054006');
  record.conditionsWithCode(SYSTEM.ICD10CM, '__proto__');
  const references = referenceStrings(input);
  for (const reference of references) {
    record.resolve(reference);
    record.resolve({ reference });
  }
  record.resolve(undefined);
  record.resolve({});
  // Contained references resolve against each resource that may hold them.
  for (const resource of all) {
    for (const reference of ['#med', '#referral', '#', '#__proto__', '#0']) record.resolve(reference, resource);
  }
  record.activeMedicationRequests();
  for (const request of record.byType('MedicationRequest')) record.medicationOf(request as MedicationRequest);
  for (const administration of record.byType('MedicationAdministration')) record.medicationOf(administration as MedicationAdministration);
  for (const system of [SYSTEM.ICD10CM, SYSTEM.ICD10_WHO, SYSTEM.SNOMED, '', '__proto__']) {
    expect(Number.isInteger(record.diagnosesCodedIn(system))).toBe(true);
  }
  expect(record.issueCounts()).toBeInstanceOf(Map);
  record.setAside();
}

export interface RunOptionsForTest {
  now: string;
  icd10cm: Icd10CmTable | undefined;
  /** At most this many encounters are used as the launch encounter (each is a whole rules run). */
  maxEncounters?: number;
}

/** Checks the shape of every finding, its facts, and labels every piece of evidence. */
export function checkFindings(record: PatientRecord, findings: Finding[]): void {
  expect(Array.isArray(findings)).toBe(true);
  for (const finding of findings) {
    expect(typeof finding.ruleId).toBe('string');
    expect(typeof finding.title).toBe('string');
    expect(typeof finding.summary).toBe('string');
    expect(Array.isArray(finding.evidence)).toBe(true);
    for (const reference of finding.evidence) {
      expect(typeof reference).toBe('string');
      expect(typeof describeEvidence(record, reference)).toBe('string');
    }
    // Whatever the input, the summary is the facts in words and every fact cites the evidence.
    expect(factProblems(finding)).toEqual([]);
  }
}

/** Runs every rule without a launch encounter and with each Encounter of the record as the launch encounter. */
export function runAllRules(record: PatientRecord, options: RunOptionsForTest): Finding[][] {
  const ids = record.byType('Encounter').map((e) => e.id).filter((id): id is string => typeof id === 'string');
  const runs: Finding[][] = [];
  for (const encounterId of [undefined, ...ids.slice(0, options.maxEncounters ?? 4), 'no-such-encounter']) {
    const findings = runRules(record, ALL_RULES, { now: new Date(options.now), encounterId, icd10cm: options.icd10cm });
    checkFindings(record, findings);
    runs.push(findings);
  }
  return runs;
}

/** Runs `fn`; a failure is rethrown with the mutations that made the input and the original stack. */
export function withLog<T>(log: readonly string[], fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    const original = error instanceof Error ? error.stack ?? error.message : String(error);
    throw new Error(`Input mutated at:\n  ${log.length ? log.join('\n  ') : '(no mutation)'}\n--- original error ---\n${original}`);
  }
}

/** numRuns scaled by PROPERTY_RUNS_SCALE (e.g. `PROPERTY_RUNS_SCALE=20 npx vitest run test/property` for a long hunt). */
export function runs(n: number): number {
  const scale = Number(process.env.PROPERTY_RUNS_SCALE ?? 1);
  return Math.max(1, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/** A test's time limit, scaled like its runs: generous, only so a hang is reported (never a speed assertion). */
export function limit(ms = 60_000): number {
  const scale = Number(process.env.PROPERTY_RUNS_SCALE ?? 1);
  return Math.round(ms * (Number.isFinite(scale) && scale > 1 ? scale : 1));
}
