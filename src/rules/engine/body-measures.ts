/**
 * Body measurements as the rule families read them (the documentation-gap triggers in rules/gaps and the
 * clinical-validation checks in rules/validation): BMI, its CDC adult obesity class, and weight changes.
 *
 * CDC adult BMI categories (https://www.cdc.gov/bmi/adult-calculator/bmi-categories.html): obesity is a BMI
 * of 30 or more; class 1 is 30 to < 35, class 2 is 35 to < 40, class 3 is 40 or more (ICD-10-CM FY2025
 * E66.811–E66.813).
 */
import type { ObservationPoint } from '../../record/patient-record';
import { DAY_MS } from '../../record/fhir-dates';
import { LOINC } from '../../terminology/loinc';
import type { RuleContext } from './types';

/** Loss percentages are compared with this tolerance so 200 lb → 190 lb (converted to kg) is exactly 5 %. */
export const PERCENT_TOLERANCE = 1e-9;

/** kg/m², each inclusive: the CDC adult obesity classes. */
export const CDC_ADULT_OBESITY_CLASSES = {
  /** kg/m²: obesity (class 1) from this BMI, inclusive. */
  obesityAtLeast: 30,
  /** kg/m²: class 2 from this BMI, inclusive. */
  class2AtLeast: 35,
  /** kg/m²: class 3 from this BMI, inclusive. */
  class3AtLeast: 40,
};

export type ObesityClass = 1 | 2 | 3;

/** An unknown age is not an adult one: the adult criteria need a birth date to apply. */
export function isAdult(context: RuleContext, adultAgeYears: number): boolean {
  return context.ageYears !== undefined && context.ageYears >= adultAgeYears;
}

/** The BMIs with a value inside the review window, oldest first. */
export function bmisInWindow(context: RuleContext): ObservationPoint[] {
  return context.observations(LOINC.BMI).filter((p) => p.value !== undefined);
}

/** The latest BMI with a value inside the review window. */
export function latestBmi(context: RuleContext): ObservationPoint | undefined {
  return bmisInWindow(context).at(-1);
}

/** CDC adult obesity class of a BMI of at least `obesityAtLeast`. */
export function cdcObesityClass(bmi: number, t: typeof CDC_ADULT_OBESITY_CLASSES): ObesityClass {
  return bmi >= t.class3AtLeast ? 3 : bmi >= t.class2AtLeast ? 2 : 1;
}

/** `35 to < 40 kg/m²`: the BMI range of a CDC adult obesity class. */
export function obesityClassRange(obesity: ObesityClass, t: typeof CDC_ADULT_OBESITY_CLASSES): string {
  if (obesity === 3) return `${t.class3AtLeast} kg/m² or more`;
  return obesity === 2 ? `${t.class2AtLeast} to < ${t.class3AtLeast} kg/m²` : `${t.obesityAtLeast} to < ${t.class2AtLeast} kg/m²`;
}

/** Two weights and how much lower the later one is. */
export interface WeightChange {
  from: ObservationPoint;
  to: ObservationPoint;
  /** Percentage of the earlier weight lost (negative when the later weight is higher). */
  percent: number;
  days: number;
}

/**
 * The body weights a weight change may be measured between: those of the review window and of the
 * `lookbackDays` before it (the baseline of an admission is usually weighed before it), oldest first.
 */
export function weightsAround(context: RuleContext, lookbackDays: number): ObservationPoint[] {
  const { startMs, endMs } = context.window;
  return context.record.observations(LOINC.BODY_WEIGHT)
    .filter((p) => p.value !== undefined && p.value > 0 && p.timeMs >= startMs - lookbackDays * DAY_MS && p.timeMs <= endMs);
}

/**
 * Every change between two of the weights (weightsAround) whose later weight falls in the review window,
 * in order of the later weight, then of the earlier one. Weights taken at the same time give no change.
 */
export function weightChanges(context: RuleContext, lookbackDays: number): WeightChange[] {
  const weights = weightsAround(context, lookbackDays);
  const changes: WeightChange[] = [];
  for (const to of weights) {
    if (to.timeMs < context.window.startMs) continue;
    for (const from of weights) {
      const days = (to.timeMs - from.timeMs) / DAY_MS;
      if (days <= 0) continue;
      changes.push({ from, to, days, percent: ((from.value! - to.value!) / from.value!) * 100 });
    }
  }
  return changes;
}
