/**
 * `clarify audit`: runs Clarify's rules over FHIR data at rest — Bundle JSON files, directories of them,
 * or FHIR Bulk Data NDJSON exports (one resource type per file) — and writes one finding per line.
 * stdout carries only findings; messages and progress go to stderr. Exit 0, or 1 when an input could not
 * be read (the others are still audited), or 2 for a usage error.
 */
import { ALL_RULES } from '../rules/index';
import { runRules } from '../rules/engine';
import type { Finding } from '../rules/types';
import { PatientRecord } from '../record/patient-record';
import { groupByPatient, type PooledEntry } from '../record/group-by-patient';
import type { Bundle, Resource } from 'fhir/r4';
import { loadIcd10Cm } from '../terminology/icd10cm/icd10cm-table';
import { SYSTEM } from '../terminology/systems';

export interface AuditIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Promise<string>;
  isDirectory(path: string): Promise<boolean>;
  /** Entries of a directory (names only). */
  readdir(path: string): Promise<string[]>;
  /** Milliseconds, for progress reporting only. */
  clock(): number;
}

export const USAGE = `Usage: clarify audit [--format ndjson|text] [--now <ISO date-time>] <file-or-directory>...

Audits FHIR R4 data with Clarify's rules and prints one finding per line.
  <file-or-directory>  Bundle JSON files (.json), FHIR Bulk Data NDJSON files (.ndjson, one resource
                       type per file, as $export writes them), or directories holding them.
  --format ndjson      one JSON object per finding (default)
  --format text        a table for people
  --now <date-time>    the clock for look-back windows (default: now); e.g. 2021-04-01 for old data
Exit status: 0 when every input was read, 1 when some input could not be read, 2 on a usage error.`;

interface Options {
  format: 'ndjson' | 'text';
  now: Date;
  paths: string[];
}

function parseArgs(argv: string[]): Options | { error: string } | 'help' {
  const options: Options = { format: 'ndjson', now: new Date(), paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice(9) : argv[++i];
      if (value !== 'ndjson' && value !== 'text') return { error: `--format must be ndjson or text, not "${value ?? ''}"` };
      options.format = value;
    } else if (arg === '--now' || arg.startsWith('--now=')) {
      const value = arg.includes('=') ? arg.slice(6) : argv[++i];
      const now = new Date(value ?? '');
      if (!value || Number.isNaN(now.getTime())) return { error: `--now needs a date or date-time, not "${value ?? ''}"` };
      options.now = now;
    } else if (arg.startsWith('--')) {
      return { error: `unknown option ${arg}` };
    } else {
      options.paths.push(arg);
    }
  }
  return options.paths.length ? options : { error: 'no input files or directories given' };
}

/** Output line for a finding: the fields a downstream tool needs, in a stable order. */
export function findingRecord(patientId: string, finding: Finding): Record<string, unknown> {
  return {
    patient: `Patient/${patientId}`,
    ruleId: finding.ruleId,
    category: finding.category,
    ...(finding.kind ? { kind: finding.kind } : {}),
    severity: finding.severity,
    ...(finding.suspectedCondition ? { suspectedCondition: finding.suspectedCondition } : {}),
    ...(finding.target ? { target: finding.target } : {}),
    ...(finding.encounter ? { encounter: finding.encounter } : {}),
    evidence: finding.evidence,
    summary: finding.summary,
  };
}

function textRow(patientId: string, finding: Finding): string {
  return [`Patient/${patientId}`.padEnd(46), finding.severity.padEnd(7), finding.ruleId.padEnd(44), (finding.suspectedCondition ?? '').padEnd(8), finding.summary].join(' ');
}

function isResource(value: unknown): value is Resource {
  return typeof value === 'object' && value !== null && typeof (value as Resource).resourceType === 'string';
}

