/**
 * `clarify audit` over a Bulk Data export (issue 14): NDJSON streamed line by line, each patient's lines
 * partitioned by a stable hash of the patient id (partitions.ts), shared resources kept once, and the output
 * the same whatever the file order, the line order or the number of partitions.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FhirResource as Resource } from 'fhir/r4';
import { auditWith, ndjson, nodeIo, tempDir, transactionBundle } from './support';
import { auditBucket } from '../../src/cli/audit-bucket';
import type { BucketRunner, RunnerSetup } from '../../src/cli/audit';
import { bucketCount, bucketOf, memoryPartitions, RangeBuckets } from '../../src/cli/partitions';
import { readRegularFileChunks, readSlices, temporaryPartitions } from '../../src/cli/node-io';
import { partitionRange } from '../../src/cli/partition-range';
import { LOINC } from '../../src/terminology/loinc';
import { lab, patient } from '../rules/support';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => void (temp = tempDir()));
afterEach(() => temp.remove());

/** A patient as an export writes them: the Patient, and sodium results referencing `Patient/<id>`. */
function exportedPatient(id: string, sodiums: number[]): Resource[] {
  return [
    patient({ id, generalPractitioner: [{ reference: 'Practitioner/gp-1' }] }),
    ...sodiums.map((value, i) => ({
      ...lab(LOINC.SODIUM_SERUM, value, 'mmol/L', `2021-02-${String(1 + (i % 27)).padStart(2, '0')}T09:00:00Z`, { id: `${id}-na${i}` }),
      subject: { reference: `Patient/${id}` },
    })),
  ];
}

const GP = { resourceType: 'Practitioner', id: 'gp-1', name: [{ family: 'Hale', given: ['Ada'] }] } as Resource;
/** 30 patients: every third one hyponatremic, one with 600 results (the large one). */
const POPULATION: Resource[][] = Array.from({ length: 30 }, (_, i) =>
  exportedPatient(`pt-${String(i).padStart(2, '0')}`, i === 7 ? Array.from({ length: 600 }, (_, k) => (k % 2 ? 131 : 140)) : i % 3 === 0 ? [131, 130] : [140, 141]));

const byType = (resources: Resource[], type: string) => resources.filter((r) => r.resourceType === type);
const audit = (argv: string[], bucketBytes?: number) => auditWith(nodeIo(), ['--now', '2021-03-01', ...argv], bucketBytes ? { bucketBytes } : undefined);

describe('auditing a Bulk Data export', () => {
  it('finds each patient whose results are split over many files, and the large one, as auditing each patient alone does', async () => {
    const all = POPULATION.flat();
    // Patients in one file; their Observations spread over three files, round robin; the shared Practitioner in its own.
    temp.write('Patient.ndjson', ndjson(byType(all, 'Patient')));
    const observations = byType(all, 'Observation');
    for (let f = 0; f < 3; f++) temp.write(`Observation.${f}.ndjson`, ndjson(observations.filter((_, i) => i % 3 === f)));
    temp.write('Practitioner.ndjson', ndjson([GP]));
    const pooled = await audit([temp.dir], 64 * 1024);
    expect(pooled.code).toBe(0);

    const alone = await Promise.all(POPULATION.map(async (resources, i) => {
      const one = tempDir();
      try {
        return (await audit([one.write(`p${i}.json`, transactionBundle([...resources, GP]))])).findings;
      } finally {
        one.remove();
      }
    }));
    const key = (f: Record<string, any>) => `${f.patient} ${f.ruleId} ${f.evidence.length}`;
    expect(pooled.findings.map(key).sort()).toEqual(alone.flat().map(key).sort());
    expect(pooled.findings.filter((f) => f.patient === 'Patient/pt-07')).toHaveLength(1);
    expect(new Set(pooled.findings.map((f) => f.patient)).size).toBe(11); // pt-00, 03, ... 27, and the large pt-07
  });

  it('writes byte-identical output whatever the names of the files and the order of the patients in them', async () => {
    const all = POPULATION.flat();
    const run = async (resources: Resource[], names: [string, string], bucketBytes?: number) => {
      const dir = tempDir();
      try {
        dir.write(names[0], ndjson(byType(resources, 'Patient')));
        dir.write(names[1], ndjson(byType(resources, 'Observation')));
        return (await audit([dir.dir], bucketBytes)).stdout;
      } finally {
        dir.remove();
      }
    };
    const reference = await run(all, ['Patient.ndjson', 'Observation.ndjson']);
    expect(reference.length).toBeGreaterThan(0);
    expect(await run(all, ['b-Patient.ndjson', 'a-Observation.ndjson'])).toBe(reference);
    // Patients in reverse order in every file: the same findings, patient by patient.
    const reversedPatients = POPULATION.slice().reverse().flat();
    expect(await run(reversedPatients, ['Patient.ndjson', 'Observation.ndjson'])).toBe(reference);
    // More partitions (the count follows the export's size): the same lines, partition by partition.
    const partitioned = await run(all, ['Patient.ndjson', 'Observation.ndjson'], 4 * 1024);
    expect(partitioned.split('\n').sort()).toEqual(reference.split('\n').sort());
    // Patients come out in the order of their ids within each partition: one partition, sorted by id.
    const patients = reference.trim().split('\n').map((l) => JSON.parse(l).patient as string);
    expect(patients).toEqual([...patients].sort());
  });

  it('keeps a patient whose lines hit an unexpected error from stopping the others', async () => {
    const broken = exportedPatient('pt-broken', [131, 130]);
    // A resource the record cannot index: a result whose code is not a CodeableConcept is set aside, not fatal.
    (broken[1] as unknown as { code: unknown }).code = 42;
    temp.write('Patient.ndjson', ndjson([...byType(POPULATION.flat(), 'Patient'), broken[0]]));
    temp.write('Observation.ndjson', `${ndjson([...byType(POPULATION.flat(), 'Observation'), ...broken.slice(1)])}not json at all\n`);
    const { code, findings, stderr } = await audit([temp.dir]);
    expect(code).toBe(0);
    expect(stderr).toContain('1 line is not a FHIR resource and was skipped (line ');
    expect(findings.some((f) => f.patient === 'Patient/pt-00')).toBe(true);
  });

  it('removes its temporary partitions when it is done', async () => {
    const before = new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('clarify-audit-')));
    temp.write('Patient.ndjson', ndjson(byType(POPULATION.flat(), 'Patient')));
    await audit([temp.dir], 1024);
    const left = readdirSync(tmpdir()).filter((n) => n.startsWith('clarify-audit-') && !before.has(n) && !temp.dir.endsWith(n));
    expect(left).toEqual([]);
  });
});

