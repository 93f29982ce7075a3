/**
 * What a shell answers for `/blob/<sha256>`: the verified local file, whole or a Range of
 * it, so pdf.js can show page 1 of a 1,000-page file without reading the rest. The two
 * shells (browser-mode host, Electron's app:// protocol) only stream what this decides.
 * A confidential meeting's file is sealed on disk: its source decrypts just the chunks the
 * range touches, in memory, so the clear bytes never touch the disk.
 */
import { parseRange } from '../../shared/http-range';
import { plainSource, type BlobSource } from './at-rest';
import type { Readable } from 'node:stream';

export interface BlobAnswer {
  status: 200 | 206 | 404 | 416;
  headers: Record<string, string>;
  /** Byte range to stream (inclusive), when there is a body: `open()` gives the plain bytes. */
  body?: { start: number; end: number; open(): Readable };
}

const shaPath = /^\/blob\/([0-9a-f]{64})$/;

export function blobShaFromPath(pathname: string): string | null {
  return shaPath.exec(pathname)?.[1] ?? null;
}

/** `source` is the core's `blobSource(sha)`; a plain path (benchmarks) is read as it is. */
export function answerBlob(source: BlobSource | string | null, rangeHeader: string | null | undefined): BlobAnswer {
  if (!source) return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } };
  const src = typeof source === 'string' ? plainSource(source) : source;
  const size = src.size;
  const common = {
    'content-type': 'application/pdf',
    'accept-ranges': 'bytes',
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  };
  const body = (start: number, end: number) => ({ start, end, open: () => src.read(start, end) });
  const range = parseRange(rangeHeader, size);
  if (range === null) return { status: 416, headers: { ...common, 'content-range': `bytes */${size}` } };
  if (range === undefined) {
    return { status: 200, headers: { ...common, 'content-length': String(size) }, body: size ? body(0, size - 1) : undefined };
  }
  return {
    status: 206,
    headers: { ...common, 'content-length': String(range.end - range.start + 1), 'content-range': `bytes ${range.start}-${range.end}/${size}` },
    body: body(range.start, range.end),
  };
}
