/**
 * What a review covers (src/review/scope.ts): the patient's latest clinical activity, the encounters the scope
 * switch lists, the scope a review opens on, the window the rules run over and the scope line in words. Real
 * Synthea-shaped resources; the clock is always passed in, and no result depends on the machine's zone.
 */
import { describe, expect, it } from 'vitest';
import type { DiagnosticReport, Encounter, Practitioner, Resource } from 'fhir/r4';
import { PatientRecord } from '../../src/record/patient-record';
import { ALL_RULES, DEFAULT_LOOKBACK_DAYS, runRules } from '../../src/rules/index';
import {
  describeScope, encounterChoice, encounterChoices, initialScope, latestActivityMs, recentWindow, scopeRunOptions, scopeWindow,
} from '../../src/review/scope';
import { LOINC } from '../../src/terminology/loinc';
import { SYSTEM } from '../../src/terminology/systems';
import {
  claim, encounter, icd10Condition, lab, medicationAdministration, medicationRequest, patient, PATIENT_ID, procedure,
} from '../rules/support';

const DAY_MS = 86_400_000;
const ms = (iso: string) => Date.parse(iso);
const NOW = ms('2021-03-15T12:00:00Z');
const recordOf = (...resources: Resource[]) => PatientRecord.fromResources([patient(), ...resources]);

/** Synthea's Encounter.type for an inpatient stay. */
const HOSPITAL_ADMISSION = [{ coding: [{ system: SYSTEM.SNOMED, code: '32485007', display: 'Hospital admission (procedure)' }], text: 'Hospital admission (procedure)' }];
const admission = (id: string, start: string, end?: string, overrides: Partial<Encounter> = {}) =>
  encounter(id, start, end, 'IMP', { type: HOSPITAL_ADMISSION, ...overrides });

function report(effectiveDateTime: string | undefined, issued?: string): DiagnosticReport {
  return {
    resourceType: 'DiagnosticReport', id: `dr-${effectiveDateTime ?? issued}`, status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB', display: 'Laboratory' }] }],
    code: { coding: [{ system: SYSTEM.LOINC, code: '51990-0', display: 'Basic metabolic panel - Blood' }], text: 'Basic metabolic panel - Blood' },
    subject: { reference: `Patient/${PATIENT_ID}` },
    ...(effectiveDateTime ? { effectiveDateTime } : {}), ...(issued ? { issued } : {}),
  };
}

