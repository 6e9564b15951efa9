/**
 * Heart failure documented without its type, while the record holds what specifies it.
 *
 * Criteria: the 2022 AHA/ACC/HFSA heart failure guideline (Heidenreich PA et al., Circulation
 * 2022;145:e895) adopts the Universal Definition and Classification of Heart Failure (Bozkurt B et al.,
 * J Card Fail 2021;27:387): LVEF ≤ 40 % reduced (HFrEF), 41–49 % mildly reduced (HFmrEF), ≥ 50 %
 * preserved (HFpEF), so any measured LVEF is specificity evidence. Natriuretic peptides corroborate heart
 * failure, and in hospitalized or decompensated patients from BNP ≥ 100 pg/mL or NT-proBNP ≥ 300 pg/mL
 * (Universal Definition, elevated natriuretic peptide levels). An intravenous loop diuretic is treatment
 * of decompensation (acuity evidence; treatment counts as an indicator, shared/DOMAIN.md §2).
 * ICD-10-CM: I50.9 Heart failure, unspecified and I50.1 Left ventricular failure, unspecified carry no
 * type; I50.2-/I50.3-/I50.4- (systolic, diastolic, combined) and I50.8- (right, biventricular, high
 * output, end stage) do. A query offers the type-and-acuity codes; it never states the type.
 */
import type { CodeableConcept } from 'fhir/r4';
import type { ObservationPoint } from '../../record/patient-record';
import { formatFhirDateTime } from '../../record/fhir-dates';
import { LOINC } from '../../terminology/loinc';
import { LOOP_DIURETICS } from '../../terminology/medications';
import { HEART_FAILURE_SNOMED, INTRAVENOUS_ROUTE_SNOMED, SNOMED } from '../../terminology/snomed';
import { SYSTEM } from '../../terminology/systems';
import { HEART_FAILURE_TYPE_OPTIONS, withStandardOptions } from '../engine/answer-options';
import { matchingCodings } from '../engine/describe-diagnosis';
import { encounterOf, preferConditions, referencesOf } from '../engine/evidence';
import { describeFact, medicationFact, resultFact, statedFact } from '../engine/facts';
import { medicationsInWindow, type MedicationEvent } from '../engine/medication-events';
import type { DiagnosisTarget, DocumentedDiagnosis, Fact, Rule } from '../engine/types';

/** Heart failure coded without a type (84114007 heart failure, 42343007 CHF, 88805009 chronic CHF: acuity only). */
export const HEART_FAILURE_WITHOUT_TYPE: DiagnosisTarget = {
  icd10: ['I50.9', 'I50.1'],
  snomed: [SNOMED.HEART_FAILURE, HEART_FAILURE_SNOMED.CONGESTIVE_HEART_FAILURE, SNOMED.CHRONIC_CONGESTIVE_HEART_FAILURE],
};

/** Heart failure coded with a type: any of these makes the query moot. */
export const HEART_FAILURE_TYPE: DiagnosisTarget = {
  icd10: ['I50.2', 'I50.3', 'I50.4', 'I50.8'],
  snomed: [
    HEART_FAILURE_SNOMED.SYSTOLIC_HEART_FAILURE, HEART_FAILURE_SNOMED.DIASTOLIC_HEART_FAILURE,
    HEART_FAILURE_SNOMED.HFREF, HEART_FAILURE_SNOMED.HFMREF, HEART_FAILURE_SNOMED.HFPEF,
  ],
};

export const HEART_FAILURE_TYPE_THRESHOLDS = {
  /** pg/mL: BNP from this value, inclusive, is elevated (Universal Definition, hospitalized patients). */
  bnpAtLeast: 100,
  /** pg/mL: NT-proBNP from this value, inclusive, is elevated (Universal Definition, hospitalized patients). */
  ntProBnpAtLeast: 300,
};


