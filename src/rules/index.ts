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

export const ALL_RULES: readonly Rule[] = [...DOCUMENTATION_GAP_RULES];
