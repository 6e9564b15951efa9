/**
 * Clinical validation of a documented sepsis, severe sepsis or septic shock: the record holds the
 * measurements the criteria read, and none meets them (AHIMA/ACDIS, "Clinical Validation: The Next Level of
 * CDI", 2023 update). The query asks the provider; the answer may well be "confirmed".
 *
 * Criteria encoded (thresholds: SEPSIS_VALIDATION_THRESHOLDS):
 * - Sepsis (A40–A41 and the other sepsis codes of ICD-10-CM I.C.1.d; SNOMED CT sepsis) is supported by
 *   - SIRS (Sepsis-2; ACCP/SCCM Consensus Conference, Bone et al., Chest 1992;101:1644): two or more of
 *     temperature > 38.0 °C or < 36.0 °C, heart rate > 90/min, respiratory rate > 20/min or PaCO2 < 32 mmHg,
 *     WBC > 12 or < 4 ×10³/µL or band forms > 10 %, within one 24-hour period (the span the sepsis query
 *     trigger uses); or
 *   - organ dysfunction (Sepsis-3; Singer et al., JAMA 2016;315:801), any one organ system at the SOFA score's
 *     first abnormal step: lactate > 2 mmol/L, mean arterial pressure < 70 mmHg (measured, or calculated from
 *     one blood-pressure reading), platelets < 150 ×10³/µL, bilirubin ≥ 1.2 mg/dL, creatinine ≥ 1.2 mg/dL (not
 *     read when dialysis-dependent kidney failure is documented), Glasgow Coma Scale < 15, PaO2/FiO2 < 400
 *     (FiO2 charted within 1 hour of the PaO2), or a vasopressor ordered or given. Sepsis-3 asks for an acute
 *     change of 2 SOFA points; a single organ at 1 point is counted as support, so that the query is raised
 *     only when nothing in the record points to organ dysfunction.
 *   The suspected infection is the provider's own statement (the documented sepsis); the rule does not ask
 *   for antibiotics or cultures.
 * - Severe sepsis (R65.20) is supported by the organ dysfunction above.
 * - Septic shock (R65.21, T81.12, SNOMED CT septic shock) is supported by a vasopressor ordered or given, or
 *   a mean arterial pressure < 65 mmHg (Sepsis-3: vasopressors needed to keep the MAP ≥ 65 mmHg).
 * Patients under 18 are not validated: the pediatric SIRS limits are age-specific (Goldstein et al., Pediatr
 * Crit Care Med 2005;6:2) and not encoded.
 * When none of a diagnosis's measurements is in the window, a low-severity finding says so.
 */
import type { ObservationPoint } from '../../record/patient-record';
import { SEPSIS, SEPTIC_SHOCK, SEVERE_SEPSIS } from '../../terminology/diagnoses';
import { conceptMatches } from '../engine/run-rules';
import { pfRatios } from '../engine/oxygenation';
import {
  creatinineIsChronic, meanArterialPressures, organDysfunction, SEPSIS_MEASUREMENT_LOINC, SIRS_CRITERIA, sirsEpisodes, sirsValues,
  vasopressorsInWindow,
} from '../engine/sepsis-criteria';
import { diagnosesToValidate, documentedIcd10, extremeFacts, noIndicators, unsupportedDiagnosis } from '../engine/validation';
import type {
  ClinicalValidationDraft, ClinicalValidationRule, DiagnosisTarget, DocumentedDiagnosis, Fact, FactKind, FactRange, Rule, RuleContext,
} from '../engine/types';

export const SEPSIS_VALIDATION_THRESHOLDS = {
  ...SIRS_CRITERIA,
  /** %: band forms above this count with the white-cell SIRS criterion. */
  bandsAbove: 10,
  /** mmol/L: a lactate above this supports sepsis and severe sepsis (2 itself does not). */
  lactateAbove: 2,
  /** mmHg: SOFA cardiovascular, first step. */
  mapBelow: 70,
  /** ×10³/µL: SOFA coagulation, first step. */
  plateletsBelow: 150,
  /** mg/dL: SOFA liver, first step (1.2 itself counts). */
  bilirubinAtLeast: 1.2,
  /** mg/dL: SOFA renal, first step (1.2 itself counts). */
  creatinineAtLeast: 1.2,
  /** SOFA central nervous system, first step. */
  gcsBelow: 15,
  /** SOFA respiration, first step: PaO2 (mmHg) / FiO2 (fraction) below this. */
  pfRatioBelow: 400,
  /** Hours between a PaO2 and the FiO2 it is divided by. */
  pfPairingHours: 1,
  /** mmHg: septic shock is supported by a mean arterial pressure below this (or any vasopressor). */
  shockMapBelow: 65,
  /** Years: younger patients are not validated (pediatric SIRS limits are age-specific). */
  adultAgeYears: 18,
};

type Thresholds = typeof SEPSIS_VALIDATION_THRESHOLDS;

