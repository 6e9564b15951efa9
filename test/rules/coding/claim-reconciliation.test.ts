import { beforeAll, describe, expect, it } from 'vitest';
import type { Claim, Condition, Encounter, ExplanationOfBenefit, Resource } from 'fhir/r4';
import {
  CLAIM_RECONCILIATION_RULES, CLAIM_SYSTEM, claimUnsupported, notOnClaim, principalMissing,
} from '../../../src/rules/coding/claim-reconciliation';
import { SEPSIS_SNOMED, SNOMED } from '../../../src/terminology/snomed';
import { SYSTEM } from '../../../src/terminology/systems';
import { loadIcd10Cm, type Icd10CmTable } from '../../../src/terminology/icd10cm/icd10cm-table';
import { claim, encounter, findingsFor, icd10Condition, PATIENT_ID, snomedCondition, targetOf, kindOf } from '../support';

let icd10cm: Icd10CmTable;
beforeAll(async () => void (icd10cm = await loadIcd10Cm()));

// An inpatient stay, 1–8 March 2021, billed on 8 March and reviewed on 15 March, launched in the stay.
const ENC = 'enc-1';
const START = '2021-03-01T08:00:00Z';
const END = '2021-03-08T12:00:00Z';
const stay = (overrides: Partial<Encounter> = {}, encounterClass = 'IMP') => encounter(ENC, START, END, encounterClass, overrides);
const run = (rule: Parameters<typeof findingsFor>[0], resources: Resource[], launch = true) =>
  findingsFor(rule, resources, { icd10cm, ...(launch ? { encounterId: ENC } : {}) });

type Dx = string | { condition: string } | { code: string; system?: string; principal?: boolean };
const PRINCIPAL = [{ coding: [{ system: CLAIM_SYSTEM.DIAGNOSIS_TYPE, code: 'principal' }] }];

function claimDiagnosis(dx: Dx, sequence: number): NonNullable<Claim['diagnosis']>[number] {
  if (typeof dx === 'string') return { sequence, diagnosisCodeableConcept: { coding: [{ system: SYSTEM.ICD10CM, code: dx }] } };
  if ('condition' in dx) return { sequence, diagnosisReference: { reference: `Condition/${dx.condition}` } };
  return {
    sequence, diagnosisCodeableConcept: { coding: [{ system: dx.system ?? SYSTEM.ICD10CM, code: dx.code }] },
    ...(dx.principal ? { type: PRINCIPAL } : {}),
  };
}

/** A Synthea-shaped claim: item[0] bills the encounter, the diagnoses follow by code or Condition reference. */
function bill(encounterId: string | undefined, diagnoses: Dx[], overrides: Partial<Claim> = {}, created = END): Claim {
  return claim([], created, {
    item: [{ sequence: 1, productOrService: { text: 'Encounter' }, ...(encounterId ? { encounter: [{ reference: `Encounter/${encounterId}` }] } : {}) }],
    diagnosis: diagnoses.map((dx, i) => claimDiagnosis(dx, i + 1)),
    ...overrides,
  });
}

/** The EOB adjudicating a claim, as Synthea writes it: EOB.claim, the same diagnoses, each typed principal. */
function eobOf(source: Claim, { mirror = true } = {}): ExplanationOfBenefit {
  return {
    resourceType: 'ExplanationOfBenefit', id: `eob-${source.id}`, status: 'active', use: 'claim', type: source.type,
    patient: { reference: `Patient/${PATIENT_ID}` }, created: source.created, billablePeriod: source.billablePeriod,
    insurer: { display: 'private' }, provider: source.provider, outcome: 'complete',
    ...(mirror ? { claim: { reference: `Claim/${source.id}` } } : {}),
    insurance: [{ focal: true, coverage: { display: 'private' } }],
    item: (source.item ?? []).map((i) => ({ sequence: i.sequence, productOrService: i.productOrService, encounter: i.encounter })),
    diagnosis: (source.diagnosis ?? []).map((d) => ({ ...d, type: PRINCIPAL })),
  };
}

