/**
 * FHIR date, dateTime and instant values: the one parser and the one display format Clarify uses.
 * https://hl7.org/fhir/R4/datatypes.html#dateTime
 *
 * - Strict: the lexical form of FHIR (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)`)
 *   and a real calendar date: `2021-02-30`, `03/02/2021` and `2021-13-01` are not dates.
 * - Never the machine's time zone: an offset in the value is honoured; a time written without one (FHIR
 *   requires one, some servers omit it) is read as UTC, and a partial date starts at UTC midnight.
 * - Shown as written: `2021-03-01 14:22` is the wall-clock time the source recorded, in summaries and
 *   evidence alike, whatever the offset and wherever Clarify runs.
 */

export type FhirDatePrecision = 'year' | 'month' | 'day' | 'minute' | 'second';

export interface FhirDateTime {
  /** Milliseconds since the epoch of the value's first instant (a date's UTC midnight). */
  ms: number;
  /** Milliseconds since the epoch of its last instant: the end of the day, month or year a date names. */
  endMs: number;
  precision: FhirDatePrecision;
  /** The value for display: `2021-03-01 14:22` (wall-clock time as recorded), `2021-03-01`, `2021-03`, `2021`. */
  display: string;
}

// Seconds are optional (servers send `T10:00Z`), so is the zone (read as UTC); FHIR allows up to 9 fraction digits.
const PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;
/** Longer than any FHIR dateTime: not worth matching. */
const MAX_LENGTH = 35;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

function offsetMinutes(zone: string | undefined): number | undefined {
  if (!zone || zone === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 14 || minutes > 59 || (hours === 14 && minutes > 0)) return undefined;
  return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

// A record repeats its timestamps (a panel's results, an encounter's resources): each is parsed once.
const parsed = new Map<string, FhirDateTime | null>();
const CACHE_LIMIT = 50_000;

/** The value parsed strictly, or undefined when it is not a FHIR date, dateTime or instant. */
export function parseFhirDateTime(value: unknown): FhirDateTime | undefined {
  if (typeof value !== 'string' || value.length > MAX_LENGTH) return undefined;
  const known = parsed.get(value);
  if (known !== undefined) return known ?? undefined;
  const result = parseUncached(value);
  if (parsed.size >= CACHE_LIMIT) parsed.clear();
  parsed.set(value, result === undefined ? null : Object.freeze(result));
  return result;
}

function parseUncached(value: string): FhirDateTime | undefined {
  const match = PATTERN.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const year = Number(y);
  if (year < 1) return undefined;
  if (mo === undefined) return { ms: Date.UTC(year, 0, 1), endMs: Date.UTC(year + 1, 0, 1) - 1, precision: 'year', display: y! };
  const month = Number(mo);
  if (month < 1 || month > 12) return undefined;
  if (d === undefined) return { ms: Date.UTC(year, month - 1, 1), endMs: Date.UTC(year, month, 1) - 1, precision: 'month', display: `${y}-${mo}` };
  const day = Number(d);
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  const date = `${y}-${mo}-${d}`;
  if (h === undefined) return { ms: Date.UTC(year, month - 1, day), endMs: Date.UTC(year, month - 1, day + 1) - 1, precision: 'day', display: date };
  const [hour, minute, second] = [Number(h), Number(mi), Number(s ?? 0)];
  // 60 is a leap second (FHIR allows it); it is read as the last second of the minute.
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const offset = offsetMinutes(zone);
  if (offset === undefined) return undefined;
  const millis = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
  const local = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), millis);
  const ms = local - offset * 60_000;
  return {
    ms,
    endMs: ms,
    precision: s === undefined ? 'minute' : 'second',
    display: `${date} ${h}:${mi}`,
  };
}

/** Milliseconds since the epoch, or undefined when the value is not a FHIR date/dateTime/instant. */
export function fhirTimeMs(value: unknown): number | undefined {
  return parseFhirDateTime(value)?.ms;
}

/** True when the value is a valid FHIR date, dateTime or instant. */
export function isFhirDateTime(value: unknown): value is string {
  return parseFhirDateTime(value) !== undefined;
}

