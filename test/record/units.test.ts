import { describe, expect, it } from 'vitest';
import { canonicalUnit, normalizeQuantity, type Normalized } from '../../src/record/units';
import { equivalentLoinc, LOINC, LOINC_EQUIVALENTS } from '../../src/terminology/loinc';

const valueOf = (result: Normalized) => {
  if ('problem' in result) throw new Error(`expected a value, got the problem: ${result.problem}`);
  return result;
};
const problemOf = (result: Normalized) => {
  if (!('problem' in result)) throw new Error(`expected a problem, got ${result.value} ${result.unit}`);
  return result.problem;
};

describe('normalizeQuantity', () => {
  it.each([
    ['keeps creatinine in mg/dL', LOINC.CREATININE_SERUM, 1.2, 'mg/dL', 1.2, 'mg/dL'],
    ['reads creatinine in umol/L as mg/dL', LOINC.CREATININE_SERUM, 88.42, 'umol/L', 1, 'mg/dL'],
    ['reads creatinine in µmol/L (micro sign) as mg/dL', LOINC.CREATININE_BLOOD, 176.84, 'µmol/L', 2, 'mg/dL'],
    ['reads creatinine in mg/L as mg/dL', LOINC.CREATININE_SERUM, 12, 'mg/L', 1.2, 'mg/dL'],
    ['reads hemoglobin in g/L as g/dL', LOINC.HEMOGLOBIN, 125, 'g/L', 12.5, 'g/dL'],
    ['keeps hemoglobin in g/dL', LOINC.HEMOGLOBIN, 12.5, 'g/dL', 12.5, 'g/dL'],
    ['reads hemoglobin in mmol/L as g/dL', LOINC.HEMOGLOBIN, 8, 'mmol/L', 12.8912, 'g/dL'],
    ['reads sodium in mEq/L as mmol/L', LOINC.SODIUM_SERUM, 134, 'mEq/L', 134, 'mmol/L'],
    ['reads sodium with lower-case unit text', LOINC.SODIUM_BLOOD, 134, 'mmol/l', 134, 'mmol/L'],
    ['reads glucose in mmol/L as mg/dL', LOINC.GLUCOSE_SERUM, 10, 'mmol/L', 180.16, 'mg/dL'],
    ['reads glucose in g/L as mg/dL', LOINC.GLUCOSE_SERUM, 1.26, 'g/L', 126, 'mg/dL'],
    ['reads platelets in 10*9/L as 10*3/uL', LOINC.PLATELETS, 140, '10*9/L', 140, '10*3/uL'],
    ['reads temperature in Fahrenheit as Celsius', LOINC.BODY_TEMPERATURE, 100.4, '[degF]', 38, 'Cel'],
    ['reads weight in pounds as kg', LOINC.BODY_WEIGHT, 220, '[lb_av]', 99.79032, 'kg'],
    ['reads height in inches as cm', LOINC.BODY_HEIGHT, 70, '[in_i]', 177.8, 'cm'],
    ['reads albumin in g/L as g/dL', LOINC.ALBUMIN, 34, 'g/L', 3.4, 'g/dL'],
    ['reads albumin in µmol/L as g/dL (66.5 kDa: 150.4 µmol/L per g/dL)', LOINC.ALBUMIN, 526.4, 'µmol/L', 3.5, 'g/dL'],
    ['reads bilirubin in umol/L as mg/dL', LOINC.BILIRUBIN_TOTAL, 34.208, 'umol/L', 2, 'mg/dL'],
    ['reads lactate in mg/dL as mmol/L', LOINC.LACTATE_PLASMA, 18.016, 'mg/dL', 2, 'mmol/L'],
    ['reads BNP in ng/L as pg/mL', LOINC.BNP, 450, 'ng/L', 450, 'pg/mL'],
    ['reads BNP in pmol/L as pg/mL (3464 g/mol)', LOINC.BNP, 10, 'pmol/L', 34.64, 'pg/mL'],
    ['reads NT-proBNP in pmol/L as pg/mL (8457 g/mol)', LOINC.NT_PROBNP, 10, 'pmol/L', 84.57, 'pg/mL'],
    ['reads calcium in mmol/L as mg/dL', LOINC.CALCIUM_BLOOD, 2.5, 'mmol/L', 10.02, 'mg/dL'],
    ['reads calcium in mEq/L as mg/dL', LOINC.CALCIUM_BLOOD, 5, 'mEq/L', 10.02, 'mg/dL'],
    ['reads urea nitrogen in mmol/L (of urea) as mg/dL', LOINC.UREA_NITROGEN, 5, 'mmol/L', 14.005, 'mg/dL'],
    ['reads eGFR written as mL/min by Synthea', LOINC.EGFR_MDRD, 52, 'mL/min', 52, 'mL/min/{1.73_m2}'],
    ['reads HbA1c in IFCC mmol/mol as NGSP %', LOINC.HBA1C, 53, 'mmol/mol', 7.00044, '%'],
    ['reads PaO2 in kPa as mm[Hg]', LOINC.PAO2, 8, 'kPa', 60.00496, 'mm[Hg]'],
  ])('%s', (_title, loinc, value, unit, expected, expectedUnit) => {
    const result = valueOf(normalizeQuantity(loinc, value, unit));
    expect(result.unit).toBe(expectedUnit);
    expect(result.value).toBeCloseTo(expected, 3);
  });

  it('refuses a known analyte in a unit it cannot convert, rather than guessing', () => {
    expect(normalizeQuantity(LOINC.SODIUM_SERUM, 134, 'mg/dL')).toEqual({ problem: expect.stringContaining('not convertible to mmol/L') });
    expect(normalizeQuantity(LOINC.CREATININE_SERUM, 1.1, undefined)).toHaveProperty('problem');
  });

  it('keeps the value and unit of codes it has no canonical unit for', () => {
    expect(normalizeQuantity('2093-3', 190, 'mg/dL')).toEqual({ value: 190, unit: 'mg/dL' });
    expect(canonicalUnit('2093-3')).toBeUndefined();
    expect(canonicalUnit(LOINC.CREATININE_SERUM)).toBe('mg/dL');
  });
});

