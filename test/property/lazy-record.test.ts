/**
 * Property: the record reads each resource on first use (issue 14, item 3), and what it answers never depends
 * on what was asked before: the windowed accessors (during, observationsDuring) give exactly what the full
 * ones give, filtered; the issues are the same whatever the order of reading; diagnosesCodedIn, counted
 * without reading, equals the count over the read resources. On malformed and adversarial resources.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CodeableConcept, Encounter, Resource } from 'fhir/r4';
import { PatientRecord } from '../../src/record/patient-record';
import { fhirTimeMs, parseFhirDateTime } from '../../src/record/fhir-dates';
import { SYSTEM } from '../../src/terminology/systems';
import { buildScenario, junkArb, JUNK_ENTRIES, mutateResources, mutationsArb, scenarioArb, withJunk } from './arbitraries';
import { limit, runs, RULE_LOINC_CODES, withLog } from './support';

const DAY = 86_400_000;
/** Windows around the scenarios' dates (2019–2022), some empty, some the whole of time. */
const windowArb = fc.oneof(
  fc.tuple(fc.integer({ min: Date.UTC(2018, 0, 1), max: Date.UTC(2023, 0, 1) }), fc.integer({ min: 0, max: 800 }))
    .map(([start, days]) => [start, start + days * DAY] as const),
  fc.constant([-Infinity, Infinity] as const),
);

function inputArb() {
  return fc.tuple(scenarioArb, mutationsArb, junkArb).map(([spec, mutations, junk]) => {
    const { resources, log } = mutateResources(buildScenario(spec).resources, mutations);
    return { input: withJunk(resources, junk, (i) => JUNK_ENTRIES[i]!()), log };
  });
}

/** The times during() may go by, read from the read resource: a superset of every rule's test of the window. */
function times(resource: Resource): unknown[] {
  const r = resource as unknown as Record<string, Record<string, unknown> | undefined>;
  switch (resource.resourceType) {
    case 'Observation':
      return [r.effectiveDateTime, r.effectiveInstant, r.effectivePeriod?.start, r.effectivePeriod?.end, r.issued];
    case 'Claim':
    case 'ExplanationOfBenefit':
      return [r.billablePeriod?.start, r.billablePeriod?.end, r.created];
    case 'Encounter':
      return [r.period?.start, r.period?.end];
    default:
      return [];
  }
}

const ids = (resources: readonly { id?: string }[]) => resources.map((r) => r.id);

const touches = (resource: Resource, start: number, end: number) => times(resource).some((t) => {
  const parsed = parseFhirDateTime(t);
  return parsed !== undefined && parsed.ms <= end && parsed.endMs >= start;
});

describe('PatientRecord reads on first use', () => {
  it('observationsDuring is observations() inside the window, and during() every resource of the type touching it', () => {
    fc.assert(
      fc.property(inputArb(), windowArb, fc.subarray([...RULE_LOINC_CODES], { minLength: 1, maxLength: 4 }), ({ input, log }, [start, end], codes) => {
        withLog(log, () => {
          const windowed = PatientRecord.fromResources(input);
          const full = PatientRecord.fromResources(input);
          // The windowed record is asked first, before anything of it was read.
          const during = windowed.observationsDuring(start, end, ...codes).map((p) => [p.reference, p.loinc, p.timeMs, p.value, p.component]);
          const expected = full.observations(...codes).filter((p) => p.timeMs >= start && p.timeMs <= end)
            .map((p) => [p.reference, p.loinc, p.timeMs, p.value, p.component]);
          expect(during).toEqual(expected);
          for (const type of ['Claim', 'ExplanationOfBenefit', 'Encounter', 'Observation', 'Condition'] as const) {
            const got = windowed.during(type, start, end).map((r) => r.id);
            const wanted = full.byType(type).filter((r) => type === 'Condition' || touches(r, start, end)).map((r) => r.id);
            expect(got).toEqual(wanted);
          }
          // A stay's review takes an encounter by its period overlapping the window (claim-reconciliation.ts).
          const overlaps = (e: Encounter) => {
            const first = fhirTimeMs(e.period?.start);
            const last = parseFhirDateTime(e.period?.end ?? e.period?.start)?.endMs;
            return first !== undefined && first <= end && last !== undefined && last >= start;
          };
          expect(ids(windowed.encountersOverlapping(start, end).filter(overlaps))).toEqual(ids(full.byType('Encounter').filter(overlaps)));
          for (const [type, field] of [['Encounter', 'diagnosis'], ['Claim', 'diagnosis'], ['Observation', 'component']] as const) {
            expect(windowed.having(type, field).map((r) => r.id)).toEqual(full.byType(type).filter((r) => (r as unknown as Record<string, unknown>)[field] !== undefined).map((r) => r.id));
          }
          // Read on first use or all at once, the record tells the same.
          expect(windowed.issues).toEqual(full.issues);
          expect([...windowed.ignoredFields].sort()).toEqual([...full.ignoredFields].sort());
        });
      }),
      { numRuns: runs(150) },
    );
  }, limit());

  it('diagnosesCodedIn, counted without reading, equals the count over the read resources', () => {
    const inConcept = (concept: CodeableConcept | undefined, system: string) => (concept?.coding ?? []).some((c) => c.system === system);
    fc.assert(
      fc.property(inputArb(), ({ input, log }) => {
        withLog(log, () => {
          for (const system of [SYSTEM.ICD10CM, SYSTEM.ICD10_WHO, SYSTEM.SNOMED]) {
            const record = PatientRecord.fromResources(input);
            const counted = record.diagnosesCodedIn(system);
            const read = record.byType('Condition').filter((c) => inConcept(c.code, system)).length +
              [...record.byType('Claim'), ...record.byType('ExplanationOfBenefit')]
                .reduce((n, claim) => n + (claim.diagnosis ?? []).filter((d) => inConcept(d.diagnosisCodeableConcept, system)).length, 0);
            expect(counted).toBe(read);
          }
        });
      }),
      { numRuns: runs(150) },
    );
  }, limit());

  it("setAside('read') counts what was read, and never more than setAside()", () => {
    fc.assert(
      fc.property(inputArb(), windowArb, ({ input, log }, [start, end]) => {
        withLog(log, () => {
          const record = PatientRecord.fromResources(input);
          record.observationsDuring(start, end, ...RULE_LOINC_CODES);
          const read = new Map(record.setAside('read').map((s) => [`${s.resourceType}|${s.problem}`, s.count]));
          const all = new Map(record.setAside().map((s) => [`${s.resourceType}|${s.problem}`, s.count]));
          for (const [key, count] of read) expect(count).toBeLessThanOrEqual(all.get(key) ?? 0);
        });
      }),
      { numRuns: runs(100) },
    );
  }, limit());
});

