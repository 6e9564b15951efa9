/**
 * The built `clarify` command (src/cli/clarify.ts, the Node side of AuditIo), run as a process: a closed
 * pipe, FIFOs and symlink loops on the real file system, exit codes.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { patient, lab } from '../rules/support';
import { LOINC } from '../../src/terminology/loinc';
import { buildCli, lowSodiumResources, ndjson, tempDir, transactionBundle, mkfifoAvailable } from './support';

let cli: string;
let built: ReturnType<typeof buildCli>;
beforeAll(() => void (cli = (built = buildCli()).cli), 120_000);
afterAll(() => built.remove());

let temp: ReturnType<typeof tempDir>;
beforeEach(() => void (temp = tempDir()));
afterEach(() => temp.remove());

interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Runs the command; `closeAfterFirstChunk` closes our end of its stdout as `| head -1` would. */
function run(args: string[], { closeAfterFirstChunk = false, timeoutMs = 30_000 } = {}): Promise<Run> {
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      failed(new Error(`clarify did not finish within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (closeAfterFirstChunk) child.stdout.destroy();
    });
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on('error', failed);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr });
    });
  });
}

const hasMkfifo = mkfifoAvailable('the FIFO test of the clarify command');

/** stderr less the progress lines, which a run reports only when it is slow (a busy machine): they say nothing wrong. */
const withoutProgress = (stderr: string) => stderr.split('\n').filter((line) => !/^clarify audit: \d+ of \d+ (partitions|files),/.test(line)).join('\n');

describe('the clarify command', () => {
  it('audits a file: findings on stdout, exit 0', async () => {
    const result = await run(['audit', '--now', '2021-03-01', temp.write('p1.json', transactionBundle(lowSodiumResources('p1')))]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l).patient)).toEqual(['Patient/p1']);
  });

  it('ends quietly when the reader closes the pipe (clarify audit ... | head -1)', async () => {
    // 2,000 patients' findings (~700 kB) overflow any pipe buffer: writes after the close fail with EPIPE.
    const people = Array.from({ length: 2000 }, (_, i) => `p${i}`);
    temp.write('Patient.ndjson', ndjson(people.map((id) => patient({ id }))));
    temp.write('Observation.ndjson', ndjson(people.flatMap((id) => [1, 2].map((day) => ({
      ...lab(LOINC.SODIUM_SERUM, 130, 'mmol/L', `2021-02-0${day}T09:00:00Z`, { id: `${id}-na${day}` }), subject: { reference: `Patient/${id}` } })))));
    const result = await run(['audit', '--now', '2021-03-01', temp.dir], { closeAfterFirstChunk: true });
    expect(withoutProgress(result.stderr)).toBe('');
    expect(result).toMatchObject({ code: 0, signal: null });
    expect(result.stdout.length).toBeGreaterThan(0);
  }, 60_000);

  it('stopped by SIGTERM (a batch system\'s stop), removes its temporary partitions and exits 143', async () => {
    const people = Array.from({ length: 2000 }, (_, i) => `s${i}`);
    temp.write('Patient.ndjson', ndjson(people.map((id) => patient({ id }))));
    temp.write('Observation.ndjson', ndjson(people.flatMap((id) => [1, 2].map((day) => ({
      ...lab(LOINC.SODIUM_SERUM, 130, 'mmol/L', `2021-02-0${day}T09:00:00Z`, { id: `${id}-na${day}` }), subject: { reference: `Patient/${id}` } })))));
    const tmp = join(temp.dir, 'tmp');
    mkdirSync(tmp);
    const child = spawn(process.execPath, [cli, 'audit', '--now', '2021-03-01', join(temp.dir, 'Patient.ndjson'), join(temp.dir, 'Observation.ndjson')], {
      stdio: 'ignore', env: { ...process.env, TMPDIR: tmp },
    });
    const closed = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    // Signalled once its partitions exist: the moment it has something to clean up.
    let exited = false;
    void closed.then(() => (exited = true));
    while (!exited && readdirSync(tmp).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(exited).toBe(false);
    child.kill('SIGTERM');
    expect(await closed).toBe(143);
    expect(readdirSync(tmp)).toEqual([]);
  }, 60_000);

  it('writes byte-identical findings with 1 and with 4 worker threads, over many partitions', async () => {
    const people = Array.from({ length: 240 }, (_, i) => `w${String(i).padStart(3, '0')}`);
    temp.write('Patient.ndjson', ndjson(people.map((id) => patient({ id }))));
    temp.write('Observation.ndjson', ndjson(people.flatMap((id, i) => [1, 2].map((day) => ({
      ...lab(LOINC.SODIUM_SERUM, i % 2 ? 140 : 130, 'mmol/L', `2021-02-0${day}T09:00:00Z`, { id: `${id}-na${day}` }), subject: { reference: `Patient/${id}` } })))));
    // About 0.02 MB per partition: the export splits into a few dozen partitions, shared out to the workers.
    const one = await run(['audit', '--now', '2021-03-01', '--workers', '1', '--partition-mb', '0.02', temp.dir], { timeoutMs: 60_000 });
    const four = await run(['audit', '--now', '2021-03-01', '--workers', '4', '--partition-mb', '0.02', temp.dir], { timeoutMs: 60_000 });
    expect(one.code).toBe(0);
    expect(four.code).toBe(0);
    expect(withoutProgress(one.stderr)).toBe('');
    expect(withoutProgress(four.stderr)).toBe('');
    expect(one.stdout.split('\n').filter(Boolean)).toHaveLength(120);
    expect(four.stdout).toBe(one.stdout);
  }, 120_000);

  it.skipIf(!hasMkfifo)('skips a FIFO in a directory instead of waiting on it forever', async () => {
    temp.write('a.json', transactionBundle(lowSodiumResources('pa')));
    execFileSync('mkfifo', [join(temp.dir, 'Observation.ndjson')]);
    const result = await run(['audit', '--now', '2021-03-01', temp.dir], { timeoutMs: 20_000 });
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l).patient)).toEqual(['Patient/pa']);
    expect(result.stderr).toBe(`clarify audit: ${join(temp.dir, 'Observation.ndjson')}: is not a regular file (a FIFO, socket or device); skipped\n`);
  });

  it('follows symbolic links without looping', async () => {
    temp.write('a.json', transactionBundle(lowSodiumResources('pa')));
    mkdirSync(join(temp.dir, 'sub'));
    symlinkSync('..', join(temp.dir, 'sub', 'up'));
    symlinkSync(join(temp.dir, 'a.json'), join(temp.dir, 'sub', 'a-again.json'));
    const result = await run(['audit', '--now', '2021-03-01', temp.dir], { timeoutMs: 20_000 });
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.stderr).toContain('symbolic link loop');
  });

  it('exits 2 on a usage error and 1 on an unreadable input, without a stack trace', async () => {
    const usage = await run(['audit', '--now', '03/02/2021', 'x.json']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--now must be a FHIR date or date-time');
    const missing = await run(['audit', join(temp.dir, 'missing.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`clarify audit: ${join(temp.dir, 'missing.json')}: no such file or directory\n`);
  });
});
