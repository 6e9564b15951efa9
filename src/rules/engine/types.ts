/**
 * The rule engine's vocabulary. A rule is a query trigger, never a diagnosis: it cites observable facts
 * (values, units, dates) as evidence and lists the answers a compliant query would offer; the physician
 * decides. (AHIMA/ACDIS, Guidelines for Achieving a Compliant Query Practice, 2022 update.)
 */
import type { CodeableConcept, Encounter, Resource } from 'fhir/r4';
import type { ObservationPoint, PatientRecord } from '../../record/patient-record';
import type { Icd10CmTable } from '../../terminology/icd10cm/icd10cm-table';
import type { DiagnosisTarget } from '../../terminology/diagnoses';
import type { ClinicalNote } from '../../notes/clinical-notes';
import type { MentionAssertion, NoteMention } from '../../notes/types';

/** A diagnosis as the record may document it (its home is terminology/diagnoses.ts, with the shared targets). */
export type { DiagnosisTarget };

export type FindingCategory = 'documentation-gap' | 'coding-discrepancy' | 'clinical-validation';

/** The fixed list of coding-discrepancy kinds (each a rule family's `kind`). */
export type CodingDiscrepancyKind =
  | 'invalid-code'
  | 'non-billable-code'
  | 'unspecified-code'
  | 'sex-conflict'
  | 'age-conflict'
  | 'excludes1-conflict'
  | 'redundant-codes'
  | 'missing-combination-code'
  | 'coding-mismatch'
  | 'claim-unsupported'
  | 'not-on-claim'
  | 'principal-missing'
  | 'documented-not-coded';
export type Severity = 'high' | 'medium' | 'low';

/** One answer a query may offer. Diagnoses carry their ICD-10-CM code; the standard escapes carry none. */
export interface AnswerOption {
  text: string;
  /** ICD-10-CM code (dotted), when the option is a diagnosis. */
  icd10?: string;
}

/**
 * One observation behind a finding, as data: a result with its value, a medication ordered or given, a
 * procedure, a diagnosis as coded. The summary sentence is rendered from the facts (engine/facts.ts); the
 * query composer cites them as clinical indicators, and a compliance check reads them, never the English.
 */
export interface Fact {
  /** What kind of thing the record states. */
  kind: FactKind;
  /** What was observed, in the summary's words: `sodium`, `LVEF`, `furosemide 40 MG oral tablet`, `E11.9`. */
  label: string;
  /** The measured value, when numeric. */
  value?: number;
  /** UCUM or display unit of `value`. */
  unit?: string;
  /** A value that is not a number, as recorded: a coded answer, a stage, a route. */
  text?: string;
  /** When (FHIR dateTime or date as recorded). */
  time?: string;
  /** The limits the value was judged against (the rule's threshold or the laboratory's reference range). */
  referenceRange?: FactRange;
  /** `Type/id` of the resource that states it (one of the finding's evidence). */
  reference: string;
  /** A note's sentence (`text`): where in it the diagnosis is named, and what the sentence asserts about it. */
  mention?: FactMention;
}

export type FactKind = 'result' | 'vital-sign' | 'assessment' | 'medication' | 'procedure' | 'diagnosis' | 'encounter' | 'claim' | 'note';

export interface FactMention {
  /** Offsets of the diagnosis's words in the fact's `text`. */
  start: number;
  end: number;
  assertion: MentionAssertion;
  /** The words that make it other than affirmed (`no evidence of`, `possible`), as written. */
  cue?: string;
}

export interface FactRange {
  /** Values below this are abnormal (the limit itself is normal, unless `inclusive`). */
  low?: number;
  /** Values above this are abnormal (the limit itself is normal, unless `inclusive`). */
  high?: number;
  unit?: string;
  /** The limit itself is abnormal: the criterion is "at least" or "at most" (BMI ≥ 30, bilirubin ≥ 2 mg/dL). */
  inclusive?: true;
}

/** What every finding has, whatever its category. */
interface FindingCommon {
  /** Stable: derived from what the finding is about (finding-id.ts), the same on every run and in any input order. */
  id: string;
  ruleId: string;
  severity: Severity;
  title: string;
  /** The observations behind the finding, as data, in the order the summary cites them. */
  facts: Fact[];
  /** Observed facts only (values, units, dates), no conclusion: rendered from `facts`. */
  summary: string;
  /** `Type/id` of every resource the finding relied on. */
  evidence: string[];
  /** The ICD-10-CM code or category the physician may be asked about, e.g. `E87.1`. */
  suspectedCondition?: string;
  /** `Encounter/id` the finding belongs to, when known. */
  encounter?: string;
  /** The answers a query would offer, the standard escapes included. */
  answerOptions: AnswerOption[];
  /** Time of the latest evidence (ISO 8601), for sorting by recency. */
  observedAt?: string;
}

/** A query opportunity: the record holds clinical indicators that no diagnosis documents, or lacks specificity. */
export interface DocumentationGapFinding extends FindingCommon {
  category: 'documentation-gap';
}

/** A coding problem with one resource's codes: the coder fixes it, sometimes after a query. */
export interface CodingDiscrepancyFinding extends FindingCommon {
  category: 'coding-discrepancy';
  /** What kind of coding discrepancy. */
  kind: CodingDiscrepancyKind;
  /** `Type/id` of the resource at fault. */
  target: string;
}

/**
 * A documented diagnosis the record's clinical indicators do not support (AHIMA/ACDIS, "Clinical Validation:
 * The Next Level of CDI", 2023 update): a clinical-validation query to the provider, never a coder's removal.
 */
