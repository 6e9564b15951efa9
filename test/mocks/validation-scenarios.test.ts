/**
 * The mock EHR's clinical-validation scenarios (mocks/fixtures/validation.ts, issue 15 item 4): each is seeded
 * as described in mocks/fixtures/README.md, deterministically; a review of an unsupported scenario's stay
 * shows a clinical-validation finding on its documented diagnosis, a supported one none; and Constance
 * Grimes's own encounters find exactly what they found before the scenarios were planted.
 *
 * A family whose validation rule is not in ALL_RULES yet (src/rules/validation/) has its scenarios as todos.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Condition, Encounter, Patient, Resource } from 'fhir/r4';
import { seedResources } from '../../mocks/fixtures';
import { VALIDATION_PATIENT, VALIDATION_SCENARIOS, type ValidationFamily, type ValidationScenario } from '../../mocks/fixtures/validation';
import { PatientRecord } from '../../src/record/patient-record';
import { ALL_RULES, runRules, type Finding } from '../../src/rules/index';
import { isAdministrativeEncounter } from '../../src/terminology/encounters';
import { SYSTEM } from '../../src/terminology/systems';
import { loadIcd10Cm, type Icd10CmTable } from '../../src/terminology/icd10cm/icd10cm-table';

/** How a family's validation rule is recognised by its id (`validation/sepsis`, ...), and the file it lives in. */
const FAMILY_RULES: Record<ValidationFamily, { id: RegExp; file: string }> = {
  sepsis: { id: /sepsis/, file: 'sepsis.ts' },
  'acute respiratory failure': { id: /respiratory/, file: 'respiratory-failure.ts' },
  'acute kidney injury': { id: /kidney|\baki\b|renal/, file: 'renal.ts' },
  'acute blood loss anemia': { id: /blood-loss|posthemorrhagic/, file: 'hematology.ts' },
  malnutrition: { id: /malnutrition/, file: 'nutrition.ts' },
  hyponatremia: { id: /hyponatremia|natremia|sodium/, file: 'electrolytes.ts' },
  hypokalemia: { id: /hypokalemia|kalemia|potassium/, file: 'electrolytes.ts' },
  thrombocytopenia: { id: /thrombocytopenia|platelet/, file: 'hematology.ts' },
  'obesity class': { id: /obesity/, file: 'nutrition.ts' },
};

const validationRuleIds = ALL_RULES.filter((r) => r.category === 'clinical-validation').map((r) => r.id);
const ruleOf = (family: ValidationFamily) => validationRuleIds.find((id) => FAMILY_RULES[family].id.test(id));

const isPlanted = (r: Resource) => /^(note-)?grimes-cv-/.test(r.id ?? '');
const patientId = (seed: readonly Resource[]) =>
  seed.find((r): r is Patient => r.resourceType === 'Patient' && (r as Patient).name?.[0]?.family === VALIDATION_PATIENT)!.id!;
const hers = (seed: readonly Resource[], id: string) => seed.filter((r) => JSON.stringify((r as { subject?: unknown; patient?: unknown }).subject ?? (r as { patient?: unknown }).patient ?? '').includes(`Patient/${id}`) || (r.resourceType === 'Patient' && r.id === id));

let icd10cm: Icd10CmTable;
let seed: Resource[];
let record: PatientRecord;
let before: PatientRecord;

beforeAll(async () => {
  icd10cm = await loadIcd10Cm();
  seed = seedResources();
  const own = hers(seed, patientId(seed));
  const shared = seed.filter((r) => ['Practitioner', 'PractitionerRole', 'Organization', 'Location'].includes(r.resourceType));
  record = PatientRecord.fromResources([...own, ...shared]);
  before = PatientRecord.fromResources([...own.filter((r) => !isPlanted(r)), ...shared]);
});

/** The findings of a review launched in this encounter, the day after it ended. */
function reviewOf(of: PatientRecord, encounter: Encounter): Finding[] {
  const end = Date.parse(encounter.period?.end ?? encounter.period!.start!);
  return runRules(of, ALL_RULES, { now: new Date(end + 86_400_000), encounterId: encounter.id, icd10cm });
}
const stayOf = (s: ValidationScenario) => record.byType('Encounter').find((e) => e.id === s.encounter) as Encounter;
const validationFindings = (s: ValidationScenario) => reviewOf(record, stayOf(s)).filter((f) => f.category === 'clinical-validation');

