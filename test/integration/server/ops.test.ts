/**
 * Operations on a real server (issue 13): /api/ready and /metrics over HTTP, and the drain
 * — in-process and as a real child process sent SIGTERM: not ready first, then the sync
 * sockets closed with "try again" (1012, which devices reconnect on), what was written kept,
 * exit status 0.
 */
import { databaseUrlFor } from '../../support/test-store';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadyResponse } from '../../../shared/api/ops';
import { meetingDoc, setMeta } from '../../../shared/ydoc/meeting';
import { ServerClient } from '../../../main/core/server-client';
import { tryAgainCloseCode } from '../../../server/ops/drain';
import { hashToken } from '../../../server/auth/sessions';
import { connect, createMeeting, createUser, login, start, tempDir, waitFor } from './helpers';
import { metricValue } from '../../support/metrics';

describe('readiness and metrics', () => {
  it('is ready with every check passing, and counts connections, documents, broadcasts and bytes', async () => {
    const { dir, remove } = await tempDir();
    const server = await start(dir, { processMetrics: true });
    try {
      const res = await fetch(`${server.url}/api/ready`);
      expect(res.status).toBe(200);
      expect(ReadyResponse.parse(await res.json())).toEqual({ ready: true, checks: { database: { ok: true }, draining: { ok: true } } });
      expect(await new ServerClient(server.url).ready()).toEqual({ ready: true, checks: { database: { ok: true }, draining: { ok: true } } });

      const sec = await createUser(server.store, 'ops-sec');
      const del = await createUser(server.store, 'ops-del');
      const meetingId = await createMeeting(server.store, [
        [sec, 'secretariat'],
        [del, 'delegate'],
      ]);
      const clients = [connect(server.url, `meeting/${meetingId}`, await login(server.url, 'ops-sec')), connect(server.url, `meeting/${meetingId}`, await login(server.url, 'ops-del'))];
      await Promise.all(clients.map((c) => c.synced));
      await server.docs.transact(`meeting/${meetingId}`, (doc) => setMeta(doc, { title: 'Phiên họp thường kỳ' }));
      await waitFor(() => clients.every((c) => meetingDoc.meta(c.doc).get('title') === 'Phiên họp thường kỳ'), 5000, 'the edit on both clients');

      const scrape = await fetch(`${server.url}/metrics`);
      expect(scrape.status).toBe(200);
      expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await scrape.text();
      expect(metricValue(text, 'opencabinet_sync_connections{kind="meeting"}')).toBe(2);
      expect(metricValue(text, 'opencabinet_documents_in_memory{kind="meeting"}')).toBe(1);
      expect(metricValue(text, 'opencabinet_sync_updates_broadcast_total{kind="meeting"}')).toBeGreaterThanOrEqual(1);
      expect(metricValue(text, 'opencabinet_sync_messages_sent_total{kind="meeting"}')).toBeGreaterThanOrEqual(2);
      expect(metricValue(text, 'opencabinet_sync_bytes_sent_total{kind="meeting"}')).toBeGreaterThan(0);
      expect(metricValue(text, 'opencabinet_fanout_seconds_count{kind="meeting"}')).toBeGreaterThanOrEqual(1);
      expect(text).toMatch(/^opencabinet_process_cpu_seconds_total \d/m);
      for (const c of clients) c.destroy();
    } finally {
      await server.close();
      await remove();
    }
  });

  it('drains: not ready during the grace period, then sockets closed with "try again", and the edits kept', async () => {
    const { dir, remove } = await tempDir();
    try {
      const server = await start(dir, { drainGraceMs: 400, processMetrics: false });
      const sec = await createUser(server.store, 'drain-sec');
      const meetingId = await createMeeting(server.store, [[sec, 'secretariat']]);
      const client = connect(server.url, `meeting/${meetingId}`, await login(server.url, 'drain-sec'));
      await client.synced;
      meetingDoc.meta(client.doc).set('venue', 'Phòng họp số 1');
      await waitFor(async () => (await server.docs.read(`meeting/${meetingId}`, (d) => meetingDoc.meta(d).get('venue'))) === 'Phòng họp số 1', 5000, 'the edit on the server');

      const drained = server.drain();
      const during = await fetch(`${server.url}/api/ready`);
      expect(during.status).toBe(503);
      expect(during.headers.get('retry-after')).toBe('2');
      const report = ReadyResponse.parse(await during.json());
      expect(report.ready).toBe(false);
      expect(report.checks.draining).toEqual({ ok: false, reason: 'This node is shutting down; send clients to another node.' });
      expect(report.checks.database).toEqual({ ok: true });
      await drained;
      expect((await client.closed).code).toBe(tryAgainCloseCode);
      client.destroy();
      await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();

      const again = await start(dir, { processMetrics: false });
      try {
        expect(await again.docs.read(`meeting/${meetingId}`, (d) => meetingDoc.meta(d).get('venue'))).toBe('Phòng họp số 1');
      } finally {
        await again.close();
      }
    } finally {
      await remove();
    }
  });
});

