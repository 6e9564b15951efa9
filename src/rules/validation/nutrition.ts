/**
 * Clinical validation of documented nutrition diagnoses (issue 15): protein-calorie malnutrition by severity,
 * and obesity by class, against the measurements the record holds. Adults only, and not in pregnancy (weight
 * changes of pregnancy and the puerperium are not malnutrition, and the adult BMI classes do not apply).
 *
 * Malnutrition — E43 Unspecified severe protein-calorie malnutrition, E44.0 Moderate, E44.1 Mild, E46
 * Unspecified protein-calorie malnutrition; adults from 18 years. Supported when one phenotypic criterion
 * the record can hold is met (for E43, at the severe level):
 * - weight loss (ASPEN/AND 2012 consensus, White JV et al., JPEN 2012;36:275–283, acute and chronic illness):
 *   non-severe at least 1 % in 1 week, 5 % in 1 month, 7.5 % in 3 months, 10 % in 6 months, 20 % in 1 year;
 *   severe more than 2 %, 5 %, 7.5 %, 10 %, 20 % in the same periods;
 * - weight loss (GLIM 2019, Cederholm T et al., Clin Nutr 2019;38:1–9): more than 5 % within 6 months or
 *   more than 10 % beyond 6 months; severe (stage 2) more than 10 % within 6 months or 20 % beyond;
 * - low BMI (GLIM 2019): below 20 kg/m² under 70 years, below 22 kg/m² from 70; severe below 18.5 / 20.
 * Each loss is measured between two body weights (LOINC 29463-7), the later in the review window, the
 * earlier up to one year before it; the BMI (39156-5) is the lowest of the window. Reduced intake, loss of
 * muscle or fat, fluid accumulation and grip strength (the other ASPEN/AND characteristics and GLIM
 * criteria) are not read: FHIR R4 records hold them as dietitian notes, not as coded measurements, so a
 * diagnosis resting on them is asked about, never judged. When the window holds weights or BMIs and none
 * meets the criteria, a clinical-validation query opportunity (AHIMA/ACDIS, "Clinical Validation: The Next
 * Level of CDI", 2023 update); when it holds a single weight and no BMI (nothing to compare), the same at
 * low severity; with neither, a low-severity finding says so.
 *
 * Obesity class — adults from 20 years: children and adolescents (2–19 years) are classed by BMI-for-age
 * percentiles (CDC), which the record does not give, so they are skipped. The latest BMI of the review window
 * (LOINC 39156-5) against the CDC adult BMI categories (https://www.cdc.gov/bmi/adult-calculator/bmi-categories.html)
 * and the FY2025 ICD-10-CM classes: E66.811 class 1 (30 to < 35 kg/m²), E66.812 class 2 (35 to < 40),
 * E66.813 class 3 (40 or more), E66.9 obesity, unspecified (30 or more). E66.01 Morbid (severe) obesity due
 * to excess calories is 40 or more, or 35 or more with an obesity-related condition; the comorbidity is not
 * judged, so any BMI of 35 or more supports it. A documented class whose latest BMI is in another class, or
 * below 30, is unsupported ("E66.813 with a BMI of 32"); the query then also offers the class the BMI is in.
 * A resource documenting both class 3 and morbid obesity is validated as class 3 (E66.813 is reported alone).
 */
import { isPregnantDuringReview } from '../engine/pregnancy';
import {
  bmisInWindow, CDC_ADULT_OBESITY_CLASSES, cdcObesityClass, isAdult, latestBmi, obesityClassRange, PERCENT_TOLERANCE, weightChanges,
  weightsAround, type ObesityClass, type WeightChange,
} from '../engine/body-measures';
import { referencesOf } from '../engine/evidence';
import { resultFact } from '../engine/facts';
import type { AnswerOption, ClinicalValidationDraft, DiagnosisTarget, Fact, FactRange, Rule } from '../engine/types';
import { diagnosesToValidate, extremeFacts, noIndicators, unsupportedDiagnosis } from '../engine/validation';
import { NUTRITION_SNOMED, SNOMED } from '../../terminology/snomed';

