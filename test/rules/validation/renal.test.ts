import { describe, expect, it } from 'vitest';
import type { Encounter, Resource } from 'fhir/r4';
import type { Finding } from '../../../src/rules/engine/types';
import { acuteKidneyInjuryValidation, RENAL_VALIDATION_RULES } from '../../../src/rules/validation/renal';
import { LOINC } from '../../../src/terminology/loinc';
import { AKI_SNOMED, SNOMED } from '../../../src/terminology/snomed';
import { SYSTEM } from '../../../src/terminology/systems';
import { claim, encounter, findingsFor, icd10Condition, lab, procedure, snomedCondition } from '../support';

// An inpatient stay, 1–8 March 2021, reviewed on 15 March.
const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z');
const creatinine = (value: number, time: string, unit = 'mg/dL') => lab(LOINC.CREATININE_SERUM, value, unit, time, { encounter: 'enc-1' });
// A result of an earlier visit (no encounter of this stay).
const priorCreatinine = (value: number, time: string) => lab(LOINC.CREATININE_SERUM, value, 'mg/dL', time);
const hemodialysis = (time: string) => procedure(SYSTEM.SNOMED, '302497006', 'Hemodialysis (procedure)', time);

const aki = (options = {}) => icd10Condition('N17.9', {
  id: 'aki', encounter: 'enc-1', display: 'Acute kidney failure, unspecified', recordedDate: '2021-03-01T10:00:00Z', ...options,
});

// A steady creatinine through the stay.
const steady = [creatinine(1.0, '2021-03-01T09:00:00Z'), creatinine(1.1, '2021-03-02T09:00:00Z'), creatinine(1.0, '2021-03-04T09:00:00Z')];

function run(resources: Resource[], scenario: Parameters<typeof findingsFor>[2] = { encounterId: 'enc-1' }): Finding[] {
  return findingsFor(acuteKidneyInjuryValidation, resources.some((r) => r.resourceType === 'Encounter') ? resources : [stay, ...resources], scenario);
}

const targetOf = (finding: Finding | undefined) => (finding?.category === 'clinical-validation' ? finding.target : undefined);
const cited = (finding: Finding | undefined) => finding!.facts.slice(1).map((f) => `${f.label} ${f.value}`);

