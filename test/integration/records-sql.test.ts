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
import { all, one, run, value, values, type RecordsDb, type Sql } from '../../server/records/sql';
import { sqliteRecords } from '../../server/records/sql-sqlite';
import { PostgresRecordsDb } from '../../server/records/sql-postgres';
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
