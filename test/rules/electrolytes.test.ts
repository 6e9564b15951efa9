import { describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import { hyponatremia } from '../../src/rules/electrolytes';
import { LOINC } from '../../src/terminology/loinc';
import { SNOMED } from '../../src/terminology/snomed';
import { claim, encounter, findingsFor, icd10Condition, lab, medicationRequest, snomedCondition } from './support';

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
