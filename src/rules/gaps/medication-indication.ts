/**
 * Medication without a documented indication (shared/DOMAIN.md §2): one rule per drug class. A rule fires
 * when an order of the class is active, or the class was ordered or given in the review window, and no
 * Condition, encounter or claim diagnosis documents any indication of the class. Treatment is a clinical
 * indicator a compliant query may cite (ACDIS; AHIMA/ACDIS compliant query practice, 2022 update); the query
 * asks for the indication, it never assumes one.
 *
 * Indications are the products' FDA-approved labeling (DailyMed) unless stated:
 * - Insulin and other antidiabetics: diabetes mellitus (E08–E13, in pregnancy O24, post-pancreatectomy
 *   E89.1 per ICD-10-CM Official Guidelines I.C.4.a.6.b, neonatal P70.2). Metformin alone also prediabetes
 *   (ADA Standards of Care, section 3), polycystic ovary syndrome and insulin resistance; semaglutide,
 *   liraglutide and tirzepatide also overweight/obesity (Wegovy, Saxenda, Zepbound: chronic weight
 *   management); dapagliflozin and empagliflozin also heart failure and CKD (Farxiga, Jardiance),
 *   sotagliflozin heart failure (Inpefa); insulin also hyperglycemia without diabetes (ADA Standards of Care,
 *   section 16, hospital care) and hyperkalemia (insulin with glucose shifts potassium: KDIGO Controversies
 *   Conference on potassium, Kidney Int 2020;97:42).
 * - Levothyroxine (and liothyronine): hypothyroidism of any cause (primary, postprocedural, central,
 *   iodine-deficiency, postpartum), TSH suppression in thyroid cancer. The label excludes benign nodules and
 *   nontoxic goiter, so E04 is not an indication, nor are the iodine-deficiency goiters E01.0–E01.2.
 * - Warfarin and DOACs: atrial fibrillation/flutter; venous thromboembolism at any site, acute, chronic or
 *   past (CHEST 2016 VTE guideline, Kearon; AHA 2024 cerebral venous thrombosis statement); intracardiac
 *   thrombus, arterial embolism, mechanical heart valve (ACC/AHA 2020 valvular heart disease guideline);
 *   thrombophilia; heparin-induced thrombocytopenia (ASH 2018 HIT guideline); thromboprophylaxis up to 35
 *   days after hip or knee arthroplasty (ACCP 2012, Falck-Ytter, Chest 2012;141:e278S); rivaroxaban 2.5 mg
 *   for coronary or peripheral artery disease (Xarelto label, COMPASS). Ischemic stroke alone (I63) is NOT
 *   an indication: AHA/ASA 2021 secondary prevention guideline (Kleindorfer, Stroke 2021;52:e364) prefers
 *   antiplatelets for non-cardioembolic stroke, and a cardioembolic source (AF, LV thrombus, valve) has its
 *   own code, which is what the query asks for. Heparin and enoxaparin are outside the class: most orders
 *   are prophylactic doses, which are not an indication gap (DOMAIN.md: therapeutic dose only).
 * - Loop diuretics: edema of heart failure, cirrhosis (ascites) or renal disease including nephrotic
 *   syndrome; hypertension; acute pulmonary edema; fluid overload. AKI alone is not an indication (KDIGO 2012
 *   AKI guideline 3.4.2: diuretics only for volume overload).
 * - Potassium chloride: treatment and prevention of hypokalemia (Klor-Con label), so a loop or thiazide
 *   diuretic ordered in the same review counts as the indication (prophylaxis); potassium replacement in
 *   DKA/HHS (ADA hyperglycemic crises consensus, Kitabchi, Diabetes Care 2009;32:1335). Potassium carried in
 *   maintenance IV fluids or bowel preparations is not replacement (NICE CG174 IV fluid therapy in adults:
 *   routine maintenance includes potassium), so multi-ingredient products are not counted.
 *
 * SNOMED CT codes: src/terminology/snomed.ts (verified in public FHIR IGs, value sets and Synthea output).
 * RxNorm: ingredient RxCUIs from src/terminology/medications.ts; product RxCUIs as Synthea sends them.
 * Ingredients without a verified RxCUI are matched by ingredient or brand name only.
 */
