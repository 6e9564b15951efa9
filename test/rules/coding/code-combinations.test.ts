import { beforeAll, describe, expect, it } from 'vitest';
import type { Claim, Condition, Encounter, Resource } from 'fhir/r4';
import {
  CODE_COMBINATION_RULES, REDUNDANT_PAIRS, describeNoteTarget, excludes1Conflict, missingCombinationCode, redundantCodes, requiredCompanions,
} from '../../../src/rules/coding/code-combinations';
import { loadIcd10Cm, type Icd10CmTable } from '../../../src/terminology/icd10cm/icd10cm-table';
import { SYSTEM } from '../../../src/terminology/systems';
import { claim, encounter, findingsFor, icd10Condition, targetOf } from '../support';

let icd10cm: Icd10CmTable;
beforeAll(async () => void (icd10cm = await loadIcd10Cm()));

// Reviewed on 15 March 2021 without a launch encounter (window: the last 12 months), or in enc-1.
const run = (rule: Parameters<typeof findingsFor>[0], resources: Resource[], scenario: { encounterId?: string } = {}) =>
  findingsFor(rule, resources, { icd10cm, ...scenario });

const STAY = '2021-03-01T08:00:00Z';
const stay = encounter('enc-1', STAY, '2021-03-08T12:00:00Z');
const visit = encounter('enc-2', '2021-01-10T09:00:00Z', '2021-01-10T10:00:00Z', 'AMB');
/** A Condition diagnosed in an encounter. */
const inStay = (code: string, id: string, encounterId = 'enc-1') => icd10Condition(code, { id, encounter: encounterId, recordedDate: STAY });

function whoCondition(code: string, id: string): Condition {
  return { ...inStay(code, id), code: { coding: [{ system: SYSTEM.ICD10_WHO, code }] } };
}

/** A claim citing Conditions by reference (as Synthea writes them). */
function claimCiting(conditions: Condition[], created: string): Claim {
  return claim([], created, { diagnosis: conditions.map((c, i) => ({ sequence: i + 1, diagnosisReference: { reference: `Condition/${c.id}` } })) });
}

/** An encounter listing its diagnoses (Encounter.diagnosis), the Conditions not naming the encounter. */
function encounterListing(id: string, conditions: Condition[]): Encounter {
  return encounter(id, '2021-02-01T08:00:00Z', '2021-02-03T08:00:00Z', 'IMP', {
    diagnosis: conditions.map((c, i) => ({ condition: { reference: `Condition/${c.id}` }, rank: i + 1 })),
  });
}

