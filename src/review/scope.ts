/**
 * What a review covers, always said on screen: one encounter (its type, dates, status and attending), the
 * 12 months to the patient's latest activity (when no encounter is chosen: never "the 12 months to today",
 * which for a chart whose data ended years ago would say "no gaps" about an empty window), or the whole
 * record. Pure: the clock comes in as `nowMs`.
 */
import type { Encounter } from 'fhir/r4';
import type { PatientRecord } from '../record/patient-record';
import { calendarDay, fhirTimeMs, formatFhirDate, parseFhirDateTime, utcDay, DAY_MS } from '../record/fhir-dates';
import { isEnteredInError } from '../record/statuses';
import { conceptText } from '../record/describe';
import { attendingPhysician } from '../query/recipient';
import { DEFAULT_LOOKBACK_DAYS, type ReviewWindow, type RunOptions } from '../rules/index';
import { ENCOUNTER_CLASS_LABELS, ENCOUNTER_STATUS_LABELS, isAdministrativeEncounter } from '../terminology/encounters';

export type ReviewScope =
  | { kind: 'encounter'; encounterId: string }
  /** The 12 months to the patient's latest activity. */
  | { kind: 'recent' }
  | { kind: 'whole-record' };

/** One encounter as the scope switch lists it. */
export interface EncounterChoice {
  id: string;
  /** `Inpatient stay`, `Emergency visit` ... (Encounter.class), else `Encounter`. */
  classLabel: string;
  /** Encounter.type as recorded (`Hospital admission`), when there is one. */
  typeLabel?: string;
  /** `2021-02-10` or `2021-02-10 – 2021-02-16`; `from 2021-02-10` while in progress; undefined when undated. */
  dates?: string;
  start?: string;
  status?: string;
  /** `in progress`, `finished` ... */
  statusLabel?: string;
  administrative: boolean;
}

/** Statuses of entries that record no care that happened: erroneous, cancelled, or still to come. */
const NOT_CARE = new Set(['entered-in-error', 'cancelled', 'planned', 'not-done', 'draft', 'proposal', 'plan']);
const happened = (resource: { status?: unknown }) => typeof resource.status !== 'string' || !NOT_CARE.has(resource.status);

/** Clinical times of a record: when care happened (claims are billing, not activity; entries in error are not care). */
function activityTimes(record: PatientRecord): Array<string | undefined> {
  const times: Array<string | undefined> = [];
  for (const e of record.byType('Encounter').filter(happened)) times.push(e.period?.end, e.period?.start);
  for (const o of record.byType('Observation').filter(happened)) times.push(o.effectiveDateTime ?? o.effectiveInstant ?? o.effectivePeriod?.end ?? o.effectivePeriod?.start ?? o.issued);
  for (const c of record.byType('Condition').filter((c) => !isEnteredInError(c))) times.push(c.recordedDate, c.onsetDateTime);
  for (const m of record.byType('MedicationRequest').filter(happened)) times.push(m.authoredOn);
  for (const m of record.byType('MedicationAdministration').filter(happened)) times.push(m.effectiveDateTime ?? m.effectivePeriod?.end ?? m.effectivePeriod?.start);
  for (const p of record.byType('Procedure').filter(happened)) times.push(p.performedDateTime ?? p.performedPeriod?.end ?? p.performedPeriod?.start);
  for (const d of record.byType('DiagnosticReport').filter(happened)) times.push(d.effectiveDateTime ?? d.effectivePeriod?.end ?? d.issued);
  return times;
}

/** The latest clinical activity: its moment (the end of a date-only value's day) and its day as recorded. */
export interface LatestActivity {
  ms: number;
  /** `YYYY-MM-DD` as the record writes it (its own offset), or today's UTC day when capped at now. */
  day: string;
}

/**
 * The patient's latest clinical activity (encounters, results, diagnoses, orders, doses, procedures, reports),
 * never later than `nowMs` (a future-dated entry does not move the review into the future). Undefined when
 * nothing in the record is dated.
 */
export function latestActivity(record: PatientRecord, nowMs: number): LatestActivity | undefined {
  let latest: LatestActivity | undefined;
  for (const time of activityTimes(record)) {
    const parsed = parseFhirDateTime(time);
    if (!parsed) continue;
    const capped = parsed.endMs > nowMs;
    const ms = capped ? nowMs : parsed.endMs;
    if (latest === undefined || ms > latest.ms) latest = { ms, day: capped ? utcDay(nowMs) : calendarDay(time)! };
  }
  return latest;
}

/** The moment of latestActivity. */
export function latestActivityMs(record: PatientRecord, nowMs: number): number | undefined {
  return latestActivity(record, nowMs)?.ms;
}

function encounterDates(encounter: Encounter): string | undefined {
  const start = formatFhirDate(encounter.period?.start);
  const end = formatFhirDate(encounter.period?.end);
  if (!start) return end ? `to ${end}` : undefined;
  if (!end) return encounter.status === 'in-progress' ? `from ${start}` : start;
  return end === start ? start : `${start} – ${end}`;
}