/** One measurement the criteria read: its points in the window, and which extreme of them tells most. */
interface Measurement {
  label: string;
  points: readonly ObservationPoint[];
  which: 'highest' | 'lowest' | 'both';
  range: FactRange;
  kind?: FactKind;
  /** Further resources the points stand for (the FiO2 a PaO2/FiO2 ratio divides by). */
  also?: readonly string[];
}

const found = (measurements: readonly Measurement[]): Fact[] =>
  measurements.flatMap((m) => extremeFacts(m.label, m.points, m.which, m.range, m.kind));
const looked = (measurements: readonly Measurement[]): string[] =>
  [...new Set(measurements.flatMap((m) => [...m.points.map((p) => p.reference), ...(m.also ?? [])]))];
const valued = (context: RuleContext, loinc: readonly string[]) => context.observations(...loinc).filter((p) => p.value !== undefined);

function sirsMeasurements(context: RuleContext, t: Thresholds): Measurement[] {
  const m = SEPSIS_MEASUREMENT_LOINC;
  return [
    { label: 'temperature', points: valued(context, m.temperature), which: 'both', range: { low: t.temperatureBelow, high: t.temperatureAbove, unit: 'Cel' }, kind: 'vital-sign' },
    { label: 'heart rate', points: valued(context, m.heartRate), which: 'highest', range: { high: t.heartRateAbove, unit: '/min' }, kind: 'vital-sign' },
    { label: 'respiratory rate', points: valued(context, m.respiratoryRate), which: 'highest', range: { high: t.respiratoryRateAbove, unit: '/min' }, kind: 'vital-sign' },
    { label: 'PaCO2', points: valued(context, m.paco2), which: 'lowest', range: { low: t.paco2Below, unit: 'mm[Hg]' } },
    { label: 'WBC', points: valued(context, m.wbc), which: 'both', range: { low: t.wbcBelow, high: t.wbcAbove, unit: '10*3/uL' } },
    { label: 'band forms', points: valued(context, m.bands), which: 'highest', range: { high: t.bandsAbove, unit: '%' } },
  ];
}

function mapMeasurements(context: RuleContext, limit: number): Measurement[] {
  const maps = meanArterialPressures(context);
  const range: FactRange = { low: limit, unit: 'mm[Hg]' };
  return [
    { label: 'mean arterial pressure', points: maps.filter((p) => !p.calculated).map((p) => p.point), which: 'lowest', range, kind: 'vital-sign' },
    { label: 'calculated mean arterial pressure', points: maps.filter((p) => p.calculated).map((p) => p.point), which: 'lowest', range, kind: 'vital-sign' },
  ];
}

function organMeasurements(context: RuleContext, t: Thresholds): Measurement[] {
  const m = SEPSIS_MEASUREMENT_LOINC;
  const pf = pfRatios(context, t.pfPairingHours);
  return [
    { label: 'lactate', points: valued(context, m.lactate), which: 'highest', range: { high: t.lactateAbove, unit: 'mmol/L' } },
    ...mapMeasurements(context, t.mapBelow),
    { label: 'platelets', points: valued(context, m.platelets), which: 'lowest', range: { low: t.plateletsBelow, unit: '10*3/uL' } },
    { label: 'bilirubin', points: valued(context, m.bilirubin), which: 'highest', range: { high: t.bilirubinAtLeast, unit: 'mg/dL', inclusive: true } },
    ...(creatinineIsChronic(context) ? [] : [
      { label: 'creatinine', points: valued(context, m.creatinine), which: 'highest', range: { high: t.creatinineAtLeast, unit: 'mg/dL', inclusive: true } } as Measurement,
    ]),
    { label: 'Glasgow Coma Scale', points: valued(context, m.gcs), which: 'lowest', range: { low: t.gcsBelow, unit: '{score}' }, kind: 'assessment' },
    { label: 'PaO2/FiO2 ratio', points: pf.map((r) => r.point), which: 'lowest', range: { low: t.pfRatioBelow }, also: pf.map((r) => r.fio2.reference) },
  ];
}

/** Whether the record shows organ dysfunction: a SOFA-step value, a low PaO2/FiO2 ratio, or a vasopressor. */
function hasOrganDysfunction(context: RuleContext, t: Thresholds): boolean {
  return organDysfunction(context, t).length > 0 ||
    pfRatios(context, t.pfPairingHours).some((r) => r.ratio < t.pfRatioBelow) ||
    vasopressorsInWindow(context).length > 0;
}

const isMinor = (context: RuleContext, t: Thresholds) => context.ageYears !== undefined && context.ageYears < t.adultAgeYears;

const organCriteria = (t: Thresholds) =>
  `organ dysfunction (Sepsis-3, any one organ: lactate > ${t.lactateAbove} mmol/L, mean arterial pressure < ${t.mapBelow} mmHg, platelets < ${t.plateletsBelow} ×10³/µL, bilirubin ≥ ${t.bilirubinAtLeast} mg/dL, creatinine ≥ ${t.creatinineAtLeast} mg/dL, Glasgow Coma Scale < ${t.gcsBelow}, PaO2/FiO2 < ${t.pfRatioBelow}, or a vasopressor ordered or given)`;

