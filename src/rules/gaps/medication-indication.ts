/**
 * Medication without a documented indication (shared/DOMAIN.md §2): one rule per drug class, each a row of
 * MEDICATION_INDICATION_RULES below. A rule fires when an order of the class is active, or the class was
 * ordered or given in the review window, and no Condition, encounter or claim diagnosis documents any
 * indication of the class. Treatment is a clinical indicator a compliant query may cite (ACDIS; AHIMA/ACDIS
 * compliant query practice, 2022 update); the query asks for the indication, it never assumes one.
 *
 * The drug knowledge is terminology: the classes, their brands and product RxCUIs, and what documents the
 * indication of one ingredient or one dose in src/terminology/indicated-medications.ts; what documents the
 * indication of a class (with the labeling and guidelines it comes from) and the query options in
 * src/terminology/indications.ts. What stays here is how a use is judged, and the two judgments a list of
 * diagnoses cannot make: an anticoagulant started around a hip or knee arthroplasty is thromboprophylaxis
 * (ACCP 2012), and a loop or thiazide diuretic in the same review is the indication of potassium chloride
 * (prevention of diuretic hypokalemia, Klor-Con label).
 */
import type { CodeableConcept, Condition, MedicationRequest, Procedure } from 'fhir/r4';
import { THIAZIDE_DIURETICS, type MedicationClass } from '../../terminology/medications';
import {
  ANTICOAGULANT_MEDICATIONS, ANTIDIABETIC_MEDICATIONS, LOOP_DIURETIC_MEDICATIONS, POTASSIUM_CHLORIDE_MEDICATIONS, THYROID_HORMONES,
  type IndicatedClass, type IndicatedIngredient,
} from '../../terminology/indicated-medications';
import {
  ANTICOAGULATION_INDICATIONS, DIABETES_INDICATIONS, FEMALE_ONLY_INDICATION_OPTIONS, HIP_OR_KNEE_ARTHROPLASTY_TEXT,
  INDICATION_OPTION as OPTION, LOOP_DIURETIC_INDICATIONS, POTASSIUM_REPLACEMENT_INDICATIONS, THYROID_HORMONE_INDICATIONS,
} from '../../terminology/indications';
import { ARTHROPLASTY_SNOMED } from '../../terminology/snomed';
import { SYSTEM } from '../../terminology/systems';
import { withStandardOptions } from '../engine/answer-options';
import { capitalize } from '../engine/evidence';
import { medicationFact } from '../engine/facts';
import { conceptInClass, medicationsInWindow, type MedicationEvent } from '../engine/medication-events';
import type {
  AnswerOption, DiagnosisTarget, DocumentationGapDraft, DocumentationGapRule, RuleContext, Severity,
} from '../engine/types';
import { conceptMatches } from '../engine/run-rules';
import { DAY_MS, fhirTimeMs, formatFhirDateTime } from '../../record/fhir-dates';
import { isRefutedOrEnteredInError } from '../../record/statuses';

// ---------------------------------------------------------------------------------------------------------
// Thresholds

/** Settings shared by the family (no numeric criterion: any use of the class is the trigger). */
export const MEDICATION_INDICATION_THRESHOLDS = {
  /** Count orders still active whenever they were written (a standing medication is a current one). */
  includeActiveOrders: true,
};

export const ANTICOAGULANT_INDICATION_THRESHOLDS = {
  ...MEDICATION_INDICATION_THRESHOLDS,
  /** Days after a hip or knee arthroplasty an anticoagulant is thromboprophylaxis (ACCP 2012: up to 35 days). */
  arthroplastyProphylaxisDays: 35,
  /** Days before the arthroplasty a prophylactic start still counts (a VKA may start the evening before). */
  arthroplastyLeadDays: 1,
};

export const POTASSIUM_CHLORIDE_INDICATION_THRESHOLDS = {
  ...MEDICATION_INDICATION_THRESHOLDS,
  /** A loop or thiazide diuretic in the same review is the indication (prophylaxis of diuretic hypokalemia). */
  diureticIsIndication: true,
};

// ---------------------------------------------------------------------------------------------------------
// Judging a use of the class

function conceptTexts(concept: CodeableConcept | undefined): string[] {
  return [concept?.text, ...(concept?.coding ?? []).map((c) => c.display)].filter((t): t is string => Boolean(t));
}

/** The product's names as the order or dose states them. */
function useTexts(use: MedicationEvent): string[] {
  return [use.name, ...conceptTexts(use.concept)];
}

