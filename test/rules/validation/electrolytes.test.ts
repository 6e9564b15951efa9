import { describe, expect, it } from 'vitest';
import type { Observation, Resource } from 'fhir/r4';
import type { Finding, Rule } from '../../../src/rules/engine/types';
import {
  ELECTROLYTES_VALIDATION_RULES, hyperkalemiaValidation, hypernatremiaValidation, hypokalemiaValidation, hyponatremiaValidation,
} from '../../../src/rules/validation/electrolytes';
import { LOINC } from '../../../src/terminology/loinc';
import { ELECTROLYTE_SNOMED, SNOMED } from '../../../src/terminology/snomed';
import { claim, encounter, findingsFor, icd10Condition, lab, snomedCondition, type RunScenario } from '../support';

// An inpatient stay, 1–8 March 2021, reviewed on 15 March.
const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z');
const sodium = (value: number, time = '2021-03-02T06:00:00Z', unit = 'mmol/L') => lab(LOINC.SODIUM_SERUM, value, unit, time, { encounter: 'enc-1' });
const potassium = (value: number, time = '2021-03-02T06:00:00Z', unit = 'mmol/L') => lab(LOINC.POTASSIUM_SERUM, value, unit, time, { encounter: 'enc-1' });
const bloodSodium = (value: number, time = '2021-03-02T06:00:00Z') => lab(LOINC.SODIUM_BLOOD, value, 'mmol/L', time, { encounter: 'enc-1' });
const bloodPotassium = (value: number, time = '2021-03-02T06:00:00Z') => lab(LOINC.POTASSIUM_BLOOD, value, 'mmol/L', time, { encounter: 'enc-1' });
/** A diagnosis coded for the stay, recorded on its second day. */
const documented = (code: string, display?: string) =>
  icd10Condition(code, { encounter: 'enc-1', recordedDate: '2021-03-02T10:00:00Z', ...(display ? { display } : {}) });
const ESCAPES = [{ text: 'Other (please specify)' }, { text: 'Clinically undetermined' }];

/** The rule's findings over the stay, launched in it; findingsFor checks that every finding states its facts. */
function validate(rule: Rule, resources: Resource[], scenario: RunScenario = { encounterId: 'enc-1' }): Finding[] {
  return findingsFor(rule, [stay, ...resources], scenario);
}

interface Family {
  rule: Rule;
  code: string;
  name: string;
  analyte: string;
  measure: (value: number, time?: string) => Observation;
  /** The reference limit (itself normal) and the nearest value beyond it. */
  limit: number;
  beyond: number;
  /** Values within the limits, the first the one nearest the limit. */
  normal: [number, number];
  side: 'below' | 'above';
}

const FAMILIES: Family[] = [
  { rule: hyponatremiaValidation, code: 'E87.1', name: 'Hyponatremia', analyte: 'sodium', measure: sodium, limit: 135, beyond: 134, normal: [136, 140], side: 'below' },
  { rule: hypernatremiaValidation, code: 'E87.0', name: 'Hypernatremia', analyte: 'sodium', measure: sodium, limit: 145, beyond: 146, normal: [143, 138], side: 'above' },
  { rule: hypokalemiaValidation, code: 'E87.6', name: 'Hypokalemia', analyte: 'potassium', measure: potassium, limit: 3.5, beyond: 3.4, normal: [3.7, 4.2], side: 'below' },
  { rule: hyperkalemiaValidation, code: 'E87.5', name: 'Hyperkalemia', analyte: 'potassium', measure: potassium, limit: 5.0, beyond: 5.1, normal: [4.8, 4.1], side: 'above' },
];
const byRule = FAMILIES.map((f) => [f.rule.id, f] as const);

