/**
 * How much note text Clarify reads, stated once for the loader (src/fhir) and the pure reading
 * (clinical-notes.ts). A note over the per-note limit is listed as not read, with the limit; once a
 * record's notes reach the per-record limit, the rest are listed as not read. The limits keep the
 * review responsive on a chart with years of notes and bound what a hostile server can make the browser hold.
 */
export const NOTE_LIMITS = {
  /** Bytes of one note's text (UTF-8, after base64 decoding): a long discharge summary is ~40 KB. */
  maxNoteBytes: 512 * 1024,
  /** Bytes of note text per record, all notes together. */
  maxRecordBytes: 16 * 1024 * 1024,
  /** Note texts read by url (Binary) per record: each is one request. */
  maxFetchedNotes: 400,
} as const;

/** The content types whose text Clarify reads; others (PDF, images, CDA) are listed as not read. */
export const READABLE_NOTE_TYPES: readonly string[] = ['text/plain', 'text/html'];