describe('auditing partitions on workers', () => {
  /** Workers that finish in a scrambled order (a later range or partition first), and may fail one partition. */
  let bySlices = 0;
  let rangesOnWorkers = 0;
  const scrambled = (call: number) => new Promise((resolve) => setTimeout(resolve, (7 - (call % 7)) * 3));
  function scrambledRunner(failing?: number) {
    let calls = 0;
    let ranges = 0;
    return (setup: RunnerSetup): BucketRunner => ({
      partition: async (task) => {
        await scrambled(ranges++);
        rangesOnWorkers++;
        return partitionRange(readRegularFileChunks(task.path, task.from), task.source, task.buckets, task.range);
      },
      run: async ({ partition, shared }) => {
        // Handed a partition as slices of files, as the command's workers are: read them as they do.
        const stored = partition instanceof Uint8Array ? partition : await readSlices(partition);
        if (!(partition instanceof Uint8Array)) bySlices++;
        const call = calls++;
        if (call === failing) throw new Error('worker exited');
        await scrambled(call);
        const { loadIcd10Cm } = await import('../../src/terminology/icd10cm/icd10cm-table');
        const { ALL_RULES } = await import('../../src/rules/index');
        const { findingRecord, describeError } = await import('../../src/cli/audit');
        const { PatientRecord } = await import('../../src/record/patient-record');
        return auditBucket(stored, {
          rules: ALL_RULES, now: new Date(setup.now), icd10cm: await loadIcd10Cm(),
          ...(shared.length ? { shared: PatientRecord.fromEntries(shared.map((json) => ({ resource: JSON.parse(json) }))) } : {}),
          line: (patientId, finding) => `${JSON.stringify(findingRecord(patientId, finding))}\n`,
        }, describeError);
      },
      close: async () => {},
    });
  }

  const writeExport = () => {
    temp.write('Patient.ndjson', ndjson(byType(POPULATION.flat(), 'Patient')));
    temp.write('Observation.ndjson', ndjson(byType(POPULATION.flat(), 'Observation')));
  };

  it('writes the partitions\' findings in partition order, whichever worker finishes first', async () => {
    writeExport();
    const inProcess = await auditWith(nodeIo(), ['--now', '2021-03-01', '--workers', '1', temp.dir], { bucketBytes: 2048 });
    // Ranges of 3 kB: the export is partitioned in dozens of pieces, on the workers, finishing out of order.
    const onWorkers = await auditWith(nodeIo({ cores: () => 4, bucketRunner: scrambledRunner() }), ['--now', '2021-03-01', temp.dir], { bucketBytes: 2048, rangeBytes: 3000 });
    expect(onWorkers.code).toBe(0);
    expect(onWorkers.stdout).toBe(inProcess.stdout);
    expect(rangesOnWorkers).toBeGreaterThan(10);
    // The partitions went to the workers as slices of files, not copied line by line by the main thread.
    expect(bySlices).toBeGreaterThan(1);
  });

  it('reports a partition whose worker failed, and audits the others', async () => {
    writeExport();
    const { code, stderr, findings } = await auditWith(nodeIo({ cores: () => 3, bucketRunner: scrambledRunner(1) }), ['--now', '2021-03-01', temp.dir], { bucketBytes: 2048 });
    expect(code).toBe(1);
    expect(stderr).toMatch(/partition 2 of \d+: internal error: worker exited/);
    expect(findings.length).toBeGreaterThan(0);
  });

  it.each([['--workers', '0'], ['--workers', 'many'], ['--workers', '1000'], ['--partition-mb', '0'], ['--partition-mb', '-3']])('refuses %s %s as a usage error', async (option, value) => {
    const { code, stderr } = await auditWith(nodeIo(), [option, value, temp.dir]);
    expect(code).toBe(2);
    expect(stderr).toContain(option);
  });
});

