import { describe, expect, it } from 'vitest';
import type { Claim, Resource } from 'fhir/r4';
import { codedDiagnoses, type CodedDiagnosis, type CodedDiagnosisOptions } from '../../../src/rules/engine/coded-diagnoses';
import { SYSTEM } from '../../../src/terminology/systems';
import { claim, encounter, icd10Condition } from '../support';
import { withContext } from './probe';

const NOW = '2021-06-01T12:00:00Z';
const coded = (resources: Resource[], options?: CodedDiagnosisOptions, scenario: { encounterId?: string; now?: string } = {}) =>
  withContext((context) => codedDiagnoses(context, options), resources, { now: NOW, ...scenario });
/** The fields a test looks at. */
const view = (d: CodedDiagnosis) => ({
  code: d.code, dotted: d.dotted, reference: d.reference, evidence: d.evidence, diagnosedAt: d.diagnosedAt, label: d.label, era: d.era,
});
const citing = (id: string, created: string, conditionId: string): Claim =>
  claim([], created, { id, diagnosis: [{ sequence: 1, diagnosisReference: { reference: `Condition/${conditionId}` } }] });

describe('codedDiagnoses', () => {
  it('groups a Condition and the claim citing it under the Condition, dated by the Condition and labelled by its display', () => {
    const diabetes = icd10Condition('e11.9', { id: 'dm', recordedDate: '2021-03-01', display: 'Type 2 diabetes mellitus without complications' });
    const [d, ...rest] = coded([diabetes, citing('c-1', '2021-03-05T10:00:00Z', 'dm')]);
    expect(rest).toEqual([]);
    expect(view(d!)).toEqual({
      code: 'E119', dotted: 'E11.9', reference: 'Condition/dm', evidence: ['Condition/dm', 'Claim/c-1'],
      diagnosedAt: '2021-03-01', label: 'Type 2 diabetes mellitus without complications', era: 'earlier-fy',
    });
    // The latest time any resource states it, beside the date it was made.
    expect(d!.time).toBe('2021-03-05T10:00:00Z');
  });

  it('gives a code only a claim carries to the claim, dated by the claim', () => {
    const billed = claim(['O80'], '2021-03-01T10:00:00Z', { id: 'c-2' });
    expect(coded([billed]).map(view)).toEqual([{
      code: 'O80', dotted: 'O80', reference: 'Claim/c-2', evidence: ['Claim/c-2'], diagnosedAt: '2021-03-01T10:00:00Z', label: undefined, era: 'earlier-fy',
    }]);
  });

  it('gives a claim line coded like a Condition of the review to that Condition', () => {
    const diabetes = icd10Condition('E11.9', { id: 'dm', recordedDate: '2021-03-01' });
    const billed = claim(['E119'], '2021-03-05T10:00:00Z', { id: 'c-3' });
    expect(coded([diabetes, billed]).map((d) => [d.reference, d.evidence])).toEqual([['Condition/dm', ['Condition/dm', 'Claim/c-3']]]);
  });

  it('labels a code by the concept text when its coding has no display', () => {
    const diabetes = icd10Condition('E11.9', { id: 'dm', recordedDate: '2021-03-01' });
    diabetes.code = { ...diabetes.code, text: 'Diabetes, type 2' };
    expect(coded([diabetes])[0]!.label).toBe('Diabetes, type 2');
  });

  it('takes the onset when the Condition has no recorded date', () => {
    const { recordedDate: _dropped, ...noRecordedDate } = icd10Condition('E11.9', { id: 'dm', onsetDateTime: '2021-02-01T08:00:00Z' });
    expect(coded([noRecordedDate])[0]!.diagnosedAt).toBe('2021-02-01T08:00:00Z');
  });

  it('never reads a WHO ICD-10 coding as ICD-10-CM', () => {
    const who = icd10Condition('E11.9', { id: 'who', recordedDate: '2021-03-01' });
    who.code = { coding: [{ system: SYSTEM.ICD10_WHO, code: 'E11.9' }] };
    expect(coded([who])).toEqual([]);
  });

  it('leaves out codes stated only for ICD-9-CM dates of service, unless asked for any date of service', () => {
    const stay = encounter('enc-2014', '2014-06-01T08:00:00Z', '2014-06-03T08:00:00Z');
    const old = icd10Condition('O80', { id: 'old', recordedDate: '2014-06-01', encounter: 'enc-2014' });
    const scenario = { encounterId: 'enc-2014' };
    expect(coded([stay, old], {}, scenario)).toEqual([]);
    expect(coded([stay, old], { anyDateOfService: true }, scenario).map((d) => [d.reference, d.era, d.serviceDate, d.diagnosedAt]))
      .toEqual([['Condition/old', 'icd-9-cm', '2014-06-03', '2014-06-01']]);
  });

  it('judges a service of FY2026 by the FY2026 table', () => {
    const recent = icd10Condition('E11.9', { id: 'new', recordedDate: '2025-10-01' });
    expect(coded([recent], {}, { now: '2026-01-01T00:00:00Z' }).map((d) => [d.era, d.serviceDate])).toEqual([['fy2026', '2025-10-01']]);
  });

  it('works the groups out once per review and option', () => {
    const diabetes = icd10Condition('E11.9', { id: 'dm', recordedDate: '2021-03-01' });
    const [first, second, any] = withContext((context) => [codedDiagnoses(context), codedDiagnoses(context), codedDiagnoses(context, { anyDateOfService: true })], [diabetes], { now: NOW });
    expect(second).toBe(first);
    expect(any).not.toBe(first);
    expect(any).toEqual(first);
  });
});
