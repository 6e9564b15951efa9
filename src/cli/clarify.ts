/** The `clarify` command (Node): `clarify audit ...`. See src/cli/audit.ts and the README. */
import { readFile, readdir, stat } from 'node:fs/promises';
import { runAudit, USAGE } from './audit';

const [command, ...args] = process.argv.slice(2);
if (command === 'audit') {
  process.exitCode = await runAudit(args, {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readFile: (path) => readFile(path, 'utf8'),
    isDirectory: async (path) => (await stat(path)).isDirectory(),
    readdir: (path) => readdir(path),
    clock: () => performance.now(),
  });
} else {
  process.stderr.write(`${command ? `clarify: unknown command "${command}"\n` : ''}${USAGE}\n`);
  process.exitCode = command === '--help' || command === '-h' ? 0 : 2;
}
