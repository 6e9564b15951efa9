/**
 * `clarify split --shards N EXPORT_DIR OUT_DIR`: partitions a FHIR Bulk Data export by patient in one
 * streaming pass, so N machines audit N shards independently and their outputs concatenate. Each NDJSON line
 * goes to the shard of its patient (the same stable FNV-1a hash as the audit's partitions), keeping its
 * file name, in OUT_DIR/shard-01 ... shard-NN; resources in no patient's compartment (Practitioner,
 * Organization, Location, Medication ...) are copied to every shard, since every patient may refer to them.
 * OperationOutcome lines (the export's own errors) go to the first shard only, so they are counted once.
 * Node only: it reads and writes files.
 */
import { appendFile, mkdir, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Resource } from 'fhir/r4';
import { patientIdOf } from '../record/group-by-patient';
import { bucketOf } from './partitions';
import { clean, describeError } from './audit';
import { readRegularFileLines } from './node-io';

export const SPLIT_USAGE = `Usage: clarify split --shards <n> <export-dir> <out-dir>

Partitions a FHIR Bulk Data export (NDJSON files) by patient into <out-dir>/shard-01 ... shard-<n>, in one
streaming pass. Every line of a patient goes to that patient's shard, under the same file name; resources of
no patient (Practitioner, Organization, Medication ...) are copied to every shard. Audit each shard on its
own machine (clarify audit <out-dir>/shard-07); the findings of all shards are those of the whole export.
Exit status: 0 when every line was placed, 1 when some input could not be read, 2 on a usage error.`;

export interface SplitIo {
  stderr(text: string): void;
}

/** Appends lines to files in blocks, at most `limit` characters waiting in memory. */
function blockWriter(limit = 16 * 1024 * 1024) {
  const waiting = new Map<string, string[]>();
  let size = 0;
  const flushAll = async () => {
    for (const [path, lines] of waiting) await appendFile(path, `${lines.join('\n')}\n`, 'utf8');
    waiting.clear();
    size = 0;
  };
  return {
    async write(path: string, line: string) {
      const lines = waiting.get(path);
      if (lines) lines.push(line);
      else waiting.set(path, [line]);
      size += line.length + 1;
      if (size >= limit) await flushAll();
    },
    flush: flushAll,
  };
}

export async function runSplit(argv: string[], io: SplitIo): Promise<number> {
  const say = (message: string) => io.stderr(`clarify split: ${clean(message)}\n`);
  let shards: number | undefined;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      io.stderr(`${SPLIT_USAGE}\n`);
      return 0;
    }
    if (arg === '--shards' || arg.startsWith('--shards=')) {
      const value = arg.includes('=') ? arg.slice(9) : argv[++i];
      if (!/^[1-9][0-9]{0,4}$/.test(value ?? '')) {
        io.stderr(`clarify split: --shards must be a whole number from 1 to 99999, not "${clean(value ?? '')}"\n${SPLIT_USAGE}\n`);
        return 2;
      }
      shards = Number(value);
    } else if (arg.startsWith('--')) {
      io.stderr(`clarify split: unknown option ${clean(arg)}\n${SPLIT_USAGE}\n`);
      return 2;
    } else paths.push(arg);
  }
  if (shards === undefined || paths.length !== 2) {
    io.stderr(`clarify split: give --shards <n>, the export directory and the output directory\n${SPLIT_USAGE}\n`);
    return 2;
  }
  const [from, to] = paths as [string, string];
  let names: string[];
  try {
    if (!(await stat(from)).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    names = (await readdir(from)).filter((n) => /\.ndjson$/i.test(n) && !/^log\.ndjson$/i.test(n)).sort();
  } catch (error) {
    say(`${from}: cannot be read as an export directory (${describeError(error)})`);
    return 1;
  }
  // A new or empty directory only: shards are appended to, so a second run must not add to a first one.
  if ((await readdir(to).catch(() => [])).length > 0) {
    say(`${to}: is not empty; give a new or empty directory`);
    return 2;
  }
  const width = String(shards).length < 2 ? 2 : String(shards).length;
  const shardDirs = Array.from({ length: shards }, (_, i) => join(to, `shard-${String(i + 1).padStart(width, '0')}`));
  for (const dir of shardDirs) await mkdir(dir, { recursive: true });

  const writer = blockWriter();
  let failures = 0;
  let lines = 0;
  let sharedLines = 0;
  let bad = 0;
  for (const name of names) {
    const file = basename(name);
    try {
      for await (const raw of readRegularFileLines(join(from, name))) {
        const line = raw.trim();
        if (!line) continue;
        let resource: Resource;
        try {
          resource = JSON.parse(line) as Resource;
          if (typeof resource !== 'object' || resource === null || typeof resource.resourceType !== 'string') throw new TypeError('not a resource');
        } catch {
          bad++;
          continue;
        }
        lines++;
        if (resource.resourceType === 'OperationOutcome') {
          await writer.write(join(shardDirs[0]!, file), line);
          continue;
        }
        const patientId = patientIdOf(resource);
        if (patientId === undefined) {
          sharedLines++;
          for (const dir of shardDirs) await writer.write(join(dir, file), line);
        } else {
          await writer.write(join(shardDirs[bucketOf(patientId, shards)]!, file), line);
        }
      }
    } catch (error) {
      failures++;
      say(`${join(from, name)}: could not be read to the end (${describeError(error)}); the lines before were placed`);
    }
  }
  await writer.flush();
  say(`${lines} resources from ${names.length} files into ${shards} shards (${sharedLines} shared resources copied to every shard)${bad ? `; ${bad} lines are not FHIR resources and were skipped` : ''}`);
  return failures > 0 ? 1 : 0;
}
