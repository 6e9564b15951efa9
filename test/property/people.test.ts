/**
 * Property: the banner and people labels never throw on mutated Patients and Practitioners (issue #8,
 * item 7): as the app shows them (read through the trust boundary, readResourceOf) and, since people.ts
 * promises to tolerate odd fields, on the raw JSON too.
 */
import type { Patient, Practitioner } from 'fhir/r4';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { patientBannerFacts, practitionerName, userDisplayName } from '../../src/record/people';
import { readResourceOf } from '../../src/record/read-resource';
import { buildScenario, mutateResources, mutationArb, scenarioArb, substitute, substitutionsArb, type JsonObject } from './arbitraries';
import { limit, runs, withLog } from './support';

/** The scenario's Patient and Practitioner, and a PractitionerRole naming the practitioner. */
function people(resources: readonly JsonObject[]): JsonObject[] {
  const pick = (type: string) => resources.find((r) => r.resourceType === type)!;
  return [pick('Patient'), pick('Practitioner'), pick('PractitionerRole')];
}

type User = Parameters<typeof userDisplayName>[0];

function showEveryone(mutated: unknown[]): void {
  const [patient, practitioner, role] = mutated;
  for (const [raw, label] of [[patient, 'raw'], [readResourceOf<Patient>(patient, ['Patient']), 'read']] as const) {
    if (raw === undefined) continue;
    const facts = patientBannerFacts(raw as Patient);
    expect(typeof facts.name, label).toBe('string');
    expect(typeof facts.deceased, label).toBe('boolean');
  }
  // Raw JSON: only that nothing throws (a raw display may be any JSON value); read resources: a string or nothing.
  if (typeof practitioner === 'object' && practitioner !== null) practitionerName(practitioner as Practitioner);
  const readPractitioner = readResourceOf<Practitioner>(practitioner, ['Practitioner']);
  if (readPractitioner) expect(['undefined', 'string']).toContain(typeof practitionerName(readPractitioner));
  for (const value of [patient, practitioner, role]) {
    if (typeof value === 'object' && value !== null) userDisplayName(value as User);
    const user = readResourceOf(value, ['Practitioner', 'PractitionerRole', 'Patient', 'RelatedPerson']);
    if (user) expect(['undefined', 'string']).toContain(typeof userDisplayName(user as User));
  }
}

describe('people labels on adversarial resources', () => {
  it('read through the trust boundary (as the app does), patientBannerFacts, practitionerName and userDisplayName never throw', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(mutationArb, { minLength: 1, maxLength: 6 }), (spec, mutations) => {
        const { resources, log } = mutateResources(people(buildScenario(spec).resources), mutations);
        withLog(log, () => {
          const [patient, practitioner] = resources;
          const read = readResourceOf<Patient>(patient, ['Patient']);
          if (read) patientBannerFacts(read);
          const readPractitioner = readResourceOf<Practitioner>(practitioner, ['Practitioner']);
          if (readPractitioner) practitionerName(readPractitioner);
        });
      }),
      { numRuns: runs(300) },
    );
  }, limit());

  it('on the raw JSON (people.ts tolerates missing or odd fields), they never throw', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(mutationArb, { minLength: 1, maxLength: 6 }), (spec, mutations) => {
        const { resources, log } = mutateResources(people(buildScenario(spec).resources), mutations);
        withLog(log, () => showEveryone(resources));
      }),
      { numRuns: runs(300) },
    );
  }, limit());

  it('with one field name replaced everywhere (every name, given, use, period, ...), they never throw', () => {
    fc.assert(
      fc.property(scenarioArb, substitutionsArb, (spec, substitutions) => {
        const { resources, log } = substitute(people(buildScenario(spec).resources), substitutions);
        withLog(log, () => showEveryone(resources));
      }),
      { numRuns: runs(300) },
    );
  }, limit());
});
