/**
 * `clarify split --shards N EXPORT_DIR OUT_DIR`: partitions a FHIR Bulk Data export by patient in one
 * streaming pass, so N machines audit N shards independently and their outputs concatenate. Each NDJSON line
 * goes to the shard of its patient (the same stable FNV-1a hash as the audit's partitions), keeping its
 * file name, in OUT_DIR/shard-01 ... shard-NN; resources in no patient's compartment (Practitioner,
 * Organization, Location, Medication ...) are copied to every shard, since every patient may refer to them.
 * OperationOutcome lines (the export's own errors) go to the first shard only, so they are counted once.
 * Node only: it reads and writes files.
 */
import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Resource } from 'fhir/r4';
import { patientIdOf } from '../record/group-by-patient';
import { scanResourceLine } from '../record/scan-resource-line';
import { bucketOf } from './partitions';
import { clean, describeError } from './audit';
import { BufferedAppends, readRegularFileChunks } from './node-io';
import { forEachLine, trimmedRange } from './ndjson-lines';
import { isResource } from './partition-range';

const decoder = new TextDecoder();

export const SPLIT_USAGE = `Usage: clarify split --shards <n> <export-dir> <out-dir>

Partitions a FHIR Bulk Data export (NDJSON files) by patient into <out-dir>/shard-01 ... shard-<n>, in one
streaming pass. Every line of a patient goes to that patient's shard, under the same file name; resources of
no patient (Practitioner, Organization, Medication ...) are copied to every shard. Audit each shard on its
own machine (clarify audit <out-dir>/shard-07); the findings of all shards are those of the whole export.
Exit status: 0 when every line was placed, 1 when some input could not be read, 2 on a usage error.`;

export interface SplitIo {
  stderr(text: string): void;
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

  const writer = new BufferedAppends();
  let failures = 0;
  let lines = 0;
  let sharedLines = 0;
  let bad = 0;
  for (const name of names) {
    const file = basename(name);
    try {
      // Each line is placed by its bytes (scan-resource-line.ts); only what the scan leaves is parsed.
      await forEachLine(readRegularFileChunks(join(from, name)), (bytes, lineStart, lineEnd) => {
        const [start, end] = trimmedRange(bytes, lineStart, lineEnd);
        let scanned = scanResourceLine(bytes, start, end);
        if (scanned === undefined) {
          const text = decoder.decode(bytes.subarray(start, end));
          if (!text.trim()) return;
          let resource: Resource;
          try {
            resource = JSON.parse(text) as Resource;
            if (!isResource(resource)) throw new TypeError('not a resource');
          } catch {
            bad++;
            return;
          }
          scanned = { outcome: resource.resourceType === 'OperationOutcome', patientId: patientIdOf(resource) };
        }
        lines++;
        if (scanned.outcome) writer.append(join(shardDirs[0]!, file), '', bytes, start, end);
        else if (scanned.patientId === undefined) {
          sharedLines++;
          for (const dir of shardDirs) writer.append(join(dir, file), '', bytes, start, end);
        } else writer.append(join(shardDirs[bucketOf(scanned.patientId, shards)]!, file), '', bytes, start, end);
      }, () => writer.settle());
    } catch (error) {
      failures++;
      say(`${join(from, name)}: could not be read to the end (${describeError(error)}); the lines before were placed`);
    }
  }
  await writer.flush();
  const skipped = bad === 1 ? '; 1 line is not a FHIR resource and was skipped' : bad ? `; ${bad} lines are not FHIR resources and were skipped` : '';
  say(`${lines} resources from ${names.length} files into ${shards} shards (${sharedLines} shared resource${sharedLines === 1 ? '' : 's'} copied to every shard)${skipped}`);
  return failures > 0 ? 1 : 0;
}
