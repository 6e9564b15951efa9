/**
 * Reading a clinical note (issue 13): its sections, its sentences, and the diagnoses each sentence mentions
 * with what the sentence asserts about them. Pure: text in, data out.
 */
import { assertMentions } from './assertions';
import { findMentionSpans } from './mentions';
import { readSections } from './sections';
import { placeSentences } from './sentences';
import { tokenize } from './tokens';
import type { NoteAnalysis, NoteMention } from './types';

/**
 * The sections, sentences and diagnosis mentions of a note's plain text (a text/html note goes through
 * htmlToText first). Sections: src/terminology/note-sections.ts; sentences: split at sentence ends and list
 * items (sentences.ts); mentions: the dictionary of src/terminology/note-terms.ts and the SNOMED CT map's
 * displays, longest match first (mentions.ts); assertions: NegEx (Chapman 2001) and ConText (Harkema 2009),
 * uncertainty per ICD-10-CM Official Guidelines II.H/III.C/IV.H (assertions.ts).
 *
 * Offsets: a sentence's `start`/`end` are in `text` (`text.slice(start, end) === sentence.text`); a mention's
 * are in its sentence's text (`sentence.text.slice(start, end) === words`). Linear in the text's length.
 */
export function analyzeNote(text: string): NoteAnalysis {
  const sections = readSections(text);
  const placed = placeSentences(text, sections);
  const mentions: NoteMention[] = [];
  for (const { sentence, section } of placed) {
    const tokens = tokenize(sentence.text);
    const spans = findMentionSpans(tokens);
    if (spans.length === 0) continue;
    const asserted = assertMentions(sentence.text, tokens, spans, section);
    spans.forEach((span, i) => {
      const { assertion, cue } = asserted[i]!;
      mentions.push({
        diagnosis: span.diagnosis,
        words: sentence.text.slice(span.start, span.end),
        start: span.start,
        end: span.end,
        sentence,
        assertion,
        ...(cue !== undefined ? { cue } : {}),
      });
    });
  }
  return { sections: sections.map((body) => body.section), sentences: placed.map((p) => p.sentence), mentions };
}
