import { beforeAll, describe, expect, it } from 'vitest';
import { CKD_ANY, CKD_STAGED, CKD_UNSTAGED, DIABETES_CATEGORIES, DIALYSIS_DEPENDENCE } from '../../src/terminology/diagnoses';
import { loadIcd10Cm, type Icd10CmTable } from '../../src/terminology/icd10cm/icd10cm-table';
import { icd10ForSnomed } from '../../src/terminology/snomed-icd10cm';

let icd10cm: Icd10CmTable;
beforeAll(async () => void (icd10cm = await loadIcd10Cm()));

describe('shared diagnosis targets', () => {
  it.each([
    ['CKD_UNSTAGED', CKD_UNSTAGED],
    ['CKD_STAGED', CKD_STAGED],
    ['CKD_ANY', CKD_ANY],
    ['DIALYSIS_DEPENDENCE', DIALYSIS_DEPENDENCE],
  ])('%s names only ICD-10-CM FY2026 codes or headers', (_name, target) => {
    for (const prefix of target.icd10) expect(icd10cm.lookup(prefix), prefix).toBeDefined();
  });

  it('keeps staged and unstaged CKD apart, and CKD_ANY covers both', () => {
    expect(CKD_UNSTAGED.snomed.filter((code) => CKD_STAGED.snomed.includes(code))).toEqual([]);
    expect([...CKD_ANY.snomed].sort()).toEqual([...CKD_UNSTAGED.snomed, ...CKD_STAGED.snomed].sort());
    for (const prefix of [...CKD_UNSTAGED.icd10, ...CKD_STAGED.icd10]) expect(prefix.startsWith(CKD_ANY.icd10[0]!), prefix).toBe(true);
  });

  it('maps the CKD SNOMED CT codes that have an ICD-10-CM target into N18 (the curated map agrees)', () => {
    for (const code of CKD_ANY.snomed) {
      const mapped = icd10ForSnomed(code);
      if (mapped) expect(mapped.startsWith('N18') || mapped.startsWith('E11.22') || mapped.startsWith('I12'), `${code} → ${mapped}`).toBe(true);
    }
  });

  it.each(DIABETES_CATEGORIES)('has %s.9 "without complications" in FY2026', (category) => {
    expect(icd10cm.lookup(`${category}.9`)?.title).toMatch(/(without|w\/o) complications/i); // short titles abbreviate "without"
  });
});
