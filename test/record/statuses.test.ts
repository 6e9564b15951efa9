import { describe, expect, it } from 'vitest';
import type { Condition, Procedure } from 'fhir/r4';
import { readResourceOf } from '../../src/record/read-resource';
import {
  isClinicallyCurrent, isEnteredInError, isRefutedOrEnteredInError, isUncertain, verificationStatusOf, wasPerformed,
} from '../../src/record/statuses';
import { SYSTEM } from '../../src/terminology/systems';

const verified = (...codes: string[]): Pick<Condition, 'verificationStatus'> =>
  ({ verificationStatus: { coding: codes.map((code) => ({ system: SYSTEM.CONDITION_VERIFICATION, code })) } });
const clinical = (...codes: string[]): Pick<Condition, 'clinicalStatus'> =>
  ({ clinicalStatus: { coding: codes.map((code) => ({ system: SYSTEM.CONDITION_CLINICAL, code })) } });

/** A Condition as the trust boundary reads it, from whatever shape the server sent. */
function condition(fields: Record<string, unknown>): Condition {
  return readResourceOf<Condition>({ resourceType: 'Condition', id: 'c', code: { text: 'x' }, ...fields }, ['Condition'])!;
}

describe('verification status', () => {
  it.each<[string, Pick<Condition, 'verificationStatus'>, { voided: boolean; enteredInError: boolean; uncertain: boolean; status?: string }]>([
    ['refuted', verified('refuted'), { voided: true, enteredInError: false, uncertain: false, status: 'refuted' }],
    ['entered-in-error', verified('entered-in-error'), { voided: true, enteredInError: true, uncertain: false, status: 'entered-in-error' }],
    ['unconfirmed (uncertain, not refuted)', verified('unconfirmed'), { voided: false, enteredInError: false, uncertain: true, status: 'unconfirmed' }],
    ['provisional', verified('provisional'), { voided: false, enteredInError: false, uncertain: true, status: 'provisional' }],
    ['differential', verified('differential'), { voided: false, enteredInError: false, uncertain: true, status: 'differential' }],
    ['confirmed', verified('confirmed'), { voided: false, enteredInError: false, uncertain: false, status: 'confirmed' }],
    ['no verification status', {}, { voided: false, enteredInError: false, uncertain: false }],
    ['a status without codings', { verificationStatus: { text: 'refuted' } }, { voided: false, enteredInError: false, uncertain: false }],
    ['refuted after another coding', verified('confirmed', 'refuted'), { voided: true, enteredInError: false, uncertain: false, status: 'confirmed' }],
  ])('reads %s', (_scenario, resource, expected) => {
    expect(isRefutedOrEnteredInError(resource)).toBe(expected.voided);
    expect(isEnteredInError(resource)).toBe(expected.enteredInError);
    expect(isUncertain(resource)).toBe(expected.uncertain);
    expect(verificationStatusOf(resource)).toBe(expected.status);
  });

  it.each<[string, unknown, boolean]>([
    ['an STU3 string "refuted"', 'refuted', true],
    ['an STU3 string "entered-in-error"', 'entered-in-error', true],
    ['an STU3 string "unknown" (left out by the boundary: no status)', 'unknown', false],
    ['a refuted code of another system (left out by the boundary)', { coding: [{ system: 'http://example.org/status', code: 'refuted' }] }, false],
  ])('reads %s after the trust boundary', (_scenario, verificationStatus, voided) => {
    expect(isRefutedOrEnteredInError(condition({ verificationStatus }))).toBe(voided);
  });
});

describe('clinical status', () => {
  it.each<[string, Pick<Condition, 'clinicalStatus'>, boolean]>([
    ['active', clinical('active'), true],
    ['recurrence', clinical('recurrence'), true],
    ['relapse', clinical('relapse'), true],
    ['inactive', clinical('inactive'), false],
    ['remission', clinical('remission'), false],
    ['resolved', clinical('resolved'), false],
    ['no clinical status (unknown is never weaker than absent)', {}, true],
    ['a status with no codings', { clinicalStatus: { text: 'active' } }, false],
  ])('counts %s as current: %s', (_scenario, resource, current) => {
    expect(isClinicallyCurrent(resource)).toBe(current);
  });

  it('counts a status the boundary cannot read as no status: current', () => {
    expect(isClinicallyCurrent(condition({ clinicalStatus: 'unknown' }))).toBe(true);
    expect(isClinicallyCurrent(condition({ clinicalStatus: 'resolved' }))).toBe(false);
  });
});

describe('procedure status', () => {
  it.each<[string, boolean]>([
    ['completed', true],
    ['in-progress', true],
    ['on-hold', true],
    ['stopped', true],
    ['unknown', true],
    ['preparation', false],
    ['not-done', false],
    ['entered-in-error', false],
  ])('counts a procedure %s as performed: %s', (status, performed) => {
    expect(wasPerformed({ status: status as Procedure['status'] })).toBe(performed);
  });
});
