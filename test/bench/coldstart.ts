/**
 * Cold start: N devices that have never opened the meeting (empty state vector) connect and
 * sync a ~2 MB meeting document. Time until every one of them has the whole document, with
 * the kept whole-document reply (SyncedDoc.fullStateReply) and, as the baseline in the same
 * run, on the same data, with the reply encoded per device as before.
 *
 * The server runs in its own process; the N devices are y-websocket protocol clients in this
 * one (real handshake, no Y.Doc each), at most `INFLIGHT` handshakes at a time, as a hall's
 * Wi-Fi lets them in. Absolute times include this process receiving N × 2 MB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { addAgendaItem } from '../../shared/ydoc/meeting';
import { r1, sleep, startProcess, writeBenchResult } from './harness';
import { ProtocolClient } from './protocol-client';
import { loginMany } from './tokens';

const N = Number(process.env.BENCH_N ?? 3152);
const INFLIGHT = Number(process.env.BENCH_INFLIGHT ?? 256);
/**
 * Accounts signed in; the N sockets take their tokens in turn. Signing in 3,152 accounts
 * (scrypt) takes longer on this machine than the benchmark itself, and the server's work per
 * fresh socket does not depend on whose token it carries.
 */
const ACCOUNTS = Math.min(N, Number(process.env.BENCH_ACCOUNTS ?? 64));
const TARGET_BYTES = 2 * 1024 * 1024;