describe('the mock EHR\'s clinical-validation scenarios', () => {
  it('names one unsupported and one supported scenario per family', () => {
    const families = [...new Set(VALIDATION_SCENARIOS.map((s) => s.family))];
    expect(families).toHaveLength(9);
    for (const family of families) {
      const of = VALIDATION_SCENARIOS.filter((s) => s.family === family);
      expect(of.filter((s) => !s.supported), family).toHaveLength(1);
      expect(of.filter((s) => s.supported), family).toHaveLength(1);
    }
    expect(new Set(VALIDATION_SCENARIOS.map((s) => s.encounter)).size).toBe(VALIDATION_SCENARIOS.length);
  });

  it('seeds each stay on Constance Grimes: a finished 2-day inpatient Encounter, its diagnosis coded, its measurements', () => {
    const id = patientId(seed);
    for (const s of VALIDATION_SCENARIOS) {
      const encounter = seed.find((r) => r.resourceType === 'Encounter' && r.id === s.encounter) as Encounter;
      expect(encounter, s.name).toMatchObject({ status: 'finished', class: { code: 'IMP' }, subject: { reference: `Patient/${id}` }, period: s.period });
      expect(encounter.participant?.[0]?.individual?.reference).toMatch(/^Practitioner\//);
      expect(encounter.diagnosis?.[0]?.condition?.reference).toBe(`Condition/${s.condition}`);
      const condition = seed.find((r) => r.resourceType === 'Condition' && r.id === s.condition) as Condition;
      expect(condition.encounter?.reference).toBe(`Encounter/${s.encounter}`);
      expect(condition.code?.coding?.find((c) => c.system === SYSTEM.ICD10CM)?.code, s.name).toBe(s.icd10);
      if (s.icd10 !== 'D62') expect(condition.code?.coding?.some((c) => c.system === SYSTEM.SNOMED), s.name).toBe(true);
      const measured = seed.filter((r) => r.resourceType === 'Observation' && (r as { encounter?: { reference?: string } }).encounter?.reference === `Encounter/${s.encounter}`);
      expect(measured.length, s.name).toBeGreaterThan(0);
      const notes = seed.filter((r) => r.resourceType === 'DocumentReference' && JSON.stringify(r).includes(`"Encounter/${s.encounter}"`));
      expect(notes.length, s.name).toBeGreaterThan(0);
    }
  });

  it('plants them in the past of her record, none within a month of her own encounters, and nothing else', () => {
    const own = (before.byType('Encounter') as Encounter[]).map((e) => Date.parse(e.period!.start!));
    for (const s of VALIDATION_SCENARIOS) {
      const start = Date.parse(s.period.start);
      const end = Date.parse(s.period.end);
      expect(end - start).toBeLessThanOrEqual(3 * 86_400_000);
      expect(start).toBeLessThan(Math.max(...own));
      expect(Math.min(...own.map((t) => Math.abs(t - start))), s.name).toBeGreaterThan(30 * 86_400_000);
    }
    const planted = seed.filter(isPlanted);
    expect(planted.every((r) => hers([r], patientId(seed)).length === 1)).toBe(true);
    expect(planted).toHaveLength(147);
  });

  it('is deterministic', () => {
    expect(seedResources().filter(isPlanted)).toEqual(seed.filter(isPlanted));
  });

  for (const s of VALIDATION_SCENARIOS) {
    const rule = ruleOf(s.family);
    if (!rule) {
      it.todo(`${s.name} (${s.encounter}): needs the ${s.family} validation rule (src/rules/validation/${FAMILY_RULES[s.family].file}), not in ALL_RULES yet`);
      continue;
    }
    if (s.supported) {
      it(`${s.name} (${s.encounter}): no clinical-validation finding (${rule})`, () => {
        expect(validationFindings(s)).toEqual([]);
      });
    } else {
      it(`${s.name} (${s.encounter}): a clinical-validation finding on its diagnosis (${rule})`, () => {
        const findings = validationFindings(s);
        expect(findings).toContainEqual(expect.objectContaining({
          category: 'clinical-validation', kind: 'clinical-validation', ruleId: expect.stringMatching(FAMILY_RULES[s.family].id),
          target: `Condition/${s.condition}`, suspectedCondition: s.icd10,
        }));
        // Nothing else is questioned: only this diagnosis (its Condition, or the stay's Encounter.diagnosis naming it).
        expect(findings.every((f) => [`Condition/${s.condition}`, `Encounter/${s.encounter}`].includes(f.target))).toBe(true);
      });
    }
  }

  it('gives her own encounters no new finding', () => {
    const key = (f: Finding) => `${f.ruleId} ${'target' in f ? f.target : ''} ${f.suspectedCondition ?? ''} ${f.summary}`;
    for (const encounter of before.byType('Encounter') as Encounter[]) {
      if (isAdministrativeEncounter(encounter)) continue;
      expect(reviewOf(record, encounter).map(key), encounter.id).toEqual(reviewOf(before, encounter).map(key));
    }
  }, 60_000);
});
