/**
 * Browser mode's loopback bridge: only a page served by this host, holding this launch's
 * token, may drive the core; malformed traffic is refused without touching the core.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { startHost, type RunningHost } from '../../../main/host/host';
import { resolveInside } from '../../../main/host/static';
import { tempDir } from '../../support/temp';

let host: RunningHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
});

async function start() {
  const renderer = tempDir('oc-renderer-');
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>t</title>');
  host = await startHost({ dataDir: tempDir(), rendererDir: renderer, token: 'test-token-123', log: () => undefined });
  return host;
}

function connect(h: RunningHost, { token = 'test-token-123', origin = h.origin } = {}) {
  return new WebSocket(`ws://127.0.0.1:${h.port}/bridge?token=${token}`, { origin });
}

function refusedStatus(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
}

function call(ws: WebSocket, id: number, channel: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  return new Promise((resolve) => {
    const onMsg = (data: WebSocket.RawData) => {
      const msg = JSON.parse(data.toString());
      if (msg.t === 'result' && msg.id === id) {
        ws.off('message', onMsg);
        resolve(msg.result);
      }
    };
    ws.on('message', onMsg);
    ws.send(JSON.stringify({ t: 'call', id, channel, input }));
  });
}

const opened = (ws: WebSocket) => new Promise((r) => ws.once('open', r));

describe('browser-mode bridge', () => {
  it('serves the renderer with a strict CSP and refuses paths outside it', async () => {
    const h = await start();
    const res = await fetch(`${h.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${h.origin}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
    expect(resolveInside('/srv/app', '/../../etc/passwd')).toBeNull();
    expect(resolveInside('/srv/app', '/%2e%2e/secret')).toBeNull();
    expect(resolveInside('/srv/app', '/assets/a.js')).toBe('/srv/app/assets/a.js');
  });

  it('refuses a wrong token and a foreign origin', async () => {
    const h = await start();
    expect(await refusedStatus(connect(h, { token: 'nope' }))).toBe(401);
    expect(await refusedStatus(connect(h, { origin: 'https://evil.example' }))).toBe(403);
  });

  it('answers calls, validates input, and reports unknown calls', async () => {
    const h = await start();
    const ws = connect(h);
    await opened(ws);
    const info = await call(ws, 1, 'app.info', {});
    expect(info).toMatchObject({ ok: true, value: { mode: 'browser' } });
    const bad = await call(ws, 2, 'session.login', { serverUrl: 42 });
    expect(bad.ok).toBe(false);
    expect(bad.error?.code).toBe('invalid_input');
    const unknown = await call(ws, 3, 'fs.readFile', { path: '/etc/passwd' });
    expect(unknown.error?.code).toBe('not_found');
    ws.close();
  });

  it('closes the connection on a malformed message and keeps serving others', async () => {
    const h = await start();
    const bad = connect(h);
    await opened(bad);
    const closed = new Promise<number>((r) => bad.on('close', (code) => r(code)));
    bad.send('{not json');
    expect(await closed).toBe(4400);
    const good = connect(h);
    await opened(good);
    expect((await call(good, 1, 'session.current', {})).ok).toBe(true);
    good.close();
  });
});
