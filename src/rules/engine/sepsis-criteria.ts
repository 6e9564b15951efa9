/**
 * The sepsis criteria as the record can be read against them, shared by the sepsis query trigger
 * (rules/gaps/sepsis.ts) and the clinical validation of a documented sepsis (rules/validation/sepsis.ts):
 * - SIRS (ACCP/SCCM Consensus Conference, Bone et al., Chest 1992;101:1644): temperature > 38.0 °C or
 *   < 36.0 °C, heart rate > 90/min, respiratory rate > 20/min or PaCO2 < 32 mmHg, WBC > 12 or < 4 ×10³/µL
 *   (or > 10 % band forms, when a rule sets `bandsAbove`), at least two within one 24-hour period.
 * - Organ dysfunction (Sepsis-3, Singer et al., JAMA 2016;315:801, SOFA-derived): lactate, mean arterial
 *   pressure (measured, or calculated from one blood-pressure reading), platelets, bilirubin, creatinine (not
 *   counted when end-stage renal disease or dialysis is documented: a chronic baseline, not an acute change),
 *   Glasgow Coma Scale; each rule gives its own cut-offs.
 * - Vasopressors ordered or given (the Sepsis-3 septic shock criterion's treatment).
 * The measurements' LOINC codes live here once, so every rule reads the same results.
 */
import type { ObservationPoint } from '../../record/patient-record';
import { HOUR_MS } from '../../record/fhir-dates';
import { LOINC } from '../../terminology/loinc';
import { INFUSION_ONLY_VASOPRESSORS, VASOPRESSORS } from '../../terminology/medications';
import { SEPSIS_SNOMED } from '../../terminology/snomed';
import type { AbnormalValue } from './abnormal-values';
import { medicationsInWindow, type MedicationEvent } from './medication-events';
import type { FactKind, FactRange, RuleContext } from './types';

/** The LOINC codes of each measurement the sepsis criteria read. */
export const SEPSIS_MEASUREMENT_LOINC = {
  temperature: [LOINC.BODY_TEMPERATURE, LOINC.ORAL_TEMPERATURE],
  heartRate: [LOINC.HEART_RATE],
  respiratoryRate: [LOINC.RESPIRATORY_RATE],
  paco2: [LOINC.PACO2],
  wbc: [LOINC.LEUKOCYTES],
  bands: [LOINC.BANDS, LOINC.BANDS_MANUAL],
  lactate: [LOINC.LACTATE_PLASMA, LOINC.LACTATE_BLOOD],
  meanArterialPressure: [LOINC.MEAN_ARTERIAL_PRESSURE],
  platelets: [LOINC.PLATELETS],
  bilirubin: [LOINC.BILIRUBIN_TOTAL],
  creatinine: [LOINC.CREATININE_SERUM, LOINC.CREATININE_BLOOD],
  gcs: [LOINC.GCS_TOTAL],
} as const;

/** The SIRS criteria (ACCP/SCCM 1992), as thresholds a rule may override. */
export const SIRS_CRITERIA = {
  /** °C: above this, or below `temperatureBelow`, the temperature counts (38.0 itself does not). */
  temperatureAbove: 38.0,
  temperatureBelow: 36.0,
  /** /min */
  heartRateAbove: 90,
  /** /min */
  respiratoryRateAbove: 20,
  /** mmHg: PaCO2 below this counts with the respiratory criterion. */
  paco2Below: 32,
  /** ×10³/µL */
  wbcAbove: 12,
  wbcBelow: 4,
  /** Distinct SIRS criteria needed within `sirsWindowHours`. */
  sirsCriteriaNeeded: 2,
  sirsWindowHours: 24,
};

export type SirsThresholds = typeof SIRS_CRITERIA & {
  /** %: band forms above this count with the white-cell criterion; without it, bands are not read. */
  bandsAbove?: number;
};

/** Organ-dysfunction cut-offs (each rule chooses its own). */
export interface OrganDysfunctionThresholds {
  /** mmol/L */
  lactateAbove: number;
  /** mmHg */
  mapBelow: number;
  /** ×10³/µL */
  plateletsBelow: number;
  /** mg/dL */
  bilirubinAtLeast: number;
  /** mg/dL */
  creatinineAtLeast: number;
  gcsBelow: number;
}

/** An observed value beyond one criterion's limit; `excess` is how far beyond, to cite the most abnormal one. */
export interface CriterionValue extends AbnormalValue {
  /** The SIRS or organ-dysfunction criterion the value meets (several labels may share one). */
  criterion: string;
}

/**
 * A cut-off: whether a value is beyond it, and by how much; `range` is the limit as a fact's referenceRange
 * (an inclusive limit, ≥ 2 mg/dL, marked as such).
 */
export interface Cutoff {
  beyond(value: number): boolean;
  excess(value: number): number;
  range?: FactRange;
}

