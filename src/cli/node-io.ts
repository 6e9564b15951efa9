/** The file-system side of the `clarify` command in Node, shared by the command and its tests. */
import { constants, rmSync } from 'node:fs';
import { appendFile, mkdtemp, open, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditIo } from './audit';
import type { PartitionStore, Slice } from './partitions';
import { appendLine, type LineBlock } from './ndjson-lines';

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

/** Bytes read from an NDJSON file at a time. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * A regular file's bytes in chunks (never the whole file in memory), with the same FIFO guard as
 * readRegularFile. Each chunk is valid only until the next is asked for: the same buffer is read into again.
 */
export async function* readRegularFileChunks(path: string, from = 0): AsyncIterable<Uint8Array> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    if (!(await handle.stat()).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let position = from; ;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** A file's appended bytes kept in memory until this many, then written out. */
const FLUSH_FILE_AT = 256 * 1024;
/** The memory a file's waiting lines start with; it doubles as they need. */
const BLOCK_BYTES = 64 * 1024;
/** At most this many bytes waiting in memory over all files. */
const FLUSH_ALL_AT = 32 * 1024 * 1024;

/**
 * Lines appended to many files (`clarify split`'s shards), buffered per file and written in blocks, so
 * thousands of files need no open handles and each line costs a copy, not a write. A line is an ASCII head and
 * a byte range.
 */
export class BufferedAppends {
  private readonly waiting = new Map<string, LineBlock>();
  /** Blocks written out, kept for reuse: allocating afresh would make V8 collect the external memory again and again. */
  private readonly free: Uint8Array[] = [];
  /** Bytes of the blocks waiting (what they hold is at most this). */
  private total = 0;

  append(path: string, head: string, bytes: Uint8Array, start: number, end: number): void {
    let block = this.waiting.get(path);
    if (!block) {
      this.waiting.set(path, (block = { bytes: this.free.pop() ?? new Uint8Array(BLOCK_BYTES), length: 0 }));
      this.total += block.bytes.length;
    }
    this.total += appendLine(block, head, bytes, start, end);
  }

  /** Writes out the files over their share, or all of them when too much waits in memory. */
  async settle(): Promise<void> {
    const all = this.total >= FLUSH_ALL_AT;
    for (const [path, block] of this.waiting) if (all || block.length >= FLUSH_FILE_AT) await this.write(path, block);
  }

  /** Writes out every file's waiting lines. */
  async flush(): Promise<void> {
    for (const [path, block] of this.waiting) await this.write(path, block);
  }

  private async write(path: string, block: LineBlock): Promise<void> {
    this.waiting.delete(path);
    this.total -= block.bytes.length;
    if (block.length) await appendFile(path, block.bytes.subarray(0, block.length));
    // Blocks are kept while they fit in the memory allowed to wait: memory follows what waits, not how many
    // files were ever written.
    if (block.bytes.length <= FLUSH_FILE_AT * 4 && this.free.length < FLUSH_ALL_AT / (FLUSH_FILE_AT * 4)) this.free.push(block.bytes);
  }
}

/**
 * Partitioned ranges as files in a new temporary directory (partitions.ts), one per range, removed by `close`.
 * A bucket is then the slices of those files that hold its lines: a worker reads them itself.
 */
export async function temporaryPartitions(): Promise<PartitionStore> {
  const dir = await mkdtemp(join(tmpdir(), 'clarify-audit-'));
  temporaryDirectories.add(dir);
  const ranges: Array<{ file: string; offsets: number[] }> = [];
  const slices = async (bucket: number) => ranges
    .map(({ file, offsets }) => ({ file, start: offsets[bucket] ?? 0, end: offsets[bucket + 1] ?? 0 }))
    .filter(({ start, end }) => end > start);
  return {
    async add({ bytes, offsets }) {
      const file = join(dir, `range-${ranges.length}.ndjson`);
      ranges.push({ file, offsets });
      if (bytes.length) await writeFile(file, bytes);
    },
    slices,
    read: async (bucket) => readSlices(await slices(bucket)),
    async close() {
      await rm(dir, { recursive: true, force: true });
      temporaryDirectories.delete(dir);
    },
  };
}

/** Temporary directories not yet removed: a run stopped by a signal removes them on its way out (removeTemporaryDirectories). */
const temporaryDirectories = new Set<string>();

export function removeTemporaryDirectories(): void {
  for (const dir of temporaryDirectories) rmSync(dir, { recursive: true, force: true });
  temporaryDirectories.clear();
}

/** Slices read at once: enough to overlap the reads, few enough for any limit on open files. */
const SLICES_AT_ONCE = 8;

/** The bytes of a bucket's slices (one per range file), read into one buffer, a few at a time. */
export async function readSlices(slices: readonly Slice[]): Promise<Buffer> {
  const at: number[] = [];
  let size = 0;
  for (const { start, end } of slices) {
    at.push(size);
    size += end - start;
  }
  const all = Buffer.allocUnsafe(size);
  let next = 0;
  const reader = async () => {
    for (let i = next++; i < slices.length; i = next++) {
      const { file, start, end } = slices[i]!;
      const handle = await open(file, 'r');
      try {
        for (let read = 0; read < end - start;) {
          const { bytesRead } = await handle.read(all, at[i]! + read, end - start - read, start + read);
          if (bytesRead === 0) throw Object.assign(new Error('a partition file ended early'), { code: 'ESHORT' });
          read += bytesRead;
        }
      } finally {
        await handle.close();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SLICES_AT_ONCE, slices.length) }, reader));
  return all;
}
