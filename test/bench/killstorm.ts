/**
 * The ballot storm of the whole conference with kill -9 in the middle (issue 15): 3,152
 * voters each send a named and an encrypted secret ballot, every request twice at once; the
 * server process is SIGKILLed once a third of the voters have receipts, restarted on the same
 * data, and every outbox resends everything with the same keys (twice again). Then: every
 * ballot receipted before the kill is stored, stored = sent, each counted once, receipts
 * unchanged for resent keys, and the audit chain verifies. Timed: restart to all receipted,
 * close to result after the restart.
 *
 * Baseline in the same run: the storm's pace before the kill (ms a voter receipted). The
 * resend after the restart is set against it: a restart that replays or rechecks more than
 * the new ballots would show as a ratio well over 1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { r1, root, writeBenchResult } from './harness';
import { buildServer, prepareKillStorm, runKillStorm } from '../support/kill-storm';

const N = Number(process.env.BENCH_N ?? 3152);
/** Voters sending at once, in the storm and in the resend. */
const SENDERS = 64;

const outDir = path.join(root, 'out/bench-killstorm-server');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-bench-killstorm-'));
try {
  console.log(`killstorm: building the server, preparing ${N} voters…`);
  const cli = await buildServer(outDir);
  const setup = await prepareKillStorm(cli, dataDir, N);
  const loadAtStart = r1(os.loadavg()[0]!);
  const t0 = performance.now();
  const r = await runKillStorm(setup, SENDERS, console.log);
  const totalMs = performance.now() - t0;
  const loadAtEnd = r1(os.loadavg()[0]!);
  const namedOk = !!r.named && r.named.cast === N && (['yes', 'no', 'abstain'] as const).every((k) => r.named!.counts[k] === r.expectedNamed[k]);
  const secretOk = !!r.secret && r.secret.cast === N && (['yes', 'no', 'abstain'] as const).every((k) => r.secret!.counts[k] === r.expectedSecret[k]);
  const audit = r.auditVerify as { ok?: boolean; brokenAt?: unknown; length?: number };
  const auditOk = audit.ok === true && audit.brokenAt === null;
  const checks = {
    killedBySigkill: r.killedBySigkill,
    receiptedBeforeKillStored: r.lostAfterKill.length === 0,
    storedEqualsSent: r.storedNamed === N && r.storedSecret === N,
    resentCopiesAgree: r.resendDisagreed.length === 0,
    receiptsUnchanged: r.receiptChanged.length === 0,
    liveCounts: r.liveCountsReached,
    namedOk,
    secretOk,
    auditOk,
  };
  const out = { ...r, lostAfterKill: r.lostAfterKill.slice(0, 10), resendDisagreed: r.resendDisagreed.slice(0, 10), receiptChanged: r.receiptChanged.slice(0, 10), checks, totalMs, loadAtStart, loadAtEnd };
  console.log(JSON.stringify(out, null, 2));
  const ok = (b: boolean) => (b ? 'met' : '**missed**');
  const tally = (t: { cast: number; counts: Record<string, number> } | null) => (t ? `${t.cast} cast, ${t.counts.yes}/${t.counts.no}/${t.counts.abstain}` : '—');
  const exp = (e: Record<string, number>) => `${e.yes}/${e.no}/${e.abstain}`;
  const section = `## Ballot storm with kill -9 (${N.toLocaleString('en')} voters, encrypted secret ballots)

A named and a secret approve poll (the secret one keyed by 3 tellers, 2 to open) are made in-process; then the server runs
as a child process bundled from \`server/cli.ts\`. Each of ${N.toLocaleString('en')} voters sends both ballots (the secret one encrypted
and proven on the "device", this process: **${r1(r.encryptMsPerBallot)} ms** a ballot) in one \`POST /records\`, every request twice at once,
${SENDERS} voters at a time. Once a third of the voters have receipts the server is killed with SIGKILL; it is restarted on the
same data and every voter's outbox resends both records with the same keys, twice at once again. Sessions are minted in
the store (signing in is not what is measured). Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB,
Node ${process.version}; 1-minute load average ${loadAtStart} at the storm's start, ${loadAtEnd} at the end (2 cores, shared).

| check | figure | |
|---|---:|---|
| voters receipted before the kill (records) | ${r.votersReceiptedBeforeKill} (${r.recordsReceiptedBeforeKill}) | killed by SIGKILL: ${ok(r.killedBySigkill)} |
| receipted before the kill and missing after the restart | ${r.lostAfterKill.length} | ${ok(r.lostAfterKill.length === 0)} |
| stored after the resend, named / secret (sent ${N}) | ${r.storedNamed} / ${r.storedSecret} | ${ok(checks.storedEqualsSent)} |
| voters whose two resent copies got different receipts | ${r.resendDisagreed.length} | ${ok(checks.resentCopiesAgree)} |
| receipts after the restart differing from those before the kill | ${r.receiptChanged.length} | ${ok(checks.receiptsUnchanged)} |
| "voted" count in \`live/<id>\` after the restart | ${r.liveCountsReached ? `${N} on both polls` : 'not reached in 10 s'} | ${ok(r.liveCountsReached)} |
| named result (sent ${exp(r.expectedNamed)} yes/no/abstain) | ${tally(r.named)} | ${ok(namedOk)} |
| secret result, 2 of 3 tellers (sent ${exp(r.expectedSecret)}) | ${tally(r.secret)} | ${ok(secretOk)} |
| audit chain after the restart (\`GET …/audit/verify\`) | ${auditOk ? 'verified' : 'broken'}, ${audit.length?.toLocaleString('en') ?? '?'} entries, broken at ${String(audit.brokenAt)} | ${ok(auditOk)} |
| restart (process start) to all ${N.toLocaleString('en')} voters receipted | **${Math.round(r.restartToAllReceiptedMs)} ms** | |
| close to result after the restart (both closes, 2 partials, publish) | **${Math.round(r.closeToResultMs)} ms** | target ≤ 2000: ${ok(r.closeToResultMs <= 2000)} |

Baseline, same run: the storm before the kill took **${r1(r.stormBeforeKillMs / r.votersReceiptedBeforeKill)} ms** a voter receipted (${r.votersReceiptedBeforeKill} voters in
${Math.round(r.stormBeforeKillMs)} ms); restart to all receipted, per voter resent: **${r1(r.restartToAllReceiptedMs / N)} ms**; ratio **${(r.restartToAllReceiptedMs / N / (r.stormBeforeKillMs / r.votersReceiptedBeforeKill)).toFixed(2)}**
(the resend includes the process start and the already-stored voters, which are answered from their stored receipts).
Whole run from the first encryption to the results: ${Math.round(totalMs / 1000)} s.
`;
  writeBenchResult('killstorm', { name: 'Ballot storm with kill -9', n: N, ...out, section });
  if (!Object.values(checks).every(Boolean)) {
    console.error('killstorm: a ballot was lost, counted twice or answered differently');
    process.exitCode = 1;
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(outDir, { recursive: true, force: true });
}
process.exit(process.exitCode ?? 0);
