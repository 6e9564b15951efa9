/**
 * Clinical indicators: each rendered from a fact with its source resource, the finding's or one the
 * technician adds from the record; never typed in (AHIMA/ACDIS 2022: cite each indicator with its source and
 * time, add no facts that are not in the record).
 */
import { describe, expect, it } from 'vitest';
import type { Observation } from 'fhir/r4';
import { PatientRecord } from '../../src/record/patient-record';
import type { Fact } from '../../src/rules/index';
import { hyponatremia } from '../../src/rules/gaps/electrolytes';
import {
  INDICATOR_LABEL_MAX, indicatorFromFact, indicatorsFromFinding, recordIndicatorCandidates, withIndicator, withoutIndicator,
} from '../../src/query/indicators';
import { LOINC } from '../../src/terminology/loinc';
import { SYSTEM } from '../../src/terminology/systems';
import { encounter, findingsFor, lab, medicationAdministration, medicationRequest, patient, vital } from '../rules/support';
import { HYPONATREMIA } from './queries';

describe('indicatorFromFact', () => {
  it.each<[string, Fact, string]>([
    ['a result with the limit it was judged against',
      { kind: 'result', label: 'sodium', value: 128, unit: 'mmol/L', time: '2021-03-01T08:00:00Z', referenceRange: { low: 135, unit: 'mmol/L' }, reference: 'Observation/na1' },
      'Sodium 128 mmol/L on 2021-03-01 08:00 (reference limit 135 mmol/L)'],
    ['a result above an upper limit, in the unit people read',
      { kind: 'result', label: 'platelets', value: 98, unit: '10*3/uL', time: '2021-03-02T06:00:00Z', referenceRange: { low: 150, unit: '10*3/uL' }, reference: 'Observation/p1' },
      'Platelets 98 ×10³/µL on 2021-03-02 06:00 (reference limit 150 ×10³/µL)'],
    ['a vital sign with a range',
      { kind: 'vital-sign', label: 'temperature', value: 38.6, unit: 'Cel', time: '2021-03-01T09:00:00Z', referenceRange: { low: 36, high: 38, unit: 'Cel' }, reference: 'Observation/t1' },
      'Temperature 38.6 °C on 2021-03-01 09:00 (reference range 36–38 °C)'],
    ['a result without a range', { kind: 'result', label: 'creatinine', value: 1.4, unit: 'mg/dL', time: '2021-03-02T09:00:00Z', reference: 'Observation/cr2' },
      'Creatinine 1.4 mg/dL on 2021-03-02 09:00'],
    ['a label written in mixed case, kept as written', { kind: 'result', label: 'eGFR', value: 48, unit: 'mL/min/{1.73_m2}', time: '2020-12-30T09:00:00Z', reference: 'Observation/g1' },
      'eGFR 48 mL/min/1.73 m² on 2020-12-30 09:00'],
    ['a medication order', { kind: 'medication', label: 'Tolvaptan 15 MG Oral Tablet', time: '2021-03-02T10:00:00Z', reference: 'MedicationRequest/tv1' },
      'Tolvaptan 15 MG Oral Tablet ordered on 2021-03-02 10:00'],
    ['a dose given', { kind: 'medication', label: 'Kayexalate 15 GM in 60 ML Oral Suspension', time: '2021-03-01T12:00:00Z', reference: 'MedicationAdministration/k1' },
      'Kayexalate 15 GM in 60 ML Oral Suspension given on 2021-03-01 12:00'],
    ['a diagnosis a Condition records, with its title', { kind: 'diagnosis', label: 'I50.9', text: 'Heart failure, unspecified', time: '2021-02-20', reference: 'Condition/hf1' },
      'I50.9 (Heart failure, unspecified) documented on 2021-02-20'],
    ['a coded nursing assessment', { kind: 'assessment', label: 'pressure injury stage', text: 'Stage 3', time: '2021-03-02T09:00:00Z', reference: 'Observation/s1' },
      'Pressure injury stage: Stage 3 on 2021-03-02 09:00'],
  ])('renders %s', (_case, fact, text) => {
    expect(indicatorFromFact(fact)).toEqual({ text, reference: fact.reference });
  });

  it('keeps a hostile order name on one line and cuts it to a readable length', () => {
    const name = `Furosemide\n<img src=x onerror=alert(1)>${'x'.repeat(1000)}`;
    const { text } = indicatorFromFact({ kind: 'medication', label: name, time: '2021-03-02T10:00:00Z', reference: 'MedicationRequest/f1' });
    expect(text).not.toContain('\n');
    expect(text.startsWith('Furosemide <img src=x onerror=alert(1)>')).toBe(true);
    expect(text.length).toBeLessThan(INDICATOR_LABEL_MAX + 40);
  });
});

