/**
 * The Electron shell end to end: the built app (out/electron/main.js) against a real
 * server, signed in through the UI, plus the hardening a user never sees but relies on.
 *
 * Runs only where the Electron binary exists. It is downloaded from GitHub at install
 * time; on machines that cannot reach GitHub the same flow runs in browser mode
 * (app.spec.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findElectron } from '../../scripts/electron-binary.mjs';
import { test, expect, _electron, type ElectronApplication, type Page } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '../..');
const mainScript = path.join(root, 'out/electron/main.js');

const electron = findElectron();
const electronBinary = electron.path ?? null;
const hasElectron = electronBinary !== null;
const hasDisplay = process.platform !== 'linux' || !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY;

test.skip(
  !hasElectron,
  `Electron cannot run here: ${electron.reason}. The same flow runs in browser mode in app.spec.ts`,
);
test.skip(hasElectron && !hasDisplay, 'No display for Electron on this Linux machine; run under xvfb-run');

interface RunningServer {
  url: string;
  close(): Promise<void>;
}

let server: RunningServer;
let app: ElectronApplication;
let page: Page;
const dirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  expect(fs.existsSync(mainScript), `${mainScript} is missing: run npm run build first`).toBe(true);
  // Imported here, not at the top, so a machine that skips this file never loads the server.
  const { startServer } = await import('../../server/app');
  server = await startServer({ dataDir: tempDir('oc-e2e-electron-srv-'), port: 0, demo: true });
  app = await _electron.launch({
    executablePath: electronBinary!,
    args: [
      mainScript,
      `--user-data-dir=${tempDir('oc-e2e-electron-dev-')}`,
      // Chromium refuses to start as root with its OS sandbox (CI containers); the
      // renderer is still sandboxed by Electron's own `sandbox: true`.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
    env: { ...process.env, OPENCABINET_SERVER_URL: server.url } as Record<string, string>,
    cwd: root,
  });
  page = await app.firstWindow();
});

test.afterAll(async () => {
  await app?.close().catch(() => undefined);
  await server?.close().catch(() => undefined);
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

test('the secretary signs in and sees the demo meeting agenda', async () => {
  await expect(page).toHaveURL(/^app:\/\/opencabinet\//);
  await page.getByTestId('login-server').fill(server.url);
  await page.getByTestId('login-username').fill('secretary');
  await page.getByTestId('login-password').fill('demo');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('meeting-list')).toBeVisible();
  await page.getByTestId('meeting-card').first().click();
  await expect(page.getByTestId('agenda-tree')).toBeVisible();
  await expect(page.getByTestId('agenda-item').first()).toBeVisible();
});

test('the page has no Node and sees only the bridge', async () => {
  const globals = await page.evaluate(() => {
    const w = globalThis as unknown as Record<string, unknown>;
    const bridge = w.opencabinet as Record<string, unknown> | undefined;
    return {
      require: typeof w.require,
      process: typeof w.process,
      module: typeof w.module,
      bridgeKeys: bridge ? Object.keys(bridge).sort() : null,
      invoke: typeof bridge?.invoke,
      on: typeof bridge?.on,
    };
  });
  expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', bridgeKeys: ['invoke', 'on'], invoke: 'function', on: 'function' });
});

test('errors keep their code across the bridge, and unknown calls are refused', async () => {
  const errors = await page.evaluate(async () => {
    const bridge = (globalThis as unknown as { opencabinet: { invoke(c: string, i: unknown): Promise<unknown> } }).opencabinet;
    const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: unknown }) => e?.code);
    return {
      badInput: await codeOf(bridge.invoke('meetings.open', { meetingId: '../../etc' })),
      unknown: await codeOf(bridge.invoke('fs.readFile', { path: '/etc/passwd' })),
    };
  });
  expect(errors).toEqual({ badInput: 'invalid_input', unknown: 'invalid_input' });
});

test('the page cannot leave app://, open windows, or load anything remote', async () => {
  await page.evaluate(() => {
    (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
  });
  // Give a navigation the time it would need to commit, then check it did not.
  await page.waitForTimeout(1000);
  expect(page.url()).toMatch(/^app:\/\/opencabinet\//);
  await expect(page.getByTestId('agenda-tree')).toBeVisible();

  // http (not https) so that a regression would not open the system browser during tests.
  const opened = await page.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('http://example.com/'));
  expect(opened).toBeNull();
  expect(app.windows()).toHaveLength(1);

  const fetched = await page.evaluate(async () => {
    const status = (url: string) => fetch(url).then((r) => r.status, () => 'blocked');
    const csp = await fetch('app://opencabinet/index.html').then((r) => r.headers.get('content-security-policy'));
    return {
      remote: await status('https://example.com/'),
      traversal: await status('app://opencabinet/..%2F..%2Fpackage.json'),
      encodedBackslash: await status('app://opencabinet/..%5C..%5Cpackage.json'),
      otherHost: await status('app://elsewhere/index.html'),
      csp,
    };
  });
  expect(fetched.remote).toBe('blocked');
  expect(fetched.traversal).toBe(404);
  expect(fetched.encodedBackslash).toBe(404);
  expect(fetched.otherHost).not.toBe(200);
  expect(fetched.csp).toContain("default-src 'self'");
  expect(fetched.csp).toContain("object-src 'none'");
});