export const MALNUTRITION_VALIDATION_THRESHOLDS = {
  /** Years: ASPEN/AND 2012 and GLIM 2019 are adult criteria. */
  adultAgeYears: 18,
  /** Days: the earlier weight of a loss is at most this long before the later one (1 year, the longest period). */
  weightLookbackDays: 365,
  // ASPEN/AND 2012 weight loss by period: non-severe at least the percentage, severe more than the other one.
  aspenWeekDays: 7,
  aspenLossInWeekPercent: 1,
  aspenSevereLossInWeekAbovePercent: 2,
  aspenMonthDays: 30,
  aspenLossInMonthPercent: 5,
  aspenSevereLossInMonthAbovePercent: 5,
  aspenThreeMonthsDays: 90,
  aspenLossInThreeMonthsPercent: 7.5,
  aspenSevereLossInThreeMonthsAbovePercent: 7.5,
  aspenSixMonthsDays: 180,
  aspenLossInSixMonthsPercent: 10,
  aspenSevereLossInSixMonthsAbovePercent: 10,
  aspenYearDays: 365,
  aspenLossInYearPercent: 20,
  aspenSevereLossInYearAbovePercent: 20,
  // GLIM 2019 weight loss, more than the percentage: within 6 months, and beyond (up to weightLookbackDays).
  glimSixMonthsDays: 180,
  glimLossWithinSixMonthsAbovePercent: 5,
  glimSevereLossWithinSixMonthsAbovePercent: 10,
  glimLossBeyondSixMonthsAbovePercent: 10,
  glimSevereLossBeyondSixMonthsAbovePercent: 20,
  /** Years: GLIM 2019's BMI limits are higher from this age. */
  olderAdultAgeYears: 70,
  /** kg/m²: GLIM 2019 low BMI under 70 years, below this (the limit itself is not low). */
  bmiBelow: 20,
  /** kg/m²: GLIM 2019 severe (stage 2) low BMI under 70 years. */
  severeBmiBelow: 18.5,
  /** kg/m²: GLIM 2019 low BMI from 70 years. */
  olderBmiBelow: 22,
  /** kg/m²: GLIM 2019 severe (stage 2) low BMI from 70 years. */
  olderSevereBmiBelow: 20,
};

type MalnutritionThresholds = typeof MALNUTRITION_VALIDATION_THRESHOLDS;

interface Severity {
  target: DiagnosisTarget;
  icd10: string;
  name: string;
  /** Only a severe-level criterion supports it. */
  severe: boolean;
}

const MALNUTRITION_SEVERITIES: readonly Severity[] = [
  { icd10: 'E43', name: 'severe protein-calorie malnutrition', severe: true,
    target: { icd10: ['E43'], snomed: [NUTRITION_SNOMED.SEVERE_PROTEIN_CALORIE_MALNUTRITION] } },
  { icd10: 'E44.0', name: 'moderate protein-calorie malnutrition', severe: false, target: { icd10: ['E44.0'], snomed: [] } },
  { icd10: 'E44.1', name: 'mild protein-calorie malnutrition', severe: false, target: { icd10: ['E44.1'], snomed: [] } },
  { icd10: 'E46', name: 'protein-calorie malnutrition', severe: false, target: { icd10: ['E46'], snomed: [] } },
];

const MODERATE_MALNUTRITION: AnswerOption = { text: 'Moderate protein-calorie malnutrition', icd10: 'E44.0' };

interface LossCriterion {
  days: number;
  percent: number;
  /** More than the percentage (GLIM, ASPEN severe), else at least it. */
  above: boolean;
}

