/**
 * The work list (src/review/items.ts): findings of the real rules grouped into items, one per condition per
 * encounter, in two queues; each item's codes, severity, status and place in the list; and the technician's
 * filter. The scenario is an inpatient stay, 1–8 March 2021, reviewed on 15 March with the ICD-10-CM table.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import { PatientRecord } from '../../src/record/patient-record';
import { ALL_RULES, runRules, type Finding } from '../../src/rules/index';
import { categoryOfCode, DEFAULT_FILTER, filterItems, reviewItems, type ItemFilter, type ItemStatus, type ReviewItem } from '../../src/review/items';
import { conditionTitle } from '../../src/review/condition-title';
import { loadIcd10Cm, type Icd10CmTable } from '../../src/terminology/icd10cm/icd10cm-table';
import { LOINC } from '../../src/terminology/loinc';
import { encounter, icd10Condition, lab, patient } from '../rules/support';

let icd10cm: Icd10CmTable;
beforeAll(async () => void (icd10cm = await loadIcd10Cm()), 60_000);

const at = { encounter: 'enc-1' };
// The stay's principal diagnosis (rank 1, discharge diagnosis, as Synthea writes Encounter.diagnosis): pneumonia.
const stay = () => encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z', 'IMP', {
  diagnosis: [{ condition: { reference: 'Condition/pna' }, use: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/diagnosis-role', code: 'DD' }] }, rank: 1 }],
});
const pneumonia = () => icd10Condition('J18.9', { id: 'pna', encounter: 'enc-1', display: 'Pneumonia, unspecified organism', recordedDate: '2021-03-01T10:00:00Z' });
// Heart failure coded I50.9 in the stay, with an LVEF of 30 % measured in it.
const unspecifiedHeartFailure = () => [
  icd10Condition('I50.9', { id: 'hf', encounter: 'enc-1', display: 'Heart failure, unspecified', recordedDate: '2021-03-01T10:00:00Z' }),
  lab(LOINC.LVEF, 30, '%', '2021-03-02T08:00:00Z', at),
];
const lowSodium = (first = 128, second = 126) => [
  lab(LOINC.SODIUM_SERUM, first, 'mmol/L', '2021-03-01T09:00:00Z', at), lab(LOINC.SODIUM_SERUM, second, 'mmol/L', '2021-03-02T06:00:00Z', at),
];
const lowPotassium = () => [lab(LOINC.POTASSIUM_SERUM, 3.1, 'mmol/L', '2021-03-03T09:00:00Z', at), lab(LOINC.POTASSIUM_SERUM, 3.3, 'mmol/L', '2021-03-04T06:00:00Z', at)];
// Type 2 diabetes coded by its category header, E11, which is not billable.
const diabetesHeader = () => [icd10Condition('E11', { id: 'dm', encounter: 'enc-1', recordedDate: '2021-03-01T10:00:00Z' })];

/** What the rules find in the stay. */
function findingsOf(...resources: Resource[]): Finding[] {
  return runRules(PatientRecord.fromResources([patient(), stay(), pneumonia(), ...resources]), ALL_RULES, { now: new Date('2021-03-15T12:00:00Z'), encounterId: 'enc-1', icd10cm });
}
const byRule = (findings: readonly Finding[], ruleId: string) => findings.find((f) => f.ruleId === ruleId)!;
const itemOf = (items: readonly ReviewItem[], ruleId: string) => items.find((i) => i.findings.some((f) => f.ruleId === ruleId))!;

const HF_GAP = 'heart-failure/type-acuity-unspecified';
const UNSPECIFIED = 'coding/unspecified-code';
const HEART_FAILURE_TYPES = ['I50.21', 'I50.22', 'I50.23', 'I50.31', 'I50.32', 'I50.33', 'I50.41', 'I50.42', 'I50.43'];

