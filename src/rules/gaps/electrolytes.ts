/**
 * Electrolyte query triggers: hyponatremia, hypokalemia, hyperkalemia.
 *
 * Criteria (common CDI query triggers, shared/DOMAIN.md §2): a value beyond the reference limit on at
 * least two results in the review window, or on one result with treatment given. Sodium below
 * 135 mmol/L; results explained by hyperglycemia are not counted: sodium corrected by 1.6 mmol/L per
 * 100 mg/dL of glucose above 100 (Katz, N Engl J Med 1973;289:843) that reaches 135 is translocational,
 * not hyponatremia.
 * ICD-10-CM: E87.1 Hypo-osmolality and hyponatremia (E22.2 SIADH is excluded from E87.1 and documents it).
 *
 * Potassium: the usual adult reference interval is 3.5–5.0 mmol/L (both limits themselves normal).
 * Hypokalemia: below 3.5 mmol/L on two results, or on one with potassium replacement (chloride, citrate,
 * bicarbonate, phosphate, acetate or gluconate salts) ordered or given. Hyperkalemia: above 5.0 mmol/L on
 * two results, or on one with a potassium binder (sodium or calcium polystyrene sulfonate, patiromer,
 * sodium zirconium cyclosilicate); insulin with dextrose is left out (also given for hyperglycemia).
 * High severity below 3.0 / above 6.0 mmol/L is Clarify's default for prioritization, configurable.
 * ICD-10-CM: E87.6 Hypokalemia, E87.5 Hyperkalemia.
 */
import type { ObservationPoint } from '../../record/patient-record';
import { HOUR_MS } from '../../record/fhir-dates';
import { LOINC } from '../../terminology/loinc';
import { ELECTROLYTE_SNOMED, SNOMED } from '../../terminology/snomed';
import {
  HYPONATREMIA_TREATMENTS, OTHER_POTASSIUM_REPLACEMENTS, POTASSIUM_BINDERS, POTASSIUM_CHLORIDE, type MedicationClass,
} from '../../terminology/medications';
import { withStandardOptions } from '../engine/answer-options';
import { capitalize, encounterOf, latestTime, referencesOf, drawCount } from '../engine/evidence';
import { describeFacts, describeRange, medicationFact, resultFact } from '../engine/facts';
import { POTASSIUM_LOINC, POTASSIUM_REFERENCE_LIMITS, SODIUM_LOINC, SODIUM_REFERENCE_LIMITS } from '../engine/electrolyte-limits';
import { medicationsInWindow, type MedicationEvent } from '../engine/medication-events';
import type { DocumentationGapDraft, FactRange, Rule, RuleContext } from '../engine/types';

const GLUCOSE = [LOINC.GLUCOSE_SERUM, LOINC.GLUCOSE_BLOOD];

export const HYPONATREMIA_THRESHOLDS = {
  /** mmol/L: below this a sodium is low (135 itself is normal). */
  sodiumBelow: SODIUM_REFERENCE_LIMITS.low,
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
    const low = context.observations(...SODIUM_LOINC).filter((p) =>
      p.value !== undefined && p.value < t.sodiumBelow && correctedSodium(p, glucoses, t.glucoseWindowHours) < t.sodiumBelow);
    if (low.length === 0) return [];
    const treatments = medicationsInWindow(context, HYPONATREMIA_TREATMENTS);
    if (low.length < t.lowResultsWithoutTreatment && treatments.length === 0) return [];
    const lowest = Math.min(...low.map((p) => p.value!));
    const range = { low: t.sodiumBelow, unit: 'mmol/L' };
    const results = low.map((p) => resultFact('sodium', p, range));
    const given = treatments.map(medicationFact);
    const treated = given.length ? ` ${given.map((m) => m.label).join(', ')} ordered or given.` : '';
    return [{
      severity: lowest < t.severeBelow ? 'high' : undefined,
      facts: [...results, ...given],
      summary: `${capitalize(describeFacts(results))} (${describeRange(range)}).${treated} No hyponatremia diagnosis is documented for ${context.window.label}.`,
      evidence: [...referencesOf(low), ...treatments.map((m) => m.reference)],
      suspectedCondition: 'E87.1',
      encounter: encounterOf(low),
      observedAt: latestTime(low),
      answerOptions: withStandardOptions([{ text: 'Hyponatremia', icd10: 'E87.1' }]),
    }];
  },
};

export const HYPOKALEMIA_THRESHOLDS = {
  /** mmol/L: below this a potassium is low (3.5 itself is normal). */
  potassiumBelow: POTASSIUM_REFERENCE_LIMITS.low,
  /** Low results (separate draws) needed without replacement. */
  lowResultsWithoutTreatment: 2,
  /** mmol/L: a potassium this low makes the finding high severity. */
  severeBelow: 3.0,
};

