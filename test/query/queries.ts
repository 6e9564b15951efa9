/**
 * Realistic CDI queries, compliant as written (AHIMA/ACDIS 2022): one per format and purpose, with the
 * indicators as Clarify shows them. Tests change one thing at a time to see each check fire.
 */
import type { QueryDraft } from '../../src/query/draft';

const OTHER = { text: 'Other (please specify)' };
const UNDETERMINED = { text: 'Clinically undetermined' };
const NOT_SIGNIFICANT = { text: 'Not clinically significant' };

/** Hyponatremia, multiple choice: lab values and a fluid restriction, no diagnosis documented. */
export const HYPONATREMIA: QueryDraft = {
  purpose: 'clarification',
  format: 'multiple-choice',
  question: 'The serum sodium results below were obtained during this admission, and a fluid restriction was ordered on 03-01. '
    + 'Based on your clinical judgment, please clarify the diagnosis, if any, that these findings represent.',
  options: [{ text: 'Hyponatremia', code: 'E87.1' }, OTHER, UNDETERMINED, NOT_SIGNIFICANT],
  indicators: [
    { text: 'Sodium 128 mmol/L on 2021-03-01 08:00 (reference limit 135 mmol/L)', reference: 'Observation/na1' },
    { text: 'Sodium 126 mmol/L on 2021-03-02 06:00 (reference limit 135 mmol/L)', reference: 'Observation/na2' },
    { text: 'Fluid restriction 1200 mL/day ordered on 2021-03-01 09:15', reference: 'ServiceRequest/fr1' },
  ],
};

/** Acute kidney injury, open-ended: the most defensible format. A urine output in cc is a volume. */
export const AKI_OPEN: QueryDraft = {
  purpose: 'clarification',
  format: 'open-ended',
  question: 'Creatinine rose from 0.9 mg/dL on admission to 2.1 mg/dL on 03-03, urine output was 300 cc over 8 hours on 03-03, '
    + 'and IV normal saline was started at 125 cc/hr. Please clarify the clinical significance of these findings in your documentation.',
  options: [],
  indicators: [
    { text: 'Creatinine 0.9 mg/dL on 2021-03-01 07:40', reference: 'Observation/cr1' },
    { text: 'Creatinine 2.1 mg/dL on 2021-03-03 05:10 (upper reference limit 1.3 mg/dL)', reference: 'Observation/cr2' },
    { text: 'Urine output 300 mL over 8 hours on 2021-03-03', reference: 'Observation/uo1' },
    { text: 'Sodium chloride 0.9% IV at 125 mL/h ordered on 2021-03-03 06:00', reference: 'MedicationRequest/ns1' },
  ],
};

/** Acute kidney injury, multiple choice: several reasonable diagnoses, each coded. */
export const AKI_CHOICE: QueryDraft = {
  ...AKI_OPEN,
  format: 'multiple-choice',
  question: 'Based on the clinical indicators below, please clarify the condition being evaluated and treated.',
  options: [
    { text: 'Acute kidney injury', code: 'N17.9' },
    { text: 'Acute tubular necrosis', code: 'N17.0' },
    { text: 'Prerenal azotemia', code: 'R39.2' },
    OTHER, UNDETERMINED, NOT_SIGNIFICANT,
  ],
};

/** Heart failure type and acuity, multiple choice: the condition is documented, its specificity is asked. */
export const HEART_FAILURE_SPECIFICITY: QueryDraft = {
  purpose: 'clarification',
  format: 'multiple-choice',
  question: 'Heart failure is documented in the H&P of 06-21. The echocardiogram of 06-22 reports an LVEF of 30%, and IV furosemide '
    + 'was given on 06-21 and 06-22. Based on your clinical judgment, please clarify the type and acuity of the heart failure.',
  options: [
    { text: 'Acute systolic (congestive) heart failure', code: 'I50.21' },
    { text: 'Chronic systolic (congestive) heart failure', code: 'I50.22' },
    { text: 'Acute on chronic systolic (congestive) heart failure', code: 'I50.23' },
    { text: 'Acute diastolic (congestive) heart failure', code: 'I50.31' },
    { text: 'Chronic diastolic (congestive) heart failure', code: 'I50.32' },
    { text: 'Acute on chronic diastolic (congestive) heart failure', code: 'I50.33' },
    OTHER, UNDETERMINED,
  ],
  indicators: [
    { text: 'Heart failure, unspecified (I50.9) recorded 2021-06-21', reference: 'Condition/hf1' },
    { text: 'Left ventricular ejection fraction 30 % on 2021-06-22 10:00', reference: 'Observation/ef1' },
    { text: 'Furosemide 40 mg IV given 2021-06-21 and 2021-06-22', reference: 'MedicationAdministration/fu1' },
  ],
};

/** Sepsis clinical validation: documented, its support is asked; multiple choice. */
export const SEPSIS_VALIDATION: QueryDraft = {
  purpose: 'clinical-validation',
  format: 'multiple-choice',
  question: 'Sepsis is documented in the progress note of 03-02. The clinical indicators recorded during this admission are listed below. '
    + 'Based on your clinical judgment, please clarify the status of the sepsis diagnosis.',
  options: [{ text: 'Sepsis confirmed', code: 'A41.9' }, { text: 'Sepsis ruled out' }, OTHER, UNDETERMINED],
  indicators: [
    { text: 'Temperature 38.1 °C on 2021-03-01 22:00', reference: 'Observation/t1' },
    { text: 'Heart rate 96 /min on 2021-03-01 22:00', reference: 'Observation/hr1' },
    { text: 'WBC 11.2 10*3/uL on 2021-03-02 05:00 (upper reference limit 10.5 10*3/uL)', reference: 'Observation/wbc1' },
    { text: 'Lactate 1.1 mmol/L on 2021-03-02 05:00', reference: 'Observation/lac1' },
    { text: 'Blood culture of 2021-03-01: no growth at 5 days', reference: 'DiagnosticReport/bc1' },
  ],
};

