/**
 * The texts of the patient's clinical notes, as the record loader keeps them (issue 13): inline in
 * DocumentReference.content[].attachment and DiagnosticReport.presentedForm[], or by url, a Binary on the
 * FHIR server itself, read with the session's gateway. What is kept is bounded (src/notes/limits.ts): a
 * note over the per-note limit, the notes past the per-record limit and the links past the per-record
 * count are not kept, each counted with why. Nothing here logs, stores or puts note text in a URL.
 *
 * Never fetched: a url on another server, or under another path of this one (only `Binary/<id>` and
 * `<FHIR base>/Binary/<id>`, compared as parsed URLs), `data:`/`javascript:` urls and any other relative
 * path. The gateway only ever talks to its FHIR server, with its token; a url is reduced to a Binary id
 * and read as `Binary/<id>` there. Those notes stay unread; the pure reading lists them as not read.
 */
import type { Binary, Resource } from 'fhir/r4';
import { NOTE_LIMITS } from '../notes/limits';
import { decodedSize, isReadableNoteType } from '../notes/attachments';
import type { FhirGateway } from './gateway';
import { FhirRequestError } from './errors';
import { fhirTimeMs } from '../record/fhir-dates';

/** Why a note's text was not kept. */
export type WithheldReason =
  /** Its text (inline, a Binary, or the size its attachment states) is over NOTE_LIMITS.maxNoteBytes. */
  | 'over-note-limit'
  /** The record's kept note text had reached NOTE_LIMITS.maxRecordBytes. */
  | 'over-record-limit'
  /** A link past NOTE_LIMITS.maxFetchedNotes Binaries: not asked for. */
  | 'not-requested'
  /** Its Binary could not be read (404, 403, a server error after the retries, an answer that is no Binary). */
  | 'failed'
  /** The session was not granted Binary reads: not asked for. */
  | 'not-granted'
  /** The server does not offer Binary (not in its CapabilityStatement): not asked for. */
  | 'not-offered';

/** One attachment whose text Clarify did not keep, and why. */
export interface WithheldNote {
  /** The DocumentReference or DiagnosticReport as returned in LoadedPatientRecord.resources. */
  resource: Resource;
  /** The attachment: DocumentReference.content[index].attachment, or DiagnosticReport.presentedForm[index]. */
  index: number;
  reason: WithheldReason;
}

/** What the note texts came to: counts only, for the record part's status (src/messages.ts noteTextsReason). */
export interface NoteTextCounts {
  /** Binaries asked for, and those that could not be read. */
  requested: number;
  failed: number;
  /** Binaries read (each a resource of the record, its data kept or not). */
  fetched: number;
  /** Links to Binaries past the per-record count: not asked for. */
  notRequested: number;
  overNoteLimit: number;
  overRecordLimit: number;
  /** Bytes of note text kept, decoded, inline and read by url. */
  keptBytes: number;
}

/** The limits on note text (NOTE_LIMITS, src/notes/limits.ts), as numbers a caller may lower. */
export type NoteLimits = { [K in keyof typeof NOTE_LIMITS]: number };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A FHIR id with at least one letter or digit (`..` is no id: it would climb the path). */
const BINARY_ID = /^(?=[A-Za-z0-9\-.]*[A-Za-z0-9])[A-Za-z0-9\-.]{1,64}$/;

/**
 * The Binary id an attachment url names on this FHIR server, or undefined for any other url. Relative:
 * exactly `Binary/<id>`. Absolute: http(s), the base URL's origin, its path followed by `/Binary/<id>`,
 * no credentials, query or fragment (parsed, so `https://ehr.example.com.evil.org/...` or `/fhir/../x`
 * are not taken for the server's own).
 */