describe('latestActivityMs', () => {
  // The earlier care every scenario adds its latest entry to: a stay that ended on 2020-01-10.
  const earlier = admission('enc-old', '2020-01-05T08:00:00Z', '2020-01-10T12:00:00Z');
  const LATEST = '2020-06-01T10:00:00Z';

  it.each<[string, Resource]>([
    ['an encounter\'s end', encounter('enc-late', '2020-05-31T08:00:00Z', LATEST, 'AMB')],
    ['an encounter in progress, by its start', encounter('enc-open', LATEST, undefined, 'IMP')],
    ['a laboratory result', lab(LOINC.SODIUM_SERUM, 140, 'mmol/L', LATEST)],
    ['a diagnosis recorded', icd10Condition('E87.1', { recordedDate: LATEST, onsetDateTime: '2019-01-01T00:00:00Z' })],
    ['a diagnosis\'s onset', icd10Condition('I10', { onsetDateTime: LATEST, recordedDate: '2019-01-01T00:00:00Z' })],
    ['a medication order', medicationRequest('197361', 'Amlodipine 5 MG Oral Tablet', LATEST)],
    ['a dose given', medicationAdministration('1719286', '10 ML Furosemide 10 MG/ML Injection', LATEST)],
    ['a dose given over a period', medicationAdministration('1719286', '10 ML Furosemide 10 MG/ML Injection', '2020-01-01T00:00:00Z',
      { effectiveDateTime: undefined, effectivePeriod: { start: '2020-05-31T10:00:00Z', end: LATEST } })],
    ['a procedure', procedure(SYSTEM.SNOMED, '40701008', 'Echocardiography (procedure)', LATEST)],
    ['a procedure over a period', procedure(SYSTEM.SNOMED, '40701008', 'Echocardiography (procedure)', '2020-01-01T00:00:00Z',
      { performedDateTime: undefined, performedPeriod: { start: '2020-06-01T09:00:00Z', end: LATEST } })],
    ['a report', report(LATEST)],
    ['a report known only by when it was issued', report(undefined, LATEST)],
  ])('is the latest of the record\'s clinical times: here %s', (_what, latest) => {
    expect(latestActivityMs(recordOf(earlier, latest), NOW)).toBe(ms(LATEST));
  });

  it('ignores claims: billing is not care (a claim made months after the last visit does not move the review)', () => {
    const record = recordOf(earlier, claim(['I10'], '2020-12-01T00:00:00Z'));
    expect(latestActivityMs(record, NOW)).toBe(ms('2020-01-10T12:00:00Z'));
  });

  it('never goes past now: a future-dated entry counts as now', () => {
    const record = recordOf(earlier, lab(LOINC.SODIUM_SERUM, 140, 'mmol/L', '2030-01-01T00:00:00Z'));
    expect(latestActivityMs(record, NOW)).toBe(NOW);
  });

  it('is undefined when nothing in the record is dated (or only with impossible dates)', () => {
    expect(latestActivityMs(recordOf(), NOW)).toBeUndefined();
    const undated: Encounter = { resourceType: 'Encounter', id: 'enc-x', status: 'finished', class: { code: 'AMB' }, subject: { reference: `Patient/${PATIENT_ID}` } };
    expect(latestActivityMs(recordOf(undated, lab(LOINC.SODIUM_SERUM, 140, 'mmol/L', '2021-02-30T08:00:00Z')), NOW)).toBeUndefined();
  });

  it('counts a date-only value to the end of its day', () => {
    const record = recordOf(icd10Condition('E87.1', { recordedDate: '2020-06-01', onsetDateTime: '2020-06-01' }));
    expect(latestActivityMs(record, NOW)).toBe(ms('2020-06-01T23:59:59.999Z'));
  });

  it('honours the offset a time is recorded with', () => {
    const record = recordOf(lab(LOINC.SODIUM_SERUM, 140, 'mmol/L', '2020-06-01T23:30:00-05:00'));
    expect(latestActivityMs(record, NOW)).toBe(ms('2020-06-02T04:30:00Z'));
  });

  // Entered in error: the encounter never happened (encounterChoices leaves such encounters out, too).
  it('does not count an encounter entered in error as activity', () => {
    const record = recordOf(earlier, encounter('enc-error', '2020-11-01T08:00:00Z', '2020-11-01T09:00:00Z', 'AMB', { status: 'entered-in-error' }));
    expect(latestActivityMs(record, NOW)).toBe(ms('2020-01-10T12:00:00Z'));
  });
});