export interface ClinicalValidationFinding extends FindingCommon {
  category: 'clinical-validation';
  kind: 'clinical-validation';
  /** `Type/id` of the resource that documents the diagnosis (a Condition, an Encounter, a claim). */
  target: string;
}

export type Finding = DocumentationGapFinding | CodingDiscrepancyFinding | ClinicalValidationFinding;

/** What a rule returns; the engine adds the rule's id, category, title and default severity. */
type DraftOf<F extends Finding> = Omit<F, 'id' | 'ruleId' | 'category' | 'title' | 'severity'> & {
  severity?: Severity;
  title?: string;
};
export type DocumentationGapDraft = DraftOf<DocumentationGapFinding>;
export type CodingDiscrepancyDraft = DraftOf<CodingDiscrepancyFinding>;
export type ClinicalValidationDraft = Omit<DraftOf<ClinicalValidationFinding>, 'kind'>;
export type FindingDraft = DocumentationGapDraft | CodingDiscrepancyDraft | ClinicalValidationDraft;

export interface ReviewWindow {
  startMs: number;
  endMs: number;
  /** How the window was chosen, for summaries: "this encounter" or "the last 12 months". */
  label: string;
}

export interface RuleContext {
  record: PatientRecord;
  nowMs: number;
  window: ReviewWindow;
  /** The launch encounter, when Clarify was launched in one. */
  encounter?: Encounter;
  /** Age in whole years at `now`, if the birth date is known. */
  ageYears?: number;
  /** Administrative gender (FHIR Patient.gender). */
  gender?: string;
  /** Observation points for the codes, inside the review window, oldest first. */
  observations(...loinc: string[]): ObservationPoint[];
  /**
   * True when the record already documents the diagnosis: a Condition with the ICD-10-CM prefix or
   * SNOMED code that is active (any date) or recorded in the window, an Encounter.diagnosis or
   * Claim.diagnosis in the window, or a sentence of one of the review's notes that affirms it (not negated,
   * uncertain, historical, hypothetical or about a relative: notes/assertions.ts).
   */
  isDocumented(target: DiagnosisTarget): boolean;
  /** The resources that document the diagnosis (Conditions, Encounters, Claims), for citing them. */
  documentedBy(target: DiagnosisTarget): Resource[];
  /** Each documented diagnosis matching the target: which resource states it, how it codes it, when. */
  documentedDiagnoses(target: DiagnosisTarget): DocumentedDiagnosis[];
  /**
   * The diagnoses of the review, which the coding checks judge. Launched in an encounter: its
   * Encounter.diagnosis, the Conditions whose Condition.encounter it is, and the Claim/EOB diagnoses of
   * the window's claims that bill it (or no encounter). Else: Conditions recorded or begun in the window,
   * the Encounter.diagnosis of encounters in the window, and Claim/EOB diagnoses in the window. Unlike
   * documentedDiagnoses, an active problem of an earlier date is not one of them: it documents a
   * diagnosis, it is not coded in this review.
   */
  diagnoses(): DocumentedDiagnosis[];
  /** The ICD-10-CM FY2026 table, when loaded; coding checks that need it are silent without it. */
  icd10cm?: Icd10CmTable;
  /**
   * True when a diagnosis of the record codes the target (a Condition, Encounter.diagnosis or claim line, as
   * documentedDiagnoses finds them). Unlike isDocumented, a note alone does not count: for rules that need
   * the coded diagnosis itself (to cite it, or to ask for what its code lacks).
   */
  isCoded(target: DiagnosisTarget): boolean;
  /**
   * The notes of the review, read: those of the launch encounter (and notes naming no encounter written in
   * the window), else the notes written in the window; newest first.
   */
  notes(): readonly ClinicalNote[];
  /** Every mention of the target (of any diagnosis, without one) in the review's notes, whatever it asserts, newest note first. */
  noteMentions(target?: DiagnosisTarget): NoteMentionIn[];
}

/** A diagnosis named in one of the review's notes. */
export interface NoteMentionIn {
  note: ClinicalNote;
  mention: NoteMention;
}

/** A diagnosis as one resource of the record documents it. */
export interface DocumentedDiagnosis {
  resource: Resource;
  /** `Condition/id`, `Encounter/id`, `Claim/id` or `ExplanationOfBenefit/id`. */
  reference: string;
  /** The diagnosis as that resource codes it. */
  concept: CodeableConcept;
  /** Condition.recordedDate/onset, Encounter end or Claim.created (ISO), when known. */
  time?: string;
  /** `Encounter/id` the diagnosis belongs to, when known. */
  encounter?: string;
}

interface RuleCommon<T extends object> {
  /** `family/check`, kebab-case. */
  id: string;
  title: string;
  severity: Severity;
  /** One sentence: why this is a query opportunity, with its source (guideline or criteria name). */
  rationale: string;
  /** Default thresholds, as named constants; runRules may override them per rule id. */
  thresholds: T;
}

export interface DocumentationGapRule<T extends object = object> extends RuleCommon<T> {
  category: 'documentation-gap';
  evaluate(context: RuleContext, thresholds: T): DocumentationGapDraft[];
}

export interface CodingDiscrepancyRule<T extends object = object> extends RuleCommon<T> {
  category: 'coding-discrepancy';
  evaluate(context: RuleContext, thresholds: T): CodingDiscrepancyDraft[];
}

export interface ClinicalValidationRule<T extends object = object> extends RuleCommon<T> {
  category: 'clinical-validation';
  evaluate(context: RuleContext, thresholds: T): ClinicalValidationDraft[];
}

export type Rule<T extends object = object> = DocumentationGapRule<T> | CodingDiscrepancyRule<T> | ClinicalValidationRule<T>;
