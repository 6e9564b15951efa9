/**
 * `clarify audit`: runs Clarify's rules over FHIR data at rest — Bundle JSON files, single-resource JSON
 * files, FHIR Bulk Data NDJSON exports (one resource type per file), or directories holding them — and
 * writes one finding per line. stdout carries only findings; messages and progress go to stderr.
 * Exit 0, or 1 when an input could not be read or a patient could not be audited (the others still are),
 * or 2 for a usage error.
 *
 * Every file and every patient is reviewed on its own: an unreadable file, a bad NDJSON line or an
 * unexpected error while one patient is audited costs only that file, line or patient. Input is untrusted:
 * what it says reaches the terminal only through `clean` (no control characters), and OperationOutcomes
 * are counted, never printed.
 */
import { ALL_RULES, type Finding, type Rule } from '../rules/index';
import { CONTROLS, ESCAPE_SEQUENCE } from '../record/text';
import { PatientRecord } from '../record/patient-record';
import { groupByPatient, patientIdOf, type PatientPool, type PooledEntry } from '../record/group-by-patient';
import { bucketCount, bucketOf, byteRanges, memoryPartitions, RangeBuckets, RANGE_BYTES, type PartitionStore, type Slice } from './partitions';
import { auditBucket, reviewPatient, storedHead, type PatientOutcome } from './audit-bucket';
import { partitionRange, isResource, issueCount, type RangeOutcome } from './partition-range';
import type { LineRange } from './ndjson-lines';
import { parseFhirDateTime } from '../record/fhir-dates';
import type { Resource } from 'fhir/r4';
import { loadIcd10Cm, type Icd10CmTable } from '../terminology/icd10cm/icd10cm-table';
import { SYSTEM } from '../terminology/systems';

/** What a path names, following symbolic links. */
export interface PathInfo {
  /** `other`: a FIFO, socket or device, which the audit never opens (a FIFO would block it forever). */
  kind: 'file' | 'directory' | 'other';
  /** Bytes, for a file (sizes the partitions of an NDJSON export). */
  size?: number;
  /** The same for every path to the same file or directory (device and inode), to detect symlink loops. */
  identity: string;
}

export interface AuditIo {
  /** Findings. May throw an error with `code: 'EPIPE'` once the reader has gone: the audit then stops quietly. */
  stdout(text: string): void;
  stderr(text: string): void;
  /** A regular file's text (UTF-8). Must refuse, not block on, anything else. */
  readFile(path: string): Promise<string>;
  /**
   * A regular file's bytes in chunks from byte `from` on, streamed (NDJSON is never read whole when given);
   * else readFile's text. A chunk may be reused once the next is asked for.
   */
  readChunks?(path: string, from?: number): AsyncIterable<Uint8Array>;
  /** Where NDJSON lines wait, partitioned by patient (temporary files in Node); else in memory. */
  partitions?(): Promise<PartitionStore>;
  /** CPU cores to use by default (`--workers`); 1 when not given. */
  cores?(): number;
  /**
   * Runs partitions on worker threads (Node: piscina over the built command), started before the export is
   * read so they load while it is; without it, partitions are audited in the main thread.
   */
  bucketRunner?(setup: RunnerSetup): BucketRunner;
  /** What the path names, following symbolic links; rejects (with a Node error code) when it cannot tell. */
  stat(path: string): Promise<PathInfo>;
  /** Entries of a directory (names only). */
  readdir(path: string): Promise<string[]>;
  /** Milliseconds, for progress reporting only. */
  clock(): number;
}

/** What every worker needs, known before the export is read: how many, the clock, the output format. */
export interface RunnerSetup {
  workers: number;
  now: string;
  format: 'ndjson' | 'text';
}

/** A partition to audit: its stored lines, or the slices of files that hold them (the worker reads them), with the shared resources. */
export interface BucketTask {
  partition: Uint8Array | Slice[];
  /** The resources in no patient's compartment, as JSON: the same for every task of a run (a worker reads them once). */
  shared: string[];
}

/** A byte range of an NDJSON file to partition (partition-range.ts): read from `from`, its lines headed with `source`. */
export interface RangeTask {
  path: string;
  from: number;
  range: LineRange;
  source: number;
  buckets: number;
}

