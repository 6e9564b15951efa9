import { describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import { ckdStageUnspecified } from '../../../src/rules/gaps/ckd';
import { LOINC } from '../../../src/terminology/loinc';
import { SNOMED } from '../../../src/terminology/snomed';
import { SYSTEM } from '../../../src/terminology/systems';
import { claim, encounter, findingsFor, icd10Condition, lab, procedure, snomedCondition } from '../support';

// Reviewed on 15 March 2021 without a launch encounter: the last 12 months, eGFR history from any date.
const egfr = (value: number, time: string, loinc: string = LOINC.EGFR_CKD_EPI_2021, unit = 'mL/min/{1.73_m2}') => lab(loinc, value, unit, time);
const ckd = () => icd10Condition('N18.9', { recordedDate: '2019-01-01T00:00:00Z' });
/** Two results 120 days apart (2020-09-01, 2020-12-30). */
const pair = (a: number, b: number) => [egfr(a, '2020-09-01T09:00:00Z'), egfr(b, '2020-12-30T09:00:00Z')];

describe('ckd/stage-unspecified', () => {
  it.each<[string, Resource[], string]>([
    ['eGFR 75 and 70 (G2)', pair(75, 70), 'N18.2'],
    ['eGFR 52 and 48 (G3a)', pair(52, 48), 'N18.31'],
    ['eGFR 40 and 35 (G3b)', pair(40, 35), 'N18.32'],
    ['eGFR 25 and 20 (G4)', pair(25, 20), 'N18.4'],
    ['eGFR 12 and 10 (G5)', pair(12, 10), 'N18.5'],
    ['eGFR exactly 60, the lower limit of G2', pair(60, 60), 'N18.2'],
    ['eGFR 59.9, just below G2', pair(59.9, 59.9), 'N18.31'],
    ['eGFR exactly 45, the lower limit of G3a', pair(45, 45), 'N18.31'],
    ['eGFR exactly 30, the lower limit of G3b', pair(30, 30), 'N18.32'],
    ['eGFR exactly 15, the lower limit of G4', pair(15, 15), 'N18.4'],
    ['eGFR 14.9, just below G4', pair(14.9, 14.9), 'N18.5'],
    ['results exactly 90 days apart', [egfr(50, '2020-09-01T09:00:00Z'), egfr(50, '2020-11-30T09:00:00Z')], 'N18.31'],
    ['MDRD and CKD-EPI results, the unit written mL/min (as Synthea does)', [
      egfr(50, '2020-09-01T09:00:00Z', LOINC.EGFR_MDRD, 'mL/min'), egfr(47, '2020-12-30T09:00:00Z', LOINC.EGFR_NON_BLACK, 'mL/min/1.73m2')], 'N18.31'],
    ['the latest persistent pair after an earlier category', [
      egfr(52, '2020-01-01T09:00:00Z'), egfr(50, '2020-05-01T09:00:00Z'), ...pair(40, 38)], 'N18.32'],
    ['a persistent pair followed by one result in another category', [...pair(52, 48), egfr(40, '2021-02-01T09:00:00Z')], 'N18.31'],
    ['dialysis dependence documented (Z99.2) with a G5 pair', [...pair(12, 9), icd10Condition('Z99.2')], 'N18.6'],
  ])('flags unstaged CKD (N18.9) with %s', (_scenario, resources, stage) => {
    const [finding] = findingsFor(ckdStageUnspecified, [ckd(), ...resources]);
    expect(finding).toMatchObject({ ruleId: 'ckd/stage-unspecified', category: 'documentation-gap', severity: 'medium', suspectedCondition: stage });
    expect(finding!.answerOptions[0]!.icd10).toBe(stage);
    expect(finding!.answerOptions.slice(-2)).toEqual([{ text: 'Other (please specify)' }, { text: 'Clinically undetermined' }]);
  });

  it('flags the SNOMED CT CKD concept without a stage (709044004)', () => {
    const [finding] = findingsFor(ckdStageUnspecified, [snomedCondition(SNOMED.CHRONIC_KIDNEY_DISEASE), ...pair(52, 48)]);
    expect(finding!.suspectedCondition).toBe('N18.31');
  });

  it('cites both eGFR results with values, units, dates and the KDIGO category, and the CKD diagnosis', () => {
    const condition = ckd();
    const [first, second] = pair(52, 48);
    const [finding] = findingsFor(ckdStageUnspecified, [condition, first!, second!]);
    expect(finding!.summary).toBe('Chronic kidney disease is documented without a stage. eGFR 52 mL/min/1.73 m² on 2020-09-01 09:00 and eGFR 48 mL/min/1.73 m² on 2020-12-30 09:00, 120 days apart, both in KDIGO GFR category G3a (45–59 mL/min/1.73 m²). No staged CKD diagnosis is documented for the last 12 months.');
    expect(finding!.evidence).toEqual([`Observation/${first!.id}`, `Observation/${second!.id}`, `Condition/${condition.id}`]);
    expect(finding!.facts).toEqual([
      { kind: 'diagnosis', label: 'chronic kidney disease', time: '2019-01-01T00:00:00Z', reference: `Condition/${condition.id}` },
      { kind: 'result', label: 'eGFR', value: 52, unit: 'mL/min/{1.73_m2}', time: '2020-09-01T09:00:00Z', reference: `Observation/${first!.id}` },
      { kind: 'result', label: 'eGFR', value: 48, unit: 'mL/min/{1.73_m2}', time: '2020-12-30T09:00:00Z', reference: `Observation/${second!.id}` },
    ]);
    expect(finding!.answerOptions).toEqual([
      { text: 'Chronic kidney disease, stage 3a', icd10: 'N18.31' }, { text: 'Other (please specify)' }, { text: 'Clinically undetermined' },
    ]);
    expect(finding!.observedAt).toBe('2020-12-30T09:00:00Z');
  });

  it('states the pair and the later results as facts, not the results between the pair', () => {
    const condition = ckd();
    const first = egfr(52, '2020-09-01T09:00:00Z');
    const middle = egfr(50, '2020-11-01T09:00:00Z');
    const last = egfr(48, '2020-12-30T09:00:00Z');
    const later = egfr(40, '2021-02-01T09:00:00Z');
    const [finding] = findingsFor(ckdStageUnspecified, [condition, first, middle, last, later]);
    expect(finding!.summary).toContain('120 days apart (1 result between, in the same category)');
    expect(finding!.summary).toContain('Later result: eGFR 40 mL/min/1.73 m² on 2021-02-01 09:00.');
    expect(finding!.evidence).toContain(`Observation/${middle.id}`);
    expect(finding!.facts.map((f) => f.reference)).toEqual([`Condition/${condition.id}`, `Observation/${first.id}`, `Observation/${last.id}`, `Observation/${later.id}`]);
  });

  it('offers end stage renal disease first when a G5 patient had dialysis', () => {
    const dialysis = procedure(SYSTEM.SNOMED, '302497006', 'Hemodialysis (procedure)', '2021-03-01T10:00:00Z');
    const [finding] = findingsFor(ckdStageUnspecified, [ckd(), ...pair(11, 9), dialysis]);
    expect(finding!.answerOptions.filter((o) => o.icd10).map((o) => o.icd10)).toEqual(['N18.6', 'N18.5']);
    expect(finding!.evidence).toContain(`Procedure/${dialysis.id}`);
    expect(finding!.summary).toContain('Dialysis performed on 2021-03-01 10:00.');
    expect(finding!.facts.at(-1)).toEqual({ kind: 'procedure', label: 'dialysis', time: '2021-03-01T10:00:00Z', reference: `Procedure/${dialysis.id}` });
  });

  it('reads eGFR history from before the launch encounter (CKD is chronic)', () => {
    const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-05T12:00:00Z');
    const [finding] = findingsFor(ckdStageUnspecified, [stay, ckd(), ...pair(40, 36)], { encounterId: 'enc-1' });
    expect(finding).toMatchObject({ suspectedCondition: 'N18.32', encounter: 'Encounter/enc-1' });
  });

  it.each<[string, Resource[]]>([
    ['results 89 days apart', [ckd(), egfr(50, '2020-09-01T09:00:00Z'), egfr(50, '2020-11-29T09:00:00Z')]],
    ['a single result', [ckd(), egfr(50, '2020-12-30T09:00:00Z')]],
    ['two results in different categories', [ckd(), ...pair(52, 40)]],
    ['a result in another category between the pair', [ckd(), egfr(50, '2020-06-01T09:00:00Z'), egfr(40, '2020-08-01T09:00:00Z'), egfr(50, '2020-12-30T09:00:00Z')]],
    ['eGFR ≥ 90 (G1 needs a marker of kidney damage)', [ckd(), ...pair(95, 92)]],
    ['a staged ICD-10-CM N18.31', [ckd(), icd10Condition('N18.31'), ...pair(52, 48)]],
    ['N18.30 (stage 3 unspecified names a stage)', [ckd(), icd10Condition('N18.30'), ...pair(52, 48)]],
    ['a SNOMED CKD stage 3 (433144002)', [ckd(), snomedCondition('433144002'), ...pair(52, 48)]],
    ['a SNOMED CKD stage 1 (431855005)', [ckd(), snomedCondition(SNOMED.CKD_STAGE_1), ...pair(75, 70)]],
    ['a stage on the claim', [ckd(), claim(['I12.9', 'N18.4'], '2021-01-10T00:00:00Z'), ...pair(25, 20)]],
    ['no CKD diagnosis at all', pair(52, 48)],
    ['a CKD diagnosis resolved years ago', [icd10Condition('N18.9', { clinicalStatus: 'resolved', recordedDate: '2015-01-01T00:00:00Z' }), ...pair(52, 48)]],
    ['a pair whose later result is more than a year old', [ckd(), egfr(50, '2019-06-01T09:00:00Z'), egfr(50, '2019-12-01T09:00:00Z')]],
    ['results entered in error', [ckd(),
      lab(LOINC.EGFR_CKD_EPI_2021, 40, 'mL/min/{1.73_m2}', '2020-09-01T09:00:00Z', { status: 'entered-in-error' }),
      lab(LOINC.EGFR_CKD_EPI_2021, 40, 'mL/min/{1.73_m2}', '2020-12-30T09:00:00Z', { status: 'entered-in-error' })]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(findingsFor(ckdStageUnspecified, resources)).toEqual([]);
  });

  it('ignores eGFR results after the review window', () => {
    const stay = encounter('enc-1', '2020-10-01T08:00:00Z', '2020-10-05T12:00:00Z');
    const resources = [stay, ckd(), egfr(50, '2020-09-01T09:00:00Z'), egfr(50, '2021-01-10T09:00:00Z')];
    expect(findingsFor(ckdStageUnspecified, resources, { encounterId: 'enc-1' })).toEqual([]);
  });

  it('takes its persistence period from the configuration', () => {
    const resources = [ckd(), ...pair(52, 48)];
    expect(findingsFor(ckdStageUnspecified, resources, { thresholds: { 'ckd/stage-unspecified': { persistenceDays: 121 } } })).toEqual([]);
  });
});
