import { beforeAll, describe, expect, it } from 'vitest';
import type { Claim, ExplanationOfBenefit, Resource } from 'fhir/r4';
import { ageConflict, CODE_DEMOGRAPHIC_RULES, sexConflict } from '../../../src/rules/coding/code-demographics';
import { SYSTEM } from '../../../src/terminology/systems';
import { loadIcd10Cm, type Icd10CmTable } from '../../../src/terminology/icd10cm/icd10cm-table';
import { claim, encounter, findingsFor, icd10Condition, patient, PATIENT_ID, targetOf } from '../support';

let icd10cm: Icd10CmTable;
beforeAll(async () => void (icd10cm = await loadIcd10Cm()));

// Reviewed on 1 June 2021 over the last 12 months; diagnoses are active Conditions recorded on a date.
const NOW = '2021-06-01T12:00:00Z';
const run = (rule: Parameters<typeof findingsFor>[0], resources: Resource[]) => findingsFor(rule, resources, { icd10cm, now: NOW });
const diagnosis = (code: string, recordedDate = '2021-03-01', id?: string) => icd10Condition(code, { recordedDate, ...(id ? { id } : {}) });
const man = patient({ gender: 'male', birthDate: '1970-05-01' });
const woman = patient({ gender: 'female', birthDate: '1970-05-01' });

/** Calendar date `days` after a YYYY-MM-DD date. */
function daysAfter(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A claim and the EOB that adjudicates it (Synthea writes both). */
function claimWithEob(codes: string[], created: string): [Claim, ExplanationOfBenefit] {
  const billed = claim(codes, created);
  return [billed, {
    resourceType: 'ExplanationOfBenefit', id: `eob-${billed.id}`, status: 'active', use: 'claim', type: billed.type,
    patient: { reference: `Patient/${PATIENT_ID}` }, created, insurer: { display: 'private' }, provider: billed.provider,
    outcome: 'complete', claim: { reference: `Claim/${billed.id}` }, insurance: [{ focal: true, coverage: { display: 'private' } }],
    diagnosis: billed.diagnosis,
  }];
}

describe('coding/sex-conflict', () => {
  it('flags a delivery code on a male patient as a low-severity warning, naming the MCE group', () => {
    const delivery = diagnosis('O80', '2021-03-01', 'delivery');
    const [finding, ...rest] = run(sexConflict, [man, delivery]);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'coding/sex-conflict', category: 'coding-discrepancy', kind: 'sex-conflict', severity: 'low',
      target: 'Condition/delivery', suspectedCondition: 'O80', evidence: ['Condition/delivery', `Patient/${PATIENT_ID}`], answerOptions: [],
    });
    expect(finding!.summary).toBe('O80 (Encounter for full-term uncomplicated delivery) is a female-only code (MCE v37 sex edit: pregnancy, childbirth and the puerperium (O00–O9A)) but Patient.gender is male. A warning only: Patient.gender is administrative, and recent Medicare Code Editor versions deactivated the sex edits.');
    // The code as coded is the fact; Patient.gender is evidence, not a fact.
    expect(finding!.facts).toEqual([{ kind: 'diagnosis', label: 'O80', time: '2021-03-01', reference: 'Condition/delivery' }]);
  });

  it.each<[string, Resource, string]>([
    ['menopausal states (N95.1) on a male patient', man, 'N95.1'],
    ['ovarian cancer (C56.1) on a male patient', man, 'C56.1'],
    ['a female breast cancer code (C50.011) on a male patient', man, 'C50.011'],
    ['supervision of a first pregnancy (Z34.00) on a male patient', man, 'Z34.00'],
    ['benign prostatic hyperplasia (N40.0) on a female patient', woman, 'N40.0'],
    ['prostate cancer (C61) on a female patient', woman, 'C61'],
    ['a male breast cancer code (C50.021) on a female patient', woman, 'C50.021'],
    ['a code written without the dot (n400) on a female patient', woman, 'n400'],
  ])('flags %s', (_scenario, person, code) => {
    expect(run(sexConflict, [person, diagnosis(code)])).toHaveLength(1);
  });

  it('targets the claim when only a claim carries the code', () => {
    const billed = claim(['O80'], '2021-03-01T00:00:00Z');
    const [finding] = run(sexConflict, [man, billed]);
    expect(finding).toMatchObject({ target: `Claim/${billed.id}`, evidence: [`Claim/${billed.id}`, `Patient/${PATIENT_ID}`] });
  });

  it('targets the Condition when the claim only references it, citing both', () => {
    const delivery = diagnosis('O80', '2021-03-01', 'delivery');
    const billed = claim([], '2021-03-02T00:00:00Z', { diagnosis: [{ sequence: 1, diagnosisReference: { reference: 'Condition/delivery' } }] });
    const findings = run(sexConflict, [man, delivery, billed]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ target: 'Condition/delivery', evidence: ['Condition/delivery', `Claim/${billed.id}`, `Patient/${PATIENT_ID}`] });
  });

  it('reports a claim and its mirroring EOB once', () => {
    const findings = run(sexConflict, [man, ...claimWithEob(['O80'], '2021-03-01T00:00:00Z')]);
    expect(findings.map((f) => targetOf(f)?.split('/')[0])).toEqual(['Claim']);
  });

  it.each<[string, Resource[]]>([
    ['Patient.gender other', [patient({ gender: 'other' }), diagnosis('O80'), diagnosis('N40.0')]],
    ['Patient.gender unknown', [patient({ gender: 'unknown' }), diagnosis('O80'), diagnosis('N40.0')]],
    ['no Patient.gender', [patient({ gender: undefined }), diagnosis('O80'), diagnosis('N40.0')]],
    ['a delivery code on a female patient', [woman, diagnosis('O80')]],
    ['prostate hyperplasia on a male patient', [man, diagnosis('N40.0')]],
    ['an inflammatory breast cancer code naming no sex (C50.A1) on a male patient', [man, diagnosis('C50.A1')]],
    ['a code of no sex edit (J18.9)', [man, diagnosis('J18.9')]],
    ['a WHO ICD-10 code (another code system)', [man, { ...diagnosis('O80'), code: { coding: [{ system: SYSTEM.ICD10_WHO, code: 'O80' }] } }]],
    ['a refuted diagnosis', [man, icd10Condition('O80', { recordedDate: '2021-03-01', verificationStatus: 'refuted' })]],
    ['a diagnosis entered in error', [man, icd10Condition('O80', { recordedDate: '2021-03-01', verificationStatus: 'entered-in-error' })]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(run(sexConflict, resources)).toEqual([]);
  });
});

