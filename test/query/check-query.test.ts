import { describe, expect, it } from 'vitest';
import { checkQuery, QUESTION_MAX_LENGTH, sentencesOf, type QueryProblem } from '../../src/query/check-query';
import { QUERY_PURPOSES, type QueryDraft, type QueryPurpose } from '../../src/query/draft';
import {
  AKI_CHOICE, AKI_OPEN, CAUSE_AND_EFFECT, COMPLIANT_QUERIES, CONFIRM_PATHOLOGY, HEART_FAILURE_SPECIFICITY, HYPONATREMIA, PRESSURE_INJURY_POA,
  SEPSIS_VALIDATION, variant,
} from './queries';

const ids = (draft: QueryDraft) => checkQuery(draft).map((p) => p.id);
const blocking = (draft: QueryDraft) => checkQuery(draft).filter((p) => p.severity === 'blocking');
const only = (draft: QueryDraft, id: string) => checkQuery(draft).filter((p) => p.id === id);
const phrase = (draft: QueryDraft, p: QueryProblem) => draft.question.slice(p.span!.start, p.span!.end);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('compliant queries', () => {
  it.each(COMPLIANT_QUERIES)('%s: no problem at all', (_name, draft) => {
    expect(checkQuery(draft)).toEqual([]);
  });

  it('covers every format and every purpose', () => {
    expect(new Set(COMPLIANT_QUERIES.map(([, d]) => d.format))).toEqual(new Set(['open-ended', 'multiple-choice', 'yes-no']));
    expect(new Set(COMPLIANT_QUERIES.map(([, d]) => d.purpose))).toEqual(new Set(QUERY_PURPOSES));
  });

  it('never changes the draft', () => {
    const draft = deepFreeze(structuredClone(variant(HYPONATREMIA, { question: 'The patient has hyponatremia. Please document it for the DRG.' })));
    expect(() => checkQuery(draft)).not.toThrow();
    expect(draft.question).toBe('The patient has hyponatremia. Please document it for the DRG.');
  });

  it('lists blocking problems first', () => {
    const problems = checkQuery(variant(HYPONATREMIA, { options: [{ text: 'Hyponatremia', code: 'E87.1' }, { text: 'Hyponatremia', code: 'E87.1' }], question: 'Please document hyponatremia.' }));
    const severities = problems.map((p) => p.severity);
    expect(severities).toEqual([...severities].sort());
    expect(severities).toContain('warning');
  });
});

