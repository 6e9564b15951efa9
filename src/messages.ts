/**
 * What Clarify says to its users when something stops it, in one place: a title, what happened, and
 * what to do next. No message includes patient data.
 */
import { NOTE_LIMITS } from './notes/limits';

export type FailureKind =
  | 'not-launched'
  | 'authorization'
  | 'session-expired'
  | 'unreachable'
  | 'forbidden'
  | 'not-found'
  | 'server'
  | 'unexpected';

export interface FailureMessage {
  title: string;
  explanation: string;
  action: string;
}

export const FAILURE_MESSAGES: Record<FailureKind, FailureMessage> = {
  'not-launched': {
    title: 'Open Clarify from the EHR',
    explanation: 'Clarify was opened directly, so it has no patient or user from the EHR.',
    action: "Open a patient's chart in the EHR and start Clarify from its apps menu. Physicians can start it from the EHR's provider apps.",
  },
  authorization: {
    title: 'The EHR did not authorize Clarify',
    explanation: 'The EHR refused or could not complete the sign-in for Clarify.',
    action: 'Launch Clarify again from the EHR. If it keeps failing, ask your EHR administrator to check that Clarify is registered with the right redirect URL and scopes.',
  },
  'session-expired': {
    title: 'Your session has expired',
    explanation: 'The EHR no longer accepts this Clarify session.',
    action: 'Close this window and launch Clarify again from the EHR. Nothing you had sent is lost: queries are kept in the EHR.',
  },
  unreachable: {
    title: 'The EHR cannot be reached',
    explanation: "Clarify could not connect to the EHR's FHIR server.",
    action: 'Check your network connection, then reload this page. If the EHR is down, try again later.',
  },
  forbidden: {
    title: 'Clarify is not allowed to read this',
    explanation: 'The EHR refused access with the permissions granted to this session.',
    action: 'Launch Clarify again and approve the requested access, or ask your EHR administrator to grant it.',
  },
  'not-found': {
    title: 'The record was not found',
    explanation: 'The EHR does not know the patient or user this session was launched for.',
    action: "Launch Clarify again from the patient's chart.",
  },
  server: {
    title: 'The EHR had a problem',
    explanation: 'The EHR answered with a server error.',
    action: 'Reload this page in a minute. If it keeps happening, tell your EHR support team.',
  },
  unexpected: {
    title: 'Something went wrong',
    explanation: 'Clarify met an error it did not expect.',
    action: 'Reload this page or launch Clarify again from the EHR.',
  },
};

/** Why a part of the record could not be read, in a few words for the technician. */
export function partFailureReason(error: { kind: string; status: number; serverText?: string }): string {
  const server = error.serverText ? `: ${error.serverText}` : '';
  switch (error.kind) {
    case 'forbidden': return `access denied by the EHR (403)${server}`;
    case 'not-found': return `not available on this EHR (${error.status})${server}`;
    case 'rate-limited': return 'the EHR kept asking Clarify to slow down (429); try again in a minute';
    case 'timeout': return 'the EHR did not answer in time';
    case 'unreachable': return 'the EHR could not be reached';
    case 'malformed': return "the EHR's answer was not valid FHIR";
    case 'server': return `the EHR had an error (${error.status})${server}`;
    default: return `refused by the EHR (${error.status})${server}`;
  }
}

export const NOT_IN_CAPABILITY_STATEMENT = 'this EHR does not offer it (not in its CapabilityStatement)';

/** A part of the record the session's granted scopes do not cover: Clarify did not ask for it. */
export const NOT_GRANTED = 'not in the access the EHR granted Clarify at launch';

/** A number of bytes as a limit is stated: `512 KB`, `16 MB`. */
function byteLimit(bytes: number): string {
  if (bytes < 1024) return `${bytes}-byte`;
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/**
 * Why some note texts were not kept, for the record part "Note texts"; empty when all were. Counts and the
 * limits only (src/notes/limits.ts), never note text: "3 of 40 note texts could not be read; 2 over the
 * 512 KB limit per note".
 */
export function noteTextsReason(
  counts: { requested: number; failed: number; overNoteLimit: number; overRecordLimit: number; notRequested: number },
  limits: { maxNoteBytes: number; maxRecordBytes: number; maxFetchedNotes: number } = NOTE_LIMITS,
): string {
  const texts = (n: number) => `${n} note ${n === 1 ? 'text' : 'texts'}`;
  return [
    counts.failed > 0 ? `${counts.failed} of ${texts(counts.requested)} could not be read` : '',
    counts.overNoteLimit > 0 ? `${counts.overNoteLimit} over the ${byteLimit(limits.maxNoteBytes)} limit per note` : '',
    counts.overRecordLimit > 0 ? `${counts.overRecordLimit} past the ${byteLimit(limits.maxRecordBytes)} limit per record` : '',
    counts.notRequested > 0 ? `${texts(counts.notRequested)} not asked for, past the ${limits.maxFetchedNotes} read by link per record` : '',
  ].filter(Boolean).join('; ');
}

/** Why the loader did not keep a note's text (src/fhir/note-texts.ts), as the review's list of notes not read says it. */
export function withheldNoteReason(
  reason: 'over-note-limit' | 'over-record-limit' | 'not-requested' | 'failed' | 'not-granted' | 'not-offered',
  limits: { maxNoteBytes: number; maxRecordBytes: number; maxFetchedNotes: number } = NOTE_LIMITS,
): string {
  switch (reason) {
    case 'over-note-limit': return `it is longer than the ${byteLimit(limits.maxNoteBytes)} Clarify reads of one note`;
    case 'over-record-limit': return `the record's notes exceed the ${byteLimit(limits.maxRecordBytes)} Clarify reads per record`;
    case 'not-requested': return `past the ${limits.maxFetchedNotes} note texts Clarify reads by link per record`;
    case 'failed': return 'its text could not be read from the EHR';
    case 'not-granted': return 'the EHR did not allow Clarify to read note texts';
    case 'not-offered': return 'the EHR does not offer note texts (Binary)';
  }
}
