/**
 * Matching the mention dictionary in a sentence (src/notes/mentions.ts): word boundaries, case, abbreviations,
 * hyphens, plurals, the longest match, and offsets.
 */
import { describe, expect, it } from 'vitest';
import { findMentions } from '../../src/notes/mentions';

const found = (text: string) => findMentions(text).map((m) => [m.words, m.diagnosis.icd10]);

describe('the longest match wins at a position', () => {
  it.each([
    ['acute on chronic systolic heart failure', 'I50.23'],
    ['acute blood loss anemia', 'D62'],
    ['severe sepsis', 'R65.20'],
    ['septic shock', 'R65.21'],
    ['CKD stage 3b', 'N18.32'],
    ['stage 2 pressure injury of sacrum', 'L89.152'],
    ['acute hypoxic respiratory failure', 'J96.01'],
    ['type 2 diabetes mellitus with hyperglycemia', 'E11.65'],
    ['anemia of chronic kidney disease', 'D63.1'],
    ['paroxysmal atrial fibrillation', 'I48.0'],
    ['gram negative sepsis', 'A41.50'],
    ['end stage renal disease', 'N18.6'],
  ])('reads "%s" whole, as %s', (words, icd10) => {
    expect(found(`He has ${words} today.`)).toEqual([[words, icd10]]);
  });

  it('reads "heart failure" alone as I50.9 and "anemia" alone as D64.9', () => {
    expect(found('Heart failure and anemia.')).toEqual([['Heart failure', 'I50.9'], ['anemia', 'D64.9']]);
  });

  it('goes on after a match: two diagnoses side by side are two mentions', () => {
    expect(found('AKI on CKD 3b')).toEqual([['AKI', 'N17.9'], ['CKD 3b', 'N18.32']]);
    expect(found('sepsis, septic shock and acute respiratory failure')).toEqual([['sepsis', 'A41.9'], ['septic shock', 'R65.21'], ['acute respiratory failure', 'J96.00']]);
  });
});

describe('abbreviations match their capitals exactly', () => {
  it.each([
    ['AF', 'I48.91'], ['CHF', 'I50.9'], ['AKI', 'N17.9'], ['CKD', 'N18.9'], ['COPD', 'J44.9'], ['HTN', 'I10'], ['DM2', 'E11.9'], ['T2DM', 'E11.9'],
    ['ESRD', 'N18.6'], ['UTI', 'N39.0'], ['DVT', 'I82.409'], ['HFrEF', 'I50.20'], ['HFpEF', 'I50.30'], ['NSTEMI', 'I21.4'], ['ARDS', 'J80'],
  ])('reads "%s" as %s', (abbreviation, icd10) => {
    expect(found(`Known ${abbreviation}.`)).toEqual([[abbreviation, icd10]]);
  });

  it.each([
    ['af the end', 'a lower-case "af" is no atrial fibrillation'],
    ['the chf clinic number', '"chf" in lower case is not read'],
    ['Aki is her name', 'only the capitals "AKI" are acute kidney injury'],
    ['Dm me later', '"Dm" is not DM'],
    ['a utility bill', 'no abbreviation inside a word'],
    ['CHFs AFL2 xAKI', 'no abbreviation inside a longer word'],
  ])('finds nothing in "%s" (%s)', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('leaves out ambiguous abbreviations: PE, MS, ARF, HF, RA', () => {
    expect(found('PE: normal. MS intact. ARF. HF nasal cannula. RA sat 95%.')).toEqual([]);
  });
});

describe('words match in any case, on word boundaries', () => {
  it.each([
    ['HYPONATREMIA', 'E87.1'], ['Hyponatremia', 'E87.1'], ['hyponatremia', 'E87.1'], ['Chronic Kidney Disease', 'N18.9'],
  ])('reads "%s" as %s', (words, icd10) => {
    expect(found(`${words}.`)).toEqual([[words, icd10]]);
  });

  it('does not read a diagnosis inside a longer word', () => {
    expect(found('hypertensiveness, preanemia, sepsisx')).toEqual([]);
  });

  it('does not join words across punctuation', () => {
    expect(found('heart, failure')).toEqual([]);
  });
});

describe('hyphens, spaces and spelling variants', () => {
  it.each([
    ['a-fib', 'I48.91'], ['afib', 'I48.91'], ['a fib', 'I48.91'], ['atrial fibrillation', 'I48.91'], ['A-Fib', 'I48.91'],
    ['type II diabetes', 'E11.9'], ['type 2 DM', 'E11.9'], ['DM type II', 'E11.9'], ['protein-calorie malnutrition', 'E46'],
    ['end-stage renal disease', 'N18.6'], ['acute-on-chronic diastolic heart failure', 'I50.33'], ['non-ST elevation MI', 'I21.4'],
    ['non-ST-elevation myocardial infarction', 'I21.4'], ['hyponatraemia', 'E87.1'], ['COVID-19', 'U07.1'],
  ])('reads "%s" as %s', (words, icd10) => {
    expect(found(words)).toEqual([[words, icd10]]);
  });

  it('passes over "the" inside a name', () => {
    expect(found('pressure ulcer of the left heel')).toEqual([['pressure ulcer of the left heel', 'L89.629']]);
  });

  it('reads plurals where a note writes them', () => {
    expect(found('pressure ulcers, pleural effusions, UTIs, DVTs, strokes')).toEqual([
      ['pressure ulcers', 'L89.90'], ['pleural effusions', 'J90'], ['UTIs', 'N39.0'], ['DVTs', 'I82.409'], ['strokes', 'I63.9'],
    ]);
  });
});

describe('false friends: words of a diagnosis that name something else', () => {
  it.each([
    ['ECG with 1 mm ST depression in V4.', []],
    ['Abdomen soft, RUQ TTP.', []],
    ['HIT antibody pending.', []],
    ['Code stroke called; stroke volume normal.', []],
    ['Sepsis bundle started.', []],
    ['Follow up in CHF clinic.', []],
    ['Pulmonary hypertension on echo.', [['Pulmonary hypertension', 'I27.20']]],
    ['Portal hypertension with varices.', [['Portal hypertension', 'K76.6']]],
    ['Cerebral edema on CT.', [['Cerebral edema', 'G93.6']]],
  ])('reads "%s" as %j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it('reads no diagnosis in a procedure or a plan Synthea lists with its tag', () => {
    expect(found('assessment of anxiety (procedure)')).toEqual([]);
    expect(found('screening for malnutrition (procedure).')).toEqual([]);
    expect(found('chronic obstructive pulmonary disease clinical management plan (regime/therapy)')).toEqual([]);
    expect(found('anxiety (finding)')).toEqual([['anxiety', 'F41.9']]);
  });

  it('reads no COVID-19 in the vaccine Synthea lists in its plan', () => {
    expect(found('Patient was given the following immunizations: sars-cov-2 (covid-19) vaccine, mrna, spike protein, lnp, preservative free, 30 mcg/0.3ml dose.')).toEqual([]);
  });
});

describe('offsets', () => {
  it('gives the words as written at their offsets in the text', () => {
    const text = 'Pt with A-fib, CKD stage 3b and acute on chronic HFrEF.';
    const mentions = findMentions(text);
    expect(mentions.map((m) => m.words)).toEqual(['A-fib', 'CKD stage 3b', 'acute on chronic HFrEF']);
    for (const m of mentions) expect(text.slice(m.start, m.end)).toBe(m.words);
  });

  it('finds nothing in an empty text or a text of spaces', () => {
    expect(findMentions('')).toEqual([]);
    expect(findMentions(' \n\t ')).toEqual([]);
  });
});
