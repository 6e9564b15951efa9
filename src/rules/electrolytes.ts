/**
 * Electrolyte query triggers: hyponatremia, hypokalemia, hyperkalemia.
 *
 * Criteria (common CDI query triggers, shared/DOMAIN.md §2): a value beyond the reference limit on at
 * least two results in the review window, or on one result with treatment given. Sodium below
 * 135 mmol/L; results explained by hyperglycemia are not counted: sodium corrected by 1.6 mmol/L per
 * 100 mg/dL of glucose above 100 (Katz, N Engl J Med 1973;289:843) that reaches 135 is translocational,
 * not hyponatremia.
 * ICD-10-CM: E87.1 Hypo-osmolality and hyponatremia (E22.2 SIADH is excluded from E87.1 and documents it).
 */
import type { ObservationPoint } from '../record/patient-record';
import { LOINC } from '../terminology/loinc';
import { SNOMED } from '../terminology/snomed';
import { HYPONATREMIA_TREATMENTS } from '../terminology/medications';
import { withStandardOptions } from './answer-options';
import { capitalize, describePoint, encounterOf, latestTime, referencesOf } from './evidence';
import { medicationsInWindow } from './medication-events';
import type { Rule } from './types';

const SODIUM = [LOINC.SODIUM_SERUM, LOINC.SODIUM_BLOOD];
const GLUCOSE = [LOINC.GLUCOSE_SERUM, LOINC.GLUCOSE_BLOOD];
const HOUR_MS = 3_600_000;

export const HYPONATREMIA_THRESHOLDS = {
  /** mmol/L: below this a sodium is low (135 itself is normal). */
  sodiumBelow: 135,
  /** Low results needed without treatment. */
  lowResultsWithoutTreatment: 2,
  /** mmol/L: a sodium this low makes the finding high severity. */
  severeBelow: 125,
  /** A glucose within this many hours corrects the sodium (Katz factor 1.6 per 100 mg/dL). */
  glucoseWindowHours: 24,
};

/** Sodium corrected for hyperglycemia by the nearest glucose within the window, if any. */
function correctedSodium(sodium: ObservationPoint, glucoses: readonly ObservationPoint[], windowHours: number): number {
  let nearest: ObservationPoint | undefined;
  for (const g of glucoses) {
    if (g.value === undefined || Math.abs(g.timeMs - sodium.timeMs) > windowHours * HOUR_MS) continue;
    if (!nearest || Math.abs(g.timeMs - sodium.timeMs) < Math.abs(nearest.timeMs - sodium.timeMs)) nearest = g;
  }
  const glucose = nearest?.value;
  return glucose !== undefined && glucose > 100 ? sodium.value! + (1.6 * (glucose - 100)) / 100 : sodium.value!;
}

export const hyponatremia: Rule<typeof HYPONATREMIA_THRESHOLDS> = {
  id: 'electrolytes/hyponatremia',
  title: 'Low sodium without a hyponatremia diagnosis',
  category: 'documentation-gap',
  severity: 'medium',
  rationale: 'Serum sodium below 135 mmol/L on two results, or on one with treatment, is a common CDI query trigger for hyponatremia (E87.1) when no diagnosis documents it.',
  thresholds: HYPONATREMIA_THRESHOLDS,
  evaluate(context, t) {
    if (context.isDocumented({ icd10: ['E87.1', 'E22.2'], snomed: [SNOMED.HYPONATREMIA] })) return [];
    const glucoses = context.observations(...GLUCOSE);
    const low = context.observations(...SODIUM).filter((p) =>
      p.value !== undefined && p.value < t.sodiumBelow && correctedSodium(p, glucoses, t.glucoseWindowHours) < t.sodiumBelow);
    if (low.length === 0) return [];
    const treatments = medicationsInWindow(context, HYPONATREMIA_TREATMENTS);
    if (low.length < t.lowResultsWithoutTreatment && treatments.length === 0) return [];
    const lowest = Math.min(...low.map((p) => p.value!));
    const facts = low.map((p) => describePoint('sodium', p)).join(', ');
    const treated = treatments.length ? ` ${treatments.map((m) => m.name).join(', ')} ordered or given.` : '';
    return [{
      severity: lowest < t.severeBelow ? 'high' : undefined,
      summary: `${capitalize(facts)} (reference limit ${t.sodiumBelow} mmol/L).${treated} No hyponatremia diagnosis is documented for ${context.window.label}.`,
      evidence: [...referencesOf(low), ...treatments.map((m) => m.reference)],
      suspectedCondition: 'E87.1',
      encounter: encounterOf(low),
      observedAt: latestTime(low),
      answerOptions: withStandardOptions([{ text: 'Hyponatremia', icd10: 'E87.1' }]),
    }];
  },
};
