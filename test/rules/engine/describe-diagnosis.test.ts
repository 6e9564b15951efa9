import { beforeAll, describe, expect, it } from 'vitest';
import type { CodeableConcept } from 'fhir/r4';
import { describeIcd10Code, describeMatchingCoding, matchingCodings, nameDiagnosis } from '../../../src/rules/engine/describe-diagnosis';
import { loadIcd10Cm, type Icd10CmTable } from '../../../src/terminology/icd10cm/icd10cm-table';
import { SNOMED } from '../../../src/terminology/snomed';
import { SYSTEM } from '../../../src/terminology/systems';

let icd10cm: Icd10CmTable;
beforeAll(async () => void (icd10cm = await loadIcd10Cm()));

const cm = (code: string, display?: string) => ({ system: SYSTEM.ICD10CM, code, ...(display ? { display } : {}) });

describe('describeIcd10Code', () => {
  it('shows the code dotted with its FY2026 short title, however it is written', () => {
    expect(describeIcd10Code(icd10cm, 'e119')).toBe('E11.9 (Type 2 diabetes mellitus without complications)');
    expect(describeIcd10Code(icd10cm, ' E11.9 ', { label: 'Diabetes' })).toBe('E11.9 (Type 2 diabetes mellitus without complications)');
  });

  it.each<[string, boolean, string | undefined, string]>([
    ['without the table, with a label', false, 'Diabetes', 'E11.9 (Diabetes)'],
    ['without the table or a label', false, undefined, 'E11.9'],
    ['without the table, with an empty label', false, '', 'E11.9'],
  ])('falls back %s', (_scenario, withTable, label, shown) => {
    expect(describeIcd10Code(withTable ? icd10cm : undefined, 'E119', label === undefined ? {} : { label })).toBe(shown);
  });

  it('says what the table knows of a code it lacks, when asked', () => {
    expect(icd10cm.deletedInFy2026('T78.1XXA')).toBeDefined();
    expect(describeIcd10Code(icd10cm, 't781xxa', { tableStatus: true })).toBe(`T78.1XXA (deleted in FY2026; FY2025 title: ${icd10cm.deletedInFy2026('T78.1XXA')})`);
    expect(describeIcd10Code(icd10cm, 'X99.99', { tableStatus: true })).toBe('X99.99 (not an ICD-10-CM FY2026 code)');
    // Not asked: the label, else the bare code.
    expect(describeIcd10Code(icd10cm, 'X99.99', { label: 'Something' })).toBe('X99.99 (Something)');
    // No table to ask: nothing to say of it.
    expect(describeIcd10Code(undefined, 'X99.99', { tableStatus: true })).toBe('X99.99');
  });
});

describe('nameDiagnosis', () => {
  it.each<[string, CodeableConcept | undefined, boolean, { code?: string; text: string }]>([
    ['an ICD-10-CM code, titled from the table', { coding: [cm('e87.1', 'Low sodium')] }, true, { code: 'E87.1', text: 'E87.1 (Hypo-osmolality and hyponatremia)' }],
    ['an ICD-10-CM code without the table: its display', { coding: [cm('E87.1', 'Low sodium')], text: 'Hyponatremia' }, false, { code: 'E87.1', text: 'E87.1 (Low sodium)' }],
    ['an ICD-10-CM code without the table or a display: the text', { coding: [cm('E871')], text: 'Hyponatremia' }, false, { code: 'E87.1', text: 'E87.1 (Hyponatremia)' }],
    ['the ICD-10-CM coding first, whatever the order', { coding: [{ system: SYSTEM.SNOMED, code: '89627008', display: 'Hyponatremia' }, cm('E87.1')] }, false, { code: 'E87.1', text: 'E87.1' }],
    ['a SNOMED CT code', { coding: [{ system: SYSTEM.SNOMED, code: '271737000', display: 'Anemia' }] }, true, { text: 'Anemia (SNOMED CT 271737000)' }],
    ['a WHO ICD-10 code (another code system)', { coding: [{ system: SYSTEM.ICD10_WHO, code: 'E87.1' }] }, true, { text: `${SYSTEM.ICD10_WHO} E87.1` }],
    ['a coding without a system', { coding: [{ code: 'X1', display: 'Local' }] }, false, { text: 'Local (no system X1)' }],
    ['text only', { text: 'Hyponatremia' }, false, { text: 'Hyponatremia' }],
    ['nothing', undefined, false, { text: 'a diagnosis without a code' }],
  ])('names %s', (_scenario, concept, withTable, named) => {
    expect(nameDiagnosis({ icd10cm: withTable ? icd10cm : undefined }, concept)).toEqual(named);
  });
});

describe('matchingCodings and describeMatchingCoding', () => {
  const HEART_FAILURE = { icd10: ['I50.9'], snomed: [SNOMED.HEART_FAILURE] };

  it('finds the codings that name the target: ICD-10-CM by prefix (any case), SNOMED CT by code', () => {
    const concept: CodeableConcept = { coding: [{ system: SYSTEM.SNOMED, code: SNOMED.HEART_FAILURE }, cm('i50.9'), { system: SYSTEM.ICD10_WHO, code: 'I50.9' }] };
    expect(matchingCodings(concept, HEART_FAILURE).map((c) => c.code)).toEqual([SNOMED.HEART_FAILURE, 'i50.9']);
    expect(matchingCodings(undefined, HEART_FAILURE)).toEqual([]);
  });

  it.each<[string, CodeableConcept, string | undefined]>([
    ['by display and the code as written', { coding: [cm('I50.9', 'Heart failure, unspecified')] }, 'Heart failure, unspecified (I50.9)'],
    ['by the concept text without a display', { coding: [cm('I50.9')], text: 'CHF' }, 'CHF (I50.9)'],
    ['by the code alone', { coding: [cm('I50.9')] }, 'I50.9'],
    ['the first coding that matches, not the first coding', { coding: [cm('E11.9', 'Diabetes'), cm('I50.9', 'Heart failure')] }, 'Heart failure (I50.9)'],
    ['nothing when no coding matches', { coding: [cm('E11.9', 'Diabetes')] }, undefined],
  ])('describes %s', (_scenario, concept, described) => {
    expect(describeMatchingCoding(concept, HEART_FAILURE)).toBe(described);
  });
});
