/**
 * kill -9 of the server in the middle of a ballot storm (issue 15), for any number of voters:
 * the integration test runs it with 120, the `killstorm` bench with 3,152. A named and a
 * secret poll (3 tellers, 2 to open) are prepared in-process; then the server runs as a real
 * child process bundled from server/cli.ts, every voter sends both ballots with each request
 * sent twice at once, and the server is SIGKILLed once a third of the voters have answers.
 * After the restart everything is resent with the same keys (twice again), both polls are
 * closed (the secret one opened by 2 of 3 tellers) and the audit chain is checked.
 *
 * Nothing here asserts: `run` returns what was seen (with the first offenders of each
 * check listed), so the test can assert it and the bench can report it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { OutboxRecord, RecordReceipt } from '../../shared/api/outbox';
import { readPolls, type PollDefinitionInput } from '../../shared/ydoc/live';
import type { UserRecord } from '../../server/store/types';
import { approveDef, ballotRecord, call, connect, createMeeting, createPoll, createUser, mintToken, start, step, waitFor } from '../integration/server-records/helpers';
import { openRecordsDb } from './records-db';
import { databaseUrlFor } from './test-store';
import { ceremonyState, encryptedBallot, runCeremony, secretBallotRecord, sendPartial, type TellerDevice } from '../integration/server-records/tellers';

const choices = ['yes', 'no', 'abstain'] as const;
/** Voter i's named choice is choiceOf(i), their secret one choiceOf(i + 1). */
export const choiceOf = (i: number) => choices[i % 3]!;

/** What each choice should count: `offset` 0 for the named poll, 1 for the secret one. */
export function expectedCounts(voters: number, offset: number): Record<(typeof choices)[number], number> {
  const out = { yes: 0, no: 0, abstain: 0 };
  for (let i = 0; i < voters; i++) out[choiceOf(i + offset)]++;
  return out;
}

// The server with its worker threads: the proof checks and the audit's recount of secret
// polls run in workers that must sit beside the bundle.
export { buildServer } from './server-process';

/** The built server on `dir` (and, on the postgres test leg, the folder's PostgreSQL database). */
export async function startChild(cli: string, dir: string): Promise<{ proc: ChildProcess; url: string }> {
  const databaseUrl = await databaseUrlFor(dir);
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [cli, '--data', dir, '--port', '0', ...(databaseUrl ? ['--database-url', databaseUrl] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let found = false;
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m && !found) {
        found = true;
        resolve({ proc, url: m[1]! });
      }
    });
    proc.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.on('exit', (code) => {
      if (!found) reject(new Error(`server exited with ${code}: ${out}`));
    });
  });
}

export const exited = (proc: ChildProcess) => new Promise<void>((r) => (proc.exitCode !== null || proc.signalCode !== null ? r() : proc.once('exit', () => r())));

export interface KillStormSetup {
  voters: number;
  cli: string;
  dir: string;
  meetingId: string;
  chairToken: string;
  namedPoll: string;
  secretPoll: string;
  secretDef: PollDefinitionInput;
  tellers: TellerDevice[];
  publicKey: string;
  /** userId → token, in voter order. */
  tokens: Map<string, string>;
}

/**
 * Accounts, a meeting and two open polls in `dir` (and in PostgreSQL at `databaseUrl` for a
 * cluster), prepared in-process; then the child processes take over.
 */
