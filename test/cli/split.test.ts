/**
 * `clarify split` (issue 14, item 4): an export partitioned by patient into shards, shared resources in
 * every shard; auditing each shard gives the findings of auditing the whole export.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FhirResource as Resource } from 'fhir/r4';
import { runSplit } from '../../src/cli/split';
import { auditWith, ndjson, nodeIo, tempDir } from './support';
import { LOINC } from '../../src/terminology/loinc';
import { lab, patient } from '../rules/support';

let temp: ReturnType<typeof tempDir>;
let out: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
  out = tempDir();
});
afterEach(() => {
  temp.remove();
  out.remove();
});

const GP = { resourceType: 'Practitioner', id: 'gp-1', name: [{ family: 'Hale' }] } as Resource;
const people = Array.from({ length: 60 }, (_, i) => `s${String(i).padStart(2, '0')}`);
function writeExport() {
  temp.write('Patient.ndjson', ndjson(people.map((id) => patient({ id, generalPractitioner: [{ reference: 'Practitioner/gp-1' }] }))));
  temp.write('Observation.ndjson', ndjson(people.flatMap((id, i) => [1, 2].map((day) => ({
    ...lab(LOINC.SODIUM_SERUM, i % 3 ? 140 : 129, 'mmol/L', `2021-02-0${day}T09:00:00Z`, { id: `${id}-na${day}` }), subject: { reference: `Patient/${id}` } })))));
  temp.write('Practitioner.ndjson', ndjson([GP]));
  temp.write('OperationOutcome.ndjson', ndjson([{ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing' }] }]));
}

async function split(...argv: string[]) {
  const err: string[] = [];
  const code = await runSplit(argv, { stderr: (t) => void err.push(t) });
  return { code, stderr: err.join('') };
}
const linesOf = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);

describe('clarify split', () => {
  it('puts every line of a patient in one shard, copies shared resources to every shard, and the export errors to the first only', async () => {
    writeExport();
    const target = join(out.dir, 'shards');
    const { code, stderr } = await split('--shards', '4', temp.dir, target);
    expect(code).toBe(0);
    expect(stderr).toContain('182 resources from 4 files into 4 shards (1 shared resource copied to every shard)');
    const shards = readdirSync(target).sort();
    expect(shards).toEqual(['shard-01', 'shard-02', 'shard-03', 'shard-04']);
    const owner = new Map<string, string>();
    for (const shard of shards) {
      expect(linesOf(join(target, shard, 'Practitioner.ndjson'))).toEqual([JSON.stringify(GP)]);
      for (const file of ['Patient.ndjson', 'Observation.ndjson']) {
        for (const line of linesOf(join(target, shard, file))) {
          const resource = JSON.parse(line);
          const patientId = resource.resourceType === 'Patient' ? resource.id : resource.subject.reference.slice('Patient/'.length);
          expect(owner.get(patientId) ?? shard).toBe(shard);
          owner.set(patientId, shard);
        }
      }
    }
    expect(owner.size).toBe(60);
    expect(new Set(owner.values()).size).toBe(4);
    expect(readdirSync(join(target, 'shard-01'))).toContain('OperationOutcome.ndjson');
    expect(readdirSync(join(target, 'shard-02'))).not.toContain('OperationOutcome.ndjson');
  });

  it('skips lines that are not FHIR resources and says how many', async () => {
    writeExport();
    temp.write('Practitioner.ndjson', `${ndjson([GP])}not json\n`);
    expect((await split('--shards', '2', temp.dir, join(out.dir, 'one'))).stderr).toContain('(1 shared resource copied to every shard); 1 line is not a FHIR resource and was skipped');
    temp.write('Practitioner.ndjson', `${ndjson([GP])}not json\n[1]\n`);
    expect((await split('--shards', '2', temp.dir, join(out.dir, 'two'))).stderr).toContain('; 2 lines are not FHIR resources and were skipped');
  });

  it('gives, audited shard by shard, the findings of auditing the whole export', async () => {
    writeExport();
    const target = join(out.dir, 'shards');
    expect((await split('--shards', '3', temp.dir, target)).code).toBe(0);
    const whole = await auditWith(nodeIo(), ['--now', '2021-03-01', temp.dir]);
    const shards = await Promise.all(readdirSync(target).sort().map((shard) => auditWith(nodeIo(), ['--now', '2021-03-01', join(target, shard)])));
    const byShard = shards.flatMap((s) => s.lines);
    expect(byShard.sort()).toEqual([...whole.lines].sort());
    expect(whole.lines).toHaveLength(20);
  });

  it.each([
    [['--shards', '0', 'a', 'b'], '--shards must be a whole number'],
    [['--shards', '3', 'only-one'], 'give --shards <n>, the export directory and the output directory'],
    [['--bogus'], 'unknown option --bogus'],
  ])('refuses %j as a usage error', async (argv, message) => {
    const { code, stderr } = await split(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('refuses to add to a directory that is not empty, and says when the export cannot be read', async () => {
    writeExport();
    out.write('already.txt', 'x');
    expect(await split('--shards', '2', temp.dir, out.dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('is not empty') });
    expect(await split('--shards', '2', join(temp.dir, 'missing'), join(out.dir, 'new'))).toMatchObject({ code: 1, stderr: expect.stringContaining('cannot be read as an export directory') });
  });
});