export const above = (limit: number, unit: string): Cutoff => ({ beyond: (v) => v > limit, excess: (v) => v - limit, range: { high: limit, unit } });
export const below = (limit: number, unit: string): Cutoff => ({ beyond: (v) => v < limit, excess: (v) => limit - v, range: { low: limit, unit } });
export const atLeast = (limit: number, unit: string): Cutoff =>
  ({ beyond: (v) => v >= limit, excess: (v) => v - limit, range: { high: limit, unit, inclusive: true } });
export const outside = (high: number, low: number, unit: string): Cutoff =>
  ({ beyond: (v) => v > high || v < low, excess: (v) => (v > high ? v - high : low - v), range: { low, high, unit } });

/** Observation points in the window whose value is beyond the cut-off; `kind` is what the cited fact is. */
export function abnormalPoints(
  context: RuleContext, loinc: readonly string[], criterion: string, label: string, limit: string, cutoff: Cutoff, kind: FactKind = 'result',
): CriterionValue[] {
  const range = cutoff.range ? { range: cutoff.range } : {};
  return context.observations(...loinc).flatMap((point) =>
    point.value !== undefined && cutoff.beyond(point.value) ? [{ criterion, label, limit, point, excess: cutoff.excess(point.value), kind, ...range }] : []);
}

/** The SIRS values beyond their limits (ACCP/SCCM 1992), each tagged with its criterion, oldest first. */
export function sirsValues(context: RuleContext, t: SirsThresholds): CriterionValue[] {
  const m = SEPSIS_MEASUREMENT_LOINC;
  return [
    ...abnormalPoints(context, m.temperature, 'temperature', 'temperature',
      `> ${t.temperatureAbove.toFixed(1)} or < ${t.temperatureBelow.toFixed(1)} °C`, outside(t.temperatureAbove, t.temperatureBelow, 'Cel'), 'vital-sign'),
    ...abnormalPoints(context, m.heartRate, 'heart rate', 'heart rate', `> ${t.heartRateAbove}/min`, above(t.heartRateAbove, '/min'), 'vital-sign'),
    ...abnormalPoints(context, m.respiratoryRate, 'respiratory', 'respiratory rate', `> ${t.respiratoryRateAbove}/min`,
      above(t.respiratoryRateAbove, '/min'), 'vital-sign'),
    ...abnormalPoints(context, m.paco2, 'respiratory', 'PaCO2', `< ${t.paco2Below} mmHg`, below(t.paco2Below, 'mm[Hg]')),
    ...abnormalPoints(context, m.wbc, 'white blood cells', 'WBC', `> ${t.wbcAbove} or < ${t.wbcBelow} ×10³/µL`,
      outside(t.wbcAbove, t.wbcBelow, '10*3/uL')),
    ...(t.bandsAbove === undefined ? [] : abnormalPoints(context, m.bands, 'white blood cells', 'band forms', `> ${t.bandsAbove} %`, above(t.bandsAbove, '%'))),
  ].sort((a, b) => a.point.timeMs - b.point.timeMs);
}

/** Every run of SIRS values, from one value through the next `sirsWindowHours`, that holds enough distinct criteria. */
export function sirsEpisodes(values: readonly CriterionValue[], t: SirsThresholds): CriterionValue[][] {
  const windowMs = t.sirsWindowHours * HOUR_MS;
  const episodes: CriterionValue[][] = [];
  for (const anchor of values) {
    const span = values.filter((v) => v.point.timeMs >= anchor.point.timeMs && v.point.timeMs - anchor.point.timeMs <= windowMs);
    if (new Set(span.map((v) => v.criterion)).size >= t.sirsCriteriaNeeded) episodes.push(span);
  }
  return episodes;
}

/** A mean arterial pressure of the window: measured (8478-0), or calculated from one blood-pressure reading. */
export interface MeanArterialPressure {
  /** The measured point, or the systolic point carrying the calculated value (rounded to 1 mmHg). */
  point: ObservationPoint;
  /** The unrounded value, compared with the limits. */
  value: number;
  /** `calculated from 92/40 mmHg`, when calculated. */
  calculated?: string;
}

/**
 * Mean arterial pressures in the window: measured (8478-0), or else computed as (SBP + 2 × DBP) / 3 from the
 * systolic and diastolic values of one blood-pressure reading (most records chart only those).
 */
export function meanArterialPressures(context: RuleContext): MeanArterialPressure[] {
  const measuredPoints = context.observations(...SEPSIS_MEASUREMENT_LOINC.meanArterialPressure).filter((p) => p.value !== undefined);
  const measuredTimes = new Set(context.observations(...SEPSIS_MEASUREMENT_LOINC.meanArterialPressure).map((p) => p.timeMs));
  const diastolic = context.observations(LOINC.DIASTOLIC_BP);
  const computed = context.observations(LOINC.SYSTOLIC_BP).flatMap((sbp): MeanArterialPressure[] => {
    if (sbp.value === undefined || measuredTimes.has(sbp.timeMs)) return [];
    const dbp = diastolic.find((d) => d.observation === sbp.observation);
    if (dbp?.value === undefined) return [];
    const map = (sbp.value + 2 * dbp.value) / 3;
    return [{ point: { ...sbp, value: Math.round(map) }, value: map, calculated: `calculated from ${Math.round(sbp.value)}/${Math.round(dbp.value)} mmHg` }];
  });
  return [...measuredPoints.map((point) => ({ point, value: point.value! })), ...computed];
}

