import { describe, expect, it } from 'vitest';
import type { Encounter, Resource } from 'fhir/r4';
import type { Finding } from '../../../src/rules/engine/types';
import { acuteRespiratoryFailureValidation, RESPIRATORY_FAILURE_VALIDATION_RULES } from '../../../src/rules/validation/respiratory-failure';
import { LOINC } from '../../../src/terminology/loinc';
import { RESPIRATORY_SNOMED } from '../../../src/terminology/snomed';
import { SYSTEM } from '../../../src/terminology/systems';
import { claim, encounter, findingsFor, icd10Condition, lab, medicationRequest, patient, procedure, snomedCondition, vital, pulseOximetry } from '../support';

// An inpatient stay, 1–8 March 2021, reviewed on 15 March.
const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z');
const at = { encounter: 'enc-1' };
const spo2 = (value: number, time: string, loinc: string = LOINC.OXYGEN_SATURATION_PULSE_OX) => vital(loinc, value, '%', time, at);
const pao2 = (value: number, time: string, unit = 'mm[Hg]') => lab(LOINC.PAO2, value, unit, time, at);
const paco2 = (value: number, time: string) => lab(LOINC.PACO2, value, 'mm[Hg]', time, at);
const ph = (value: number, time: string) => lab(LOINC.PH_ARTERIAL, value, '[pH]', time, at);
const o2Flow = (value: number, time: string) => vital(LOINC.OXYGEN_FLOW, value, 'L/min', time, at);
const fio2 = (value: number, time: string) => vital(LOINC.FIO2, value, '%', time, at);
const respiratoryRate = (value: number, time: string) => vital(LOINC.RESPIRATORY_RATE, value, '/min', time, at);
const snomedProcedure = (code: string, display: string, time: string) => procedure(SYSTEM.SNOMED, code, display, time);
const oxygenByMask = snomedProcedure('371908008', 'Oxygen administration by mask (procedure)', '2021-03-01T09:30:00Z');
const bipap = snomedProcedure('243142003', 'Dual pressure spontaneous ventilation support (regime/therapy)', '2021-03-02T10:30:00Z');
const ventilation = snomedProcedure('40617009', 'Artificial respiration (procedure)', '2021-03-02T11:00:00Z');


const arf = (options = {}) => icd10Condition('J96.01', {
  id: 'arf', encounter: 'enc-1', display: 'Acute respiratory failure with hypoxia', recordedDate: '2021-03-01T10:00:00Z', ...options,
});

// 96 % on room air, breathing 18/min: acute respiratory failure the record does not show.
const comfortable = [spo2(96, '2021-03-01T09:00:00Z'), respiratoryRate(18, '2021-03-01T09:00:00Z')];

function run(resources: Resource[], scenario: Parameters<typeof findingsFor>[2] = { encounterId: 'enc-1' }): Finding[] {
  return findingsFor(acuteRespiratoryFailureValidation, resources.some((r) => r.resourceType === 'Encounter') ? resources : [stay, ...resources], scenario);
}

const targetOf = (finding: Finding | undefined) => (finding?.category === 'clinical-validation' ? finding.target : undefined);