export async function prepareKillStorm(cli: string, dir: string, voters: number, databaseUrl?: string): Promise<KillStormSetup> {
  const setup = await start(dir, databaseUrl ? { databaseUrl } : {});
  try {
    const chair = await createUser(setup.store, 'crash-chair');
    const people: UserRecord[] = [];
    for (let i = 0; i < voters; i++) people.push(await createUser(setup.store, `crash-d${i}`));
    const meetingId = await createMeeting(setup.store, [[chair, 'chair'], ...people.map((p) => [p, 'delegate'] as [UserRecord, 'delegate'])]);
    const chairToken = await mintToken(setup.store, chair.id);
    // Sessions minted in the store: signing 3,152 people in through scrypt is not what is measured.
    const tokens = new Map<string, string>();
    for (const p of people) tokens.set(p.id, await mintToken(setup.store, p.id));
    // The chair does not vote here, so the eligible are exactly the delegates.
    const group = { kind: 'group' as const, userIds: people.map((p) => p.id) };
    const namedPoll = await createPoll(setup.url, meetingId, chairToken, approveDef({ eligibility: group }));
    // Three of the delegates are the tellers: their devices make the secret poll's key.
    const secretDef = approveDef({ eligibility: group, secret: true, tellers: { userIds: people.slice(0, 3).map((p) => p.id), threshold: 2 } });
    const secretPoll = await createPoll(setup.url, meetingId, chairToken, secretDef);
    const tellers = await runCeremony(setup.url, meetingId, secretPoll, people.slice(0, 3).map((p) => tokens.get(p.id)!));
    for (const id of [namedPoll, secretPoll]) {
      const r = await step(setup.url, meetingId, chairToken, id, 'open');
      if (r.status !== 200) throw new Error(`open poll: ${r.status} ${JSON.stringify(r.body)}`);
    }
    const publicKey = (await ceremonyState(setup.url, meetingId, secretPoll, chairToken)).publicKey!;
    return { voters, cli, dir, meetingId, chairToken, namedPoll, secretPoll, secretDef, tellers, publicKey, tokens };
  } finally {
    await setup.close();
  }
}

/** What any storm with a kill reports, whichever way the server ran (one process, or a cluster). */
export interface StormOutcome {
  killedBySigkill: boolean;
  /** Voters with an answer (both records receipted) before the kill. */
  votersReceiptedBeforeKill: number;
  recordsReceiptedBeforeKill: number;
  /** From the first send to the kill, ms: the storm's pace, the baseline for the resend's. */
  stormBeforeKillMs: number;
  /** Receipts before the kill with ok: false (expected none). */
  refusedBeforeKill: string[];
  /** Receipted before the kill but missing from the database after it (or stored at another time). */
  lostAfterKill: string[];
  /** Voters whose two resent copies got different answers, or a receipt not ok. */
  resendDisagreed: string[];
  /** Keys whose receipt after the restart differs from the one given before the kill. */
  receiptChanged: string[];
  storedNamed: number;
  storedSecret: number;
  /** Close of both polls, 2 teller partials and the publish, ms. */
  closeToResultMs: number;
  named: { cast: number; counts: Record<string, number> } | null;
  secret: { cast: number; counts: Record<string, number> } | null;
  expectedNamed: Record<string, number>;
  expectedSecret: Record<string, number>;
  auditVerify: unknown;
}

export interface KillStormResult extends StormOutcome {
  /** ms a ballot to encrypt and prove on the "device" (this process). */
  encryptMsPerBallot: number;
  /** Both polls' "N voted" reached the number of voters in the live document after the restart. */
  liveCountsReached: boolean;
  /** From starting the second process to the last resent receipt, ms. */
  restartToAllReceiptedMs: number;
}

type Receipts = { receipts: RecordReceipt[] };

type Result = { cast: number; counts: Record<string, number> } | null;

/**
 * Every outbox resends all it holds to `url` with the same keys, each request twice at once:
 * the voters whose two copies were answered differently (or not ok), and the keys whose
 * receipt differs from the one `got` before.
 */
export async function resendAll(
  url: string,
  recordsPath: string,
  requests: readonly { userId: string; token: string; records: OutboxRecord[] }[],
  got: ReadonlyMap<string, RecordReceipt>,
  senders: number,
): Promise<{ resendDisagreed: string[]; receiptChanged: string[] }> {
  const resendDisagreed: string[] = [];
  const receiptChanged: string[] = [];
  let i = 0;
  await Promise.all(
    Array.from({ length: senders }, async () => {
      while (i < requests.length) {
        const r = requests[i++]!;
        const [a, b] = await Promise.all([0, 1].map(() => call<Receipts>(url, 'POST', recordsPath, r.token, { records: r.records })));
        if (a!.status !== 200 || JSON.stringify(a!.body) !== JSON.stringify(b!.body) || !a!.body.receipts.every((x) => x.ok)) {
          resendDisagreed.push(`${r.userId}: ${a!.status} ${JSON.stringify(a!.body).slice(0, 200)} / ${JSON.stringify(b!.body).slice(0, 200)}`);
          continue;
        }
        for (const rec of a!.body.receipts) {
          const before = got.get(rec.key);
          if (before && JSON.stringify(before) !== JSON.stringify(rec)) receiptChanged.push(`${rec.key}: ${JSON.stringify(before)} → ${JSON.stringify(rec)}`);
        }
      }
    }),
  );
  return { resendDisagreed, receiptChanged };
}

