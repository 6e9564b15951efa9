/** The `clarify` command (Node): `clarify audit ...`, `clarify check-query ...`. See src/cli/audit.ts, src/cli/check-query.ts and the README. */
import { readdir } from 'node:fs/promises';
import { fileInfo, readRegularFile, readRegularFileLines, temporaryPartitions } from './node-io';
import { clean, describeError, runAudit, USAGE, type AuditIo } from './audit';
import { CHECK_QUERY_USAGE, runCheckQuery } from './check-query';

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
} else {
  process.stderr.write(`${command ? `clarify: unknown command "${clean(command)}"\n` : ''}${USAGE}\n\n${CHECK_QUERY_USAGE}\n`);
  process.exitCode = command === '--help' || command === '-h' ? 0 : 2;
}
