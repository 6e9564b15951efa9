/**
 * Splitting a note into sentences (src/notes/sentences.ts): at sentence ends and list items, never inside a
 * decimal, an abbreviation or a date; each sentence with its section and its offsets in the note.
 */
import { describe, expect, it } from 'vitest';
import { findSentences, splitSentences } from '../../src/notes/sentences';

const texts = (note: string) => findSentences(note).map((s) => s.text);

describe('sentence ends', () => {
  it.each([
    ['at ". " before a capital', 'CHF is stable. AKI resolved.', ['CHF is stable.', 'AKI resolved.']],
    ['at "? " and "! "', 'Sepsis? Yes! Treated.', ['Sepsis?', 'Yes!', 'Treated.']],
    ['at ". " before a digit', 'Labs drawn. 3 units transfused.', ['Labs drawn.', '3 units transfused.']],
    ['at ". " before a bullet', 'Plan below. - diuresis', ['Plan below.', '- diuresis']],
    ['at the end of the text', 'CHF.', ['CHF.']],
    ['after a closing bracket or quote', 'He said "no CHF." Then AKI.', ['He said "no CHF."', 'Then AKI.']],
    ['not before a lower-case word', 'Seen by cardiology. and nephrology', ['Seen by cardiology. and nephrology']],
  ])('splits %s', (_name, note, expected) => {
    expect(texts(note)).toEqual(expected);
  });
});

describe('never inside', () => {
  it.each([
    ['a decimal', 'Potassium 3.5 mmol/L today. Creatinine 2.4.', ['Potassium 3.5 mmol/L today.', 'Creatinine 2.4.']],
    ['"Dr."', 'Seen by Dr. Smith today.', ['Seen by Dr. Smith today.']],
    ['"Mr."', 'Mr. Jones has CHF.', ['Mr. Jones has CHF.']],
    ['"e.g."', 'Avoid nephrotoxins, e.g. NSAIDs.', ['Avoid nephrotoxins, e.g. NSAIDs.']],
    ['"i.e."', 'Stage 3b, i.e. GFR 30-44.', ['Stage 3b, i.e. GFR 30-44.']],
    ['"vs."', 'CHF vs. COPD.', ['CHF vs. COPD.']],
    ['"approx."', 'Lost approx. 500 mL.', ['Lost approx. 500 mL.']],
    ['"No." before a number', 'Specimen No. 2 sent.', ['Specimen No. 2 sent.']],
    ['"mg."', 'Furosemide 40 mg. IV twice daily.', ['Furosemide 40 mg. IV twice daily.']],
    ['a date', 'Admitted Jan. 5, 2021 with sepsis.', ['Admitted Jan. 5, 2021 with sepsis.']],
    ['a dotted date', 'Seen 03.01.2021 for CHF.', ['Seen 03.01.2021 for CHF.']],
    ['"E. coli"', 'Urine grew E. Coli. Treated.', ['Urine grew E. Coli.', 'Treated.']],
  ])('keeps %s whole', (_name, note, expected) => {
    expect(texts(note)).toEqual(expected);
  });

  it('still ends a sentence at "No." before a capital', () => {
    expect(texts('Fever? No. Pain? Yes.')).toEqual(['Fever?', 'No.', 'Pain?', 'Yes.']);
  });
});

describe('lines and lists', () => {
  it('makes each list item a sentence, without its bullet', () => {
    expect(texts('Diagnoses:\n- CHF\n- AKI\n* COPD\n1. Sepsis\n2) Anemia')).toEqual(['CHF', 'AKI', 'COPD', 'Sepsis', 'Anemia']);
  });

  it('makes each line of a list without bullets a sentence', () => {
    expect(texts('Hypertension\nDiabetes\nCKD stage 3')).toEqual(['Hypertension', 'Diabetes', 'CKD stage 3']);
  });

  it('joins a wrapped line that goes on in lower case', () => {
    expect(texts('Patient denies chest pain or\nshortness of breath. CHF stable.')).toEqual(['Patient denies chest pain or\nshortness of breath.', 'CHF stable.']);
  });

  it('ends a paragraph at a blank line', () => {
    expect(texts('No fever\n\nsepsis treated')).toEqual(['No fever', 'sepsis treated']);
  });

  it('leaves out lines with no word (separators)', () => {
    expect(texts('CHF\n-----\n=====\nAKI')).toEqual(['CHF', 'AKI']);
  });
});

describe('sections and offsets', () => {
  it('gives each sentence its section, none before the first header, and leaves headers out', () => {
    const note = '2021-03-01\n\n# Chief Complaint\nNo complaints.\n\n# History of Present Illness\nJohn is 72. He has CHF.\nPMH: COPD.';
    expect(findSentences(note).map((s) => [s.text, s.section])).toEqual([
      ['2021-03-01', undefined], ['No complaints.', 'chief-complaint'], ['John is 72.', 'history-of-present-illness'],
      ['He has CHF.', 'history-of-present-illness'], ['COPD.', 'past-medical-history'],
    ]);
  });

  it('gives offsets into the note: note.slice(start, end) is the sentence', () => {
    const note = '# HPI\r\n  Mr. Smith has CHF.  AKI on CKD 3b.\r\n- DVT prophylaxis\r\n\r\nA/P: sepsis, 3.5 mmol/L.';
    const sentences = findSentences(note);
    expect(sentences.map((s) => s.text)).toEqual(['Mr. Smith has CHF.', 'AKI on CKD 3b.', 'DVT prophylaxis', 'sepsis, 3.5 mmol/L.']);
    for (const s of sentences) expect(note.slice(s.start, s.end)).toBe(s.text);
  });

  it('splits only the part of the text it is given', () => {
    const text = 'One. Two. Three.';
    expect(splitSentences(text, 5, 9)).toEqual([{ start: 5, end: 9 }]);
  });

  it('finds no sentence in an empty note or one of spaces', () => {
    expect(findSentences('')).toEqual([]);
    expect(findSentences(' \r\n\t \n')).toEqual([]);
  });
});
