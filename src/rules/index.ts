/** Every rule Clarify runs, by family. */
import type { Rule } from './types';
import { hyperkalemia, hypokalemia, hyponatremia } from './electrolytes';
import { acuteBloodLossAnemia, anemia, thrombocytopenia } from './hematology';
import { acuteKidneyInjury } from './renal';
import { ckdStageUnspecified } from './ckd';
import { diabetesComplicationNotLinked } from './diabetes';
import { sepsisIndicators } from './sepsis';
import { acuteRespiratoryFailure } from './respiratory-failure';
import { MEDICATION_INDICATION_RULES } from './medication-indication';
import { malnutritionIndicators, obesityClass } from './nutrition';
import { heartFailureTypeAcuityUnspecified } from './heart-failure';
import { pressureUlcerStageUnspecified } from './pressure-ulcer';
import { CODE_VALIDITY_RULES } from './code-validity';
import { CODE_COMBINATION_RULES } from './code-combinations';
import { CODE_DEMOGRAPHIC_RULES } from './code-demographics';
import { CLAIM_RECONCILIATION_RULES } from './claim-reconciliation';
import { CODING_MISMATCH_RULES } from './coding-mismatch';

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
] as Rule[];

export const ALL_RULES: readonly Rule[] = [...DOCUMENTATION_GAP_RULES, ...CODING_DISCREPANCY_RULES];
