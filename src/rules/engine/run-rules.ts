/**
 * runRules: evaluates rules against a PatientRecord for one review window and returns deduplicated,
 * sorted findings. Pure: the clock comes in as `now`, nothing is fetched, nothing is mutated.
 */
import type { CodeableConcept, Condition, Encounter, Reference, Resource } from 'fhir/r4';
import type { PatientRecord } from '../../record/patient-record';
import { isClinicallyCurrent, isRefutedOrEnteredInError } from '../../record/statuses';
import { SYSTEM } from '../../terminology/systems';
import { undottedIcd10, type Icd10CmTable } from '../../terminology/icd10cm/icd10cm-table';
import { hasIcd10CmPrefix } from '../../terminology/icd10cm-codings';
import { icd10ForSnomed } from '../../terminology/snomed-icd10cm';
import type { DiagnosisTarget, DocumentedDiagnosis, Finding, FindingDraft, NoteMentionIn, ReviewWindow, Rule, RuleContext, Severity } from './types';
import { findingId } from './finding-id';
import { describeFact, mergeFacts, noteFact } from './facts';
import { ageInYears, DAY_MS, fhirTimeMs, parseFhirDateTime } from '../../record/fhir-dates';
import { noteAnalysis, notesOfReview, type ClinicalNote } from '../../notes/clinical-notes';
import type { MentionedDiagnosis } from '../../notes/types';

export interface RunOptions {
  now: Date;
  /** The launch encounter: its period is the review window. */
  encounterId?: string;
  /**
   * The review window when there is no encounter (or it has no period): e.g. the 12 months to the patient's
   * latest activity, or the whole record (src/review/scope.ts). Default: the 12 months to `now`.
   */
  window?: ReviewWindow;
  /** Threshold overrides by rule id. */
  thresholds?: Record<string, object>;
  /** The ICD-10-CM table, for the coding checks (loaded by the caller: it is large and loads lazily). */
  icd10cm?: Icd10CmTable;
}

/** Look-back when there is no launch encounter (or it has no period). */
export const DEFAULT_LOOKBACK_DAYS = 365;

const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

function reviewWindow(encounter: Encounter | undefined, nowMs: number, fallback: ReviewWindow | undefined): ReviewWindow {
  const start = parseFhirDateTime(encounter?.period?.start);
  if (encounter && start) {
    // An end given as a date covers that whole day.
    const end = parseFhirDateTime(encounter.period?.end);
    return { startMs: start.ms, endMs: end ? end.endMs : nowMs, label: 'this encounter' };
  }
  return fallback ?? { startMs: nowMs - DEFAULT_LOOKBACK_DAYS * DAY_MS, endMs: nowMs, label: 'the last 12 months' };
}

/**
 * Whether a coded concept names the target diagnosis: ICD-10-CM by prefix; SNOMED CT by code, or by the
 * ICD-10-CM code the curated map gives it (terminology/snomed-icd10cm.ts), so a SNOMED-only diagnosis
 * documents its ICD-10-CM category as an ICD-10-CM coding would.
 */
export function conceptMatches(concept: CodeableConcept | undefined, target: DiagnosisTarget): boolean {
  const hasPrefix = (code: string) => hasIcd10CmPrefix(code, target.icd10);
  return (concept?.coding ?? []).some((coding) => {
    if (!coding.code) return false;
    if (coding.system === SYSTEM.ICD10CM) return hasPrefix(coding.code);
    if (coding.system !== SYSTEM.SNOMED) return false;
    if (target.snomed.includes(coding.code)) return true;
    const mapped = icd10ForSnomed(coding.code);
    return mapped !== undefined && hasPrefix(mapped);
  });
}

/** Whether a diagnosis a note names is the target: its ICD-10-CM code by the target's prefixes, or its SNOMED CT concept. */
export function mentionMatches(diagnosis: MentionedDiagnosis, target: DiagnosisTarget): boolean {
  return hasIcd10CmPrefix(diagnosis.icd10, target.icd10) || (diagnosis.snomed !== undefined && target.snomed.includes(diagnosis.snomed));
}

