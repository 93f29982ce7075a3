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
import { ApiError } from '../../shared/errors';
import { classifyDatabaseError, databaseUnavailable } from '../store/errors';
import type { PgDatabase, Queryable } from '../store/postgres-db';
import { driveAsync, replacePlaceholders, toPostgresPlaceholders, type RecordsDb, type Settled, type Sql, type SqlValue, type Statement } from './sql';

/**
 * Called before a records function's first statement that reaches the database (a lock not
 * yet held, a read, a write that is not deferred), each time it is about to: the group's
 * fast path opens the job's savepoint only then (see group).
 */
type Enter = (c: Queryable) => Promise<void>;

/**
 * The deferred writes of earlier jobs, sent together, failed: which job they belong to is not
 * known, so the group runs again one job at a time (PostgresRecordsDb.group).
 */
class CarriedWritesFailed extends Error {
  constructor(readonly error: unknown) {
    super('The deferred writes of a group failed', { cause: error });
  }
}

interface Executor {
  exec(s: Statement): Promise<unknown>;
  /** Sends the deferred writes now, alone. */
  flush(): Promise<void>;
  /** The deferred writes as one text (empty when none), no longer pending. */
  take(): string;
  /** Throws (once) the failure of a deferred write sent during the records function. */
  settle(): void;
}

/**
 * A deferred write as text, its values written in as quoted literals. A quoted literal has
 * no type until its place gives it one, as an untyped parameter does, so `'1'` still goes
 * into an integer or a boolean column. Bytes in PostgreSQL's hex form.
 */
