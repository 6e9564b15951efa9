/**
 * Diagnoses that document the indication of a medication: for each drug class the medication-indication
 * rules read (src/rules/gaps/medication-indication.ts), the ICD-10-CM prefixes and SNOMED CT codes that say
 * why it is given, and the diagnoses a query about it offers.
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
 *   own code, which is what the query asks for.
 * - Loop diuretics: edema of heart failure, cirrhosis (ascites) or renal disease including nephrotic
 *   syndrome; hypertension; acute pulmonary edema; fluid overload. AKI alone is not an indication (KDIGO 2012
 *   AKI guideline 3.4.2: diuretics only for volume overload).
 * - Potassium chloride: treatment and prevention of hypokalemia (Klor-Con label); potassium replacement in
 *   DKA/HHS (ADA hyperglycemic crises consensus, Kitabchi, Diabetes Care 2009;32:1335).
 *
 * ICD-10-CM prefixes and option titles: the FY2026 order file (src/terminology/icd10cm). SNOMED CT codes:
 * src/terminology/snomed.ts (verified in public FHIR IGs, value sets and Synthea output).
 */
import type { DiagnosisTarget } from './diagnoses';
import {
  CARDIOVASCULAR_SNOMED, CKD_STAGES_1_TO_5_SNOMED, DIABETES_SNOMED, EDEMA_SNOMED, ELECTROLYTE_SNOMED, ENDOCRINE_SNOMED,
  HEART_FAILURE_ANY_SNOMED, NUTRITION_SNOMED, SNOMED,
} from './snomed';

/** A diagnosis a medication-indication query offers: an ICD-10-CM FY2026 code with its full title. */
export interface IndicationOption {
  readonly text: string;
  readonly icd10: string;
}

// ---------------------------------------------------------------------------------------------------------
// What documents the indication of a whole class.

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
// What documents the indication of one ingredient (or one dose) of a class, besides the class's own.

/** Metformin without diabetes: prediabetes/abnormal glucose, PCOS, metabolic syndrome and insulin resistance. */
export const METFORMIN_OTHER_INDICATIONS: DiagnosisTarget = {
  icd10: ['R73.0', 'E28.2', 'E88.81'],
  snomed: [SNOMED.PREDIABETES, ENDOCRINE_SNOMED.POLYCYSTIC_OVARY_SYNDROME],
};

/** Weight-management GLP-1/GIP agonists (Wegovy, Saxenda, Zepbound): overweight and obesity. */
export const WEIGHT_MANAGEMENT_INDICATIONS: DiagnosisTarget = {
  icd10: ['E66'],
  snomed: [NUTRITION_SNOMED.OBESITY, SNOMED.OBESITY_BMI_30, SNOMED.OBESITY_BMI_40],
};

/** Dapagliflozin, empagliflozin: heart failure (I11.0 and I13.0/I13.2 carry it) and CKD (I12, I13 carry it). */
export const HEART_FAILURE_OR_CKD_INDICATIONS: DiagnosisTarget = {
  icd10: ['I50', 'I11.0', 'I12', 'I13', 'N18'],
  snomed: [...HEART_FAILURE_ANY_SNOMED, ...CKD_STAGES_1_TO_5_SNOMED],
};

/** Sotagliflozin: heart failure (I11.0 and I13.0/I13.2 carry it). */
export const HEART_FAILURE_INDICATIONS: DiagnosisTarget = {
  icd10: ['I50', 'I11.0', 'I13.0', 'I13.2'],
  snomed: HEART_FAILURE_ANY_SNOMED,
};

/** Insulin without diabetes: hyperglycemia (stress, steroid) and hyperkalemia. */
export const INSULIN_OTHER_INDICATIONS: DiagnosisTarget = {
  icd10: ['R73.9', 'E87.5'],
  snomed: [SNOMED.HYPERGLYCEMIA, ELECTROLYTE_SNOMED.HYPERKALEMIA],
};

/** Rivaroxaban 2.5 mg twice daily: coronary or peripheral artery disease (COMPASS, VOYAGER PAD). */
export const CORONARY_OR_PERIPHERAL_ARTERY_DISEASE: DiagnosisTarget = {
  icd10: ['I25', 'I70.2', 'I73.9'],
  snomed: [CARDIOVASCULAR_SNOMED.CORONARY_ARTERIOSCLEROSIS],
};

// ---------------------------------------------------------------------------------------------------------
// What a query about the indication offers (full titles from the ICD-10-CM FY2026 order file).

export const INDICATION_OPTION = {
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
} as const satisfies Record<string, IndicationOption>;

/** Options never offered for a male patient: PCOS (E28.2 carries the ICD-10-CM female-only edit). */
export const FEMALE_ONLY_INDICATION_OPTIONS: ReadonlySet<string> = new Set(['E28.2']);

// ---------------------------------------------------------------------------------------------------------
// Situations that indicate anticoagulation without a diagnosis.

/**
 * A hip or knee arthroplasty named in a procedure's text (SNOMED-coded ones: ARTHROPLASTY_SNOMED): an
 * anticoagulant started around it is thromboprophylaxis (ACCP 2012, Falck-Ytter, Chest 2012;141:e278S).
 */
export const HIP_OR_KNEE_ARTHROPLASTY_TEXT =
  /\b(hip|knee)\b.*\b(arthroplasty|replacement)\b|\b(arthroplasty|replacement)\b.*\b(hip|knee)\b/i;
