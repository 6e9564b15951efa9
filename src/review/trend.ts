/**
 * The trend behind a lab-driven finding: every recorded value of the measure the finding cites, oldest
 * first, with the threshold the finding judged it against, so the technician sees the cited values in
 * their course (issue 12: finding detail). Data only: the chart (ui/TrendChart.tsx) draws it. Pure: no
 * clock, no DOM; never throws on odd input.
 * The values are the record's observation points (record/patient-record.ts): each in its LOINC code's
 * canonical unit, times as recorded. A trend states values, never a conclusion (AHIMA/ACDIS, Guidelines
 * for Achieving a Compliant Query Practice, 2022 update).
 */
import type { Observation } from 'fhir/r4';
import type { Fact, FactRange, Finding } from '../rules/index';
import type { ObservationPoint, PatientRecord } from '../record/patient-record';
import { DAY_MS } from '../record/fhir-dates';
import { canonicalUnit } from '../record/units';
import { equivalentLoinc } from '../terminology/loinc';
import { SYSTEM } from '../terminology/systems';

/**
 * Days before the review window's start whose values the trend also shows: the baseline the window's
 * values are read against. Seven days is the look-back KDIGO uses for a creatinine baseline, and covers
 * the last outpatient or admission values before an inpatient stay.
 */
export const TREND_BASELINE_DAYS = 7;

/** Which side of the threshold a value lies on, when it is beyond it. */
export type TrendSide = 'below' | 'above';

/** One recorded value of the trend's measure. */
export interface TrendPoint {
  /** Milliseconds since the epoch (for placing the point; never shown). */
  timeMs: number;
  /** The FHIR time as recorded (effective or issued), shown with formatFhirDateTime. */
  time: string;
  value: number;
  /** The unit of `value` (UCUM, as the record index normalized it); shown with unitLabel. */
  unit: string | undefined;
  /** `Observation/id` (for keys and links; never shown as text). */
  reference: string;
  /** True when the finding cites this Observation (among its facts or evidence). */
  cited: boolean;
  /** Set when the value is beyond the threshold: below its low limit or above its high limit. */
  beyond?: TrendSide;
}

/** The values of one measure behind a finding, with the threshold it was judged against. */
export interface Trend {
  /** The measure in the finding's words: the cited fact's label (`sodium`). */
  label: string;
  /** The cited fact's unit (`mmol/L`), the unit of every point. */
  unit: string | undefined;
  /** The LOINC code whose values these are (as the record index reads it). */
  loinc: string;
  /** Oldest first (ties by reference, so the order never depends on input order). */
  points: TrendPoint[];
  /** The cited fact's referenceRange, when it has a usable one in the trend's unit. */
  threshold?: FactRange;
  /** Values of the code left out because their unit differs from the cited fact's. */
  excludedForUnit: number;
}

/** The time span a trend covers; values from TREND_BASELINE_DAYS before its start are shown too. */
export interface TrendWindow {
  startMs: number;
  endMs: number;
}

const NUMERIC_KINDS: ReadonlySet<string> = new Set(['result', 'vital-sign']);

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
/** A missing unit and an empty one are the same unit (the record index writes '' for a code without one). */
const sameUnit = (a: unknown, b: unknown) => (typeof a === 'string' ? a : '') === (typeof b === 'string' ? b : '');

/** The finding's first fact that is a numeric result or vital sign citing an Observation, if any. */
function firstNumericFact(facts: readonly Fact[]): Fact | undefined {
  return facts.find((fact) => typeof fact === 'object' && fact !== null && NUMERIC_KINDS.has(fact.kind) && isFiniteNumber(fact.value)
    && typeof fact.reference === 'string' && fact.reference.startsWith('Observation/'));
}

/** The LOINC codes of the Observation and its components, as the record index reads them (equivalents mapped). */
function loincCodesOf(observation: Observation): string[] {
  const concepts = [observation.code, ...(Array.isArray(observation.component) ? observation.component.map((c) => c?.code) : [])];
  const codes = concepts.flatMap((concept) => (Array.isArray(concept?.coding) ? concept.coding : []))
    .filter((c) => c?.system === SYSTEM.LOINC && typeof c.code === 'string')
    .map((c) => equivalentLoinc(c.code!.trim()));
  return [...new Set(codes)];
}

/**
 * The LOINC code of the fact's value. An Observation may carry several codes (a panel's components, a
 * blood pressure, a result coded twice): of its codes, the first whose indexed points hold the cited
 * Observation with the cited value and unit, preferring the codes rules read (those with a canonical
 * unit); else the first whose points hold the Observation at all.
 */