export interface BucketRunner {
  partition(task: RangeTask): Promise<RangeOutcome>;
  run(task: BucketTask): Promise<PatientOutcome[]>;
  close(): Promise<void>;
}

/** For tests only (not a command-line option): the rules to run instead of ALL_RULES. */
export interface AuditInternals {
  rules?: readonly Rule[];
  /** NDJSON bytes per partition (partitions.ts BUCKET_BYTES), smaller to exercise many buckets on small inputs. */
  bucketBytes?: number;
  /** NDJSON bytes per range partitioned at once (partitions.ts RANGE_BYTES), smaller to exercise many ranges. */
  rangeBytes?: number;
}

export const USAGE = `Usage: clarify audit [--format ndjson|text] [--now <FHIR date-time>] [--workers <n>] [--partition-mb <mb>] <file-or-directory>...

Audits FHIR R4 data with Clarify's rules and prints one finding per line.
  <file-or-directory>  Bundle JSON files (.json), single-resource JSON files, FHIR Bulk Data NDJSON files
                       (.ndjson, as $export writes them), or directories holding them. Single resources
                       and NDJSON lines are pooled and grouped by patient.
  --format ndjson      one JSON object per finding (default)
  --format text        a table for people
  --now <date-time>    the clock for look-back windows (default: now), a FHIR date or date-time:
                       2021-04-01 or 2021-04-01T00:00:00Z
  --workers <n>        worker threads that partition and review pooled NDJSON (default: one per core); the
                       output is the same whatever the number
  --partition-mb <mb>  pooled NDJSON is partitioned by patient into temporary files of about this size
                       (default 16); memory follows it, not the number of patients
Exit status: 0 when every input was audited, 1 when some input could not be read or audited, 2 on a
usage error.`;

interface Options {
  format: 'ndjson' | 'text';
  now: Date;
  paths: string[];
  workers?: number;
  partitionBytes?: number;
}

const NOW_FORM = 'a FHIR date or date-time (YYYY-MM-DD or YYYY-MM-DDThh:mm:ss with Z or ±hh:mm, e.g. 2021-04-01 or 2021-04-01T00:00:00Z)';

function parseArgs(argv: string[]): Options | { error: string } | 'help' {
  const options: Options = { format: 'ndjson', now: new Date(), paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      options.paths.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice(9) : argv[++i];
      if (value !== 'ndjson' && value !== 'text') return { error: `--format must be ndjson or text, not "${value ?? ''}"` };
      options.format = value;
    } else if (arg === '--now' || arg.startsWith('--now=')) {
      const value = arg.includes('=') ? arg.slice(6) : argv[++i];
      const now = parseFhirDateTime(value);
      if (!now) return { error: `--now must be ${NOW_FORM}, not "${value ?? ''}"` };
      options.now = new Date(now.ms);
    } else if (arg === '--workers' || arg.startsWith('--workers=')) {
      const value = arg.includes('=') ? arg.slice(10) : argv[++i];
      if (!/^[1-9][0-9]{0,2}$/.test(value ?? '') || Number(value) > 256) return { error: `--workers must be a whole number from 1 to 256, not "${value ?? ''}"` };
      options.workers = Number(value);
    } else if (arg === '--partition-mb' || arg.startsWith('--partition-mb=')) {
      const value = arg.includes('=') ? arg.slice(15) : argv[++i];
      const mb = /^\d{1,5}(\.\d{1,6})?$/.test(value ?? '') ? Number(value) : NaN;
      if (!(mb >= 0.001 && mb <= 65536)) return { error: `--partition-mb must be a number of megabytes from 0.001 to 65536, not "${value ?? ''}"` };
      options.partitionBytes = Math.round(mb * 1024 * 1024);
    } else if (arg.startsWith('--')) {
      return { error: `unknown option ${arg}` };
    } else {
      options.paths.push(arg);
    }
  }
  return options.paths.length ? options : { error: 'no input files or directories given' };
}

// Line breaks (C0, NEL, Unicode separators) and tabs become one space.
const BREAKS = /[ \t]*[\t\n\v\f\r\x85\u2028\u2029][\t\n\v\f\r\x85\u2028\u2029 ]*/g;

