/**
 * Nutrition query triggers: obesity without a weight diagnosis, and malnutrition indicators without a
 * malnutrition diagnosis. Adults only: both sets of criteria are adult criteria.
 *
 * Obesity: CDC adult BMI categories (https://www.cdc.gov/bmi/adult-calculator/bmi-categories.html):
 * obesity is a BMI of 30 or more; class 1 is 30 to < 35, class 2 is 35 to < 40, class 3 is 40 or more
 * (ICD-10-CM FY2025 E66.811–E66.813). The adult BMI categories do not apply in pregnancy, so a documented
 * pregnancy skips the rule. Z68.3x/Z68.4x BMI codes do not document a weight diagnosis: they are
 * secondary codes reported only with the provider's diagnosis (ICD-10-CM Official Guidelines I.B.14).
 *
 * Malnutrition: AND/ASPEN 2012 consensus (White JV et al., JPEN 2012;36:275–283) weight loss of 5 % or
 * more within 1 month or 7.5 % or more within 3 months; ESPEN 2015 (Cederholm T et al., Clin Nutr
 * 2015;34:335–340) BMI below 18.5 kg/m². Serum albumin is not an AND/ASPEN characteristic (it tracks
 * inflammation, not nutrition) and is never cited. Weight changes of pregnancy and the puerperium are
 * not malnutrition indicators, so a documented pregnancy skips the rule.
 */
import { isPregnantDuringReview } from '../engine/pregnancy';
import { NUTRITION_SNOMED, SNOMED } from '../../terminology/snomed';
import { withStandardOptions } from '../engine/answer-options';
import { capitalize, encounterOf, latestTime, referencesOf } from '../engine/evidence';
import { describeFact, resultFact } from '../engine/facts';
import {
  CDC_ADULT_OBESITY_CLASSES, cdcObesityClass, isAdult, latestBmi, obesityClassRange, PERCENT_TOLERANCE, weightChanges, type WeightChange,
} from '../engine/body-measures';
import type { AnswerOption, DiagnosisTarget, Fact, Rule, RuleContext } from '../engine/types';

/** A documented pregnancy: ICD-10-CM chapter 15 (O00–O9A), Z33.1 pregnant state, Z34 supervision, Z3A weeks. */

/** Any provider weight diagnosis (E66 overweight and obesity); Z68 BMI codes deliberately absent (I.B.14). */
export const WEIGHT_DIAGNOSIS: DiagnosisTarget = {
  icd10: ['E66'],
  snomed: [SNOMED.OBESITY_BMI_30, SNOMED.OBESITY_BMI_40, NUTRITION_SNOMED.OBESITY, NUTRITION_SNOMED.MORBID_OBESITY],
};

/** Protein-calorie malnutrition E40–E46 and its sequelae E64.0. */
export const MALNUTRITION_DIAGNOSIS: DiagnosisTarget = {
  icd10: ['E40', 'E41', 'E42', 'E43', 'E44', 'E45', 'E46', 'E64.0'],
  snomed: [NUTRITION_SNOMED.SEVERE_PROTEIN_CALORIE_MALNUTRITION],
};

export const OBESITY_THRESHOLDS = {
  /** Years: the CDC adult BMI categories apply from this age. */
  adultAgeYears: 18,
  /** kg/m², inclusive: obesity (class 1) from 30, class 2 from 35, class 3 from 40. */
  ...CDC_ADULT_OBESITY_CLASSES,
};

export const MALNUTRITION_THRESHOLDS = {
  /** Years: AND/ASPEN 2012 and ESPEN 2015 are adult criteria. */
  adultAgeYears: 18,
  /** kg/m²: a BMI below this is low (18.5 itself is not). */
  bmiBelow: 18.5,
  /** Weight loss of at least this percentage ... */
  shortLossPercent: 5,
  /** ... within this many days (1 month). */
  shortLossDays: 30,
  /** Weight loss of at least this percentage ... */
  longLossPercent: 7.5,
  /** ... within this many days (3 months). */
  longLossDays: 90,
};

const CLASS_OPTIONS: Record<1 | 2 | 3, AnswerOption> = {
  1: { text: 'Obesity, class 1', icd10: 'E66.811' },
  2: { text: 'Obesity, class 2', icd10: 'E66.812' },
  3: { text: 'Obesity, class 3', icd10: 'E66.813' },
};
const OBESITY_UNSPECIFIED: AnswerOption = { text: 'Obesity, unspecified', icd10: 'E66.9' };
const MORBID_OBESITY: AnswerOption = { text: 'Morbid (severe) obesity due to excess calories', icd10: 'E66.01' };

const MALNUTRITION_OPTIONS: AnswerOption[] = [
  { text: 'Unspecified severe protein-calorie malnutrition', icd10: 'E43' },
  { text: 'Moderate protein-calorie malnutrition', icd10: 'E44.0' },
  { text: 'Mild protein-calorie malnutrition', icd10: 'E44.1' },
  { text: 'Unspecified protein-calorie malnutrition', icd10: 'E46' },
];
const ABNORMAL_WEIGHT_LOSS: AnswerOption = { text: 'Abnormal weight loss', icd10: 'R63.4' };

/**
 * Adult with a latest BMI of 30 kg/m² or more (CDC adult classes) and no weight diagnosis: asks for
 * the weight diagnosis, offering the class that matches the BMI (E66.811–E66.813), E66.9, and E66.01
 * from a BMI of 40.
 */
