/**
 * Remote wipe through the desktop core (issue 11): a delegate's device holds the meeting
 * pack, an annotation and a record still in its outbox (written while the server was
 * away). From another session the person marks it lost. On its next contact the device
 * sends its outbox, then keeps nothing of the person: every table of its SQLite file and
 * the raw file bytes are scanned, and the blob folder must be empty. The server's audit
 * log records the wipe.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { test as it } from '../../support/core-fixture';
import type { DeviceList, DeviceView } from '../../../shared/api/devices';
import { currentMeeting, tempDir, waitUntil } from '../../support/temp';


async function http<T>(url: string, method: string, token: string | null, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('a device marked lost', () => {
  it('sends its outbox on its next contact, then keeps nothing of the person and reports the wipe', async ({ server, newCore }) => {
    let srv = await server();
    const dataDir = tempDir();
    const core = await newCore({ dataDir });
    const me = await core.api.session.login({ serverUrl: srv.url, username: 'delegate11', password: 'demo' });
    const meetingId = currentMeeting((await core.api.meetings.list()).meetings).id;
    await core.api.meetings.open({ meetingId });
    const pack = await waitUntil(
      async () => {
        const s = await core.api.pack.status({ meetingId });
        return s.readyOffline && s.files.length > 0 && s.files.every((f) => f.state !== 'on_device' || f.indexedPages > 0) ? s : null;
      },
      'the pack on the device, indexed',
      { timeoutMs: 90_000 },
    );
    const documentId = pack.files[0]!.documentId;
    const secret = 'Ghi chú riêng: phương án nhân sự XK-4471';
    await core.api.annotations.add({ meetingId, documentId, page: 1, kind: 'note', note: secret });

    // A passage of the documents as the device indexed it: it must not survive either.
    const peek = new Database(path.join(dataDir, 'opencabinet.sqlite'), { readonly: true });
    const page = (peek.prepare('SELECT text FROM page_text WHERE length(text) > 200 LIMIT 1').get() as { text: string } | undefined)?.text;
    peek.close();
    expect(page, 'the device indexed some page text').toBeTruthy();
    const passage = page!.slice(60, 100);
    expect(filesUnder(path.join(dataDir, 'blobs')).length).toBeGreaterThan(0);

    // The server goes away; a shared note waits in the outbox.
    await srv.close();
    await waitUntil(async () => (await core.api.sync.status()).state === 'offline', 'the device to notice the server is gone', { timeoutMs: 30_000 });
    const shared = 'Đề nghị bổ sung số liệu quý III (gửi khi mất mạng)';
    const queued = await core.api.annotations.add({ meetingId, documentId, page: 2, kind: 'note', note: shared, shared: true });
    expect(queued.syncState).toBe('pending');

    // The server is back; from another session the person marks this device lost.
    srv = await srv.startAgain();
    const login = await http<{ token: string }>(`${srv.url}/api/login`, 'POST', null, { username: 'delegate11', password: 'demo', deviceName: 'Điện thoại' });
    const other = login.body.token;
    const devices = (await http<DeviceList>(`${srv.url}/api/devices`, 'GET', other)).body.devices;
    const lost = devices.find((d) => !d.current && d.lostAt === null && /browser mode/.test(d.name));
    expect(lost, 'the core named itself at sign-in, and said it runs in browser mode').toBeDefined();
    const marked = await http<DeviceView>(`${srv.url}/api/devices/${lost!.id}/lost`, 'POST', other);
    expect(marked.status).toBe(200);

    // Next contact: the outbox goes first, then the wipe, then the report.
    await waitUntil(async () => (await srv.records.auditEntries(meetingId)).find((e) => e.kind === 'device.wiped'), 'the wipe report in the audit log', { timeoutMs: 60_000 });
    expect(await core.api.session.current()).toBeNull();
    const onServer = srv.records.sqliteDb!.prepare('SELECT note FROM shared_annotations WHERE meeting_id = ? AND id = ?').get(meetingId, queued.id) as { note: string } | undefined;
    expect(onServer?.note, 'the record from the outbox reached the server before the wipe').toBe(shared);
    const wiped = (await srv.records.auditEntries(meetingId)).find((e) => e.kind === 'device.wiped')!;
    expect(wiped.data).toMatchObject({ userId: me.user.id, deviceId: lost!.id, recordsUnsent: 0 });
    expect((wiped.data as { meetings: number }).meetings).toBeGreaterThanOrEqual(1);
    expect((wiped.data as { documents: number }).documents).toBeGreaterThanOrEqual(pack.files.length);
    expect((await srv.records.verifyAudit(meetingId)).ok).toBe(true);
    // The lost token is finished; the other session is not.
    expect((await http<DeviceList>(`${srv.url}/api/devices`, 'GET', other)).body.devices.map((d) => d.id)).not.toContain(lost!.id);

    // Nothing is left: no row names the person or the meeting, or holds their words.
    await core.close();
    const db = new Database(path.join(dataDir, 'opencabinet.sqlite'), { readonly: true });
    const tables = (db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string; sql: string }[]).filter(
      (t) => !/^CREATE VIRTUAL TABLE/i.test(t.sql),
    );
    const mustBeEmpty = ['session', 'meetings_cache', 'ydoc_snapshots', 'ydoc_updates', 'blobs', 'page_text', 'annotations', 'outbox', 'others_annotations', 'meeting_seen', 'conclusion_drafts', 'tasks_cache'];
    for (const name of mustBeEmpty) {
      expect(tables.map((t) => t.name), `table ${name} exists`).toContain(name);
      expect((db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n, `rows left in ${name}`).toBe(0);
    }
    for (const t of tables) {
      const text = JSON.stringify(db.prepare(`SELECT * FROM "${t.name}"`).all(), (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : v));
      for (const needle of [me.user.id, meetingId, secret, shared, passage]) expect(text.includes(needle), `${t.name} still holds ${needle}`).toBe(false);
    }
    const hits = db.prepare(`SELECT count(*) AS n FROM page_fts WHERE page_fts MATCH ?`).get('"' + passage.split(/\s+/).filter((w) => w.length > 3)[0] + '"') as { n: number };
    expect(hits.n).toBe(0);
    db.close();
    // Nor in the file's free pages or the WAL.
    for (const file of ['opencabinet.sqlite', 'opencabinet.sqlite-wal']) {
      const p = path.join(dataDir, file);
      if (!fs.existsSync(p)) continue;
      const bytes = fs.readFileSync(p);
      for (const needle of [secret, shared, passage, '%PDF-']) expect(bytes.includes(Buffer.from(needle, 'utf8')), `${file} still holds ${needle}`).toBe(false);
    }
    expect(filesUnder(path.join(dataDir, 'blobs'))).toEqual([]);
  }, 180_000);

  it('keeps what another person signed in on the same device still needs', async ({ server, newCore }) => {
    const srv = await server();
    const dataDir = tempDir();
    const core = await newCore({ dataDir });
    const ready = async (meetingId: string) =>
      waitUntil(async () => {
        const s = await core.api.pack.status({ meetingId });
        return s.readyOffline && s.files.length > 0 ? s : null;
      }, 'the pack on the device', { timeoutMs: 90_000 });

    // First a colleague uses this machine, then signs out (their data stays, as sign-out keeps it).
    const colleague = await core.api.session.login({ serverUrl: srv.url, username: 'delegate12', password: 'demo' });
    const meetingId = currentMeeting((await core.api.meetings.list()).meetings).id;
    await core.api.meetings.open({ meetingId });
    const pack = await ready(meetingId);
    await core.api.annotations.add({ meetingId, documentId: pack.files[0]!.documentId, page: 1, kind: 'note', note: 'Ghi chú của đồng nghiệp' });
    await core.api.session.logout();

    const me = await core.api.session.login({ serverUrl: srv.url, username: 'delegate13', password: 'demo' });
    expect(currentMeeting((await core.api.meetings.list()).meetings).id).toBe(meetingId);
    await core.api.meetings.open({ meetingId });
    await ready(meetingId);
    await core.api.annotations.add({ meetingId, documentId: pack.files[0]!.documentId, page: 1, kind: 'note', note: 'Ghi chú của tôi' });

    const other = (await http<{ token: string }>(`${srv.url}/api/login`, 'POST', null, { username: 'delegate13', password: 'demo' })).body.token;
    const lost = (await http<DeviceList>(`${srv.url}/api/devices`, 'GET', other)).body.devices.find((d) => !d.current)!;
    expect((await http(`${srv.url}/api/devices/${lost.id}/lost`, 'POST', other)).status).toBe(200);
    await core.api.meetings.list().catch(() => undefined);
    await waitUntil(async () => (await srv.records.auditEntries(meetingId)).find((e) => e.kind === 'device.wiped'), 'the wipe report', { timeoutMs: 60_000 });
    expect(await core.api.session.current()).toBeNull();
    // The sign-in screen says why: the device was wiped, and when; the next sign-in clears it.
    const wipedAt = (await core.api.app.info({})).wipedAt;
    expect(Date.now() - Date.parse(wipedAt!)).toBeLessThan(120_000);
    await core.api.session.login({ serverUrl: srv.url, username: 'delegate12', password: 'demo' });
    expect((await core.api.app.info({})).wipedAt).toBeNull();
    await core.api.session.logout();
    await core.close();

    const db = new Database(path.join(dataDir, 'opencabinet.sqlite'), { readonly: true });
    const count = (sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n;
    for (const table of ['annotations', 'meetings_cache', 'outbox', 'meeting_seen']) {
      expect(count(`SELECT count(*) AS n FROM ${table} WHERE user_id = ?`, me.user.id), `${table} of the lost person`).toBe(0);
    }
    expect(count('SELECT count(*) AS n FROM annotations WHERE user_id = ?', colleague.user.id)).toBe(1);
    expect(count('SELECT count(*) AS n FROM meetings_cache WHERE user_id = ?', colleague.user.id)).toBe(1);
    expect(count(`SELECT count(*) AS n FROM ydoc_snapshots WHERE doc_key LIKE ?`, `%meeting/${meetingId}`) + count(`SELECT count(*) AS n FROM ydoc_updates WHERE doc_key LIKE ?`, `%meeting/${meetingId}`)).toBeGreaterThan(0);
    expect(count(`SELECT count(*) AS n FROM blobs WHERE state = 'on_device'`)).toBe(pack.files.length);
    db.close();
    expect(filesUnder(path.join(dataDir, 'blobs')).length).toBeGreaterThanOrEqual(pack.files.length);
  }, 180_000);
});
