/**
 * The sentences of a note, each with its section. NegEx and ConText read one sentence at a time: a trigger
 * never reaches past its sentence (Chapman 2001, Harkema 2009), so where a sentence ends decides scopes.
 *
 * A sentence ends at `.`, `?` or `!` followed by white space and a capital letter, a digit, a bullet or the
 * end; never inside a decimal (`3.5 mmol/L`), after a common abbreviation (`Dr.`, `e.g.`, `vs.`, `approx.`,
 * `mg.`), a month or `No.` before a number (`Jan. 5`, `No. 2`), or an abbreviated genus (`E. coli`). Lines
 * matter too: a list item (`- fever`, `2. AKI`) is a sentence of its own, and so is a line after a blank line,
 * a line that starts with a capital or a digit, or a line after one ending in `.:;?!`; a line that starts in
 * lower case continues the sentence (a wrapped line). Headers are not sentences (sections.ts).
 * One pass over each line and each character: linear in the note's length.
 */
import { readSections, type SectionBody } from './sections';
import type { NoteSection, NoteSentence } from './types';

/** Words after which a period does not end the sentence (lower case, without their final period). */
const ABBREVIATIONS = new Set([
  'dr', 'mr', 'mrs', 'ms', 'prof', 'sr', 'jr', 'st', 'e.g', 'i.e', 'eg', 'ie', 'vs', 'approx', 'appt', 'mg', 'mcg', 'ml', 'cf', 'al', 'fig',
  'a.m', 'p.m', 'b.i.d', 't.i.d', 'q.i.d', 'q.d', 'p.o', 'p.r.n', 'q.h.s', 'h.s', 'resp', 'temp',
]);
/** Words after which a period does not end the sentence when a number follows (`No. 2`, `Jan. 5, 2021`). */
const BEFORE_NUMBER = new Set(['no', 'nos', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'pg', 'vol', 'ref']);
/** Species after an abbreviated genus: `E. coli`, `H. pylori`, `C. diff`, `S. aureus`. */
const SPECIES = new Set(['coli', 'pylori', 'diff', 'difficile', 'aureus', 'pneumoniae', 'aeruginosa', 'epidermidis', 'faecalis', 'albicans']);

const BULLET = /^(?:[-*\u2022\u00b7\u2023\u25e6+]|\d{1,3}[.)])[ \t]+/;
const UPPER = /\p{Lu}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\u00a0';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** A span of the text: `start` inclusive, `end` exclusive. */
interface Span {
  start: number;
  end: number;
}

/** The word before a period at `dot` (letters and inner periods, at most 12 characters back), lower case. */
function wordBefore(text: string, dot: number, from: number): string {
  let i = dot;
  while (i > from && dot - i < 12 && (/[A-Za-z]/.test(text[i - 1]!) || (text[i - 1] === '.' && i - 1 > from && /[A-Za-z]/.test(text[i - 2]!)))) i--;
  return text.slice(i, dot).toLowerCase();
}

/** The word starting at `at` (letters only, at most 12), lower case. */
function wordAt(text: string, at: number, to: number): string {
  let i = at;
  while (i < to && i - at < 12 && /[A-Za-z]/.test(text[i]!)) i++;
  return text.slice(at, i).toLowerCase();
}

/** Whether the period at `dot`, followed by the word at `next`, belongs to an abbreviation rather than ending a sentence. */
function isAbbreviationPeriod(text: string, dot: number, next: number, from: number, to: number): boolean {
  const before = wordBefore(text, dot, from);
  if (before === '') return false;
  if (ABBREVIATIONS.has(before)) return true;
  if (BEFORE_NUMBER.has(before) && isDigit(text[next])) return true;
  return before.length === 1 && SPECIES.has(wordAt(text, next, to));
}

/** Whether `c` can start a new sentence after a period: a capital, a digit, a bullet, an opening quote or bracket. */
function startsSentence(c: string | undefined): boolean {
  if (c === undefined) return true;
  return isDigit(c) || UPPER.test(c) || '-*\u2022"\'(\u201c['.includes(c);
}