/** The ASPEN/AND 2012 and GLIM 2019 weight-loss criteria of a level. */
function lossCriteria(t: MalnutritionThresholds, severe: boolean): { aspen: LossCriterion[]; glim: LossCriterion[] } {
  const aspen: Array<[number, number, number]> = [
    [t.aspenWeekDays, t.aspenLossInWeekPercent, t.aspenSevereLossInWeekAbovePercent],
    [t.aspenMonthDays, t.aspenLossInMonthPercent, t.aspenSevereLossInMonthAbovePercent],
    [t.aspenThreeMonthsDays, t.aspenLossInThreeMonthsPercent, t.aspenSevereLossInThreeMonthsAbovePercent],
    [t.aspenSixMonthsDays, t.aspenLossInSixMonthsPercent, t.aspenSevereLossInSixMonthsAbovePercent],
    [t.aspenYearDays, t.aspenLossInYearPercent, t.aspenSevereLossInYearAbovePercent],
  ];
  return {
    aspen: aspen.map(([days, moderate, severeAbove]) => ({ days, percent: severe ? severeAbove : moderate, above: severe })),
    glim: [
      { days: t.glimSixMonthsDays, percent: severe ? t.glimSevereLossWithinSixMonthsAbovePercent : t.glimLossWithinSixMonthsAbovePercent, above: true },
      { days: t.weightLookbackDays, percent: severe ? t.glimSevereLossBeyondSixMonthsAbovePercent : t.glimLossBeyondSixMonthsAbovePercent, above: true },
    ],
  };
}

const meetsLoss = (change: WeightChange, c: LossCriterion) =>
  change.days <= c.days && (c.above ? change.percent > c.percent + PERCENT_TOLERANCE : change.percent >= c.percent - PERCENT_TOLERANCE);

