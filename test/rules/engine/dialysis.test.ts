import { describe, expect, it } from 'vitest';
import type { Procedure } from 'fhir/r4';
import { dialysisEvents } from '../../../src/rules/engine/dialysis';
import { SYSTEM } from '../../../src/terminology/systems';
import { procedure } from '../support';
import { withContext } from './probe';

const events = (procedures: Procedure[]) => withContext((context) => dialysisEvents(context), procedures).map((e) => [e.reference, e.time]);

describe('dialysisEvents', () => {
  it('lists dialysis performed, by SNOMED CT or CPT code, oldest first, whatever the review window', () => {
    expect(events([
      procedure(SYSTEM.CPT, '90935', 'Hemodialysis', '2021-03-02T08:00:00Z', { id: 'hd-2' }),
      procedure(SYSTEM.SNOMED, '302497006', 'Hemodialysis', '2019-01-01T08:00:00Z', { id: 'hd-1' }),
      procedure(SYSTEM.SNOMED, '71192002', 'Peritoneal dialysis', '2021-03-01T08:00:00Z', { id: 'pd' }),
    ])).toEqual([
      ['Procedure/hd-1', '2019-01-01T08:00:00Z'],
      ['Procedure/pd', '2021-03-01T08:00:00Z'],
      ['Procedure/hd-2', '2021-03-02T08:00:00Z'],
    ]);
  });

  it('dates a procedure by its period when it has no performed time', () => {
    const crrt = procedure(SYSTEM.SNOMED, '714749008', 'CRRT', '2021-03-01T08:00:00Z', { id: 'crrt' });
    delete crrt.performedDateTime;
    crrt.performedPeriod = { start: '2021-03-01T10:00:00Z', end: '2021-03-03T10:00:00Z' };
    expect(events([crrt])).toEqual([['Procedure/crrt', '2021-03-01T10:00:00Z']]);
  });

  it.each<[string, Procedure]>([
    ['not done', procedure(SYSTEM.SNOMED, '302497006', 'Hemodialysis', '2021-03-01T08:00:00Z', { status: 'not-done' })],
    ['in preparation', procedure(SYSTEM.SNOMED, '302497006', 'Hemodialysis', '2021-03-01T08:00:00Z', { status: 'preparation' })],
    ['entered in error', procedure(SYSTEM.SNOMED, '302497006', 'Hemodialysis', '2021-03-01T08:00:00Z', { status: 'entered-in-error' })],
    ['another procedure', procedure(SYSTEM.SNOMED, '73761001', 'Colonoscopy', '2021-03-01T08:00:00Z')],
    ['a dialysis code of another system', procedure('http://example.org/local', '302497006', 'Hemodialysis', '2021-03-01T08:00:00Z')],
    ['no usable time', procedure(SYSTEM.SNOMED, '302497006', 'Hemodialysis', '2021-02-30T08:00:00Z')],
  ])('leaves out a procedure %s', (_scenario, p) => {
    expect(events([p])).toEqual([]);
  });
});
