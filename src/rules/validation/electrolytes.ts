/**
 * Clinical validation of documented electrolyte disorders (issue 15): hyponatremia, hypernatremia, hypokalemia
 * and hyperkalemia documented for the review while no value in the review window lies beyond the limit.
 *
 * Criteria: one value beyond the reference limit in the review window supports the diagnosis (issue 15: "a
 * value beyond the limit in the window"); the limit itself is normal (engine/electrolyte-limits.ts):
 * - Hyponatremia, E87.1 Hypo-osmolality and hyponatremia: a sodium below 135 mmol/L (Spasovski G et al.,
 *   European clinical practice guideline on hyponatraemia, Eur J Endocrinol 2014;170:G1–G47). Unlike the
 *   documentation-gap trigger, a low sodium explained by hyperglycemia still supports it here: E87.1 does
 *   not exclude translocational hyponatremia, and a validation query must not rest on a correction.
 * - Hypernatremia, E87.0 Hyperosmolality and hypernatremia: a sodium above 145 mmol/L (Adrogué HJ, Madias
 *   NE, Hypernatremia, N Engl J Med 2000;342:1493).
 * - Hypokalemia, E87.6: a potassium below 3.5 mmol/L; hyperkalemia, E87.5: a potassium above 5.0 mmol/L
 *   (the usual adult reference interval 3.5–5.0 mmol/L; shared/DOMAIN.md §2).
 * Sodium in serum or plasma (LOINC 2951-2) or blood (2947-0); potassium in serum or plasma (2823-3) or blood
 * (6298-4). A documented diagnosis whose measurements the window holds and none lies beyond the limit is a
 * clinical-validation query opportunity (AHIMA/ACDIS, "Clinical Validation: The Next Level of CDI", 2023
 * update), citing the value nearest the limit; with no measurement at all, a low-severity finding says so.
 */
import { POTASSIUM_LOINC, POTASSIUM_REFERENCE_LIMITS, SODIUM_LOINC, SODIUM_REFERENCE_LIMITS } from '../engine/electrolyte-limits';
import { validateByLimit } from '../engine/limit-validation';
import type { DiagnosisTarget, Rule } from '../engine/types';
import { ELECTROLYTE_SNOMED, SNOMED } from '../../terminology/snomed';

const HYPONATREMIA: DiagnosisTarget = { icd10: ['E87.1'], snomed: [SNOMED.HYPONATREMIA] };
const HYPERNATREMIA: DiagnosisTarget = { icd10: ['E87.0'], snomed: [ELECTROLYTE_SNOMED.HYPERNATREMIA] };
const HYPOKALEMIA: DiagnosisTarget = { icd10: ['E87.6'], snomed: [SNOMED.HYPOKALEMIA] };
const HYPERKALEMIA: DiagnosisTarget = { icd10: ['E87.5'], snomed: [ELECTROLYTE_SNOMED.HYPERKALEMIA] };

export const HYPONATREMIA_VALIDATION_THRESHOLDS = {
  /** mmol/L: a sodium below this supports hyponatremia (135 itself is normal). */
  sodiumBelow: SODIUM_REFERENCE_LIMITS.low,
};

export const HYPERNATREMIA_VALIDATION_THRESHOLDS = {
  /** mmol/L: a sodium above this supports hypernatremia (145 itself is normal). */
  sodiumAbove: SODIUM_REFERENCE_LIMITS.high,
};

export const HYPOKALEMIA_VALIDATION_THRESHOLDS = {
  /** mmol/L: a potassium below this supports hypokalemia (3.5 itself is normal). */
  potassiumBelow: POTASSIUM_REFERENCE_LIMITS.low,
};

export const HYPERKALEMIA_VALIDATION_THRESHOLDS = {
  /** mmol/L: a potassium above this supports hyperkalemia (5.0 itself is normal). */
  potassiumAbove: POTASSIUM_REFERENCE_LIMITS.high,
};