/** Present on admission, yes/no. */
export const PRESSURE_INJURY_POA: QueryDraft = {
  purpose: 'present-on-admission',
  format: 'yes-no',
  question: 'A stage 3 pressure injury of the sacral region is documented in the wound care note of 03-04 (hospital day 3). '
    + 'The admission skin assessment of 03-01 describes the skin over the sacrum as intact. '
    + 'Was the stage 3 pressure injury of the sacral region present on admission?',
  options: [UNDETERMINED],
  indicators: [
    { text: 'Pressure injury of sacral region, stage 3 (L89.153) recorded 2021-03-04', reference: 'Condition/pi1' },
    { text: 'Skin assessment on 2021-03-01 14:00: sacrum intact', reference: 'Observation/skin1' },
  ],
};

/** Conflicting documentation, multiple choice: attending and consultant disagree on the type. */
export const CONFLICTING_HEART_FAILURE: QueryDraft = {
  purpose: 'conflicting-documentation',
  format: 'multiple-choice',
  question: 'The H&P of 03-01 documents acute systolic heart failure; the cardiology consult note of 03-02 documents acute diastolic heart failure, '
    + 'and the echocardiogram of 03-02 reports an LVEF of 60%. Please clarify the type of heart failure being treated.',
  options: [
    { text: 'Acute systolic (congestive) heart failure', code: 'I50.21' },
    { text: 'Acute diastolic (congestive) heart failure', code: 'I50.31' },
    OTHER, UNDETERMINED,
  ],
  indicators: [
    { text: 'Left ventricular ejection fraction 60 % on 2021-03-02 11:00', reference: 'Observation/ef2' },
    { text: 'Cardiology consult note of 2021-03-02', reference: 'DocumentReference/consult1' },
  ],
};

/** Conflicting documentation, yes/no: the discharge summary lists what the progress notes ruled out. */
export const CONFLICTING_PNEUMONIA_YES_NO: QueryDraft = {
  purpose: 'conflicting-documentation',
  format: 'yes-no',
  question: 'The discharge summary of 03-05 lists pneumonia. The progress notes of 03-02 to 03-04 document that pneumonia was ruled out '
    + 'after the chest CT of 03-02. Was pneumonia ruled out during this admission?',
  options: [OTHER, UNDETERMINED],
  indicators: [
    { text: 'CT chest of 2021-03-02: no consolidation', reference: 'DiagnosticReport/ct1' },
    { text: 'Discharge summary of 2021-03-05', reference: 'DocumentReference/ds1' },
  ],
};

/** Confirm a diagnosis documented in a report (yes/no). */
export const CONFIRM_PATHOLOGY: QueryDraft = {
  purpose: 'confirm-documented',
  format: 'yes-no',
  question: 'The pathology report of 03-02 documents adenocarcinoma of the sigmoid colon. '
    + 'Can the diagnosis of adenocarcinoma of the sigmoid colon be confirmed?',
  options: [OTHER, UNDETERMINED],
  indicators: [{ text: 'Surgical pathology report of 2021-03-02, sigmoid colon resection', reference: 'DiagnosticReport/path1' }],
};

/** Cause and effect, as a confirm-documented yes/no query: both conditions are documented. */
export const CAUSE_AND_EFFECT: QueryDraft = {
  purpose: 'confirm-documented',
  format: 'yes-no',
  question: 'Hyponatremia is documented in the progress note of 03-02, and hydrochlorothiazide 25 mg daily has been on the medication list since 2020. '
    + 'Is the hyponatremia due to the hydrochlorothiazide?',
  options: [OTHER, UNDETERMINED],
  indicators: [
    { text: 'Sodium 127 mmol/L on 2021-03-02 06:00 (reference limit 135 mmol/L)', reference: 'Observation/na3' },
    { text: 'Hydrochlorothiazide 25 MG Oral Tablet, active since 2020-01-15', reference: 'MedicationRequest/hctz1' },
  ],
};

export const COMPLIANT_QUERIES: ReadonlyArray<[string, QueryDraft]> = [
  ['hyponatremia, multiple choice', HYPONATREMIA],
  ['acute kidney injury, open-ended', AKI_OPEN],
  ['acute kidney injury, multiple choice', AKI_CHOICE],
  ['heart failure type and acuity, multiple choice', HEART_FAILURE_SPECIFICITY],
  ['sepsis clinical validation, multiple choice', SEPSIS_VALIDATION],
  ['pressure injury present on admission, yes/no', PRESSURE_INJURY_POA],
  ['conflicting heart failure type, multiple choice', CONFLICTING_HEART_FAILURE],
  ['conflicting pneumonia, yes/no', CONFLICTING_PNEUMONIA_YES_NO],
  ['pathology confirmation, yes/no', CONFIRM_PATHOLOGY],
  ['cause and effect, yes/no', CAUSE_AND_EFFECT],
];

/** A copy with some fields changed. */
export const variant = (draft: QueryDraft, change: Partial<QueryDraft>): QueryDraft => structuredClone({ ...draft, ...change });
