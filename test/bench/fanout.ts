/**
 * Agenda edit fan-out: a secretary renames an agenda item; how long until each of N
 * connected delegates has the update? Our sync server versus the stock y-websocket
 * server, same machine, same run, same clients, same document.
 *
 * Servers run in their own processes; the N delegate connections share this process (a
 * real room has N devices; this machine has two cores), so absolute times include this
 * process's own queueing. The ratio is the figure to read.
 */
import { percentile, startProcess, writeBenchResult } from './harness';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { ProtocolClient } from './protocol-client';
import { readMeeting } from '../../shared/ydoc/meeting';
import { loginMany } from './tokens';

const N = Number(process.env.BENCH_N ?? 3152);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);



async function connectAll(urls: string[]): Promise<ProtocolClient[]> {
  const clients: ProtocolClient[] = [];
  // Connect in waves, as a hall does when people arrive; a single burst measures the
  // kernel's accept queue rather than the server.
  for (let i = 0; i < urls.length; i += 200) {
    const wave = urls.slice(i, i + 200);
    await Promise.all(
      wave.map(
        (u) =>
          new Promise<void>((resolve) => {
            clients.push(new ProtocolClient(u, resolve));
          }),
      ),
    );
  }
  return clients;
}

async function measure(label: string, syncUrl: string, secretaryParams: Record<string, string>, docName: string, clientUrls: string[]) {
  const doc = new Y.Doc();
  const secretary = new WebsocketProvider(syncUrl, docName, doc, {
    params: secretaryParams,
    WebSocketPolyfill: WebSocket as never,
    disableBc: true,
  });
  await new Promise<void>((r) => (secretary.synced ? r() : secretary.once('sync', () => r())));
  const itemId = readMeeting(doc).agenda[0]!.id;
  const t0 = performance.now();
  const clients = await connectAll(clientUrls);
  const connectMs = performance.now() - t0;
  const latencies: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const sentAt = performance.now();
    (doc.getMap('agenda').get(itemId) as Y.Map<unknown>).set('title', `Khai mạc — vòng ${round}`);
    const deadline = Date.now() + 30_000;
    while (clients.some((c) => c.arrivals.length <= round) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    for (const c of clients) {
      const at = c.arrivals[round];
      latencies.push(at === undefined ? Number.POSITIVE_INFINITY : at - sentAt);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const missing = latencies.filter((l) => !Number.isFinite(l)).length;
  latencies.sort((a, b) => a - b);
  const result = {
    label,
    clients: clients.length,
    rounds: ROUNDS,
    connectAllMs: Math.round(connectMs),
    p50: +percentile(latencies, 50).toFixed(1),
    p99: +percentile(latencies, 99).toFixed(1),
    missing,
  };
  for (const c of clients) c.close();
  secretary.destroy();
  console.log(`${label}: ${JSON.stringify(result)}`);
  return { result, state: Y.encodeStateAsUpdate(doc) };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-bench-fanout-'));
console.log(`fan-out: seeding a conference of ${N} delegates…`);
const ours = await startProcess(
  ['out/server/cli.js', '--data', dataDir, '--port', '0', '--demo', '--demo-size', String(N)],
  /(http:\/\/127\.0\.0\.1:\d+)/,
);
try {
  const width = String(N).length;
  const delegates = Array.from({ length: N }, (_, i) => `delegate${String(i + 1).padStart(width, '0')}`);
  const [secretaryToken] = await loginMany(ours.url, ['secretary']);
  const meetings = (await fetch(`${ours.url}/api/meetings`, { headers: { authorization: `Bearer ${secretaryToken}` } }).then((r) => r.json())) as { meetings: { id: string; status: string }[] };
  const meetingId: string = (meetings.meetings.find((m) => m.status !== 'closed') ?? meetings.meetings[0]!).id;
  const docName = `meeting/${meetingId}`;
  console.log(`fan-out: signing in ${N} delegates…`);
  const tokens = await loginMany(ours.url, delegates);
  const syncUrl = ours.url.replace('http', 'ws') + '/sync';

  const mine = await measure('opencabinet', syncUrl, { token: secretaryToken! }, docName, tokens.map((t) => `${syncUrl}/${docName}?token=${t}`));

  const seed = path.join(dataDir, 'seed.bin');
  fs.writeFileSync(seed, mine.state);
  const ref = await startProcess(['out/bench/reference-server.js', seed, docName], /(http:\/\/127\.0\.0\.1:\d+)/);
  try {
    const refSync = ref.url.replace('http', 'ws') + '/sync';
    const theirs = await measure('stock y-websocket', refSync, {}, docName, tokens.map(() => `${refSync}/${docName}`));
    const report = {
      name: 'Agenda edit fan-out',
      n: N,
      ours: mine.result,
      reference: theirs.result,
      ratioP50: +(mine.result.p50 / theirs.result.p50).toFixed(2),
      ratioP99: +(mine.result.p99 / theirs.result.p99).toFixed(2),
    };
    const section = `## Agenda edit fan-out (${N.toLocaleString('en')} delegates)

One secretary renames an agenda item ${ROUNDS} times; the time until each of ${mine.result.clients.toLocaleString('en')} connected delegate
connections receives the update. Servers run in their own processes; the delegate connections are y-websocket
protocol clients in one process (real handshake, no Y.Doc each). Reference: the stock \`@y/websocket-server\` 0.1.1
(no auth), same document, same run.

| server | p50 ms | p99 ms | lost | connect all (ms) |
|---|---:|---:|---:|---:|
| OpenCabinet sync server | ${mine.result.p50} | ${mine.result.p99} | ${mine.result.missing} | ${mine.result.connectAllMs} |
| stock y-websocket | ${theirs.result.p50} | ${theirs.result.p99} | ${theirs.result.missing} | ${theirs.result.connectAllMs} |
| **ratio (ours / stock)** | **${report.ratioP50}** | **${report.ratioP99}** | | |
`;
    writeBenchResult('fanout', { ...report, section });
    console.log(`fan-out: ratio p50 ${report.ratioP50}, p99 ${report.ratioP99} (ours / stock; below 1 is faster)`);
  } finally {
    ref.child.kill();
  }
} finally {
  ours.child.kill();
}
process.exit(0);