const role = (code: string) => ({ coding: [{ system: CLAIM_SYSTEM.DIAGNOSIS_ROLE, code }] });
const rankedDiagnosis = (conditionId: string, rank: number, use?: string) =>
  ({ condition: { reference: `Condition/${conditionId}` }, rank, ...(use ? { use: role(use) } : {}) });

describe('coding/claim-unsupported', () => {
  it('flags an ICD-10-CM claim diagnosis that no Condition or encounter diagnosis supports, naming its official title', () => {
    const pneumoniaClaim = bill(ENC, ['I10', 'J18.9']);
    const [finding, ...rest] = run(claimUnsupported, [stay(), icd10Condition('I10', { encounter: ENC }), pneumoniaClaim]);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'coding/claim-unsupported', category: 'coding-discrepancy', kind: 'claim-unsupported', severity: 'high',
      target: `Claim/${pneumoniaClaim.id}`, suspectedCondition: 'J18.9', encounter: `Encounter/${ENC}`,
      evidence: [`Claim/${pneumoniaClaim.id}`], observedAt: END, answerOptions: [],
    });
    expect(finding!.summary).toBe(`J18.9 (Pneumonia, unspecified organism), diagnosis 2 on claim (2021-03-08 12:00), has no matching Condition or encounter diagnosis in the record.`);
    // The claim line as coded, on the claim's date of service.
    expect(finding!.facts).toEqual([{ kind: 'diagnosis', label: 'J18.9', time: '2021-03-08', reference: `Claim/${pneumoniaClaim.id}` }]);
  });

  it.each<[string, () => Resource[], string]>([
    ['a code the record holds only at another level of detail (E11.9 billed, E11.65 documented)',
      () => [icd10Condition('E11.65'), bill(ENC, ['E11.9'])], 'has no matching Condition'],
    ['a code whose only Condition is entered in error',
      () => [icd10Condition('E87.1', { verificationStatus: 'entered-in-error' }), bill(ENC, ['E87.1'])], 'has no matching Condition'],
    ['a diagnosisReference to a Condition missing from the record',
      () => [bill(ENC, [{ condition: 'not-here' }])], 'references a diagnosis, which is not in the record'],
    ['a diagnosisReference to a refuted Condition',
      () => [icd10Condition('E87.1', { id: 'refuted-1', verificationStatus: 'refuted' }), bill(ENC, [{ condition: 'refuted-1' }])],
      'references Condition/refuted-1, which is marked refuted'],
    ['an explanation of benefit whose claim is not in the record',
      () => [eobOf(bill(ENC, ['J18.9']), { mirror: false })], 'has no matching Condition'],
  ])('flags %s', (_scenario, resources, wording) => {
    const findings = run(claimUnsupported, [stay(), ...resources()]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.summary).toContain(wording);
  });

  it('says what a reference points to when the Condition is missing, without inventing a code', () => {
    const orphan = bill(ENC, [{ condition: 'not-here' }]);
    const [finding] = run(claimUnsupported, [stay(), orphan]);
    expect(finding!.summary).toBe(`Diagnosis 1 on claim (2021-03-08 12:00) references a diagnosis, which is not in the record.`);
    expect(finding!.suspectedCondition).toBeUndefined();
    expect(finding!.facts).toEqual([{ kind: 'claim', label: 'diagnosis 1', text: 'Condition/not-here', time: '2021-03-08', reference: `Claim/${orphan.id}` }]);
  });

  it('cites the refuted Condition beside the claim', () => {
    const refuted = icd10Condition('E87.1', { id: 'refuted-2', verificationStatus: 'refuted' });
    const billed = bill(ENC, [{ condition: 'refuted-2' }]);
    const [finding] = run(claimUnsupported, [stay(), refuted, billed]);
    expect(finding).toMatchObject({ suspectedCondition: 'E87.1', evidence: [`Claim/${billed.id}`, 'Condition/refuted-2'] });
    expect(finding!.facts).toEqual([
      { kind: 'diagnosis', label: 'E87.1', time: '2021-03-08', reference: `Claim/${billed.id}` },
      { kind: 'diagnosis', label: 'Condition/refuted-2', text: 'refuted', time: '2015-01-01', reference: 'Condition/refuted-2' },
    ]);
  });

  it('reports a claim and the EOB that mirrors it once, on the claim', () => {
    const billed = bill(ENC, ['J18.9']);
    const findings = run(claimUnsupported, [stay(), billed, eobOf(billed)]);
    expect(findings.map(targetOf)).toEqual([`Claim/${billed.id}`]);
  });

  it('names the code by its coding display when the ICD-10-CM table is not loaded', () => {
    const billed = bill(ENC, [], { diagnosis: [{ sequence: 1, diagnosisCodeableConcept: { coding: [{ system: SYSTEM.ICD10CM, code: 'J189', display: 'Pneumonia' }] } }] });
    const [finding] = findingsFor(claimUnsupported, [stay(), billed], { encounterId: ENC });
    expect(finding!.summary).toMatch(/^J18\.9 \(Pneumonia\), diagnosis 1/);
  });

  it.each<[string, () => Resource[]]>([
    ['a Condition with the same code written without the dot', () => [icd10Condition('J18.9'), bill(ENC, ['J189'])]],
    ['a resolved Condition with the code (it still documents the diagnosis)', () => [icd10Condition('J18.9', { clinicalStatus: 'resolved' }), bill(ENC, ['J18.9'])]],
    ['an Encounter.diagnosis pointing to a contained Condition with the code', () => [
      stay({
        contained: [{ resourceType: 'Condition', id: 'dx', subject: { reference: `Patient/${PATIENT_ID}` }, code: { coding: [{ system: SYSTEM.ICD10CM, code: 'J18.9' }] } } as Condition],
        diagnosis: [{ condition: { reference: '#dx' }, rank: 1 }],
      }),
      bill(ENC, ['J18.9'])]],
    ['a Synthea diagnosisReference to a SNOMED-coded Condition in the record', () => [snomedCondition(SEPSIS_SNOMED.PNEUMONIA, { id: 'pna', encounter: ENC }), bill(ENC, [{ condition: 'pna' }])]],
    ['a claim created before the stay (outside the review window)', () => [bill(undefined, ['J18.9'], {}, '2021-02-01T00:00:00Z')]],
    ['a cancelled claim', () => [bill(ENC, ['J18.9'], { status: 'cancelled' })]],
    ['a claim of the window billing another encounter (launched in the stay)', () => [
      stay(), encounter('enc-visit', '2021-03-02T09:00:00Z', '2021-03-02T10:00:00Z', 'AMB'), bill('enc-visit', ['J18.9'], {}, '2021-03-02T12:00:00Z')]],
    ['a pre-authorization', () => [bill(ENC, ['J18.9'], { use: 'preauthorization' })]],
    ['a WHO ICD-10 code (another code system, not reconciled as ICD-10-CM)', () => [bill(ENC, [{ code: 'J18.9', system: SYSTEM.ICD10_WHO }])]],
  ])('stays silent for %s', (_scenario, resources) => {
    const list = resources();
    expect(run(claimUnsupported, list.some((r) => r.resourceType === 'Encounter') ? list : [stay(), ...list])).toEqual([]);
  });
});

