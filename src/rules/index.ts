/** Every rule Clarify runs, by family. */
import type { Rule } from './types';
import { hyponatremia } from './electrolytes';
import { acuteKidneyInjury } from './renal';
import { ckdStageUnspecified } from './ckd';
import { diabetesComplicationNotLinked } from './diabetes';

export const DOCUMENTATION_GAP_RULES: readonly Rule[] = [
  hyponatremia,
  acuteKidneyInjury,
  ckdStageUnspecified,
  diabetesComplicationNotLinked,
] as Rule[];

export const ALL_RULES: readonly Rule[] = [...DOCUMENTATION_GAP_RULES];
