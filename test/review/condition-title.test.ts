/**
 * The condition an item is about, as its title reads (src/review/condition-title.ts), from the real FY2026
 * ICD-10-CM table: the code's own title, without the "unspecified" that an unspecified code's title carries.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { conditionTitle } from '../../src/review/condition-title';
import { loadIcd10Cm, type Icd10CmTable } from '../../src/terminology/icd10cm/icd10cm-table';

let table: Icd10CmTable;
beforeAll(async () => void (table = await loadIcd10Cm()), 60_000);

describe('conditionTitle', () => {
  it.each<[string, string]>([
    ['E87.1', 'Hypo-osmolality and hyponatremia'],
    ['E87.6', 'Hypokalemia'],
    ['D62', 'Acute posthemorrhagic anemia'],
    ['E11.9', 'Type 2 diabetes mellitus without complications'],
    ['E66.811', 'Obesity, class 1'],
  ])('titles %s by its own ICD-10-CM title, "%s"', (code, title) => {
    expect(table.lookup(code)?.title).toBe(title);
    expect(conditionTitle(table, code)).toBe(title);
  });

  it('titles I50.9 "Heart failure", its own title without "unspecified" (the item asks which type)', () => {
    expect(table.lookup('I50.9')?.title).toBe('Heart failure, unspecified');
    expect(conditionTitle(table, 'I50.9')).toBe('Heart failure');
  });

  it('reads the code however it is written', () => {
    expect(conditionTitle(table, 'i509')).toBe('Heart failure');
    expect(conditionTitle(table, ' e87.1 ')).toBe('Hypo-osmolality and hyponatremia');
  });

  it('titles a category by its own title', () => {
    expect(conditionTitle(table, 'E11')).toBe('Type 2 diabetes mellitus');
  });

  it('keeps an own title that begins with "Unspecified" (E46): the condition is still named', () => {
    expect(conditionTitle(table, 'E46')).toBe('Unspecified protein-calorie malnutrition');
  });

  it('drops the "unspecified" tail of the code\'s own title, whether or not the category is in the table', () => {
    const partial = { lookup: (code: string) => (code === 'I50.9' ? { code: 'I50.9', billable: true, title: 'Heart failure, unspecified' } : undefined) } as unknown as Icd10CmTable;
    expect(conditionTitle(partial, 'I50.9')).toBe('Heart failure');
  });

  it.each(['U99.9', 'XYZ', '250.00', ''])('answers undefined for a code the table does not have, nor its category (%j)', (code) => {
    expect(conditionTitle(table, code)).toBeUndefined();
  });

  // A code that is not ICD-10-CM at all (an invalid-code item: I50.99, Q99.99) is not titled as its category.
  it.each(['I50.99', 'Q99.99'])('answers undefined for a code the table does not have, even when its category exists (%j)', (code) => {
    expect(table.lookup(code)).toBeUndefined();
    expect(conditionTitle(table, code)).toBeUndefined();
  });

  it('answers undefined without the table (not loaded yet)', () => {
    expect(conditionTitle(undefined, 'E87.1')).toBeUndefined();
    expect(conditionTitle(undefined, 'I50.9')).toBeUndefined();
  });

  // The category of some unspecified codes the gap rules suspect is not that condition's name: D69 is
  // "Purpura and other hemorrhagic conditions", D64 "Other anemias", A41 "Other sepsis", E03 "Other hypothyroidism".
  // The code's own title, without "unspecified", names the condition.
  it.each<[string, string, RegExp]>([
    ['D69.6', 'thrombocytopenia (hematology/thrombocytopenia)', /thrombocytopenia/i],
    ['D64.9', 'anemia (hematology/anemia)', /^(?!Other\b).*anemia/i],
    ['A41.9', 'sepsis (sepsis indicators)', /^(?!Other\b).*sepsis/i],
    ['E03.9', 'hypothyroidism (levothyroxine without its indication)', /^(?!Other\b).*hypothyroidism/i],
  ])('titles %s, the code of %s, by a name of that condition', (code, _condition, name) => {
    expect(conditionTitle(table, code)).toMatch(name);
  });
});
