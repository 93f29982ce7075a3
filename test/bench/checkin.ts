/**
 * Check-in storm (issue 5): 3,152 delegates check themselves in within about ten seconds,
 * each with its own POST of one outbox record (as real devices do), while observers sit on
 * `live/<id>`. How long until each receipt, how long until each check-in shows in a full
 * client's attendance, how many live updates each observer gets, the server's CPU time,
 * and that nothing counts twice when every record is sent again with the same key.
 *
 * The same storm runs twice in one run (issue 13: single-node figures on both stores): against
 * a server on its embedded SQLite, then against one node on PostgreSQL (a fresh local cluster
 * from scripts/services/postgres.ts), each with its own freshly seeded conference.
 *
 * Baseline in the same run: a server that broadcast every check-in on its own would send
 * 3,152 updates to every observer; we compare with the frames observers actually received.
 *
 * The server runs in its own process; the delegates' HTTP requests and the observers share
 * this process (the machine has two cores), so absolute times include this process's own
 * queueing.
 */
import { paced, percentile, r1, sleep, writeBenchResult } from './harness';
import { cpuMs, startConference } from './conference';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { startPostgres } from '../../scripts/services/postgres';
import { readAttendance } from '../../shared/ydoc/live';
import type { OutboxRecord, RecordReceipt } from '../../shared/api/outbox';

const N = Number(process.env.BENCH_N ?? 3152);
const OBSERVERS = Number(process.env.BENCH_OBSERVERS ?? 200);
/** The storm is spread evenly over this long, at most CONCURRENCY requests in flight. */
const SPREAD_MS = 8000;
const CONCURRENCY = 64;

/** Wall-clock ms with sub-ms precision: comparable with the server's `receivedAt` (same machine). */
const nowEpoch = () => performance.timeOrigin + performance.now();

interface Sent {
  sentAt: number;
  answeredAt: number;
  receipt: RecordReceipt | null;
  error: string | null;
}

/**
 * Sends record i with token i, one record per POST, the i-th no earlier than
 * start + i × spread / n, with at most `concurrency` requests in flight.
 */
async function storm(url: string, meetingId: string, tokens: string[], records: OutboxRecord[], spreadMs: number, concurrency: number): Promise<Sent[]> {
  const out = new Array<Sent>(records.length);
  await paced(records.length, spreadMs, concurrency, async (i) => {
    const sentAt = nowEpoch();
    try {
      const res = await fetch(`${url}/api/meetings/${meetingId}/records`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json' },
        body: JSON.stringify({ records: [records[i]] }),
      });
      const text = await res.text();
      const answeredAt = nowEpoch();
      if (res.status !== 200) out[i] = { sentAt, answeredAt, receipt: null, error: `${res.status} ${text.slice(0, 200)}` };
      else out[i] = { sentAt, answeredAt, receipt: (JSON.parse(text) as { receipts: RecordReceipt[] }).receipts[0]!, error: null };
    } catch (e) {
      out[i] = { sentAt, answeredAt: nowEpoch(), receipt: null, error: String(e) };
    }
  });
  return out;
}

/**
 * The whole measurement against one freshly started server: `store` labels the progress
 * lines; `databaseUrl` puts that server on PostgreSQL instead of its embedded SQLite.
 */
