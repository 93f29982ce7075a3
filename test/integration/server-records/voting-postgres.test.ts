/**
 * The voting invariants across nodes (issue 13): two PostgresRecordsDb on two connection
 * pools over one database are two server nodes. What one node's memory cannot promise the
 * database must: one ballot per member and the same receipt for a record sent through both
 * nodes at once, one close (one tally) when two chairs close at once, and one audit chain
 * without a fork when both append at once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PollDefinition } from '../../../shared/ydoc/live';
import { defaultQuorum } from '../../../shared/domain/quorum';
import { ApiError } from '../../../shared/errors';
import type { OutboxRecord } from '../../../shared/api/outbox';
import { AuditLog, verifyChain } from '../../../server/audit/audit';
import type { AfterDeps } from '../../../server/conclusions/conclusions';
import { GroupCommit } from '../../../server/records/group-commit';
import { submitRecords } from '../../../server/records/records';
import { RecordsRepo } from '../../../server/records/repo';
import { PostgresRecordsDb } from '../../../server/records/sql-postgres';
import { value, type RecordsDb } from '../../../server/records/sql';
import { openPostgresStore, type PostgresStore } from '../../../server/store/postgres';
import * as polls from '../../../server/voting/polls';
import { postgresMissing, startPostgres, type TestPostgres } from '../../support/postgres';
import { approveDef } from './helpers';

const noPg = postgresMissing();

/** One server node's records tier: its own pool, its own group commit, the shared database. */
interface Node {
  rdb: RecordsDb;
  repo: RecordsRepo;
  audit: AuditLog;
  commits: GroupCommit;
}

function node(store: PostgresStore): Node {
  const rdb = new PostgresRecordsDb(store.pg);
  return { rdb, repo: new RecordsRepo(rdb), audit: new AuditLog(rdb), commits: new GroupCommit(rdb) };
}

/** Ballots and check-ins need none of the after-the-meeting parts (conclusions, tasks). */
function deps(n: Node): AfterDeps {
  return { repo: n.repo, audit: n.audit, after: null as never, facts: null };
}

