/**
 * What a sentence asserts about the diagnoses it mentions (src/notes/assertions.ts: NegEx, ConText and the
 * uncertain-diagnosis words), as tables of named sentences.
 */
import { describe, expect, it } from 'vitest';
import { analyzeNote } from '../../src/notes/analyze-note';
import { ASSERTION_PRIORITY } from '../../src/notes/assertions';
import type { MentionAssertion } from '../../src/notes/types';

/** Each mention of a note as `words: assertion (cue)`. */
function read(note: string): string[] {
  return analyzeNote(note).mentions.map((m) => `${m.words}: ${m.assertion}${m.cue ? ` (${m.cue})` : ''}`);
}

type Case = [name: string, note: string, expected: string[]];

const cases = (table: Case[]) => table.map(([name, note, expected]) => ({ name, note, expected }));

describe('affirmed', () => {
  it.each(cases([
    ['a plain statement', 'Patient has CHF.', ['CHF: affirmed']],
    ['Synthea\'s assessment', 'Patient is presenting with acute bronchitis (disorder).', ['acute bronchitis: affirmed']],
    ['a trigger in another sentence', 'No fever. CHF exacerbation.', ['CHF: affirmed']],
    ['a negation after the diagnosis (pre-negation reaches forward only)', 'CHF, no edema.', ['CHF: affirmed', 'edema: negated (no)']],
    ['a diagnosis beyond the window of five words', 'No fever or chills were reported by the patient overnight, CHF stable.', ['CHF: affirmed']],
  ]))('reads $name: "$note"', ({ note, expected }) => {
    expect(read(note)).toEqual(expected);
  });
});

describe('negated (NegEx)', () => {
  it.each(cases([
    ['"denies"', 'Denies CHF.', ['CHF: negated (Denies)']],
    ['"denies" over a list, to the end', 'Denies chest pain or shortness of breath, CHF or COPD.', ['CHF: negated (Denies)', 'COPD: negated (Denies)']],
    ['"no" over a list of diagnoses', 'No CHF, AKI or hyponatremia.', ['CHF: negated (No)', 'AKI: negated (No)', 'hyponatremia: negated (No)']],
    ['"no history of" (negated, not historical)', 'No history of diabetes.', ['diabetes: negated (No history of)']],
    ['"no evidence of"', 'No evidence of pneumonia on CT.', ['pneumonia: negated (No evidence of)']],
    ['"negative for"', 'Doppler negative for DVT.', ['DVT: negated (negative for)']],
    ['"without"', 'Fever without sepsis.', ['sepsis: negated (without)']],
    ['"ruled out" before', 'Ruled out for MI.', ['MI: negated (Ruled out for)']],
    ['"ruled out" after (post-negation)', 'MI ruled out.', ['MI: negated (ruled out)']],
    ['"was ruled out" after', 'Pulmonary embolism was ruled out.', ['Pulmonary embolism: negated (was ruled out)']],
    ['"unlikely" after', 'Sepsis unlikely.', ['Sepsis: negated (unlikely)']],
    ['"has been excluded" after', 'AKI has been excluded.', ['AKI: negated (has been excluded)']],
    ['"is negative" after', 'DVT study is negative.', ['DVT: negated (is negative)']],
    ['a window of exactly five words', 'No fever, chills, cough, rash or nausea and CHF.', ['CHF: negated (No)']],
  ]))('reads $name: "$note"', ({ note, expected }) => {
    expect(read(note)).toEqual(expected);
  });
});

