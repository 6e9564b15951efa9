/** Every rule Clarify runs, by family. */
import type { Rule } from './types';
import { hyperkalemia, hypokalemia, hyponatremia } from './electrolytes';
import { acuteBloodLossAnemia, anemia, thrombocytopenia } from './hematology';
import { acuteKidneyInjury } from './renal';
import { ckdStageUnspecified } from './ckd';
import { diabetesComplicationNotLinked } from './diabetes';

export const DOCUMENTATION_GAP_RULES: readonly Rule[] = [
  hyponatremia,
  hypokalemia,
  hyperkalemia,
  anemia,
  acuteBloodLossAnemia,
  thrombocytopenia,
  acuteKidneyInjury,
  ckdStageUnspecified,
  diabetesComplicationNotLinked,
] as Rule[];

export const ALL_RULES: readonly Rule[] = [...DOCUMENTATION_GAP_RULES];
