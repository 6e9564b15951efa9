/**
 * What the physician wrote decides whether a query is needed (issue 13): an affirmed mention in a note of the
 * review documents the diagnosis, so its documentation gap is silent; negated and uncertain mentions document
 * nothing and are cited on the gap; a note stating the specificity a code lacks is cited by unspecified-code.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import { hyponatremia } from '../../../src/rules/gaps/electrolytes';
import { heartFailureTypeAcuityUnspecified } from '../../../src/rules/gaps/heart-failure';
import { anticoagulantWithoutIndication } from '../../../src/rules/gaps/medication-indication';
import { ckdStageUnspecified } from '../../../src/rules/gaps/ckd';
import { unspecifiedCode } from '../../../src/rules/coding/code-validity';
import { documentedNotCoded } from '../../../src/rules/coding/documented-not-coded';
import { templateFor } from '../../../src/query/templates';
import { loadIcd10Cm, type Icd10CmTable } from '../../../src/terminology/icd10cm/icd10cm-table';
import { LOINC } from '../../../src/terminology/loinc';
import { encounter, findingsFor, icd10Condition, lab, medicationRequest, note } from '../support';

let icd10cm: Icd10CmTable;
beforeAll(async () => void (icd10cm = await loadIcd10Cm()));

// An inpatient stay, 1–5 March 2021, reviewed as launched in it.
const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-05T12:00:00Z');
const lowSodium = [
  lab(LOINC.SODIUM_SERUM, 129, 'mmol/L', '2021-03-01T09:00:00Z', { encounter: 'enc-1' }),
  lab(LOINC.SODIUM_SERUM, 130, 'mmol/L', '2021-03-02T06:00:00Z', { encounter: 'enc-1' }),
];
const progress = (text: string, encounterId = 'enc-1') => note(text, '2021-03-02T10:00:00Z', { id: 'progress-1', encounter: encounterId });
const run = (rules: Parameters<typeof findingsFor>[0], resources: Resource[]) =>
  findingsFor(rules, [stay, ...resources], { encounterId: 'enc-1', icd10cm });

describe('a documentation gap and the notes of the review', () => {
  it('is silent when a note of the stay affirms the diagnosis, and the coder is told it is not coded', () => {
    const findings = run([hyponatremia, documentedNotCoded], [...lowSodium, progress('# Assessment and Plan\n1. Hyponatremia: fluid restriction 1.5 L/day.')]);
    expect(findings.map((f) => f.ruleId)).toEqual(['coding/documented-not-coded']);
  });

  it.each([
    ['negated', 'No evidence of hyponatremia on admission.', 'No evidence of'],
    ['uncertain', 'Possible hyponatremia, will recheck.', 'Possible'],
  ])('still fires on a %s mention, and cites the sentence', (assertion, sentence, cue) => {
    const [finding, ...rest] = run(hyponatremia, [...lowSodium, progress(sentence)]);
    expect(rest).toEqual([]);
    expect(finding!.evidence).toContain('DocumentReference/progress-1');
    const fact = finding!.facts.find((f) => f.kind === 'note')!;
    expect(fact).toMatchObject({ label: 'progress note', text: sentence, reference: 'DocumentReference/progress-1' });
    expect(fact.mention).toMatchObject({ assertion });
    expect(fact.mention!.cue?.toLowerCase()).toBe(cue.toLowerCase());
    expect(finding!.summary).toContain(`Progress note of 2021-03-02 10:00: "${sentence}"`);
  });

  it.each([
    ['historical', 'History of hyponatremia in 2015.'],
    ['about a relative', 'Family history: mother with hyponatremia.'],
  ])('fires on a %s mention, which it does not cite', (_what, sentence) => {
    const [finding] = run(hyponatremia, [...lowSodium, progress(sentence)]);
    expect(finding!.facts.some((f) => f.kind === 'note')).toBe(false);
  });

  it('is not silenced by a note of another encounter', () => {
    const clinic = encounter('enc-2', '2021-02-01T08:00:00Z', '2021-02-01T09:00:00Z', 'AMB');
    const findings = run(hyponatremia, [...lowSodium, clinic, note('Hyponatremia.', '2021-02-01T08:30:00Z', { encounter: 'enc-2' })]);
    expect(findings.map((f) => f.ruleId)).toEqual(['electrolytes/hyponatremia']);
  });

  it('an anticoagulant is indicated by atrial fibrillation written in a note ("afib")', () => {
    const warfarin = medicationRequest('855332', 'Warfarin Sodium 5 MG Oral Tablet', '2021-03-02T09:00:00Z', { encounter: { reference: 'Encounter/enc-1' } });
    expect(run(anticoagulantWithoutIndication, [warfarin])).toHaveLength(1);
    expect(run(anticoagulantWithoutIndication, [warfarin, progress('Chronic afib, rate controlled, continue warfarin.')])).toEqual([]);
  });

  it('a note alone does not make a coded diagnosis: CKD written without a stage asks nothing of the coder\'s CKD rule', () => {
    const egfr = lab(LOINC.EGFR_MDRD, 41, 'mL/min/{1.73_m2}', '2021-03-02T06:00:00Z', { encounter: 'enc-1' });
    expect(run(ckdStageUnspecified, [egfr, progress('Chronic kidney disease, follow up nephrology.')])).toEqual([]);
  });
});

describe('heart failure specificity stated in a note', () => {
  const hf = icd10Condition('I50.9', { id: 'hf', encounter: 'enc-1', recordedDate: '2021-03-01T10:00:00Z' });
  const specific = progress('Acute on chronic systolic heart failure, LVEF 30%, diuresing.');

  it('silences the type-and-acuity query: the physician has written the type', () => {
    const ntProBnp = lab(LOINC.NT_PROBNP, 2400, 'pg/mL', '2021-03-01T09:00:00Z', { encounter: 'enc-1' });
    expect(run(heartFailureTypeAcuityUnspecified, [hf, ntProBnp])).toHaveLength(1);
    expect(run(heartFailureTypeAcuityUnspecified, [hf, ntProBnp, specific])).toEqual([]);
  });

  it('makes unspecified-code cite the note, as the coder\'s fix (no query)', () => {
    const [finding, ...rest] = run(unspecifiedCode, [hf, specific]);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ kind: 'unspecified-code', target: 'Condition/hf', suspectedCondition: 'I50.9', answerOptions: [] });
    expect(finding!.evidence).toContain('DocumentReference/progress-1');
    expect(finding!.summary).toBe('I50.9 (Heart failure, unspecified) is coded while the progress note of 2021-03-02 10:00 states "Acute on chronic systolic heart failure" (I50.23).');
    expect(templateFor(finding!)).toMatchObject({ kind: 'coder-fix', reason: expect.stringMatching(/note documents the specificity/) });
  });

  it('a note naming heart failure in general words specifies nothing', () => {
    expect(run(unspecifiedCode, [hf, progress('Heart failure, continue furosemide.')])).toEqual([]);
  });
});
