import { describe, expect, it } from 'vitest';
import { ageInYears, formatFhirDateTime, parseFhirDateTime } from '../../src/record/fhir-dates';

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
});
