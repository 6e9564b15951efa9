import { beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, Condition, MedicationRequest, Observation, Patient, Procedure } from 'fhir/r4';
import { seedResources } from '../../mocks/fixtures';
import { codedFixtures } from '../../mocks/fixtures/coding';
import { HOSTILE_TEXT, MESSY_SCENARIO } from '../../mocks/fixtures/messy';
import harlandBundle from '../../mocks/fixtures/patients/harland-dubuque.json';
import { createTestEhr, mockServer, TEST_FHIR_BASE } from '../../mocks/node';
import { createFhirGateway } from '../../src/fhir/gateway';
import { loadPatientRecord, type LoadedPatientRecord } from '../../src/fhir/load-patient-record';
import { launchScopes } from '../../src/fhir/scopes';
import { PatientRecord } from '../../src/record/patient-record';
import { patientBannerFacts } from '../../src/record/people';
import { runRules, ALL_RULES, type Finding } from '../../src/rules/index';
import { loadIcd10Cm } from '../../src/terminology/icd10cm/icd10cm-table';
import { LOINC } from '../../src/terminology/loinc';
import { SYSTEM } from '../../src/terminology/systems';
import { fixtureChart } from '../support/fixtures';
import { issueAccessToken } from '../support/tokens';

const harland = fixtureChart(MESSY_SCENARIO.patient);
const fixture = (harlandBundle as Bundle).entry!.map((e) => e.resource!);
const MRN = '64e50922-047c-4b7a-9a9e-75c85ff2144f';
const ATRIAL_FIBRILLATION = '49436004';
const WARFARIN_5_MG = '855332';

/** Untrusted JSON, as the mock EHR serves the planted resources. */
type Json = Record<string, any>;

let seeded: Json[];
let loaded: LoadedPatientRecord;
let record: PatientRecord;
let findings: Finding[];

/** The one seeded resource of Harland's of this type that matches. */
function planted(type: string, matches: (resource: Json) => boolean): Json {
  const found = seeded.filter((r) => r.resourceType === type && matches(r) && JSON.stringify(r).includes(harland.patientId));
  expect(found).toHaveLength(1);
  return found[0]!;
}

beforeAll(async () => {
  seeded = seedResources() as unknown as Json[];
  // Read as Clarify reads it in the EHR: through the mock server, with the scopes of an EHR launch.
  mockServer.use(...createTestEhr().handlers);
  const token = await issueAccessToken(launchScopes('ehr'), { patient: harland.patientId, encounter: harland.latestEncounterId });
  const gateway = createFhirGateway({ baseUrl: TEST_FHIR_BASE, authorization: async () => `Bearer ${token}`, sleep: async () => {} });
  loaded = await loadPatientRecord(gateway, { patientId: harland.patientId, encounterId: harland.latestEncounterId });
  record = PatientRecord.fromResources(loaded.resources);
  const launch = harland.encounters[0]!;
  findings = runRules(record, ALL_RULES, {
    now: new Date(Date.parse(launch.period!.end ?? launch.period!.start!) + 86_400_000), encounterId: launch.id, icd10cm: await loadIcd10Cm(),
  });
});

