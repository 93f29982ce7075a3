/**
 * Serves a document file with HTTP range requests, so a viewer can open page 1 of a
 * 200-page PDF before the rest has arrived and a broken download resumes where it stopped.
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { ApiError } from '../../shared/errors';
import { parseRange } from '../../shared/http-range';
import { meetingAccess } from '../access';
import { blobPath, blobSize, sha256Pattern } from '../blobs';
import type { Store, UserRecord } from '../store/types';

export { parseRange };

export async function serveBlob(
  req: IncomingMessage,
  res: ServerResponse,
  sha256: string,
  user: UserRecord,
  store: Store,
  dataDir: string,
): Promise<void> {
  // No existence oracle (issue 18): a document of a meeting the caller may not read and one
  // that does not exist get the same status and the same words, so an address cannot be
  // probed to learn that some meeting holds that file.
  const unseen = () => new ApiError('not_found', 'There is no document with that address in a meeting you can read.');
  if (!sha256Pattern.test(sha256)) throw unseen();
  const meetings = await store.blobMeetings(sha256, user.id);
  const allowed = meetings.some((m) => meetingAccess(user, m.status, m.role) !== null);
  if (!allowed) throw unseen();
  const size = await blobSize(dataDir, sha256);
  if (size === null) throw new ApiError('not_found', 'The document file is missing on the server. Ask the secretariat to upload it again.');

  const etag = `"${sha256}"`;
  const common = {
    'Accept-Ranges': 'bytes',
    ETag: etag,
    'Content-Type': 'application/pdf',
    // Content never changes under an address, but documents are confidential: keep them
    // out of shared caches.
    'Cache-Control': 'private, max-age=31536000, immutable',
    'X-Content-Type-Options': 'nosniff',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, common);
    res.end();
    return;
  }
  const ifRange = req.headers['if-range'];
  const range = ifRange && ifRange !== etag ? undefined : parseRange(req.headers.range, size);
  if (range === null) {
    res.writeHead(416, { ...common, 'Content-Range': `bytes */${size}`, 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error: { code: 'invalid_input', message: `The requested range is outside the document (${size} bytes).` } }));
    return;
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const headers: Record<string, string | number> = { ...common, 'Content-Length': size === 0 ? 0 : end - start + 1 };
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  await pipeline(createReadStream(blobPath(dataDir, sha256), { start, end }), res);
}