describe('required elements', () => {
  it('blocks a query citing no clinical indicator', () => {
    expect(only(variant(AKI_OPEN, { indicators: [] }), 'no-indicator')).toEqual([expect.objectContaining({ severity: 'blocking', field: 'indicators' })]);
  });

  it('blocks an indicator with no text, or with no resource it comes from', () => {
    const draft = variant(AKI_OPEN, { indicators: [{ text: ' ', reference: 'Observation/cr1' }, { text: 'Creatinine 2.1 mg/dL', reference: '' }, { text: 'Creatinine 2.1 mg/dL', reference: 'creatinine was high' }] });
    expect(checkQuery(draft).map((p) => [p.id, p.indicatorIndex])).toEqual([
      ['indicator-without-text', 0], ['indicator-without-source', 1], ['indicator-without-source', 2],
    ]);
  });

  it.each(['Observation/cr1', 'Observation/cr1/_history/2', '#ind1', 'urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0', 'https://ehr.example.org/fhir/Observation/cr1'])(
    'takes %s as an indicator source', (reference) => {
      expect(ids(variant(AKI_OPEN, { indicators: [{ text: 'Creatinine 2.1 mg/dL', reference }] }))).toEqual([]);
    });

  it('blocks an empty question', () => {
    expect(only(variant(AKI_OPEN, { question: '  \n ' }), 'empty-question')).toEqual([expect.objectContaining({ severity: 'blocking', field: 'question' })]);
  });

  it('blocks a multiple-choice query without "Other (please specify)"', () => {
    const draft = variant(HYPONATREMIA, { options: HYPONATREMIA.options.filter((o) => o.text !== 'Other (please specify)') });
    expect(blocking(draft).map((p) => p.id)).toEqual(['missing-option-other']);
  });

  it('blocks a multiple-choice query without "Clinically undetermined"', () => {
    const draft = variant(HYPONATREMIA, { options: HYPONATREMIA.options.filter((o) => o.text !== 'Clinically undetermined') });
    expect(blocking(draft).map((p) => p.id)).toEqual(['missing-option-undetermined']);
  });

  it('recognises the escapes by their text, in any case and in the guideline\'s variants', () => {
    const draft = variant(HYPONATREMIA, { options: [{ text: 'Hyponatremia', code: 'E87.1' }, { text: 'other (specify)' }, { text: ' Unable to determine. ' }, { text: 'NOT CLINICALLY SIGNIFICANT' }] });
    expect(ids(draft)).toEqual([]);
  });

  it('blocks a multiple-choice query offering only the escapes', () => {
    const draft = variant(HYPONATREMIA, { options: [{ text: 'Other (please specify)' }, { text: 'Clinically undetermined' }, { text: 'Not clinically significant' }] });
    expect(blocking(draft).map((p) => p.id)).toEqual(['no-clinical-option']);
  });

  it('blocks an option without text', () => {
    expect(only(variant(HYPONATREMIA, { options: [...HYPONATREMIA.options, { text: '' }] }), 'empty-option')).toEqual([
      expect.objectContaining({ severity: 'blocking', optionIndex: 4 }),
    ]);
  });

  it('warns when "Not clinically significant" is missing from a multiple-choice clarification query', () => {
    const draft = variant(HYPONATREMIA, { options: HYPONATREMIA.options.filter((o) => o.text !== 'Not clinically significant') });
    expect(checkQuery(draft)).toEqual([expect.objectContaining({ id: 'missing-option-not-significant', severity: 'warning', field: 'options' })]);
  });

  it('does not ask for "Not clinically significant" in a specificity query or a clinical validation query', () => {
    expect(ids(HEART_FAILURE_SPECIFICITY)).toEqual([]);
    expect(HEART_FAILURE_SPECIFICITY.options.map((o) => o.text)).not.toContain('Not clinically significant');
    expect(ids(SEPSIS_VALIDATION)).toEqual([]);
  });
});

describe('formats', () => {
  const allowed: QueryPurpose[] = ['confirm-documented', 'present-on-admission', 'conflicting-documentation'];
  it.each(QUERY_PURPOSES.map((purpose) => [purpose, allowed.includes(purpose)] as const))('yes/no for %s: allowed %s', (purpose, ok) => {
    const problems = only(variant(CONFIRM_PATHOLOGY, { purpose }), 'yes-no-not-allowed');
    expect(problems).toEqual(ok ? [] : [expect.objectContaining({ severity: 'blocking', field: 'format' })]);
  });

  it('warns when a yes/no query does not offer "Clinically undetermined"', () => {
    expect(checkQuery(variant(PRESSURE_INJURY_POA, { options: [] }))).toEqual([expect.objectContaining({ id: 'missing-option-undetermined', severity: 'warning' })]);
  });

  it('takes options reading Yes and No as the answers of a yes/no query', () => {
    expect(ids(variant(PRESSURE_INJURY_POA, { options: [{ text: 'Yes' }, { text: 'No' }, { text: 'Clinically undetermined' }] }))).toEqual([]);
  });

  it('warns when an open-ended query carries options', () => {
    expect(checkQuery(variant(AKI_OPEN, { options: [{ text: 'Acute kidney injury', code: 'N17.9' }] }))).toEqual([
      expect.objectContaining({ id: 'options-in-open-ended', severity: 'warning' }),
    ]);
  });

  it('blocks a purpose or format outside the lists', () => {
    const draft = { ...AKI_OPEN, purpose: 'upcoding', format: 'checkbox' } as unknown as QueryDraft;
    expect(blocking(draft).map((p) => p.id)).toEqual(['unknown-purpose', 'unknown-format']);
  });
});

