/**
 * `checkQuery(draft)`: what stands between a draft query and a compliant one (AHIMA/ACDIS, *Guidelines for
 * Achieving a Compliant Query Practice*, 2022 update; ../shared/DOMAIN.md §1). The composer runs it as the
 * technician types and keeps **Send query** disabled while a blocking problem stands; `clarify check-query`
 * runs it over files. Pure: no clock, no I/O; the word lists are data (src/terminology/query-language.ts).
 *
 * Blocking (the query must not be sent):
 * - `empty-question`; `unknown-purpose`, `unknown-format` (a draft from outside the types);
 * - `no-indicator`: no clinical indicator cited; `indicator-without-text`, `indicator-without-source` (each
 *   indicator names the resource it comes from);
 * - multiple choice: `missing-option-other`, `missing-option-undetermined` ("Other (please specify)",
 *   "Clinically undetermined"), `no-clinical-option` (only escapes); `empty-option` in any format;
 * - `yes-no-not-allowed`: yes/no outside YES_NO_PURPOSES (draft.ts);
 * - `payment-language`, `quality-language`: anywhere in the question, the options or the indicators;
 * - `leading-phrase`: "please document", "would you agree", "are you treating", ... in the question;
 * - `diagnosis-stated-as-fact`: a declarative sentence asserting a diagnosis the query is about ("The patient has
 *   acute kidney injury.", "Patient is in acute respiratory failure"). A sentence citing documentation ("heart
 *   failure is documented in the H&P of 06-21", "per the cardiology consult note, ...") is not one;
 * - `single-diagnosis-question`: in a clarification query (the diagnosis is not documented), a yes/no question
 *   naming one diagnosis ("Is this acute kidney injury?", "Please clarify whether the patient has sepsis"): a
 *   yes/no query on indicators alone, which the guideline forbids and AHIMA's examples call leading. In the
 *   other purposes the diagnosis is documented and naming it is the point, so it is not flagged there; a
 *   yes/no-format clarification query is already `yes-no-not-allowed`.
 *
 * Warnings (the technician decides):
 * - `diagnosis-option-without-indicator`: a diagnosis offered while no indicator supports it (2022 brief: a
 *   diagnosis offered but not documented must be supported by the query's indicators);
 * - `missing-option-not-significant`: a multiple-choice clarification query without "Not clinically
 *   significant", unless it is a specificity query (two or more diagnoses, all coded in one ICD-10-CM
 *   category: heart failure type, CKD stage, where the condition is documented and the escape does not apply);
 * - `missing-option-undetermined` in a yes/no query ("Clinically undetermined", POA indicator W);
 * - `duplicate-option`, `option-code-not-icd10cm`, `options-in-open-ended`, `long-question`.
 *
 * Each problem says what it concerns (`field`) and, when it is a piece of text, where: `span` is a character
 * range of the question, or of option `optionIndex`'s text, or of indicator `indicatorIndex`'s text.
 */
import {
  ALTERNATIVES, CLAUSE_BREAK, CLOSED_QUESTION_OPENING, CONTEXT_INTRODUCERS, DIAGNOSIS_ASSERTIONS, DIAGNOSIS_POST_ASSERTION, DIAGNOSIS_TERMS,
  DOCUMENTATION_CITATIONS, LEADING_PHRASES, NEGATIONS, OPEN_REQUEST, PAYMENT_TERMS, QUALITY_TERMS, WHETHER_CLAUSE,
  type LanguageEntry,
} from '../terminology/query-language';
import {
  ESCAPE_OPTIONS, YES_NO_PURPOSES, escapeKind, isQueryFormat, isQueryPurpose, normalizedOptionText, yesNoAnswer,
  type QueryDraft,
} from './draft';

export interface QueryProblem {
  id: string;
  severity: 'blocking' | 'warning';
  message: string;
  /** what it concerns */
  field: 'question' | 'options' | 'indicators' | 'format' | 'purpose';
  /**
   * character span in the question (or option text when field is 'options', with optionIndex; or indicator
   * text when field is 'indicators', with indicatorIndex)
   */
  span?: { start: number; end: number };
  optionIndex?: number;
  indicatorIndex?: number;
}

