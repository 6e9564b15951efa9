import { beforeAll, describe, expect, it } from 'vitest';
import type { Claim, Condition, Encounter, Patient, Resource } from 'fhir/r4';
import { seedResources } from '../../mocks/fixtures';
import { CODING_SCENARIOS } from '../../mocks/fixtures/coding';
import { VALIDATION_SCENARIOS } from '../../mocks/fixtures/validation';
import { groupByPatient } from '../../src/record/group-by-patient';
import { PatientRecord } from '../../src/record/patient-record';
import { runRules, ALL_RULES } from '../../src/rules/index';
import { loadIcd10Cm, type Icd10CmTable } from '../../src/terminology/icd10cm/icd10cm-table';
import { SYSTEM } from '../../src/terminology/systems';

let icd10cm: Icd10CmTable;
let seeded: Resource[];
beforeAll(async () => {
  icd10cm = await loadIcd10Cm();
  seeded = seedResources();
});

function recordOf(family: string): PatientRecord {
  const patient = seeded.find((r) => r.resourceType === 'Patient' && (r as Patient).name?.[0]?.family === family)!;
  const pool = groupByPatient(seeded.map((resource) => ({ resource })));
  const group = pool.groups.find((g) => g.patientId === patient.id)!;
  return PatientRecord.fromEntries(group.entries, { shared: PatientRecord.fromEntries(pool.shared) });
}

/** Reviews the encounter the planted resource belongs to, as a technician launched in it would. */
function reviewAround(record: PatientRecord, encounterReference: string | undefined) {
  const encounter = record.resolve(encounterReference) as Encounter;
  const end = Date.parse(encounter.period!.end ?? encounter.period!.start!);
  return runRules(record, ALL_RULES, { now: new Date(end + 86_400_000), encounterId: encounter.id, icd10cm });
}

const icd10Of = (c: Condition) => c.code?.coding?.find((x) => x.system === SYSTEM.ICD10CM)?.code;

/** The encounter a technician launches in to see a Condition's code: the latest citing it in Encounter.diagnosis, else its own. */
function encounterOf(record: PatientRecord, condition: Condition): string | undefined {
  const citing = record.byType('Encounter')
    .filter((e) => e.diagnosis?.some((d) => record.resolve(d.condition, e) === condition))
    .sort((a, b) => (b.period?.start ?? '').localeCompare(a.period?.start ?? ''))[0];
  return citing ? `Encounter/${citing.id}` : condition.encounter?.reference;
}

describe('mock EHR coding scenarios', () => {
  it('gives every mapped SNOMED Condition an ICD-10-CM coding beside it, as real EHRs do', () => {
    // The messy chart's malformed codes aside (mocks/fixtures/messy.ts): its `code.coding` that is no list.
    const conditions = seeded.filter((r): r is Condition => r.resourceType === 'Condition' && Array.isArray((r as Condition).code?.coding));
    const coded = conditions.filter((c) => icd10Of(c));
    expect(coded.length).toBeGreaterThan(conditions.length * 0.9);
    // But acute posthemorrhagic anemia (D62) of the clinical-validation scenarios: no SNOMED CT concept for it could be verified (validation.ts).
    const icdOnly = new Set(VALIDATION_SCENARIOS.filter((s) => s.icd10 === 'D62').map((s) => s.condition));
    expect(coded.filter((c) => !icdOnly.has(c.id!)).every((c) => c.code!.coding!.some((x) => x.system === SYSTEM.SNOMED))).toBe(true);
  });

  it('plants each named scenario once', () => {
    expect(CODING_SCENARIOS.map((s) => s.name)).toEqual(['header code', 'deleted code', 'codings disagree', 'unsupported claim line']);
  });

  it.each([
    ['Moen', '44054006', 'non-billable-code', 'E11'],
    ['Brekke', '241929008', 'invalid-code', 'T78.1XXA'],
    ['Moen', '271737000', 'coding-mismatch', 'D50.9'],
  ])('%s: the planted Condition (SNOMED %s) is found as %s of %s', (family, snomed, kind, code) => {
    const record = recordOf(family);
    // The latest Condition with the code (Brekke's 2025 allergic reaction, not his 2013 one).
    const condition = record.byType('Condition').filter((c) => c.code?.coding?.some((x) => x.code === snomed))
      .sort((a, b) => (b.recordedDate ?? '').localeCompare(a.recordedDate ?? ''))[0]!;
    expect(icd10Of(condition)).toBe(code);
    const findings = reviewAround(record, encounterOf(record, condition));
    expect(findings).toContainEqual(expect.objectContaining({ kind, target: `Condition/${condition.id}` }));
  });

  it('Grimes: the planted claim line is found as claim-unsupported', () => {
    const record = recordOf('Grimes');
    const claim = record.byType('Claim').find((c) => (c as Claim).diagnosis?.some((d) => d.diagnosisCodeableConcept?.coding?.[0]?.code === 'O24.419'))!;
    const findings = reviewAround(record, claim.item?.[0]?.encounter?.[0]?.reference);
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'claim-unsupported', target: `Claim/${claim.id}`, suspectedCondition: 'O24.419' }));
  });

  it('Friesen: heart failure coded I50.9 while an LVEF is on record is found as unspecified-code in the admission', () => {
    const record = recordOf('Friesen');
    const admission = record.byType('Encounter').find((e) => e.period?.start?.startsWith('2021-02-10'))!;
    const findings = reviewAround(record, `Encounter/${admission.id}`);
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'unspecified-code', suspectedCondition: 'I50.9' }));
  });
});
