/**
 * A lost device gives nothing away: a real core downloads a real confidential meeting pack
 * from a real server on 127.0.0.1, and then every byte the device keeps (SQLite file, WAL,
 * blobs) is scanned for the documents' page text and for a PDF header in the clear. Also:
 * the data folder is private to its user, the stored session token does not work when the
 * folder is copied, and a confidential meeting's offline lease runs out and is renewed.
 */
import { describe, expect } from 'vitest';
import { test as it, type CoreFixtures, type TestDevice, type TestServer } from '../../support/core-fixture';
import fs from 'node:fs';
import crypto from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Core } from '../../../main/core';
import { ServerClient } from '../../../main/core/server-client';
import { answerBlob } from '../../../main/core/blob-response';
import { isSealedFile } from '../../../main/core/at-rest';
import { foldD, fold } from '../../../shared/text/fold';
import type { MeetingView, PackStatus } from '../../../shared/contract';
import { ApiError } from '../../../shared/errors';
import { tempDir, waitUntil } from '../../support/temp';
import { startFlakyProxy } from '../../support/flaky-proxy';
import { blobText } from '../server-records/pdf-text';

/** Signed in and the meeting list read; each test opens what it looks at. */
const listedOnly = { until: 'listed' } as const;

async function openSynced(d: TestDevice, meetingId = d.meetingId): Promise<MeetingView> {
  await d.core.api.meetings.open({ meetingId });
  return waitUntil(() => (d.views.get(meetingId)?.synced ? d.views.get(meetingId) : null), 'the meeting to sync', { timeoutMs: 20_000 });
}

/** The secretariat marks the demo meeting confidential ("Mật") with a lease of `days`. */
async function markConfidential(device: CoreFixtures['device'], srv: TestServer, days: number): Promise<{ sec: TestDevice; meetingId: string }> {
  const sec = await device(srv.url, 'secretary', listedOnly);
  await openSynced(sec);
  await sec.core.api.meetings.updateMeta({ meetingId: sec.meetingId, patch: { confidentiality: 'confidential', offlineLeaseDays: days } });
  return { sec, meetingId: sec.meetingId };
}

/**
 * A server whose demo meeting the secretariat marked confidential with a lease of `days`,
 * and a proxy in front of it that stands in for the network (cut, corrupted or gone).
 */
async function confidentialBehindProxy({ server, device }: Pick<CoreFixtures, 'server' | 'device'>, days: number) {
  const srv = await server();
  const { sec, meetingId } = await markConfidential(device, srv, days);
  await sec.close();
  return { srv, meetingId, net: await startFlakyProxy(srv.url) };
}

async function packOnDevice(core: Core, meetingId: string, { indexed = false } = {}): Promise<PackStatus> {
  return waitUntil(
    async () => {
      const s = await core.api.pack.status({ meetingId });
      return s.files.length > 0 && s.files.every((f) => f.state === 'on_device' && (!indexed || f.indexedPages > 0)) ? s : null;
    },
    indexed ? 'the whole pack on the device and searchable' : 'the whole pack on the device',
    { timeoutMs: 90_000 },
  );
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

function dirsUnder(dir: string): string[] {
  const out = [dir];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) out.push(...dirsUnder(path.join(dir, e.name)));
  return out;
}

const mode = (p: string) => fs.statSync(p).mode & 0o777;

/**
 * Every file of a data folder, byte by byte: none holds a needle (as written, or folded as
 * the search index would keep it), and a PDF header appears only in a blob of a
 * non-confidential meeting. Returns the files scanned.
 */
function scanFolder(dir: string, needles: readonly string[], confidentialShas: ReadonlySet<string>): string[] {
  const files = filesUnder(dir);
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    const text = bytes.toString('utf8');
    const where = path.relative(dir, file);
    for (const s of needles) {
      expect(text.includes(s), `«${s}» in the clear in ${where}`).toBe(false);
      expect(text.includes(foldD(s)), `folded «${s}» in the clear in ${where}`).toBe(false);
    }
    if (bytes.includes('%PDF-')) {
      const sha = path.basename(file);
      expect(confidentialShas.has(sha), `${where} holds a confidential PDF in the clear`).toBe(false);
      expect(path.dirname(file), `${where} is a PDF outside the blob cache`).toBe(path.join(dir, 'blobs', sha.slice(0, 2)));
    }
  }
  return files;
}

