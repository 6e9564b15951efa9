/**
 * Clinical validation of documented hematologic diagnoses (issue 15): thrombocytopenia and acute blood loss
 * anemia documented for the review while the review window holds none of the indicators that support them.
 *
 * Thrombocytopenia — D69.4- Other primary thrombocytopenia, D69.5- Secondary thrombocytopenia, D69.6
 * Thrombocytopenia, unspecified (and the SNOMED CT concepts the map reads as D69.6): supported by one platelet
 * count below 150 ×10³/µL in the window, the lower limit of the adult reference interval (150 itself is
 * normal; engine/hematology-indicators.ts). D69.3 immune thrombocytopenia and D75.82- heparin-induced
 * thrombocytopenia are not validated: both may be documented while a treated count is normal.
 *
 * Acute blood loss anemia — D62 Acute posthemorrhagic anemia: supported by a hemoglobin fall of at least
 * 2 g/dL between two results of the window at most 72 hours apart, ending below the WHO 2011 anemia cut-off
 * for the patient (the ISTH major-bleeding criterion, Schulman & Kearon, J Thromb Haemost 2005;3:692, as the
 * documentation-gap trigger reads it; under one year, where WHO gives no cut-off, the fall alone), or by a
 * red-cell transfusion in the window (a procedure, or a blood product charted as given).
 *
 * A documented diagnosis whose measurements the window holds and none meets the criteria is a
 * clinical-validation query opportunity (AHIMA/ACDIS, "Clinical Validation: The Next Level of CDI", 2023
 * update); with no measurement at all, a low-severity finding says so.
 */
import {
  cutOffRange, HEMOGLOBIN_FALL, hemoglobinLimit, hemoglobinOf, largestFall, PLATELETS_LOWER_LIMIT, RED_CELL_TRANSFUSION,
  transfusionsInWindow, WHO_HEMOGLOBIN_LIMITS,
} from '../engine/hematology-indicators';
import { referencesOf } from '../engine/evidence';
import { validateByLimit } from '../engine/limit-validation';
import type { DiagnosisTarget, Rule } from '../engine/types';
import { diagnosesToValidate, documentedIcd10, extremeFacts, noIndicators, unsupportedDiagnosis } from '../engine/validation';
import { formatQuantity } from '../../record/describe';
import { fhirTimeMs } from '../../record/fhir-dates';
import { LOINC } from '../../terminology/loinc';
import { HEMATOLOGY_SNOMED } from '../../terminology/snomed';

const THROMBOCYTOPENIA: DiagnosisTarget = {
  icd10: ['D69.4', 'D69.5', 'D69.6'],
  snomed: [HEMATOLOGY_SNOMED.THROMBOCYTOPENIC_DISORDER, HEMATOLOGY_SNOMED.ACQUIRED_THROMBOCYTOPENIA, HEMATOLOGY_SNOMED.PLATELET_COUNT_BELOW_RANGE],
};

// No SNOMED CT code for acute posthemorrhagic anemia could be verified; D62 alone documents it.
const ACUTE_POSTHEMORRHAGIC_ANEMIA: DiagnosisTarget = { icd10: ['D62'], snomed: [] };

export const THROMBOCYTOPENIA_VALIDATION_THRESHOLDS = {
  /** ×10³/µL: a platelet count below this supports thrombocytopenia (150 itself is normal). */
  plateletsBelow: PLATELETS_LOWER_LIMIT,
};

export const ACUTE_BLOOD_LOSS_ANEMIA_VALIDATION_THRESHOLDS = {
  /** g/dL, WHO 2011: the fall ends below the cut-off for the patient's sex, age and pregnancy. */
  ...WHO_HEMOGLOBIN_LIMITS,
  /** g/dL: a fall at least this large (2, ISTH) between results at most `fallWithinHours` (72) apart. */
  ...HEMOGLOBIN_FALL,
};

