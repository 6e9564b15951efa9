/**
 * The mock EHR's live dates (mocks/fixtures/live-dates.ts), on the real fixtures: one whole-day shift per
 * patient, the latest encounter recent, two inpatient stays in progress, nothing in the future, ages and the
 * written form of every value kept, the same dates all through a UTC day, and the node test EHR unchanged
 * unless it asks. Run under TZ=America/Los_Angeles and TZ=Pacific/Kiritimati (npm run test:unit / test:tz).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Claim, Encounter, ExplanationOfBenefit, Observation, Patient, Resource } from 'fhir/r4';
import { launchablePatients, seedResources } from '../../mocks/fixtures';
import {
  datedValues, fhirDateStartMs, liveDates, liveDatesWithPlan, patientOf, shiftFhirDate, STAYS_IN_PROGRESS, type LivePlan,
} from '../../mocks/fixtures/live-dates';
import { createTestEhr } from '../../mocks/node';
import { groupByPatient } from '../../src/record/group-by-patient';
import { PatientRecord } from '../../src/record/patient-record';
import { ALL_RULES, runRules } from '../../src/rules/index';
import { isAdministrativeEncounter } from '../../src/terminology/encounters';
import { loadIcd10Cm, type Icd10CmTable } from '../../src/terminology/icd10cm/icd10cm-table';

const DAY_MS = 86_400_000;
/** A clock in the afternoon (UTC) of an ordinary day, and the first and last milliseconds of that UTC day. */
const NOW = new Date('2026-12-03T16:49:35.123Z');
const DAY_START = new Date('2026-12-03T00:00:00.000Z');
const DAY_END = new Date('2026-12-03T23:59:59.999Z');

let seed: Resource[];
let live: Resource[];
let plans: Map<string, LivePlan>;
let liveByKey: Map<string, Resource>;
const keyOf = (r: Resource) => `${r.resourceType}/${r.id}`;

beforeAll(() => {
  seed = seedResources();
  ({ resources: live, plans } = liveDatesWithPlan(seed, NOW));
  liveByKey = new Map(live.map((r) => [keyOf(r), r]));
});

const patientNamed = (resources: readonly Resource[], family: string) =>
  resources.find((r): r is Patient => r.resourceType === 'Patient' && (r as Patient).name?.[0]?.family === family)!;
const encountersOf = (resources: readonly Resource[], patientId: string) =>
  resources.filter((r): r is Encounter => r.resourceType === 'Encounter' && patientOf(r) === patientId)
    .sort((a, b) => fhirDateStartMs(b.period!.start!)! - fhirDateStartMs(a.period!.start!)!);
/** Days between two FHIR dates' calendar days, as written (their first 10 characters). */
const calendarDays = (from: string, to: string) => (Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / DAY_MS;
/** Age in whole years on a date, by the calendar as written. */
const ageOn = (birthDate: string, on: string) => Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4)) - (on.slice(5, 10) < birthDate.slice(5, 10) ? 1 : 0);
/** Values the live view changes on purpose, beyond the shift: an EOB's billing period, a stay's end. */
const reshaped = (r: Resource, path: string) =>
  (r.resourceType === 'ExplanationOfBenefit' && path.startsWith('billablePeriod.'))
  || (r.resourceType === 'Encounter' && path === 'period.end' && (liveByKey.get(keyOf(r)) as Encounter).status === 'in-progress');

/** Every string in a resource, outside meta and narrative, that starts with a valid calendar date, by path. */
function dateLikeStrings(node: unknown, path = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(node)) node.forEach((item, i) => dateLikeStrings(item, `${path}[${i}]`, out));
  else if (node && typeof node === 'object') {
    for (const [key, child] of Object.entries(node)) if (key !== 'meta' && key !== 'text') dateLikeStrings(child, path ? `${path}.${key}` : key, out);
  } else if (typeof node === 'string' && /^\d{4}-\d{2}-\d{2}(T|$)/.test(node) && fhirDateStartMs(node) !== undefined) out.set(path, node);
  return out;
}
const at = (node: unknown, path: string): unknown => path.split(/\.|\[(\d+)\]/).filter((p) => p).reduce<unknown>((n, p) => (n as Record<string, unknown>)?.[p], node);

