import { kindOf } from '../rules/support';
/**
 * Property: every rule runs on any record without throwing, for the review without a launch encounter
 * and for each encounter as the launch encounter; every finding is well formed and every piece of
 * evidence can be labelled (issue #8, item 7).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import { groupByPatient, type PooledEntry } from '../../src/record/group-by-patient';
import { PatientRecord } from '../../src/record/patient-record';
import { runRules, ALL_RULES } from '../../src/rules/index';
import { loadIcd10Cm, type Icd10CmTable } from '../../src/terminology/icd10cm/icd10cm-table';
import {
  JUNK_ENTRIES, applyMutation, bundleOf, buildScenario, junkArb, mutateResources, mutationArb, mutationsArb, scenarioArb, substitute, substitutionsArb, withJunk,
  type JsonObject, type Path, type ScenarioSpec,
} from './arbitraries';
import { exerciseRecord, limit, runAllRules, runs, withLog } from './support';

let icd10cm: Icd10CmTable;
beforeAll(async () => {
  icd10cm = await loadIcd10Cm();
}, 60_000);

type Form = 'resources' | 'bundle' | 'ndjson';

function recordFrom(resources: unknown[], form: Form): PatientRecord {
  if (form === 'bundle') {
    return PatientRecord.fromBundle({ resourceType: 'Bundle', type: 'transaction', entry: resources.map((resource) => ({ fullUrl: fullUrlOf(resource), resource })) });
  }
  if (form === 'ndjson') return PatientRecord.fromNdjson(resources.map((r) => JSON.stringify(r) ?? 'undefined'));
  return PatientRecord.fromResources(resources);
}

function fullUrlOf(resource: unknown): unknown {
  const id = typeof resource === 'object' && resource !== null ? (resource as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? `urn:uuid:${id}` : id;
}

describe('runRules on malformed and adversarial records', () => {
  it('never throws on valid Synthea-shaped records, and every finding is well formed', () => {
    fc.assert(
      fc.property(scenarioArb, fc.constantFrom<Form>('resources', 'bundle'), (spec, form) => {
        const scenario = buildScenario(spec);
        const record = recordFrom(scenario.resources, form);
        withLog([], () => runAllRules(record, { now: scenario.now, icd10cm }));
      }),
      { numRuns: runs(60) },
    );
  }, limit());

  it('never throws on mutated records (1–3 paths of 1–4 resources), with or without a launch encounter', () => {
    fc.assert(
      fc.property(scenarioArb, mutationsArb, junkArb, fc.constantFrom<Form>('resources', 'bundle', 'ndjson'), (spec, mutations, junk, form) => {
        const scenario = buildScenario(spec);
        const { resources, log } = mutateResources(scenario.resources, mutations);
        const input = form === 'ndjson' ? resources : withJunk(resources, junk, (i) => JUNK_ENTRIES[i]!());
        withLog(log, () => runAllRules(recordFrom(input, form), { now: scenario.now, icd10cm }));
      }),
      { numRuns: runs(150) },
    );
  }, limit());

  it('never throws when the mutations are aimed at the resources the rules read most', () => {
    // Condition, Observation, Encounter, Claim/EOB and MedicationRequest only: every mutation lands in one.
    const read = new Set(['Condition', 'Observation', 'Encounter', 'Claim', 'ExplanationOfBenefit', 'MedicationRequest', 'MedicationAdministration', 'Patient', 'Procedure']);
    fc.assert(
      fc.property(scenarioArb, fc.array(mutationArb, { minLength: 1, maxLength: 8 }), (spec, mutations) => {
        const scenario = buildScenario(spec);
        const targets = scenario.resources.filter((r) => read.has(r.resourceType as string));
        const others = scenario.resources.filter((r) => !read.has(r.resourceType as string));
        const { resources, log } = mutateResources(targets, mutations);
        withLog(log, () => runAllRules(recordFrom([...others, ...resources], 'resources'), { now: scenario.now, icd10cm }));
      }),
      { numRuns: runs(150) },
    );
  }, limit());

  it('never throws when one field name is replaced everywhere it occurs (every code, every reference, every unit, ...)', () => {
    fc.assert(
      fc.property(scenarioArb, substitutionsArb, fc.constantFrom<Form>('resources', 'bundle', 'ndjson'), (spec, substitutions, form) => {
        const scenario = buildScenario(spec);
        const { resources, log } = substitute(scenario.resources, substitutions);
        withLog(log, () => runAllRules(recordFrom(resources, form), { now: scenario.now, icd10cm }));
      }),
      { numRuns: runs(150) },
    );
  }, limit());

  it('never throws on a pool read as clarify audit reads it (grouped by patient, shared resources in their own record)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(scenarioArb, mutationsArb), { minLength: 1, maxLength: 3 }), (patients) => {
        const log: string[] = [];
        const pool: PooledEntry[] = [];
        let now = '';
        for (const [index, [spec, mutations]] of patients.entries()) {
          const scenario = buildScenario(spec, index);
          now = scenario.now;
          const mutated = mutateResources(scenario.resources, mutations);
          log.push(...mutated.log);
          for (const resource of mutated.resources) {
            // As the audit pools NDJSON lines and Bundle entries: JSON objects with a string resourceType.
            if (typeof resource === 'object' && resource !== null && !Array.isArray(resource) && typeof (resource as { resourceType?: unknown }).resourceType === 'string') {
              const fullUrl = fullUrlOf(resource);
              pool.push(typeof fullUrl === 'string' ? { resource: resource as Resource, fullUrl } : { resource: resource as Resource });
            }
          }
        }
        withLog(log, () => {
          const grouped = groupByPatient(pool);
          const shared = grouped.shared.length ? PatientRecord.fromEntries(grouped.shared) : undefined;
          if (shared) exerciseRecord(shared, grouped.shared);
          for (const group of grouped.groups) {
            const record = PatientRecord.fromEntries(group.entries, shared ? { shared } : {});
            exerciseRecord(record, group.entries);
            runAllRules(record, { now, icd10cm, maxEncounters: 2 });
          }
        });
      }),
      { numRuns: runs(60) },
    );
  }, limit());

  it('never throws without the ICD-10-CM table', () => {
    fc.assert(
      fc.property(scenarioArb, mutationsArb, (spec, mutations) => {
        const scenario = buildScenario(spec);
        const { resources, log } = mutateResources(scenario.resources, mutations);
        withLog(log, () => runAllRules(recordFrom(resources, 'resources'), { now: scenario.now, icd10cm: undefined, maxEncounters: 1 }));
      }),
      { numRuns: runs(40) },
    );
  }, limit());
});

// ---- Property 4: fields no rule reads ------------------------------------------------------------------

/** Fields of every resource that nothing in the record or the rules reads. */
const UNREAD_EVERYWHERE = new Set(['text', 'extension', 'language']);
const UNREAD_BY_TYPE: Readonly<Record<string, ReadonlySet<string>>> = {
  Patient: new Set(['address', 'telecom', 'communication', 'maritalStatus']),
  Claim: new Set(['total', 'insurance']),
  ExplanationOfBenefit: new Set(['total', 'insurance', 'payment']),
  Organization: new Set(['name', 'telecom', 'address', 'type', 'identifier', 'active']),
  // The notes are read (issue 13): their status, date, encounter and content; not who wrote them or their category.
  DocumentReference: new Set(['author', 'category', 'meta', 'subject']),
  Binary: new Set(['meta', 'securityContext']),
};
/** Types no rule reads: any field but their type and id. */
const UNREAD_TYPES = new Set(['AllergyIntolerance', 'Task', 'DetectedIssue', 'Location', 'CareTeam', 'PractitionerRole', 'Practitioner']);