describe('encounterChoices', () => {
  const stay = admission('enc-stay', '2021-02-10T14:00:00+00:00', '2021-02-16T11:00:00+00:00');
  const visit = encounter('enc-visit', '2020-07-01T09:00:00-04:00', '2020-07-01T09:30:00-04:00', 'AMB', {
    type: [{ coding: [{ system: SYSTEM.SNOMED, code: '185349003', display: 'Encounter for check up (procedure)' }], text: 'Encounter for check up (procedure)' }],
  });
  const emergency = encounter('enc-ed', '2020-11-20T22:00:00-05:00', '2020-11-21T03:00:00-05:00', 'EMER', {
    type: [{ coding: [{ system: SYSTEM.SNOMED, code: '50849002', display: 'Emergency room admission (procedure)' }] }],
  });
  const inProgress = admission('enc-now', '2021-03-10T08:00:00Z');
  const errored = encounter('enc-err', '2021-03-12T08:00:00Z', '2021-03-12T09:00:00Z', 'AMB', { status: 'entered-in-error' });

  it('lists the reviewable encounters newest first, without those entered in error', () => {
    const choices = encounterChoices(recordOf(visit, stay, errored, emergency, inProgress));
    expect(choices.map((c) => c.id)).toEqual(['enc-now', 'enc-stay', 'enc-ed', 'enc-visit']);
  });

  it('puts undated encounters last', () => {
    const undated: Encounter = { resourceType: 'Encounter', id: 'enc-undated', status: 'finished', class: { code: 'AMB' }, subject: { reference: `Patient/${PATIENT_ID}` } };
    expect(encounterChoices(recordOf(undated, visit, stay)).map((c) => c.id)).toEqual(['enc-stay', 'enc-visit', 'enc-undated']);
  });

  it('says each in people\'s words: class, type without its SNOMED semantic tag, dates as recorded, status', () => {
    const [now, stayChoice, ed, checkUp] = encounterChoices(recordOf(visit, stay, emergency, inProgress));
    expect(stayChoice).toEqual({
      id: 'enc-stay', classLabel: 'Inpatient stay', typeLabel: 'Hospital admission', dates: '2021-02-10 – 2021-02-16',
      start: '2021-02-10T14:00:00+00:00', status: 'finished', statusLabel: 'finished', administrative: false,
    });
    expect(now).toMatchObject({ classLabel: 'Inpatient stay', dates: 'from 2021-03-10', status: 'in-progress', statusLabel: 'in progress' });
    // The visit ended after midnight on the recorded wall clock: both days, as written (not as UTC reads them).
    expect(ed).toMatchObject({ classLabel: 'Emergency visit', typeLabel: 'Emergency room admission', dates: '2020-11-20 – 2020-11-21' });
    // One day: one date (09:00-04:00 is 13:00 UTC, the same day).
    expect(checkUp).toMatchObject({ classLabel: 'Outpatient visit', typeLabel: 'Encounter for check up', dates: '2020-07-01' });
  });

  it('falls back to "Encounter" for an unknown class, leaves out a missing type, and shows an end without a start as "to"', () => {
    const odd = encounter('enc-odd', '2020-01-01T00:00:00Z', '2020-01-02T00:00:00Z', 'XYZ', { period: { end: '2020-01-02' } });
    const choice = encounterChoice(odd);
    expect(choice.classLabel).toBe('Encounter');
    expect(choice).not.toHaveProperty('typeLabel');
    expect(choice.dates).toBe('to 2020-01-02');
  });

  it('shows a finished encounter without an end by its start alone (not "from")', () => {
    const choice = encounterChoice(encounter('enc-f', '2020-03-01T10:00:00Z', undefined, 'AMB', { status: 'finished' }));
    expect(choice.dates).toBe('2020-03-01');
  });

  it('flags the death certification visit Synthea writes (SNOMED CT 308646001) as administrative', () => {
    const certification = encounter('enc-death', '2021-03-01T10:00:00Z', '2021-03-01T10:15:00Z', 'AMB', {
      type: [{ coding: [{ system: SYSTEM.SNOMED, code: '308646001', display: 'Death Certification' }], text: 'Death Certification' }],
    });
    expect(encounterChoice(certification)).toMatchObject({ administrative: true, typeLabel: 'Death Certification' });
  });

  it.each<[string, string, string, boolean]>([
    ['an administrative examination (Z02.89)', SYSTEM.ICD10CM, 'Z02.89', true],
    ['a driving licence examination written without the dot (Z024)', SYSTEM.ICD10CM, 'Z024', true],
    ['a general adult examination (Z00.00) — a clinical visit', SYSTEM.ICD10CM, 'Z00.00', false],
    ['Z02.89 in WHO ICD-10, not ICD-10-CM', SYSTEM.ICD10_WHO, 'Z02.8', false],
  ])('flags as administrative by its reason: %s → %s', (_what, system, code, administrative) => {
    const visitFor = encounter('enc-z', '2021-03-01T10:00:00Z', '2021-03-01T10:30:00Z', 'AMB', { reasonCode: [{ coding: [{ system, code }] }] });
    expect(encounterChoice(visitFor).administrative).toBe(administrative);
  });
});

describe('initialScope', () => {
  const record = recordOf(admission('enc-stay', '2021-02-10T14:00:00Z', '2021-02-16T11:00:00Z'));

  it('opens on the launch encounter when the record holds it', () => {
    expect(initialScope(record, 'enc-stay')).toEqual({ kind: 'encounter', encounterId: 'enc-stay' });
  });

  it('opens on the recent window when the launch encounter is not in the record', () => {
    expect(initialScope(record, 'enc-elsewhere')).toEqual({ kind: 'recent' });
  });

  it('opens on the recent window when the EHR named no encounter', () => {
    expect(initialScope(record, undefined)).toEqual({ kind: 'recent' });
  });

  it('keeps the launch encounter while the record is still being read', () => {
    expect(initialScope(undefined, 'enc-stay')).toEqual({ kind: 'encounter', encounterId: 'enc-stay' });
  });
});