describe('options', () => {
  it('warns about a diagnosis offered with no indicator, and not once one is cited', () => {
    const none = variant(AKI_CHOICE, { indicators: [] });
    expect(checkQuery(none).filter((p) => p.severity === 'warning').map((p) => [p.id, p.optionIndex])).toEqual([
      ['diagnosis-option-without-indicator', 0], ['diagnosis-option-without-indicator', 1], ['diagnosis-option-without-indicator', 2],
    ]);
    expect(ids(variant(AKI_CHOICE, { indicators: [AKI_CHOICE.indicators[0]!] }))).toEqual([]);
  });

  it('warns about an option offered twice, by text or by code', () => {
    const draft = variant(HYPONATREMIA, { options: [...HYPONATREMIA.options, { text: 'hyponatremia ' }, { text: 'Low sodium', code: 'e871' }] });
    expect(only(draft, 'duplicate-option').map((p) => p.optionIndex)).toEqual([4, 5]);
  });

  it('warns about an option code that is not in ICD-10-CM form', () => {
    const draft = variant(HYPONATREMIA, { options: [{ text: 'Hyponatremia', code: '276.1' }, ...HYPONATREMIA.options.slice(1)] });
    expect(checkQuery(draft)).toEqual([expect.objectContaining({ id: 'option-code-not-icd10cm', severity: 'warning', optionIndex: 0 })]);
  });
});

describe('the question', () => {
  it('warns about a very long question, spanning what is over the limit', () => {
    const question = `${'The sodium results below were obtained during this admission. '.repeat(12)}Please clarify the diagnosis, if any.`;
    const draft = variant(HYPONATREMIA, { question });
    expect(question.length).toBeGreaterThan(QUESTION_MAX_LENGTH);
    expect(checkQuery(draft)).toEqual([expect.objectContaining({ id: 'long-question', severity: 'warning', span: { start: QUESTION_MAX_LENGTH, end: question.length } })]);
  });

  it('spans the exact leading phrase and payment word, in text order', () => {
    const draft = variant(HYPONATREMIA, { question: 'Sodium was 128 mmol/L on 03-01. Please document hyponatremia, as it is a CC.' });
    const problems = checkQuery(draft);
    expect(problems.map((p) => [p.id, phrase(draft, p)])).toEqual([['leading-phrase', 'Please document'], ['payment-language', 'CC']]);
  });

  it('flags words two entries both match once', () => {
    const draft = variant(AKI_OPEN, { question: 'It changes the risk adjustment factor. Please clarify.' });
    expect(only(draft, 'payment-language').map((p) => phrase(draft, p))).toEqual(['risk adjustment factor']);
  });

  it('blocks "please document", "consider adding", "would you agree", "are you treating", "please confirm the diagnosis"', () => {
    for (const question of ['Please document sepsis.', 'Please consider adding malnutrition.', 'Would you agree with acute respiratory failure?', 'Are you treating sepsis?', 'Please confirm the diagnosis of sepsis.']) {
      expect(ids(variant(AKI_OPEN, { question })), question).toContain('leading-phrase');
    }
  });
});

