/** NDJSON lines from chunks of bytes: the same lines, numbered the same, wherever the chunks break. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { forEachLine, trimmedRange } from '../../src/cli/ndjson-lines';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The text cut into chunks at these sizes, each chunk written into one reused buffer as the file reader does. */
async function* chunked(text: string, sizes: number[]): AsyncIterable<Uint8Array> {
  const bytes = encoder.encode(text);
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
