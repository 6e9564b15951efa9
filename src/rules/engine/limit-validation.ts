/**
 * Clinical validation of a diagnosis that one measurement beyond one limit supports (issue 15: "a value beyond
 * the limit in the window"): hyponatremia by a sodium below 135 mmol/L, thrombocytopenia by a platelet count
 * below 150 ×10³/µL. The limit itself is normal. For each diagnosis of the review that names the target
 * (validation.ts, diagnosesToValidate): any value beyond the limit in the review window supports it; values
 * that all stay within it make the finding, citing the one nearest the limit (the lowest, or the highest:
 * validation.ts, extremeFacts) and every value looked at as evidence; no value at all makes the low-severity finding that says so.
 */
import { formatQuantity, unitLabel } from '../../record/describe';
import type { ObservationPoint } from '../../record/patient-record';
import { referencesOf } from './evidence';
import type { ClinicalValidationDraft, DiagnosisTarget, DocumentedDiagnosis, FactRange, RuleContext } from './types';
import { diagnosesToValidate, extremeFacts, noIndicators, unsupportedDiagnosis } from './validation';

export interface LimitCheck {
  target: DiagnosisTarget;
  /** How the diagnosis is named in sentences: `hyponatremia`. */
  name: string;
  /** Its ICD-10-CM code: one for the family, or read from how each diagnosis is documented. */
  icd10: string | ((diagnosis: DocumentedDiagnosis) => string);
  /** How the measurement is named in facts and sentences: `sodium`, `platelet count`. */
  analyte: string;
  /** The LOINC codes of the measurement. */
  loinc: readonly string[];
  /** The unit of the limit: the canonical unit the record normalizes the values to (record/units.ts). */
  unit: string;
  /** Which side of the limit supports the diagnosis: values `below` it (low), or `above` it (high). */
  side: 'below' | 'above';
  limit: number;
  /** Decimals the criteria show the limit with (`5.0 mmol/L`); as formatQuantity shows it when left out. */
  digits?: number;
}

/** The draft findings of the diagnoses the check validates: none when a value beyond the limit supports them. */
export function validateByLimit(context: RuleContext, check: LimitCheck): ClinicalValidationDraft[] {
  const diagnoses = diagnosesToValidate(context, check.target);
  if (diagnoses.length === 0) return [];
  const points = context.observations(...check.loinc).filter((p) => p.value !== undefined);
  const beyond = (p: ObservationPoint) => (check.side === 'below' ? p.value! < check.limit : p.value! > check.limit);
  if (points.some(beyond)) return [];

  const limit = check.digits === undefined ? formatQuantity(check.limit, check.unit) : `${check.limit.toFixed(check.digits)} ${unitLabel(check.unit)}`;
  const criteria = `a ${check.analyte} ${check.side} ${limit}`;
  const about = (diagnosis: DocumentedDiagnosis) => ({
    context, diagnosis, target: check.target, name: check.name, criteria,
    icd10: typeof check.icd10 === 'string' ? check.icd10 : check.icd10(diagnosis),
  });
  if (points.length === 0) return diagnoses.map((diagnosis) => noIndicators(about(diagnosis)));

  // The value nearest the limit (the earliest of equal ones), judged against the limit the criteria use.
  const range: FactRange = check.side === 'below' ? { low: check.limit, unit: check.unit } : { high: check.limit, unit: check.unit };
  const found = extremeFacts(check.analyte, points, check.side === 'below' ? 'lowest' : 'highest', range);
  return diagnoses.map((diagnosis) => unsupportedDiagnosis({ ...about(diagnosis), found, evidence: referencesOf(points) }));
}
