/**
 * Sodium and potassium as the rule families read them (the documentation-gap triggers in rules/gaps and the
 * clinical-validation checks in rules/validation): the LOINC codes of each analyte and the adult reference
 * limits a value is judged against, each limit itself normal.
 *
 * Sodium 135–145 mmol/L: hyponatremia is a serum sodium below 135 mmol/L (Spasovski G et al., Clinical
 * practice guideline on diagnosis and treatment of hyponatraemia, Eur J Endocrinol 2014;170:G1–G47),
 * hypernatremia one above 145 mmol/L (Adrogué HJ, Madias NE, Hypernatremia, N Engl J Med 2000;342:1493).
 * Potassium 3.5–5.0 mmol/L: the usual adult reference interval (shared/DOMAIN.md §2: hypokalemia below 3.5,
 * hyperkalemia above 5.0 mmol/L).
 */
import { LOINC } from '../../terminology/loinc';

/** Sodium in serum or plasma, and in blood. */
export const SODIUM_LOINC = [LOINC.SODIUM_SERUM, LOINC.SODIUM_BLOOD] as const;
/** Potassium in serum or plasma, and in blood. */
export const POTASSIUM_LOINC = [LOINC.POTASSIUM_SERUM, LOINC.POTASSIUM_BLOOD] as const;

/** mmol/L: below `low` a sodium is low, above `high` it is high (both limits themselves normal). */
export const SODIUM_REFERENCE_LIMITS: Readonly<{ low: number; high: number }> = { low: 135, high: 145 };
/** mmol/L: below `low` a potassium is low, above `high` it is high (both limits themselves normal). */
export const POTASSIUM_REFERENCE_LIMITS: Readonly<{ low: number; high: number }> = { low: 3.5, high: 5.0 };
