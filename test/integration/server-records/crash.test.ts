/**
 * kill -9 of the server in the middle of a ballot storm. The server runs as a real child
 * process (bundled from server/cli.ts like the release build). After the restart every
 * receipted ballot is stored, resending everything with the same keys counts each ballot
 * exactly once, the audit chain verifies, and an edited audit row is found by the CLI.
 */
import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxRecord, RecordReceipt } from '../../../shared/api/outbox';
import { readPolls } from '../../../shared/ydoc/live';
import type { UserRecord } from '../../../server/store/types';
import { approveDef, ballotRecord, call, connect, createMeeting, createPoll, createUser, mintToken, start, step, tempDir, waitFor } from './helpers';
import { ceremonyState, encryptedBallot, runCeremony, secretBallotRecord, sendPartial, type TellerDevice } from './tellers';
import type { PollDefinitionInput } from '../../../shared/ydoc/live';

const voters = 120;
const outDir = path.resolve(`out/test-server-records-${process.pid}`);
const cli = path.join(outDir, 'cli.js');
let dir: string;
let remove: () => Promise<void>;
let meetingId: string;
let chairToken: string;
let namedPoll: string;
let secretPoll: string;
let secretDef: PollDefinitionInput;
let tellers: TellerDevice[];
let publicKey: string;
const tokens = new Map<string, string>();
let child: ChildProcess | null = null;

