/**
 * A note's attachment as both the loader (src/fhir/note-texts.ts) and the reading (clinical-notes.ts) judge
 * it: its media type and charset, whether Clarify reads that type, and the size its base64 decodes to.
 */
import { READABLE_NOTE_TYPES } from './limits';

/** `Text/Plain; charset="UTF-8"` → media type `text/plain`, charset `utf-8`; nothing for what is no content type. */
export function parseContentType(value: unknown): { mediaType?: string; charset?: string } {
  if (typeof value !== 'string' || value.trim() === '') return {};
  const [type, ...parameters] = value.split(';');
  const charset = parameters.map((p) => /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(p)?.[1]).find(Boolean);
  return { mediaType: type!.trim().toLowerCase() || undefined, charset: charset?.toLowerCase() };
}

/** Whether Clarify reads an attachment of this content type: text/plain or text/html, or none stated. */
export function isReadableNoteType(contentType: unknown): boolean {
  const { mediaType } = parseContentType(contentType);
  return mediaType === undefined || READABLE_NOTE_TYPES.includes(mediaType);
}

/** Bytes a base64 string decodes to (whitespace counted as data: an upper bound for a well-formed value). */
export function decodedSize(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((base64.length * 3) / 4) - padding);
}
