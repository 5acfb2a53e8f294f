import type { Readable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import type { RawItem } from './ingest.service';

const MAX_LINE_BYTES = 256 * 1024;

export type Line = RawItem | { pos: number; error: 'INVALID_JSON' | 'LINE_TOO_LONG' };

/**
 * Splits a byte stream into numbered, parsed NDJSON lines and yields them in chunks. Reading through
 * the stream's async iterator keeps backpressure: the next bytes are read only after the previous
 * chunk was committed, so memory stays constant whatever the size of the body.
 */
export async function* readNdjsonChunks(stream: Readable, chunkSize: number): AsyncGenerator<Line[]> {
  let carry = '';
  let lineNo = 0;
  let chunk: Line[] = [];
  const decoder = new TextDecoder('utf-8');
  const take = (text: string) => {
    lineNo++;
    const trimmed = text.replace(/\r$/, '');
    if (trimmed.trim() === '') return;
    if (Buffer.byteLength(trimmed) > MAX_LINE_BYTES) {
      chunk.push({ pos: lineNo, error: 'LINE_TOO_LONG' });
      return;
    }
    try {
      // JSON cannot hold a raw NUL inside a string, only the escape: without one no field can hold a NUL.
      chunk.push({ pos: lineNo, raw: JSON.parse(trimmed), noNul: !trimmed.includes('\\u0000') });
    } catch {
      chunk.push({ pos: lineNo, error: 'INVALID_JSON' });
    }
  };
  for await (const buf of stream) {
    // A turn of the event loop per piece read: buffered bytes are otherwise read and parsed without one, and the
    // database's answers to the chunk being written meanwhile wait.
    await setImmediate();
    carry += decoder.decode(buf as Buffer, { stream: true });
    let nl = carry.indexOf('\n');
    while (nl !== -1) {
      take(carry.slice(0, nl));
      carry = carry.slice(nl + 1);
      nl = carry.indexOf('\n');
      if (chunk.length >= chunkSize) {
        yield chunk;
        chunk = [];
      }
    }
    if (carry.length > MAX_LINE_BYTES * 2) {
      // A line that never ends: report it once and skip to its end.
      chunk.push({ pos: lineNo + 1, error: 'LINE_TOO_LONG' });
      carry = '';
      lineNo++;
    }
  }
  carry += decoder.decode();
  if (carry.length) take(carry);
  if (chunk.length) yield chunk;
}
