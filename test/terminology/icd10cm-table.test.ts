import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { Icd10CmTable, dottedIcd10, hasIcd10CmForm, loadIcd10Cm, matchesIcd10Target, undottedIcd10 } from '../../src/terminology/icd10cm/icd10cm-table';

const TABLE_FILE = resolve(process.cwd(), 'src/terminology/icd10cm/icd10cm-fy2026.txt');
/** The release files generate.mjs reads, when this machine has them. */
const SOURCE = [resolve(process.cwd(), '../shared/data/icd10cm')].find((d) => existsSync(join(d, 'icd10cm-order-2026.txt')));

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

  it('finds the codes of category QA0, new in FY2026, whose second character is a letter', () => {
    expect(table.lookup('QA0.0101')).toEqual({ code: 'QA0.0101', billable: true, title: 'SCN2A-related neurodevelopmental disorder' });
    expect(table.lookup('QA0')?.billable).toBe(false);
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

  it('knows the codes naming the side of a code of unspecified side', () => {
    expect(table.lateralSiblings('M25.569')).toEqual({
      right: { code: 'M25.561', billable: true, title: 'Pain in right knee' },
      left: { code: 'M25.562', billable: true, title: 'Pain in left knee' },
    });
    expect(table.lateralSiblings(' m25569 ')).toEqual(table.lateralSiblings('M25.569'));
    expect(table.lateralSiblings('H35.029')).toMatchObject({ right: { code: 'H35.021' }, left: { code: 'H35.022' }, bilateral: { code: 'H35.023' } });
    expect(table.lateralSiblings('S02.400A')).toMatchObject({ right: { code: 'S02.40AA' }, left: { code: 'S02.40BA' } });
    expect(table.lateralSiblings('H40.1190')).toMatchObject({ right: { code: 'H40.1110' }, left: { code: 'H40.1120' }, bilateral: { code: 'H40.1130' } });
  });

  it.each([
    ['M25.561', 'names the side'], ['I50.9', 'has no side'], ['M25.56', 'is a header'], ['G81.90', 'hemiplegia: dominant or not'],
    ['S62.659A', 'unspecified finger: the siblings name a finger'], ['X99.99', 'is not a code'], ['not a code', 'is not a code'],
  ])('has no lateral siblings for %s (%s)', (code) => {
    expect(table.lateralSiblings(code)).toEqual({});
  });

  it('has, for 11,417 billable codes of unspecified side, billable right and left codes differing in one character', () => {
    const billable: string[] = [];
    for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') for (let digit = 0; digit <= 9; digit++) for (const third of '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
      const category = table.lookup(`${letter}${digit}${third}`);
      if (category?.billable) billable.push(category.code);
      if (category) billable.push(...table.billableChildren(category.code).map((c) => c.code));
    }
    let withSiblings = 0;
    const wrong: string[] = [];
    for (const code of billable) {
      const siblings = table.lateralSiblings(code);
      const codes = Object.values(siblings).map((s) => s.code);
      if (codes.length === 0) continue;
      withSiblings++;
      const changed = codes.map((c) => [...c].flatMap((character, i) => (character === code[i] ? [] : [i])));
      if (!siblings.right || !siblings.left || /\b(right|left|bilateral)\b/i.test(table.lookup(code)!.title)
        || !changed.every((positions) => positions.length === 1 && positions[0] === changed[0]![0])
        || !Object.values(siblings).every((s) => s.billable)) wrong.push(code);
    }
    expect(wrong).toEqual([]);
    expect(withSiblings).toBe(11_417);
  });
});

describe('the ICD-10-CM table file', () => {
  const text = readFileSync(TABLE_FILE, 'utf8');

  it('stays within its budget: 400 KB gzip -9 (it is fetched when a record holds ICD-10-CM codes)', () => {
    expect(gzipSync(text, { level: 9 }).length).toBeLessThanOrEqual(400 * 1024);
  });

  it.skipIf(!SOURCE)('is what generate.mjs writes from the release files (npm run terminology), byte for byte', () => {
    const directory = mkdtempSync(join(tmpdir(), 'icd10cm-'));
    try {
      const out = join(directory, 'icd10cm-fy2026.txt');
      execFileSync(process.execPath, [resolve(process.cwd(), 'src/terminology/icd10cm/generate.mjs'), SOURCE!, out], { stdio: 'pipe' });
      expect(readFileSync(out, 'utf8') === text).toBe(true);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }, 30_000);

  // M17.10, M17.11, M17.12, front-coded as the generator writes them, with a @lateral line on M17.10.
  const small = (lateral: string[]) => Icd10CmTable.parse([
    '@codes 3', '0M1710', '41', '42', '@billable', '111', '@titleshare', '000',
    '@titles', 'Unilateral primary osteoarthritis, unspecified knee', 'Unilateral primary osteoarthritis, right knee', 'Unilateral primary osteoarthritis, left knee',
    ...lateral, '',
  ].join('\n'));

  it('decodes the @lateral section: the code by its index, the siblings by the characters at one position', () => {
    expect(small(['@lateral', '0 412']).lateralSiblings('M17.10')).toEqual({
      right: { code: 'M17.11', billable: true, title: 'Unilateral primary osteoarthritis, right knee' },
      left: { code: 'M17.12', billable: true, title: 'Unilateral primary osteoarthritis, left knee' },
    });
    expect(small(['@lateral', '0 412']).lateralSiblings('M17.11')).toEqual({});
  });

  it('reads a file without the @lateral section (no lateral siblings) and rejects a @lateral line naming no code', () => {
    expect(small([]).lateralSiblings('M17.10')).toEqual({});
    expect(() => small(['@lateral', '3 412'])).toThrow(/damaged/);
    expect(() => small(['@lateral', '0 812'])).toThrow(/damaged/);
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
    ['E11.9', true], ['e119', true], ['S72.001A', true], ['QA0.0101', true], ['I10', true],
    ['250.00', false], ['E1', false], ['E11.12345', false], ['1E1.9', false], ['', false],
  ])('%s has the form of an ICD-10-CM code: %s', (code, expected) => {
    expect(hasIcd10CmForm(code)).toBe(expected);
  });

  it.each([
    ['E11.22', 'E11', true], ['E10.9', 'E11', false], ['O24.41', 'O244', true], ['E11.9', 'E08-E13', true],
    ['E14', 'E08-E13', false], ['E07.9', 'E08-E13', false], ['N18.30', 'N181-N186', true], ['N18.6', 'N181-N186', true],
    ['N18.9', 'N181-N186', false], ['N18', 'N181-N186', false],
  ])('%s under %s: %s', (code, target, expected) => {
    expect(matchesIcd10Target(code, target)).toBe(expected);
  });
});
