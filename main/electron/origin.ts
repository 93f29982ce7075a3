/**
 * Where the renderer lives and how a URL is judged to be ours. Pure (no electron import)
 * so the rules that guard the app:// protocol and IPC can be unit-tested in plain Node.
 */
import { extname, relative, resolve, isAbsolute, sep } from 'node:path';

export const appScheme = 'app';
export const appHost = 'opencabinet';
export const appEntryUrl = `${appScheme}://${appHost}/index.html`;

/**
 * True only for app://opencabinet/… . Compares protocol and host rather than `origin`:
 * Node's URL reports origin "null" for schemes it does not know, so an origin comparison
 * would either never match or match every custom scheme.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${appScheme}:` && parsed.hostname.toLowerCase() === appHost && parsed.port === '' && parsed.username === '' && parsed.password === '';
}

/**
 * Maps an app:// URL to a file under `root`, or null when it must be refused. The URL
 * parser already collapses dot segments, but percent-encoded separators (`..%2F`, `..%5C`)
 * only become separators after decoding, so the decoded path is checked against `root`.
 */
export function resolveAppPath(root: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  // No asset name has a NUL or a backslash; refusing them makes Windows and POSIX agree.
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const base = resolve(root);
  const file = resolve(base, '.' + pathname);
  const rel = relative(base, file);
  if (rel === '' || rel.startsWith('..' + sep) || rel === '..' || isAbsolute(rel)) return null;
  return file;
}

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  // pdf.js localisation files
  '.ftl': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  // pdf.js character maps and standard fonts
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
};

export function mimeTypeOf(file: string): string {
  return mimeTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
}
