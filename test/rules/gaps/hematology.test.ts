import { describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import { acuteBloodLossAnemia, anemia, thrombocytopenia } from '../../../src/rules/gaps/hematology';
import { LOINC } from '../../../src/terminology/loinc';
import { HEMATOLOGY_SNOMED, SNOMED } from '../../../src/terminology/snomed';
import { SYSTEM } from '../../../src/terminology/systems';
import {
  claim, encounter, findingsFor, icd10Condition, lab, medicationAdministration, medicationRequest, patient, procedure, snomedCondition,
} from '../support';

// An inpatient stay, 1–8 March 2021, reviewed on 15 March. The default patient is a woman born in 1950.
const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z');
const man = patient({ gender: 'male' });
const sexNotRecorded = patient({ gender: undefined });
const hemoglobin = (value: number, time: string, unit = 'g/dL') => lab(LOINC.HEMOGLOBIN, value, unit, time, { encounter: 'enc-1' });
const platelets = (value: number, time: string, unit = '10*3/uL') => lab(LOINC.PLATELETS, value, unit, time, { encounter: 'enc-1' });
const lowPair = (value: number) => [hemoglobin(value, '2021-03-01T09:00:00Z'), hemoglobin(value, '2021-03-02T06:00:00Z')];
const optionCodes = (options: Array<{ icd10?: string }>) => options.map((o) => o.icd10).filter(Boolean);

describe('hematology/anemia', () => {
  it.each<[string, Resource[]]>([
    ['two hemoglobin results below 12 g/dL in a woman', [hemoglobin(11.2, '2021-03-01T09:00:00Z'), hemoglobin(10.8, '2021-03-02T06:00:00Z')]],
    ['two results of 11.9 g/dL in a woman, just below her cut-off', lowPair(11.9)],
    ['two results of 12.9 g/dL in a man, just below his cut-off', [man, ...lowPair(12.9)]],
    ['two results of 11.9 g/dL when sex is not recorded', [sexNotRecorded, ...lowPair(11.9)]],
    ['two results of 11.4 g/dL in an 8-year-old (cut-off 11.5)', [patient({ birthDate: '2012-06-15' }), ...lowPair(11.4)]],
    ['hemoglobin in g/L (115 and 110 g/L)', [hemoglobin(115, '2021-03-01T09:00:00Z', 'g/L'), hemoglobin(110, '2021-03-02T06:00:00Z', 'g/L')]],
    ['hemoglobin in mmol/L (6.8 mmol/L = 11 g/dL)', [hemoglobin(6.8, '2021-03-01T09:00:00Z', 'mmol/L'), hemoglobin(6.8, '2021-03-02T06:00:00Z', 'mmol/L')]],
    ['a resolved anemia from years ago', [...lowPair(10.5), snomedCondition(SNOMED.ANEMIA, { clinicalStatus: 'resolved', recordedDate: '2016-01-01T00:00:00Z' })]],
    ['a pregnancy that ended before the review window', [...lowPair(11.5),
      snomedCondition(HEMATOLOGY_SNOMED.NORMAL_PREGNANCY, { clinicalStatus: 'resolved', onsetDateTime: '2019-01-01T00:00:00Z' })]],
  ])('flags %s with no anemia diagnosis', (_scenario, resources) => {
    const [finding] = findingsFor(anemia, [stay, ...resources], { encounterId: 'enc-1' });
    expect(finding).toMatchObject({
      ruleId: 'hematology/anemia', category: 'documentation-gap', severity: 'medium', suspectedCondition: 'D64.9', encounter: 'Encounter/enc-1',
    });
    expect(finding!.answerOptions).toEqual([
      { text: 'Anemia, unspecified', icd10: 'D64.9' }, { text: 'Other (please specify)' }, { text: 'Clinically undetermined' }, { text: 'Not clinically significant' }]);
  });

  it('cites every low value with its unit, time and the WHO cut-off applied', () => {
    const first = hemoglobin(11.2, '2021-03-01T09:00:00Z');
    const normal = hemoglobin(12.4, '2021-03-02T06:00:00Z');
    const second = hemoglobin(10.8, '2021-03-03T06:00:00Z');
    const [finding] = findingsFor(anemia, [stay, first, normal, second], { encounterId: 'enc-1' });
    expect(finding!.evidence).toEqual([`Observation/${first.id}`, `Observation/${second.id}`]);
    expect(finding!.summary).toBe('Hemoglobin 11.2 g/dL on 2021-03-01 09:00, hemoglobin 10.8 g/dL on 2021-03-03 06:00 (WHO anemia cut-off 12 g/dL for non-pregnant women). No anemia diagnosis is documented for this encounter.');
    expect(finding!.observedAt).toBe('2021-03-03T06:00:00Z');
  });

  it('states the low values, the documented CKD and the iron order as facts, each value judged against the WHO cut-off', () => {
    const [first, second] = lowPair(10.1);
    const ckd = snomedCondition(HEMATOLOGY_SNOMED.CKD_STAGE_3, { recordedDate: '2019-05-01T00:00:00Z' });
    const iron = medicationRequest('310325', 'ferrous sulfate 325 MG Oral Tablet', '2021-03-02T10:00:00Z');
    const [finding] = findingsFor(anemia, [stay, first!, second!, ckd, iron], { encounterId: 'enc-1' });
    const cutOff = { low: 12, unit: 'g/dL' };
    expect(finding!.facts).toEqual([
      { kind: 'result', label: 'hemoglobin', value: 10.1, unit: 'g/dL', time: '2021-03-01T09:00:00Z', referenceRange: cutOff, reference: `Observation/${first!.id}` },
      { kind: 'result', label: 'hemoglobin', value: 10.1, unit: 'g/dL', time: '2021-03-02T06:00:00Z', referenceRange: cutOff, reference: `Observation/${second!.id}` },
      { kind: 'diagnosis', label: 'chronic kidney disease', time: '2019-05-01T00:00:00Z', reference: `Condition/${ckd.id}` },
      { kind: 'medication', label: 'ferrous sulfate 325 MG Oral Tablet', time: '2021-03-02T10:00:00Z', reference: `MedicationRequest/${iron.id}` },
    ]);
  });

  it('offers anemia in chronic kidney disease when CKD is documented, citing the CKD condition', () => {
    const ckd = snomedCondition(HEMATOLOGY_SNOMED.CKD_STAGE_3);
    const [finding] = findingsFor(anemia, [stay, ...lowPair(10.1), ckd], { encounterId: 'enc-1' });
    expect(optionCodes(finding!.answerOptions)).toEqual(['D63.1', 'D64.9']);
    expect(finding!.evidence).toContain(`Condition/${ckd.id}`);
    expect(finding!.summary).toContain('Chronic kidney disease is documented.');
  });

  it('offers anemia in chronic kidney disease when CKD is coded in ICD-10-CM (N18.31)', () => {
    const [finding] = findingsFor(anemia, [stay, ...lowPair(10.1), icd10Condition('N18.31')], { encounterId: 'enc-1' });
    expect(optionCodes(finding!.answerOptions)).toEqual(['D63.1', 'D64.9']);
  });

  it('offers iron deficiency anemia when an iron product is ordered, citing the order', () => {
    const iron = medicationRequest('310325', 'ferrous sulfate 325 MG Oral Tablet', '2021-03-02T10:00:00Z');
    const [finding] = findingsFor(anemia, [stay, ...lowPair(10.1), iron], { encounterId: 'enc-1' });
    expect(optionCodes(finding!.answerOptions)).toEqual(['D50.9', 'D64.9']);
    expect(finding!.evidence).toContain(`MedicationRequest/${iron.id}`);
    expect(finding!.summary).toContain('ferrous sulfate 325 MG Oral Tablet ordered or given.');
  });

  it('offers anemia in neoplastic disease when a malignant neoplasm is documented', () => {
    const [finding] = findingsFor(anemia, [stay, ...lowPair(10.1), icd10Condition('C18.9')], { encounterId: 'enc-1' });
    expect(optionCodes(finding!.answerOptions)).toEqual(['D63.0', 'D64.9']);
  });

  it('does not offer iron deficiency anemia for ferric citrate (a phosphate binder)', () => {
    const ferricCitrate = medicationRequest(undefined, 'ferric citrate 210 MG Oral Tablet [Auryxia]', '2021-03-02T10:00:00Z');
    const [finding] = findingsFor(anemia, [stay, ...lowPair(10.1), ferricCitrate], { encounterId: 'enc-1' });
    expect(optionCodes(finding!.answerOptions)).toEqual(['D64.9']);
  });

  it.each<[string, number, string]>([
    ['is high severity below 8 g/dL (WHO severe anemia)', 7.9, 'high'],
    ['stays medium severity at exactly 8 g/dL', 8, 'medium'],
  ])('%s', (_scenario, lowest, severity) => {
    const [finding] = findingsFor(anemia, [stay, hemoglobin(lowest, '2021-03-01T09:00:00Z'), hemoglobin(9.5, '2021-03-02T06:00:00Z')], { encounterId: 'enc-1' });
    expect(finding!.severity).toBe(severity);
  });

  it.each<[string, Resource[]]>([
    ['two results of exactly 12 g/dL in a woman (the cut-off is normal)', lowPair(12)],
    ['two results of exactly 13 g/dL in a man', [man, ...lowPair(13)]],
    ['two results of exactly 120 g/L in a woman', [hemoglobin(120, '2021-03-01T09:00:00Z', 'g/L'), hemoglobin(120, '2021-03-02T06:00:00Z', 'g/L')]],
    ['12.5 g/dL in a woman (below the men\'s cut-off only)', lowPair(12.5)],
    ['12.5 g/dL when sex is not recorded', [sexNotRecorded, ...lowPair(12.5)]],
    ['11.5 g/dL in a pregnant woman (cut-off 11 g/dL)', [...lowPair(11.5), icd10Condition('Z34.83', { recordedDate: '2020-11-01T00:00:00Z' })]],
    ['11.5 g/dL in a woman with a SNOMED-coded current pregnancy', [...lowPair(11.5), snomedCondition(HEMATOLOGY_SNOMED.NORMAL_PREGNANCY, { recordedDate: '2020-11-01T00:00:00Z' })]],
    ['11.6 g/dL in an 8-year-old (cut-off 11.5)', [patient({ birthDate: '2012-06-15' }), ...lowPair(11.6)]],
    ['an infant under one year (no WHO cut-off)', [patient({ birthDate: '2020-09-01' }), ...lowPair(9.5)]],
    ['a single low result', [hemoglobin(10.1, '2021-03-01T09:00:00Z'), hemoglobin(12.6, '2021-03-02T06:00:00Z')]],
    ['one draw reported twice (two low results at the same time)', [hemoglobin(10.1, '2021-03-01T09:00:00Z'), hemoglobin(10.1, '2021-03-01T09:00:00Z')]],
    ['an active D64.9', [...lowPair(10.1), icd10Condition('D64.9')]],
    ['iron deficiency anemia documented (D50.9)', [...lowPair(10.1), icd10Condition('D50.9')]],
    ['anemia in CKD documented (D63.1)', [...lowPair(10.1), icd10Condition('N18.4'), icd10Condition('D63.1')]],
    ['anemia complicating pregnancy documented (O99.012)', [...lowPair(10.1), icd10Condition('O99.012')]],
    ['refractory anemia documented (D46.4, myelodysplastic syndrome)', [...lowPair(10.1), icd10Condition('D46.4')]],
    ['a SNOMED-only anemia diagnosis (271737000, as Synthea codes it)', [...lowPair(10.1), snomedCondition(SNOMED.ANEMIA)]],
    ['a SNOMED-only iron deficiency anemia', [...lowPair(10.1), snomedCondition(HEMATOLOGY_SNOMED.IRON_DEFICIENCY_ANEMIA)]],
    ['acute posthemorrhagic anemia on the claim for the stay', [...lowPair(10.1), claim(['K92.2', 'D62'], '2021-03-08T12:00:00Z')]],
    ['low results outside the encounter', [hemoglobin(10.1, '2021-02-01T09:00:00Z'), hemoglobin(10.2, '2021-02-02T06:00:00Z')]],
    ['low results entered in error', [
      lab(LOINC.HEMOGLOBIN, 9.1, 'g/dL', '2021-03-01T09:00:00Z', { status: 'entered-in-error' }),
      lab(LOINC.HEMOGLOBIN, 9.2, 'g/dL', '2021-03-02T09:00:00Z', { status: 'entered-in-error' })]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(findingsFor(anemia, [stay, ...resources], { encounterId: 'enc-1' })).toEqual([]);
  });

  it('looks back 12 months when launched without an encounter', () => {
    const recent = [hemoglobin(10.5, '2020-06-01T09:00:00Z'), hemoglobin(10.4, '2020-06-02T06:00:00Z')];
    expect(findingsFor(anemia, recent, { now: '2021-03-15T12:00:00Z' })).toHaveLength(1);
    expect(findingsFor(anemia, recent, { now: '2021-07-15T12:00:00Z' })).toEqual([]);
  });

  it('takes its cut-offs from the configuration', () => {
    const resources = [stay, ...lowPair(11.5)];
    expect(findingsFor(anemia, resources, { encounterId: 'enc-1' })).toHaveLength(1);
    expect(findingsFor(anemia, resources, { encounterId: 'enc-1', thresholds: { 'hematology/anemia': { womenBelow: 11.5 } } })).toEqual([]);
  });
});

// Red-cell transfusions as EHRs record them: a coded Procedure, a Procedure coded in CPT only, a charted blood product.
const redCellProcedure = procedure(SYSTEM.SNOMED, HEMATOLOGY_SNOMED.TRANSFUSION_OF_RED_BLOOD_CELLS, 'Transfusion of red blood cells (procedure)', '2021-03-02T10:00:00Z');
const cptTransfusion = procedure('http://www.ama-assn.org/go/cpt', '36430', 'Transfusion of packed red blood cells', '2021-03-02T10:00:00Z');
const redCellsGiven = medicationAdministration(undefined, 'Red Blood Cells, Leukocytes Reduced', '2021-03-02T10:00:00Z');
const cbcProcedure = procedure(SYSTEM.SNOMED, '104091002', 'Hemoglobin / Hematocrit / Platelet count', '2021-03-02T10:00:00Z');

describe('hematology/acute-blood-loss-anemia', () => {
  it.each<[string, Resource[]]>([
    ['a fall from 12.5 to 10.1 g/dL within 24 hours', [hemoglobin(12.5, '2021-03-01T09:00:00Z'), hemoglobin(10.1, '2021-03-02T06:00:00Z')]],
    ['a fall of exactly 2 g/dL (13 to 11 g/dL)', [hemoglobin(13, '2021-03-01T09:00:00Z'), hemoglobin(11, '2021-03-02T06:00:00Z')]],
    ['a fall of exactly 2 g/dL in g/L (121 to 101 g/L)', [hemoglobin(121, '2021-03-01T09:00:00Z', 'g/L'), hemoglobin(101, '2021-03-02T06:00:00Z', 'g/L')]],
    ['a fall between results exactly 72 hours apart', [hemoglobin(12.5, '2021-03-01T09:00:00Z'), hemoglobin(10, '2021-03-04T09:00:00Z')]],
    ['a coded red-cell transfusion with hemoglobin 7.2 g/dL', [hemoglobin(7.2, '2021-03-02T06:00:00Z'), redCellProcedure]],
    ['a packed-cell transfusion named only in text (CPT-coded)', [hemoglobin(7.5, '2021-03-02T06:00:00Z'), cptTransfusion]],
    ['red cells charted as an administration', [hemoglobin(7.0, '2021-03-02T06:00:00Z'), redCellsGiven]],
  ])('flags %s with no acute blood loss anemia diagnosis', (_scenario, resources) => {
    const [finding] = findingsFor(acuteBloodLossAnemia, [stay, ...resources], { encounterId: 'enc-1' });
    expect(finding).toMatchObject({
      ruleId: 'hematology/acute-blood-loss-anemia', category: 'documentation-gap', severity: 'medium', suspectedCondition: 'D62', encounter: 'Encounter/enc-1',
    });
    expect(finding!.answerOptions).toEqual([
      { text: 'Acute posthemorrhagic anemia', icd10: 'D62' }, { text: 'Other (please specify)' }, { text: 'Clinically undetermined' }, { text: 'Not clinically significant' }]);
  });

  it('cites the two results of the largest fall with their times and the interval', () => {
    const before = hemoglobin(13.1, '2021-03-01T09:00:00Z');
    const middle = hemoglobin(11.9, '2021-03-01T21:00:00Z');
    const after = hemoglobin(9.6, '2021-03-02T09:00:00Z');
    const [finding] = findingsFor(acuteBloodLossAnemia, [stay, before, middle, after], { encounterId: 'enc-1' });
    expect(finding!.evidence).toEqual([`Observation/${before.id}`, `Observation/${after.id}`]);
    expect(finding!.summary).toBe('Hemoglobin 13.1 g/dL on 2021-03-01 09:00, hemoglobin 9.6 g/dL on 2021-03-02 09:00 (a fall of 3.5 g/dL within 24 hours; WHO anemia cut-off 12 g/dL for non-pregnant women). No acute blood loss anemia diagnosis is documented for this encounter.');
    expect(finding!.observedAt).toBe('2021-03-02T09:00:00Z');
    expect(finding!.facts).toEqual([
      { kind: 'result', label: 'hemoglobin', value: 13.1, unit: 'g/dL', time: '2021-03-01T09:00:00Z', reference: `Observation/${before.id}` },
      { kind: 'result', label: 'hemoglobin', value: 9.6, unit: 'g/dL', time: '2021-03-02T09:00:00Z', referenceRange: { low: 12, unit: 'g/dL' }, reference: `Observation/${after.id}` },
    ]);
  });

  it('cites the transfusion and the lowest hemoglobin when there is no fall', () => {
    const lowest = hemoglobin(6.9, '2021-03-02T06:00:00Z');
    const later = hemoglobin(8.1, '2021-03-02T18:00:00Z');
    const [finding] = findingsFor(acuteBloodLossAnemia, [stay, lowest, later, redCellProcedure], { encounterId: 'enc-1' });
    expect(finding!.evidence).toEqual([`Observation/${lowest.id}`, `Procedure/${redCellProcedure.id}`]);
    expect(finding!.summary).toBe('Red-cell transfusion: Transfusion of red blood cells (procedure) on 2021-03-02 10:00. Lowest hemoglobin 6.9 g/dL on 2021-03-02 06:00 (WHO anemia cut-off 12 g/dL for non-pregnant women). No acute blood loss anemia diagnosis is documented for this encounter.');
    expect(finding!.facts.map((f) => [f.kind, f.label, f.reference])).toEqual([
      ['procedure', 'Transfusion of red blood cells (procedure)', `Procedure/${redCellProcedure.id}`],
      ['result', 'lowest hemoglobin', `Observation/${lowest.id}`],
    ]);
    expect(finding!.observedAt).toBe('2021-03-02T10:00:00Z');
  });

  it.each<[string, Resource[]]>([
    ['a fall of 1.9 g/dL', [hemoglobin(12.5, '2021-03-01T09:00:00Z'), hemoglobin(10.6, '2021-03-02T06:00:00Z')]],
    ['two different results reported for the same draw time (no interval to fall over)', [hemoglobin(13.9, '2021-03-01T09:00:00Z'), hemoglobin(11.8, '2021-03-01T09:00:00Z')]],
    ['a fall of 2.5 g/dL over 73 hours', [hemoglobin(12.5, '2021-03-01T09:00:00Z'), hemoglobin(10, '2021-03-04T10:00:00Z')]],
    ['a fall of 2.2 g/dL that stays above the woman\'s cut-off (15 to 12.8 g/dL)', [hemoglobin(15, '2021-03-01T09:00:00Z'), hemoglobin(12.8, '2021-03-02T06:00:00Z')]],
    ['a rise of 2.5 g/dL after transfusion', [hemoglobin(7.5, '2021-03-01T09:00:00Z'), hemoglobin(10, '2021-03-02T06:00:00Z')]],
    ['a red-cell transfusion while every hemoglobin is above the cut-off', [hemoglobin(12.5, '2021-03-02T06:00:00Z'), redCellProcedure]],
    ['a low hemoglobin with a blood count procedure, not a transfusion', [hemoglobin(7.2, '2021-03-02T06:00:00Z'), cbcProcedure]],
    ['a low hemoglobin with a platelet transfusion only', [hemoglobin(7.2, '2021-03-02T06:00:00Z'),
      procedure(SYSTEM.SNOMED, HEMATOLOGY_SNOMED.PLATELET_TRANSFUSION, 'Platelet transfusion (procedure)', '2021-03-02T10:00:00Z')]],
    ['a red-cell transfusion that was not done', [hemoglobin(7.2, '2021-03-02T06:00:00Z'),
      procedure(SYSTEM.SNOMED, HEMATOLOGY_SNOMED.TRANSFUSION_OF_RED_BLOOD_CELLS, 'Transfusion of red blood cells (procedure)', '2021-03-02T10:00:00Z', { status: 'not-done' })]],
    ['an active D62', [hemoglobin(12.5, '2021-03-01T09:00:00Z'), hemoglobin(10.1, '2021-03-02T06:00:00Z'), icd10Condition('D62')]],
    ['acute posthemorrhagic anemia on the claim for the stay', [hemoglobin(12.5, '2021-03-01T09:00:00Z'), hemoglobin(10.1, '2021-03-02T06:00:00Z'), claim(['K92.2', 'D62'], '2021-03-08T12:00:00Z')]],
    ['a fall whose first result precedes the encounter', [hemoglobin(12.5, '2021-02-28T20:00:00Z'), hemoglobin(10.1, '2021-03-01T09:00:00Z')]],
    ['a fall entered in error', [hemoglobin(12.5, '2021-03-01T09:00:00Z'),
      lab(LOINC.HEMOGLOBIN, 9.1, 'g/dL', '2021-03-02T06:00:00Z', { status: 'entered-in-error', encounter: 'enc-1' })]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(findingsFor(acuteBloodLossAnemia, [stay, ...resources], { encounterId: 'enc-1' })).toEqual([]);
  });

  it('judges the end of the fall against the man\'s cut-off (13 g/dL)', () => {
    const fall = [hemoglobin(15, '2021-03-01T09:00:00Z'), hemoglobin(12.8, '2021-03-02T06:00:00Z')];
    expect(findingsFor(acuteBloodLossAnemia, [man, stay, ...fall], { encounterId: 'enc-1' })).toHaveLength(1);
    expect(findingsFor(acuteBloodLossAnemia, [stay, ...fall], { encounterId: 'enc-1' })).toEqual([]);
  });

  it('takes its fall and interval from the configuration', () => {
    const resources = [stay, hemoglobin(12.5, '2021-03-01T09:00:00Z'), hemoglobin(10, '2021-03-03T09:00:00Z')];
    expect(findingsFor(acuteBloodLossAnemia, resources, { encounterId: 'enc-1' })).toHaveLength(1);
    expect(findingsFor(acuteBloodLossAnemia, resources, { encounterId: 'enc-1', thresholds: { 'hematology/acute-blood-loss-anemia': { fallWithinHours: 24 } } })).toEqual([]);
    expect(findingsFor(acuteBloodLossAnemia, resources, { encounterId: 'enc-1', thresholds: { 'hematology/acute-blood-loss-anemia': { fallAtLeast: 3 } } })).toEqual([]);
  });
});

const plateletProcedure = procedure(SYSTEM.SNOMED, HEMATOLOGY_SNOMED.PLATELET_TRANSFUSION, 'Platelet transfusion (procedure)', '2021-03-02T10:00:00Z');
const plateletsGiven = medicationAdministration(undefined, 'Platelets, Pheresis, Leukocytes Reduced', '2021-03-02T10:00:00Z');
const heparin = (time: string) => medicationAdministration('5224', 'heparin sodium, porcine 5000 UNT/ML Injectable Solution', time);

describe('hematology/thrombocytopenia', () => {
  it.each<[string, Resource[]]>([
    ['two platelet counts below 150', [platelets(120, '2021-03-01T09:00:00Z'), platelets(98, '2021-03-02T06:00:00Z')]],
    ['two counts of 149, just below the limit', [platelets(149, '2021-03-01T09:00:00Z'), platelets(149, '2021-03-02T06:00:00Z')]],
    ['counts per microliter (120000 and 110000 /uL)', [platelets(120000, '2021-03-01T09:00:00Z', '/uL'), platelets(110000, '2021-03-02T06:00:00Z', '/uL')]],
    ['counts in 10*9/L', [platelets(120, '2021-03-01T09:00:00Z', '10*9/L'), platelets(110, '2021-03-02T06:00:00Z', '10*9/L')]],
    ['one low count with a coded platelet transfusion', [platelets(60, '2021-03-02T06:00:00Z'), plateletProcedure]],
    ['one low count with platelets charted as an administration', [platelets(60, '2021-03-02T06:00:00Z'), plateletsGiven]],
  ])('flags %s with no thrombocytopenia diagnosis', (_scenario, resources) => {
    const [finding] = findingsFor(thrombocytopenia, [stay, ...resources], { encounterId: 'enc-1' });
    expect(finding).toMatchObject({
      ruleId: 'hematology/thrombocytopenia', category: 'documentation-gap', severity: 'medium', suspectedCondition: 'D69.6', encounter: 'Encounter/enc-1',
    });
    expect(finding!.answerOptions).toEqual([
      { text: 'Thrombocytopenia, unspecified', icd10: 'D69.6' }, { text: 'Other secondary thrombocytopenia', icd10: 'D69.59' },
      { text: 'Other (please specify)' }, { text: 'Clinically undetermined' }, { text: 'Not clinically significant' }]);
  });

  it('cites every low count and the transfusion as evidence', () => {
    const low = platelets(60, '2021-03-02T06:00:00Z');
    const normal = platelets(180, '2021-03-04T06:00:00Z');
    const [finding] = findingsFor(thrombocytopenia, [stay, low, normal, plateletProcedure], { encounterId: 'enc-1' });
    expect(finding!.evidence).toEqual([`Observation/${low.id}`, `Procedure/${plateletProcedure.id}`]);
    expect(finding!.summary).toBe('Platelets 60 ×10³/µL on 2021-03-02 06:00 (reference limit 150 ×10³/µL). Platelet transfusion: Platelet transfusion (procedure) on 2021-03-02 10:00. No thrombocytopenia diagnosis is documented for this encounter.');
    expect(finding!.facts).toEqual([
      { kind: 'result', label: 'platelets', value: 60, unit: '10*3/uL', time: '2021-03-02T06:00:00Z', referenceRange: { low: 150, unit: '10*3/uL' }, reference: `Observation/${low.id}` },
      { kind: 'procedure', label: 'Platelet transfusion (procedure)', time: '2021-03-02T10:00:00Z', reference: `Procedure/${plateletProcedure.id}` },
    ]);
    expect(finding!.observedAt).toBe('2021-03-02T10:00:00Z');
  });

  it('offers heparin-induced thrombocytopenia when heparin was given before a low count', () => {
    const given = heparin('2021-03-01T10:00:00Z');
    const [finding] = findingsFor(thrombocytopenia, [stay, given, platelets(110, '2021-03-05T06:00:00Z'), platelets(72, '2021-03-06T06:00:00Z')], { encounterId: 'enc-1' });
    expect(optionCodes(finding!.answerOptions)).toEqual(['D69.6', 'D69.59', 'D75.829']);
    expect(finding!.evidence).toContain(`MedicationAdministration/${given.id}`);
    expect(finding!.facts.at(-1)).toMatchObject({ kind: 'medication', time: '2021-03-01T10:00:00Z', reference: `MedicationAdministration/${given.id}` });
  });

  it('does not offer heparin-induced thrombocytopenia when heparin started after the low counts', () => {
    const [finding] = findingsFor(thrombocytopenia, [stay, platelets(110, '2021-03-01T09:00:00Z'), platelets(72, '2021-03-02T06:00:00Z'), heparin('2021-03-03T10:00:00Z')], { encounterId: 'enc-1' });
    expect(optionCodes(finding!.answerOptions)).toEqual(['D69.6', 'D69.59']);
  });

  it.each<[string, number, string]>([
    ['is high severity below 50 ×10³/µL', 49, 'high'],
    ['stays medium severity at exactly 50 ×10³/µL', 50, 'medium'],
  ])('%s', (_scenario, lowest, severity) => {
    const [finding] = findingsFor(thrombocytopenia, [stay, platelets(lowest, '2021-03-01T09:00:00Z'), platelets(90, '2021-03-02T06:00:00Z')], { encounterId: 'enc-1' });
    expect(finding!.severity).toBe(severity);
  });

  const lowCounts = () => [platelets(120, '2021-03-01T09:00:00Z'), platelets(98, '2021-03-02T06:00:00Z')];
  it.each<[string, Resource[]]>([
    ['two counts of exactly 150 (the limit is normal)', [platelets(150, '2021-03-01T09:00:00Z'), platelets(150, '2021-03-02T06:00:00Z')]],
    ['two counts of exactly 150000 /uL', [platelets(150000, '2021-03-01T09:00:00Z', '/uL'), platelets(150000, '2021-03-02T06:00:00Z', '/uL')]],
    ['a single low count without a transfusion', [platelets(120, '2021-03-01T09:00:00Z'), platelets(190, '2021-03-02T06:00:00Z')]],
    ['one draw reported twice (two low counts at the same time)', [platelets(120, '2021-03-01T09:00:00Z'), platelets(120, '2021-03-01T09:00:00Z')]],
    ['a single low count with a blood count procedure, not a transfusion', [platelets(120, '2021-03-01T09:00:00Z'), cbcProcedure]],
    ['a single low count with platelet-rich plasma, not a transfusion', [platelets(120, '2021-03-01T09:00:00Z'),
      medicationAdministration(undefined, 'Autologous platelet rich plasma', '2021-03-02T10:00:00Z')]],
    ['a single low count with a red-cell transfusion only', [platelets(120, '2021-03-01T09:00:00Z'), redCellProcedure]],
    ['an active D69.6', [...lowCounts(), icd10Condition('D69.6')]],
    ['secondary thrombocytopenia documented (D69.59)', [...lowCounts(), icd10Condition('D69.59')]],
    ['heparin-induced thrombocytopenia documented (D75.829)', [...lowCounts(), icd10Condition('D75.829')]],
    ['pancytopenia documented (D61.818)', [...lowCounts(), icd10Condition('D61.818')]],
    ['thrombotic thrombocytopenic purpura documented (M31.19; D69 Excludes1 M31.1)', [...lowCounts(), icd10Condition('M31.19')]],
    ['a SNOMED-only thrombocytopenic disorder', [...lowCounts(), snomedCondition(HEMATOLOGY_SNOMED.THROMBOCYTOPENIC_DISORDER)]],
    ['thrombocytopenia on the claim for the stay', [...lowCounts(), claim(['A41.9', 'D69.6'], '2021-03-08T12:00:00Z')]],
    ['low counts outside the encounter', [platelets(120, '2021-02-01T09:00:00Z'), platelets(98, '2021-02-02T06:00:00Z')]],
    ['low counts entered in error', [
      lab(LOINC.PLATELETS, 40, '10*3/uL', '2021-03-01T09:00:00Z', { status: 'entered-in-error' }),
      lab(LOINC.PLATELETS, 35, '10*3/uL', '2021-03-02T09:00:00Z', { status: 'entered-in-error' })]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(findingsFor(thrombocytopenia, [stay, ...resources], { encounterId: 'enc-1' })).toEqual([]);
  });

  it('looks back 12 months when launched without an encounter', () => {
    const recent = [platelets(120, '2020-06-01T09:00:00Z'), platelets(98, '2020-06-02T06:00:00Z')];
    expect(findingsFor(thrombocytopenia, recent, { now: '2021-03-15T12:00:00Z' })).toHaveLength(1);
    expect(findingsFor(thrombocytopenia, recent, { now: '2021-07-15T12:00:00Z' })).toEqual([]);
  });

  it('takes its threshold from the configuration', () => {
    const resources = [stay, platelets(140, '2021-03-01T09:00:00Z'), platelets(140, '2021-03-02T06:00:00Z')];
    expect(findingsFor(thrombocytopenia, resources, { encounterId: 'enc-1' })).toHaveLength(1);
    expect(findingsFor(thrombocytopenia, resources, { encounterId: 'enc-1', thresholds: { 'hematology/thrombocytopenia': { plateletsBelow: 140 } } })).toEqual([]);
  });
});
