/**
 * A query's due date: business days after it is sent. The guideline leaves the deadline to the organization's
 * policy (AHIMA/ACDIS, *Guidelines for Achieving a Compliant Query Practice*, 2022 update: policy sets due times
 * and escalation; ../shared/DOMAIN.md §1.7); Clarify's default is DEFAULT_DUE_BUSINESS_DAYS, its one setting
 * (issue 10: "default 2 business days, one config"). Business days skip Saturday and Sunday (holidays are an
 * organization's calendar, not modelled). Calendar days are UTC days, or the day as a FHIR dateTime writes it,
 * so the result never depends on the machine's time zone. Pure.
 */
import { calendarDay, parseFhirDateTime, utcDay } from '../record/fhir-dates';

/** Business days a query is given before it is overdue, by default. */
export const DEFAULT_DUE_BUSINESS_DAYS = 2;

const DAY_MS = 86_400_000;
const isWeekend = (utcDay: number) => utcDay === 0 || utcDay === 6;

/**
 * `days` business days after `fromMs`, on UTC calendar days, at the same UTC time of day: each day forward
 * that is a Saturday or Sunday does not count. From a Friday, 2 business days is the Tuesday; from a Saturday or
 * Sunday, the Tuesday too; 0 days is `fromMs` itself. `days` must be a non-negative integer.
 */
export function addBusinessDays(fromMs: number, days: number): number {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`business days must be a non-negative integer, not ${days}`);
  if (!Number.isFinite(fromMs)) throw new RangeError('the start is not a time');
  let ms = fromMs;
  let left = days;
  while (left > 0) {
    ms += DAY_MS;
    if (!isWeekend(new Date(ms).getUTCDay())) left--;
  }
  return ms;
}

/**
 * The due date (FHIR date, YYYY-MM-DD) of a query sent at `sentAt` (a FHIR dateTime): `days` business days
 * after the calendar day the value writes (its own offset honoured, so 2021-03-05T17:00:00-08:00 is a Friday).
 * Undefined when `sentAt` is not a FHIR date or dateTime.
 */
export function dueDate(sentAt: string, days: number = DEFAULT_DUE_BUSINESS_DAYS): string | undefined {
  const day = calendarDay(sentAt);
  if (day === undefined) return undefined;
  // The day's start, read by the one FHIR date parser (a date alone is that UTC day).
  const start = parseFhirDateTime(day);
  if (!start) return undefined;
  return utcDay(addBusinessDays(start.ms, days));
}