describe('coding/not-on-claim', () => {
  it('flags an encounter diagnosis that the encounter\'s claim leaves out', () => {
    const hyponatremia = icd10Condition('E87.1', { id: 'hypo', encounter: ENC });
    const billed = bill(ENC, ['J18.9']);
    const [finding, ...rest] = run(notOnClaim, [stay(), icd10Condition('J18.9', { encounter: ENC }), hyponatremia, billed]);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'coding/not-on-claim', kind: 'not-on-claim', severity: 'medium', target: 'Condition/hypo', suspectedCondition: 'E87.1',
      encounter: `Encounter/${ENC}`, evidence: ['Condition/hypo', `Encounter/${ENC}`, `Claim/${billed.id}`], answerOptions: [],
    });
    expect(finding!.summary).toBe(`E87.1 (Hypo-osmolality and hyponatremia), a diagnosis of inpatient stay (2021-03-01 08:00 – 2021-03-08 12:00), is not on that encounter's claim (2021-03-08 12:00).`);
    expect(finding!.facts).toEqual([
      { kind: 'diagnosis', label: 'E87.1', time: '2021-03-08', reference: 'Condition/hypo' },
      { kind: 'encounter', label: 'inpatient stay', time: START, reference: `Encounter/${ENC}` },
      { kind: 'claim', label: 'claim', time: END, reference: `Claim/${billed.id}` },
    ]);
  });

  it.each<[string, () => Resource[]]>([
    ['an Encounter.diagnosis without Condition.encounter', () => [
      stay({ diagnosis: [rankedDiagnosis('hypo', 2, 'DD')] }), icd10Condition('E87.1', { id: 'hypo' }), bill(ENC, ['J18.9'])]],
    ['a Synthea SNOMED Condition the claim does not reference', () => [
      stay(), snomedCondition(SEPSIS_SNOMED.PNEUMONIA, { id: 'pna', encounter: ENC }), snomedCondition(SNOMED.HYPONATREMIA, { id: 'hypo', encounter: ENC, display: 'Hyponatremia' }),
      bill(ENC, [{ condition: 'pna' }])]],
    ['a Condition without category (as Synthea writes them)', () => [
      stay(), { ...icd10Condition('E87.1', { id: 'hypo', encounter: ENC }), category: undefined }, bill(ENC, ['J18.9'])]],
    ['a diagnosis resolved after the stay', () => [
      stay(), { ...icd10Condition('E87.1', { id: 'hypo', encounter: ENC, clinicalStatus: 'resolved' }), abatementDateTime: '2021-03-20T00:00:00Z' }, bill(ENC, ['J18.9'])]],
    ['a provisional diagnosis of an inpatient stay (coded as if established, Guidelines II.H)', () => [
      stay(), icd10Condition('E87.1', { id: 'hypo', encounter: ENC, verificationStatus: 'provisional' }), bill(ENC, ['J18.9'])]],
    ['a claim that lists no diagnosis at all', () => [stay(), icd10Condition('E87.1', { id: 'hypo', encounter: ENC }), bill(ENC, [])]],
  ])('flags %s', (_scenario, resources) => {
    const findings = run(notOnClaim, resources());
    expect(findings.map(targetOf)).toEqual(['Condition/hypo']);
  });

  it('names a SNOMED-only diagnosis by its display and code', () => {
    const [finding] = run(notOnClaim, [
      stay(), snomedCondition(SEPSIS_SNOMED.PNEUMONIA, { id: 'pna', encounter: ENC }),
      snomedCondition(SNOMED.HYPONATREMIA, { id: 'hypo', encounter: ENC, display: 'Hyponatremia' }), bill(ENC, [{ condition: 'pna' }])]);
    expect(finding!.summary).toMatch(/^Hyponatremia \(SNOMED CT 89627008\), a diagnosis of inpatient stay/);
    expect(finding!.suspectedCondition).toBeUndefined();
  });

  it('reports a claim and its mirroring EOB once, citing the claim', () => {
    const billed = bill(ENC, ['J18.9']);
    const findings = run(notOnClaim, [stay(), icd10Condition('E87.1', { id: 'hypo', encounter: ENC }), billed, eobOf(billed)]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence).toEqual(['Condition/hypo', `Encounter/${ENC}`, `Claim/${billed.id}`]);
  });

  it.each<[string, () => Resource[]]>([
    ['the diagnosis on the claim, written without the dot', () => [stay(), icd10Condition('E87.1', { encounter: ENC }), bill(ENC, ['J18.9', 'E871'])]],
    ['the diagnosis referenced by the claim', () => [stay(), icd10Condition('E87.1', { id: 'hypo', encounter: ENC }), bill(ENC, [{ condition: 'hypo' }])]],
    ['the diagnosis on the professional claim of the stay though not on the institutional one', () => [
      stay(), icd10Condition('E87.1', { encounter: ENC }), bill(ENC, ['J18.9']),
      bill(ENC, ['E87.1'], { type: { coding: [{ system: CLAIM_SYSTEM.CLAIM_TYPE, code: 'professional' }] } })]],
    ['an encounter with no claim in the record', () => [stay(), icd10Condition('E87.1', { encounter: ENC })]],
    ['only a pharmacy claim for the encounter', () => [
      stay(), icd10Condition('E87.1', { encounter: ENC }), bill(ENC, [], { type: { coding: [{ system: CLAIM_SYSTEM.CLAIM_TYPE, code: 'pharmacy' }] } })]],
    ['a problem-list item that points to the encounter', () => [
      stay(), { ...icd10Condition('E87.1', { encounter: ENC }), category: [{ coding: [{ system: CLAIM_SYSTEM.CONDITION_CATEGORY, code: 'problem-list-item' }] }] },
      bill(ENC, ['J18.9'])]],
    ['a refuted diagnosis', () => [stay(), icd10Condition('E87.1', { encounter: ENC, verificationStatus: 'refuted' }), bill(ENC, ['J18.9'])]],
    ['a provisional diagnosis of an outpatient visit (not coded, Guidelines IV.H)', () => [
      stay({}, 'AMB'), icd10Condition('E87.1', { encounter: ENC, verificationStatus: 'provisional' }), bill(ENC, ['J18.9'])]],
    ['a diagnosis that ended before the stay began', () => [
      stay(), { ...icd10Condition('E87.1', { encounter: ENC, clinicalStatus: 'resolved' }), abatementDateTime: '2021-02-01T00:00:00Z' }, bill(ENC, ['J18.9'])]],
    ['a SNOMED-only diagnosis beside a claim coded in ICD-10-CM only (no common code system)', () => [
      stay(), snomedCondition(SNOMED.HYPONATREMIA, { encounter: ENC }), bill(ENC, ['J18.9'])]],
    ['a claim outside the review window', () => [stay(), icd10Condition('E87.1', { encounter: ENC }), bill(ENC, ['J18.9'], {}, '2021-04-01T00:00:00Z')]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(run(notOnClaim, resources())).toEqual([]);
  });
});

