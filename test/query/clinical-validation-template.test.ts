/**
 * The query a clinical-validation finding starts from (issue 15): purpose clinical-validation, the documented
 * diagnosis and what the record holds as indicators, options that confirm it (its indicators documented) or
 * rule it out, never leading; checkQuery finds nothing blocking in it.
 */
import { describe, expect, it } from 'vitest';
import type { ClinicalValidationRule } from '../../src/rules/engine/types';
import { diagnosesToValidate, noIndicators, unsupportedDiagnosis } from '../../src/rules/engine/validation';
import { resultFact } from '../../src/rules/engine/facts';
import { templateFor } from '../../src/query/templates';
import { checkQuery } from '../../src/query/check-query';
import { LOINC } from '../../src/terminology/loinc';
import { encounter, findingsFor, icd10Condition, lab } from '../rules/support';

const HYPONATREMIA = { icd10: ['E87.1'], snomed: [] };
/** A probe family: hyponatremia documented, validated against sodium below 135 mmol/L. */
const probe: ClinicalValidationRule = {
  id: 'validation/probe-hyponatremia', title: 'Hyponatremia documented without a low sodium', category: 'clinical-validation',
  severity: 'medium', rationale: 'test probe', thresholds: {},
  evaluate(context) {
    return diagnosesToValidate(context, HYPONATREMIA).flatMap((diagnosis) => {
      const sodium = context.observations(LOINC.SODIUM_SERUM);
      const common = { context, diagnosis, target: HYPONATREMIA, name: 'hyponatremia', icd10: 'E87.1', criteria: 'a sodium below 135 mmol/L' };
      if (sodium.length === 0) return [noIndicators(common)];
      if (sodium.some((p) => p.value! < 135)) return [];
      const lowest = sodium.reduce((a, b) => (b.value! < a.value! ? b : a));
      return [unsupportedDiagnosis({ ...common, found: [resultFact('lowest sodium', lowest, { low: 135, unit: 'mmol/L' })], evidence: sodium.map((p) => p.reference) })];
    });
  },
};

const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-05T12:00:00Z');
const hyponatremia = icd10Condition('E87.1', { id: 'hypo', encounter: 'enc-1', recordedDate: '2021-03-02T10:00:00Z', display: 'Hyponatremia' });
const sodium = (id: string, value: number, time: string) => lab(LOINC.SODIUM_SERUM, value, 'mmol/L', time, { id, encounter: 'enc-1' });

describe('a clinical-validation finding and its query', () => {
  const [finding] = findingsFor(probe, [stay, hyponatremia, sodium('na-1', 138, '2021-03-01T09:00:00Z'), sodium('na-2', 136, '2021-03-02T06:00:00Z')], { encounterId: 'enc-1' });

  it('names the documented diagnosis and what the record holds, targets the Condition, offers confirm or rule out', () => {
    expect(finding).toMatchObject({
      category: 'clinical-validation', kind: 'clinical-validation', target: 'Condition/hypo', suspectedCondition: 'E87.1', severity: 'medium',
      evidence: ['Condition/hypo', 'Observation/na-1', 'Observation/na-2'],
    });
    expect(finding!.summary).toBe('Hyponatremia is documented (Hyponatremia (E87.1) on 2021-03-02 10:00). Looked for: a sodium below 135 mmol/L. Found in this encounter: lowest sodium 136 mmol/L on 2021-03-02 06:00; none meets the criteria.');
    expect(finding!.answerOptions.map((o) => o.text)).toEqual([
      'Hyponatremia, confirmed (please document the clinical indicators that support it)', 'Hyponatremia, ruled out', 'Other (please specify)', 'Clinically undetermined',
    ]);
  });

  it('starts a clinical-validation query, multiple choice, that checkQuery finds nothing blocking in', () => {
    const template = templateFor(finding!);
    expect(template).toMatchObject({ kind: 'query', family: 'clinical-validation', draft: { purpose: 'clinical-validation', format: 'multiple-choice' } });
    if (template.kind !== 'query') throw new Error('not a query');
    expect(template.draft.indicators.map((i) => i.text)).toEqual([
      'Hyponatremia (E87.1) documented on 2021-03-02 10:00', 'Lowest sodium 136 mmol/L on 2021-03-02 06:00 (reference limit 135 mmol/L)',
    ]);
    expect(checkQuery(template.draft).filter((p) => p.severity === 'blocking')).toEqual([]);
  });

  it('without any sodium in the stay: a low-severity finding that says so', () => {
    const [none] = findingsFor(probe, [stay, hyponatremia], { encounterId: 'enc-1' });
    expect(none).toMatchObject({ severity: 'low', target: 'Condition/hypo' });
    expect(none!.summary).toBe('Hyponatremia is documented (Hyponatremia (E87.1) on 2021-03-02 10:00). Looked for: a sodium below 135 mmol/L. The record holds none of these measurements for this encounter.');
  });

  it('does not validate a resolved or refuted diagnosis', () => {
    for (const status of [{ clinicalStatus: 'resolved' as const }, { verificationStatus: 'refuted' as const }]) {
      const condition = icd10Condition('E87.1', { encounter: 'enc-1', recordedDate: '2021-03-02T10:00:00Z', ...status });
      expect(findingsFor(probe, [stay, condition, sodium('na-1', 138, '2021-03-01T09:00:00Z')], { encounterId: 'enc-1' })).toEqual([]);
    }
  });
});
