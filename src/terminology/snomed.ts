/**
 * SNOMED CT codes Clarify recognizes in Conditions, with their display. Codes named in shared/DOMAIN.md §2
 * and those used by Synthea's R4 export (displays as Synthea writes them). Rule families may name further
 * codes in their own files, each with its display and source.
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