function startChild(): Promise<{ proc: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [cli, '--data', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
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

const exited = (proc: ChildProcess) => new Promise<void>((r) => (proc.exitCode !== null || proc.signalCode !== null ? r() : proc.once('exit', () => r())));

function auditCli(): { status: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [cli, 'audit', 'verify', '--data', dir, '--meeting', meetingId], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout + r.stderr };
}

beforeAll(async () => {
  // The server and its worker threads, as scripts/build.mjs builds them: the audit check
  // recounts secret polls in a worker that must sit beside the bundle.
  const { serverWorkers } = (await import(pathToFileURL(path.resolve('scripts/workers.mjs')).href)) as { serverWorkers: { in: string; out: string }[] };
  await build({
    entryPoints: [{ in: 'server/cli.ts', out: 'cli' }, ...serverWorkers],
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  ({ dir, remove } = await tempDir());
  // Accounts, meeting and two open polls, prepared in-process; then the child takes over.
  const setup = await start(dir);
  const chair = await createUser(setup.store, 'crash-chair');
  const people: UserRecord[] = [];
  for (let i = 0; i < voters; i++) people.push(await createUser(setup.store, `crash-d${i}`));
  meetingId = await createMeeting(setup.store, [[chair, 'chair'], ...people.map((p) => [p, 'delegate'] as [UserRecord, 'delegate'])]);
  chairToken = await mintToken(setup.store, chair.id);
  for (const p of people) tokens.set(p.id, await mintToken(setup.store, p.id));
  // The chair does not vote here, so the eligible are exactly the delegates.
  const group = { kind: 'group' as const, userIds: people.map((p) => p.id) };
  namedPoll = await createPoll(setup.url, meetingId, chairToken, approveDef({ eligibility: group }));
  // Three of the delegates are the tellers: their devices make the secret poll's key (issue 15).
  secretDef = approveDef({ eligibility: group, secret: true, tellers: { userIds: people.slice(0, 3).map((p) => p.id), threshold: 2 } });
  secretPoll = await createPoll(setup.url, meetingId, chairToken, secretDef);
  tellers = await runCeremony(setup.url, meetingId, secretPoll, people.slice(0, 3).map((p) => tokens.get(p.id)!));
  for (const id of [namedPoll, secretPoll]) expect((await step(setup.url, meetingId, chairToken, id, 'open')).status).toBe(200);
  publicKey = (await ceremonyState(setup.url, meetingId, secretPoll, chairToken)).publicKey!;
  await setup.close();
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await exited(child);
  }
  await rm(outDir, { recursive: true, force: true });
  await remove();
});

describe('kill -9 during a ballot storm', () => {
  it('keeps every receipted ballot, counts resent ones once, and keeps the audit chain', async () => {
    const choice = (i: number) => ['yes', 'no', 'abstain'][i % 3]!;
    const requests = [...tokens.entries()].map(([userId, token], i) => ({
      userId,
      token,
      records: [ballotRecord(namedPoll, [choice(i)]), secretBallotRecord(secretPoll, encryptedBallot(meetingId, secretPoll, secretDef, publicKey, [choice(i + 1)]).encrypted)] as OutboxRecord[],
    }));

    const first = await startChild();
    child = first.proc;
    const got = new Map<string, RecordReceipt>();
    let answered = 0;
    let next = 0;
    const killAfter = voters / 3;
    // Four senders at a time; the server is killed once a third of the voters have answers.
    const sender = async () => {
      while (next < requests.length) {
        const r = requests[next++]!;
        try {
          const res = await call<{ receipts: RecordReceipt[] }>(first.url, 'POST', `/api/meetings/${meetingId}/records`, r.token, { records: r.records });
          if (res.status !== 200) continue;
          for (const rec of res.body.receipts) got.set(rec.key, rec);
          if (++answered === killAfter) first.proc.kill('SIGKILL');
        } catch {
          // Connection cut by the kill: this ballot has no receipt and will be resent.
        }
      }
    };
    await Promise.all([sender(), sender(), sender(), sender()]);
    await exited(first.proc);
    expect(first.proc.signalCode).toBe('SIGKILL');
    expect(answered).toBeGreaterThanOrEqual(killAfter);
    expect(answered).toBeLessThan(voters);
    expect([...got.values()].every((r) => r.ok)).toBe(true);

    const second = await startChild();
    child = second.proc;
    // Every receipt given before the kill is backed by a stored ballot.
    const db = new Database(path.join(dir, 'server.sqlite'), { readonly: true });
    const named = new Map((db.prepare('SELECT user_id, received_at FROM named_ballots WHERE poll_id = ?').all(namedPoll) as { user_id: string; received_at: string }[]).map((r) => [r.user_id, r.received_at]));
    const secret = new Set((db.prepare('SELECT user_id FROM encrypted_ballots WHERE poll_id = ?').all(secretPoll) as { user_id: string }[]).map((r) => r.user_id));
    for (const r of requests) {
      const [n, s] = r.records;
      const rn = got.get(n!.key);
      if (rn?.ok) expect(named.get(r.userId)).toBe(rn.receivedAt);
      if (got.get(s!.key)?.ok) expect(secret.has(r.userId)).toBe(true);
    }

    // The outboxes resend everything they hold, the same keys, each send twice.
    const resent = await Promise.all(
      requests.map(async (r) => {
        const a = await call<{ receipts: RecordReceipt[] }>(second.url, 'POST', `/api/meetings/${meetingId}/records`, r.token, { records: r.records });
        const b = await call<{ receipts: RecordReceipt[] }>(second.url, 'POST', `/api/meetings/${meetingId}/records`, r.token, { records: r.records });
        expect(b.body).toEqual(a.body);
        return a.body.receipts;
      }),
    );
    for (const receipts of resent) {
      for (const rec of receipts) {
        expect(rec.ok).toBe(true);
        const before = got.get(rec.key);
        if (before) expect(rec).toEqual(before);
      }
    }
    const count = (sql: string, id: string) => (db.prepare(sql).get(id) as { n: number }).n;
    expect(count('SELECT count(*) AS n FROM named_ballots WHERE poll_id = ?', namedPoll)).toBe(voters);
    expect(count('SELECT count(*) AS n FROM encrypted_ballots WHERE poll_id = ?', secretPoll)).toBe(voters);
    db.close();

    // The room shows the counts (restored on start, then flushed) …
    const live = connect(second.url, `live/${meetingId}`, chairToken);
    try {
      await live.synced;
      await waitFor(() => readPolls(live.doc).filter((p) => p.votedCount === voters).length === 2, 5000, 'votedCount in live');
    } finally {
      live.destroy();
    }
    // … and the results count each ballot once.
    const closedNamed = await step(second.url, meetingId, chairToken, namedPoll, 'close');
    expect(closedNamed.body.result).toMatchObject({ cast: voters, counts: { yes: 40, no: 40, abstain: 40 } });
    // The secret one closes to sealed totals; two of the three tellers open them.
    expect((await step(second.url, meetingId, chairToken, secretPoll, 'close')).status).toBe(200);
    await sendPartial(second.url, meetingId, secretPoll, tellers[0]!);
    expect((await sendPartial(second.url, meetingId, secretPoll, tellers[1]!)).body).toEqual({ opened: true });
    const opened = await step(second.url, meetingId, chairToken, secretPoll, 'publish');
    expect(opened.body.result).toMatchObject({ cast: voters, counts: { yes: 40, no: 40, abstain: 40 } });
    const verify = await call(second.url, 'GET', `/api/meetings/${meetingId}/audit/verify`, chairToken);
    expect(verify.body).toMatchObject({ ok: true, brokenAt: null });
    second.proc.kill('SIGTERM');
    await exited(second.proc);

    const ok = auditCli();
    expect(ok.status, ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/^ok: \d+ entries/);

    // Somebody edits a logged result in the database file.
    const rw = new Database(path.join(dir, 'server.sqlite'));
    const target = rw.prepare("SELECT seq FROM audit_log WHERE meeting_id = ? AND kind = 'poll.closed' ORDER BY seq LIMIT 1").get(meetingId) as { seq: number };
    rw.prepare("UPDATE audit_log SET data = replace(data, '\"yes\":40', '\"yes\":80') WHERE meeting_id = ? AND seq = ?").run(meetingId, target.seq);
    rw.close();
    const broken = auditCli();
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(`broken: entry ${target.seq}`);

    const third = await startChild();
    child = third.proc;
    const v = await call(third.url, 'GET', `/api/meetings/${meetingId}/audit/verify`, chairToken);
    expect(v.body).toMatchObject({ ok: false, brokenAt: target.seq });
    third.proc.kill('SIGTERM');
    await exited(third.proc);
  // A storm, a kill and a restart: about 45 s alone here, twice that beside other files on 2 cores.
  }, 180_000);
});
