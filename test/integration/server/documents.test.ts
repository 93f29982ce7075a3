import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '../../../shared/api/common';
import { UploadDocumentResponse } from '../../../shared/api/documents';
import { addAgendaItem, readMeeting } from '../../../shared/ydoc/meeting';
import type { RunningServer } from '../../../server/app';
import type { UserRecord } from '../../../server/store/types';
import { connect, createMeeting, createUser, login, start, tempDir, waitFor, type Client } from './helpers';

// Real-world PDFs from pdf.js's test corpus, read in place (never copied into the repo).
const fixtures = '/work/shared/fixtures/pdfs';
const pdf = (name: string) => readFile(path.join(fixtures, name));

let server: RunningServer;
let remove: () => Promise<void>;
let dataDir: string;
let url: string;
let meetingId: string;
const tokens: Record<string, string> = {};
const users: Record<string, UserRecord> = {};
const clients: Client[] = [];
const limit = 3 * 1024 * 1024;

function upload(bytes: Uint8Array, query: Record<string, string>, who = 'sec', contentType = 'application/pdf', meeting = meetingId): Promise<Response> {
  const qs = new URLSearchParams(query).toString();
  return fetch(`${url}/api/meetings/${meeting}/documents?${qs}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': contentType },
    body: bytes,
  });
}

async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  return ErrorBody.parse(await res.json()).error;
}

async function serverDoc() {
  const c = connect(url, `meeting/${meetingId}`, tokens.sec!);
  clients.push(c);
  await c.synced;
  const content = readMeeting(c.doc);
  c.destroy();
  return content;
}

async function blobFiles(): Promise<string[]> {
  const root = path.join(dataDir, 'blobs');
  const out: string[] = [];
  for (const d of await readdir(root).catch(() => [] as string[])) out.push(...(await readdir(path.join(root, d))));
  return out;
}
const tmpFiles = () => readdir(path.join(dataDir, 'tmp')).catch(() => [] as string[]);

/** Everything a refused upload must leave untouched. */
async function snapshot() {
  return { doc: JSON.stringify(await serverDoc()), blobs: (await blobFiles()).sort(), tmp: await tmpFiles() };
}

async function expectRefused(res: Response, status: number, message: RegExp, before: Awaited<ReturnType<typeof snapshot>>) {
  expect(res.status).toBe(status);
  expect((await errorOf(res)).message).toMatch(message);
  const after = await snapshot();
  expect(after.doc).toBe(before.doc);
  expect(after.blobs).toEqual(before.blobs);
  expect(after.tmp).toEqual([]);
}

beforeAll(async () => {
  const tmp = await tempDir();
  remove = tmp.remove;
  dataDir = tmp.dir;
  server = await start(dataDir, { maxUploadBytes: limit });
  url = server.url;
  for (const name of ['sec', 'del', 'outsider']) {
    users[name] = await createUser(server.store, name);
    tokens[name] = await login(url, name);
  }
  meetingId = await createMeeting(server.store, [[users.sec!, 'secretariat'], [users.del!, 'delegate']]);
  await server.docs.transact(`meeting/${meetingId}`, (doc) => {
    addAgendaItem(doc, { id: 'item-1', title: 'Khai mạc', parentId: null, order: 1 });
    addAgendaItem(doc, { id: 'item-2', title: 'Báo cáo', parentId: null, order: 2 });
  });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.close();
  await remove();
});

describe('document upload', () => {
  let firstId: string;

  it('stores a PDF, reads pages and title, updates the doc live and serves the blob', async () => {
    const watcher = connect(url, `meeting/${meetingId}`, tokens.del!);
    clients.push(watcher);
    await watcher.synced;
    const bytes = await pdf('tracemonkey.pdf');
    const res = await upload(bytes, { filename: 'tracemonkey.pdf', agendaItemId: 'item-2', confidentiality: 'confidential' });
    expect(res.status).toBe(201);
    const { document, deduplicated } = UploadDocumentResponse.parse(await res.json());
    firstId = document.id;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(deduplicated).toBe(false);
    // tracemonkey.pdf has no Info title: the file name stands in.
    expect(document).toEqual({ id: document.id, title: 'tracemonkey', sha256, size: bytes.length, pages: 14, agendaItemId: 'item-2', confidentiality: 'confidential', version: 1, supersedes: null, supersededBy: null });

    await waitFor(() => readMeeting(watcher.doc).documents.length === 1, 3000, 'document in the delegate doc');
    const seen = readMeeting(watcher.doc);
    expect(seen.documents[0]).toEqual(document);
    expect(seen.agenda.find((i) => i.id === 'item-2')!.documentIds).toEqual([document.id]);

    const blob = await fetch(`${url}/api/blobs/${sha256}`, { headers: { authorization: `Bearer ${tokens.del}` } });
    expect(blob.status).toBe(200);
    expect(Buffer.from(await blob.arrayBuffer()).equals(bytes)).toBe(true);
    const outsider = await fetch(`${url}/api/blobs/${sha256}`, { headers: { authorization: `Bearer ${tokens.outsider}` } });
    // No existence oracle (issue 18): another meeting's document answers exactly like one that does not exist.
    const nowhere = await fetch(`${url}/api/blobs/${'0'.repeat(64)}`, { headers: { authorization: `Bearer ${tokens.outsider}` } });
    expect(outsider.status).toBe(404);
    expect(nowhere.status).toBe(404);
    expect(await outsider.text()).toBe(await nowhere.text());
    expect(await tmpFiles()).toEqual([]);
  });

  it('takes the title from the PDF when it has a real one', async () => {
    const res = await upload(await pdf('TAMReview.pdf'), { filename: 'review.pdf' });
    expect(res.status).toBe(201);
    const { document } = UploadDocumentResponse.parse(await res.json());
    expect(document).toMatchObject({ title: 'Overview of the Technology Acceptance Model: Origins, Developments and Future Directions', pages: 23, agendaItemId: null, confidentiality: 'internal' });
  });

  it('stores the same bytes once', async () => {
    const before = await blobFiles();
    const res = await upload(await pdf('tracemonkey.pdf'), { filename: 'copy of tracemonkey.pdf', agendaItemId: 'item-1' });
    expect(res.status).toBe(201);
    const body = UploadDocumentResponse.parse(await res.json());
    expect(body.deduplicated).toBe(true);
    expect(body.document.id).not.toBe(firstId);
    expect(await blobFiles()).toEqual(before);
    expect(await tmpFiles()).toEqual([]);
  });

  it('replaces a document: version chain, same place in the item, old one readable as superseded', async () => {
    // Put a second document after the first in item-2, so "same position" means something.
    const other = await upload(await pdf('empty.pdf'), { filename: 'Phụ lục.pdf', agendaItemId: 'item-2' });
    const otherId = UploadDocumentResponse.parse(await other.json()).document.id;
    expect((await serverDoc()).agenda.find((i) => i.id === 'item-2')!.documentIds).toEqual([firstId, otherId]);

    const res = await upload(await pdf('helloworld-bad.pdf'), { filename: 'tracemonkey v2.pdf', replaces: firstId });
    expect(res.status).toBe(201);
    const { document: v2 } = UploadDocumentResponse.parse(await res.json());
    expect(v2).toMatchObject({ version: 2, supersedes: firstId, supersededBy: null, agendaItemId: 'item-2', pages: 1, title: 'tracemonkey v2' });

    const doc = await serverDoc();
    expect(doc.agenda.find((i) => i.id === 'item-2')!.documentIds).toEqual([v2.id, otherId]);
    expect(doc.documents.find((d) => d.id === firstId)).toMatchObject({ supersededBy: v2.id, version: 1 });

    const before = await snapshot();
    const stale = await upload(await pdf('xref_command_missing.pdf'), { filename: 'again.pdf', replaces: firstId });
    await expectRefused(stale, 409, /^“tracemonkey” was already replaced by version 2; replace the newest version\.$/, before);

    const v3 = await upload(await pdf('xref_command_missing.pdf'), { filename: 'v3.pdf', replaces: v2.id });
    expect(v3.status).toBe(201);
    expect(UploadDocumentResponse.parse(await v3.json()).document).toMatchObject({ version: 3, supersedes: v2.id });
  });

  it('refuses unknown targets before reading the file', async () => {
    const before = await snapshot();
    await expectRefused(await upload(await pdf('empty.pdf'), { filename: 'a.pdf', agendaItemId: 'no-such-item' }), 404, /agenda item/, before);
    await expectRefused(await upload(await pdf('empty.pdf'), { filename: 'a.pdf', replaces: 'no-such-doc' }), 404, /document to replace/, before);
    await expectRefused(await upload(await pdf('empty.pdf'), {}), 400, /"filename"/, before);
    await expectRefused(await upload(await pdf('empty.pdf'), { filename: 'a.pdf', confidentiality: 'secret' }), 400, /"confidentiality"/, before);
  });

  it('refuses bad files with a message naming the file, and keeps nothing', async () => {
    const before = await snapshot();
    const docx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(2000, 7)]);
    await expectRefused(await upload(docx, { filename: 'Tờ trình.pdf' }), 422, /^“Tờ trình\.pdf” is not a PDF file \(it may be a renamed Word, Excel, PowerPoint or ZIP file\)/, before);
    await expectRefused(await upload(Buffer.from('hello, not a pdf'), { filename: 'notes.pdf' }), 422, /^“notes\.pdf” is not a PDF file \(it may be a renamed file of another type\)/, before);
    for (const name of ['issue6010_1.pdf', 'encrypted-attachment.pdf']) {
      await expectRefused(await upload(await pdf(name), { filename: name }), 422, new RegExp(`^“${name.replace('.', '\\.')}” is password-protected\\. Remove the password and upload it again\\.$`), before);
    }
    await expectRefused(await upload(await pdf('poppler-395-0-fuzzed.pdf'), { filename: 'fuzzed.pdf' }), 422, /^“fuzzed\.pdf” is damaged or incomplete and cannot be opened\.$/, before);
    const tm = await pdf('tracemonkey.pdf');
    await expectRefused(await upload(tm.subarray(0, tm.length >> 1), { filename: 'half.pdf' }), 422, /^“half\.pdf” is damaged or incomplete and cannot be opened\.$/, before);
    await expectRefused(await upload(Buffer.alloc(0), { filename: 'empty-file.pdf' }), 422, /“empty-file\.pdf” is not a PDF file/, before);
  });

  it('accepts recoverable and empty-password files', async () => {
    for (const name of ['helloworld-bad.pdf', 'xref_command_missing.pdf', 'empty_protected.pdf']) {
      const res = await upload(await pdf(name), { filename: name });
      expect(res.status, name).toBe(201);
      expect(UploadDocumentResponse.parse(await res.json()).document.pages).toBe(1);
    }
  });

  it('refuses an oversize file with 413 and leaves no temp file, declared or streamed', async () => {
    const before = await snapshot();
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(limit + 1024, 0x20)]);
    await expectRefused(await upload(big, { filename: 'big.pdf' }), 413, /^“big\.pdf” is 3 MB; the largest file accepted is 3 MB\.$/, before);

    // Chunked, no Content-Length: refused once the count passes the limit.
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${url}/api/meetings/${meetingId}/documents?filename=stream.pdf`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.sec}`, 'content-type': 'application/pdf', 'transfer-encoding': 'chunked' },
      });
      req.on('response', (r) => {
        let body = '';
        r.on('data', (c) => (body += c));
        r.on('end', () => resolve({ status: r.statusCode!, body }));
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(256 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < limit * 3) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.message).toBe('“stream.pdf” is larger than 3 MB; the largest file accepted is 3 MB.');
    await waitFor(async () => (await tmpFiles()).length === 0, 2000, 'temp file removed');
    expect((await snapshot()).doc).toBe(before.doc);
  });

  it('refuses the wrong content type with 415, and delegates with 403', async () => {
    const before = await snapshot();
    await expectRefused(await upload(await pdf('empty.pdf'), { filename: 'a.pdf' }, 'sec', 'application/octet-stream'), 415, /application\/pdf/, before);
    const del = await upload(await pdf('empty.pdf'), { filename: 'a.pdf' }, 'del');
    expect((await errorOf(del.clone())).code).toBe('forbidden');
    await expectRefused(del, 403, /^Only the secretariat of this meeting can upload documents\.$/, before);
    await expectRefused(await upload(await pdf('empty.pdf'), { filename: 'a.pdf' }, 'outsider'), 404, /no such meeting/, before);
  });
});
