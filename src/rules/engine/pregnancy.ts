/**
 * Whether the patient is pregnant (or post partum) during the review, for rules whose criteria change in
 * pregnancy (WHO anemia cut-offs, BMI classes). A pregnancy diagnosis counts only when it was recorded within
 * the last 48 weeks before the review window's end: a pregnancy lasts at most about 42 weeks and the
 * puerperium 6 more (ICD-10-CM Official Guidelines I.C.15.a, O-codes for pregnancy, childbirth and the
 * puerperium), so an old pregnancy diagnosis left "active" does not make the patient pregnant forever.
 * Pregnancies with abortive outcome (O00–O08) end the pregnancy and are not counted.
 */
import { NUTRITION_SNOMED } from '../../terminology/snomed';
import type { DiagnosisTarget, RuleContext } from './types';
import { DAY_MS, fhirTimeMs } from '../../record/fhir-dates';

export const PREGNANCY: DiagnosisTarget = {
  icd10: ['O09', 'O1', 'O2', 'O3', 'O4', 'O5', 'O6', 'O7', 'O8', 'O9', 'Z33.1', 'Z34', 'Z3A'],
  snomed: [NUTRITION_SNOMED.PREGNANCY, NUTRITION_SNOMED.NORMAL_PREGNANCY],
};

/** Weeks of pregnancy and puerperium a pregnancy diagnosis speaks for. */
export const PREGNANCY_WEEKS = 48;

export function isPregnantDuringReview(context: RuleContext): boolean {
  const since = context.window.endMs - PREGNANCY_WEEKS * 7 * DAY_MS;
  return context.documentedDiagnoses(PREGNANCY).some((d) => {
    const time = fhirTimeMs(d.time) ?? NaN;
    return !Number.isNaN(time) && time >= since && time <= context.window.endMs;
  });
}
