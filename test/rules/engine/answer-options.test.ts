import { describe, expect, it } from 'vitest';
import {
  CKD_STAGE_OPTIONS, CLINICALLY_UNDETERMINED, HEART_FAILURE_TYPE_OPTIONS, NOT_CLINICALLY_SIGNIFICANT, OTHER, ckdStageOption, withStandardOptions,
} from '../../../src/rules/engine/answer-options';

describe('answer options', () => {
  it('puts the standard escapes after the diagnoses, "not clinically significant" only where relevant', () => {
    const [stage2] = CKD_STAGE_OPTIONS.slice(1);
    expect(withStandardOptions([stage2!])).toEqual([stage2, OTHER, CLINICALLY_UNDETERMINED, NOT_CLINICALLY_SIGNIFICANT]);
    expect(withStandardOptions([stage2!], { notSignificant: false })).toEqual([stage2, OTHER, CLINICALLY_UNDETERMINED]);
  });

  it('gives a copy of a CKD stage option by its code', () => {
    const option = ckdStageOption('N18.31');
    expect(option).toEqual({ text: 'Chronic kidney disease, stage 3a', icd10: 'N18.31' });
    option.text = 'changed';
    expect(ckdStageOption('N18.31').text).toBe('Chronic kidney disease, stage 3a');
    expect(() => ckdStageOption('N18.30')).toThrow(/not a CKD stage option/);
  });

  it('offers every heart failure type and acuity (I50.2x–I50.4x) and every CKD stage but the unspecified', () => {
    expect(HEART_FAILURE_TYPE_OPTIONS.map((o) => o.icd10)).toEqual(['I50.21', 'I50.22', 'I50.23', 'I50.31', 'I50.32', 'I50.33', 'I50.41', 'I50.42', 'I50.43']);
    expect(CKD_STAGE_OPTIONS.map((o) => o.icd10)).toEqual(['N18.1', 'N18.2', 'N18.31', 'N18.32', 'N18.4', 'N18.5', 'N18.6']);
  });
});