/** `more than 2 % in 7 days, 5 % in 30 days or 7.5 % in 90 days` */
function describeLosses(criteria: readonly LossCriterion[]): string {
  const parts = criteria.map((c) => `${c.percent} % in ${c.days} days`);
  const listed = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} or ${parts.at(-1)}` : parts[0]!;
  return `${criteria[0]!.above ? 'more than' : 'at least'} ${listed}`;
}

/** The BMI limit of GLIM 2019 for the patient's age and the level. */
function bmiLimit(t: MalnutritionThresholds, age: number, severe: boolean): { below: number; group: string } {
  const older = age >= t.olderAdultAgeYears;
  const below = older ? (severe ? t.olderSevereBmiBelow : t.olderBmiBelow) : (severe ? t.severeBmiBelow : t.bmiBelow);
  return { below, group: older ? `${t.olderAdultAgeYears} years or older` : `under ${t.olderAdultAgeYears} years` };
}

export const malnutritionValidation: Rule<MalnutritionThresholds> = {
  id: 'validation/malnutrition',
  title: 'Malnutrition documented without weight loss or a low BMI',
  category: 'clinical-validation',
  severity: 'medium',
  rationale: 'Protein-calorie malnutrition (E43, E44.0, E44.1, E46) documented while the record\'s weights and BMI meet none of the phenotypic criteria of ASPEN/AND 2012 (weight loss) and GLIM 2019 (weight loss, low BMI) for its severity lacks clinical support: a clinical-validation query (AHIMA/ACDIS 2023).',
  thresholds: MALNUTRITION_VALIDATION_THRESHOLDS,
  evaluate(context, t) {
    if (!isAdult(context, t.adultAgeYears) || isPregnantDuringReview(context)) return [];
    const documented = MALNUTRITION_SEVERITIES.flatMap((severity) => diagnosesToValidate(context, severity.target).map((diagnosis) => ({ severity, diagnosis })));
    if (documented.length === 0) return [];

    const weights = weightsAround(context, t.weightLookbackDays);
    const windowWeights = weights.filter((p) => p.timeMs >= context.window.startMs);
    const changes = weightChanges(context, t.weightLookbackDays);
    const bmis = bmisInWindow(context);
    const lowestBmi = bmis.length ? bmis.reduce((a, b) => (b.value! < a.value! ? b : a)) : undefined;
    const meets = (severe: boolean) => {
      const { aspen, glim } = lossCriteria(t, severe);
      const lowBmi = lowestBmi !== undefined && lowestBmi.value! < bmiLimit(t, context.ageYears!, severe).below;
      return lowBmi || changes.some((change) => [...aspen, ...glim].some((c) => meetsLoss(change, c)));
    };
    const moderateMet = meets(false);
    const severeMet = meets(true);

    // The largest loss (of the earliest pair on ties), else the one weight of the window.
    const largest = changes.reduce<WeightChange | undefined>((best, c) => (!best || c.percent > best.percent ? c : best), undefined);
    const weightFacts: Fact[] = largest
      ? [resultFact('weight', largest.from, undefined, 'vital-sign'), resultFact('weight', largest.to, undefined, 'vital-sign')]
      : windowWeights.slice(-1).map((p) => resultFact('weight', p, undefined, 'vital-sign'));
    const evidence = referencesOf([...weights, ...bmis]);

    return documented.flatMap(({ severity, diagnosis }): ClinicalValidationDraft[] => {
      if (severity.severe ? severeMet : moderateMet) return [];
      const { aspen, glim } = lossCriteria(t, severity.severe);
      const bmi = bmiLimit(t, context.ageYears!, severity.severe);
      const level = severity.severe ? ' severe' : '';
      const criteria = `weight loss of ${describeLosses(aspen)} (ASPEN/AND 2012${level}) or of ${describeLosses(glim)} (GLIM 2019${level}), or a BMI below ${bmi.below} kg/m² (GLIM 2019${level}, ${bmi.group})`;
      const about = { context, diagnosis, target: severity.target, name: severity.name, icd10: severity.icd10, criteria };
      if (windowWeights.length === 0 && !lowestBmi) return [noIndicators(about)];

      const bmiRange: FactRange = { low: bmi.below, unit: 'kg/m2' };
      const bmiFacts = lowestBmi ? extremeFacts('BMI', bmis, 'lowest', bmiRange, 'vital-sign') : [];
      const draft = unsupportedDiagnosis({
        ...about, found: [...weightFacts, ...bmiFacts], evidence,
        // A single weight and no BMI: nothing the criteria could be met by.
        ...(!largest && !lowestBmi ? { severity: 'low' as const } : {}),
      });
      const loss = largest && largest.percent > 0 ? ` Largest weight loss: ${largest.percent.toFixed(1)} % in ${Math.round(largest.days)} days.` : '';
      // Severe not supported while a non-severe criterion is met: the query may offer the moderate degree.
      const [confirmed, ...rest] = draft.answerOptions;
      const options = severity.severe && moderateMet ? [confirmed!, MODERATE_MALNUTRITION, ...rest] : draft.answerOptions;
      return [{ ...draft, summary: `${draft.summary}${loss}`, answerOptions: options }];
    });
  },
};

export const OBESITY_CLASS_VALIDATION_THRESHOLDS = {
  /** Years: the CDC adult BMI categories apply from 20 (BMI-for-age percentiles before). */
  adultAgeYears: 20,
  /** kg/m², inclusive: obesity (class 1) from 30, class 2 from 35, class 3 from 40. */
  ...CDC_ADULT_OBESITY_CLASSES,
  /** kg/m², inclusive: morbid (severe) obesity (E66.01) from this BMI (40, or 35 with a comorbidity not judged). */
  morbidObesityAtLeast: 35,
};

type ObesityThresholds = typeof OBESITY_CLASS_VALIDATION_THRESHOLDS;

interface ObesityDiagnosis {
  target: DiagnosisTarget;
  icd10: string;
  name: string;
  /** kg/m², inclusive. */
  atLeast(t: ObesityThresholds): number;
  /** kg/m², exclusive, for a class with an upper limit. */
  below?(t: ObesityThresholds): number;
  /** What the criteria ask, after "a latest BMI of". */
  criteria(t: ObesityThresholds): string;
}

const CLASS_OPTIONS: Record<ObesityClass, AnswerOption> = {
  1: { text: 'Obesity, class 1', icd10: 'E66.811' },
  2: { text: 'Obesity, class 2', icd10: 'E66.812' },
  3: { text: 'Obesity, class 3', icd10: 'E66.813' },
};

const classDiagnosis = (obesity: ObesityClass, snomed: string[]): ObesityDiagnosis => ({
  target: { icd10: [CLASS_OPTIONS[obesity].icd10!], snomed },
  icd10: CLASS_OPTIONS[obesity].icd10!,
  name: `obesity, class ${obesity}`,
  atLeast: (t) => (obesity === 3 ? t.class3AtLeast : obesity === 2 ? t.class2AtLeast : t.obesityAtLeast),
  ...(obesity < 3 ? { below: (t: ObesityThresholds) => (obesity === 2 ? t.class3AtLeast : t.class2AtLeast) } : {}),
  criteria: (t) => `${obesityClassRange(obesity, t)} (CDC adult obesity class ${obesity})`,
});

/** In the order a resource coding several is validated: the class first (E66.813 is reported without E66.01). */
const OBESITY_DIAGNOSES: readonly ObesityDiagnosis[] = [
  classDiagnosis(3, [SNOMED.OBESITY_BMI_40]),
  classDiagnosis(2, []),
  classDiagnosis(1, []),
  {
    target: { icd10: ['E66.01'], snomed: [NUTRITION_SNOMED.MORBID_OBESITY] },
    icd10: 'E66.01',
    name: 'morbid (severe) obesity',
    atLeast: (t) => t.morbidObesityAtLeast,
    criteria: (t) => `${t.morbidObesityAtLeast} kg/m² or more (severe obesity: ${t.class3AtLeast} or more, or ${t.morbidObesityAtLeast} or more with an obesity-related condition)`,
  },
  {
    target: { icd10: ['E66.9'], snomed: [SNOMED.OBESITY_BMI_30, NUTRITION_SNOMED.OBESITY] },
    icd10: 'E66.9',
    name: 'obesity',
    atLeast: (t) => t.obesityAtLeast,
    criteria: (t) => `${t.obesityAtLeast} kg/m² or more (CDC adult obesity)`,
  },
];

export const obesityClassValidation: Rule<ObesityThresholds> = {
  id: 'validation/obesity-class',
  title: 'Obesity class documented without a BMI in its range',
  category: 'clinical-validation',
  severity: 'medium',
  rationale: 'An obesity diagnosis or class (E66.811–E66.813, E66.01, E66.9) whose latest adult BMI in the review window lies outside its CDC adult BMI range (class 1 30–<35, class 2 35–<40, class 3 ≥40 kg/m²) lacks clinical support: a clinical-validation query (AHIMA/ACDIS 2023).',
  thresholds: OBESITY_CLASS_VALIDATION_THRESHOLDS,
  evaluate(context, t) {
    if (!isAdult(context, t.adultAgeYears) || isPregnantDuringReview(context)) return [];
    const validated = new Set<string>();
    const documented = OBESITY_DIAGNOSES.flatMap((obesity) => diagnosesToValidate(context, obesity.target)
      .filter((diagnosis) => !validated.has(diagnosis.reference) && validated.add(diagnosis.reference))
      .map((diagnosis) => ({ obesity, diagnosis })));
    if (documented.length === 0) return [];

    const bmi = latestBmi(context);
    return documented.flatMap(({ obesity, diagnosis }): ClinicalValidationDraft[] => {
      const about = { context, diagnosis, target: obesity.target, name: obesity.name, icd10: obesity.icd10, criteria: `a latest BMI of ${obesity.criteria(t)}` };
      if (!bmi) return [noIndicators(about)];
      const value = bmi.value!;
      const atLeast = obesity.atLeast(t);
      const below = obesity.below?.(t);
      if (value >= atLeast && (below === undefined || value < below)) return [];
      // The limit the BMI lies beyond: the class's lower limit (itself in the class), or its upper one (itself not).
      const range: FactRange = value < atLeast ? { low: atLeast, unit: 'kg/m2' } : { high: below!, unit: 'kg/m2', inclusive: true };
      const draft = unsupportedDiagnosis({
        ...about, found: [resultFact('latest BMI', bmi, range, 'vital-sign')], evidence: referencesOf(bmisInWindow(context)),
      });
      // The class the BMI is in, when obesity: a clinically supported answer the query may offer.
      const measured = value >= t.obesityAtLeast ? CLASS_OPTIONS[cdcObesityClass(value, t)] : undefined;
      const [confirmed, ...rest] = draft.answerOptions;
      return [{ ...draft, answerOptions: measured && measured.icd10 !== obesity.icd10 ? [confirmed!, measured, ...rest] : draft.answerOptions }];
    });
  },
};

export const NUTRITION_VALIDATION_RULES: readonly Rule[] = [malnutritionValidation, obesityClassValidation] as Rule[];
