import { describe, expect, it } from 'vitest';
import type { CodeableConcept } from 'fhir/r4';
import { conceptText } from '../../src/record/describe';

describe('conceptText', () => {
  it.each<[string, CodeableConcept | undefined, string | undefined]>([
    ['its text first', { text: 'Pneumonia', coding: [{ code: '233604007', display: 'Pneumonia (disorder)' }] }, 'Pneumonia'],
    ['else the first display, even on a later coding', { coding: [{ code: 'J18.9' }, { code: '233604007', display: 'Pneumonia (disorder)' }] }, 'Pneumonia (disorder)'],
    ['else the first coding\'s code', { coding: [{ code: 'J18.9' }, { code: '233604007' }] }, 'J18.9'],
    ['nothing from an empty concept', { coding: [] }, undefined],
    ['nothing from no concept', undefined, undefined],
  ])('reads %s', (_scenario, concept, text) => {
    expect(conceptText(concept)).toBe(text);
  });
});