describe('indicatorsFromFinding', () => {
  it("cites the finding's facts in the summary's order, each with its resource", () => {
    const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z');
    const first = lab(LOINC.SODIUM_SERUM, 128, 'mmol/L', '2021-03-01T09:00:00Z', { encounter: 'enc-1' });
    const second = lab(LOINC.SODIUM_SERUM, 126, 'mmol/L', '2021-03-02T06:00:00Z', { encounter: 'enc-1' });
    const [finding] = findingsFor(hyponatremia, [stay, first, second], { encounterId: 'enc-1' });
    expect(indicatorsFromFinding(finding!)).toEqual([
      { text: 'Sodium 128 mmol/L on 2021-03-01 09:00 (reference limit 135 mmol/L)', reference: `Observation/${first.id}` },
      { text: 'Sodium 126 mmol/L on 2021-03-02 06:00 (reference limit 135 mmol/L)', reference: `Observation/${second.id}` },
    ]);
  });

  it('cites a fact stated twice once', () => {
    const fact: Fact = { kind: 'result', label: 'sodium', value: 128, unit: 'mmol/L', time: '2021-03-01T08:00:00Z', reference: 'Observation/na1' };
    expect(indicatorsFromFinding({ facts: [fact, { ...fact }] })).toHaveLength(1);
  });
});

describe('recordIndicatorCandidates: what the technician can add from the record', () => {
  const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z');
  /** A Synthea-shaped lab with the laboratory's reference range, as US Core sends it. */
  const withRange = (observation: Observation, low: number, high: number, unit: string): Observation =>
    ({ ...observation, referenceRange: [{ low: { value: low, unit, system: SYSTEM.UCUM, code: unit }, high: { value: high, unit, system: SYSTEM.UCUM, code: unit } }] });
  /** Named as Synthea names its LOINC codes (display and text). */
  const named = (observation: Observation, display: string): Observation => ({ ...observation, code: { coding: [{ ...observation.code.coding![0]!, display }], text: display } });
  const sodium = withRange(named(lab(LOINC.SODIUM_SERUM, 131, 'mmol/L', '2021-03-03T06:00:00Z', { id: 'na3' }), 'Sodium [Moles/volume] in Serum or Plasma'), 135, 145, 'mmol/L');
  const creatinine = withRange(named(lab(LOINC.CREATININE_SERUM, 97, 'umol/L', '2021-03-02T06:00:00Z', { id: 'cr1' }), 'Creatinine [Mass/volume] in Serum or Plasma'), 53, 106, 'umol/L');
  const heartRate = named(vital(LOINC.HEART_RATE, 104, '/min', '2021-03-02T08:00:00Z', { id: 'hr1' }), 'Heart rate');
  const oldSodium = named(lab(LOINC.SODIUM_SERUM, 140, 'mmol/L', '2019-05-01T06:00:00Z', { id: 'na0' }), 'Sodium [Moles/volume] in Serum or Plasma');
  const survey: Observation = { ...lab('44249-1', 12, '{score}', '2021-03-02T09:00:00Z', { id: 'phq' }), category: [{ coding: [{ system: SYSTEM.OBSERVATION_CATEGORY, code: 'survey' }] }] };
  const order = medicationRequest('855332', 'Warfarin Sodium 5 MG Oral Tablet', '2021-03-01T10:00:00Z', { id: 'warf' });
  const dose = medicationAdministration(undefined, 'Furosemide 40 MG Injection', '2021-03-02T11:00:00Z', { id: 'furo' });
  const record = PatientRecord.fromResources([patient(), stay, sodium, creatinine, heartRate, oldSodium, survey, order, dose]);

  it('offers results, vital signs, orders and doses, most recent first, each rendered from its fact', () => {
    const candidates = recordIndicatorCandidates(record);
    expect(candidates.map((c) => [c.text, c.reference])).toEqual([
      ['Sodium [Moles/volume] in Serum or Plasma 131 mmol/L on 2021-03-03 06:00 (reference range 135–145 mmol/L)', 'Observation/na3'],
      ['Furosemide 40 MG Injection given on 2021-03-02 11:00', 'MedicationAdministration/furo'],
      ['Heart rate 104 /min on 2021-03-02 08:00', 'Observation/hr1'],
      // Normalized as the rules read it (µmol/L → mg/dL), its range too.
      ['Creatinine [Mass/volume] in Serum or Plasma 1.1 mg/dL on 2021-03-02 06:00 (reference range 0.6–1.2 mg/dL)', 'Observation/cr1'],
      ['Warfarin Sodium 5 MG Oral Tablet ordered on 2021-03-01 10:00', 'MedicationRequest/warf'],
      ['Sodium [Moles/volume] in Serum or Plasma 140 mmol/L on 2019-05-01 06:00', 'Observation/na0'],
    ]);
    expect(candidates[0]!.fact).toMatchObject({ kind: 'result', value: 131, unit: 'mmol/L', reference: 'Observation/na3' });
    expect(candidates[2]!.fact.kind).toBe('vital-sign');
  });

  it('leaves out surveys and other observations that are not results or vital signs', () => {
    expect(recordIndicatorCandidates(record).some((c) => c.reference === 'Observation/phq')).toBe(false);
  });

  it('keeps to a window, a limit, and what the draft does not cite yet', () => {
    const window = { startMs: Date.parse('2021-03-01T08:00:00Z'), endMs: Date.parse('2021-03-08T12:00:00Z') };
    expect(recordIndicatorCandidates(record, { within: window }).map((c) => c.reference)).not.toContain('Observation/na0');
    expect(recordIndicatorCandidates(record, { limit: 2 }).map((c) => c.reference)).toEqual(['Observation/na3', 'MedicationAdministration/furo']);
    const [first] = recordIndicatorCandidates(record);
    expect(recordIndicatorCandidates(record, { exclude: [first!] }).map((c) => c.reference)).not.toContain('Observation/na3');
  });

  it('offers each component of a blood-pressure panel, and nothing for an entered-in-error result', () => {
    const component = (code: string, value: number) => ({ code: { coding: [{ system: SYSTEM.LOINC, code, display: code === LOINC.SYSTOLIC_BP ? 'Systolic blood pressure' : 'Diastolic blood pressure' }] }, valueQuantity: { value, unit: 'mm[Hg]', system: SYSTEM.UCUM, code: 'mm[Hg]' } });
    const panel: Observation = {
      resourceType: 'Observation', id: 'bp1', status: 'final', category: [{ coding: [{ system: SYSTEM.OBSERVATION_CATEGORY, code: 'vital-signs' }] }],
      code: { coding: [{ system: SYSTEM.LOINC, code: LOINC.BLOOD_PRESSURE_PANEL, display: 'Blood pressure panel' }] }, subject: { reference: 'Patient/pat-1' },
      effectiveDateTime: '2021-03-02T08:00:00Z', component: [component(LOINC.SYSTOLIC_BP, 88), component(LOINC.DIASTOLIC_BP, 50)],
    };
    const wrong = lab(LOINC.SODIUM_SERUM, 120, 'mmol/L', '2021-03-02T09:00:00Z', { id: 'wrong', status: 'entered-in-error' });
    const texts = recordIndicatorCandidates(PatientRecord.fromResources([patient(), panel, wrong])).map((c) => c.text);
    expect(texts).toEqual(['Diastolic blood pressure 50 mmHg on 2021-03-02 08:00', 'Systolic blood pressure 88 mmHg on 2021-03-02 08:00']);
  });

  it('is bounded on a large record', () => {
    const many = Array.from({ length: 600 }, (_, i) => lab(LOINC.POTASSIUM_SERUM, 4, 'mmol/L', new Date(Date.UTC(2021, 0, 1) + i * 3_600_000).toISOString(), { id: `k${i}` }));
    const candidates = recordIndicatorCandidates(PatientRecord.fromResources([patient(), ...many]));
    expect(candidates).toHaveLength(200);
    expect(candidates[0]!.reference).toBe('Observation/k599');
  });
});

