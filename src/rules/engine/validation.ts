/**
 * Clinical validation (issue 15): the shared shape of the checks that a documented diagnosis has the clinical
 * indicators that support it (AHIMA/ACDIS, "Clinical Validation: The Next Level of CDI", 2023 update; the 2022
 * Guidelines for Achieving a Compliant Query Practice). A family (rules/validation/*.ts) says which diagnoses
 * it validates and what it looks for; this module finds the diagnoses to validate, states what was found as
 * facts, and words the finding and the query's options. The answer is the provider's: never a coder's removal.
 */
import type { Condition } from 'fhir/r4';
import type { ObservationPoint } from '../../record/patient-record';
import { isClinicallyCurrent, isRefutedOrEnteredInError } from '../../record/statuses';
import { formatFhirDateTime } from '../../record/fhir-dates';
import { CLINICALLY_UNDETERMINED, OTHER } from './answer-options';
import { dottedIcd10 } from '../../terminology/icd10cm/icd10cm-table';
import { icd10ForSnomed } from '../../terminology/snomed-icd10cm';
import { SYSTEM } from '../../terminology/systems';
import { describeMatchingCoding, matchingCodings } from './describe-diagnosis';
import { describeFacts, resultFact, statedFact } from './facts';
import type {
  AnswerOption, ClinicalValidationDraft, DiagnosisTarget, DocumentedDiagnosis, Fact, FactKind, FactRange, RuleContext, Severity,
} from './types';

/**
 * The diagnoses of the review (RuleContext.diagnoses: the launch encounter's Conditions and Encounter.diagnosis
 * and the claims billing it, else those of the window) that name the target, one per code: a Condition before
 * the Encounter.diagnosis or claim line that repeats it, so one documented diagnosis is one finding. Resolved,
 * inactive or in-remission Conditions, refuted or entered in error, are not validated: they are not asserted
 * as current diagnoses of this stay (nor are the encounter and claim lines that cite them).
 */
export function diagnosesToValidate(context: RuleContext, target: DiagnosisTarget): DocumentedDiagnosis[] {
  const matching = context.diagnoses().filter((d) => describeMatchingCoding(d.concept, target) !== undefined);
  const conditionsFirst = [...matching].sort((a, b) => rank(a) - rank(b));
  const seen = new Set<string>();
  const kept: DocumentedDiagnosis[] = [];
  for (const d of conditionsFirst) {
    const code = matchingCodings(d.concept, target)[0]?.code ?? d.reference;
    if (seen.has(code)) continue;
    seen.add(code);
    if (d.resource.resourceType === 'Condition') {
      const condition = d.resource as Condition;
      if (isRefutedOrEnteredInError(condition) || !isClinicallyCurrent(condition)) continue;
    }
    kept.push(d);
  }
  return kept;
}

const rank = (d: DocumentedDiagnosis) => (d.resource.resourceType === 'Condition' ? 0 : d.resource.resourceType === 'Encounter' ? 1 : 2);

/** The documented diagnosis as a fact: `Sepsis, unspecified organism (A41.9)` stated by its resource. */
export function documentedDiagnosisFact(diagnosis: DocumentedDiagnosis, target: DiagnosisTarget): Fact {
  return statedFact('diagnosis', describeMatchingCoding(diagnosis.concept, target) ?? 'diagnosis', diagnosis.reference, { time: diagnosis.time });
}

/**
 * The ICD-10-CM code (dotted) the diagnosis is documented with, for a family whose target spans several codes
 * (D69.4-, D69.5-, D69.6): the concept's ICD-10-CM coding naming the target, else the code the curated
 * map gives its SNOMED CT coding (terminology/snomed-icd10cm.ts); `fallback` when neither gives one.
 */
export function documentedIcd10(diagnosis: DocumentedDiagnosis, target: DiagnosisTarget, fallback: string): string {
  const codings = matchingCodings(diagnosis.concept, target);
  // An ICD-10-CM coding beside the SNOMED CT one (J96.01 with 65710008) is the code as coded: it wins over the map.
  const icd10 = codings.find((c) => c.system === SYSTEM.ICD10CM && c.code !== undefined);
  if (icd10) return dottedIcd10(icd10.code!);
  const snomed = codings.find((c) => c.system === SYSTEM.SNOMED && c.code !== undefined);
  return (snomed ? icd10ForSnomed(snomed.code!) : undefined) ?? fallback;
}

/**
 * The options of a clinical-validation query (AHIMA/ACDIS query examples for clinical validation): the
 * diagnosis confirmed, with the indicators that support it documented; ruled out; other; undetermined.
 */