// One single-ingredient class per ingredient, made once, so its name pattern is compiled once.
const ingredientClasses = new WeakMap<IndicatedIngredient, MedicationClass>();

function ingredientClass(ingredient: IndicatedIngredient): MedicationClass {
  let medicationClass = ingredientClasses.get(ingredient);
  if (!medicationClass) {
    medicationClass = { id: ingredient.name, label: ingredient.name, ingredients: [ingredient], products: ingredient.products ?? [] };
    ingredientClasses.set(ingredient, medicationClass);
  }
  return medicationClass;
}

/** The class's ingredients this product contains (by ingredient or product RxCUI, ingredient or brand name). */
function ingredientsOf(concept: CodeableConcept | undefined, medicines: IndicatedClass): IndicatedIngredient[] {
  return medicines.ingredients.filter((ingredient) => conceptInClass(concept, ingredientClass(ingredient)));
}

/** Every ingredient of the product has an indication of its own documented (e.g. metformin and prediabetes). */
function ingredientIndicationDocumented(context: RuleContext, concept: CodeableConcept | undefined, medicines: IndicatedClass): boolean {
  const ingredients = ingredientsOf(concept, medicines);
  return ingredients.length > 0 && ingredients.every((i) => i.alsoIndicatedFor !== undefined && context.isDocumented(i.alsoIndicatedFor));
}

/** The product is a dose with an indication of its own, and that indication is documented (rivaroxaban 2.5 mg and CAD). */
function doseIndicationDocumented(context: RuleContext, use: MedicationEvent, medicines: IndicatedClass): boolean {
  return ingredientsOf(use.concept, medicines).flatMap((i) => i.doses ?? []).some((dose) =>
    useTexts(use).some((text) => dose.product.test(text)) && context.isDocumented(dose.indications));
}

/** The product carries an ingredient of the class for another purpose (potassium in maintenance IV fluid). */
function notUseOfClass(use: MedicationEvent, medicines: IndicatedClass): boolean {
  return (medicines.notUsesOfClass ?? []).some((pattern) => useTexts(use).some((text) => pattern.test(text)));
}

/**
 * The reasons an order or administration gives itself: `reasonCode`, and the Conditions `reasonReference`
 * names (refuted ones excepted); an administration also carries its order's. FHIR R4 MedicationRequest.reason[x].
 */
function statedReasons(context: RuleContext, resource: MedicationEvent['resource'], depth = 0): CodeableConcept[] {
  const reasons = [...(resource.reasonCode ?? [])];
  for (const reference of resource.reasonReference ?? []) {
    const condition = context.record.resolve(reference, resource);
    if (condition?.resourceType !== 'Condition') continue;
    const diagnosis = condition as Condition;
    if (diagnosis.code && !isRefutedOrEnteredInError(diagnosis)) reasons.push(diagnosis.code);
  }
  if (resource.resourceType === 'MedicationAdministration' && depth === 0) {
    const order = context.record.resolve(resource.request, resource);
    if (order?.resourceType === 'MedicationRequest') reasons.push(...statedReasons(context, order as MedicationRequest, 1));
  }
  return reasons;
}

/** The order (or dose) names its indication itself: the class's, or one of its ingredients' own. */
function reasonStatesIndication(context: RuleContext, use: MedicationEvent, medicines: IndicatedClass, indications: DiagnosisTarget): boolean {
  const reasons = statedReasons(context, use.resource);
  if (reasons.length === 0) return false;
  const targets = [indications, ...ingredientsOf(use.concept, medicines).flatMap((i) => (i.alsoIndicatedFor ? [i.alsoIndicatedFor] : []))];
  return reasons.some((reason) => targets.some((target) => conceptMatches(reason, target)));
}

/**
 * Orders and administrations of the class in the review (or still active) that no documented diagnosis
 * explains: not the class's indications, not their ingredients' or doses' own, not the reason the order
 * states, not `explainedOtherwise`.
 */
function usesWithoutIndication(
  context: RuleContext, medicines: IndicatedClass, indications: DiagnosisTarget, includeActiveOrders: boolean,
  explainedOtherwise: (use: MedicationEvent) => boolean,
): MedicationEvent[] {
  if (context.isDocumented(indications)) return [];
  return medicationsInWindow(context, medicines, { includeActiveOrders })
    .filter((use) => !notUseOfClass(use, medicines) && !ingredientIndicationDocumented(context, use.concept, medicines) &&
      !doseIndicationDocumented(context, use, medicines) && !reasonStatesIndication(context, use, medicines, indications) &&
      !explainedOtherwise(use))
    .sort((a, b) => (a.timeMs ?? 0) - (b.timeMs ?? 0));
}