describe('shiftFhirDate: the calendar date moves, the rest as written', () => {
  it.each([
    ['2021-02-10T06:00:00-05:00', 3, '2021-02-13T06:00:00-05:00'],
    ['2021-02-10T23:30:00+14:00', 1, '2021-02-11T23:30:00+14:00'],
    ['2021-02-10T06:00:00.345Z', -10, '2021-01-31T06:00:00.345Z'],
    ['2021-02-10T06:00', 1, '2021-02-11T06:00'],
    ['2021-02-10', 2117, '2026-11-28'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['1999-12-31', 1, '2000-01-01'],
    // A year-month: the month holding its first day moved; a year: the year holding its 1 January moved.
    ['2021-02', 27, '2021-02'],
    ['2021-02', 28, '2021-03'],
    ['2021-02', -1, '2021-01'],
    ['2021', 364, '2021'],
    ['2021', 365, '2022'],
    ['2021', -1, '2020'],
  ])('%s moved by %i days is %s', (value, days, expected) => {
    expect(shiftFhirDate(value, days)).toBe(expected);
  });

  it.each(['2021-02-30', '2021-13-01', '03/02/2021', '2021-02-10T25', '', 'today'])('%j is no date: not moved', (value) => {
    expect(shiftFhirDate(value, 5)).toBeUndefined();
  });

  it('finds dates by element name only: a code or a postal code that looks like a year stays', () => {
    const resources = [
      { resourceType: 'Patient', id: 'p', birthDate: '1950', address: [{ postalCode: '2746' }] },
      { resourceType: 'MedicationRequest', id: 'm', subject: { reference: 'Patient/p' }, authoredOn: '2021-02-10',
        medicationCodeableConcept: { coding: [{ code: '8591' }], text: '2021-02-10' } },
    ] as unknown as Resource[];
    const [patient, order] = liveDates(resources, new Date('2021-02-12T12:00:00Z'));
    expect(patient).toMatchObject({ birthDate: '1950', address: [{ postalCode: '2746' }] });
    expect(order).toMatchObject({ authoredOn: '2021-02-11', medicationCodeableConcept: { coding: [{ code: '8591' }], text: '2021-02-10' } });
  });
});

describe('the live mock EHR (real fixtures, clock 2026-12-03T16:49Z)', () => {
  it('has a plan for each of the seven patients; resources about no patient are served as they came', () => {
    expect(plans.size).toBe(7);
    for (const [i, r] of seed.entries()) {
      if (patientOf(r)) continue;
      expect(['Practitioner', 'PractitionerRole', 'Organization']).toContain(r.resourceType);
      expect(live[i]).toBe(r);
    }
  });

  it('moves every date of a patient by the same whole number of days, keeping its time, offset and precision', () => {
    let checked = 0;
    for (const original of seed) {
      const patientId = patientOf(original);
      if (!patientId) continue;
      const days = plans.get(patientId)!.days;
      const moved = liveByKey.get(keyOf(original))!;
      // Found independently of the module's element names: any string starting with a calendar date.
      for (const [path, value] of dateLikeStrings(original)) {
        if (reshaped(original, path)) continue;
        const now = at(moved, path) as string;
        expect({ path, days: calendarDays(value, now) }).toEqual({ path, days });
        expect(now.slice(10)).toBe(value.slice(10));
        checked++;
      }
      for (const { path, value } of datedValues(original)) {
        if (reshaped(original, path)) continue;
        const now = at(moved, path) as string;
        expect(now.replace(/\d/g, '9')).toBe(value.replace(/\d/g, '9'));
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });

  it('leaves a value that is no FHIR date as written (the messy chart\'s 2021-02-30)', () => {
    const malformed = seed.filter((r) => (r as Observation).effectiveDateTime === '2021-02-30');
    expect(malformed).toHaveLength(1);
    expect((liveByKey.get(keyOf(malformed[0]!)) as Observation).effectiveDateTime).toBe('2021-02-30');
  });

  it('ends each patient\'s latest encounter within the last few days, unless it is a stay in progress', () => {
    for (const { patientId, inProgress } of plans.values()) {
      const latest = encountersOf(live, patientId)[0]!;
      expect(latest.period?.end === undefined).toBe(Boolean(inProgress));
      if (inProgress) continue;
      const end = fhirDateStartMs(latest.period!.end!)!;
      expect(NOW.getTime() - end).toBeGreaterThanOrEqual(0);
      expect(NOW.getTime() - end).toBeLessThan(6 * DAY_MS);
    }
  });

  it('keeps exactly two inpatient stays in progress, each its patient\'s latest clinical encounter, with no end and no discharge', () => {
    const stays = live.filter((r): r is Encounter => r.resourceType === 'Encounter' && (r as Encounter).status !== 'finished');
    expect(stays).toHaveLength(2);
    expect(stays.map((s) => (live.find((r) => r.id === patientOf(s)) as Patient).name?.[0]?.family).sort())
      .toEqual(STAYS_IN_PROGRESS.map((s) => s.patient).sort());
    for (const stay of stays) {
      expect(stay).toMatchObject({ status: 'in-progress', class: { code: 'IMP' } });
      expect(stay.period?.end).toBeUndefined();
      expect(stay.hospitalization?.dischargeDisposition).toBeUndefined();
      expect(plans.get(patientOf(stay)!)!.inProgress).toBe(`Encounter/${stay.id}`);
      const clinical = encountersOf(live, patientOf(stay)!).filter((e) => !isAdministrativeEncounter(e));
      expect(clinical[0]).toBe(stay);
      // Admitted days ago; what was recorded during the stay happened since then, the latest within the last two days.
      const admitted = fhirDateStartMs(stay.period!.start!)!;
      expect(NOW.getTime() - admitted).toBeGreaterThan(3 * DAY_MS);
      const recorded = live.filter((r) => (r as Observation).encounter?.reference === `Encounter/${stay.id}`)
        .flatMap((r) => datedValues(r).map(({ value }) => fhirDateStartMs(value)!));
      expect(recorded.length).toBeGreaterThan(10);
      expect(Math.min(...recorded)).toBeGreaterThanOrEqual(admitted);
      expect(NOW.getTime() - Math.max(...recorded)).toBeLessThan(2 * DAY_MS);
    }
  });

  it.each([['at the first millisecond of the UTC day', DAY_START], ['at its last', DAY_END], ['in the afternoon', NOW]])(
    'dates nothing after now, %s', (_, now) => {
      const resources = liveDates(seed, now);
      let latest = -Infinity;
      for (const r of resources) for (const { value } of datedValues(r)) latest = Math.max(latest, fhirDateStartMs(value)!);
      expect(latest).toBeLessThanOrEqual(now.getTime());
      expect(latest).toBeGreaterThan(now.getTime() - 2 * DAY_MS);
    },
  );

  it('keeps each patient\'s age at each encounter, and the deceased\'s age at death', () => {
    for (const { patientId } of plans.values()) {
      const before = seed.find((r) => r.resourceType === 'Patient' && r.id === patientId) as Patient;
      const after = liveByKey.get(`Patient/${patientId}`) as Patient;
      const visits = new Map(encountersOf(live, patientId).map((e) => [e.id, e]));
      for (const encounter of encountersOf(seed, patientId)) {
        expect(ageOn(after.birthDate!, visits.get(encounter.id)!.period!.start!)).toBe(ageOn(before.birthDate!, encounter.period!.start!));
      }
      if (before.deceasedDateTime) expect(ageOn(after.birthDate!, after.deceasedDateTime!)).toBe(ageOn(before.birthDate!, before.deceasedDateTime));
    }
  });

  it('keeps ages in years on any day of a four-year leap cycle, but for a visit the day before a birthday (a leap day apart)', () => {
    // The day count from birth is always kept; a year count can move by one only for a visit within a day of
    // a birthday, when one span holds a 29 February the other does not. In these fixtures: one visit.
    const affected = new Set<string>();
    for (const { patientId, days } of plans.values()) {
      const patient = seed.find((r) => r.resourceType === 'Patient' && r.id === patientId) as Patient;
      for (const encounter of encountersOf(seed, patientId)) {
        const start = encounter.period!.start!;
        for (let later = 0; later < 1461; later++) {
          const shift = days + later;
          const age = ageOn(shiftFhirDate(patient.birthDate!, shift)!, shiftFhirDate(start, shift)!);
          if (age === ageOn(patient.birthDate!, start)) continue;
          expect(Math.abs(age - ageOn(patient.birthDate!, start))).toBe(1);
          expect(Math.abs(calendarDays(`${start.slice(0, 4)}${patient.birthDate!.slice(4)}`, start))).toBeLessThanOrEqual(1);
          affected.add(`${patient.name?.[0]?.family} ${start.slice(0, 10)}`);
        }
      }
    }
    expect([...affected]).toEqual(['Grimes 2017-07-22']);
  });

  it('gives each explanation of benefit the billing period of the claim it adjudicates (Synthea\'s runs a year on)', () => {
    const eobs = live.filter((r): r is ExplanationOfBenefit => r.resourceType === 'ExplanationOfBenefit');
    expect(eobs.length).toBeGreaterThan(200);
    for (const eob of eobs) expect(eob.billablePeriod).toEqual((liveByKey.get(eob.claim!.reference!) as Claim).billablePeriod);
  });

  it('gives the same dates to every clock of one UTC day, in any time zone; a day later, one day later', () => {
    const same = liveDates(seed, DAY_START);
    expect(liveDates(seed, DAY_END)).toEqual(same);
    expect(same).toEqual(live);
    const next = liveDatesWithPlan(seed, new Date(DAY_START.getTime() + DAY_MS)).plans;
    for (const [id, plan] of plans) expect(next.get(id)!.days).toBe(plan.days + 1);
  });

  it('never changes the seed it is given', () => {
    const fresh = seedResources();
    liveDates(fresh, NOW);
    expect(fresh).toEqual(seed);
  });

  describe('what Clarify finds in the live record', () => {
    let icd10cm: Icd10CmTable;
    beforeAll(async () => {
      icd10cm = await loadIcd10Cm();
    });

    function recordOf(family: string): PatientRecord {
      const pool = groupByPatient(live.map((resource) => ({ resource })));
      const group = pool.groups.find((g) => g.patientId === patientNamed(live, family).id)!;
      return PatientRecord.fromEntries(group.entries, { shared: PatientRecord.fromEntries(pool.shared) });
    }

    it('Friesen: his heart-failure admission, in progress, still shows the planted documentation gaps (the e2e tests rely on them)', () => {
      const stay = encountersOf(live, patientNamed(live, 'Friesen').id!)[0]!;
      expect(stay.status).toBe('in-progress');
      const titles = runRules(recordOf('Friesen'), ALL_RULES, { now: NOW, encounterId: stay.id, icd10cm }).map((f) => f.title);
      expect(titles).toEqual(expect.arrayContaining([
        'Creatinine rise meeting KDIGO AKI criteria without an AKI diagnosis',
        'Low sodium without a hyponatremia diagnosis',
        'Heart failure documented without type or acuity',
        'Low potassium without a hypokalemia diagnosis',
      ]));
    });

    it('Moen: her latest check-up still shows the planted header code E11 (the e2e tests rely on it)', () => {
      const checkUp = encountersOf(live, patientNamed(live, 'Moen').id!)[0]!;
      const findings = runRules(recordOf('Moen'), ALL_RULES, { now: NOW, encounterId: checkUp.id, icd10cm });
      expect(findings).toContainEqual(expect.objectContaining({ kind: 'non-billable-code' }));
    });
  });
});

describe('who gets live dates', () => {
  it('the node test EHR keeps the fixtures\' own dates by default, and moves them when given a clock', () => {
    const friesen = patientNamed(seed, 'Friesen');
    const stay = encountersOf(seed, friesen.id!)[0]!;
    expect(createTestEhr().store.read('Encounter', stay.id!)).toMatchObject({ status: 'finished', period: stay.period });
    expect(createTestEhr().store.read('Patient', friesen.id!)).toMatchObject({ birthDate: friesen.birthDate });
    const liveEhr = createTestEhr({ liveDates: { now: NOW } });
    const liveStay = liveByKey.get(`Encounter/${stay.id}`) as Encounter;
    expect(liveEhr.store.read('Encounter', stay.id!)).toMatchObject({ status: 'in-progress', period: liveStay.period });
    expect(liveEhr.store.read('Patient', friesen.id!)).toMatchObject({ birthDate: (liveByKey.get(`Patient/${friesen.id}`) as Patient).birthDate });
  });

  it('the launcher lists what the mock serves: the fixtures\' dates by default, the live ones with the same clock day', () => {
    const shipped = launchablePatients();
    const listed = launchablePatients({ liveDates: { now: DAY_END } });
    expect(listed.map((c) => c.patient.id)).toEqual(shipped.map((c) => c.patient.id));
    for (const chart of shipped) {
      expect(chart.patient).toEqual(seed.find((r) => keyOf(r) === `Patient/${chart.patient.id}`));
    }
    for (const chart of listed) {
      expect(chart.patient).toEqual(liveByKey.get(`Patient/${chart.patient.id}`));
      expect(chart.encounters).toEqual(encountersOf(live, chart.patient.id!));
    }
  });
});