describe('electrolyte clinical validation', () => {
  it('exports the four rules, each a clinical-validation rule with named thresholds', () => {
    expect(ELECTROLYTES_VALIDATION_RULES.map((r) => r.id)).toEqual([
      'validation/hyponatremia', 'validation/hypernatremia', 'validation/hypokalemia', 'validation/hyperkalemia']);
    expect(ELECTROLYTES_VALIDATION_RULES.map((r) => [r.category, r.severity])).toEqual(Array(4).fill(['clinical-validation', 'medium']));
    expect(ELECTROLYTES_VALIDATION_RULES.map((r) => r.thresholds)).toEqual([
      { sodiumBelow: 135 }, { sodiumAbove: 145 }, { potassiumBelow: 3.5 }, { potassiumAbove: 5.0 }]);
  });

  describe.each(byRule)('%s', (_id, f) => {
    const lowest = f.side === 'below' ? 'lowest' : 'highest';

    it.each<[string, (code: string) => Resource[]]>([
      ['one value beyond the limit among normal ones', () => [f.measure(f.normal[1], '2021-03-01T09:00:00Z'), f.measure(f.beyond), documented(f.code)]],
      ['a single value just beyond the limit', () => [f.measure(f.beyond), documented(f.code)]],
      ['a value beyond the limit in whole blood', () => [(f.analyte === 'sodium' ? bloodSodium : bloodPotassium)(f.beyond), documented(f.code)]],
      ['a value beyond the limit on the last day of the stay', () => [f.measure(f.normal[0]), f.measure(f.beyond, '2021-03-08T11:00:00Z'), documented(f.code)]],
      ['no such diagnosis documented', () => [f.measure(f.normal[0])]],
    ])('is silent for %s', (_scenario, resources) => {
      expect(validate(f.rule, resources(f.code))).toEqual([]);
    });

    it('flags the documented diagnosis when every value is within the limit, citing the one nearest the limit', () => {
      const condition = documented(f.code, f.name);
      const near = f.measure(f.normal[0], '2021-03-01T09:00:00Z');
      const far = f.measure(f.normal[1], '2021-03-03T06:00:00Z');
      const [finding, ...more] = validate(f.rule, [near, far, condition]);
      expect(more).toEqual([]);
      const range = f.side === 'below' ? { low: f.limit, unit: 'mmol/L' } : { high: f.limit, unit: 'mmol/L' };
      expect(finding).toMatchObject({
        ruleId: f.rule.id, category: 'clinical-validation', kind: 'clinical-validation', severity: 'medium',
        target: `Condition/${condition.id}`, suspectedCondition: f.code, encounter: 'Encounter/enc-1', observedAt: '2021-03-02T10:00:00Z',
      });
      expect(finding!.facts).toEqual([
        { kind: 'diagnosis', label: `${f.name} (${f.code})`, time: '2021-03-02T10:00:00Z', reference: `Condition/${condition.id}` },
        { kind: 'result', label: `${lowest} ${f.analyte}`, value: f.normal[0], unit: 'mmol/L', time: '2021-03-01T09:00:00Z', referenceRange: range, reference: `Observation/${near.id}` },
      ]);
      expect(finding!.evidence).toEqual([`Condition/${condition.id}`, `Observation/${near.id}`, `Observation/${far.id}`]);
      expect(finding!.summary).toBe(`${f.name} is documented (${f.name} (${f.code}) on 2021-03-02 10:00). Looked for: a ${f.analyte} ${f.side} ${f.analyte === 'potassium' ? f.limit.toFixed(1) : f.limit} mmol/L. Found in this encounter: ${lowest} ${f.analyte} ${f.normal[0]} mmol/L on 2021-03-01 09:00; none meets the criteria.`);
      expect(finding!.answerOptions).toEqual([
        { text: `${f.name}, confirmed (please document the clinical indicators that support it)`, icd10: f.code },
        { text: `${f.name}, ruled out` }, ...ESCAPES]);
    });

    it.each<[string, number, number]>([
      ['exactly at the limit (the limit itself is normal)', f.limit, 1],
      ['just beyond the limit', f.beyond, 0],
    ])('judges a single value %s', (_scenario, value, findings) => {
      const found = validate(f.rule, [f.measure(value), documented(f.code)]);
      expect(found).toHaveLength(findings);
      // A single value is cited by the measurement's name alone.
      if (findings) expect(found[0]!.facts[1]).toMatchObject({ label: f.analyte, value });
    });

    it('does not count values just outside the stay, and cites only those inside', () => {
      const before = f.measure(f.beyond, '2021-03-01T07:59:00Z');
      const after = f.measure(f.beyond, '2021-03-08T12:01:00Z');
      const inside = f.measure(f.normal[0]);
      const [finding] = validate(f.rule, [before, after, inside, documented(f.code)]);
      expect(finding!.evidence.filter((r) => r.startsWith('Observation/'))).toEqual([`Observation/${inside.id}`]);
    });

    it.each<[string, (code: string) => Resource]>([
      ['resolved', (code) => icd10Condition(code, { encounter: 'enc-1', clinicalStatus: 'resolved', recordedDate: '2021-03-02T10:00:00Z' })],
      ['inactive', (code) => icd10Condition(code, { encounter: 'enc-1', clinicalStatus: 'inactive', recordedDate: '2021-03-02T10:00:00Z' })],
      ['refuted', (code) => icd10Condition(code, { encounter: 'enc-1', verificationStatus: 'refuted', recordedDate: '2021-03-02T10:00:00Z' })],
      ['entered in error', (code) => icd10Condition(code, { encounter: 'enc-1', verificationStatus: 'entered-in-error', recordedDate: '2021-03-02T10:00:00Z' })],
      ['of another encounter', (code) => icd10Condition(code, { encounter: 'enc-0', recordedDate: '2020-06-02T10:00:00Z' })],
    ])('does not validate a %s diagnosis', (_scenario, condition) => {
      expect(validate(f.rule, [f.measure(f.normal[0]), condition(f.code)])).toEqual([]);
    });

    it('validates a diagnosis coded on the stay\'s Encounter.diagnosis, targeting the encounter', () => {
      const problem = icd10Condition(f.code, { id: `old-${f.code}`, recordedDate: '2019-05-01T00:00:00Z' });
      const coded = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z', 'IMP', { diagnosis: [{ condition: { reference: `Condition/${problem.id}` } }] });
      const findings = findingsFor(f.rule, [coded, problem, f.measure(f.normal[0])], { encounterId: 'enc-1' });
      expect(findings.map((x) => [x.category === 'clinical-validation' && x.target, x.suspectedCondition])).toEqual([['Encounter/enc-1', f.code]]);
    });

    it('validates a diagnosis on a claim line of the stay, targeting the claim', () => {
      const bill = claim(['J18.9', f.code], '2021-03-08T12:00:00Z');
      const [finding, ...more] = validate(f.rule, [f.measure(f.normal[0]), bill]);
      expect(more).toEqual([]);
      expect(finding).toMatchObject({ target: `Claim/${bill.id}`, suspectedCondition: f.code });
      expect(finding!.facts[0]).toMatchObject({ kind: 'diagnosis', label: f.code, reference: `Claim/${bill.id}` });
    });

    it('says so at low severity when the stay holds no measurement', () => {
      const condition = documented(f.code, f.name);
      const [finding] = validate(f.rule, [condition, f.measure(f.beyond, '2021-02-20T09:00:00Z')]);
      expect(finding).toMatchObject({ severity: 'low', target: `Condition/${condition.id}`, evidence: [`Condition/${condition.id}`] });
      expect(finding!.facts).toHaveLength(1);
      expect(finding!.summary).toBe(`${f.name} is documented (${f.name} (${f.code}) on 2021-03-02 10:00). Looked for: a ${f.analyte} ${f.side} ${f.analyte === 'potassium' ? f.limit.toFixed(1) : f.limit} mmol/L. The record holds none of these measurements for this encounter.`);
    });
  });

  it('validates a SNOMED CT-only diagnosis (as Synthea codes it) by its ICD-10-CM code', () => {
    const condition = snomedCondition(SNOMED.HYPONATREMIA, { encounter: 'enc-1', recordedDate: '2021-03-02T10:00:00Z', display: 'Hyponatremia (disorder)' });
    const [finding] = validate(hyponatremiaValidation, [sodium(138), condition]);
    expect(finding).toMatchObject({ target: `Condition/${condition.id}`, suspectedCondition: 'E87.1' });
    expect(finding!.facts[0]!.label).toBe('Hyponatremia (disorder) (89627008)');
  });

  it.each<[string, Rule, Resource]>([
    ['hypernatremia (39355002)', hypernatremiaValidation, snomedCondition(ELECTROLYTE_SNOMED.HYPERNATREMIA, { encounter: 'enc-1', recordedDate: '2021-03-02T10:00:00Z' })],
    ['hyperkalemia (14140009)', hyperkalemiaValidation, snomedCondition(ELECTROLYTE_SNOMED.HYPERKALEMIA, { encounter: 'enc-1', recordedDate: '2021-03-02T10:00:00Z' })],
    ['hypokalemia (43339004)', hypokalemiaValidation, snomedCondition(SNOMED.HYPOKALEMIA, { encounter: 'enc-1', recordedDate: '2021-03-02T10:00:00Z' })],
  ])('recognizes SNOMED CT %s', (_scenario, rule, condition) => {
    expect(validate(rule, [sodium(140), potassium(4.2), condition])).toHaveLength(1);
  });

  it('keeps each electrolyte to its own diagnosis: a low sodium does not support hypokalemia', () => {
    expect(validate(hypokalemiaValidation, [sodium(128), potassium(4.0), documented('E87.6')])).toHaveLength(1);
    expect(validate(hyponatremiaValidation, [potassium(3.0), sodium(139), documented('E87.1')])).toHaveLength(1);
  });

  it('reads sodium reported in mEq/L', () => {
    expect(validate(hyponatremiaValidation, [sodium(132, undefined, 'mEq/L'), documented('E87.1')])).toEqual([]);
    expect(validate(hyponatremiaValidation, [sodium(138, undefined, 'mEq/L'), documented('E87.1')])).toHaveLength(1);
  });

  it('counts a low sodium even with hyperglycemia (E87.1 includes translocational hyponatremia)', () => {
    const glucose = lab(LOINC.GLUCOSE_SERUM, 700, 'mg/dL', '2021-03-02T06:00:00Z', { encounter: 'enc-1' });
    expect(validate(hyponatremiaValidation, [sodium(129), glucose, documented('E87.1')])).toEqual([]);
  });

  it('looks back 12 months when launched without an encounter', () => {
    const problem = icd10Condition('E87.1', { recordedDate: '2020-09-01T10:00:00Z' });
    const resources = [problem, sodium(139, '2020-09-01T09:00:00Z')];
    expect(validate(hyponatremiaValidation, resources, {})).toMatchObject([{ target: `Condition/${problem.id}`, summary: expect.stringContaining('Found in the last 12 months') }]);
    expect(validate(hyponatremiaValidation, [...resources, sodium(131, '2020-10-01T09:00:00Z')], {})).toEqual([]);
  });

  it('takes its limit from the configuration', () => {
    const resources = [sodium(136), documented('E87.1')];
    expect(validate(hyponatremiaValidation, resources)).toHaveLength(1);
    expect(validate(hyponatremiaValidation, resources, { encounterId: 'enc-1', thresholds: { 'validation/hyponatremia': { sodiumBelow: 137 } } })).toEqual([]);
  });
});
