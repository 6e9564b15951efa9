import { describe, expect, it } from 'vitest';
import type { Observation } from 'fhir/r4';
import { stageOptions, stageValue } from '../../../src/rules/engine/pressure-injury';

const observation = (value: Partial<Observation>): Observation => ({ resourceType: 'Observation', status: 'final', code: { text: 'stage' }, ...value });

describe('stageValue', () => {
  it.each<[string, Partial<Observation>, string | undefined]>([
    ['a coded answer by its text', { valueCodeableConcept: { text: 'Stage 3', coding: [{ code: 'LA-3', display: 'Stage III' }] } }, 'Stage 3'],
    ['a coded answer by its display', { valueCodeableConcept: { coding: [{ code: 'LA-3' }, { code: 'LA-3b', display: 'Stage III' }] } }, 'Stage III'],
    ['a coded answer by its code', { valueCodeableConcept: { coding: [{ code: '3' }] } }, '3'],
    ['a string', { valueString: 'unstageable' }, 'unstageable'],
    ['an integer', { valueInteger: 2 }, '2'],
    ['a quantity', { valueQuantity: { value: 4 } }, '4'],
    ['a zero (a number, not nothing)', { valueInteger: 0 }, '0'],
    ['no value', {}, undefined],
  ])('reads %s', (_scenario, value, stage) => {
    expect(stageValue(observation(value))).toBe(stage);
  });
});

describe('stageOptions', () => {
  it('offers the staged codes of a site with their order-file titles', () => {
    expect(stageOptions('L899')).toEqual([
      { text: 'Pressure ulcer of unspecified site, stage 1', icd10: 'L89.91' },
      { text: 'Pressure ulcer of unspecified site, stage 2', icd10: 'L89.92' },
      { text: 'Pressure ulcer of unspecified site, stage 3', icd10: 'L89.93' },
      { text: 'Pressure ulcer of unspecified site, stage 4', icd10: 'L89.94' },
      { text: 'Pressure ulcer of unspecified site, unstageable', icd10: 'L89.95' },
      { text: 'Pressure-induced deep tissue damage of unspecified site', icd10: 'L89.96' },
    ]);
  });
});
