/**
 * Property: bounded work (issue #8, item 7). A 300,000-character ICD-10-CM code on a Condition and on a
 * Claim/EOB diagnosis (and 300,000-character displays, texts and references beside them) is read and every
 * rule runs to completion without throwing. fast-check's per-run `timeout` is only a hang guard, never a
 * speed assertion.
 */
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { PatientRecord } from '../../src/record/patient-record';
import { loadIcd10Cm, type Icd10CmTable } from '../../src/terminology/icd10cm/icd10cm-table';
import { SYSTEM } from '../../src/terminology/systems';
import { bundleOf, buildScenario, scenarioArb, type JsonObject } from './arbitraries';
import { exerciseRecord, limit, runAllRules, runs, withLog } from './support';

let icd10cm: Icd10CmTable;
beforeAll(async () => {
  icd10cm = await loadIcd10Cm();
}, 60_000);

const N = 300_000;

/** 300,000-character codes, each a shape a matcher could choke on. */
const HUGE_CODES: Readonly<Record<string, () => string>> = {
  'E11. then 9s': () => `E11.${'9'.repeat(N - 4)}`,
  'digits': () => '9'.repeat(N),
  'dots': () => '.'.repeat(N),
  'spaces around E11.9': () => `${' '.repeat(N / 2)}E11.9${' '.repeat(N / 2)}`,
  'E11.9 repeated': () => 'E11.9'.repeat(N / 5),
  'L89.15 then 9s': () => `L89.15${'9'.repeat(N - 6)}`,
  'O24.4 repeated with dots': () => 'O24.4.'.repeat(N / 6),
  'V00 then X': () => `V00${'X'.repeat(N - 3)}`,
  'letters then !': () => `${'A'.repeat(N - 1)}!`,
  'unicode': () => '𝔈'.repeat(N / 2),
};

/** Where else a huge string goes, beside the codes. */
const ALSO = ['nothing', 'display', 'text', 'system', 'reference', 'id'] as const;

function huge(resources: JsonObject[], code: string, also: (typeof ALSO)[number], patientRef: string, encounterRef: string | undefined): JsonObject[] {
  const concept = (c: string): JsonObject => ({
    coding: [{ system: also === 'system' ? `http://hl7.org/fhir/sid/icd-10-cm${'/'.repeat(N)}` : SYSTEM.ICD10CM, code: c, ...(also === 'display' ? { display: code } : {}) }],
    ...(also === 'text' ? { text: code } : {}),
  });
  const encounter = encounterRef ? { encounter: { reference: encounterRef } } : {};
  const condition = {
    resourceType: 'Condition', id: also === 'id' ? 'c'.repeat(N) : 'huge-condition',
    clinicalStatus: { coding: [{ system: SYSTEM.CONDITION_CLINICAL, code: 'active' }] },
    code: concept(code), subject: { reference: patientRef }, ...encounter, recordedDate: '2021-03-14T10:00:00Z',
  };
  const diagnosis = [
    { sequence: 1, diagnosisCodeableConcept: concept(code), type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/ex-diagnosistype', code: 'principal' }] }] },
    { sequence: 2, diagnosisCodeableConcept: concept('E11.9') },
    { sequence: 3, diagnosisReference: { reference: also === 'reference' ? `Condition/${'c'.repeat(N)}` : 'Condition/huge-condition' } },
  ];
  const item = [{ sequence: 1, ...(encounterRef ? { encounter: [{ reference: encounterRef }] } : {}), diagnosisSequence: [1, 2, 3] }];
  const claim = { resourceType: 'Claim', id: 'huge-claim', status: 'active', use: 'claim', patient: { reference: patientRef }, created: '2021-03-14T12:00:00Z', billablePeriod: { start: '2021-03-14T12:00:00Z' }, diagnosis, item };
  const eob = { ...claim, resourceType: 'ExplanationOfBenefit', id: 'huge-eob', claim: { reference: 'Claim/huge-claim' }, outcome: 'complete' };
  const encounterWithHuge = resources.map((r) => (r.resourceType === 'Encounter' && `Encounter/${r.id as string}` === encounterRef
    ? { ...r, diagnosis: [{ condition: { reference: 'Condition/huge-condition' }, rank: 1, use: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/diagnosis-role', code: 'DD' }] } }] }
    : r));
  return [...encounterWithHuge, condition, claim, eob];
}

describe('bounded work on 300,000-character codes', () => {
  it('a huge ICD-10-CM code on a Condition and on Claim/EOB diagnoses: the record is built and every rule completes', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarioArb, fc.constantFrom(...Object.keys(HUGE_CODES)), fc.constantFrom(...ALSO), fc.constantFrom('resources', 'bundle'),
        async (spec, codeKind, also, form) => {
          // Relative references, so the hand-made Condition and Claim can name the scenario's Patient and Encounter.
          const scenario = buildScenario({ ...spec, style: 'relative' });
          const patient = scenario.resources.find((r) => r.resourceType === 'Patient')!;
          const encounter = scenario.resources.find((r) => r.resourceType === 'Encounter');
          const resources = huge(scenario.resources, HUGE_CODES[codeKind]!(), also, `Patient/${patient.id as string}`, encounter ? `Encounter/${encounter.id as string}` : undefined);
          const log = [`${codeKind} (${N} chars) as the code of Condition/huge-condition and of Claim/huge-claim and ExplanationOfBenefit/huge-eob diagnosis 1; 300k ${also} too`];
          withLog(log, () => {
            const record = form === 'bundle' ? PatientRecord.fromBundle(bundleOf({ ...scenario, resources }, 'collection')) : PatientRecord.fromResources(resources);
            exerciseRecord(record, resources);
            runAllRules(record, { now: scenario.now, icd10cm, maxEncounters: 2 });
          });
        },
      ),
      { numRuns: runs(25), timeout: 5_000 },
    );
  }, limit(120_000));
});