/** Text from the input made safe for a terminal: one line, no control characters or escape sequences. */
export function clean(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(BREAKS, ' ').replace(CONTROLS, '');
}

/** Output line for a finding: the fields a downstream tool needs, in a stable order. */
export function findingRecord(patientId: string, finding: Finding): Record<string, unknown> {
  return {
    id: finding.id,
    patient: `Patient/${patientId}`,
    ruleId: finding.ruleId,
    category: finding.category,
    ...(finding.category !== 'documentation-gap' ? { kind: finding.kind } : {}),
    severity: finding.severity,
    ...(finding.suspectedCondition ? { suspectedCondition: finding.suspectedCondition } : {}),
    ...(finding.category !== 'documentation-gap' ? { target: finding.target } : {}),
    ...(finding.encounter ? { encounter: finding.encounter } : {}),
    evidence: finding.evidence,
    facts: finding.facts,
    summary: finding.summary,
  };
}

function textRow(patientId: string, finding: Finding): string {
  return [
    clean(`Patient/${patientId}`).padEnd(46), clean(finding.severity).padEnd(8), clean(finding.ruleId).padEnd(44),
    clean(finding.suspectedCondition ?? '').padEnd(8), clean(finding.summary),
  ].join(' ');
}

/** A FHIR Bulk Data export manifest (the status response of `$export`), as export clients save it. */
function isExportManifest(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { transactionTime?: unknown }).transactionTime === 'string' &&
    Array.isArray((value as { output?: unknown }).output);
}

const INPUT_NAME = /\.(nd)?json$/i;
const NDJSON_NAME = /\.ndjson$/i;
/** The log a Bulk Data client (e.g. SMART's bulk-data-client) writes beside the export's files. */
const EXPORT_LOG_NAME = /(^|\/)log\.ndjson$/i;

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function unreadableBecause(error: unknown): string {
  switch (errorCode(error)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
    case 'ENOTREG':
      return 'is not a regular file; not read';
    default:
      return 'could not be read';
  }
}

/**
 * An unexpected error, described without the data it may quote: its type and message, quoted strings
 * (where V8 and most code put values) elided, one line, at most 200 characters.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return 'a non-Error value was thrown';
  const message = error.message.replace(/"(?:[^"\\]|\\.)*"?/g, '"…"').replace(/`[^`]*`?/g, '`…`');
  const text = `${error.name && error.name !== 'Error' ? `${error.name}: ` : ''}${message}`;
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** Stops the audit when stdout cannot be written to (the reader has gone, or the disk is full). */
class OutputClosed extends Error {
  constructor(readonly reason: unknown) {
    super('stdout is closed');
  }
}

