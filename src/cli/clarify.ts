/**
 * The `clarify` command (Node): `clarify audit ...`, `clarify check-query ...`, `clarify split ...`. See
 * src/cli/audit.ts, src/cli/check-query.ts, src/cli/split.ts and the README. The same file is the worker of `clarify audit --workers N`: on a
 * worker thread it runs no command and exports the partition task (piscina loads it by file name).
 */
import { readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { isMainThread, workerData } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { fileInfo, readRegularFile, readRegularFileChunks, readSlices, removeTemporaryDirectories, temporaryPartitions } from './node-io';
import { partitionRange, type RangeOutcome } from './partition-range';
import { clean, describeError, findingLine, runAudit, USAGE, type AuditIo, type BucketTask, type RangeTask, type RunnerSetup } from './audit';
import type { Resource } from 'fhir/r4';
import { auditBucket, type PatientOutcome } from './audit-bucket';
import { CHECK_QUERY_USAGE, runCheckQuery } from './check-query';
import { runSplit, SPLIT_USAGE } from './split';
import { ALL_RULES } from '../rules/index';
import { PatientRecord } from '../record/patient-record';
import { loadIcd10Cm } from '../terminology/icd10cm/icd10cm-table';

/**
 * Worker side: the code table, loaded as soon as the worker starts (while the main thread reads the export),
 * and the shared resources, read from the first task (every task of a run carries the same).
 */
const workerTable = isMainThread ? undefined : loadIcd10Cm();
let sharedRecord: PatientRecord | undefined | 'none';

/**
 * The task a worker runs: a byte range of an NDJSON file → its lines partitioned by patient; or one partition
 * (its stored lines, or the slices of files holding them) → each patient's outcome.
 */
export default async function workerTask(task: RangeTask | BucketTask): Promise<RangeOutcome | PatientOutcome[]> {
  if ('path' in task) {
    const outcome = await partitionRange(readRegularFileChunks(task.path, task.from), task.source, task.buckets, task.range);
    // The range's lines are moved to the main thread, not copied.
    const movable = { get [Piscina.transferableSymbol]() { return outcome.partitioned.bytes.buffer; }, get [Piscina.valueSymbol]() { return outcome; } };
    return Piscina.move(movable as unknown as Parameters<typeof Piscina.move>[0]) as unknown as RangeOutcome;
  }
  const { partition, shared } = task;
  const setup = workerData as RunnerSetup;
  const icd10cm = await (workerTable ?? loadIcd10Cm());
  sharedRecord ??= shared.length ? PatientRecord.fromEntries(shared.map((json) => ({ resource: JSON.parse(json) as Resource }))) : 'none';
  const stored = partition instanceof Uint8Array ? partition : await readSlices(partition);
  return auditBucket(stored, {
    rules: ALL_RULES, now: new Date(setup.now), icd10cm, ...(sharedRecord !== 'none' ? { shared: sharedRecord } : {}),
    line: (patientId, finding) => findingLine(setup.format, patientId, finding),
  }, describeError);
}

/**
 * Young-generation room for one patient's review: a patient's parsed JSON and record outlive V8's default
 * 16 MB semi-space and were promoted, then collected by full GCs (a third of a 1,000-patient audit's time).
 * With 64 MB they die young. Measured in the population benchmark (README); workers get the same through
 * resourceLimits.
 */
const YOUNG_GENERATION_MB = 64;
if (isMainThread) setFlagsFromString(`--max-semi-space-size=${YOUNG_GENERATION_MB}`);

if (isMainThread) await main();

async function main() {
  // A closed pipe (`clarify audit ... | head -1`) is reported as an 'error' event on stdout: without a
  // listener Node would die with a stack trace. The audit stops at its next write and exits quietly.
  let stdoutError: Error | undefined;
  process.stdout.on('error', (error) => void (stdoutError ??= error));
  // A closed stderr loses the messages; the findings still go out.
  process.stderr.on('error', () => undefined);
  // Stopped (Ctrl-C, a batch system's SIGTERM): the temporary partitions go too, and the exit says why.
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      removeTemporaryDirectories();
      process.exit(code);
    });
  }

  const io: AuditIo = {
    stdout: (text) => {
      if (stdoutError) throw stdoutError;
      process.stdout.write(text);
    },
    stderr: (text) => void process.stderr.write(text),
    readFile: readRegularFile,
    readChunks: readRegularFileChunks,
    partitions: temporaryPartitions,
    stat: fileInfo,
    readdir: (path) => readdir(path),
    clock: () => performance.now(),
    cores: () => availableParallelism(),
    bucketRunner: (setup) => {
      const pool = new Piscina({
        filename: fileURLToPath(import.meta.url), workerData: setup, minThreads: setup.workers, maxThreads: setup.workers,
        // V8's young generation is three semi-spaces' worth.
        resourceLimits: { maxYoungGenerationSizeMb: 3 * YOUNG_GENERATION_MB },
      });
      return {
        partition: (task) => pool.run(task) as Promise<RangeOutcome>,
        run: (task) => pool.run(task) as Promise<PatientOutcome[]>,
        close: () => pool.destroy(),
      };
    },
  };

  const [command, ...args] = process.argv.slice(2);
  if (command === 'audit') {
    try {
      process.exitCode = await runAudit(args, io);
    } catch (error) {
      process.stderr.write(`clarify audit: internal error: ${describeError(error)}\n`);
      process.exitCode = 1;
    }
  } else if (command === 'check-query') {
    try {
      process.exitCode = await runCheckQuery(args, { stdout: io.stdout, stderr: io.stderr, readFile: readRegularFile });
    } catch (error) {
      process.stderr.write(`clarify check-query: internal error: ${describeError(error)}\n`);
      process.exitCode = 2;
    }
  } else if (command === 'split') {
    try {
      process.exitCode = await runSplit(args, { stderr: io.stderr });
    } catch (error) {
      process.stderr.write(`clarify split: internal error: ${describeError(error)}\n`);
      process.exitCode = 1;
    }
  } else {
    process.stderr.write(`${command ? `clarify: unknown command "${clean(command)}"\n` : ''}${USAGE}\n\n${CHECK_QUERY_USAGE}\n\n${SPLIT_USAGE}\n`);
    process.exitCode = command === '--help' || command === '-h' ? 0 : 2;
  }
}