describe.skipIf(noPg)(`voting on PostgreSQL from two nodes${noPg ? ` (skipped: ${noPg})` : ''}`, () => {
  let server: TestPostgres;
  let stores: PostgresStore[] = [];
  let a: Node;
  let b: Node;
  const meetingId = 'm-pg-voting';
  const voters = ['u1', 'u2', 'u3'];

  beforeAll(async () => {
    server = await startPostgres();
    const url = await server.createDatabase();
    stores = [await openPostgresStore(url, { max: 8 }), await openPostgresStore(url, { max: 8 })];
    [a, b] = stores.map(node) as [Node, Node];
    const now = new Date().toISOString();
    const pg = stores[0]!.pg;
    await pg.query("INSERT INTO meetings (id, title, status, created_at, updated_at) VALUES ($1, 'Phiên họp', 'in_progress', $2, $2)", [meetingId, now]);
    for (const id of [...voters, 'chair']) {
      await pg.query("INSERT INTO users (id, username, display_name, password_hash, global_role, created_at) VALUES ($1, $1, $1, 'x', 'user', $2)", [id, now]);
      await pg.query('INSERT INTO meeting_members (meeting_id, user_id, role) VALUES ($1, $2, $3)', [meetingId, id, id === 'chair' ? 'chair' : 'delegate']);
    }
  }, 120_000);

  afterAll(async () => {
    for (const s of stores) await s.close();
    await server?.stop();
  });

  async function openPoll(): Promise<string> {
    const def = PollDefinition.parse(approveDef());
    const draft = await a.rdb.transaction([meetingId], () => polls.createPoll(deps(a), meetingId, 'chair', null, def));
    await b.rdb.transaction([meetingId], () => polls.openPoll(deps(b), meetingId, draft.id, 'chair'));
    return draft.id;
  }

  it('takes the same ballot sent through both nodes at once once, and answers both with the same receipt', async () => {
    const pollId = await openPoll();
    const caller = { id: 'u1', role: 'delegate' as const };
    const rec: OutboxRecord = { key: randomUUID(), kind: 'ballot', payload: { pollId, choices: ['yes'] } };
    const [ra, rb] = await Promise.all([
      a.commits.run([meetingId], () => submitRecords(deps(a), meetingId, caller, [rec])),
      b.commits.run([meetingId], () => submitRecords(deps(b), meetingId, caller, [rec])),
    ]);
    expect(ra.receipts[0]).toMatchObject({ key: rec.key, ok: true });
    expect(rb.receipts[0]).toEqual(ra.receipts[0]);
    expect(ra.effects.accepted + rb.effects.accepted).toBe(1);
    expect(ra.effects.repeated + rb.effects.repeated).toBe(1);
    // A second ballot of the same member under another key, through both nodes: refused on both.
    const again = (): OutboxRecord => ({ key: randomUUID(), kind: 'ballot', payload: { pollId, choices: ['no'] } });
    const [sa, sb] = await Promise.all([
      a.commits.run([meetingId], () => submitRecords(deps(a), meetingId, caller, [again()])),
      b.commits.run([meetingId], () => submitRecords(deps(b), meetingId, caller, [again()])),
    ]);
    expect([sa.receipts[0], sb.receipts[0]].map((r) => r!.ok)).toEqual([false, false]);
    const stored = await a.rdb.read(() => value<number>('SELECT count(*) FROM named_ballots WHERE poll_id = ?', pollId));
    expect(stored).toBe(1);
    const choice = await b.rdb.read(() => value<string>('SELECT choices FROM named_ballots WHERE poll_id = ? AND user_id = ?', pollId, 'u1'));
    expect(JSON.parse(choice!)).toEqual(['yes']);
  });

  it('closes a poll closed from both nodes at once once: one tally, one 409', async () => {
    const pollId = await openPoll();
    for (const [i, id] of voters.entries()) {
      const n = i % 2 ? a : b;
      await n.commits.run([meetingId], () => submitRecords(deps(n), meetingId, { id, role: 'delegate' }, [{ key: randomUUID(), kind: 'ballot', payload: { pollId, choices: [i === 2 ? 'no' : 'yes'] } }]));
    }
    const facts = { siteOf: new Map<string, string | null>(), quorum: defaultQuorum };
    const outcomes = await Promise.allSettled([
      a.rdb.transaction([meetingId], () => polls.closePoll(deps(a), meetingId, pollId, 'chair', facts)),
      b.rdb.transaction([meetingId], () => polls.closePoll(deps(b), meetingId, pollId, 'chair', facts)),
    ]);
    const closed = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(closed).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toBeInstanceOf(ApiError);
    expect((refused[0]!.reason as ApiError).code).toBe('conflict');
    const entries = await a.rdb.read(() => a.audit.list(meetingId));
    expect(entries.filter((e) => e.kind === 'poll.closed' && (e.data as { pollId: string }).pollId === pollId)).toHaveLength(1);
    const poll = await b.rdb.read(() => b.repo.poll(meetingId, pollId));
    expect(poll?.status).toBe('closed');
    expect(poll?.result?.cast).toBe(3);
  });

  it('answers the room\'s reads in the same shape as SQLite: attendance, counts, voters, eligibility', async () => {
    const pollId = await openPoll();
    const sec = { id: 'chair', role: 'secretariat' as const };
    const checkins: OutboxRecord[] = voters.map((userId) => ({ key: randomUUID(), kind: 'checkin', payload: { userId, status: userId === 'u3' ? 'excused' : 'present', substitute: null } }));
    const out = await a.commits.run([meetingId], () => submitRecords(deps(a), meetingId, sec, checkins));
    expect(out.receipts.map((r) => r.ok)).toEqual([true, true, true]);
    await b.commits.run([meetingId], () => submitRecords(deps(b), meetingId, { id: 'u2', role: 'delegate' }, [{ key: randomUUID(), kind: 'ballot', payload: { pollId, choices: ['abstain'] } }]));
    const { repo } = b;
    const seen = await b.rdb.read(function* () {
      const poll = (yield* repo.poll(meetingId, pollId))!;
      return {
        attendance: [...(yield* repo.allAttendance(meetingId))].map(([id, m]) => [id, m.status]),
        present: yield* repo.presentVotingIds(meetingId),
        counts: yield* repo.counts(poll),
        voters: yield* repo.voterIds(poll),
        choices: yield* repo.namedChoices(poll),
        voted: [yield* repo.hasVoted(poll, 'u2'), yield* repo.hasVoted(poll, 'u3')],
        role: yield* repo.memberRole(meetingId, 'u1'),
        open: (yield* repo.openPolls()).some((p) => p.id === pollId),
      };
    });
    expect(seen).toEqual({
      attendance: [
        ['u1', 'present'],
        ['u2', 'present'],
        ['u3', 'excused'],
      ],
      present: expect.arrayContaining(['u1', 'u2']) as unknown,
      counts: { votedCount: 1, handCount: 0 },
      voters: ['u2'],
      choices: { u2: ['abstain'] },
      voted: [true, false],
      role: 'delegate',
      open: true,
    });
  });

  it('keeps one audit chain, 1…N without a gap or a fork, under 200 appends from both nodes at once', async () => {
    const chain = 'm-pg-chain';
    const now = new Date().toISOString();
    await stores[0]!.pg.query("INSERT INTO meetings (id, title, status, created_at, updated_at) VALUES ($1, 'Chuỗi', 'in_progress', $2, $2)", [chain, now]);
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const n = i % 2 ? a : b;
        return n.rdb.transaction([chain], () => n.audit.append(chain, 'test.append', { i }));
      }),
    );
    const entries = await b.rdb.read(() => b.audit.list(chain));
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(verifyChain(entries).ok).toBe(true);
    expect(await a.rdb.read(() => a.audit.verify(chain))).toMatchObject({ ok: true, length: 200 });
  }, 60_000);
});