describe(`mock EHR messy chart (${MESSY_SCENARIO.name}): Harland DuBuque`, () => {
  it('is planted on copies: the fixture keeps its R4 shapes', () => {
    const af = fixture.find((r) => r.resourceType === 'Condition' && (r as Condition).code?.coding?.some((c) => c.code === ATRIAL_FIBRILLATION)) as Condition;
    expect(af.clinicalStatus?.coding?.[0]?.code).toBe('active');
    expect(af.encounter?.reference).toMatch(/^Encounter\//);
    expect(seeded.filter((r) => r.resourceType === 'Condition' && typeof r.clinicalStatus === 'string').length).toBe(8);
  });

  it('is served whole: the mock server files every planted resource under him, malformed ones included', () => {
    const served = new Set(loaded.resources.map((r) => `${r.resourceType}/${r.id}`));
    const broken = [
      planted('Observation', (o) => o.effectiveDateTime === '2021-02-30'),
      planted('Condition', (c) => typeof c.code === 'number'),
      planted('Condition', (c) => c.code?.coding !== undefined && !Array.isArray(c.code.coding)),
      planted('Procedure', (p) => typeof p.subject?.reference === 'number'),
      planted('MedicationRequest', (m) => String(m.medicationCodeableConcept?.text).includes('<img')),
    ];
    for (const resource of broken) expect(served).toContain(`${resource.resourceType}/${resource.id}`);
    expect(loaded.parts.filter((p) => p.status.state !== 'loaded')).toEqual([]);
  });

  it('sets aside exactly the two resources it cannot use, by type and reason', () => {
    const sortByType = (a: { resourceType: string }, b: { resourceType: string }) => a.resourceType.localeCompare(b.resourceType);
    expect(record.setAside().sort(sortByType)).toEqual([
      { resourceType: 'Condition', problem: 'without a coded diagnosis', count: 1 },
      { resourceType: 'Observation', problem: 'without a usable effective time', count: 1 },
    ]);
    const uncoded = planted('Condition', (c) => typeof c.code === 'number');
    const undated = planted('Observation', (o) => o.effectiveDateTime === '2021-02-30');
    expect(record.issues.map((i) => i.reference).sort()).toEqual([`Condition/${uncoded.id}`, `Observation/${undated.id}`]);
  });

  it('ignores the malformed fields, reads the rest of each resource, and the fixture itself has none', () => {
    expect(Object.fromEntries(record.ignoredFields)).toEqual({
      'Condition.code': 1,
      'Condition.code.coding': 1,
      'Observation.effectiveDateTime': 1,
      'Procedure.subject.reference': 1,
    });
    // The lone coding is read as a list of one; the spirometry is kept, without a subject.
    expect(record.conditionsWithCode(SYSTEM.SNOMED, '82423001')).toHaveLength(1);
    const spirometry = planted('Procedure', (p) => typeof p.subject?.reference === 'number');
    expect(record.resolve(`Procedure/${spirometry.id}`)).toMatchObject({ status: 'completed' });
    expect((record.resolve(`Procedure/${spirometry.id}`) as Procedure).subject).toBeUndefined();
    // Control: the same patient as the fixture has it (ICD-10-CM codings added) sets nothing aside.
    const clean = PatientRecord.fromResources(codedFixtures(fixture));
    expect(clean.setAside()).toEqual([]);
    expect(clean.ignoredFields.size).toBe(0);
  });

  it('reads the older shapes by meaning: STU3 Condition fields, molar hemoglobin', () => {
    const rawAf = planted('Condition', (c) => Array.isArray(c.code?.coding) && c.code.coding.some((x: Json) => x.code === ATRIAL_FIBRILLATION));
    expect(rawAf).toMatchObject({ clinicalStatus: 'active', verificationStatus: 'confirmed' });
    const af = record.resolve(`Condition/${rawAf.id}`) as Condition;
    expect(af.clinicalStatus).toEqual({ coding: [{ system: SYSTEM.CONDITION_CLINICAL, code: 'active' }] });
    expect(af.verificationStatus).toEqual({ coding: [{ system: SYSTEM.CONDITION_VERIFICATION, code: 'confirmed' }] });
    expect(af.encounter).toEqual(rawAf.context);
    expect(af.recordedDate).toBe(rawAf.assertedDate);

    const fixtureHemoglobins = fixture.filter((r) => r.resourceType === 'Observation' && (r as Observation).code?.coding?.[0]?.code === LOINC.HEMOGLOBIN) as Observation[];
    expect(seeded.filter((r) => r.resourceType === 'Observation' && r.code?.coding?.[0]?.code === '59260-0' && r.valueQuantity?.unit === 'mmol/L')).toHaveLength(2);
    const read = record.observations(LOINC.HEMOGLOBIN);
    expect(read.map((p) => p.unit)).toEqual(['g/dL', 'g/dL']);
    read.forEach((point, i) => expect(point.value).toBeCloseTo(fixtureHemoglobins[i]!.valueQuantity!.value!, 1));
  });

  it('finds the MRN under the STU3 identifier-type URI', () => {
    const rawPatient = planted('Patient', (p) => p.id === harland.patientId) as Patient;
    expect(rawPatient.identifier?.find((i) => i.value === MRN && i.type)?.type?.coding?.[0]?.system).toBe('http://hl7.org/fhir/v2/0203');
    expect(patientBannerFacts(loaded.patient).mrn).toBe(MRN);
  });

  it('raises no anticoagulant finding: the warfarin order is indicated by the STU3 "active" atrial fibrillation', () => {
    const warfarin = record.activeMedicationRequests().filter((m) => m.medicationCodeableConcept?.coding?.some((c) => c.code === WARFARIN_5_MG));
    expect(warfarin).toHaveLength(1);
    expect(warfarin[0]!.reasonCode ?? warfarin[0]!.reasonReference).toBeUndefined();
    expect(findings.filter((f) => f.ruleId === 'medication-indication/anticoagulant')).toEqual([]);
    expect(findings.filter((f) => f.evidence.includes(`MedicationRequest/${warfarin[0]!.id}`))).toEqual([]);
  });

  it('passes the hostile order name on as text, escape sequences removed, in the one medication finding (a loop diuretic with no indication)', () => {
    const order = planted('MedicationRequest', (m) => String(m.medicationCodeableConcept?.text).includes('<img')) as MedicationRequest;
    const medication = findings.filter((f) => f.ruleId.startsWith('medication-indication/'));
    expect(medication.map((f) => [f.ruleId, f.evidence])).toEqual([['medication-indication/loop-diuretic', [`MedicationRequest/${order.id}`]]]);
    expect(medication[0]!.summary).toContain('Furosemide 40 MG Oral Tablet <img src=x onerror=alert(1)> ordered on 2001-06-23');
    expect(HOSTILE_TEXT).toContain('\u001b[2J');
    expect(medication[0]!.summary).not.toMatch(/[\u0000-\u001f]/);
  });
});
