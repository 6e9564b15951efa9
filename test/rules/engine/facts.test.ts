import { describe, expect, it } from 'vitest';
import { PatientRecord } from '../../../src/record/patient-record';
import { describeFact, describeRange, mergeFacts, resultFact } from '../../../src/rules/engine/facts';
import type { DocumentationGapDraft, Fact, Rule } from '../../../src/rules/engine/types';
import { LOINC } from '../../../src/terminology/loinc';
import { findingsFor, lab, patient } from '../support';

const sodium = lab(LOINC.SODIUM_SERUM, 131, 'mmol/L', '2021-03-01T08:00:00Z', { id: 'na-1' });
const pointOf = (observation = sodium) => PatientRecord.fromResources([patient(), observation]).observations(LOINC.SODIUM_SERUM)[0]!;

describe('resultFact', () => {
  it('takes the value, unit, time and reference of an observation point, and the limit it was judged by', () => {
    expect(resultFact('sodium', pointOf(), { low: 135, unit: 'mmol/L' })).toEqual({
      kind: 'result', label: 'sodium', value: 131, unit: 'mmol/L', time: '2021-03-01T08:00:00Z',
      referenceRange: { low: 135, unit: 'mmol/L' }, reference: 'Observation/na-1',
    });
  });

  it('leaves out what the result does not have', () => {
    const coded = { ...sodium, id: 'na-2', valueQuantity: undefined, valueString: 'hemolyzed' };
    const fact = resultFact('sodium', pointOf(coded));
    expect(fact).not.toHaveProperty('value');
    expect(fact).not.toHaveProperty('referenceRange');
    expect(fact.reference).toBe('Observation/na-2');
  });
});

describe('describeFact', () => {
  it.each<[string, Fact, string]>([
    ['a measured result', { kind: 'result', label: 'sodium', value: 131, unit: 'mmol/L', time: '2021-03-01T08:00:00Z', reference: 'Observation/1' }, 'sodium 131 mmol/L on 2021-03-01 08:00'],
    ['a UCUM unit shown as people read it', { kind: 'vital-sign', label: 'temperature', value: 38.4, unit: 'Cel', time: '2021-03-01', reference: 'Observation/2' }, 'temperature 38.4 °C on 2021-03-01'],
    ['a result without a value', { kind: 'result', label: 'lactate', time: '2021-03-01T08:00:00Z', reference: 'Observation/3' }, 'lactate result on 2021-03-01 08:00'],
    ['a coded value', { kind: 'assessment', label: 'nursing pressure injury stage', text: '"Stage 3"', time: '2021-03-01T08:00:00Z', reference: 'Observation/4' }, 'nursing pressure injury stage "Stage 3" on 2021-03-01 08:00'],
    ['a medication, which has no value', { kind: 'medication', label: 'tolvaptan 15 MG oral tablet', time: '2021-03-02T10:00:00Z', reference: 'MedicationRequest/5' }, 'tolvaptan 15 MG oral tablet on 2021-03-02 10:00'],
    ['a fact without a time', { kind: 'diagnosis', label: 'E11', reference: 'Condition/6' }, 'E11'],
  ])('renders %s', (_what, fact, expected) => {
    expect(describeFact(fact)).toBe(expected);
  });

  it('reads a time written without a zone as UTC, whatever the machine zone', () => {
    expect(describeFact({ kind: 'result', label: 'sodium', value: 131, unit: 'mmol/L', time: '2021-03-01T23:30:00', reference: 'Observation/1' }))
      .toBe('sodium 131 mmol/L on 2021-03-01 23:30');
  });
});

describe('describeRange', () => {
  it.each([
    [{ low: 135, unit: 'mmol/L' }, undefined, 'reference limit 135 mmol/L'],
    [{ high: 5, unit: 'mmol/L' }, 1, 'upper reference limit 5.0 mmol/L'],
    [{ low: 3.5, high: 5, unit: 'mmol/L' }, 1, 'reference range 3.5–5.0 mmol/L'],
    [{ high: 2, unit: 'mg/dL', inclusive: true as const }, undefined, 'abnormal from 2 mg/dL'],
    [{ low: 7.25, unit: '[pH]', inclusive: true as const }, undefined, 'abnormal at 7.25 or below'],
    [{ high: 50, unit: 'mm[Hg]' }, undefined, 'upper reference limit 50 mmHg'],
  ])('states %o', (range, digits, expected) => {
    expect(describeRange(range, digits)).toBe(expected);
  });
});

describe('mergeFacts', () => {
  const a: Fact = { kind: 'result', label: 'creatinine', value: 2.1, unit: 'mg/dL', time: '2021-03-02T08:00:00Z', reference: 'Observation/2' };
  const b: Fact = { kind: 'result', label: 'creatinine', value: 1.0, unit: 'mg/dL', time: '2021-03-01T08:00:00Z', reference: 'Observation/1' };

  it('keeps each fact once, in the order first seen', () => {
    expect(mergeFacts([a], [b, a])).toEqual([a, b]);
  });

  it('keeps two facts about one resource when they say different things', () => {
    const systolic: Fact = { kind: 'vital-sign', label: 'systolic blood pressure', value: 88, unit: 'mm[Hg]', time: a.time, reference: 'Observation/bp' };
    const diastolic: Fact = { ...systolic, label: 'diastolic blood pressure', value: 50 };
    expect(mergeFacts([systolic], [diastolic])).toEqual([systolic, diastolic]);
  });
});

describe('runRules: facts', () => {
  const rule = (id: string, draft: Partial<DocumentationGapDraft>): Rule => ({
    id, title: id, category: 'documentation-gap', severity: 'medium', rationale: 'test probe', thresholds: {},
    evaluate: () => [{ summary: id, evidence: [], answerOptions: [], facts: [], ...draft }],
  });
  const fact = (reference: string): Fact => ({ kind: 'result', label: 'creatinine', value: 2, unit: 'mg/dL', time: '2021-03-01T08:00:00Z', reference });

  it('carries the facts of a rule onto its finding', () => {
    const [finding] = findingsFor(rule('t/one', { facts: [fact('Observation/1')], evidence: ['Observation/1'] }), []);
    expect(finding!.facts).toEqual([fact('Observation/1')]);
  });

  it('merges the facts of findings about one condition, each once', () => {
    const findings = findingsFor([
      rule('t/a', { suspectedCondition: 'N17.9', facts: [fact('Observation/1'), fact('Observation/2')] }),
      rule('t/b', { suspectedCondition: 'N17.9', facts: [fact('Observation/2'), fact('Observation/3')] }),
    ], []);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.facts.map((f) => f.reference)).toEqual(['Observation/1', 'Observation/2', 'Observation/3']);
  });
});