async function readAll(core: Core, sha: string, start?: number, end?: number): Promise<Buffer> {
  const answer = answerBlob(core.blobSource(sha), start === undefined ? undefined : `bytes=${start}-${end}`);
  expect(answer.body).toBeTruthy();
  const parts: Buffer[] = [];
  for await (const c of answer.body!.open()) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

describe('a confidential meeting at rest on a delegate device', () => {
  it('keeps no page text and no PDF in the clear, reads the documents all the same, and keeps the folder private', async ({ server, newCore, device }) => {
    const srv = await server();
    const { sec, meetingId } = await markConfidential(device, srv, 7);
    // The secretariat's own device: a conclusion draft typed for a confidential item.
    const draftText = `Dự thảo kết luận mật ${crypto.randomUUID()}`;
    const view = await openSynced(sec);
    await sec.core.api.conclusions.saveDraft({ meetingId, agendaItemId: view.content.agenda[0]!.id, text: draftText });
    // Its pack began arriving before the meeting was marked: those files get sealed in place.
    const secPack = await packOnDevice(sec.core, meetingId);
    await waitUntil(() => secPack.files.every((f) => isSealedFile(sec.core.blobPath(f.sha256)!)), 'the secretariat copies to be sealed', { timeoutMs: 30_000 });
    await packOnDevice(sec.core, meetingId, { indexed: true });

    const d = await device(srv.url, 'delegate08', listedOnly);
    const opened = await openSynced(d, meetingId);
    expect(opened.content.meta.confidentiality).toBe('confidential');
    const pack = await packOnDevice(d.core, meetingId, { indexed: true });
    const confidentialShas = new Set(pack.files.map((f) => f.sha256));

    // Page text from the server's copies: five-word runs from the three smallest documents.
    const smallest = [...pack.files].sort((a, b) => a.size - b.size).slice(0, 3);
    const snippets: string[] = [];
    for (const f of smallest) {
      const words = (await blobText(srv.dataDir, f.sha256)).text.split(/\s+/).filter((w) => w.length > 1);
      expect(words.length).toBeGreaterThan(50);
      for (let i = 0; i < 8; i++) {
        const at = Math.floor(((i + 1) * words.length) / 10);
        snippets.push(words.slice(at, at + 5).join(' '));
      }
    }

    // Searchable all the same, with or without diacritics (the sealed index, in memory).
    for (const q of [snippets[2]!, fold(snippets[3]!)]) {
      const found = await d.core.api.search.query({ meetingId, text: `"${q}"` });
      const shown = found.groups.flatMap((g) => g.hits.map((h) => fold(h.snippet.replace(/[\u0002\u0003]/g, ''))));
      expect(shown.some((x) => x.includes(fold(q))), q).toBe(true);
    }
    const firstDoc = opened.content.documents.find((x) => x.sha256 === smallest[0]!.sha256)!;

    // Notes quoting the confidential text: a private one, and a shared one (which waits in
    // the outbox, then stays there as sent).
    const noteText = `Ghi chú riêng ${crypto.randomUUID()}`;
    const sharedText = `Ý kiến chia sẻ ${crypto.randomUUID()}`;
    const doc = firstDoc;
    await d.core.api.annotations.add({ meetingId, documentId: doc.id, page: 1, kind: 'note', quote: snippets[0]!, note: noteText });
    await d.core.api.annotations.add({ meetingId, documentId: doc.id, page: 2, kind: 'note', quote: snippets[1]!, note: sharedText, shared: true });
    await waitUntil(
      async () => (await d.core.api.annotations.list({ meetingId, documentId: doc.id })).find((a) => a.note === sharedText)?.syncState === 'synced',
      'the shared note to reach the server',
      { timeoutMs: 30_000 },
    );
    const listed = await d.core.api.annotations.list({ meetingId, documentId: doc.id });
    expect(listed.find((a) => a.note === noteText)?.quote).toBe(snippets[0]);
    expect(listed.find((a) => a.note === sharedText)?.quote).toBe(snippets[1]);

    // The reader still gets every document, whole and by range, exactly as published.
    for (const f of pack.files) {
      const bytes = await readAll(d.core, f.sha256);
      expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const [a, b] = [Math.floor(f.size / 3), Math.min(f.size - 1, Math.floor(f.size / 3) + 200_000)];
      expect((await readAll(d.core, f.sha256, a, b)).equals(bytes.subarray(a, b + 1))).toBe(true);
    }

    // Documents of meetings that are not confidential stay plain and indexed as before
    // (reading.test.ts, unchanged, covers them). Their text is in the clear index by design,
    // so a snippet one of them shares with a confidential page is no leak: drop it.
    const db = new Database(path.join(d.dataDir, 'opencabinet.sqlite'), { readonly: true });
    const indexedShas = (db.prepare('SELECT DISTINCT sha256 FROM page_text').all() as { sha256: string }[]).map((r) => r.sha256);
    expect(indexedShas.filter((s) => confidentialShas.has(s))).toEqual([]);
    const inClearIndex = db.prepare('SELECT 1 FROM page_text WHERE instr(text, ?) > 0 OR instr(body, ?) > 0 LIMIT 1');
    const needles = snippets.filter((s) => !inClearIndex.get(s, foldD(s)));
    expect(needles.length).toBeGreaterThan(10);
    const tokenColumn = (db.prepare('SELECT token FROM session').get() as { token: string }).token;
    db.close();

    const folders = [
      { dir: d.dataDir, needles: [...needles, noteText, sharedText] },
      { dir: sec.dataDir, needles: [...needles, draftText] },
    ];
    // While the cores run (what was just written is in the WAL), then after they closed
    // (SQLite folds the WAL into the database file).
    for (const f of folders) {
      const files = scanFolder(f.dir, f.needles, confidentialShas);
      expect(files.some((x) => x.endsWith('opencabinet.sqlite-wal'))).toBe(true);
      expect(files.filter((x) => x.includes(`${path.sep}blobs${path.sep}`)).length).toBeGreaterThan(0);
    }
    await d.close();
    await sec.close();
    for (const f of folders) {
      const files = scanFolder(f.dir, f.needles, confidentialShas);
      // Owner-only, from the folder down to every file SQLite and the cache wrote.
      for (const p of dirsUnder(f.dir)) expect(mode(p), `${p} is a private folder`).toBe(0o700);
      for (const p of files) expect(mode(p), `${p} is a private file`).toBe(0o600);
    }

    // The session token in the store is sealed: as a bearer it is refused, and a copy of the
    // folder without the device key is not signed in.
    expect(tokenColumn.startsWith('ocs1:')).toBe(true);
    const refused = await new ServerClient(srv.url).session(tokenColumn).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe('unauthorized');
    const copy = tempDir();
    for (const f of ['opencabinet.sqlite', 'opencabinet.sqlite-wal']) {
      if (fs.existsSync(path.join(d.dataDir, f))) fs.copyFileSync(path.join(d.dataDir, f), path.join(copy, f));
    }
    const thief = await newCore({ dataDir: copy });
    expect(await thief.api.session.current()).toBeNull();

    // The device itself, key and all, opens again signed in, and its pack still reads.
    const again = await newCore({ dataDir: d.dataDir });
    expect((await again.api.session.current())?.user.username).toBe('delegate08');
    const first = pack.files[0]!;
    expect(crypto.createHash('sha256').update(await readAll(again, first.sha256)).digest('hex')).toBe(first.sha256);
  }, 180_000);

  it('repairs a data folder an older version left readable by others, and seals a token it kept in the clear', async ({ newCore, serverWith }) => {
    const { srv, d } = await serverWith({ d: 'delegate03' }, listedOnly);
    await d.close();
    // As an older version left it: the folder and the store world-readable, the token plain.
    const dbFile = path.join(d.dataDir, 'opencabinet.sqlite');
    const raw = new Database(dbFile);
    const login = await new ServerClient(srv.url).login('delegate03', 'demo');
    raw.prepare('UPDATE session SET token = ?').run(login.token);
    raw.close();
    fs.chmodSync(d.dataDir, 0o755);
    fs.chmodSync(dbFile, 0o644);
    fs.chmodSync(path.join(d.dataDir, 'blobs'), 0o755);

    const core = await newCore({ dataDir: d.dataDir });
    expect(mode(d.dataDir)).toBe(0o700);
    expect(mode(dbFile)).toBe(0o600);
    expect(mode(path.join(d.dataDir, 'blobs'))).toBe(0o700);
    expect(mode(path.join(d.dataDir, 'device.key'))).toBe(0o600);
    // Still signed in, and the token is now sealed in the store.
    expect((await core.api.session.current())?.user.username).toBe('delegate03');
    const check = new Database(dbFile, { readonly: true });
    const stored = (check.prepare('SELECT token FROM session').get() as { token: string }).token;
    check.close();
    expect(stored.startsWith('ocs1:')).toBe(true);
    expect(stored.includes(login.token)).toBe(false);
  }, 60_000);
});

describe('a confidential meeting pack over a bad network', () => {
  it('resumes a cut download from the whole sealed chunks, discards a damaged one, and ends verified and sealed', async ({ defer, server, device }) => {
    const { meetingId, net } = await confidentialBehindProxy({ server, device }, 7);
    defer(() => net.close());
    net.cutAfterBytes = 70_000; // one whole 64 KiB chunk and a torn second
    net.cutTimes = 2;
    net.corruptTimes = 1;
    const d = await device(net.url, 'delegate12', listedOnly);
    await d.core.api.meetings.open({ meetingId });
    const pack = await packOnDevice(d.core, meetingId);
    // A cut file came again from its last whole chunk, not from the byte where it broke.
    expect(net.blobRequests.some((r) => r.range === `bytes=${65536}-`)).toBe(true);
    for (const f of pack.files) {
      expect(isSealedFile(d.core.blobPath(f.sha256)!)).toBe(true);
      expect(crypto.createHash('sha256').update(await readAll(d.core, f.sha256)).digest('hex')).toBe(f.sha256);
    }
    expect(fs.readdirSync(path.join(d.dataDir, 'blobs', 'partial'))).toEqual([]);
  }, 120_000);
});

describe('the offline lease of a confidential meeting', () => {
  // Only the clock is faked (injected into the core as `now`): the server, the sockets, the
  // store and the proxy standing in for the network are all real.
  it('opens offline within the lease, refuses past it with the reason, and is renewed by reaching the server', async ({ defer, server, device }) => {
    const { srv, meetingId, net } = await confidentialBehindProxy({ server, device }, 3);
    const port = Number(new URL(net.url).port);
    let clock = Date.parse('2026-12-01T08:00:00Z');
    const day = 24 * 60 * 60 * 1000;
    const d = await device(net.url, 'delegate11', { ...listedOnly, now: () => clock });
    expect((await openSynced(d, meetingId)).content.meta.offlineLeaseDays).toBe(3);
    await d.core.api.meetings.close({ meetingId });
    const other = d.meetings.find((m) => m.id !== meetingId);

    // The network goes away (the proxy stands in for it).
    await net.close();
    await waitUntil(async () => (await d.core.api.sync.status()).state === 'offline', 'the device to notice it is offline', { timeoutMs: 30_000 });

    clock += 2 * day;
    await d.core.api.meetings.open({ meetingId });
    await d.core.api.meetings.close({ meetingId });

    clock += 2 * day; // four days after the last contact, lease three
    const refused = await d.core.api.meetings.open({ meetingId }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe('lease_expired');
    expect((refused as ApiError).message).toMatch(/3 day\(s\).*2026-12-01.*Connect to the server/);
    // A meeting that is not confidential is not held by the lease.
    if (other) await d.core.api.meetings.open({ meetingId: other.id });

    // Back online: opening reaches the server, which renews the lease.
    const back = await startFlakyProxy(srv.url, port);
    defer(() => back.close());
    const view = await d.core.api.meetings.open({ meetingId });
    expect(view.content.meta.confidentiality).toBe('confidential');
    await d.core.api.meetings.close({ meetingId });

    // Renewed from now: offline again two days later, it still opens.
    await back.close();
    clock += 2 * day;
    await d.core.api.meetings.open({ meetingId });
  }, 120_000);
});
