/**
 * The records' one storage seam (issue 13): the records logic (polls, ballots, receipts,
 * attendance, speakers, conclusions, tasks, notices, the audit chain, organisations…) is
 * written once, as generator functions that `yield*` the statements below, and runs on
 * either store:
 *
 * - SQLite (server/records/sql-sqlite.ts) drives the generator synchronously inside one
 *   better-sqlite3 transaction: nothing else runs on the event loop between a check ("has
 *   this member voted?") and its write, exactly as before the seam existed.
 * - PostgreSQL (server/records/sql-postgres.ts) drives the same generator over a pooled
 *   connection, awaiting each statement, inside a transaction that first takes the
 *   meeting's advisory lock: every records write of one meeting, from any node, is in
 *   line behind the others, so the same checks hold across nodes (unique constraints are
 *   the backstop).
 *
 * Why generators rather than async functions: an async transaction on the single SQLite
 * connection would let other requests' synchronous statements run inside it while it
 * awaits; a generator gives the driver the choice of running it straight through.
 *
 * SQL is written once in the common dialect of both: `?` placeholders (rewritten to `$n`
 * for PostgreSQL), `ON CONFLICT … DO NOTHING / DO UPDATE` (never `INSERT OR …`), `rowid`
 * only on tables whose PostgreSQL twin has an identity column of that name, JSON built in
 * TypeScript rather than with json_object (the two engines format it differently).
 */

export type SqlValue = string | number | bigint | null | Uint8Array;

/** What a records function asks its driver to do; built only by the helpers below. */
export type Statement =
  | { readonly kind: 'one' | 'all' | 'run' | 'value' | 'values' | 'defer'; readonly sql: string; readonly params: readonly SqlValue[] }
  | { readonly kind: 'lock'; readonly key: string }
  | { readonly kind: 'memo' }
  | { readonly kind: 'batch'; readonly reads: readonly Read[] };

