import { describe, expect, it } from 'vitest';
import type { DiagnosticReport, Resource, ServiceRequest } from 'fhir/r4';
import { sepsisIndicators } from '../../../src/rules/gaps/sepsis';
import { LOINC } from '../../../src/terminology/loinc';
import { SEPSIS_SNOMED, SNOMED } from '../../../src/terminology/snomed';
import { SYSTEM } from '../../../src/terminology/systems';
import {
  claim, encounter, findingsFor, icd10Condition, lab, medicationAdministration, medicationRequest, snomedCondition, vital, bloodPressure } from '../support';

// An inpatient stay, 1–8 March 2021, reviewed on 15 March.
const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z');
const at = { encounter: 'enc-1' };
const temperature = (value: number, time: string, unit = 'Cel') => vital(LOINC.BODY_TEMPERATURE, value, unit, time, at);
const heartRate = (value: number, time: string) => vital(LOINC.HEART_RATE, value, '/min', time, at);
const respiratoryRate = (value: number, time: string) => vital(LOINC.RESPIRATORY_RATE, value, '/min', time, at);
const paco2 = (value: number, time: string) => lab(LOINC.PACO2, value, 'mm[Hg]', time, at);
const wbc = (value: number, time: string) => lab(LOINC.LEUKOCYTES, value, '10*3/uL', time, at);
const lactate = (value: number, time: string) => lab(LOINC.LACTATE_BLOOD, value, 'mmol/L', time, at);
const platelets = (value: number, time: string) => lab(LOINC.PLATELETS, value, '10*3/uL', time, at);
const bilirubin = (value: number, time: string) => lab(LOINC.BILIRUBIN_TOTAL, value, 'mg/dL', time, at);
const creatinine = (value: number, time: string, unit = 'mg/dL') => lab(LOINC.CREATININE_SERUM, value, unit, time, at);
const gcs = (value: number, time: string) => vital(LOINC.GCS_TOTAL, value, '{score}', time, at);
const map = (value: number, time: string) => vital(LOINC.MEAN_ARTERIAL_PRESSURE, value, 'mm[Hg]', time, at);


const bloodCultureReport = (time: string, status: DiagnosticReport['status'] = 'final'): DiagnosticReport => ({
  resourceType: 'DiagnosticReport', id: `dr-${time}-${status}`, status,
  code: { coding: [{ system: SYSTEM.LOINC, code: '600-7', display: 'Blood Culture, Routine' }] },
  subject: { reference: 'Patient/pat-1' }, effectiveDateTime: time,
});
const bloodCultureOrder = (time: string): ServiceRequest => ({
  resourceType: 'ServiceRequest', id: `sr-${time}`, status: 'active', intent: 'order',
  code: { coding: [{ system: SYSTEM.LOINC, code: '600-7' }] }, subject: { reference: 'Patient/pat-1' }, authoredOn: time,
});

// Orders as Synthea's sepsis module writes them (product RxCUI, name carries the ingredient), one by ingredient code only.
const piperacillin = medicationRequest('1659149', 'Piperacillin 4000 MG / tazobactam 500 MG Injection', '2021-03-01T10:00:00Z');
const vancomycinByCode = medicationAdministration('11124', 'VANCO IVPB', '2021-03-01T10:00:00Z');
const norepinephrine = medicationAdministration('242969', '4 ML norepinephrine 1 MG/ML Injection', '2021-03-01T11:00:00Z');
const pneumonia = snomedCondition(SEPSIS_SNOMED.PNEUMONIA, { onsetDateTime: '2021-03-01T08:30:00Z', encounter: 'enc-1', display: 'Pneumonia' });

// Fever and tachycardia together: two SIRS criteria in one reading.
const feverAndTachycardia = [temperature(38.6, '2021-03-01T09:00:00Z'), heartRate(112, '2021-03-01T09:00:00Z')];