describe('validation/acute-kidney-injury', () => {
  it.each<[string, Resource[]]>([
    ['a rise of exactly 0.3 mg/dL within 24 hours (1.0 → 1.3)', [creatinine(1.0, '2021-03-01T09:00:00Z'), creatinine(1.3, '2021-03-02T09:00:00Z')]],
    ['a rise of 0.4 mg/dL at exactly 48 hours', [creatinine(1.0, '2021-03-01T09:00:00Z'), creatinine(1.4, '2021-03-03T09:00:00Z')]],
    ['a rise of 26.5 µmol/L (88.4 → 114.9)', [creatinine(88.4, '2021-03-01T09:00:00Z', 'umol/L'), creatinine(114.9, '2021-03-02T09:00:00Z', 'umol/L')]],
    ['1.5 times the lowest result of the prior 7 days (0.8 → 1.2 over 5 days)', [creatinine(0.8, '2021-03-01T09:00:00Z'), creatinine(1.2, '2021-03-06T09:00:00Z')]],
    ['a pre-admission baseline 3 days before (0.9 → 1.4)', [priorCreatinine(0.9, '2021-02-26T09:00:00Z'), creatinine(1.4, '2021-03-01T09:00:00Z')]],
    ['an injury resolving (2.0 on admission, 1.2 four days later)', [creatinine(2.0, '2021-03-01T09:00:00Z'), creatinine(1.6, '2021-03-02T09:00:00Z'), creatinine(1.2, '2021-03-05T09:00:00Z')]],
    ['hemodialysis started in the stay', [...steady, hemodialysis('2021-03-03T10:00:00Z')]],
  ])('is silent when the record shows %s', (_scenario, resources) => {
    expect(run([aki(), ...resources])).toEqual([]);
  });

  it('states what was looked for and found when the creatinine is steady', () => {
    const [finding] = run([aki(), ...steady]);
    expect(finding).toMatchObject({
      ruleId: 'validation/acute-kidney-injury', category: 'clinical-validation', kind: 'clinical-validation', severity: 'medium',
      target: 'Condition/aki', suspectedCondition: 'N17.9', encounter: 'Encounter/enc-1', observedAt: '2021-03-02T09:00:00Z',
    });
    expect(finding!.summary).toBe(
      'Acute kidney injury is documented (Acute kidney failure, unspecified (N17.9) on 2021-03-01 10:00). Looked for: a creatinine rise ≥ 0.3 mg/dL ' +
      'within 48 hours, or a creatinine ≥ 1.5 times the lowest result within 7 days before or after it (KDIGO 2012), or dialysis. Found in this encounter: ' +
      'highest creatinine 1.1 mg/dL on 2021-03-02 09:00, lowest creatinine 1 mg/dL on 2021-03-01 09:00; none meets the criteria.');
    expect(finding!.facts.map((f) => [f.kind, f.label, f.value, f.unit, f.referenceRange])).toEqual([
      ['diagnosis', 'Acute kidney failure, unspecified (N17.9)', undefined, undefined, undefined],
      ['result', 'highest creatinine', 1.1, 'mg/dL', undefined],
      ['result', 'lowest creatinine', 1.0, 'mg/dL', undefined],
    ]);
    expect(finding!.evidence).toEqual(['Condition/aki', ...steady.map((o) => `Observation/${o.id}`)]);
    expect(finding!.answerOptions).toEqual([
      { text: 'Acute kidney injury, confirmed (please document the clinical indicators that support it)', icd10: 'N17.9' },
      { text: 'Acute kidney injury, ruled out' }, { text: 'Other (please specify)' }, { text: 'Clinically undetermined' },
    ]);
  });

  it('cites the lowest result of the 7 days before the stay as the baseline', () => {
    const before = [priorCreatinine(1.2, '2021-02-24T09:00:00Z'), priorCreatinine(1.1, '2021-02-27T09:00:00Z')];
    const [finding] = run([aki(), ...before, creatinine(1.3, '2021-03-01T09:00:00Z'), creatinine(1.2, '2021-03-03T09:00:00Z')]);
    expect(cited(finding)).toEqual(['baseline creatinine 1.1', 'highest creatinine 1.3', 'lowest creatinine 1.2']);
    expect(finding!.evidence).toHaveLength(5);
  });

  it.each<[string, Resource[], string[]]>([
    ['a rise of 0.29 mg/dL within 48 hours (1.00 → 1.29)', [creatinine(1.0, '2021-03-01T09:00:00Z'), creatinine(1.29, '2021-03-02T09:00:00Z')],
      ['highest creatinine 1.29', 'lowest creatinine 1']],
    ['a rise of 0.4 mg/dL over 72 hours (ratio 1.4)', [creatinine(1.0, '2021-03-01T09:00:00Z'), creatinine(1.4, '2021-03-04T09:00:00Z')],
      ['highest creatinine 1.4', 'lowest creatinine 1']],
    ['a fall of 1.4 → 1.1 (ratio 1.27)', [creatinine(1.4, '2021-03-01T09:00:00Z'), creatinine(1.1, '2021-03-03T09:00:00Z')],
      ['highest creatinine 1.4', 'lowest creatinine 1.1']],
    ['a rise completed only after discharge', [creatinine(1.0, '2021-03-06T09:00:00Z'), creatinine(1.1, '2021-03-07T09:00:00Z'),
      priorCreatinine(1.8, '2021-03-09T09:00:00Z')], ['highest creatinine 1.1', 'lowest creatinine 1']],
  ])('flags the diagnosis with %s', (_scenario, resources, facts) => {
    const [finding, ...more] = run([aki(), ...resources]);
    expect(more).toEqual([]);
    expect(finding).toMatchObject({ severity: 'medium', target: 'Condition/aki', suspectedCondition: 'N17.9' });
    expect(cited(finding)).toEqual(facts);
  });

  it('is low severity when a single creatinine cannot show a rise (a baseline 8 days before is not read)', () => {
    const [finding] = run([aki(), priorCreatinine(0.8, '2021-02-21T09:00:00Z'), creatinine(1.2, '2021-03-01T09:00:00Z')]);
    expect(finding).toMatchObject({ severity: 'low', suspectedCondition: 'N17.9' });
    expect(cited(finding)).toEqual(['creatinine 1.2']);
  });

  it.each<[string, () => Resource[], string, string]>([
    ['a SNOMED CT acute kidney injury (N17.9 by the curated map)', () => [stay, snomedCondition(SNOMED.ACUTE_KIDNEY_INJURY, { id: 'snomed-aki', encounter: 'enc-1' })],
      'Condition/snomed-aki', 'N17.9'],
    ['a SNOMED CT acute tubular necrosis (N17.0)', () => [stay, snomedCondition(AKI_SNOMED.ACUTE_TUBULAR_NECROSIS, { id: 'atn', encounter: 'enc-1' })], 'Condition/atn', 'N17.0'],
    ['the encounter\'s diagnosis', () => {
      const withDiagnosis: Encounter = { ...stay, diagnosis: [{ condition: { reference: 'Condition/aki-no-encounter' } }] };
      return [withDiagnosis, icd10Condition('N17.9', { id: 'aki-no-encounter' })];
    }, 'Encounter/enc-1', 'N17.9'],
    ['a claim line of the stay', () => [stay, claim(['N17.9'], '2021-03-08T12:00:00Z', { id: 'claim-stay' })], 'Claim/claim-stay', 'N17.9'],
  ])('validates %s', (_scenario, record, target, code) => {
    const [finding, ...more] = run([...record(), ...steady]);
    expect(more).toEqual([]);
    expect([targetOf(finding), finding!.suspectedCondition]).toEqual([target, code]);
  });

  it.each<[string, Resource[]]>([
    ['a resolved AKI', [aki({ clinicalStatus: 'resolved' })]],
    ['a refuted AKI', [aki({ verificationStatus: 'refuted' })]],
    ['an AKI of an earlier stay', [encounter('enc-0', '2020-06-01T08:00:00Z', '2020-06-05T08:00:00Z'), stay, icd10Condition('N17.9', { encounter: 'enc-0' })]],
    ['an AKI with dependence on renal dialysis documented (Z99.2)', [aki(), icd10Condition('Z99.2')]],
    ['chronic kidney disease (N18.3)', [icd10Condition('N18.30', { encounter: 'enc-1' })]],
  ])('does not validate %s', (_scenario, resources) => {
    expect(run([...resources, ...steady])).toEqual([]);
  });

  it('says so, at low severity, when the stay holds no creatinine (a result before it is not one)', () => {
    const [finding] = run([aki(), priorCreatinine(1.0, '2021-02-27T09:00:00Z')]);
    expect(finding).toMatchObject({ severity: 'low', target: 'Condition/aki', evidence: ['Condition/aki'] });
    expect(finding!.summary).toMatch(/\. The record holds none of these measurements for this encounter\.$/);
  });

  it('takes its thresholds from the configuration', () => {
    const resources = [aki(), creatinine(1.0, '2021-03-01T09:00:00Z'), creatinine(1.25, '2021-03-02T09:00:00Z')];
    expect(run(resources)).toHaveLength(1);
    expect(run(resources, { encounterId: 'enc-1', thresholds: { 'validation/acute-kidney-injury': { absoluteRise: 0.25 } } })).toEqual([]);
  });

  it('is exported as the family\'s rule list', () => {
    expect(RENAL_VALIDATION_RULES.map((r) => [r.id, r.category, r.severity])).toEqual([['validation/acute-kidney-injury', 'clinical-validation', 'medium']]);
  });
});
