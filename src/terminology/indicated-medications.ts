/**
 * The drug classes the medication-indication rules ask about (src/rules/gaps/medication-indication.ts): the
 * shared classes of medications.ts, with the further brand names (single and combination products, from
 * the products' DailyMed labeling) and product RxCUIs EHRs send, and what documents an indication of one
 * ingredient or one dose only (indications.ts, with their sources).
 *
 * RxNorm: ingredient RxCUIs from medications.ts; product RxCUIs as Synthea sends them (each named below).
 * Ingredients without a verified RxCUI are matched by ingredient or brand name only.
 */
import {
  ANTICOAGULANTS, INSULINS, LEVOTHYROXINE, LOOP_DIURETICS, OTHER_ANTIDIABETICS, POTASSIUM_CHLORIDE,
  type Ingredient, type MedicationClass,
} from './medications';
import {
  CORONARY_OR_PERIPHERAL_ARTERY_DISEASE, HEART_FAILURE_INDICATIONS, HEART_FAILURE_OR_CKD_INDICATIONS, INDICATION_OPTION as OPTION,
  INSULIN_OTHER_INDICATIONS, METFORMIN_OTHER_INDICATIONS, WEIGHT_MANAGEMENT_INDICATIONS,
  type IndicationOption,
} from './indications';
import type { DiagnosisTarget } from './diagnoses';

/** A dose of an ingredient that has an indication of its own (rivaroxaban 2.5 mg: coronary artery disease). */
export interface DoseIndication {
  /** The product name at that dose. */
  readonly product: RegExp;
  readonly indications: DiagnosisTarget;
}

/** An ingredient with what else, besides its class's indications, documents a reason to give it. */
export interface IndicatedIngredient extends Ingredient {
  /** Product RxCUIs (SCD/SBD) of this ingredient, for orders that carry the code without a name. */
  products?: readonly string[];
  /** Diagnoses that are an indication for this ingredient only. */
  alsoIndicatedFor?: DiagnosisTarget;
  /** Query options that only make sense for this ingredient. */
  options?: readonly IndicationOption[];
  /** Doses whose indication is not the class's. */
  doses?: readonly DoseIndication[];
}

/** A MedicationClass whose ingredients may carry indications of their own. */
export interface IndicatedClass extends MedicationClass {
  ingredients: readonly IndicatedIngredient[];
  /** Product names that carry an ingredient of the class for another purpose: not a use of the class. */
  notUsesOfClass?: readonly RegExp[];
}

function indicatedClass(
  id: string, label: string, ingredients: readonly IndicatedIngredient[], notUsesOfClass?: readonly RegExp[],
): IndicatedClass {
  const products = [...new Set(ingredients.flatMap((i) => i.products ?? []))];
  return { id, label, ingredients, products, ...(notUsesOfClass ? { notUsesOfClass } : {}) };
}

/** The shared class's ingredients with more brands, products and ingredient-specific indications. */
function extend(base: MedicationClass, additions: Record<string, Omit<IndicatedIngredient, 'name'>>): IndicatedIngredient[] {
  return base.ingredients.map((ingredient) => {
    const more = additions[ingredient.name];
    return more ? { ...ingredient, ...more, brands: [...(ingredient.brands ?? []), ...(more.brands ?? [])] } : ingredient;
  });
}

const INSULIN_EXTRAS = { alsoIndicatedFor: INSULIN_OTHER_INDICATIONS, options: [OPTION.E10_9, OPTION.E09_9, OPTION.R73_9] };
const SGLT2_EXTRAS = { alsoIndicatedFor: HEART_FAILURE_OR_CKD_INDICATIONS, options: [OPTION.I50_9, OPTION.N18_9] };
const WEIGHT_EXTRAS = { alsoIndicatedFor: WEIGHT_MANAGEMENT_INDICATIONS, options: [OPTION.E66_9] };

