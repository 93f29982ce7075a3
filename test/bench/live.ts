/**
 * Running the room at congress size (issue 17): a speaker change (the floor and the timer
 * start are one step), a timer pause, and a presenter's page turn, each seen by N followers
 * on `live/<id>`. Each step must cost one live update per follower, reach them in about the
 * time of one update's fan-out (the same method as `fanout`), and a burst of page turns must
 * be coalesced (latest wins) rather than sent one by one.
 *
 * The server (`--demo --demo-size N`) runs in its own process; the N followers are protocol
 * clients sharing this process (the machine has two cores), so absolute times include this
 * process's own queueing: read them beside the fan-out figures of the same machine.
 */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { percentile, r1, root, sleep, startProcess } from './harness';
import { ProtocolClient } from './protocol-client';
import { loginMany } from './tokens';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { readMeeting } from '../../shared/ydoc/meeting';

const N = Number(process.env.BENCH_N ?? 3152);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const BURST = 10;

async function post(url: string, token: string, p: string, body: unknown = {}): Promise<unknown> {
  const res = await fetch(url + p, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${p}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/** Does `step`, then waits until every follower got at least one more frame; latencies from the call. */
async function measure(followers: ProtocolClient[], step: () => Promise<unknown>): Promise<{ latencies: number[]; frames: number[] }> {
  const before = followers.map((f) => f.arrivals.length);
  const sentAt = performance.now();
  await step();
  const deadline = Date.now() + 30_000;
  while (followers.some((f, i) => f.arrivals.length <= before[i]!) && Date.now() < deadline) await sleep(5);
  // Let a second, late frame (if the step cost two updates) arrive before counting.
  await sleep(400);
  return {
    latencies: followers.map((f, i) => (f.arrivals.length > before[i]! ? f.arrivals[before[i]!]! - sentAt : Number.POSITIVE_INFINITY)),
    frames: followers.map((f, i) => f.arrivals.length - before[i]!),
  };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-bench-live-'));
console.log(`live: seeding a conference of ${N} delegates…`);
const server = await startProcess(['out/server/cli.js', '--data', dataDir, '--port', '0', '--demo', '--demo-size', String(N)], /(http:\/\/127\.0\.0\.1:\d+)/);
const followers: ProtocolClient[] = [];
try {
  const url = server.url;
  const width = String(N).length;
  const [chairToken] = await loginMany(url, ['chair']);
  const meetings = (await fetch(`${url}/api/meetings`, { headers: { authorization: `Bearer ${chairToken}` } }).then((r) => r.json())) as { meetings: { id: string; status: string }[] };
  const meetingId = (meetings.meetings.find((m) => m.status !== 'closed') ?? meetings.meetings[0]!).id;
  console.log(`live: signing in ${N} delegates…`);
  const tokens = await loginMany(url, Array.from({ length: N }, (_, i) => `delegate${String(i + 1).padStart(width, '0')}`));
  const syncUrl = `${url.replace('http', 'ws')}/sync/live/${meetingId}`;
  for (let i = 0; i < tokens.length; i += 200) {
    await Promise.all(tokens.slice(i, i + 200).map((t) => new Promise<void>((resolve) => followers.push(new ProtocolClient(`${syncUrl}?token=${t}`, resolve)))));
  }
  console.log(`live: ${followers.length} followers on live/${meetingId}`);
  const base = `/api/meetings/${meetingId}`;

  // Speakers: ROUNDS delegates ask; the chair gives each the floor in turn (the floor and the timer start are one step).
  const requests: string[] = [];
  for (let i = 0; i < ROUNDS; i++) requests.push(((await post(url, tokens[i]!, `${base}/speakers`, { kind: 'speak' })) as { id: string }).id);
  await sleep(500);
  const grant = { latencies: [] as number[], frames: [] as number[] };
  const pause = { latencies: [] as number[], frames: [] as number[] };
  for (const id of requests) {
    const g = await measure(followers, () => post(url, chairToken!, `${base}/speakers/${id}/grant`));
    grant.latencies.push(...g.latencies);
    grant.frames.push(...g.frames);
    const p = await measure(followers, () => post(url, chairToken!, `${base}/speakers/${id}/time`, { kind: 'pause' }));
    pause.latencies.push(...p.latencies);
    pause.frames.push(...p.frames);
  }

  // The presenter: one page turn per round, then bursts of BURST turns as fast as the presenter clicks.
  const documentId = await firstDocument(url, chairToken!, meetingId);
  await post(url, chairToken!, `${base}/presenting`, { documentId: documentId.id, page: 1 });
  await sleep(500);
  const turn = { latencies: [] as number[], frames: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    const t = await measure(followers, () => post(url, chairToken!, `${base}/presenting/page`, { page: (r % Math.max(1, documentId.pages - 1)) + 2 }));
    turn.latencies.push(...t.latencies);
    turn.frames.push(...t.frames);
  }
  const burst = await measure(followers, async () => {
    for (let k = 0; k < BURST; k++) await post(url, chairToken!, `${base}/presenting/page`, { page: (k % documentId.pages) + 1 });
  });

  const summary = (m: { latencies: number[]; frames: number[] }) => {
    const l = [...m.latencies].sort((a, b) => a - b);
    return { p50: r1(percentile(l, 50)), p99: r1(percentile(l, 99)), missing: l.filter((x) => !Number.isFinite(x)).length, framesPerFollower: r1(m.frames.reduce((a, b) => a + b, 0) / m.frames.length) };
  };
  const result = {
    n: N,
    rounds: ROUNDS,
    speakerChange: { ...summary(grant), framesPerFollower: r1(grant.frames.reduce((a, b) => a + b, 0) / (followers.length * ROUNDS)) },
    timerPause: { ...summary(pause), framesPerFollower: r1(pause.frames.reduce((a, b) => a + b, 0) / (followers.length * ROUNDS)) },
    pageTurn: { ...summary(turn), framesPerFollower: r1(turn.frames.reduce((a, b) => a + b, 0) / (followers.length * ROUNDS)) },
    burstOf10Turns: { framesPerFollower: r1(burst.frames.reduce((a, b) => a + b, 0) / followers.length) },
  };
  console.log(JSON.stringify(result, null, 2));
  const section = `## Running the room (${N.toLocaleString('en')} followers)

The server (\`--demo --demo-size ${N}\`) runs in its own process; ${N.toLocaleString('en')} y-websocket protocol clients follow
\`live/<id>\`. Latency: from the chair's HTTP call to the follower's first frame, every follower, ${ROUNDS} rounds; frames:
live updates each follower received for the step (one is the goal). Compare the latencies with the fan-out of one update above.

| step | p50 ms | p99 ms | missing | frames per follower |
|---|---:|---:|---:|---:|
| speaker change (floor + timer start) | ${result.speakerChange.p50} | ${result.speakerChange.p99} | ${result.speakerChange.missing} | ${result.speakerChange.framesPerFollower} |
| timer pause | ${result.timerPause.p50} | ${result.timerPause.p99} | ${result.timerPause.missing} | ${result.timerPause.framesPerFollower} |
| presenter's page turn | ${result.pageTurn.p50} | ${result.pageTurn.p99} | ${result.pageTurn.missing} | ${result.pageTurn.framesPerFollower} |
| ${BURST} page turns in a row (coalesced) | | | | ${result.burstOf10Turns.framesPerFollower} |
`;
  fs.mkdirSync(path.join(root, 'out/bench'), { recursive: true });
  fs.writeFileSync(path.join(root, 'out/bench/live.json'), JSON.stringify({ result, section }, null, 2));
} finally {
  for (const f of followers) f.close();
  server.child.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/** A document of the meeting with its page count, read from `meeting/<id>` as a device does. */
async function firstDocument(url: string, token: string, meetingId: string): Promise<{ id: string; pages: number }> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${url.replace('http', 'ws')}/sync`, `meeting/${meetingId}`, doc, { params: { token }, WebSocketPolyfill: WebSocket as never, disableBc: true });
  try {
    await new Promise<void>((r) => (provider.synced ? r() : provider.once('sync', () => r())));
    const docs = readMeeting(doc).documents;
    const d = docs.find((x) => x.pages >= 2) ?? docs[0];
    if (!d) throw new Error('the demo meeting has no document to present');
    return { id: d.id, pages: d.pages };
  } finally {
    provider.destroy();
  }
}
