import { describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import { documentedNotCoded } from '../../../src/rules/coding/documented-not-coded';
import { SNOMED } from '../../../src/terminology/snomed';
import { claim, encounter, findingsFor, icd10Condition, note, snomedCondition } from '../support';

// An inpatient stay, 1–5 March 2021, reviewed as launched in it on 15 March.
const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-05T12:00:00Z');
const progress = (text: string, options: Parameters<typeof note>[2] = {}) =>
  note(text, '2021-03-02T10:00:00Z', { id: 'progress-1', encounter: 'enc-1', ...options });
const run = (resources: Resource[]) => findingsFor(documentedNotCoded, [stay, ...resources], { encounterId: 'enc-1' });

describe('coding/documented-not-coded', () => {
  it('flags a diagnosis a note of the stay affirms that no diagnosis codes, citing the note and its sentence', () => {
    const [finding, ...rest] = run([progress('# Assessment and Plan\nHyponatremia, fluid restriction 1.5 L/day.')]);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'coding/documented-not-coded', category: 'coding-discrepancy', kind: 'documented-not-coded',
      target: 'DocumentReference/progress-1', suspectedCondition: 'E87.1', encounter: 'Encounter/enc-1',
      evidence: ['DocumentReference/progress-1'], answerOptions: [], observedAt: '2021-03-02T10:00:00Z',
    });
    expect(finding!.facts[0]).toMatchObject({ kind: 'note', label: 'progress note', text: 'Hyponatremia, fluid restriction 1.5 L/day.', reference: 'DocumentReference/progress-1' });
    const mark = finding!.facts[0]!.mention!;
    expect(finding!.facts[0]!.text!.slice(mark.start, mark.end)).toBe('Hyponatremia');
    expect(finding!.summary).toMatch(/^The progress note of 2021-03-02 10:00 documents hyponatremia \(E87\.1\): "Hyponatremia, fluid restriction 1\.5 L\/day\." No diagnosis of the record codes it\.$/);
  });

  it.each<[string, Resource[]]>([
    ['an ICD-10-CM Condition', [icd10Condition('E87.1')]],
    ['a SNOMED CT Condition', [snomedCondition(SNOMED.HYPONATREMIA)]],
    ['SIADH, which codes the hyponatremia (E87.1 Excludes1 E22.2)', [icd10Condition('E22.2')]],
    ['the claim of the stay', [claim(['E87.1'], '2021-03-05T12:00:00Z')]],
  ])('is silent when %s codes it', (_what, coded) => {
    expect(run([progress('Hyponatremia, fluid restriction.'), ...coded])).toEqual([]);
  });

  it('counts a more specific code of the family as coding a diagnosis named in general words ("anemia", D50.9 coded)', () => {
    expect(run([progress('Anemia, on iron.'), icd10Condition('D50.9')])).toEqual([]);
  });

  it.each([
    ['negated', 'No evidence of hyponatremia.'],
    ['uncertain', 'Possible hyponatremia, recheck sodium.'],
    ['historical', 'History of hyponatremia.'],
    ['about a relative', 'Mother had hyponatremia.'],
  ])('is silent for a %s mention', (_assertion, sentence) => {
    expect(run([progress(sentence)])).toEqual([]);
  });

  it('reads only the notes of the review: not a note of another encounter', () => {
    const clinic = encounter('enc-2', '2021-02-01T08:00:00Z', '2021-02-01T09:00:00Z', 'AMB');
    expect(run([clinic, note('Hyponatremia.', '2021-02-01T08:30:00Z', { encounter: 'enc-2' })])).toEqual([]);
  });

  it('says when the note is preliminary (not yet signed)', () => {
    const [finding] = run([progress('Hyponatremia.', { docStatus: 'preliminary' })]);
    expect(finding!.summary).toMatch(/^The preliminary \(not yet signed\) progress note/);
  });

  it('makes one finding per diagnosis, citing each note once, newest first', () => {
    const first = note('Hyponatremia.', '2021-03-02T10:00:00Z', { id: 'a', encounter: 'enc-1' });
    const second = note('Hyponatremia improving. Hyponatremia on fluid restriction.', '2021-03-03T10:00:00Z', { id: 'b', encounter: 'enc-1' });
    const findings = run([first, second]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.facts.map((f) => f.reference)).toEqual(['DocumentReference/b', 'DocumentReference/a']);
    expect(findings[0]!.summary).toMatch(/1 other note also documents it\.$/);
  });

  it('is silent without notes, and for notes that could not be read', () => {
    expect(run([])).toEqual([]);
    const pdf = { ...progress(''), content: [{ attachment: { contentType: 'application/pdf', data: 'JVBERi0=' } }] };
    expect(run([pdf])).toEqual([]);
  });
});