describe('coding/excludes1-conflict', () => {
  it('flags type 1 and type 2 diabetes diagnosed in one encounter, once, as a coder review', () => {
    const findings = run(excludes1Conflict, [stay, inStay('E10.9', 't1'), inStay('E11.9', 't2')]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'coding/excludes1-conflict', category: 'coding-discrepancy', kind: 'excludes1-conflict', severity: 'medium',
      target: 'Condition/t2', suspectedCondition: 'E11.9', encounter: 'Encounter/enc-1', evidence: ['Condition/t2', 'Condition/t1'], answerOptions: [],
    });
    expect(findings[0]!.summary).toBe('E10.9 (Type 1 diabetes mellitus without complications) and E11.9 (Type 2 diabetes mellitus without complications) are reported together (the encounter of 2021-03-01): the Excludes1 note at E10 excludes E11.-. Both are coded only when the conditions are unrelated (Official Guidelines I.A.12.a).');
    // The codes in the summary's order, each on its Condition, dated by the encounter (the date of service).
    expect(findings[0]!.facts).toEqual([
      { kind: 'diagnosis', label: 'E10.9', time: '2021-03-08', reference: 'Condition/t1' },
      { kind: 'diagnosis', label: 'E11.9', time: '2021-03-08', reference: 'Condition/t2' },
    ]);
  });

  it('reads notes inherited from the category header', () => {
    const bill = claim(['R05.9', 'R04.2'], '2021-03-08T12:00:00Z');
    const [finding] = run(excludes1Conflict, [bill]);
    expect(finding).toMatchObject({ target: `Claim/${bill.id}`, suspectedCondition: 'R04.2' });
    expect(finding!.summary).toContain('the Excludes1 note at R05 excludes R04.2');
  });

  it('flags codes listed in one Encounter.diagnosis', () => {
    const emphysema = icd10Condition('J43.9', { id: 'emph' });
    const copd = icd10Condition('J44.9', { id: 'copd' });
    const [finding] = run(excludes1Conflict, [emphysema, copd, encounterListing('enc-3', [copd, emphysema])]);
    // J43 and J44 exclude each other: reported once, at the second code of the pair.
    expect(finding).toMatchObject({ target: 'Condition/copd', suspectedCondition: 'J44.9', encounter: 'Encounter/enc-3' });
    expect(finding!.evidence).toEqual(['Condition/copd', 'Encounter/enc-3', 'Condition/emph']);
    expect(finding!.summary).toContain('the Excludes1 note at J43 excludes J44.-');
  });

  it('gives one finding per excluded Condition however many claims repeat the pair', () => {
    const t1 = icd10Condition('E10.9', { id: 't1' });
    const t2 = icd10Condition('E11.9', { id: 't2' });
    const first = claimCiting([t1, t2], '2020-06-01T12:00:00Z');
    const second = claimCiting([t1, t2], '2021-01-10T12:00:00Z');
    const findings = run(excludes1Conflict, [t1, t2, first, second]);
    expect(findings).toHaveLength(1);
    expect(targetOf(findings[0]!)).toBe('Condition/t2');
    expect(findings[0]!.evidence).toEqual(['Condition/t2', `Claim/${first.id}`, `Claim/${second.id}`, 'Condition/t1']);
    expect(findings[0]!.summary).toContain('(the claim of 2020-06-01, the claim of 2021-01-10)');
  });

  it('names the first three places the pair is reported and counts the rest', () => {
    const t1 = icd10Condition('E10.9', { id: 't1' });
    const t2 = icd10Condition('E11.9', { id: 't2' });
    const claims = ['2020-05-01', '2020-07-01', '2020-09-01', '2020-11-01', '2021-01-01'].map((day) => claimCiting([t1, t2], `${day}T12:00:00Z`));
    const [finding] = run(excludes1Conflict, [t1, t2, ...claims]);
    expect(finding!.summary).toContain('(the claim of 2020-05-01, the claim of 2020-07-01, the claim of 2020-09-01 and 2 more)');
    expect(finding!.evidence).toHaveLength(7);
  });

  it.each<[string, Resource[]]>([
    ['the two diagnosed in different encounters', [stay, visit, inStay('E10.9', 't1'), inStay('E11.9', 't2', 'enc-2')]],
    ['problem-list Conditions of no encounter, never reported together', [icd10Condition('E10.9', { recordedDate: STAY }), icd10Condition('E11.9', { recordedDate: STAY })]],
    ['codes no Excludes1 note relates', [stay, inStay('E11.9', 'dm'), inStay('I10', 'htn')]],
    ['a CKD stage with ESRD (redundant-codes explains it)', [claim(['N18.5', 'N18.6'], '2021-03-08T12:00:00Z')]],
    ['one of the pair coded in WHO ICD-10', [stay, inStay('E10.9', 't1'), whoCondition('E11.9', 't2')]],
    ['the pair on a claim before the window', [claim(['E10.9', 'E11.9'], '2019-03-08T12:00:00Z')]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(run(excludes1Conflict, resources)).toEqual([]);
  });

  it('is silent without the code table', () => {
    expect(findingsFor(excludes1Conflict, [stay, inStay('E10.9', 't1'), inStay('E11.9', 't2')])).toEqual([]);
  });
});

