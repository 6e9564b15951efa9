import { describe, expect, it } from 'vitest';
import type { Condition, Encounter, Resource } from 'fhir/r4';
import type { Finding as ClarifyFinding } from '../../../src/rules/engine/types';
import { sepsisValidation, severeSepsisValidation, SEPSIS_VALIDATION_RULES } from '../../../src/rules/validation/sepsis';
import { LOINC } from '../../../src/terminology/loinc';
import { SEPSIS_SNOMED, SNOMED } from '../../../src/terminology/snomed';
import {
  claim, encounter, findingsFor, icd10Condition, lab, medicationAdministration, medicationRequest, patient, snomedCondition, vital, bloodPressure } from '../support';

// An inpatient stay, 1–8 March 2021, reviewed on 15 March.
const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z');
const at = { encounter: 'enc-1' };
const temperature = (value: number, time: string, unit = 'Cel') => vital(LOINC.BODY_TEMPERATURE, value, unit, time, at);
const heartRate = (value: number, time: string) => vital(LOINC.HEART_RATE, value, '/min', time, at);
const respiratoryRate = (value: number, time: string) => vital(LOINC.RESPIRATORY_RATE, value, '/min', time, at);
const paco2 = (value: number, time: string) => lab(LOINC.PACO2, value, 'mm[Hg]', time, at);
const pao2 = (value: number, time: string) => lab(LOINC.PAO2, value, 'mm[Hg]', time, at);
const fio2 = (value: number, time: string) => vital(LOINC.FIO2, value, '%', time, at);
const wbc = (value: number, time: string) => lab(LOINC.LEUKOCYTES, value, '10*3/uL', time, at);
const bands = (value: number, time: string) => lab(LOINC.BANDS_MANUAL, value, '%', time, at);
const lactate = (value: number, time: string) => lab(LOINC.LACTATE_BLOOD, value, 'mmol/L', time, at);
const platelets = (value: number, time: string) => lab(LOINC.PLATELETS, value, '10*3/uL', time, at);
const bilirubin = (value: number, time: string) => lab(LOINC.BILIRUBIN_TOTAL, value, 'mg/dL', time, at);
const creatinine = (value: number, time: string) => lab(LOINC.CREATININE_SERUM, value, 'mg/dL', time, at);
const gcs = (value: number, time: string) => vital(LOINC.GCS_TOTAL, value, '{score}', time, at);
const map = (value: number, time: string) => vital(LOINC.MEAN_ARTERIAL_PRESSURE, value, 'mm[Hg]', time, at);


const norepinephrine = medicationAdministration('242969', '4 ML norepinephrine 1 MG/ML Injection', '2021-03-01T11:00:00Z');
// Epinephrine as a vasoconstrictor of a local anesthetic: never a pressor.
const lidocaineWithEpinephrine = medicationRequest(undefined, 'Lidocaine Hydrochloride 10 MG/ML / Epinephrine 0.01 MG/ML Injectable Solution', '2021-03-02T10:00:00Z');

const sepsis = (options = {}) => icd10Condition('A41.9', {
  id: 'sepsis', encounter: 'enc-1', display: 'Sepsis, unspecified organism', recordedDate: '2021-03-01T10:00:00Z', ...options,
});
const severeSepsis = () => icd10Condition('R65.20', { id: 'severe', encounter: 'enc-1', display: 'Severe sepsis without septic shock', recordedDate: '2021-03-01T10:00:00Z' });
const septicShock = () => icd10Condition('R65.21', { id: 'shock', encounter: 'enc-1', display: 'Severe sepsis with septic shock', recordedDate: '2021-03-01T10:00:00Z' });

// Afebrile, normal heart and respiratory rate, white count and lactate: the textbook denial.
const unremarkable = [
  temperature(37.1, '2021-03-01T09:00:00Z'), heartRate(84, '2021-03-01T09:00:00Z'), respiratoryRate(16, '2021-03-01T09:00:00Z'),
  wbc(8.1, '2021-03-01T10:00:00Z'), lactate(1.1, '2021-03-01T10:00:00Z'),
];

