/**
 * Partitioning a population by patient, so a Bulk Data export is audited without holding it in memory: each
 * NDJSON line goes, as read, to the bucket of its patient (a stable hash of the patient id); then each
 * bucket is read back alone and its patients audited. Memory is bounded by one bucket (the export's size
 * divided by the bucket count, chosen so a bucket holds about BUCKET_BYTES) or the largest patient, whichever
 * is larger: flat in the number of patients. Buckets live in temporary files in Node (node-io.ts), in memory
 * in tests.
 *
 * Why buckets rather than an external sort by patient id: one streaming pass writes them and one reads them,
 * with no merge passes; the order inside a bucket (input order) is all the audit needs, since it groups a
 * bucket's lines by patient itself.
 */

/** The lines of one bucket are read back in the order they were appended. */
export interface PartitionStore {
  /**
   * Appends a line to a bucket: `head` (ASCII), then bytes [start, end) of `bytes`, copied (the caller may reuse
   * `bytes`). Buffered: returns at once; `settle` writes out.
   */
  append(bucket: number, head: string, bytes: Uint8Array, start: number, end: number): void;
  /** Writes out what waits beyond the store's memory limits; called between chunks of input. */
  settle(): Promise<void>;
  /** A bucket's lines, in the order appended, each ending in LF (empty for a bucket never appended to). */
  read(bucket: number): Promise<Uint8Array>;
  /**
   * The bucket's file, written out (temporary files only): a worker reads it itself, so the main thread
   * neither reads nor copies the lines. Undefined for an empty bucket, or a store without files.
   */
  file?(bucket: number): Promise<string | undefined>;
  /** Removes what the store wrote (temporary files). */
  close(): Promise<void>;
}

/** About this much NDJSON per bucket: a bucket's parsed resources stay well under a few hundred MB. */
export const BUCKET_BYTES = 16 * 1024 * 1024;
export const MAX_BUCKETS = 4096;

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

/** Buckets in memory (tests, and tiny inputs). */
export function memoryPartitions(): PartitionStore {
  const buckets = new Map<number, Uint8Array[]>();
  return {
    append(bucket, head, bytes, start, end) {
      const line = new Uint8Array(head.length + end - start + 1);
      for (let i = 0; i < head.length; i++) line[i] = head.charCodeAt(i);
      line.set(bytes.subarray(start, end), head.length);
      line[line.length - 1] = 0x0a;
      const lines = buckets.get(bucket);
      if (lines) lines.push(line);
      else buckets.set(bucket, [line]);
    },
    settle: async () => {},
    read: async (bucket) => {
      const lines = buckets.get(bucket) ?? [];
      const all = new Uint8Array(lines.reduce((n, line) => n + line.length, 0));
      let at = 0;
      for (const line of lines) {
        all.set(line, at);
        at += line.length;
      }
      return all;
    },
    async close() {
      buckets.clear();
    },
  };
}
