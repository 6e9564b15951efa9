/**
 * The section headers of src/terminology/note-sections.ts, header by header: each one opens its section in
 * the styles notes write it (Synthea's Markdown, clinicians' "Header:"), and ordinary lines do not.
 */
import { describe, expect, it } from 'vitest';
import { findSections } from '../../src/notes/sections';
import type { SectionKind } from '../../src/notes/types';
import { SECTION_HEADERS } from '../../src/terminology/note-sections';

const phrases = SECTION_HEADERS.flatMap((entry) => entry.phrases.map((header) => ({ kind: entry.kind, header })));
const abbreviations = SECTION_HEADERS.flatMap((entry) => entry.abbreviations.map((header) => ({ kind: entry.kind, header })));

/** The one section a note of `header` then a line of text opens. */
function sectionOf(note: string): { kind: SectionKind; title: string } | undefined {
  const sections = findSections(note);
  expect(sections.length).toBeLessThanOrEqual(1);
  return sections[0] && { kind: sections[0].kind, title: sections[0].title };
}

describe('SECTION_HEADERS, as data', () => {
  it('gives each kind one entry, and each header one kind', () => {
    expect(new Set(SECTION_HEADERS.map((e) => e.kind)).size).toBe(SECTION_HEADERS.length);
    const all = [...phrases, ...abbreviations].map((h) => h.header.toLowerCase());
    expect(new Set(all).size).toBe(all.length);
  });

  it('writes headers in lower case, without colons or Markdown marks', () => {
    for (const { header } of [...phrases, ...abbreviations]) expect(header).toMatch(/^[a-z0-9][a-z0-9 /&]*$/);
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(SECTION_HEADERS)).toBe(true);
    for (const entry of SECTION_HEADERS) expect(Object.isFrozen(entry.phrases) && Object.isFrozen(entry.abbreviations)).toBe(true);
  });
});

describe('every written-out header', () => {
  it.each(phrases)('opens $kind as "# $header" (Synthea)', ({ kind, header }) => {
    expect(sectionOf(`# ${header}\nText.`)).toEqual({ kind, title: header });
  });

  it.each(phrases)('opens $kind as "$header:" with text after the colon', ({ kind, header }) => {
    const upper = header.toUpperCase();
    expect(sectionOf(`${upper}: text`)).toEqual({ kind, title: upper });
  });

  it.each(phrases)('opens $kind as "$header" alone on its line', ({ kind, header }) => {
    const title = header.replace(/\b\w/g, (c) => c.toUpperCase());
    expect(sectionOf(`${title}\nText.`)).toEqual({ kind, title });
  });
});

describe('every abbreviation', () => {
  it.each(abbreviations)('opens $kind as "$header:"', ({ kind, header }) => {
    expect(sectionOf(`${header.toUpperCase()}: text`)).toEqual({ kind, title: header.toUpperCase() });
  });

  it.each(abbreviations)('does not open a section as "$header" alone without a colon', ({ header }) => {
    expect(sectionOf(`${header.toUpperCase()}\nText.`)).toBeUndefined();
  });
});
