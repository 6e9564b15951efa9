import { describe, expect, it } from 'vitest';
import type { Condition, Encounter, Resource } from 'fhir/r4';
import type { DiagnosisTarget, DocumentationGapDraft, Rule, RuleContext } from '../../../src/rules/engine/types';
import { SYSTEM } from '../../../src/terminology/systems';
import { claim, encounter, findingsFor, icd10Condition, lab, patient, snomedCondition, kindOf } from '../support';
import { PatientRecord } from '../../../src/record/patient-record';
import { runRules } from '../../../src/rules/engine/run-rules';
import { ALL_RULES } from '../../../src/rules/index';
import { LOINC } from '../../../src/terminology/loinc';

/** A rule that reports what the engine told it, so the engine's choices can be asserted. */
function probe(id: string, draft: (c: RuleContext, t: { limit: number }) => Partial<DocumentationGapDraft> | undefined): Rule<{ limit: number }> {
  return {
    id, title: `Probe ${id}`, category: 'documentation-gap', severity: 'medium', rationale: 'test probe', thresholds: { limit: 1 },
    evaluate: (context, t) => {
      const made = draft(context, t);
      return made ? [{ summary: 'facts', evidence: [], answerOptions: [], facts: [], ...made }] : [];
    },
  };
}

const E87_1 = { icd10: ['E87.1'], snomed: ['89627008'] };
const documented = (resources: Resource[], scenario: { encounterId?: string; now?: string } = {}) =>
  findingsFor(probe('t/documented', (c) => ({ summary: String(c.isDocumented(E87_1)) })), resources, scenario)[0]!.summary === 'true';

describe('runRules: review window', () => {
  it('reviews the launch encounter period', () => {
    const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z');
    const [finding] = findingsFor(probe('t/window', (c) => ({ summary: `${new Date(c.window.startMs).toISOString()} ${new Date(c.window.endMs).toISOString()} ${c.window.label}` })), [stay], { encounterId: 'enc-1' });
    expect(finding!.summary).toBe('2021-03-01T08:00:00.000Z 2021-03-08T12:00:00.000Z this encounter');
    expect(finding!.encounter).toBe('Encounter/enc-1');
  });

  it('runs an ongoing encounter up to now', () => {
    const stay = encounter('enc-2', '2021-03-10T08:00:00Z');
    const [finding] = findingsFor(probe('t/window', (c) => ({ summary: new Date(c.window.endMs).toISOString() })), [stay], { encounterId: 'enc-2', now: '2021-03-15T12:00:00Z' });
    expect(finding!.summary).toBe('2021-03-15T12:00:00.000Z');
  });

  it('looks back 12 months without an encounter, or when the launch encounter is not in the record', () => {
    for (const encounterId of [undefined, 'missing']) {
      const [finding] = findingsFor(probe('t/window', (c) => ({ summary: `${new Date(c.window.startMs).toISOString()} ${c.window.label}` })), [], { encounterId, now: '2021-03-15T12:00:00Z' });
      expect(finding!.summary).toBe('2020-03-15T12:00:00.000Z the last 12 months');
    }
  });

  it('computes the age at the review date, birthday included', () => {
    const age = (now: string) => findingsFor(probe('t/age', (c) => ({ summary: String(c.ageYears) })), [patient({ birthDate: '1950-03-15' })], { now })[0]!.summary;
    expect(age('2021-03-14T23:00:00Z')).toBe('70');
    expect(age('2021-03-15T00:00:00Z')).toBe('71');
  });
});

