import { describe, expect, it } from 'vitest';
import { CLINICALLY_UNDETERMINED, NOT_CLINICALLY_SIGNIFICANT, OTHER } from '../../src/rules/engine/answer-options';
import {
  CLARIFY_SYSTEM, ESCAPE_CODES, ESCAPE_OPTIONS, escapeKind, isQueryFormat, isQueryPurpose, QUERY_FORMATS, QUERY_PURPOSES, YES_NO_PURPOSES, yesNoAnswer,
} from '../../src/query/draft';
import { SYSTEM } from '../../src/terminology/systems';

describe('the escape options', () => {
  it('read exactly as the rules\' answer options do', () => {
    expect(ESCAPE_OPTIONS).toEqual({ other: OTHER.text, undetermined: CLINICALLY_UNDETERMINED.text, notSignificant: NOT_CLINICALLY_SIGNIFICANT.text });
  });

  it('have one code each in Clarify\'s CodeSystem, which is the one systems.ts names', () => {
    expect(Object.keys(ESCAPE_CODES).sort()).toEqual(Object.keys(ESCAPE_OPTIONS).sort());
    expect(CLARIFY_SYSTEM).toBe(SYSTEM.CLARIFY);
  });

  it('are recognised by their text', () => {
    expect(escapeKind('Other (please specify)')).toBe('other');
    expect(escapeKind('  clinically   undetermined. ')).toBe('undetermined');
    expect(escapeKind('Not clinically significant')).toBe('notSignificant');
    expect(escapeKind('Hyponatremia')).toBeUndefined();
    expect(yesNoAnswer(' yes ')).toBe('yes');
    expect(yesNoAnswer('No.')).toBe('no');
    expect(yesNoAnswer('Not present')).toBeUndefined();
  });
});

describe('purposes and formats', () => {
  it('allow yes/no only to confirm a documented diagnosis, for POA and for conflicting documentation', () => {
    expect([...YES_NO_PURPOSES].sort()).toEqual(['confirm-documented', 'conflicting-documentation', 'present-on-admission']);
    for (const purpose of YES_NO_PURPOSES) expect(QUERY_PURPOSES).toContain(purpose);
  });

  it('are the lists of issue 10', () => {
    expect(QUERY_PURPOSES).toEqual(['clarification', 'clinical-validation', 'present-on-admission', 'conflicting-documentation', 'confirm-documented']);
    expect(QUERY_FORMATS).toEqual(['open-ended', 'multiple-choice', 'yes-no']);
    expect(isQueryPurpose('clarification')).toBe(true);
    expect(isQueryPurpose('toString')).toBe(false);
    expect(isQueryFormat('yes-no')).toBe(true);
    expect(isQueryFormat(3)).toBe(false);
  });
});