/** A result as a lab sends it: its own code and unit, read through equivalentLoinc as the record index does. */
const read = (code: string, value: number, unit: string) => {
  const loinc = equivalentLoinc(code);
  return { loinc, ...valueOf(normalizeQuantity(loinc, value, unit)) };
};

describe('a lab reported under its molar (or other equivalent) LOINC code', () => {
  const cases: Array<[title: string, code: string, value: number, unit: string, readAs: string, expected: number, expectedUnit: string]> = [
    ['reads creatinine reported in µmol/L under 14682-9 as mg/dL', '14682-9', 88.42, 'µmol/L', LOINC.CREATININE_SERUM, 1.0, 'mg/dL'],
    ['reads creatinine reported in µmol/L under 77140-2 (serum, plasma or blood) as serum mg/dL', '77140-2', 176.84, 'umol/L', LOINC.CREATININE_SERUM, 2.0, 'mg/dL'],
    ['reads creatinine reported in µmol/L under 59826-8 as blood mg/dL', '59826-8', 132.63, 'µmol/L', LOINC.CREATININE_BLOOD, 1.5, 'mg/dL'],
    ['reads glucose reported in mmol/L under 14749-6 as mg/dL', '14749-6', 7.0, 'mmol/L', LOINC.GLUCOSE_SERUM, 126.112, 'mg/dL'],
    ['reads blood glucose reported in mmol/L under 15074-8 as mg/dL', '15074-8', 3.0, 'mmol/L', LOINC.GLUCOSE_BLOOD, 54.048, 'mg/dL'],
    ['reads hemoglobin reported in mmol/L under 59260-0 as g/dL', '59260-0', 5.0, 'mmol/L', LOINC.HEMOGLOBIN, 8.057, 'g/dL'],
    ['reads hemoglobin reported in g/L under 59260-0 as g/dL', '59260-0', 95, 'g/L', LOINC.HEMOGLOBIN, 9.5, 'g/dL'],
    ['reads total bilirubin reported in µmol/L under 14631-6 as mg/dL', '14631-6', 34.208, 'µmol/L', LOINC.BILIRUBIN_TOTAL, 2.0, 'mg/dL'],
    ['reads plasma lactate reported in mg/dL under 14118-4 as mmol/L', '14118-4', 36.032, 'mg/dL', LOINC.LACTATE_PLASMA, 4.0, 'mmol/L'],
    ['reads blood lactate reported in mg/dL under 59032-3 as mmol/L', '59032-3', 18.016, 'mg/dL', LOINC.LACTATE_BLOOD, 2.0, 'mmol/L'],
    ['reads albumin reported in µmol/L under 54347-0 as g/dL', '54347-0', 451.2, 'µmol/L', LOINC.ALBUMIN, 3.0, 'g/dL'],
    ['reads IFCC HbA1c reported in mmol/mol under 59261-8 as NGSP %', '59261-8', 48, 'mmol/mol', LOINC.HBA1C, 6.54304, '%'],
    ['reads BNP reported in pmol/L under 47092-2 as pg/mL', '47092-2', 100, 'pmol/L', LOINC.BNP, 346.4, 'pg/mL'],
    ['reads NT-proBNP reported in pmol/L under 33763-4 as pg/mL', '33763-4', 100, 'pmol/L', LOINC.NT_PROBNP, 845.7, 'pg/mL'],
    ['reads NT-proBNP reported in pmol/L under 83108-1 (by immunoassay) as pg/mL', '83108-1', 236.49, 'pmol/L', LOINC.NT_PROBNP, 2000, 'pg/mL'],
    ['reads NT-proBNP reported in pg/mL under 83107-3 (by immunoassay) as it is', '83107-3', 450, 'pg/mL', LOINC.NT_PROBNP, 450, 'pg/mL'],
    ['reads blood calcium reported in mmol/L under 1996-8 as mg/dL', '1996-8', 2.5, 'mmol/L', LOINC.CALCIUM_BLOOD, 10.02, 'mg/dL'],
    ['reads serum calcium reported in mmol/L under 2000-8 as mg/dL', '2000-8', 2.2, 'mmol/L', LOINC.CALCIUM_BLOOD, 8.8176, 'mg/dL'],
    ['reads serum calcium reported in mg/dL under 17861-6 as it is', '17861-6', 9.5, 'mg/dL', LOINC.CALCIUM_BLOOD, 9.5, 'mg/dL'],
    ['reads blood urea nitrogen reported in mmol/L under 59570-2 as mg/dL', '59570-2', 5.0, 'mmol/L', LOINC.UREA_NITROGEN, 14.005, 'mg/dL'],
    ['reads serum urea nitrogen reported in mmol/L under 14937-7 as mg/dL', '14937-7', 7.1, 'mmol/L', LOINC.UREA_NITROGEN, 19.8871, 'mg/dL'],
    ['reads serum urea nitrogen reported in mg/dL under 3094-0 as it is', '3094-0', 18, 'mg/dL', LOINC.UREA_NITROGEN, 18, 'mg/dL'],
  ];

  it.each(cases)('%s', (_title, code, value, unit, readAs, expected, expectedUnit) => {
    const result = read(code, value, unit);
    expect(result.loinc).toBe(readAs);
    expect(result.unit).toBe(expectedUnit);
    expect(result.value).toBeCloseTo(expected, 2);
  });

  it('has a reading above for every entry of LOINC_EQUIVALENTS', () => {
    const tested = new Set(cases.map(([, code]) => code));
    expect(LOINC_EQUIVALENTS.map(([alternative]) => alternative).filter((code) => !tested.has(code))).toEqual([]);
  });

  it('reads 126 mg/dL of glucose the same whether the lab sent 2345-7 in mg/dL or 14749-6 in mmol/L', () => {
    expect(read('14749-6', 126 / 18.016, 'mmol/L').value).toBeCloseTo(read(LOINC.GLUCOSE_SERUM, 126, 'mg/dL').value, 6);
  });

  it.each([
    ['creatinine under 14682-9 in mmol/mol', '14682-9', 'mmol/mol'],
    ['glucose under 14749-6 in µmol/L', '14749-6', 'µmol/L'],
    ['hemoglobin under 59260-0 in %', '59260-0', '%'],
    ['albumin under 54347-0 in mmol/L', '54347-0', 'mmol/L'],
    ['HbA1c under 59261-8 in mmol/L', '59261-8', 'mmol/L'],
    ['NT-proBNP under 33763-4 in nmol/L', '33763-4', 'nmol/L'],
    ['BNP under 47092-2 in pmol/mL', '47092-2', 'pmol/mL'],
    ['urea nitrogen under 14937-7 in µmol/L', '14937-7', 'µmol/L'],
    ['lactate under 14118-4 in g/L', '14118-4', 'g/L'],
  ])('refuses %s as not convertible', (_title, code, unit) => {
    const loinc = equivalentLoinc(code);
    expect(problemOf(normalizeQuantity(loinc, 1, unit))).toContain(`not convertible to ${canonicalUnit(loinc)} for LOINC ${loinc}`);
  });
});

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'];

