/**
 * Running the room at congress size (issue 17): a speaker change (the floor and the timer
 * start are one step), a timer pause, and a presenter's page turn, each seen by N followers
 * on `live/<id>`. Each step must cost one live update per follower, reach them in about the
 * time of one update's fan-out (the same method as `fanout`), and a burst of page turns must
 * be coalesced (latest wins) rather than sent one by one.
 *
 * The server (`--demo --demo-size N`) runs in its own process; the N followers are protocol
 * clients sharing this process (the machine has two cores), so absolute times include this
 * process's own queueing. The baseline is therefore measured in the same run, on the same
 * server and followers: one plain live update (the secretariat opening or closing check-in,
 * a single `state.checkInOpen` write), and each step is reported as a ratio to it.
 */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { percentile, r1, sleep, startProcess, writeBenchResult } from './harness';
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

  // The baseline: one plain live update per round, the check-in window opened then closed.
  const [secretaryToken] = await loginMany(url, ['secretary']);
  const baseline = { latencies: [] as number[], frames: [] as number[] };
  // Closed first (unmeasured), so the first measured round opens it: every round changes it.
  await post(url, secretaryToken!, `${base}/checkin-window`, { open: false });
  await sleep(500);
  for (let r = 0; r < ROUNDS; r++) {
    const b = await measure(followers, () => post(url, secretaryToken!, `${base}/checkin-window`, { open: r % 2 === 0 }));
    baseline.latencies.push(...b.latencies);
    baseline.frames.push(...b.frames);
  }

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
    baseline: { ...summary(baseline), framesPerFollower: r1(baseline.frames.reduce((a, b) => a + b, 0) / (followers.length * ROUNDS)) },
    speakerChange: { ...summary(grant), framesPerFollower: r1(grant.frames.reduce((a, b) => a + b, 0) / (followers.length * ROUNDS)) },
    timerPause: { ...summary(pause), framesPerFollower: r1(pause.frames.reduce((a, b) => a + b, 0) / (followers.length * ROUNDS)) },
    pageTurn: { ...summary(turn), framesPerFollower: r1(turn.frames.reduce((a, b) => a + b, 0) / (followers.length * ROUNDS)) },
    burstOf10Turns: { framesPerFollower: r1(burst.frames.reduce((a, b) => a + b, 0) / followers.length) },
  };
  console.log(JSON.stringify(result, null, 2));
  const ratio = (x: number, b: number) => (b > 0 && Number.isFinite(x) ? `${(x / b).toFixed(2)}×` : 'n/a');
  const row = (label: string, s: { p50: number; p99: number; missing: number; framesPerFollower: number }) =>
    `| ${label} | ${s.p50} | ${s.p99} | ${ratio(s.p50, result.baseline.p50)} | ${ratio(s.p99, result.baseline.p99)} | ${s.missing} | ${s.framesPerFollower} |`;
  const cpu = os.cpus();
  const section = `## Running the room (${N.toLocaleString('en')} followers)

Machine: ${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}. Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.

The server (\`--demo --demo-size ${N}\`) runs in its own process; ${N.toLocaleString('en')} y-websocket protocol clients follow
\`live/<id>\` from one other process (same 2 cores). Latency: from the HTTP call to the follower's first frame, every
follower, ${ROUNDS} rounds; frames: live updates each follower received for the step (one is the goal). **Baseline**, in the
same run on the same server and followers: one plain live update (check-in window opened/closed, one \`state\` write);
the ratios are step ÷ baseline (≤ 1× meets "no slower than the fan-out of one live update").

| step | p50 ms | p99 ms | p50 ÷ baseline | p99 ÷ baseline | missing | frames per follower |
|---|---:|---:|---:|---:|---:|---:|
${row('baseline: one live update (check-in window)', result.baseline)}
${row('speaker change (floor + timer start)', result.speakerChange)}
${row('timer pause', result.timerPause)}
${row("presenter's page turn", result.pageTurn)}
| ${BURST} page turns in a row (coalesced) | | | | | | ${result.burstOf10Turns.framesPerFollower} |
`;
  writeBenchResult('live', { result, section });
} finally {
  for (const f of followers) f.close();
  server.child.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
// Like the other benches: thousands of closed sockets' handles must not keep the run waiting.
process.exit(0);

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