/** The finding for one diagnosis: none of the measurements in the window, or the measurements found. */
function validation(
  context: RuleContext, diagnosis: DocumentedDiagnosis, common: { target: DiagnosisTarget; name: string; icd10: string; criteria: string },
  measurements: readonly Measurement[],
): ClinicalValidationDraft {
  const facts = found(measurements);
  if (facts.length === 0) return noIndicators({ context, diagnosis, ...common });
  return unsupportedDiagnosis({ context, diagnosis, ...common, found: facts, evidence: looked(measurements) });
}

export const sepsisValidation: ClinicalValidationRule<Thresholds> = {
  id: 'validation/sepsis',
  title: 'Sepsis documented without supporting indicators',
  category: 'clinical-validation',
  severity: 'medium',
  rationale: 'A documented sepsis is clinically supported by two or more SIRS criteria within 24 hours (ACCP/SCCM consensus, Bone et al., Chest 1992) or by organ dysfunction (Sepsis-3, Singer et al., JAMA 2016); when the record holds these measurements and none meets them, the diagnosis warrants a clinical-validation query (AHIMA/ACDIS 2023).',
  thresholds: SEPSIS_VALIDATION_THRESHOLDS,
  evaluate(context, t) {
    const diagnoses = diagnosesToValidate(context, SEPSIS);
    if (diagnoses.length === 0 || isMinor(context, t)) return [];
    if (sirsEpisodes(sirsValues(context, t), t).length > 0 || hasOrganDysfunction(context, t)) return [];
    const measurements = [...sirsMeasurements(context, t), ...organMeasurements(context, t)];
    const criteria = `two or more SIRS criteria within ${t.sirsWindowHours} hours (temperature > ${t.temperatureAbove.toFixed(1)} or < ${t.temperatureBelow.toFixed(1)} °C, heart rate > ${t.heartRateAbove}/min, respiratory rate > ${t.respiratoryRateAbove}/min or PaCO2 < ${t.paco2Below} mmHg, WBC > ${t.wbcAbove} or < ${t.wbcBelow} ×10³/µL or band forms > ${t.bandsAbove} %; ACCP/SCCM 1992), or ${organCriteria(t)}`;
    return diagnoses.map((diagnosis) => validation(context, diagnosis, {
      target: SEPSIS, name: 'sepsis', icd10: documentedIcd10(diagnosis, SEPSIS, 'A41.9'), criteria,
    }, measurements));
  },
};

export const severeSepsisValidation: ClinicalValidationRule<Thresholds> = {
  id: 'validation/severe-sepsis',
  title: 'Severe sepsis or septic shock documented without supporting indicators',
  category: 'clinical-validation',
  severity: 'medium',
  rationale: 'Severe sepsis is supported by organ dysfunction and septic shock by vasopressors or a mean arterial pressure below 65 mmHg (Sepsis-3, Singer et al., JAMA 2016); when the record holds these measurements and none meets them, the diagnosis warrants a clinical-validation query (AHIMA/ACDIS 2023).',
  thresholds: SEPSIS_VALIDATION_THRESHOLDS,
  evaluate(context, t) {
    const diagnoses = diagnosesToValidate(context, SEVERE_SEPSIS);
    if (diagnoses.length === 0 || isMinor(context, t)) return [];
    const vasopressors = vasopressorsInWindow(context);
    const organSupported = hasOrganDysfunction(context, t);
    const shockSupported = vasopressors.length > 0 || meanArterialPressures(context).some((m) => m.value < t.shockMapBelow);
    return diagnoses.flatMap((diagnosis): ClinicalValidationDraft[] => {
      if (conceptMatches(diagnosis.concept, SEPTIC_SHOCK)) {
        if (shockSupported) return [];
        return [validation(context, diagnosis, {
          target: SEVERE_SEPSIS, name: 'septic shock', icd10: documentedIcd10(diagnosis, SEVERE_SEPSIS, 'R65.21'),
          criteria: `a vasopressor ordered or given, or a mean arterial pressure < ${t.shockMapBelow} mmHg (Sepsis-3 septic shock)`,
        }, mapMeasurements(context, t.shockMapBelow))];
      }
      if (organSupported) return [];
      return [validation(context, diagnosis, {
        target: SEVERE_SEPSIS, name: 'severe sepsis', icd10: documentedIcd10(diagnosis, SEVERE_SEPSIS, 'R65.20'), criteria: organCriteria(t),
      }, organMeasurements(context, t))];
    });
  },
};

/** The sepsis family's clinical-validation rules, for rules/index.ts. */
export const SEPSIS_VALIDATION_RULES: readonly Rule[] = [sepsisValidation, severeSepsisValidation] as Rule[];