export async function runAudit(argv: string[], io: AuditIo, internals: AuditInternals = {}): Promise<number> {
  /** Every message goes through `clean`: paths, ids and option values come from outside. */
  const say = (message: string) => io.stderr(`clarify audit: ${clean(message)}\n`);
  const parsed = parseArgs(argv);
  if (parsed === 'help') {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if ('error' in parsed) {
    io.stderr(`clarify audit: ${clean(parsed.error)}\n${USAGE}\n`);
    return 2;
  }
  const rules = internals.rules ?? ALL_RULES;
  let failures = 0;
  const fail = (path: string, why: string) => {
    failures++;
    say(`${path}: ${why}`);
  };
  const internalError = (where: string, error: unknown) => {
    failures++;
    say(`${where}: internal error: ${describeError(error)}`);
  };
  const write = (text: string) => {
    try {
      io.stdout(text);
    } catch (error) {
      throw new OutputClosed(error);
    }
  };

  // Expand directories (recursively) into their .json and .ndjson files, in a stable order. Each file and
  // directory is visited once, whatever the symbolic links leading to it; FIFOs, sockets and devices are
  // never opened.
  const files: string[] = [];
  let ndjsonBytes = 0;
  const fileSizes = new Map<string, number>();
  const fileSeen = new Map<string, string>();
  const directorySeen = new Map<string, string>();
  const expand = async (path: string, ancestors: ReadonlySet<string>, named: boolean): Promise<void> => {
    let info: PathInfo;
    try {
      info = await io.stat(path);
    } catch (error) {
      // A dangling link or vanished entry matters only when it looked like an input.
      if (named || INPUT_NAME.test(path)) fail(path, unreadableBecause(error));
      return;
    }
    if (info.kind === 'other') {
      if (named) fail(path, 'is not a regular file or directory (a FIFO, socket or device); not read');
      else if (INPUT_NAME.test(path)) say(`${path}: is not a regular file (a FIFO, socket or device); skipped`);
      return;
    }
    if (info.kind === 'file') {
      if (!named && !INPUT_NAME.test(path)) return;
      const first = fileSeen.get(info.identity);
      if (first !== undefined) return say(`${path}: same file as ${first}; read once`);
      fileSeen.set(info.identity, path);
      files.push(path);
      if (NDJSON_NAME.test(path)) ndjsonBytes += info.size ?? 0;
      fileSizes.set(path, info.size ?? 0);
      return;
    }
    if (ancestors.has(info.identity)) return say(`${path}: symbolic link loop (leads back to ${directorySeen.get(info.identity)}); skipped`);
    const first = directorySeen.get(info.identity);
    if (first !== undefined) return say(`${path}: same directory as ${first}; read once`);
    directorySeen.set(info.identity, path);
    let names: string[];
    try {
      names = await io.readdir(path);
    } catch (error) {
      return fail(path, unreadableBecause(error));
    }
    const inside = new Set(ancestors).add(info.identity);
    for (const name of [...names].sort()) await expand(`${path.replace(/\/+$/, '')}/${name}`, inside, false);
  };
  for (const path of parsed.paths) await expand(path, new Set(), true);

  // The code table is loaded where patients are reviewed: in the main thread only when it reviews some.
  let icd10cmTable: Promise<Icd10CmTable> | undefined;
  const icd10cm = () => (icd10cmTable ??= loadIcd10Cm());
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
    if (partitionsDone === undefined) {
      // Reading: the files, and how much of the NDJSON is partitioned.
      const partitioning = ndjsonBytes > 0 ? `, ${Math.round(bytesRead / 1e6)} of ${Math.round(ndjsonBytes / 1e6)} MB of NDJSON partitioned` : '';
      return say(`${done} of ${files.length} files${partitioning}, ${patients} patients, ${findingsCount} findings`);
    }
    // Auditing the pooled patients: how far, how fast, and when it will be done (from the partitions left).
    const seconds = Math.max((now - auditStarted) / 1000, 0.001);
    const left = partitionsDone > 0 ? ((bucketsTotal - partitionsDone) * seconds) / partitionsDone : undefined;
    say(`${partitionsDone} of ${bucketsTotal} partitions, ${patients} patients (${Math.round(patientsPooled / seconds)}/s), ${findingsCount} findings${left !== undefined && partitionsDone < bucketsTotal ? `, about ${formatDuration(left)} left` : ''}`);
  };
  /** Set while the pooled patients are audited: partitions written out so far, of `bucketsTotal`. */
  let partitionsDone: number | undefined;
  let bucketsTotal = 0;
  let patientsPooled = 0;
  let auditStarted = started;
  /** Resources set aside over the run, by type and reason. */
  const setAside = new Map<string, { resourceType: string; problem: string; count: number }>();
  const tally = (record: PatientRecord) => tallyCounts(record.setAside());
  const tallyCounts = (counts: ReturnType<PatientRecord['setAside']>) => {
    for (const { resourceType, problem, count } of counts) {
      const key = `${resourceType}\u0000${problem}`;
      const total = setAside.get(key);
      if (total) total.count += count;
      else setAside.set(key, { resourceType, problem, count });
    }
  };
  // Let stdout's errors (a closed pipe) and signals through between patients.
  const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

  /** Audits a pool of entries, patient by patient; `origin` names the file each entry came from. */
  const auditPool = async (pool: PooledEntry[], origin: (entry: PooledEntry) => string) => {
    const filesOf = (entries: readonly PooledEntry[]) => listFiles(entries.map(origin));
    let grouped: PatientPool;
    try {
      grouped = groupByPatient(pool);
    } catch (error) {
      return internalError(filesOf(pool), error);
    }
    // Resources in no patient's compartment are read once and shared by every patient's record.
    let shared: PatientRecord | undefined;
    if (grouped.shared.length) {
      try {
        shared = PatientRecord.fromEntries(grouped.shared);
        tally(shared);
      } catch (error) {
        internalError(`${filesOf(grouped.shared)}: resources outside any patient compartment`, error);
      }
    }
    const context = reviewContext(shared, await icd10cm());
    for (const group of grouped.groups) {
      reportPatient(reviewPatient(group.patientId, () => group.entries, [], context, describeError), () => filesOf(group.entries));
      await yieldToEvents();
    }
  };

  /** How a patient is reviewed in this run (rules, clock, code table, output format), with these shared resources. */
  const reviewContext = (shared: PatientRecord | undefined, table: Icd10CmTable) => ({
    rules, now: parsed.now, icd10cm: table, ...(shared ? { shared } : {}), line: (patientId: string, finding: Finding) => findingLine(parsed.format, patientId, finding),
  });

  /** Writes a reviewed patient's findings, counts what was set aside, and says what went wrong (that patient only). */
  const reportPatient = (outcome: PatientOutcome, where: () => string) => {
    patients++;
    tallyCounts(outcome.setAside);
    if (outcome.whoIcd10 > 0) {
      const diagnoses = outcome.whoIcd10 === 1 ? '1 diagnosis coded in WHO ICD-10' : `${outcome.whoIcd10} diagnoses coded in WHO ICD-10`;
      say(`Patient/${outcome.patientId}: ${diagnoses} (${SYSTEM.ICD10_WHO}), a different code system from ICD-10-CM, ${outcome.whoIcd10 === 1 ? 'was' : 'were'} not checked`);
    }
    if (outcome.error !== undefined) {
      failures++;
      say(`${where()}: Patient/${outcome.patientId}: internal error: ${outcome.error}`);
      return;
    }
    for (const text of outcome.lines) write(text);
    findingsCount += outcome.lines.length;
  };

  /**
   * A Bundle is audited with its own entries. Single resources and NDJSON lines are pooled across files: each
   * patient's go to the bucket of that patient (partitions.ts), NDJSON partitioned range by range on the
   * workers; resources in no patient's compartment (Practitioner, Organization, Medication ...) to `shared`,
   * kept once in memory.
   */
  const buckets = bucketCount(ndjsonBytes, internals.bucketBytes ?? parsed.partitionBytes);
  const partitions = await (io.partitions?.() ?? Promise.resolve(memoryPartitions()));
  /** The worker threads, one per core by default (at most one per partition), started once, early. */
  let runnerStarted: BucketRunner | undefined;
  const workers = Math.max(1, Math.min(parsed.workers ?? io.cores?.() ?? 1, Math.max(buckets, Math.ceil(ndjsonBytes / (internals.rangeBytes ?? RANGE_BYTES)))));
  const startRunner = () => (runnerStarted ??= io.bucketRunner?.({ workers, now: parsed.now.toISOString(), format: parsed.format }));
  // An export to pool: the workers start (modules, code table) at once, and partition it.
  if (ndjsonBytes > 0) startRunner();
  let partitioned = 0;
  const shared: PooledEntry[] = [];
  /** The same resources as JSON, as they came (what the workers are handed), beside `shared`. */
  const sharedJson: string[] = [];
  const sharedFrom = new Map<PooledEntry, string>();
  const fileIndex = new Map(files.map((path, i) => [path, i]));
  /**
   * Where the lines of each source (a range of an NDJSON file, or a single-resource file) came from: stored
   * lines are headed with their source and line in it, mapped back to the file and its line for messages.
   */
  const sources: Array<{ file: number; firstLine: number }> = [];
  const fileOf = (source: number) => files[sources[source]?.file ?? -1] ?? 'a single-resource file';
  /**
   * What each NDJSON file's lines came to, reported once its patients are audited: a line placed by its bytes
   * (scan-resource-line.ts) is parsed only by the review of its patient, which may find it is not JSON.
   */
  const lineCounts = new Map<number, { path: string; lines: number; placed: number; outcomes: number; issues: number; bad: number[]; unreadable?: unknown }>();
  let bytesRead = 0;

  /**
   * Partitioned sources are kept in input order, whichever worker finishes first, so each bucket's lines are
   * in input order and the output is the same for any number of workers. At most a few wait at once.
   */
  const waiting: Array<{ source: number; bytes: number; result: Promise<RangeOutcome> }> = [];
  const keepNext = async () => {
    const { source, bytes, result } = waiting.shift()!;
    bytesRead += bytes;
    const origin = sources[source]!;
    const counts = lineCounts.get(origin.file);
    let outcome: RangeOutcome;
    try {
      outcome = await result;
    } catch (error) {
      if (error instanceof OutputClosed) throw error;
      // A range that could not be read costs its lines; the file is named once.
      const path = files[origin.file] ?? '';
      if (counts && counts.unreadable === undefined) {
        counts.unreadable = error;
        if (isReadError(error)) fail(path, unreadableBecause(error));
        else internalError(path, error);
      }
      return;
    }
    await partitions.add(outcome.partitioned);
    partitioned += outcome.placed - outcome.shared.length;
    if (counts) {
      origin.firstLine = counts.lines;
      counts.lines += outcome.lines;
      counts.placed += outcome.placed;
      counts.outcomes += outcome.outcomes;
      counts.issues += outcome.issues;
      counts.bad.push(...outcome.bad.map((n) => origin.firstLine + n));
    }
    for (const { json } of outcome.shared) {
      const entry = { resource: JSON.parse(json) as Resource };
      shared.push(entry);
      sharedJson.push(json);
      sharedFrom.set(entry, files[origin.file] ?? '');
    }
    progress();
  };
  const enqueue = async (file: number, bytes: number, result: (source: number) => Promise<RangeOutcome>) => {
    const source = sources.push({ file, firstLine: 0 }) - 1;
    waiting.push({ source, bytes, result: result(source) });
    // Four per worker: ranges are kept in order, and one slow range must not leave the other workers without work.
    while (waiting.length > workers * 4) await keepNext();
  };

  /** An NDJSON file: its byte ranges partitioned on the workers (or here), each line placed by its bytes. */
  const poolNdjson = async (path: string, size: number) => {
    if (EXPORT_LOG_NAME.test(path)) return say(`${path}: a Bulk Data export log; skipped`);
    const file = fileIndex.get(path) ?? -1;
    lineCounts.set(file, { path, lines: 0, placed: 0, outcomes: 0, issues: 0, bad: [] });
    const runner = startRunner();
    // Without streaming reads the file is one range.
    const ranges = io.readChunks ? byteRanges(size, internals.rangeBytes) : [[0, size] as [number, number]];
    for (const [start, end] of ranges) {
      const from = start > 0 ? start - 1 : 0;
      const range = { skipFirst: start > 0, limit: end === size ? Infinity : end - from };
      await enqueue(file, end - start, (source) => {
        if (runner) return runner.partition({ path, from, range, source, buckets });
        return (async () => partitionRange(io.readChunks ? io.readChunks(path, from) : textChunks(await io.readFile(path)), source, buckets, range))();
      });
    }
  };

  /** A resource read from a JSON file goes to its patient's bucket (a source of one line), or to `shared`. */
  const poolResource = async (resource: Resource, path: string) => {
    const patientId = patientIdOf(resource);
    if (patientId === undefined) {
      const entry = { resource };
      shared.push(entry);
      sharedJson.push(JSON.stringify(resource));
      sharedFrom.set(entry, path);
      return;
    }
    await enqueue(fileIndex.get(path) ?? -1, 0, async (source) => {
      const into = new RangeBuckets(buckets);
      const json = encoder.encode(JSON.stringify(resource));
      into.append(bucketOf(patientId, buckets), storedHead(source, 0, patientId), json, 0, json.length);
      return { partitioned: into.finish(), lines: 1, placed: 1, shared: [], outcomes: 0, issues: 0, bad: [] };
    });
  };

  const reportOutcomes = (path: string, outcomes: number, issues: number) => {
    if (outcomes > 0) say(`${path}: the export reported ${issues} issues (${outcomes} OperationOutcome${outcomes === 1 ? '' : 's'}; not audited)`);
  };

  /** Once the pooled patients are audited: what each NDJSON file's lines came to, and the lines that were not FHIR resources. */
  const reportLines = () => {
    for (const [, { path, placed, outcomes, issues, bad, unreadable }] of [...lineCounts].sort(([a], [b]) => a - b)) {
      reportOutcomes(path, outcomes, issues);
      bad.sort((a, b) => a - b);
      const which = `line${bad.length === 1 ? '' : 's'} ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ', ...' : ''}`;
      if (placed === 0 && outcomes === 0 && bad.length > 0 && unreadable === undefined) fail(path, `is not FHIR NDJSON (no line holds a FHIR resource: ${which})`);
      else if (bad.length === 1) say(`${path}: 1 line is not a FHIR resource and was skipped (${which})`);
      else if (bad.length > 1) say(`${path}: ${bad.length} lines are not FHIR resources and were skipped (${which})`);
    }
  };

  /** A JSON file: a Bundle (audited with its own entries), a single resource (pooled), or a manifest. */
  const auditJsonFile = async (path: string, text: string) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return fail(path, 'is not JSON');
    }
    if (!isResource(value)) {
      if (isExportManifest(value)) return say(`${path}: a Bulk Data export manifest; skipped`);
      return fail(path, 'is not a FHIR resource or Bundle (no resourceType)');
    }
    if (value.resourceType === 'OperationOutcome') return reportOutcomes(path, 1, issueCount(value));
    if (value.resourceType !== 'Bundle') return poolResource(value, path);
    const entry = (value as { entry?: unknown }).entry;
    if (entry !== undefined && !Array.isArray(entry)) return fail(path, 'is not a valid Bundle (entry is not an array)');
    const entries: PooledEntry[] = [];
    let outcomes = 0;
    let issues = 0;
    for (const e of (entry ?? []) as unknown[]) {
      const resource = (e as { resource?: unknown } | null)?.resource;
      if (!isResource(resource)) continue;
      if (resource.resourceType === 'OperationOutcome') {
        outcomes++;
        issues += issueCount(resource);
        continue;
      }
      const fullUrl = (e as { fullUrl?: unknown }).fullUrl;
      entries.push(typeof fullUrl === 'string' ? { resource, fullUrl } : { resource });
    }
    reportOutcomes(path, outcomes, issues);
    await auditPool(entries, () => path);
  };

  /**
   * The pooled resources, bucket by bucket: each bucket's lines grouped by patient, the patients in the order
   * of their ids (the same output whatever the input order of files), each audited with the shared resources.
   */
  const auditPartitions = async () => {
    let sharedRecord: PatientRecord | undefined;
    const sharedFiles = () => listFiles(shared.map((e) => sharedFrom.get(e) ?? ''));
    if (shared.length) {
      try {
        sharedRecord = PatientRecord.fromEntries(shared);
        tally(sharedRecord);
      } catch (error) {
        internalError(`${sharedFiles()}: resources outside any patient compartment`, error);
      }
    }
    const pooled = startRunner();
    const context = pooled ? undefined : reviewContext(sharedRecord, await icd10cm());
    const runner: Pick<BucketRunner, 'run'> = pooled ?? { run: async ({ partition }) => auditBucket(partition as Uint8Array, context!, describeError) };
    partitionsDone = 0;
    bucketsTotal = buckets;
    auditStarted = io.clock();
    const report = async (outcomes: PatientOutcome[]) => {
      partitionsDone!++;
      for (const outcome of outcomes) {
        for (const [source, line] of outcome.unreadable ?? []) {
          const counts = lineCounts.get(sources[source]?.file ?? -1);
          if (counts) {
            counts.placed--;
            counts.bad.push((sources[source]?.firstLine ?? 0) + line);
          }
        }
        if (outcome.reviewed === false) continue;
        patientsPooled++;
        reportPatient(outcome, () => listFiles(outcome.files.map(fileOf)));
      }
      progress();
      await yieldToEvents();
    };
    // Partitions go out to the workers a few at a time and their results are written in partition order.
    const inFlight: Array<Promise<PatientOutcome[]>> = [];
    for (let bucket = 0; bucket < buckets; bucket++) {
      // On workers, a partition in files is handed over by name: the worker reads it, the main thread does not.
      const partition = pooled && partitions.slices ? await partitions.slices(bucket) : await partitions.read(bucket);
      inFlight.push(runner.run({ partition, shared: sharedJson }).catch((error): PatientOutcome[] => {
        // A worker that died costs its partition's patients, named by partition: the run goes on.
        failures++;
        say(`partition ${bucket + 1} of ${buckets}: internal error: ${describeError(error)}`);
        return [];
      }));
      if (inFlight.length >= workers * 2) await report(await inFlight.shift()!);
    }
    while (inFlight.length) await report(await inFlight.shift()!);
  };

  try {
    if (parsed.format === 'text') write(`${'PATIENT'.padEnd(46)} ${'SEVERITY'.padEnd(8)} ${'RULE'.padEnd(44)} ${'CODE'.padEnd(8)} SUMMARY\n`);
    for (const path of files) {
      if (NDJSON_NAME.test(path)) {
        await poolNdjson(path, fileSizes.get(path) ?? 0);
      } else {
        let text: string | undefined;
        try {
          text = await io.readFile(path);
        } catch (error) {
          fail(path, unreadableBecause(error));
        }
        if (text !== undefined) {
          try {
            // A byte order mark is allowed before JSON (RFC 8259 §8.1 lets parsers ignore it).
            await auditJsonFile(path, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
          } catch (error) {
            if (error instanceof OutputClosed) throw error;
            internalError(path, error);
          }
        }
      }
      done++;
      progress();
    }
    while (waiting.length) await keepNext();
    if (partitioned > 0 || shared.length > 0) {
      try {
        await auditPartitions();
      } catch (error) {
        if (error instanceof OutputClosed) throw error;
        internalError('NDJSON and single-resource files', error);
      }
    }
    reportLines();
  } catch (error) {
    if (!(error instanceof OutputClosed)) throw error;
    // The reader has gone (`clarify audit ... | head`): stop quietly with the status so far.
    if (errorCode(error.reason) === 'EPIPE') return failures > 0 ? 1 : 0;
    say(`cannot write the findings to stdout: ${errorCode(error.reason) ?? describeError(error.reason)}`);
    return 1;
  } finally {
    await runnerStarted?.close();
    await partitions.close();
  }
  progress(true);
  if (setAside.size > 0) {
    const totals = [...setAside.values()].sort((a, b) => b.count - a.count || a.resourceType.localeCompare(b.resourceType) || a.problem.localeCompare(b.problem));
    const shown = totals.slice(0, 20).map(({ resourceType, problem, count }) => `${count} ${resourceType} (${problem})`);
    say(`set aside ${shown.join(', ')}${totals.length > 20 ? `, and ${totals.length - 20} more kinds` : ''}`);
  }
  return failures > 0 ? 1 : 0;
}

const encoder = new TextEncoder();

/** A file's text as one chunk of bytes (when the I/O cannot stream them). */
async function* textChunks(text: string): AsyncIterable<Uint8Array> {
  yield encoder.encode(text);
}

/** An error of the file system (it has a Node error code), not of the audit itself. */
function isReadError(error: unknown): boolean {
  return typeof errorCode(error) === 'string';
}

/** `42 s`, `3 min`, `2 h 5 min`: an estimate, rounded. */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 90 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A finding as one output line, with its newline: an NDJSON object, or a row of the text table. */
export function findingLine(format: 'ndjson' | 'text', patientId: string, finding: Finding): string {
  return format === 'ndjson' ? `${JSON.stringify(findingRecord(patientId, finding))}\n` : `${textRow(patientId, finding)}\n`;
}

/** Files named in a message: up to three, then how many more. */
function listFiles(names: readonly string[]): string {
  const unique = [...new Set(names)];
  return unique.length <= 3 ? unique.join(', ') : `${unique.slice(0, 3).join(', ')} and ${unique.length - 3} more files`;
}