/** A question longer than this (characters) is hard to answer in a minute: a warning. */
export const QUESTION_MAX_LENGTH = 600;

/** The form of an ICD-10-CM code: a letter, a digit or letter, then up to five more (dot optional). */
const ICD10CM_FORM = /^[A-Z][0-9][0-9A-Z](?:\.?[0-9A-Z]{1,4})?$/i;
/** A FHIR reference to a resource: Type/id (versioned or not), #contained, urn:uuid:, or an absolute URL. */
const REFERENCE_FORM = /^(?:[A-Z][A-Za-z]{1,63}\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[A-Za-z0-9\-.]{1,64})?|#[A-Za-z0-9\-.]{1,64}|urn:uuid:[0-9a-fA-F-]{36}|https?:\/\/[^\s]{1,2000})$/;

interface Span { start: number; end: number }

const globalCopies = new WeakMap<RegExp, RegExp>();
/** Every non-empty match of a pattern in a text (the tables hold patterns without the g flag). */
function matchSpans(pattern: RegExp, text: string): Span[] {
  let global = globalCopies.get(pattern);
  if (!global) {
    global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    globalCopies.set(pattern, global);
  }
  const spans: Span[] = [];
  for (const m of text.matchAll(global)) if (m[0].length > 0) spans.push({ start: m.index, end: m.index + m[0].length });
  return spans;
}

// ---------------------------------------------------------------------------------------------------------
// Sentences

interface Sentence extends Span { text: string }

