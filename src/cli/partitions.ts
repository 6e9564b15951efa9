/**
 * Partitioning a population by patient, so a Bulk Data export is audited without holding it in memory: each
 * NDJSON line goes to the bucket of its patient (a stable hash of the patient id); then each bucket is read
 * back alone and its patients audited. Memory is bounded by one bucket (the export's size divided by the
 * bucket count, chosen so a bucket holds about BUCKET_BYTES) or the largest patient, whichever is larger:
 * flat in the number of patients.
 *
 * The export is cut into byte ranges of whole lines (RANGE_BYTES), partitioned in parallel on the worker
 * threads (partition-range.ts): each range comes back as its lines grouped by bucket, and is kept in the
 * store in range order, so a bucket's lines are in input order whatever the number of workers. Ranges live in
 * temporary files in Node (node-io.ts), in memory in tests.
 *
 * Why buckets rather than an external sort by patient id: one streaming pass writes them and one reads them,
 * with no merge passes; the order inside a bucket (input order) is all the audit needs, since it groups a
 * bucket's lines by patient itself.
 */
import { appendLine, concat, type LineBlock } from './ndjson-lines';

/** One range's lines grouped by bucket: bucket b's lines are bytes [offsets[b], offsets[b + 1]). */
export interface PartitionedRange {
  bytes: Uint8Array;
  offsets: number[];
}

/** Part of a file holding some of a bucket's lines (a worker reads it itself). */
export interface Slice {
  file: string;
  start: number;
  end: number;
}

export interface PartitionStore {
  /** Keeps a range's partitioned lines; ranges are added in input order. */
  add(range: PartitionedRange): Promise<void>;
  /** A bucket's lines over all ranges, in input order, each ending in LF (empty for a bucket with none). */
  read(bucket: number): Promise<Uint8Array>;
  /** The same as the slices of the files that hold them (temporary files only): a worker reads them itself. */
  slices?(bucket: number): Promise<Slice[]>;
  /** Removes what the store wrote (temporary files). */
  close(): Promise<void>;
}

/** About this much NDJSON per bucket: a bucket's parsed resources stay well under a few hundred MB. */
export const BUCKET_BYTES = 16 * 1024 * 1024;
export const MAX_BUCKETS = 4096;
/** About this much NDJSON per range partitioned at once (on a worker, or in the main thread). */
export const RANGE_BYTES = 8 * 1024 * 1024;

/** How many buckets for this many bytes of NDJSON: at least 1, about BUCKET_BYTES each. */
export function bucketCount(ndjsonBytes: number, bytesPerBucket = BUCKET_BYTES): number {
  return Math.max(1, Math.min(MAX_BUCKETS, Math.ceil(ndjsonBytes / bytesPerBucket)));
}

/** FNV-1a (32 bits) of the id, modulo the bucket count: the same bucket on every machine and run. */
export function bucketOf(patientId: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < patientId.length; i++) {
    hash ^= patientId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % buckets;
}

/** The byte ranges a file of this size is partitioned in: [start, end) pairs of about RANGE_BYTES. */
export function byteRanges(size: number, rangeBytes = RANGE_BYTES): Array<[number, number]> {
  const count = Math.max(1, Math.ceil(size / rangeBytes));
  return Array.from({ length: count }, (_, i) => [Math.floor((size * i) / count), Math.floor((size * (i + 1)) / count)]);
}

/**
 * Lines collected by bucket for one range, in memory (a range is at most a few MB): each line an ASCII head and
 * a byte range, copied.
 */
export class RangeBuckets {
  private readonly blocks: Array<LineBlock | undefined>;

  /** `expectedBytes`: about how much the range holds, so a bucket's block rarely has to grow (and be copied). */
  constructor(readonly buckets: number, private readonly expectedBytes = 0) {
    this.blocks = new Array(buckets);
  }

  append(bucket: number, head: string, bytes: Uint8Array, start: number, end: number): void {
    const size = head.length + (end - start) + 1;
    const block = (this.blocks[bucket] ??= { bytes: new Uint8Array(Math.max(4096, size, Math.ceil((this.expectedBytes * 1.1) / this.buckets))), length: 0 });
    appendLine(block, head, bytes, start, end);
  }

  /** The lines, bucket after bucket. */
  finish(): PartitionedRange {
    const offsets = [0];
    for (const block of this.blocks) offsets.push(offsets[offsets.length - 1]! + (block?.length ?? 0));
    const bytes = new Uint8Array(offsets[offsets.length - 1]!);
    this.blocks.forEach((block, b) => block && bytes.set(block.bytes.subarray(0, block.length), offsets[b]!));
    return { bytes, offsets };
  }
}

/** Ranges in memory (tests, and tiny inputs). */
export function memoryPartitions(): PartitionStore {
  const ranges: PartitionedRange[] = [];
  return {
    add: async (range) => void ranges.push(range),
    read: async (bucket) => concat(ranges.map(({ bytes, offsets }) => bytes.subarray(offsets[bucket] ?? 0, offsets[bucket + 1] ?? 0))),
    async close() {
      ranges.length = 0;
    },
  };
}