describe('coding/principal-missing', () => {
  it('flags an ended inpatient stay whose claim types no diagnosis as principal', () => {
    const billed = bill(ENC, ['J18.9', 'E87.1']);
    const [finding, ...rest] = run(principalMissing, [stay(), billed]);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'coding/principal-missing', kind: 'principal-missing', severity: 'high', target: `Encounter/${ENC}`,
      encounter: `Encounter/${ENC}`, evidence: [`Encounter/${ENC}`, `Claim/${billed.id}`], observedAt: END, answerOptions: [],
    });
    expect(finding!.summary).toBe(`Inpatient stay (2021-03-01 08:00 – 2021-03-08 12:00) has no principal diagnosis: none of its diagnoses is ranked first for billing or discharge, and no diagnosis of sequence 1 is typed principal on claim (2021-03-08 12:00).`);
    expect(finding!.facts.map((f) => [f.kind, f.label, f.reference])).toEqual([
      ['encounter', 'inpatient stay', `Encounter/${ENC}`], ['claim', 'claim', `Claim/${billed.id}`],
    ]);
  });

  it.each<[string, () => Resource[], string]>([
    ['no claim for the stay', () => [stay()], 'no claim in the record bills it'],
    ['a claim that lists no diagnosis', () => [stay(), bill(ENC, [])], 'its claims list no diagnosis'],
    ['only an admission diagnosis ranked 1 (AD is not the principal)', () => [
      stay({ diagnosis: [rankedDiagnosis('adm', 1, 'AD')] }), icd10Condition('R06.02', { id: 'adm' })], 'no claim in the record bills it'],
    ['a rank-1 billing diagnosis that is refuted', () => [
      stay({ diagnosis: [rankedDiagnosis('ref', 1, 'billing')] }), icd10Condition('J18.9', { id: 'ref', verificationStatus: 'refuted' })], 'no claim'],
    ['a stay of class ACUTE (inpatient acute)', () => [stay({}, 'ACUTE')], 'no claim'],
  ])('flags %s', (_scenario, resources, wording) => {
    const findings = run(principalMissing, resources());
    expect(findings).toHaveLength(1);
    expect(findings[0]!.summary).toContain(wording);
  });

  it.each<[string, () => Resource[]]>([
    ['a rank-1 Encounter.diagnosis in the billing role', () => [stay({ diagnosis: [rankedDiagnosis('pna', 1, 'billing')] }), icd10Condition('J18.9', { id: 'pna' })]],
    ['a rank-1 discharge diagnosis (DD)', () => [stay({ diagnosis: [rankedDiagnosis('pna', 1, 'DD')] }), icd10Condition('J18.9', { id: 'pna' })]],
    ['a rank-1 Encounter.diagnosis with no role', () => [stay({ diagnosis: [rankedDiagnosis('pna', 1)] }), icd10Condition('J18.9', { id: 'pna' })]],
    ['claim diagnosis 1 typed principal', () => [stay(), bill(ENC, [{ code: 'J18.9', principal: true }, 'E87.1'])]],
    ['the Synthea pair: an untyped claim and its EOB typing diagnosis 1 principal', () => {
      const billed = bill(ENC, [{ condition: 'pna' }]);
      return [stay(), snomedCondition(SEPSIS_SNOMED.PNEUMONIA, { id: 'pna', encounter: ENC }), billed, eobOf(billed)];
    }],
    ['a stay still in progress (the principal diagnosis is assigned after discharge)', () => [encounter(ENC, START, undefined, 'IMP'), bill(ENC, ['J18.9'])]],
    ['an outpatient visit', () => [stay({}, 'AMB'), bill(ENC, ['J18.9'])]],
    ['a cancelled stay', () => [stay({ status: 'cancelled' })]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(run(principalMissing, resources())).toEqual([]);
  });

  it('stays silent for a stay outside the 12-month look-back', () => {
    const old = encounter('old', '2019-01-01T08:00:00Z', '2019-01-05T08:00:00Z');
    expect(run(principalMissing, [old], false)).toEqual([]);
    expect(run(principalMissing, [encounter('recent', '2020-06-01T08:00:00Z', '2020-06-05T08:00:00Z')], false)).toHaveLength(1);
  });

  it('flags an external cause code as the principal diagnosis of a claim', () => {
    const billed = bill(ENC, ['W19.XXXA', 'S72.001A']);
    const findings = run(principalMissing, [stay({ diagnosis: [rankedDiagnosis('fx', 1, 'billing')] }), icd10Condition('S72.001A', { id: 'fx' }), billed]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ target: `Claim/${billed.id}`, suspectedCondition: 'W19.XXXA', severity: 'high', kind: 'principal-missing' });
    expect(findings[0]!.summary).toBe(`W19.XXXA (Unspecified fall, initial encounter), the principal diagnosis (sequence 1) on claim (2021-03-08 12:00), is an external cause code: external cause codes are never the principal or first-listed diagnosis (ICD-10-CM Official Guidelines I.C.20.a.6).`);
    expect(findings[0]!.facts).toEqual([{ kind: 'diagnosis', label: 'W19.XXXA', time: '2021-03-08', reference: `Claim/${billed.id}` }]);
  });

  it('flags an external cause code ranked 1 on the encounter, even on an outpatient visit', () => {
    const findings = run(principalMissing, [stay({ diagnosis: [rankedDiagnosis('ped', 1)] }, 'AMB'), icd10Condition('V03.00XA', { id: 'ped' })]);
    expect(findings.map((f) => [targetOf(f), f.suspectedCondition])).toEqual([[`Encounter/${ENC}`, 'V03.00XA']]);
  });

  it.each<[string, () => Resource[]]>([
    ['an external cause code listed second', () => [stay(), bill(ENC, [{ code: 'S72.001A', principal: true }, 'W19.XXXA'])]],
    ['an external cause code ranked 2 on the encounter', () => [
      stay({ diagnosis: [rankedDiagnosis('fx', 1, 'billing'), rankedDiagnosis('fall', 2, 'billing')] }),
      icd10Condition('S72.001A', { id: 'fx' }), icd10Condition('W19.XXXA', { id: 'fall' })]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(run(principalMissing, resources())).toEqual([]);
  });

  it('reports an external cause principal on a claim and its mirroring EOB once', () => {
    const billed = bill(ENC, [{ code: 'W19.XXXA', principal: true }]);
    const findings = run(principalMissing, [stay(), billed, eobOf(billed)]);
    expect(findings.map(targetOf)).toEqual([`Claim/${billed.id}`]);
  });
});

