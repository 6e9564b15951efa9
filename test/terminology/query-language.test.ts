/**
 * The word lists of src/terminology/query-language.ts, entry by entry: each entry's examples are flagged by
 * checkQuery (with the span on the words), and its near misses are not.
 */
import { describe, expect, it } from 'vitest';
import { checkQuery, type QueryProblem } from '../../src/query/check-query';
import type { QueryDraft } from '../../src/query/draft';
import {
  DIAGNOSIS_ASSERTIONS, DIAGNOSIS_TERMS, DOCUMENTATION_CITATIONS, ESCAPE_TEXT_VARIANTS, LEADING_PHRASES, PAYMENT_TERMS, QUALITY_TERMS,
  type LanguageEntry,
} from '../../src/terminology/query-language';

const INDICATOR = { text: 'Sodium 128 mmol/L on 2021-03-01 08:00 (reference limit 135 mmol/L)', reference: 'Observation/na1' };

/** An open-ended clarification query with this question (no options: the lexicon names the diagnoses). */
const openEnded = (question: string): QueryDraft => ({ purpose: 'clarification', format: 'open-ended', question, options: [], indicators: [INDICATOR] });

const ids = (problems: QueryProblem[]) => problems.map((p) => p.id);
const spanText = (text: string, problem: QueryProblem) => text.slice(problem.span!.start, problem.span!.end);
const matchesPattern = (entry: LanguageEntry, text: string) => new RegExp(entry.pattern.source, entry.pattern.flags).test(text);

const TABLES: Array<[string, readonly LanguageEntry[]]> = [
  ['PAYMENT_TERMS', PAYMENT_TERMS], ['QUALITY_TERMS', QUALITY_TERMS], ['LEADING_PHRASES', LEADING_PHRASES],
  ['DIAGNOSIS_ASSERTIONS', DIAGNOSIS_ASSERTIONS], ['DOCUMENTATION_CITATIONS', DOCUMENTATION_CITATIONS], ['DIAGNOSIS_TERMS', DIAGNOSIS_TERMS],
];

describe.each(TABLES)('%s, as data', (_name, table) => {
  it('gives every entry a unique id, a label, a reason, examples and near misses', () => {
    expect(new Set(table.map((e) => e.id)).size).toBe(table.length);
    for (const entry of table) {
      expect(entry.id, entry.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(entry.label.length, entry.id).toBeGreaterThan(0);
      expect(entry.why.length, entry.id).toBeGreaterThan(2);
      expect(entry.examples.length, entry.id).toBeGreaterThan(0);
      expect(entry.nearMisses.length, entry.id).toBeGreaterThan(0);
    }
  });

  it('writes every pattern case-insensitive and without the g flag (the tables are shared and frozen)', () => {
    for (const entry of table) {
      expect(entry.pattern.flags, entry.id).toContain('i');
      expect(entry.pattern.flags, entry.id).not.toContain('g');
      expect(entry.pattern.flags, entry.id).not.toContain('y');
    }
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(table)).toBe(true);
    for (const entry of table) {
      expect(Object.isFrozen(entry), entry.id).toBe(true);
      expect(Object.isFrozen(entry.examples), entry.id).toBe(true);
    }
  });

  it('does not match an empty text or a text of spaces', () => {
    for (const entry of table) expect(matchesPattern(entry, '   '), entry.id).toBe(false);
  });
});

const entriesOf = (table: readonly LanguageEntry[]) => table.flatMap((entry) => [
  ...entry.examples.map((text) => ({ entry: entry.id, text, flagged: true })),
  ...entry.nearMisses.map((text) => ({ entry: entry.id, text, flagged: false })),
]);

describe('payment words (blocking payment-language)', () => {
  it.each(entriesOf(PAYMENT_TERMS))('$entry: "$text" flagged: $flagged', ({ entry, text, flagged }) => {
    const found = checkQuery(openEnded(text)).filter((p) => p.id === 'payment-language');
    if (!flagged) return void expect(found).toEqual([]);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((p) => p.severity === 'blocking' && p.field === 'question')).toBe(true);
    // The span covers the words the entry matches.
    const table = PAYMENT_TERMS.find((e) => e.id === entry)!;
    expect(found.some((p) => matchesPattern(table, spanText(text, p)))).toBe(true);
  });

  it.each(PAYMENT_TERMS.map((e) => [e.id, e.examples[0]!] as const))('%s is flagged in an option and in an indicator too', (_id, text) => {
    const draft: QueryDraft = { ...openEnded('Please clarify the diagnosis, if any, these findings represent.'), format: 'multiple-choice',
      options: [{ text }, { text: 'Other (please specify)' }, { text: 'Clinically undetermined' }], indicators: [{ text, reference: 'Observation/x' }] };
    const problems = checkQuery(draft).filter((p) => p.id === 'payment-language');
    expect(problems.some((p) => p.field === 'options' && p.optionIndex === 0 && p.span !== undefined)).toBe(true);
    expect(problems.some((p) => p.field === 'indicators' && p.indicatorIndex === 0 && p.span !== undefined)).toBe(true);
  });
});

