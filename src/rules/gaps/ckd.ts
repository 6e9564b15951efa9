/**
 * CKD stage query trigger: chronic kidney disease documented without a stage while eGFR results give one.
 *
 * Criteria: KDIGO 2012 Clinical Practice Guideline for the Evaluation and Management of CKD (Kidney Int
 * Suppl 2013;3:1-150), chapter 1: CKD is an abnormality present for more than 3 months, and the GFR
 * category is G1 ≥ 90, G2 60–89, G3a 45–59, G3b 30–44, G4 15–29, G5 < 15 mL/min/1.73 m². The category
 * must persist: at least two eGFR results 90 days or more apart in the same category, with no result in
 * another category between them. The most recent such pair stages the disease, and its later result must
 * fall within a year of the review window's end (KDIGO monitors GFR at least yearly in CKD).
 * eGFR history is read from the whole record up to the window's end: CKD is chronic.
 * G1 is not suggested: G1 needs a marker of kidney damage, which an eGFR alone cannot show.
 * ICD-10-CM (Official Guidelines I.C.14.a): N18.2, N18.31, N18.32, N18.4, N18.5; N18.6 End stage renal
 * disease when the patient is dialysis-dependent (with Z99.2).
 */
import type { ObservationPoint } from '../../record/patient-record';
import { DAY_MS, formatFhirDateTime } from '../../record/fhir-dates';
import { CKD_STAGED, CKD_UNSTAGED, DIALYSIS_DEPENDENCE } from '../../terminology/diagnoses';
import { LOINC } from '../../terminology/loinc';
import { ckdStageOption, withStandardOptions } from '../engine/answer-options';
import { dialysisEvents } from '../engine/dialysis';
import { capitalize, encounterOf, latestTime, referencesOf } from '../engine/evidence';
import { describeFact, describeFacts, documentingConditionFacts, resultFact, statedFact } from '../engine/facts';
import type { AnswerOption, Rule } from '../engine/types';

const EGFR = [LOINC.EGFR_MDRD, LOINC.EGFR_NON_BLACK, LOINC.EGFR_CKD_EPI_2021];

export const CKD_STAGE_THRESHOLDS = {
  /** Lower eGFR limits (mL/min/1.73 m²) of the KDIGO G categories. */
  g1From: 90,
  g2From: 60,
  g3aFrom: 45,
  g3bFrom: 30,
  g4From: 15,
  /** Days between two results of the same category (KDIGO: more than 3 months). */
  persistenceDays: 90,
  /** The later result of the pair must be this recent, counted back from the window's end. */
  latestWithinDays: 365,
  /** A dialysis procedure this many days before the window's end marks dialysis dependence. */
  dialysisLookbackDays: 90,
};

type CkdThresholds = typeof CKD_STAGE_THRESHOLDS;

interface Category {
  name: 'G1' | 'G2' | 'G3a' | 'G3b' | 'G4' | 'G5';
  range: string;
  /** The stage code, none for G1. */
  option?: AnswerOption;
}

/** KDIGO 2012 GFR category of one eGFR value and the ICD-10-CM stage it maps to. */
function categoryOf(egfr: number, t: CkdThresholds): Category {
  if (egfr >= t.g1From) return { name: 'G1', range: `≥ ${t.g1From}` };
  if (egfr >= t.g2From) return { name: 'G2', range: `${t.g2From}–${t.g1From - 1}`, option: ckdStageOption('N18.2') };
  if (egfr >= t.g3aFrom) return { name: 'G3a', range: `${t.g3aFrom}–${t.g2From - 1}`, option: ckdStageOption('N18.31') };
  if (egfr >= t.g3bFrom) return { name: 'G3b', range: `${t.g3bFrom}–${t.g3aFrom - 1}`, option: ckdStageOption('N18.32') };
  if (egfr >= t.g4From) return { name: 'G4', range: `${t.g4From}–${t.g3bFrom - 1}`, option: ckdStageOption('N18.4') };
  return { name: 'G5', range: `< ${t.g4From}`, option: ckdStageOption('N18.5') };
}

const END_STAGE: AnswerOption = ckdStageOption('N18.6');

interface PersistentCategory {
  category: Category;
  /** The results from the earlier to the later of the pair, all in the category, oldest first. */
  run: ObservationPoint[];
  /** Results after the pair (in other categories, not yet persistent), oldest first. */
  later: ObservationPoint[];
}

/**
 * The most recent KDIGO category that persisted. Consecutive results in one category form a run; a run
 * persists when its last result is at least `persistenceDays` after an earlier result of the run (so no
 * result in another category lies between the pair). The latest persistent run wins.
 */
