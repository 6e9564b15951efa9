/**
 * `npm run bench:population` (issue 14, item 5): `clarify audit` over Synthea populations of 1,000 and
 * 10,000 patients written as a FHIR Bulk Data export, against the floor of merely parsing that export.
 * A benchmark, never run in CI; nothing is asserted. `npm run bench:population -- 200 2000` picks other sizes;
 * `npm run bench:population -- --write 1000 <new directory>` only writes (and keeps) an export, to try by hand.
 *
 * 1. The population: the patient Bundles of ../shared/data/synthea (skipped, with a message, when the folder
 *    is absent), cloned until there are n patients. Each clone gets fresh ids (every UUID of the patient's
 *    own resources, ids, references and identifiers alike, takes the clone's number as its first group), its
 *    `urn:uuid:` references become `Type/id` as an export writes them, and its dates (every FHIR date,
 *    dateTime or instant value) move by a per-clone number of whole days (0 for the first clone, else 1 to
 *    365 days back, so no clone reaches later than the sample itself). Resources in no patient's
 *    compartment (Practitioner, Organization, Location, Medication ...) keep their ids and are written once.
 *    Written streamed, one NDJSON file per resource type, into a temporary directory removed at the end.
 * 2. For each size, child processes, each timed from spawn to exit with its peak RSS (GNU time's %M, worker
 *    threads included; else a preload reading process.resourceUsage().maxRSS at exit; else n/a):
 *    - the floor: one thread streaming every NDJSON line (readline over fs streams, as the audit reads) and
 *      JSON.parse-ing it (this file, run with `--floor <dir>`);
 *    - the built command, `clarify.js audit --now 2021-04-01 --workers 1 <dir>`, then `--workers <cores>`
 *      (os.availableParallelism()); findings are counted, not kept. The command is built first into a
 *      temporary folder in node_modules/.cache (so it resolves piscina), removed at the end.
 * 3. The targets, printed as within / OVER: peak RSS at the largest size within 1.5× of the smallest (all
 *    cores); all-cores resources/s at least 0.8 × the floor's resources/s × the cores used.
 */
