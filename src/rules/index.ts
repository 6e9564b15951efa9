/** Every rule Clarify runs, by family. */
import type { Rule } from './types';
import { hyponatremia } from './electrolytes';

export const DOCUMENTATION_GAP_RULES: readonly Rule[] = [hyponatremia] as Rule[];

export const ALL_RULES: readonly Rule[] = [...DOCUMENTATION_GAP_RULES];