describe('coding/principal-missing waits for the end of the stay (concurrent review)', () => {
  // The admission of 1–8 March 2021 with no principal diagnosis anywhere, reviewed on 15 March unless said.
  const admission = (status: string, end: string | undefined) =>
    encounter(ENC, START, end, 'IMP', { status: status as Encounter['status'], period: { start: START, ...(end ? { end } : {}) } });
  it.each<[string, () => Encounter, string | undefined, boolean]>([
    ['an admission in progress (no end yet)', () => admission('in-progress', undefined), undefined, false],
    ['the same admission finished', () => admission('finished', END), undefined, true],
    ['an admission in progress with an expected discharge date', () => admission('in-progress', END), undefined, false],
    ['a patient arrived, not yet admitted', () => admission('arrived', undefined), undefined, false],
    ['a patient triaged', () => admission('triaged', undefined), undefined, false],
    ['a patient on leave from the stay', () => admission('onleave', END), undefined, false],
    ['a stay on hold (R5 on-hold)', () => admission('on-hold', END), undefined, false],
    ['a stay marked finished without an end', () => admission('finished', undefined), undefined, false],
    ['a stay whose end is after the review date', () => admission('finished', END), '2021-03-05T12:00:00Z', false],
    ['a stay of unknown status that has ended', () => admission('unknown', END), undefined, true],
  ])('%s → %s', (_scenario, stayOf, now, flagged) => {
    const findings = findingsFor(principalMissing, [stayOf(), bill(ENC, ['J18.9'])], { icd10cm, encounterId: ENC, ...(now ? { now } : {}) });
    expect(findings.map(kindOf)).toEqual(flagged ? ['principal-missing'] : []);
  });

  it('looks only at the launch encounter when launched in one', () => {
    const other = encounter('enc-other', '2021-03-02T08:00:00Z', '2021-03-04T08:00:00Z', 'IMP');
    expect(run(principalMissing, [stay({ diagnosis: [rankedDiagnosis('pna', 1, 'billing')] }), icd10Condition('J18.9', { id: 'pna' }), other])).toEqual([]);
    expect(run(principalMissing, [stay({ diagnosis: [rankedDiagnosis('pna', 1, 'billing')] }), icd10Condition('J18.9', { id: 'pna' }), other], false)
      .map(targetOf)).toEqual(['Encounter/enc-other']);
  });
});

describe('CLAIM_RECONCILIATION_RULES', () => {
  it('holds the three claim checks, each a coding discrepancy', () => {
    expect(CLAIM_RECONCILIATION_RULES.map((r) => [r.id, r.category])).toEqual([
      ['coding/claim-unsupported', 'coding-discrepancy'], ['coding/not-on-claim', 'coding-discrepancy'], ['coding/principal-missing', 'coding-discrepancy'],
    ]);
  });

  it('finds nothing on a consistent Synthea-shaped stay: Conditions referenced by the claim, the EOB typing the principal', () => {
    const billed = bill(ENC, [{ condition: 'pna' }, { condition: 'hypo' }]);
    const resources = [
      stay(), snomedCondition(SEPSIS_SNOMED.PNEUMONIA, { id: 'pna', encounter: ENC }), snomedCondition(SNOMED.HYPONATREMIA, { id: 'hypo', encounter: ENC }),
      billed, eobOf(billed),
    ];
    expect(run([...CLAIM_RECONCILIATION_RULES], resources)).toEqual([]);
  });
});