describe('a diagnosis stated as fact', () => {
  it.each([
    ['The patient has acute kidney injury.', 'The patient has acute kidney injury'],
    ['The patient has AKI.', 'The patient has AKI'],
    ['Patient is in acute respiratory failure', 'Patient is in acute respiratory failure'],
    ['The patient is septic; lactate was 4.1 mmol/L.', 'The patient is septic'],
    ['Findings are consistent with sepsis.', 'consistent with sepsis'],
    ['Acute kidney injury is present. Please clarify.', 'Acute kidney injury is present'],
  ])('blocks "%s" (open-ended)', (question, stated) => {
    const draft = variant(AKI_OPEN, { question });
    const problems = only(draft, 'diagnosis-stated-as-fact');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.severity).toBe('blocking');
    expect(phrase(draft, problems[0]!)).toBe(stated);
  });

  it('blocks a sentence asserting one of the options, by its text or its abbreviation', () => {
    for (const sentence of ['The patient has acute tubular necrosis.', 'This is AKI.', 'Pt has developed prerenal azotemia.']) {
      const draft = variant(AKI_CHOICE, { question: `${sentence} Based on the clinical indicators below, please clarify the condition being treated.` });
      expect(only(draft, 'diagnosis-stated-as-fact'), sentence).toHaveLength(1);
    }
  });

  it('blocks an option asserted with its parenthetical left out or kept', () => {
    for (const sentence of ['The patient has acute systolic heart failure.', 'The patient has acute systolic (congestive) heart failure.']) {
      expect(only(variant(HEART_FAILURE_SPECIFICITY, { question: `${sentence} Please clarify the acuity.` }), 'diagnosis-stated-as-fact'), sentence).toHaveLength(1);
    }
  });

  it.each([
    'Heart failure is documented in the H&P of 06-21.',
    'Per the cardiology consult note, the patient has acute on chronic systolic heart failure.',
    'The discharge summary lists acute systolic heart failure.',
    'According to the ED provider, the patient has acute diastolic heart failure.',
    'Acute systolic heart failure was noted in the progress note of 06-23.',
    "Dr. Lee's note of 06-22 states that the patient has chronic systolic heart failure.",
  ])('does not block a citation of the record: "%s"', (sentence) => {
    const draft = variant(HEART_FAILURE_SPECIFICITY, { question: `${sentence} Based on your clinical judgment, please clarify the type and acuity of the heart failure.` });
    expect(checkQuery(draft)).toEqual([]);
  });

  it('does not block a negated or hedged mention', () => {
    for (const question of ['There is no evidence of sepsis on the cultures. Please clarify the significance of the lactate.', 'Blood cultures were drawn to rule out sepsis; please clarify the significance of the lactate.']) {
      expect(ids(variant(AKI_OPEN, { question })), question).toEqual([]);
    }
  });

  it('does not block a diagnosis outside the options in a multiple-choice query', () => {
    const draft = variant(AKI_CHOICE, { question: 'The patient has pneumonia per the problem list, and the creatinine rose. Please clarify the condition being treated.' });
    expect(ids(draft)).toEqual([]);
    expect(ids(variant(AKI_CHOICE, { question: 'The patient has COPD. Please clarify the condition being treated.' }))).toEqual([]);
  });

  it('blocks an option asserted in passing ("a 72-year-old man with ...") in a multiple-choice query', () => {
    const draft = variant(AKI_CHOICE, { question: 'This is a 72-year-old man with acute kidney injury. Please clarify the condition being treated.' });
    expect(only(draft, 'diagnosis-stated-as-fact').map((p) => phrase(draft, p))).toEqual(['This is a 72-year-old man with acute kidney injury']);
  });

  it.each([
    'This is a 68-year-old woman with CHF and COPD who presented with dyspnea.',
    'The patient has a history of CHF.',
    'The patient has been on IV antibiotics for pneumonia since 03-01.',
  ])('takes a diagnosis named in passing in an open-ended query as context: "%s"', (sentence) => {
    expect(ids(variant(AKI_OPEN, { question: `${sentence} Please clarify the clinical significance of the creatinine values.` }))).toEqual([]);
  });

  it('does not take the condition every option shares (documented heart failure) for a suggested diagnosis', () => {
    expect(ids(variant(HEART_FAILURE_SPECIFICITY, { question: 'The patient has heart failure. Can the type and acuity of the heart failure be further specified?' }))).toEqual([]);
  });
});