/** Abbreviations whose period does not end a sentence ("Dr. Lee", "E. coli", "vs."). */
const ABBREVIATION_BEFORE = /(?:^|[\s(])(?:dr|mr|mrs|ms|vs|approx|e\.g|i\.e|[a-z])$/i;

/** The question's sentences, with their positions: split after . ! ? (and closing quotes) before a space, and at line breaks. */
export function sentencesOf(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  const push = (from: number, to: number) => {
    while (from < to && /\s/.test(text[from]!)) from++;
    while (to > from && /\s/.test(text[to - 1]!)) to--;
    if (to > from) sentences.push({ start: from, end: to, text: text.slice(from, to) });
  };
  let start = 0;
  for (const m of text.matchAll(/[.!?]+["')\]”’]*(?=\s|$)|\n/g)) {
    if (m[0].startsWith('.') && m[0].length === 1 && ABBREVIATION_BEFORE.test(text.slice(start, m.index))) continue;
    const end = m.index + m[0].length;
    push(start, end);
    start = end;
  }
  push(start, text.length);
  return sentences;
}

// ---------------------------------------------------------------------------------------------------------
// The diagnoses a query is about

interface Mention extends Span {
  /** Which diagnosis: the clinical options it names, or the lexicon term when the query offers none. */
  key: string;
  /** Named through the options (the query's subject), not found by the lexicon alone. */
  ofOptions: boolean;
}

/** How a query's question names diagnoses: its options' names and the lexicon terms that fit them. */
interface Vocabulary {
  patterns: Array<{ pattern: RegExp; key: string; ofOptions: boolean }>;
}

const PARENTHESES = /\([^)]*\)/g;
const CODE_TOKEN = /\b[A-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?\b/g;
const HEAD_END = /,|\s(?:due\s+to|with|without|secondary\s+to|associated\s+with)\s/i;
/** Between two words of a diagnosis: spaces, commas, hyphens, slashes, and a parenthetical ("(congestive)"). */
const WORD_GAP = String.raw`(?:[\s,/-]+(?:\([^)]{0,40}\)[\s,/-]*)?|\s*\([^)]{0,40}\)\s*)`;
/** A query offers at most this many options the vocabulary reads (a draft from a file may hold more). */
const MAX_VOCABULARY_OPTIONS = 60;

/** Names of a diagnosis option: its text without parentheses and codes, and its head ("Chronic kidney disease" of "..., stage 3a"). */
function optionNames(text: string): string[] {
  const plain = text.replace(PARENTHESES, ' ').replace(CODE_TOKEN, ' ').replace(/\s+/g, ' ').trim().replace(/[\s.,:;-]+$/, '');
  const head = plain.split(HEAD_END)[0]!.trim();
  return [...new Set([plain, head])].filter((name) => name.replace(/[^\p{L}\p{N}]/gu, '').length >= 3);
}

function namePattern(name: string): RegExp | undefined {
  const words = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (words.length === 0 || words.length > 12) return undefined;
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(String.raw`(?<![\p{L}\p{N}])${escaped.join(WORD_GAP)}(?![\p{L}\p{N}])`, 'iu');
}

const codeKey = (code: string) => code.trim().toUpperCase().replace('.', '');

function vocabularyOf(draft: QueryDraft, clinical: readonly number[]): Vocabulary {
  const patterns: Vocabulary['patterns'] = [];
  const considered = clinical.slice(0, MAX_VOCABULARY_OPTIONS);
  const texts = new Map(considered.map((i) => [i, optionNames(draft.options[i]!.text)[0] ?? '']));
  const add = (pattern: RegExp, refers: number[], fallbackKey: string, ofOptions = refers.length > 0) => {
    // A name every option shares ("heart failure" in a heart failure type query) is the documented condition
    // the query is about, not a diagnosis it suggests.
    if (considered.length >= 2 && refers.length === considered.length) return;
    patterns.push({ pattern, key: refers.length ? `options:${refers.join(',')}` : fallbackKey, ofOptions });
  };
  for (const i of considered) {
    for (const name of optionNames(draft.options[i]!.text)) {
      const pattern = namePattern(name);
      if (!pattern) continue;
      add(pattern, considered.filter((j) => pattern.test(texts.get(j)!)), `option:${i}`, true);
    }
  }
  for (const term of DIAGNOSIS_TERMS) {
    if (considered.length === 0) {
      add(term.pattern, [], `term:${term.id}`);
      continue;
    }
    const refers = considered.filter((j) => {
      const code = draft.options[j]!.code;
      return (typeof code === 'string' && term.icd10.some((prefix) => codeKey(code).startsWith(codeKey(prefix)))) || term.pattern.test(texts.get(j)!);
    });
    // With options, only the diagnoses among them count: the question may name others as context.
    if (refers.length) add(term.pattern, refers, `term:${term.id}`);
  }
  return { patterns };
}

/** The diagnoses named in a text, the longest where they overlap ("acute blood loss anemia", not "anemia"). */
function mentionsIn(text: string, vocabulary: Vocabulary): Mention[] {
  const all: Mention[] = vocabulary.patterns.flatMap(({ pattern, key, ofOptions }) => matchSpans(pattern, text).map((s) => ({ ...s, key, ofOptions })));
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Mention[] = [];
  for (const m of all) {
    const last = kept[kept.length - 1];
    if (last && m.start < last.end) continue; // inside (or overlapping) a longer one found first
    kept.push(m);
  }
  return kept;
}

// ---------------------------------------------------------------------------------------------------------
// The checks

const FIELD_ORDER: Record<QueryProblem['field'], number> = { purpose: 0, format: 1, question: 2, options: 3, indicators: 4 };

const leadingMessage = (entry: LanguageEntry) =>
  `Leading wording (${entry.label}): a query presents the clinical indicators and asks an open question; it does not suggest the answer.`;
const paymentMessage = (entry: LanguageEntry) =>
  `Payment language (${entry.label}): a query never mentions reimbursement, DRGs, CC/MCCs, HCCs or other financial impact.`;
const qualityMessage = (entry: LanguageEntry) =>
  `Quality-reporting language (${entry.label}): a query never mentions quality measures, PSIs or ratings.`;

export function checkQuery(draft: QueryDraft): QueryProblem[] {
  const problems: QueryProblem[] = [];
  const add = (problem: QueryProblem) => void problems.push(problem);
  const options = Array.isArray(draft.options) ? draft.options : [];
  const indicators = Array.isArray(draft.indicators) ? draft.indicators : [];
  const question = typeof draft.question === 'string' ? draft.question : '';
  const purposeKnown = isQueryPurpose(draft.purpose);
  const formatKnown = isQueryFormat(draft.format);

  // Purpose and format.
  if (!purposeKnown) add({ id: 'unknown-purpose', severity: 'blocking', field: 'purpose', message: 'The query has no known purpose (clarification, clinical validation, present on admission, conflicting documentation, confirm a documented diagnosis).' });
  if (!formatKnown) add({ id: 'unknown-format', severity: 'blocking', field: 'format', message: 'The query has no known format (open-ended, multiple choice, yes/no).' });
  if (draft.format === 'yes-no' && purposeKnown && !YES_NO_PURPOSES.includes(draft.purpose)) {
    add({
      id: 'yes-no-not-allowed', severity: 'blocking', field: 'format',
      message: 'A yes/no query is allowed only to confirm or specify a documented diagnosis, for present-on-admission status, or to resolve conflicting documentation (or cause and effect); never when only clinical indicators exist. Use an open-ended or multiple-choice query.',
    });
  }

  // Indicators.
  const citedIndicators = indicators.filter((indicator) => typeof indicator?.text === 'string' && indicator.text.trim() !== '');
  if (indicators.length === 0) {
    add({ id: 'no-indicator', severity: 'blocking', field: 'indicators', message: 'No clinical indicator is cited: a query presents the indicators from the record (value, date, source) that prompt it.' });
  }
  indicators.forEach((indicator, indicatorIndex) => {
    if (typeof indicator?.text !== 'string' || indicator.text.trim() === '') {
      add({ id: 'indicator-without-text', severity: 'blocking', field: 'indicators', indicatorIndex, message: 'This indicator says nothing: state the value, unit, date and source as the record shows them.' });
    }
    if (typeof indicator?.reference !== 'string' || !REFERENCE_FORM.test(indicator.reference.trim())) {
      add({ id: 'indicator-without-source', severity: 'blocking', field: 'indicators', indicatorIndex, message: 'This indicator does not name the resource of the record it comes from (Type/id): indicators are taken from the record, never typed in as free facts.' });
    }
  });

  // Options.
  const kinds = options.map((option) => (typeof option?.text === 'string' ? escapeKind(option.text) : undefined));
  const isAnswer = options.map((option) => draft.format === 'yes-no' && typeof option?.text === 'string' && yesNoAnswer(option.text) !== undefined);
  const clinical = options.flatMap((option, i) => (typeof option?.text === 'string' && option.text.trim() !== '' && kinds[i] === undefined && !isAnswer[i] ? [i] : []));
  options.forEach((option, optionIndex) => {
    if (typeof option?.text !== 'string' || option.text.trim() === '') {
      add({ id: 'empty-option', severity: 'blocking', field: 'options', optionIndex, message: 'This option has no text.' });
    }
    if (option?.code !== undefined && (typeof option.code !== 'string' || !ICD10CM_FORM.test(option.code.trim()))) {
      add({ id: 'option-code-not-icd10cm', severity: 'warning', field: 'options', optionIndex, message: 'This option\'s code is not in the form of an ICD-10-CM code (e.g. E87.1).' });
    }
  });
  const seenText = new Map<string, number>();
  const seenCode = new Map<string, number>();
  options.forEach((option, optionIndex) => {
    if (typeof option?.text !== 'string' || option.text.trim() === '') return;
    const text = normalizedOptionText(option.text).toLowerCase();
    const code = typeof option.code === 'string' && option.code.trim() ? codeKey(option.code) : undefined;
    const earlier = seenText.get(text) ?? (code !== undefined ? seenCode.get(code) : undefined);
    if (earlier !== undefined) {
      add({ id: 'duplicate-option', severity: 'warning', field: 'options', optionIndex, message: `This option repeats option ${earlier + 1}.` });
    }
    if (!seenText.has(text)) seenText.set(text, optionIndex);
    if (code !== undefined && !seenCode.has(code)) seenCode.set(code, optionIndex);
  });
  const has = (kind: keyof typeof ESCAPE_OPTIONS) => kinds.includes(kind);
  if (draft.format === 'multiple-choice') {
    if (!has('other')) add({ id: 'missing-option-other', severity: 'blocking', field: 'options', message: `A multiple-choice query offers "${ESCAPE_OPTIONS.other}", so the provider can answer something not listed.` });
    if (!has('undetermined')) add({ id: 'missing-option-undetermined', severity: 'blocking', field: 'options', message: `A multiple-choice query offers "${ESCAPE_OPTIONS.undetermined}".` });
    if (clinical.length === 0) add({ id: 'no-clinical-option', severity: 'blocking', field: 'options', message: 'A multiple-choice query offers the clinically reasonable answers the indicators support, not only the escape options.' });
    if (draft.purpose === 'clarification' && !has('notSignificant') && !isSpecificityQuery(draft, clinical)) {
      add({ id: 'missing-option-not-significant', severity: 'warning', field: 'options', message: `Consider offering "${ESCAPE_OPTIONS.notSignificant}": the findings may have no clinical significance.` });
    }
  } else if (draft.format === 'yes-no') {
    if (!has('undetermined')) add({ id: 'missing-option-undetermined', severity: 'warning', field: 'options', message: `A yes/no query should also offer "${ESCAPE_OPTIONS.undetermined}": the provider may be unable to say (for present on admission, indicator W).` });
  } else if (draft.format === 'open-ended' && options.length > 0) {
    add({ id: 'options-in-open-ended', severity: 'warning', field: 'options', message: 'An open-ended query lets the provider answer in free text: its options are not shown as choices. Make it multiple choice or drop them.' });
  }
  if (citedIndicators.length === 0) {
    for (const optionIndex of clinical) {
      if (typeof options[optionIndex]!.code === 'string' && options[optionIndex]!.code!.trim() !== '') {
        add({ id: 'diagnosis-option-without-indicator', severity: 'warning', field: 'options', optionIndex, message: 'This diagnosis is offered with no clinical indicator to support it: a diagnosis offered but not documented must be supported by the indicators in the query.' });
      }
    }
  }

  // Payment and quality words, anywhere; words two entries both match ("risk adjustment factor") once.
  const flagWords = (table: readonly LanguageEntry[], text: string, problem: (entry: LanguageEntry, span: Span) => QueryProblem) => {
    const flagged: Span[] = [];
    for (const entry of table) {
      for (const span of matchSpans(entry.pattern, text)) {
        if (flagged.some((f) => span.start < f.end && f.start < span.end)) continue;
        flagged.push(span);
        add(problem(entry, span));
      }
    }
  };
  const scan = (text: string, where: Pick<QueryProblem, 'field' | 'optionIndex' | 'indicatorIndex'>) => {
    flagWords(PAYMENT_TERMS, text, (entry, span) => ({ id: 'payment-language', severity: 'blocking', ...where, span, message: paymentMessage(entry) }));
    flagWords(QUALITY_TERMS, text, (entry, span) => ({ id: 'quality-language', severity: 'blocking', ...where, span, message: qualityMessage(entry) }));
  };
  scan(question, { field: 'question' });
  options.forEach((option, optionIndex) => typeof option?.text === 'string' && scan(option.text, { field: 'options', optionIndex }));
  indicators.forEach((indicator, indicatorIndex) => typeof indicator?.text === 'string' && scan(indicator.text, { field: 'indicators', indicatorIndex }));

  // The question.
  if (question.trim() === '') {
    add({ id: 'empty-question', severity: 'blocking', field: 'question', message: 'The query has no question.' });
  } else {
    flagWords(LEADING_PHRASES, question, (entry, span) => ({ id: 'leading-phrase', severity: 'blocking', field: 'question', span, message: leadingMessage(entry) }));
    checkDiagnosisWording(draft, question, clinical, add);
    if (question.length > QUESTION_MAX_LENGTH) {
      add({ id: 'long-question', severity: 'warning', field: 'question', span: { start: QUESTION_MAX_LENGTH, end: question.length }, message: `The question is ${question.length} characters long: keep it under ${QUESTION_MAX_LENGTH} so the provider can answer in a minute; the indicators are listed on their own.` });
    }
  }

  const rank = (p: QueryProblem) => [p.severity === 'blocking' ? 0 : 1, FIELD_ORDER[p.field], p.optionIndex ?? p.indicatorIndex ?? -1, p.span?.start ?? -1];
  return problems
    .map((problem, order) => ({ problem, order, rank: rank(problem) }))
    .sort((a, b) => a.rank.reduce((d, v, i) => d || v - b.rank[i]!, 0) || a.order - b.order)
    .map(({ problem }) => problem);
}

/** Two or more diagnoses, all coded in one ICD-10-CM category: the condition is documented, its specificity is asked. */
function isSpecificityQuery(draft: QueryDraft, clinical: readonly number[]): boolean {
  const codes = clinical.map((i) => draft.options[i]!.code);
  if (codes.length < 2 || codes.some((code) => typeof code !== 'string' || !ICD10CM_FORM.test(code.trim()))) return false;
  return new Set(codes.map((code) => codeKey(code!).slice(0, 3))).size === 1;
}

/** Characters before an assertion in which a negation or hedge ("no evidence of", "clarify if the patient has") undoes it. */
const LOOKBEHIND = 16;

function checkDiagnosisWording(draft: QueryDraft, question: string, clinical: readonly number[], add: (p: QueryProblem) => void) {
  const vocabulary = vocabularyOf(draft, clinical);
  for (const sentence of sentencesOf(question)) {
    const mentions = mentionsIn(sentence.text, vocabulary);
    if (mentions.length === 0) continue;
    const at = (span: Span) => ({ start: sentence.start + span.start, end: sentence.start + span.end });
    const interrogative = /\?["')\]”’]*$/.test(sentence.text);

    if (!interrogative && !DOCUMENTATION_CITATIONS.some((entry) => entry.pattern.test(sentence.text))) {
      const span = statedAsFact(sentence.text, mentions);
      if (span) {
        add({
          id: 'diagnosis-stated-as-fact', severity: 'blocking', field: 'question', span: at(span),
          message: 'This sentence states a diagnosis the query asks about as fact: present the indicators and ask; to refer to a documented diagnosis, cite where it is documented ("documented in the H&P of 03-01").',
        });
      }
    }

    if (draft.purpose === 'clarification' && draft.format !== 'yes-no') {
      const closed = (interrogative && CLOSED_QUESTION_OPENING.test(sentence.text) && !OPEN_REQUEST.test(sentence.text)) || WHETHER_CLAUSE.test(sentence.text);
      const alternatives = ALTERNATIVES.test(sentence.text.replace(/\bwhether\s+or\s+not\b|\bor\s+not\b/gi, ''));
      if (closed && !alternatives && new Set(mentions.map((m) => m.key)).size === 1) {
        add({
          id: 'single-diagnosis-question', severity: 'blocking', field: 'question', span: { start: sentence.start, end: sentence.end },
          message: 'This asks yes or no about one diagnosis the record does not document: a yes/no question on indicators alone is leading. Ask what the indicators represent, or offer the clinically reasonable options.',
        });
      }
    }
  }
}

/** Where a declarative sentence states a diagnosis as fact: the assertion through the diagnosis. */
function statedAsFact(text: string, mentions: readonly Mention[]): Span | undefined {
  const negatedBefore = (start: number) => NEGATIONS.test(text.slice(Math.max(0, start - LOOKBEHIND), start));
  for (const entry of DIAGNOSIS_ASSERTIONS) {
    for (const assertion of matchSpans(entry.pattern, text)) {
      if (negatedBefore(assertion.start)) continue;
      for (const mention of mentions) {
        if (mention.start < assertion.end || mention.start - assertion.end > entry.maxGap) continue;
        const gap = text.slice(assertion.end, mention.start);
        if (CLAUSE_BREAK.test(gap) || NEGATIONS.test(gap)) continue;
        // Without options, a diagnosis named in passing ("a 68-year-old with CHF") is context.
        if (!mention.ofOptions && CONTEXT_INTRODUCERS.test(gap)) continue;
        return { start: assertion.start, end: mention.end };
      }
    }
  }
  for (const mention of mentions) {
    const after = DIAGNOSIS_POST_ASSERTION.exec(text.slice(mention.end));
    if (after && !negatedBefore(mention.start)) return { start: mention.start, end: mention.end + after[0].length };
  }
  return undefined;
}
