/**
 * Normalizes lab and vital-sign quantities to one canonical UCUM unit per LOINC code, so rules compare
 * numbers, not unit spellings. A result reported under an equivalent code (LOINC_EQUIVALENTS in
 * terminology/loinc.ts, e.g. a molar code) reaches here as the code Clarify reads, in its own unit.
 * Molar ↔ mass factors use the analyte's molar mass:
 * - creatinine 113.12 g/mol → 88.42 µmol/L per mg/dL; glucose 180.16 g/mol → 18.016 mg/dL per mmol/L;
 *   urea nitrogen 2 × 14.007 g/mol → 2.801 mg/dL per mmol/L (of urea); calcium 40.08 g/mol → 4.008 mg/dL
 *   per mmol/L; bilirubin 584.66 g/mol → 17.104 µmol/L per mg/dL; lactate 90.08 g/mol → 9.008 mg/dL per
 *   mmol/L; hemoglobin monomer 16 114 g/mol → 1.6114 g/dL per mmol/L (SI unit conversion tables, AMA
 *   Manual of Style, 11th ed.).
 * - albumin 66.5 kDa → 1 g/dL = 150.4 µmol/L (10 g/L ÷ 66 500 g/mol; Tietz reference intervals give
 *   3.5 g/dL = 527 µmol/L, i.e. 150.6).
 * - BNP-32 3464 g/mol → 1 pmol/L = 3.464 pg/mL (1 pg/mL = 0.289 pmol/L); NT-proBNP (1-76) 8457 g/mol →
 *   1 pmol/L = 8.457 pg/mL (1 pg/mL = 0.118 pmol/L). Consistent with the published pairs BNP 100 pg/mL =
 *   29 pmol/L and NT-proBNP 400 pg/mL = 47 pmol/L, 2000 pg/mL = 236 pmol/L (NICE heart-failure thresholds as
 *   tabulated by GPnotebook).
 * - HbA1c IFCC mmol/mol → NGSP %: NGSP = 0.09148 × IFCC + 2.152 (IFCC–NGSP master equation, ngsp.org).
 * UCUM: https://ucum.org/ucum
 * Every table here is a Map: a unit or code from the record is untrusted, and '__proto__', 'constructor'
 * or 'toString' must be an unknown key, never a property of Object.prototype.
 */
import { LOINC } from '../terminology/loinc';

type Conversion = number | ((value: number) => number);

/** Unit spellings (lower-cased, µ → u) and how each reaches the canonical unit. */
type UnitTable = Readonly<Record<string, Conversion>>;

interface Analyte {
  /** Canonical UCUM unit. */
  unit: string;
  /** Accepted unit spellings (lower-cased, µ → u) and how to reach the canonical unit. */
  from: ReadonlyMap<string, Conversion>;
}

/** An analyte from a literal table: Object.entries reads own keys only, and the Map never consults a prototype. */
function analyte(unit: string, from: UnitTable): Analyte {
  return { unit, from: new Map(Object.entries(from)) };
}

const fahrenheitToCelsius = (f: number) => ((f - 32) * 5) / 9;