const startServer = (dataDir: string, mode: 'cache' | 'nocache') =>
  startProcess(['--max-old-space-size=4096', 'out/bench/coldstart-server.js', dataDir, String(N), mode], /(http:\/\/127\.0\.0\.1:\d+)/);

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Adds agenda items with long descriptions until the document is about 2 MB, as a congress agenda with its notes is. */
async function inflate(syncUrl: string, docName: string, token: string): Promise<number> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(syncUrl, docName, doc, { params: { token }, WebSocketPolyfill: WebSocket as never, disableBc: true });
  await new Promise<void>((r) => (provider.synced ? r() : provider.once('sync', () => r())));
  const para = 'Báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội, bảo đảm quốc phòng, an ninh. ';
  let i = 0;
  while (Y.encodeStateAsUpdate(doc).byteLength < TARGET_BYTES) {
    doc.transact(() => {
      for (let k = 0; k < 20; k++, i++) addAgendaItem(doc, { id: `bench-${i}`, title: `Mục ${i}: ${para.repeat(40)}`, parentId: null, order: 1000 + i });
    });
    await sleep(20);
  }
  const bytes = Y.encodeStateAsUpdate(doc).byteLength;
  // Wait until the server holds all of it: a fresh reader gets at least as much.
  for (;;) {
    const got = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${syncUrl}/${docName}?token=${token}`, { perMessageDeflate: false });
      ws.on('open', () => ws.send(Uint8Array.of(0, 0, 1, 0)));
      ws.on('message', (d: Buffer) => {
        if (d[0] === 0 && d[1] === 1) {
          resolve(d.byteLength);
          ws.close();
        }
      });
    });
    if (got >= bytes) break;
    await sleep(200);
  }
  provider.destroy();
  doc.destroy();
  return bytes;
}

/** One device's first sync; a socket closed before it (the server's heartbeat gave up on a starved client) counts as a retry, as the device would reconnect. */
async function firstSync(url: string, clients: ProtocolClient[]): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const synced = await new Promise<boolean>((resolve) => {
      const c = new ProtocolClient(url, () => resolve(true));
      clients.push(c);
      const watch = setInterval(() => {
        if (c.closedWith !== null && !c.synced) {
          clearInterval(watch);
          resolve(false);
        } else if (c.synced) clearInterval(watch);
      }, 100);
    });
    if (synced) return attempt - 1;
    if (attempt >= 5) throw new Error(`a device did not sync after ${attempt} tries`);
  }
}

async function coldStart(urls: string[]): Promise<{ ms: number; retries: number }> {
  const started = performance.now();
  const clients: ProtocolClient[] = [];
  let next = 0;
  let retries = 0;
  const lane = async () => {
    while (next < urls.length) retries += await firstSync(urls[next++]!, clients);
  };
  await Promise.all(Array.from({ length: Math.min(INFLIGHT, urls.length) }, lane));
  const ms = performance.now() - started;
  for (const c of clients) c.close();
  return { ms, retries };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-bench-coldstart-'));
const load = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
console.log(`cold start: seeding a meeting of ${N} delegates…`);
let server = await startServer(dataDir, 'cache');
try {
  const width = String(N).length;
  const delegates = Array.from({ length: ACCOUNTS }, (_, i) => `delegate${String(i + 1).padStart(width, '0')}`);
  const [secretaryToken] = await loginMany(server.url, ['secretary']);
  const meetings = (await fetch(`${server.url}/api/meetings`, { headers: { authorization: `Bearer ${secretaryToken}` } }).then((r) => r.json())) as { meetings: { id: string; status: string }[] };
  const meetingId = (meetings.meetings.find((m) => m.status !== 'closed') ?? meetings.meetings[0]!).id;
  const docName = `meeting/${meetingId}`;
  const syncUrl = server.url.replace('http', 'ws') + '/sync';
  const docBytes = await inflate(syncUrl, docName, secretaryToken!);
  console.log(`cold start: document is ${(docBytes / 2 ** 20).toFixed(2)} MiB; signing in ${ACCOUNTS} delegates…`);
  const tokens = await loginMany(server.url, delegates);
  const urlsFor = (base: string) => Array.from({ length: N }, (_, i) => `${base.replace('http', 'ws')}/sync/${docName}?token=${tokens[i % ACCOUNTS]}`);

  const cached = await coldStart(urlsFor(server.url));
  const cachedMs = cached.ms;
  console.log(`cold start (kept reply): ${Math.round(cachedMs)} ms, ${cached.retries} reconnects`);
  await stop(server.child);
  server = await startServer(dataDir, 'nocache');
  const perDevice = await coldStart(urlsFor(server.url));
  const perDeviceMs = perDevice.ms;
  console.log(`cold start (encoded per device): ${Math.round(perDeviceMs)} ms, ${perDevice.retries} reconnects`);

  const ratio = +(cachedMs / perDeviceMs).toFixed(2);
  const section = `## Cold start (${N.toLocaleString('en')} fresh devices, ${(docBytes / 2 ** 20).toFixed(2)} MiB meeting document)

${N.toLocaleString('en')} devices that have never opened the meeting (empty state vector) connect to one node, at most
${INFLIGHT} handshakes at a time, until every one has the whole document. Goal (issue 13): ≤ 20 s on one node.
Baseline: the same server, data and tokens in the same run, with the whole-document reply encoded for each
device (\`docs.cacheFullState: false\`, the code before). Server in its own process; devices are protocol clients in
the bench process, which also has to receive ${N.toLocaleString('en')} × the document. The sockets carry the tokens of
${ACCOUNTS} signed-in delegates in turn (signing in 3,152 accounts takes longer here than the benchmark). A socket
closed before its first sync is opened again, as a device would, and counted. Load average at start: ${load}.

| server | all synced (s) | devices / s | reconnects |
|---|---:|---:|---:|
| kept whole-document reply | ${r1(cachedMs / 1000)} | ${Math.round(N / (cachedMs / 1000))} | ${cached.retries} |
| encoded per device (baseline) | ${r1(perDeviceMs / 1000)} | ${Math.round(N / (perDeviceMs / 1000))} | ${perDevice.retries} |
| **ratio (kept / per device)** | **${ratio}** | |
`;
  writeBenchResult('coldstart', { n: N, accounts: ACCOUNTS, docBytes, cachedMs, perDeviceMs, cachedRetries: cached.retries, perDeviceRetries: perDevice.retries, ratio, load, section });
  console.log(`cold start: ratio ${ratio} (kept / per device; below 1 is faster)`);
} finally {
  await stop(server.child);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
