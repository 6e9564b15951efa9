/**
 * The clinical notes of a record, as text: each DocumentReference and each DiagnosticReport with a
 * presentedForm (DOMAIN.md §7; US Core Clinical Notes), its kind, date and encounter, and its text when
 * Clarify can read it, or why not. Pure: the text comes from inline base64 `data`, or from a Binary of the
 * record that the attachment's `url` names (the loader reads those from the FHIR server itself, never from
 * another host: src/fhir). text/plain is read as it is; text/html is turned into text, never rendered
 * (html-text.ts); other types (PDF, images, CDA) are listed as not read. Note text is never logged or stored.
 *
 * Left out: notes entered in error, and superseded ones (a newer version replaces them:
 * http://hl7.org/fhir/R4/valueset-document-reference-status.html); reports entered in error or cancelled.
 */
import type { Attachment, Binary, DiagnosticReport, DocumentReference, Resource } from 'fhir/r4';
import type { PatientRecord } from '../record/patient-record';
import { fhirTimeMs } from '../record/fhir-dates';
import { referenceTo } from '../record/references';
import { displayableText } from '../record/text';
import { conceptText } from '../record/describe';
import { NOTE_TYPE_TITLES } from '../terminology/note-types';
import { SYSTEM } from '../terminology/systems';
import { htmlToText } from './html-text';
import { analyzeNote } from './analyze-note';
import type { NoteAnalysis } from './types';
import { NOTE_LIMITS } from './limits';
import { decodedSize, isReadableNoteType, parseContentType } from './attachments';

export interface ClinicalNote {
  /** `DocumentReference/id` or `DiagnosticReport/id`. */
  reference: string;
  /** What kind of note, in words: `Progress note`, `Discharge summary`, `Chest X-ray report`. */
  title: string;
  /** When it was written (DocumentReference.date, else its context period; a report's effective time, else issued). */
  time?: string;
  timeMs?: number;
  /** `Encounter/id` the note belongs to, when it names one. */
  encounter?: string;
  /** Written but not final: a preliminary document or report (not yet authenticated). */
  preliminary: boolean;
  /** The media type of the content read (or of the first content, when none could be read). */
  contentType?: string;
  /** The note's text, when read: plain text with line breaks, control characters removed. */
  text?: string;
  /** Why the text was not read, in the user's words, when it was not. */
  notRead?: string;
}

export interface NoteReadingLimits {
  maxNoteBytes: number;
  maxRecordBytes: number;
}

const SKIPPED_DOCUMENT_STATUSES = new Set(['entered-in-error', 'superseded']);
const SKIPPED_REPORT_STATUSES = new Set(['entered-in-error', 'cancelled']);
const PRELIMINARY_STATUSES = new Set(['preliminary', 'partial', 'registered']);

const KB = 1024;
const describeBytes = (bytes: number) => (bytes >= KB * KB ? `${bytes / (KB * KB)} MB` : `${bytes / KB} KB`);

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Base64 → text in the charset named (UTF-8 when none or unknown); undefined when it is not base64. */
function decodeBase64Text(data: string, charset: string | undefined): string | undefined {
  const compact = data.replace(/[\s]+/g, '');
  if (compact.length % 4 === 1 || !BASE64.test(compact)) return undefined;
  let binary: string;
  try {
    binary = atob(compact);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset ?? 'utf-8');
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(bytes);
}

interface Candidate {
  attachment: Attachment;
  mediaType?: string;
  charset?: string;
}

/** The Binary an attachment url names in the record: `Binary/id`, or an absolute url the loader read it for. */
function binaryOf(record: PatientRecord, url: string): Binary | undefined {
  const isRelative = /^Binary\/[A-Za-z0-9\-.]{1,64}$/.test(url);
  const found = isRelative ? record.resolve(url) : record.resolveFullUrl(url);
  return found?.resourceType === 'Binary' ? (found as Binary) : undefined;
}

/** The note's words: text/plain as it is, text/html turned into text; line breaks as `\n`; controls removed. */
function asText(raw: string, mediaType: string | undefined): string {
  const text = mediaType === 'text/html' ? htmlToText(raw) : raw;
  return displayableText(text.replace(/\r\n?/g, '\n'));
}

