/**
 * One PostgreSQL connection pool for the server: parameterised queries, explicit
 * transactions (BEGIN … COMMIT on one pooled client, ROLLBACK on any error), and a count of
 * round trips for /metrics. Nothing here knows the schema.
 */
import pg from 'pg';

export interface PgOptions {
  /** Pool size (default 10): every node opens up to this many connections. */
  max?: number;
  /** Called once per statement sent, with its duration in ms (database round trips metric). */
  onRoundTrip?: (ms: number) => void;
  /** How long to wait for a connection before failing (default 5 s), so a dead database answers 503, not a hang. */
  connectionTimeoutMs?: number;
}

export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params?: readonly unknown[]): Promise<pg.QueryResult<R>>;
}

/**
 * Statements without parameters sent in the same round trip as BEGIN (after it) and as
 * COMMIT (before it): a lock to take first, writes left for the end. If `end`'s statements
 * fail, COMMIT is not run and the transaction rolls back.
 */
export interface TxAround {
  begin?: string;
  end?: () => string;
}

export interface PgDatabase extends Queryable {
  /** Runs `fn` inside one transaction on one connection; commits when it resolves, rolls back when it throws. */
  tx<T>(fn: (c: Queryable) => Promise<T>, around?: TxAround): Promise<T>;
  /** One connection for work that must stay on it (a session-level advisory lock). */
  withClient<T>(fn: (c: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// BIGINT (ms timestamps, counts, seq numbers) as a JS number instead of pg's default string:
// every such value here stays far below 2^53.
const int8Oid = 20;
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === int8Oid && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

export function openPgDatabase(connectionString: string, opts: PgOptions = {}): PgDatabase {
  const pool = new pg.Pool({
    connectionString,
    max: opts.max ?? 10,
    types,
    connectionTimeoutMillis: opts.connectionTimeoutMs ?? 5000,
    // A statement that waits on a lock longer than this is a stuck node, not a busy one.
    statement_timeout: 30_000,
    application_name: 'opencabinet-server',
  });
  // An idle client losing its connection (database restart) is reported here; the pool
  // drops that client and the next query opens a new one. Without a listener it would crash the process.
  pool.on('error', () => {});

  const timed = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<R extends pg.QueryResultRow>(text: string, params?: readonly unknown[]) {
      const started = performance.now();
      try {
        return await c.query<R>(text, params as unknown[] | undefined);
      } finally {
        opts.onRoundTrip?.(performance.now() - started);
      }
    },
  });

  let closed: Promise<void> | null = null;
  return {
    ...timed(pool),
    async tx(fn, around = {}) {
      const client = await pool.connect();
      const q = timed(client);
      let broken: Error | undefined;
      // A connection lost while the transaction is between statements (the records run their
      // logic between them) is reported on the client, not on a query: without a listener
      // that would crash the node. The next statement fails and the transaction is answered 503.
      const lost = (err: Error) => (broken = err);
      client.on('error', lost);
      try {
        await q.query(around.begin ? `BEGIN;\n${around.begin}` : 'BEGIN');
        const result = await fn(q);
        const end = around.end?.();
        await q.query(end ? `${end};\nCOMMIT` : 'COMMIT');
        return result;
      } catch (err) {
        await q.query('ROLLBACK').catch((e: Error) => (broken = e));
        throw err;
      } finally {
        // A client whose ROLLBACK failed is in an unknown state: the pool closes it.
        client.off('error', lost);
        client.release(broken);
      }
    },
    async withClient(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      const lost = (err: Error) => (broken = err);
      client.on('error', lost);
      try {
        return await fn(timed(client));
      } catch (err) {
        broken = err as Error;
        throw err;
      } finally {
        client.off('error', lost);
        client.release(broken);
      }
    },
    close() {
      return (closed ??= pool.end());
    },
  };
}
