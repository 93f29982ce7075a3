/**
 * The records seam (server/records/sql.ts) on both stores: the same records functions, the
 * same answers, the same rollbacks, on SQLite (one connection, synchronous) and on
 * PostgreSQL (pooled, awaited). On PostgreSQL also what only several nodes can break: two
 * "nodes" (two pools over one database) appending to one meeting's audit chain at once
 * still leave one chain with no fork, and check-then-write under the meeting lock loses
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors';
import { AuditLog, verifyChain } from '../../server/audit/audit';
import { all, allAtOnce, defer, one, run, value, values, type RecordsDb, type Sql } from '../../server/records/sql';
import { sqliteRecords } from '../../server/records/sql-sqlite';
import { PostgresRecordsDb, withLiterals } from '../../server/records/sql-postgres';
import { openSqliteStore } from '../../server/store/sqlite';
import { openPostgresStore } from '../../server/store/postgres';
import type { Store } from '../../server/store/types';
import { postgresMissing, startPostgres, type TestPostgres } from '../support/postgres';
import { tempDir } from '../support/temp';

const noPg = postgresMissing();

interface Opened {
  rdb: RecordsDb;
  store: Store;
  /** Another node's seam over the same database (PostgreSQL), or the same one (SQLite). */
  other(): Promise<RecordsDb>;
  close(): Promise<void>;
}

let pgServer: TestPostgres | null = null;

const stores: Record<'sqlite' | 'postgres', () => Promise<Opened>> = {
  sqlite: async () => {
    const store = openSqliteStore(tempDir());
    const rdb = sqliteRecords(store.db);
    return { rdb, store, other: async () => rdb, close: () => store.close() };
  },
  postgres: async () => {
    pgServer ??= await startPostgres();
    const url = await pgServer.createDatabase();
    const store = await openPostgresStore(url);
    const extra: { close(): Promise<void> }[] = [];
    return {
      rdb: new PostgresRecordsDb(store.pg),
      store,
      other: async () => {
        const s = await openPostgresStore(url);
        extra.push(s);
        return new PostgresRecordsDb(s.pg);
      },
      close: async () => {
        await Promise.all(extra.map((s) => s.close()));
        await store.close();
      },
    };
  },
};

afterAll(async () => {
  await pgServer?.stop();
});

