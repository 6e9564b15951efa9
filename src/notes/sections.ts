/**
 * The sections of a note: where each header starts one and what kind it is (src/terminology/note-sections.ts).
 *
 * A header is found only at the start of a line: a Markdown heading (`# Chief Complaint`, `## Plan`, as
 * Synthea writes them; an unknown title is an `other` section), a known header word followed by a colon
 * (`HPI:`, `Assessment: stable`, the text after the colon belonging to the section), a known written-out
 * header alone on its line (`ASSESSMENT AND PLAN`), or an unknown title in capitals alone on its line with a
 * colon (`DISPOSITION:` → `other`). An ordinary sentence with a colon ("Note: ...", "BP: 120/80") is no header.
 * Each line is looked at once, and only its first 60 characters: linear in the note's length.
 */
import { SECTION_HEADERS } from '../terminology/note-sections';
import type { NoteSection, SectionKind } from './types';

/** A section and where its text begins (after the header line, or after the header's colon). */
export interface SectionBody {
  readonly section: NoteSection;
  readonly bodyStart: number;
}

/** Headers longer than this are sentences. */
const MAX_HEADER_LENGTH = 60;

/** Header words, normalized, to their kind: phrases (with or without a colon) and abbreviations (with one). */
const PHRASES = new Map<string, SectionKind>();
const WITH_COLON = new Map<string, SectionKind>();
for (const entry of SECTION_HEADERS) {
  for (const phrase of entry.phrases) {
    PHRASES.set(normalizeHeader(phrase), entry.kind);
    WITH_COLON.set(normalizeHeader(phrase), entry.kind);
  }
  for (const abbreviation of entry.abbreviations) WITH_COLON.set(normalizeHeader(abbreviation), entry.kind);
}

/** `  **Assessment  & Plan** ` → `assessment & plan`: case, runs of spaces and Markdown emphasis do not matter. */
export function normalizeHeader(words: string): string {
  return words.replace(/[*_]+/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The kind a header's words name, if they are a known header (`hpi` → history-of-present-illness). */
export function sectionKindOf(words: string, colon: boolean): SectionKind | undefined {
  return (colon ? WITH_COLON : PHRASES).get(normalizeHeader(words));
}

/** An unknown title in capitals (`DISPOSITION`, `CODE STATUS`): letters, spaces and `&/-`; at least four letters, so `BP:` is no header. */
const CAPITALIZED_TITLE = /^[A-Z][A-Z &/-]*[A-Z]$/;
const isCapitalizedTitle = (title: string) => CAPITALIZED_TITLE.test(title) && title.replace(/[^A-Z]/g, '').length >= 4;

interface Header {
  start: number;
  title: string;
  kind: SectionKind;
  bodyStart: number;
}

/** The header a line opens with, if any. `lineStart`..`lineEnd` excludes the line break. */
function headerOf(text: string, lineStart: number, lineEnd: number, nextLine: number): Header | undefined {
  let first = lineStart;
  while (first < lineEnd && (text[first] === ' ' || text[first] === '\t')) first++;
  if (first >= lineEnd) return undefined;
  const limit = Math.min(lineEnd, first + MAX_HEADER_LENGTH + 8);
  if (text[first] === '#') {
    let marks = first;
    while (marks < limit && text[marks] === '#') marks++;
    if (marks - first > 6 || (marks < lineEnd && text[marks] !== ' ' && text[marks] !== '\t')) return undefined;
    if (lineEnd - marks > MAX_HEADER_LENGTH + 8) return undefined;
    const heading = text.slice(marks, lineEnd).replace(/[\s#]+$/, '').trim();
    const colon = heading.indexOf(':');
    if (colon > 0 && heading.slice(colon + 1).trim() !== '') {
      // `# Plan: follow up` — the words after the colon are the section's text.
      const title = heading.slice(0, colon).trim();
      const bodyStart = text.indexOf(':', marks) + 1;
      return { start: first, title, kind: sectionKindOf(title, true) ?? 'other', bodyStart };
    }
    const title = heading.replace(/:$/, '').trim();
    if (title === '') return undefined;
    return { start: first, title, kind: sectionKindOf(title, true) ?? 'other', bodyStart: nextLine };
  }
  let colon = -1;
  for (let i = first; i < limit; i++) {
    if (text[i] === ':') {
      colon = i;
      break;
    }
  }
  if (colon > first) {
    const words = text.slice(first, colon).trim();
    if (words.length > MAX_HEADER_LENGTH) return undefined;
    const kind = sectionKindOf(words, true);
    const title = words.replace(/[*_]+/g, '').trim();
    if (kind) return { start: first, title, kind, bodyStart: colon + 1 };
    const rest = text.slice(colon + 1, lineEnd).replace(/^[*_\s]+/, '');
    if (rest === '' && isCapitalizedTitle(title)) return { start: first, title, kind: 'other', bodyStart: colon + 1 };
    return undefined;
  }
  if (lineEnd - first > MAX_HEADER_LENGTH) return undefined;
  const line = text.slice(first, lineEnd).trim();
  const kind = sectionKindOf(line, false);
  return kind ? { start: first, title: line.replace(/[*_]+/g, '').trim(), kind, bodyStart: nextLine } : undefined;
}

/** The sections of a note with where each one's text begins, in order. */
export function readSections(text: string): SectionBody[] {
  const headers: Header[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const next = newline < 0 ? text.length + 1 : newline + 1;
    let lineEnd = newline < 0 ? text.length : newline;
    if (lineEnd > lineStart && text[lineEnd - 1] === '\r') lineEnd--;
    const header = headerOf(text, lineStart, lineEnd, Math.min(next, text.length));
    if (header) headers.push(header);
    if (newline < 0) break;
    lineStart = next;
  }
  return headers.map((header, i) => ({
    section: { kind: header.kind, title: header.title, start: header.start, end: headers[i + 1]?.start ?? text.length },
    bodyStart: Math.min(header.bodyStart, headers[i + 1]?.start ?? text.length),
  }));
}

/**
 * The sections of a note, in order: each runs from its header to the next header (HL7 C-CDA section names,
 * Synthea's Markdown headings, clinicians' abbreviations: src/terminology/note-sections.ts).
 */
export function findSections(text: string): NoteSection[] {
  return readSections(text).map((body) => body.section);
}
