import { describe, expect, it } from 'vitest';
import {
  ageAt, ageInYears, calendarDay, DAY_MS, describeServiceDate, fiscalYearOf, formatFhirDate, formatFhirDateTime, HOUR_MS, parseFhirDateTime,
} from '../../src/record/fhir-dates';

describe('parseFhirDateTime: the FHIR lexical forms, strictly', () => {
  it.each([
    ['2021', Date.UTC(2021, 0, 1), 'year'],
    ['2021-03', Date.UTC(2021, 2, 1), 'month'],
    ['2021-03-01', Date.UTC(2021, 2, 1), 'day'],
    ['2024-02-29', Date.UTC(2024, 1, 29), 'day'],
    ['2021-03-01T14:22:05Z', Date.UTC(2021, 2, 1, 14, 22, 5), 'second'],
    ['2021-03-01T14:22:05.123Z', Date.UTC(2021, 2, 1, 14, 22, 5, 123), 'second'],
    ['2021-03-01T14:22:05.123456789+00:00', Date.UTC(2021, 2, 1, 14, 22, 5, 123), 'second'],
    ['2021-03-01T14:22:05-05:00', Date.UTC(2021, 2, 1, 19, 22, 5), 'second'],
    ['2021-03-01T00:30:00+14:00', Date.UTC(2021, 1, 28, 10, 30), 'second'],
    ['2021-03-01T14:22Z', Date.UTC(2021, 2, 1, 14, 22), 'minute'],
    ['2016-12-31T23:59:60Z', Date.UTC(2016, 11, 31, 23, 59, 59), 'second'],
  ] as const)('reads %s', (text, ms, precision) => {
    expect(parseFhirDateTime(text)).toMatchObject({ ms, precision });
  });

  it.each([
    ['February 30', '2021-02-30'],
    ['February 29 in a common year', '2021-02-29'],
    ['April 31', '2021-04-31'],
    ['month 13', '2021-13-01'],
    ['month 00', '2021-00-10'],
    ['day 00', '2021-01-00'],
    ['a US date', '03/02/2021'],
    ['a date with slashes', '2021/03/02'],
    ['hour 25', '2021-03-01T25:00:00Z'],
    ['minute 60', '2021-03-01T10:60:00Z'],
    ['an offset beyond ±14:00', '2021-03-01T10:00:00+15:00'],
    ['a space instead of T', '2021-03-01 10:00:00Z'],
    ['year 0000', '0000-01-01'],
    ['an empty string', ''],
    ['words', 'yesterday'],
    ['trailing text', '2021-03-01garbage'],
  ])('refuses %s (%s)', (_name, text) => {
    expect(parseFhirDateTime(text)).toBeUndefined();
  });

  it.each([null, 20210301, {}, [], true, undefined])('refuses a value that is not a string: %j', (value) => {
    expect(parseFhirDateTime(value)).toBeUndefined();
  });

  it('refuses a very long string without scanning it', () => {
    expect(parseFhirDateTime(`2021-03-01${'0'.repeat(300_000)}`)).toBeUndefined();
  });

  it('reads a time written without a zone as UTC, never as the machine\'s local time', () => {
    expect(parseFhirDateTime('2021-03-01T14:22:00')!.ms).toBe(Date.UTC(2021, 2, 1, 14, 22));
  });

  it('gives the last instant a date covers, for windows that end on a date', () => {
    expect(parseFhirDateTime('2021-03-01')!.endMs).toBe(Date.UTC(2021, 2, 2) - 1);
    expect(parseFhirDateTime('2021-02')!.endMs).toBe(Date.UTC(2021, 2, 1) - 1);
    expect(parseFhirDateTime('2020')!.endMs).toBe(Date.UTC(2021, 0, 1) - 1);
    expect(parseFhirDateTime('2021-03-01T14:22:00Z')!.endMs).toBe(Date.UTC(2021, 2, 1, 14, 22));
  });
});

describe('formatFhirDateTime: one display everywhere', () => {
  it.each([
    ['2021-03-01T14:22:05-05:00', '2021-03-01 14:22'],
    ['2021-03-01T19:22:05Z', '2021-03-01 19:22'],
    ['2021-03-01T00:00:00Z', '2021-03-01 00:00'],
    ['2021-03-01', '2021-03-01'],
    ['2021-03', '2021-03'],
    ['2021-02-30', 'invalid date'],
  ])('shows %s as %s (the wall-clock time the source recorded)', (text, shown) => {
    expect(formatFhirDateTime(text)).toBe(shown);
  });
});