const MMOL_PER_L = analyte('mmol/L', { 'mmol/l': 1, 'meq/l': 1 });
const PER_MIN = analyte('/min', { '/min': 1, 'beats/min': 1, '{beats}/min': 1, 'bpm': 1, 'breaths/min': 1, '{breaths}/min': 1 });
const PERCENT = analyte('%', { '%': 1 });
const MM_HG = analyte('mm[Hg]', { 'mm[hg]': 1, 'mmhg': 1, 'kpa': 7.50062 });
const CELLS_PER_UL = analyte('10*3/uL', {
  '10*3/ul': 1, '10^3/ul': 1, 'k/ul': 1, 'x10e3/ul': 1, 'thou/ul': 1, '10*9/l': 1, '10^9/l': 1, '/ul': 0.001,
});
// The LOINC codes themselves are "per 1.73 sq M"; some exports (Synthea) write the unit as mL/min.
const EGFR = analyte('mL/min/{1.73_m2}', { 'ml/min/{1.73_m2}': 1, 'ml/min/1.73m2': 1, 'ml/min/1.73 m2': 1, 'ml/min': 1 });
const CELSIUS = analyte('Cel', {
  'cel': 1, 'degc': 1, '°c': 1, '[degf]': fahrenheitToCelsius, 'degf': fahrenheitToCelsius, '°f': fahrenheitToCelsius,
});
// Creatinine 113.12 g/mol: 88.42 µmol/L per mg/dL; some European labs report mg/L (HL7 Switzerland lists it for 2160-0).
const CREATININE = analyte('mg/dL', { 'mg/dl': 1, 'mg/l': 0.1, 'umol/l': 1 / 88.42, 'mmol/l': 1000 / 88.42 });
// Glucose 180.16 g/mol: 18.016 mg/dL per mmol/L; French labs report g/L.
const GLUCOSE = analyte('mg/dL', { 'mg/dl': 1, 'g/l': 100, 'mmol/l': 18.016 });
// Lactate 90.08 g/mol: 9.008 mg/dL per mmol/L.
const LACTATE = analyte('mmol/L', { 'mmol/l': 1, 'meq/l': 1, 'mg/dl': 1 / 9.008 });
// Urea nitrogen: 2.801 mg/dL per mmol/L of urea (two N of 14.007 g/mol each).
const UREA_NITROGEN = analyte('mg/dL', { 'mg/dl': 1, 'mmol/l': 2.801 });
// Calcium 40.08 g/mol: 4.008 mg/dL per mmol/L; divalent, so 1 mEq/L = 0.5 mmol/L = 2.004 mg/dL.
const CALCIUM = analyte('mg/dL', { 'mg/dl': 1, 'mmol/l': 4.008, 'meq/l': 2.004 });
// Hemoglobin monomer 16 114 g/mol: 1.6114 g/dL per mmol/L.
const HEMOGLOBIN = analyte('g/dL', { 'g/dl': 1, 'g/l': 0.1, 'mmol/l': 1.6114 });
// Albumin 66.5 kDa: 1 g/dL = 150.4 µmol/L.
const ALBUMIN = analyte('g/dL', { 'g/dl': 1, 'g/l': 0.1, 'umol/l': 1 / 150.4 });
// Bilirubin 584.66 g/mol: 17.104 µmol/L per mg/dL.
const BILIRUBIN = analyte('mg/dL', { 'mg/dl': 1, 'umol/l': 1 / 17.104 });
// HbA1c: IFCC mmol/mol → NGSP % by the master equation NGSP = 0.09148 × IFCC + 2.152.
const HBA1C = analyte('%', { '%': 1, 'mmol/mol': (ifcc) => 0.09148 * ifcc + 2.152 });
// BNP-32 3464 g/mol: 1 pmol/L = 3.464 pg/mL.
const BNP = analyte('pg/mL', { 'pg/ml': 1, 'ng/l': 1, 'pmol/l': 3.464 });
// NT-proBNP 8457 g/mol: 1 pmol/L = 8.457 pg/mL.
const NT_PROBNP = analyte('pg/mL', { 'pg/ml': 1, 'ng/l': 1, 'pmol/l': 8.457 });

