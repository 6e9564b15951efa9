/**
 * What Clarify finds in the mock EHR's notes (mocks/fixtures/notes.ts): Synthea's notes restate what is
 * coded, so they document no diagnosis the record does not code; the named scenarios produce what
 * mocks/fixtures/README.md says; Tommy Friesen's planted gaps are untouched by his stay's notes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Encounter, Patient, Resource } from 'fhir/r4';
import { seedResources } from '../../mocks/fixtures';
import { HEART_FAILURE_STAY, PNEUMONIA_STAY } from '../../mocks/fixtures/notes';
import { groupByPatient } from '../../src/record/group-by-patient';
import { PatientRecord } from '../../src/record/patient-record';
import { ALL_RULES, runRules, type Finding } from '../../src/rules/index';
import { isAdministrativeEncounter } from '../../src/terminology/encounters';
import { loadIcd10Cm, type Icd10CmTable } from '../../src/terminology/icd10cm/icd10cm-table';

let icd10cm: Icd10CmTable;
let records: Array<{ family: string; record: PatientRecord }>;

beforeAll(async () => {
  icd10cm = await loadIcd10Cm();
  const seed: Resource[] = seedResources();
  const pool = groupByPatient(seed.map((resource) => ({ resource })));
  const shared = PatientRecord.fromEntries(pool.shared);
  records = pool.groups.map((group) => ({
    family: (seed.find((r) => r.resourceType === 'Patient' && r.id === group.patientId) as Patient).name![0]!.family!,
    record: PatientRecord.fromEntries(group.entries, { shared }),
  }));
});

/** The findings of a review launched in this encounter, the day after it ended. */
function reviewOf(record: PatientRecord, encounter: Encounter): Finding[] {
  const end = Date.parse(encounter.period?.end ?? encounter.period!.start!);
  return runRules(record, ALL_RULES, { now: new Date(end + 86_400_000), encounterId: encounter.id, icd10cm });
}

const recordOf = (family: string) => records.find((r) => r.family === family)!.record;
const stay = (family: string, id: string) => recordOf(family).byType('Encounter').find((e) => e.id === id) as Encounter;
const rulesOf = (findings: Finding[]) => findings.map((f) => f.ruleId);

describe('what Clarify finds in the mock EHR\'s notes', () => {
  it('finds no diagnosis documented in a note but not coded, in any encounter, but the planted one', () => {
    const found: string[] = [];
    for (const { family, record } of records) {
      for (const encounter of record.byType('Encounter') as Encounter[]) {
        if (isAdministrativeEncounter(encounter)) continue;
        for (const f of reviewOf(record, encounter)) if (f.ruleId === 'coding/documented-not-coded') found.push(`${family} ${encounter.id} ${f.suspectedCondition}`);
      }
    }
    expect(found).toEqual([`Franecki ${PNEUMONIA_STAY.encounter} E87.1`]);
  }, 60_000);

  it('documented, not coded: the pneumonia stay\'s hyponatremia is documented by its note (no gap), and not coded (a coder finding)', () => {
    const findings = reviewOf(recordOf('Franecki'), stay('Franecki', PNEUMONIA_STAY.encounter));
    expect(rulesOf(findings)).not.toContain('electrolytes/hyponatremia');
    expect(findings).toContainEqual(expect.objectContaining({ ruleId: 'coding/documented-not-coded', suspectedCondition: 'E87.1', target: `DocumentReference/${PNEUMONIA_STAY.siadhNote}` }));
  });

  it('negated in a note: the pneumonia stay\'s AKI gap stays', () => {
    expect(rulesOf(reviewOf(recordOf('Franecki'), stay('Franecki', PNEUMONIA_STAY.encounter)))).toContain('renal/acute-kidney-injury');
  });

  it('heart-failure specificity: the note states the type and acuity the code lacks, so no heart-failure type gap', () => {
    expect(rulesOf(reviewOf(recordOf('Franecki'), stay('Franecki', HEART_FAILURE_STAY.encounter)))).not.toContain('heart-failure/type-acuity-unspecified');
  });

  it('Friesen: his heart-failure admission, notes and all, keeps its planted gaps (the e2e tests rely on them)', () => {
    const record = recordOf('Friesen');
    const admission = record.byType('Encounter').find((e) => (e as Encounter).period?.start?.startsWith('2021-02-10')) as Encounter;
    expect(rulesOf(reviewOf(record, admission))).toEqual(expect.arrayContaining([
      'renal/acute-kidney-injury', 'electrolytes/hyponatremia', 'electrolytes/hypokalemia', 'heart-failure/type-acuity-unspecified', 'coding/unspecified-code',
    ]));
  });
});
