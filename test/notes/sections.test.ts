/**
 * Finding a note's sections (src/notes/sections.ts): Synthea's Markdown headings and clinicians' headers,
 * where each section starts and ends, and lines with a colon that are not headers.
 */
import { describe, expect, it } from 'vitest';
import { findSections } from '../../src/notes/sections';

const kinds = (note: string) => findSections(note).map((s) => [s.kind, s.title]);

describe('Synthea notes (Markdown headings)', () => {
  it('finds every section of a Synthea note, in order', () => {
    const note = '2021-03-01\n\n# Chief Complaint\nNo complaints.\n\n# History of Present Illness\nJohn is 72.\n\n# Social History\nMarried.\n\n'
      + '# Allergies\nNo Known Allergies.\n\n# Medications\nlisinopril 10 mg oral tablet\n\n# Assessment and Plan\nAcute bronchitis.\n\n## Plan\n- chest x-ray\n';
    expect(kinds(note)).toEqual([
      ['chief-complaint', 'Chief Complaint'], ['history-of-present-illness', 'History of Present Illness'], ['social-history', 'Social History'],
      ['allergies', 'Allergies'], ['medications', 'Medications'], ['assessment-and-plan', 'Assessment and Plan'], ['plan', 'Plan'],
    ]);
  });

  it('runs each section from its header to the next header, and the last to the end', () => {
    const note = 'intro\n# Chief Complaint\nNo complaints.\n# Plan\nRest.';
    const [first, second] = findSections(note);
    expect(note.slice(first!.start, first!.end)).toBe('# Chief Complaint\nNo complaints.\n');
    expect(note.slice(second!.start, second!.end)).toBe('# Plan\nRest.');
  });

  it.each([
    ['# Discharge Summary', 'other'], ['## Vital Signs', 'physical-exam'], ['### Hospital Course', 'hospital-course'], ['# Plan:', 'plan'],
  ])('reads "%s" as %s', (heading, kind) => {
    expect(findSections(`${heading}\ntext`)[0]?.kind).toBe(kind);
  });

  it('does not read "#hashtag" or "#1" as a heading', () => {
    expect(findSections('#1 CHF\n#hashtag')).toEqual([]);
  });
});

describe('clinicians\' headers', () => {
  it.each([
    ['CHIEF COMPLAINT: chest pain', 'chief-complaint', 'CHIEF COMPLAINT'],
    ['HPI: 72 yo man with CHF', 'history-of-present-illness', 'HPI'],
    ['PMH: CHF, COPD', 'past-medical-history', 'PMH'],
    ['Past Medical History: CHF', 'past-medical-history', 'Past Medical History'],
    ['PSH: appendectomy', 'past-surgical-history', 'PSH'],
    ['FH: diabetes in mother', 'family-history', 'FH'],
    ['Family History: noncontributory', 'family-history', 'Family History'],
    ['SH: no tobacco', 'social-history', 'SH'],
    ['ROS: negative', 'review-of-systems', 'ROS'],
    ['Review of Systems: negative', 'review-of-systems', 'Review of Systems'],
    ['PE: lungs clear', 'physical-exam', 'PE'],
    ['Physical Exam: lungs clear', 'physical-exam', 'Physical Exam'],
    ['Labs: Na 128', 'results', 'Labs'],
    ['Results: pending', 'results', 'Results'],
    ['Hospital Course: uneventful', 'hospital-course', 'Hospital Course'],
    ['Assessment: CHF', 'assessment', 'Assessment'],
    ['Plan: diuresis', 'plan', 'Plan'],
    ['A/P: CHF', 'assessment-and-plan', 'A/P'],
    ['Assessment/Plan: CHF', 'assessment-and-plan', 'Assessment/Plan'],
    ['Impression: CHF', 'assessment', 'Impression'],
    ['Discharge Diagnoses: CHF', 'diagnoses', 'Discharge Diagnoses'],
    ['Diagnoses: CHF', 'diagnoses', 'Diagnoses'],
    ['Problem List: CHF', 'diagnoses', 'Problem List'],
    ['**Assessment:** CHF', 'assessment', 'Assessment'],
    ['  Plan:   diuresis', 'plan', 'Plan'],
    ['ASSESSMENT AND PLAN', 'assessment-and-plan', 'ASSESSMENT AND PLAN'],
    ['DISPOSITION:', 'other', 'DISPOSITION'],
  ])('reads "%s" as %s', (line, kind, title) => {
    expect(kinds(`${line}\nmore text`)).toEqual([[kind, title]]);
  });

  it('gives the text after the colon to the section', () => {
    const note = 'Assessment: acute CHF';
    const [section] = findSections(note);
    expect(section).toEqual({ kind: 'assessment', title: 'Assessment', start: 0, end: note.length });
  });
});

describe('lines with a colon that are not headers', () => {
  it.each([
    'Note: patient was seen at 10:30.',
    'BP: 120/80, HR: 88',
    'Patient states: "I feel fine."',
    'Sodium: 128 mmol/L',
    'NOTE: see addendum',
    'BP:',
    'He was told the plan: diuresis and follow up with cardiology in two weeks after discharge from hospital.',
    'Assessment of the wound shows healing',
  ])('"%s" is no header', (line) => {
    expect(findSections(line)).toEqual([]);
  });
});

describe('line endings and empty notes', () => {
  it('reads \\r\\n line endings', () => {
    expect(kinds('# Chief Complaint\r\nNone.\r\nPMH: CHF\r\n')).toEqual([['chief-complaint', 'Chief Complaint'], ['past-medical-history', 'PMH']]);
  });

  it('finds no section in an empty note or one of spaces', () => {
    expect(findSections('')).toEqual([]);
    expect(findSections('   \n \t\n')).toEqual([]);
  });
});
