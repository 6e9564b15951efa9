/**
 * The patient of an NDJSON line read from its bytes, without parsing it: the byte-level twin of
 * `patientIdOf(JSON.parse(line))`, so a Bulk Data export is partitioned by patient at the speed of a scan
 * (the partition pass of `clarify audit` and `clarify split`) and each line is parsed once, by whoever reviews
 * its patient.
 *
 * It walks the line's top-level object, skipping nested values by their brackets and strings, and looks only
 * at `resourceType`, `id` and the compartment fields (subject / patient / for / beneficiary, and the
 * `reference` inside them), the last of duplicate keys winning as in JSON.parse. Anything out of the ordinary
 * (not an object, a structure it cannot follow, `resourceType` missing or not a string, a string whose
 * escapes are not JSON) gets `undefined`: the caller parses that line and decides as before. For a line that is valid
 * JSON, a defined answer is always the one JSON.parse + patientIdOf gives (a property test checks it). A
 * line that is not valid JSON may still get an answer: whoever parses it later finds it out and reports it.
 */
import { patientIdOfReference } from './group-by-patient';

export interface LineResource {
  /** An OperationOutcome: the export's own report, counted, never audited. */
  outcome: boolean;
  /** The patient whose compartment the resource is in; undefined for one in no patient's compartment. */
  patientId: string | undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** A field of interest: its name, and its key's bytes as written without escapes. */
interface Key {
  name: string;
  bytes: Uint8Array;
}
const key = (name: string): Key => ({ name, bytes: Uint8Array.from(name, (c) => c.charCodeAt(0)) });
const KEY = {
  resourceType: key('resourceType'),
  id: key('id'),
  reference: key('reference'),
  /** In patientIdOf's order of precedence. */
  compartment: ['subject', 'patient', 'for', 'beneficiary'].map(key),
};
const PATIENT = key('Patient').bytes;
const OPERATION_OUTCOME = key('OperationOutcome').bytes;

/** Whether the string token stringEnd last scanned has escapes (module state: no allocation per token). */
let tokenEscaped = false;

/** The index after the string whose opening quote is at `i`, or -1 when the line ends first. */
function stringEnd(b: Uint8Array, i: number, end: number): number {
  let escaped = false;
  for (let j = i + 1; j < end; j++) {
    const c = b[j]!;
    if (c === QUOTE) {
      tokenEscaped = escaped;
      return j + 1;
    }
    if (c === BACKSLASH) {
      escaped = true;
      j++;
    }
  }
  return -1;
}

/** The index after the JSON value starting at `i` (skipped, not checked), or -1 when it cannot be followed. */
function valueEnd(b: Uint8Array, i: number, end: number): number {
  const first = b[i];
  if (first === QUOTE) return stringEnd(b, i, end);
  if (first === OPEN_OBJECT || first === OPEN_ARRAY) {
    let depth = 0;
    for (let j = i; j < end; j++) {
      const c = b[j]!;
      if (c === QUOTE) {
        j = stringEnd(b, j, end) - 1;
        if (j < 0) return -1;
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
      else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        if (--depth === 0) return j + 1;
      }
    }
    return -1;
  }
  // A number, true, false or null: up to the next delimiter.
  let j = i;
  while (j < end) {
    const c = b[j]!;
    if (c === COMMA || c === CLOSE_OBJECT || c === CLOSE_ARRAY || isSpace(c) || c === QUOTE || c === OPEN_OBJECT || c === OPEN_ARRAY || c === COLON) break;
    j++;
  }
  return j > i ? j : -1;
}

function skipSpace(b: Uint8Array, i: number, end: number): number {
  while (i < end && isSpace(b[i]!)) i++;
  return i;
}

function sameBytes(b: Uint8Array, start: number, length: number, key: Uint8Array): boolean {
  if (length !== key.length) return false;
  for (let k = 0; k < length; k++) if (b[start + k] !== key[k]) return false;
  return true;
}

/** Whether the key token (its opening quote at `start`, `escaped` as scanned) names `key`. */
function isKey(b: Uint8Array, start: number, tokenEnd: number, escaped: boolean, key: Key): boolean {
  if (!escaped) return sameBytes(b, start + 1, tokenEnd - start - 2, key.bytes);
  return stringValue(b, start, tokenEnd) === key.name;
}

type OnMember = (keyStart: number, keyEnd: number, keyEscaped: boolean, valueStart: number, valueEnd: number) => void;

/**
 * Walks the object whose `{` is at `i`, calling `onMember` with each member's key token (from its opening
 * quote to after its closing one) and value, and returns the index after its `}`; -1 when it cannot be followed.
 */
function walkObject(b: Uint8Array, i: number, end: number, onMember: OnMember): number {
  i = skipSpace(b, i + 1, end);
  if (b[i] === CLOSE_OBJECT) return i + 1;
  while (i < end) {
    if (b[i] !== QUOTE) return -1;
    const keyEnd = stringEnd(b, i, end);
    if (keyEnd < 0) return -1;
    const keyEscaped = tokenEscaped;
    let j = skipSpace(b, keyEnd, end);
    if (b[j] !== COLON) return -1;
    j = skipSpace(b, j + 1, end);
    const afterValue = valueEnd(b, j, end);
    if (afterValue < 0) return -1;
    onMember(i, keyEnd, keyEscaped, j, afterValue);
    i = skipSpace(b, afterValue, end);
    if (b[i] === CLOSE_OBJECT) return i + 1;
    if (b[i] !== COMMA) return -1;
    i = skipSpace(b, i + 1, end);
  }
  return -1;
}

const decoder = new TextDecoder();

/** A string token's value (`start` at its opening quote); undefined when its escapes are not valid JSON. */
function stringValue(b: Uint8Array, start: number, tokenEnd: number): string | undefined {
  const inside = b.subarray(start + 1, tokenEnd - 1);
  let plain = true;
  for (let k = 0; k < inside.length; k++) {
    const c = inside[k]!;
    if (c === BACKSLASH || c >= 0x80 || c < 0x20) {
      plain = false;
      break;
    }
  }
  if (plain && inside.length <= 1024) return String.fromCharCode.apply(null, inside as unknown as number[]);
  if (plain) return decoder.decode(inside);
  try {
    const value: unknown = JSON.parse(decoder.decode(b.subarray(start, tokenEnd)));
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Members found on the top level of the line (start and end of each value; -1 when absent). */
const found = { resourceTypeStart: -1, resourceTypeEnd: -1, resourceTypeEscaped: false, idStart: -1, idEnd: -1, compartmentStart: [-1, -1, -1, -1], compartmentEnd: [-1, -1, -1, -1] };
let bytes: Uint8Array = new Uint8Array(0);
let referenceStart = -1;
let referenceEnd = -1;

function onTopMember(keyStart: number, keyEnd: number, keyEscaped: boolean, valueStart: number, valueEnd: number): void {
  const b = bytes;
  if (isKey(b, keyStart, keyEnd, keyEscaped, KEY.resourceType)) {
    found.resourceTypeStart = valueStart;
    found.resourceTypeEnd = valueEnd;
    // The value was the last token scanned: for a string, tokenEscaped is its own.
    found.resourceTypeEscaped = b[valueStart] === QUOTE && tokenEscaped;
  } else if (isKey(b, keyStart, keyEnd, keyEscaped, KEY.id)) {
    found.idStart = valueStart;
    found.idEnd = valueEnd;
  } else {
    for (let f = 0; f < KEY.compartment.length; f++) {
      if (isKey(b, keyStart, keyEnd, keyEscaped, KEY.compartment[f]!)) {
        found.compartmentStart[f] = valueStart;
        found.compartmentEnd[f] = valueEnd;
      }
    }
  }
}

function onReferenceMember(keyStart: number, keyEnd: number, keyEscaped: boolean, valueStart: number, valueEnd: number): void {
  if (isKey(bytes, keyStart, keyEnd, keyEscaped, KEY.reference)) {
    referenceStart = valueStart;
    referenceEnd = valueEnd;
  }
}

/**
 * The resource on bytes [start, end) of an NDJSON line (JSON whitespace around it allowed): whether it is an
 * OperationOutcome and the patient whose compartment it is in; undefined when the line must be parsed to
 * tell (see the file's comment).
 */
export function scanResourceLine(b: Uint8Array, start: number, end: number): LineResource | undefined {
  const open = skipSpace(b, start, end);
  if (b[open] !== OPEN_OBJECT) return undefined;
  bytes = b;
  found.resourceTypeStart = found.resourceTypeEnd = found.idStart = found.idEnd = -1;
  found.resourceTypeEscaped = false;
  found.compartmentStart.fill(-1);
  found.compartmentEnd.fill(-1);
  const close = walkObject(b, open, end, onTopMember);
  if (close < 0 || skipSpace(b, close, end) !== end) return undefined;
  if (found.resourceTypeStart < 0 || b[found.resourceTypeStart] !== QUOTE) return undefined;
  const typeStart = found.resourceTypeStart + 1;
  const typeLength = found.resourceTypeEnd - found.resourceTypeStart - 2;
  let isPatient = sameBytes(b, typeStart, typeLength, PATIENT);
  let outcome = sameBytes(b, typeStart, typeLength, OPERATION_OUTCOME);
  if (found.resourceTypeEscaped) {
    // An escaped resourceType: what it spells decides.
    const type = stringValue(b, found.resourceTypeStart, found.resourceTypeEnd);
    if (type === undefined) return undefined;
    isPatient = type === 'Patient';
    outcome = type === 'OperationOutcome';
  }
  if (isPatient) {
    if (found.idStart < 0 || b[found.idStart] !== QUOTE) return { outcome, patientId: undefined };
    const id = stringValue(b, found.idStart, found.idEnd);
    if (id === undefined) return undefined;
    return { outcome, patientId: id === '' ? undefined : id };
  }
  for (let f = 0; f < KEY.compartment.length; f++) {
    const valueStart = found.compartmentStart[f]!;
    if (valueStart < 0 || b[valueStart] !== OPEN_OBJECT) continue;
    referenceStart = referenceEnd = -1;
    if (walkObject(b, valueStart, found.compartmentEnd[f]!, onReferenceMember) < 0) return undefined;
    if (referenceStart < 0 || b[referenceStart] !== QUOTE) continue;
    const reference = stringValue(b, referenceStart, referenceEnd);
    if (reference === undefined) return undefined;
    if (reference === '') continue;
    const patientId = patientIdOfReference(reference);
    if (patientId !== undefined) return { outcome, patientId };
  }
  return { outcome, patientId: undefined };
}
