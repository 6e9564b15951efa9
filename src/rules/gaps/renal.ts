/**
 * Acute kidney injury query trigger.
 *
 * Criteria: KDIGO Clinical Practice Guideline for Acute Kidney Injury (Kidney Int Suppl 2012;2:1-138),
 * creatinine criteria of section 2.1.1: serum creatinine rising by ≥ 0.3 mg/dL (≥ 26.5 µmol/L) within
 * 48 hours, or to ≥ 1.5 times baseline when the increase is known to have occurred within the prior 7 days.
 * (The urine-output criterion needs hourly urine volumes and weight, which FHIR records rarely hold.)
 *
 * Baseline: the lowest creatinine in the 7 days before the raised result, taken from everything the record
 * holds (results before the review window count, so a pre-admission value can be the baseline). The
 * 90-day "presumed" baseline used in some epidemiology was not chosen as the default: KDIGO asks that the
 * rise be known or presumed to have happened within 7 days, and presuming it needs the clinical history a
 * rule cannot read; a 90-day baseline would also flag slow CKD progression. `baselineLookbackDays` makes it
 * configurable for organizations that want it.
 *
 * Excluded: dialysis-dependent end-stage kidney disease (creatinine then reflects dialysis, not kidney
 * function): N18.6 / Z99.2 / Z49 / Z91.15 or the SNOMED CT equivalents documented, or a dialysis procedure
 * in the 90 days up to the reference creatinine. Dialysis started after the creatinine rose may be the
 * treatment of the injury and does not silence the rule.
 * ICD-10-CM: N17.9 Acute kidney failure, unspecified; N17.0 only when acute tubular necrosis is documented.
 */
import type { ObservationPoint } from '../../record/patient-record';
import { DAY_MS, HOUR_MS } from '../../record/fhir-dates';
import { isRefutedOrEnteredInError } from '../../record/statuses';
import { DIALYSIS_DEPENDENCE } from '../../terminology/diagnoses';
import { LOINC } from '../../terminology/loinc';
import { AKI_SNOMED, SNOMED } from '../../terminology/snomed';
import { withStandardOptions } from '../engine/answer-options';
import { dialysisEvents, type DialysisEvent } from '../engine/dialysis';
import { capitalize, encounterOf, latestTime, referencesOf } from '../engine/evidence';
import { describeFact, resultFact } from '../engine/facts';
import type { AnswerOption, DiagnosisTarget, Fact, Rule, RuleContext } from '../engine/types';

const CREATININE = [LOINC.CREATININE_SERUM, LOINC.CREATININE_BLOOD];

/** Every code that documents AKI: N17.- (and the postprocedural / postpartum kidney failure codes). */
export const AKI_DOCUMENTED: DiagnosisTarget = {
  // N99.0 Postprocedural (acute) (chronic) kidney failure; O90.4- Postpartum acute kidney failure.
  icd10: ['N17', 'N99.0', 'O90.4'],
  snomed: [SNOMED.ACUTE_KIDNEY_INJURY, ...Object.values(AKI_SNOMED)],
};

export const AKI_THRESHOLDS = {
  /** mg/dL: KDIGO absolute rise (26.5 µmol/L). */
  absoluteRise: 0.3,
  /** Hours within which the absolute rise counts (48 itself included). */
  absoluteRiseHours: 48,
  /** KDIGO relative rise: result / baseline at or above this. */
  relativeRise: 1.5,
  /** Days before the result in which the lowest creatinine is the baseline (KDIGO: 7). */
  baselineLookbackDays: 7,
  /** A dialysis procedure this many days before the reference creatinine marks dialysis dependence. */
  dialysisLookbackDays: 90,
};

type AkiThresholds = typeof AKI_THRESHOLDS;