describe('pseudo-negation and termination', () => {
  it.each(cases([
    ['"no change in" (pseudo-negation)', 'No change in CHF.', ['CHF: affirmed']],
    ['"gram negative" (pseudo-negation)', 'Gram negative rods; sepsis.', ['sepsis: affirmed']],
    ['"gram-negative sepsis" (the diagnosis itself)', 'Gram-negative sepsis.', ['Gram-negative sepsis: affirmed']],
    ['"not only" (pseudo-negation)', 'Not only CHF but AKI.', ['CHF: affirmed', 'AKI: affirmed']],
    ['"but" ends the scope', 'Denies chest pain but has CHF.', ['CHF: affirmed']],
    ['"however" ends the scope', 'No fever, however pneumonia on CT.', ['pneumonia: affirmed']],
    ['";" ends the scope', 'No fever; pneumonia.', ['pneumonia: affirmed']],
    ['"which" ends the scope', 'No fever which would explain the sepsis.', ['sepsis: affirmed']],
    ['"aside from" ends the scope', 'No complaints aside from COPD.', ['COPD: affirmed']],
    ['"secondary to" ends the scope', 'No fever, secondary to sepsis.', ['sepsis: affirmed']],
    ['a termination ends a post-negation too', 'CHF, but pneumonia was ruled out.', ['CHF: affirmed', 'pneumonia: negated (was ruled out)']],
  ]))('reads $name: "$note"', ({ note, expected }) => {
    expect(read(note)).toEqual(expected);
  });
});

describe('uncertain', () => {
  it.each(cases([
    ['"possible"', 'Possible pneumonia.', ['pneumonia: uncertain (Possible)']],
    ['"probable"', 'Probable UTI.', ['UTI: uncertain (Probable)']],
    ['"suspected" before', 'Suspected sepsis.', ['sepsis: uncertain (Suspected)']],
    ['"suspected" after', 'Sepsis is suspected.', ['Sepsis: uncertain (is suspected)']],
    ['"likely"', 'Likely CHF.', ['CHF: uncertain (Likely)']],
    ['"rule out" (not "ruled out")', 'Rule out MI.', ['MI: uncertain (Rule out)']],
    ['"r/o"', 'R/o PNA.', ['PNA: uncertain (R/o)']],
    ['"consistent with"', 'Findings consistent with pneumonia.', ['pneumonia: uncertain (consistent with)']],
    ['"concern for"', 'Concern for sepsis.', ['sepsis: uncertain (Concern for)']],
    ['"cannot exclude"', 'Cannot exclude PE or pneumonia.', ['pneumonia: uncertain (Cannot exclude)']],
    ['"cannot be ruled out" (not a negation)', 'Pneumonia cannot be ruled out.', ['Pneumonia: uncertain (cannot be ruled out)']],
    ['"vs" on both sides', 'CHF vs COPD exacerbation.', ['CHF: uncertain (vs)', 'COPD exacerbation: uncertain (vs)']],
    ['"questionable"', 'Questionable AF on telemetry.', ['AF: uncertain (Questionable)']],
  ]))('reads $name: "$note"', ({ note, expected }) => {
    expect(read(note)).toEqual(expected);
  });
});

describe('historical (ConText)', () => {
  it.each(cases([
    ['"history of"', 'History of stroke.', ['stroke: historical (History of)']],
    ['Synthea\'s "Patient has a history of", over the whole list', 'Patient has a history of hypertension, chronic kidney disease stage 3 (disorder), anemia (disorder).', [
      'hypertension: historical (history of)', 'chronic kidney disease stage 3: historical (history of)', 'anemia: historical (history of)',
    ]],
    ['"h/o"', 'H/o DVT.', ['DVT: historical (H/o)']],
    ['"s/p"', 'S/p MI.', ['MI: historical (S/p)']],
    ['"status post"', 'Status post stroke.', ['stroke: historical (Status post)']],
    ['"prior"', 'Prior DVT.', ['DVT: historical (Prior)']],
    ['"history of" in an HPI stays historical (the published behaviour)', '# History of Present Illness\nHe has a history of CHF.', ['CHF: historical (history of)']],
    ['a past medical history section', 'PMH: CHF, COPD.', ['CHF: historical (PMH)', 'COPD: historical (PMH)']],
    ['a past surgical history section', '# Past Surgical History\nAppendicitis.', ['Appendicitis: historical (Past Surgical History)']],
    ['"now" ends the historical scope', 'History of stroke, now AKI.', ['stroke: historical (History of)', 'AKI: affirmed']],
    ['"prior to admission" is no history (pseudo)', 'Prior to admission he developed AKI.', ['AKI: affirmed']],
  ]))('reads $name: "$note"', ({ note, expected }) => {
    expect(read(note)).toEqual(expected);
  });
});

