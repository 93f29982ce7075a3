/**
 * A group commit's warm-up (issue 13): the records of every request in a group look up
 * their earlier answers, their members' standing and the meeting's recusals in a few
 * statements read first, then find them in the transaction's memo. The answers must be
 * exactly those without the warm-up, including when a job of the same group changes what
 * was read (a check-in before a ballot on a "present" poll, a recusal before a ballot, the
 * same key twice), and the database must be asked far less. Runs on the store of the run
 * (SQLite, then PostgreSQL), on a real server's records tier.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OutboxRecord } from '../../../shared/api/outbox';
import { addAgendaItem } from '../../../shared/ydoc/meeting';
import { verifyChain } from '../../../server/audit/audit';
import type { AfterDeps } from '../../../server/conclusions/conclusions';
import { GroupCommit } from '../../../server/records/group-commit';
import { recordsHint, submitRecords, warmRecords, type RecordsHint } from '../../../server/records/records';
import type { UnsignedReceipt } from '../../../server/records/repo';
import { value, type RecordsDb, type Settled, type Sql } from '../../../server/records/sql';
import type { RunningServer } from '../../../server/app';
import { approveDef, ballotRecord, checkinRecord, createPoll, meetingWith, step, submit, tempDirForFile, withServer } from './helpers';

const data = tempDirForFile();

/** Forwards a records function's statements, counting those that wait for the database's answer. */
function* counted<T>(g: Sql<T>, seen: { statements: number }): Sql<T> {
  let step = g.next();
  while (!step.done) {
    // Deferred writes ride along with the next statement (PostgreSQL): no wait of their own.
    if (step.value.kind !== 'memo' && step.value.kind !== 'lock' && step.value.kind !== 'defer') seen.statements++;
    let answer: unknown;
    try {
      answer = yield step.value;
    } catch (error) {
      step = g.throw(error);
      continue;
    }
    step = g.next(answer);
  }
  return step.value;
}

/** The server's records seam, its groups' statements counted (warm-up included). */
function countingDb(rdb: RecordsDb, seen: { statements: number }): RecordsDb {
  return {
    dialect: rdb.dialect,
    read: (make) => rdb.read(make),
    snapshot: (make) => rdb.snapshot(make),
    transaction: (locks, make) => rdb.transaction(locks, make),
    now: (g) => rdb.now(g),
    close: () => rdb.close(),
    group: (locks, jobs, warm): Promise<Settled[]> =>
      rdb.group(
        locks,
        jobs.map((job) => () => counted(job(), seen)),
        warm && (() => counted(warm(), seen)),
      ),
  };
}

const members = { chair: 'chair', sec: 'secretariat', d1: 'delegate', d2: 'delegate', d3: 'delegate', d4: 'delegate', d5: 'delegate', d6: 'delegate', d7: 'delegate', d8: 'delegate', guest: null } as const;

/** What a receipt says, without the key and times that differ from run to run. */
const gist = (r: UnsignedReceipt) => (r.ok ? 'ok' : `${r.error.code}:${r.error.reason ?? ''}`);

/**
 * One meeting, one open poll for those present on item I; d2…d8 checked in (d1 not yet).
 * Then one group: the secretariat checks d1 in, d1 votes; d2 declares a conflict on I, then
 * votes; d3 sends one ballot twice in two requests, d4 twice in one request; d5…d8 vote, d5
 * again under another key; a guest who is no member votes. Returns each request's receipts and the statements used.
 */