describe('adding and removing indicators', () => {
  it('adds an indicator once and removes one by position', () => {
    const added = withIndicator(HYPONATREMIA, { text: 'Sodium 124 mmol/L on 2021-03-03 06:00', reference: 'Observation/na3' });
    expect(added.indicators).toHaveLength(HYPONATREMIA.indicators.length + 1);
    expect(withIndicator(added, { text: 'Sodium 124 mmol/L on 2021-03-03 06:00', reference: 'Observation/na3' })).toBe(added);
    expect(withoutIndicator(added, 0).indicators).toEqual(added.indicators.slice(1));
  });

  it('copies only text and reference from a candidate', () => {
    const [candidate] = recordIndicatorCandidates(PatientRecord.fromResources([patient(), lab(LOINC.SODIUM_SERUM, 131, 'mmol/L', '2021-03-03T06:00:00Z', { id: 'na3' })]));
    expect(withIndicator({ ...HYPONATREMIA, indicators: [] }, candidate!).indicators).toEqual([{ text: candidate!.text, reference: 'Observation/na3' }]);
  });
});

describe('a note\'s sentence as an indicator', () => {
  it('quotes the sentence as written, on one line, with the note and its time', () => {
    const fact: Fact = {
      kind: 'note', label: 'progress note', text: 'Possible sepsis,\nblood cultures pending.', time: '2021-03-02T10:00:00Z',
      reference: 'DocumentReference/n1', mention: { start: 9, end: 15, assertion: 'uncertain', cue: 'Possible' },
    };
    expect(indicatorFromFact(fact)).toEqual({ text: 'Progress note of 2021-03-02 10:00: "Possible sepsis, blood cultures pending."', reference: 'DocumentReference/n1' });
  });
});