describe('SIGTERM on the server process', () => {
  const outDir = path.resolve(`out/test-server-ops-${process.pid}`);
  const cli = path.join(outDir, 'cli.js');
  beforeAll(async () => {
    await build({ entryPoints: ['server/cli.ts'], outfile: cli, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning' });
  });
  afterAll(async () => {
    const { rm } = await import('node:fs/promises');
    await rm(outDir, { recursive: true, force: true });
  });

  it('refuses cluster flags that cannot work, before touching anything', async () => {
    const { dir, remove } = await tempDir();
    try {
      const run = (...args: string[]) => spawnSync(process.execPath, [cli, '--data', dir, '--port', '0', ...args], { encoding: 'utf8' });
      const cases: [string[], RegExp][] = [
        [['--redis-url', 'redis://127.0.0.1:6379'], /--redis-url needs --database-url/],
        [['--database-url', 'mysql://x/y'], /--database-url must be a PostgreSQL URL/],
        [['--database-url', 'postgres://127.0.0.1/x', '--redis-url', 'http://x'], /--redis-url must be a Redis URL/],
        [['--drain-ms', 'soon'], /--drain-ms must be a whole number/],
      ];
      for (const [args, message] of cases) {
        const r = run(...args);
        expect(r.status, args.join(' ')).toBe(2);
        expect(r.stderr).toMatch(message);
      }
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await remove();
    }
  });

  it('drains and exits 0; a connected device is told to try again; JSON log lines throughout', async () => {
    const { dir, remove } = await tempDir();
    let proc: ChildProcess | null = null;
    try {
      const setup = await start(dir, { processMetrics: false });
      const sec = await createUser(setup.store, 'term-sec');
      const meetingId = await createMeeting(setup.store, [[sec, 'secretariat']]);
      const token = 'term-token';
      await setup.store.createSession(hashToken(token), sec.id, Date.now() + 3600_000);
      await setup.close();

      const databaseUrl = await databaseUrlFor(dir);
      const child = spawn(process.execPath, [cli, '--data', dir, '--port', '0', '--drain-ms', '300', '--log-json', ...(databaseUrl ? ['--database-url', databaseUrl] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
      proc = child;
      let out = '';
      child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
      const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      await waitFor(() => /listening on http:\/\/\S+/.test(out), 20_000, 'the server to listen');
      const url = /listening on (http:\/\/\S+)/.exec(out)![1]!;
      const client = connect(url, `meeting/${meetingId}`, token);
      await client.synced;

      child.kill('SIGTERM');
      expect((await client.closed).code).toBe(tryAgainCloseCode);
      client.destroy();
      expect(await exit).toBe(0);
      proc = null;
      const lines = out.split('\n').filter((l) => l.startsWith('{'));
      const msgs = lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
      expect(msgs).toEqual(expect.arrayContaining(['server listening', 'signal received: draining', 'draining: this node reports not ready and will close', 'server stopped']));
      expect(msgs.indexOf('signal received: draining')).toBeLessThan(msgs.indexOf('server stopped'));
    } finally {
      proc?.kill('SIGKILL');
      await remove();
    }
  });
});
