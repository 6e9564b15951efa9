/**
 * A clarification query as the technician drafts it: what it is for, its format, the question, the answer
 * options and the clinical indicators it cites. Pure data; `checkQuery` (check-query.ts) judges it, the
 * composer edits it, and the FHIR writer turns it into the Questionnaire described in fhir-draft.ts.
 *
 * AHIMA/ACDIS, *Guidelines for Achieving a Compliant Query Practice* (2022 update), ../shared/DOMAIN.md §1.
 */
import { SYSTEM } from '../terminology/systems';
import { ESCAPE_TEXT_VARIANTS, YES_NO_TEXTS } from '../terminology/query-language';

/**
 * What the query is for (issue 10):
 * - `clarification`: specificity, or a diagnosis the indicators point to that no one documented;
 * - `clinical-validation`: a documented diagnosis the indicators do not support;
 * - `present-on-admission`: whether a documented condition was present on admission;
 * - `conflicting-documentation`: providers, or a provider and a report, document different things;
 * - `confirm-documented`: confirm or further specify a diagnosis documented elsewhere (a pathology or radiology
 *   report, another provider).
 *
 * A cause-and-effect query ("is the hyponatremia due to the hydrochlorothiazide?") is a `confirm-documented`
 * query when both conditions are documented, or a `conflicting-documentation` one when the record disagrees
 * about the link; there is no separate purpose for it.
 */
export type QueryPurpose = 'clarification' | 'clinical-validation' | 'present-on-admission' | 'conflicting-documentation' | 'confirm-documented';
export type QueryFormat = 'open-ended' | 'multiple-choice' | 'yes-no';

export const QUERY_PURPOSES: readonly QueryPurpose[] = Object.freeze(['clarification', 'clinical-validation', 'present-on-admission', 'conflicting-documentation', 'confirm-documented'] as const);
export const QUERY_FORMATS: readonly QueryFormat[] = Object.freeze(['open-ended', 'multiple-choice', 'yes-no'] as const);

/**
 * The purposes a yes/no query is allowed for (AHIMA/ACDIS 2022): confirming or further specifying a documented
 * diagnosis, present-on-admission status, conflicting documentation (and cause and effect, which is one of the
 * first and the last; see QueryPurpose). Never when only clinical indicators exist: so not `clarification`, and
 * not `clinical-validation`, whose question (is the documented diagnosis supported?) needs the multiple-choice
 * answers "confirmed", "ruled out", "clinically undetermined".
 */
export const YES_NO_PURPOSES: readonly QueryPurpose[] = Object.freeze(['confirm-documented', 'present-on-admission', 'conflicting-documentation'] as const);

export interface QueryOption {
  text: string;
  /** ICD-10-CM code when the option is a diagnosis */
  code?: string;
}

export interface QueryIndicator {
  /** as shown: "Sodium 128 mmol/L on 2021-03-01 08:00 (reference limit 135 mmol/L)" */
  text: string;
  /** Type/id of the source resource */
  reference: string;
}

export interface QueryDraft {
  purpose: QueryPurpose;
  format: QueryFormat;
  question: string;
  /**
   * The answers offered, in order. For a yes/no query, the extra answers beside Yes and No (which the format
   * implies; options reading "Yes" or "No" are taken as those).
   */
  options: QueryOption[];
  indicators: QueryIndicator[];
}

/**
 * The escape options, with the texts of the rules' answer options (src/rules/engine/answer-options.ts; a test
 * keeps them equal, since src/query reaches src/rules only through its index).
 */
export const ESCAPE_OPTIONS = Object.freeze({
  other: 'Other (please specify)',
  undetermined: 'Clinically undetermined',
  notSignificant: 'Not clinically significant',
} as const);

export type EscapeKind = keyof typeof ESCAPE_OPTIONS;

/** Clarify's CodeSystem (the one of src/terminology/systems.ts): task code, purposes, formats, escape codes. */
export const CLARIFY_SYSTEM = SYSTEM.CLARIFY;

/** The escapes' codes in CLARIFY_SYSTEM, as answerOption Codings carry them. */
export const ESCAPE_CODES = Object.freeze({
  other: 'other',
  undetermined: 'clinically-undetermined',
  notSignificant: 'not-clinically-significant',
} as const satisfies Record<EscapeKind, string>);

/** Text compared as people read it: trimmed, spaces collapsed, a final period dropped. */
export function normalizedOptionText(text: string): string {
  return text.trim().replace(/\s+/g, ' ').replace(/\.$/, '');
}

/** Which escape an option is, by its text ("Other (please specify)", "Unable to determine", ...), if any. */
export function escapeKind(text: string): EscapeKind | undefined {
  const normal = normalizedOptionText(text);
  for (const kind of Object.keys(ESCAPE_OPTIONS) as EscapeKind[]) {
    if (normal.toLowerCase() === ESCAPE_OPTIONS[kind].toLowerCase() || ESCAPE_TEXT_VARIANTS[kind].test(normal)) return kind;
  }
  return undefined;
}

/** Whether an option is the Yes or the No of a yes/no query, by its text. */
export function yesNoAnswer(text: string): 'yes' | 'no' | undefined {
  const normal = normalizedOptionText(text);
  return YES_NO_TEXTS.yes.test(normal) ? 'yes' : YES_NO_TEXTS.no.test(normal) ? 'no' : undefined;
}

export const isQueryPurpose = (value: unknown): value is QueryPurpose => typeof value === 'string' && (QUERY_PURPOSES as readonly string[]).includes(value);
export const isQueryFormat = (value: unknown): value is QueryFormat => typeof value === 'string' && (QUERY_FORMATS as readonly string[]).includes(value);
