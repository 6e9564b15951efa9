/** The file-system side of the `clarify` command in Node, shared by the command and its tests. */
import { constants, createReadStream } from 'node:fs';
import { appendFile, mkdtemp, open, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { AuditIo } from './audit';
import type { PartitionStore } from './partitions';

/**
 * A regular file's text. Opened without blocking and checked on the open handle, so a FIFO that took the
 * place of a file since it was listed is refused instead of waited on forever.
 */
export async function readRegularFile(path: string): Promise<string> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    if (!(await handle.stat()).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** What a path is, and an identity that is the same for every link to it (for loop detection). */
export const fileInfo: AuditIo['stat'] = async (path) => {
  const info = await stat(path, { bigint: true });
  return {
    kind: info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other',
    size: Number(info.size),
    // Device and inode name a file whatever the links to it; where a file system has no inodes, its real path.
    identity: info.ino !== 0n ? `${info.dev}:${info.ino}` : await realpath(path),
  };
};

/**
 * A regular file's lines, streamed (never the whole file in memory), with the same FIFO guard as
 * readRegularFile. A byte order mark before the first line is dropped.
 */
export async function* readRegularFileLines(path: string): AsyncIterable<string> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    if (!(await handle.stat()).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
    const lines = createInterface({ input: handle.createReadStream({ encoding: 'utf8', autoClose: false }), crlfDelay: Infinity });
    let first = true;
    for await (const line of lines) {
      yield first && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
      first = false;
    }
  } finally {
    await handle.close();
  }
}

/** Appended lines kept in memory per bucket until this many characters, then written out. */
const FLUSH_BUCKET_AT = 256 * 1024;
/** At most this many characters waiting in memory over all buckets. */
const FLUSH_ALL_AT = 32 * 1024 * 1024;

/**
 * Buckets as files in a new temporary directory (partitions.ts), removed by `close`. Lines are buffered per
 * bucket and appended in blocks, so thousands of buckets need no open file handles.
 */
export async function temporaryPartitions(): Promise<PartitionStore> {
  const dir = await mkdtemp(join(tmpdir(), 'clarify-audit-'));
  const waiting = new Map<number, string[]>();
  const sizes = new Map<number, number>();
  let total = 0;
  const file = (bucket: number) => join(dir, `${bucket}.ndjson`);
  const flush = async (bucket: number) => {
    const lines = waiting.get(bucket);
    if (!lines?.length) return;
    waiting.delete(bucket);
    total -= sizes.get(bucket) ?? 0;
    sizes.delete(bucket);
    await appendFile(file(bucket), `${lines.join('\n')}\n`, 'utf8');
  };
  return {
    async append(bucket, line) {
      const lines = waiting.get(bucket);
      if (lines) lines.push(line);
      else waiting.set(bucket, [line]);
      const size = (sizes.get(bucket) ?? 0) + line.length + 1;
      sizes.set(bucket, size);
      total += line.length + 1;
      if (size >= FLUSH_BUCKET_AT) await flush(bucket);
      else if (total >= FLUSH_ALL_AT) for (const b of [...waiting.keys()]) await flush(b);
    },
    async file(bucket) {
      await flush(bucket);
      return stat(file(bucket)).then(() => file(bucket), () => undefined);
    },
    async *lines(bucket) {
      await flush(bucket);
      let lines;
      try {
        lines = createInterface({ input: createReadStream(file(bucket), { encoding: 'utf8' }), crlfDelay: Infinity });
        for await (const line of lines) if (line) yield line;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'ENOENT') throw error; // an empty bucket has no file
      }
    },
    async close() {
      waiting.clear();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
