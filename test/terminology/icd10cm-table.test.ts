import { beforeAll, describe, expect, it } from 'vitest';
import { dottedIcd10, loadIcd10Cm, matchesIcd10Target, undottedIcd10, type Icd10CmTable } from '../../src/terminology/icd10cm/icd10cm-table';

let table: Icd10CmTable;
beforeAll(async () => void (table = await loadIcd10Cm()));

describe('ICD-10-CM FY2026 table', () => {
  it('holds every code of the FY2026 order file: 74,719 billable codes and 23,467 headers', () => {
    expect(table.size).toBe(98_186);
  });

  it.each([
    ['E11', { code: 'E11', billable: false, title: 'Type 2 diabetes mellitus' }],
    ['E11.9', { code: 'E11.9', billable: true, title: 'Type 2 diabetes mellitus without complications' }],
    ['e119', { code: 'E11.9', billable: true, title: 'Type 2 diabetes mellitus without complications' }],
    [' I10 ', { code: 'I10', billable: true, title: 'Essential (primary) hypertension' }],
    ['S72.001A', { code: 'S72.001A', billable: true, title: 'Fracture of unsp part of neck of right femur, init' }],
    ['E66.811', { code: 'E66.811', billable: true, title: 'Obesity, class 1' }],
  ])('looks up %s', (code, expected) => {
    expect(table.lookup(code)).toEqual(expected);
  });

  it.each(['E11.99', 'U99.9', 'E11.', 'E1.19', '', 'not a code'])('does not know %j', (code) => {
    expect(table.lookup(code)).toBeUndefined();
  });

  it('knows the codes deleted in FY2026, with their FY2025 title', () => {
    expect(table.lookup('S30.1XXA')).toBeUndefined();
    expect(table.deletedInFy2026('S30.1XXA')).toBe('Contusion of abdominal wall, initial encounter');
    expect(table.deletedInFy2026('E11.9')).toBeUndefined();
  });

  it('knows the FY2025 billable codes that FY2026 subdivided into headers', () => {
    expect(table.lookup('B88.0')?.billable).toBe(false);
    expect(table.subdividedInFy2026('B88.0')).toBe(true);
    expect(table.subdividedInFy2026('E11')).toBe(false);
  });

  it('lists the billable codes under a header in tabular order', () => {
    const children = table.billableChildren('E11').map((c) => c.code);
    expect(children[0]).toBe('E11.00');
    expect(children).toContain('E11.22');
    expect(children).toContain('E11.9');
    expect(children.every((c) => c.startsWith('E11.'))).toBe(true);
    expect(table.billableChildren('E11.9')).toEqual([]);
  });

  it('inherits tabular notes from the headers above a code', () => {
    expect(table.notesFor('E11.9', 'excludes1').map((n) => n.target)).toEqual(expect.arrayContaining(['E10', 'O244', 'E13']));
    expect(table.notesFor('E11.22', 'useadditional')).toContainEqual({ owner: 'E11.22', target: 'N181-N186' });
    expect(table.notesFor('D63.1', 'codefirst')).toContainEqual({ owner: 'D63.1', target: 'N18' });
  });
});

describe('ICD-10-CM code forms', () => {
  it('writes codes with and without the dot', () => {
    expect(undottedIcd10(' e11.9 ')).toBe('E119');
    expect(dottedIcd10('E119')).toBe('E11.9');
    expect(dottedIcd10('I10')).toBe('I10');
    expect(dottedIcd10('s72001a')).toBe('S72.001A');
  });

  it.each([
    ['E11.22', 'E11', true], ['E10.9', 'E11', false], ['O24.41', 'O244', true], ['E11.9', 'E08-E13', true],
    ['E14', 'E08-E13', false], ['E07.9', 'E08-E13', false], ['N18.30', 'N181-N186', true], ['N18.6', 'N181-N186', true],
    ['N18.9', 'N181-N186', false], ['N18', 'N181-N186', false],
  ])('%s under %s: %s', (code, target, expected) => {
    expect(matchesIcd10Target(code, target)).toBe(expected);
  });
});