describe('PatientRecord reading on first use, by example', () => {
  const observation = (id: string, effectiveDateTime: unknown, value: unknown) => ({
    resourceType: 'Observation', id, status: 'final', subject: { reference: 'Patient/p' }, effectiveDateTime,
    code: { coding: [{ system: 'http://loinc.org', code: '2951-2' }] }, valueQuantity: { value, unit: 'mmol/L', code: 'mmol/L' },
  });
  const patient = { resourceType: 'Patient', id: 'p' };

  it('does not read, nor report, what the review never asked for until asked', () => {
    const record = PatientRecord.fromResources([patient, observation('old', '2010-01-01', 'low'), observation('new', '2021-03-01', 131)]);
    const points = record.observationsDuring(Date.UTC(2021, 0, 1), Date.UTC(2021, 11, 31), '2951-2');
    expect(points.map((p) => p.reference)).toEqual(['Observation/new']);
    expect(record.setAside('read')).toEqual([]);
    expect(record.setAside()).toEqual([{ resourceType: 'Observation', problem: 'with a malformed quantity', count: 1 }]);
  });

  it('takes a date-only time as its whole day at the window edge', () => {
    const record = PatientRecord.fromResources([patient, observation('edge', '2021-03-01', 131)]);
    // A window ending at noon that day: the observation's point time (midnight UTC) is inside.
    expect(record.observationsDuring(Date.UTC(2021, 1, 1), Date.UTC(2021, 2, 1, 12), '2951-2')).toHaveLength(1);
    // A window starting at noon that day: the day touches it, the point (midnight) is before it: not returned.
    expect(record.observationsDuring(Date.UTC(2021, 2, 1, 12), Date.UTC(2021, 3, 1), '2951-2')).toHaveLength(0);
  });

  it('keeps a time whose day is outside the window but whose instant, with its offset, is inside; skips one surely outside', () => {
    const encounter = (id: string, start: string) => ({ resourceType: 'Encounter', id, status: 'finished', subject: { reference: 'Patient/p' }, period: { start } }) as Resource;
    const record = PatientRecord.fromResources([patient,
      encounter('before-by-offset', '2021-03-09T12:00:00-14:00'), // 2021-03-10T02:00Z: inside
      encounter('after-by-offset', '2021-03-20T10:00:00+14:00'), // 2021-03-19T20:00Z: inside
      encounter('hour-before', '2021-03-09T23:00:00Z'), // outside by an hour
      encounter('month', '2021-03'), // a partial date: the whole month touches it
      encounter('long-ago', '2011-03-15T10:00:00Z'),
      encounter('odd', '2021-3-15'), // not a FHIR date: no time, never in a window
    ]);
    const ids = record.during('Encounter', Date.UTC(2021, 2, 10), Date.UTC(2021, 2, 20)).map((e) => e.id);
    expect(ids).toEqual(['before-by-offset', 'after-by-offset', 'month']);
  });

  it('takes a stay spanning the window among the encounters overlapping it, and reads none that ended days before or began days after', () => {
    const encounter = (id: string, period: Record<string, unknown>) => ({ resourceType: 'Encounter', id, status: 'finished', subject: { reference: 'Patient/p' }, period }) as Resource;
    const record = PatientRecord.fromResources([patient,
      encounter('spanning', { start: '2019-01-01', end: '2023-01-01' }),
      encounter('open', { start: '2021-03-01T08:00:00Z' }), // no end: its start's day only; before the window
      encounter('ends-inside', { start: '2021-02-01', end: '2021-03-12T08:00:00+05:00' }),
      encounter('ended-before', { start: '2021-02-01', end: '2021-03-05' }),
      encounter('begins-after', { start: '2021-03-25' }),
      encounter('bad-end', { start: '2021-03-15', end: '2021-03-01Tjunk' }), // its end read as its start: inside
      encounter('no-start', { end: '2021-03-15' }),
    ]);
    const candidates = record.encountersOverlapping(Date.UTC(2021, 2, 10), Date.UTC(2021, 2, 20)).map((e) => e.id);
    expect(candidates).toEqual(['spanning', 'ends-inside', 'bad-end']);
    expect(record.setAside('read')).toEqual([]);
  });

  it('hands out one object per resource, whichever accessor read it first', () => {
    const record = PatientRecord.fromResources([patient, observation('o', '2021-03-01T10:00:00Z', 131)]);
    const resolved = record.resolve('Observation/o');
    expect(record.observations('2951-2')[0]!.observation).toBe(resolved);
    expect(record.byType('Observation')[0]).toBe(resolved);
  });
});