// ---------------------------------------------------------------------------------------------------------
// The finding

function describeOrder(use: MedicationEvent): string {
  return `ordered ${use.time ? `on ${formatFhirDateTime(use.time)}` : '(date not recorded)'} (${use.resource.status ?? 'status not recorded'})`;
}

function describeAdministrations(given: readonly MedicationEvent[]): string {
  const times = given.flatMap((g) => (g.time ? [g.time] : []));
  if (given.length === 1) return times[0] ? `given on ${formatFhirDateTime(times[0])}` : 'given';
  const span = times.length ? ` from ${formatFhirDateTime(times[0]!)} to ${formatFhirDateTime(times[times.length - 1]!)}` : '';
  return `given ${given.length} times${span}`;
}

/** The product's name; an order coded without any name is named by its RxNorm code. */
function productName(use: MedicationEvent): string {
  if (conceptTexts(use.concept).length > 0) return use.name;
  const rxcui = use.concept?.coding?.find((c) => c.system === SYSTEM.RXNORM && c.code)?.code;
  return rxcui ? `RxNorm ${rxcui}` : use.name;
}

/** `Warfarin Sodium 5 MG Oral Tablet ordered on 2021-03-02 10:00 (active), given on 2021-03-02 21:00` per product. */
function describeUses(uses: readonly MedicationEvent[]): string {
  const byProduct = new Map<string, MedicationEvent[]>();
  for (const use of uses) byProduct.set(productName(use), [...(byProduct.get(productName(use)) ?? []), use]);
  return [...byProduct].map(([name, events]) => {
    const orders = events.filter((e) => e.resource.resourceType === 'MedicationRequest').map(describeOrder);
    const given = events.filter((e) => e.resource.resourceType === 'MedicationAdministration');
    return `${name} ${[...orders, ...(given.length ? [describeAdministrations(given)] : [])].join(', ')}`;
  }).join('; ');
}

function encounterOfUses(uses: readonly MedicationEvent[]): string | undefined {
  for (let i = uses.length - 1; i >= 0; i--) {
    const resource = uses[i]!.resource;
    const reference = resource.resourceType === 'MedicationRequest' ? resource.encounter?.reference : resource.context?.reference;
    if (reference?.startsWith('Encounter/')) return reference;
  }
  return undefined;
}

function latestUseTime(uses: readonly MedicationEvent[]): string | undefined {
  return uses.reduce<MedicationEvent | undefined>((latest, u) =>
    (u.timeMs !== undefined && (latest?.timeMs === undefined || u.timeMs > latest.timeMs) ? u : latest), undefined)?.time;
}

/** The class's options, then those of the ingredients in the products found, once each. */
function optionsFor(context: RuleContext, uses: readonly MedicationEvent[], medicines: IndicatedClass, classOptions: readonly AnswerOption[]): AnswerOption[] {
  const ingredientOptions = uses.flatMap((u) => ingredientsOf(u.concept, medicines).flatMap((i) => i.options ?? []));
  const unique = new Map<string, AnswerOption>();
  for (const option of [...classOptions, ...ingredientOptions]) {
    if (context.gender === 'male' && FEMALE_ONLY_INDICATION_OPTIONS.has(option.icd10 ?? '')) continue;
    unique.set(option.icd10 ?? option.text, option);
  }
  // "Not clinically significant" does not answer "what is this medication for?".
  return withStandardOptions([...unique.values()], { notSignificant: false });
}

function indicationFinding(
  context: RuleContext, uses: readonly MedicationEvent[], medicines: IndicatedClass,
  { suspectedCondition, options, alsoObserved }: { suspectedCondition: string; options: readonly AnswerOption[]; alsoObserved: string },
): DocumentationGapDraft[] {
  if (uses.length === 0) return [];
  const products = new Set(uses.map(productName)).size;
  return [{
    facts: uses.map((use) => medicationFact({ ...use, name: productName(use) })),
    summary: `${capitalize(describeUses(uses))}.${alsoObserved} No diagnosis on the record documents an indication for ${products === 1 ? 'it' : 'them'}.`,
    evidence: uses.map((u) => u.reference),
    suspectedCondition,
    encounter: encounterOfUses(uses),
    observedAt: latestUseTime(uses),
    answerOptions: optionsFor(context, uses, medicines, options),
  }];
}