const ANALYTES: ReadonlyMap<string, Analyte> = new Map([
  [LOINC.SODIUM_SERUM, MMOL_PER_L],
  [LOINC.SODIUM_BLOOD, MMOL_PER_L],
  [LOINC.POTASSIUM_SERUM, MMOL_PER_L],
  [LOINC.POTASSIUM_BLOOD, MMOL_PER_L],
  [LOINC.CHLORIDE_BLOOD, MMOL_PER_L],
  [LOINC.CO2_BLOOD, MMOL_PER_L],
  [LOINC.GLUCOSE_SERUM, GLUCOSE],
  [LOINC.GLUCOSE_BLOOD, GLUCOSE],
  [LOINC.UREA_NITROGEN, UREA_NITROGEN],
  [LOINC.CREATININE_SERUM, CREATININE],
  [LOINC.CREATININE_BLOOD, CREATININE],
  [LOINC.CALCIUM_BLOOD, CALCIUM],
  [LOINC.EGFR_MDRD, EGFR],
  [LOINC.EGFR_NON_BLACK, EGFR],
  [LOINC.EGFR_CKD_EPI_2021, EGFR],
  [LOINC.HEMOGLOBIN, HEMOGLOBIN],
  [LOINC.HEMATOCRIT, analyte('%', { '%': 1, 'l/l': 100 })],
  [LOINC.PLATELETS, CELLS_PER_UL],
  [LOINC.LEUKOCYTES, CELLS_PER_UL],
  [LOINC.BANDS, PERCENT],
  [LOINC.BANDS_MANUAL, PERCENT],
  [LOINC.ALBUMIN, ALBUMIN],
  [LOINC.BILIRUBIN_TOTAL, BILIRUBIN],
  [LOINC.LACTATE_PLASMA, LACTATE],
  [LOINC.LACTATE_BLOOD, LACTATE],
  [LOINC.HBA1C, HBA1C],
  [LOINC.BNP, BNP],
  [LOINC.NT_PROBNP, NT_PROBNP],
  [LOINC.LVEF, PERCENT],
  [LOINC.BODY_TEMPERATURE, CELSIUS],
  [LOINC.ORAL_TEMPERATURE, CELSIUS],
  [LOINC.HEART_RATE, PER_MIN],
  [LOINC.RESPIRATORY_RATE, PER_MIN],
  [LOINC.OXYGEN_SATURATION_PULSE_OX, PERCENT],
  [LOINC.OXYGEN_SATURATION, PERCENT],
  [LOINC.PAO2, MM_HG],
  [LOINC.PACO2, MM_HG],
  [LOINC.PH_ARTERIAL, analyte('[pH]', { '[ph]': 1, 'ph': 1, '': 1 })],
  [LOINC.FIO2, analyte('%', { '%': 1, '1': 100, '{ratio}': 100 })],
  [LOINC.OXYGEN_FLOW, analyte('L/min', { 'l/min': 1 })],
  [LOINC.MEAN_ARTERIAL_PRESSURE, MM_HG],
  [LOINC.SYSTOLIC_BP, MM_HG],
  [LOINC.DIASTOLIC_BP, MM_HG],
  [LOINC.GCS_TOTAL, analyte('{score}', { '{score}': 1, '{total}': 1, '{points}': 1, '': 1 })],
  [LOINC.BODY_WEIGHT, analyte('kg', { 'kg': 1, 'g': 0.001, '[lb_av]': 0.45359237, 'lb': 0.45359237, 'lbs': 0.45359237 })],
  [LOINC.BODY_HEIGHT, analyte('cm', { 'cm': 1, 'm': 100, '[in_i]': 2.54, 'in': 2.54 })],
  [LOINC.BMI, analyte('kg/m2', { 'kg/m2': 1, 'kg/m^2': 1 })],
]);

/** The unit as a table key: trimmed, lower-cased, micro sign and Greek mu as u. Not a string: no unit. */
function unitKey(unit: unknown): string {
  return typeof unit === 'string' ? unit.trim().replace(/[µμ]/g, 'u').toLowerCase() : '';
}

/** How much of an untrusted string a problem text shows. */
const SHOWN_CHARACTERS = 40;

/**
 * Untrusted text made safe to quote in a problem: control, format (bidi overrides, zero-width) and
 * line/paragraph separator characters dropped, then at most SHOWN_CHARACTERS characters (code points,
 * so a surrogate pair is never cut), with … when cut.
 */
function shown(text: unknown): string {
  if (typeof text !== 'string') return '';
  const characters = [...text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')];
  return characters.length > SHOWN_CHARACTERS ? `${characters.slice(0, SHOWN_CHARACTERS).join('')}…` : characters.join('');
}

export type Normalized = { value: number; unit: string } | { problem: string };

/**
 * The value in the LOINC code's canonical unit. Codes without a canonical unit keep their own unit;
 * a known code in a unit that cannot be converted is a problem, never a silent guess, and so is a value
 * that is not a finite number before or after conversion. Never throws, whatever the strings hold.
 */
export function normalizeQuantity(loinc: string, value: number, unit: string | undefined): Normalized {
  const known = ANALYTES.get(loinc);
  if (!Number.isFinite(value)) return { problem: `a value that is not a finite number for LOINC ${shown(loinc)}` };
  if (!known) return { value, unit: typeof unit === 'string' ? unit : '' };
  const conversion = known.from.get(unitKey(unit));
  if (conversion === undefined) {
    return { problem: `unit "${shown(unit)}" is not convertible to ${known.unit} for LOINC ${loinc}` };
  }
  const converted = typeof conversion === 'number' ? value * conversion : conversion(value);
  if (!Number.isFinite(converted)) {
    return { problem: `a value that is not a finite number in ${known.unit} for LOINC ${loinc}` };
  }
  return { value: converted, unit: known.unit };
}

/** The canonical unit Clarify reports a LOINC code in, if it has one. */
export function canonicalUnit(loinc: string): string | undefined {
  return ANALYTES.get(loinc)?.unit;
}
