/**
 * SNOMED CT codes Clarify recognizes, with their display. SNOMED: codes named in shared/DOMAIN.md §2 and
 * those used by Synthea's R4 export (displays as Synthea writes them). The groups below it: the further codes
 * the rule families read, each with its display and source.
 */
export const SNOMED = {
  HYPONATREMIA: '89627008', // Hyponatremia (disorder)
  HYPOKALEMIA: '43339004', // Hypokalemia (disorder)
  ACUTE_KIDNEY_INJURY: '14669001', // Acute renal failure syndrome (disorder)
  SEPSIS: '91302008', // Sepsis (disorder)
  HEART_FAILURE: '84114007', // Heart failure (disorder)
  CHRONIC_CONGESTIVE_HEART_FAILURE: '88805009', // Chronic congestive heart failure (disorder) (Synthea)
  CHRONIC_KIDNEY_DISEASE: '709044004', // Chronic kidney disease (disorder)
  CKD_STAGE_1: '431855005', // Chronic kidney disease stage 1 (disorder) (Synthea)
  DIABETES_TYPE_2: '44054006', // Diabetes mellitus type 2 (disorder) ("Diabetes" in Synthea)
  PREDIABETES: '15777000', // Prediabetes (finding) (Synthea)
  ANEMIA: '271737000', // Anemia (disorder) (Synthea)
  OBESITY_BMI_30: '162864005', // Body mass index 30+ - obesity (finding) (Synthea)
  OBESITY_BMI_40: '408512008', // Body mass index 40+ - severely obese (finding) (Synthea)
  HYPERTENSION: '38341003', // Hypertensive disorder, systemic arterial (disorder) ("Hypertension" in Synthea)
  ATRIAL_FIBRILLATION: '49436004', // Atrial fibrillation (disorder) (Synthea)
  DIABETIC_NEUROPATHY_TYPE_2: '368581000119106', // Neuropathy due to type 2 diabetes mellitus (disorder) (Synthea)
  DIABETIC_RETINOPATHY_TYPE_2: '422034002', // Diabetic retinopathy associated with type II diabetes mellitus (disorder) (Synthea)
  DIABETIC_RENAL_DISEASE: '127013003', // Disorder of kidney due to diabetes mellitus (disorder) ("Diabetic renal disease" in Synthea)
  HYPERGLYCEMIA: '80394007', // Hyperglycemia (disorder) (Synthea)
} as const;

// ---------------------------------------------------------------------------------------------------------
// Codes of the rule families beyond the shared list above, grouped by clinical topic, each with its display
// and where it was checked. A group may repeat a code of another group when the two were verified against
// different sources (e.g. the CKD stages in HEMATOLOGY_SNOMED and CKD_SNOMED).

// Electrolytes

/** SNOMED CT electrolyte codes not in SNOMED. */
export const ELECTROLYTE_SNOMED = {
  HYPERKALEMIA: '14140009', // Hyperkalemia (disorder)
  HYPERNATREMIA: '39355002', // Hypernatremia (disorder) — E87.0 ↔ 39355002 in public ICD-10/SNOMED code lists
} as const;

// Hematology

