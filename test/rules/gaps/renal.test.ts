import { describe, expect, it } from 'vitest';
import type { Condition, Resource } from 'fhir/r4';
import { acuteKidneyInjury } from '../../../src/rules/gaps/renal';
import { LOINC } from '../../../src/terminology/loinc';
import { SNOMED } from '../../../src/terminology/snomed';
import { SYSTEM } from '../../../src/terminology/systems';
import { claim, encounter, findingsFor, icd10Condition, lab, procedure, snomedCondition } from '../support';

// An inpatient stay, 1–8 March 2021, reviewed on 15 March.
const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z');
const creatinine = (value: number, time: string, unit = 'mg/dL') => lab(LOINC.CREATININE_SERUM, value, unit, time, { encounter: 'enc-1' });
const hemodialysis = (time: string) => procedure(SYSTEM.SNOMED, '302497006', 'Hemodialysis (procedure)', time);
// A rise of exactly 0.3 mg/dL in 24 hours, for the exclusion scenarios.
const rising = () => [creatinine(1.0, '2021-03-02T06:00:00Z'), creatinine(1.3, '2021-03-03T06:00:00Z')];

describe('renal/acute-kidney-injury', () => {
  it.each<[string, Resource[]]>([
    ['creatinine rising exactly 0.3 mg/dL within 48 hours', [creatinine(1.0, '2021-03-01T09:00:00Z'), creatinine(1.3, '2021-03-02T09:00:00Z')]],
    ['creatinine rising 0.3 mg/dL in exactly 48 hours', [creatinine(1.0, '2021-03-01T09:00:00Z'), creatinine(1.3, '2021-03-03T09:00:00Z')]],
    ['creatinine at exactly 1.5 times the lowest result of the prior 7 days', [creatinine(1.2, '2021-03-01T09:00:00Z'), creatinine(1.8, '2021-03-06T09:00:00Z')]],
    ['a 0.3 mg/dL rise over 49 hours that is also 1.5 times baseline', [creatinine(0.6, '2021-03-01T09:00:00Z'), creatinine(0.9, '2021-03-03T10:00:00Z')]],
    ['a baseline drawn before the admission', [lab(LOINC.CREATININE_SERUM, 1.0, 'mg/dL', '2021-02-27T09:00:00Z'), creatinine(1.6, '2021-03-01T12:00:00Z')]],
    ['a rise of 26.5 µmol/L (the SI equivalent of 0.3 mg/dL)', [creatinine(88.4, '2021-03-01T09:00:00Z', 'umol/L'), creatinine(114.9, '2021-03-02T09:00:00Z', 'umol/L')]],
    ['whole-blood creatinine (LOINC 38483-4)', [
      lab(LOINC.CREATININE_BLOOD, 0.9, 'mg/dL', '2021-03-01T09:00:00Z'), lab(LOINC.CREATININE_BLOOD, 1.4, 'mg/dL', '2021-03-02T09:00:00Z')]],
    ['a rise followed by dialysis (dialysis treating the injury)', [...rising(), hemodialysis('2021-03-04T10:00:00Z')]],
    ['a rise with a resolved AKI from years ago', [...rising(), icd10Condition('N17.9', { clinicalStatus: 'resolved', recordedDate: '2018-01-01T00:00:00Z' })]],
  ])('flags %s with no AKI diagnosis', (_scenario, resources) => {
    const [finding] = findingsFor(acuteKidneyInjury, [stay, ...resources], { encounterId: 'enc-1' });
    expect(finding).toMatchObject({
      ruleId: 'renal/acute-kidney-injury', category: 'documentation-gap', severity: 'high', suspectedCondition: 'N17.9', encounter: 'Encounter/enc-1',
    });
    expect(finding!.answerOptions).toEqual([
      { text: 'Acute kidney failure, unspecified', icd10: 'N17.9' },
      { text: 'Other (please specify)' }, { text: 'Clinically undetermined' }, { text: 'Not clinically significant' },
    ]);
  });

  it('cites the reference and raised creatinine with values, units, times and the KDIGO criterion met', () => {
    const before = creatinine(1.0, '2021-03-01T09:00:00Z');
    const raised = creatinine(1.4, '2021-03-02T09:00:00Z');
    const [finding] = findingsFor(acuteKidneyInjury, [stay, before, raised], { encounterId: 'enc-1' });
    expect(finding!.evidence).toEqual([`Observation/${before.id}`, `Observation/${raised.id}`]);
    expect(finding!.summary).toBe('Creatinine 1.4 mg/dL on 2021-03-02 09:00: 0.4 mg/dL above creatinine 1 mg/dL on 2021-03-01 09:00, 24 hours earlier (KDIGO: rise ≥ 0.3 mg/dL within 48 hours). No acute kidney injury diagnosis is documented for this encounter.');
    expect(finding!.facts).toEqual([
      { kind: 'result', label: 'creatinine', value: 1.4, unit: 'mg/dL', time: '2021-03-02T09:00:00Z', reference: `Observation/${raised.id}` },
      { kind: 'result', label: 'creatinine', value: 1, unit: 'mg/dL', time: '2021-03-01T09:00:00Z', reference: `Observation/${before.id}` },
    ]);
    expect(finding!.observedAt).toBe('2021-03-02T09:00:00Z');
  });

  it('cites the peak and the 7-day baseline when creatinine has risen 1.5-fold', () => {
    const baseline = creatinine(1.0, '2021-03-01T09:00:00Z');
    const middle = creatinine(1.2, '2021-03-03T09:00:00Z');
    const peak = creatinine(1.6, '2021-03-06T09:00:00Z');
    const [finding] = findingsFor(acuteKidneyInjury, [stay, baseline, middle, peak], { encounterId: 'enc-1' });
    expect(finding!.evidence).toEqual([`Observation/${baseline.id}`, `Observation/${peak.id}`]);
    expect(finding!.summary).toContain('Creatinine 1.6 mg/dL on 2021-03-06 09:00: 1.6 times the lowest result of the prior 7 days, creatinine 1 mg/dL on 2021-03-01 09:00');
    expect(finding!.facts.map((f) => f.reference)).toEqual([`Observation/${peak.id}`, `Observation/${baseline.id}`]);
  });

  it('states a result that is both the 48-hour reference and the 7-day baseline once', () => {
    const before = creatinine(0.6, '2021-03-01T09:00:00Z');
    const raised = creatinine(0.9, '2021-03-02T09:00:00Z');
    const [finding] = findingsFor(acuteKidneyInjury, [stay, before, raised], { encounterId: 'enc-1' });
    expect(finding!.summary).toContain('0.3 mg/dL above creatinine 0.6 mg/dL on 2021-03-01 09:00');
    expect(finding!.summary).toContain('1.5 times the lowest result of the prior 7 days, creatinine 0.6 mg/dL on 2021-03-01 09:00');
    expect(finding!.facts.map((f) => f.reference)).toEqual([`Observation/${raised.id}`, `Observation/${before.id}`]);
  });

  it('offers N17.0 only when acute tubular necrosis is written in the record', () => {
    const atnText: Condition = {
      resourceType: 'Condition', id: 'cond-atn', subject: { reference: 'Patient/pat-1' },
      clinicalStatus: { coding: [{ system: SYSTEM.CONDITION_CLINICAL, code: 'active' }] }, code: { text: 'Acute tubular necrosis' },
    };
    const [finding] = findingsFor(acuteKidneyInjury, [stay, ...rising(), atnText], { encounterId: 'enc-1' });
    expect(finding!.answerOptions.filter((o) => o.icd10).map((o) => o.icd10)).toEqual(['N17.9', 'N17.0']);
  });

  it.each<[string, Resource[]]>([
    ['a rise of 0.29 mg/dL within 48 hours', [creatinine(1.0, '2021-03-01T09:00:00Z'), creatinine(1.29, '2021-03-02T09:00:00Z')]],
    ['a rise of 0.3 mg/dL over 49 hours (1.3 times baseline)', [creatinine(1.0, '2021-03-01T09:00:00Z'), creatinine(1.3, '2021-03-03T10:00:00Z')]],
    ['a rise to 1.49 times baseline over 5 days', [creatinine(1.0, '2021-03-01T09:00:00Z'), creatinine(1.49, '2021-03-06T09:00:00Z')]],
    ['a 1.5-fold rise from a result 8 days earlier (outside the 7-day baseline)', [lab(LOINC.CREATININE_SERUM, 1.0, 'mg/dL', '2021-02-27T09:00:00Z'), creatinine(1.5, '2021-03-07T09:00:00Z')]],
    ['a rise of 26 µmol/L (below 26.5)', [creatinine(88, '2021-03-01T09:00:00Z', 'umol/L'), creatinine(114, '2021-03-02T09:00:00Z', 'umol/L')]],
    ['a falling creatinine', [creatinine(2.0, '2021-03-01T09:00:00Z'), creatinine(1.2, '2021-03-02T09:00:00Z')]],
    ['an active ICD-10-CM N17.9', [...rising(), icd10Condition('N17.9')]],
    ['acute tubular necrosis coded N17.0', [...rising(), icd10Condition('N17.0')]],
    ['a SNOMED-only AKI diagnosis', [...rising(), snomedCondition(SNOMED.ACUTE_KIDNEY_INJURY)]],
    ['a SNOMED AKI due to sepsis (722278006)', [...rising(), snomedCondition('722278006')]],
    ['AKI on the claim for the stay', [...rising(), claim(['A41.9', 'N17.9'], '2021-03-08T12:00:00Z')]],
    ['end-stage renal disease (N18.6)', [...rising(), icd10Condition('N18.6')]],
    ['dependence on renal dialysis (Z99.2)', [...rising(), icd10Condition('Z99.2')]],
    ['SNOMED end-stage renal disease (46177005)', [...rising(), snomedCondition('46177005')]],
    ['hemodialysis (SNOMED 302497006) the day before the rise', [...rising(), hemodialysis('2021-03-01T10:00:00Z')]],
    ['hemodialysis (CPT 90935) a month before the rise', [...rising(), procedure('http://www.ama-assn.org/go/cpt', '90935', 'Hemodialysis procedure', '2021-02-01T10:00:00Z')]],
    ['a rise outside the encounter', [lab(LOINC.CREATININE_SERUM, 1.0, 'mg/dL', '2021-02-01T09:00:00Z'), lab(LOINC.CREATININE_SERUM, 1.5, 'mg/dL', '2021-02-02T09:00:00Z')]],
    ['a raised result entered in error', [
      creatinine(1.0, '2021-03-01T09:00:00Z'),
      lab(LOINC.CREATININE_SERUM, 2.0, 'mg/dL', '2021-03-02T09:00:00Z', { status: 'entered-in-error' })]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(findingsFor(acuteKidneyInjury, [stay, ...resources], { encounterId: 'enc-1' })).toEqual([]);
  });

  it('counts dialysis more than 90 days before the rise as history, not dependence', () => {
    const resources = [stay, ...rising(), hemodialysis('2020-10-01T10:00:00Z')];
    expect(findingsFor(acuteKidneyInjury, resources, { encounterId: 'enc-1' })).toHaveLength(1);
  });

  it('looks back 12 months when launched without an encounter', () => {
    const rise = [lab(LOINC.CREATININE_SERUM, 1.0, 'mg/dL', '2020-06-01T09:00:00Z'), lab(LOINC.CREATININE_SERUM, 1.4, 'mg/dL', '2020-06-02T09:00:00Z')];
    expect(findingsFor(acuteKidneyInjury, rise, { now: '2021-03-15T12:00:00Z' })).toHaveLength(1);
    expect(findingsFor(acuteKidneyInjury, rise, { now: '2021-07-15T12:00:00Z' })).toEqual([]);
  });

  it('takes its criteria from the configuration (a 90-day baseline)', () => {
    const resources = [stay, lab(LOINC.CREATININE_SERUM, 1.0, 'mg/dL', '2021-02-27T09:00:00Z'), creatinine(1.5, '2021-03-07T09:00:00Z')];
    const thresholds = { 'renal/acute-kidney-injury': { baselineLookbackDays: 90 } };
    expect(findingsFor(acuteKidneyInjury, resources, { encounterId: 'enc-1', thresholds })).toHaveLength(1);
  });
});
