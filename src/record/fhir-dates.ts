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

/** Whole years from a birth date to a moment (UTC calendar), or undefined without a usable birth date. */
export function ageInYears(birthDate: unknown, atMs: number): number | undefined {
  const birth = parseFhirDateTime(birthDate);
  if (!birth || !Number.isFinite(atMs)) return undefined;
  const born = new Date(birth.ms);
  const at = new Date(atMs);
  let age = at.getUTCFullYear() - born.getUTCFullYear();
  const beforeBirthday = at.getUTCMonth() < born.getUTCMonth() ||
    (at.getUTCMonth() === born.getUTCMonth() && at.getUTCDate() < born.getUTCDate());
  if (beforeBirthday) age--;
  return age;
}

export const DAY_MS = 86_400_000;