/**
 * After a storm: both polls closed on `url` (the secret one to sealed totals, then opened by
 * two of its three tellers and published), and the audit chain's verdict.
 */
export async function closeAndOpen(url: string, s: KillStormSetup): Promise<Pick<StormOutcome, 'closeToResultMs' | 'named' | 'secret' | 'expectedNamed' | 'expectedSecret' | 'auditVerify'>> {
  const c0 = performance.now();
  const closedNamed = await step(url, s.meetingId, s.chairToken, s.namedPoll, 'close');
  const closedSecret = await step(url, s.meetingId, s.chairToken, s.secretPoll, 'close');
  if (closedSecret.status !== 200) throw new Error(`close secret poll: ${closedSecret.status} ${JSON.stringify(closedSecret.body)}`);
  await sendPartial(url, s.meetingId, s.secretPoll, s.tellers[0]!);
  const opened = await sendPartial(url, s.meetingId, s.secretPoll, s.tellers[1]!);
  if (JSON.stringify(opened.body) !== JSON.stringify({ opened: true })) throw new Error(`second partial did not open the result: ${JSON.stringify(opened.body)}`);
  const published = await step(url, s.meetingId, s.chairToken, s.secretPoll, 'publish');
  const closeToResultMs = performance.now() - c0;
  const verify = await call(url, 'GET', `/api/meetings/${s.meetingId}/audit/verify`, s.chairToken);
  const result = (r: { body: Record<string, unknown> }): Result => {
    const t = r.body.result as { cast: number; counts: Record<string, number> } | null;
    return t ? { cast: t.cast, counts: t.counts } : null;
  };
  return { closeToResultMs, named: result(closedNamed), secret: result(published), expectedNamed: expectedCounts(s.voters, 0), expectedSecret: expectedCounts(s.voters, 1), auditVerify: verify.body };
}

/** What a storm must have kept, whichever way the server was killed (the crash and cluster tests assert it). */
export function stormKeptEverything(r: StormOutcome, voters: number): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => ok || problems.push(what);
  check(r.killedBySigkill, 'the server was not killed by SIGKILL');
  check(r.votersReceiptedBeforeKill >= voters / 3 && r.votersReceiptedBeforeKill < voters, `killed after ${r.votersReceiptedBeforeKill} of ${voters} voters, not in the middle`);
  for (const [name, list] of Object.entries({ refusedBeforeKill: r.refusedBeforeKill, lostAfterKill: r.lostAfterKill, resendDisagreed: r.resendDisagreed, receiptChanged: r.receiptChanged })) {
    check(list.length === 0, `${name}: ${list.slice(0, 3).join('; ')}`);
  }
  check(r.storedNamed === voters && r.storedSecret === voters, `stored ${r.storedNamed} named and ${r.storedSecret} secret ballots of ${voters}`);
  const same = (got: Result, want: Record<string, number>) => !!got && got.cast === voters && Object.entries(want).every(([k, n]) => got.counts[k] === n);
  check(same(r.named, r.expectedNamed), `named result ${JSON.stringify(r.named)}, sent ${JSON.stringify(r.expectedNamed)}`);
  check(same(r.secret, r.expectedSecret), `secret result ${JSON.stringify(r.secret)}, sent ${JSON.stringify(r.expectedSecret)}`);
  check((r.auditVerify as { ok?: unknown } | null)?.ok === true, `audit verify: ${JSON.stringify(r.auditVerify)}`);
  return problems;
}

/**
 * The storm, the kill, the restart, the resend and the results. `senders` requests go at once
 * during the storm and the resend; the second server process is stopped before returning.
 */