/** An encounter in people's words. */
export function encounterChoice(encounter: Encounter): EncounterChoice {
  const classCode = encounter.class?.code;
  const type = conceptText(encounter.type?.[0]);
  const status = typeof encounter.status === 'string' ? encounter.status : undefined;
  return {
    id: encounter.id ?? '',
    classLabel: (classCode && ENCOUNTER_CLASS_LABELS.get(classCode)) || 'Encounter',
    ...(type ? { typeLabel: type.replace(/\s*\((?:procedure|finding|environment)\)$/, '') } : {}),
    dates: encounterDates(encounter),
    start: encounter.period?.start,
    status,
    statusLabel: status ? ENCOUNTER_STATUS_LABELS.get(status) ?? status : undefined,
    administrative: isAdministrativeEncounter(encounter),
  };
}

/** Every encounter of the record that can be reviewed, newest first (entered-in-error ones are not). */
export function encounterChoices(record: PatientRecord): EncounterChoice[] {
  return record.byType('Encounter')
    .filter((e) => e.id && e.status !== 'entered-in-error')
    .map((e) => ({ choice: encounterChoice(e), startMs: fhirTimeMs(e.period?.start) ?? -Infinity }))
    .sort((a, b) => b.startMs - a.startMs)
    .map(({ choice }) => choice);
}

/** The scope a review opens on: the launch encounter when the EHR gave one the record holds, else the recent window. */
export function initialScope(record: PatientRecord | undefined, launchEncounterId: string | undefined): ReviewScope {
  if (launchEncounterId && (!record || record.byType('Encounter').some((e) => e.id === launchEncounterId))) {
    return { kind: 'encounter', encounterId: launchEncounterId };
  }
  return { kind: 'recent' };
}

/** What runRules needs for a scope: the encounter, or the window when there is none. */
export function scopeRunOptions(scope: ReviewScope, record: PatientRecord, nowMs: number): Pick<RunOptions, 'encounterId' | 'window'> {
  if (scope.kind === 'encounter') return { encounterId: scope.encounterId, window: recentWindow(record, nowMs) };
  if (scope.kind === 'whole-record') return { window: { startMs: -8.64e15, endMs: nowMs, label: 'the whole record' } };
  return { window: recentWindow(record, nowMs) };
}

/** The 12 months to the patient's latest activity (to `nowMs` when nothing is dated). */
export function recentWindow(record: PatientRecord, nowMs: number): ReviewWindow {
  const latest = latestActivity(record, nowMs);
  const endMs = latest?.ms ?? nowMs;
  const end = latest?.day ?? utcDay(nowMs);
  return { startMs: endMs - DEFAULT_LOOKBACK_DAYS * DAY_MS, endMs, label: `the 12 months to ${end}` };
}

/** The scope line at the top of the review. */
export interface ScopeDescription {
  /** `Inpatient stay · Hospital admission`, `The 12 months to 2021-02-16`, `The whole record`. */
  title: string;
  dates?: string;
  statusLabel?: string;
  attending?: string;
  /** Why this window, when no encounter is chosen. */
  note?: string;
}

export function describeScope(scope: ReviewScope, record: PatientRecord, nowMs: number): ScopeDescription {
  if (scope.kind === 'whole-record') {
    return { title: 'The whole record', note: 'Every date in the record is reviewed, however old.' };
  }
  if (scope.kind === 'recent') {
    const latest = latestActivity(record, nowMs);
    const end = latest?.day ?? utcDay(nowMs);
    // The day 12 months before, counted on the calendar of the recorded day (never the machine's zone).
    const start = utcDay(parseFhirDateTime(end)!.ms - DEFAULT_LOOKBACK_DAYS * DAY_MS);
    const dated = latest !== undefined;
    return {
      title: 'The 12 months to the latest activity',
      dates: `${start} – ${end}`,
      note: dated
        ? `No encounter is chosen: the review covers the 12 months to the patient's latest activity in the record (${end}).`
        : 'No encounter is chosen and nothing in the record is dated: the review covers the 12 months to today.',
    };
  }
  const encounter = record.byType('Encounter').find((e) => e.id === scope.encounterId);
  if (!encounter) return { title: 'Encounter not in the record', note: 'The encounter the EHR named was not found in the record read; choose another.' };
  const choice = encounterChoice(encounter);
  const attending = attendingPhysician(record, `Encounter/${scope.encounterId}`, nowMs);
  return {
    title: [choice.classLabel, choice.typeLabel].filter(Boolean).join(' · '),
    dates: choice.dates,
    statusLabel: choice.statusLabel,
    attending: attending?.display,
  };
}

/** The time window a scope covers: the encounter's period (to `nowMs` while open), else the window of scopeRunOptions. */
export function scopeWindow(scope: ReviewScope, record: PatientRecord, nowMs: number): ReviewWindow {
  if (scope.kind === 'encounter') {
    const encounter = record.byType('Encounter').find((e) => e.id === scope.encounterId);
    const start = parseFhirDateTime(encounter?.period?.start);
    if (start) return { startMs: start.ms, endMs: parseFhirDateTime(encounter?.period?.end)?.endMs ?? nowMs, label: 'this encounter' };
  }
  return scopeRunOptions(scope.kind === 'encounter' ? { kind: 'recent' } : scope, record, nowMs).window!;
}
