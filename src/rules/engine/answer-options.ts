/**
 * The escapes every multiple-choice query offers (AHIMA/ACDIS 2022: "other", "clinically undetermined";
 * "not clinically significant" where relevant), after the clinically supported diagnoses.
 */
import type { AnswerOption } from './types';

export const OTHER: AnswerOption = { text: 'Other (please specify)' };
export const CLINICALLY_UNDETERMINED: AnswerOption = { text: 'Clinically undetermined' };
export const NOT_CLINICALLY_SIGNIFICANT: AnswerOption = { text: 'Not clinically significant' };

/** The diagnoses, then the standard escapes. */
export function withStandardOptions(diagnoses: readonly AnswerOption[], { notSignificant = true } = {}): AnswerOption[] {
  return [...diagnoses, OTHER, CLINICALLY_UNDETERMINED, ...(notSignificant ? [NOT_CLINICALLY_SIGNIFICANT] : [])];
}

/** Heart failure types and acuities (ICD-10-CM FY2026 order file, long titles): a type query's diagnoses. */
export const HEART_FAILURE_TYPE_OPTIONS: readonly AnswerOption[] = [
  { text: 'Acute systolic (congestive) heart failure', icd10: 'I50.21' },
  { text: 'Chronic systolic (congestive) heart failure', icd10: 'I50.22' },
  { text: 'Acute on chronic systolic (congestive) heart failure', icd10: 'I50.23' },
  { text: 'Acute diastolic (congestive) heart failure', icd10: 'I50.31' },
  { text: 'Chronic diastolic (congestive) heart failure', icd10: 'I50.32' },
  { text: 'Acute on chronic diastolic (congestive) heart failure', icd10: 'I50.33' },
  { text: 'Acute combined systolic (congestive) and diastolic (congestive) heart failure', icd10: 'I50.41' },
  { text: 'Chronic combined systolic (congestive) and diastolic (congestive) heart failure', icd10: 'I50.42' },
  { text: 'Acute on chronic combined systolic (congestive) and diastolic (congestive) heart failure', icd10: 'I50.43' },
];

/**
 * CKD stages (ICD-10-CM FY2026 order file titles): a stage query's diagnoses. N18.30 "stage 3 unspecified"
 * is left out: it is unspecified too.
 */
export const CKD_STAGE_OPTIONS: readonly AnswerOption[] = [
  { text: 'Chronic kidney disease, stage 1', icd10: 'N18.1' },
  { text: 'Chronic kidney disease, stage 2 (mild)', icd10: 'N18.2' },
  { text: 'Chronic kidney disease, stage 3a', icd10: 'N18.31' },
  { text: 'Chronic kidney disease, stage 3b', icd10: 'N18.32' },
  { text: 'Chronic kidney disease, stage 4 (severe)', icd10: 'N18.4' },
  { text: 'Chronic kidney disease, stage 5', icd10: 'N18.5' },
  { text: 'End stage renal disease', icd10: 'N18.6' },
];

/** A copy of the CKD stage option of a code (`N18.31`), one of CKD_STAGE_OPTIONS (a programming error otherwise). */
export function ckdStageOption(icd10: string): AnswerOption {
  const option = CKD_STAGE_OPTIONS.find((o) => o.icd10 === icd10);
  if (!option) throw new Error(`${icd10} is not a CKD stage option`);
  return { ...option };
}