/** SNOMED CT codes of the hematology family not in SNOMED, each with its display and source. */
export const HEMATOLOGY_SNOMED = {
  IRON_DEFICIENCY_ANEMIA: '87522002', // Iron deficiency anemia (disorder) — Synthea, NAPKON value sets
  APLASTIC_ANEMIA: '306058006', // Aplastic anemia (disorder) — OHDSI LEGEND anemia concept set
  THROMBOCYTOPENIC_DISORDER: '302215000', // Thrombocytopenic disorder (disorder) — CDC NEDSS, FAA lists
  ACQUIRED_THROMBOCYTOPENIA: '74576004', // Acquired thrombocytopenia (disorder) — BHF CVD-COVID-UK codelist
  HEPARIN_INDUCED_THROMBOCYTOPENIA: '73397007', // Heparin induced thrombocytopenia (disorder) — BHF CVD-COVID-UK codelist
  IMMUNE_THROMBOCYTOPENIC_PURPURA: '32273002', // Idiopathic thrombocytopenic purpura (disorder) — BHF CVD-COVID-UK codelist
  PLATELET_COUNT_BELOW_RANGE: '415116008', // Platelet count below reference range (finding) — OMOP "Thrombocytopenia"
  CKD_STAGE_2: '431856006', // Chronic kidney disease stage 2 (disorder) — HL7 Germany CKD value set
  CKD_STAGE_3: '433144002', // Chronic kidney disease stage 3 (disorder) — HL7 Germany CKD value set
  CKD_STAGE_4: '431857002', // Chronic kidney disease stage 4 (disorder) — HL7 Germany CKD value set
  CKD_STAGE_5: '433146000', // Chronic kidney disease stage 5 (disorder) — HL7 Germany CKD value set
  CKD_STAGE_5_ON_DIALYSIS: '714152005', // Chronic kidney disease stage 5 on dialysis (disorder) — HL7 Germany CKD value set
  END_STAGE_RENAL_DISEASE: '46177005', // End-stage renal disease (disorder) — Synthea
  MALIGNANT_NEOPLASTIC_DISEASE: '363346000', // Malignant neoplastic disease (disorder)
  PREGNANCY: '77386006', // Pregnancy (finding)
  NORMAL_PREGNANCY: '72892002', // Normal pregnancy (finding) — Synthea
  TRANSFUSION_OF_RED_BLOOD_CELLS: '116863004', // Transfusion of red blood cells (procedure)
  TRANSFUSION_OF_PACKED_RED_CELLS: '71493000', // Transfusion of packed red blood cells (procedure) — NEMSIS v3.5 eMedications.03
  TRANSFUSION_OF_WHOLE_BLOOD: '33389009', // Transfusion of whole blood (procedure) — NEMSIS v3.5 eMedications.03
  PLATELET_TRANSFUSION: '12719002', // Platelet transfusion (procedure) — NAPKON, ANS (France) value sets
  IV_TRANSFUSION_OF_PLATELETS: '180208003', // Intravenous blood transfusion of platelets (procedure) — NEMSIS v3.5 eMedications.03
} as const;

// Kidney

/** SNOMED CT CKD concepts (German COVID-19 research network CKD value set; HDR UK code lists). */
export const CKD_SNOMED = {
  STAGE_2: '431856006', // Chronic kidney disease stage 2 (disorder)
  STAGE_3: '433144002', // Chronic kidney disease stage 3 (disorder)
  STAGE_3A: '700378005', // Chronic kidney disease stage 3A (disorder)
  STAGE_3B: '700379002', // Chronic kidney disease stage 3B (disorder)
  STAGE_4: '431857002', // Chronic kidney disease stage 4 (disorder)
  STAGE_5: '433146000', // Chronic kidney disease stage 5 (disorder)
  STAGE_5_ON_DIALYSIS: '714152005', // Chronic kidney disease stage 5 on dialysis (disorder)
  END_STAGE_RENAL_DISEASE: '46177005', // End-stage renal disease (disorder) (Synthea)
  STAGE_3_DUE_TO_TYPE_2_DIABETES: '731000119105', // Chronic kidney disease stage 3 due to type 2 diabetes mellitus (disorder)
  DUE_TO_TYPE_2_DIABETES: '771000119108', // Chronic kidney disease due to type 2 diabetes mellitus (disorder)
} as const;

/**
 * CKD without a stage, stages 1 to 5 and end-stage renal disease: the CKD codes the medication-indication
 * rules read. Narrower than CKD_SNOMED with SNOMED's CKD codes: no stage 3A/3B, stage 5 on dialysis or
 * "due to type 2 diabetes" concepts.
 */
export const CKD_STAGES_1_TO_5_SNOMED = [
  SNOMED.CHRONIC_KIDNEY_DISEASE, // 709044004 Chronic kidney disease (disorder)
  SNOMED.CKD_STAGE_1, // 431855005 Chronic kidney disease stage 1 (disorder)
  CKD_SNOMED.STAGE_2, // 431856006 Chronic kidney disease stage 2 (disorder)
  CKD_SNOMED.STAGE_3, // 433144002 Chronic kidney disease stage 3 (disorder)
  CKD_SNOMED.STAGE_4, // 431857002 Chronic kidney disease stage 4 (disorder)
  CKD_SNOMED.STAGE_5, // 433146000 Chronic kidney disease stage 5 (disorder)
  CKD_SNOMED.END_STAGE_RENAL_DISEASE, // 46177005 End-stage renal disease (disorder)
];