describe('coding/redundant-codes', () => {
  it('flags diabetes "without complications" beside a complication code of the same category', () => {
    const [finding] = run(redundantCodes, [stay, inStay('E11.9', 'plain'), inStay('E11.22', 'ckd')]);
    expect(finding).toMatchObject({
      ruleId: 'coding/redundant-codes', kind: 'redundant-codes', severity: 'low', target: 'Condition/plain', suspectedCondition: 'E11.9',
      evidence: ['Condition/plain', 'Condition/ckd'], answerOptions: [],
    });
    expect(finding!.summary).toBe('E11.9 (Type 2 diabetes mellitus without complications) is reported with E11.22 (Type 2 diabetes mellitus w diabetic chronic kidney disease) (the encounter of 2021-03-01): E11.9 says the diabetes is without complications, while another E11 code describes it more specifically (Official Guidelines I.C.4.a: as many E11 codes as needed to describe all complications).');
    expect(finding!.facts.map((f) => [f.kind, f.label, f.reference])).toEqual([['diagnosis', 'E11.9', 'Condition/plain'], ['diagnosis', 'E11.22', 'Condition/ckd']]);
  });

  it('flags a CKD stage beside ESRD, keeping N18.6', () => {
    const bill = claim(['N18.4', 'N18.6'], '2021-03-08T12:00:00Z');
    const [finding] = run(redundantCodes, [bill]);
    expect(finding).toMatchObject({ target: `Claim/${bill.id}`, suspectedCondition: 'N18.4' });
    expect(finding!.summary).toContain('only N18.6 is assigned (Official Guidelines I.C.14.a.1)');
  });

  it('gives one finding per code to drop, with every reason', () => {
    const findings = run(redundantCodes, [claim(['N18.9', 'N18.4', 'N18.6'], '2021-03-08T12:00:00Z')]);
    expect(findings.map((f) => f.suspectedCondition).sort()).toEqual(['N18.4', 'N18.9']);
    const unspecified = findings.find((f) => f.suspectedCondition === 'N18.9')!;
    expect(unspecified.summary).toContain('is reported with N18.4 (Chronic kidney disease, stage 4 (severe)), N18.6 (End stage renal disease)');
    expect(unspecified.summary).toContain('I.C.14.a.1');
    expect(unspecified.summary).toContain('I.A.9.b');
  });

  it.each<[string, string, string]>([
    ['unspecified heart failure beside a typed one', 'I50.9', 'I50.32'],
    ['morbid obesity beside class 3 obesity', 'E66.01', 'E66.813'],
    ['cough beside pneumonia', 'R05.9', 'J18.9'],
    ['chest pain beside an NSTEMI', 'R07.9', 'I21.4'],
    ['right lower quadrant pain beside acute appendicitis', 'R10.31', 'K35.80'],
    ['dysuria beside acute cystitis', 'R30.0', 'N30.00'],
    ['type 1 diabetes without complications beside type 1 polyneuropathy', 'E10.9', 'E10.42'],
  ])('flags %s', (_scenario, drop, keep) => {
    const findings = run(redundantCodes, [stay, inStay(drop, 'drop'), inStay(keep, 'keep')]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ target: 'Condition/drop', suspectedCondition: drop });
  });

  it.each<[string, Resource[]]>([
    ['two complication codes of one category', [stay, inStay('E11.22', 'a'), inStay('E11.42', 'b')]],
    ['cough syncope beside pneumonia (a syncope, not the cough of the pneumonia)', [stay, inStay('R05.4', 'a'), inStay('J18.9', 'b')]],
    ['pain in throat beside an infarction', [stay, inStay('R07.0', 'a'), inStay('I21.4', 'b')]],
    ['E11.9 beside type 1 diabetes (Excludes1, not redundancy)', [stay, inStay('E11.9', 'a'), inStay('E10.42', 'b')]],
    ['the pair in different encounters', [stay, visit, inStay('E11.9', 'a'), inStay('E11.22', 'b', 'enc-2')]],
    ['the keep code in WHO ICD-10', [stay, inStay('E11.9', 'a'), whoCondition('E11.22', 'b')]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(run(redundantCodes, resources)).toEqual([]);
  });

  it('has codes FY2026 has in every pair', () => {
    for (const pair of REDUNDANT_PAIRS) for (const code of [...pair.drop, ...pair.keep]) expect(icd10cm.lookup(code), code).toBeDefined();
  });

  it('is silent without the code table', () => {
    expect(findingsFor(redundantCodes, [claim(['N18.4', 'N18.6'], '2021-03-08T12:00:00Z')])).toEqual([]);
  });
});