describe('scopeRunOptions and recentWindow', () => {
  // The chart ends with a stay in June 2019; the review happens in March 2021.
  const lastStay = admission('enc-2019', '2019-05-28T08:00:00Z', '2019-06-01T10:00:00Z');
  const record = recordOf(lastStay);
  const END = ms('2019-06-01T10:00:00Z');

  it('takes the 12 months to the patient\'s latest activity, never the 12 months to today', () => {
    expect(recentWindow(record, NOW)).toEqual({ startMs: END - DEFAULT_LOOKBACK_DAYS * DAY_MS, endMs: END, label: 'the 12 months to 2019-06-01' });
    expect(scopeRunOptions({ kind: 'recent' }, record, NOW)).toEqual({ window: recentWindow(record, NOW) });
  });

  it('takes the 12 months to now when nothing is dated', () => {
    expect(recentWindow(recordOf(), NOW)).toEqual({ startMs: NOW - 365 * DAY_MS, endMs: NOW, label: 'the 12 months to 2021-03-15' });
  });

  it('names the encounter for an encounter scope, with the recent window for when it has no period', () => {
    expect(scopeRunOptions({ kind: 'encounter', encounterId: 'enc-2019' }, record, NOW)).toEqual({ encounterId: 'enc-2019', window: recentWindow(record, NOW) });
  });

  it('covers every date to now for the whole record', () => {
    const { window } = scopeRunOptions({ kind: 'whole-record' }, record, NOW);
    expect(window).toEqual({ startMs: -8.64e15, endMs: NOW, label: 'the whole record' });
    expect(window!.startMs).toBeLessThanOrEqual(ms('0001-01-01T00:00:00Z'));
  });

  // FHIR dates are shown as recorded (src/record/fhir-dates.ts), never as UTC reads them: an encounter that ended
  // at 21:00 on 1 June in New York ended on 1 June, though it was 2 June in UTC.
  it('names the day of the latest activity as recorded, not its UTC day', () => {
    const evening = recordOf(admission('enc-ny', '2019-05-28T08:00:00-04:00', '2019-06-01T21:00:00-04:00'));
    expect(recentWindow(evening, NOW).label).toBe('the 12 months to 2019-06-01');
  });

  describe('with the rules: a low sodium two years before now', () => {
    // Two low sodium results in May 2019, no diagnosis; the chart's latest activity is the stay ending 1 June 2019.
    const lows = [lab(LOINC.SODIUM_SERUM, 129, 'mmol/L', '2019-05-29T06:00:00Z'), lab(LOINC.SODIUM_SERUM, 131, 'mmol/L', '2019-05-30T06:00:00Z')];
    const chart = recordOf(lastStay, ...lows);
    const now = new Date('2021-05-30T12:00:00Z');
    const hyponatremia = (options: Parameters<typeof scopeRunOptions>[0] | undefined) => runRules(chart, ALL_RULES, {
      now, ...(options ? scopeRunOptions(options, chart, now.getTime()) : {}),
    }).filter((f) => f.ruleId === 'electrolytes/hyponatremia');

    it('is found in the 12 months to the latest activity, and the summary names that window', () => {
      const [finding, ...more] = hyponatremia({ kind: 'recent' });
      expect(more).toEqual([]);
      expect(finding!.facts.map((f) => f.value)).toEqual([129, 131]);
      expect(finding!.summary).toMatch(/No hyponatremia diagnosis is documented for the 12 months to 2019-06-01\.$/);
    });

    it('is not found in the default window, the 12 months to now', () => {
      expect(hyponatremia(undefined)).toEqual([]);
    });

    it('is found over the whole record', () => {
      expect(hyponatremia({ kind: 'whole-record' })).toHaveLength(1);
    });
  });
});