/** Insulins and other antidiabetics, one class for one query: what is the diabetes (or other indication)? */
export const ANTIDIABETIC_MEDICATIONS = indicatedClass('antidiabetic-any', 'an antidiabetic medication', [
  ...extend(INSULINS, {
    'insulin glargine': { ...INSULIN_EXTRAS, brands: ['Rezvoglar', 'Soliqua'] },
    'insulin lispro': INSULIN_EXTRAS,
    'insulin aspart': INSULIN_EXTRAS,
    'insulin detemir': INSULIN_EXTRAS,
    'insulin degludec': { ...INSULIN_EXTRAS, brands: ['Xultophy'] },
    // 106892: insulin human, isophane 70 UNT/ML / Regular Insulin, Human 30 UNT/ML [Humulin] (Synthea)
    insulin: { ...INSULIN_EXTRAS, brands: ['Afrezza', 'Myxredlin'], products: ['106892'] },
  }),
  { name: 'insulin glulisine', brands: ['Apidra'], ...INSULIN_EXTRAS },
  ...extend(OTHER_ANTIDIABETICS, {
    // 860975: 24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet (Synthea)
    metformin: {
      alsoIndicatedFor: METFORMIN_OTHER_INDICATIONS, options: [OPTION.R73_03, OPTION.E28_2], products: ['860975'],
      brands: ['Glumetza', 'Fortamet', 'Riomet', 'Janumet', 'Jentadueto', 'Synjardy', 'Xigduo', 'Invokamet', 'Kazano',
        'Kombiglyze', 'Segluromet', 'Actoplus Met', 'Glucovance', 'Trijardy'],
    },
    glyburide: { brands: ['Glynase', 'Diabeta', 'Glucovance'] },
    glimepiride: { brands: ['Duetact'] },
    pioglitazone: { brands: ['Actoplus Met', 'Oseni', 'Duetact'] },
    sitagliptin: { brands: ['Janumet', 'Steglujan', 'Zituvio'] },
    linagliptin: { brands: ['Jentadueto', 'Glyxambi', 'Trijardy'] },
    empagliflozin: { ...SGLT2_EXTRAS, brands: ['Synjardy', 'Glyxambi', 'Trijardy'] },
    dapagliflozin: { ...SGLT2_EXTRAS, brands: ['Xigduo', 'Qtern'] },
    canagliflozin: { brands: ['Invokamet'] },
    liraglutide: { ...WEIGHT_EXTRAS, brands: ['Saxenda', 'Xultophy'] },
    semaglutide: { ...WEIGHT_EXTRAS, brands: ['Wegovy'] },
  }),
  { name: 'tirzepatide', brands: ['Mounjaro', 'Zepbound'], ...WEIGHT_EXTRAS },
  { name: 'sotagliflozin', brands: ['Inpefa'], alsoIndicatedFor: HEART_FAILURE_INDICATIONS, options: [OPTION.I50_9] },
  { name: 'exenatide', brands: ['Byetta', 'Bydureon'] },
  { name: 'lixisenatide', brands: ['Adlyxin', 'Soliqua'] },
  { name: 'saxagliptin', brands: ['Onglyza', 'Kombiglyze', 'Qtern'] },
  { name: 'alogliptin', brands: ['Nesina', 'Kazano', 'Oseni'] },
  { name: 'ertugliflozin', brands: ['Steglatro', 'Segluromet', 'Steglujan'] },
  { name: 'bexagliflozin', brands: ['Brenzavvy'] },
  { name: 'repaglinide', brands: ['Prandin'] },
  { name: 'nateglinide', brands: ['Starlix'] },
  { name: 'acarbose', brands: ['Precose'] },
  { name: 'miglitol', brands: ['Glyset'] },
  { name: 'rosiglitazone', brands: ['Avandia'] },
  { name: 'pramlintide', brands: ['Symlin'] },
  { name: 'tolbutamide' },
  { name: 'chlorpropamide' },
  { name: 'tolazamide' },
]);

/** Levothyroxine (shared class) with more brands, liothyronine and desiccated thyroid. */
export const THYROID_HORMONES = indicatedClass('thyroid-hormone', 'thyroid hormone', [
  ...extend(LEVOTHYROXINE, { levothyroxine: { brands: ['Tirosint', 'Levo-T', 'Thyquidity', 'Ermeza'] } }),
  { name: 'liothyronine', brands: ['Cytomel'] },
  { name: 'desiccated thyroid', brands: ['Armour Thyroid', 'NP Thyroid'] }, // "thyroid" alone would match too much
]);

/**
 * Warfarin and the DOACs (shared class). Heparin and enoxaparin are deliberately outside it: most orders are
 * prophylactic doses, which are not an indication gap (shared/DOMAIN.md §2: therapeutic dose only).
 */
export const ANTICOAGULANT_MEDICATIONS = indicatedClass('anticoagulant-oral', 'an anticoagulant', extend(ANTICOAGULANTS, {
  warfarin: { products: ['855332'] }, // Warfarin Sodium 5 MG Oral Tablet (Synthea)
  // 2.5 mg twice daily is the vascular dose (COMPASS, VOYAGER PAD), not the AF/VTE dose (Xarelto label).
  rivaroxaban: { doses: [{ product: /\b(rivaroxaban|xarelto)\s+2\.5\s*MG\b/i, indications: CORONARY_OR_PERIPHERAL_ARTERY_DISEASE }] },
}));

/** Furosemide, bumetanide, torsemide (shared class) and ethacrynic acid, with Synthea's product RxCUIs. */
export const LOOP_DIURETIC_MEDICATIONS = indicatedClass('loop-diuretic-any', 'a loop diuretic', [
  ...extend(LOOP_DIURETICS, {
    // 315971: Lasix 40mg; 1719286: 10 ML Furosemide 10 MG/ML Injection (Synthea)
    furosemide: { brands: ['Furoscix'], products: ['315971', '1719286'] },
  }),
  { name: 'ethacrynic acid', brands: ['Edecrin'] },
]);

/**
 * Potassium chloride (shared class), also written "KCl" in free-text orders. Potassium carried in a
 * multi-ingredient product, maintenance IV fluid or bowel preparation, is not replacement (NICE CG174 IV fluid
 * therapy in adults: routine maintenance includes potassium).
 */
export const POTASSIUM_CHLORIDE_MEDICATIONS = indicatedClass('potassium-chloride-any', 'potassium chloride',
  extend(POTASSIUM_CHLORIDE, { 'potassium chloride': { brands: ['KCl', 'K-Dur', 'Kaon-CL'] } }), [
    /\s\/\s/, // RxNorm separates the ingredients of a multi-ingredient product with " / "
    /\b(dextrose|glucose|sodium chloride|saline|ringer'?s?|plasma-?lyte|polyethylene glycol|sodium bicarbonate|sodium sulfate)\b/i,
    /\b(D5|D10|NS|LR)\b|\d\/\d\s*NS\b/, // order-entry shorthand (case-sensitive): D5 1/2NS + 20 KCl
  ]);