describe('coding/missing-combination-code', () => {
  it('flags E11.22 with no CKD code, quoting the note', () => {
    const [finding] = run(missingCombinationCode, [stay, inStay('E11.22', 'dm')], { encounterId: 'enc-1' });
    expect(finding).toMatchObject({
      ruleId: 'coding/missing-combination-code', kind: 'missing-combination-code', severity: 'medium', target: 'Condition/dm',
      suspectedCondition: 'E11.22', encounter: 'Encounter/enc-1', answerOptions: [],
    });
    expect(finding!.summary).toBe('E11.22 (Type 2 diabetes mellitus w diabetic chronic kidney disease) is reported, but its "use additional code" note names N18.1–N18.6 for the stage of chronic kidney disease, and no N18.- code is reported for this encounter.');
    expect(finding!.facts).toEqual([{ kind: 'diagnosis', label: 'E11.22', time: '2021-03-08', reference: 'Condition/dm' }]);
  });

  it.each(['E08.22', 'E09.22', 'E10.22', 'E13.22', 'I12.0', 'I12.9', 'I13.10', 'I13.11'])('flags %s with no CKD code', (code) => {
    const [finding] = run(missingCombinationCode, [claim([code], '2021-03-08T12:00:00Z')]);
    expect(finding!.summary).toContain('for the stage of chronic kidney disease, and no N18.- code');
  });

  it('names both companions of I13.0 when neither is coded', () => {
    const [finding] = run(missingCombinationCode, [claim(['I13.0'], '2021-03-08T12:00:00Z')]);
    expect(finding!.summary).toContain('names I50.- for the type of heart failure');
    expect(finding!.summary).toContain('names N18.1–N18.4, N18.9 for the stage of chronic kidney disease');
  });

  const billed = (...codes: string[]) => claim(codes, '2021-03-08T12:00:00Z');
  it.each<[string, Resource[], string]>([
    ['I13.0 with its CKD stage but no heart failure type', [billed('I13.0', 'N18.4')], 'names I50.- for the type of heart failure'],
    ['hypertensive heart disease with heart failure and no type', [billed('I11.0')], 'names I50.- for the type of heart failure'],
    ['anemia in CKD with no CKD code ("code first")', [billed('D63.1')], 'its "code first" note names N18.- for the stage of chronic kidney disease'],
    ['a diabetic foot ulcer with no ulcer site', [billed('E11.621')], 'names L97.4-, L97.5- for the site and depth of the ulcer'],
    ['varicose veins with ulcer and no ulcer site', [billed('I83.009')], 'for the site and depth of the ulcer, and no L97.- or L98.4- code'],
    ['E11.22 with CKD coded in WHO ICD-10 only', [billed('E11.22'), whoCondition('N18.4', 'who-ckd')], 'no N18.- code'],
  ])('flags %s', (_scenario, resources, text) => {
    const findings = run(missingCombinationCode, resources);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.summary).toContain(text);
  });

  it.each<[string, Resource[]]>([
    ['E11.22 with a staged CKD code', [claim(['E11.22', 'N18.4'], '2021-03-08T12:00:00Z')]],
    ['E11.22 with unstaged CKD (N18.9: a CKD code; the stage is unspecified-code\'s concern)', [claim(['E11.22', 'N18.9'], '2021-03-08T12:00:00Z')]],
    ['E11.22 on a Condition and the CKD on a claim of the record', [icd10Condition('E11.22', { recordedDate: STAY }), claim(['N18.32'], '2021-03-08T12:00:00Z')]],
    ['I13.0 with its CKD stage and heart failure type', [claim(['I13.0', 'N18.4', 'I50.32'], '2021-03-08T12:00:00Z')]],
    ['anemia in CKD with ESRD', [claim(['D63.1', 'N18.6'], '2021-03-08T12:00:00Z')]],
    ['a diabetic foot ulcer with its site', [claim(['E11.621', 'L97.411'], '2021-03-08T12:00:00Z')]],
    ['atheroembolism of kidney (its CKD note is "any associated": conditional)', [claim(['I75.81'], '2021-03-08T12:00:00Z')]],
    ['Alport syndrome (its CKD note is conditional: the title names no CKD)', [claim(['Q87.81'], '2021-03-08T12:00:00Z')]],
    ['a UTI without an organism code (conditional note)', [claim(['N39.0'], '2021-03-08T12:00:00Z')]],
    ['atherosclerosis with gangrene ("if applicable" ulcer note)', [claim(['I70.261'], '2021-03-08T12:00:00Z')]],
    ['E11.22 coded in WHO ICD-10', [whoCondition('E11.22', 'who-dm')]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(run(missingCombinationCode, resources)).toEqual([]);
  });

  it('does not require a heart failure code for hypertensive heart and CKD without heart failure', () => {
    expect(requiredCompanions(icd10cm, 'I13.10').map((r) => r.companion.categories)).toEqual([['N18']]);
  });

  it('is silent without the code table', () => {
    expect(findingsFor(missingCombinationCode, [claim(['E11.22'], '2021-03-08T12:00:00Z')])).toEqual([]);
  });
});

describe('code-combinations', () => {
  it.each<[string, string]>([['E11', 'E11.-'], ['O244', 'O24.4-'], ['P702', 'P70.2'], ['N181-N186', 'N18.1–N18.6']])('writes the note target %s as %s', (target, text) => {
    expect(describeNoteTarget(icd10cm, target)).toBe(text);
  });

  it('lists the three checks in CODE_COMBINATION_RULES', () => {
    expect(CODE_COMBINATION_RULES.map((r) => r.id)).toEqual(['coding/excludes1-conflict', 'coding/redundant-codes', 'coding/missing-combination-code']);
  });
});