describe('sepsis/indicators', () => {
  it.each<[string, Resource[]]>([
    ['fever and tachycardia with piperacillin/tazobactam ordered', [...feverAndTachycardia, piperacillin]],
    ['hypothermia and leukopenia with a pneumonia diagnosis', [temperature(35.5, '2021-03-01T09:00:00Z'), wbc(3.2, '2021-03-01T12:00:00Z'), pneumonia]],
    ['tachycardia and tachypnea with a blood culture resulted', [heartRate(95, '2021-03-01T09:00:00Z'), respiratoryRate(24, '2021-03-01T09:00:00Z'), bloodCultureReport('2021-03-01T09:30:00Z')]],
    ['leukocytosis and tachycardia with a blood culture ordered', [wbc(14.5, '2021-03-01T09:00:00Z'), heartRate(101, '2021-03-01T13:00:00Z'), bloodCultureOrder('2021-03-01T09:15:00Z')]],
    ['PaCO2 below 32 mmHg and leukocytosis with an ICD-10-CM pneumonia', [paco2(29, '2021-03-01T09:00:00Z'), wbc(13, '2021-03-01T09:00:00Z'),
      icd10Condition('J18.9', { onsetDateTime: '2021-03-01T08:00:00Z', encounter: 'enc-1' })]],
    ['a temperature in Fahrenheit (101.5 °F) and tachycardia with an antibiotic', [temperature(101.5, '2021-03-01T09:00:00Z', '[degF]'), heartRate(104, '2021-03-01T09:00:00Z'), piperacillin]],
    ['a lactate above 2 mmol/L with vancomycin coded by ingredient RxCUI only', [lactate(2.6, '2021-03-01T09:00:00Z'), vancomycinByCode]],
    ['two SIRS criteria exactly 24 hours apart with an antibiotic', [temperature(38.4, '2021-03-01T09:00:00Z'), heartRate(100, '2021-03-02T09:00:00Z'), piperacillin]],
    ['a resolved sepsis from years ago', [...feverAndTachycardia, piperacillin, icd10Condition('A41.9', { clinicalStatus: 'resolved', recordedDate: '2016-01-01T00:00:00Z' })]],
  ])('flags %s with no sepsis diagnosis', (_scenario, resources) => {
    const [finding] = findingsFor(sepsisIndicators, [stay, ...resources], { encounterId: 'enc-1' });
    expect(finding).toMatchObject({ ruleId: 'sepsis/indicators', category: 'documentation-gap', suspectedCondition: 'A41.9', encounter: 'Encounter/enc-1' });
    expect(finding!.answerOptions[0]).toEqual({ text: 'Sepsis, unspecified organism', icd10: 'A41.9' });
  });

  it('cites the infection evidence and the most abnormal value of each criterion, with units and times', () => {
    const fever = temperature(38.6, '2021-03-01T09:00:00Z');
    const tachycardia = heartRate(112, '2021-03-01T09:00:00Z');
    const laterTachycardia = heartRate(120, '2021-03-01T15:00:00Z');
    const normal = heartRate(80, '2021-03-02T09:00:00Z');
    const [finding] = findingsFor(sepsisIndicators, [stay, fever, tachycardia, laterTachycardia, normal, piperacillin], { encounterId: 'enc-1' });
    expect(finding!.summary).toBe('Infection evidence: Piperacillin 4000 MG / tazobactam 500 MG Injection ordered or given on 2021-03-01 10:00. ' +
      'Temperature 38.6 °C on 2021-03-01 09:00 (> 38.0 or < 36.0 °C), heart rate 120 /min on 2021-03-01 15:00 (> 90/min; 2 results beyond it). ' +
      'No sepsis diagnosis is documented for this encounter.');
    expect(finding!.evidence).toEqual([`MedicationRequest/${piperacillin.id}`, `Observation/${fever.id}`, `Observation/${tachycardia.id}`, `Observation/${laterTachycardia.id}`]);
    expect(finding!.severity).toBe('medium');
    expect(finding!.observedAt).toBe('2021-03-01T15:00:00Z');
    expect(finding!.answerOptions.map((o) => o.icd10 ?? o.text)).toEqual(['A41.9', 'Other (please specify)', 'Clinically undetermined', 'Not clinically significant']);
  });

  it('carries the infection evidence, the cited values and the vasopressor as facts, in the order the summary cites them', () => {
    const fever = temperature(38.6, '2021-03-01T09:00:00Z');
    const tachycardia = heartRate(112, '2021-03-01T09:00:00Z');
    const high = lactate(3.1, '2021-03-01T12:00:00Z');
    const culture = bloodCultureReport('2021-03-01T09:30:00Z');
    const [finding] = findingsFor(sepsisIndicators, [stay, fever, tachycardia, high, pneumonia, culture, norepinephrine], { encounterId: 'enc-1' });
    expect(finding!.facts).toEqual([
      { kind: 'result', label: 'blood culture', time: '2021-03-01T09:30:00Z', reference: `DiagnosticReport/${culture.id}` },
      { kind: 'diagnosis', label: 'Pneumonia', time: '2021-03-01T08:30:00Z', reference: `Condition/${pneumonia.id}` },
      { kind: 'vital-sign', label: 'temperature', value: 38.6, unit: 'Cel', time: '2021-03-01T09:00:00Z', referenceRange: { low: 36, high: 38, unit: 'Cel' }, reference: `Observation/${fever.id}` },
      { kind: 'vital-sign', label: 'heart rate', value: 112, unit: '/min', time: '2021-03-01T09:00:00Z', referenceRange: { high: 90, unit: '/min' }, reference: `Observation/${tachycardia.id}` },
      { kind: 'result', label: 'lactate', value: 3.1, unit: 'mmol/L', time: '2021-03-01T12:00:00Z', referenceRange: { high: 2, unit: 'mmol/L' }, reference: `Observation/${high.id}` },
      { kind: 'medication', label: '4 ML norepinephrine 1 MG/ML Injection', time: '2021-03-01T11:00:00Z', reference: `MedicationAdministration/${norepinephrine.id}` },
    ]);
  });

  it('states a Glasgow Coma Scale as an assessment and an inclusive limit (bilirubin ≥ 2 mg/dL, the limit itself abnormal)', () => {
    const score = gcs(13, '2021-03-01T12:00:00Z');
    const raised = bilirubin(2.0, '2021-03-01T12:00:00Z');
    const [finding] = findingsFor(sepsisIndicators, [stay, ...feverAndTachycardia, piperacillin, score, raised], { encounterId: 'enc-1' });
    expect(finding!.facts.find((f) => f.reference === `Observation/${score.id}`)).toMatchObject({ kind: 'assessment', label: 'Glasgow Coma Scale', value: 13, referenceRange: { low: 15 } });
    const bilirubinFact = finding!.facts.find((f) => f.reference === `Observation/${raised.id}`);
    expect(bilirubinFact).toMatchObject({ kind: 'result', label: 'bilirubin', value: 2 });
    expect(bilirubinFact!.referenceRange).toEqual({ high: 2, unit: 'mg/dL', inclusive: true });
  });

  it.each<[string, Resource[]]>([
    ['platelets below 100 ×10³/µL', [platelets(82, '2021-03-01T12:00:00Z')]],
    ['bilirubin exactly 2.0 mg/dL', [bilirubin(2.0, '2021-03-01T12:00:00Z')]],
    ['creatinine 2.4 mg/dL', [creatinine(2.4, '2021-03-01T12:00:00Z')]],
    ['creatinine 212 µmol/L (2.4 mg/dL)', [creatinine(212, '2021-03-01T12:00:00Z', 'umol/L')]],
    ['a mean arterial pressure of 65 mmHg', [map(65, '2021-03-01T12:00:00Z')]],
    ['a blood pressure of 85/55 mmHg (calculated MAP 65)', [bloodPressure(85, 55, '2021-03-01T12:00:00Z')]],
    ['a Glasgow Coma Scale of 13', [gcs(13, '2021-03-01T12:00:00Z')]],
    ['a lactate of 3.1 mmol/L', [lactate(3.1, '2021-03-01T12:00:00Z')]],
  ])('is high severity and offers severe sepsis (R65.20), not shock, with %s', (_scenario, organ) => {
    const [finding] = findingsFor(sepsisIndicators, [stay, ...feverAndTachycardia, piperacillin, ...organ], { encounterId: 'enc-1' });
    expect(finding!.severity).toBe('high');
    expect(finding!.answerOptions.map((o) => o.icd10).filter(Boolean)).toEqual(['A41.9', 'R65.20']);
    expect(finding!.evidence).toContain(`Observation/${organ[0]!.id}`);
  });

  it('states how a mean arterial pressure was calculated', () => {
    const [finding] = findingsFor(sepsisIndicators, [stay, ...feverAndTachycardia, piperacillin, bloodPressure(85, 55, '2021-03-01T12:00:00Z')], { encounterId: 'enc-1' });
    expect(finding!.summary).toContain('mean arterial pressure 65 mmHg on 2021-03-01 12:00 (calculated from 85/55 mmHg; < 70 mmHg)');
  });

  it.each<[string, Resource[]]>([
    ['platelets exactly 100 ×10³/µL', [platelets(100, '2021-03-01T12:00:00Z')]],
    ['bilirubin 1.9 mg/dL', [bilirubin(1.9, '2021-03-01T12:00:00Z')]],
    ['creatinine 1.9 mg/dL', [creatinine(1.9, '2021-03-01T12:00:00Z')]],
    ['creatinine 3.0 mg/dL with end-stage renal disease documented', [creatinine(3.0, '2021-03-01T12:00:00Z'), icd10Condition('N18.6')]],
    ['a mean arterial pressure of exactly 70 mmHg', [map(70, '2021-03-01T12:00:00Z')]],
    ['a Glasgow Coma Scale of 15', [gcs(15, '2021-03-01T12:00:00Z')]],
    ['a lactate of exactly 2 mmol/L', [lactate(2, '2021-03-01T12:00:00Z')]],
    ['platelets of 60 five days after the response', [platelets(60, '2021-03-06T12:00:00Z')]],
  ])('stays medium severity with only A41.9 offered for %s', (_scenario, organ) => {
    const [finding] = findingsFor(sepsisIndicators, [stay, ...feverAndTachycardia, piperacillin, ...organ], { encounterId: 'enc-1' });
    expect(finding!.severity).toBe('medium');
    expect(finding!.answerOptions.map((o) => o.icd10).filter(Boolean)).toEqual(['A41.9']);
  });

  it('offers septic shock (R65.21) when a vasopressor is given with a lactate above 2 mmol/L', () => {
    const high = lactate(4.2, '2021-03-01T10:30:00Z');
    const [finding] = findingsFor(sepsisIndicators, [stay, ...feverAndTachycardia, piperacillin, high, norepinephrine], { encounterId: 'enc-1' });
    expect(finding!.severity).toBe('high');
    expect(finding!.answerOptions.map((o) => o.icd10).filter(Boolean)).toEqual(['A41.9', 'R65.20', 'R65.21']);
    expect(finding!.evidence).toContain(`MedicationAdministration/${norepinephrine.id}`);
    expect(finding!.summary).toContain('Vasopressor: 4 ML norepinephrine 1 MG/ML Injection ordered or given on 2021-03-01 11:00.');
  });

  it.each<[string, Resource]>([
    ['an epinephrine infusion with a rate', medicationAdministration(undefined, 'Epinephrine 1 MG/ML Injectable Solution', '2021-03-01T11:00:00Z',
      { dosage: { rateQuantity: { value: 5, unit: 'ug/min' } } })],
    ['a phenylephrine drip ordered', medicationRequest(undefined, 'Phenylephrine hydrochloride 10 MG/ML Injectable Solution', '2021-03-01T11:00:00Z',
      { dosageInstruction: [{ text: 'continuous infusion, titrate to MAP ≥ 65' }] })],
  ])('counts %s as a vasopressor', (_scenario, pressor) => {
    const [finding] = findingsFor(sepsisIndicators, [stay, ...feverAndTachycardia, piperacillin, lactate(3, '2021-03-01T10:30:00Z'), pressor], { encounterId: 'enc-1' });
    expect(finding!.answerOptions.map((o) => o.icd10)).toContain('R65.21');
  });

  it.each<[string, Resource[]]>([
    ['an epinephrine auto-injector', [medicationRequest('1870230', 'NDA020800 0.3 ML Epinephrine 1 MG/ML Auto-Injector', '2021-03-01T11:00:00Z')]],
    ['lidocaine with epinephrine', [medicationRequest(undefined, 'Lidocaine Hydrochloride 10 MG/ML / Epinephrine 0.01 MG/ML Injectable Solution', '2021-03-01T11:00:00Z',
      { dosageInstruction: [{ text: 'continuous infiltration' }] })]],
    ['norepinephrine without a lactate above 2 mmol/L', [lactate(1.8, '2021-03-01T10:30:00Z'), norepinephrine]],
  ])('does not offer septic shock for %s', (_scenario, extra) => {
    const withLactate = extra.some((r) => r.resourceType === 'Observation') ? extra : [lactate(3, '2021-03-01T10:30:00Z'), ...extra];
    const [finding] = findingsFor(sepsisIndicators, [stay, ...feverAndTachycardia, piperacillin, ...withLactate], { encounterId: 'enc-1' });
    expect(finding!.answerOptions.map((o) => o.icd10)).not.toContain('R65.21');
  });

  it.each<[string, Resource[]]>([
    ['a temperature of exactly 38.0 °C (one criterion only)', [temperature(38.0, '2021-03-01T09:00:00Z'), heartRate(112, '2021-03-01T09:00:00Z'), piperacillin]],
    ['a heart rate of exactly 90/min (one criterion only)', [temperature(38.6, '2021-03-01T09:00:00Z'), heartRate(90, '2021-03-01T09:00:00Z'), piperacillin]],
    ['a respiratory rate of exactly 20 and WBC of exactly 12', [respiratoryRate(20, '2021-03-01T09:00:00Z'), wbc(12, '2021-03-01T09:00:00Z'), heartRate(100, '2021-03-01T09:00:00Z'), piperacillin]],
    ['a temperature of exactly 36.0 °C and WBC of exactly 4', [temperature(36.0, '2021-03-01T09:00:00Z'), wbc(4, '2021-03-01T09:00:00Z'), heartRate(100, '2021-03-01T09:00:00Z'), piperacillin]],
    ['PaCO2 of exactly 32 mmHg', [paco2(32, '2021-03-01T09:00:00Z'), heartRate(100, '2021-03-01T09:00:00Z'), piperacillin]],
    ['two SIRS criteria 25 hours apart', [temperature(38.6, '2021-03-01T09:00:00Z'), heartRate(112, '2021-03-02T10:00:00Z'), piperacillin]],
    ['two heart rates above 90 (one criterion twice)', [heartRate(112, '2021-03-01T09:00:00Z'), heartRate(118, '2021-03-01T12:00:00Z'), piperacillin]],
    ['a lactate of exactly 2 mmol/L alone', [lactate(2, '2021-03-01T09:00:00Z'), piperacillin]],
    ['a systemic response without infection evidence', [...feverAndTachycardia, lactate(3, '2021-03-01T09:00:00Z')]],
    ['an antibiotic more than 72 hours after the response', [...feverAndTachycardia, medicationRequest(undefined, 'Ceftriaxone 1000 MG Injection', '2021-03-05T10:00:00Z')]],
    ['a topical antibiotic', [...feverAndTachycardia, medicationRequest(undefined, 'Clindamycin Phosphate 10 MG/ML Topical Gel', '2021-03-01T10:00:00Z')]],
    ['an antibiotic order cancelled', [...feverAndTachycardia, medicationRequest(undefined, 'Ceftriaxone 1000 MG Injection', '2021-03-01T10:00:00Z', { status: 'cancelled' })]],
    ['a blood culture report entered in error', [...feverAndTachycardia, bloodCultureReport('2021-03-01T09:30:00Z', 'entered-in-error')]],
    ['a refuted pneumonia', [...feverAndTachycardia, snomedCondition(SEPSIS_SNOMED.PNEUMONIA, { onsetDateTime: '2021-03-01T08:30:00Z', verificationStatus: 'refuted' })]],
    ['an active ICD-10-CM A41.9', [...feverAndTachycardia, piperacillin, icd10Condition('A41.9')]],
    ['a dotless a4151 (gram-negative sepsis)', [...feverAndTachycardia, piperacillin, icd10Condition('a4151')]],
    ['severe sepsis R65.20 documented', [...feverAndTachycardia, piperacillin, icd10Condition('R65.20')]],
    ['a SNOMED-only sepsis diagnosis', [...feverAndTachycardia, piperacillin, snomedCondition(SNOMED.SEPSIS)]],
    ['a SNOMED-only septic shock', [...feverAndTachycardia, piperacillin, snomedCondition(SEPSIS_SNOMED.SEPTIC_SHOCK)]],
    ['sepsis on the claim for the stay', [...feverAndTachycardia, piperacillin, claim(['J18.9', 'A41.9'], '2021-03-08T12:00:00Z')]],
    ['values outside the encounter', [temperature(38.6, '2021-02-01T09:00:00Z'), heartRate(112, '2021-02-01T09:00:00Z'), medicationRequest(undefined, 'Ceftriaxone 1000 MG Injection', '2021-02-01T10:00:00Z')]],
    ['values entered in error', [
      vital(LOINC.BODY_TEMPERATURE, 39, 'Cel', '2021-03-01T09:00:00Z', { status: 'entered-in-error' }),
      vital(LOINC.HEART_RATE, 120, '/min', '2021-03-01T09:00:00Z', { status: 'entered-in-error' }), piperacillin]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(findingsFor(sepsisIndicators, [stay, ...resources], { encounterId: 'enc-1' })).toEqual([]);
  });

  it('looks back 12 months when launched without an encounter', () => {
    const recent = [temperature(38.6, '2020-06-01T09:00:00Z'), heartRate(112, '2020-06-01T09:00:00Z'),
      medicationRequest(undefined, 'Ceftriaxone 1000 MG Injection', '2020-06-01T10:00:00Z')];
    expect(findingsFor(sepsisIndicators, recent, { now: '2021-03-15T12:00:00Z' })).toHaveLength(1);
    expect(findingsFor(sepsisIndicators, recent, { now: '2021-07-15T12:00:00Z' })).toEqual([]);
  });

  it('takes its thresholds from the configuration', () => {
    const resources = [stay, temperature(38.6, '2021-03-01T09:00:00Z'), heartRate(112, '2021-03-01T21:00:00Z'), piperacillin];
    expect(findingsFor(sepsisIndicators, resources, { encounterId: 'enc-1' })).toHaveLength(1);
    expect(findingsFor(sepsisIndicators, resources, { encounterId: 'enc-1', thresholds: { 'sepsis/indicators': { sirsWindowHours: 6 } } })).toEqual([]);
    expect(findingsFor(sepsisIndicators, resources, { encounterId: 'enc-1', thresholds: { 'sepsis/indicators': { heartRateAbove: 115 } } })).toEqual([]);
  });
});