/** Mean arterial pressures below the limit, as criterion values (a calculated one says how it was calculated). */
export function lowMeanArterialPressures(context: RuleContext, mapBelow: number): CriterionValue[] {
  const limit = `< ${mapBelow} mmHg`;
  const { range } = below(mapBelow, 'mm[Hg]');
  return meanArterialPressures(context).filter((m) => m.value < mapBelow).map((m): CriterionValue => ({
    criterion: 'map', label: 'mean arterial pressure', limit, point: m.point, excess: mapBelow - m.value,
    ...(m.calculated ? { note: m.calculated } : {}), kind: 'vital-sign', range,
  }));
}

/** Whether the record documents dialysis-dependent kidney failure: creatinine then is not an organ-dysfunction marker. */
export function creatinineIsChronic(context: RuleContext): boolean {
  return context.isDocumented({ icd10: ['N18.6', 'Z99.2'], snomed: [SEPSIS_SNOMED.END_STAGE_RENAL_DISEASE] });
}

/** Sepsis-3 organ-dysfunction results (SOFA-derived cut-offs); creatinine is skipped when ESRD or dialysis is documented. */
export function organDysfunction(context: RuleContext, t: OrganDysfunctionThresholds): CriterionValue[] {
  const m = SEPSIS_MEASUREMENT_LOINC;
  return [
    ...abnormalPoints(context, m.lactate, 'lactate', 'lactate', `> ${t.lactateAbove} mmol/L`, above(t.lactateAbove, 'mmol/L')),
    ...lowMeanArterialPressures(context, t.mapBelow),
    ...abnormalPoints(context, m.platelets, 'platelets', 'platelets', `< ${t.plateletsBelow} ×10³/µL`, below(t.plateletsBelow, '10*3/uL')),
    ...abnormalPoints(context, m.bilirubin, 'bilirubin', 'bilirubin', `≥ ${t.bilirubinAtLeast} mg/dL`, atLeast(t.bilirubinAtLeast, 'mg/dL')),
    ...(creatinineIsChronic(context) ? [] : abnormalPoints(context, m.creatinine, 'creatinine', 'creatinine',
      `≥ ${t.creatinineAtLeast} mg/dL`, atLeast(t.creatinineAtLeast, 'mg/dL'))),
    ...abnormalPoints(context, m.gcs, 'gcs', 'Glasgow Coma Scale', `< ${t.gcsBelow}`, below(t.gcsBelow, '{score}'), 'assessment'),
  ];
}

/** Local anesthetic combinations carry epinephrine as a vasoconstrictor, never as a pressor. */
const LOCAL_ANESTHETIC = /\b(lidocaine|bupivacaine|articaine|prilocaine|mepivacaine|ropivacaine)\b/i;
const INFUSION_TEXT = /\b(infusion|drip|continuous|titrate|mcg\/kg\/min|mcg\/min|microgram\/kg\/min)\b/i;

/**
 * Whether an epinephrine or phenylephrine order is an infusion: a dose rate, or infusion wording in the product or
 * dosage text; local-anesthetic combinations never are.
 */
function isInfusion(event: MedicationEvent): boolean {
  const r = event.resource;
  const dosages = r.resourceType === 'MedicationRequest' ? r.dosageInstruction ?? [] : [];
  const rated = dosages.some((d) => (d.doseAndRate ?? []).some((dr) => dr.rateQuantity || dr.rateRatio || dr.rateRange)) ||
    (r.resourceType === 'MedicationAdministration' && Boolean(r.dosage?.rateQuantity || r.dosage?.rateRatio));
  const texts = [event.name, ...dosages.map((d) => d.text ?? ''), r.resourceType === 'MedicationAdministration' ? r.dosage?.text ?? '' : ''];
  return !LOCAL_ANESTHETIC.test(event.name) && (rated || texts.some((text) => INFUSION_TEXT.test(text)));
}

/**
 * Vasopressors ordered or given in the window: norepinephrine, vasopressin, dopamine and the like, and
 * epinephrine or phenylephrine only as an infusion (a bolus or a local-anesthetic combination is not a pressor).
 */
export function vasopressorsInWindow(context: RuleContext): MedicationEvent[] {
  return [
    ...medicationsInWindow(context, VASOPRESSORS),
    ...medicationsInWindow(context, INFUSION_ONLY_VASOPRESSORS).filter(isInfusion),
  ];
}