async function measure(store: string, databaseUrl?: string) {
  const conference = await startConference(`checkin (${store})`, N, ['secretary'], { databaseUrl });
  try {
    const { url, meetingId, tokens, ids } = conference;
    const [secretaryToken] = conference.staffTokens;

    const win = await fetch(`${url}/api/meetings/${meetingId}/checkin-window`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secretaryToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ open: true }),
    });
    if (!win.ok) throw new Error(`checkin-window: ${win.status} ${await win.text()}`);

    // Observers: protocol clients (devices in the hall watching the count) plus one full
    // replica that decodes attendance, to see when each check-in is actually visible.
    const { observers, doc } = await conference.watchLive(OBSERVERS, secretaryToken!);
    const visibleAt = new Map<string, number>();
    let fullUpdates = 0;
    const idSet = new Set(ids);
    doc.on('update', () => {
      fullUpdates++;
      const at = nowEpoch();
      for (const [userId, mark] of readAttendance(doc)) {
        if (mark.status === 'present' && idSet.has(userId) && !visibleAt.has(userId)) visibleAt.set(userId, at);
      }
    });
    const presentNow = () => [...readAttendance(doc).values()].filter((m) => m.status === 'present').length;
    if (presentNow() !== 0) throw new Error(`expected nobody present before the storm, found ${presentNow()}`);
    await sleep(500);
    const arrivalsBefore = observers.map((o) => o.arrivals.length);
    const fullBefore = fullUpdates;

    // ── First pass: everyone checks in once ─────────────────────────────────────────
    const records: OutboxRecord[] = ids.map((userId) => ({ key: randomUUID() as OutboxRecord['key'], kind: 'checkin', payload: { userId, status: 'present', substitute: null } }));
    const load = r1(os.loadavg()[0]!);
    const cpu0 = cpuMs(conference.serverPid);
    const stormStart = nowEpoch();
    console.log(`checkin (${store}): ${N} check-ins over ${SPREAD_MS / 1000} s (≤ ${CONCURRENCY} in flight), ${OBSERVERS} + 1 observers…`);
    const first = await storm(url, meetingId, tokens, records, SPREAD_MS, CONCURRENCY);
    const stormEnd = nowEpoch();
    // Wait (bounded) for the last check-in to show in the full client.
    const deadline = Date.now() + 15_000;
    while (visibleAt.size < N && Date.now() < deadline) await sleep(10);
    await sleep(600); // let the last flush reach every observer before counting frames
    const cpu1 = cpuMs(conference.serverPid);
    const settled = nowEpoch();

    const failed = first.filter((s) => !s.receipt?.ok);
    if (failed.length) console.log(`checkin (${store}): ${failed.length} not receipted, e.g. ${JSON.stringify(failed[0])}`);
    const receiptMs = first.filter((s) => s.receipt?.ok).map((s) => s.answeredAt - s.sentAt).sort((a, b) => a - b);
    // Receipt → visible: from the server's `receivedAt` to the moment the full client decoded it.
    const visibleMs: number[] = [];
    let lastReceived = 0;
    for (const [i, s] of first.entries()) {
      if (!s.receipt?.ok) continue;
      const received = Date.parse(s.receipt.receivedAt);
      lastReceived = Math.max(lastReceived, received);
      const seen = visibleAt.get(ids[i]!);
      visibleMs.push(seen === undefined ? Number.POSITIVE_INFINITY : seen - received);
    }
    visibleMs.sort((a, b) => a - b);
    const lastVisible = Math.max(...visibleAt.values());
    const invisible = visibleMs.filter((v) => !Number.isFinite(v)).length;

    const stormSec = (settled - stormStart) / 1000;
    const perObserver = observers.map((o, k) => o.arrivals.length - arrivalsBefore[k]!);
    const framesTotal = perObserver.reduce((a, b) => a + b, 0) + (fullUpdates - fullBefore);
    const meanPerObserver = framesTotal / (OBSERVERS + 1);
    // Busiest second for one observer: the rate a device actually has to keep up with.
    let busiest = 0;
    const o0 = observers[0]!.arrivals.slice(arrivalsBefore[0]!);
    for (let a = 0, b = 0; b < o0.length; b++) {
      while (o0[b]! - o0[a]! >= 1000) a++;
      busiest = Math.max(busiest, b - a + 1);
    }
    const baselineFrames = N * (OBSERVERS + 1);

    // ── Second pass: every record again, same keys ───────────────────────────────────
    console.log(`checkin (${store}): resending every record with the same key…`);
    const fullBefore2 = fullUpdates;
    const second = await storm(url, meetingId, tokens, records, SPREAD_MS, CONCURRENCY);
    await sleep(1000);
    const sameReceipt = second.filter((s, i) => JSON.stringify(s.receipt) === JSON.stringify(first[i]!.receipt)).length;
    const present = presentNow();
    const att = readAttendance(doc);
    const delegatesPresent = ids.filter((id) => att.get(id)?.status === 'present').length;

    const result = {
      n: N,
      observers: OBSERVERS + 1,
      load,
      receipted: first.length - failed.length,
      receiptP50: r1(percentile(receiptMs, 50)),
      receiptP99: r1(percentile(receiptMs, 99)),
      receiptMax: r1(receiptMs.at(-1)!),
      stormMs: Math.round(stormEnd - stormStart),
      visibleP50: r1(percentile(visibleMs, 50)),
      visibleP99: r1(percentile(visibleMs, 99)),
      visibleMax: r1(visibleMs.at(-1)!),
      invisible,
      lastVisibleAfterLastReceiptMs: r1(lastVisible - lastReceived),
      updatesPerObserver: r1(meanPerObserver),
      updatesPerObserverPerSec: r1(meanPerObserver / stormSec),
      busiestSecondOneObserver: busiest,
      fullClientUpdates: fullUpdates - fullBefore,
      framesReceived: framesTotal,
      baselineFrames,
      ratio: +(framesTotal / baselineFrames).toFixed(4),
      serverCpuMs: cpu0 !== null && cpu1 !== null ? Math.round(cpu1 - cpu0) : null,
      serverCpuPerCheckinMs: cpu0 !== null && cpu1 !== null ? +((cpu1 - cpu0) / N).toFixed(3) : null,
      resendSameReceipt: sameReceipt,
      resendLiveUpdates: fullUpdates - fullBefore2,
      presentAfterResend: present,
      delegatesPresentAfterResend: delegatesPresent,
    };
    console.log(`checkin (${store}): ${JSON.stringify(result, null, 2)}`);
    return result;
  } finally {
    await conference.close();
  }
}

