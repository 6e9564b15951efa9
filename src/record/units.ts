/**
 * Normalizes lab and vital-sign quantities to one canonical UCUM unit per LOINC code, so rules compare
 * numbers, not unit spellings. Molar ↔ mass factors use the analyte's molar mass (creatinine 113.12 g/mol
 * → 88.42 µmol/L per mg/dL; glucose 180.16 → 18.016 mg/dL per mmol/L; urea nitrogen 2.801; calcium 4.008;
 * bilirubin 17.104; lactate 9.008; hemoglobin monomer 1.6114 g/dL per mmol/L).
 * UCUM: https://ucum.org/ucum ; conversion factors: SI unit conversion tables (AMA Manual of Style, 11th ed.).
 */
import { LOINC } from '../terminology/loinc';

type Conversion = number | ((value: number) => number);

interface Analyte {
  /** Canonical UCUM unit. */
  unit: string;
  /** Accepted unit spellings (lower-cased, µ → u) and how to reach the canonical unit. */
  from: Record<string, Conversion>;
}

const MMOL_PER_L: Analyte = { unit: 'mmol/L', from: { 'mmol/l': 1, 'meq/l': 1 } };
const PER_MIN: Analyte = { unit: '/min', from: { '/min': 1, 'beats/min': 1, '{beats}/min': 1, 'bpm': 1, 'breaths/min': 1, '{breaths}/min': 1 } };
const PERCENT: Analyte = { unit: '%', from: { '%': 1 } };
const MM_HG: Analyte = { unit: 'mm[Hg]', from: { 'mm[hg]': 1, 'mmhg': 1, 'kpa': 7.50062 } };
const CELLS_PER_UL: Analyte = {
  unit: '10*3/uL',
  from: { '10*3/ul': 1, '10^3/ul': 1, 'k/ul': 1, 'x10e3/ul': 1, 'thou/ul': 1, '10*9/l': 1, '10^9/l': 1, '/ul': 0.001 },
};
const EGFR: Analyte = {
  unit: 'mL/min/{1.73_m2}',
  // The LOINC codes themselves are "per 1.73 sq M"; some exports (Synthea) write the unit as mL/min.
  from: { 'ml/min/{1.73_m2}': 1, 'ml/min/1.73m2': 1, 'ml/min/1.73 m2': 1, 'ml/min': 1 },
};
const CELSIUS: Analyte = {
  unit: 'Cel',
  from: { 'cel': 1, 'degc': 1, '°c': 1, '[degf]': (f) => ((f - 32) * 5) / 9, 'degf': (f) => ((f - 32) * 5) / 9, '°f': (f) => ((f - 32) * 5) / 9 },
};
const PG_PER_ML: Analyte = { unit: 'pg/mL', from: { 'pg/ml': 1, 'ng/l': 1 } };
const MG_PER_DL_CREATININE: Analyte = { unit: 'mg/dL', from: { 'mg/dl': 1, 'umol/l': 1 / 88.42, 'mmol/l': 1000 / 88.42 } };
const MG_PER_DL_GLUCOSE: Analyte = { unit: 'mg/dL', from: { 'mg/dl': 1, 'mmol/l': 18.016 } };
const LACTATE: Analyte = { unit: 'mmol/L', from: { 'mmol/l': 1, 'meq/l': 1, 'mg/dl': 1 / 9.008 } };

