import { beforeAll, describe, expect, it } from 'vitest';
import type { Condition, Encounter, Resource } from 'fhir/r4';
import { CODING_MISMATCH_RULES, CODING_MISMATCH_THRESHOLDS, codingMismatch, icd10CodesAgree } from '../../../src/rules/coding/coding-mismatch';
import { loadIcd10Cm, type Icd10CmTable } from '../../../src/terminology/icd10cm/icd10cm-table';
import { SYSTEM } from '../../../src/terminology/systems';
import { encounter, findingsFor, icd10Condition, snomedCondition, type ConditionOptions, targetOf } from '../support';

let icd10cm: Icd10CmTable;
beforeAll(async () => void (icd10cm = await loadIcd10Cm()));

const NOW = '2021-03-15T12:00:00Z';
const RECENT = '2021-03-02T00:00:00Z';

/** A Condition coded in ICD-10-CM with the SNOMED CT codings beside it in the same CodeableConcept, as EHRs code them. */
function dualCoded(icd10: string, snomed: string | string[], options: ConditionOptions = {}): Condition {
  const snomedCodings = (Array.isArray(snomed) ? snomed : [snomed]).map((code) => ({ system: SYSTEM.SNOMED, code }));
  return icd10Condition(icd10, { recordedDate: RECENT, onsetDateTime: RECENT, ...options, also: [...snomedCodings, ...(options.also ?? [])] });
}

const run = (resources: Resource[], scenario: { thresholds?: Record<string, object>; withTable?: boolean } = {}) =>
  findingsFor(codingMismatch, resources, { now: NOW, icd10cm: scenario.withTable === false ? undefined : icd10cm, thresholds: scenario.thresholds });

describe('coding/coding-mismatch: codings that disagree', () => {
  it.each<[string, Condition, string]>([
    ['chronic sinusitis J32.9 beside viral sinusitis (map: J01.90 acute)', dualCoded('J32.9', '444814009'), 'J32.9'],
    ['type 2 diabetes E11.9 beside type 1 diabetes 46635009 (map: E10.9)', dualCoded('E11.9', '46635009'), 'E11.9'],
    ['acute kidney failure N17.9 beside acute renal impairment 236424009 (map: N28.9)', dualCoded('N17.9', '236424009'), 'N17.9'],
    ['atrial flutter I48.92 beside cardiac arrest 410429000 (map: I46.9)', dualCoded('I48.92', '410429000'), 'I48.92'],
    ['an undotted, lower-case code (j329) beside viral sinusitis', dualCoded('j329', '444814009'), 'J32.9'],
    ['a code FY2026 deleted (S30.1XXA) beside viral sinusitis', dualCoded('S30.1XXA', '444814009'), 'S30.1XXA'],
  ])('flags %s', (_title, condition, atFault) => {
    const [finding, ...more] = run([condition]);
    expect(more).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'coding/coding-mismatch', category: 'coding-discrepancy', kind: 'coding-mismatch', severity: 'medium',
      suspectedCondition: atFault, target: `Condition/${condition.id}`, evidence: [`Condition/${condition.id}`], answerOptions: [],
    });
  });

  it('names both codings, their titles and the code the map gives the SNOMED CT concept', () => {
    const condition = dualCoded('J32.9', '444814009', { id: 'c-sinus' });
    const [finding] = run([condition]);
    expect(finding!.summary).toBe(
      'The Condition is coded J32.9 (Chronic sinusitis, unspecified) in ICD-10-CM and 444814009 (Viral sinusitis (disorder)) in SNOMED CT, '
      + 'which maps to J01.90 (Acute sinusitis, unspecified): the two codings are in different categories (J32, J01).',
    );
    expect(finding!.observedAt).toBe(RECENT);
    // Both codings as the Condition states them, on its date of service (the map's J01.90 is not a fact of the record).
    expect(finding!.facts).toEqual([
      { kind: 'diagnosis', label: 'J32.9', time: '2021-03-02', reference: 'Condition/c-sinus' },
      { kind: 'diagnosis', label: '444814009', text: 'Viral sinusitis (disorder)', time: '2021-03-02', reference: 'Condition/c-sinus' },
    ]);
  });

  it('uses the display the record gives the SNOMED CT coding', () => {
    const condition = icd10Condition('J32.9', { recordedDate: RECENT, also: [{ system: SYSTEM.SNOMED, code: '444814009', display: 'Viral sinusitis' }] });
    expect(run([condition])[0]!.summary).toContain('444814009 (Viral sinusitis) in SNOMED CT');
  });

  it('says when the ICD-10-CM code was deleted in FY2026, with its FY2025 title', () => {
    const [finding] = run([dualCoded('S30.1XXA', '444814009')]);
    expect(finding!.summary).toContain('S30.1XXA (deleted in FY2026; FY2025 title: Contusion of abdominal wall, initial encounter)');
  });

  it('finds each Condition apart, and belongs to the Condition\'s encounter', () => {
    const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z');
    const a = dualCoded('J32.9', '444814009', { encounter: 'enc-1' });
    const b = dualCoded('E11.9', '46635009', { encounter: 'enc-1' });
    const findings = run([stay, a, b]);
    expect(findings.map(targetOf).sort()).toEqual([`Condition/${a.id}`, `Condition/${b.id}`].sort());
    expect(findings.every((f) => f.encounter === 'Encounter/enc-1')).toBe(true);
  });

  it('reports a Condition once even when an encounter lists it as its diagnosis', () => {
    const condition = dualCoded('J32.9', '444814009', { id: 'c-dx' });
    const stay: Encounter = { ...encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z'), diagnosis: [{ condition: { reference: 'Condition/c-dx' } }] };
    expect(run([stay, condition]).map(targetOf)).toEqual(['Condition/c-dx']);
  });
});

