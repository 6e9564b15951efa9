/**
 * Diagnoses as the record may document them, shared by more than one rule family: each an ICD-10-CM
 * prefix list (compared without the dot) and the SNOMED CT codes that mean the same (snomed.ts names and
 * sources them). A rule family's own targets stay in its file; the ones here are read by several.
 */
import { CKD_SNOMED, DIALYSIS_DEPENDENCE_SNOMED, SEPSIS_SNOMED, SNOMED } from './snomed';

/** A diagnosis as the record may document it: ICD-10-CM prefixes and SNOMED CT codes that mean it. */
export interface DiagnosisTarget {
  icd10: readonly string[];
  snomed: readonly string[];
}

/** CKD documented without a stage: N18.9, or a SNOMED CT CKD concept that names no stage. */
export const CKD_UNSTAGED: DiagnosisTarget = {
  icd10: ['N18.9'],
  snomed: [SNOMED.CHRONIC_KIDNEY_DISEASE, CKD_SNOMED.DUE_TO_TYPE_2_DIABETES],
};

/** CKD documented with a stage (N18.30 "stage 3 unspecified" included: it names a stage). */
export const CKD_STAGED: DiagnosisTarget = {
  icd10: ['N18.1', 'N18.2', 'N18.3', 'N18.4', 'N18.5', 'N18.6'],
  snomed: [
    SNOMED.CKD_STAGE_1, CKD_SNOMED.STAGE_2, CKD_SNOMED.STAGE_3, CKD_SNOMED.STAGE_3A, CKD_SNOMED.STAGE_3B, CKD_SNOMED.STAGE_4,
    CKD_SNOMED.STAGE_5, CKD_SNOMED.STAGE_5_ON_DIALYSIS, CKD_SNOMED.END_STAGE_RENAL_DISEASE, CKD_SNOMED.STAGE_3_DUE_TO_TYPE_2_DIABETES,
  ],
};

/** Every CKD code, staged or not (N18.-). */
export const CKD_ANY: DiagnosisTarget = {
  icd10: ['N18'],
  snomed: [...CKD_UNSTAGED.snomed, ...CKD_STAGED.snomed],
};

/**
 * Dialysis-dependent end-stage kidney disease. ICD-10-CM: N18.6 End stage renal disease, Z99.2 Dependence
 * on renal dialysis, Z49.- Encounter for care involving renal dialysis, Z91.15- Patient's noncompliance
 * with renal dialysis. SNOMED CT: HDR UK CVD-COVID-UK ESRD code list and the Synthea CKD module.
 */
export const DIALYSIS_DEPENDENCE: DiagnosisTarget = {
  icd10: ['N18.6', 'Z99.2', 'Z49', 'Z91.15'],
  snomed: [CKD_SNOMED.END_STAGE_RENAL_DISEASE, CKD_SNOMED.STAGE_5_ON_DIALYSIS, ...Object.values(DIALYSIS_DEPENDENCE_SNOMED)],
};

/**
 * The ICD-10-CM diabetes mellitus categories whose `.9` is "without complications" (FY2026 tabular):
 * E08 due to an underlying condition, E09 drug or chemical induced, E10 type 1, E11 type 2, E13 other
 * specified. (E12 is not used in ICD-10-CM.)
 */
export const DIABETES_CATEGORIES = ['E08', 'E09', 'E10', 'E11', 'E13'] as const;

/**
 * Sepsis (ICD-10-CM Official Guidelines I.C.1.d): A40–A41 (A41.9 when the organism is not specified), the
 * organism-specific, obstetric, newborn and postprocedural sepsis codes, and the SNOMED CT sepsis concepts.
 * Severe sepsis and septic shock are SEVERE_SEPSIS.
 */
export const SEPSIS: DiagnosisTarget = {
  icd10: [
    'A40', 'A41', // streptococcal, other sepsis
    'A02.1', 'A20.7', 'A22.7', 'A26.7', 'A32.7', 'A39.2', 'A39.3', 'A39.4', 'A42.7', 'A54.86', 'B37.7', // organism-specific sepsis
    'O85', 'O86.04', 'O03.37', 'O03.87', 'O04.87', 'O07.37', 'O08.82', // obstetric sepsis
    'P36', 'T81.44', // newborn sepsis, sepsis following a procedure
  ],
  snomed: [SNOMED.SEPSIS, SEPSIS_SNOMED.SEPSIS_CAUSED_BY_VIRUS],
};

/** Septic shock: R65.21, T81.12 postprocedural septic shock, SNOMED CT septic shock. */
export const SEPTIC_SHOCK: DiagnosisTarget = {
  icd10: ['R65.21', 'T81.12'],
  snomed: [SEPSIS_SNOMED.SEPTIC_SHOCK],
};

/** Severe sepsis with or without septic shock: R65.2- (R65.20, R65.21), and septic shock however coded. */
export const SEVERE_SEPSIS: DiagnosisTarget = {
  icd10: ['R65.2', ...SEPTIC_SHOCK.icd10],
  snomed: [...SEPTIC_SHOCK.snomed],
};