function unread(resource: JsonObject, path: Path): boolean {
  const top = path[0];
  if (typeof top !== 'string') return false;
  const type = resource.resourceType as string;
  if (UNREAD_TYPES.has(type)) return top !== 'resourceType' && top !== 'id';
  return UNREAD_EVERYWHERE.has(top) || Boolean(UNREAD_BY_TYPE[type]?.has(top));
}

describe('fields the rules do not read', () => {
  it('mutating them leaves the findings unchanged', () => {
    fc.assert(
      fc.property(scenarioArb, mutationsArb, (spec: ScenarioSpec, mutations) => {
        const scenario = buildScenario(spec);
        const options = { now: new Date(scenario.now), icd10cm };
        const launch = scenario.resources.find((r) => r.resourceType === 'Encounter')!.id as string;
        const before = PatientRecord.fromResources(scenario.resources);
        const { resources, log } = mutateResources(scenario.resources, mutations, unread);
        const after = PatientRecord.fromResources(resources);
        withLog(log, () => {
          expect(runRules(after, ALL_RULES, options)).toEqual(runRules(before, ALL_RULES, options));
          expect(runRules(after, ALL_RULES, { ...options, encounterId: launch })).toEqual(runRules(before, ALL_RULES, { ...options, encounterId: launch }));
        });
      }),
      { numRuns: runs(60) },
    );
  }, limit());
});

describe('the generator', () => {
  it('reaches the rules: valid scenarios fire documentation gaps and coding discrepancies of many kinds', () => {
    const fired = new Set<string>();
    for (const spec of fc.sample(scenarioArb, { numRuns: 150, seed: 8 })) {
      const scenario = buildScenario(spec);
      const record = PatientRecord.fromResources(scenario.resources);
      const launch = scenario.resources.find((r) => r.resourceType === 'Encounter')!.id as string;
      for (const encounterId of [undefined, launch]) {
        for (const f of runRules(record, ALL_RULES, { now: new Date(scenario.now), encounterId, icd10cm })) fired.add(kindOf(f) ?? f.ruleId);
      }
    }
    // Not a property of Clarify: a check that the arbitraries exercise the rules' deep paths at all.
    expect(fired.size, [...fired].sort().join(', ')).toBeGreaterThanOrEqual(12);
  }, limit());
});

void applyMutation;
void bundleOf;
