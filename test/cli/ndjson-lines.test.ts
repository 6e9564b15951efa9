/** NDJSON lines from chunks of bytes: the same lines, numbered the same, wherever the chunks break. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { forEachLine, trimmedRange } from '../../src/cli/ndjson-lines';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The text cut into chunks at these sizes, each chunk written into one reused buffer as the file reader does. */
async function* chunked(text: string | Uint8Array, sizes: number[]): AsyncIterable<Uint8Array> {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  // A Buffer, as Node's file reads give (its slice shares memory, unlike Uint8Array's).
  const buffer = Buffer.alloc(bytes.length + 1);
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length] ?? 1);
    const piece = bytes.subarray(at, at + size);
    buffer.fill(0xff);
    buffer.set(piece);
    yield buffer.subarray(0, piece.length);
    at += size;
  }
}

async function linesOf(text: string, sizes: number[]): Promise<Array<[number, string]>> {
  const lines: Array<[number, string]> = [];
  await forEachLine(chunked(text, sizes), (bytes, start, end, n) => void lines.push([n, decoder.decode(bytes.subarray(start, end))]));
  return lines;
}

describe('forEachLine', () => {
  it('gives each line once, numbered from 1, whatever the chunk sizes', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.string({ unit: 'grapheme' }).map((s) => s.replace(/\n/g, ' ')), { maxLength: 12 }), fc.boolean(),
      fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 }), async (texts, finalNewline, sizes) => {
        const text = texts.join('\n') + (finalNewline && texts.length ? '\n' : '');
        // A newline ends a line: after the last one, nothing more is a line.
        const cut = text.split('\n');
        if (cut.at(-1) === '') cut.pop();
        const expected = cut.map((line, i) => [i + 1, line]);
        expect(await linesOf(text, sizes)).toEqual(expected);
      }), { numRuns: 300 });
  });

  it('cut into byte ranges, gives each line once, to the range its first byte is in, and counts them', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.string({ unit: 'grapheme' }).map((t) => t.replace(/\n/g, ' ')), { maxLength: 10 }), fc.boolean(),
      fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 4 }), async (texts, finalNewline, sizes, cuts) => {
        const text = texts.join('\n') + (finalNewline && texts.length ? '\n' : '');
        const bytes = encoder.encode(text);
        const whole = await linesOf(text, sizes);
        const bounds = [...new Set([0, ...cuts.map((c) => c % (bytes.length + 1)), bytes.length])].sort((a, b) => a - b);
        const pieces: Array<[number, string]> = [];
        for (let r = 0; r + 1 < bounds.length; r++) {
          const [start, end] = [bounds[r]!, bounds[r + 1]!];
          // As a worker reads its range: from one byte before it, to the end of the file if it must.
          const from = start > 0 ? start - 1 : 0;
          const seen: Array<[number, string]> = [];
          const count = await forEachLine(chunked(bytes.subarray(from), sizes), (b, s, e, n) => void seen.push([n, decoder.decode(b.subarray(s, e))]),
            undefined, { skipFirst: start > 0, limit: end - from });
          expect(count).toBe(seen.length);
          pieces.push(...seen.map(([n, line]): [number, string] => [pieces.length + n, line]));
        }
        expect(pieces).toEqual(whole);
      }), { numRuns: 300 });
  });

  it('drops a byte order mark before the first line only, and leaves a CR before LF to the trim', async () => {
    expect(await linesOf('\ufeff{"a":1}\r\n\n{"b":2}\ufeff', [2])).toEqual([[1, '{"a":1}\r'], [2, ''], [3, '{"b":2}\ufeff']]);
    const [start, end] = trimmedRange(encoder.encode(' \t{"a":1}\r '), 0, 11);
    expect([start, end]).toEqual([2, 9]);
  });

  it('waits for the write-out after every chunk', async () => {
    const events: string[] = [];
    await forEachLine(chunked('a\nb\nc', [2]), (_b, _s, _e, n) => void events.push(`line ${n}`), async () => void events.push('settle'));
    expect(events).toEqual(['line 1', 'settle', 'line 2', 'settle', 'settle', 'line 3', 'settle']);
  });
});