interface Rise {
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
const toReportedPrecision = (mgPerDl: number) => Math.round(mgPerDl * 100) / 100;
/** Ratios are compared with a tolerance for floating point (1.8 / 1.2 must be 1.5). */
const RATIO_TOLERANCE = 1e-9;

/**
 * KDIGO 2012 creatinine criteria for one result: the rise from the lowest result within 48 hours, and
 * the ratio to the lowest result within the prior 7 days.
 */
function riseAt(raised: ObservationPoint, all: readonly ObservationPoint[], t: AkiThresholds): Rise {
  const rise: Rise = { raised };
  const within48h = lowestBetween(all, raised.timeMs - t.absoluteRiseHours * HOUR_MS, raised.timeMs);
  if (within48h && toReportedPrecision(raised.value! - within48h.value!) >= t.absoluteRise) rise.absoluteFrom = within48h;
  const baseline = lowestBetween(all, raised.timeMs - t.baselineLookbackDays * DAY_MS, raised.timeMs);
  if (baseline && baseline.value! > 0 && raised.value! / baseline.value! >= t.relativeRise - RATIO_TOLERANCE) rise.relativeFrom = baseline;
  return rise;
}

/** Dialysis before the reference creatinine: the creatinine then reflects dialysis, not kidney function. */
function afterDialysis(rise: Rise, dialysis: readonly DialysisEvent[], t: AkiThresholds): boolean {
  const references = [rise.absoluteFrom, rise.relativeFrom].filter((p): p is ObservationPoint => p !== undefined);
  const earliest = Math.min(...references.map((p) => p.timeMs));
  return dialysis.some((d) => d.timeMs <= earliest && d.timeMs >= earliest - t.dialysisLookbackDays * DAY_MS);
}

/** A diagnosis of acute tubular necrosis written as text only (no code the engine matches). */
function tubularNecrosisInText(context: RuleContext): boolean {
  return context.record.byType('Condition').some((c) =>
    !isRefutedOrEnteredInError(c) &&
    [c.code?.text, ...(c.code?.coding ?? []).map((coding) => coding.display)].some((text) => /tubular necrosis/i.test(text ?? '')));
}

/** The creatinine results a rise cites, as facts. */
interface RiseFacts {
  raised: Fact;
  absoluteFrom?: Fact;
  relativeFrom?: Fact;
}

/**
 * The creatinine results a rise cites, as facts: the raised result, then the reference of the absolute rise
 * and the baseline of the relative one (once when they are the same result). The KDIGO criteria are rises
 * from these results, not a fixed limit, so the facts carry no reference range.
 */
function riseFacts(rise: Rise): RiseFacts {
  const raised = resultFact('creatinine', rise.raised);
  const absoluteFrom = rise.absoluteFrom && resultFact('creatinine', rise.absoluteFrom);
  const relativeFrom = rise.relativeFrom === rise.absoluteFrom ? absoluteFrom : rise.relativeFrom && resultFact('creatinine', rise.relativeFrom);
  return { raised, absoluteFrom, relativeFrom };
}

/** `Creatinine 1.3 mg/dL on …: 0.3 mg/dL above creatinine 1 mg/dL on …, 24 hours earlier (KDIGO …); …` */
function describeRise(rise: Rise, facts: RiseFacts, t: AkiThresholds): string {
  const parts: string[] = [];
  if (rise.absoluteFrom && facts.absoluteFrom) {
    const delta = toReportedPrecision(rise.raised.value! - rise.absoluteFrom.value!);
    const hours = Math.round((rise.raised.timeMs - rise.absoluteFrom.timeMs) / HOUR_MS);
    parts.push(`${delta} mg/dL above ${describeFact(facts.absoluteFrom)}, ${hours} hours earlier (KDIGO: rise ≥ ${t.absoluteRise} mg/dL within ${t.absoluteRiseHours} hours)`);
  }
  if (rise.relativeFrom && facts.relativeFrom) {
    const ratio = Math.round((rise.raised.value! / rise.relativeFrom.value!) * 100) / 100;
    parts.push(`${ratio} times the lowest result of the prior ${t.baselineLookbackDays} days, ${describeFact(facts.relativeFrom)} (KDIGO: ≥ ${t.relativeRise} times baseline within ${t.baselineLookbackDays} days)`);
  }
  return `${capitalize(describeFact(facts.raised))}: ${parts.join('; ')}.`;
}

export const acuteKidneyInjury: Rule<AkiThresholds> = {
  id: 'renal/acute-kidney-injury',
  title: 'Creatinine rise meeting KDIGO AKI criteria without an AKI diagnosis',
  category: 'documentation-gap',
  severity: 'high',
  rationale: 'A serum creatinine rise of ≥ 0.3 mg/dL within 48 hours or to ≥ 1.5 times baseline within 7 days meets the KDIGO 2012 definition of acute kidney injury (N17.-), a query trigger when no diagnosis documents it.',
  thresholds: AKI_THRESHOLDS,
  evaluate(context, t) {
    if (context.isDocumented(AKI_DOCUMENTED) || context.isDocumented(DIALYSIS_DEPENDENCE)) return [];
    const history = context.record.observations(...CREATININE).filter((p) => p.value !== undefined && p.timeMs <= context.window.endMs);
    const dialysis = dialysisEvents(context);
    const rises = context.observations(...CREATININE)
      .filter((p) => p.value !== undefined)
      .map((p) => riseAt(p, history, t))
      .filter((r) => (r.absoluteFrom || r.relativeFrom) && !afterDialysis(r, dialysis, t));
    if (rises.length === 0) return [];
    // The peak (latest among equal peaks) is the most informative rise to cite.
    const peak = rises.reduce((best, r) => (r.raised.value! >= best.raised.value! ? r : best));
    const points = [peak.absoluteFrom, peak.relativeFrom, peak.raised]
      .filter((p): p is ObservationPoint => p !== undefined)
      .sort((a, b) => a.timeMs - b.timeMs);
    const diagnoses: AnswerOption[] = [{ text: 'Acute kidney failure, unspecified', icd10: 'N17.9' }];
    if (tubularNecrosisInText(context)) diagnoses.push({ text: 'Acute kidney failure with tubular necrosis', icd10: 'N17.0' });
    const facts = riseFacts(peak);
    return [{
      facts: [...new Set([facts.raised, facts.absoluteFrom, facts.relativeFrom])].filter((f): f is Fact => f !== undefined),
      summary: `${describeRise(peak, facts, t)} No acute kidney injury diagnosis is documented for ${context.window.label}.`,
      evidence: referencesOf(points),
      suspectedCondition: 'N17.9',
      encounter: encounterOf(points),
      observedAt: latestTime(points),
      answerOptions: withStandardOptions(diagnoses),
    }];
  },
};