/** A read's text and values. */
export interface Read {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

/** A records function: yields statements, gets their answers back, returns a T. */
export type Sql<T> = Generator<Statement, T, unknown>;

/** The first row, or undefined. */
export function* one<R>(sql: string, ...params: SqlValue[]): Sql<R | undefined> {
  return (yield { kind: 'one', sql, params }) as R | undefined;
}

/** Every row. */
export function* all<R>(sql: string, ...params: SqlValue[]): Sql<R[]> {
  return (yield { kind: 'all', sql, params }) as R[];
}

/** The first column of the first row, or undefined (better-sqlite3's `pluck().get()`). */
export function* value<V>(sql: string, ...params: SqlValue[]): Sql<V | undefined> {
  return (yield { kind: 'value', sql, params }) as V | undefined;
}

/** The first column of every row. */
export function* values<V>(sql: string, ...params: SqlValue[]): Sql<V[]> {
  return (yield { kind: 'values', sql, params }) as V[];
}

/** A write; how many rows it changed (0 for an `ON CONFLICT DO NOTHING` that did nothing). */
export function* run(sql: string, ...params: SqlValue[]): Sql<{ changes: number }> {
  return (yield { kind: 'run', sql, params }) as { changes: number };
}

/**
 * A write whose answer the records function does not need (an insert whose failure can only
 * mean the transaction is wrong, never a refusal to turn into an answer): SQLite runs it at
 * once; PostgreSQL may send it together with the transaction's next statement, saving a
 * round trip inside the meeting's lock (sql-postgres.ts). It is always sent before anything
 * that could read it and before the transaction or the job's savepoint ends. A failure fails
 * the job or the transaction, as a `run` would, but is never thrown into the records function
 * at this point: do not wrap it in a try.
 */
export function* defer(sql: string, ...params: SqlValue[]): Sql<void> {
  yield { kind: 'defer', sql, params };
}

/**
 * Reads that do not depend on each other, answered together, each with its rows: PostgreSQL
 * sends them in one round trip (one query of several statements, values written in as
 * literals), SQLite runs them in turn.
 */
export function* allAtOnce(reads: readonly Read[]): Sql<Record<string, unknown>[][]> {
  if (!reads.length) return [];
  return (yield { kind: 'batch', reads }) as Record<string, unknown>[][];
}

/** A read of a warm-up (RecordsDb.group): its statement, and what its rows put in the transaction's memo. */
export interface Planned extends Read {
  fill(rows: Record<string, unknown>[], memo: Map<string, unknown>): void;
}

/** Runs the planned reads at once (allAtOnce) and fills the memo from their rows. */
export function* warmUp(planned: readonly Planned[]): Sql<void> {
  const rows = yield* allAtOnce(planned);
  const memo = yield* txMemo();
  planned.forEach((p, i) => p.fill(rows[i]!, memo));
}

/**
 * Holds `key` until the transaction ends: on PostgreSQL a transaction-scoped advisory lock
 * (one writer per key across nodes); on SQLite nothing, the connection has one writer.
 */
export function* lock(key: string): Sql<void> {
  yield { kind: 'lock', key };
}

/**
 * This transaction's scratch map: what a records function learned earlier in the same
 * transaction and may use again without asking the database (the audit chain's last entry,
 * which only this transaction can change while it holds the meeting's lock). Emptied when a
 * job's savepoint is rolled back; a fresh one for every transaction, retry and read.
 */
export function* txMemo(): Sql<Map<string, unknown>> {
  return (yield { kind: 'memo' }) as Map<string, unknown>;
}

/**
 * `values` in slices for `IN (…)` lists, each with its `?, ?, …`: well under both engines'
 * limits on parameters per statement (SQLite 32,766, PostgreSQL 65,535). Duplicates dropped.
 */
export function inChunks(values: readonly string[], size = 500): { marks: string; values: string[] }[] {
  const unique = [...new Set(values)];
  const out: { marks: string; values: string[] }[] = [];
  for (let i = 0; i < unique.length; i += size) {
    const slice = unique.slice(i, i + size);
    out.push({ marks: slice.map(() => '?').join(', '), values: slice });
  }
  return out;
}

/** A job's outcome within a group commit. */
export type Settled<T = unknown> = { ok: true; value: T } | { ok: false; error: unknown };

export interface RecordsDb {
  readonly dialect: 'sqlite' | 'postgres';
  /** Reads, or a single write, outside any explicit transaction. */
  read<T>(make: () => Sql<T>): Promise<T>;
  /**
   * Reads that must see one moment of the database (the audit check reads a meeting's chain,
   * polls, ballots and records and compares them): no write lands halfway through.
   */
  snapshot<T>(make: () => Sql<T>): Promise<T>;
  /**
   * One durable transaction (committed to disk before it resolves). `locks` (meeting ids,
   * usually) are taken first, in a fixed order, so two nodes never wait on each other in a
   * circle. `make` may be called again when PostgreSQL asks for a retry (a serialization
   * failure or a deadlock): it must build a fresh generator each time.
   */
  transaction<T>(locks: readonly string[], make: () => Sql<T>): Promise<T>;
  /**
   * Several jobs, one durable commit, each in its own savepoint: a job that throws is
   * rolled back alone, the others still commit. `warm`, when given, runs first in the same
   * transaction: reads that fill its memo (txMemo) for all the jobs at once, so each job
   * finds there what it would otherwise ask the database for, one round trip at a time.
   * A warm-up that fails is rolled back and forgotten: the jobs then read for themselves.
   */
  group(locks: readonly string[], jobs: readonly (() => Sql<unknown>)[], warm?: () => Sql<void>): Promise<Settled[]>;
  /**
   * SQLite only: runs at once, synchronously (the offline command-line tools, and records
   * code not yet behind this seam). Throws on PostgreSQL, naming the caller's gap.
   */
  now<T>(g: Sql<T>): T;
  close(): Promise<void>;
}

/** Runs a generator to its end with a synchronous executor (SQLite; tests). */
export function driveSync<T>(g: Sql<T>, exec: (s: Statement) => unknown): T {
  let step = g.next();
  for (;;) {
    if (step.done) return step.value;
    let answer: unknown;
    try {
      answer = exec(step.value);
    } catch (error) {
      // Thrown into the records function, so its own try/catch (a unique violation turned
      // into a clear refusal) sees it exactly as a synchronous call would have.
      step = g.throw(error);
      continue;
    }
    step = g.next(answer);
  }
}

/** The same with an asynchronous executor (PostgreSQL). */
export async function driveAsync<T>(g: Sql<T>, exec: (s: Statement) => Promise<unknown>): Promise<T> {
  let step = g.next();
  for (;;) {
    if (step.done) return step.value;
    let answer: unknown;
    try {
      answer = await exec(step.value);
    } catch (error) {
      step = g.throw(error);
      continue;
    }
    step = g.next(answer);
  }
}

const pgText = new Map<string, string>();

/**
 * `?` placeholders to PostgreSQL's `$1, $2…`, skipping quoted strings, quoted identifiers
 * and comments (a `?` in a literal stays a `?`). Cached: the records use a few hundred
 * fixed statements.
 */
export function toPostgresPlaceholders(sql: string): string {
  const cached = pgText.get(sql);
  if (cached !== undefined) return cached;
  const out = replacePlaceholders(sql, (n) => `$${n}`);
  pgText.set(sql, out);
  return out;
}

/** Each `?` placeholder (1-based `n`) replaced by `by(n)`, with the same skipping as above. */
export function replacePlaceholders(sql: string, by: (n: number) => string): string {
  let out = '';
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = closingQuote(sql, i, c);
      out += sql.slice(i, end + 1);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length - 1 : end;
      out += sql.slice(i, stop + 1);
      i = stop;
    } else if (c === '?') {
      out += by(++n);
    } else {
      out += c;
    }
  }
  return out;
}

function closingQuote(sql: string, start: number, q: string): number {
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] !== q) continue;
    if (sql[i + 1] === q) {
      i++; // a doubled quote is an escaped quote
      continue;
    }
    return i;
  }
  throw new Error(`Unterminated ${q === "'" ? 'string' : 'identifier'} in SQL: ${sql}`);
}
