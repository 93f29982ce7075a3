/**
 * The rules that decide what the app:// protocol serves and which pages may call the core
 * (main/electron/origin.ts). Pure, so they are tested here without the Electron binary.
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppUrl, mimeTypeOf, resolveAppPath } from '../../main/electron/origin';

const root = resolve('/srv/oc/out/renderer');

describe('isAppUrl', () => {
  it.each([
    ['app://opencabinet/index.html', true],
    ['app://opencabinet/', true],
    ['app://opencabinet/assets/x.js?v=1#top', true],
    ['APP://OPENCABINET/index.html', true],
    ['app://opencabinet.evil/index.html', false],
    ['app://evil/index.html', false],
    ['app://user@opencabinet/index.html', false],
    ['app://opencabinet:8080/index.html', false],
    ['https://opencabinet/index.html', false],
    ['file:///srv/oc/out/renderer/index.html', false],
    ['about:blank', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });
});

describe('resolveAppPath', () => {
  it.each([
    ['app://opencabinet/index.html', join(root, 'index.html')],
    ['app://opencabinet/', join(root, 'index.html')],
    ['app://opencabinet/assets/index-abc.js?x=1', join(root, 'assets/index-abc.js')],
    ['app://opencabinet/fonts/Noto%20Sans.woff2', join(root, 'fonts/Noto Sans.woff2')],
    // Dot segments are collapsed by the URL parser and stay inside the root.
    ['app://opencabinet/../../etc/passwd', join(root, 'etc/passwd')],
    ['app://opencabinet/%2e%2e/%2e%2e/etc/passwd', join(root, 'etc/passwd')],
  ])('%s → %s', (url, expected) => {
    expect(resolveAppPath(root, url)).toBe(expected);
  });

  it.each([
    'app://opencabinet/..%2F..%2Fpackage.json',
    'app://opencabinet/assets/..%2F..%2F..%2Fetc%2Fpasswd',
    'app://opencabinet/..%5C..%5Cpackage.json',
    'app://opencabinet/index.html%00.png',
    'app://opencabinet/%E0%A4%A',
    'app://elsewhere/index.html',
    'file:///etc/passwd',
  ])('refuses %s', (url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });
});

describe('mimeTypeOf', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a/b.JS', 'text/javascript; charset=utf-8'],
    ['pdf.worker.mjs', 'text/javascript; charset=utf-8'],
    ['x.css', 'text/css; charset=utf-8'],
    ['x.svg', 'image/svg+xml'],
    ['x.woff2', 'font/woff2'],
    ['x.wasm', 'application/wasm'],
    ['x.unknown', 'application/octet-stream'],
    ['Makefile', 'application/octet-stream'],
  ])('%s → %s', (file, expected) => {
    expect(mimeTypeOf(file)).toBe(expected);
  });
});