export function withLiterals(sql: string, params: readonly SqlValue[]): string {
  const literal = (v: SqlValue | undefined): string => {
    if (v === null) return 'NULL';
    if (v === undefined) throw new Error(`A deferred statement has fewer values than placeholders: ${sql}`);
    if (v instanceof Uint8Array) return pg.escapeLiteral('\\x' + Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex'));
    return pg.escapeLiteral(String(v));
  };
  let used = 0;
  const text = replacePlaceholders(sql, (n) => {
    used = n;
    return literal(params[n - 1]);
  });
  if (used !== params.length) throw new Error(`A deferred statement has ${params.length} values for ${used} placeholders: ${sql}`);
  return text;
}

/** 40001 serialization_failure, 40P01 deadlock_detected: the database asks for the transaction again. */
const retryStates = new Set(['40001', '40P01']);
const maxAttempts = 5;

/** The advisory-lock namespace of records keys (the Yjs log uses the two-int form, 1330). */
const lockSql = "SELECT pg_advisory_xact_lock(hashtextextended('records:' || ?, 0))";

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
   * trip); `memo`: the transaction's scratch map (sql.ts txMemo). Deferred writes wait in
   * `pending` until the next statement that needs the database, and go out in one query
   * with it when that is a job's savepoint (group) or alone before anything else.
   */
  private executor(c: Queryable, held: Set<string> = new Set(), memo = new Map<string, unknown>(), enter?: Enter): Executor {
    let pending: string[] = [];
    // A deferred write that failed fails its records function as a whole: the function may
    // catch what it is thrown at that point, so every later statement throws it again too,
    // and so does the end of the function (settle).
    let failed: { error: unknown } | null = null;
    const take = () => {
      const sql = pending.join(';\n');
      pending = [];
      return sql;
    };
    const flush = async () => {
      if (failed) throw failed.error;
      if (!pending.length) return;
      try {
        await c.query(take());
      } catch (error) {
        failed = { error };
        throw error;
      }
    };
    const settle = () => {
      const f = failed;
      failed = null;
      if (f) throw f.error;
    };
    /** Before the first statement that reaches the database (see Enter). */
    const entered = async () => {
      if (!enter) return;
      try {
        await enter(c);
      } catch (error) {
        failed = { error };
        throw error;
      }
    };
    const exec = async (s: Statement): Promise<unknown> => {
      if (failed) throw failed.error;
      if (s.kind === 'memo') return memo;
      if (s.kind === 'defer') {
        pending.push(withLiterals(s.sql, s.params));
        return undefined;
      }
      if (s.kind === 'lock') {
        if (!held.has(s.key)) {
          await entered();
          await flush();
          await c.query(toPostgresPlaceholders(lockSql), [s.key]);
        }
        held.add(s.key);
        return undefined;
      }
      await entered();
      await flush();
      if (s.kind === 'batch') {
        // One simple query of several statements (no parameters there: the values as literals).
        const r = (await c.query(s.reads.map((read) => withLiterals(read.sql, read.params)).join(';\n'))) as unknown as pg.QueryResult | pg.QueryResult[];
        return (Array.isArray(r) ? r : [r]).map((one) => one.rows);
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
    return { exec, flush, take, settle };
  }

  /** Runs a records function to its end, its deferred writes sent before it returns. */
  private async drive<T>(g: Sql<T>, x: Executor): Promise<T> {
    const value = await driveAsync(g, x.exec);
    x.settle();
    await x.flush();
    return value;
  }

  now<T>(_g: Sql<T>): T {
    throw new Error('This records operation is not behind the storage seam yet and cannot run on PostgreSQL (issue 13).');
  }

  async read<T>(make: () => Sql<T>): Promise<T> {
    try {
      return await this.drive(make(), this.executor(this.pg));
    } catch (err) {
      throw translated(err);
    }
  }

  async snapshot<T>(make: () => Sql<T>): Promise<T> {
    try {
      return await this.pg.tx(async (c) => {
        await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        return this.drive(make(), this.executor(c));
      });
    } catch (err) {
      throw translated(err);
    }
  }

  /**
   * `begin`: statements sent with BEGIN, after the locks; `end`: what goes out with COMMIT
   * (the deferred writes still pending). The locks are taken in the same round trip as BEGIN.
   */
  private async inTransaction<T>(
    locks: readonly string[],
    body: (x: Executor, c: Queryable, memo: Map<string, unknown>) => Promise<T>,
    around: { begin?: string; end?: (x: Executor) => string; enter?: Enter } = {},
  ): Promise<T> {
    const keys = [...new Set(locks)].sort();
    const begin = [...keys.map((key) => withLiterals(lockSql, [key])), around.begin].filter(Boolean).join(';\n');
    for (let attempt = 1; ; attempt++) {
      let x: Executor | null = null;
      try {
        return await this.pg.tx(
          async (c) => {
            const memo = new Map<string, unknown>();
            x = this.executor(c, new Set(keys), memo, around.enter);
            return body(x, c, memo);
          },
          { begin, end: () => (x ? (around.end ?? ((e: Executor) => e.take()))(x) : '') },
        );
      } catch (err) {
        if (isRetryable(err) && attempt < maxAttempts) continue;
        throw translated(err);
      }
    }
  }

  transaction<T>(locks: readonly string[], make: () => Sql<T>): Promise<T> {
    // Its deferred writes go out with COMMIT.
    return this.inTransaction(locks, async (x) => {
      const value = await driveAsync(make(), x.exec);
      x.settle();
      return value;
    });
  }

  /**
   * Fast path first: a job opens a savepoint only when it first reaches the database; a job
   * that only defers (a named ballot after the group's warm-up) costs no round trip, its
   * writes carried to the next job's savepoint or to COMMIT. Should carried writes fail —
   * they come from jobs that are already answered, so whose they are is not known — the
   * transaction is rolled back and the group runs again one savepoint per job (jobByJob).
   */
  async group(locks: readonly string[], jobs: readonly (() => Sql<unknown>)[], warm?: () => Sql<void>): Promise<Settled[]> {
    try {
      return await this.groupFast(locks, jobs, warm);
    } catch (error) {
      if (!(error instanceof CarriedWritesFailed)) throw error;
      return this.jobByJob(locks, jobs, warm);
    }
  }

  private async groupFast(locks: readonly string[], jobs: readonly (() => Sql<unknown>)[], warm?: () => Sql<void>): Promise<Settled[]> {
    /** Deferred writes of jobs already run, not sent yet. */
    let carried: string[] = [];
    /** Whether a savepoint is open (BEGIN opens the first). */
    let open = true;
    /** Whether the open savepoint holds no write yet: the next job that needs the database may take it as its own. */
    let fresh = true;
    /** Whether the running job has reached the database (and so has a savepoint of its own); the warm-up runs in BEGIN's. */
    let entered = true;
    const enter: Enter = async (c) => {
      if (entered) return;
      entered = true;
      if (open && fresh && !carried.length) {
        fresh = false;
        return;
      }
      fresh = false;
      const text = [...carried, open ? 'RELEASE SAVEPOINT records_job' : '', 'SAVEPOINT records_job'].filter(Boolean).join(';\n');
      carried = [];
      open = true;
      try {
        await c.query(text);
      } catch (error) {
        if (isRetryable(error) || classifyDatabaseError(error) === 'unavailable') throw error;
        throw new CarriedWritesFailed(error);
      }
    };
    let committing = false;
    try {
      return await this.inTransaction(
        locks,
        async (x, c, memo) => {
          carried = [];
          open = true;
          fresh = true;
          entered = true;
          committing = false;
          const results: Settled[] = [];
          if (warm) await this.warmUp(warm, x, c, memo);
          for (const job of jobs) {
            entered = false;
            try {
              const value = await driveAsync(job(), x.exec);
              x.settle();
              results.push({ ok: true, value });
              const deferred = x.take();
              if (deferred) carried.push(deferred);
            } catch (error) {
              if (error instanceof CarriedWritesFailed || isRetryable(error) || classifyDatabaseError(error) === 'unavailable') throw error;
              x.take(); // not sent: dropped with the job
              try {
                x.settle();
              } catch (settled) {
                if (settled instanceof CarriedWritesFailed) throw settled;
              }
              if (entered) {
                // What it sent since its savepoint is undone; the next job that needs the database opens another.
                await c.query('ROLLBACK TO SAVEPOINT records_job; RELEASE SAVEPOINT records_job');
                open = false;
              }
              memo.clear(); // what it learned may have been rolled back with it
              results.push({ ok: false, error });
            }
          }
          committing = carried.length > 0;
          return results;
        },
        { begin: 'SAVEPOINT records_job', end: (x) => [...carried, x.take()].filter(Boolean).join(';\n'), enter },
      );
    } catch (error) {
      // COMMIT carried other jobs' writes and failed: nothing was kept; run the group again one by one.
      if (committing && !(error instanceof ApiError && error.code === 'offline')) throw new CarriedWritesFailed(error);
      throw error;
    }
  }

  /** A group's warm-up: reads only, in BEGIN's savepoint; a failure rolls it back and the jobs read for themselves. */
  private async warmUp(warm: () => Sql<void>, x: Executor, c: Queryable, memo: Map<string, unknown>): Promise<void> {
    try {
      await driveAsync(warm(), x.exec);
      x.settle();
    } catch (error) {
      if (isRetryable(error) || classifyDatabaseError(error) === 'unavailable') throw error;
      x.take();
      await c.query('ROLLBACK TO SAVEPOINT records_job');
      memo.clear();
    }
  }

  /** Each job in a savepoint of its own, opened before it runs (the fast path's fallback). */
  private async jobByJob(locks: readonly string[], jobs: readonly (() => Sql<unknown>)[], warm?: () => Sql<void>): Promise<Settled[]> {
    /** Whether the last job's deferred writes went out with COMMIT (then a failure there is theirs). */
    let lastDeferred = false;
    try {
      return await this.inTransaction(
        locks,
        async (x, c, memo) => {
          lastDeferred = false;
          const results: Settled[] = [];
          if (warm) await this.warmUp(warm, x, c, memo);
          // A job's deferred writes, its savepoint's release and the next one's start go in one
          // round trip (a query without parameters may hold several statements); the first
          // savepoint goes with BEGIN, and COMMIT releases the last. A failure in that query is
          // the previous job's: its deferred writes.
          let open = true;
          for (const [i, job] of jobs.entries()) {
            if (!open) await c.query('SAVEPOINT records_job');
            else if (i > 0) {
              const deferred = x.take();
              try {
                await c.query([deferred, 'RELEASE SAVEPOINT records_job', 'SAVEPOINT records_job'].filter(Boolean).join(';\n'));
              } catch (error) {
                if (isRetryable(error) || classifyDatabaseError(error) === 'unavailable') throw error;
                await c.query('ROLLBACK TO SAVEPOINT records_job; RELEASE SAVEPOINT records_job; SAVEPOINT records_job');
                memo.clear();
                results[results.length - 1] = { ok: false, error };
              }
            }
            open = true;
            try {
              const value = await driveAsync(job(), x.exec);
              x.settle();
              results.push({ ok: true, value });
            } catch (error) {
              // Retry the whole group, or give up on it, when the failure is the database's, not the job's.
              if (isRetryable(error) || classifyDatabaseError(error) === 'unavailable') throw error;
              x.take(); // not sent: rolled back with the job
              try {
                x.settle();
              } catch {
                // It is this job's error, already in hand.
              }
              await c.query('ROLLBACK TO SAVEPOINT records_job; RELEASE SAVEPOINT records_job');
              open = false;
              memo.clear(); // what it learned may have been rolled back with it
              results.push({ ok: false, error });
            }
          }
          return results;
        },
        {
          begin: 'SAVEPOINT records_job',
          end: (x) => {
            const deferred = x.take();
            lastDeferred = deferred !== '';
            return deferred;
          },
        },
      );
    } catch (error) {
      if (!lastDeferred || (error instanceof ApiError && error.code === 'offline')) throw error;
      // The last job's deferred writes failed with COMMIT, so nothing was kept: the others
      // run again without it (a serialization failure was already retried above).
      return [...(jobs.length > 1 ? await this.jobByJob(locks, jobs.slice(0, -1), warm) : []), { ok: false, error }];
    }
  }

  close(): Promise<void> {
    // The pool belongs to the store, which closes it.
    return Promise.resolve();
  }
}