/**
 * SNOMED CT codes that document acute kidney injury, besides SNOMED.ACUTE_KIDNEY_INJURY (14669001).
 * Displays as published in the OHDSI/HDR UK renal code lists and FHIR value sets found by code search.
 */
export const AKI_SNOMED = {
  ACUTE_RENAL_IMPAIRMENT: '236424009', // Acute renal impairment (disorder)
  ACUTE_TUBULAR_NECROSIS: '35455006', // Acute tubular necrosis (disorder)
  ACUTE_CORTICAL_NECROSIS: '429224003', // Acute renal failure due to acute cortical necrosis (disorder)
  AKI_CIRCULATORY_FAILURE: '722095005', // Acute kidney injury due to circulatory failure (disorder)
  AKI_HYPOVOLEMIA: '722096006', // Acute kidney injury due to hypovolemia (disorder)
  AKI_SEPSIS: '722278006', // Acute kidney injury due to sepsis (disorder)
  NEPHROTOXIC_ARF: '236428007', // Nephrotoxic acute renal failure (disorder)
  PRERENAL_AKI: '129561000119108', // Pre-renal acute kidney injury (disorder)
  ARF_ON_DIALYSIS: '129721000119106', // Acute renal failure on dialysis (disorder)
  AKI_CONTRAST: '368951000119105', // Acute kidney injury caused by contrast agent (disorder)
} as const;

/**
 * SNOMED CT dialysis dependence codes besides end-stage renal disease and CKD stage 5 on dialysis (in
 * CKD_SNOMED): HDR UK CVD-COVID-UK ESRD code list and the Synthea CKD module.
 */
export const DIALYSIS_DEPENDENCE_SNOMED = {
  ESRF_ON_DIALYSIS: '236435004', // End stage renal failure on dialysis (disorder)
  DEPENDENCE_ON_RENAL_DIALYSIS: '105502003', // Dependence on renal dialysis (finding)
  DIALYSIS_DEPENDENCE_DUE_TO_ESRD: '429075005', // Dependence on dialysis due to end stage renal disease (finding)
  HEMODIALYSIS_DEPENDENCE_DUE_TO_ESRD: '428982002', // Dependence on hemodialysis due to end stage renal disease (finding)
  PERITONEAL_DIALYSIS_DEPENDENCE_DUE_TO_ESRD: '428937001', // Dependence on peritoneal dialysis due to end stage renal disease (finding)
  DEPENDENCE_ON_HEMODIALYSIS: '443143006', // Dependence on hemodialysis (finding)
  DEPENDENCE_ON_PERITONEAL_DIALYSIS: '443596009', // Dependence on peritoneal dialysis (finding)
} as const;

/**
 * Dialysis procedures, SNOMED CT and CPT (system SYSTEM.CPT): eCQM value set "Dialysis Services"
 * (OID 2.16.840.1.113883.3.464.1003.109.12.1013).
 */
