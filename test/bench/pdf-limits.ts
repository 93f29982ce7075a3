/**
 * Hostile PDFs (issue 11): how long the server takes to answer /api/health, and how much
 * memory it holds, while cross-reference-stream bombs (20,000,000 and 45,000,000 declared
 * objects) are uploaded two at a time; and how long the desktop core's event loop stalls
 * while its indexer reads a 5,000-page file and refuses a 200,000-page one. Baseline: the
 * same health calls with nothing uploaded, same run. Targets: health p99 ≤ 250 ms, server
 * RSS < 1 GB, core event-loop stall ≤ 100 ms.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openLocalDb } from '../../main/core/db';
import { TextIndex } from '../../main/core/text-index';
import { manyPagesPdf, xrefBombPdf } from '../support/hostile-pdf';
import { percentile, reportBench, startProcess } from './harness';

const ATTACK_MS = Number(process.env.BENCH_PDF_ATTACK_MS ?? 15_000);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-bench-pdf-limits-'));

/** Resident memory of a process in MB (Linux /proc; null elsewhere). */
function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Health-call latencies (ms, ascending) while `busy()` has not resolved, one call every 20 ms. */
async function healthDuring(url: string, busy: Promise<unknown>, pid: number): Promise<{ times: number[]; peakRss: number | null }> {
  let done = false;
  void busy.finally(() => (done = true));
  const times: number[] = [];
  let peakRss: number | null = null;
  while (!done) {
    const t0 = performance.now();
    await (await fetch(`${url}/api/health`)).arrayBuffer();
    times.push(performance.now() - t0);
    const rss = rssMb(pid);
    if (rss !== null) peakRss = Math.max(peakRss ?? 0, rss);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { times: times.sort((a, b) => a - b), peakRss };
}

const { url, child } = await startProcess(['out/server/cli.js', '--data', path.join(tmp, 'server'), '--port', '0', '--demo'], /(http:\/\/127\.0\.0\.1:\d+)/);
try {
  const { token } = (await (
    await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'secretary', password: 'demo' }) })
  ).json()) as { token: string };
  const { meetings } = (await (await fetch(`${url}/api/meetings`, { headers: { authorization: `Bearer ${token}` } })).json()) as { meetings: { id: string; status: string }[] };
  const meetingId = (meetings.find((m) => m.status !== 'closed') ?? meetings[0])!.id;
  const bombs = [xrefBombPdf(20_000_000), xrefBombPdf(45_000_000)];

  const idle = await healthDuring(url, new Promise((r) => setTimeout(r, 3_000)), child.pid!);
  const refusals = new Map<string, number>();
  const attack = (async () => {
    const until = Date.now() + ATTACK_MS;
    // Two uploaders, each sending one bomb after the other: the server's two inspection slots stay busy.
    await Promise.all(
      [0, 1].map(async (who) => {
        for (let i = who; Date.now() < until; i++) {
          const res = await fetch(`${url}/api/meetings/${meetingId}/documents?filename=bomb-${i}.pdf`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' },
            body: bombs[i % 2]!,
          });
          const key = `${res.status} ${((await res.json()) as { error?: { message: string } }).error?.message.replace(/^“[^”]+” /, '') ?? ''}`;
          refusals.set(key, (refusals.get(key) ?? 0) + 1);
        }
      }),
    );
  })();
  const hostile = await healthDuring(url, attack, child.pid!);
  await attack;

  // The device: the core's own event loop while its indexer works in a worker.
  const db = openLocalDb(path.join(tmp, 'device'));
  const index = new TextIndex(db);
  const write = (name: string, bytes: Uint8Array) => (fs.writeFileSync(path.join(tmp, name), bytes), path.join(tmp, name));
  const long = write('long.pdf', manyPagesPdf(5_000));
  const huge = write('huge.pdf', manyPagesPdf(200_000));
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const t0 = performance.now();
  const pages = await index.index('a'.repeat(64), long);
  const indexMs = performance.now() - t0;
  const hugeRefusal = await index.index('b'.repeat(64), huge).then(
    () => 'accepted',
    (e: Error) => e.message,
  );
  lag.disable();
  db.close();

  const report = {
    healthIdleP50: +percentile(idle.times, 50).toFixed(1),
    healthIdleP99: +percentile(idle.times, 99).toFixed(1),
    healthP50: +percentile(hostile.times, 50).toFixed(1),
    healthP99: +percentile(hostile.times, 99).toFixed(1),
    healthMax: +hostile.times[hostile.times.length - 1]!.toFixed(1),
    healthCalls: hostile.times.length,
    serverPeakRssMb: hostile.peakRss,
    refusals: Object.fromEntries(refusals),
    devicePages: pages,
    deviceIndexMs: Math.round(indexMs),
    deviceLoopMaxMs: +(lag.max / 1e6).toFixed(1),
    deviceLoopP99Ms: +(lag.percentile(99) / 1e6).toFixed(1),
    hugeRefusal,
  };
  const section = `## Hostile PDFs (xref-stream bombs on upload, a 5,000-page file on the device)

For ${(ATTACK_MS / 1000).toFixed(0)} s two uploaders send cross-reference-stream bombs (20,000,000 and 45,000,000 declared
objects, ${Math.round(bombs[0]!.length / 1024)} KB and ${Math.round(bombs[1]!.length / 1024)} KB) one after the other to a server started from the build, while
\`/api/health\` is called every 20 ms. Baseline: the same calls with nothing uploaded, same run. Refusals:
${[...refusals].map(([k, n]) => `${n} × ${k.replace(/\.$/, '')}`).join('; ')}. Device: the core indexes a generated 5,000-page PDF
(${pages} pages with text, ${report.deviceIndexMs} ms) and a 200,000-page one (${hugeRefusal.replace(/\.$/, '')}).
Targets: health p99 ≤ 250 ms, server RSS < 1 GB, core event-loop stall ≤ 100 ms.

| figure | value |
|---|---:|
| health p50 / p99, idle (ms) | ${report.healthIdleP50} / ${report.healthIdleP99} |
| health p50 under attack (ms) | ${report.healthP50} |
| **health p99 under attack (ms)** | **${report.healthP99}** |
| slowest health answer under attack (ms) | ${report.healthMax} |
| **server peak RSS under attack (MB)** | **${report.serverPeakRssMb ?? 'n/a'}** |
| **core event loop, longest stall while indexing (ms)** | **${report.deviceLoopMaxMs}** |
| core event loop p99 while indexing (ms) | ${report.deviceLoopP99Ms} |
`;
  reportBench('pdf-limits', report, section);
} finally {
  child.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(0);