/**
 * Whether a note's diagnosis is what a finding asks about: the same code, one more or less specific, or the
 * same subcategory (`I50.20` for a finding offering I50.21–I50.23). Categories alone are too broad (E87.1
 * hyponatremia and E87.6 hypokalemia share E87).
 */
function isAbout(diagnosis: MentionedDiagnosis, finding: UnnamedFinding): boolean {
  const mentioned = undottedIcd10(diagnosis.icd10);
  const asked = [finding.suspectedCondition, ...finding.answerOptions.map((o) => o.icd10)].flatMap((c) => (c ? [undottedIcd10(c)] : []));
  return asked.some((code) => code.startsWith(mentioned) || mentioned.startsWith(code) || (code.length >= 4 && mentioned.length >= 4 && code.slice(0, 4) === mentioned.slice(0, 4)));
}

/**
 * A documentation gap cites what the review's notes say of its diagnosis without documenting it: a sentence
 * that is uncertain ("possible sepsis", which may itself warrant the query) or negates it ("no evidence of
 * AKI": documentation in conflict with the indicators).
 */
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function withNoteContext(finding: UnnamedFinding, context: RuleContext): UnnamedFinding {
  if (finding.category !== 'documentation-gap') return finding;
  const said = context.noteMentions()
    .filter(({ mention }) => (mention.assertion === 'uncertain' || mention.assertion === 'negated') && isAbout(mention.diagnosis, finding));
  if (said.length === 0) return finding;
  const facts = said.map(noteFact);
  const quoted = facts.map((f) => ` ${capitalized(describeFact(f))}.`).join('');
  return {
    ...finding, summary: `${finding.summary}${quoted}`,
    facts: mergeFacts(finding.facts, facts), evidence: [...new Set([...finding.evidence, ...facts.map((f) => f.reference)])],
  };
}