export const DIALYSIS_PROCEDURES = {
  snomed: new Set([
    '302497006', // Hemodialysis (procedure)
    '108241001', // Dialysis procedure (procedure)
    '265764009', // Renal dialysis (procedure)
    '71192002', // Peritoneal dialysis (procedure)
    '34897002', // Hemodialysis, maintenance in hospital (procedure)
    '67970008', // Hemodialysis, maintenance at home (procedure)
    '57274006', // Initial hemodialysis (procedure)
    '233575001', // Intermittent hemodialysis (procedure)
    '233578004', // Continuous hemodialysis (procedure)
    '233580005', // Continuous venovenous hemodialysis (procedure)
    '233581009', // Hemofiltration (procedure)
    '233583007', // Continuous hemofiltration (procedure)
    '233585000', // Continuous venovenous hemofiltration (procedure)
    '233586004', // Hemodiafiltration (procedure)
    '233590002', // Continuous venovenous hemodiafiltration (procedure)
    '714749008', // Continuous renal replacement therapy (procedure)
    '225230008', // Chronic peritoneal dialysis (procedure)
    '238318009', // Continuous ambulatory peritoneal dialysis (procedure)
    '238319001', // Continuous cycling peritoneal dialysis (procedure)
    '428648006', // Automated peritoneal dialysis (procedure)
  ]),
  cpt: new Set([
    '90935', // Hemodialysis procedure with single evaluation
    '90937', // Hemodialysis procedure requiring repeated evaluation(s)
    '90945', // Dialysis procedure other than hemodialysis, single evaluation
    '90947', // Dialysis procedure other than hemodialysis, repeated evaluations
  ]),
};

/** Edema, ascites and nephrotic syndrome (verified in public FHIR IGs, value sets and Synthea output). */
export const EDEMA_SNOMED = {
  NEPHROTIC_SYNDROME: '52254009', // Nephrotic syndrome (disorder)
  EDEMA: '267038008', // Edema (finding)
  PULMONARY_EDEMA: '19242006', // Pulmonary edema (disorder)
  ASCITES: '389026000', // Ascites (disorder)
} as const;

// Heart and vessels

/** SNOMED CT heart failure codes of the heart failure family, each verified in public terminology sources. */
export const HEART_FAILURE_SNOMED = {
  CONGESTIVE_HEART_FAILURE: '42343007', // Congestive heart failure (disorder)
  SYSTOLIC_HEART_FAILURE: '417996009', // Systolic heart failure (disorder)
  DIASTOLIC_HEART_FAILURE: '418304008', // Diastolic heart failure (disorder)
  HFREF: '703272007', // Heart failure with reduced ejection fraction (disorder)
  HFMREF: '788950000', // Heart failure with mid range ejection fraction (disorder)
  HFPEF: '446221000', // Heart failure with normal ejection fraction (disorder) (HFpEF)
} as const;

/**
 * Heart failure codes that name no type: none of the typed (systolic, diastolic, HFrEF/HFmrEF/HFpEF)
 * concepts of HEART_FAILURE_SNOMED.
 */
export const HEART_FAILURE_UNTYPED_SNOMED = [
  SNOMED.HEART_FAILURE, // 84114007 Heart failure (disorder)
  SNOMED.CHRONIC_CONGESTIVE_HEART_FAILURE, // 88805009 Chronic congestive heart failure (disorder)
  HEART_FAILURE_SNOMED.CONGESTIVE_HEART_FAILURE, // 42343007 Congestive heart failure (disorder)
];

/** Every heart failure code Clarify knows, typed or not: any of them documents heart failure. */
export const HEART_FAILURE_ANY_SNOMED: readonly string[] = [...new Set([...HEART_FAILURE_UNTYPED_SNOMED, ...Object.values(HEART_FAILURE_SNOMED)])];

/** SNOMED CT 47625008 Intravenous route (qualifier value), as routes are coded in dosage instructions. */
export const INTRAVENOUS_ROUTE_SNOMED = '47625008';

/** Atrial flutter, venous thromboembolism, coronary and hypertensive disease (verified in public FHIR IGs, value sets and Synthea output). */
export const CARDIOVASCULAR_SNOMED = {
  ATRIAL_FLUTTER: '5370000', // Atrial flutter (disorder)
  PULMONARY_EMBOLISM: '59282003', // Pulmonary embolism (disorder)
  ACUTE_PULMONARY_EMBOLISM: '706870000', // Acute pulmonary embolism (disorder) (Synthea)
  DEEP_VENOUS_THROMBOSIS: '128053003', // Deep venous thrombosis (disorder)
  ACUTE_DEEP_VENOUS_THROMBOSIS: '132281000119108', // Acute deep venous thrombosis (disorder) (Synthea)
  HISTORY_OF_DEEP_VEIN_THROMBOSIS: '161508001', // History of deep vein thrombosis (situation)
  CORONARY_ARTERIOSCLEROSIS: '53741008', // Coronary arteriosclerosis (disorder) ("Coronary Heart Disease" in Synthea)
  ESSENTIAL_HYPERTENSION: '59621000', // Essential hypertension (disorder)
} as const;

