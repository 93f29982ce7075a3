/**
 * The records seam (sql.ts) on the server's SQLite connection. Every records function runs
 * straight through, synchronously, inside one better-sqlite3 transaction; commits that must
 * survive a power cut use `durable()` (synchronous = FULL for the commit only).
 */
import type Database from 'better-sqlite3';
import { durable } from './db';
import { driveSync, type RecordsDb, type Settled, type Sql, type SqlValue, type Statement } from './sql';

export class SqliteRecordsDb implements RecordsDb {
  readonly dialect = 'sqlite' as const;
  private readonly rows = new Map<string, Database.Statement>();
  private readonly plucked = new Map<string, Database.Statement>();

  constructor(readonly db: Database.Database) {}

  private prepared(sql: string, pluck: boolean): Database.Statement {
    const cache = pluck ? this.plucked : this.rows;
    let s = cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      if (pluck) s.pluck();
      cache.set(sql, s);
    }
    return s;
  }

  /** The executor of one transaction (or read), with its own memo (sql.ts txMemo). */
  private exec(memo = new Map<string, unknown>()): (s: Statement) => unknown {
    return (s) => this.execute(s, memo);
  }

  private execute(s: Statement, memo: Map<string, unknown>): unknown {
    if (s.kind === 'lock') return undefined; // one connection, one writer: nothing to take
    if (s.kind === 'memo') return memo;
    if (s.kind === 'batch') return s.reads.map((r) => this.prepared(r.sql, false).all(...r.params.map(sqliteValue)));
    const params = s.params.map(sqliteValue);
    switch (s.kind) {
      case 'one':
        return this.prepared(s.sql, false).get(...params);
      case 'all':
        return this.prepared(s.sql, false).all(...params);
      case 'value':
        return this.prepared(s.sql, true).get(...params);
      case 'values':
        return this.prepared(s.sql, true).all(...params);
      case 'run':
        return { changes: this.prepared(s.sql, false).run(...params).changes };
      case 'defer':
        // In-process: nothing to save by waiting.
        this.prepared(s.sql, false).run(...params);
        return undefined;
    }
  }

  now<T>(g: Sql<T>): T {
    return driveSync(g, this.exec());
  }

  read<T>(make: () => Sql<T>): Promise<T> {
    try {
      return Promise.resolve(driveSync(make(), this.exec()));
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  /** Synchronous, so nothing else runs on the connection while it reads. */
  snapshot<T>(make: () => Sql<T>): Promise<T> {
    return this.read(make);
  }

  transaction<T>(_locks: readonly string[], make: () => Sql<T>): Promise<T> {
    try {
      return Promise.resolve(this.transactionNow(make));
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  /** The same, synchronously: for callers that are themselves still synchronous. */
  transactionNow<T>(make: () => Sql<T>): T {
    return durable(this.db, () => driveSync(make(), this.exec()));
  }

  group(_locks: readonly string[], jobs: readonly (() => Sql<unknown>)[], warm?: () => Sql<void>): Promise<Settled[]> {
    const results: Settled[] = [];
    try {
      durable(this.db, () => {
        const memo = new Map<string, unknown>();
        const exec = this.exec(memo);
        if (warm) {
          try {
            driveSync(warm(), exec);
          } catch {
            memo.clear(); // the jobs read for themselves
          }
        }
        for (const job of jobs) {
          try {
            // A nested better-sqlite3 transaction is a savepoint: a failed job rolls back alone.
            results.push({ ok: true, value: this.db.transaction(() => driveSync(job(), exec))() });
          } catch (error) {
            memo.clear(); // what it learned may have been rolled back with it
            results.push({ ok: false, error });
          }
        }
      });
    } catch (err) {
      return Promise.reject(err as Error);
    }
    return Promise.resolve(results);
  }

  close(): Promise<void> {
    // The connection belongs to the store, which closes it.
    return Promise.resolve();
  }
}

function sqliteValue(v: SqlValue): unknown {
  return v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v;
}

const shared = new WeakMap<Database.Database, SqliteRecordsDb>();

/** The records seam over a SQLite connection, one per connection (its statement cache is shared). */
export function sqliteRecords(db: Database.Database): SqliteRecordsDb {
  let r = shared.get(db);
  if (!r) shared.set(db, (r = new SqliteRecordsDb(db)));
  return r;
}
