/**
 * What a shell answers for `/blob/<sha256>`: the verified local file, whole or a Range of
 * it, so pdf.js can show page 1 of a 1,000-page file without reading the rest. The two
 * shells (browser-mode host, Electron's app:// protocol) only stream what this decides.
 */
import fs from 'node:fs';
import { parseRange } from '../../shared/http-range';

export interface BlobAnswer {
  status: 200 | 206 | 404 | 416;
  headers: Record<string, string>;
  /** Byte range to stream from `file` (inclusive), when there is a body. */
  body?: { file: string; start: number; end: number };
}

const shaPath = /^\/blob\/([0-9a-f]{64})$/;

export function blobShaFromPath(pathname: string): string | null {
  return shaPath.exec(pathname)?.[1] ?? null;
}

export function answerBlob(file: string | null, rangeHeader: string | null | undefined): BlobAnswer {
  if (!file) return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } };
  const size = fs.statSync(file).size;
  const common = {
    'content-type': 'application/pdf',
    'accept-ranges': 'bytes',
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  };
  const range = parseRange(rangeHeader, size);
  if (range === null) return { status: 416, headers: { ...common, 'content-range': `bytes */${size}` } };
  if (range === undefined) {
    return { status: 200, headers: { ...common, 'content-length': String(size) }, body: size ? { file, start: 0, end: size - 1 } : undefined };
  }
  return {
    status: 206,
    headers: { ...common, 'content-length': String(range.end - range.start + 1), 'content-range': `bytes ${range.start}-${range.end}/${size}` },
    body: { file, start: range.start, end: range.end },
  };
}