/** Runs the rule; every finding's facts must be cited in its summary and evidence (the rules are not registered yet, so checked here). */
function run(rule: Parameters<typeof findingsFor>[0], resources: Resource[], scenario: Parameters<typeof findingsFor>[2] = { encounterId: 'enc-1' }): ClarifyFinding[] {
  return findingsFor(rule, [stay, ...resources], scenario);
}

const targetOf = (finding: ClarifyFinding | undefined) => (finding?.category === 'clinical-validation' ? finding.target : undefined);

describe('validation/sepsis', () => {
  it.each<[string, Resource[]]>([
    ['fever and tachycardia within 24 hours', [temperature(38.6, '2021-03-01T09:00:00Z'), heartRate(112, '2021-03-01T20:00:00Z')]],
    ['a fever in °F (101.3 °F = 38.5 °C) with tachycardia', [temperature(101.3, '2021-03-01T09:00:00Z', '[degF]'), heartRate(104, '2021-03-01T09:00:00Z')]],
    ['tachypnea and leukocytosis', [respiratoryRate(24, '2021-03-02T09:00:00Z'), wbc(14.2, '2021-03-02T10:00:00Z')]],
    ['hypothermia and a PaCO2 below 32 mmHg', [temperature(35.6, '2021-03-02T09:00:00Z'), paco2(29, '2021-03-02T10:00:00Z')]],
    ['leukopenia and tachycardia', [wbc(3.2, '2021-03-02T09:00:00Z'), heartRate(96, '2021-03-02T10:00:00Z')]],
    ['bands above 10 % and tachycardia', [bands(14, '2021-03-02T09:00:00Z'), heartRate(96, '2021-03-02T10:00:00Z')]],
    ['a lactate of 2.1 mmol/L alone', [...unremarkable.slice(0, 4), lactate(2.1, '2021-03-01T12:00:00Z')]],
    ['platelets of 140 ×10³/µL', [...unremarkable, platelets(140, '2021-03-02T06:00:00Z')]],
    ['a bilirubin of exactly 1.2 mg/dL (the limit counts)', [...unremarkable, bilirubin(1.2, '2021-03-02T06:00:00Z')]],
    ['a creatinine of 1.4 mg/dL', [...unremarkable, creatinine(1.4, '2021-03-02T06:00:00Z')]],
    ['a Glasgow Coma Scale of 13', [...unremarkable, gcs(13, '2021-03-02T06:00:00Z')]],
    ['a measured MAP of 66 mmHg', [...unremarkable, map(66, '2021-03-02T06:00:00Z')]],
    ['a blood pressure of 88/56 mmHg (MAP 66.7)', [...unremarkable, bloodPressure(88, 56, '2021-03-02T06:00:00Z')]],
    ['a PaO2/FiO2 of 200 (PaO2 80 mmHg on FiO2 40 %)', [...unremarkable, pao2(80, '2021-03-02T06:00:00Z'), fio2(40, '2021-03-02T06:30:00Z')]],
    ['norepinephrine given', [...unremarkable, norepinephrine]],
  ])('is silent when the record shows %s', (_scenario, resources) => {
    expect(run(sepsisValidation, [sepsis(), ...resources])).toEqual([]);
  });

  it('states what was looked for and found when nothing supports the sepsis', () => {
    const [finding] = run(sepsisValidation, [sepsis(), ...unremarkable]);
    expect(finding).toMatchObject({
      ruleId: 'validation/sepsis', category: 'clinical-validation', kind: 'clinical-validation', severity: 'medium',
      target: 'Condition/sepsis', suspectedCondition: 'A41.9', encounter: 'Encounter/enc-1', observedAt: '2021-03-01T10:00:00Z',
    });
    expect(finding!.summary).toBe(
      'Sepsis is documented (Sepsis, unspecified organism (A41.9) on 2021-03-01 10:00). Looked for: two or more SIRS criteria within 24 hours ' +
      '(temperature > 38.0 or < 36.0 °C, heart rate > 90/min, respiratory rate > 20/min or PaCO2 < 32 mmHg, WBC > 12 or < 4 ×10³/µL or band forms > 10 %; ' +
      'ACCP/SCCM 1992), or organ dysfunction (Sepsis-3, any one organ: lactate > 2 mmol/L, mean arterial pressure < 70 mmHg, platelets < 150 ×10³/µL, ' +
      'bilirubin ≥ 1.2 mg/dL, creatinine ≥ 1.2 mg/dL, Glasgow Coma Scale < 15, PaO2/FiO2 < 400, or a vasopressor ordered or given). Found in this encounter: ' +
      'temperature 37.1 °C on 2021-03-01 09:00, heart rate 84 /min on 2021-03-01 09:00, respiratory rate 16 /min on 2021-03-01 09:00, ' +
      'WBC 8.1 ×10³/µL on 2021-03-01 10:00, lactate 1.1 mmol/L on 2021-03-01 10:00; none meets the criteria.');
    expect(finding!.facts.map((f) => [f.kind, f.label, f.value, f.referenceRange])).toEqual([
      ['diagnosis', 'Sepsis, unspecified organism (A41.9)', undefined, undefined],
      ['vital-sign', 'temperature', 37.1, { low: 36, high: 38, unit: 'Cel' }],
      ['vital-sign', 'heart rate', 84, { high: 90, unit: '/min' }],
      ['vital-sign', 'respiratory rate', 16, { high: 20, unit: '/min' }],
      ['result', 'WBC', 8.1, { low: 4, high: 12, unit: '10*3/uL' }],
      ['result', 'lactate', 1.1, { high: 2, unit: 'mmol/L' }],
    ]);
    expect(finding!.evidence).toEqual(['Condition/sepsis', ...unremarkable.map((o) => `Observation/${o.id}`)]);
    expect(finding!.answerOptions).toEqual([
      { text: 'Sepsis, confirmed (please document the clinical indicators that support it)', icd10: 'A41.9' },
      { text: 'Sepsis, ruled out' }, { text: 'Other (please specify)' }, { text: 'Clinically undetermined' },
    ]);
  });

  it('cites the highest and lowest of repeated measurements, and every result among the evidence', () => {
    const readings = [
      temperature(37.4, '2021-03-01T09:00:00Z'), temperature(36.2, '2021-03-02T09:00:00Z'), temperature(37.0, '2021-03-03T09:00:00Z'),
      heartRate(88, '2021-03-01T09:00:00Z'), heartRate(72, '2021-03-02T09:00:00Z'),
      platelets(210, '2021-03-01T10:00:00Z'), platelets(180, '2021-03-03T10:00:00Z'),
    ];
    const [finding] = run(sepsisValidation, [sepsis(), ...readings]);
    expect(finding!.facts.slice(1).map((f) => `${f.label} ${f.value}`)).toEqual([
      'highest temperature 37.4', 'lowest temperature 36.2', 'highest heart rate 88', 'lowest platelets 180',
    ]);
    expect(finding!.evidence).toEqual(['Condition/sepsis', ...readings.map((o) => `Observation/${o.id}`)]);
    expect(finding!.observedAt).toBe('2021-03-03T10:00:00Z');
  });

  it.each<[string, Resource[]]>([
    ['a temperature of exactly 38.0 °C and a heart rate of exactly 90/min', [temperature(38.0, '2021-03-01T09:00:00Z'), heartRate(90, '2021-03-01T09:00:00Z')]],
    ['a lactate of exactly 2.0 mmol/L', [lactate(2.0, '2021-03-01T10:00:00Z')]],
    ['platelets of exactly 150 and a GCS of 15', [platelets(150, '2021-03-01T10:00:00Z'), gcs(15, '2021-03-01T10:00:00Z')]],
    ['a PaO2/FiO2 of exactly 400 (PaO2 84 mmHg on FiO2 21 %)', [pao2(84, '2021-03-01T10:00:00Z'), fio2(21, '2021-03-01T10:00:00Z')]],
    ['a MAP of exactly 70 mmHg', [map(70, '2021-03-01T10:00:00Z')]],
    ['a single SIRS criterion (heart rate 120/min)', [heartRate(120, '2021-03-01T09:00:00Z'), temperature(37.2, '2021-03-01T09:00:00Z')]],
    ['fever and tachycardia 25 hours apart', [temperature(38.6, '2021-03-01T09:00:00Z'), heartRate(112, '2021-03-02T10:00:00Z')]],
    ['fever, tachycardia and a high lactate just outside the stay', [
      vital(LOINC.BODY_TEMPERATURE, 39.1, 'Cel', '2021-02-28T22:00:00Z'), vital(LOINC.HEART_RATE, 120, '/min', '2021-02-28T22:00:00Z'),
      lab(LOINC.LACTATE_BLOOD, 3.4, 'mmol/L', '2021-03-08T13:00:00Z'), temperature(36.9, '2021-03-01T09:00:00Z')]],
    ['a creatinine of 2.5 mg/dL with end-stage renal disease documented', [
      temperature(36.9, '2021-03-01T09:00:00Z'), creatinine(2.5, '2021-03-01T10:00:00Z'), icd10Condition('N18.6', { encounter: 'enc-1' })]],
    ['epinephrine only as a local anesthetic\'s vasoconstrictor', [temperature(36.9, '2021-03-01T09:00:00Z'), lidocaineWithEpinephrine]],
  ])('flags the sepsis with %s', (_scenario, resources) => {
    const findings = run(sepsisValidation, [sepsis(), ...resources]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'medium', target: 'Condition/sepsis', suspectedCondition: 'A41.9' });
  });

  it('does not read creatinine when dialysis-dependent kidney failure is documented', () => {
    const [finding] = run(sepsisValidation, [sepsis(), temperature(36.9, '2021-03-01T09:00:00Z'), creatinine(2.5, '2021-03-01T10:00:00Z'), icd10Condition('Z99.2')]);
    expect(finding!.facts.map((f) => f.label)).toEqual(['Sepsis, unspecified organism (A41.9)', 'temperature']);
  });

  // Each scenario is the whole record of the stay: its encounter, and what documents the sepsis.
  it.each<[string, () => Resource[], string, string]>([
    ['a SNOMED CT sepsis Condition (A41.9 by the curated map)', () => [
      stay, snomedCondition(SNOMED.SEPSIS, { id: 'snomed-sepsis', encounter: 'enc-1', display: 'Sepsis (disorder)' })], 'Condition/snomed-sepsis', 'A41.9'],
    ['the encounter\'s diagnosis (a Condition naming no encounter)', () => {
      const condition: Condition = icd10Condition('A41.51', { id: 'ecoli-sepsis', display: 'Sepsis due to Escherichia coli [E. coli]', recordedDate: '2021-03-01T10:00:00Z' });
      const withDiagnosis: Encounter = { ...stay, diagnosis: [{ condition: { reference: 'Condition/ecoli-sepsis' } }] };
      return [withDiagnosis, condition];
    }, 'Encounter/enc-1', 'A41.51'],
    ['a claim line of the stay', () => [stay, claim(['A41.9', 'J18.9'], '2021-03-08T12:00:00Z', { id: 'claim-stay' })], 'Claim/claim-stay', 'A41.9'],
  ])('validates %s', (_scenario, record, target, code) => {
    const findings = findingsFor(sepsisValidation, [...record(), ...unremarkable], { encounterId: 'enc-1' });
    expect(findings.map((f) => [targetOf(f), f.suspectedCondition])).toEqual([[target, code]]);
  });

  it.each<[string, Resource[]]>([
    ['a resolved sepsis', [sepsis({ clinicalStatus: 'resolved' })]],
    ['a refuted sepsis', [sepsis({ verificationStatus: 'refuted' })]],
    ['a sepsis entered in error', [sepsis({ verificationStatus: 'entered-in-error' })]],
    ['a sepsis of an earlier stay', [encounter('enc-0', '2020-06-01T08:00:00Z', '2020-06-05T08:00:00Z'),
      icd10Condition('A41.9', { encounter: 'enc-0', recordedDate: '2020-06-01T10:00:00Z' })]],
    ['severe sepsis alone (validated by validation/severe-sepsis)', [severeSepsis()]],
    ['a child (pediatric SIRS limits are age-specific)', [patient({ birthDate: '2012-05-01' }), sepsis()]],
  ])('does not validate %s', (_scenario, resources) => {
    expect(run(sepsisValidation, [...resources, ...unremarkable])).toEqual([]);
  });

  it('says so, at low severity, when the stay holds none of the measurements', () => {
    const [finding] = run(sepsisValidation, [sepsis(), vital(LOINC.HEART_RATE, 130, '/min', '2021-02-20T09:00:00Z')]);
    expect(finding).toMatchObject({ severity: 'low', target: 'Condition/sepsis', suspectedCondition: 'A41.9', evidence: ['Condition/sepsis'] });
    expect(finding!.summary).toMatch(/^Sepsis is documented \(Sepsis, unspecified organism \(A41\.9\) on 2021-03-01 10:00\)\. Looked for: two or more SIRS criteria .*\. The record holds none of these measurements for this encounter\.$/);
  });

  it('takes its thresholds from the configuration', () => {
    const resources = [sepsis(), temperature(38.4, '2021-03-01T09:00:00Z'), heartRate(86, '2021-03-01T09:00:00Z')];
    expect(run(sepsisValidation, resources)).toHaveLength(1);
    expect(run(sepsisValidation, resources, { encounterId: 'enc-1', thresholds: { 'validation/sepsis': { heartRateAbove: 85 } } })).toEqual([]);
  });
});