export function clinicalValidationOptions(diagnosis: string, icd10: string): AnswerOption[] {
  return [
    { text: `${diagnosis}, confirmed (please document the clinical indicators that support it)`, icd10 },
    { text: `${diagnosis}, ruled out` },
    OTHER,
    CLINICALLY_UNDETERMINED,
  ];
}

export interface ValidationFinding {
  context: RuleContext;
  diagnosis: DocumentedDiagnosis;
  target: DiagnosisTarget;
  /** How the diagnosis is named in sentences: `sepsis`, `acute respiratory failure`. */
  name: string;
  /** Its ICD-10-CM code (the suspected condition and the "confirmed" option's code). */
  icd10: string;
  /** What the criteria ask, in one phrase: `SIRS criteria (temperature, heart rate, ...) or organ dysfunction`. */
  criteria: string;
  /** What the record holds of the indicators the criteria read (their most telling values): none meets them. */
  found: Fact[];
  /** Every resource the found facts stand for (all the values looked at). */
  evidence: string[];
  severity?: Severity;
}

/**
 * A diagnosis whose indicators the record holds and none meets the criteria: medium severity unless the family
 * says otherwise. The summary states the diagnosis, what was looked for and what was found, never a conclusion.
 */
export function unsupportedDiagnosis(f: ValidationFinding): ClinicalValidationDraft {
  const documented = documentedDiagnosisFact(f.diagnosis, f.target);
  const when = documented.time ? ` on ${formatFhirDateTime(documented.time)}` : '';
  return {
    ...(f.severity ? { severity: f.severity } : {}),
    target: f.diagnosis.reference,
    facts: [documented, ...f.found],
    summary: `${capitalized(f.name)} is documented (${documented.label}${when}). Looked for: ${f.criteria}. Found in ${f.context.window.label}: ${describeFacts(f.found)}; none meets the criteria.`,
    evidence: [...new Set([f.diagnosis.reference, ...f.evidence])],
    suspectedCondition: f.icd10,
    encounter: f.diagnosis.encounter,
    observedAt: [documented.time, ...f.found.map((x) => x.time)].filter((t): t is string => Boolean(t)).sort().at(-1),
    answerOptions: clinicalValidationOptions(capitalized(f.name), f.icd10),
  };
}

/** A diagnosis of the family with none of the measurements its criteria read in the window: low severity. */
export function noIndicators(f: Omit<ValidationFinding, 'found' | 'evidence' | 'severity'>): ClinicalValidationDraft {
  const documented = documentedDiagnosisFact(f.diagnosis, f.target);
  const when = documented.time ? ` on ${formatFhirDateTime(documented.time)}` : '';
  return {
    severity: 'low',
    target: f.diagnosis.reference,
    facts: [documented],
    summary: `${capitalized(f.name)} is documented (${documented.label}${when}). Looked for: ${f.criteria}. The record holds none of these measurements for ${f.context.window.label}.`,
    evidence: [f.diagnosis.reference],
    suspectedCondition: f.icd10,
    encounter: f.diagnosis.encounter,
    observedAt: documented.time,
    answerOptions: clinicalValidationOptions(capitalized(f.name), f.icd10),
  };
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * What a validation found of one measurement, as facts: its highest or lowest value in the window (or both,
 * for a two-sided criterion), labelled `highest temperature`, `lowest SpO2`; a single result is labelled by
 * the measurement alone. Of equal values, the earliest is cited; `range` is the limit the criteria use.
 */
export function extremeFacts(
  label: string, points: readonly ObservationPoint[], which: 'highest' | 'lowest' | 'both', range?: FactRange, kind: FactKind = 'result',
): Fact[] {
  // One reading coded twice (pulse oximetry as 59408-5 and 2708-6) is one result.
  const valued = points.filter((p, i) => p.value !== undefined && points.findIndex((q) => q.reference === p.reference && q.timeMs === p.timeMs) === i);
  if (valued.length === 0) return [];
  if (valued.length === 1) return [resultFact(label, valued[0]!, range, kind)];
  const highest = valued.reduce((a, b) => (b.value! > a.value! ? b : a));
  const lowest = valued.reduce((a, b) => (b.value! < a.value! ? b : a));
  if (which === 'both' && highest.value === lowest.value) return [resultFact(label, highest, range, kind)];
  return [
    ...(which !== 'lowest' ? [resultFact(`highest ${label}`, highest, range, kind)] : []),
    ...(which !== 'highest' ? [resultFact(`lowest ${label}`, lowest, range, kind)] : []),
  ];
}
