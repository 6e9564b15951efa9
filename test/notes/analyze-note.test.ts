/**
 * Reading a whole note (src/notes/analyze-note.ts): a Synthea note and a clinician's note end to end, the
 * offsets every result carries, and hostile input (1 MB texts that must simply finish, empty text, \r\n).
 */
import { describe, expect, it } from 'vitest';
import { analyzeNote } from '../../src/notes/analyze-note';
import { htmlToText } from '../../src/notes/html-text';
import type { NoteAnalysis } from '../../src/notes/types';

/** Every sentence is its slice of the note, every mention its slice of its sentence, in order and inside its section. */
function expectConsistentOffsets(text: string, analysis: NoteAnalysis): void {
  let previousEnd = 0;
  for (const sentence of analysis.sentences) {
    expect(text.slice(sentence.start, sentence.end)).toBe(sentence.text);
    expect(sentence.start).toBeGreaterThanOrEqual(previousEnd);
    previousEnd = sentence.end;
    const section = analysis.sections.find((s) => s.start <= sentence.start && sentence.end <= s.end);
    expect(sentence.section).toBe(section?.kind);
  }
  for (const mention of analysis.mentions) {
    expect(mention.sentence.text.slice(mention.start, mention.end)).toBe(mention.words);
    expect(analysis.sentences).toContain(mention.sentence);
  }
  for (const [i, section] of analysis.sections.entries()) {
    expect(section.start).toBeLessThan(section.end);
    expect(section.end).toBe(analysis.sections[i + 1]?.start ?? text.length);
  }
}

const row = (m: NoteAnalysis['mentions'][number]) => [m.words, m.diagnosis.icd10, m.assertion, m.cue ?? '', m.sentence.section ?? ''];

const SYNTHEA_NOTE = `2021-03-01

# Chief Complaint
No complaints.

# History of Present Illness
John is a 72 year-old non-hispanic white male. Patient has a history of hypertension, chronic kidney disease stage 3 (disorder).

# Social History
Patient is married. Patient has never smoked.

# Allergies
No Known Allergies.

# Medications
lisinopril 10 mg oral tablet; furosemide 40 mg oral tablet

# Assessment and Plan
Patient is presenting with acute bronchitis (disorder). 

## Plan
The following procedures were conducted:
- spirometry
`;

describe('a Synthea note, end to end', () => {
  const analysis = analyzeNote(SYNTHEA_NOTE);

  it('finds its sections', () => {
    expect(analysis.sections.map((s) => s.kind)).toEqual([
      'chief-complaint', 'history-of-present-illness', 'social-history', 'allergies', 'medications', 'assessment-and-plan', 'plan',
    ]);
  });

  it('reads the active conditions of the HPI as historical (ConText "history of") and the assessment as affirmed', () => {
    expect(analysis.mentions.map(row)).toEqual([
      ['hypertension', 'I10', 'historical', 'history of', 'history-of-present-illness'],
      ['chronic kidney disease stage 3', 'N18.30', 'historical', 'history of', 'history-of-present-illness'],
      ['acute bronchitis', 'J20.9', 'affirmed', '', 'assessment-and-plan'],
    ]);
    expect(analysis.mentions[1]!.diagnosis.snomed).toBe('433144002');
  });

  it('keeps every offset consistent', () => {
    expectConsistentOffsets(SYNTHEA_NOTE, analysis);
  });
});

const CLINICIAN_NOTE = `HISTORY AND PHYSICAL

CHIEF COMPLAINT: Shortness of breath.

HPI: Mr. Jones is a 68 yo man with HFrEF (EF 25%), T2DM and CKD stage 3b who presents with 3 days of dyspnea.
He denies chest pain, fever or cough. No evidence of pneumonia on CXR. Na 128 mmol/L, K 3.1.

PMH:
- Hypertension
- Atrial fibrillation on apixaban
- s/p MI 2015

FAMILY HISTORY: Mother with diabetes. Father had a stroke.

ASSESSMENT/PLAN:
1. Acute on chronic systolic heart failure: IV furosemide, monitor for hypokalemia.
2. Hyponatremia, likely hypervolemic.
3. AKI on CKD 3b: possible cardiorenal syndrome. Rule out obstruction.
4. Stage 2 pressure injury of the sacrum: wound care.
5. DVT prophylaxis: heparin.
`;

