/**
 * Receives an upload body into `<dataDir>/tmp/`, hashing and counting as it goes, so a
 * 500 MB PDF never sits in memory and its sha256 is known the moment the last byte lands.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { HttpError } from '../http/respond';
import { blobPath } from '../blobs';

export interface ReceivedFile {
  tmpPath: string;
  sha256: string;
  size: number;
}

export function tmpDir(dataDir: string): string {
  return path.join(dataDir, 'tmp');
}

/** "612 MB", "1.5 MB", "200 KB": sizes as a person reads them in an error message. */
export function formatSize(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 10) return `${Math.round(mb)} MB`;
  if (mb >= 1) return `${Math.round(mb * 10) / 10} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function tooLarge(name: string, size: number | null, limit: number): HttpError {
  const what = size === null ? `“${name}” is larger than ${formatSize(limit)}` : `“${name}” is ${formatSize(size)}`;
  return new HttpError(413, 'payload_too_large', `${what}; the largest file accepted is ${formatSize(limit)}.`);
}

/**
 * Streams the request body to a temp file. Over `limit` it stops reading at once (a
 * declared Content-Length over the limit is refused before the first byte) and removes
 * what it wrote; the caller answers 413 and the connection is closed. Written with plain
 * events rather than pipeline(): pipeline would destroy the request, and with it the
 * socket the 413 has to go out on.
 */
export async function receiveUpload(req: IncomingMessage, dataDir: string, name: string, limit: number): Promise<ReceivedFile> {
  const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
  if (declared !== null && Number.isFinite(declared) && declared > limit) throw tooLarge(name, declared, limit);

  await mkdir(tmpDir(dataDir), { recursive: true });
  const tmpPath = path.join(tmpDir(dataDir), `${randomUUID()}.upload`);
  const hash = createHash('sha256');
  const out = createWriteStream(tmpPath, { flags: 'wx' });
  let size = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        req.off('data', onData);
        req.pause();
        out.destroy();
        reject(err);
      };
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) return fail(tooLarge(name, null, limit));
        hash.update(chunk);
        if (!out.write(chunk)) {
          req.pause();
          out.once('drain', () => settled || req.resume());
        }
      };
      req.on('data', onData);
      req.once('end', () => {
        if (settled) return;
        out.end(() => {
          if (settled) return;
          settled = true;
          resolve();
        });
      });
      req.once('close', () => {
        if (!req.complete) fail(new HttpError(400, 'invalid_input', `The upload of “${name}” was interrupted. Try again.`));
      });
      req.once('error', (err) => fail(err));
      out.once('error', (err) => fail(err));
    });
  } catch (err) {
    // Wait for the stream to let go of the file before removing it.
    if (!out.closed) await new Promise<void>((r) => out.once('close', () => r()));
    await rm(tmpPath, { force: true });
    throw err;
  }
  return { tmpPath, sha256: hash.digest('hex'), size };
}

/**
 * Moves a received file into the blob store. Returns false when these bytes were already
 * stored: the temp file is then dropped instead of writing the same content twice.
 */
export async function storeBlob(dataDir: string, file: ReceivedFile): Promise<{ created: boolean }> {
  const target = blobPath(dataDir, file.sha256);
  const existing = await stat(target).catch(() => null);
  if (existing?.isFile() && existing.size === file.size) {
    await rm(file.tmpPath, { force: true });
    return { created: false };
  }
  await mkdir(path.dirname(target), { recursive: true });
  await rename(file.tmpPath, target);
  return { created: true };
}
