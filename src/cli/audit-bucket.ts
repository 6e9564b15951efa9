/**
 * One partition of a pooled export audited, as data in and data out, so it runs the same in the main thread
 * or on a worker thread (`clarify audit --workers N`, piscina): the partition's stored lines are grouped by
 * patient, the patients taken in the order of their ids, each reviewed with the shared resources; what comes
 * back is, per patient, the finding lines to write, the resources set aside, and an error in place of
 * findings when reviewing that patient failed. The caller writes the results in partition order, so the
 * output does not depend on how many workers ran or which finished first.
 */
import type { Resource } from 'fhir/r4';
import { runRules, type Finding, type Rule } from '../rules/index';
import { PatientRecord } from '../record/patient-record';
import type { PooledEntry } from '../record/group-by-patient';
import type { Icd10CmTable } from '../terminology/icd10cm/icd10cm-table';
import { SYSTEM } from '../terminology/systems';

export interface BucketContext {
  rules: readonly Rule[];
  now: Date;
  icd10cm: Icd10CmTable;
  shared?: PatientRecord;
  /** A finding as one output line (NDJSON object or text row, with its newline). */
  line(patientId: string, finding: Finding): string;
}

export interface PatientOutcome {
  patientId: string;
  /** The sources the patient's lines came from (ranges of files, for messages: the caller names the files). */
  files: number[];
  lines: string[];
  /** Diagnoses coded in WHO ICD-10, not checked. */
  whoIcd10: number;
  setAside: Array<{ resourceType: string; problem: string; count: number }>;
  /** Set when reviewing the patient failed: the error, described (no resource content). */
  error?: string;
  /** Lines placed with this patient that turned out not to be JSON: [source, line number in it]. */
  unreadable?: Array<[number, number]>;
  /** False when none of the patient's lines could be read: no review, and not counted as a patient. */
  reviewed?: false;
}

/**
 * A partition line: `<source>\t<line number>\t<patient id, URI-encoded>\t<resource JSON>`, the source being
 * the byte range of a file (or the single-resource file) the line came from; storedHead is what comes before
 * the JSON. The patient travels beside the JSON so a partition is grouped without parsing
 * it, and each patient's resources are parsed only when that patient is reviewed (then dropped): one
 * patient's parsed JSON at a time, not the partition's. The file and line name a line that does not parse.
 */
export function storedHead(source: number, lineNumber: number, patientId: string): string {
  return `${source}\t${lineNumber}\t${encodeURIComponent(patientId)}\t`;
}

const TAB = 0x09;
const LF = 0x0a;

/**
 * A partition's stored lines (its file's bytes) grouped by patient and reviewed. The lines stay bytes until
 * their patient is reviewed: each is decoded alone (a whole partition decoded at once would be one huge
 * string, two bytes a character as soon as one name has an accent, and slower to parse).
 */
export function auditBucket(bytes: Uint8Array, context: BucketContext, describeError: (error: unknown) => string): PatientOutcome[] {
  // A view, not a copy: Buffer's indexOf and toString are native and cheap per call, TextDecoder's are not.
  const stored = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const byPatient = new Map<string, { lines: Array<[number, number]>; at: Array<[number, number]> }>();
  for (let start = 0; start < stored.length;) {
    let end = stored.indexOf(LF, start);
    if (end < 0) end = stored.length;
    const first = stored.indexOf(TAB, start);
    const second = first < 0 || first >= end ? -1 : stored.indexOf(TAB, first + 1);
    const third = second < 0 || second >= end ? -1 : stored.indexOf(TAB, second + 1);
    if (third >= 0 && third < end) {
      const patientId = decodeURIComponent(stored.toString('latin1', second + 1, third));
      let patient = byPatient.get(patientId);
      if (!patient) byPatient.set(patientId, (patient = { lines: [], at: [] }));
      patient.lines.push([third + 1, end]);
      patient.at.push([digits(stored, start, first), digits(stored, first + 1, second)]);
    }
    start = end + 1;
  }
  return [...byPatient.keys()].sort().map((patientId) => {
    const { lines, at } = byPatient.get(patientId)!;
    const files = [...new Set(at.map(([file]) => file))];
    // The partition pass placed lines by their bytes without parsing them: one that is not JSON is found here,
    // dropped, and named by file and line for the caller to report, as a bad line read from a file would be.
    const entries: PooledEntry[] = [];
    const unreadable: Array<[number, number]> = [];
    lines.forEach(([start, end], i) => {
      try {
        entries.push({ resource: JSON.parse(stored.toString('utf8', start, end)) as Resource });
      } catch {
        unreadable.push(at[i]!);
      }
    });
    if (!entries.length) return { patientId, files, lines: [], whoIcd10: 0, setAside: [], unreadable, reviewed: false };
    return { ...reviewPatient(patientId, () => entries, files, context, describeError), ...(unreadable.length ? { unreadable } : {}) };
  });
}

/**
 * One patient reviewed: the record built from its entries (given lazily, so parsing them is inside the
 * error isolation too) with the shared resources, and the rules run. Any error becomes the outcome's
 * `error`, in place of findings: it costs that patient only. Used for pooled partitions and Bundles alike.
 */
export function reviewPatient(
  patientId: string, entries: () => PooledEntry[], files: number[], context: BucketContext, describeError: (error: unknown) => string,
): PatientOutcome {
  const outcome: PatientOutcome = { patientId, files, lines: [], whoIcd10: 0, setAside: [] };
  try {
    const record = PatientRecord.fromEntries(entries(), context.shared ? { shared: context.shared } : {});
    outcome.whoIcd10 = record.diagnosesCodedIn(SYSTEM.ICD10_WHO);
    outcome.lines = runRules(record, context.rules, { now: context.now, icd10cm: context.icd10cm }).map((finding) => context.line(patientId, finding));
    // What the review read and could not use: reading the rest only to count it would cost more than the review.
    outcome.setAside = record.setAside('read');
  } catch (error) {
    outcome.error = describeError(error);
    outcome.lines = [];
  }
  return outcome;
}

/** The whole number written in ASCII digits on bytes [start, end) (a stored line's source or line number). */
function digits(bytes: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) n = n * 10 + (bytes[i]! - 0x30);
  return n;
}