function persistentCategory(points: readonly ObservationPoint[], t: CkdThresholds): PersistentCategory | undefined {
  const runs: Array<{ category: Category; points: ObservationPoint[] }> = [];
  for (const point of points) {
    const category = categoryOf(point.value!, t);
    const last = runs[runs.length - 1];
    if (last && last.category.name === category.name) last.points.push(point);
    else runs.push({ category, points: [point] });
  }
  for (let i = runs.length - 1; i >= 0; i--) {
    const { category, points: run } = runs[i]!;
    const lastOfRun = run[run.length - 1]!;
    const persistedSince = run.filter((p) => lastOfRun.timeMs - p.timeMs >= t.persistenceDays * DAY_MS).pop();
    if (persistedSince) {
      return { category, run: run.slice(run.indexOf(persistedSince)), later: runs.slice(i + 1).flatMap((r) => r.points) };
    }
  }
  return undefined;
}

export const ckdStageUnspecified: Rule<CkdThresholds> = {
  id: 'ckd/stage-unspecified',
  title: 'CKD documented without a stage while eGFR results give one',
  category: 'documentation-gap',
  severity: 'medium',
  rationale: 'Two eGFR results 90 days or more apart in one KDIGO 2012 GFR category stage chronic kidney disease, so an unstaged CKD diagnosis (N18.9) is a query trigger for the stage (N18.2–N18.6).',
  thresholds: CKD_STAGE_THRESHOLDS,
  evaluate(context, t) {
    if (!context.isCoded(CKD_UNSTAGED) || context.isDocumented(CKD_STAGED)) return [];
    const { endMs, label } = context.window;
    const history = context.record.observations(...EGFR).filter((p) => p.value !== undefined && p.timeMs <= endMs);
    const persistent = persistentCategory(history, t);
    const stage = persistent?.category.option;
    if (!persistent || !stage) return [];
    const { category, run, later } = persistent;
    const first = run[0]!;
    const last = run[run.length - 1]!;
    if (endMs - last.timeMs > t.latestWithinDays * DAY_MS) return [];

    const dialysis = dialysisEvents(context).filter((d) => d.timeMs <= endMs && d.timeMs >= endMs - t.dialysisLookbackDays * DAY_MS);
    const dialysisDependent = category.name === 'G5' && (context.isDocumented(DIALYSIS_DEPENDENCE) || dialysis.length > 0);
    const options = dialysisDependent ? [END_STAGE, stage] : [stage];
    const days = Math.round((last.timeMs - first.timeMs) / DAY_MS);
    const between = run.length > 2 ? ` (${run.length - 2} result${run.length > 3 ? 's' : ''} between, in the same category)` : '';
    // The results between the pair are cited as evidence, not stated one by one: they are not facts.
    const unstaged = documentingConditionFacts(context.documentedDiagnoses(CKD_UNSTAGED), 'chronic kidney disease');
    const pair = [resultFact('eGFR', first), resultFact('eGFR', last)];
    const laterResults = later.map((p) => resultFact('eGFR', p));
    const lastDialysis = dialysis[dialysis.length - 1];
    const dialysisFact = dialysisDependent && lastDialysis ? statedFact('procedure', 'dialysis', lastDialysis.reference, { time: lastDialysis.time }) : undefined;
    const dialysisSentence = dialysisFact ? ` ${capitalize(dialysisFact.label)} performed on ${formatFhirDateTime(dialysisFact.time!)}.`
      : dialysisDependent ? ' Dialysis dependence is documented.' : '';
    const laterSentence = laterResults.length > 0 ? ` Later result${laterResults.length > 1 ? 's' : ''}: ${describeFacts(laterResults)}.` : '';
    const cited = [...run, ...later];
    return [{
      facts: [...unstaged, ...pair, ...laterResults, ...(dialysisFact ? [dialysisFact] : [])],
      summary: `Chronic kidney disease is documented without a stage. ${describeFact(pair[0]!)} and ${describeFact(pair[1]!)}, ${days} days apart${between}, both in KDIGO GFR category ${category.name} (${category.range} mL/min/1.73 m²).${laterSentence}${dialysisSentence} No staged CKD diagnosis is documented for ${label}.`,
      evidence: [...referencesOf(cited), ...unstaged.map((f) => f.reference), ...(dialysisDependent ? dialysis.map((d) => d.reference) : [])],
      suspectedCondition: options[0]!.icd10,
      encounter: encounterOf(cited),
      observedAt: latestTime(cited),
      answerOptions: withStandardOptions(options, { notSignificant: false }),
    }];
  },
};