describe('runRules: is the diagnosis already documented?', () => {
  const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z');
  it.each<[string, Resource[], boolean]>([
    ['an active ICD-10-CM Condition from years ago', [icd10Condition('E87.1', { recordedDate: '2010-01-01T00:00:00Z' })], true],
    ['a longer code under the prefix', [icd10Condition('E87.10')], true],
    ['an active SNOMED-only Condition', [snomedCondition('89627008')], true],
    ['a resolved Condition recorded during the stay', [icd10Condition('E87.1', { clinicalStatus: 'resolved', recordedDate: '2021-03-02T00:00:00Z' })], true],
    ['a resolved Condition from years ago', [icd10Condition('E87.1', { clinicalStatus: 'resolved', recordedDate: '2010-01-01T00:00:00Z', onsetDateTime: '2010-01-01T00:00:00Z' })], false],
    ['a refuted Condition', [icd10Condition('E87.1', { verificationStatus: 'refuted' })], false],
    ['a Condition entered in error', [icd10Condition('E87.1', { verificationStatus: 'entered-in-error' })], false],
    ['another code (E87.2)', [icd10Condition('E87.2')], false],
    ['a WHO ICD-10 (not ICD-10-CM) coding', [{ ...icd10Condition('E87.1'), code: { coding: [{ system: SYSTEM.ICD10_WHO, code: 'E87.1' }] } }], false],
    ['a claim for the stay with the code', [claim(['E87.1'], '2021-03-08T12:00:00Z')], true],
    ['a claim from last year with the code', [claim(['E87.1'], '2019-03-08T12:00:00Z')], false],
    ['the encounter diagnosis of the stay', [
      icd10Condition('E87.1', { id: 'c-enc', clinicalStatus: 'resolved', recordedDate: '2010-01-01T00:00:00Z', onsetDateTime: '2010-01-01T00:00:00Z' }),
      { ...stay, id: 'enc-1', diagnosis: [{ condition: { reference: 'Condition/c-enc' } }] } as Encounter,
    ], true],
    ['the encounter diagnosis of the stay citing a refuted Condition', [
      icd10Condition('E87.1', { id: 'c-refuted', verificationStatus: 'refuted' }),
      { ...stay, id: 'enc-1', diagnosis: [{ condition: { reference: 'Condition/c-refuted' } }] } as Encounter,
    ], false],
    ['a claim for the stay citing a Condition entered in error', [
      icd10Condition('E87.1', { id: 'c-error', verificationStatus: 'entered-in-error' }),
      claim([], '2021-03-08T12:00:00Z', { diagnosis: [{ sequence: 1, diagnosisReference: { reference: 'Condition/c-error' } }] }),
    ], false],
  ])('%s → %s', (_title, resources, expected) => {
    const withStay = resources.some((r) => r.resourceType === 'Encounter') ? resources : [stay, ...resources];
    expect(documented(withStay, { encounterId: 'enc-1', now: '2021-03-15T12:00:00Z' })).toBe(expected);
  });
});

describe('runRules: findings', () => {
  it('merges findings about the same condition in the same encounter, keeping all evidence and the higher severity', () => {
    const a = probe('t/a', () => ({ suspectedCondition: 'N17.9', evidence: ['Observation/1', 'Observation/2'], summary: 'Creatinine rose.', encounter: 'Encounter/e' }));
    const b = probe('t/b', () => ({ suspectedCondition: 'N17.9', evidence: ['Observation/2', 'Observation/3'], summary: 'Urine output fell.', severity: 'high', encounter: 'Encounter/e' }));
    const findings = findingsFor([a, b], []);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 't/a', severity: 'high', evidence: ['Observation/1', 'Observation/2', 'Observation/3'], summary: 'Creatinine rose. Urine output fell.' });
  });

  it('keeps coding discrepancies of different kinds about one code apart', () => {
    const coding = (id: string, kind: 'sex-conflict' | 'age-conflict'): Rule => ({
      id, title: `Probe ${id}`, category: 'coding-discrepancy', severity: 'medium', rationale: 'test probe', thresholds: {},
      evaluate: () => [{ summary: 'facts', evidence: [], answerOptions: [], facts: [], suspectedCondition: 'O80', target: 'Condition/c', kind }],
    });
    expect(findingsFor([coding('t/sex', 'sex-conflict'), coding('t/age', 'age-conflict')], []).map(kindOf)).toEqual(['sex-conflict', 'age-conflict']);
  });

  it('keeps findings about the same condition in different encounters apart', () => {
    const a = probe('t/a', () => ({ suspectedCondition: 'N17.9', encounter: 'Encounter/e1' }));
    const b = probe('t/b', () => ({ suspectedCondition: 'N17.9', encounter: 'Encounter/e2' }));
    expect(findingsFor([a, b], [])).toHaveLength(2);
  });

  it('sorts by severity, then the most recent evidence first', () => {
    const make = (id: string, severity: 'high' | 'medium' | 'low', observedAt: string) => probe(id, () => ({ suspectedCondition: id, severity, observedAt }));
    const findings = findingsFor([make('low-new', 'low', '2021-03-09'), make('med-old', 'medium', '2021-01-01'), make('high', 'high', '2020-01-01'), make('med-new', 'medium', '2021-03-01')], []);
    expect(findings.map((f) => f.ruleId)).toEqual(['high', 'med-new', 'med-old', 'low-new']);
  });

  it('passes each rule its thresholds, with overrides by rule id', () => {
    const rule = probe('t/limit', (_c, t) => ({ summary: String(t.limit) }));
    expect(findingsFor(rule, [])[0]!.summary).toBe('1');
    expect(findingsFor(rule, [], { thresholds: { 't/limit': { limit: 7 } } })[0]!.summary).toBe('7');
  });
});