type Result = Awaited<ReturnType<typeof measure>>;

const sqlite = await measure('SQLite');
let postgres: Result;
const pg = await startPostgres();
try {
  postgres = await measure('PostgreSQL', await pg.createDatabase());
} finally {
  await pg.stop();
}

const ok = (b: boolean) => (b ? 'met' : '**missed**');
const lastVisibleMet = (r: Result) => r.lastVisibleAfterLastReceiptMs <= 1000 && r.invisible === 0;
const allPresent = (r: Result) => r.delegatesPresentAfterResend === N && r.presentAfterResend === N;
/** One table row: the measure, then each store's value as `cell` shows it, then the target. */
const row = (measure: string, cell: (r: Result) => string | number, target = '') => `| ${measure} | ${cell(sqlite)} | ${cell(postgres)} | ${target} |`;
const section = `## Check-in storm (${N.toLocaleString('en')} delegates, ${(OBSERVERS + 1).toLocaleString('en')} observers; SQLite and PostgreSQL)

The server (\`--demo --demo-size ${N}\`) runs in its own process, measured twice in the same run: on its embedded SQLite,
then as one node on PostgreSQL (\`--database-url\`: a throwaway local PostgreSQL on loopback with fsync and
synchronous_commit off; SQLite runs WAL with synchronous = NORMAL, which does not sync each commit either), each with a
freshly seeded conference. The secretary opens check-in; every delegate then checks themselves in with their own \`POST /records\` of one
record, spread evenly over ${SPREAD_MS / 1000} s (at most ${CONCURRENCY} requests in flight), while ${OBSERVERS} y-websocket protocol clients and
one full Y.Doc client (decoding attendance with \`readAttendance\`) watch \`live/<id>\`. Receipt = HTTP round trip of the
POST; visible = from the server's \`receivedAt\` to the full client decoding that delegate as present. CPU = utime + stime
of the server process (PostgreSQL's own processes not counted) from the first check-in until the last one was visible.
Then every record is sent again with the same key. Baseline, same run: one live update per check-in to every observer
(${N.toLocaleString('en')} × ${OBSERVERS + 1}).

| measure | SQLite | PostgreSQL | target |
|---|---:|---:|---|
${[
  row('check-ins receipted', (r) => `${r.receipted} / ${N}`, 'all'),
  row('receipt p50 / p99 / max (ms)', (r) => `${r.receiptP50} / ${r.receiptP99} / ${r.receiptMax}`),
  row('storm duration, first send → last receipt (ms)', (r) => r.stormMs, '~10 s'),
  row('receipt → visible p50 / p99 / max (ms)', (r) => `${r.visibleP50} / ${r.visibleP99} / ${r.visibleMax}`),
  row('last check-in visible after last receipt (ms)', (r) => `${r.lastVisibleAfterLastReceiptMs} (${ok(lastVisibleMet(r))})`, '≤ 1000'),
  row('live updates per observer (per second; busiest second)', (r) => `${r.updatesPerObserver} (${r.updatesPerObserverPerSec}/s; ${r.busiestSecondOneObserver}) (${ok(r.updatesPerObserverPerSec <= 10)})`, 'a few a second'),
  row('server CPU during the storm (ms; per check-in)', (r) => `${r.serverCpuMs ?? 'n/a'} (${r.serverCpuPerCheckinMs ?? 'n/a'})`),
  row('resent with same key: same receipt back', (r) => `${r.resendSameReceipt} / ${N} (${ok(r.resendSameReceipt === N)})`, 'all'),
  row('present after resending everything', (r) => `${r.delegatesPresentAfterResend} delegates (${r.presentAfterResend} in all) (${ok(allPresent(r))})`, `exactly ${N}`),
  row('live frames received, all observers', (r) => r.framesReceived.toLocaleString('en')),
  row('baseline: one update per check-in', (r) => r.baselineFrames.toLocaleString('en')),
  row('**ratio (measured / baseline)**', (r) => `**${r.ratio}**`),
  row('load average (1 min) when the storm began', (r) => r.load),
].join('\n')}
`;
writeBenchResult('checkin', { name: 'Check-in storm', sqlite, postgres, section });
for (const [store, r] of [['SQLite', sqlite], ['PostgreSQL', postgres]] as const) {
  if (r.receipted !== N || !allPresent(r) || r.invisible > 0) {
    console.error(`checkin (${store}): lost or double-counted check-ins`);
    process.exitCode = 1;
  }
}
process.exit(process.exitCode ?? 0);
