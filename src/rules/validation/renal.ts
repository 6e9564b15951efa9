/**
 * Clinical validation of a documented acute kidney injury (N17.-; SNOMED CT acute kidney injury concepts):
 * the record holds creatinine results for the review, and none meets the KDIGO criteria (AHIMA/ACDIS,
 * "Clinical Validation: The Next Level of CDI", 2023 update).
 *
 * Criteria: KDIGO Clinical Practice Guideline for Acute Kidney Injury (Kidney Int Suppl 2012;2:1-138),
 * section 2.1.1, read as the AKI query trigger reads them (engine/kdigo.ts; thresholds:
 * AKI_VALIDATION_THRESHOLDS): a creatinine of the window ≥ 0.3 mg/dL above the lowest result of the 48 hours
 * before it, or ≥ 1.5 times the lowest result of the 7 days before it (results before the window count as
 * the baseline). Without a prior result, KDIGO (chapter 2.4, Table 7, case F) infers the baseline from the
 * later course: an injury present on admission that resolves (a result ≥ 1.5 times the lowest result of the
 * 7 days after it) also supports it. Renal replacement therapy (KDIGO stage 3) supports it too: a dialysis
 * procedure in the window. The urine-output criterion (< 0.5 mL/kg/h for 6 hours) needs hourly urine volumes
 * and a weight, which FHIR records rarely hold; it is not read.
 *
 * Cited when unsupported: the highest and lowest creatinine of the window, and the lowest of the 7 days before
 * it as the baseline (the results a rise would be measured from). A single result cannot show a rise either
 * way, so that finding is low severity. Not validated when dialysis-dependent kidney failure is documented
 * (N18.6, Z99.2, ...): creatinine then reflects dialysis, not kidney function.
 */
import type { ObservationPoint } from '../../record/patient-record';
import { DAY_MS } from '../../record/fhir-dates';
import { DIALYSIS_DEPENDENCE } from '../../terminology/diagnoses';
import { AKI_SNOMED, SNOMED } from '../../terminology/snomed';
import { dialysisEvents } from '../engine/dialysis';
import { resultFact } from '../engine/facts';
import { creatinineFalls, CREATININE_LOINC, creatinineHistory, creatinineRises, KDIGO_CREATININE_CRITERIA } from '../engine/kdigo';
import { diagnosesToValidate, documentedIcd10, extremeFacts, noIndicators, unsupportedDiagnosis } from '../engine/validation';
import type { ClinicalValidationRule, DiagnosisTarget, Rule } from '../engine/types';

/** Acute kidney injury as validated here: N17.- and the SNOMED CT AKI concepts. */
export const AKI_TO_VALIDATE: DiagnosisTarget = {
  icd10: ['N17'],
  snomed: [SNOMED.ACUTE_KIDNEY_INJURY, ...Object.values(AKI_SNOMED)],
};

export const AKI_VALIDATION_THRESHOLDS = { ...KDIGO_CREATININE_CRITERIA };

type Thresholds = typeof AKI_VALIDATION_THRESHOLDS;

export const acuteKidneyInjuryValidation: ClinicalValidationRule<Thresholds> = {
  id: 'validation/acute-kidney-injury',
  title: 'Acute kidney injury documented without supporting indicators',
  category: 'clinical-validation',
  severity: 'medium',
  rationale: 'A documented acute kidney injury is clinically supported by a serum creatinine rise of at least 0.3 mg/dL within 48 hours or to 1.5 times baseline within 7 days, or by renal replacement therapy (KDIGO 2012); when the record holds creatinine results and none meets these criteria, the diagnosis warrants a clinical-validation query (AHIMA/ACDIS 2023).',
  thresholds: AKI_VALIDATION_THRESHOLDS,
  evaluate(context, t) {
    const diagnoses = diagnosesToValidate(context, AKI_TO_VALIDATE);
    if (diagnoses.length === 0 || context.isDocumented(DIALYSIS_DEPENDENCE)) return [];
    const { startMs, endMs } = context.window;
    if (dialysisEvents(context).some((d) => d.timeMs >= startMs && d.timeMs <= endMs)) return [];
    if (creatinineRises(context, t).length > 0 || creatinineFalls(context, t).length > 0) return [];

    const inWindow = context.observations(...CREATININE_LOINC).filter((p) => p.value !== undefined);
    const fromMs = startMs - t.baselineLookbackDays * DAY_MS;
    const before = creatinineHistory(context).filter((p) => p.timeMs >= fromMs && p.timeMs < startMs);
    const looked = [...before, ...inWindow];
    const baseline = before.reduce<ObservationPoint | undefined>((low, p) => (!low || p.value! < low.value! ? p : low), undefined);
    const found = [...(baseline ? [resultFact('baseline creatinine', baseline)] : []), ...extremeFacts('creatinine', inWindow, 'both')];
    const criteria = `a creatinine rise ≥ ${t.absoluteRise} mg/dL within ${t.absoluteRiseHours} hours, or a creatinine ≥ ${t.relativeRise} times the lowest result within ${t.baselineLookbackDays} days before or after it (KDIGO 2012), or dialysis`;
    return diagnoses.map((diagnosis) => {
      const common = { context, diagnosis, target: AKI_TO_VALIDATE, name: 'acute kidney injury', icd10: documentedIcd10(diagnosis, AKI_TO_VALIDATE, 'N17.9'), criteria };
      if (inWindow.length === 0) return noIndicators(common);
      return unsupportedDiagnosis({
        ...common,
        found,
        evidence: looked.map((p) => p.reference),
        ...(new Set(looked.map((p) => p.timeMs)).size < 2 ? { severity: 'low' as const } : {}),
      });
    });
  },
};

/** The renal family's clinical-validation rules, for rules/index.ts. */
export const RENAL_VALIDATION_RULES: readonly Rule[] = [acuteKidneyInjuryValidation] as Rule[];