function* addAttendance(meetingId: string, userId: string, status: string): Sql<{ changes: number }> {
  return yield* run(
    `INSERT INTO attendance (meeting_id, user_id, status, substitute, at, by_user) VALUES (?, ?, ?, NULL, ?, ?)
     ON CONFLICT (meeting_id, user_id) DO UPDATE SET status = excluded.status`,
    meetingId,
    userId,
    status,
    '2026-12-07T08:00:00.000Z',
    'chair',
  );
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && noPg !== null)(`records seam on ${kind}${kind === 'postgres' && noPg ? ` (skipped: ${noPg})` : ''}`, () => {
    let db: Opened;
    beforeAll(async () => {
      db = await stores[kind]();
      await db.store.createMeeting({ id: 'm1', title: 'Phiên họp', status: 'in_progress', startsAt: null, endsAt: null, venue: null });
      await db.store.createMeeting({ id: 'm2', title: 'Phiên họp 2', status: 'in_progress', startsAt: null, endsAt: null, venue: null });
    });
    afterAll(async () => {
      await db?.close();
    });

    it('answers one, all, value, values and run alike, and leaves a ? inside a string literal alone', async () => {
      await db.rdb.transaction(['m1'], function* () {
        yield* addAttendance('m1', 'a', 'present');
        yield* addAttendance('m1', 'b', 'absent');
      });
      const out = await db.rdb.read(function* () {
        return {
          row: yield* one<{ user_id: string; status: string }>('SELECT user_id, status FROM attendance WHERE meeting_id = ? AND user_id = ?', 'm1', 'a'),
          missing: yield* one('SELECT user_id FROM attendance WHERE meeting_id = ? AND user_id = ?', 'm1', 'nobody'),
          rows: yield* all<{ user_id: string }>('SELECT user_id FROM attendance WHERE meeting_id = ? ORDER BY user_id', 'm1'),
          count: yield* value<number>('SELECT count(*) FROM attendance WHERE meeting_id = ?', 'm1'),
          literal: yield* value<string>("SELECT 'what?' || ? AS x", '!'),
          ids: yield* values<string>('SELECT user_id FROM attendance WHERE meeting_id = ? ORDER BY user_id DESC', 'm1'),
          changed: yield* run("UPDATE attendance SET status = 'excused' WHERE meeting_id = ? AND status = 'nothing'", 'm1'),
        };
      });
      expect(out).toEqual({
        row: { user_id: 'a', status: 'present' },
        missing: undefined,
        rows: [{ user_id: 'a' }, { user_id: 'b' }],
        count: 2,
        literal: 'what?!',
        ids: ['b', 'a'],
        changed: { changes: 0 },
      });
    });

    it('answers several reads at once, each with its rows, values exactly as given', async () => {
      const odd = "O'Neil \\ ? — Nguyễn";
      const [a, none, lit] = await db.rdb.read(() =>
        allAtOnce([
          { sql: 'SELECT user_id, status FROM attendance WHERE meeting_id = ? AND user_id IN (?, ?) ORDER BY user_id', params: ['m1', 'a', 'b'] },
          { sql: 'SELECT user_id FROM attendance WHERE meeting_id = ? AND user_id = ?', params: ['m1', odd] },
          { sql: 'SELECT ? AS text, ? AS n', params: [odd, 7] },
        ]),
      );
      expect(a).toEqual([
        { user_id: 'a', status: 'present' },
        { user_id: 'b', status: 'absent' },
      ]);
      expect(none).toEqual([]);
      expect(String(lit![0]!.text)).toBe(odd);
      expect(Number(lit![0]!.n)).toBe(7);
      await expect(db.rdb.read(() => allAtOnce([{ sql: 'SELECT 1 AS one', params: [] }, { sql: 'SELECT nope FROM attendance', params: [] }]))).rejects.toThrow(/nope/);
    });

    it('rolls a whole transaction back when the records function throws, and passes the error on', async () => {
      const refused = db.rdb.transaction(['m1'], function* () {
        yield* addAttendance('m1', 'c', 'present');
        throw new ApiError('conflict', 'The poll is closed.');
      });
      await expect(refused).rejects.toThrow('The poll is closed.');
      expect(await db.rdb.read(() => value<number>('SELECT count(*) FROM attendance WHERE meeting_id = ? AND user_id = ?', 'm1', 'c'))).toBe(0);
    });

    it('throws a failed statement into the records function, which may turn it into a clear refusal', async () => {
      const clash = db.rdb.transaction(['m1'], function* () {
        try {
          yield* run('INSERT INTO attendance (meeting_id, user_id, status, at, by_user) VALUES (?, ?, ?, ?, ?)', 'm1', 'a', 'present', 'x', 'y');
        } catch {
          throw new ApiError('conflict', 'This member is already marked.');
        }
      });
      await expect(clash).rejects.toThrow('This member is already marked.');
    });

    it('commits a group in one transaction where a failing job rolls back alone', async () => {
      const results = await db.rdb.group(
        ['m1'],
        [
          () => addAttendance('m1', 'g1', 'present'),
          function* () {
            yield* addAttendance('m1', 'g2', 'present');
            // A unique violation half way through the job: g2 must go with it.
            yield* run('INSERT INTO attendance (meeting_id, user_id, status, at, by_user) VALUES (?, ?, ?, ?, ?)', 'm1', 'a', 'present', 'x', 'y');
          },
          () => addAttendance('m1', 'g3', 'excused'),
        ],
      );
      expect(results.map((r) => r.ok)).toEqual([true, false, true]);
      const kept = await db.rdb.read(() => values<string>("SELECT user_id FROM attendance WHERE meeting_id = ? AND user_id LIKE 'g%' ORDER BY user_id", 'm1'));
      expect(kept).toEqual(['g1', 'g3']);
    });

    it('sends a deferred write before anything that reads it, with its values exactly as given', async () => {
      const odd = "it's \\ a ? — Đại biểu";
      const seen = await db.rdb.transaction(['m1'], function* () {
        yield* defer('INSERT INTO attendance (meeting_id, user_id, status, substitute, at, by_user) VALUES (?, ?, ?, ?, ?, ?)', 'm1', 'd1', 'present', odd, '2026-12-07T08:00:00.000Z', 'chair');
        yield* defer('INSERT INTO attendance (meeting_id, user_id, status, substitute, at, by_user) VALUES (?, ?, ?, ?, ?, ?)', 'm1', 'd2', 'absent', null, '2026-12-07T08:00:00.000Z', 'chair');
        return yield* all<{ user_id: string; substitute: string | null }>("SELECT user_id, substitute FROM attendance WHERE meeting_id = ? AND user_id LIKE 'd%' ORDER BY user_id", 'm1');
      });
      expect(seen).toEqual([
        { user_id: 'd1', substitute: odd },
        { user_id: 'd2', substitute: null },
      ]);
      // And one left pending at the end of the function is still stored.
      await db.rdb.transaction(['m1'], () => defer("INSERT INTO room_state (meeting_id, checkin_open) VALUES (?, ?) ON CONFLICT (meeting_id) DO NOTHING", 'm2', 1));
      expect(await db.rdb.read(() => value<number>('SELECT checkin_open FROM room_state WHERE meeting_id = ?', 'm2'))).toBe(1);
    });

    it('fails the job whose deferred write fails, alone, and the whole transaction outside a group', async () => {
      const clash = (user: string) => defer('INSERT INTO attendance (meeting_id, user_id, status, at, by_user) VALUES (?, ?, ?, ?, ?)', 'm1', user, 'present', 'x', 'y');
      // 'a' is already marked: the deferred insert violates the primary key when it goes out.
      const results = await db.rdb.group(
        ['m1'],
        [
          () => addAttendance('m1', 'e1', 'present'),
          function* () {
            yield* addAttendance('m1', 'e2', 'present');
            yield* clash('a');
          },
          () => addAttendance('m1', 'e3', 'present'),
          function* () {
            yield* addAttendance('m1', 'e4', 'present');
            yield* clash('a'); // the last job: its write goes out alone, before COMMIT
          },
        ],
      );
      expect(results.map((r) => r.ok)).toEqual([true, false, true, false]);
      expect(String((results[1] as { error: unknown }).error)).toMatch(/unique|constraint/i);
      const kept = await db.rdb.read(() => values<string>("SELECT user_id FROM attendance WHERE meeting_id = ? AND user_id LIKE 'e%' ORDER BY user_id", 'm1'));
      expect(kept).toEqual(['e1', 'e3']);

      // A function that catches what it is thrown at a later read still fails as a whole.
      const swallowed = db.rdb.transaction(['m1'], function* () {
        yield* addAttendance('m1', 'e5', 'present');
        yield* clash('a');
        try {
          yield* value('SELECT 1');
        } catch {
          // not ours to hide
        }
        return 'done';
      });
      await expect(swallowed).rejects.toThrow(/unique|constraint/i);
      // One still pending when the function returns goes out with COMMIT, which then does not happen.
      const atCommit = db.rdb.transaction(['m1'], function* () {
        yield* addAttendance('m1', 'e6', 'present');
        yield* clash('a');
      });
      await expect(atCommit).rejects.toThrow(/unique|constraint/i);
      expect(await db.rdb.read(() => value<number>('SELECT count(*) FROM attendance WHERE meeting_id = ? AND user_id = ?', 'm1', 'e6'))).toBe(0);
      expect(await db.rdb.read(() => value<number>('SELECT count(*) FROM attendance WHERE meeting_id = ? AND user_id = ?', 'm1', 'e5'))).toBe(0);
    });

    it('carries the writes of jobs that only defer, and finds a failing one among them by running the group again', async () => {
      const mark = (user: string) => defer('INSERT INTO attendance (meeting_id, user_id, status, at, by_user) VALUES (?, ?, ?, ?, ?)', 'm1', user, 'present', 'x', 'y');
      const ok = await db.rdb.group(['m1'], [() => mark('c1'), () => mark('c2'), () => mark('c3')]);
      expect(ok.map((r) => r.ok)).toEqual([true, true, true]);
      // On PostgreSQL no job below reaches the database until the fourth reads: the writes of
      // the first three go out with its savepoint, one of them fails ('a' is marked), and
      // which one is only learned by running the group again one job at a time.
      const results = await db.rdb.group(
        ['m1'],
        [
          () => mark('f1'),
          () => mark('a'),
          () => mark('f3'),
          function* () {
            yield* mark('f4');
            return yield* value<number>("SELECT count(*) FROM attendance WHERE meeting_id = ? AND user_id LIKE 'f%'", 'm1');
          },
          () => mark('f5'),
          () => mark('a'), // carried to COMMIT, which fails: the same again
        ],
      );
      expect(results.map((r) => r.ok)).toEqual([true, false, true, true, true, false]);
      expect(Number((results[3] as { value: unknown }).value)).toBe(3);
      expect(String((results[1] as { error: unknown }).error)).toMatch(/unique|constraint/i);
      const kept = await db.rdb.read(() => values<string>("SELECT user_id FROM attendance WHERE meeting_id = ? AND (user_id LIKE 'f%' OR user_id LIKE 'c%') ORDER BY user_id", 'm1'));
      expect(kept).toEqual(['c1', 'c2', 'c3', 'f1', 'f3', 'f4', 'f5']);
    });

    it('keeps one audit chain without a fork when two nodes append to one meeting at once', async () => {
      const other = await db.other();
      const here = new AuditLog(db.rdb);
      const there = new AuditLog(other);
      const n = 60;
      await Promise.all(
        Array.from({ length: n }, (_, i) => {
          const [seam, log] = i % 2 ? [other, there] : [db.rdb, here];
          return seam.transaction(['m1'], () => log.append('m1', 'test.entry', { i }));
        }),
      );
      const entries = await db.rdb.read(() => here.list('m1'));
      expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      expect(verifyChain(entries).ok).toBe(true);
      expect(new Set(entries.map((e) => (e.data as { i: number }).i)).size).toBe(n);
    });

    it('chains the appends of a group from what each job wrote, and forgets a rolled-back job’s entry', async () => {
      const log = new AuditLog(db.rdb);
      const other = new AuditLog(await db.other());
      await db.rdb.transaction(['m2'], () => log.append('m2', 'test.entry', { job: 0 }));
      const results = await db.rdb.group(
        ['m2'],
        [
          () => log.append('m2', 'test.entry', { job: 1 }),
          function* () {
            // Appended, then the job fails: its entry (and what the transaction learned of it) must go.
            yield* log.append('m2', 'test.entry', { job: 2 });
            throw new ApiError('conflict', 'refused after its entry');
          },
          () => log.append('m2', 'test.entry', { job: 3 }),
          () => log.head('m2'),
        ],
      );
      expect(results.map((r) => r.ok)).toEqual([true, false, true, true]);
      // Another node's append after the group continues the same chain.
      await other.rdb.transaction(['m2'], () => other.append('m2', 'test.entry', { job: 4 }));
      const entries = await db.rdb.read(() => log.list('m2'));
      expect(entries.map((e) => (e.data as { job: number }).job)).toEqual([0, 1, 3, 4]);
      expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect(verifyChain(entries).ok).toBe(true);
      // The head read at the end of the group was the group's own last entry.
      expect((results[3] as { ok: true; value: unknown }).value).toEqual({ hash: entries[2]!.hash, length: 3 });
    });

    it('loses no update of a check-then-write done by two nodes at once under the meeting lock', async () => {
      const other = await db.other();
      await db.rdb.transaction(['m1'], () => run("INSERT INTO room_state (meeting_id, checkin_open) VALUES (?, 0)", 'm1'));
      const bump = (seam: RecordsDb) =>
        seam.transaction(['m1'], function* () {
          const n = (yield* value<number>('SELECT checkin_open FROM room_state WHERE meeting_id = ?', 'm1'))!;
          yield* run('UPDATE room_state SET checkin_open = ? WHERE meeting_id = ?', n + 1, 'm1');
        });
      await Promise.all(Array.from({ length: 40 }, (_, i) => bump(i % 2 ? other : db.rdb)));
      expect(await db.rdb.read(() => value<number>('SELECT checkin_open FROM room_state WHERE meeting_id = ?', 'm1'))).toBe(40);
    });
  });
}