import type { CodeableConcept, Condition, MedicationRequest, Procedure } from 'fhir/r4';
import {
  ANTICOAGULANTS, INSULINS, LEVOTHYROXINE, LOOP_DIURETICS, OTHER_ANTIDIABETICS, POTASSIUM_CHLORIDE, THIAZIDE_DIURETICS,
  type Ingredient, type MedicationClass,
} from '../../terminology/medications';
import {
  ARTHROPLASTY_SNOMED, CARDIOVASCULAR_SNOMED, CKD_STAGES_1_TO_5_SNOMED, DIABETES_SNOMED, EDEMA_SNOMED, ELECTROLYTE_SNOMED,
  ENDOCRINE_SNOMED, HEART_FAILURE_ANY_SNOMED, NUTRITION_SNOMED, SNOMED,
} from '../../terminology/snomed';
import { SYSTEM } from '../../terminology/systems';
import { withStandardOptions } from '../engine/answer-options';
import { capitalize, formatTime } from '../engine/evidence';
import { conceptInClass, medicationsInWindow, type MedicationEvent } from '../engine/medication-events';
import type { AnswerOption, DiagnosisTarget, FindingDraft, Rule, RuleContext } from '../engine/types';
import { conceptMatches } from '../engine/run-rules';
import { fhirTimeMs } from '../../record/fhir-dates';

const DAY_MS = 86_400_000;

/** An ingredient with what else, besides its class's indications, documents a reason to give it. */
export interface IndicatedIngredient extends Ingredient {
  /** Product RxCUIs (SCD/SBD) of this ingredient, for orders that carry the code without a name. */
  products?: readonly string[];
  /** Diagnoses that are an indication for this ingredient only. */
  alsoIndicatedFor?: DiagnosisTarget;
  /** Query options that only make sense for this ingredient. */
  options?: readonly AnswerOption[];
}

/** A MedicationClass whose ingredients may carry indications of their own. */
export interface IndicatedClass extends MedicationClass {
  ingredients: readonly IndicatedIngredient[];
}

function indicatedClass(id: string, label: string, ingredients: readonly IndicatedIngredient[], patterns?: readonly RegExp[]): IndicatedClass {
  const products = [...new Set(ingredients.flatMap((i) => i.products ?? []))];
  return { id, label, ingredients, products, ...(patterns ? { patterns } : {}) };
}