describe('a yes/no question on one diagnosis', () => {
  it.each([
    'Is this acute kidney injury?',
    'Based on the indicators below, is the patient in acute kidney injury?',
    'Does the patient have AKI?',
    'Please clarify whether the patient has acute kidney injury.',
    'Could you clarify if the findings represent acute kidney injury?',
    'Please clarify whether or not the patient has acute kidney injury.',
  ])('blocks "%s" in a clarification query, open-ended or multiple choice', (question) => {
    for (const base of [AKI_OPEN, AKI_CHOICE]) {
      const draft = variant(base, { question });
      expect(only(draft, 'single-diagnosis-question'), `${base.format}: ${question}`).toEqual([
        expect.objectContaining({ severity: 'blocking', field: 'question', span: { start: 0, end: question.length } }),
      ]);
    }
  });

  it.each([
    'Please clarify whether the findings represent acute kidney injury, acute tubular necrosis or another condition.',
    'Is this acute kidney injury, prerenal azotemia, or something else?',
    'Can you clarify the diagnosis associated with these findings?',
    'Based on the clinical indicators below, please clarify the condition being evaluated and treated.',
  ])('does not block an open question or one offering alternatives: "%s"', (question) => {
    expect(ids(variant(AKI_CHOICE, { question }))).toEqual([]);
  });

  it('does not block naming the documented diagnosis in other purposes', () => {
    expect(ids(variant(SEPSIS_VALIDATION, { question: 'Sepsis is documented in the progress note of 03-02. Is sepsis clinically supported by the indicators below?' }))).toEqual([]);
    expect(ids(CAUSE_AND_EFFECT)).toEqual([]);
    expect(ids(PRESSURE_INJURY_POA)).toEqual([]);
  });

  it('is reported with "are you treating", which is leading on its own', () => {
    expect(ids(variant(AKI_OPEN, { question: 'Are you treating acute kidney injury?' }))).toEqual(['leading-phrase', 'single-diagnosis-question']);
  });
});

describe('units and abbreviations that look like payment words', () => {
  it.each(['Received 10 cc of contrast on 03-01.', 'Wound drained 5cc on 03-02.', 'Normal saline at 125 cc/hr since 03-01.', 'Volumes recorded in mL/cc.', 'Urine output 300 cc over 8 hours.', 'Urine drug screen of 03-01 was negative.', 'PSI class IV on 03-01.', 'Full ROM of the left knee.'])(
    'does not flag "%s"', (sentence) => {
      expect(ids(variant(AKI_OPEN, { question: `${sentence} Please clarify the clinical significance of these findings.` }))).toEqual([]);
    });

  it('does flag CC as a complication or comorbidity', () => {
    const draft = variant(AKI_OPEN, { question: 'Received 10 cc of contrast. Acute kidney injury would add a CC. Please clarify.' });
    expect(only(draft, 'payment-language').map((p) => phrase(draft, p))).toEqual(['CC']);
  });

  it('does not flag an indicator in cc', () => {
    expect(ids(variant(AKI_OPEN, { indicators: [{ text: 'Urine output 300 cc over 8 hours on 2021-03-03', reference: 'Observation/uo1' }] }))).toEqual([]);
  });
});

describe('sentences', () => {
  it('splits after . ! ? and at line breaks, not after "Dr." or "E."', () => {
    const text = 'Per Dr. Lee, cultures grew E. coli. Is this sepsis?\nPlease clarify!';
    expect(sentencesOf(text).map((s) => s.text)).toEqual(['Per Dr. Lee, cultures grew E. coli.', 'Is this sepsis?', 'Please clarify!']);
    for (const s of sentencesOf(text)) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});

describe('hostile input', () => {
  it('stays fast on long runs of spaces, words and parentheses', () => {
    const question = `The patient has acute${' '.repeat(20_000)}x ${'acute kidney '.repeat(1500)}(${'('.repeat(2000)} is this sepsis${',,,,'.repeat(2000)}?`;
    const draft = variant(AKI_CHOICE, { question, options: [...AKI_CHOICE.options, { text: `${'word '.repeat(11)}injury` }] });
    const started = performance.now();
    checkQuery(draft);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('takes option text with regular-expression characters literally', () => {
    const draft = variant(AKI_CHOICE, { options: [{ text: 'Injury (.*)+ [a-z]{2,} \\1 $^', code: 'N17.9' }, ...AKI_CHOICE.options.slice(1)] });
    expect(() => checkQuery(draft)).not.toThrow();
  });
});