describe('ageInYears', () => {
  const at = (text: string) => parseFhirDateTime(text)!.ms;
  it.each([
    ['1950-06-15', '2021-06-14T23:59:00Z', 70],
    ['1950-06-15', '2021-06-15T00:00:00Z', 71],
    ['2000-02-29', '2021-02-28T12:00:00Z', 20],
    ['2000-02-29', '2021-03-01T00:00:00Z', 21],
    ['1950', '2021-01-01T00:00:00Z', 71],
  ])('born %s, on %s, is %i', (birthDate, when, age) => {
    expect(ageInYears(birthDate, at(when))).toBe(age);
  });

  it('has no age without a valid birth date', () => {
    expect(ageInYears('1950-02-30', at('2021-01-01'))).toBeUndefined();
    expect(ageInYears(undefined, at('2021-01-01'))).toBeUndefined();
  });

  it('reads the birth date as written (the recorded calendar day), whatever its offset', () => {
    // Born 15 June at 22:00 in UTC-5, which is already 16 June in UTC: the birthday is the 15th.
    expect(ageInYears('1950-06-15T22:00:00-05:00', at('2021-06-15T12:00:00Z'))).toBe(71);
  });

  it('has no age at a moment that is not a time', () => {
    expect(ageInYears('1950-06-15', Number.NaN)).toBeUndefined();
    expect(ageInYears('1950-06-15', Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});

describe('ageAt', () => {
  it.each<[string, string | undefined, string | undefined, { min: number; max: number } | undefined]>([
    ['the day before the 9th birthday', '2012-03-02', '2021-03-01', { min: 8, max: 8 }],
    ['on the 9th birthday', '2012-03-01', '2021-03-01T09:00:00Z', { min: 9, max: 9 }],
    ['a birth year only', '2012', '2021-06-01', { min: 8, max: 9 }],
    ['a birth month only', '2012-06', '2021-06-15', { min: 8, max: 9 }],
    ['a partial date of the diagnosis (2021: before or after the birthday)', '2012-03-01', '2021', { min: 8, max: 9 }],
    ['364 days after birth', '2020-03-15', '2021-03-14', { min: 0, max: 0 }],
    ['366 days after birth', '2020-03-15', '2021-03-16', { min: 1, max: 1 }],
    ['29 February, the day before the birthday in a common year', '2000-02-29', '2021-02-28', { min: 20, max: 20 }],
    ['29 February, on 1 March of a common year', '2000-02-29', '2021-03-01', { min: 21, max: 21 }],
    ['a diagnosis time late in the day west of UTC (its recorded date counts)', '2012-03-02', '2021-03-01T23:30:00-08:00', { min: 8, max: 8 }],
    ['no birth date', undefined, '2021-03-01', undefined],
    ['no date of the diagnosis', '2012-03-01', undefined, undefined],
    ['a malformed date', '15/03/2020', '2021-03-01', undefined],
    ['an impossible date', '2012-02-30', '2021-03-01', undefined],
  ])('counts completed years for %s', (_scenario, birthDate, when, expected) => {
    expect(ageAt(birthDate, when)).toEqual(expected);
  });
});

describe('calendar days, fiscal years and dates of service', () => {
  it.each<[string, unknown, string | undefined]>([
    ['a date', '2021-03-08', '2021-03-08'],
    ['a time, on the day it was recorded (not UTC)', '2021-03-08T23:30:00-08:00', '2021-03-08'],
    ['a month: its first day', '2021-03', '2021-03-01'],
    ['a year: its first day', '2021', '2021-01-01'],
    ['an impossible date', '2021-02-30', undefined],
    ['not a string', 20210308, undefined],
  ])('calendarDay of %s', (_scenario, value, day) => {
    expect(calendarDay(value)).toBe(day);
  });

  it.each<[unknown, string | undefined]>([
    ['2021-03-08T14:22:00+01:00', '2021-03-08'],
    ['2021-03', '2021-03'],
    ['2021', '2021'],
    ['03/08/2021', undefined],
  ])('formatFhirDate shows %s as %s (the date as recorded, no time)', (value, shown) => {
    expect(formatFhirDate(value)).toBe(shown);
  });

  it.each<[string, number]>([
    ['2025-09-30', 2025],
    ['2025-10-01', 2026],
    ['2026-09-30', 2026],
    ['2015-10-01', 2016],
    ['2021-01-15', 2021],
  ])('%s is in FY%i (fiscal years run 1 October to 30 September)', (date, year) => {
    expect(fiscalYearOf(date)).toBe(year);
  });

  it('shows a date of service with its fiscal year', () => {
    expect(describeServiceDate('2021-03-08')).toBe('2021-03-08 (FY2021)');
    expect(describeServiceDate('2020-10-01')).toBe('2020-10-01 (FY2021)');
  });

  it('has one hour and one day in milliseconds', () => {
    expect(HOUR_MS).toBe(3_600_000);
    expect(DAY_MS).toBe(86_400_000);
  });
});
