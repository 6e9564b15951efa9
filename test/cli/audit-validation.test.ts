/** `clarify audit` writes clinical-validation findings with their category, kind, target and facts (issue 15). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FhirResource as Resource } from 'fhir/r4';
import { LOINC } from '../../src/terminology/loinc';
import { icd10Condition, lab, patient } from '../rules/support';
import { audit, tempDir, transactionBundle } from './support';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => void (temp = tempDir()));
afterEach(() => temp.remove());

describe('clarify audit and clinical validation', () => {
  it('writes a documented hyponatremia without a low sodium as a clinical-validation finding', async () => {
    const subject = { reference: 'urn:uuid:p1' };
    const resources = [
      patient({ id: 'p1' }),
      { ...icd10Condition('E87.1', { id: 'p1-hypo', recordedDate: '2021-02-01T10:00:00Z' }), subject },
      { ...lab(LOINC.SODIUM_SERUM, 138, 'mmol/L', '2021-02-01T09:00:00Z', { id: 'p1-na1' }), subject },
      { ...lab(LOINC.SODIUM_SERUM, 139, 'mmol/L', '2021-02-02T09:00:00Z', { id: 'p1-na2' }), subject },
    ] as Resource[];
    const file = temp.write('p1.json', transactionBundle(resources));
    const { code, findings } = await audit('--now', '2021-03-01', file);
    expect(code).toBe(0);
    const validation = findings.filter((f) => f.category === 'clinical-validation');
    expect(validation).toEqual([expect.objectContaining({
      ruleId: 'validation/hyponatremia', kind: 'clinical-validation', target: 'Condition/p1-hypo', suspectedCondition: 'E87.1',
      facts: expect.arrayContaining([expect.objectContaining({ kind: 'diagnosis', reference: 'Condition/p1-hypo' }), expect.objectContaining({ value: 138, reference: 'Observation/p1-na1' })]),
    })]);
  });
});