/** Splits one block of text (a paragraph, a list item) at its sentence ends. */
function splitBlock(text: string, block: Span, out: Span[]): void {
  let start = block.start;
  for (let i = block.start; i < block.end; i++) {
    const c = text[i]!;
    if (c !== '.' && c !== '?' && c !== '!') continue;
    let after = i + 1;
    while (after < block.end && '.?!)]"\'\u201d\u2019'.includes(text[after]!)) after++;
    if (after >= block.end) break;
    const dot = i;
    // The run of marks is read once: the loop goes on after it (a line of "....." stays linear).
    i = after - 1;
    if (!isSpace(text[after])) continue;
    let next = after;
    while (next < block.end && isSpace(text[next])) next++;
    if (next < block.end && !startsSentence(text[next])) continue;
    if (c === '.' && isAbbreviationPeriod(text, dot, next, block.start, block.end)) continue;
    out.push({ start, end: after });
    start = next;
    i = next - 1;
  }
  out.push({ start, end: block.end });
}

/** The blocks of a region: list items, paragraphs and lines that start a sentence (see the module comment). */
function blocksOf(text: string, from: number, to: number): Span[] {
  const blocks: Span[] = [];
  let current: Span | undefined;
  let previousEnd = ' ';
  let lineStart = from;
  while (lineStart < to) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 || newline >= to ? to : newline;
    let first = lineStart;
    while (first < lineEnd && isSpace(text[first])) first++;
    let last = lineEnd;
    while (last > first && isSpace(text[last - 1])) last--;
    if (first >= last) {
      current = undefined; // a blank line ends the paragraph
    } else {
      const bullet = BULLET.exec(text.slice(first, Math.min(last, first + 8)));
      const contentStart = bullet ? first + bullet[0].length : first;
      const startsNew = current === undefined || bullet !== null || startsSentence(text[contentStart]) || '.:;?!'.includes(previousEnd);
      if (startsNew) {
        current = { start: contentStart, end: last };
        blocks.push(current);
      } else {
        current!.end = last;
      }
      previousEnd = text[last - 1]!;
    }
    if (newline < 0 || newline >= to) break;
    lineStart = newline + 1;
  }
  return blocks;
}

/** Sentence spans of `text` between `from` and `to`, trimmed; spans with no letter or digit are left out. */
export function splitSentences(text: string, from = 0, to = text.length): Array<{ start: number; end: number }> {
  const spans: Span[] = [];
  for (const block of blocksOf(text, from, to)) splitBlock(text, block, spans);
  return spans.flatMap((span) => {
    let { start, end } = span;
    while (start < end && isSpace(text[start])) start++;
    while (end > start && isSpace(text[end - 1])) end--;
    return hasWord(text, start, end) ? [{ start, end }] : [];
  });
}

function hasWord(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (LETTER_OR_DIGIT.test(text[i]!)) return true;
  return false;
}

/** A sentence and the section it is in. */
export interface PlacedSentence {
  readonly sentence: NoteSentence;
  readonly section?: NoteSection;
}

/** The sentences of a note with their sections (the text before the first header has none). */
export function placeSentences(text: string, sections: readonly SectionBody[] = readSections(text)): PlacedSentence[] {
  const regions: Array<{ from: number; to: number; section?: NoteSection }> = [];
  regions.push({ from: 0, to: sections[0]?.section.start ?? text.length });
  for (const body of sections) regions.push({ from: body.bodyStart, to: body.section.end, section: body.section });
  return regions.flatMap(({ from, to, section }) => splitSentences(text, from, to).map(({ start, end }) => {
    const sentence: NoteSentence = { text: text.slice(start, end), start, end, ...(section ? { section: section.kind } : {}) };
    return section ? { sentence, section } : { sentence };
  }));
}

/**
 * The sentences of a note, in order, each with the kind of its section: split at `.?!` before a capital,
 * a digit or a bullet, and at list items and lines (NegEx and ConText scope a trigger to its sentence).
 */
export function findSentences(text: string): NoteSentence[] {
  return placeSentences(text).map((placed) => placed.sentence);
}
