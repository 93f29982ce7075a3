/**
 * The Electron shell (main/electron/ + preload/) with a stand-in `electron` module, the
 * real core and a real server: lifecycle, app:// serving, the security handlers and the
 * IPC round trip. The real binary is exercised by test/e2e/electron.spec.ts where it exists.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer } from '../../server/app';
import { state } from './electron/mock';
import type { MeetingView, MeetingViewWire, WireBridge } from '../../shared/contract';
import { wholeMeetingViews } from '../../renderer/bridge/meeting-views';

vi.mock('electron', () => import('./electron/mock'));

type Server = Awaited<ReturnType<typeof startServer>>;
interface ExposedBridge {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

const temp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
let server: Server;
let dataDir: string;
let bridge: ExposedBridge;

const win = () => state.windows[0]!;
const blocked = (url: string) => {
  let cancel: boolean | undefined;
  state.beforeRequest!({ url }, (r) => (cancel = r.cancel));
  return cancel;
};

beforeAll(async () => {
  server = await startServer({ dataDir: temp('oc-shell-srv-'), port: 0, demo: true, log: () => undefined });
  dataDir = temp('oc-shell-dev-');
  process.env.OPENCABINET_SERVER_URL = server.url;
  process.argv.push(`--user-data-dir=${dataDir}`);
  await import('../../main/electron/main');
  await vi.waitUntil(() => state.windows.length > 0, { timeout: 10_000 });
  await import('../../preload/index');
  bridge = state.exposed!.value as ExposedBridge;
});

afterAll(async () => {
  process.argv = process.argv.filter((a) => !a.startsWith('--user-data-dir='));
  delete process.env.OPENCABINET_SERVER_URL;
  await server?.close();
});

describe('startup', () => {
  it('takes the data folder from --user-data-dir, sandboxes every renderer and registers app://', () => {
    expect(state.paths.userData).toBe(dataDir);
    expect(state.sandbox).toBe(true);
    expect(state.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }]);
  });

  it("keeps the device key sealed by the OS keystore (safeStorage's async API), never in the clear", () => {
    // The keystore itself is the mock's stand-in (no keyring here); what is checked is that
    // the shell asked it to seal the key and kept no plain key file beside it.
    expect(existsSync(join(dataDir, 'device.key.sealed'))).toBe(true);
    expect(existsSync(join(dataDir, 'device.key'))).toBe(false);
    expect(readFileSync(join(dataDir, 'device.key.sealed')).length).toBeGreaterThan(28 + 32);
  });

  it('opens one hardened window on app://opencabinet/index.html', () => {
    expect(state.windows).toHaveLength(1);
    expect(win().options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webviewTag: false,
      webSecurity: true,
      spellcheck: false,
    });
    expect(win().options.show).toBe(false);
    expect(win().options.webPreferences.preload).toMatch(/preload[\\/]index\.cjs$/);
    expect(state.loaded).toBe('app://opencabinet/index.html');
  });
});

describe('app:// protocol', () => {
  const root = temp('oc-shell-renderer-');
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>OpenCabinet</title>');
  writeFileSync(join(root, 'assets/app.js'), 'export {};');
  writeFileSync(join(root, '..', 'secret.txt'), 'outside the renderer');
  const get = (url: string, method = 'GET') => state.protocolHandler!({ url, method });

  beforeAll(async () => {
    const { serveRenderer } = await import('../../main/electron/protocol');
    serveRenderer(root);
  });

  it('serves files from the renderer folder with their type and the CSP', async () => {
    const page = await get('app://opencabinet/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await page.text()).toContain('OpenCabinet');
    const script = await get('app://opencabinet/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('app://opencabinet/index.html', 'HEAD')).status).toBe(200);
  });

  it.each([
    'app://opencabinet/..%2Fsecret.txt',
    'app://opencabinet/assets/..%2F..%2Fsecret.txt',
    'app://opencabinet/missing.js',
    'app://opencabinet/assets',
    'app://elsewhere/index.html',
  ])('answers 404 for %s', async (url) => {
    expect((await get(url)).status).toBe(404);
  });

  it('refuses writes', async () => {
    expect((await get('app://opencabinet/index.html', 'POST')).status).toBe(405);
  });
});

describe('security handlers', () => {
  const navigate = (kind: string, url: string) => {
    const event = { prevented: false, preventDefault() { this.prevented = true; } };
    win().webContents.emit(kind, event, url);
    return event.prevented;
  };

  it('keeps the window on app://opencabinet', () => {
    expect(navigate('will-navigate', 'https://example.com/')).toBe(true);
    expect(navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-redirect', 'http://127.0.0.1:1/')).toBe(true);
    expect(navigate('will-navigate', 'app://opencabinet/index.html#/meetings')).toBe(false);
    const frame = { url: 'https://example.com/', prevented: false, preventDefault() { this.prevented = true; } };
    win().webContents.emit('will-frame-navigate', frame);
    expect(frame.prevented).toBe(true);
  });

  it('denies every new window and opens only https links in the system browser', () => {
    for (const url of ['https://chinhphu.vn/', 'http://chinhphu.vn/', 'file:///bin/sh', 'mailto:a@b.vn']) {
      expect(win().webContents.openHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(state.openedExternally).toEqual(['https://chinhphu.vn/']);
  });

  it('denies every permission and cancels every remote request', () => {
    let granted: boolean | undefined;
    state.permissionRequest!(win().webContents, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect(state.permissionCheck!()).toBe(false);
    for (const url of ['https://example.com/', 'http://127.0.0.1:8080/api', 'ws://127.0.0.1:1/', 'file:///etc/passwd']) expect(blocked(url)).toBe(true);
    for (const url of ['app://opencabinet/a.js', 'blob:app://opencabinet/1', 'data:image/png;base64,AA==']) expect(blocked(url)).toBe(false);
  });
});

describe('IPC', () => {
  const call = (event: unknown) => state.handlers.get('oc:app.info')!(event, {}) as Promise<{ ok: boolean; error?: { code: string } }>;

  it('registers exactly one handler per contract channel', async () => {
    const { channels } = await import('../../shared/contract');
    expect([...state.handlers.keys()].sort()).toEqual(channels.map((c) => `oc:${c}`).sort());
  });

  it('refuses calls from anything but the top frame of our window on app://', async () => {
    const wc = win().webContents;
    const main = wc.mainFrame;
    const untrusted = [
      { sender: wc, senderFrame: { ...main, url: 'https://evil.example/' } },
      { sender: wc, senderFrame: { ...main, parent: main, routingId: 2 } },
      { sender: { id: -1 }, senderFrame: main },
      { sender: wc, senderFrame: null },
    ];
    for (const event of untrusted) expect((await call(event)).error?.code).toBe('forbidden');
    expect((await call({ sender: wc, senderFrame: main })).ok).toBe(true);
  });

  it('exposes only invoke, on and pathForFile, and keeps error codes across the bridge', async () => {
    expect(state.exposed!.key).toBe('opencabinet');
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on', 'pathForFile']);
    await expect(bridge.invoke('meetings.open', { meetingId: '../etc' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(bridge.invoke('fs.readFile', {})).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      bridge.invoke('session.login', { serverUrl: server.url, username: 'secretary', password: 'wrong' }),
    ).rejects.toMatchObject({ code: 'bad_credentials' });
    expect(() => bridge.on('not.an.event', () => {})).toThrow();
  });

  it('signs in, opens the demo meeting and forwards core events to the window', async () => {
    const info = (await bridge.invoke('app.info', {})) as { mode: string; defaultServerUrl: string };
    expect(info).toMatchObject({ mode: 'electron', defaultServerUrl: server.url });
    const sessions: unknown[] = [];
    const off = bridge.on('session.changed', (p) => sessions.push(p));
    const session = (await bridge.invoke('session.login', { serverUrl: server.url, username: 'secretary', password: 'demo' })) as {
      user: { username: string };
    };
    expect(session.user.username).toBe('secretary');
    const { meetings } = (await bridge.invoke('meetings.list', {})) as { meetings: { id: string; status: string }[] };
    expect(meetings.length).toBeGreaterThan(0);
    const meetingId = meetings.find((m) => m.status !== 'closed')!.id;
    // Meeting views as the window gets them: thin on the IPC channel, made whole by the renderer's bridge.
    const wire: MeetingViewWire[] = [];
    const offWire = bridge.on('meeting.changed', (v) => (v as MeetingViewWire).id === meetingId && wire.push(v as MeetingViewWire));
    const whole: MeetingView[] = [];
    const offWhole = wholeMeetingViews(bridge as unknown as WireBridge).on('meeting.changed', (v) => v.id === meetingId && whole.push(v));
    const view = (await bridge.invoke('meetings.open', { meetingId })) as MeetingView;
    expect(view.role).toBe('secretariat');
    await vi.waitUntil(() => sessions.length > 0, { timeout: 5_000 });
    expect(sessions.at(-1)).toMatchObject({ user: { username: 'secretary' } });
    await vi.waitUntil(() => whole.some((v) => v.synced && v.content.participants.length > 0), { timeout: 10_000 });
    const before = whole.at(-1)!;
    const sentBefore = wire.length;
    const delegate = before.content.participants.find((p) => p.role === 'delegate')!;
    await bridge.invoke('attendance.mark', { meetingId, userIds: [delegate.id], status: 'present' });
    const marked = await vi.waitUntil(() => whole.find((v) => v.attendance.pending[delegate.id] ?? v.attendance.marks[delegate.id]), { timeout: 10_000 });
    expect(wire.length).toBeGreaterThan(sentBefore);
    expect(wire.slice(sentBefore).every((v) => v.content === null && v.seating === null)).toBe(true);
    expect(marked.content).toBe(before.content);
    offWire();
    offWhole();
    off();
  });
});

describe('quit', () => {
  it('holds the quit until the core has closed, then quits', async () => {
    const { app } = await import('electron');
    app.quit();
    // The first before-quit is prevented while core.close() runs.
    expect(state.quitted).toBe(false);
    await vi.waitUntil(() => state.quitted, { timeout: 6_000 });
  });
});