describe('quality words (blocking quality-language)', () => {
  it.each(entriesOf(QUALITY_TERMS))('$entry: "$text" flagged: $flagged', ({ entry, text, flagged }) => {
    const found = checkQuery(openEnded(text)).filter((p) => p.id === 'quality-language');
    if (!flagged) return void expect(found).toEqual([]);
    expect(found.length).toBeGreaterThan(0);
    const table = QUALITY_TERMS.find((e) => e.id === entry)!;
    expect(found.some((p) => p.severity === 'blocking' && matchesPattern(table, spanText(text, p)))).toBe(true);
  });
});

describe('leading phrases (blocking leading-phrase)', () => {
  it.each(entriesOf(LEADING_PHRASES))('$entry: "$text" flagged: $flagged', ({ entry, text, flagged }) => {
    const found = checkQuery(openEnded(text)).filter((p) => p.id === 'leading-phrase');
    if (!flagged) return void expect(found).toEqual([]);
    const table = LEADING_PHRASES.find((e) => e.id === entry)!;
    expect(found.some((p) => p.severity === 'blocking' && matchesPattern(table, spanText(text, p)) && p.message.includes(table.label))).toBe(true);
  });
});

describe('assertions of a diagnosis (blocking diagnosis-stated-as-fact)', () => {
  it.each(entriesOf(DIAGNOSIS_ASSERTIONS))('$entry: "$text" flagged: $flagged', ({ text, flagged }) => {
    const found = checkQuery(openEnded(text)).filter((p) => p.id === 'diagnosis-stated-as-fact');
    if (!flagged) return void expect(found).toEqual([]);
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe('blocking');
    expect(spanText(text, found[0]!).length).toBeGreaterThan(5);
  });
});

describe('citations of the record (never a diagnosis stated as fact)', () => {
  it.each(entriesOf(DOCUMENTATION_CITATIONS))('$entry: "$text" is a citation: $flagged', ({ entry, text, flagged }) => {
    const table = DOCUMENTATION_CITATIONS.find((e) => e.id === entry)!;
    expect(matchesPattern(table, text)).toBe(flagged);
    if (flagged) expect(ids(checkQuery(openEnded(text)))).not.toContain('diagnosis-stated-as-fact');
  });
});

describe('diagnosis terms (a yes/no question on one of them in a clarification query: blocking single-diagnosis-question)', () => {
  it.each(entriesOf(DIAGNOSIS_TERMS))('$entry: "$text" flagged: $flagged', ({ text, flagged }) => {
    const found = checkQuery(openEnded(text)).filter((p) => p.id === 'single-diagnosis-question');
    if (!flagged) return void expect(found).toEqual([]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'blocking', span: { start: 0, end: text.length } });
  });

  it('writes ICD-10-CM categories in their dotted form', () => {
    for (const term of DIAGNOSIS_TERMS) for (const code of term.icd10) expect(code, term.id).toMatch(/^[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?$/);
  });
});

describe('escape option variants', () => {
  it.each([
    ['other', 'Other (please specify)'], ['other', 'Other (specify)'], ['other', 'Other, please specify'], ['other', 'Other'],
    ['undetermined', 'Clinically undetermined'], ['undetermined', 'Unable to determine'], ['undetermined', 'Cannot be clinically determined'],
    ['notSignificant', 'Not clinically significant'], ['notSignificant', 'Clinically insignificant'],
  ] as const)('%s: "%s"', (kind, text) => expect(ESCAPE_TEXT_VARIANTS[kind].test(text)).toBe(true));

  it.each([['other', 'Other diagnosis of sepsis'], ['undetermined', 'Determined by cardiology'], ['notSignificant', 'Significant hyponatremia']] as const)(
    'not %s: "%s"', (kind, text) => expect(ESCAPE_TEXT_VARIANTS[kind].test(text)).toBe(false));
});
