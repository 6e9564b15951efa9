/**
 * Finding the diagnoses a sentence names: the mention dictionary (diagnosis-terms.ts) compiled once, at module
 * load, into a word trie, and matched word by word at every word of the sentence, the longest match winning
 * ("acute on chronic systolic heart failure" is I50.23, not the "heart failure" inside it, I50.9), then
 * continuing after it. Words match in any case except an abbreviation's capitals ("AF", not "af"); "the"
 * inside a name may be left out; Roman numerals II-IV read as digits (tokens.ts matchKey). A pressure
 * ulcer's words are read on through a site ("of the sacrum") and a stage (", stage 2") from two small tries,
 * so "stage 2 pressure injury of the sacrum" is L89.152. Each start follows at most as many trie edges as the
 * longest term has words (no backtracking over the text): linear in the sentence's length.
 */
import {
  MENTION_DICTIONARY, PRESSURE_ULCER_SITE_PHRASES, PRESSURE_ULCER_STAGE_PHRASES, pressureUlcerAt, type DictionaryTerm,
} from './diagnosis-terms';
import { UNSPECIFIED_PRESSURE_ULCER_SITE } from '../terminology/pressure-ulcer';
import { matchKey, tokenize, type NoteToken } from './tokens';
import type { MentionedDiagnosis } from './types';

interface TrieNode<T> {
  readonly next: Map<string, TrieNode<T>>;
  value?: T;
}

/** A trie of entries by their key paths; the first entry of a path keeps it (diagnosis-terms.ts merges or reports the rest). */
function compile<E extends { readonly path: readonly string[] }, T>(entries: readonly E[], valueOf: (entry: E) => T): TrieNode<T> {
  const root: TrieNode<T> = { next: new Map() };
  for (const entry of entries) {
    let node = root;
    for (const key of entry.path) {
      let child = node.next.get(key);
      if (!child) node.next.set(key, (child = { next: new Map() }));
      node = child;
    }
    node.value ??= valueOf(entry);
  }
  return root;
}

const TERMS = compile(MENTION_DICTIONARY, (term): DictionaryTerm => term);
const SITES = compile(PRESSURE_ULCER_SITE_PHRASES, (phrase) => phrase.value);
const STAGES = compile(PRESSURE_ULCER_STAGE_PHRASES, (phrase) => phrase.value);

/** The longest entry of a trie that starts at token `at`, and the token after it. */
function longestMatch<T>(root: TrieNode<T>, tokens: readonly NoteToken[], at: number): { value: T; end: number } | undefined {
  let best: { value: T; end: number } | undefined;
  // An exact edge and an any-case edge may both continue: at most two ways per word.
  const stack: Array<{ node: TrieNode<T>; k: number; skipped: boolean }> = [{ node: root, k: at, skipped: false }];
  while (stack.length > 0) {
    const { node, k, skipped } = stack.pop()!;
    const token = tokens[k];
    if (!token) continue;
    const exact = node.next.get(`=${token.text}`);
    const loose = node.next.get(`~${matchKey(token.key)}`);
    for (const child of [exact, loose]) {
      if (!child) continue;
      if (child.value !== undefined && (!best || k + 1 > best.end)) best = { value: child.value, end: k + 1 };
      if (child.next.size > 0) stack.push({ node: child, k: k + 1, skipped: false });
    }
    // "pressure ulcer of the sacrum": one "the" inside a name is passed over (the dictionary leaves it out).
    if (node !== root && !skipped && token.key === 'the' && !loose) stack.push({ node, k: k + 1, skipped: true });
  }
  return best;
}

/** A diagnosis named in a sentence: its tokens and offsets in the sentence. */
export interface MentionSpan {
  readonly diagnosis: MentionedDiagnosis;
  /** Tokens `firstToken` up to, not including, `endToken`. */
  readonly firstToken: number;
  readonly endToken: number;
  /** Offsets in the tokenized text. */
  readonly start: number;
  readonly end: number;
}

/** A dictionary match, read on through a pressure ulcer's site and stage where the term allows it. */
function matchAt(tokens: readonly NoteToken[], at: number): { term: DictionaryTerm; diagnosis?: MentionedDiagnosis; end: number } | undefined {
  const match = longestMatch(TERMS, tokens, at);
  if (!match) return undefined;
  const term = match.value;
  const open = term.continuation;
  if (!open || !term.diagnosis) return { term, ...(term.diagnosis ? { diagnosis: term.diagnosis } : {}), end: match.end };
  let end = match.end;
  let site = open.site;
  let stage = open.stage;
  if (site === undefined) {
    const found = longestMatch(SITES, tokens, end);
    if (found) ({ value: site, end } = found);
  }
  if (stage === undefined) {
    const found = longestMatch(STAGES, tokens, end);
    if (found) ({ value: stage, end } = found);
  }
  const diagnosis = end === match.end ? term.diagnosis : pressureUlcerAt(site ?? UNSPECIFIED_PRESSURE_ULCER_SITE, stage);
  return { term, diagnosis, end };
}

/** SNOMED CT tags that end a procedure's or a plan's name, as Synthea lists them in its plan ("- depression screening (procedure)"). */
const PROCEDURE_TAGS = [['(', 'procedure', ')'], ['(', 'regime', '/', 'therapy', ')']];

/** Whether the tokens end with a procedure's or plan's tag (a final period aside): such a line names no diagnosis. */
function namesProcedure(tokens: readonly NoteToken[]): boolean {
  const end = tokens.at(-1)?.key === '.' ? tokens.length - 1 : tokens.length;
  return PROCEDURE_TAGS.some((tag) => end >= tag.length && tag.every((key, i) => tokens[end - tag.length + i]!.key === key));
}

/**
 * The diagnoses named in a sentence's tokens, left to right, longest first, none overlapping. A sentence that
 * is a procedure's or a plan's name ("assessment of anxiety (procedure)") names none.
 */
export function findMentionSpans(tokens: readonly NoteToken[]): MentionSpan[] {
  if (namesProcedure(tokens)) return [];
  const spans: MentionSpan[] = [];
  let i = 0;
  while (i < tokens.length) {
    const match = tokens[i]!.word ? matchAt(tokens, i) : undefined;
    if (!match) {
      i++;
      continue;
    }
    // A phrase that names no diagnosis ("sepsis bundle") is passed over whole.
    if (match.diagnosis) {
      spans.push({ diagnosis: match.diagnosis, firstToken: i, endToken: match.end, start: tokens[i]!.start, end: tokens[match.end - 1]!.end });
    }
    i = match.end;
  }
  return spans;
}

/**
 * The diagnoses a text names, with the words as written and their offsets: the mention dictionary matched
 * on word boundaries, longest match first (src/terminology/note-terms.ts, the SNOMED CT map's displays).
 */
export function findMentions(text: string): Array<{ diagnosis: MentionedDiagnosis; words: string; start: number; end: number }> {
  return findMentionSpans(tokenize(text)).map((span) => ({ diagnosis: span.diagnosis, words: text.slice(span.start, span.end), start: span.start, end: span.end }));
}