/**
 * Intravenous: a route coded or written as intravenous; with no route, "injection"/"injectable"/"IV" in
 * the product name (RxNorm SCDs name the dose form, e.g. "10 ML Furosemide 10 MG/ML Injection").
 */
export function isIntravenous(event: MedicationEvent): boolean {
  const { resource } = event;
  const routes = (resource.resourceType === 'MedicationRequest'
    ? (resource.dosageInstruction ?? []).map((d) => d.route)
    : [resource.dosage?.route]).filter((r): r is CodeableConcept => r !== undefined);
  if (routes.length > 0) {
    return routes.some((route) =>
      (route.coding ?? []).some((c) => c.system === SYSTEM.SNOMED && c.code === INTRAVENOUS_ROUTE_SNOMED) ||
      [route.text, ...(route.coding ?? []).map((c) => c.display)].some((text) => text !== undefined && /intravenous|\bIV\b/i.test(text)));
  }
  const names = [event.name, event.concept?.text, ...(event.concept?.coding ?? []).map((c) => c.display)];
  return names.some((name) => name !== undefined && (/\binject(?:ion|able)\b/i.test(name) || /\bIV\b/.test(name)));
}

/** `Encounter/id` of an order (MedicationRequest.encounter) or administration (MedicationAdministration.context). */
function encounterOfMedication(event: MedicationEvent): string | undefined {
  const { resource } = event;
  const reference = resource.resourceType === 'MedicationRequest' ? resource.encounter?.reference : resource.context?.reference;
  return reference?.startsWith('Encounter/') ? reference : undefined;
}

/**
 * The diagnosis as the resource codes it: the first coding that names the target, its code as written for
 * the label and its display (else the concept's text) for the text; undefined when no coding names it.
 */
function diagnosisFact(diagnosis: DocumentedDiagnosis, target: DiagnosisTarget): Fact | undefined {
  const [coding] = matchingCodings(diagnosis.concept, target);
  if (!coding?.code) return undefined;
  const text = coding.display ?? diagnosis.concept.text;
  return statedFact('diagnosis', coding.code, diagnosis.reference, { time: diagnosis.time, text });
}

/** `Heart failure, unspecified (I50.9)`: a diagnosis fact by its display and code. */
function describeDiagnosisFact(fact: Fact): string {
  return fact.text ? `${fact.text} (${fact.label})` : fact.label;
}

/** `<name> ordered or given on <time>`, or `... 3 times, <first> to <last>`: one line per product. */
function describeMedications(facts: readonly Fact[]): string[] {
  const byName = new Map<string, Fact[]>();
  for (const fact of facts) byName.set(fact.label, [...(byName.get(fact.label) ?? []), fact]);
  return [...byName].map(([name, same]) => {
    const times = same.flatMap((m) => (m.time ? [m.time] : [])).sort();
    if (same.length === 1) return `${name} ordered or given${times[0] ? ` on ${formatFhirDateTime(times[0])}` : ''}`;
    const span = times.length ? `, ${formatFhirDateTime(times[0]!)}${times.length > 1 ? ` to ${formatFhirDateTime(times.at(-1)!)}` : ''}` : '';
    return `${name} ordered or given ${same.length} times${span}`;
  });
}

/** The highest value at or above the limit, if any. */
function peakAtLeast(points: readonly ObservationPoint[], limit: number): ObservationPoint | undefined {
  return points.filter((p) => p.value !== undefined && p.value >= limit)
    .reduce<ObservationPoint | undefined>((peak, p) => (!peak || p.value! > peak.value! ? p : peak), undefined);
}

/**
 * I50.9 / I50.1 or SNOMED heart failure without type, no typed heart failure documented, and in the
 * window a measured LVEF, a BNP ≥ 100 / NT-proBNP ≥ 300 pg/mL, or an IV loop diuretic: asks for type and
 * acuity (I50.21–I50.43).
 */
