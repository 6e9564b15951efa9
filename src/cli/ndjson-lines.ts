/**
 * NDJSON lines from a file's bytes in chunks, as bytes: the partition pass of `clarify audit` and `clarify
 * split` never decodes a line it does not need to read (scan-resource-line.ts finds its patient from the bytes).
 * Lines end at LF; a CR before it is JSON whitespace, trimmed by whoever reads the line. A UTF-8 byte order
 * mark before the first line is dropped (RFC 8259 §8.1 lets parsers ignore it).
 */

const LF = 0x0a;

/** Where in a stream of bytes lines are taken from: all of it, or the lines that start in one byte range of a file. */
export interface LineRange {
  /**
   * The stream starts one byte before the range (which does not start the file): the line under way there,
   * up to and including the first LF, belongs to the range before and is skipped.
   */
  skipFirst?: boolean;
  /** Only lines starting before this many bytes into the stream are taken (the range's end); then reading stops. */
  limit?: number;
}

/**
 * Calls `onLine(bytes, start, end, lineNumber)` for each line (numbered from 1 in the range, empty ones
 * included), in order; `bytes` is valid only during the call. After each chunk, awaits `afterChunk` (to write
 * out). Returns how many lines there were.
 */
export async function forEachLine(
  chunks: AsyncIterable<Uint8Array>,
  onLine: (bytes: Uint8Array, start: number, end: number, lineNumber: number) => void,
  afterChunk: () => Promise<void> | void = () => {},
  range: LineRange = {},
): Promise<number> {
  const limit = range.limit ?? Infinity;
  let lineNumber = 0;
  /** The start of a line that runs over chunk boundaries (copied: a chunk's buffer may be reused). */
  let carried: Uint8Array[] = [];
  /** Where the line under way starts, in bytes from the stream's start; -1 while the first line is skipped. */
  let lineStartsAt = range.skipFirst ? -1 : 0;
  let offset = 0;
  let first = true;
  for await (const chunk of chunks) {
    let start = 0;
    if (first && chunk.length > 0) {
      first = false;
      if (!range.skipFirst && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) start = lineStartsAt = 3;
    }
    let newline = chunk.indexOf(LF, start);
    if (lineStartsAt < 0) {
      if (newline < 0) {
        offset += chunk.length;
        continue;
      }
      start = newline + 1;
      lineStartsAt = offset + start;
      newline = chunk.indexOf(LF, start);
    }
    if (lineStartsAt >= limit) return lineNumber;
    if (carried.length && newline >= 0) {
      const line = concat([...carried, chunk.subarray(start, newline)]);
      carried = [];
      onLine(line, 0, line.length, ++lineNumber);
      start = newline + 1;
      lineStartsAt = offset + start;
      newline = chunk.indexOf(LF, start);
    }
    while (newline >= 0 && lineStartsAt < limit) {
      onLine(chunk, start, newline, ++lineNumber);
      start = newline + 1;
      lineStartsAt = offset + start;
      newline = chunk.indexOf(LF, start);
    }
    if (lineStartsAt >= limit) {
      await afterChunk();
      return lineNumber;
    }
    // A copy (Uint8Array's slice: a Buffer's slice would share the memory that the next read overwrites).
    if (start < chunk.length) carried.push(Uint8Array.prototype.slice.call(chunk, start));
    offset += chunk.length;
    await afterChunk();
  }
  if (carried.length && lineStartsAt >= 0 && lineStartsAt < limit) {
    const line = concat(carried);
    onLine(line, 0, line.length, ++lineNumber);
    await afterChunk();
  }
  return lineNumber;
}

/** Bytes laid end to end (the one part itself when there is one). */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const whole = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    whole.set(part, at);
    at += part.length;
  }
  return whole;
}

/** Bytes [start, end) without the JSON whitespace (space, tab, CR, LF) around them. */
export function trimmedRange(bytes: Uint8Array, start: number, end: number): [number, number] {
  const space = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
  while (start < end && space(bytes[start]!)) start++;
  while (end > start && space(bytes[end - 1]!)) end--;
  return [start, end];
}

/** Lines waiting in memory as bytes: `length` bytes of `bytes` are used. */
export interface LineBlock {
  bytes: Uint8Array;
  length: number;
}

/**
 * Appends a stored line to a block: an ASCII head, bytes [start, end) of `bytes` (copied), and LF. A full block
 * grows into a new array twice its size; returns by how many bytes it grew (0 mostly).
 */
export function appendLine(block: LineBlock, head: string, bytes: Uint8Array, start: number, end: number): number {
  const size = head.length + (end - start) + 1;
  let grew = 0;
  if (block.length + size > block.bytes.length) {
    const grown = new Uint8Array(Math.max(block.bytes.length * 2, block.length + size));
    grown.set(block.bytes.subarray(0, block.length));
    grew = grown.length - block.bytes.length;
    block.bytes = grown;
  }
  let at = block.length;
  for (let i = 0; i < head.length; i++) block.bytes[at++] = head.charCodeAt(i);
  block.bytes.set(bytes.subarray(start, end), at);
  block.bytes[at + end - start] = LF;
  block.length += size;
  return grew;
}