describe('a clinician\'s note, end to end', () => {
  const analysis = analyzeNote(CLINICIAN_NOTE);

  it('finds its sections in the clinician\'s words', () => {
    expect(analysis.sections.map((s) => [s.kind, s.title])).toEqual([
      ['chief-complaint', 'CHIEF COMPLAINT'], ['history-of-present-illness', 'HPI'], ['past-medical-history', 'PMH'],
      ['family-history', 'FAMILY HISTORY'], ['assessment-and-plan', 'ASSESSMENT/PLAN'],
    ]);
  });

  it('reads each diagnosis with what its sentence asserts', () => {
    expect(analysis.mentions.map(row)).toEqual([
      ['HFrEF', 'I50.20', 'affirmed', '', 'history-of-present-illness'],
      ['T2DM', 'E11.9', 'affirmed', '', 'history-of-present-illness'],
      ['CKD stage 3b', 'N18.32', 'affirmed', '', 'history-of-present-illness'],
      ['pneumonia', 'J18.9', 'negated', 'No evidence of', 'history-of-present-illness'],
      ['Hypertension', 'I10', 'historical', 'PMH', 'past-medical-history'],
      ['Atrial fibrillation', 'I48.91', 'historical', 'PMH', 'past-medical-history'],
      ['MI', 'I21.9', 'historical', 's/p', 'past-medical-history'],
      ['diabetes', 'E11.9', 'family', 'Mother', 'family-history'],
      ['stroke', 'I63.9', 'family', 'Father', 'family-history'],
      ['Acute on chronic systolic heart failure', 'I50.23', 'affirmed', '', 'assessment-and-plan'],
      ['hypokalemia', 'E87.6', 'hypothetical', 'monitor for', 'assessment-and-plan'],
      ['Hyponatremia', 'E87.1', 'affirmed', '', 'assessment-and-plan'],
      ['AKI', 'N17.9', 'affirmed', '', 'assessment-and-plan'],
      ['CKD 3b', 'N18.32', 'affirmed', '', 'assessment-and-plan'],
      ['Stage 2 pressure injury of the sacrum', 'L89.152', 'affirmed', '', 'assessment-and-plan'],
      ['DVT', 'I82.409', 'hypothetical', 'prophylaxis', 'assessment-and-plan'],
    ]);
  });

  it('keeps every offset consistent, with \\r\\n line endings too', () => {
    expectConsistentOffsets(CLINICIAN_NOTE, analysis);
    const crlf = CLINICIAN_NOTE.replace(/\n/g, '\r\n');
    const again = analyzeNote(crlf);
    expectConsistentOffsets(crlf, again);
    expect(again.mentions.map(row)).toEqual(analysis.mentions.map(row));
  });

  it('reads the same note written as HTML the same way', () => {
    const html = `<html><head><title>H&amp;P</title><script>steal()</script></head><body>${CLINICIAN_NOTE.split('\n\n').map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`).join('')}</body></html>`;
    const text = htmlToText(html);
    expect(text).not.toMatch(/steal|<|title/);
    expect(analyzeNote(text).mentions.map(row)).toEqual(analysis.mentions.map(row));
  });
});

describe('empty and hostile input', () => {
  it.each([['an empty note', ''], ['a note of spaces', '   '], ['a note of line breaks', '\r\n\r\n\n'], ['a note of tabs', '\t\t']])('reads %s as nothing', (_name, text) => {
    expect(analyzeNote(text)).toEqual({ sections: [], sentences: [], mentions: [] });
  });

  const MB = 1_000_000;
  it.each([
    ['1 MB of "no "', 'no '.repeat(MB / 3), (a: NoteAnalysis) => expect(a.mentions).toEqual([])],
    ['1 MB list "No CHF, "', 'No CHF, '.repeat(MB / 8), (a: NoteAnalysis) => {
      expect(a.mentions).toHaveLength(MB / 8);
      expect(a.mentions.every((m) => m.assertion === 'negated')).toBe(true);
    }],
    ['1 MB of "history of CHF "', 'history of CHF '.repeat(MB / 15), (a: NoteAnalysis) => expect(a.mentions.every((m) => m.assertion === 'historical')).toBe(true)],
    ['1 MB of periods', '.'.repeat(MB), (a: NoteAnalysis) => expect(a.sentences).toEqual([])],
    ['1 MB of periods, then a word', `${'.'.repeat(MB)}a`, (a: NoteAnalysis) => expect(a.sentences).toHaveLength(1)],
    ['1 MB of one word', 'a'.repeat(MB), (a: NoteAnalysis) => expect(a.sentences).toHaveLength(1)],
    ['1 MB of "the" inside a name', `pressure ulcer of ${'the '.repeat(MB / 4)}`, (a: NoteAnalysis) => expect(a.mentions.map((m) => m.diagnosis.icd10)).toEqual(['L89.90'])],
    ['1 MB of headings', '# Plan\n'.repeat(Math.floor(MB / 7)), (a: NoteAnalysis) => expect(a.sections).toHaveLength(Math.floor(MB / 7))],
    ['1 MB of "PMH: CHF" lines', 'PMH: CHF\n'.repeat(MB / 9), (a: NoteAnalysis) => expect(a.mentions.every((m) => m.assertion === 'historical')).toBe(true)],
    ['1 MB of "("', '('.repeat(MB), (a: NoteAnalysis) => expect(a.mentions).toEqual([])],
    ['1 MB of "#"', '#'.repeat(MB), (a: NoteAnalysis) => expect(a.sections).toEqual([])],
    ['1 MB of ":"', ':'.repeat(MB), (a: NoteAnalysis) => expect(a.sections).toEqual([])],
    ['1 MB of "CKD stage "', 'CKD stage '.repeat(MB / 10), (a: NoteAnalysis) => expect(a.mentions).toHaveLength(MB / 10)],
    ['1 MB of list items', '- x\n'.repeat(MB / 4), (a: NoteAnalysis) => expect(a.sentences).toHaveLength(MB / 4)],
    ['1 MB of control characters', '\u0000\u0007\u001b'.repeat(MB / 3), (a: NoteAnalysis) => expect(a.mentions).toEqual([])],
  ])('reads %s (linear: it finishes)', (_name, text, check) => {
    check(analyzeNote(text));
  });
});

describe('a long discharge summary (40 KB)', () => {
  it('is read whole: every paragraph\'s mentions, offsets consistent', () => {
    const paragraph = `${CLINICIAN_NOTE}\n`;
    const note = paragraph.repeat(Math.ceil(40_000 / paragraph.length));
    const analysis = analyzeNote(note);
    const perParagraph = analyzeNote(paragraph).mentions.length;
    expect(analysis.mentions).toHaveLength(perParagraph * Math.ceil(40_000 / paragraph.length));
    expectConsistentOffsets(note, analysis);
  });
});