import { spawn, execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const NOW = '2021-04-01';
const DEFAULT_SIZES = [1_000, 10_000];
/** Resource types outside any patient's compartment: kept once, under their own ids. */
const SHARED_TYPES = new Set(['Practitioner', 'PractitionerRole', 'Organization', 'Location', 'Medication', 'HealthcareService', 'Endpoint', 'Device', 'Substance']);
const RSS_TARGET = 1.5;
const FLOOR_SHARE_TARGET = 0.8;

// ---------------------------------------------------------------------------------------------------------
// The floor (a child process): stream every line of the export and JSON.parse it.

async function floor(dir: string): Promise<void> {
  let resources = 0;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.ndjson')).sort()) {
    const lines = createInterface({ input: createReadStream(join(dir, name), { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line) continue;
      // Something of the parsed value is used, so the parse cannot be skipped.
      if (typeof (JSON.parse(line) as { resourceType?: unknown }).resourceType === 'string') resources++;
    }
  }
  process.stdout.write(`${resources}\n`);
}

// ---------------------------------------------------------------------------------------------------------
// The population.

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** What a clone changes in a resource's JSON: `urn:uuid:` references, bare UUIDs, whole date/dateTime/instant strings. */
const TOKEN = new RegExp(`urn:uuid:(${UUID})|(${UUID})|"(\\d{4})-(\\d{2})-(\\d{2})(T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2}))?"`, 'g');
const DAY_MS = 86_400_000;

/** A resource's JSON cut at what changes per clone: text, a UUID to renumber (after `prefix`), or a date. */
type Part = string | { prefix: string; rest: string } | { day: number; time: string };

interface Sources {
  /** Patient Bundle files, sorted. */
  bundles: string[];
  /** Shared resources as NDJSON lines, by type, each once. */
  shared: Map<string, string[]>;
  /** Resource type of every shared resource's UUID (its `urn:uuid:` references become `Type/<the same id>`). */
  sharedType: Map<string, string>;
}

/** First pass over the folder: which files are patients, and the shared resources of all of them. */
function readSources(folder: string): Sources {
  const bundles: string[] = [];
  const shared = new Map<string, string[]>();
  const sharedType = new Map<string, string>();
  const seen = new Set<string>();
  /** The part of each patient-compartment UUID a clone keeps must be unique, or two clones could collide. */
  const kept = new Set<string>();
  for (const name of readdirSync(folder).filter((n) => n.endsWith('.json')).sort()) {
    const path = join(folder, name);
    const bundle = JSON.parse(readFileSync(path, 'utf8')) as { resourceType?: string; entry?: Array<{ resource?: { resourceType: string; id?: string } }> };
    if (bundle.resourceType !== 'Bundle' || !Array.isArray(bundle.entry)) continue;
    let patient = false;
    for (const { resource } of bundle.entry) {
      if (!resource?.id) continue;
      if (SHARED_TYPES.has(resource.resourceType)) {
        sharedType.set(resource.id, resource.resourceType);
        const key = `${resource.resourceType}/${resource.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const lines = shared.get(resource.resourceType) ?? [];
        shared.set(resource.resourceType, lines);
        lines.push(JSON.stringify(resource));
      } else {
        if (resource.resourceType === 'Patient') patient = true;
        const rest = resource.id.slice(8);
        if (kept.has(rest)) throw new Error(`${name}: two resources share the UUID tail ${rest}; clones would collide`);
        kept.add(rest);
      }
    }
    if (patient) bundles.push(path);
  }
  return { bundles, shared, sharedType };
}

/** A patient Bundle's compartment resources as templates, by type. */
function templates(path: string, sharedType: ReadonlyMap<string, string>): Array<{ type: string; parts: Part[] }> {
  const bundle = JSON.parse(readFileSync(path, 'utf8')) as { entry: Array<{ resource?: { resourceType: string; id?: string } }> };
  const typeOf = new Map<string, string>(sharedType);
  for (const { resource } of bundle.entry) if (resource?.id) typeOf.set(resource.id, resource.resourceType);
  const out: Array<{ type: string; parts: Part[] }> = [];
  for (const { resource } of bundle.entry) {
    if (!resource || SHARED_TYPES.has(resource.resourceType)) continue;
    const json = JSON.stringify(resource);
    const parts: Part[] = [];
    let at = 0;
    for (const m of json.matchAll(TOKEN)) {
      let part: Part;
      const [whole, urn, bare, y, mo, d, time] = m;
      if (urn !== undefined) {
        const type = typeOf.get(urn);
        if (!type) throw new Error(`${path}: urn:uuid:${urn} names no resource of the folder`);
        part = sharedType.has(urn) ? `${type}/${urn}` : { prefix: `${type}/`, rest: urn.slice(8) };
      } else if (bare !== undefined) {
        part = sharedType.has(bare) ? bare : { prefix: '', rest: bare.slice(8) };
      } else {
        part = { day: Date.UTC(Number(y), Number(mo) - 1, Number(d)) / DAY_MS, time: `${time ?? ''}"` };
      }
      parts.push(json.slice(at, m.index), part);
      at = m.index + whole.length;
    }
    parts.push(json.slice(at));
    out.push({ type: resource.resourceType, parts });
  }
  return out;
}

const dayStrings = new Map<number, string>();
const dayString = (day: number) => {
  let s = dayStrings.get(day);
  if (s === undefined) dayStrings.set(day, (s = new Date(day * DAY_MS).toISOString().slice(0, 10)));
  return s;
};

function render(parts: readonly Part[], tag: string, shift: number): string {
  let s = '';
  for (const p of parts) {
    if (typeof p === 'string') s += p;
    else if ('rest' in p) s += p.prefix + tag + p.rest;
    else s += `"${dayString(p.day + shift)}${p.time}`;
  }
  return s;
}

/** FNV-1a, for a stable per-clone date shift. */
function fnv(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** NDJSON files by type, appended in blocks (never the whole population in memory). */
class ExportWriter {
  private files = new Map<string, { fd: number; waiting: string[]; size: number }>();
  lines = 0;
  constructor(private dir: string) {}
  write(type: string, line: string) {
    let file = this.files.get(type);
    if (!file) this.files.set(type, (file = { fd: openSync(join(this.dir, `${type}.ndjson`), 'w'), waiting: [], size: 0 }));
    file.waiting.push(line, '\n');
    file.size += line.length + 1;
    this.lines++;
    if (file.size >= 1 << 20) this.flush(file);
  }
  private flush(file: { fd: number; waiting: string[]; size: number }) {
    if (file.waiting.length) writeSync(file.fd, file.waiting.join(''));
    file.waiting = [];
    file.size = 0;
  }
  close() {
    for (const file of this.files.values()) {
      this.flush(file);
      closeSync(file.fd);
    }
  }
}

/** Writes an export of n patients into dir; returns its resource count and size. */
function writePopulation(sources: Sources, n: number, dir: string): { resources: number; bytes: number; patients: number } {
  const writer = new ExportWriter(dir);
  for (const [type, lines] of sources.shared) for (const line of lines) writer.write(type, line);
  const count = sources.bundles.length;
  let patients = 0;
  sources.bundles.forEach((path, b) => {
    if (b >= n) return;
    const resources = templates(path, sources.sharedType);
    for (let k = 0; k * count + b < n; k++) {
      const tag = k.toString(16).padStart(8, '0');
      const shift = k === 0 ? 0 : -(1 + (fnv(`clone ${k * count + b}`) % 365));
      for (const { type, parts } of resources) writer.write(type, render(parts, tag, shift));
      patients++;
    }
  });
  writer.close();
  const bytes = readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
  return { resources: writer.lines, bytes, patients };
}

// ---------------------------------------------------------------------------------------------------------
// Child processes, timed, with their peak RSS.

interface Run {
  seconds: number;
  /** Kilobytes, or undefined when it cannot be measured here. */
  peakRssKb?: number;
  stdoutLines: number;
  /** The first stdout line (the floor's count). */
  firstLine: string;
  code: number | null;
  stderrTail: string[];
}

type RssMethod = 'time' | 'preload' | 'none';

function rssMethod(work: string): { method: RssMethod; preload?: string } {
  if (existsSync('/usr/bin/time')) {
    try {
      execFileSync('/usr/bin/time', ['-f', '%M', '-o', join(work, 'rss-check'), process.execPath, '-e', '0'], { stdio: 'ignore' });
      if (/^\d+\s*$/.test(readFileSync(join(work, 'rss-check'), 'utf8'))) return { method: 'time' };
    } catch {
      // not GNU time: try the preload
    }
  }
  const preload = join(work, 'peak-rss.mjs');
  writeFileSync(preload, [
    "import { isMainThread } from 'node:worker_threads';",
    "import { writeFileSync } from 'node:fs';",
    "if (isMainThread && process.env.CLARIFY_BENCH_RSS_FILE) process.on('exit', () => writeFileSync(process.env.CLARIFY_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));",
  ].join('\n'));
  try {
    const file = join(work, 'rss-check');
    rmSync(file, { force: true });
    execFileSync(process.execPath, ['--import', preload, '-e', '0'], { stdio: 'ignore', env: { ...process.env, CLARIFY_BENCH_RSS_FILE: file } });
    if (/^\d+$/.test(readFileSync(file, 'utf8'))) return { method: 'preload', preload };
  } catch {
    // no way to measure
  }
  return { method: 'none' };
}

function runChild(args: string[], rss: { method: RssMethod; preload?: string }, work: string): Promise<Run> {
  const rssFile = join(work, `rss-${Date.now()}`);
  rmSync(rssFile, { force: true });
  const [command, argv, env] = rss.method === 'time'
    ? ['/usr/bin/time', ['-f', '%M', '-o', rssFile, process.execPath, ...args], process.env]
    : rss.method === 'preload'
      ? [process.execPath, ['--import', rss.preload!, ...args], { ...process.env, CLARIFY_BENCH_RSS_FILE: rssFile }]
      : [process.execPath, args, process.env];
  return new Promise((done, fail) => {
    const start = performance.now();
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdoutLines = 0;
    let firstLine = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdoutLines === 0 && firstLine.length < 200) firstLine += chunk.toString('utf8', 0, Math.min(chunk.length, 200));
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) stdoutLines++;
    });
    const stderrTail: string[] = [];
    let partial = '';
    child.stderr.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop()!;
      stderrTail.push(...lines);
      stderrTail.splice(0, Math.max(0, stderrTail.length - 12));
    });
    child.on('error', fail);
    child.on('close', (code) => {
      const seconds = (performance.now() - start) / 1000;
      let peakRssKb: number | undefined;
      try {
        // GNU time writes "Command exited with non-zero status N" before the figure when the command fails.
        const figure = readFileSync(rssFile, 'utf8').trim().split('\n').pop()!;
        if (/^\d+$/.test(figure)) peakRssKb = Number(figure);
      } catch {
        // not measured
      }
      rmSync(rssFile, { force: true });
      if (partial) stderrTail.push(partial);
      done({ seconds, ...(peakRssKb !== undefined ? { peakRssKb } : {}), stdoutLines, firstLine: firstLine.split('\n')[0]!, code, stderrTail });
    });
  });
}

