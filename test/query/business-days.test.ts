/**
 * Due dates in business days (Saturday and Sunday do not count), on calendar days that never depend on the
 * machine's time zone (the suite runs under America/Los_Angeles and Pacific/Kiritimati).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DUE_BUSINESS_DAYS, addBusinessDays, dueDate } from '../../src/query/business-days';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('addBusinessDays', () => {
  it.each<[string, string, number, string]>([
    ['Monday + 2 is Wednesday', '2021-03-01T15:00:00Z', 2, '2021-03-03T15:00:00.000Z'],
    ['Thursday + 2 is Monday', '2021-03-04T15:00:00Z', 2, '2021-03-08T15:00:00.000Z'],
    ['Friday + 2 is Tuesday', '2021-03-05T15:00:00Z', 2, '2021-03-09T15:00:00.000Z'],
    ['Saturday + 2 is Tuesday', '2021-03-06T15:00:00Z', 2, '2021-03-09T15:00:00.000Z'],
    ['Sunday + 1 is Monday', '2021-03-07T15:00:00Z', 1, '2021-03-08T15:00:00.000Z'],
    ['Friday + 5 is the next Friday', '2021-03-05T15:00:00Z', 5, '2021-03-12T15:00:00.000Z'],
    ['0 days is the same time, even on a Saturday', '2021-03-06T15:00:00Z', 0, '2021-03-06T15:00:00.000Z'],
    ['across a year end (Thursday 31 Dec + 2 is Monday 4 Jan)', '2020-12-31T23:30:00Z', 2, '2021-01-04T23:30:00.000Z'],
    ['across the US daylight-saving change (UTC days are 24 hours)', '2021-03-12T10:00:00Z', 1, '2021-03-15T10:00:00.000Z'],
  ])('%s', (_case, from, days, expected) => {
    expect(iso(addBusinessDays(at(from), days))).toBe(expected);
  });

  it('counts UTC days: Friday 23:30 UTC is a Friday wherever the machine is', () => {
    expect(iso(addBusinessDays(at('2021-03-05T23:30:00Z'), 1))).toBe('2021-03-08T23:30:00.000Z');
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addBusinessDays(at('2021-03-05T15:00:00Z'), -1)).toThrow(RangeError);
    expect(() => addBusinessDays(at('2021-03-05T15:00:00Z'), 1.5)).toThrow(RangeError);
    expect(() => addBusinessDays(Number.NaN, 1)).toThrow(RangeError);
  });
});

describe('dueDate', () => {
  it('is 2 business days by default, the one setting', () => {
    expect(DEFAULT_DUE_BUSINESS_DAYS).toBe(2);
    expect(dueDate('2021-03-05T15:00:00Z')).toBe('2021-03-09');
  });

  it('counts from the calendar day the time writes, its offset honoured', () => {
    // 17:00 on Friday in Los Angeles is 01:00 on Saturday UTC: written with its offset, it is a Friday.
    expect(dueDate('2021-03-05T17:00:00-08:00')).toBe('2021-03-09');
    expect(dueDate('2021-03-06T01:00:00Z')).toBe('2021-03-09');
    expect(dueDate('2021-03-01', 3)).toBe('2021-03-04');
  });

  it('is undefined for a value that is not a FHIR dateTime', () => {
    expect(dueDate('2021-02-30T10:00:00Z')).toBeUndefined();
    expect(dueDate('03/05/2021')).toBeUndefined();
  });
});
