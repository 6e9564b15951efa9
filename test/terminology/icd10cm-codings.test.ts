import { describe, expect, it } from 'vitest';
import type { CodeableConcept } from 'fhir/r4';
import { codingKey, hasIcd10CmPrefix, icd10CmCodes, icd10CmCodings } from '../../src/terminology/icd10cm-codings';
import { SYSTEM } from '../../src/terminology/systems';

const concept = (...codings: Array<{ system?: string; code?: string; display?: string }>): CodeableConcept => ({ coding: codings });
const cm = (code: string, display?: string) => ({ system: SYSTEM.ICD10CM, code, ...(display ? { display } : {}) });

describe('icd10CmCodes and icd10CmCodings', () => {
  it.each<[string, CodeableConcept | undefined, string[], number]>([
    ['a dotted code', concept(cm('E11.9')), ['E119'], 1],
    ['an undotted code', concept(cm('E119')), ['E119'], 1],
    ['lower case, with whitespace around it', concept(cm(' e11.9 ')), ['E119'], 1],
    ['the same code twice, dotted and not: one code, two codings', concept(cm('E11.9'), cm('e119')), ['E119'], 2],
    ['two codes, in order', concept(cm('N18.4'), cm('E11.22')), ['N184', 'E1122'], 2],
    ['a WHO ICD-10 code (another code system): none', concept({ system: SYSTEM.ICD10_WHO, code: 'E11.9' }), [], 0],
    ['SNOMED CT beside ICD-10-CM: only the ICD-10-CM', concept({ system: SYSTEM.SNOMED, code: '44054006' }, cm('E11.9')), ['E119'], 1],
    ['a coding without a system', concept({ code: 'E11.9' }), [], 0],
    ['a blank code', concept(cm('   ')), [], 0],
    ['a coding without a code', concept({ system: SYSTEM.ICD10CM }), [], 0],
    ['no codings', { text: 'Type 2 diabetes' }, [], 0],
    ['no concept', undefined, [], 0],
  ])('read %s', (_scenario, value, codes, codings) => {
    expect(icd10CmCodes(value)).toEqual(codes);
    expect(icd10CmCodings(value)).toHaveLength(codings);
  });

  it('returns the codings as written, display included', () => {
    const coding = cm('e11.9', 'Type 2 diabetes mellitus without complications');
    expect(icd10CmCodings(concept({ system: SYSTEM.SNOMED, code: '44054006' }, coding))).toEqual([coding]);
  });
});

describe('codingKey', () => {
  it.each<[string, string | undefined, string | undefined, string | undefined]>([
    ['ICD-10-CM, dotted', SYSTEM.ICD10CM, 'E11.9', `${SYSTEM.ICD10CM}|E119`],
    ['ICD-10-CM, lower case with spaces', SYSTEM.ICD10CM, ' e11.9 ', `${SYSTEM.ICD10CM}|E119`],
    ['SNOMED CT, trimmed but not upper-cased', SYSTEM.SNOMED, ' 44054006 ', `${SYSTEM.SNOMED}|44054006`],
    ['WHO ICD-10: the dot is kept (another code system)', SYSTEM.ICD10_WHO, 'E11.9', `${SYSTEM.ICD10_WHO}|E11.9`],
    ['no system', undefined, 'E11.9', undefined],
    ['no code', SYSTEM.ICD10CM, undefined, undefined],
    ['an empty code', SYSTEM.ICD10CM, '', undefined],
  ])('keys %s', (_scenario, system, code, key) => {
    expect(codingKey(system, code)).toBe(key);
  });

  it('makes E11.9 and e119 one code, and the WHO E11.9 another', () => {
    expect(codingKey(SYSTEM.ICD10CM, 'E11.9')).toBe(codingKey(SYSTEM.ICD10CM, 'e119'));
    expect(codingKey(SYSTEM.ICD10CM, 'E11.9')).not.toBe(codingKey(SYSTEM.ICD10_WHO, 'E11.9'));
  });
});

describe('hasIcd10CmPrefix', () => {
  it.each<[string, string, string[], boolean]>([
    ['a code under a dotted prefix', 'E11.22', ['E11.2'], true],
    ['an undotted, lower-case code under a category', ' e1122 ', ['E11'], true],
    ['a code equal to the prefix', 'N18.6', ['N18.6'], true],
    ['a code under the second prefix', 'I50.23', ['I50.9', 'I50.2'], true],
    ['a sibling, not under the prefix', 'N18.5', ['N18.6'], false],
    ['a shorter code than the prefix', 'E11', ['E11.9'], false],
    ['no prefixes', 'E11.9', [], false],
  ])('finds %s: %s', (_scenario, code, prefixes, under) => {
    expect(hasIcd10CmPrefix(code, prefixes)).toBe(under);
  });
});
