import { describe, expect, it } from 'vitest';
import { canonicalUnit } from '../../src/record/units';
import { equivalentLoinc, LOINC, LOINC_EQUIVALENTS } from '../../src/terminology/loinc';

const READ_CODES = new Set<string>(Object.values(LOINC));

describe('LOINC_EQUIVALENTS', () => {
  it('lists each alternative code once', () => {
    const alternatives = LOINC_EQUIVALENTS.map(([alternative]) => alternative);
    expect(new Set(alternatives).size).toBe(alternatives.length);
  });

  it('maps every alternative code to a code Clarify reads, in one step and never onto itself', () => {
    for (const [alternative, readAs] of LOINC_EQUIVALENTS) {
      expect(READ_CODES.has(readAs), `${alternative} → ${readAs}`).toBe(true);
      expect(READ_CODES.has(alternative), `${alternative} is itself a code Clarify reads`).toBe(false);
      expect(equivalentLoinc(readAs)).toBe(readAs);
    }
  });

  it('maps only onto codes that have a canonical unit, so the alternative unit is converted or refused', () => {
    for (const [alternative, readAs] of LOINC_EQUIVALENTS) expect(canonicalUnit(readAs), `${alternative} → ${readAs}`).toBeDefined();
  });

  it('writes codes in LOINC form (digits, hyphen, check digit)', () => {
    for (const [alternative] of LOINC_EQUIVALENTS) expect(alternative).toMatch(/^\d{1,7}-\d$/);
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(LOINC_EQUIVALENTS)).toBe(true);
    for (const entry of LOINC_EQUIVALENTS) expect(Object.isFrozen(entry)).toBe(true);
  });
});

describe('equivalentLoinc', () => {
  it.each([
    ['14682-9', LOINC.CREATININE_SERUM],
    ['59826-8', LOINC.CREATININE_BLOOD],
    ['14749-6', LOINC.GLUCOSE_SERUM],
    ['15074-8', LOINC.GLUCOSE_BLOOD],
    ['59260-0', LOINC.HEMOGLOBIN],
    ['14631-6', LOINC.BILIRUBIN_TOTAL],
    ['33763-4', LOINC.NT_PROBNP],
    ['59261-8', LOINC.HBA1C],
  ])('reads %s as %s', (alternative, readAs) => {
    expect(equivalentLoinc(alternative)).toBe(readAs);
  });

  it('returns a code Clarify reads as it is', () => {
    for (const code of READ_CODES) expect(equivalentLoinc(code)).toBe(code);
  });

  it('returns an unknown code as it is', () => {
    expect(equivalentLoinc('2093-3')).toBe('2093-3');
    expect(equivalentLoinc('')).toBe('');
    expect(equivalentLoinc(' 14682-9')).toBe(' 14682-9');
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'prototype'])(
    'treats the prototype key %s as an unknown code',
    (key) => {
      expect(equivalentLoinc(key)).toBe(key);
    },
  );

  it('does not read urea as urea nitrogen (a mass result would be misread by a factor of 2.14)', () => {
    expect(equivalentLoinc('22664-7')).toBe('22664-7'); // Urea [Moles/volume] in Serum or Plasma
    expect(equivalentLoinc('3091-6')).toBe('3091-6'); // Urea [Mass/volume] in Serum or Plasma
  });
});
