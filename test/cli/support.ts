/**
 * Helpers for the `clarify audit` tests: an AuditIo over the real file system (the same calls as the
 * command's own in src/cli/clarify.ts: NDJSON streamed, partitions in temporary files), temp directories,
 * and FHIR inputs in the shapes exports use.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, FhirResource as Resource } from 'fhir/r4';
import { runAudit, type AuditInternals, type AuditIo } from '../../src/cli/audit';
import { fileInfo, readRegularFile, readRegularFileChunks, temporaryPartitions } from '../../src/cli/node-io';
import { LOINC } from '../../src/terminology/loinc';
import { lab, patient } from '../rules/support';

export function nodeIo(overrides: Partial<AuditIo> = {}): AuditIo & { out: string[]; err: string[]; reads: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const reads: string[] = [];
  return {
    out, err, reads,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readFile: (p) => {
      reads.push(p);
      return readRegularFile(p);
    },
    readChunks: (p) => {
      reads.push(p);
      return readRegularFileChunks(p);
    },
    partitions: temporaryPartitions,
    stat: fileInfo,
    readdir: (p) => readdir(p),
    clock: () => 0,
    ...overrides,
  };
}

export interface AuditRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout's lines. */
  lines: string[];
  /** stdout's lines parsed (NDJSON format). */
  findings: Array<Record<string, any>>;
  /** Paths the audit read. */
  reads: string[];
}

export async function auditWith(io: ReturnType<typeof nodeIo>, argv: string[], internals?: AuditInternals): Promise<AuditRun> {
  const code = await runAudit(argv, io, internals);
  const stdout = io.out.join('');
  const lines = stdout.split('\n').filter(Boolean);
  const isJson = !argv.includes('text') && !argv.includes('--format=text');
  return { code, stdout, stderr: io.err.join(''), lines, findings: isJson && code !== 2 && !argv.includes('--help') ? lines.map((l) => JSON.parse(l)) : [], reads: io.reads };
}

export const audit = (...argv: string[]) => auditWith(nodeIo(), argv);

/** A fresh temp directory, removed after the test (call from beforeEach/afterEach). */
export function tempDir(): { dir: string; remove(): void; write(name: string, content: unknown): string } {
  const dir = mkdtempSync(join(tmpdir(), 'clarify-audit-'));
  return {
    dir,
    remove: () => rmSync(dir, { recursive: true, force: true }),
    write: (name, content) => {
      const path = join(dir, name);
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
      return path;
    },
  };
}

/** Two low sodium results in February 2021 for the patient with this id (Synthea transaction shape). */
export function lowSodiumResources(patientId: string): Resource[] {
  const p = patient({ id: patientId });
  const subject = { reference: `urn:uuid:${patientId}` };
  return [
    p,
    { ...lab(LOINC.SODIUM_SERUM, 131, 'mmol/L', '2021-02-01T09:00:00Z', { id: `${patientId}-na1` }), subject },
    { ...lab(LOINC.SODIUM_SERUM, 130, 'mmol/L', '2021-02-02T09:00:00Z', { id: `${patientId}-na2` }), subject },
  ];
}

export function transactionBundle(resources: Resource[]): Bundle {
  return {
    resourceType: 'Bundle', type: 'transaction',
    entry: resources.map((resource) => ({ fullUrl: `urn:uuid:${resource.id}`, resource, request: { method: 'POST' as const, url: resource.resourceType } })),
  };
}

export const ndjson = (resources: unknown[]) => `${resources.map((r) => JSON.stringify(r)).join('\n')}\n`;

/** Whether `mkfifo` exists here; the FIFO tests say they are skipped when it does not. */
export function mkfifoAvailable(what: string): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v mkfifo'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn(`mkfifo is not available: ${what} is skipped`);
    return false;
  }
}

/**
 * Builds the `clarify` command (src/cli/clarify.ts) as `npm run build:cli` does, into a new folder inside the
 * project (so the built command finds its runtime package, piscina, in node_modules); returns its path and
 * how to remove it. For beforeAll, with a generous timeout.
 */
export function buildCli(): { cli: string; remove(): void } {
  const root = join(import.meta.dirname, '../..');
  mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
  const out = mkdtempSync(join(root, 'node_modules/.cache/clarify-cli-build-'));
  // The environment of a plain shell: vitest's own settings must not leak into the build.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_ENV' && k !== 'TEST'));
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--ssr', 'src/cli/clarify.ts', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], { cwd: root, env, stdio: 'pipe' });
  return { cli: join(out, 'clarify.js'), remove: () => rmSync(out, { recursive: true, force: true }) };
}