// Diabetes and other endocrine disorders

/**
 * Diabetes mellitus, its complications and the complications the ICD-10-CM "with" convention links to it.
 * Sources: HDR UK CVD-COVID-UK diabetes code list (displays as published there), PEDSnet
 * peripheral-neuropathy codeset (OHDSI vocabulary), FHIR value sets found by code search, Synthea.
 * No SNOMED CT concept for retinopathy without a stated cause could be verified.
 */
export const DIABETES_SNOMED = {
  DIABETES_MELLITUS: '73211009', // Diabetes mellitus (disorder)
  TYPE_1: '46635009', // Diabetes mellitus type 1 (disorder)
  GESTATIONAL: '11687002', // Gestational diabetes mellitus (disorder)
  TYPE_2_WITHOUT_COMPLICATION: '313436004', // Type 2 diabetes mellitus without complication (disorder)
  DIABETIC_KETOACIDOSIS: '420422005', // Diabetic ketoacidosis (disorder)
  NONPROLIFERATIVE_RETINOPATHY_TYPE_2: '1551000119108', // Nonproliferative retinopathy due to type 2 diabetes mellitus (disorder) (Synthea)
  MICROALBUMINURIA_TYPE_2: '90781000119102', // Microalbuminuria due to type 2 diabetes mellitus (disorder) (Synthea)
  PROTEINURIA_TYPE_2: '157141000119108', // Proteinuria due to type 2 diabetes mellitus (disorder) (Synthea)
  // Kidney (CKD due to type 2 diabetes: CKD_SNOMED)
  RENAL_DISORDER_TYPE_2: '420279001', // Renal disorder due to type 2 diabetes mellitus (disorder)
  // Neuropathy
  POLYNEUROPATHY: '42345000', // Polyneuropathy (disorder)
  SENSORY_POLYNEUROPATHY: '13694005', // Sensory polyneuropathy (disorder)
  MIXED_SENSORY_MOTOR_POLYNEUROPATHY: '3900008', // Mixed sensory-motor polyneuropathy (disorder)
  POLYNEUROPATHY_TYPE_2: '713706002', // Polyneuropathy due to type 2 diabetes mellitus (disorder)
  DIABETIC_POLYNEUROPATHY: '49455004', // Polyneuropathy due to diabetes mellitus (disorder)
  DIABETIC_NEUROPATHY: '230572002', // Neuropathy due to diabetes mellitus (disorder)
  DIABETIC_MIXED_SENSORIMOTOR_POLYNEUROPATHY: '126534007', // Mixed sensorimotor polyneuropathy due to diabetes mellitus (disorder)
  DIABETIC_PERIPHERAL_NEUROPATHY: '424736006', // Diabetic peripheral neuropathy (disorder)
  NERVOUS_SYSTEM_DISORDER_TYPE_2: '421326000', // Disorder of nervous system due to type 2 diabetes mellitus (disorder)
  // Retinopathy
  DIABETIC_RETINOPATHY: '4855003', // Retinopathy due to diabetes mellitus (disorder)
  NONPROLIFERATIVE_DIABETIC_RETINOPATHY: '390834004', // Nonproliferative diabetic retinopathy (disorder)
  PROLIFERATIVE_DIABETIC_RETINOPATHY: '59276001', // Proliferative diabetic retinopathy (disorder)
  // Peripheral arterial disease
  PERIPHERAL_ARTERIAL_DISEASE: '840580004', // Peripheral arterial disease (disorder)
  PERIPHERAL_ARTERIAL_OCCLUSIVE_DISEASE: '399957001', // Peripheral arterial occlusive disease (disorder)
  PERIPHERAL_VASCULAR_DISEASE: '400047006', // Peripheral vascular disease (disorder)
  PERIPHERAL_ANGIOPATHY_TYPE_2: '314902007', // Peripheral angiopathy due to type 2 diabetes mellitus (disorder)
  PERIPHERAL_CIRCULATORY_DISORDER_TYPE_2: '422166005', // Peripheral circulatory disorder due to type 2 diabetes mellitus (disorder)
  DIABETIC_PERIPHERAL_CIRCULATORY_DISORDER: '421895002', // Peripheral circulatory disorder due to diabetes mellitus (disorder)
  // Gastroparesis
  GASTROPARESIS: '235675006', // Gastroparesis (disorder)
  GASTROPARESIS_TYPE_2: '713703005', // Gastroparesis due to type 2 diabetes mellitus (disorder)
  DIABETIC_GASTROPARESIS: '713704004', // Gastroparesis due to diabetes mellitus (disorder)
} as const;