type Reading = { text: string; bytes: number; contentType?: string } | { notRead: string; contentType?: string };

/** The first readable content of a note, within the limits, or why none was read. */
function readContent(record: PatientRecord, candidates: readonly Candidate[], limits: NoteReadingLimits, budget: { bytes: number }): Reading {
  const readable = candidates.filter((c) => isReadableNoteType(c.attachment.contentType));
  if (readable.length === 0) {
    const types = [...new Set(candidates.map((c) => c.mediaType ?? 'unknown type'))];
    return candidates.length === 0
      ? { notRead: 'it has no content' }
      : { notRead: `${types.join(', ')} is not read (Clarify reads text/plain and text/html)`, contentType: candidates[0]!.attachment.contentType };
  }
  let reason: Reading | undefined;
  for (const { attachment, mediaType, charset } of readable) {
    let data = attachment.data;
    let type = mediaType;
    let typeCharset = charset;
    if (data === undefined && attachment.url !== undefined) {
      const binary = binaryOf(record, attachment.url);
      if (!binary) {
        reason ??= { notRead: 'its text is kept elsewhere and was not read (Clarify reads note texts from the EHR\'s own FHIR server only)', contentType: attachment.contentType };
        continue;
      }
      if (binary.data === undefined) {
        reason ??= { notRead: 'its text could not be read from the EHR', contentType: attachment.contentType };
        continue;
      }
      data = binary.data;
      const own = parseContentType(binary.contentType);
      type ??= own.mediaType;
      typeCharset ??= own.charset;
      if (!isReadableNoteType(type)) {
        reason ??= { notRead: `${type} is not read (Clarify reads text/plain and text/html)`, contentType: type };
        continue;
      }
    }
    if (data === undefined) {
      reason ??= { notRead: 'it has no text', contentType: attachment.contentType };
      continue;
    }
    const bytes = decodedSize(data.replace(/\s+/g, ''));
    if (bytes > limits.maxNoteBytes) {
      reason ??= { notRead: `it is longer than the ${describeBytes(limits.maxNoteBytes)} Clarify reads of one note`, contentType: attachment.contentType };
      continue;
    }
    if (budget.bytes + bytes > limits.maxRecordBytes) {
      reason ??= { notRead: `the record's notes exceed the ${describeBytes(limits.maxRecordBytes)} Clarify reads per record`, contentType: attachment.contentType };
      continue;
    }
    const raw = decodeBase64Text(data, typeCharset);
    if (raw === undefined) {
      reason ??= { notRead: 'its content is not valid base64', contentType: attachment.contentType };
      continue;
    }
    budget.bytes += bytes;
    return { text: asText(raw, type), bytes, contentType: attachment.contentType };
  }
  return reason!;
}

const candidatesOf = (attachments: readonly (Attachment | undefined)[]): Candidate[] =>
  attachments.flatMap((attachment) => (attachment ? [{ attachment, ...parseContentType(attachment.contentType) }] : []));

/** The kind of note in words: the LOINC document type's title, else the type as written, else "Note". */
function documentTitle(document: DocumentReference): string {
  const loinc = document.type?.coding?.find((c) => c.system === SYSTEM.LOINC && c.code && NOTE_TYPE_TITLES.has(c.code))?.code;
  if (loinc) return NOTE_TYPE_TITLES.get(loinc)!;
  return conceptText(document.type) ?? document.description ?? 'Note';
}

function reportTitle(report: DiagnosticReport): string {
  const loinc = report.code?.coding?.find((c) => c.system === SYSTEM.LOINC && c.code && NOTE_TYPE_TITLES.has(c.code))?.code;
  if (loinc) return NOTE_TYPE_TITLES.get(loinc)!;
  const name = conceptText(report.code);
  return name ? (/\breport\b/i.test(name) ? name : `${name} report`) : 'Report';
}

function encounterReference(record: PatientRecord, reference: { reference?: string } | undefined, from: Resource): string | undefined {
  const found = record.resolve(reference, from);
  return found?.resourceType === 'Encounter' ? referenceTo(found) : undefined;
}

