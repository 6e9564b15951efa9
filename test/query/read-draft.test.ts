import { describe, expect, it } from 'vitest';
import { readQueryInput } from '../../src/query/read-draft';
import { AKI_OPEN, HYPONATREMIA } from './queries';

describe('readQueryInput: a draft', () => {
  it('reads a draft as given, copying only its known fields', () => {
    const input = { ...JSON.parse(JSON.stringify(HYPONATREMIA)), author: 'R. Okafor', ['__proto__']: { polluted: true } };
    const reading = readQueryInput(JSON.parse(JSON.stringify(input)));
    expect(reading).toEqual({ ok: true, draft: HYPONATREMIA, problems: [] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('takes a null code as no code', () => {
    const reading = readQueryInput({ ...AKI_OPEN, format: 'multiple-choice', options: [{ text: 'Acute kidney injury', code: null }] });
    expect(reading).toMatchObject({ ok: true, draft: { options: [{ text: 'Acute kidney injury' }] } });
  });

  it('fills a missing purpose or format from the defaults, and only then', () => {
    const { purpose: _p, format: _f, ...rest } = AKI_OPEN;
    expect(readQueryInput(rest, { purpose: 'clarification', format: 'open-ended' })).toEqual({ ok: true, draft: AKI_OPEN, problems: [] });
    expect(readQueryInput(AKI_OPEN, { purpose: 'confirm-documented', format: 'yes-no' })).toEqual({ ok: true, draft: AKI_OPEN, problems: [] });
  });

  it.each([
    ['an array', [], 'is not a JSON object'],
    ['a string', 'query', 'is not a JSON object'],
    ['no purpose', { ...AKI_OPEN, purpose: undefined }, 'no "purpose"'],
    ['an unknown purpose', { ...AKI_OPEN, purpose: 'upcoding' }, '"purpose" must be one of clarification, clinical-validation'],
    ['an unknown format', { ...AKI_OPEN, format: 'checkbox' }, '"format" must be one of open-ended'],
    ['no question', { ...AKI_OPEN, question: undefined }, 'no "question"'],
    ['a question that is not text', { ...AKI_OPEN, question: 42 }, '"question" must be a string'],
    ['no options', { ...AKI_OPEN, options: undefined }, 'no "options"'],
    ['options that are not a list', { ...AKI_OPEN, options: {} }, '"options" must be a list'],
    ['an option without text', { ...AKI_OPEN, options: [{ code: 'N17.9' }] }, 'options[0].text must be a string'],
    ['an option code that is not text', { ...AKI_OPEN, options: [{ text: 'AKI', code: 17 }] }, 'options[0].code must be a string'],
    ['no indicators', { ...AKI_OPEN, indicators: undefined }, 'no "indicators"'],
    ['an indicator without a reference', { ...AKI_OPEN, indicators: [{ text: 'Creatinine 2.1 mg/dL' }] }, 'indicators[0].reference must be a string'],
    ['an indicator that is text', { ...AKI_OPEN, indicators: ['Creatinine 2.1 mg/dL'] }, 'indicators[0] must be an object'],
    ['too many options', { ...AKI_OPEN, options: Array.from({ length: 101 }, () => ({ text: 'x' })) }, 'more than 100'],
    ['a huge question', { ...AKI_OPEN, question: 'x'.repeat(20_001) }, 'longer than 20000'],
  ])('refuses %s', (_what, value, error) => {
    expect(readQueryInput(JSON.parse(JSON.stringify(value)))).toEqual({ ok: false, error: expect.stringContaining(error) });
  });

  it('hands a FHIR resource to draftFromFhir and a Bundle to draftFromBundle', () => {
    expect(readQueryInput({ resourceType: 'Patient', id: 'p' })).toMatchObject({ ok: false, error: expect.stringContaining('not a query Task or Questionnaire') });
    expect(readQueryInput({ resourceType: 'Bundle', entry: [] })).toMatchObject({ ok: false, error: 'holds no query Task or Questionnaire' });
  });
});