function createContext(record: PatientRecord, options: RunOptions): RuleContext {
  const nowMs = options.now.getTime();
  const encounter = options.encounterId
    ? record.byType('Encounter').find((e) => e.id === options.encounterId)
    : undefined;
  const window = reviewWindow(encounter, nowMs, options.window);
  const inWindow = (iso: string | undefined) => {
    const ms = parseFhirDateTime(iso)?.ms ?? NaN;
    return !Number.isNaN(ms) && ms >= window.startMs && ms <= window.endMs;
  };
  const conditions = record.byType('Condition').filter((c) => !isRefutedOrEnteredInError(c));
  // A refuted or entered-in-error Condition documents nothing, also when an encounter or a claim cites it.
  const referencedCondition = (reference: Reference | undefined) => {
    const found = record.resolve(reference);
    return found?.resourceType === 'Condition' && !isRefutedOrEnteredInError(found as Condition) ? (found as Condition) : undefined;
  };

  // What documents diagnoses, gathered once per review: each coded diagnosis with the resource stating it.
  let documenting: DocumentedDiagnosis[] | undefined;
  const documentingDiagnoses = (): DocumentedDiagnosis[] => {
    if (documenting) return documenting;
    const found: DocumentedDiagnosis[] = [];
    const add = (resource: Resource, concept: CodeableConcept | undefined, time: string | undefined, encounterRef: string | undefined) => {
      if (concept) found.push({ resource, reference: `${resource.resourceType}/${resource.id}`, concept, time, encounter: encounterRef });
    };
    for (const c of conditions) {
      const current = isClinicallyCurrent(c);
      if (current || inWindow(c.recordedDate) || inWindow(c.onsetDateTime)) add(c, c.code, c.recordedDate ?? c.onsetDateTime, c.encounter?.reference);
    }
    // Without a launch encounter (which reads them all to find it), only the window's encounters and claims
    // are read (record.during): a long history costs a population audit nothing here.
    const encounters = encounter ? record.byType('Encounter') : record.during('Encounter', window.startMs, window.endMs);
    for (const e of encounters) {
      if (!e.diagnosis?.length || !(inWindow(e.period?.start) || inWindow(e.period?.end) || e === encounter)) continue;
      for (const d of e.diagnosis) add(e, referencedCondition(d.condition)?.code, e.period?.end ?? e.period?.start, `Encounter/${e.id}`);
    }
    for (const claim of [...record.during('Claim', window.startMs, window.endMs), ...record.during('ExplanationOfBenefit', window.startMs, window.endMs)]) {
      if (!claim.diagnosis?.length || !(inWindow(claim.billablePeriod?.start) || inWindow(claim.created))) continue;
      for (const d of claim.diagnosis as Array<{ diagnosisCodeableConcept?: CodeableConcept; diagnosisReference?: Reference }>) {
        add(claim, d.diagnosisCodeableConcept ?? referencedCondition(d.diagnosisReference)?.code, claim.created, undefined);
      }
    }
    return (documenting = found);
  };
  // Rules ask about the same targets (terminology tables' constants) again and again: matched once per review.
  const documentedFor = new Map<DiagnosisTarget, DocumentedDiagnosis[]>();
  const documentedDiagnoses = (target: DiagnosisTarget): DocumentedDiagnosis[] => {
    let found = documentedFor.get(target);
    if (!found) documentedFor.set(target, (found = documentingDiagnoses().filter((d) => conceptMatches(d.concept, target))));
    return [...found];
  };

  // The review's notes and what their sentences mention, read once per review (each note analysed once per record).
  let reviewNotes: readonly ClinicalNote[] | undefined;
  const notes = (): readonly ClinicalNote[] => (reviewNotes ??= notesOfReview(record, {
    ...window, encounter: encounter?.id !== undefined ? `Encounter/${encounter.id}` : undefined,
  }).filter((n) => n.text !== undefined));
  let allMentions: NoteMentionIn[] | undefined;
  const mentions = () => (allMentions ??= notes().flatMap((note) => (noteAnalysis(note)?.mentions ?? []).map((mention) => ({ note, mention }))));
  const mentionsFor = new Map<DiagnosisTarget, NoteMentionIn[]>();
  const noteMentions = (target?: DiagnosisTarget): NoteMentionIn[] => {
    if (!target) return [...mentions()];
    let found = mentionsFor.get(target);
    if (!found) mentionsFor.set(target, (found = mentions().filter(({ mention }) => mentionMatches(mention.diagnosis, target))));
    return [...found];
  };
  const documentedBy = (target: DiagnosisTarget): Resource[] => [...new Set(documentedDiagnoses(target).map((d) => d.resource))];

  // The diagnoses of the review itself, for the coding checks: the launch encounter's (its
  // Encounter.diagnosis, the Conditions of that encounter, the window's claims billing it or no encounter),
  // else those recorded, begun or billed in the window. An old active problem documents a diagnosis for the
  // gap rules (above) but is not coded in this review.
  let reviewed: DocumentedDiagnosis[] | undefined;
  const reviewDiagnoses = (): DocumentedDiagnosis[] => {
    if (reviewed) return reviewed;
    const found: DocumentedDiagnosis[] = [];
    const isLaunch = (reference: Reference | undefined, from: Resource) => encounter !== undefined && record.resolve(reference, from) === encounter;
    const billsLaunchOrNone = (claim: Resource) => {
      const billed = ((claim as { item?: Array<{ encounter?: Reference[] }> }).item ?? []).flatMap((item) => item.encounter ?? []);
      return billed.length === 0 || billed.some((reference) => isLaunch(reference, claim));
    };
    for (const c of conditions) {
      const inReview = encounter ? isLaunch(c.encounter, c) : inWindow(c.recordedDate) || inWindow(c.onsetDateTime);
      if (inReview && c.code) found.push({ resource: c, reference: `Condition/${c.id}`, concept: c.code, time: c.recordedDate ?? c.onsetDateTime, encounter: c.encounter?.reference });
    }
    // Encounter.diagnosis and claims as gathered above (in the window), narrowed to the launch encounter.
    for (const d of documentingDiagnoses()) {
      const type = d.resource.resourceType;
      if (type === 'Condition' || (encounter && (type === 'Encounter' ? d.resource !== encounter : !billsLaunchOrNone(d.resource)))) continue;
      found.push(d);
    }
    return (reviewed = found);
  };

  return {
    record,
    nowMs,
    window,
    encounter,
    ageYears: ageInYears(record.patient?.birthDate, nowMs),
    gender: record.patient?.gender,
    observations: (...loinc) => record.observationsDuring(window.startMs, window.endMs, ...loinc),
    isDocumented: (target) => documentedDiagnoses(target).length > 0 || noteMentions(target).some(({ mention }) => mention.assertion === 'affirmed'),
    isCoded: (target) => documentedDiagnoses(target).length > 0,
    notes,
    noteMentions,
    documentedBy,
    documentedDiagnoses,
    diagnoses: reviewDiagnoses,
    icd10cm: options.icd10cm,
  };
}

