/**
 * Downloads one document file into the blob cache: resumes from what already arrived
 * (HTTP Range), verifies the sha256 before the file is ever used, and reports progress.
 * A file that does not match its hash is thrown away, never shown.
 */
import fs from 'node:fs';
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { ApiError } from '../../shared/errors';
import { endpoints, fillPath } from '../../shared/api';
import type { Transform } from 'node:stream';
import type { BlobCache } from './blob-cache';
import { isSealedFile, resumeSealedPart } from './at-rest';
import { privateFileMode } from './private-files';
import { addressesOf } from './server-addresses';

export interface DownloadTarget {
  sha256: string;
  size: number;
  title: string;
  /** A confidential meeting's file: written sealed from the first byte (no clear `.part` either). */
  sealed?: boolean;
}

/** Hash what a previous attempt left, so a resumed download is still verified end to end. */
async function hashExisting(file: string, hash: crypto.Hash): Promise<number> {
  if (!fs.existsSync(file)) return 0;
  let n = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    n += (chunk as Buffer).length;
  }
  return n;
}

function diskError(err: NodeJS.ErrnoException, title: string): ApiError {
  if (err.code === 'ENOSPC') {
    return new ApiError('server_error', `The device's disk is full; «${title}» could not be saved. Free some space; the download continues where it stopped.`);
  }
  return new ApiError('server_error', `«${title}» could not be saved on this device (${err.code ?? err.message}).`);
}

export async function downloadBlob(
  cache: BlobCache,
  serverUrl: string,
  token: string,
  target: DownloadTarget,
  onProgress: (received: number) => void,
  signal: AbortSignal,
): Promise<void> {
  const part = cache.partPath(target.sha256);
  const hash = crypto.createHash('sha256');
  let sealer: Transform | null = null;
  let received: number;
  if (target.sealed) {
    // A plain `.part` left from before the meeting became confidential starts over, sealed.
    if (fs.existsSync(part) && !isSealedFile(part)) fs.rmSync(part, { force: true });
    ({ received, sealer } = await resumeSealedPart(cache.blobsKey, part, target.size, hash));
  } else {
    if (fs.existsSync(part) && isSealedFile(part)) fs.rmSync(part, { force: true });
    received = await hashExisting(part, hash);
  }
  if (received > target.size) {
    fs.rmSync(part, { force: true });
    return downloadBlob(cache, serverUrl, token, target, onProgress, signal);
  }

  if (received < target.size) {
    // Streamed with ranges (resume), so not through ServerClient; the path still comes from the table.
    const url = new URL(addressesOf(serverUrl).current() + fillPath(endpoints['meetings.blob'].path, { sha256: target.sha256 }));
    const lib = url.protocol === 'https:' ? https : http;
    await new Promise<void>((resolve, reject) => {
      let out: fs.WriteStream | null = null;
      let failed = false;
      // A broken transfer closes the part file (what arrived stays, for resuming) before the
      // next attempt may open it: a late append from this one would land inside the next.
      const fail = (err: ApiError) => {
        failed = true;
        const o = out;
        if (!o || o.closed) return reject(err);
        sealer?.unpipe(o);
        o.once('close', () => reject(err));
        o.end();
      };
      const req = lib.get(url, {
        headers: { authorization: `Bearer ${token}`, ...(received > 0 ? { range: `bytes=${received}-` } : {}) },
        signal,
      });
      req.on('error', () => fail(new ApiError('offline', `The connection was lost while downloading «${target.title}». It will continue where it stopped.`)));
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (status === 200 && received > 0) {
          // The server ignored the range: start over rather than append a second copy.
          hash.destroy();
          res.destroy();
          fs.rmSync(part, { force: true });
          reject(new ApiError('conflict', 'restart'));
          return;
        }
        if (status !== 200 && status !== 206) {
          res.resume();
          const code = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not_found' : 'server_error';
          reject(new ApiError(code, `The server refused «${target.title}» (${status}).`));
          return;
        }
        out = fs.createWriteStream(part, { flags: received > 0 || sealer ? 'a' : 'w', mode: privateFileMode });
        out.on('error', (err) => {
          res.destroy();
          reject(diskError(err, target.title));
        });
        // Progress a few times a second is plenty for a progress bar; per network chunk
        // (thousands a second) it would cost more than the hashing.
        let reportedAt = 0;
        res.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          received += chunk.length;
          const now = Date.now();
          if (now - reportedAt >= 100) {
            reportedAt = now;
            onProgress(received);
          }
        });
        res.on('end', () => onProgress(received));
        const stoppedSending = () => {
          res.unpipe();
          fail(new ApiError('offline', `The server stopped sending «${target.title}». It will continue where it stopped.`));
        };
        res.on('aborted', stoppedSending);
        res.on('error', stoppedSending);
        if (sealer) {
          sealer.on('error', (err) => {
            res.destroy();
            reject(err);
          });
          res.pipe(sealer).pipe(out);
        } else res.pipe(out);
        const written = out;
        written.on('finish', () => {
          if (!failed) resolve();
        });
      });
    }).catch(async (err) => {
      if (err instanceof ApiError && err.message === 'restart') return downloadBlob(cache, serverUrl, token, target, onProgress, signal);
      throw err;
    });
  }

  if (received !== target.size) {
    throw new ApiError('offline', `«${target.title}» arrived incomplete (${received} of ${target.size} bytes). It will continue where it stopped.`);
  }
  const digest = hash.digest('hex');
  if (digest !== target.sha256) {
    fs.rmSync(part, { force: true });
    throw new ApiError(
      'conflict',
      `«${target.title}» arrived damaged: its fingerprint does not match the one the secretariat published. It was discarded and will be downloaded again.`,
    );
  }
  const final = cache.finalPath(target.sha256);
  cache.ensureFinalDir(target.sha256);
  try {
    fs.renameSync(part, final);
  } catch (err) {
    throw diskError(err as NodeJS.ErrnoException, target.title);
  }
}