export async function runKillStorm(s: KillStormSetup, senders: number, log: (line: string) => void = () => {}): Promise<KillStormResult> {
  const { voters, meetingId, chairToken } = s;
  const recordsPath = `/api/meetings/${meetingId}/records`;
  const e0 = performance.now();
  const requests = [...s.tokens.entries()].map(([userId, token], i) => ({
    userId,
    token,
    records: [ballotRecord(s.namedPoll, [choiceOf(i)]), secretBallotRecord(s.secretPoll, encryptedBallot(meetingId, s.secretPoll, s.secretDef, s.publicKey, [choiceOf(i + 1)]).encrypted)] as OutboxRecord[],
  }));
  const encryptMsPerBallot = (performance.now() - e0) / voters;
  log(`killstorm: ${voters} voters' ballots encrypted, ${encryptMsPerBallot.toFixed(1)} ms each; storm…`);

  const first = await startChild(s.cli, s.dir);
  const stormAt = performance.now();
  let stormBeforeKillMs = 0;
  const got = new Map<string, RecordReceipt>();
  let answered = 0;
  let next = 0;
  const killAfter = Math.floor(voters / 3);
  const killed = { done: false };
  const sender = async () => {
    while (next < requests.length && !killed.done) {
      const r = requests[next++]!;
      // Both copies in flight together: a device retrying a request whose answer it never saw.
      const replies = await Promise.all(
        [0, 1].map(() =>
          call<Receipts>(first.url, 'POST', recordsPath, r.token, { records: r.records }).catch(() => null), // cut by the kill: resent later
        ),
      );
      let any = false;
      for (const res of replies) {
        if (res?.status !== 200) continue;
        any = true;
        for (const rec of res.body.receipts) got.set(rec.key, rec);
      }
      if (any && ++answered === killAfter) {
        killed.done = true;
        stormBeforeKillMs = performance.now() - stormAt;
        first.proc.kill('SIGKILL');
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: senders }, sender));
  } finally {
    // A sender threw, or too few voters to reach the kill: no process is left behind.
    if (!killed.done) first.proc.kill('SIGKILL');
  }
  await exited(first.proc);
  const refusedBeforeKill = [...got.values()].filter((r) => !r.ok).map((r) => JSON.stringify(r));
  log(`killstorm: killed after ${answered} voters answered (${got.size} receipts); restarting…`);

  const restartAt = performance.now();
  const second = await startChild(s.cli, s.dir);
  try {
    // Every receipt given before the kill is backed by a stored ballot.
    const db = await openRecordsDb(s.dir);
    const namedStored = new Map((await db.all<{ user_id: string; received_at: string }>('SELECT user_id, received_at FROM named_ballots WHERE poll_id = ?', s.namedPoll)).map((r) => [r.user_id, r.received_at]));
    const secretStored = new Set((await db.all<{ user_id: string }>('SELECT user_id FROM encrypted_ballots WHERE poll_id = ?', s.secretPoll)).map((r) => r.user_id));
    const lostAfterKill: string[] = [];
    for (const r of requests) {
      const [n, sec] = r.records;
      const rn = got.get(n!.key);
      if (rn?.ok && namedStored.get(r.userId) !== rn.receivedAt) lostAfterKill.push(`named ${r.userId}`);
      if (got.get(sec!.key)?.ok && !secretStored.has(r.userId)) lostAfterKill.push(`secret ${r.userId}`);
    }

    // The outboxes resend everything they hold, the same keys, each send twice.
    const { resendDisagreed, receiptChanged } = await resendAll(second.url, recordsPath, requests, got, senders);
    const restartToAllReceiptedMs = performance.now() - restartAt;
    const storedNamed = (await db.value<number>('SELECT count(*) FROM named_ballots WHERE poll_id = ?', s.namedPoll))!;
    const storedSecret = (await db.value<number>('SELECT count(*) FROM encrypted_ballots WHERE poll_id = ?', s.secretPoll))!;
    await db.close();
    log(`killstorm: resent in ${Math.round(restartToAllReceiptedMs)} ms from restart; stored ${storedNamed} named, ${storedSecret} secret; closing…`);

    // The room shows the counts (restored on start, then flushed) …
    let liveCountsReached = true;
    const live = connect(second.url, `live/${meetingId}`, chairToken);
    try {
      await live.synced;
      await waitFor(() => readPolls(live.doc).filter((p) => p.votedCount === voters).length === 2, 10_000, 'votedCount in live');
    } catch {
      liveCountsReached = false;
    } finally {
      live.destroy();
    }
    // … and the results count each ballot once.
    const closed = await closeAndOpen(second.url, s);
    return {
      encryptMsPerBallot,
      killedBySigkill: first.proc.signalCode === 'SIGKILL',
      votersReceiptedBeforeKill: answered,
      recordsReceiptedBeforeKill: got.size,
      stormBeforeKillMs,
      refusedBeforeKill,
      lostAfterKill,
      resendDisagreed,
      receiptChanged,
      storedNamed,
      storedSecret,
      liveCountsReached,
      restartToAllReceiptedMs,
      ...closed,
    };
  } finally {
    second.proc.kill('SIGTERM');
    await exited(second.proc);
  }
}