describe('reviewItems', () => {
  it('groups a heart-failure gap and the unspecified I50.9 that codes it into one item with two aspects', () => {
    const findings = findingsOf(...unspecifiedHeartFailure());
    const gap = byRule(findings, HF_GAP);
    const coding = byRule(findings, UNSPECIFIED);
    expect([gap.suspectedCondition, coding.suspectedCondition, gap.encounter, coding.encounter]).toEqual(['I50.9', 'I50.9', 'Encounter/enc-1', 'Encounter/enc-1']);

    const items = reviewItems(findings);
    expect(items).toHaveLength(1);
    const [item] = items;
    expect(item).toMatchObject({ id: gap.id, queue: 'query', severity: 'medium', condition: 'I50.9', status: 'new', observedAt: '2021-03-02T08:00:00Z' });
    expect(item!.primary).toBe(gap);
    expect(item!.findings).toEqual([gap, coding]);
  });

  // Reviewed without an encounter (the 12 months to the latest activity), the gap takes the encounter of its
  // evidence (the LVEF's stay) and the coding finding the encounter of the Condition (the visit that recorded
  // I50.9): two items, so two heart-failure queries can be drafted for one condition.
  it('groups the heart-failure gap and the unspecified I50.9 when reviewed without an encounter, the diagnosis recorded at an earlier visit', () => {
    const visit = encounter('enc-0', '2020-09-01T09:00:00Z', '2020-09-01T09:30:00Z', 'AMB');
    const findings = runRules(PatientRecord.fromResources([
      patient(), visit, stay(), pneumonia(),
      icd10Condition('I50.9', { id: 'hf', encounter: 'enc-0', display: 'Heart failure, unspecified', recordedDate: '2020-09-01T09:15:00Z' }),
      lab(LOINC.LVEF, 30, '%', '2021-03-02T08:00:00Z', at),
    ]), ALL_RULES, { now: new Date('2021-03-15T12:00:00Z'), icd10cm });
    expect([byRule(findings, HF_GAP).suspectedCondition, byRule(findings, UNSPECIFIED).suspectedCondition]).toEqual(['I50.9', 'I50.9']);
    const aboutHeartFailure = reviewItems(findings).filter((i) => i.condition === 'I50.9');
    expect(aboutHeartFailure).toHaveLength(1);
  });

  it('names the codes a query would offer (I50.2x, I50.3x, I50.4x), never the unspecified I50.9 the gap is raised against', () => {
    const [item] = reviewItems(findingsOf(...unspecifiedHeartFailure()));
    expect(item!.codes).toEqual(HEART_FAILURE_TYPES);
    expect(item!.codes).not.toContain('I50.9');
  });

  it('makes the gap primary whatever order the findings come in', () => {
    const findings = findingsOf(...unspecifiedHeartFailure());
    const [item] = reviewItems([...findings].reverse());
    expect(item!.primary.ruleId).toBe(HF_GAP);
    expect(item!.findings.map((f) => f.ruleId)).toEqual([HF_GAP, UNSPECIFIED]);
  });

  it('keeps hyponatremia (E87.1) and hypokalemia (E87.6) as two items, though they share the category E87', () => {
    const items = reviewItems(findingsOf(...lowSodium(), ...lowPotassium()));
    expect(items.map((i) => [i.condition, i.findings.length, i.queue, i.codes])).toEqual([
      ['E87.6', 1, 'query', ['E87.6']],
      ['E87.1', 1, 'query', ['E87.1']],
    ]);
  });

  it('puts a coding-only item (the non-billable E11 category header) in the coding queue, with the code it is about', () => {
    const findings = findingsOf(...diabetesHeader());
    const header = byRule(findings, 'coding/non-billable-code');
    const item = itemOf(reviewItems(findings), 'coding/non-billable-code');
    expect(item).toMatchObject({ id: header.id, queue: 'coding', codes: ['E11'], condition: 'E11', severity: 'high' });
    expect(item.findings).toEqual([header]);
  });

  it('takes the highest severity of its aspects, whichever is primary', () => {
    const findings = findingsOf(...unspecifiedHeartFailure());
    const [item] = reviewItems(findings.map((f) => (f.ruleId === UNSPECIFIED ? { ...f, severity: 'high' as const } : f)));
    expect(item!.primary.ruleId).toBe(HF_GAP);
    expect(item!.primary.severity).toBe('medium');
    expect(item!.severity).toBe('high');
  });

  it('sorts by severity, then newest evidence first', () => {
    // Sodium 122 and 124 make the hyponatremia high severity; E11 is high; potassium (4 March) and heart failure (2 March) medium.
    const findings = findingsOf(...unspecifiedHeartFailure(), ...lowSodium(122, 124), ...lowPotassium(), ...diabetesHeader());
    const items = reviewItems(findings);
    expect(items.map((i) => [i.severity, i.condition, i.observedAt])).toEqual([
      ['high', 'E87.1', '2021-03-02T06:00:00Z'],
      ['high', 'E11', '2021-03-01T10:00:00Z'],
      ['medium', 'E87.6', '2021-03-04T06:00:00Z'],
      ['medium', 'I50.9', '2021-03-02T08:00:00Z'],
    ]);
  });

  // Recency is a moment: 23:30 in New York on 1 March is 04:30 UTC on 2 March, after 01:00 UTC on 2 March.
  it('orders items of one severity by the moment of their evidence, not by how its time is written', () => {
    const findings = findingsOf(...lowSodium(), ...lowPotassium());
    const sodium = { ...byRule(findings, 'electrolytes/hyponatremia'), observedAt: '2021-03-01T23:30:00-05:00' };
    const potassium = { ...byRule(findings, 'electrolytes/hypokalemia'), observedAt: '2021-03-02T01:00:00Z' };
    expect(reviewItems([potassium, sodium]).map((i) => i.condition)).toEqual(['E87.1', 'E87.6']);
  });

  it('calls statusOf with each item\'s findings, and takes the status it answers', () => {
    const findings = findingsOf(...unspecifiedHeartFailure(), ...lowSodium());
    const calls: string[][] = [];
    const items = reviewItems(findings, (aspects) => {
      calls.push(aspects.map((f) => f.ruleId));
      return aspects.some((f) => f.ruleId === HF_GAP) ? 'sent' : 'dismissed';
    });
    expect(calls).toEqual(expect.arrayContaining([[HF_GAP, UNSPECIFIED], ['electrolytes/hyponatremia']]));
    expect(calls).toHaveLength(2);
    expect(items.map((i) => [i.condition, i.status])).toEqual([['I50.9', 'sent'], ['E87.1', 'dismissed']]);
  });

  it('keeps one condition in two encounters as two items', () => {
    const findings = findingsOf(...lowPotassium());
    const inStay = byRule(findings, 'electrolytes/hypokalemia');
    const elsewhere = { ...inStay, id: 'f-00000000000000e2', encounter: 'Encounter/enc-2' };
    expect(reviewItems([inStay, elsewhere]).map((i) => i.id).sort()).toEqual([inStay.id, elsewhere.id].sort());
  });

  it('groups by the code however it is written (i50.9, I509)', () => {
    const findings = findingsOf(...unspecifiedHeartFailure());
    const [item, ...more] = reviewItems(findings.map((f) => ({ ...f, suspectedCondition: f.ruleId === HF_GAP ? ' i50.9' : 'I509' })));
    expect(more).toEqual([]);
    expect(item!.findings).toHaveLength(2);
  });

  it('makes a finding about no code an item of its own', () => {
    const findings = findingsOf(...lowPotassium());
    const potassium = byRule(findings, 'electrolytes/hypokalemia');
    const { suspectedCondition: _code, ...aboutNoCode } = potassium;
    const twin = { ...aboutNoCode, id: 'f-00000000000000e3' };
    const items = reviewItems([aboutNoCode, twin]);
    expect(items).toHaveLength(2);
    expect(items.every((i) => i.condition === undefined && i.codes.length === 1)).toBe(true);
  });

  it('answers no items for no findings', () => {
    expect(reviewItems([])).toEqual([]);
  });
});