describe('coding/age-conflict', () => {
  const child = (birthDate: string) => patient({ gender: 'female', birthDate });

  it('flags a maternity code on an 8-year-old with the age at the diagnosis', () => {
    const gdm = diagnosis('O24.410', '2021-03-01', 'gdm');
    const [finding, ...rest] = run(ageConflict, [child('2012-03-02'), gdm]);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'coding/age-conflict', kind: 'age-conflict', severity: 'medium', target: 'Condition/gdm',
      suspectedCondition: 'O24.410', evidence: ['Condition/gdm', `Patient/${PATIENT_ID}`], observedAt: '2021-03-01', answerOptions: [],
    });
    expect(finding!.summary).toBe('O24.410 (Gestational diabetes mellitus in pregnancy, diet controlled) is a maternity code (MCE v37 age edit: ages 9–64) but the patient was 8 on 2021-03-01 (born 2012-03-02).');
    expect(finding!.facts).toEqual([{ kind: 'diagnosis', label: 'O24.410', time: '2021-03-01', reference: 'Condition/gdm' }]);
  });

  it.each<[string, string, string, boolean]>([
    ['is flagged at 8 (the day before the 9th birthday)', '2012-03-02', '2021-03-01', true],
    ['is not flagged at exactly 9 (on the birthday)', '2012-03-01', '2021-03-01', false],
    ['is not flagged at exactly 64 (the day before the 65th birthday)', '1956-03-02', '2021-03-01', false],
    ['is flagged at 65 (on the birthday)', '1956-03-01', '2021-03-01', true],
    ['is flagged for a birth year of 2013 (age 7 or 8)', '2013', '2021-03-01', true],
    ['is not flagged for a birth year of 2012 (age 8 or 9: not certainly under 9)', '2012', '2021-06-01', false],
  ])('a maternity code %s', (_scenario, birthDate, recorded, flagged) => {
    expect(run(ageConflict, [child(birthDate), diagnosis('O80', recorded)])).toHaveLength(flagged ? 1 : 0);
  });

  it.each<[string, number, boolean]>([
    ['is not flagged 364 days after birth', 364, false],
    ['is flagged 366 days after birth', 366, true],
  ])('a newborn code (Z38.00) %s', (_scenario, days, flagged) => {
    const findings = run(ageConflict, [child('2020-03-15'), diagnosis('Z38.00', daysAfter('2020-03-15', days))]);
    expect(findings).toHaveLength(flagged ? 1 : 0);
    if (flagged) expect(findings[0]!.summary).toBe('Z38.00 (Single liveborn infant, delivered vaginally) is a newborn code, assigned once at birth (MCE v37 age edit: age 0; Official Guidelines I.C.16.a.2), but the patient was 1 on 2021-03-16 (born 2020-03-15).');
  });

  it.each<[string, string, boolean]>([
    ['is not flagged at 17', '2021-02-28', false],
    ['is a low-severity warning at exactly 18', '2021-03-01', true],
  ])('a perinatal code (P07.30) %s', (_scenario, recorded, flagged) => {
    const findings = run(ageConflict, [child('2003-03-01'), diagnosis('P07.30', recorded)]);
    expect(findings).toHaveLength(flagged ? 1 : 0);
    if (flagged) {
      expect(findings[0]!.severity).toBe('low');
      expect(findings[0]!.summary).toContain('A warning only: a Chapter 16 code stays in use throughout life when the condition originated in the perinatal period (Official Guidelines I.C.16.a.4).');
    }
  });

  it.each<[string, string, boolean]>([
    ['is not flagged on a 17-year-old', '2004-03-02', false],
    ['is flagged at low severity on a 40-year-old', '1981-01-01', true],
  ])('a pediatric code (colic, R10.83) %s', (_scenario, birthDate, flagged) => {
    const findings = run(ageConflict, [child(birthDate), diagnosis('R10.83')]);
    expect(findings.map((f) => f.severity)).toEqual(flagged ? ['low'] : []);
  });

  it('reads the age at the claim date for a code only a claim carries', () => {
    const billed = claim(['O80'], '2021-03-01T10:00:00Z');
    const [finding] = run(ageConflict, [patient({ birthDate: '1950-06-15' }), billed]);
    expect(finding).toMatchObject({ target: `Claim/${billed.id}`, suspectedCondition: 'O80' });
    expect(finding!.summary).toContain('the patient was 70 on 2021-03-01 10:00');
  });

  it('reads the onset when the Condition has no recorded date', () => {
    const { recordedDate: _dropped, ...noRecordedDate } = icd10Condition('O80', { onsetDateTime: '2021-03-01' });
    expect(run(ageConflict, [child('2013-01-01'), noRecordedDate])).toHaveLength(1);
  });

  it.each<[string, Resource[]]>([
    ['a maternity code without a birth date', [patient({ birthDate: undefined }), diagnosis('O80')]],
    ['a perinatal code on a 10-year-old', [child('2011-01-01'), diagnosis('P07.30')]],
    ['a code of no age edit on a newborn', [child('2021-02-01'), diagnosis('J18.9')]],
    ['a maternity code entered in error', [child('2015-01-01'), icd10Condition('O80', { recordedDate: '2021-03-01', verificationStatus: 'entered-in-error' })]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(run(ageConflict, resources)).toEqual([]);
  });

  it('stays silent for an old pregnancy code recorded when the patient was 30, reviewed at 70 (the age at the diagnosis counts)', () => {
    // The review launched in the 1980 encounter, so the Condition is a diagnosis of the review.
    const delivery = encounter('enc-1980', '1980-07-01T08:00:00Z', '1980-07-03T08:00:00Z', 'IMP');
    const resources = [patient({ birthDate: '1950-06-15' }), delivery, icd10Condition('O80', { recordedDate: '1980-07-01', encounter: 'enc-1980' })];
    expect(findingsFor(ageConflict, resources, { icd10cm, now: NOW, encounterId: 'enc-1980' })).toEqual([]);
  });

  it('takes its age limits from the configuration', () => {
    const resources = [child('2009-03-01'), diagnosis('O80', '2021-03-01')];
    expect(run(ageConflict, resources)).toEqual([]);
    expect(findingsFor(ageConflict, resources, { icd10cm, now: NOW, thresholds: { 'coding/age-conflict': { maternityMinAge: 13 } } })).toHaveLength(1);
  });
});

describe('CODE_DEMOGRAPHIC_RULES', () => {
  it('holds both edits as coding discrepancies', () => {
    expect(CODE_DEMOGRAPHIC_RULES.map((r) => [r.id, r.category])).toEqual([['coding/sex-conflict', 'coding-discrepancy'], ['coding/age-conflict', 'coding-discrepancy']]);
  });
});
