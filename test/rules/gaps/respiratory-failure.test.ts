import { describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import { acuteRespiratoryFailure } from '../../../src/rules/gaps/respiratory-failure';
import { LOINC } from '../../../src/terminology/loinc';
import { RESPIRATORY_SNOMED } from '../../../src/terminology/snomed';
import { SYSTEM } from '../../../src/terminology/systems';
import { claim, encounter, findingsFor, icd10Condition, lab, medicationRequest, procedure, snomedCondition, vital, pulseOximetry } from '../support';

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
const snomedProcedure = (code: string, display: string, time: string, overrides = {}) => procedure(SYSTEM.SNOMED, code, display, time, overrides);
const oxygenByMask = snomedProcedure('371908008', 'Oxygen administration by mask (procedure)', '2021-03-01T09:30:00Z');
const bipap = snomedProcedure('243142003', 'Dual pressure spontaneous ventilation support (regime/therapy)', '2021-03-01T10:30:00Z');


// Desaturation on room air, then oxygen started 15 minutes later: the commonest presentation.
const desaturation = [spo2(88, '2021-03-01T09:00:00Z'), o2Flow(2, '2021-03-01T09:15:00Z')];
const hypercapnicGas = [paco2(62, '2021-03-01T10:00:00Z'), ph(7.28, '2021-03-01T10:00:00Z')];

describe('respiratory/acute-respiratory-failure', () => {
  it.each<[string, Resource[]]>([
    ['SpO2 88% on room air with oxygen started after it', desaturation],
    ['SpO2 86% (2708-6) with oxygen given by mask', [spo2(86, '2021-03-01T09:00:00Z', LOINC.OXYGEN_SATURATION), oxygenByMask]],
    ['a room-air pulse oximetry (O2 flow 0, FiO2 21%) of 87% then oxygen', [pulseOximetry(87, '2021-03-01T09:00:00Z', 0, 21), o2Flow(3, '2021-03-01T09:20:00Z')]],
    ['SpO2 85% with an oxygen order', [spo2(85, '2021-03-01T09:00:00Z'), medicationRequest(undefined, 'Oxygen 1000 MG/ML Gas for Inhalation', '2021-03-01T09:10:00Z')]],
    ['PaO2 55 mmHg on FiO2 40%', [pao2(55, '2021-03-01T10:00:00Z'), fio2(40, '2021-03-01T10:00:00Z')]],
    ['PaO2 7.3 kPa (55 mmHg) with oxygen flow', [pao2(7.3, '2021-03-01T10:00:00Z', 'kPa'), o2Flow(4, '2021-03-01T10:00:00Z')]],
    ['PaO2 50 mmHg with mechanical ventilation', [pao2(50, '2021-03-01T10:00:00Z'), snomedProcedure('40617009', 'Artificial respiration (procedure)', '2021-03-01T11:00:00Z')]],
    ['PaCO2 62 mmHg with pH 7.28 and BiPAP', [...hypercapnicGas, bipap]],
    ['PaCO2 58 mmHg with pH 7.31 drawn 1 hour apart, on high-flow oxygen named in text only', [paco2(58, '2021-03-01T10:00:00Z'), ph(7.31, '2021-03-01T11:00:00Z'),
      procedure('http://example.org/local-procedures', 'HFNC', 'High flow nasal cannula oxygen', '2021-03-01T11:30:00Z')]],
    ['SpO2 88% and a chronic respiratory failure (J96.11) on record', [...desaturation, icd10Condition('J96.11')]],
  ])('flags %s with no acute respiratory failure diagnosis', (_scenario, resources) => {
    const [finding] = findingsFor(acuteRespiratoryFailure, [stay, ...resources], { encounterId: 'enc-1' });
    expect(finding).toMatchObject({ ruleId: 'respiratory/acute-respiratory-failure', category: 'documentation-gap', severity: 'high', encounter: 'Encounter/enc-1' });
    expect(finding!.suspectedCondition).toMatch(/^J96\.[02]0$/);
  });

  it('cites each indicator with its unit and time, the oxygen support, and the supporting respiratory rate', () => {
    const low = spo2(88, '2021-03-01T09:00:00Z');
    const lower = spo2(86, '2021-03-01T09:05:00Z');
    const tachypnea = respiratoryRate(32, '2021-03-01T09:00:00Z');
    const flow = o2Flow(2, '2021-03-01T09:15:00Z');
    const [finding] = findingsFor(acuteRespiratoryFailure, [stay, low, lower, tachypnea, flow, respiratoryRate(18, '2021-03-02T09:00:00Z')], { encounterId: 'enc-1' });
    expect(finding!.summary).toBe('SpO2 86 % on 2021-03-01 09:05 (no supplemental oxygen recorded in the hour before; < 91 % on room air; 2 results beyond it), ' +
      'respiratory rate 32 /min on 2021-03-01 09:00 (> 28/min). Oxygen support: oxygen flow 2 L/min on 2021-03-01 09:15. ' +
      'No acute respiratory failure diagnosis is documented for this encounter.');
    expect(finding!.evidence).toEqual([`Observation/${low.id}`, `Observation/${tachypnea.id}`, `Observation/${lower.id}`, `Observation/${flow.id}`]);
    // The cited values only: the lowest SpO2 (not the other one beyond the limit), the respiratory rate, the first oxygen record.
    expect(finding!.facts).toEqual([
      { kind: 'vital-sign', label: 'SpO2', value: 86, unit: '%', time: '2021-03-01T09:05:00Z', referenceRange: { low: 91, unit: '%' }, reference: `Observation/${lower.id}` },
      { kind: 'vital-sign', label: 'respiratory rate', value: 32, unit: '/min', time: '2021-03-01T09:00:00Z', referenceRange: { high: 28, unit: '/min' }, reference: `Observation/${tachypnea.id}` },
      { kind: 'vital-sign', label: 'oxygen flow', value: 2, unit: 'L/min', time: '2021-03-01T09:15:00Z', referenceRange: { high: 0, unit: 'L/min' }, reference: `Observation/${flow.id}` },
    ]);
    expect(finding!.observedAt).toBe('2021-03-01T09:15:00Z');
    expect(finding!.suspectedCondition).toBe('J96.00');
  });

  it('states the blood gas, the ventilation procedure and the oxygen order as facts', () => {
    const [gas, acid] = hypercapnicGas;
    const order = medicationRequest(undefined, 'Oxygen 1000 MG/ML Gas for Inhalation', '2021-03-01T11:00:00Z');
    const [finding] = findingsFor(acuteRespiratoryFailure, [stay, gas!, acid!, bipap, order], { encounterId: 'enc-1' });
    expect(finding!.summary).toBe('PaCO2 62 mmHg on 2021-03-01 10:00 (> 50 mmHg with pH < 7.35), arterial pH 7.28 on 2021-03-01 10:00 (< 7.35). ' +
      'Oxygen support: Dual pressure spontaneous ventilation support (regime/therapy) on 2021-03-01 10:30; Oxygen 1000 MG/ML Gas for Inhalation ordered or given on 2021-03-01 11:00. ' +
      'No acute respiratory failure diagnosis is documented for this encounter.');
    expect(finding!.facts).toEqual([
      { kind: 'result', label: 'PaCO2', value: 62, unit: 'mm[Hg]', time: '2021-03-01T10:00:00Z', referenceRange: { high: 50, unit: 'mm[Hg]' }, reference: `Observation/${gas!.id}` },
      { kind: 'result', label: 'arterial pH', value: 7.28, unit: '[pH]', time: '2021-03-01T10:00:00Z', referenceRange: { low: 7.35, unit: '[pH]' }, reference: `Observation/${acid!.id}` },
      { kind: 'procedure', label: 'Dual pressure spontaneous ventilation support (regime/therapy)', time: '2021-03-01T10:30:00Z', reference: `Procedure/${bipap.id}` },
      { kind: 'medication', label: 'Oxygen 1000 MG/ML Gas for Inhalation', time: '2021-03-01T11:00:00Z', reference: `MedicationRequest/${order.id}` },
    ]);
  });

  it.each<[string, Resource[], string[]]>([
    ['hypoxemia only', desaturation, ['J96.01', 'J96.00', 'R09.02']],
    ['hypercapnia only', [...hypercapnicGas, bipap], ['J96.02', 'J96.00']],
    ['hypoxemia and hypercapnia', [...desaturation, ...hypercapnicGas, bipap], ['J96.01', 'J96.02', 'J96.00', 'R09.02']],
    ['hypoxemia with chronic respiratory failure documented (acute and chronic options)', [...desaturation, icd10Condition('J96.11')], ['J96.21', 'J96.20', 'R09.02']],
  ])('offers only the supported diagnoses for %s', (_scenario, resources, codes) => {
    const [finding] = findingsFor(acuteRespiratoryFailure, [stay, ...resources], { encounterId: 'enc-1' });
    expect(finding!.answerOptions.map((o) => o.icd10).filter(Boolean)).toEqual(codes);
    expect(finding!.answerOptions.slice(-3).map((o) => o.text)).toEqual(['Other (please specify)', 'Clinically undetermined', 'Not clinically significant']);
  });

  it('uses the titles of the ICD-10-CM order file', () => {
    const [finding] = findingsFor(acuteRespiratoryFailure, [stay, ...desaturation, ...hypercapnicGas], { encounterId: 'enc-1' });
    expect(finding!.answerOptions.filter((o) => o.icd10)).toEqual([
      { text: 'Acute respiratory failure with hypoxia', icd10: 'J96.01' },
      { text: 'Acute respiratory failure with hypercapnia', icd10: 'J96.02' },
      { text: 'Acute respiratory failure, unspecified whether with hypoxia or hypercapnia', icd10: 'J96.00' },
      { text: 'Hypoxemia', icd10: 'R09.02' },
    ]);
  });

  it.each<[string, Resource[]]>([
    ['SpO2 of exactly 91%', [spo2(91, '2021-03-01T09:00:00Z'), o2Flow(2, '2021-03-01T09:15:00Z')]],
    ['PaO2 of exactly 60 mmHg', [pao2(60, '2021-03-01T10:00:00Z'), fio2(40, '2021-03-01T10:00:00Z')]],
    ['PaCO2 62 mmHg with pH of exactly 7.35', [paco2(62, '2021-03-01T10:00:00Z'), ph(7.35, '2021-03-01T10:00:00Z'), bipap]],
    ['PaCO2 of exactly 50 mmHg with pH 7.30', [paco2(50, '2021-03-01T10:00:00Z'), ph(7.3, '2021-03-01T10:00:00Z'), bipap]],
    ['PaCO2 and pH drawn 2 hours apart', [paco2(62, '2021-03-01T10:00:00Z'), ph(7.28, '2021-03-01T12:00:00Z'), bipap]],
    ['SpO2 88% while oxygen flow is charted at the same time', [spo2(88, '2021-03-01T09:00:00Z'), o2Flow(2, '2021-03-01T09:00:00Z')]],
    ['SpO2 88% with oxygen flow charted 30 minutes before', [o2Flow(2, '2021-03-01T08:30:00Z'), spo2(88, '2021-03-01T09:00:00Z')]],
    ['SpO2 88% on a pulse oximetry recorded with 2 L/min oxygen', [pulseOximetry(88, '2021-03-01T09:00:00Z', 2, 28)]],
    ['SpO2 88% during a ventilation period', [snomedProcedure('243150007', 'Assist control ventilation (regime/therapy)', '2021-03-01T06:00:00Z',
      { performedDateTime: undefined, performedPeriod: { start: '2021-03-01T06:00:00Z', end: '2021-03-02T06:00:00Z' } }), spo2(88, '2021-03-01T09:00:00Z')]],
    ['SpO2 88% with no oxygen support', [spo2(88, '2021-03-01T09:00:00Z'), respiratoryRate(30, '2021-03-01T09:00:00Z')]],
    ['SpO2 88% with oxygen only two days later', [spo2(88, '2021-03-01T09:00:00Z'), o2Flow(2, '2021-03-03T09:00:00Z')]],
    ['a respiratory rate of 32 with oxygen (supporting evidence only)', [respiratoryRate(32, '2021-03-01T09:00:00Z'), o2Flow(2, '2021-03-01T09:15:00Z')]],
    ['SpO2 88% with long-term oxygen therapy named in text', [spo2(88, '2021-03-01T09:00:00Z'),
      procedure('http://example.org/local-procedures', 'LTOT', 'Long-term oxygen therapy', '2021-03-01T10:00:00Z')]],
    ['SpO2 88% with CPAP (sleep-apnea therapy)', [spo2(88, '2021-03-01T09:00:00Z'),
      snomedProcedure('47545007', 'Continuous positive airway pressure ventilation treatment (regime/therapy)', '2021-03-01T22:00:00Z')]],
    ['SpO2 88% with an oxygen procedure not done', [spo2(88, '2021-03-01T09:00:00Z'), snomedProcedure('371908008', 'Oxygen administration by mask (procedure)', '2021-03-01T09:30:00Z', { status: 'not-done' })]],
    ['an active ICD-10-CM J96.01', [...desaturation, icd10Condition('J96.01')]],
    ['a dotless j9622 (acute and chronic with hypercapnia)', [...desaturation, icd10Condition('j9622')]],
    ['ARDS (J80) documented', [...desaturation, icd10Condition('J80')]],
    ['a SNOMED-only acute respiratory failure', [...desaturation, snomedCondition(RESPIRATORY_SNOMED.ACUTE_RESPIRATORY_FAILURE)]],
    ['a SNOMED-only ARDS', [...desaturation, snomedCondition(RESPIRATORY_SNOMED.ARDS)]],
    ['acute respiratory failure on the claim for the stay', [...desaturation, claim(['J18.9', 'J96.00'], '2021-03-08T12:00:00Z')]],
    ['values outside the encounter', [spo2(88, '2021-02-01T09:00:00Z'), o2Flow(2, '2021-02-01T09:15:00Z')]],
    ['an SpO2 entered in error', [vital(LOINC.OXYGEN_SATURATION_PULSE_OX, 84, '%', '2021-03-01T09:00:00Z', { status: 'entered-in-error' }), o2Flow(2, '2021-03-01T09:15:00Z')]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(findingsFor(acuteRespiratoryFailure, [stay, ...resources], { encounterId: 'enc-1' })).toEqual([]);
  });

  it('looks back 12 months when launched without an encounter', () => {
    const recent = [spo2(88, '2020-06-01T09:00:00Z'), o2Flow(2, '2020-06-01T09:15:00Z')];
    expect(findingsFor(acuteRespiratoryFailure, recent, { now: '2021-03-15T12:00:00Z' })).toHaveLength(1);
    expect(findingsFor(acuteRespiratoryFailure, recent, { now: '2021-07-15T12:00:00Z' })).toEqual([]);
  });

  it('takes its thresholds from the configuration', () => {
    const resources = [stay, spo2(89, '2021-03-01T09:00:00Z'), o2Flow(2, '2021-03-01T09:15:00Z')];
    expect(findingsFor(acuteRespiratoryFailure, resources, { encounterId: 'enc-1' })).toHaveLength(1);
    expect(findingsFor(acuteRespiratoryFailure, resources, { encounterId: 'enc-1', thresholds: { 'respiratory/acute-respiratory-failure': { spo2Below: 88 } } })).toEqual([]);
  });
});