describe('runRules: a SNOMED-only diagnosis documents its ICD-10-CM category through the curated map', () => {
  /** A gap rule: fires unless the target is documented, citing what documents it when it is. */
  const gap = (target: DiagnosisTarget) => probe('t/gap', (c) => (c.isDocumented(target) ? undefined : { summary: 'not documented' }));
  const silenced = (target: DiagnosisTarget, resources: Resource[]) => findingsFor(gap(target), resources).length === 0;

  it.each<[string, DiagnosisTarget, Condition, boolean]>([
    ['viral sinusitis (444814009 → J01.90) documents the J01 category', { icd10: ['J01'], snomed: [] }, snomedCondition('444814009'), true],
    ['viral sinusitis documents the exact mapped code J01.90, with or without the dot', { icd10: ['J0190'], snomed: [] }, snomedCondition('444814009'), true],
    ['diabetes of no stated type (73211009 → E11.9) documents type 2 diabetes E11', { icd10: ['E11'], snomed: ['44054006'] }, snomedCondition('73211009'), true],
    ['HFmrEF (788950000 → I50.20) documents systolic heart failure I50.2', { icd10: ['I50.2'], snomed: [] }, snomedCondition('788950000'), true],
    ['viral sinusitis does not document a narrower code than the map gives (J01.91, recurrent)', { icd10: ['J01.91'], snomed: [] }, snomedCondition('444814009'), false],
    ['viral sinusitis does not document another category (J32 chronic sinusitis)', { icd10: ['J32'], snomed: [] }, snomedCondition('444814009'), false],
    ['an unmapped SNOMED code (195967001 Asthma) documents nothing by ICD-10-CM prefix', { icd10: ['J45'], snomed: [] }, snomedCondition('195967001'), false],
    ['a mapped concept without a single target (262574004 Bullet wound) documents nothing by prefix', { icd10: ['T14', 'S'], snomed: [] }, snomedCondition('262574004'), false],
    ['the explicit SNOMED list still documents, whatever the map gives', { icd10: ['J32'], snomed: ['444814009'] }, snomedCondition('444814009'), true],
    ['a mapped SNOMED code entered in error documents nothing', { icd10: ['J01'], snomed: [] }, snomedCondition('444814009', { verificationStatus: 'entered-in-error' }), false],
  ])('%s', (_title, target, condition, expected) => {
    expect(silenced(target, [condition])).toBe(expected);
  });

  it('reads the map for SNOMED CT codings only: the same code in another system documents nothing', () => {
    const whoCoded: Condition = { ...snomedCondition('444814009'), code: { coding: [{ system: SYSTEM.ICD10_WHO, code: '444814009' }] } };
    const noSystem: Condition = { ...snomedCondition('444814009'), code: { coding: [{ code: '444814009' }] } };
    expect(silenced({ icd10: ['J01'], snomed: [] }, [whoCoded])).toBe(false);
    expect(silenced({ icd10: ['J01'], snomed: [] }, [noSystem])).toBe(false);
  });

  it('cites the SNOMED-only Condition as what documents the category', () => {
    const sinusitis = snomedCondition('444814009', { id: 'c-sinus' });
    const cite = probe('t/cite', (c) => ({ summary: c.documentedBy({ icd10: ['J01'], snomed: [] }).map((r) => `${r.resourceType}/${r.id}`).join(' ') }));
    expect(findingsFor(cite, [sinusitis])[0]!.summary).toBe('Condition/c-sinus');
  });
});

describe('finding ids', () => {
  const lowSodium = () => [
    lab(LOINC.SODIUM_SERUM, 131, 'mmol/L', '2021-03-01T09:00:00Z', { id: 'na-1' }),
    lab(LOINC.SODIUM_SERUM, 129, 'mmol/L', '2021-03-02T09:00:00Z', { id: 'na-2' }),
  ];
  const run = (resources: Resource[]) => runRules(PatientRecord.fromResources(resources), ALL_RULES, { now: new Date('2021-03-15T12:00:00Z') });

  it('gives a finding the same id whatever the order of the input and whenever it runs', () => {
    const [first] = run([patient(), ...lowSodium()]);
    const [again] = run([...lowSodium().reverse(), patient()]);
    expect(first!.id).toMatch(/^f-[0-9a-f]{16}$/);
    expect(again!.id).toBe(first!.id);
  });

  it('gives the same finding of another patient, or in another encounter, another id', () => {
    const [mine] = run([patient(), ...lowSodium()]);
    const [theirs] = run([patient({ id: 'pat-2' }), ...lowSodium().map((o) => ({ ...o, subject: { reference: 'Patient/pat-2' } }))]);
    const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-05T08:00:00Z');
    const [inStay] = runRules(PatientRecord.fromResources([patient(), stay, ...lowSodium()]), ALL_RULES, { now: new Date('2021-03-15T12:00:00Z'), encounterId: 'enc-1' });
    expect(new Set([mine!.id, theirs!.id, inStay!.id]).size).toBe(3);
  });
});