/** Builds the command as `npm run build:cli` does, into a temporary folder that resolves piscina from node_modules. */
function buildCli(root: string): { cli: string; remove(): void } {
  mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
  const out = mkdtempSync(join(root, 'node_modules/.cache/clarify-bench-population-cli-'));
  const remove = () => rmSync(out, { recursive: true, force: true });
  try {
    execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--ssr', 'src/cli/clarify.ts', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (error) {
    remove();
    throw error;
  }
  return { cli: join(out, 'clarify.js'), remove };
}

// ---------------------------------------------------------------------------------------------------------
// The bench.

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mb = (bytes: number) => bytes / 2 ** 20;
const rssText = (kb: number | undefined) => (kb === undefined ? 'n/a' : `${fmt(kb / 1024)} MB`);

interface Measured {
  patients: number;
  resources: number;
  bytes: number;
  floor: Run;
  audits: Array<{ workers: number; run: Run }>;
}

async function bench(sizes: number[]): Promise<void> {
  const root = process.cwd();
  const folder = resolve(root, '../shared/data/synthea');
  const cores = availableParallelism();
  console.log(`\n## clarify audit over a Synthea population (Bulk Data NDJSON export) against the parse floor`);
  if (!existsSync(folder)) {
    console.log('skipped: ../shared/data/synthea is not present on this machine (the population is cloned from its Synthea bundles)');
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'clarify-bench-population-'));
  let cli: ReturnType<typeof buildCli> | undefined;
  const cleanUp = () => {
    rmSync(work, { recursive: true, force: true });
    cli?.remove();
  };
  const onSignal = () => {
    cleanUp();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const started = performance.now();
    cli = buildCli(root);
    const sources = readSources(folder);
    const sharedCount = [...sources.shared.values()].reduce((n, lines) => n + lines.length, 0);
    const rss = rssMethod(work);
    const workerCounts = [...new Set([1, cores])];
    console.log(`cores: ${cores} (os.availableParallelism(); ${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.versions.node}; peak RSS by ${rss.method === 'time' ? 'GNU time (%M)' : rss.method === 'preload' ? 'process.resourceUsage().maxRSS at exit' : 'nothing: n/a'}`);
    console.log(`population: ${sources.bundles.length} Synthea patient bundles cloned (fresh ids, Type/id references, dates shifted per clone); ${sharedCount} shared resources written once`);
    const results: Measured[] = [];
    for (const n of sizes) {
      const dir = join(work, `export-${n}`);
      mkdirSync(dir);
      const writeStart = performance.now();
      const { resources, bytes, patients } = writePopulation(sources, n, dir);
      console.log(`\n${fmt(patients)} patients: ${fmt(resources)} resources, ${fmt(mb(bytes))} MB of NDJSON in ${readdirSync(dir).length} files, written in ${fmt((performance.now() - writeStart) / 1000, 1)} s`);
      const floorRun = await runChild([process.argv[1]!, '--floor', dir], rss, work);
      if (floorRun.code !== 0 || Number(floorRun.firstLine) !== resources) throw new Error(`the floor failed (exit ${floorRun.code}, ${floorRun.firstLine} resources):\n${floorRun.stderrTail.join('\n')}`);
      console.log(`  floor (stream + JSON.parse, 1 thread): ${fmt(floorRun.seconds, 2)} s, peak RSS ${rssText(floorRun.peakRssKb)}`);
      const audits: Measured['audits'] = [];
      for (const workers of workerCounts) {
        const run = await runChild([cli.cli, 'audit', '--now', NOW, '--workers', String(workers), dir], rss, work);
        if (run.code !== 0) console.log(`  audit --workers ${workers} exited with status ${run.code}; its last messages:\n    ${run.stderrTail.join('\n    ')}`);
        console.log(`  audit --workers ${workers}: ${fmt(run.seconds, 2)} s, peak RSS ${rssText(run.peakRssKb)}, ${fmt(run.stdoutLines)} findings`);
        audits.push({ workers, run });
      }
      results.push({ patients, resources, bytes, floor: floorRun, audits });
      rmSync(dir, { recursive: true, force: true });
    }
    report(results, cores);
    console.log(`\n(the whole bench: ${fmt((performance.now() - started) / 1000)} s)`);
  } finally {
    cleanUp();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function report(results: Measured[], cores: number): void {
  console.log('');
  console.log('| patients | resources | NDJSON | workers | time | patients/s | resources/s | MB/s | peak RSS | findings | floor time | floor resources/s | floor MB/s | floor peak RSS | resources/s ÷ floor |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const { patients, resources, bytes, floor: f, audits } of results) {
    const floorRate = resources / f.seconds;
    for (const { workers, run } of audits) {
      console.log(`| ${fmt(patients)} | ${fmt(resources)} | ${fmt(mb(bytes))} MB | ${workers} | ${fmt(run.seconds, 1)} s | ${fmt(patients / run.seconds)} | ${fmt(resources / run.seconds)} | ${fmt(mb(bytes) / run.seconds, 1)} | ${rssText(run.peakRssKb)} | ${run.code === 0 ? fmt(run.stdoutLines) : `exit ${run.code}`} | ${fmt(f.seconds, 1)} s | ${fmt(floorRate)} | ${fmt(mb(bytes) / f.seconds, 1)} | ${rssText(f.peakRssKb)} | ${fmt(resources / run.seconds / floorRate, 2)}× |`);
    }
  }
  const allCores = (m: Measured) => m.audits.find((a) => a.workers === cores) ?? m.audits[m.audits.length - 1]!;
  console.log('');
  console.log(`Targets (${cores} cores; all-cores runs use --workers ${cores}):`);
  if (results.length >= 2) {
    const small = results[0]!;
    const large = results[results.length - 1]!;
    const a = allCores(small).run.peakRssKb;
    const b = allCores(large).run.peakRssKb;
    if (a === undefined || b === undefined) console.log(`- peak RSS at ${fmt(large.patients)} within ${RSS_TARGET}× of ${fmt(small.patients)}: n/a (peak RSS not measurable here)`);
    else console.log(`- peak RSS at ${fmt(large.patients)} within ${RSS_TARGET}× of ${fmt(small.patients)} (all cores): ${rssText(b)} vs ${rssText(a)} = ${fmt(b / a, 2)}×: ${b <= RSS_TARGET * a ? 'within' : 'OVER'}`);
  } else {
    console.log('- peak RSS growth: needs two sizes');
  }
  for (const m of results) {
    const { workers, run } = allCores(m);
    const rate = m.resources / run.seconds;
    const floorRate = m.resources / m.floor.seconds;
    const target = FLOOR_SHARE_TARGET * floorRate * workers;
    console.log(`- all-cores throughput at ${fmt(m.patients)} ≥ ${FLOOR_SHARE_TARGET} × floor × ${workers} cores: ${fmt(rate)} resources/s vs ${FLOOR_SHARE_TARGET} × ${fmt(floorRate)} × ${workers} = ${fmt(target)} (${fmt(rate / (floorRate * workers), 2)}× the floor per core): ${rate >= target ? 'within' : 'OVER'}`);
  }
}

if (process.argv[2] === '--floor') {
  await floor(process.argv[3]!);
} else if (process.argv[2] === '--write') {
  // `npm run bench:population -- --write <patients> <new directory>`: only the export, kept, to try by hand.
  const [n, dir] = [Number(process.argv[3]), process.argv[4]];
  const folder = resolve(process.cwd(), '../shared/data/synthea');
  if (!Number.isInteger(n) || n < 1 || !dir) throw new Error('Usage: --write <patients> <new directory>');
  if (!existsSync(folder)) throw new Error('../shared/data/synthea is not present on this machine');
  mkdirSync(dir);
  const { resources, bytes, patients } = writePopulation(readSources(folder), n, dir);
  console.log(`${fmt(patients)} patients, ${fmt(resources)} resources, ${fmt(mb(bytes))} MB of NDJSON in ${dir}`);
} else {
  const sizes = process.argv.slice(2).map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`Sizes are whole numbers of patients (default ${DEFAULT_SIZES.join(' ')}), not "${process.argv.slice(2).join(' ')}"`);
  await bench(sizes.length ? sizes : DEFAULT_SIZES);
}
