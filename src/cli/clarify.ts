/** The `clarify` command (Node): `clarify audit ...`, `clarify check-query ...`. See src/cli/audit.ts, src/cli/check-query.ts and the README. */
import { constants } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { clean, describeError, runAudit, USAGE, type AuditIo } from './audit';
import { CHECK_QUERY_USAGE, runCheckQuery } from './check-query';

/**
 * A regular file's text. Opened without blocking and checked on the open handle, so a FIFO that took the
 * place of a file since it was listed is refused instead of waited on forever.
 */
async function readRegularFile(path: string): Promise<string> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    if (!(await handle.stat()).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

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
  stat: async (path) => {
    const info = await stat(path, { bigint: true });
    return {
      kind: info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other',
      // Device and inode name a file whatever the links to it; where a file system has no inodes, its real path.
      identity: info.ino !== 0n ? `${info.dev}:${info.ino}` : await realpath(path),
    };
  },
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