/** Thyroid disease and polycystic ovary syndrome (verified in public FHIR IGs, value sets and Synthea output). */
export const ENDOCRINE_SNOMED = {
  HYPOTHYROIDISM: '40930008', // Hypothyroidism (disorder)
  HASHIMOTO_THYROIDITIS: '21983002', // Hashimoto thyroiditis (disorder)
  THYROID_CANCER: '363478007', // Malignant tumor of thyroid gland (disorder)
  POLYCYSTIC_OVARY_SYNDROME: '237055002', // Polycystic ovary syndrome (disorder)
} as const;

// Nutrition

/** SNOMED CT codes of the nutrition family, each verified in public terminology sources. */
export const NUTRITION_SNOMED = {
  OBESITY: '414916001', // Obesity (disorder) (mCODE IG, VSAC obesity value sets)
  MORBID_OBESITY: '238136002', // Morbid obesity (disorder) (VSAC CQL value sets: E66.01 ↔ 238136002)
  SEVERE_PROTEIN_CALORIE_MALNUTRITION: '70241007', // Severe protein-calorie malnutrition (disorder) (E43 ↔ 70241007)
  PREGNANCY: '77386006', // Pregnancy (finding) (SNOMED CT Nov 2024 release notes)
  NORMAL_PREGNANCY: '72892002', // Normal pregnancy (finding) (Synthea)
  TUBAL_PREGNANCY: '79586000', // Tubal pregnancy (disorder) (Synthea)
} as const;

// Skin

/** SNOMED CT pressure ulcer codes that carry no stage (SNOMED CT pressure injury remodel, NPIAP terms). */
export const UNSTAGED_PRESSURE_ULCER_SNOMED = [
  '399912005', // Pressure ulcer (disorder): inactivated in the remodel, still in legacy records
  '1163215007', // Pressure injury (disorder)
] as const;

/** SNOMED CT staged pressure injury codes: current concepts, then the legacy ones they replaced. */
export const STAGED_PRESSURE_ULCER_SNOMED = [
  '1163217004', // Pressure injury stage I (disorder)
  '1163220007', // Pressure injury stage II (disorder)
  '1163222004', // Pressure injury stage III (disorder)
  '1163224003', // Pressure injury stage IV (disorder)
  '1163226001', // Unstageable pressure injury (disorder)
  '723071003', // Pressure injury of deep tissue (disorder)
  '723073000', // Suspected deep tissue pressure injury (disorder)
  '421076008', // Pressure ulcer stage 1 (disorder), inactive
  '420324007', // Pressure ulcer stage 2 (disorder), inactive
  '421927004', // Pressure ulcer stage 3 (disorder), inactive
  '420597008', // Pressure ulcer stage 4 (disorder), inactive
  '421594008', // Nonstageable pressure ulcer (disorder), inactive
] as const;

// Respiratory

/** SNOMED CT respiratory failure codes, each with its display and where it was checked. */
export const RESPIRATORY_SNOMED = {
  ACUTE_RESPIRATORY_FAILURE: '65710008', // Acute respiratory failure (disorder) — Synthea COVID-19 module
  ARDS: '67782005', // Acute respiratory distress syndrome (disorder) — Synthea sepsis module
} as const;