async function scenario(server: RunningServer, prefix: string, warm: boolean) {
  const { meetingId, users: u, tokens: t } = await meetingWith(server.store, prefix, members);
  const item = randomUUID();
  await server.docs.transact(`meeting/${meetingId}`, (doc) => addAgendaItem(doc, { id: item, title: 'Phê duyệt dự án', parentId: null, order: 1 }));
  const pollId = await createPoll(server.url, meetingId, t.chair!, approveDef({ eligibility: { kind: 'present' } }), item);
  expect((await step(server.url, meetingId, t.chair!, pollId, 'open')).status).toBe(200);
  const present = (['d2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8'] as const).map((n) => checkinRecord(u[n].id));
  expect((await submit(server.url, meetingId, t.sec!, present)).every((r) => r.ok)).toBe(true);

  const records = server.records;
  const seen = { statements: 0 };
  const rdb = countingDb(records.rdb, seen);
  const commits = warm ? new GroupCommit<RecordsHint>(rdb, (hints) => warmRecords(records.repo, records.audit, hints)) : new GroupCommit<RecordsHint>(rdb);
  const deps: AfterDeps = { repo: records.repo, after: records.after, audit: records.audit, facts: await records.meetingFacts(meetingId) };
  // The guest is no member (the route would turn them away first): its standing is read as none.
  const caller = (name: keyof typeof members) => ({ id: u[name].id, role: members[name] ?? ('delegate' as const) });
  const twice = ballotRecord(pollId, ['yes']);
  const inOne = ballotRecord(pollId, ['no']);
  const requests: [keyof typeof members, OutboxRecord[]][] = [
    ['sec', [checkinRecord(u.d1.id)]],
    ['d1', [ballotRecord(pollId, ['yes'])]],
    ['d2', [{ key: randomUUID(), kind: 'recusal', payload: { agendaItemId: item, reason: 'Người thân là nhà thầu' } }]],
    ['d2', [ballotRecord(pollId, ['yes'])]],
    ['d3', [twice]],
    ['d3', [twice]],
    ['d4', [inOne, inOne]],
    ...(['d5', 'd6', 'd7', 'd8'] as const).map((n): [keyof typeof members, OutboxRecord[]] => [n, [ballotRecord(pollId, [n === 'd8' ? 'abstain' : 'yes'])]]),
    // A second ballot of d5 under another key: the first stands.
    ['d5', [ballotRecord(pollId, ['no'])]],
    ['guest', [ballotRecord(pollId, ['yes'])]],
  ];
  // Asked in one tick: one group, one transaction.
  const before = commits.stats();
  const outs = await Promise.all(
    requests.map(([name, recs]) => commits.run([meetingId], () => submitRecords(deps, meetingId, caller(name), recs), recordsHint(meetingId, caller(name), recs))),
  );
  expect(commits.stats().commits - before.commits).toBe(1);
  const cast = await records.rdb.read(() => value<number>('SELECT count(*) FROM named_ballots WHERE poll_id = ?', pollId));
  const chain = verifyChain(await records.rdb.read(() => records.audit.list(meetingId)));
  return { outs, statements: seen.statements, cast: Number(cast), chainOk: chain.ok };
}

describe('a group commit warmed up in a few statements', () => {
  it('answers every record as without the warm-up, with a fraction of the statements', async () => {
    await withServer(data.dir, async (server) => {
      const cold = await scenario(server, 'gc', false);
      const warm = await scenario(server, 'gw', true);
      const expected = [['ok'], ['ok'], ['ok'], ['forbidden:recused'], ['ok'], ['ok'], ['ok', 'ok'], ['ok'], ['ok'], ['ok'], ['ok'], ['conflict:already_voted'], ['forbidden:not_voting_member']];
      expect(cold.outs.map((o) => o.receipts.map(gist))).toEqual(expected);
      expect(warm.outs.map((o) => o.receipts.map(gist))).toEqual(expected);
      for (const run of [cold, warm]) {
        // The same key twice, in two requests or in one: the first answer, to the letter.
        expect(run.outs[5]!.receipts[0]).toEqual(run.outs[4]!.receipts[0]);
        expect(run.outs[6]!.receipts[1]).toEqual(run.outs[6]!.receipts[0]);
        expect(run.outs[5]!.effects.repeated + run.outs[6]!.effects.repeated).toBe(2);
        // d1, d3, d4, d5…d8: seven ballots stored, the chain whole.
        expect(run.cast).toBe(7);
        expect(run.chainOk).toBe(true);
      }
      // Without the warm-up every record asks for its answer, its member and (ballots) the
      // recusal itself; with it, those reads are a handful for the whole group.
      // (Here 45 statements without, 12 with, on both stores: the warm-up is one, a named
      // ballot waits for none; what remains is the check-in, the recusal and the refusals.)
      expect(warm.statements).toBeLessThanOrEqual(cold.statements * 0.3);
    });
  });
});