/**
 * One finding per suspected condition per encounter (per kind and target for coding discrepancies), with
 * the evidence of every rule that found it.
 */
export type UnnamedFinding = Finding extends infer F ? (F extends Finding ? Omit<F, 'id'> : never) : never;

function deduplicate(findings: UnnamedFinding[]): UnnamedFinding[] {
  const byKey = new Map<string, UnnamedFinding>();
  const unkeyed: UnnamedFinding[] = [];
  for (const finding of findings) {
    if (!finding.suspectedCondition) {
      unkeyed.push(finding);
      continue;
    }
    // Coding discrepancies of different kinds about one code are different problems: never merged.
    const coding = finding.category === 'coding-discrepancy' || finding.category === 'clinical-validation' ? finding : undefined;
    const key = `${coding?.kind ?? ''}|${finding.suspectedCondition}|${finding.encounter ?? ''}|${coding?.target ?? ''}`;
    const kept = byKey.get(key);
    if (!kept) {
      byKey.set(key, { ...finding, evidence: [...new Set(finding.evidence)] });
      continue;
    }
    kept.evidence = [...new Set([...kept.evidence, ...finding.evidence])];
    kept.facts = mergeFacts(kept.facts, finding.facts);
    if (SEVERITY_ORDER[finding.severity] < SEVERITY_ORDER[kept.severity]) kept.severity = finding.severity;
    if (!kept.summary.includes(finding.summary)) kept.summary = `${kept.summary} ${finding.summary}`;
    if ((fhirTimeMs(finding.observedAt) ?? -Infinity) > (fhirTimeMs(kept.observedAt) ?? -Infinity)) kept.observedAt = finding.observedAt;
  }
  return [...byKey.values(), ...unkeyed];
}

/**
 * Severity first (high, medium, low), then the most recent evidence first, by the moment it names (not how it
 * is written: `23:30-05:00` is after `01:00Z` the next day); ties keep the rules' order.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (fhirTimeMs(b.observedAt) ?? -Infinity) - (fhirTimeMs(a.observedAt) ?? -Infinity) || 0;
}

export function runRules(record: PatientRecord, rules: readonly Rule[], options: RunOptions): Finding[] {
  const context = createContext(record, options);
  const launchEncounter = context.encounter?.id ? `Encounter/${context.encounter.id}` : undefined;
  const findings: UnnamedFinding[] = [];
  for (const rule of rules) {
    const thresholds = { ...rule.thresholds, ...options.thresholds?.[rule.id] };
    const named = (draft: FindingDraft) => ({
      ...draft,
      ruleId: rule.id,
      title: draft.title ?? rule.title,
      severity: draft.severity ?? rule.severity,
      encounter: launchEncounter ?? draft.encounter,
    });
    if (rule.category === 'coding-discrepancy') {
      for (const draft of rule.evaluate(context, thresholds)) findings.push({ ...named(draft), category: rule.category, kind: draft.kind, target: draft.target });
    } else if (rule.category === 'clinical-validation') {
      for (const draft of rule.evaluate(context, thresholds)) findings.push({ ...named(draft), category: rule.category, kind: 'clinical-validation', target: draft.target });
    } else {
      for (const draft of rule.evaluate(context, thresholds)) findings.push(withNoteContext({ ...named(draft), category: rule.category }, context));
    }
  }
  const patientId = record.patient?.id;
  return deduplicate(findings).map((finding): Finding => ({ ...finding, id: findingId(finding, patientId) })).sort(compareFindings);
}
