/**
 * Acute kidney injury query trigger.
 *
 * Criteria: KDIGO Clinical Practice Guideline for Acute Kidney Injury (Kidney Int Suppl 2012;2:1-138),
 * creatinine criteria of section 2.1.1: serum creatinine rising by ≥ 0.3 mg/dL (≥ 26.5 µmol/L) within
 * 48 hours, or to ≥ 1.5 times baseline when the increase is known to have occurred within the prior 7 days.
 * (The urine-output criterion needs hourly urine volumes and weight, which FHIR records rarely hold.)
 *
 * Baseline: the lowest creatinine in the 7 days before the raised result, pre-admission results included
 * (the KDIGO reading, and why 7 days rather than a 90-day presumed baseline, is engine/kdigo.ts, shared with
 * the clinical validation of a documented AKI).
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
import { AKI_SNOMED, SNOMED } from '../../terminology/snomed';
import { withStandardOptions } from '../engine/answer-options';
import { dialysisEvents, type DialysisEvent } from '../engine/dialysis';
import { capitalize, encounterOf, latestTime, referencesOf } from '../engine/evidence';
import { describeFact, resultFact } from '../engine/facts';
import { creatinineRises, KDIGO_CREATININE_CRITERIA, toReportedPrecision, type CreatinineRise } from '../engine/kdigo';
import type { AnswerOption, DiagnosisTarget, Fact, Rule, RuleContext } from '../engine/types';

/** Every code that documents AKI: N17.- (and the postprocedural / postpartum kidney failure codes). */
export const AKI_DOCUMENTED: DiagnosisTarget = {
  // N99.0 Postprocedural (acute) (chronic) kidney failure; O90.4- Postpartum acute kidney failure.
  icd10: ['N17', 'N99.0', 'O90.4'],
  snomed: [SNOMED.ACUTE_KIDNEY_INJURY, ...Object.values(AKI_SNOMED)],
};

export const AKI_THRESHOLDS = {
  ...KDIGO_CREATININE_CRITERIA,
  /** A dialysis procedure this many days before the reference creatinine marks dialysis dependence. */
  dialysisLookbackDays: 90,
};

type AkiThresholds = typeof AKI_THRESHOLDS;

/** Dialysis before the reference creatinine: the creatinine then reflects dialysis, not kidney function. */
function afterDialysis(rise: CreatinineRise, dialysis: readonly DialysisEvent[], t: AkiThresholds): boolean {
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
function riseFacts(rise: CreatinineRise): RiseFacts {
  const raised = resultFact('creatinine', rise.raised);
  const absoluteFrom = rise.absoluteFrom && resultFact('creatinine', rise.absoluteFrom);
  const relativeFrom = rise.relativeFrom === rise.absoluteFrom ? absoluteFrom : rise.relativeFrom && resultFact('creatinine', rise.relativeFrom);
  return { raised, absoluteFrom, relativeFrom };
}

/** `Creatinine 1.3 mg/dL on …: 0.3 mg/dL above creatinine 1 mg/dL on …, 24 hours earlier (KDIGO …); …` */
function describeRise(rise: CreatinineRise, facts: RiseFacts, t: AkiThresholds): string {
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
    const dialysis = dialysisEvents(context);
    const rises = creatinineRises(context, t).filter((r) => !afterDialysis(r, dialysis, t));
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