describe('validation/acute-respiratory-failure', () => {
  it.each<[string, Resource[]]>([
    ['SpO2 88 % on room air', [spo2(88, '2021-03-01T09:00:00Z')]],
    ['SpO2 90 % (just below 91)', [spo2(90, '2021-03-01T09:00:00Z')]],
    ['SpO2 89 % despite oxygen at 4 L/min', [o2Flow(4, '2021-03-01T08:30:00Z'), spo2(89, '2021-03-01T09:00:00Z')]],
    ['an arterial saturation (2708-6) of 87 %', [spo2(87, '2021-03-01T09:00:00Z', LOINC.OXYGEN_SATURATION)]],
    ['PaO2 55 mmHg', [...comfortable, pao2(55, '2021-03-01T10:00:00Z')]],
    ['PaO2 7.3 kPa (55 mmHg)', [...comfortable, pao2(7.3, '2021-03-01T10:00:00Z', 'kPa')]],
    ['a PaO2/FiO2 of 250 (PaO2 100 mmHg on FiO2 40 %)', [...comfortable, pao2(100, '2021-03-01T10:00:00Z'), fio2(40, '2021-03-01T10:30:00Z')]],
    ['PaCO2 62 mmHg with pH 7.28', [...comfortable, paco2(62, '2021-03-01T10:00:00Z'), ph(7.28, '2021-03-01T10:00:00Z')]],
    ['a respiratory rate of 32/min with oxygen by mask', [spo2(95, '2021-03-01T12:00:00Z'), respiratoryRate(32, '2021-03-01T09:00:00Z'), oxygenByMask]],
    ['a respiratory rate of 30/min with an oxygen order', [spo2(95, '2021-03-01T12:00:00Z'), respiratoryRate(30, '2021-03-02T09:00:00Z'),
      medicationRequest(undefined, 'Oxygen 1000 MG/ML Gas for Inhalation', '2021-03-02T08:00:00Z')]],
    ['BiPAP', [spo2(95, '2021-03-02T12:00:00Z'), bipap]],
    ['mechanical ventilation', [spo2(97, '2021-03-02T12:00:00Z'), ventilation]],
  ])('is silent when the record shows %s', (_scenario, resources) => {
    expect(run([arf(), ...resources])).toEqual([]);
  });

  it('states what was looked for and found when nothing supports the diagnosis', () => {
    const [finding] = run([arf(), ...comfortable]);
    expect(finding).toMatchObject({
      ruleId: 'validation/acute-respiratory-failure', category: 'clinical-validation', kind: 'clinical-validation', severity: 'medium',
      target: 'Condition/arf', suspectedCondition: 'J96.01', encounter: 'Encounter/enc-1',
    });
    expect(finding!.summary).toBe(
      'Acute respiratory failure is documented (Acute respiratory failure with hypoxia (J96.01) on 2021-03-01 10:00). Looked for: SpO2 < 91 % ' +
      '(on room air or despite oxygen), PaO2 < 60 mmHg or PaO2/FiO2 < 300; PaCO2 > 50 mmHg with arterial pH < 7.35 within 1 hour; ' +
      'respiratory rate > 28/min within 24 hours of supplemental oxygen; or non-invasive or mechanical ventilation. Found in this encounter: ' +
      'room-air SpO2 96 % on 2021-03-01 09:00, respiratory rate 18 /min on 2021-03-01 09:00; none meets the criteria.');
    expect(finding!.facts.map((f) => [f.kind, f.label, f.value, f.referenceRange])).toEqual([
      ['diagnosis', 'Acute respiratory failure with hypoxia (J96.01)', undefined, undefined],
      ['vital-sign', 'room-air SpO2', 96, { low: 91, unit: '%' }],
      ['vital-sign', 'respiratory rate', 18, { high: 28, unit: '/min' }],
    ]);
    expect(finding!.evidence).toEqual(['Condition/arf', ...comfortable.map((o) => `Observation/${o.id}`)]);
    expect(finding!.answerOptions).toEqual([
      { text: 'Acute respiratory failure, confirmed (please document the clinical indicators that support it)', icd10: 'J96.01' },
      { text: 'Acute respiratory failure, ruled out' }, { text: 'Other (please specify)' }, { text: 'Clinically undetermined' },
    ]);
  });

  it('cites the lowest SpO2 on room air and on oxygen apart, the blood gas, and the oxygen given', () => {
    const readings = [
      spo2(95, '2021-03-01T09:00:00Z'), spo2(93, '2021-03-01T18:00:00Z'), o2Flow(2, '2021-03-02T08:00:00Z'), spo2(94, '2021-03-02T08:30:00Z'),
      paco2(44, '2021-03-02T09:00:00Z'), ph(7.41, '2021-03-02T09:00:00Z'), pao2(82, '2021-03-02T09:00:00Z'),
      respiratoryRate(22, '2021-03-01T09:00:00Z'), respiratoryRate(26, '2021-03-02T09:00:00Z'),
    ];
    const [finding] = run([arf(), ...readings]);
    expect(finding!.facts.slice(1).map((f) => `${f.label} ${f.value}`)).toEqual([
      'lowest room-air SpO2 93', 'SpO2 with supplemental oxygen 94', 'PaO2 82', 'PaCO2 44', 'arterial pH 7.41', 'highest respiratory rate 26', 'oxygen flow 2',
    ]);
    expect(finding!.evidence).toEqual(['Condition/arf', ...[0, 1, 3, 6, 4, 5, 7, 8, 2].map((i) => `Observation/${readings[i]!.id}`)]);
  });

  it('reads a pulse oximetry coded twice as one reading, on room air when its O2 components say so', () => {
    const [finding] = run([arf(), pulseOximetry(95, '2021-03-01T09:00:00Z', 0, 21)]);
    expect(finding!.facts.slice(1).map((f) => `${f.label} ${f.value}`)).toEqual(['room-air SpO2 95']);
  });

  it.each<[string, Resource[]]>([
    ['an SpO2 of exactly 91 % on room air', [spo2(91, '2021-03-01T09:00:00Z')]],
    ['a PaO2 of exactly 60 mmHg', [pao2(60, '2021-03-01T10:00:00Z')]],
    ['a PaO2/FiO2 of exactly 300 (PaO2 150 mmHg on FiO2 50 %)', [pao2(150, '2021-03-01T10:00:00Z'), fio2(50, '2021-03-01T10:00:00Z')]],
    ['a PaCO2 of 56 mmHg with a normal pH (compensated)', [paco2(56, '2021-03-01T10:00:00Z'), ph(7.38, '2021-03-01T10:00:00Z')]],
    ['a PaCO2 of exactly 50 mmHg with pH 7.30', [paco2(50, '2021-03-01T10:00:00Z'), ph(7.30, '2021-03-01T10:00:00Z')]],
    ['a PaCO2 of 62 mmHg and pH 7.28 drawn 3 hours apart', [paco2(62, '2021-03-01T10:00:00Z'), ph(7.28, '2021-03-01T13:00:00Z')]],
    ['a respiratory rate of 32/min without oxygen', [spo2(95, '2021-03-01T09:00:00Z'), respiratoryRate(32, '2021-03-01T09:00:00Z')]],
    ['a respiratory rate of exactly 28/min with oxygen', [respiratoryRate(28, '2021-03-01T09:00:00Z'), o2Flow(2, '2021-03-01T09:00:00Z')]],
    ['a respiratory rate of 32/min two days before oxygen', [respiratoryRate(32, '2021-03-01T09:00:00Z'), o2Flow(2, '2021-03-03T10:00:00Z')]],
    ['hypoxemia just outside the stay', [
      vital(LOINC.OXYGEN_SATURATION_PULSE_OX, 84, '%', '2021-02-28T23:00:00Z'), lab(LOINC.PAO2, 52, 'mm[Hg]', '2021-03-08T13:00:00Z'), spo2(97, '2021-03-02T09:00:00Z')]],
    ['home oxygen (not ventilatory support)', [spo2(95, '2021-03-02T12:00:00Z'), procedure(SYSTEM.SNOMED, '426990007', 'Home oxygen therapy (procedure)', '2021-03-02T10:00:00Z')]],
  ])('flags the diagnosis with %s', (_scenario, resources) => {
    const findings = run([arf(), ...resources]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'medium', target: 'Condition/arf', suspectedCondition: 'J96.01' });
  });

  it.each<[string, () => Resource[], string, string, string]>([
    ['a SNOMED CT acute respiratory failure (J96.00 by the curated map)', () => [
      stay, snomedCondition(RESPIRATORY_SNOMED.ACUTE_RESPIRATORY_FAILURE, { id: 'snomed-arf', encounter: 'enc-1', display: 'Acute respiratory failure (disorder)' })],
      'Condition/snomed-arf', 'J96.00', 'Acute respiratory failure'],
    ['a SNOMED CT Condition that also carries its ICD-10-CM code (the code as coded wins over the map)', () => [stay, snomedCondition(
      RESPIRATORY_SNOMED.ACUTE_RESPIRATORY_FAILURE, { id: 'dual', encounter: 'enc-1', also: [{ system: SYSTEM.ICD10CM, code: 'J96.21' }] })],
      'Condition/dual', 'J96.21', 'Acute and chronic respiratory failure'],
    ['an acute and chronic respiratory failure', () => [stay, icd10Condition('J96.21', { id: 'acute-on-chronic', encounter: 'enc-1' })],
      'Condition/acute-on-chronic', 'J96.21', 'Acute and chronic respiratory failure'],
    ['the encounter\'s diagnosis', () => {
      const withDiagnosis: Encounter = { ...stay, diagnosis: [{ condition: { reference: 'Condition/arf-no-encounter' } }] };
      return [withDiagnosis, icd10Condition('J96.00', { id: 'arf-no-encounter' })];
    }, 'Encounter/enc-1', 'J96.00', 'Acute respiratory failure'],
    ['a claim line of the stay', () => [stay, claim(['J18.9', 'J96.01'], '2021-03-08T12:00:00Z', { id: 'claim-stay' })], 'Claim/claim-stay', 'J96.01', 'Acute respiratory failure'],
  ])('validates %s', (_scenario, record, target, code, name) => {
    const [finding, ...more] = run([...record(), ...comfortable]);
    expect(more).toEqual([]);
    expect([targetOf(finding), finding!.suspectedCondition]).toEqual([target, code]);
    expect(finding!.summary.startsWith(`${name} is documented`)).toBe(true);
  });

  it.each<[string, Resource[]]>([
    ['a resolved acute respiratory failure', [arf({ clinicalStatus: 'resolved' })]],
    ['a refuted acute respiratory failure', [arf({ verificationStatus: 'refuted' })]],
    ['ARDS (J80), which has criteria of its own', [icd10Condition('J80', { encounter: 'enc-1' })]],
    ['chronic respiratory failure (J96.10)', [icd10Condition('J96.10', { encounter: 'enc-1' })]],
    ['a child', [patient({ birthDate: '2015-01-01' }), arf()]],
  ])('does not validate %s', (_scenario, resources) => {
    expect(run([...resources, ...comfortable])).toEqual([]);
  });

  it('says so, at low severity, when the stay holds none of the measurements (oxygen alone is not one)', () => {
    const [finding] = run([arf(), o2Flow(2, '2021-03-01T09:00:00Z')]);
    expect(finding).toMatchObject({ severity: 'low', target: 'Condition/arf', evidence: ['Condition/arf'] });
    expect(finding!.summary).toMatch(/\. The record holds none of these measurements for this encounter\.$/);
  });

  it('takes its thresholds from the configuration', () => {
    const resources = [arf(), spo2(93, '2021-03-01T09:00:00Z')];
    expect(run(resources)).toHaveLength(1);
    expect(run(resources, { encounterId: 'enc-1', thresholds: { 'validation/acute-respiratory-failure': { spo2Below: 94 } } })).toEqual([]);
  });

  it('is exported as the family\'s rule list', () => {
    expect(RESPIRATORY_FAILURE_VALIDATION_RULES.map((r) => [r.id, r.category, r.severity])).toEqual([
      ['validation/acute-respiratory-failure', 'clinical-validation', 'medium'],
    ]);
  });
});