describe('coding/coding-mismatch: codings that agree, or are not judged', () => {
  it.each<[string, Resource[]]>([
    ['the exact mapped code (J01.90 beside viral sinusitis)', [dualCoded('J01.90', '444814009')]],
    ['another code of the mapped category (J01.91, recurrent, beside viral sinusitis)', [dualCoded('J01.91', '444814009')]],
    ['another code of the category with more detail (I50.22 beside heart failure, map I50.9)', [dualCoded('I50.22', '84114007')]],
    ['an injury at a later encounter (S72.001D beside closed fracture of hip, map S72.009A)', [dualCoded('S72.001D', '359817006')]],
    ['the category header itself (J01 beside viral sinusitis; non-billable-code reports it)', [dualCoded('J01', '444814009')]],
    ['a combination code and its additional code (E11.22 + N18.30 beside CKD 3 due to type 2 diabetes)',
      [dualCoded('E11.22', '731000119105', { also: [{ system: SYSTEM.ICD10CM, code: 'N18.30' }] })]],
    ['one of two ICD-10-CM codings agreeing (N39.0 + B96.20 beside E. coli UTI)', [dualCoded('B96.20', '301011002', { also: [{ system: SYSTEM.ICD10CM, code: 'N39.0' }] })]],
    ['a SNOMED CT concept outside the map (195967001 Asthma beside J45.909)', [dualCoded('J45.909', '195967001')]],
    ['a mapped concept with no single target (262574004 Bullet wound beside T14.8XXA)', [dualCoded('T14.8XXA', '262574004')]],
    ['a WHO ICD-10 coding (not ICD-10-CM) beside viral sinusitis', [{ ...snomedCondition('444814009', { recordedDate: RECENT }), code: { coding: [{ system: SYSTEM.SNOMED, code: '444814009' }, { system: SYSTEM.ICD10_WHO, code: 'J32.9' }] } } as Condition]],
    ['an ICD-10-CM coding alone', [icd10Condition('J32.9', { recordedDate: RECENT })]],
    ['a SNOMED CT coding alone', [snomedCondition('444814009', { recordedDate: RECENT })]],
    ['a disagreeing Condition entered in error', [dualCoded('J32.9', '444814009', { verificationStatus: 'entered-in-error' })]],
    ['a disagreeing Condition resolved years ago', [dualCoded('J32.9', '444814009', { clinicalStatus: 'resolved', recordedDate: '2010-01-01T00:00:00Z', onsetDateTime: '2010-01-01T00:00:00Z' })]],
  ])('is silent for %s', (_title, resources) => {
    expect(run(resources)).toEqual([]);
  });

  it('is silent without the ICD-10-CM table', () => {
    expect(run([dualCoded('J32.9', '444814009')], { withTable: false })).toEqual([]);
  });
});

describe('coding/coding-mismatch: the category-level tolerance', () => {
  it.each<[string, string, boolean]>([
    ['I50.9', 'I50.20', true], // same category I50
    ['I48.91', 'I49.9', false], // two characters shared (I4), categories I48 and I49
    ['J01.91', 'J01.90', true],
    ['J0190', 'j01.90', true], // dot and case do not matter
    ['J01', 'J01.90', true], // the category header shares the category
    ['E10.9', 'E11.9', false],
  ])('%s and %s agree: %s', (code, mapped, agree) => {
    expect(icd10CodesAgree(code, mapped, CODING_MISMATCH_THRESHOLDS.sharedPrefixLength)).toBe(agree);
  });

  it('flags a different subcategory only when the tolerance is narrowed to 4 characters', () => {
    const pansinusitis = dualCoded('J01.41', '444814009'); // acute pansinusitis beside viral sinusitis (map J01.90)
    expect(run([pansinusitis])).toEqual([]);
    const [finding] = run([pansinusitis], { thresholds: { 'coding/coding-mismatch': { sharedPrefixLength: 4 } } });
    expect(finding!.summary).toContain('different categories (J01.4, J01.9)');
  });

  it('exports its one rule', () => {
    expect(CODING_MISMATCH_RULES).toEqual([codingMismatch]);
    expect(codingMismatch.thresholds).toBe(CODING_MISMATCH_THRESHOLDS);
  });
});
