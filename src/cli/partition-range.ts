/**
 * The partition pass over one byte range of an NDJSON file (partitions.ts), as data in and data out, so it
 * runs the same on a worker thread or in the main thread: each line's patient is found from its bytes
 * (scan-resource-line.ts) and the line goes, unparsed, to that patient's bucket, headed with where it came
 * from (storedHead). Only what the scan leaves is parsed here: resources in no patient's compartment (returned
 * as JSON, kept once by the caller), OperationOutcomes (counted), and lines the scan cannot follow.
 */
import type { Resource } from 'fhir/r4';
import { patientIdOf } from '../record/group-by-patient';
import { scanResourceLine } from '../record/scan-resource-line';
import { storedHead } from './audit-bucket';
import { forEachLine, trimmedRange, type LineRange } from './ndjson-lines';
import { bucketOf, RangeBuckets, type PartitionedRange } from './partitions';

export interface RangeOutcome {
  partitioned: PartitionedRange;
  /** Lines starting in the range (blank ones included): the next range's line numbers follow on. */
  lines: number;
  /** Resources placed in buckets or returned as shared. */
  placed: number;
  /** Resources in no patient's compartment, as JSON, with their line numbers, in order. */
  shared: Array<{ line: number; json: string }>;
  /** OperationOutcome lines, and the issues they hold. */
  outcomes: number;
  issues: number;
  /** Line numbers (in the range) of lines that are not FHIR resources. */
  bad: number[];
}

const decoder = new TextDecoder();

/** A JSON value that is a FHIR resource: an object with a string resourceType. */
export function isResource(value: unknown): value is Resource {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as Resource).resourceType === 'string';
}

/** Issues an OperationOutcome reports: counted only, its text is never shown. */
export function issueCount(outcome: Resource): number {
  const issue = (outcome as { issue?: unknown }).issue;
  return Array.isArray(issue) ? issue.length : 0;
}

/**
 * Partitions the lines of `chunks` (a whole file, or one range of it: `range`) into `buckets` buckets. `source`
 * names the range in the stored heads (the caller maps it back to its file and first line).
 */
export async function partitionRange(chunks: AsyncIterable<Uint8Array>, source: number, buckets: number, range: LineRange = {}): Promise<RangeOutcome> {
  const into = new RangeBuckets(buckets, range.limit !== undefined && range.limit < Infinity ? range.limit : 0);
  const outcome: Omit<RangeOutcome, 'partitioned' | 'lines'> = { placed: 0, shared: [], outcomes: 0, issues: 0, bad: [] };
  const place = (patientId: string, n: number, bytes: Uint8Array, start: number, end: number) => {
    into.append(bucketOf(patientId, buckets), storedHead(source, n, patientId), bytes, start, end);
    outcome.placed++;
  };
  const lines = await forEachLine(chunks, (bytes, lineStart, lineEnd, n) => {
    const [start, end] = trimmedRange(bytes, lineStart, lineEnd);
    const scanned = scanResourceLine(bytes, start, end);
    if (scanned?.patientId !== undefined && !scanned.outcome) return place(scanned.patientId, n, bytes, start, end);
    const text = decoder.decode(bytes.subarray(start, end));
    if (scanned === undefined && !text.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (!isResource(value)) outcome.bad.push(n);
    else if (value.resourceType === 'OperationOutcome') {
      outcome.outcomes++;
      outcome.issues += issueCount(value);
    } else {
      const patientId = patientIdOf(value);
      if (patientId !== undefined) place(patientId, n, bytes, start, end);
      else {
        outcome.shared.push({ line: n, json: text });
        outcome.placed++;
      }
    }
  }, undefined, range);
  return { ...outcome, lines, partitioned: into.finish() };
}