export const hyponatremiaValidation: Rule<typeof HYPONATREMIA_VALIDATION_THRESHOLDS> = {
  id: 'validation/hyponatremia',
  title: 'Hyponatremia documented without a low sodium',
  category: 'clinical-validation',
  severity: 'medium',
  rationale: 'Hyponatremia (E87.1) documented while no sodium in the review window is below 135 mmol/L (European hyponatraemia guideline, Spasovski et al. 2014) lacks clinical support: a clinical-validation query (AHIMA/ACDIS 2023).',
  thresholds: HYPONATREMIA_VALIDATION_THRESHOLDS,
  evaluate: (context, t) => validateByLimit(context, {
    target: HYPONATREMIA, name: 'hyponatremia', icd10: 'E87.1',
    analyte: 'sodium', loinc: SODIUM_LOINC, unit: 'mmol/L', side: 'below', limit: t.sodiumBelow,
  }),
};

export const hypernatremiaValidation: Rule<typeof HYPERNATREMIA_VALIDATION_THRESHOLDS> = {
  id: 'validation/hypernatremia',
  title: 'Hypernatremia documented without a high sodium',
  category: 'clinical-validation',
  severity: 'medium',
  rationale: 'Hypernatremia (E87.0) documented while no sodium in the review window is above 145 mmol/L (Adrogué & Madias, N Engl J Med 2000) lacks clinical support: a clinical-validation query (AHIMA/ACDIS 2023).',
  thresholds: HYPERNATREMIA_VALIDATION_THRESHOLDS,
  evaluate: (context, t) => validateByLimit(context, {
    target: HYPERNATREMIA, name: 'hypernatremia', icd10: 'E87.0',
    analyte: 'sodium', loinc: SODIUM_LOINC, unit: 'mmol/L', side: 'above', limit: t.sodiumAbove,
  }),
};

export const hypokalemiaValidation: Rule<typeof HYPOKALEMIA_VALIDATION_THRESHOLDS> = {
  id: 'validation/hypokalemia',
  title: 'Hypokalemia documented without a low potassium',
  category: 'clinical-validation',
  severity: 'medium',
  rationale: 'Hypokalemia (E87.6) documented while no potassium in the review window is below the 3.5 mmol/L reference limit lacks clinical support: a clinical-validation query (AHIMA/ACDIS 2023).',
  thresholds: HYPOKALEMIA_VALIDATION_THRESHOLDS,
  evaluate: (context, t) => validateByLimit(context, {
    target: HYPOKALEMIA, name: 'hypokalemia', icd10: 'E87.6',
    analyte: 'potassium', loinc: POTASSIUM_LOINC, unit: 'mmol/L', side: 'below', limit: t.potassiumBelow, digits: 1,
  }),
};

export const hyperkalemiaValidation: Rule<typeof HYPERKALEMIA_VALIDATION_THRESHOLDS> = {
  id: 'validation/hyperkalemia',
  title: 'Hyperkalemia documented without a high potassium',
  category: 'clinical-validation',
  severity: 'medium',
  rationale: 'Hyperkalemia (E87.5) documented while no potassium in the review window is above the 5.0 mmol/L reference limit lacks clinical support: a clinical-validation query (AHIMA/ACDIS 2023).',
  thresholds: HYPERKALEMIA_VALIDATION_THRESHOLDS,
  evaluate: (context, t) => validateByLimit(context, {
    target: HYPERKALEMIA, name: 'hyperkalemia', icd10: 'E87.5',
    analyte: 'potassium', loinc: POTASSIUM_LOINC, unit: 'mmol/L', side: 'above', limit: t.potassiumAbove, digits: 1,
  }),
};

export const ELECTROLYTES_VALIDATION_RULES: readonly Rule[] = [
  hyponatremiaValidation, hypernatremiaValidation, hypokalemiaValidation, hyperkalemiaValidation,
] as Rule[];