export async function runAudit(argv: string[], io: AuditIo): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed === 'help') {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if ('error' in parsed) {
    io.stderr(`clarify audit: ${parsed.error}\n${USAGE}\n`);
    return 2;
  }
  let unreadable = 0;
  const fail = (path: string, why: string) => {
    unreadable++;
    io.stderr(`clarify audit: ${path}: ${why}\n`);
  };

  // Expand directories (recursively) into their .json and .ndjson files, in a stable order.
  const files: string[] = [];
  const expand = async (path: string): Promise<void> => {
    let directory: boolean;
    try {
      directory = await io.isDirectory(path);
    } catch {
      return fail(path, 'no such file or directory');
    }
    if (!directory) return void files.push(path);
    for (const name of (await io.readdir(path)).sort()) {
      const child = `${path.replace(/\/+$/, '')}/${name}`;
      if (/\.(nd)?json$/i.test(name) || (await io.isDirectory(child).catch(() => false))) await expand(child);
    }
  };
  for (const path of parsed.paths) await expand(path);

  const icd10cm = await loadIcd10Cm();
  const started = io.clock();
  let lastProgress = started;
  let patients = 0;
  let findingsCount = 0;
  let done = 0;
  const progress = (final = false) => {
    const now = io.clock();
    if (!final && (now - started < 2000 || now - lastProgress < 1000)) return;
    if (final && lastProgress === started) return; // quick runs stay quiet
    lastProgress = now;
    io.stderr(`clarify audit: ${done} of ${files.length} files, ${patients} patients, ${findingsCount} findings\n`);
  };
  if (parsed.format === 'text') io.stdout(`${'PATIENT'.padEnd(46)} ${'SEVERITY'.padEnd(7)} ${'RULE'.padEnd(44)} ${'CODE'.padEnd(8)} SUMMARY\n`);

  const audit = (pool: PooledEntry[]) => {
    for (const group of groupByPatient(pool)) {
      patients++;
      const record = PatientRecord.fromEntries(group.entries);
      const who = record.diagnosesCodedIn(SYSTEM.ICD10_WHO);
      if (who > 0) io.stderr(`clarify audit: Patient/${group.patientId}: ${who} diagnoses coded in WHO ICD-10 (${SYSTEM.ICD10_WHO}), a different code system from ICD-10-CM, were not checked\n`);
      for (const finding of runRules(record, ALL_RULES, { now: parsed.now, icd10cm })) {
        findingsCount++;
        io.stdout(parsed.format === 'ndjson' ? `${JSON.stringify(findingRecord(group.patientId, finding))}\n` : `${textRow(group.patientId, finding)}\n`);
      }
    }
  };

  const ndjsonPool: PooledEntry[] = [];
  for (const path of files) {
    let text: string;
    try {
      text = await io.readFile(path);
    } catch {
      fail(path, 'could not be read');
      done++;
      continue;
    }
    if (/\.ndjson$/i.test(path)) {
      let bad = 0;
      let good = 0;
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        try {
          const value: unknown = JSON.parse(line);
          if (isResource(value)) {
            ndjsonPool.push({ resource: value });
            good++;
          } else bad++;
        } catch {
          bad++;
        }
      }
      if (good === 0) fail(path, 'is not FHIR NDJSON (no line holds a FHIR resource)');
      else if (bad > 0) io.stderr(`clarify audit: ${path}: ${bad} lines are not FHIR resources and were skipped\n`);
    } else {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        fail(path, 'is not JSON');
        done++;
        continue;
      }
      if (!isResource(value)) {
        fail(path, 'is not a FHIR resource or Bundle (no resourceType)');
      } else if (value.resourceType === 'Bundle') {
        audit(((value as Bundle).entry ?? []).flatMap((e) => (isResource(e?.resource) ? [{ resource: e.resource, fullUrl: e.fullUrl }] : [])));
      } else {
        audit([{ resource: value }]);
      }
    }
    done++;
    progress();
  }
  if (ndjsonPool.length) audit(ndjsonPool);
  progress(true);
  return unreadable > 0 ? 1 : 0;
}
