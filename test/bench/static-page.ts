/**
 * The baseline of `npm run bench open`: a static page of the same size as the app's opening,
 * served by a plain node:http server, opened in the same Chromium.
 *
 * "The same size" is measured, not guessed: the app's page reports which files it loaded
 * from the host (its Resource Timing entries), and the static site holds exactly those files,
 * copied from the build, served by the same static handler as the host (main/host/static.ts:
 * same headers, `no-cache`, no validators, so every load transfers every byte again, as the
 * app's reload does). The page links the same stylesheet (applied), preloads the same
 * scripts as modules (fetched and compiled, never run: running them would be the app) and
 * shows, as plain HTML, a list as long as the agenda it stands for.
 *
 * Visible = the later of the first frame after the list is in the page and the arrival of the
 * last of its files, from the navigation's start (performance.now() in the page).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { serveStatic } from '../../main/host/static';

/** What the page-side code below uses; this file is type-checked without the DOM library. */
interface PageGlobals {
  __static?: { paint: number | null; bytesIn: number | null };
  performance: { getEntriesByType(type: string): { name: string; encodedBodySize: number }[] };
  location: { origin: string };
}

export interface LoadedFile {
  /** Path on the host, e.g. `/assets/index-abc.js`. */
  path: string;
  bytes: number;
}

/** The files the app's page loaded from its own origin (not the WebSocket, not data: URLs). */
export async function filesLoaded(page: Page): Promise<LoadedFile[]> {
  return page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    const seen = new Map<string, number>();
    for (const e of w.performance.getEntriesByType('resource')) {
      const url = new URL(e.name);
      if (url.origin !== w.location.origin || !/\.(m?js|css|woff2?|ttf|svg|png|json|wasm)$/.test(url.pathname)) continue;
      seen.set(url.pathname, Math.max(seen.get(url.pathname) ?? 0, e.encodedBodySize));
    }
    return [...seen].map(([p, bytes]) => ({ path: p, bytes }));
  });
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * The probe: a classic script at the end of the body (the host's CSP allows no inline
 * script). It notes the frame after the list and, from Resource Timing, when the last of the
 * `data-expect` files arrived.
 */
const probe = `(function () {
  var s = { paint: null, bytesIn: null };
  window.__static = s;
  var expect = Number(document.currentScript.getAttribute('data-expect'));
  requestAnimationFrame(function () { requestAnimationFrame(function () { s.paint = performance.now(); }); });
  var ends = {};
  function take(list) {
    list.forEach(function (e) { if (e.name.indexOf('/probe.js') < 0) ends[e.name] = e.responseEnd; });
    var names = Object.keys(ends);
    if (s.bytesIn === null && names.length >= expect) s.bytesIn = Math.max.apply(null, names.map(function (n) { return ends[n]; }));
  }
  new PerformanceObserver(function (l) { take(l.getEntries()); }).observe({ type: 'resource', buffered: true });
})();
`;

export interface StaticSite {
  url: string;
  /** HTML + every file, in bytes. */
  totalBytes: number;
  close(): Promise<void>;
}

/**
 * Writes the static site to `dir` (the files the app loaded, copied from `rendererDir`, and a
 * page with `lines` list entries) and serves it on loopback.
 */
export async function startStaticSite(dir: string, rendererDir: string, files: LoadedFile[], lines: string[]): Promise<StaticSite> {
  fs.mkdirSync(dir, { recursive: true });
  for (const f of files) {
    const to = path.join(dir, f.path);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(rendererDir, f.path), to);
  }
  fs.writeFileSync(path.join(dir, 'probe.js'), probe);
  const links = files.map((f) =>
    f.path.endsWith('.css')
      ? `<link rel="stylesheet" crossorigin href=".${f.path}">`
      : /\.m?js$/.test(f.path)
        ? `<link rel="modulepreload" crossorigin href=".${f.path}">`
        : `<link rel="preload" as="fetch" crossorigin href=".${f.path}">`,
  );
  const html = `<!doctype html>
<html lang="vi">
<head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1.0"><link rel="icon" href="data:,"><title>OpenCabinet — static baseline</title>
${links.join('\n')}
</head>
<body><main class="page"><h1>Chương trình phiên họp</h1><ol>
${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('\n')}
</ol></main>
<script src="./probe.js" data-expect="${files.length}"></script>
</body></html>
`;
  fs.writeFileSync(path.join(dir, 'index.html'), html);
  const server = http.createServer((req, res) => serveStatic(dir, req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const totalBytes = Buffer.byteLength(html) + files.reduce((n, f) => n + fs.statSync(path.join(dir, f.path)).size, 0);
  return { url: `http://127.0.0.1:${port}/`, totalBytes, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** One load of the static page in `page`: ms from the navigation's start to visible (see the file's comment). */
export async function openStatic(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(
    () => {
      const s = (globalThis as unknown as PageGlobals).__static;
      return !!s && s.paint !== null && s.bytesIn !== null;
    },
    null,
    { timeout: 60_000 },
  );
  return page.evaluate(() => {
    const s = (globalThis as unknown as PageGlobals).__static!;
    return +Math.max(s.paint!, s.bytesIn!).toFixed(0);
  });
}