// ---------------------------------------------------------------------------------------------------------
// Thromboprophylaxis after hip or knee arthroplasty

function isHipOrKneeArthroplasty(procedure: Procedure): boolean {
  if (procedure.status === 'not-done' || procedure.status === 'entered-in-error') return false;
  return (procedure.code?.coding ?? []).some((c) => c.system === SYSTEM.SNOMED && ARTHROPLASTY_SNOMED.has(c.code ?? '')) ||
    conceptTexts(procedure.code).some((text) => HIP_OR_KNEE_ARTHROPLASTY_TEXT.test(text));
}

/** Times of hip and knee arthroplasties on the record (ms). */
function arthroplastyTimes(context: RuleContext): number[] {
  return context.record.byType('Procedure').filter(isHipOrKneeArthroplasty)
    .map((p) => (fhirTimeMs(p.performedDateTime ?? p.performedPeriod?.start) ?? NaN))
    .filter((ms) => !Number.isNaN(ms));
}

/** An anticoagulant started from `arthroplastyLeadDays` before to `arthroplastyProphylaxisDays` after an arthroplasty. */
function thromboprophylaxis(context: RuleContext, t: typeof ANTICOAGULANT_INDICATION_THRESHOLDS): (use: MedicationEvent) => boolean {
  const arthroplasties = arthroplastyTimes(context);
  return (use) => use.timeMs !== undefined && arthroplasties.some((ms) =>
    use.timeMs! >= ms - t.arthroplastyLeadDays * DAY_MS && use.timeMs! <= ms + t.arthroplastyProphylaxisDays * DAY_MS);
}

// ---------------------------------------------------------------------------------------------------------
// The rules: one row per drug class

type Thresholds = typeof MEDICATION_INDICATION_THRESHOLDS;

/** One medication-indication rule as data: the class, what documents its indication, what the query offers. */
export interface MedicationIndicationRow<T extends Thresholds> {
  id: string;
  title: string;
  severity: Severity;
  rationale: string;
  thresholds: T;
  /** The drug class (src/terminology/indicated-medications.ts). */
  medicines: IndicatedClass;
  /** What documents the indication of the whole class (src/terminology/indications.ts). */
  indications: DiagnosisTarget;
  /** The ICD-10-CM code the physician may be asked about. */
  suspectedCondition: string;
  /** The diagnoses the query offers for the class; those of the ingredients found follow. */
  options: readonly AnswerOption[];
  /**
   * Other medications whose use in the review is itself the indication, when `applies(thresholds)`; the
   * summary then says none is ordered.
   */
  indicatingMedications?: { medicines: readonly MedicationClass[]; applies(thresholds: T): boolean; noneOrdered: string };
  /** A use the rest of the record explains without a diagnosis (a procedure it follows). */
  explainedByRecord?(context: RuleContext, thresholds: T): (use: MedicationEvent) => boolean;
}

/** The rule a row describes. */
function medicationIndicationRule<T extends Thresholds>(row: MedicationIndicationRow<T>): DocumentationGapRule<T> {
  return {
    id: row.id,
    title: row.title,
    category: 'documentation-gap',
    severity: row.severity,
    rationale: row.rationale,
    thresholds: row.thresholds,
    evaluate(context, t) {
      const indicating = row.indicatingMedications?.applies(t) ? row.indicatingMedications : undefined;
      if (indicating?.medicines.some((m) => medicationsInWindow(context, m, { includeActiveOrders: t.includeActiveOrders }).length > 0)) return [];
      const explained = row.explainedByRecord?.(context, t) ?? (() => false);
      const uses = usesWithoutIndication(context, row.medicines, row.indications, t.includeActiveOrders, explained);
      return indicationFinding(context, uses, row.medicines, {
        suspectedCondition: row.suspectedCondition, options: row.options, alsoObserved: indicating ? ` ${indicating.noneOrdered}` : '',
      });
    },
  };
}