export const heartFailureTypeAcuityUnspecified: Rule<typeof HEART_FAILURE_TYPE_THRESHOLDS> = {
  id: 'heart-failure/type-acuity-unspecified',
  title: 'Heart failure documented without type or acuity',
  category: 'documentation-gap',
  severity: 'medium',
  rationale: 'Heart failure documented as unspecified while the record holds an LVEF, an elevated natriuretic peptide or IV loop diuretic treatment is a specificity query opportunity (2022 AHA/ACC/HFSA guideline and Universal Definition of Heart Failure: LVEF classes, natriuretic peptide thresholds).',
  thresholds: HEART_FAILURE_TYPE_THRESHOLDS,
  evaluate(context, t) {
    const documenting = preferConditions(context.documentedDiagnoses(HEART_FAILURE_WITHOUT_TYPE));
    if (documenting.length === 0 || context.isDocumented(HEART_FAILURE_TYPE)) return [];
    const lvef = context.observations(LOINC.LVEF).filter((p) => p.value !== undefined).at(-1);
    const bnp = peakAtLeast(context.observations(LOINC.BNP), t.bnpAtLeast);
    const ntProBnp = peakAtLeast(context.observations(LOINC.NT_PROBNP), t.ntProBnpAtLeast);
    const diuretics = medicationsInWindow(context, LOOP_DIURETICS).filter(isIntravenous);
    const points = [lvef, bnp, ntProBnp].filter((p): p is ObservationPoint => p !== undefined).sort((a, b) => a.timeMs - b.timeMs);
    if (points.length === 0 && diuretics.length === 0) return [];

    // Each documenting diagnosis by the coding that matched; any LVEF counts, so it has no limit. The
    // peptide limits are inclusive (from 100 / 300 pg/mL).
    const diagnosisFacts = documenting.flatMap((d) => diagnosisFact(d, HEART_FAILURE_WITHOUT_TYPE) ?? []);
    const lvefFact = lvef ? resultFact('LVEF', lvef) : undefined;
    const bnpFact = bnp ? resultFact('BNP', bnp, { high: t.bnpAtLeast, unit: 'pg/mL', inclusive: true }) : undefined;
    const ntProBnpFact = ntProBnp ? resultFact('NT-proBNP', ntProBnp, { high: t.ntProBnpAtLeast, unit: 'pg/mL', inclusive: true }) : undefined;
    const given = diuretics.map(medicationFact);
    const cited = [
      ...(lvefFact ? [describeFact(lvefFact)] : []),
      ...(bnpFact ? [`${describeFact(bnpFact)} (limit ${t.bnpAtLeast} pg/mL)`] : []),
      ...(ntProBnpFact ? [`${describeFact(ntProBnpFact)} (limit ${t.ntProBnpAtLeast} pg/mL)`] : []),
      ...describeMedications(given),
    ];
    // `Heart failure, unspecified (I50.9)`: each way the record codes it, once.
    const diagnoses = [...new Set(diagnosisFacts.map(describeDiagnosisFact))];
    const times = [...points.map((p) => p.time), ...diuretics.flatMap((m) => (m.time ? [m.time] : []))];
    return [{
      facts: [...diagnosisFacts, ...[lvefFact, bnpFact, ntProBnpFact].filter((f): f is Fact => f !== undefined), ...given],
      summary: `Heart failure is documented as ${diagnoses.join(', ')}. ${cited.join('; ')}. No heart failure type (systolic, diastolic or combined) is documented for ${context.window.label}.`,
      evidence: [...documenting.map((d) => d.reference), ...referencesOf(points), ...diuretics.map((m) => m.reference)],
      suspectedCondition: 'I50.9',
      encounter: encounterOf(points) ?? diuretics.map(encounterOfMedication).find((e) => e !== undefined),
      observedAt: times.sort().at(-1),
      answerOptions: withStandardOptions(HEART_FAILURE_TYPE_OPTIONS, { notSignificant: false }),
    }];
  },
};