/**
 * Procedures that give oxygen or ventilatory support. Oxygen therapy codes: VSAC "Non Invasive Oxygen Therapy by
 * Nasal Cannula or Mask" (2.16.840.1.113762.1.4.1248.209); BiPAP codes: VSAC "Non Invasive Oxygen Therapy"
 * (2.16.840.1.113762.1.4.1248.213); ventilation and intubation codes: Synthea sepsis and COVID-19 modules.
 * Long-term (home) oxygen and CPAP, usually chronic or sleep-apnea therapy, are left out.
 */
export const OXYGEN_SUPPORT_PROCEDURES: Readonly<Record<string, string>> = {
  '57485005': 'Oxygen therapy (procedure)',
  '371907003': 'Oxygen administration by nasal cannula (procedure)',
  '371908008': 'Oxygen administration by mask (procedure)',
  '429253002': 'Oxygen administration by Venturi mask (procedure)',
  '71786000': 'Intranasal oxygen therapy (procedure)',
  '243136002': 'Short-term oxygen therapy (procedure)',
  '304577004': 'Humidified oxygen therapy (procedure)',
  '315041000': 'High concentration oxygen therapy (procedure)',
  '870533002': 'Heated and humidified high flow oxygen therapy (procedure)',
  '1259025002': 'Heated and humidified high flow oxygen therapy using nasal cannula (procedure)',
  '243142003': 'Dual pressure spontaneous ventilation support (regime/therapy)',
  '1186618000': 'Bilevel artificial ventilation (regime/therapy)',
  '40617009': 'Artificial respiration (procedure)',
  '243150007': 'Assist control ventilation (regime/therapy)',
  '243174005': 'Weaning from mechanically assisted ventilation (procedure)',
  '112798008': 'Insertion of endotracheal tube (procedure)',
  '52765003': 'Intubation (procedure)',
};

/**
 * The ventilatory support among OXYGEN_SUPPORT_PROCEDURES: non-invasive (bilevel, BiPAP) and mechanical
 * ventilation, and the intubation that starts it (the rest give oxygen only).
 */
export const VENTILATORY_SUPPORT_PROCEDURES: ReadonlySet<string> = new Set([
  '243142003', // Dual pressure spontaneous ventilation support (regime/therapy)
  '1186618000', // Bilevel artificial ventilation (regime/therapy)
  '40617009', // Artificial respiration (procedure)
  '243150007', // Assist control ventilation (regime/therapy)
  '243174005', // Weaning from mechanically assisted ventilation (procedure)
  '112798008', // Insertion of endotracheal tube (procedure)
  '52765003', // Intubation (procedure)
]);

// Infection

/** SNOMED CT codes of the sepsis family not in SNOMED, each with its display and where it was checked. */
export const SEPSIS_SNOMED = {
  SEPTIC_SHOCK: '76571007', // Septic shock (disorder) — Synthea sepsis and COVID-19 modules
  SEPSIS_CAUSED_BY_VIRUS: '770349000', // Sepsis caused by virus (disorder) — Synthea COVID-19 module
  PNEUMONIA: '233604007', // Pneumonia (disorder) — Synthea
  URINARY_TRACT_INFECTION: '68566005', // Urinary tract infectious disease (disorder) — SNOMED ECL examples
  E_COLI_URINARY_TRACT_INFECTION: '301011002', // Escherichia coli urinary tract infection (disorder) — Synthea
  RECURRENT_URINARY_TRACT_INFECTION: '197927001', // Recurrent urinary tract infection (disorder) — Synthea
  CYSTITIS: '38822007', // Cystitis (disorder) — Synthea
  PYELONEPHRITIS: '45816000', // Pyelonephritis (disorder)
  CELLULITIS: '128045006', // Cellulitis (disorder)
  COVID_19: '840539006', // Disease caused by severe acute respiratory syndrome coronavirus 2 (disorder)
  END_STAGE_RENAL_DISEASE: '46177005', // End-stage renal disease (disorder)
} as const;

// Procedures

/** Hip and knee arthroplasty (thromboprophylaxis context for anticoagulants). */
export const ARTHROPLASTY_SNOMED = new Set([
  '52734007', // Total replacement of hip (procedure)
  '609588000', // Total knee replacement (procedure)
]);