describe('validation/severe-sepsis', () => {
  const normalOrgans = [
    lactate(1.4, '2021-03-01T10:00:00Z'), platelets(220, '2021-03-01T10:00:00Z'), creatinine(0.9, '2021-03-01T10:00:00Z'),
    bloodPressure(124, 78, '2021-03-01T09:00:00Z'),
  ];

  it.each<[string, Resource[]]>([
    ['a lactate of 2.5 mmol/L', [...normalOrgans, lactate(2.5, '2021-03-02T10:00:00Z')]],
    ['platelets of 120 ×10³/µL', [...normalOrgans, platelets(120, '2021-03-02T10:00:00Z')]],
    ['a PaO2/FiO2 of 250', [...normalOrgans, pao2(100, '2021-03-02T10:00:00Z'), fio2(40, '2021-03-02T10:00:00Z')]],
    ['norepinephrine given', [...normalOrgans, norepinephrine]],
  ])('is silent for severe sepsis with %s', (_scenario, resources) => {
    expect(run(severeSepsisValidation, [severeSepsis(), ...resources])).toEqual([]);
  });

  it('flags severe sepsis with SIRS but no organ dysfunction, citing the organ measurements only', () => {
    const [finding] = run(severeSepsisValidation, [severeSepsis(), temperature(39.2, '2021-03-01T09:00:00Z'), heartRate(118, '2021-03-01T09:00:00Z'), ...normalOrgans]);
    expect(finding).toMatchObject({
      ruleId: 'validation/severe-sepsis', kind: 'clinical-validation', severity: 'medium', target: 'Condition/severe', suspectedCondition: 'R65.20',
    });
    expect(finding!.facts.slice(1).map((f) => `${f.label} ${f.value}`)).toEqual([
      'lactate 1.4', 'calculated mean arterial pressure 93', 'platelets 220', 'creatinine 0.9',
    ]);
    expect(finding!.summary).toContain('Severe sepsis is documented (Severe sepsis without septic shock (R65.20) on 2021-03-01 10:00). Looked for: organ dysfunction (Sepsis-3, any one organ:');
    expect(finding!.answerOptions[0]).toEqual({ text: 'Severe sepsis, confirmed (please document the clinical indicators that support it)', icd10: 'R65.20' });
  });

  it.each<[string, Resource[]]>([
    ['norepinephrine given', [bloodPressure(112, 70, '2021-03-01T09:00:00Z'), norepinephrine]],
    ['a blood pressure of 80/45 mmHg (MAP 56.7)', [bloodPressure(80, 45, '2021-03-01T09:00:00Z')]],
    ['a measured MAP of 64 mmHg', [map(64, '2021-03-01T09:00:00Z')]],
  ])('is silent for septic shock with %s', (_scenario, resources) => {
    expect(run(severeSepsisValidation, [septicShock(), ...resources])).toEqual([]);
  });

  it.each<[string, Resource[], string]>([
    ['a MAP of exactly 65 mmHg', [map(65, '2021-03-01T09:00:00Z')], 'mean arterial pressure 65'],
    ['a MAP of 68 and a lactate of 3.1 (organ dysfunction, not shock)', [map(68, '2021-03-01T09:00:00Z'), lactate(3.1, '2021-03-01T10:00:00Z')], 'mean arterial pressure 68'],
    ['only epinephrine with lidocaine', [bloodPressure(104, 62, '2021-03-02T09:00:00Z'), lidocaineWithEpinephrine], 'calculated mean arterial pressure 76'],
  ])('flags septic shock with %s', (_scenario, resources, cited) => {
    const [finding] = run(severeSepsisValidation, [septicShock(), ...resources]);
    expect(finding).toMatchObject({ severity: 'medium', target: 'Condition/shock', suspectedCondition: 'R65.21' });
    expect(finding!.facts.slice(1).map((f) => `${f.label} ${f.value}`)).toEqual([cited]);
    expect(finding!.facts[1]!.referenceRange).toEqual({ low: 65, unit: 'mm[Hg]' });
    expect(finding!.summary).toContain('Looked for: a vasopressor ordered or given, or a mean arterial pressure < 65 mmHg (Sepsis-3 septic shock).');
  });

  it('validates a SNOMED CT septic shock as R65.21', () => {
    const shock = snomedCondition(SEPSIS_SNOMED.SEPTIC_SHOCK, { id: 'snomed-shock', encounter: 'enc-1', display: 'Septic shock (disorder)' });
    const [finding] = run(severeSepsisValidation, [shock, bloodPressure(110, 68, '2021-03-01T09:00:00Z')]);
    expect(finding).toMatchObject({ target: 'Condition/snomed-shock', suspectedCondition: 'R65.21' });
    expect(finding!.answerOptions[0]!.text).toBe('Septic shock, confirmed (please document the clinical indicators that support it)');
  });

  it('says so, at low severity, when a septic shock has no blood pressure in the stay', () => {
    const [finding] = run(severeSepsisValidation, [septicShock(), lactate(1.2, '2021-03-01T10:00:00Z')]);
    expect(finding).toMatchObject({ severity: 'low', suspectedCondition: 'R65.21' });
    expect(finding!.summary).toContain('The record holds none of these measurements for this encounter.');
  });

  it('validates severe sepsis and septic shock of one stay each against its own criteria', () => {
    const findings = run([...SEPSIS_VALIDATION_RULES], [sepsis(), severeSepsis(), septicShock(), ...unremarkable, bloodPressure(118, 74, '2021-03-01T09:00:00Z')]);
    expect(findings.map((f) => [f.ruleId, targetOf(f), f.suspectedCondition]).sort()).toEqual([
      ['validation/sepsis', 'Condition/sepsis', 'A41.9'],
      ['validation/severe-sepsis', 'Condition/severe', 'R65.20'],
      ['validation/severe-sepsis', 'Condition/shock', 'R65.21'],
    ]);
  });

  it('does not validate a resolved septic shock', () => {
    const resolved = icd10Condition('R65.21', { encounter: 'enc-1', clinicalStatus: 'resolved' });
    expect(run(severeSepsisValidation, [resolved, map(75, '2021-03-01T09:00:00Z')])).toEqual([]);
  });
});