/** The family, in this order, for registration in src/rules/index.ts. */
export const MEDICATION_INDICATION_RULES = [
  medicationIndicationRule({
    id: 'medication-indication/antidiabetic',
    title: 'Antidiabetic medication without a documented indication',
    severity: 'low',
    rationale: 'Insulin and other antidiabetics are indicated for diabetes mellitus (FDA labeling; ADA Standards of Care), so an active order or a dose with no diabetes diagnosis—nor prediabetes or PCOS for metformin, obesity for weight-management GLP-1 agonists, heart failure or CKD for dapagliflozin or empagliflozin, hyperglycemia or hyperkalemia for insulin—is a query trigger.',
    thresholds: MEDICATION_INDICATION_THRESHOLDS,
    medicines: ANTIDIABETIC_MEDICATIONS,
    indications: DIABETES_INDICATIONS,
    suspectedCondition: 'E11.9',
    options: [OPTION.E11_9, OPTION.E13_9],
  }),
  medicationIndicationRule({
    id: 'medication-indication/levothyroxine',
    title: 'Thyroid hormone without a documented indication',
    severity: 'low',
    rationale: 'Levothyroxine is indicated for hypothyroidism and for TSH suppression in thyroid cancer, not for benign nodules or nontoxic goiter (FDA labeling), so an active order or a dose with neither diagnosis documented is a query trigger.',
    thresholds: MEDICATION_INDICATION_THRESHOLDS,
    medicines: THYROID_HORMONES,
    indications: THYROID_HORMONE_INDICATIONS,
    suspectedCondition: 'E03.9',
    options: [OPTION.E03_9, OPTION.E06_3, OPTION.E89_0],
  }),
  medicationIndicationRule({
    id: 'medication-indication/anticoagulant',
    title: 'Anticoagulant without a documented indication',
    severity: 'medium',
    rationale: 'Warfarin and direct oral anticoagulants are indicated for atrial fibrillation, venous thromboembolism, mechanical valves and post-arthroplasty prophylaxis (FDA labeling; CHEST 2016; ACC/AHA 2020), and stroke alone is not one (AHA/ASA 2021), so an active order or a dose with no documented indication is a query trigger.',
    thresholds: ANTICOAGULANT_INDICATION_THRESHOLDS,
    medicines: ANTICOAGULANT_MEDICATIONS,
    indications: ANTICOAGULATION_INDICATIONS,
    suspectedCondition: 'I48.91',
    options: [OPTION.I48_91, OPTION.I48_92, OPTION.I26_99, OPTION.I82_409, OPTION.Z86_711, OPTION.Z86_718, OPTION.Z95_2],
    explainedByRecord: thromboprophylaxis,
  }),
  medicationIndicationRule({
    id: 'medication-indication/loop-diuretic',
    title: 'Loop diuretic without a documented indication',
    severity: 'low',
    rationale: 'Loop diuretics are indicated for edema of heart failure, cirrhosis or renal disease, pulmonary edema and hypertension (FDA labeling), and not for AKI without volume overload (KDIGO 2012 AKI), so an active order or a dose with none of these documented is a query trigger.',
    thresholds: MEDICATION_INDICATION_THRESHOLDS,
    medicines: LOOP_DIURETIC_MEDICATIONS,
    indications: LOOP_DIURETIC_INDICATIONS,
    suspectedCondition: 'I50.9',
    options: [OPTION.I50_9, OPTION.N18_9, OPTION.E87_70, OPTION.R60_9, OPTION.I10, OPTION.R18_8],
  }),
  medicationIndicationRule({
    id: 'medication-indication/potassium-chloride',
    title: 'Potassium chloride without a documented indication',
    severity: 'low',
    rationale: 'Potassium chloride is indicated to treat or prevent hypokalemia (FDA labeling), so a loop or thiazide diuretic ordered in the same review counts as its indication (prophylaxis), and potassium replacement without either, or DKA/HHS (ADA 2009 consensus), is a query trigger for hypokalemia.',
    thresholds: POTASSIUM_CHLORIDE_INDICATION_THRESHOLDS,
    medicines: POTASSIUM_CHLORIDE_MEDICATIONS,
    indications: POTASSIUM_REPLACEMENT_INDICATIONS,
    suspectedCondition: 'E87.6',
    options: [OPTION.E87_6],
    indicatingMedications: {
      medicines: [LOOP_DIURETIC_MEDICATIONS, THIAZIDE_DIURETICS],
      applies: (t) => t.diureticIsIndication,
      noneOrdered: 'No loop or thiazide diuretic is ordered.',
    },
  }),
] as const;

/** Each rule by name (tests and older callers pick them from the table). */
export const [
  antidiabeticWithoutIndication,
  levothyroxineWithoutIndication,
  anticoagulantWithoutIndication,
  loopDiureticWithoutIndication,
  potassiumChlorideWithoutIndication,
] = MEDICATION_INDICATION_RULES;
