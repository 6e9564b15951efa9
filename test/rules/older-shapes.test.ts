/**
 * Records in the older shapes servers still send (Synthea's 2019 STU3 exports, DSTU2/STU3-era servers) are
 * read by meaning: a present status is never trusted less than a missing one.
 */
import { describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import { anticoagulantWithoutIndication, antidiabeticWithoutIndication } from '../../src/rules/gaps/medication-indication';
import { hyponatremia } from '../../src/rules/gaps/electrolytes';
import { acuteKidneyInjury } from '../../src/rules/gaps/renal';
import { SNOMED } from '../../src/terminology/snomed';
import { SYSTEM } from '../../src/terminology/systems';
import { LOINC } from '../../src/terminology/loinc';
import { encounter, findingsFor, lab, medicationRequest, PATIENT_ID } from './support';

const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z');
const inStay = '2021-03-02T10:00:00Z';
const warfarin = () => medicationRequest('855332', 'Warfarin Sodium 5 MG Oral Tablet', inStay, { encounter: { reference: 'Encounter/enc-1' } });
const metformin = () => medicationRequest('860975', '24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet', inStay, { encounter: { reference: 'Encounter/enc-1' } });
const run = (rule: Parameters<typeof findingsFor>[0], resources: unknown[]) =>
  findingsFor(rule, [stay, ...(resources as Resource[])], { encounterId: 'enc-1' });

/** A problem-list Condition as Synthea's STU3 export (2019) writes it: string statuses, assertedDate, context. */
function stu3Condition(snomed: string, display: string, fields: Record<string, unknown> = {}): unknown {
  return {
    resourceType: 'Condition', id: `stu3-${snomed}-${JSON.stringify(fields).length}`,
    clinicalStatus: 'active', verificationStatus: 'confirmed',
    code: { coding: [{ system: SYSTEM.SNOMED, code: snomed, display }], text: display },
    subject: { reference: `Patient/${PATIENT_ID}` }, context: { reference: 'Encounter/old-visit' },
    onsetDateTime: '2010-04-02T09:00:00-04:00', assertedDate: '2010-04-02T09:00:00-04:00',
    ...fields,
  };
}

describe('Condition statuses in the STU3 string form', () => {
  it.each([
    ['atrial fibrillation on the problem list (STU3 "active") is the indication for warfarin', anticoagulantWithoutIndication, warfarin(), stu3Condition(SNOMED.ATRIAL_FIBRILLATION, 'Atrial Fibrillation')],
    ['"Diabetes" (STU3 "active") is the indication for metformin', antidiabeticWithoutIndication, metformin(), stu3Condition(SNOMED.DIABETES_TYPE_2, 'Diabetes')],
    ['a status Clarify cannot read counts as unknown, which is never weaker than absent', anticoagulantWithoutIndication, warfarin(), stu3Condition(SNOMED.ATRIAL_FIBRILLATION, 'Atrial Fibrillation', { clinicalStatus: 'unknown' })],
    ['a status that is a number is unknown too', antidiabeticWithoutIndication, metformin(), stu3Condition(SNOMED.DIABETES_TYPE_2, 'Diabetes', { clinicalStatus: 3 })],
    ['a DSTU2 status under the old system URI', anticoagulantWithoutIndication, warfarin(), stu3Condition(SNOMED.ATRIAL_FIBRILLATION, 'Atrial Fibrillation', { clinicalStatus: { coding: [{ system: 'http://hl7.org/fhir/condition-clinical', code: 'active' }] } })],
  ])('%s', (_name, rule, medication, condition) => {
    expect(run(rule, [medication, condition])).toEqual([]);
  });

  it.each([
    ['resolved (STU3 "resolved") years ago', { clinicalStatus: 'resolved' }],
    ['refuted (STU3 "refuted")', { verificationStatus: 'refuted' }],
    ['entered in error (STU3 "entered-in-error")', { verificationStatus: 'entered-in-error' }],
  ])('still asks when the only atrial fibrillation is %s', (_name, fields) => {
    const findings = run(anticoagulantWithoutIndication, [warfarin(), stu3Condition(SNOMED.ATRIAL_FIBRILLATION, 'Atrial Fibrillation', fields)]);
    expect(findings.map((f) => f.ruleId)).toEqual(['medication-indication/anticoagulant']);
  });
});

describe('the order names its own indication (MedicationRequest.reasonCode / reasonReference)', () => {
  const afib = { coding: [{ system: SYSTEM.SNOMED, code: SNOMED.ATRIAL_FIBRILLATION, display: 'Atrial fibrillation' }] };
  it('counts reasonCode atrial fibrillation as the documented indication', () => {
    expect(run(anticoagulantWithoutIndication, [{ ...warfarin(), reasonCode: [afib] }])).toEqual([]);
  });

  it('counts a reasonReference to an atrial fibrillation Condition', () => {
    const condition = { resourceType: 'Condition', id: 'af', code: afib, subject: { reference: `Patient/${PATIENT_ID}` }, clinicalStatus: 'resolved', recordedDate: '2012-01-01' };
    expect(run(anticoagulantWithoutIndication, [{ ...warfarin(), reasonReference: [{ reference: 'Condition/af' }] }, condition])).toEqual([]);
  });

  it('still asks when the stated reason is no indication, or points to a refuted Condition', () => {
    const headache = { coding: [{ system: SYSTEM.SNOMED, code: '25064002', display: 'Headache' }] };
    const refuted = { resourceType: 'Condition', id: 'af-refuted', code: afib, verificationStatus: 'refuted', subject: { reference: `Patient/${PATIENT_ID}` } };
    expect(run(anticoagulantWithoutIndication, [{ ...warfarin(), reasonCode: [headache] }])).toHaveLength(1);
    expect(run(anticoagulantWithoutIndication, [{ ...warfarin(), reasonReference: [{ reference: 'Condition/af-refuted' }] }, refuted])).toHaveLength(1);
  });
});

describe('labs in the STU3 shape (context for encounter) still count', () => {
  it('flags two low sodium results whose encounter is given as context', () => {
    const stu3 = (value: number, time: string) => {
      const { encounter: _encounter, ...rest } = lab(LOINC.SODIUM_SERUM, value, 'mmol/L', time);
      return { ...rest, context: { reference: 'Encounter/enc-1' } };
    };
    // Reviewed without a launch encounter: the finding's encounter is the one the results name.
    const findings = findingsFor(hyponatremia, [stay, stu3(129, '2021-03-02T06:00:00Z'), stu3(128, '2021-03-03T06:00:00Z')] as Resource[]);
    expect(findings.map((f) => [f.ruleId, f.encounter])).toEqual([['electrolytes/hyponatremia', 'Encounter/enc-1']]);
  });
});

describe('labs reported under their molar LOINC code', () => {
  const molarCreatinine = (umolPerL: number, time: string) => ({
    ...lab('14682-9', umolPerL, 'umol/L', time),
    code: { coding: [{ system: SYSTEM.LOINC, code: '14682-9', display: 'Creatinine [Moles/volume] in Serum or Plasma' }] },
  });

  it('flags a creatinine rise reported in µmol/L under 14682-9 (88 → 124 µmol/L is 1.00 → 1.40 mg/dL in 24 h)', () => {
    const findings = run(acuteKidneyInjury, [molarCreatinine(88.42, '2021-03-02T06:00:00Z'), molarCreatinine(123.79, '2021-03-03T06:00:00Z')]);
    expect(findings.map((f) => f.ruleId)).toEqual(['renal/acute-kidney-injury']);
    expect(findings[0]!.summary).toContain('1.4 mg/dL');
  });

  it('stays silent for a molar creatinine rise below 0.3 mg/dL (88 → 110 µmol/L)', () => {
    expect(run(acuteKidneyInjury, [molarCreatinine(88.42, '2021-03-02T06:00:00Z'), molarCreatinine(110, '2021-03-03T06:00:00Z')])).toEqual([]);
  });
});