export const thrombocytopeniaValidation: Rule<typeof THROMBOCYTOPENIA_VALIDATION_THRESHOLDS> = {
  id: 'validation/thrombocytopenia',
  title: 'Thrombocytopenia documented without a low platelet count',
  category: 'clinical-validation',
  severity: 'medium',
  rationale: 'Thrombocytopenia (D69.4–D69.6) documented while no platelet count in the review window is below 150 ×10³/µL (the lower reference limit) lacks clinical support: a clinical-validation query (AHIMA/ACDIS 2023).',
  thresholds: THROMBOCYTOPENIA_VALIDATION_THRESHOLDS,
  evaluate: (context, t) => validateByLimit(context, {
    target: THROMBOCYTOPENIA, name: 'thrombocytopenia', icd10: (diagnosis) => documentedIcd10(diagnosis, THROMBOCYTOPENIA, 'D69.6'),
    analyte: 'platelet count', loinc: [LOINC.PLATELETS], unit: '10*3/uL', side: 'below', limit: t.plateletsBelow,
  }),
};

export const acuteBloodLossAnemiaValidation: Rule<typeof ACUTE_BLOOD_LOSS_ANEMIA_VALIDATION_THRESHOLDS> = {
  id: 'validation/acute-blood-loss-anemia',
  title: 'Acute blood loss anemia documented without a hemoglobin fall or transfusion',
  category: 'clinical-validation',
  severity: 'medium',
  rationale: 'Acute blood loss anemia (D62) documented while the review window holds neither a hemoglobin fall of 2 g/dL or more within 72 hours (ISTH major-bleeding criterion) to below the WHO anemia cut-off nor a red-cell transfusion lacks clinical support: a clinical-validation query (AHIMA/ACDIS 2023).',
  thresholds: ACUTE_BLOOD_LOSS_ANEMIA_VALIDATION_THRESHOLDS,
  evaluate(context, t) {
    const diagnoses = diagnosesToValidate(context, ACUTE_POSTHEMORRHAGIC_ANEMIA);
    if (diagnoses.length === 0 || transfusionsInWindow(context, RED_CELL_TRANSFUSION).length > 0) return [];
    const limit = hemoglobinLimit(context, t);
    const hemoglobin = hemoglobinOf(context);
    // Under one year WHO gives no cut-off: the fall alone is looked for.
    if (largestFall(hemoglobin, t, limit?.below ?? Infinity)) return [];

    const cutOff = limit ? ` ending below the WHO anemia cut-off (${formatQuantity(limit.below, 'g/dL')} for ${limit.group})` : '';
    const criteria = `a hemoglobin fall of ${formatQuantity(t.fallAtLeast, 'g/dL')} or more within ${t.fallWithinHours} hours${cutOff}, or a red-cell transfusion`;
    const about = { context, target: ACUTE_POSTHEMORRHAGIC_ANEMIA, name: 'acute blood loss anemia', icd10: 'D62', criteria };
    if (hemoglobin.length === 0) return diagnoses.map((diagnosis) => noIndicators({ ...about, diagnosis }));
    // The highest and lowest hemoglobin, in time order; the lowest judged against the WHO cut-off.
    const extremes = extremeFacts('hemoglobin', hemoglobin, 'both');
    const found = extremes.map((fact) => (limit && fact.label !== 'highest hemoglobin' ? { ...fact, referenceRange: cutOffRange(limit) } : fact))
      .sort((a, b) => (fhirTimeMs(a.time) ?? 0) - (fhirTimeMs(b.time) ?? 0));
    return diagnoses.map((diagnosis) => unsupportedDiagnosis({ ...about, diagnosis, found, evidence: referencesOf(hemoglobin) }));
  },
};

export const HEMATOLOGY_VALIDATION_RULES: readonly Rule[] = [thrombocytopeniaValidation, acuteBloodLossAnemiaValidation] as Rule[];
