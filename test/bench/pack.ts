/**
 * Pack download: a delegate device fetching a 1 GB meeting pack over loopback through the
 * core (resumable, hashed, written to the blob cache), against a plain HTTP copy of the
 * same bytes from the same server in the same run (GET piped to a file, no hashing).
 * Target: ≥ 0.8 × the plain copy's throughput.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createCore } from '../../main/core';
import { reportBench } from './harness';

const TOTAL_MB = Number(process.env.BENCH_PACK_MB ?? 1024);
const FILES = Number(process.env.BENCH_PACK_FILES ?? 8);
const root = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-bench-pack-'));

function start(args: string[], ready: RegExp): Promise<{ url: string; kill: () => void; output: () => string }> {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = out.match(ready);
      if (m) resolve({ url: m[1]!, kill: () => child.kill(), output: () => out });
    });
    child.once('exit', (c, sig) => {
      console.error(`server exited (${sig ?? c}); its output:\n${out}`);
      reject(new Error(`server exited ${sig ?? c}`));
    });
  });
}

async function bigPdf(i: number, bytes: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage();
  page.drawText(`Phu luc ${i + 1}: so lieu`, { x: 50, y: 750, font: await pdf.embedFont(StandardFonts.Helvetica), size: 14 });
  // Random bytes as an attachment: real PDFs of this size are mostly images, which do not compress either.
  await pdf.attach(crypto.randomBytes(bytes), `data-${i}.bin`, { mimeType: 'application/octet-stream' });
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

const server = await start(['out/server/cli.js', '--data', path.join(tmp, 'server'), '--port', '0', '--demo', '--max-upload-mb', '2048'], /(http:\/\/127\.0\.0\.1:\d+)/);
try {
  const login = async (username: string) =>
    ((await (await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo' }) })).json()) as { token: string }).token;
  const secToken = await login('secretary');
  const call = async <T>(method: string, p: string, body?: unknown): Promise<T> => {
    const res = await fetch(server.url + p, { method, headers: { authorization: `Bearer ${secToken}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  // A meeting of its own and a reader who belongs only to it, so the device downloads
  // exactly the bytes the plain copy does (not the demo meeting's pack too).
  const { id: meetingId } = await call<{ id: string }>('POST', '/api/meetings', { title: 'Đo tải bộ tài liệu' });
  const { added } = await call<{ added: { initialPassword: string }[] }>('POST', `/api/meetings/${meetingId}/participants`, {
    participants: [{ name: 'Người đọc', username: 'bench.reader', role: 'delegate' }],
  });
  const readerPassword = added[0]!.initialPassword;

  console.log(`pack: uploading ${FILES} files, ${TOTAL_MB} MB in all…`);
  const shas: string[] = [];
  let totalBytes = 0;
  for (let i = 0; i < FILES; i++) {
    const body = await bigPdf(i, Math.floor((TOTAL_MB * 1024 * 1024) / FILES));
    totalBytes += body.length;
    const answer = await new Promise<string>((resolve, reject) => {
      const req = http.request(`${server.url}/api/meetings/${meetingId}/documents?filename=phu-luc-${i + 1}.pdf`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secToken}`, 'content-type': 'application/pdf', 'content-length': body.length },
        agent: false,
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => ((res.statusCode ?? 0) < 300 ? resolve(text) : reject(new Error(`upload failed: ${res.statusCode} ${text}`))));
      });
      req.on('error', (err) => reject(new Error(`upload of file ${i + 1} failed (${err.message}); server said:\n${server.output().split('\n').slice(-8).join('\n')}`)));
      req.end(body);
    });
    shas.push((JSON.parse(answer) as { document: { sha256: string } }).document.sha256);
  }

  // Baseline: plain HTTP GET of the same bytes, piped to disk, one file after another at 3 at once (as the core does).
  await call('POST', `/api/meetings/${meetingId}/publish`, {});
  const delToken = (
    (await (await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench.reader', password: readerPassword }) })).json()) as { token: string }
  ).token;
  const plainDir = path.join(tmp, 'plain');
  fs.mkdirSync(plainDir);
  const get = (sha: string) =>
    new Promise<void>((resolve, reject) => {
      http.get(`${server.url}/api/blobs/${sha}`, { headers: { authorization: `Bearer ${delToken}` } }, (res) => {
        const out = fs.createWriteStream(path.join(plainDir, sha));
        res.pipe(out);
        out.on('finish', () => resolve());
        res.on('error', reject);
      });
    });
  const t0 = performance.now();
  const queue = [...shas];
  await Promise.all(Array.from({ length: 3 }, async () => {
    while (queue.length) await get(queue.shift()!);
  }));
  const plainMs = performance.now() - t0;
  fs.rmSync(plainDir, { recursive: true, force: true });

  // The core: sign in, let the background pack download run until every big file is verified.
  const core = await createCore({ dataDir: path.join(tmp, 'device'), mode: 'browser', log: () => undefined });
  await core.api.session.login({ serverUrl: server.url, username: 'bench.reader', password: readerPassword });
  const t1 = performance.now();
  await core.api.meetings.list();
  await core.api.meetings.open({ meetingId });
  for (;;) {
    const s = await core.api.pack.status({ meetingId });
    if (shas.every((sha) => s.files.find((f) => f.sha256 === sha)?.state === 'on_device')) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const coreMs = performance.now() - t1;
  await core.close();

  const mb = totalBytes / 1024 / 1024;
  const report = {
    megabytes: Math.round(mb),
    files: FILES,
    plainMs: Math.round(plainMs),
    coreMs: Math.round(coreMs),
    plainMBs: Math.round(mb / (plainMs / 1000)),
    coreMBs: Math.round(mb / (coreMs / 1000)),
    ratio: +(plainMs / coreMs).toFixed(2),
  };
  const section = `## Pack download (${report.megabytes} MB in ${FILES} files, loopback)

A delegate device downloads a meeting's pack through the core (3 at a time, resumable, sha256-verified, written to the
blob cache, then indexed) from sign-in to the last file verified, against a plain HTTP GET of the same files piped to
disk, 3 at a time, same server, same run. Target: ≥ 0.8.

| download | time (ms) | MB/s |
|---|---:|---:|
| plain HTTP copy | ${report.plainMs} | ${report.plainMBs} |
| OpenCabinet pack download | ${report.coreMs} | ${report.coreMBs} |
| **throughput ratio (ours / plain)** | **${report.ratio}** | |
`;
  reportBench('pack', report, section);
} finally {
  server.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(0);
