/**
 * The `clarify` command (Node): `clarify audit ...`, `clarify check-query ...`, `clarify split ...`. See
 * src/cli/audit.ts, src/cli/check-query.ts, src/cli/split.ts and the README. The same file is the worker of `clarify audit --workers N`: on a
 * worker thread it runs no command and exports the partition task (piscina loads it by file name).
 */
import { readdir, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, workerData } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { fileInfo, readRegularFile, readRegularFileLines, temporaryPartitions } from './node-io';
import { clean, describeError, findingLine, runAudit, USAGE, type AuditIo, type RunnerSetup } from './audit';
import { auditBucket, type PatientOutcome } from './audit-bucket';
import { CHECK_QUERY_USAGE, runCheckQuery } from './check-query';
import { runSplit, SPLIT_USAGE } from './split';
import { ALL_RULES } from '../rules/index';
import { PatientRecord } from '../record/patient-record';
import { loadIcd10Cm, type Icd10CmTable } from '../terminology/icd10cm/icd10cm-table';

/** Worker side: the shared resources, the clock and the code table, made once per worker. */
let context: Promise<{ shared?: PatientRecord; icd10cm: Icd10CmTable; setup: RunnerSetup }> | undefined;
function workerContext() {
  return (context ??= (async () => {
    const setup = workerData as RunnerSetup;
    const shared = setup.shared.length ? PatientRecord.fromEntries(setup.shared.map((json) => ({ resource: JSON.parse(json) }))) : undefined;
    return { ...(shared ? { shared } : {}), icd10cm: await loadIcd10Cm(), setup };
  })());
}

/** The task a worker runs: one partition (its stored lines, or the file holding them) → each patient's outcome. */
export default async function auditPartition(partition: string[] | { file: string }): Promise<PatientOutcome[]> {
  const { shared, icd10cm, setup } = await workerContext();
  const stored = Array.isArray(partition) ? partition : (await readFile(partition.file, 'utf8')).split('\n').filter(Boolean);
  return auditBucket(stored, {
    rules: ALL_RULES, now: new Date(setup.now), icd10cm, ...(shared ? { shared } : {}),
    line: (patientId, finding) => findingLine(setup.format, patientId, finding),
  }, describeError);
}

if (isMainThread) await main();

async function main() {
  // A closed pipe (`clarify audit ... | head -1`) is reported as an 'error' event on stdout: without a
  // listener Node would die with a stack trace. The audit stops at its next write and exits quietly.
  let stdoutError: Error | undefined;
  process.stdout.on('error', (error) => void (stdoutError ??= error));
  // A closed stderr loses the messages; the findings still go out.
  process.stderr.on('error', () => undefined);

  const io: AuditIo = {
    stdout: (text) => {
      if (stdoutError) throw stdoutError;
      process.stdout.write(text);
    },
    stderr: (text) => void process.stderr.write(text),
    readFile: readRegularFile,
    readLines: readRegularFileLines,
    partitions: temporaryPartitions,
    stat: fileInfo,
    readdir: (path) => readdir(path),
    clock: () => performance.now(),
    cores: () => availableParallelism(),
    bucketRunner: (setup) => {
      const pool = new Piscina({ filename: fileURLToPath(import.meta.url), workerData: setup, minThreads: setup.workers, maxThreads: setup.workers });
      return { run: (partition) => pool.run(partition) as Promise<PatientOutcome[]>, close: () => pool.destroy() };
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