describe('partitions', () => {
  it('put a patient in the same bucket on every run, spread patients over the buckets, and size the count by bytes', () => {
    expect(bucketOf('pt-07', 16)).toBe(bucketOf('pt-07', 16));
    const used = new Set(Array.from({ length: 200 }, (_, i) => bucketOf(`patient-${i}`, 16)));
    expect(used.size).toBe(16);
    expect(bucketCount(0)).toBe(1);
    expect(bucketCount(16 * 1024 * 1024)).toBe(1);
    expect(bucketCount(16 * 1024 * 1024 + 1)).toBe(2);
    expect(bucketCount(1e15)).toBe(4096);
  });

  it.each([['in memory', memoryPartitions], ['in temporary files', temporaryPartitions]] as const)('%s: give back each bucket\'s lines over the ranges, in the order added', async (_name, make) => {
    const store = await make();
    const encoder = new TextEncoder();
    try {
      // More ranges than slices are read at once (node-io.ts): the order still holds.
      for (let range = 0; range < 12; range++) {
        const into = new RangeBuckets(3);
        for (let i = range * 200; i < (range + 1) * 200; i++) {
          // The line's bytes sit inside a larger buffer, reused for the next line, as a chunk of a file is.
          const chunk = encoder.encode(`junk{"n":${i},"pad":"${'x'.repeat(300)}"}junk`);
          into.append(i % 3, `${i % 3}\t`, chunk, 4, chunk.length - 4);
          chunk.fill(0);
        }
        await store.add(into.finish());
      }
      const lines = new TextDecoder().decode(await store.read(1)).split('\n');
      expect(lines.pop()).toBe(''); // every line ends in LF
      expect(lines).toHaveLength(800);
      expect(lines[0]).toBe(`1\t{"n":1,"pad":"${'x'.repeat(300)}"}`);
      expect(lines.map((line) => Number(/"n":(\d+)/.exec(line)![1]))).toEqual(Array.from({ length: 800 }, (_, k) => 1 + 3 * k));
      expect((await store.read(3)).length).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('in temporary files: hands a bucket over as slices of its files, and removes its directory on close', async () => {
    const store = await temporaryPartitions();
    const into = new RangeBuckets(2);
    into.append(1, '', new TextEncoder().encode('{}'), 0, 2);
    await store.add(into.finish());
    expect(new TextDecoder().decode(await store.read(1))).toBe('{}\n');
    const slices = await store.slices!(1);
    expect(slices).toHaveLength(1);
    expect(await store.slices!(0)).toEqual([]);
    expect(slices[0]!.file.startsWith(join(tmpdir(), 'clarify-audit-'))).toBe(true);
    await store.close();
    expect(existsSync(dirname(slices[0]!.file))).toBe(false);
  });
});

describe('progress of a long audit', () => {
  it('says on stderr how many partitions and patients are done, how fast, and about how long is left', async () => {
    temp.write('Patient.ndjson', ndjson(byType(POPULATION.flat(), 'Patient')));
    temp.write('Observation.ndjson', ndjson(byType(POPULATION.flat(), 'Observation')));
    // A clock that moves 700 ms per reading: the run looks long, so progress is reported.
    let now = 0;
    const { stderr } = await auditWith(nodeIo({ clock: () => (now += 700) }), ['--now', '2021-03-01', '--workers', '1', temp.dir], { bucketBytes: 4096 });
    expect(stderr).toMatch(/clarify audit: \d+ of \d+ partitions, \d+ patients \(\d+\/s\), \d+ findings, about \d+ (s|min) left/);
    expect(stderr).not.toMatch(/Patient\/|pt-\d/); // progress names no patient
  });

  it.each([[5, '5 s'], [89, '89 s'], [150, '3 min'], [7500, '2 h 5 min']])('rounds an estimate of %d s to "%s"', async (seconds, text) => {
    const { formatDuration } = await import('../../src/cli/audit');
    expect(formatDuration(seconds)).toBe(text);
  });
});