/** The shared class's ingredients with more brands, products and ingredient-specific indications. */
function extend(base: MedicationClass, additions: Record<string, Omit<IndicatedIngredient, 'name'>>): IndicatedIngredient[] {
  return base.ingredients.map((ingredient) => {
    const more = additions[ingredient.name];
    return more ? { ...ingredient, ...more, brands: [...(ingredient.brands ?? []), ...(more.brands ?? [])] } : ingredient;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Diagnoses that document an indication (ICD-10-CM prefixes checked in the FY2026 order file).

/** Diabetes mellitus of any type, in pregnancy, after pancreatectomy, neonatal. */
export const DIABETES_INDICATIONS: DiagnosisTarget = {
  icd10: ['E08', 'E09', 'E10', 'E11', 'E13', 'O24', 'E89.1', 'P70.2'],
  snomed: [
    DIABETES_SNOMED.DIABETES_MELLITUS,
    SNOMED.DIABETES_TYPE_2,
    DIABETES_SNOMED.TYPE_1,
    DIABETES_SNOMED.GESTATIONAL,
    DIABETES_SNOMED.DIABETIC_KETOACIDOSIS,
    SNOMED.DIABETIC_NEUROPATHY_TYPE_2,
    SNOMED.DIABETIC_RETINOPATHY_TYPE_2,
    SNOMED.DIABETIC_RENAL_DISEASE,
    DIABETES_SNOMED.NONPROLIFERATIVE_RETINOPATHY_TYPE_2,
    DIABETES_SNOMED.MICROALBUMINURIA_TYPE_2,
    DIABETES_SNOMED.PROTEINURIA_TYPE_2,
  ],
};

/** Metformin without diabetes: prediabetes/abnormal glucose, PCOS, metabolic syndrome and insulin resistance. */
const METFORMIN_ALSO: DiagnosisTarget = {
  icd10: ['R73.0', 'E28.2', 'E88.81'],
  snomed: [SNOMED.PREDIABETES, ENDOCRINE_SNOMED.POLYCYSTIC_OVARY_SYNDROME],
};

/** Weight-management GLP-1/GIP agonists (Wegovy, Saxenda, Zepbound): overweight and obesity. */
const WEIGHT_MANAGEMENT_ALSO: DiagnosisTarget = {
  icd10: ['E66'],
  snomed: [NUTRITION_SNOMED.OBESITY, SNOMED.OBESITY_BMI_30, SNOMED.OBESITY_BMI_40],
};

/** Dapagliflozin, empagliflozin: heart failure (I11.0 and I13.0/I13.2 carry it) and CKD (I12, I13 carry it). */
const HEART_FAILURE_OR_CKD_ALSO: DiagnosisTarget = {
  icd10: ['I50', 'I11.0', 'I12', 'I13', 'N18'],
  snomed: [...HEART_FAILURE_ANY_SNOMED, ...CKD_STAGES_1_TO_5_SNOMED],
};

const HEART_FAILURE_ALSO: DiagnosisTarget = { icd10: ['I50', 'I11.0', 'I13.0', 'I13.2'], snomed: HEART_FAILURE_ANY_SNOMED };

/** Insulin without diabetes: hyperglycemia (stress, steroid) and hyperkalemia. */
const INSULIN_ALSO: DiagnosisTarget = {
  icd10: ['R73.9', 'E87.5'],
  snomed: [SNOMED.HYPERGLYCEMIA, ELECTROLYTE_SNOMED.HYPERKALEMIA],
};

/** Hypothyroidism of any cause, and thyroid cancer (TSH suppression). */
export const THYROID_HORMONE_INDICATIONS: DiagnosisTarget = {
  icd10: ['E03', 'E89.0', 'E06.3', 'E01.8', 'E02', 'E23.0', 'O90.5', 'C73', 'Z85.850'],
  snomed: [ENDOCRINE_SNOMED.HYPOTHYROIDISM, ENDOCRINE_SNOMED.HASHIMOTO_THYROIDITIS, ENDOCRINE_SNOMED.THYROID_CANCER],
};

/** AF/flutter, venous thromboembolism (any site, current or past), intracardiac or arterial thrombus, valve, thrombophilia, HIT. */
export const ANTICOAGULATION_INDICATIONS: DiagnosisTarget = {
  icd10: [
    'I48', // atrial fibrillation and flutter
    'I26', 'I80', 'I81', 'I82', 'I67.6', // pulmonary embolism, venous thrombosis at any site
    'O22.3', 'O22.5', 'O87.1', 'O87.3', 'O88.2', // venous thrombosis and embolism in pregnancy and the puerperium
    'Z86.71', // personal history of venous thrombosis and embolism
    'I51.3', 'I23.6', 'I74', // intracardiac thrombus, arterial embolism
    'Z95.2', // prosthetic heart valve
    'D68.5', 'D68.6', 'D75.82', // thrombophilia, heparin-induced thrombocytopenia
  ],
  snomed: [
    SNOMED.ATRIAL_FIBRILLATION,
    CARDIOVASCULAR_SNOMED.ATRIAL_FLUTTER,
    CARDIOVASCULAR_SNOMED.PULMONARY_EMBOLISM,
    CARDIOVASCULAR_SNOMED.ACUTE_PULMONARY_EMBOLISM,
    CARDIOVASCULAR_SNOMED.DEEP_VENOUS_THROMBOSIS,
    CARDIOVASCULAR_SNOMED.ACUTE_DEEP_VENOUS_THROMBOSIS,
    CARDIOVASCULAR_SNOMED.HISTORY_OF_DEEP_VEIN_THROMBOSIS,
  ],
};

/** Rivaroxaban 2.5 mg twice daily: coronary or peripheral artery disease (COMPASS, VOYAGER PAD). */
const CORONARY_OR_PERIPHERAL_ARTERY_DISEASE: DiagnosisTarget = {
  icd10: ['I25', 'I70.2', 'I73.9'],
  snomed: [CARDIOVASCULAR_SNOMED.CORONARY_ARTERIOSCLEROSIS],
};

/** Heart failure, edema, fluid overload, hypertension, kidney disease, nephrotic/nephritic syndrome, ascites. */
export const LOOP_DIURETIC_INDICATIONS: DiagnosisTarget = {
  icd10: [
    'I50', 'J81', 'E87.7', 'R60', // heart failure, pulmonary edema, fluid overload, edema
    'I10', 'I11', 'I12', 'I13', 'I15', 'I16', 'I1A', // hypertension (and hypertensive heart/kidney disease)
    'N18', 'N19', 'E08.2', 'E09.2', 'E10.2', 'E11.2', 'E13.2', // chronic kidney disease, diabetic kidney disease
    'N00', 'N01', 'N03', 'N04', 'N05', // nephritic and nephrotic syndromes
    'R18', 'K70.11', 'K70.31', 'K71.51', // ascites, liver disease with ascites
  ],
  snomed: [
    ...HEART_FAILURE_ANY_SNOMED,
    ...CKD_STAGES_1_TO_5_SNOMED,
    SNOMED.HYPERTENSION,
    CARDIOVASCULAR_SNOMED.ESSENTIAL_HYPERTENSION,
    SNOMED.DIABETIC_RENAL_DISEASE,
    EDEMA_SNOMED.NEPHROTIC_SYNDROME,
    EDEMA_SNOMED.EDEMA,
    EDEMA_SNOMED.PULMONARY_EDEMA,
    EDEMA_SNOMED.ASCITES,
  ],
};

/** Hypokalemia, and the hyperglycemic crises (DKA, HHS) whose treatment replaces potassium. */
export const POTASSIUM_REPLACEMENT_INDICATIONS: DiagnosisTarget = {
  icd10: ['E87.6', 'E08.0', 'E08.1', 'E09.0', 'E09.1', 'E10.1', 'E11.0', 'E11.1', 'E13.0', 'E13.1'],
  snomed: [SNOMED.HYPOKALEMIA, DIABETES_SNOMED.DIABETIC_KETOACIDOSIS],
};

// ---------------------------------------------------------------------------------------------------------
// Query options (titles from the ICD-10-CM FY2026 order file).

const OPTION = {
  E11_9: { text: 'Type 2 diabetes mellitus without complications', icd10: 'E11.9' },
  E10_9: { text: 'Type 1 diabetes mellitus without complications', icd10: 'E10.9' },
  E09_9: { text: 'Drug or chemical induced diabetes mellitus without complications', icd10: 'E09.9' },
  E13_9: { text: 'Other specified diabetes mellitus without complications', icd10: 'E13.9' },
  R73_9: { text: 'Hyperglycemia, unspecified', icd10: 'R73.9' },
  R73_03: { text: 'Prediabetes', icd10: 'R73.03' },
  E28_2: { text: 'Polycystic ovarian syndrome', icd10: 'E28.2' },
  E66_9: { text: 'Obesity, unspecified', icd10: 'E66.9' },
  I50_9: { text: 'Heart failure, unspecified', icd10: 'I50.9' },
  N18_9: { text: 'Chronic kidney disease, unspecified', icd10: 'N18.9' },
  E03_9: { text: 'Hypothyroidism, unspecified', icd10: 'E03.9' },
  E06_3: { text: 'Autoimmune thyroiditis', icd10: 'E06.3' },
  E89_0: { text: 'Postprocedural hypothyroidism', icd10: 'E89.0' },
  I48_91: { text: 'Unspecified atrial fibrillation', icd10: 'I48.91' },
  I48_92: { text: 'Unspecified atrial flutter', icd10: 'I48.92' },
  I26_99: { text: 'Other pulmonary embolism without acute cor pulmonale', icd10: 'I26.99' },
  I82_409: { text: 'Acute embolism and thrombosis of unspecified deep veins of unspecified lower extremity', icd10: 'I82.409' },
  Z86_711: { text: 'Personal history of pulmonary embolism', icd10: 'Z86.711' },
  Z86_718: { text: 'Personal history of other venous thrombosis and embolism', icd10: 'Z86.718' },
  Z95_2: { text: 'Presence of prosthetic heart valve', icd10: 'Z95.2' },
  E87_70: { text: 'Fluid overload, unspecified', icd10: 'E87.70' },
  R60_9: { text: 'Edema, unspecified', icd10: 'R60.9' },
  I10: { text: 'Essential (primary) hypertension', icd10: 'I10' },
  R18_8: { text: 'Other ascites', icd10: 'R18.8' },
  E87_6: { text: 'Hypokalemia', icd10: 'E87.6' },
} satisfies Record<string, AnswerOption>;

/** Options that only apply to female patients (PCOS). */
const FEMALE_ONLY_OPTIONS = new Set(['E28.2']);

// ---------------------------------------------------------------------------------------------------------
// Medication classes: the shared classes, with the brand names (single and combination products) and the
// product RxCUIs that EHRs send, and the ingredient-specific indications above.

const INSULIN_EXTRAS = { alsoIndicatedFor: INSULIN_ALSO, options: [OPTION.E10_9, OPTION.E09_9, OPTION.R73_9] };
const SGLT2_EXTRAS = { alsoIndicatedFor: HEART_FAILURE_OR_CKD_ALSO, options: [OPTION.I50_9, OPTION.N18_9] };
const WEIGHT_EXTRAS = { alsoIndicatedFor: WEIGHT_MANAGEMENT_ALSO, options: [OPTION.E66_9] };

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
      alsoIndicatedFor: METFORMIN_ALSO, options: [OPTION.R73_03, OPTION.E28_2], products: ['860975'],
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
  { name: 'sotagliflozin', brands: ['Inpefa'], alsoIndicatedFor: HEART_FAILURE_ALSO, options: [OPTION.I50_9] },
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

/** Warfarin and the DOACs (shared class); heparin and enoxaparin deliberately excluded (see header). */
export const ANTICOAGULANT_MEDICATIONS = indicatedClass('anticoagulant-oral', 'an anticoagulant', extend(ANTICOAGULANTS, {
  warfarin: { products: ['855332'] }, // Warfarin Sodium 5 MG Oral Tablet (Synthea)
}));

/** Furosemide, bumetanide, torsemide (shared class) and ethacrynic acid, with Synthea's product RxCUIs. */
export const LOOP_DIURETIC_MEDICATIONS = indicatedClass('loop-diuretic-any', 'a loop diuretic', [
  ...extend(LOOP_DIURETICS, {
    // 315971: Lasix 40mg; 1719286: 10 ML Furosemide 10 MG/ML Injection (Synthea)
    furosemide: { brands: ['Furoscix'], products: ['315971', '1719286'] },
  }),
  { name: 'ethacrynic acid', brands: ['Edecrin'] },
]);

/** Potassium chloride (shared class), also written "KCl" in free-text orders. */
export const POTASSIUM_CHLORIDE_MEDICATIONS = indicatedClass('potassium-chloride-any', 'potassium chloride',
  extend(POTASSIUM_CHLORIDE, { 'potassium chloride': { brands: ['KCl', 'K-Dur', 'Kaon-CL'] } }));

/** Potassium in a multi-ingredient product: maintenance IV fluid (NICE CG174) or bowel preparation. */
const POTASSIUM_IN_FLUIDS = [
  /\s\/\s/, // RxNorm separates the ingredients of a multi-ingredient product with " / "
  /\b(dextrose|glucose|sodium chloride|saline|ringer'?s?|plasma-?lyte|polyethylene glycol|sodium bicarbonate|sodium sulfate)\b/i,
  /\b(D5|D10|NS|LR)\b|\d\/\d\s*NS\b/, // order-entry shorthand (case-sensitive): D5 1/2NS + 20 KCl
];

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
// Shared evaluation

function conceptTexts(concept: CodeableConcept | undefined): string[] {
  return [concept?.text, ...(concept?.coding ?? []).map((c) => c.display)].filter((t): t is string => Boolean(t));
}

/** The class's ingredients this product contains (by ingredient or product RxCUI, ingredient or brand name). */
function ingredientsOf(concept: CodeableConcept | undefined, medicines: IndicatedClass): IndicatedIngredient[] {
  return medicines.ingredients.filter((ingredient) =>
    conceptInClass(concept, { id: medicines.id, label: ingredient.name, ingredients: [ingredient], products: ingredient.products ?? [] }));
}

/** Every ingredient of the product has an indication of its own documented (e.g. metformin and prediabetes). */
function ingredientIndicationDocumented(context: RuleContext, concept: CodeableConcept | undefined, medicines: IndicatedClass): boolean {
  const ingredients = ingredientsOf(concept, medicines);
  return ingredients.length > 0 && ingredients.every((i) => i.alsoIndicatedFor !== undefined && context.isDocumented(i.alsoIndicatedFor));
}

const VOID_VERIFICATION = new Set(['refuted', 'entered-in-error']);

/**
 * The reasons an order or administration gives itself: `reasonCode`, and the Conditions `reasonReference`
 * names (refuted ones excepted); an administration also carries its order's. FHIR R4 MedicationRequest.reason[x].
 */
function statedReasons(context: RuleContext, resource: MedicationEvent['resource'], depth = 0): CodeableConcept[] {
  const reasons = [...(resource.reasonCode ?? [])];
  for (const reference of resource.reasonReference ?? []) {
    const condition = context.record.resolve(reference, resource);
    if (condition?.resourceType !== 'Condition') continue;
    const { code, verificationStatus } = condition as Condition;
    if (code && !verificationStatus?.coding?.some((c) => VOID_VERIFICATION.has(c.code ?? ''))) reasons.push(code);
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
 * explains: not the class's indications, not their ingredients' own, not the reason the order states, not
 * `explainedOtherwise`.
 */
function usesWithoutIndication(
  context: RuleContext, medicines: IndicatedClass, indications: DiagnosisTarget, includeActiveOrders: boolean,
  explainedOtherwise: (use: MedicationEvent) => boolean = () => false,
): MedicationEvent[] {
  if (context.isDocumented(indications)) return [];
  return medicationsInWindow(context, medicines, { includeActiveOrders })
    .filter((use) => !ingredientIndicationDocumented(context, use.concept, medicines) &&
      !reasonStatesIndication(context, use, medicines, indications) && !explainedOtherwise(use))
    .sort((a, b) => (a.timeMs ?? 0) - (b.timeMs ?? 0));
}

function describeOrder(use: MedicationEvent): string {
  return `ordered ${use.time ? `on ${formatTime(use.time)}` : '(date not recorded)'} (${use.resource.status ?? 'status not recorded'})`;
}

function describeAdministrations(given: readonly MedicationEvent[]): string {
  const times = given.flatMap((g) => (g.time ? [g.time] : []));
  if (given.length === 1) return times[0] ? `given on ${formatTime(times[0])}` : 'given';
  const span = times.length ? ` from ${formatTime(times[0]!)} to ${formatTime(times[times.length - 1]!)}` : '';
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
    if (context.gender === 'male' && FEMALE_ONLY_OPTIONS.has(option.icd10 ?? '')) continue;
    unique.set(option.icd10 ?? option.text, option);
  }
  // "Not clinically significant" does not answer "what is this medication for?".
  return withStandardOptions([...unique.values()], { notSignificant: false });
}

function indicationFinding(
  context: RuleContext, uses: readonly MedicationEvent[], medicines: IndicatedClass,
  { suspectedCondition, options, alsoObserved = '' }: { suspectedCondition: string; options: readonly AnswerOption[]; alsoObserved?: string },
): FindingDraft[] {
  if (uses.length === 0) return [];
  const products = new Set(uses.map(productName)).size;
  return [{
    summary: `${capitalize(describeUses(uses))}.${alsoObserved} No diagnosis on the record documents an indication for ${products === 1 ? 'it' : 'them'}.`,
    evidence: uses.map((u) => u.reference),
    suspectedCondition,
    encounter: encounterOfUses(uses),
    observedAt: latestUseTime(uses),
    answerOptions: optionsFor(context, uses, medicines, options),
  }];
}

// ---------------------------------------------------------------------------------------------------------
// Anticoagulant-specific explanations

const ARTHROPLASTY_TEXT = /\b(hip|knee)\b.*\b(arthroplasty|replacement)\b|\b(arthroplasty|replacement)\b.*\b(hip|knee)\b/i;
const VASCULAR_DOSE_RIVAROXABAN = /\b(rivaroxaban|xarelto)\s+2\.5\s*MG\b/i;

function isHipOrKneeArthroplasty(procedure: Procedure): boolean {
  if (procedure.status === 'not-done' || procedure.status === 'entered-in-error') return false;
  return (procedure.code?.coding ?? []).some((c) => c.system === SYSTEM.SNOMED && ARTHROPLASTY_SNOMED.has(c.code ?? '')) ||
    conceptTexts(procedure.code).some((text) => ARTHROPLASTY_TEXT.test(text));
}

/** Times of hip and knee arthroplasties on the record (ms). */
function arthroplastyTimes(context: RuleContext): number[] {
  return context.record.byType('Procedure').filter(isHipOrKneeArthroplasty)
    .map((p) => (fhirTimeMs(p.performedDateTime ?? p.performedPeriod?.start) ?? NaN))
    .filter((ms) => !Number.isNaN(ms));
}

// ---------------------------------------------------------------------------------------------------------
// Rules

type Thresholds = typeof MEDICATION_INDICATION_THRESHOLDS;

/** Insulin or another antidiabetic with no diabetes diagnosis (nor the ingredient's other labeled indications). */
export const antidiabeticWithoutIndication: Rule<Thresholds> = {
  id: 'medication-indication/antidiabetic',
  title: 'Antidiabetic medication without a documented indication',
  category: 'documentation-gap',
  severity: 'low',
  rationale: 'Insulin and other antidiabetics are indicated for diabetes mellitus (FDA labeling; ADA Standards of Care), so an active order or a dose with no diabetes diagnosis—nor prediabetes or PCOS for metformin, obesity for weight-management GLP-1 agonists, heart failure or CKD for dapagliflozin or empagliflozin, hyperglycemia or hyperkalemia for insulin—is a query trigger.',
  thresholds: MEDICATION_INDICATION_THRESHOLDS,
  evaluate(context, t) {
    const uses = usesWithoutIndication(context, ANTIDIABETIC_MEDICATIONS, DIABETES_INDICATIONS, t.includeActiveOrders);
    return indicationFinding(context, uses, ANTIDIABETIC_MEDICATIONS, { suspectedCondition: 'E11.9', options: [OPTION.E11_9, OPTION.E13_9] });
  },
};

/** Levothyroxine (or another thyroid hormone) with no hypothyroidism or thyroid cancer diagnosis. */
export const levothyroxineWithoutIndication: Rule<Thresholds> = {
  id: 'medication-indication/levothyroxine',
  title: 'Thyroid hormone without a documented indication',
  category: 'documentation-gap',
  severity: 'low',
  rationale: 'Levothyroxine is indicated for hypothyroidism and for TSH suppression in thyroid cancer, not for benign nodules or nontoxic goiter (FDA labeling), so an active order or a dose with neither diagnosis documented is a query trigger.',
  thresholds: MEDICATION_INDICATION_THRESHOLDS,
  evaluate(context, t) {
    const uses = usesWithoutIndication(context, THYROID_HORMONES, THYROID_HORMONE_INDICATIONS, t.includeActiveOrders);
    return indicationFinding(context, uses, THYROID_HORMONES, { suspectedCondition: 'E03.9', options: [OPTION.E03_9, OPTION.E06_3, OPTION.E89_0] });
  },
};

/** Warfarin or a DOAC with no atrial fibrillation, thromboembolism, valve, thrombophilia or prophylaxis context. */
export const anticoagulantWithoutIndication: Rule<typeof ANTICOAGULANT_INDICATION_THRESHOLDS> = {
  id: 'medication-indication/anticoagulant',
  title: 'Anticoagulant without a documented indication',
  category: 'documentation-gap',
  severity: 'medium',
  rationale: 'Warfarin and direct oral anticoagulants are indicated for atrial fibrillation, venous thromboembolism, mechanical valves and post-arthroplasty prophylaxis (FDA labeling; CHEST 2016; ACC/AHA 2020), and stroke alone is not one (AHA/ASA 2021), so an active order or a dose with no documented indication is a query trigger.',
  thresholds: ANTICOAGULANT_INDICATION_THRESHOLDS,
  evaluate(context, t) {
    const arthroplasties = arthroplastyTimes(context);
    const prophylaxis = (use: MedicationEvent) => use.timeMs !== undefined && arthroplasties.some((ms) =>
      use.timeMs! >= ms - t.arthroplastyLeadDays * DAY_MS && use.timeMs! <= ms + t.arthroplastyProphylaxisDays * DAY_MS);
    const vascularDose = (use: MedicationEvent) =>
      [use.name, ...conceptTexts(use.concept)].some((text) => VASCULAR_DOSE_RIVAROXABAN.test(text)) &&
      context.isDocumented(CORONARY_OR_PERIPHERAL_ARTERY_DISEASE);
    const uses = usesWithoutIndication(context, ANTICOAGULANT_MEDICATIONS, ANTICOAGULATION_INDICATIONS, t.includeActiveOrders,
      (use) => prophylaxis(use) || vascularDose(use));
    return indicationFinding(context, uses, ANTICOAGULANT_MEDICATIONS, {
      suspectedCondition: 'I48.91',
      options: [OPTION.I48_91, OPTION.I48_92, OPTION.I26_99, OPTION.I82_409, OPTION.Z86_711, OPTION.Z86_718, OPTION.Z95_2],
    });
  },
};

/** Furosemide, bumetanide, torsemide with no heart failure, kidney disease, edema, ascites or hypertension. */
export const loopDiureticWithoutIndication: Rule<Thresholds> = {
  id: 'medication-indication/loop-diuretic',
  title: 'Loop diuretic without a documented indication',
  category: 'documentation-gap',
  severity: 'low',
  rationale: 'Loop diuretics are indicated for edema of heart failure, cirrhosis or renal disease, pulmonary edema and hypertension (FDA labeling), and not for AKI without volume overload (KDIGO 2012 AKI), so an active order or a dose with none of these documented is a query trigger.',
  thresholds: MEDICATION_INDICATION_THRESHOLDS,
  evaluate(context, t) {
    const uses = usesWithoutIndication(context, LOOP_DIURETIC_MEDICATIONS, LOOP_DIURETIC_INDICATIONS, t.includeActiveOrders);
    return indicationFinding(context, uses, LOOP_DIURETIC_MEDICATIONS, {
      suspectedCondition: 'I50.9',
      options: [OPTION.I50_9, OPTION.N18_9, OPTION.E87_70, OPTION.R60_9, OPTION.I10, OPTION.R18_8],
    });
  },
};

/** Potassium chloride with no hypokalemia (or DKA/HHS) diagnosis and no diuretic that explains it. */
export const potassiumChlorideWithoutIndication: Rule<typeof POTASSIUM_CHLORIDE_INDICATION_THRESHOLDS> = {
  id: 'medication-indication/potassium-chloride',
  title: 'Potassium chloride without a documented indication',
  category: 'documentation-gap',
  severity: 'low',
  rationale: 'Potassium chloride is indicated to treat or prevent hypokalemia (FDA labeling), so a loop or thiazide diuretic ordered in the same review counts as its indication (prophylaxis), and potassium replacement without either, or DKA/HHS (ADA 2009 consensus), is a query trigger for hypokalemia.',
  thresholds: POTASSIUM_CHLORIDE_INDICATION_THRESHOLDS,
  evaluate(context, t) {
    const diuretics = t.diureticIsIndication
      ? [...medicationsInWindow(context, LOOP_DIURETIC_MEDICATIONS, { includeActiveOrders: t.includeActiveOrders }),
        ...medicationsInWindow(context, THIAZIDE_DIURETICS, { includeActiveOrders: t.includeActiveOrders })]
      : [];
    if (diuretics.length > 0) return [];
    const inFluids = (use: MedicationEvent) => [use.name, ...conceptTexts(use.concept)].some((text) => POTASSIUM_IN_FLUIDS.some((p) => p.test(text)));
    const uses = usesWithoutIndication(context, POTASSIUM_CHLORIDE_MEDICATIONS, POTASSIUM_REPLACEMENT_INDICATIONS, t.includeActiveOrders, inFluids);
    return indicationFinding(context, uses, POTASSIUM_CHLORIDE_MEDICATIONS, {
      suspectedCondition: 'E87.6',
      options: [OPTION.E87_6],
      alsoObserved: t.diureticIsIndication ? ' No loop or thiazide diuretic is ordered.' : '',
    });
  },
};

/** The family, for registration in src/rules/index.ts. */
export const MEDICATION_INDICATION_RULES = [
  antidiabeticWithoutIndication,
  levothyroxineWithoutIndication,
  anticoagulantWithoutIndication,
  loopDiureticWithoutIndication,
  potassiumChlorideWithoutIndication,
] as const;
