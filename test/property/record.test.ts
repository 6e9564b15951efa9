/**
 * Property: PatientRecord is built from any JSON (resources, Bundles, NDJSON lines) without throwing, and
 * every accessor answers, whatever malformed or adversarial values the resources hold (issue #8, item 7).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { PatientRecord } from '../../src/record/patient-record';
import {
  JUNK_ENTRIES, NDJSON_JUNK_LINES, applyMutation, bundleOf, buildScenario, junkArb, mutateResources, mutationsArb, scenarioArb, withJunk,
} from './arbitraries';
import { exerciseRecord, limit, runs, withLog } from './support';

describe('PatientRecord on malformed and adversarial resources', () => {
  it('fromResources never throws and every accessor answers', () => {
    fc.assert(
      fc.property(scenarioArb, mutationsArb, junkArb, (spec, mutations, junk) => {
        const { resources, log } = mutateResources(buildScenario(spec).resources, mutations);
        const input = withJunk(resources, junk, (i) => JUNK_ENTRIES[i]!());
        withLog(log, () => exerciseRecord(PatientRecord.fromResources(input), input));
      }),
      { numRuns: runs(120) },
    );
  }, limit());

  it('fromBundle never throws, for any Bundle type, with entries, fullUrls and resources mutated', () => {
    fc.assert(
      fc.property(
        scenarioArb, fc.constantFrom('transaction', 'collection', 'searchset', 'batch'), mutationsArb, junkArb,
        (spec, type, mutations, junk) => {
          const bundle = bundleOf(buildScenario(spec), type);
          bundle.entry = withJunk(bundle.entry as unknown[], junk, (i) => (i % 2 ? { resource: JUNK_ENTRIES[i]!() } : JUNK_ENTRIES[i]!()));
          // Paths anywhere in the Bundle: its type and entry, each entry's fullUrl and resource, any field of a resource.
          const log = mutations.map((m) => applyMutation(bundle, m)).filter((l): l is string => l !== undefined).map((l) => `Bundle${l}`);
          withLog(log, () => exerciseRecord(PatientRecord.fromBundle(bundle), bundle));
        },
      ),
      { numRuns: runs(120) },
    );
  }, limit());

  it('fromBundle never throws on a Bundle that is not one', () => {
    const odd = [null, 0, 'Bundle', [], {}, { resourceType: 'Bundle' }, { resourceType: 'Bundle', entry: {} }, { resourceType: 'Bundle', entry: 'x' },
      { resourceType: 'Bundle', entry: [null, 1, 'x', [], { resource: null }, { fullUrl: 'urn:uuid:x' }, { resource: { resourceType: 'Patient' }, fullUrl: 'urn:uuid:p' }] },
      JSON.parse('{"resourceType":"Bundle","entry":{"__proto__":[{"resource":{"resourceType":"Patient","id":"p"}}]}}')];
    for (const bundle of odd) withLog([JSON.stringify(bundle)], () => exerciseRecord(PatientRecord.fromBundle(bundle), bundle));
  }, limit());

  it('fromNdjson never throws, with mutated resources and lines that are not JSON objects', () => {
    fc.assert(
      fc.property(scenarioArb, mutationsArb, fc.array(fc.tuple(fc.nat({ max: NDJSON_JUNK_LINES.length - 1 }), fc.nat()), { maxLength: 4 }),
        (spec, mutations, junk) => {
          const { resources, log } = mutateResources(buildScenario(spec).resources, mutations);
          const lines = withJunk(resources.map((r) => JSON.stringify(r)), junk, (i) => NDJSON_JUNK_LINES[i]!);
          withLog(log, () => exerciseRecord(PatientRecord.fromNdjson(lines), lines.map((line) => { try { return JSON.parse(line) as unknown; } catch { return null; } })));
        }),
      { numRuns: runs(80) },
    );
  }, limit());
});
