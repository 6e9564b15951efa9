/**
 * Clinical indicators: what a query cites from the record, each with its source. A query cites "each clinical
 * indicator with its source and timestamp" and never adds facts that are not in the record (AHIMA/ACDIS,
 * *Guidelines for Achieving a Compliant Query Practice*, 2022 update; ../shared/DOMAIN.md §1): so an indicator
 * is always rendered from a Fact (src/rules/engine/types.ts) that names its resource, the finding's own facts
 * or a result, vital sign or medication the technician adds from the record, never typed-in text. Pure.
 */
import type { CodeableConcept, MedicationAdministration, MedicationRequest, Observation, Quantity } from 'fhir/r4';
import { describeFact, describeRange, medicationFact, resultFact, type Fact, type FactKind, type FactRange, type Finding } from '../rules/index';
import { conceptText } from '../record/describe';
import { fhirTimeMs } from '../record/fhir-dates';
import type { ObservationPoint, PatientRecord } from '../record/patient-record';
import { referenceTo } from '../record/references';
import { normalizeQuantity } from '../record/units';
import { equivalentLoinc } from '../terminology/loinc';
import { SYSTEM } from '../terminology/systems';
import type { QueryDraft, QueryIndicator } from './draft';

/** A label longer than this (a hostile or careless order name) is cut, so an indicator stays readable and within DRAFT_LIMITS. */
export const INDICATOR_LABEL_MAX = 300;
/** At most this many indicators are offered from the record by default: the most recent. */
export const RECORD_CANDIDATES_LIMIT = 200;

/** How an order or a dose is said: the verb follows the resource that states it. */
const MEDICATION_VERB: Readonly<Record<string, string>> = { MedicationRequest: 'ordered', MedicationAdministration: 'given' };

function oneLine(text: string, max = INDICATOR_LABEL_MAX): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

