/**
 * The records seam (sql.ts) on PostgreSQL, shared by every node. A transaction first takes
 * the advisory locks of the meetings it writes (sorted, so two nodes never wait on each
 * other in a circle): all records writes of one meeting, from any node, then run one after
 * another under READ COMMITTED, and a records function's check-then-write holds across
 * nodes as it does on SQLite's single connection. Unique constraints are the backstop.
 *
 * A serialization failure or a deadlock (which the fixed lock order should prevent) retries
 * the whole transaction with a fresh generator; a database that is gone answers `offline`
 * (503, try again) and nothing of the transaction is stored.
 */
import pg from 'pg';
import { classifyDatabaseError, databaseUnavailable } from '../store/errors';
import type { PgDatabase, Queryable } from '../store/postgres-db';
import { driveAsync, toPostgresPlaceholders, type RecordsDb, type Settled, type Sql, type Statement } from './sql';

/** 40001 serialization_failure, 40P01 deadlock_detected: the database asks for the transaction again. */
const retryStates = new Set(['40001', '40P01']);
const maxAttempts = 5;

/** The advisory-lock namespace of records keys (the Yjs log uses the two-int form, 1330). */
const lockSql = "SELECT pg_advisory_xact_lock(hashtextextended('records:' || $1, 0))";

function isRetryable(err: unknown): boolean {
  return typeof (err as { code?: unknown })?.code === 'string' && retryStates.has((err as { code: string }).code);
}

function translated(err: unknown): unknown {
  return classifyDatabaseError(err) === 'unavailable' ? databaseUnavailable() : err;
}

export class PostgresRecordsDb implements RecordsDb {
  readonly dialect = 'postgres' as const;

  constructor(readonly pg: PgDatabase) {}

  /**
   * `held`: the keys this transaction already holds (a second lock of one is not a round
   * trip); `memo`: the transaction's scratch map (sql.ts txMemo).
   */
  private exec(c: Queryable, held: Set<string> = new Set(), memo = new Map<string, unknown>()): (s: Statement) => Promise<unknown> {
    return async (s) => {
      if (s.kind === 'memo') return memo;
      if (s.kind === 'lock') {
        if (!held.has(s.key)) await c.query(lockSql, [s.key]);
        held.add(s.key);
        return undefined;
      }
      const text = toPostgresPlaceholders(s.sql);
      const params = s.params.map((v) => (typeof v === 'bigint' ? v.toString() : v));
      if (s.kind === 'value' || s.kind === 'values') {
        const r = await (c as unknown as { query(cfg: pg.QueryArrayConfig): Promise<pg.QueryArrayResult> }).query({ text, values: params, rowMode: 'array' });
        return s.kind === 'value' ? r.rows[0]?.[0] : r.rows.map((row) => row[0]);
      }
      const r = await c.query(text, params);
      if (s.kind === 'one') return r.rows[0];
      if (s.kind === 'all') return r.rows;
      return { changes: r.rowCount ?? 0 };
    };
  }

  now<T>(_g: Sql<T>): T {
    throw new Error('This records operation is not behind the storage seam yet and cannot run on PostgreSQL (issue 13).');
  }

  async read<T>(make: () => Sql<T>): Promise<T> {
    try {
      return await driveAsync(make(), this.exec(this.pg));
    } catch (err) {
      throw translated(err);
    }
  }

  async snapshot<T>(make: () => Sql<T>): Promise<T> {
    try {
      return await this.pg.tx(async (c) => {
        await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        return driveAsync(make(), this.exec(c));
      });
    } catch (err) {
      throw translated(err);
    }
  }

  private async inTransaction<T>(locks: readonly string[], body: (exec: (s: Statement) => Promise<unknown>, c: Queryable, memo: Map<string, unknown>) => Promise<T>): Promise<T> {
    const keys = [...new Set(locks)].sort();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.pg.tx(async (c) => {
          for (const key of keys) await c.query(lockSql, [key]);
          const memo = new Map<string, unknown>();
          return body(this.exec(c, new Set(keys), memo), c, memo);
        });
      } catch (err) {
        if (isRetryable(err) && attempt < maxAttempts) continue;
        throw translated(err);
      }
    }
  }

  transaction<T>(locks: readonly string[], make: () => Sql<T>): Promise<T> {
    return this.inTransaction(locks, (exec) => driveAsync(make(), exec));
  }

  group(locks: readonly string[], jobs: readonly (() => Sql<unknown>)[]): Promise<Settled[]> {
    return this.inTransaction(locks, async (exec, c, memo) => {
      const results: Settled[] = [];
      // A job's savepoint is released together with the next one's start, in one round trip
      // (a query without parameters may hold several statements); COMMIT releases the last.
      let open = false;
      for (const job of jobs) {
        await c.query(open ? 'RELEASE SAVEPOINT records_job; SAVEPOINT records_job' : 'SAVEPOINT records_job');
        open = true;
        try {
          results.push({ ok: true, value: await driveAsync(job(), exec) });
        } catch (error) {
          // Retry the whole group, or give up on it, when the failure is the database's, not the job's.
          if (isRetryable(error) || classifyDatabaseError(error) === 'unavailable') throw error;
          await c.query('ROLLBACK TO SAVEPOINT records_job; RELEASE SAVEPOINT records_job');
          open = false;
          memo.clear(); // what it learned may have been rolled back with it
          results.push({ ok: false, error });
        }
      }
      return results;
    });
  }

  close(): Promise<void> {
    // The pool belongs to the store, which closes it.
    return Promise.resolve();
  }
}
