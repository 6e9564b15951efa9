/**
 * The KDIGO creatinine criteria for acute kidney injury (KDIGO Clinical Practice Guideline for Acute Kidney
 * Injury, Kidney Int Suppl 2012;2:1-138, section 2.1.1): serum creatinine rising by ≥ 0.3 mg/dL
 * (≥ 26.5 µmol/L) within 48 hours, or to ≥ 1.5 times baseline when the increase is known to have occurred
 * within the prior 7 days. Shared by the AKI query trigger (rules/gaps/renal.ts) and the clinical validation
 * of a documented AKI (rules/validation/renal.ts).
 *
 * Baseline: the lowest creatinine in the 7 days before the raised result, taken from everything the record
 * holds (results before the review window count, so a pre-admission value can be the baseline). The 90-day
 * "presumed" baseline used in some epidemiology is not the default: KDIGO asks that the rise be known or
 * presumed to have happened within 7 days, and presuming it needs the clinical history a rule cannot read;
 * `baselineLookbackDays` makes it configurable.
 */
import type { ObservationPoint } from '../../record/patient-record';
import { DAY_MS, HOUR_MS } from '../../record/fhir-dates';
import { LOINC } from '../../terminology/loinc';
import type { RuleContext } from './types';

export const CREATININE_LOINC = [LOINC.CREATININE_SERUM, LOINC.CREATININE_BLOOD] as const;

/** The KDIGO 2012 creatinine criteria, as thresholds a rule may override. */
export const KDIGO_CREATININE_CRITERIA = {
  /** mg/dL: KDIGO absolute rise (26.5 µmol/L). */
  absoluteRise: 0.3,
  /** Hours within which the absolute rise counts (48 itself included). */
  absoluteRiseHours: 48,
  /** KDIGO relative rise: result / baseline at or above this. */
  relativeRise: 1.5,
  /** Days before the result in which the lowest creatinine is the baseline (KDIGO: 7). */
  baselineLookbackDays: 7,
};

export type KdigoCriteria = typeof KDIGO_CREATININE_CRITERIA;

export interface CreatinineRise {
  raised: ObservationPoint;
  /** The lowest result within 48 hours before, when the rise from it meets the absolute criterion. */
  absoluteFrom?: ObservationPoint;
  /** The baseline (lowest in the prior 7 days), when the ratio meets the relative criterion. */
  relativeFrom?: ObservationPoint;
}

function lowestBetween(points: readonly ObservationPoint[], fromMs: number, beforeMs: number): ObservationPoint | undefined {
  let lowest: ObservationPoint | undefined;
  for (const p of points) {
    if (p.timeMs < fromMs || p.timeMs >= beforeMs) continue;
    if (!lowest || p.value! < lowest.value!) lowest = p;
  }
  return lowest;
}

/** Creatinine is reported to 0.01 mg/dL: compare rises at that precision (26.5 µmol/L → 0.2997 → 0.30). */
export const toReportedPrecision = (mgPerDl: number) => Math.round(mgPerDl * 100) / 100;
/** Ratios are compared with a tolerance for floating point (1.8 / 1.2 must be 1.5). */
const RATIO_TOLERANCE = 1e-9;

/**
 * KDIGO 2012 creatinine criteria for one result: the rise from the lowest result within 48 hours, and
 * the ratio to the lowest result within the prior 7 days (`history`: results with a value).
 */
export function creatinineRiseAt(raised: ObservationPoint, history: readonly ObservationPoint[], t: KdigoCriteria): CreatinineRise {
  const rise: CreatinineRise = { raised };
  const within48h = lowestBetween(history, raised.timeMs - t.absoluteRiseHours * HOUR_MS, raised.timeMs);
  if (within48h && toReportedPrecision(raised.value! - within48h.value!) >= t.absoluteRise) rise.absoluteFrom = within48h;
  const baseline = lowestBetween(history, raised.timeMs - t.baselineLookbackDays * DAY_MS, raised.timeMs);
  if (baseline && baseline.value! > 0 && raised.value! / baseline.value! >= t.relativeRise - RATIO_TOLERANCE) rise.relativeFrom = baseline;
  return rise;
}

/** Every creatinine result with a value the record holds up to the window's end (earlier ones can be baselines). */
export function creatinineHistory(context: RuleContext): ObservationPoint[] {
  return context.record.observations(...CREATININE_LOINC).filter((p) => p.value !== undefined && p.timeMs <= context.window.endMs);
}

/** The creatinine results of the window that meet a KDIGO criterion, each with the results it rose from. */
export function creatinineRises(context: RuleContext, t: KdigoCriteria): CreatinineRise[] {
  const history = creatinineHistory(context);
  return context.observations(...CREATININE_LOINC)
    .filter((p) => p.value !== undefined)
    .map((p) => creatinineRiseAt(p, history, t))
    .filter((r) => r.absoluteFrom !== undefined || r.relativeFrom !== undefined);
}

/** A creatinine of the window at least `relativeRise` times a later result of the window, within the baseline days. */
export interface CreatinineFall {
  peak: ObservationPoint;
  /** The lowest later result within `baselineLookbackDays`: the baseline the peak is measured against. */
  nadir: ObservationPoint;
}

/**
 * Acute kidney injury recognized as it resolves: a creatinine of the window ≥ 1.5 times the lowest result of
 * the window in the 7 days after it. Without a prior result, KDIGO 2012 (chapter 2.4, Table 7, case F) infers
 * the baseline from the subsequent course: an injury present on admission that resolves under treatment shows
 * only this way. The query trigger does not read it (its behaviour predates this function).
 */
export function creatinineFalls(context: RuleContext, t: KdigoCriteria): CreatinineFall[] {
  const points = context.observations(...CREATININE_LOINC).filter((p) => p.value !== undefined);
  return points.flatMap((peak): CreatinineFall[] => {
    const nadir = lowestBetween(points, peak.timeMs + 1, peak.timeMs + t.baselineLookbackDays * DAY_MS + 1);
    return nadir && nadir.value! > 0 && peak.value! / nadir.value! >= t.relativeRise - RATIO_TOLERANCE ? [{ peak, nadir }] : [];
  });
}