describe('normalizeQuantity on untrusted codes and units', () => {
  it.each(PROTOTYPE_KEYS)('treats the code %s as a code without a canonical unit', (key) => {
    expect(normalizeQuantity(key, 1, 'mg/dL')).toEqual({ value: 1, unit: 'mg/dL' });
    expect(canonicalUnit(key)).toBeUndefined();
  });

  it.each(PROTOTYPE_KEYS)('treats the unit %s as a unit it cannot convert', (key) => {
    for (const loinc of [LOINC.CREATININE_SERUM, LOINC.HBA1C, LOINC.BODY_TEMPERATURE]) {
      const result = normalizeQuantity(loinc, 1, key);
      expect(result).toEqual({ problem: expect.stringContaining('is not convertible') });
    }
  });

  it('treats a unit that is not a string (malformed JSON) as no unit, without throwing', () => {
    const notAString = 42 as unknown as string;
    expect(normalizeQuantity(LOINC.CREATININE_SERUM, 1, notAString)).toHaveProperty('problem');
    expect(normalizeQuantity(LOINC.GCS_TOTAL, 15, notAString)).toEqual({ value: 15, unit: '{score}' });
    expect(normalizeQuantity('2093-3', 190, notAString)).toEqual({ value: 190, unit: '' });
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity (JSON 1e400)', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
  ])('reports a value of %s as a problem, never as a value', (_title, value) => {
    expect(normalizeQuantity(LOINC.CREATININE_SERUM, value, 'mg/dL')).toHaveProperty('problem');
    expect(normalizeQuantity('2093-3', value, 'mg/dL')).toHaveProperty('problem');
  });

  it('reports a conversion that overflows to Infinity as a problem', () => {
    expect(problemOf(normalizeQuantity(LOINC.CREATININE_SERUM, 1e308, 'mmol/L'))).toContain('not a finite number in mg/dL');
  });

  it('shows at most 40 characters of a long unit in the problem', () => {
    const unit = `mg/${'x'.repeat(500)}`;
    const problem = problemOf(normalizeQuantity(LOINC.CREATININE_SERUM, 1, unit));
    const quoted = /unit "(.*)" is not convertible/su.exec(problem)?.[1] ?? '';
    expect([...quoted].length).toBeLessThanOrEqual(41);
    expect(quoted.endsWith('…')).toBe(true);
    expect(problem.length).toBeLessThan(120);
  });

  it('strips control, bidi and line-separator characters from the unit it shows', () => {
    const unit = 'mg/dL\u0000\u001b[31m\r\nforged line\u202e\u2028\u200b';
    const problem = problemOf(normalizeQuantity(LOINC.SODIUM_SERUM, 134, unit));
    expect(problem).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
    expect(problem).toContain('mg/dL[31mforged line');
  });

  it('does not cut a character made of two UTF-16 units when it shortens a unit', () => {
    const problem = problemOf(normalizeQuantity(LOINC.SODIUM_SERUM, 1, '😀'.repeat(60)));
    expect(problem).toContain(`"${'😀'.repeat(40)}…"`);
    expect(problem).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/); // no lone surrogate
  });

  it('never throws and never returns a function or a non-finite number, whatever the strings hold', () => {
    let seed = 20240601;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const alphabet = ['m', 'g', '/', 'd', 'L', 'µ', 'μ', 'o', 'l', '%', '[', ']', '{', '}', ' ', '\u0000', '\n', '\u202e', '😀', '_', '*', '1', '.'];
    const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
    const randomString = () => Array.from({ length: Math.floor(random() * 12) }, () => pick(alphabet)).join('');
    const codes = [...Object.values(LOINC), ...LOINC_EQUIVALENTS.map(([alternative]) => alternative), ...PROTOTYPE_KEYS];
    const units = ['mg/dL', 'umol/L', 'µmol/L', 'mmol/L', 'mmol/mol', 'pmol/L', 'g/L', '[degF]', '', ...PROTOTYPE_KEYS];
    const values = [0, -1, 1.5, 1e-300, 1e308, -1e308, Number.NaN, Number.POSITIVE_INFINITY];
    for (let i = 0; i < 5000; i++) {
      const code = random() < 0.8 ? equivalentLoinc(pick(codes)) : randomString();
      const unit = random() < 0.6 ? pick(units) : randomString();
      const result = normalizeQuantity(code, pick(values), unit);
      if ('problem' in result) {
        expect(typeof result.problem).toBe('string');
        expect(result.problem).not.toMatch(/[\p{Cc}\p{Cf}]/u);
      } else {
        expect(Number.isFinite(result.value)).toBe(true);
        expect(typeof result.unit).toBe('string');
      }
    }
  });
});
