/**
 * Reading the meeting pack through the desktop core: background download (interrupted,
 * corrupted, resumed), the search index with Vietnamese folding, offline reading, and
 * annotations following a replaced document. Real server, real SQLite, real PDFs.
 */
import { describe, expect } from 'vitest';
import { test as it, type TestDevice } from '../../support/core-fixture';
import fs from 'node:fs';
import crypto from 'node:crypto';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { PackStatus } from '../../../shared/contract';
import { tempDir, waitUntil } from '../../support/temp';
import { startFlakyProxy } from '../../support/flaky-proxy';

/** The current meeting opened, its pack on its way; not waited for. */
const opened = { until: 'opened' } as const;

async function readyOffline(d: TestDevice, timeoutMs = 60_000): Promise<PackStatus> {
  return waitUntil(
    async () => {
      const s = await d.core.api.pack.status({ meetingId: d.meetingId });
      const indexed = s.files.filter((f) => f.state === 'on_device').every((f) => f.indexedPages > 0);
      return s.readyOffline && s.files.length > 0 && indexed ? s : null;
    },
    'the pack to be on the device and indexed',
    { timeoutMs },
  );
}

describe('the meeting pack on a delegate device', () => {
  it('downloads every document in the background, verified, and searches it in Vietnamese with or without diacritics', async ({ serverWith }) => {
    const { d } = await serverWith({ d: 'delegate08' }, opened);
    const status = await readyOffline(d);
    expect(status.files.length).toBeGreaterThanOrEqual(8);
    expect(status.receivedBytes).toBe(status.totalBytes);
    // Each file on disk is exactly what the secretariat published.
    for (const f of status.files) {
      const file = path.join(d.dataDir, 'blobs', f.sha256.slice(0, 2), f.sha256);
      expect(crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(f.sha256);
    }
    expect(d.packs.get(d.meetingId)?.readyOffline).toBe(true);

    const count = async (text: string) => (await d.core.api.search.query({ meetingId: d.meetingId, text })).totalHits;
    const table: [string, string, RegExp][] = [
      ['nghi quyet', 'nghị quyết', /nghị quyết/i],
      ['NGHI QUYET', 'nghị quyết', /nghị quyết/i],
      ['duong', 'Đường', /đường/i],
      ['dau tu cong', 'đầu tư công', /đầu tư công/i],
    ];
    for (const [plain, accented, shown] of table) {
      const a = await d.core.api.search.query({ meetingId: d.meetingId, text: plain });
      expect(a.totalHits, `"${plain}" should find something`).toBeGreaterThan(0);
      expect(await count(accented), `"${plain}" and "${accented}" find the same pages`).toBe(a.totalHits);
      const snippet = a.groups[0]!.hits[0]!.snippet;
      // The person sees the original words, with the match marked.
      expect(snippet.replace(/[\u0002\u0003]/g, '')).toMatch(shown);
      expect(snippet).toMatch(/\u0002.+\u0003/);
      expect(a.groups[0]!.hits[0]!.page).toBeGreaterThan(0);
    }
    expect(await count('xyzzyqwerty')).toBe(0);
    const err = await d.core.api.search.query({ meetingId: d.meetingId, text: '   ' }).catch((e) => e);
    expect(err.code).toBe('invalid_input');
  });

  it('keeps reading and searching with the server gone', async ({ serverWith }) => {
    const { srv, d } = await serverWith({ d: 'delegate09' }, opened);
    const status = await readyOffline(d);
    await srv.close();
    await waitUntil(async () => (await d.core.api.sync.status()).state === 'offline', 'offline');
    const hits = await d.core.api.search.query({ meetingId: d.meetingId, text: 'nghi quyet' });
    expect(hits.totalHits).toBeGreaterThan(0);
    const source = await d.core.api.documents.source({ meetingId: d.meetingId, documentId: status.files[0]!.documentId });
    expect(source).toMatchObject({ state: 'on_device', url: `/blob/${status.files[0]!.sha256}` });
    expect(d.core.blobPath(status.files[0]!.sha256)).toBeTruthy();
  });

  it("keeps one's notes on a document listed and editable with the server gone", async ({ serverWith }) => {
    const { srv, d } = await serverWith({ d: 'delegate10' }, opened);
    const status = await readyOffline(d);
    const documentId = status.files[0]!.documentId;
    const note = await d.core.api.annotations.add({ meetingId: d.meetingId, documentId, page: 1, kind: 'note', note: 'Đề nghị Bộ Tài chính giải trình thêm' });
    await d.core.api.annotations.add({ meetingId: d.meetingId, documentId, page: 1, kind: 'highlight', quote: 'nghị quyết', rects: [{ x: 0.1, y: 0.1, w: 0.2, h: 0.02 }] });
    expect(await d.core.api.annotations.list({ meetingId: d.meetingId, documentId })).toHaveLength(2);
    await srv.close();
    await waitUntil(async () => (await d.core.api.sync.status()).state === 'offline', 'offline');
    await new Promise((r) => setTimeout(r, 1500));
    const offline = await d.core.api.annotations.list({ meetingId: d.meetingId, documentId });
    expect(offline.map((a) => a.id).sort()).toContain(note.id);
    expect(offline).toHaveLength(2);
    await d.core.api.annotations.add({ meetingId: d.meetingId, documentId, page: 2, kind: 'note', note: 'Ghi chú khi mất mạng' });
    expect(await d.core.api.annotations.list({ meetingId: d.meetingId, documentId })).toHaveLength(3);
  });

  it('resumes a download cut off mid-file, and throws away a damaged copy', async ({ defer, server, device }) => {
    const srv = await server();
    const proxy = await startFlakyProxy(srv.url);
    defer(() => proxy.close());
    proxy.cutAfterBytes = 50_000;
    proxy.cutTimes = 3;
    proxy.corruptTimes = 0;
    const d = await device(proxy.url, 'delegate10', opened);
    await waitUntil(() => proxy.blobRequests.length >= 3, 'first download attempts');
    // Then one corrupted copy: it must be discarded, fetched again, and end up correct.
    proxy.corruptTimes = 1;
    const status = await readyOffline(d, 90_000);
    expect(status.files.every((f) => f.state === 'on_device')).toBe(true);
    const resumed = proxy.blobRequests.filter((r) => r.range?.startsWith('bytes=') && r.range !== 'bytes=0-');
    expect(resumed.length, 'a cut download continues with a Range request').toBeGreaterThan(0);
    for (const f of status.files) {
      const file = path.join(d.dataDir, 'blobs', f.sha256.slice(0, 2), f.sha256);
      expect(crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(f.sha256);
    }
  });

  it('reports a file that keeps arriving damaged, and leaves the rest of the pack usable', async ({ defer, server, device }) => {
    const srv = await server();
    const proxy = await startFlakyProxy(srv.url);
    defer(() => proxy.close());
    proxy.corruptTimes = 1_000;
    const d = await device(proxy.url, 'delegate11', opened);
    const failed = await waitUntil(
      async () => (await d.core.api.pack.status({ meetingId: d.meetingId })).files.find((f) => f.state === 'failed' && /damaged/.test(f.error?.message ?? '')),
      'a file to be reported damaged',
      { timeoutMs: 30_000 },
    );
    expect(failed.error!.message).toMatch(/fingerprint/);
    expect(fs.existsSync(path.join(d.dataDir, 'blobs', failed.sha256.slice(0, 2), failed.sha256))).toBe(false);
    // The network heals; retrying brings every file.
    proxy.corruptTimes = 0;
    await d.core.api.pack.retry({ meetingId: d.meetingId });
    await readyOffline(d, 90_000);
  });
});

describe('annotations', () => {
  async function pdfWith(pages: string[][]): Promise<string> {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    for (const lines of pages) {
      const page = pdf.addPage([595, 842]);
      lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 20, size: 12, font }));
    }
    const file = path.join(tempDir(), `v${crypto.randomUUID()}.pdf`);
    fs.writeFileSync(file, await pdf.save());
    return file;
  }

  it('are private by default, and follow a replaced document to the same passage or say they were not found', async ({ device, serverWith }) => {
    const { srv, sec } = await serverWith({ sec: 'secretary' }, opened);
    const v1 = await pdfWith([['Intro page'], ['The budget passage stays in every version.', 'The removed passage is only in the first.']]);
    const v2 = await pdfWith([['Intro page'], ['New page two'], ['The budget passage stays in every version.']]);
    const up = await sec.core.api.documents.upload({ meetingId: sec.meetingId, uploadId: crypto.randomUUID(), file: { kind: 'path', path: v1 } });
    const del = await device(srv.url, 'delegate12', opened);
    await waitUntil(async () => {
      const s = await del.core.api.pack.status({ meetingId: del.meetingId });
      return s.files.find((f) => f.documentId === up.document.id && f.indexedPages > 0);
      // Queued behind the demo pack's eight documents, which are indexed first.
    }, 'v1 on the delegate device', { timeoutMs: 60_000 });

    const kept = await del.core.api.annotations.add({
      meetingId: del.meetingId,
      documentId: up.document.id,
      page: 2,
      kind: 'highlight',
      quote: 'The budget passage stays in every version.',
      rects: [{ x: 0.08, y: 0.07, w: 0.5, h: 0.02 }],
    });
    const lost = await del.core.api.annotations.add({
      meetingId: del.meetingId,
      documentId: up.document.id,
      page: 2,
      kind: 'note',
      quote: 'The removed passage is only in the first.',
      note: 'Hỏi lại Bộ Tài chính về đoạn này',
    });
    expect(kept).toMatchObject({ shared: false, syncState: 'local', carryOver: 'none', mine: true });
    const bad = await del.core.api.annotations.add({ meetingId: del.meetingId, documentId: up.document.id, page: 99, kind: 'note', note: 'x' }).catch((e) => e);
    expect(bad.code).toBe('invalid_input');

    const v2up = await sec.core.api.documents.upload({
      meetingId: sec.meetingId,
      uploadId: crypto.randomUUID(),
      file: { kind: 'path', path: v2 },
      replaces: up.document.id,
    });
    const moved = await waitUntil(async () => {
      const list = await del.core.api.annotations.list({ meetingId: del.meetingId, documentId: v2up.document.id });
      return list.length === 2 ? list : null;
    }, 'both annotations to move to version 2', { timeoutMs: 30_000 });
    const k = moved.find((a) => a.id === kept.id)!;
    const l = moved.find((a) => a.id === lost.id)!;
    expect(k).toMatchObject({ carryOver: 'carried', page: 3, carriedFrom: up.document.id });
    expect(l).toMatchObject({ carryOver: 'not_found', carriedFrom: up.document.id, note: 'Hỏi lại Bộ Tài chính về đoạn này' });
    // Nothing left behind on the old version, nothing lost.
    expect(await del.core.api.annotations.list({ meetingId: del.meetingId, documentId: up.document.id })).toEqual([]);
    expect(await del.core.api.annotations.list({ meetingId: del.meetingId })).toHaveLength(2);

    await del.core.api.annotations.remove({ id: k.id });
    expect(await del.core.api.annotations.list({ meetingId: del.meetingId })).toHaveLength(1);
    const gone = await del.core.api.annotations.remove({ id: k.id }).catch((e) => e);
    expect(gone.code).toBe('not_found');
  });
});