/**
 * How Clarify shows a FHIR time everywhere: `2021-03-01 14:22` as recorded, `2021-03-01` for a date or
 * midnight-less date-only value; an invalid value is shown as `invalid date`, never guessed at.
 */
export function formatFhirDateTime(value: unknown): string {
  return parseFhirDateTime(value)?.display ?? 'invalid date';
}

/** The date a value names, as recorded, without its time (`2021-03-01`, `2021-03`, `2021`); undefined when invalid. */
export function formatFhirDate(value: unknown): string | undefined {
  return parseFhirDateTime(value)?.display.slice(0, 10);
}

/** The calendar day of a FHIR date or dateTime as written (YYYY-MM-DD; a partial date's first day), if valid. */
export function calendarDay(value: unknown): string | undefined {
  const parsed = parseFhirDateTime(value);
  if (!parsed) return undefined;
  if (parsed.precision === 'year') return `${parsed.display}-01-01`;
  if (parsed.precision === 'month') return `${parsed.display}-01`;
  return parsed.display.slice(0, 10);
}

/**
 * The US federal fiscal year of a calendar day (YYYY-MM-DD), named by the year it ends: 2025-10-01 is in
 * FY2026. ICD-10-CM code sets run by fiscal year (1 October to 30 September).
 */
export function fiscalYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 10 ? year + 1 : year;
}

/** `2021-03-08 (FY2021)`: a date of service (YYYY-MM-DD) as summaries show it. */
export function describeServiceDate(date: string): string {
  return `${date} (FY${fiscalYearOf(date)})`;
}

type Day = readonly [year: number, month: number, day: number];

/**
 * A FHIR date or dateTime as its earliest and latest calendar day (`1950` spans the whole year), as
 * written (the recorded wall-clock date); undefined when it is not a valid FHIR date.
 */
function dayRange(value: unknown): { earliest: Day; latest: Day } | undefined {
  const parsed = parseFhirDateTime(value);
  if (!parsed) return undefined;
  const [year, month = 1, day = 1] = parsed.display.slice(0, 10).split('-').map(Number) as [number, number?, number?];
  if (parsed.precision === 'year') return { earliest: [year, 1, 1], latest: [year, 12, 31] };
  if (parsed.precision === 'month') return { earliest: [year, month, 1], latest: [year, month, new Date(Date.UTC(year, month, 0)).getUTCDate()] };
  return { earliest: [year, month, day], latest: [year, month, day] };
}

/** Completed years from one day to another (a birthday counts on its date; 29 February's in a common year on 1 March). */
function yearsBetween(from: Day, to: Day): number {
  const years = to[0] - from[0];
  return to[1] < from[1] || (to[1] === from[1] && to[2] < from[2]) ? years - 1 : years;
}

/** An age in completed years, as a range when a date is partial (`1950`, `1950-06`). */
export interface AgeRange {
  min: number;
  max: number;
}

/**
 * Age in completed years on a date (FHIR date or dateTime, read as written: the recorded calendar day,
 * never the machine's zone), from a birth date; a partial date gives a range, so a check can act only on
 * what holds for every age it may mean. Undefined when either date is missing or malformed.
 */
export function ageAt(birthDate: unknown, at: unknown): AgeRange | undefined {
  const birth = dayRange(birthDate);
  const when = dayRange(at);
  if (!birth || !when) return undefined;
  return { min: yearsBetween(birth.latest, when.earliest), max: yearsBetween(birth.earliest, when.latest) };
}

/**
 * Whole years from a birth date to a moment (its UTC calendar day), or undefined without a usable birth
 * date: ageAt's upper bound, so a birth year alone (`1950`) counts from its first day.
 */
export function ageInYears(birthDate: unknown, atMs: number): number | undefined {
  if (!Number.isFinite(atMs)) return undefined;
  const at = new Date(atMs);
  if (Number.isNaN(at.getTime())) return undefined;
  const day = `${String(at.getUTCFullYear()).padStart(4, '0')}-${String(at.getUTCMonth() + 1).padStart(2, '0')}-${String(at.getUTCDate()).padStart(2, '0')}`;
  return ageAt(birthDate, day)?.max;
}

/** The UTC calendar day (YYYY-MM-DD) of a moment: for dates Clarify makes (a due date, a window's end), never the machine's zone. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
