/**
 * NDJSON lines from a file's bytes in chunks, as bytes: the partition pass of `clarify audit` and `clarify
 * split` never decodes a line it does not need to read (scan-resource-line.ts finds its patient from the bytes).
 * Lines end at LF; a CR before it is JSON whitespace, trimmed by whoever reads the line. A UTF-8 byte order
 * mark before the first line is dropped (RFC 8259 §8.1 lets parsers ignore it).
 */

const LF = 0x0a;

/**
 * Calls `onLine(bytes, start, end, lineNumber)` for each line (numbered from 1, empty ones included), in
 * order; `bytes` is valid only during the call. After each chunk, awaits `afterChunk` (to write out).
 */
export async function forEachLine(
  chunks: AsyncIterable<Uint8Array>,
  onLine: (bytes: Uint8Array, start: number, end: number, lineNumber: number) => void,
  afterChunk: () => Promise<void> | void = () => {},
): Promise<void> {
  let lineNumber = 0;
  /** The start of a line that runs over chunk boundaries (copied: a chunk's buffer may be reused). */
  let carried: Uint8Array[] = [];
  let first = true;
  for await (const chunk of chunks) {
    let start = 0;
    if (first && chunk.length > 0) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) start = 3;
    }
    let newline = chunk.indexOf(LF, start);
    if (carried.length && newline >= 0) {
      const line = concat([...carried, chunk.subarray(start, newline)]);
      carried = [];
      onLine(line, 0, line.length, ++lineNumber);
      start = newline + 1;
      newline = chunk.indexOf(LF, start);
    }
    while (newline >= 0) {
      onLine(chunk, start, newline, ++lineNumber);
      start = newline + 1;
      newline = chunk.indexOf(LF, start);
    }
    // A copy (Uint8Array's slice: a Buffer's slice would share the memory that the next read overwrites).
    if (start < chunk.length) carried.push(Uint8Array.prototype.slice.call(chunk, start));
    await afterChunk();
  }
  if (carried.length) {
    const line = concat(carried);
    onLine(line, 0, line.length, ++lineNumber);
    await afterChunk();
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
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