describe('filterItems', () => {
  // Heart failure: a query sent; hyponatremia: new; hypokalemia: reviewed; E11: dismissed.
  const STATUS: Record<string, ItemStatus> = { 'I50.9': 'sent', 'E87.1': 'new', 'E87.6': 'reviewed', E11: 'dismissed' };
  let items: ReviewItem[];
  beforeAll(() => {
    const findings = findingsOf(...unspecifiedHeartFailure(), ...lowSodium(), ...lowPotassium(), ...diabetesHeader());
    items = reviewItems(findings, (aspects) => STATUS[aspects[0]!.suspectedCondition!]!);
  });
  const conditions = (filter: Partial<ItemFilter>, describe?: (code: string) => string | undefined) =>
    filterItems(items, { ...DEFAULT_FILTER, ...filter }, describe).map((i) => i.condition);

  it('shows the open items by default: dismissed and reviewed ones are hidden', () => {
    expect(conditions({})).toEqual(['I50.9', 'E87.1']);
  });

  it('shows every item with status "all", in their order', () => {
    expect(conditions({ status: 'all' })).toEqual(items.map((i) => i.condition));
    expect(conditions({ status: 'all' })).toHaveLength(4);
  });

  it.each<[ItemStatus, string[]]>([
    ['dismissed', ['E11']], ['reviewed', ['E87.6']], ['sent', ['I50.9']], ['new', ['E87.1']], ['answered', []], ['drafted', []],
  ])('shows only the items with status %s when that status is chosen', (status, expected) => {
    expect(conditions({ status })).toEqual(expected);
  });

  it('narrows by category: an item with a gap and a coding aspect is in both', () => {
    expect(conditions({ status: 'all', category: 'documentation-gap' }).sort()).toEqual(['E87.1', 'E87.6', 'I50.9']);
    expect(conditions({ status: 'all', category: 'coding-discrepancy' }).sort()).toEqual(['E11', 'I50.9']);
  });

  it('narrows by severity', () => {
    expect(conditions({ status: 'all', severity: 'high' })).toEqual(['E11']);
    expect(conditions({ status: 'all', severity: 'low' })).toEqual([]);
    expect(conditions({ status: 'all', severity: 'medium' }).sort()).toEqual(['E87.1', 'E87.6', 'I50.9']);
  });

  it('searches titles and summaries in any case', () => {
    expect(conditions({ status: 'all', text: 'POTASSIUM' })).toEqual(['E87.6']);
    expect(conditions({ status: 'all', text: 'category header' })).toEqual(['E11']);
  });

  it('searches the codes an item offers and the code it is about', () => {
    expect(conditions({ status: 'all', text: 'i50.43' })).toEqual(['I50.9']);
    expect(conditions({ status: 'all', text: 'e87.1' })).toEqual(['E87.1']);
  });

  it('searches the condition\'s description (the ICD-10-CM title), when given one', () => {
    const title = (code: string) => conditionTitle(icd10cm, code);
    expect(conditions({ status: 'all', text: 'osmolality' })).toEqual([]);
    expect(conditions({ status: 'all', text: 'osmolality' }, title)).toEqual(['E87.1']);
  });

  it('ignores accents, in the words typed and in the text searched', () => {
    expect(conditions({ status: 'all', text: 'HYPONATRÉMIA' })).toEqual(['E87.1']);
    const french = (code: string) => (code === 'E87.6' ? 'Hypokaliémie' : undefined);
    expect(conditions({ status: 'all', text: 'hypokaliemie' }, french)).toEqual(['E87.6']);
  });

  it('requires every word, in any order', () => {
    expect(conditions({ status: 'all', text: 'sodium low' })).toEqual(['E87.1']);
    expect(conditions({ status: 'all', text: 'sodium potassium' })).toEqual([]);
  });

  it('treats blank text as no search', () => {
    expect(conditions({ status: 'all', text: '   ' })).toHaveLength(4);
  });

  it('combines the criteria: open, documentation gaps, about "heart"', () => {
    expect(conditions({ category: 'documentation-gap', text: 'heart' })).toEqual(['I50.9']);
    expect(conditions({ status: 'reviewed', text: 'heart' })).toEqual([]);
  });
});

describe('categoryOfCode', () => {
  it.each<[string | undefined, string | undefined]>([
    ['I50.9', 'I50'], ['i509', 'I50'], [' E87.1 ', 'E87'], ['E11', 'E11'], ['C4A.0', 'C4A'], ['Z3A.01', 'Z3A'],
    ['I5', undefined], ['250.00', undefined], ['', undefined], ['   ', undefined], [undefined, undefined], ['.', undefined], ['5E1', undefined],
  ])('%j → %j', (code, category) => {
    expect(categoryOfCode(code)).toBe(category);
  });
});