export function binaryIdOf(url: unknown, baseUrl: string): { id: string; absolute: boolean } | undefined {
  if (typeof url !== 'string') return undefined;
  const relative = /^Binary\/([^/?#]+)$/.exec(url);
  if (relative) return BINARY_ID.test(relative[1]!) ? { id: relative[1]!, absolute: false } : undefined;
  if (!/^https?:\/\//i.test(url)) return undefined;
  const parsed = URL.parse(url);
  const base = URL.parse(baseUrl);
  if (!parsed || !base || parsed.origin !== base.origin || parsed.username || parsed.password || parsed.search || parsed.hash) return undefined;
  if (url.includes('?') || url.includes('#')) return undefined;
  const prefix = `${base.pathname.replace(/\/+$/, '')}/Binary/`;
  if (!parsed.pathname.startsWith(prefix)) return undefined;
  let id: string;
  try {
    id = decodeURIComponent(parsed.pathname.slice(prefix.length));
  } catch {
    return undefined;
  }
  return BINARY_ID.test(id) ? { id, absolute: true } : undefined;
}

/** One attachment of a note-bearing resource. */
interface Slot {
  owner: Resource;
  /** `content` (DocumentReference) or `presentedForm` (DiagnosticReport). */
  list: 'content' | 'presentedForm';
  index: number;
  attachment: Json;
  /** When the note was written, for the order the limits are applied in (newest first); NaN unknown. */
  time: number;
}

/** The moment a FHIR date or dateTime names (the one strict parser: never the machine's time zone); NaN when none. */
const timeOf = (value: unknown): number => fhirTimeMs(value) ?? Number.NaN;

/** When a DocumentReference or DiagnosticReport was written, as well as it says. */
function noteTime(resource: Json): number {
  const context = isObject(resource.context) ? resource.context : {};
  const period = isObject(context.period) ? context.period : isObject(resource.effectivePeriod) ? resource.effectivePeriod : {};
  for (const value of [resource.date, resource.issued, resource.effectiveDateTime, period.end, period.start]) {
    const time = timeOf(value);
    if (!Number.isNaN(time)) return time;
  }
  return Number.NaN;
}

function slotsOf(resource: Resource): Slot[] {
  const r = resource as unknown as Json;
  const list = resource.resourceType === 'DocumentReference' ? 'content' : 'presentedForm';
  const items = r[list];
  if (!Array.isArray(items)) return [];
  const time = noteTime(r);
  return items.flatMap((item, index): Slot[] => {
    const attachment = list === 'content' ? (isObject(item) ? item.attachment : undefined) : item;
    return isObject(attachment) ? [{ owner: resource, list, index, attachment, time }] : [];
  });
}

/** Newest first; notes of unknown date last; otherwise the order they came in. */
const newestFirst = (a: Slot, b: Slot) =>
  (Number.isNaN(a.time) ? 1 : 0) - (Number.isNaN(b.time) ? 1 : 0) || (Number.isNaN(a.time) ? 0 : b.time - a.time);

function withoutData<T extends Json>(attachment: T): T {
  const { data: _dropped, ...rest } = attachment;
  return rest as T;
}

/** A copy of a resource whose attachments at these indexes lose their data (the input is never changed). */
function dropData(resource: Resource, list: Slot['list'], indexes: ReadonlySet<number>): Resource {
  const r = resource as unknown as Json;
  const items = r[list] as unknown[];
  const changed = items.map((item, i) => {
    if (!indexes.has(i)) return item;
    if (list === 'presentedForm') return withoutData(item as Json);
    const content = item as Json;
    return { ...content, attachment: withoutData(content.attachment as Json) };
  });
  return { ...r, [list]: changed } as unknown as Resource;
}

export interface NoteTextOptions {
  signal: AbortSignal;
  /** Whether Binary may be read; when not granted or not offered, no Binary is asked for. */
  binaryAccess: 'allowed' | 'not-granted' | 'not-offered';
  /** Errors that end the whole load (an expired session, an abort): rethrown. */
  isFatal: (error: unknown) => boolean;
  /** After each Binary answered (read or failed), with the number read so far. */
  onFetched?: (fetched: number) => void;
  limits?: Partial<NoteLimits>;
}

export interface NoteTexts {
  /** The DocumentReferences and DiagnosticReports as kept (a copy where data was dropped), in their order. */
  documents: Resource[];
  reports: Resource[];
  /** The Binaries read, their data kept or not (a copy where dropped). */
  binaries: Binary[];
  /** For a Binary read for an absolute attachment url: that url as the attachment wrote it. */
  fullUrls: Map<Resource, string>;
  withheld: WithheldNote[];
  counts: NoteTextCounts;
}

/**
 * Keeps the note texts of these DocumentReferences and DiagnosticReports within the limits, and reads the
 * Binaries their readable attachments link to on this server (at most maxFetchedNotes, newest notes first,
 * in parallel through the gateway's own bound). Non-readable attachments (PDF, images) lose their data.
 * A Binary that cannot be read is counted, never fatal; an expired session or an abort is rethrown.
 */
export async function readNoteTexts(gateway: FhirGateway, documents: readonly Resource[], reports: readonly Resource[], options: NoteTextOptions): Promise<NoteTexts> {
  const limits: NoteLimits = { ...NOTE_LIMITS, ...options.limits };
  const counts: NoteTextCounts = { requested: 0, failed: 0, fetched: 0, notRequested: 0, overNoteLimit: 0, overRecordLimit: 0, keptBytes: 0 };
  const slots = [...documents, ...reports].flatMap(slotsOf).sort(newestFirst);
  /** Attachments whose data is dropped, by owner. */
  const drops = new Map<Resource, Set<number>>();
  const withheld: Array<{ slot: Slot; reason: WithheldReason }> = [];
  const drop = (slot: Slot) => {
    const indexes = drops.get(slot.owner) ?? drops.set(slot.owner, new Set()).get(slot.owner)!;
    indexes.add(slot.index);
  };
  const withhold = (slot: Slot, reason: WithheldReason) => {
    withheld.push({ slot, reason });
    if (reason === 'over-note-limit') counts.overNoteLimit++;
    if (reason === 'over-record-limit') counts.overRecordLimit++;
    if (reason === 'not-requested') counts.notRequested++;
  };
  /** Whether a text of this many bytes is kept; counts it when kept, and says why when not. */
  const admit = (bytes: number): WithheldReason | undefined => {
    if (bytes > limits.maxNoteBytes) return 'over-note-limit';
    if (counts.keptBytes + bytes > limits.maxRecordBytes) return 'over-record-limit';
    counts.keptBytes += bytes;
    return undefined;
  };

  // What each attachment holds: its own text, a link to one of this server's Binaries, or nothing Clarify reads.
  type Plan = { slot: Slot; inline: string } | { slot: Slot; id: string; absoluteUrl?: string };
  const plans: Plan[] = [];
  for (const slot of slots) {
    const { data, contentType, url, size } = slot.attachment;
    const readable = isReadableNoteType(contentType);
    if (data !== undefined) {
      if (!readable) drop(slot);
      else if (typeof data === 'string') plans.push({ slot, inline: data });
      continue;
    }
    if (!readable) continue;
    const binary = binaryIdOf(url, gateway.baseUrl);
    if (!binary) continue;
    if (typeof size === 'number' && size > limits.maxNoteBytes) {
      withhold(slot, 'over-note-limit');
      continue;
    }
    plans.push({ slot, id: binary.id, ...(binary.absolute ? { absoluteUrl: url as string } : {}) });
  }

  // The Binaries to ask for: each once, the newest notes' first, up to the limit.
  const ids: string[] = [];
  for (const plan of plans) if ('id' in plan && !ids.includes(plan.id)) ids.push(plan.id);
  const asked = options.binaryAccess === 'allowed' ? new Set(ids.slice(0, limits.maxFetchedNotes)) : new Set<string>();
  counts.requested = asked.size;
  const read = new Map<string, Binary | undefined>();
  await Promise.all([...asked].map(async (id) => {
    try {
      const binary = await gateway.read<Binary>(`Binary/${id}`, { signal: options.signal });
      read.set(id, binary.id === id ? binary : { ...binary, id });
      counts.fetched++;
    } catch (error) {
      if (options.isFatal(error) || !(error instanceof FhirRequestError)) throw error;
      read.set(id, undefined);
      counts.failed++;
    }
    options.onFetched?.(counts.fetched);
  }));

  // The limits, applied to every text in the notes' order (newest first), inline or read: a Binary is
  // judged once, for its newest note.
  const binaries = new Map<string, Binary>();
  const judged = new Map<string, WithheldReason | undefined>();
  const fullUrls = new Map<Resource, string>();
  for (const plan of plans) {
    const { slot } = plan;
    if ('inline' in plan) {
      const reason = admit(decodedSize(plan.inline));
      if (reason) {
        drop(slot);
        withhold(slot, reason);
      }
      continue;
    }
    const { id, absoluteUrl } = plan;
    if (!asked.has(id)) {
      withhold(slot, options.binaryAccess === 'allowed' ? 'not-requested' : options.binaryAccess);
      continue;
    }
    const binary = read.get(id);
    if (!binary) {
      withheld.push({ slot, reason: 'failed' });
      continue;
    }
    if (!judged.has(id)) {
      const data: unknown = (binary as unknown as Json).data;
      let reason: WithheldReason | undefined;
      let kept: Binary = binary;
      if (data !== undefined) {
        if (!isReadableNoteType(binary.contentType ?? slot.attachment.contentType)) kept = withoutData(binary as unknown as Json) as unknown as Binary;
        else if (typeof data === 'string') {
          reason = admit(decodedSize(data));
          if (reason) kept = withoutData(binary as unknown as Json) as unknown as Binary;
        }
      }
      judged.set(id, reason);
      binaries.set(id, kept);
    }
    const reason = judged.get(id);
    if (reason) withhold(slot, reason);
    const kept = binaries.get(id)!;
    if (absoluteUrl !== undefined && !fullUrls.has(kept)) fullUrls.set(kept, absoluteUrl);
  }

  const copies = new Map<Resource, Resource>();
  for (const [owner, indexes] of drops) copies.set(owner, dropData(owner, owner.resourceType === 'DocumentReference' ? 'content' : 'presentedForm', indexes));
  const kept = (r: Resource) => copies.get(r) ?? r;
  return {
    documents: documents.map(kept),
    reports: reports.map(kept),
    binaries: [...binaries.values()],
    fullUrls,
    withheld: withheld.map(({ slot, reason }) => ({ resource: kept(slot.owner), index: slot.index, reason })),
    counts,
  };
}