export const obesityClass: Rule<typeof OBESITY_THRESHOLDS> = {
  id: 'nutrition/obesity-class',
  title: 'BMI in the obesity range without a weight diagnosis',
  category: 'documentation-gap',
  severity: 'low',
  rationale: 'An adult BMI of 30 kg/m² or more (CDC adult BMI classes) with no provider weight diagnosis is a query opportunity: BMI codes (Z68) may only accompany a provider-documented weight diagnosis (ICD-10-CM Official Guidelines I.B.14).',
  thresholds: OBESITY_THRESHOLDS,
  evaluate(context, t) {
    if (!isAdult(context, t.adultAgeYears)) return [];
    if (context.isDocumented(WEIGHT_DIAGNOSIS) || isPregnantDuringReview(context)) return [];
    const bmi = latestBmi(context);
    if (!bmi || bmi.value! < t.obesityAtLeast) return [];
    const obesity = cdcObesityClass(bmi.value!, t);
    const options = [CLASS_OPTIONS[obesity], OBESITY_UNSPECIFIED, ...(obesity === 3 ? [MORBID_OBESITY] : [])];
    // No referenceRange: obesity starts AT 30 kg/m², and a FactRange limit is itself normal.
    const fact = resultFact('BMI', bmi, { high: t.obesityAtLeast, unit: 'kg/m2', inclusive: true }, 'vital-sign');
    return [{
      facts: [fact],
      summary: `Latest ${describeFact(fact)} (CDC adult BMI range ${obesityClassRange(obesity, t)}). No overweight or obesity diagnosis is documented for ${context.window.label}.`,
      evidence: [bmi.reference],
      suspectedCondition: CLASS_OPTIONS[obesity].icd10,
      encounter: encounterOf([bmi]),
      observedAt: bmi.time,
      answerOptions: withStandardOptions(options),
    }];
  },
};

/**
 * The largest weight loss meeting AND/ASPEN 2012 (≥ 5 % within 30 days or ≥ 7.5 % within 90 days) whose
 * later weight falls in the review window; the earlier weight may precede the window by up to 90 days,
 * since the baseline of an admission is usually weighed before it.
 */
export function qualifyingWeightLoss(context: RuleContext, t: typeof MALNUTRITION_THRESHOLDS): WeightChange | undefined {
  let best: WeightChange | undefined;
  for (const change of weightChanges(context, t.longLossDays)) {
    const { days, percent } = change;
    const meets = (days <= t.shortLossDays && percent >= t.shortLossPercent - PERCENT_TOLERANCE) ||
      (days <= t.longLossDays && percent >= t.longLossPercent - PERCENT_TOLERANCE);
    if (meets && (!best || percent > best.percent)) best = change;
  }
  return best;
}

/**
 * Adult whose latest BMI in the window is below 18.5 kg/m² (ESPEN 2015), or with weight loss of ≥ 5 % in
 * 30 days / ≥ 7.5 % in 90 days (AND/ASPEN 2012), and no malnutrition diagnosis. Albumin is never evidence.
 */
export const malnutritionIndicators: Rule<typeof MALNUTRITION_THRESHOLDS> = {
  id: 'nutrition/malnutrition-indicators',
  title: 'Malnutrition indicators without a malnutrition diagnosis',
  category: 'documentation-gap',
  severity: 'medium',
  rationale: 'Weight loss of 5 % in a month or 7.5 % in three months (AND/ASPEN 2012) or a BMI below 18.5 kg/m² (ESPEN 2015) with no malnutrition diagnosis is a query opportunity for malnutrition and its severity.',
  thresholds: MALNUTRITION_THRESHOLDS,
  evaluate(context, t) {
    if (!isAdult(context, t.adultAgeYears)) return [];
    if (context.isDocumented(MALNUTRITION_DIAGNOSIS) || isPregnantDuringReview(context)) return [];
    const bmi = latestBmi(context);
    const lowBmi = bmi && bmi.value! < t.bmiBelow ? bmi : undefined;
    const loss = qualifyingWeightLoss(context, t);
    if (!lowBmi && !loss) return [];
    // The weights are judged by their difference (no limit of their own); the BMI against the ESPEN limit.
    const weights = loss ? [resultFact('weight', loss.from, undefined, 'vital-sign'), resultFact('weight', loss.to, undefined, 'vital-sign')] : [];
    const bmiFact = lowBmi ? resultFact('BMI', lowBmi, { low: t.bmiBelow, unit: 'kg/m2' }, 'vital-sign') : undefined;
    const facts: Fact[] = [...weights, ...(bmiFact ? [bmiFact] : [])];
    const sentences: string[] = [];
    if (loss) {
      sentences.push(`${capitalize(describeFact(weights[0]!))}, ${describeFact(weights[1]!)}: ${loss.percent.toFixed(1)} % lower in ${Math.round(loss.days)} days (AND/ASPEN limits ${t.shortLossPercent} % in ${t.shortLossDays} days, ${t.longLossPercent} % in ${t.longLossDays} days).`);
    }
    if (bmiFact) sentences.push(`Latest ${describeFact(bmiFact)} (ESPEN limit ${t.bmiBelow} kg/m²).`);
    const points = [...(loss ? [loss.from, loss.to] : []), ...(lowBmi ? [lowBmi] : [])].sort((a, b) => a.timeMs - b.timeMs);
    return [{
      facts,
      summary: `${sentences.join(' ')} No malnutrition diagnosis is documented for ${context.window.label}.`,
      evidence: referencesOf(points),
      suspectedCondition: 'E46',
      encounter: encounterOf(points),
      observedAt: latestTime(points),
      answerOptions: withStandardOptions([...MALNUTRITION_OPTIONS, ...(loss ? [ABNORMAL_WEIGHT_LOSS] : [])]),
    }];
  },
};