function codeOfFact(fact: Fact, record: PatientRecord): string | undefined {
  const observation = record.resolve(fact.reference);
  if (observation?.resourceType !== 'Observation') return undefined;
  const codes = loincCodesOf(observation as Observation);
  const holding = (code: string, exact: boolean) => record.observations(code)
    .some((p) => p.reference === fact.reference && (!exact || (p.value === fact.value && sameUnit(p.unit, fact.unit))));
  return codes.find((code) => canonicalUnit(code) !== undefined && holding(code, true))
    ?? codes.find((code) => holding(code, true))
    ?? codes.find((code) => holding(code, false));
}

/** The threshold if it is usable: a finite low and/or high limit, in the fact's unit (or no unit stated). */
function usableThreshold(range: FactRange | undefined, unit: string | undefined): FactRange | undefined {
  if (typeof range !== 'object' || range === null) return undefined;
  const low = isFiniteNumber(range.low) ? range.low : undefined;
  const high = isFiniteNumber(range.high) ? range.high : undefined;
  if (low === undefined && high === undefined) return undefined;
  // A limit in another unit cannot be drawn against these values.
  if (range.unit !== undefined && !sameUnit(range.unit, unit)) return undefined;
  return {
    ...(low !== undefined ? { low } : {}),
    ...(high !== undefined ? { high } : {}),
    ...(range.unit !== undefined ? { unit: range.unit } : {}),
    ...(range.inclusive === true ? { inclusive: true as const } : {}),
  };
}

/**
 * Which side of the threshold a value lies beyond, if any: below `low` or above `high`; the limit itself
 * is normal unless the range is `inclusive` (FactRange's reading).
 */
export function beyondThreshold(value: number, threshold: FactRange | undefined): TrendSide | undefined {
  if (!threshold) return undefined;
  const inclusive = threshold.inclusive === true;
  if (threshold.low !== undefined && (value < threshold.low || (inclusive && value === threshold.low))) return 'below';
  if (threshold.high !== undefined && (value > threshold.high || (inclusive && value === threshold.high))) return 'above';
  return undefined;
}

/**
 * The trend of a lab-driven finding: the values of the measure its first numeric fact cites (a result or
 * vital sign with a number, citing an Observation), all points of that Observation's LOINC code in the
 * record, oldest first. With a window, the points from TREND_BASELINE_DAYS before its start to its end,
 * and every point the finding cites wherever it lies. Points in another unit than the cited fact's are
 * left out and counted. Undefined when the finding cites no numeric Observation, or fewer than two values
 * remain: a single value is not a trend (the finding's detail shows the fact).
 */
export function findingTrend(finding: Finding, record: PatientRecord, within?: TrendWindow): Trend | undefined {
  const facts = Array.isArray(finding?.facts) ? finding.facts : [];
  const fact = firstNumericFact(facts);
  if (!fact) return undefined;
  const loinc = codeOfFact(fact, record);
  if (loinc === undefined) return undefined;

  const cited = new Set<string>([
    ...facts.map((f) => f?.reference).filter((r): r is string => typeof r === 'string'),
    ...(Array.isArray(finding.evidence) ? finding.evidence.filter((r): r is string => typeof r === 'string') : []),
  ]);
  const from = isFiniteNumber(within?.startMs) ? within.startMs - TREND_BASELINE_DAYS * DAY_MS : -Infinity;
  const to = isFiniteNumber(within?.endMs) ? within.endMs : Infinity;
  const inView = (p: ObservationPoint) => cited.has(p.reference) || (p.timeMs >= from && p.timeMs <= to);

  const threshold = usableThreshold(fact.referenceRange, fact.unit);
  const seen = new Set<string>();
  let excludedForUnit = 0;
  const points: TrendPoint[] = [];
  for (const p of record.observations(loinc)) {
    if (!isFiniteNumber(p.value) || !isFiniteNumber(p.timeMs) || !inView(p)) continue;
    // One Observation gives one value of a code (a component repeating the code is not a second result).
    if (seen.has(p.reference)) continue;
    seen.add(p.reference);
    if (!sameUnit(p.unit, fact.unit)) {
      excludedForUnit++;
      continue;
    }
    const beyond = beyondThreshold(p.value, threshold);
    points.push({
      timeMs: p.timeMs, time: p.time, value: p.value, unit: p.unit, reference: p.reference, cited: cited.has(p.reference),
      ...(beyond ? { beyond } : {}),
    });
  }
  if (points.length < 2) return undefined;
  points.sort((a, b) => a.timeMs - b.timeMs || (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0));
  return {
    label: typeof fact.label === 'string' ? fact.label : 'value',
    unit: fact.unit,
    loinc,
    points,
    ...(threshold ? { threshold } : {}),
    excludedForUnit,
  };
}
