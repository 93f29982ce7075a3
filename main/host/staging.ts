/**
 * Browser mode's answer to "the renderer cannot give the core a path": the tab uploads
 * the file's bytes to its own host, which keeps them in the device's staging folder and
 * returns an id the contract's FileRef can carry.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { defaultMaxUploadBytes } from '../../shared/api/documents';
import { ensureStagingDir, stagingDir, stagedFileMode } from '../core/files';

export async function receiveStagedFile(
  dataDir: string,
  req: IncomingMessage,
  res: ServerResponse,
  maxBytes = defaultMaxUploadBytes,
): Promise<void> {
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  };
  let name: string;
  try {
    name = decodeURIComponent(String(req.headers['x-file-name'] ?? '')).replace(/[\\/\0]/g, '_').slice(0, 300);
  } catch {
    name = '';
  }
  if (!name) return reply(400, { error: { code: 'invalid_input', message: 'The file name is missing (x-file-name header).' } });
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return reply(413, { error: { code: 'payload_too_large', message: `«${name}» is larger than ${Math.round(maxBytes / 1048576)} MB.` } });
  }
  const dir = ensureStagingDir(dataDir);
  const id = crypto.randomUUID();
  const file = path.join(dir, id);
  let received = 0;
  try {
    await pipeline(
      req,
      async function* (source) {
        for await (const chunk of source as AsyncIterable<Buffer>) {
          received += chunk.length;
          if (received > maxBytes) throw new Error('too large');
          yield chunk;
        }
      },
      fs.createWriteStream(file, { mode: stagedFileMode }),
    );
  } catch {
    fs.rmSync(file, { force: true });
    if (received > maxBytes) {
      return reply(413, { error: { code: 'payload_too_large', message: `«${name}» is larger than ${Math.round(maxBytes / 1048576)} MB.` } });
    }
    return reply(400, { error: { code: 'invalid_input', message: `«${name}» did not arrive completely. Try again.` } });
  }
  fs.writeFileSync(`${file}.json`, JSON.stringify({ name, size: received }), { mode: stagedFileMode });
  reply(200, { id });
}

/** Staged files left behind by a closed tab are of no use after a day. */
export function sweepStaging(dataDir: string, olderThanMs = 24 * 3600_000): void {
  const dir = stagingDir(dataDir);
  if (!fs.existsSync(dir)) return;
  for (const f of fs.readdirSync(dir)) {
    const p = path.join(dir, f);
    try {
      if (Date.now() - fs.statSync(p).mtimeMs > olderThanMs) fs.rmSync(p, { force: true });
    } catch {
      // raced with a removal; nothing to do
    }
  }
}