function noteOf(record: PatientRecord, resource: DocumentReference | DiagnosticReport, limits: NoteReadingLimits, budget: { bytes: number }): ClinicalNote | undefined {
  const isDocument = resource.resourceType === 'DocumentReference';
  const document = resource as DocumentReference;
  const report = resource as DiagnosticReport;
  if (isDocument ? SKIPPED_DOCUMENT_STATUSES.has(document.status) : SKIPPED_REPORT_STATUSES.has(report.status)) return undefined;
  const attachments = isDocument ? (document.content ?? []).map((c) => c.attachment) : report.presentedForm ?? [];
  // A report without a presented form is results, not a note.
  if (!isDocument && attachments.length === 0) return undefined;
  const time = isDocument
    ? document.date ?? document.context?.period?.start ?? attachments.find((a) => a?.creation)?.creation
    : report.effectiveDateTime ?? report.effectivePeriod?.start ?? report.issued;
  const encounter = isDocument
    ? (document.context?.encounter ?? []).map((e) => encounterReference(record, e, document)).find(Boolean)
    : encounterReference(record, report.encounter, report);
  const reading = readContent(record, candidatesOf(attachments), limits, budget);
  return {
    reference: referenceTo(resource),
    title: isDocument ? documentTitle(document) : reportTitle(report),
    time,
    timeMs: fhirTimeMs(time),
    encounter,
    preliminary: isDocument ? document.docStatus === 'preliminary' : PRELIMINARY_STATUSES.has(report.status),
    contentType: reading.contentType,
    ...('text' in reading ? { text: reading.text } : { notRead: reading.notRead }),
  };
}

const NOTES = new WeakMap<PatientRecord, readonly ClinicalNote[]>();

/**
 * Every note of the record, oldest first (undated ones first), read once per record. The per-record limit
 * is spent on the newest notes first: when a long history reaches it, the notes left unread are the oldest.
 */
export function clinicalNotes(record: PatientRecord, limits: NoteReadingLimits = NOTE_LIMITS): readonly ClinicalNote[] {
  const cached = limits === NOTE_LIMITS ? NOTES.get(record) : undefined;
  if (cached) return cached;
  const sources = [...record.byType('DocumentReference'), ...record.byType('DiagnosticReport')] as Array<DocumentReference | DiagnosticReport>;
  const timeOf = (r: DocumentReference | DiagnosticReport) => fhirTimeMs(r.resourceType === 'DocumentReference'
    ? r.date ?? r.context?.period?.start
    : r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.issued) ?? -Infinity;
  // Newest first for the byte budget (the recent notes matter most), then listed oldest first.
  const newestFirst = sources.map((r) => ({ r, ms: timeOf(r) })).sort((a, b) => b.ms - a.ms);
  const budget = { bytes: 0 };
  const notes = newestFirst.flatMap(({ r }) => noteOf(record, r, limits, budget) ?? []).reverse();
  if (limits === NOTE_LIMITS) NOTES.set(record, notes);
  return notes;
}

const ANALYSES = new WeakMap<ClinicalNote, NoteAnalysis>();

/** What a note's sentences say about diagnoses (analyze-note.ts), analysed once per note; none for a note not read. */
export function noteAnalysis(note: ClinicalNote): NoteAnalysis | undefined {
  if (note.text === undefined) return undefined;
  let analysis = ANALYSES.get(note);
  if (!analysis) ANALYSES.set(note, (analysis = analyzeNote(note.text)));
  return analysis;
}

/**
 * The notes a review reads, newest first, read or not: with a launch encounter (`Encounter/id`), the notes of
 * that encounter and the notes naming no encounter written in the window; else the notes written in the window.
 */
export function notesOfReview(record: PatientRecord, review: { startMs: number; endMs: number; encounter?: string }): ClinicalNote[] {
  const inWindow = (note: ClinicalNote) => note.timeMs !== undefined && note.timeMs >= review.startMs && note.timeMs <= review.endMs;
  const inReview = (note: ClinicalNote) => (review.encounter && note.encounter !== undefined ? note.encounter === review.encounter : inWindow(note));
  return clinicalNotes(record).filter(inReview).sort((a, b) => (b.timeMs ?? -Infinity) - (a.timeMs ?? -Infinity));
}
