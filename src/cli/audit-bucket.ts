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
  /** Indexes of the input files the patient's lines came from (for messages). */
  files: number[];
  lines: string[];
  /** Diagnoses coded in WHO ICD-10, not checked. */
  whoIcd10: number;
  setAside: Array<{ resourceType: string; problem: string; count: number }>;
  /** Set when reviewing the patient failed: the error, described (no resource content). */
  error?: string;
}

/**
 * A partition line: `<file index>\t<patient id, URI-encoded>\t<resource JSON>`. The patient travels beside the
 * JSON so a partition is grouped without parsing it, and each patient's resources are parsed only when that
 * patient is reviewed (then dropped): one patient's parsed JSON at a time, not the partition's.
 */
export function storedLine(fileIndex: number, patientId: string, json: string): string {
  return `${fileIndex}\t${encodeURIComponent(patientId)}\t${json}`;
}

export function auditBucket(stored: readonly string[], context: BucketContext, describeError: (error: unknown) => string): PatientOutcome[] {
  const byPatient = new Map<string, { lines: string[]; files: Set<number> }>();
  for (const line of stored) {
    const first = line.indexOf('\t');
    const second = line.indexOf('\t', first + 1);
    if (first < 0 || second < 0) continue;
    const patientId = decodeURIComponent(line.slice(first + 1, second));
    let patient = byPatient.get(patientId);
    if (!patient) byPatient.set(patientId, (patient = { lines: [], files: new Set() }));
    patient.lines.push(line.slice(second + 1));
    patient.files.add(Number(line.slice(0, first)));
  }
  return [...byPatient.keys()].sort().map((patientId) => {
    const { lines, files } = byPatient.get(patientId)!;
    return reviewPatient(patientId, () => lines.map((json) => ({ resource: JSON.parse(json) as Resource })), [...files], context, describeError);
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