describe('describeScope', () => {
  const attending: Practitioner = { resourceType: 'Practitioner', id: 'dr-lee', active: true, name: [{ family: 'Lee', given: ['Ana'], prefix: ['Dr.'] }] };
  const resident: Practitioner = { resourceType: 'Practitioner', id: 'dr-roe', active: true, name: [{ family: 'Roe', given: ['Sam'], prefix: ['Dr.'] }] };
  const participant = (code: string, id: string, display: string) => ({
    type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code, display }] }],
    individual: { reference: `Practitioner/${id}` },
  });
  const stay = admission('enc-stay', '2021-02-10T14:00:00+00:00', '2021-02-16T11:00:00+00:00', {
    participant: [participant('PPRF', 'dr-roe', 'primary performer'), participant('ATND', 'dr-lee', 'attender')],
  });
  const record = recordOf(stay, attending, resident, lab(LOINC.SODIUM_SERUM, 129, 'mmol/L', '2021-02-15T06:00:00Z', { encounter: 'enc-stay' }));

  it('describes an encounter by class and type, dates, status and the attending (ATND before the primary performer)', () => {
    expect(describeScope({ kind: 'encounter', encounterId: 'enc-stay' }, record, NOW)).toEqual({
      title: 'Inpatient stay · Hospital admission', dates: '2021-02-10 – 2021-02-16', statusLabel: 'finished', attending: 'Dr. Ana Lee',
    });
  });

  it('describes an encounter without a type or attending by its class alone', () => {
    const bare = recordOf(encounter('enc-ed', '2021-01-05T22:00:00Z', undefined, 'EMER'));
    expect(describeScope({ kind: 'encounter', encounterId: 'enc-ed' }, bare, NOW)).toEqual({
      title: 'Emergency visit', dates: 'from 2021-01-05', statusLabel: 'in progress', attending: undefined,
    });
  });

  it('says when the encounter named is not in the record', () => {
    expect(describeScope({ kind: 'encounter', encounterId: 'enc-gone' }, record, NOW)).toEqual({
      title: 'Encounter not in the record', note: 'The encounter the EHR named was not found in the record read; choose another.',
    });
  });

  it('describes the recent window with its dates and a note naming the day it ends', () => {
    const described = describeScope({ kind: 'recent' }, record, NOW);
    expect(described).toEqual({
      title: 'The 12 months to the latest activity',
      dates: '2020-02-17 – 2021-02-16',
      note: 'No encounter is chosen: the review covers the 12 months to the patient\'s latest activity in the record (2021-02-16).',
    });
  });

  it('says the recent window runs to today when nothing is dated', () => {
    const described = describeScope({ kind: 'recent' }, recordOf(), NOW);
    expect(described.dates).toBe('2020-03-15 – 2021-03-15');
    expect(described.note).toBe('No encounter is chosen and nothing in the record is dated: the review covers the 12 months to today.');
  });

  it('describes the whole record', () => {
    expect(describeScope({ kind: 'whole-record' }, record, NOW)).toEqual({ title: 'The whole record', note: 'Every date in the record is reviewed, however old.' });
  });
});

describe('scopeWindow', () => {
  const stay = admission('enc-stay', '2021-02-10T14:00:00Z', '2021-02-16T11:00:00Z');
  const open = admission('enc-open', '2021-03-10T08:00:00Z');
  const dayOnly = admission('enc-day', '2021-01-04', '2021-01-06');
  const undated: Encounter = { resourceType: 'Encounter', id: 'enc-undated', status: 'finished', class: { code: 'AMB' }, subject: { reference: `Patient/${PATIENT_ID}` } };
  const record = recordOf(stay, open, dayOnly, undated);

  it('is the encounter\'s period', () => {
    expect(scopeWindow({ kind: 'encounter', encounterId: 'enc-stay' }, record, NOW)).toEqual({
      startMs: ms('2021-02-10T14:00:00Z'), endMs: ms('2021-02-16T11:00:00Z'), label: 'this encounter',
    });
  });

  it('runs to now while the encounter is open', () => {
    expect(scopeWindow({ kind: 'encounter', encounterId: 'enc-open' }, record, NOW)).toEqual({ startMs: ms('2021-03-10T08:00:00Z'), endMs: NOW, label: 'this encounter' });
  });

  it('covers the whole last day of an encounter dated without times', () => {
    expect(scopeWindow({ kind: 'encounter', encounterId: 'enc-day' }, record, NOW)).toEqual({
      startMs: ms('2021-01-04T00:00:00Z'), endMs: ms('2021-01-06T23:59:59.999Z'), label: 'this encounter',
    });
  });

  it('is the recent window for an encounter without a period, or one not in the record', () => {
    const recent = recentWindow(record, NOW);
    expect(scopeWindow({ kind: 'encounter', encounterId: 'enc-undated' }, record, NOW)).toEqual(recent);
    expect(scopeWindow({ kind: 'encounter', encounterId: 'enc-gone' }, record, NOW)).toEqual(recent);
    expect(recent.endMs).toBe(ms('2021-03-10T08:00:00Z'));
  });

  it('is the window of scopeRunOptions for the recent window and the whole record', () => {
    expect(scopeWindow({ kind: 'recent' }, record, NOW)).toEqual(scopeRunOptions({ kind: 'recent' }, record, NOW).window);
    expect(scopeWindow({ kind: 'whole-record' }, record, NOW)).toEqual({ startMs: -8.64e15, endMs: NOW, label: 'the whole record' });
  });
});
