/** Every rule Clarify runs, by family. */
import type { Rule } from './engine/types';
import { hyperkalemia, hypokalemia, hyponatremia } from './gaps/electrolytes';
import { acuteBloodLossAnemia, anemia, thrombocytopenia } from './gaps/hematology';
import { acuteKidneyInjury } from './gaps/renal';
import { ckdStageUnspecified } from './gaps/ckd';
import { diabetesComplicationNotLinked } from './gaps/diabetes';
import { sepsisIndicators } from './gaps/sepsis';
import { acuteRespiratoryFailure } from './gaps/respiratory-failure';
import { MEDICATION_INDICATION_RULES } from './gaps/medication-indication';
import { malnutritionIndicators, obesityClass } from './gaps/nutrition';
import { heartFailureTypeAcuityUnspecified } from './gaps/heart-failure';
import { pressureUlcerStageUnspecified } from './gaps/pressure-ulcer';
import { CODE_VALIDITY_RULES } from './coding/code-validity';
import { CODE_COMBINATION_RULES } from './coding/code-combinations';
import { CODE_DEMOGRAPHIC_RULES } from './coding/code-demographics';
import { CLAIM_RECONCILIATION_RULES } from './coding/claim-reconciliation';
import { CODING_MISMATCH_RULES } from './coding/coding-mismatch';
import { documentedNotCoded } from './coding/documented-not-coded';
import { SEPSIS_VALIDATION_RULES } from './validation/sepsis';
import { RESPIRATORY_FAILURE_VALIDATION_RULES } from './validation/respiratory-failure';
import { RENAL_VALIDATION_RULES } from './validation/renal';
import { ELECTROLYTES_VALIDATION_RULES } from './validation/electrolytes';
import { HEMATOLOGY_VALIDATION_RULES } from './validation/hematology';
import { NUTRITION_VALIDATION_RULES } from './validation/nutrition';

export const DOCUMENTATION_GAP_RULES: readonly Rule[] = [
  hyponatremia,
  hypokalemia,
  hyperkalemia,
  anemia,
  acuteBloodLossAnemia,
  thrombocytopenia,
  acuteKidneyInjury,
  sepsisIndicators,
  acuteRespiratoryFailure,
  heartFailureTypeAcuityUnspecified,
  ckdStageUnspecified,
  diabetesComplicationNotLinked,
  pressureUlcerStageUnspecified,
  malnutritionIndicators,
  obesityClass,
  ...MEDICATION_INDICATION_RULES,
] as Rule[];

/** ICD-10-CM coding checks; the ones that need the code table are silent until it is loaded. */
export const CODING_DISCREPANCY_RULES: readonly Rule[] = [
  ...CODE_VALIDITY_RULES,
  ...CODE_COMBINATION_RULES,
  ...CODE_DEMOGRAPHIC_RULES,
  ...CLAIM_RECONCILIATION_RULES,
  ...CODING_MISMATCH_RULES,
  documentedNotCoded,
] as Rule[];

/**
 * Clinical validation (issue 15): documented diagnoses whose clinical indicators the record does not hold.
 * One file per family under rules/validation/.
 */
export const CLINICAL_VALIDATION_RULES: readonly Rule[] = [
  ...SEPSIS_VALIDATION_RULES,
  ...RESPIRATORY_FAILURE_VALIDATION_RULES,
  ...RENAL_VALIDATION_RULES,
  ...ELECTROLYTES_VALIDATION_RULES,
  ...HEMATOLOGY_VALIDATION_RULES,
  ...NUTRITION_VALIDATION_RULES,
] as Rule[];

export const ALL_RULES: readonly Rule[] = [...DOCUMENTATION_GAP_RULES, ...CODING_DISCREPANCY_RULES, ...CLINICAL_VALIDATION_RULES];

// The rules' public face: everything outside src/rules imports from here, never from a family or the engine's files.
export { runRules, compareFindings, conceptMatches, DEFAULT_LOOKBACK_DAYS, type RunOptions } from './engine/run-rules';
export type * from './engine/types';
export { describeFact, describeFactValue, describeRange, medicationFact, resultFact } from './engine/facts';
