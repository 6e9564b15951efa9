import { describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import { hyperkalemia, hypokalemia, hyponatremia } from '../../../src/rules/gaps/electrolytes';
import { LOINC } from '../../../src/terminology/loinc';
import { ELECTROLYTE_SNOMED, SNOMED } from '../../../src/terminology/snomed';
import { claim, encounter, findingsFor, icd10Condition, lab, medicationAdministration, medicationRequest, snomedCondition } from '../support';

// An inpatient stay, 1–8 March 2021, reviewed on 15 March.
const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z');
const sodium = (value: number, time: string, unit = 'mmol/L') => lab(LOINC.SODIUM_SERUM, value, unit, time, { encounter: 'enc-1' });
const glucose = (value: number, time: string) => lab(LOINC.GLUCOSE_SERUM, value, 'mg/dL', time, { encounter: 'enc-1' });
// Coded by ingredient (RxCUI 358258 tolvaptan), and as free text only: both must be recognized.
const tolvaptan = medicationRequest('358258', 'Tolvaptan 15 MG Oral Tablet', '2021-03-02T10:00:00Z', { encounter: { reference: 'Encounter/enc-1' } });
const hypertonicSaline = medicationRequest(undefined, 'Sodium Chloride 30 MG/ML Injectable Solution', '2021-03-02T10:00:00Z');

describe('electrolytes/hyponatremia', () => {
  it.each<[string, Resource[]]>([
    ['two sodium results below 135', [sodium(131, '2021-03-01T09:00:00Z'), sodium(132, '2021-03-02T06:00:00Z')]],
    ['two results of 134, just below the limit', [sodium(134, '2021-03-01T09:00:00Z'), sodium(134, '2021-03-02T06:00:00Z')]],
    ['one low result with tolvaptan ordered', [sodium(128, '2021-03-01T09:00:00Z'), tolvaptan]],
    ['one low result with 3% saline ordered', [sodium(127, '2021-03-01T09:00:00Z'), hypertonicSaline]],
    ['results in mEq/L', [sodium(130, '2021-03-01T09:00:00Z', 'mEq/L'), sodium(131, '2021-03-02T06:00:00Z', 'mEq/L')]],
    ['a resolved hyponatremia from years ago', [sodium(131, '2021-03-01T09:00:00Z'), sodium(132, '2021-03-02T06:00:00Z'),
      icd10Condition('E87.1', { clinicalStatus: 'resolved', recordedDate: '2018-01-01T00:00:00Z' })]],
  ])('flags %s with no hyponatremia diagnosis', (_scenario, resources) => {
    const [finding] = findingsFor(hyponatremia, [stay, ...resources], { encounterId: 'enc-1' });
    expect(finding).toMatchObject({
      ruleId: 'electrolytes/hyponatremia', category: 'documentation-gap', suspectedCondition: 'E87.1', encounter: 'Encounter/enc-1',
    });
    expect(finding!.answerOptions.map((o) => o.text)).toEqual(['Hyponatremia', 'Other (please specify)', 'Clinically undetermined', 'Not clinically significant']);
  });

  it('cites every low value with its unit and time, and the treatment, as evidence', () => {
    const low1 = sodium(128, '2021-03-01T09:00:00Z');
    const normal = sodium(138, '2021-03-03T06:00:00Z');
    const [finding] = findingsFor(hyponatremia, [stay, low1, normal, tolvaptan], { encounterId: 'enc-1' });
    expect(finding!.evidence).toEqual([`Observation/${low1.id}`, `MedicationRequest/${tolvaptan.id}`]);
    expect(finding!.summary).toBe('Sodium 128 mmol/L on 2021-03-01 09:00 (reference limit 135 mmol/L). Tolvaptan 15 MG Oral Tablet ordered or given. No hyponatremia diagnosis is documented for this encounter.');
    expect(finding!.observedAt).toBe('2021-03-01T09:00:00Z');
  });

  it('is high severity below 125 mmol/L', () => {
    const [finding] = findingsFor(hyponatremia, [stay, sodium(122, '2021-03-01T09:00:00Z'), sodium(124, '2021-03-01T15:00:00Z')], { encounterId: 'enc-1' });
    expect(finding!.severity).toBe('high');
  });

  it.each<[string, Resource[]]>([
    ['two results of exactly 135 (the limit is normal)', [sodium(135, '2021-03-01T09:00:00Z'), sodium(135, '2021-03-02T06:00:00Z')]],
    ['a single low result without treatment', [sodium(130, '2021-03-01T09:00:00Z'), sodium(139, '2021-03-02T06:00:00Z')]],
    ['low sodium explained by hyperglycemia (corrected sodium ≥ 135)', [
      sodium(129, '2021-03-01T09:00:00Z'), glucose(600, '2021-03-01T09:00:00Z'),
      sodium(130, '2021-03-02T06:00:00Z'), glucose(450, '2021-03-02T07:00:00Z')]],
    ['an active ICD-10-CM E87.1', [sodium(131, '2021-03-01T09:00:00Z'), sodium(132, '2021-03-02T06:00:00Z'), icd10Condition('E87.1')]],
    ['a dotless e871 diagnosis', [sodium(131, '2021-03-01T09:00:00Z'), sodium(132, '2021-03-02T06:00:00Z'), icd10Condition('e871')]],
    ['SIADH documented (E22.2 documents the hyponatremia)', [sodium(131, '2021-03-01T09:00:00Z'), sodium(132, '2021-03-02T06:00:00Z'), icd10Condition('E22.2')]],
    ['a SNOMED-only hyponatremia diagnosis', [sodium(131, '2021-03-01T09:00:00Z'), sodium(132, '2021-03-02T06:00:00Z'), snomedCondition(SNOMED.HYPONATREMIA)]],
    ['hyponatremia on the claim for the stay', [sodium(131, '2021-03-01T09:00:00Z'), sodium(132, '2021-03-02T06:00:00Z'), claim(['J18.9', 'E87.1'], '2021-03-08T12:00:00Z')]],
    ['low results outside the encounter', [sodium(131, '2021-02-01T09:00:00Z'), sodium(132, '2021-02-02T06:00:00Z')]],
    ['low results entered in error', [
      lab(LOINC.SODIUM_SERUM, 120, 'mmol/L', '2021-03-01T09:00:00Z', { status: 'entered-in-error' }),
      lab(LOINC.SODIUM_SERUM, 121, 'mmol/L', '2021-03-02T09:00:00Z', { status: 'entered-in-error' })]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(findingsFor(hyponatremia, [stay, ...resources], { encounterId: 'enc-1' })).toEqual([]);
  });

  it('looks back 12 months when launched without an encounter', () => {
    const recent = [sodium(131, '2020-06-01T09:00:00Z'), sodium(132, '2020-06-02T06:00:00Z')];
    expect(findingsFor(hyponatremia, recent, { now: '2021-03-15T12:00:00Z' })).toHaveLength(1);
    expect(findingsFor(hyponatremia, recent, { now: '2021-07-15T12:00:00Z' })).toEqual([]);
  });

  it('takes its threshold from the configuration', () => {
    const resources = [stay, sodium(133, '2021-03-01T09:00:00Z'), sodium(133, '2021-03-02T06:00:00Z')];
    expect(findingsFor(hyponatremia, resources, { encounterId: 'enc-1', thresholds: { 'electrolytes/hyponatremia': { sodiumBelow: 133 } } })).toEqual([]);
  });
});

const potassium = (value: number, time: string, unit = 'mmol/L') => lab(LOINC.POTASSIUM_SERUM, value, unit, time, { encounter: 'enc-1' });
const bloodPotassium = (value: number, time: string) => lab(LOINC.POTASSIUM_BLOOD, value, 'mmol/L', time, { encounter: 'enc-1' });
// Coded by ingredient (RxCUI 8591 potassium chloride); the other salts and binders as free text only.
const potassiumChloride = medicationRequest('8591', 'Potassium Chloride 20 MEQ Extended Release Oral Tablet', '2021-03-02T10:00:00Z', { encounter: { reference: 'Encounter/enc-1' } });
const intravenousPotassium = medicationAdministration(undefined, 'Potassium Chloride 0.4 MEQ/ML Injectable Solution', '2021-03-01T11:00:00Z');
const potassiumCitrate = medicationRequest(undefined, 'Potassium Citrate 10 MEQ Extended Release Oral Tablet', '2021-03-02T10:00:00Z');
const penicillinPotassium = medicationRequest(undefined, 'Penicillin V Potassium 500 MG Oral Tablet', '2021-03-02T10:00:00Z');

describe('electrolytes/hypokalemia', () => {
  it.each<[string, Resource[]]>([
    ['two potassium results below 3.5', [potassium(3.1, '2021-03-01T09:00:00Z'), potassium(3.3, '2021-03-02T06:00:00Z')]],
    ['two results of 3.4, just below the limit', [potassium(3.4, '2021-03-01T09:00:00Z'), potassium(3.4, '2021-03-02T06:00:00Z')]],
    ['two whole-blood potassium results below 3.5', [bloodPotassium(3.2, '2021-03-01T09:00:00Z'), bloodPotassium(3.3, '2021-03-02T06:00:00Z')]],
    ['results in mEq/L', [potassium(3.2, '2021-03-01T09:00:00Z', 'mEq/L'), potassium(3.3, '2021-03-02T06:00:00Z', 'mEq/L')]],
    ['one low result with oral potassium chloride ordered', [potassium(3.2, '2021-03-01T09:00:00Z'), potassiumChloride]],
    ['one low result with intravenous potassium chloride given', [potassium(3.3, '2021-03-01T09:00:00Z'), intravenousPotassium]],
    ['one low result with potassium citrate ordered', [potassium(3.3, '2021-03-01T09:00:00Z'), potassiumCitrate]],
    ['a resolved hypokalemia from years ago', [potassium(3.1, '2021-03-01T09:00:00Z'), potassium(3.3, '2021-03-02T06:00:00Z'),
      icd10Condition('E87.6', { clinicalStatus: 'resolved', recordedDate: '2018-01-01T00:00:00Z' })]],
  ])('flags %s with no hypokalemia diagnosis', (_scenario, resources) => {
    const [finding] = findingsFor(hypokalemia, [stay, ...resources], { encounterId: 'enc-1' });
    expect(finding).toMatchObject({
      ruleId: 'electrolytes/hypokalemia', category: 'documentation-gap', severity: 'medium', suspectedCondition: 'E87.6', encounter: 'Encounter/enc-1',
    });
    expect(finding!.answerOptions).toEqual([
      { text: 'Hypokalemia', icd10: 'E87.6' }, { text: 'Other (please specify)' }, { text: 'Clinically undetermined' }, { text: 'Not clinically significant' }]);
  });

  it('cites every low value with its unit and time, and the replacement, as evidence', () => {
    const low = potassium(3.2, '2021-03-01T09:00:00Z');
    const normal = potassium(4.1, '2021-03-03T06:00:00Z');
    const [finding] = findingsFor(hypokalemia, [stay, low, normal, potassiumChloride], { encounterId: 'enc-1' });
    expect(finding!.evidence).toEqual([`Observation/${low.id}`, `MedicationRequest/${potassiumChloride.id}`]);
    expect(finding!.summary).toBe('Potassium 3.2 mmol/L on 2021-03-01 09:00 (reference limit 3.5 mmol/L). Potassium Chloride 20 MEQ Extended Release Oral Tablet ordered or given. No hypokalemia diagnosis is documented for this encounter.');
    expect(finding!.observedAt).toBe('2021-03-01T09:00:00Z');
  });

  it.each<[string, number, string]>([
    ['is high severity below 3.0 mmol/L', 2.9, 'high'],
    ['stays medium severity at exactly 3.0 mmol/L', 3.0, 'medium'],
  ])('%s', (_scenario, lowest, severity) => {
    const [finding] = findingsFor(hypokalemia, [stay, potassium(lowest, '2021-03-01T09:00:00Z'), potassium(3.3, '2021-03-01T15:00:00Z')], { encounterId: 'enc-1' });
    expect(finding!.severity).toBe(severity);
  });

  it.each<[string, Resource[]]>([
    ['two results of exactly 3.5 (the limit is normal)', [potassium(3.5, '2021-03-01T09:00:00Z'), potassium(3.5, '2021-03-02T06:00:00Z')]],
    ['a single low result without replacement', [potassium(3.2, '2021-03-01T09:00:00Z'), potassium(4.0, '2021-03-02T06:00:00Z')]],
    ['one draw reported twice (two low results at the same time)', [potassium(3.2, '2021-03-01T09:00:00Z'), bloodPotassium(3.2, '2021-03-01T09:00:00Z')]],
    ['a single low result with only a potassium salt of another drug (penicillin V potassium)', [potassium(3.2, '2021-03-01T09:00:00Z'), penicillinPotassium]],
    ['a single low result with potassium chloride ordered before the encounter', [potassium(3.2, '2021-03-01T09:00:00Z'),
      medicationRequest('8591', 'Potassium Chloride 20 MEQ Extended Release Oral Tablet', '2021-01-10T10:00:00Z')]],
    ['an active ICD-10-CM E87.6', [potassium(3.1, '2021-03-01T09:00:00Z'), potassium(3.3, '2021-03-02T06:00:00Z'), icd10Condition('E87.6')]],
    ['a dotless e876 diagnosis', [potassium(3.1, '2021-03-01T09:00:00Z'), potassium(3.3, '2021-03-02T06:00:00Z'), icd10Condition('e876')]],
    ['a SNOMED-only hypokalemia diagnosis', [potassium(3.1, '2021-03-01T09:00:00Z'), potassium(3.3, '2021-03-02T06:00:00Z'), snomedCondition(SNOMED.HYPOKALEMIA)]],
    ['hypokalemia on the claim for the stay', [potassium(3.1, '2021-03-01T09:00:00Z'), potassium(3.3, '2021-03-02T06:00:00Z'), claim(['J18.9', 'E87.6'], '2021-03-08T12:00:00Z')]],
    ['low results outside the encounter', [potassium(3.1, '2021-02-01T09:00:00Z'), potassium(3.3, '2021-02-02T06:00:00Z')]],
    ['low results entered in error', [
      lab(LOINC.POTASSIUM_SERUM, 2.8, 'mmol/L', '2021-03-01T09:00:00Z', { status: 'entered-in-error' }),
      lab(LOINC.POTASSIUM_SERUM, 2.9, 'mmol/L', '2021-03-02T09:00:00Z', { status: 'entered-in-error' })]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(findingsFor(hypokalemia, [stay, ...resources], { encounterId: 'enc-1' })).toEqual([]);
  });

  it('looks back 12 months when launched without an encounter', () => {
    const recent = [potassium(3.1, '2020-06-01T09:00:00Z'), potassium(3.3, '2020-06-02T06:00:00Z')];
    expect(findingsFor(hypokalemia, recent, { now: '2021-03-15T12:00:00Z' })).toHaveLength(1);
    expect(findingsFor(hypokalemia, recent, { now: '2021-07-15T12:00:00Z' })).toEqual([]);
  });

  it('takes its threshold from the configuration', () => {
    const resources = [stay, potassium(3.3, '2021-03-01T09:00:00Z'), potassium(3.3, '2021-03-02T06:00:00Z')];
    expect(findingsFor(hypokalemia, resources, { encounterId: 'enc-1' })).toHaveLength(1);
    expect(findingsFor(hypokalemia, resources, { encounterId: 'enc-1', thresholds: { 'electrolytes/hypokalemia': { potassiumBelow: 3.3 } } })).toEqual([]);
  });
});

const kayexalate = medicationAdministration(undefined, 'Kayexalate 15 GM in 60 ML Oral Suspension', '2021-03-01T12:00:00Z');
const patiromer = medicationRequest(undefined, 'patiromer 8.4 GM Powder for Oral Suspension [Veltassa]', '2021-03-02T10:00:00Z');
const lokelma = medicationRequest(undefined, 'Lokelma 10 GM Powder for Oral Suspension', '2021-03-02T10:00:00Z');
const insulinDextrose = [
  medicationAdministration('5856', 'Regular Insulin, Human 100 UNT/ML Injectable Solution', '2021-03-01T12:00:00Z'),
  medicationAdministration(undefined, 'Glucose 500 MG/ML Injectable Solution', '2021-03-01T12:00:00Z'),
];

describe('electrolytes/hyperkalemia', () => {
  it.each<[string, Resource[]]>([
    ['two potassium results above 5.0', [potassium(5.6, '2021-03-01T09:00:00Z'), potassium(5.8, '2021-03-02T06:00:00Z')]],
    ['two results of 5.1, just above the limit', [potassium(5.1, '2021-03-01T09:00:00Z'), potassium(5.1, '2021-03-02T06:00:00Z')]],
    ['two whole-blood potassium results above 5.0', [bloodPotassium(5.5, '2021-03-01T09:00:00Z'), bloodPotassium(5.4, '2021-03-02T06:00:00Z')]],
    ['results in mEq/L', [potassium(5.5, '2021-03-01T09:00:00Z', 'mEq/L'), potassium(5.4, '2021-03-02T06:00:00Z', 'mEq/L')]],
    ['one high result with sodium polystyrene sulfonate (Kayexalate) given', [potassium(5.9, '2021-03-01T09:00:00Z'), kayexalate]],
    ['one high result with patiromer (Veltassa) ordered', [potassium(5.9, '2021-03-01T09:00:00Z'), patiromer]],
    ['one high result with sodium zirconium cyclosilicate (Lokelma) ordered', [potassium(5.9, '2021-03-01T09:00:00Z'), lokelma]],
  ])('flags %s with no hyperkalemia diagnosis', (_scenario, resources) => {
    const [finding] = findingsFor(hyperkalemia, [stay, ...resources], { encounterId: 'enc-1' });
    expect(finding).toMatchObject({
      ruleId: 'electrolytes/hyperkalemia', category: 'documentation-gap', severity: 'medium', suspectedCondition: 'E87.5', encounter: 'Encounter/enc-1',
    });
    expect(finding!.answerOptions).toEqual([
      { text: 'Hyperkalemia', icd10: 'E87.5' }, { text: 'Other (please specify)' }, { text: 'Clinically undetermined' }, { text: 'Not clinically significant' }]);
  });

  it('cites every high value with its unit and time, and the binder, as evidence', () => {
    const high = potassium(5.9, '2021-03-01T09:00:00Z');
    const normal = potassium(4.6, '2021-03-03T06:00:00Z');
    const [finding] = findingsFor(hyperkalemia, [stay, high, normal, kayexalate], { encounterId: 'enc-1' });
    expect(finding!.evidence).toEqual([`Observation/${high.id}`, `MedicationAdministration/${kayexalate.id}`]);
    expect(finding!.summary).toBe('Potassium 5.9 mmol/L on 2021-03-01 09:00 (upper reference limit 5.0 mmol/L). Kayexalate 15 GM in 60 ML Oral Suspension ordered or given. No hyperkalemia diagnosis is documented for this encounter.');
  });

  it.each<[string, number, string]>([
    ['is high severity above 6.0 mmol/L', 6.1, 'high'],
    ['stays medium severity at exactly 6.0 mmol/L', 6.0, 'medium'],
  ])('%s', (_scenario, highest, severity) => {
    const [finding] = findingsFor(hyperkalemia, [stay, potassium(highest, '2021-03-01T09:00:00Z'), potassium(5.4, '2021-03-01T15:00:00Z')], { encounterId: 'enc-1' });
    expect(finding!.severity).toBe(severity);
  });

  it.each<[string, Resource[]]>([
    ['two results of exactly 5.0 (the limit is normal)', [potassium(5.0, '2021-03-01T09:00:00Z'), potassium(5.0, '2021-03-02T06:00:00Z')]],
    ['a single high result without a binder', [potassium(5.7, '2021-03-01T09:00:00Z'), potassium(4.8, '2021-03-02T06:00:00Z')]],
    ['one draw reported twice (two high results at the same time)', [potassium(5.7, '2021-03-01T09:00:00Z'), potassium(5.7, '2021-03-01T09:00:00Z')]],
    ['a single high result with only insulin and dextrose given (not specific)', [potassium(5.9, '2021-03-01T09:00:00Z'), ...insulinDextrose]],
    ['an active ICD-10-CM E87.5', [potassium(5.6, '2021-03-01T09:00:00Z'), potassium(5.8, '2021-03-02T06:00:00Z'), icd10Condition('E87.5')]],
    ['a SNOMED-only hyperkalemia diagnosis (14140009)', [potassium(5.6, '2021-03-01T09:00:00Z'), potassium(5.8, '2021-03-02T06:00:00Z'), snomedCondition(ELECTROLYTE_SNOMED.HYPERKALEMIA)]],
    ['hyperkalemia on the claim for the stay', [potassium(5.6, '2021-03-01T09:00:00Z'), potassium(5.8, '2021-03-02T06:00:00Z'), claim(['N17.9', 'E87.5'], '2021-03-08T12:00:00Z')]],
    ['high results outside the encounter', [potassium(5.6, '2021-02-01T09:00:00Z'), potassium(5.8, '2021-02-02T06:00:00Z')]],
    ['high results entered in error', [
      lab(LOINC.POTASSIUM_SERUM, 6.8, 'mmol/L', '2021-03-01T09:00:00Z', { status: 'entered-in-error' }),
      lab(LOINC.POTASSIUM_SERUM, 6.9, 'mmol/L', '2021-03-02T09:00:00Z', { status: 'entered-in-error' })]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(findingsFor(hyperkalemia, [stay, ...resources], { encounterId: 'enc-1' })).toEqual([]);
  });

  it('does not count a hypokalemia trigger as hyperkalemia, nor the reverse', () => {
    const low = [stay, potassium(3.1, '2021-03-01T09:00:00Z'), potassium(3.2, '2021-03-02T06:00:00Z')];
    expect(findingsFor(hyperkalemia, low, { encounterId: 'enc-1' })).toEqual([]);
    const high = [stay, potassium(5.6, '2021-03-01T09:00:00Z'), potassium(5.8, '2021-03-02T06:00:00Z')];
    expect(findingsFor(hypokalemia, high, { encounterId: 'enc-1' })).toEqual([]);
  });

  it('takes its threshold from the configuration', () => {
    const resources = [stay, potassium(5.3, '2021-03-01T09:00:00Z'), potassium(5.3, '2021-03-02T06:00:00Z')];
    expect(findingsFor(hyperkalemia, resources, { encounterId: 'enc-1' })).toHaveLength(1);
    expect(findingsFor(hyperkalemia, resources, { encounterId: 'enc-1', thresholds: { 'electrolytes/hyperkalemia': { potassiumAbove: 5.3 } } })).toEqual([]);
  });
});