describe.skipIf(noPg !== null)('deferred writes written out as literals', () => {
  it('reads back from PostgreSQL exactly the values given, typed by their place', async () => {
    pgServer ??= await startPostgres();
    const store = await openPostgresStore(await pgServer.createDatabase());
    try {
      const bytes = Uint8Array.from([0, 1, 0x5c, 0x27, 0xff]);
      const text = "it's \\x ? '' -- not a comment";
      const sql = withLiterals("SELECT ?::bytea AS b, ?::text AS t, ?::int + 1 AS n, ?::bigint::text AS big, ? IS NULL AS nul, '?' AS q", [bytes, text, 41, 2n ** 60n, null]);
      const row = (await store.pg.query(sql)).rows[0] as { b: Buffer; t: string; n: number; big: string; nul: boolean; q: string };
      expect([...row.b]).toEqual([...bytes]);
      expect(row.t).toBe(text);
      expect(row.n).toBe(42);
      expect(row.big).toBe(String(2n ** 60n));
      expect(row.nul).toBe(true);
      expect(row.q).toBe('?');
      expect(() => withLiterals('SELECT ?, ?', ['one'])).toThrow(/fewer values/);
      expect(() => withLiterals('SELECT ?', ['one', 'two'])).toThrow(/2 values for 1 placeholders/);
    } finally {
      await store.close();
    }
  });
});

describe.skipIf(noPg !== null)('records seam when PostgreSQL is gone', () => {
  it('answers `offline` (try again) and stores nothing', async () => {
    const own = await startPostgres();
    try {
      const store = await openPostgresStore(await own.createDatabase(), { connectionTimeoutMs: 1000 });
      const rdb = new PostgresRecordsDb(store.pg);
      await own.stop();
      const err = await rdb.transaction(['m1'], () => addAttendance('m1', 'x', 'present')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).code).toBe('offline');
      await store.close();
    } finally {
      await own.stop();
    }
  });
});