describe('hypothetical (ConText)', () => {
  it.each(cases([
    ['"if"', 'If AF recurs, start apixaban.', ['AF: hypothetical (If)']],
    ['"return if"', 'Return if signs of DVT.', ['DVT: hypothetical (Return if)']],
    ['"should"', 'Should AKI develop, hold lisinopril.', ['AKI: hypothetical (Should)']],
    ['"in case of"', 'In case of hypoglycemia, give glucose.', ['hypoglycemia: hypothetical (In case of)']],
    ['"watch for"', 'Watch for hyperkalemia.', ['hyperkalemia: hypothetical (Watch for)']],
    ['"monitor for"', 'Monitor for hypokalemia.', ['hypokalemia: hypothetical (Monitor for)']],
    ['"prophylaxis" after', 'DVT prophylaxis: heparin.', ['DVT: hypothetical (prophylaxis)']],
    ['"at risk for"', 'At risk for pressure ulcer.', ['pressure ulcer: hypothetical (At risk for)']],
  ]))('reads $name: "$note"', ({ note, expected }) => {
    expect(read(note)).toEqual(expected);
  });
});

describe('family (ConText experiencer)', () => {
  it.each(cases([
    ['"mother"', 'Mother with diabetes.', ['diabetes: family (Mother)']],
    ['"father had"', 'Father had an MI at 50.', ['MI: family (Father)']],
    ['"family history of"', 'Family history of colon cancer.', ['colon cancer: family (Family history of)']],
    ['a relative after the diagnosis', 'Diabetes in mother.', ['Diabetes: family (in mother)']],
    ['a family history section (Synthea heading)', '# Family History\nDiabetes, hypertension.', ['Diabetes: family (Family History)', 'hypertension: family (Family History)']],
    ['a family history section (clinician style)', 'FH: CAD in father. Stroke.', ['CAD: family (in father)', 'Stroke: family (FH)']],
    ['"patient" ends the experiencer scope', 'Daughter states patient has CHF.', ['CHF: affirmed']],
  ]))('reads $name: "$note"', ({ note, expected }) => {
    expect(read(note)).toEqual(expected);
  });
});

describe('when several apply: family > negated > hypothetical > historical > uncertain > affirmed', () => {
  it('states the order', () => {
    expect(ASSERTION_PRIORITY).toEqual(['family', 'negated', 'hypothetical', 'historical', 'uncertain']);
  });

  it.each(cases([
    ['family over negated', 'Mother without diabetes.', ['diabetes: family (Mother)']],
    ['family over historical', "Mother's history of stroke.", ['stroke: family (Mother\'s)']],
    ['negated over historical', 'Denies history of CHF.', ['CHF: negated (Denies)']],
    ['negated over uncertain', 'No possible pneumonia.', ['pneumonia: negated (No)']],
    ['hypothetical over historical', 'If prior DVT, start heparin.', ['DVT: hypothetical (If)']],
    ['historical over uncertain', 'History of possible stroke.', ['stroke: historical (History of)']],
    ['negated in a past medical history section', 'PMH: denies CHF.', ['CHF: negated (denies)']],
    ['negated in a family history section stays family', 'Family History: no diabetes.', ['diabetes: family (Family History)']],
  ]))('$name: "$note"', ({ note, expected }) => {
    expect(read(note)).toEqual(expected);
  });
});

describe('every mention carries one of the six assertions, and a cue unless affirmed', () => {
  it('holds on a note with every kind of sentence', () => {
    const note = 'HPI: History of CHF. Denies AKI. Possible sepsis. If AF recurs, call. Mother with diabetes. Has COPD.';
    const assertions = new Set<MentionAssertion>();
    for (const mention of analyzeNote(note).mentions) {
      assertions.add(mention.assertion);
      if (mention.assertion === 'affirmed') expect(mention.cue).toBeUndefined();
      else expect(note).toContain(mention.cue);
    }
    expect([...assertions].sort()).toEqual(['affirmed', 'family', 'historical', 'hypothetical', 'negated', 'uncertain']);
  });
});
