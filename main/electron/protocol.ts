/**
 * The renderer is served from app://opencabinet/ rather than file://, so it gets a real
 * origin (fetch, workers and CSP behave as on the web) and nothing outside the build
 * folder can be reached through it.
 */
import { readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { protocol } from 'electron';
import { answerBlob, blobShaFromPath } from '../core/blob-response';
import type { BlobSource } from '../core/at-rest';
import { appScheme, mimeTypeOf, resolveAppPath } from './origin';
import { contentSecurityPolicy } from './security';

/** Must run before `app.whenReady()`: privileges can only be granted at startup. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
}

const commonHeaders = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

/**
 * `blobSource` resolves `/blob/<sha256>` to a verified document file of the desktop core,
 * decrypted on the fly if it is sealed (null until the core is up or the file is on the device).
 */
export function serveRenderer(root: string, blobSource: (sha256: string) => BlobSource | null = () => null): void {
  protocol.handle(appScheme, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const sha = blobShaFromPath(new URL(request.url).pathname);
    if (sha) {
      const answer = answerBlob(blobSource(sha), request.headers.get('range'));
      const headers = { ...commonHeaders, ...answer.headers };
      if (!answer.body || request.method === 'HEAD') return new Response(null, { status: answer.status, headers });
      return new Response(Readable.toWeb(answer.body.open()) as ReadableStream, { status: answer.status, headers });
    }
    const file = resolveAppPath(root, request.url);
    if (!file) return plain(404, 'Not found');
    try {
      const info = await stat(file);
      if (!info.isFile()) return plain(404, 'Not found');
      const headers = { ...commonHeaders, 'Content-Type': mimeTypeOf(file), 'Content-Length': String(info.size) };
      if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
      return new Response(await readFile(file), { status: 200, headers });
    } catch {
      return plain(404, 'Not found');
    }
  });
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...commonHeaders, 'Content-Type': 'text/plain; charset=utf-8' } });
}