export const HYPERKALEMIA_THRESHOLDS = {
  /** mmol/L: above this a potassium is high (5.0 itself is normal). */
  potassiumAbove: POTASSIUM_REFERENCE_LIMITS.high,
  /** High results (separate draws) needed without a binder. */
  highResultsWithoutTreatment: 2,
  /** mmol/L: a potassium this high makes the finding high severity. */
  severeAbove: 6.0,
};

/** Orders and administrations of any of the classes in the window, each once. */
function treatmentsInWindow(context: RuleContext, classes: readonly MedicationClass[]): MedicationEvent[] {
  const byReference = new Map<string, MedicationEvent>();
  for (const event of classes.flatMap((c) => medicationsInWindow(context, c))) {
    if (!byReference.has(event.reference)) byReference.set(event.reference, event);
  }
  return [...byReference.values()];
}

interface PotassiumFinding {
  abnormal: readonly ObservationPoint[];
  treatments: readonly MedicationEvent[];
  severe: boolean;
  /** The reference limit the values crossed. */
  range: FactRange;
  diagnosis: string;
  icd10: string;
  context: RuleContext;
}

/** The finding both potassium rules report: every abnormal value, the treatment, and the missing diagnosis. */
function potassiumFinding({ abnormal, treatments, severe, range, diagnosis, icd10, context }: PotassiumFinding): DocumentationGapDraft {
  const results = abnormal.map((p) => resultFact('potassium', p, range));
  const given = treatments.map(medicationFact);
  const treated = given.length ? ` ${given.map((m) => m.label).join(', ')} ordered or given.` : '';
  return {
    severity: severe ? 'high' : undefined,
    facts: [...results, ...given],
    summary: `${capitalize(describeFacts(results))} (${describeRange(range, 1)}).${treated} No ${diagnosis.toLowerCase()} diagnosis is documented for ${context.window.label}.`,
    evidence: [...referencesOf(abnormal), ...treatments.map((m) => m.reference)],
    suspectedCondition: icd10,
    encounter: encounterOf(abnormal),
    observedAt: latestTime(abnormal),
    answerOptions: withStandardOptions([{ text: diagnosis, icd10 }]),
  };
}

export const hypokalemia: Rule<typeof HYPOKALEMIA_THRESHOLDS> = {
  id: 'electrolytes/hypokalemia',
  title: 'Low potassium without a hypokalemia diagnosis',
  category: 'documentation-gap',
  severity: 'medium',
  rationale: 'Potassium below the 3.5 mmol/L reference limit on two results, or on one with potassium replacement, is a common CDI query trigger for hypokalemia (E87.6) when no diagnosis documents it.',
  thresholds: HYPOKALEMIA_THRESHOLDS,
  evaluate(context, t) {
    if (context.isDocumented({ icd10: ['E87.6'], snomed: [SNOMED.HYPOKALEMIA] })) return [];
    const low = context.observations(...POTASSIUM_LOINC).filter((p) => p.value !== undefined && p.value < t.potassiumBelow);
    if (low.length === 0) return [];
    const treatments = treatmentsInWindow(context, [POTASSIUM_CHLORIDE, OTHER_POTASSIUM_REPLACEMENTS]);
    if (drawCount(low) < t.lowResultsWithoutTreatment && treatments.length === 0) return [];
    return [potassiumFinding({
      abnormal: low, treatments, context,
      severe: Math.min(...low.map((p) => p.value!)) < t.severeBelow,
      range: { low: t.potassiumBelow, unit: 'mmol/L' },
      diagnosis: 'Hypokalemia', icd10: 'E87.6',
    })];
  },
};

export const hyperkalemia: Rule<typeof HYPERKALEMIA_THRESHOLDS> = {
  id: 'electrolytes/hyperkalemia',
  title: 'High potassium without a hyperkalemia diagnosis',
  category: 'documentation-gap',
  severity: 'medium',
  rationale: 'Potassium above the 5.0 mmol/L reference limit on two results, or on one with a potassium binder, is a common CDI query trigger for hyperkalemia (E87.5) when no diagnosis documents it.',
  thresholds: HYPERKALEMIA_THRESHOLDS,
  evaluate(context, t) {
    if (context.isDocumented({ icd10: ['E87.5'], snomed: [ELECTROLYTE_SNOMED.HYPERKALEMIA] })) return [];
    const high = context.observations(...POTASSIUM_LOINC).filter((p) => p.value !== undefined && p.value > t.potassiumAbove);
    if (high.length === 0) return [];
    const treatments = treatmentsInWindow(context, [POTASSIUM_BINDERS]);
    if (drawCount(high) < t.highResultsWithoutTreatment && treatments.length === 0) return [];
    return [potassiumFinding({
      abnormal: high, treatments, context,
      severe: Math.max(...high.map((p) => p.value!)) > t.severeAbove,
      range: { high: t.potassiumAbove, unit: 'mmol/L' },
      diagnosis: 'Hyperkalemia', icd10: 'E87.5',
    })];
  },
};