/** `sodium ...` → `Sodium ...`; a word people write in mixed case (`eGFR`, `pH`, `SpO2`) or a number is left as it is. */
function capitalized(text: string): string {
  return /^[a-z]+(?=[\s,(:]|$)/.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/**
 * A fact as the query shows it: the value, unit and time as every summary states them (`describeFact`),
 * capitalized, with the limits it was judged against, e.g. "Sodium 128 mmol/L on 2021-03-01 08:00 (reference
 * limit 135 mmol/L)". An order reads "... ordered on ...", a dose "... given on ..."; a diagnosis a Condition
 * records reads "I50.9 (Heart failure, unspecified) documented on ...", a recorded answer "Pressure injury stage: Stage 3 on ...",
 * a note's sentence 'Progress note of 2021-03-02 10:00: "Possible sepsis."'. The
 * reference is the fact's own resource.
 */
export function indicatorFromFact(fact: Fact): QueryIndicator {
  const type = fact.reference.split('/')[0] ?? '';
  let shown: Fact = { ...fact, label: oneLine(fact.label) };
  if (fact.kind === 'medication' && MEDICATION_VERB[type]) shown = { ...shown, label: `${shown.label} ${MEDICATION_VERB[type]}` };
  if (fact.kind === 'diagnosis') {
    const { text, ...rest } = shown;
    const verb = type === 'Condition' && fact.time !== undefined ? ' documented' : '';
    shown = { ...rest, label: `${shown.label}${text !== undefined ? ` (${oneLine(text)})` : ''}${verb}` };
  } else if (fact.kind === 'note') {
    // A note's sentence, quoted as written: `Progress note of 2021-03-02 10:00: "Possible sepsis."`.
    shown = { ...shown, text: oneLine(fact.text ?? '') };
  } else if (fact.value === undefined && fact.text !== undefined) {
    shown = { ...shown, label: `${shown.label}:`, text: oneLine(fact.text) };
  }
  const range = fact.referenceRange && (fact.referenceRange.low !== undefined || fact.referenceRange.high !== undefined)
    ? ` (${describeRange(fact.referenceRange)})` : '';
  return { text: capitalized(`${describeFact(shown)}${range}`), reference: fact.reference };
}

const indicatorKey = (indicator: QueryIndicator) => `${indicator.reference}\u0000${indicator.text}`;

/** The finding's facts as indicators, in the order the summary cites them, each once. */
export function indicatorsFromFinding(finding: Pick<Finding, 'facts'>): QueryIndicator[] {
  const seen = new Set<string>();
  return finding.facts.map(indicatorFromFact).filter((indicator) => !seen.has(indicatorKey(indicator)) && seen.add(indicatorKey(indicator)));
}

/** An indicator the technician may add from the record, with the fact it renders and its time (for sorting). */
export interface IndicatorCandidate extends QueryIndicator {
  fact: Fact;
  /** Epoch milliseconds of the fact's time; undefined when the resource has no usable time. */
  timeMs?: number;
}

export interface CandidateOptions {
  /** Only what happened in this span (epoch ms, inclusive), e.g. the review window. */
  within?: { startMs: number; endMs: number };
  /** At most this many, the most recent first (default RECORD_CANDIDATES_LIMIT). */
  limit?: number;
  /** Indicators already in the draft, left out. */
  exclude?: readonly QueryIndicator[];
}

/** Observation categories whose results a query may cite (US Core): laboratory and vital signs, and exam, imaging or procedure measurements. */
const RESULT_CATEGORIES: ReadonlyMap<string, FactKind> = new Map([
  ['laboratory', 'result'], ['vital-signs', 'vital-sign'], ['exam', 'result'], ['imaging', 'result'], ['procedure', 'result'],
]);

function observationKind(observation: Observation): FactKind | undefined {
  const codes = (observation.category ?? []).flatMap((c) => c.coding ?? []).filter((c) => c.system === undefined || c.system === SYSTEM.OBSERVATION_CATEGORY).map((c) => c.code);
  if (codes.length === 0) return 'result';
  for (const code of codes) {
    const kind = code !== undefined ? RESULT_CATEGORIES.get(code) : undefined;
    if (kind) return kind;
  }
  return undefined;
}

function loincCodesOf(concept: CodeableConcept | undefined): string[] {
  return (concept?.coding ?? []).filter((c) => c.system === SYSTEM.LOINC && typeof c.code === 'string').map((c) => equivalentLoinc(c.code!.trim()));
}

/** The observation's reference range in the point's unit, when it can be converted; else none. */
function rangeOf(point: ObservationPoint, source: { referenceRange?: Observation['referenceRange']; valueQuantity?: Quantity }): FactRange | undefined {
  const range = source.referenceRange?.[0];
  if (!range || point.value === undefined) return undefined;
  const limit = (quantity: Quantity | undefined): number | undefined => {
    if (typeof quantity?.value !== 'number') return undefined;
    const normalized = normalizeQuantity(point.loinc, quantity.value, quantity.code ?? quantity.unit ?? source.valueQuantity?.code ?? source.valueQuantity?.unit);
    return 'problem' in normalized || normalized.unit !== (point.unit ?? '') ? undefined : normalized.value;
  };
  const low = limit(range.low);
  const high = limit(range.high);
  if (low === undefined && high === undefined) return undefined;
  return { ...(low !== undefined ? { low } : {}), ...(high !== undefined ? { high } : {}), ...(point.unit ? { unit: point.unit } : {}) };
}

function observationCandidates(record: PatientRecord): IndicatorCandidate[] {
  const codes = new Set<string>();
  for (const observation of record.byType('Observation')) {
    for (const code of loincCodesOf(observation.code)) codes.add(code);
    for (const component of observation.component ?? []) for (const code of loincCodesOf(component.code)) codes.add(code);
  }
  const seen = new Set<string>();
  const out: IndicatorCandidate[] = [];
  for (const code of codes) {
    for (const point of record.observations(code)) {
      const key = `${point.reference}#${point.component ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const observation = point.observation;
      const kind = observationKind(observation);
      if (!kind) continue;
      const component = point.component !== undefined ? observation.component?.[point.component] : undefined;
      const source = component ?? observation;
      const label = conceptText(source.code) ?? point.loinc;
      let fact: Fact;
      if (point.value !== undefined) {
        fact = resultFact(label, point, rangeOf(point, source), kind);
      } else {
        const text = conceptText(source.valueCodeableConcept) ?? source.valueString;
        if (text === undefined) continue;
        fact = { kind: 'assessment', label, text, time: point.time, reference: point.reference };
      }
      out.push({ ...indicatorFromFact(fact), fact, timeMs: point.timeMs });
    }
  }
  return out;
}

function medicationCandidates(record: PatientRecord): IndicatorCandidate[] {
  const out: IndicatorCandidate[] = [];
  const add = (resource: MedicationRequest | MedicationAdministration, time: string | undefined) => {
    if (!resource.id || resource.status === 'entered-in-error') return;
    const name = conceptText(record.medicationOf(resource));
    if (!name) return;
    const fact = medicationFact({ name, ...(time !== undefined && fhirTimeMs(time) !== undefined ? { time } : {}), reference: referenceTo(resource) });
    out.push({ ...indicatorFromFact(fact), fact, ...(fact.time ? { timeMs: fhirTimeMs(fact.time)! } : {}) });
  };
  for (const request of record.byType('MedicationRequest')) add(request, request.authoredOn);
  for (const administration of record.byType('MedicationAdministration')) add(administration, administration.effectiveDateTime ?? administration.effectivePeriod?.start);
  return out;
}

/**
 * What the technician can add to a query from the record: its laboratory results and vital signs (values
 * normalized as the rules read them, with the laboratory's reference range when it converts), and its
 * medication orders and doses, each rendered from a Fact with its resource, the most recent first, at most
 * `limit`. Never free text: the composer offers these and nothing else to add.
 */
export function recordIndicatorCandidates(record: PatientRecord, options: CandidateOptions = {}): IndicatorCandidate[] {
  const limit = Math.max(0, Math.floor(options.limit ?? RECORD_CANDIDATES_LIMIT));
  const excluded = new Set((options.exclude ?? []).map(indicatorKey));
  const within = options.within;
  return [...observationCandidates(record), ...medicationCandidates(record)]
    .filter((c) => !excluded.has(indicatorKey(c)))
    .filter((c) => !within || (c.timeMs !== undefined && c.timeMs >= within.startMs && c.timeMs <= within.endMs))
    .sort((a, b) => (b.timeMs ?? -Infinity) - (a.timeMs ?? -Infinity) || a.text.localeCompare(b.text) || a.reference.localeCompare(b.reference))
    .slice(0, limit);
}

/** The draft with one more indicator (an IndicatorCandidate or a finding's), unless it already cites it. */
export function withIndicator(draft: QueryDraft, indicator: QueryIndicator): QueryDraft {
  const cited: QueryIndicator = { text: indicator.text, reference: indicator.reference };
  if (draft.indicators.some((i) => indicatorKey(i) === indicatorKey(cited))) return draft;
  return { ...draft, indicators: [...draft.indicators, cited] };
}

/** The draft without its indicator at `index`. */
export function withoutIndicator(draft: QueryDraft, index: number): QueryDraft {
  return { ...draft, indicators: draft.indicators.filter((_, i) => i !== index) };
}