const ANALYTES: Record<string, Analyte> = {
  [LOINC.SODIUM_SERUM]: MMOL_PER_L,
  [LOINC.SODIUM_BLOOD]: MMOL_PER_L,
  [LOINC.POTASSIUM_SERUM]: MMOL_PER_L,
  [LOINC.POTASSIUM_BLOOD]: MMOL_PER_L,
  [LOINC.CHLORIDE_BLOOD]: MMOL_PER_L,
  [LOINC.CO2_BLOOD]: MMOL_PER_L,
  [LOINC.GLUCOSE_SERUM]: MG_PER_DL_GLUCOSE,
  [LOINC.GLUCOSE_BLOOD]: MG_PER_DL_GLUCOSE,
  [LOINC.UREA_NITROGEN]: { unit: 'mg/dL', from: { 'mg/dl': 1, 'mmol/l': 2.801 } },
  [LOINC.CREATININE_SERUM]: MG_PER_DL_CREATININE,
  [LOINC.CREATININE_BLOOD]: MG_PER_DL_CREATININE,
  [LOINC.CALCIUM_BLOOD]: { unit: 'mg/dL', from: { 'mg/dl': 1, 'mmol/l': 4.008 } },
  [LOINC.EGFR_MDRD]: EGFR,
  [LOINC.EGFR_NON_BLACK]: EGFR,
  [LOINC.EGFR_CKD_EPI_2021]: EGFR,
  [LOINC.HEMOGLOBIN]: { unit: 'g/dL', from: { 'g/dl': 1, 'g/l': 0.1, 'mmol/l': 1.6114 } },
  [LOINC.HEMATOCRIT]: { unit: '%', from: { '%': 1, 'l/l': 100 } },
  [LOINC.PLATELETS]: CELLS_PER_UL,
  [LOINC.LEUKOCYTES]: CELLS_PER_UL,
  [LOINC.ALBUMIN]: { unit: 'g/dL', from: { 'g/dl': 1, 'g/l': 0.1 } },
  [LOINC.BILIRUBIN_TOTAL]: { unit: 'mg/dL', from: { 'mg/dl': 1, 'umol/l': 1 / 17.104 } },
  [LOINC.LACTATE_PLASMA]: LACTATE,
  [LOINC.LACTATE_BLOOD]: LACTATE,
  // IFCC mmol/mol → NGSP %: NGSP = 0.09148 × IFCC + 2.152 (NGSP/IFCC master equation).
  [LOINC.HBA1C]: { unit: '%', from: { '%': 1, 'mmol/mol': (ifcc) => 0.09148 * ifcc + 2.152 } },
  [LOINC.BNP]: PG_PER_ML,
  [LOINC.NT_PROBNP]: PG_PER_ML,
  [LOINC.LVEF]: PERCENT,
  [LOINC.BODY_TEMPERATURE]: CELSIUS,
  [LOINC.ORAL_TEMPERATURE]: CELSIUS,
  [LOINC.HEART_RATE]: PER_MIN,
  [LOINC.RESPIRATORY_RATE]: PER_MIN,
  [LOINC.OXYGEN_SATURATION_PULSE_OX]: PERCENT,
  [LOINC.OXYGEN_SATURATION]: PERCENT,
  [LOINC.PAO2]: MM_HG,
  [LOINC.PACO2]: MM_HG,
  [LOINC.PH_ARTERIAL]: { unit: '[pH]', from: { '[ph]': 1, 'ph': 1, '': 1 } },
  [LOINC.FIO2]: { unit: '%', from: { '%': 1, '1': 100, '{ratio}': 100 } },
  [LOINC.OXYGEN_FLOW]: { unit: 'L/min', from: { 'l/min': 1 } },
  [LOINC.MEAN_ARTERIAL_PRESSURE]: MM_HG,
  [LOINC.SYSTOLIC_BP]: MM_HG,
  [LOINC.DIASTOLIC_BP]: MM_HG,
  [LOINC.GCS_TOTAL]: { unit: '{score}', from: { '{score}': 1, '{total}': 1, '{points}': 1, '': 1 } },
  [LOINC.BODY_WEIGHT]: { unit: 'kg', from: { 'kg': 1, 'g': 0.001, '[lb_av]': 0.45359237, 'lb': 0.45359237, 'lbs': 0.45359237 } },
  [LOINC.BODY_HEIGHT]: { unit: 'cm', from: { 'cm': 1, 'm': 100, '[in_i]': 2.54, 'in': 2.54 } },
  [LOINC.BMI]: { unit: 'kg/m2', from: { 'kg/m2': 1, 'kg/m^2': 1 } },
};

function unitKey(unit: string | undefined): string {
  return (unit ?? '').trim().replace(/[µμ]/g, 'u').toLowerCase();
}

export type Normalized = { value: number; unit: string } | { problem: string };

/**
 * The value in the LOINC code's canonical unit. Codes without a canonical unit keep their own unit;
 * a known code in a unit that cannot be converted is a problem, never a silent guess.
 */
export function normalizeQuantity(loinc: string, value: number, unit: string | undefined): Normalized {
  const analyte = ANALYTES[loinc];
  if (!analyte) return { value, unit: unit ?? '' };
  const conversion = analyte.from[unitKey(unit)];
  if (conversion === undefined) return { problem: `unit "${unit ?? ''}" is not convertible to ${analyte.unit} for LOINC ${loinc}` };
  return { value: typeof conversion === 'number' ? value * conversion : conversion(value), unit: analyte.unit };
}

/** The canonical unit Clarify reports a LOINC code in, if it has one. */
export function canonicalUnit(loinc: string): string | undefined {
  return ANALYTES[loinc]?.unit;
}
