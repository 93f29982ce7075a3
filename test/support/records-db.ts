/**
 * A test's own connection to the records of a server's data folder, on whichever store the
 * run uses (test/support/test-store.ts): the folder's server.sqlite on the `sqlite` leg, the
 * folder's PostgreSQL database on the `postgres` leg. Tests read rows with it ("the ballot
 * is stored once") and change them behind the server's back, as an insider would. SQL is
 * written once, in the common dialect of the records (server/records/sql.ts): `?`
 * placeholders, no SQLite- or PostgreSQL-only functions.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import pg from 'pg';
import { toPostgresPlaceholders, type SqlValue } from '../../server/records/sql';
import { databaseUrlFor } from './test-store';
import { closeAfter } from './close-after';

export interface RecordsDbHandle {
  readonly dialect: 'sqlite' | 'postgres';
  /** Every row. */
  all<R>(sql: string, ...params: SqlValue[]): Promise<R[]>;
  /** The first row, or undefined. */
  one<R>(sql: string, ...params: SqlValue[]): Promise<R | undefined>;
  /** The first column of the first row, or undefined. */
  value<V>(sql: string, ...params: SqlValue[]): Promise<V | undefined>;
  /** A write; how many rows it changed. */
  run(sql: string, ...params: SqlValue[]): Promise<{ changes: number }>;
  /** The tables of the database (schema questions are the one place the engines differ). */
  tables(): Promise<string[]>;
  /** A table's columns, [] when there is no such table. */
  columns(table: string): Promise<string[]>;
  close(): Promise<void>;
}

// BIGINT (counts, sums) as a number, as the server's own pool reads it (server/store/postgres-db.ts).
const int8Oid = 20;
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === int8Oid && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

function sqlite(file: string): RecordsDbHandle {
  const db = new Database(file, { fileMustExist: true });
  const stmt = (sql: string) => db.prepare(sql);
  return {
    dialect: 'sqlite',
    all: async <R>(sql: string, ...params: SqlValue[]) => stmt(sql).all(...params) as R[],
    one: async <R>(sql: string, ...params: SqlValue[]) => stmt(sql).get(...params) as R | undefined,
    value: async <V>(sql: string, ...params: SqlValue[]) => stmt(sql).pluck().get(...params) as V | undefined,
    run: async (sql: string, ...params: SqlValue[]) => ({ changes: stmt(sql).run(...params).changes }),
    tables: async () => stmt("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[],
    columns: async (table: string) => (stmt('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[]),
    close: async () => void db.close(),
  };
}

async function postgres(url: string): Promise<RecordsDbHandle> {
  const c = new pg.Client({ connectionString: url, types });
  await c.connect();
  const query = <R>(sql: string, params: readonly SqlValue[]) => c.query(toPostgresPlaceholders(sql), params as unknown[]) as unknown as Promise<pg.QueryResult<R & pg.QueryResultRow>>;
  return {
    dialect: 'postgres',
    all: async <R>(sql: string, ...params: SqlValue[]) => (await query<R>(sql, params)).rows,
    one: async <R>(sql: string, ...params: SqlValue[]) => (await query<R>(sql, params)).rows[0],
    value: async <V>(sql: string, ...params: SqlValue[]) => {
      const row = (await query<Record<string, unknown>>(sql, params)).rows[0];
      return row === undefined ? undefined : (Object.values(row)[0] as V);
    },
    run: async (sql: string, ...params: SqlValue[]) => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
    tables: async () =>
      (await query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1", [])).rows.map((r) => r.name),
    columns: async (table: string) =>
      (await query<{ name: string }>("SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position", [table])).rows.map((r) => r.name),
    close: () => c.end(),
  };
}

/** The records of the server on `dataDir` (running or stopped); close it after use. */
export async function openRecordsDb(dataDir: string): Promise<RecordsDbHandle> {
  const url = await databaseUrlFor(dataDir);
  return url ? postgres(url) : sqlite(path.join(dataDir, 'server.sqlite'));
}

/** Opens the records of `dataDir`, runs `fn` on them, closes them. */
export async function withRecordsDb<T>(dataDir: string, fn: (db: RecordsDbHandle) => Promise<T>): Promise<T> {
  return closeAfter(await openRecordsDb(dataDir), (db) => db.close(), fn);
}

/** Changes a stopped server's records behind its back, as an insider with the database would. */
export const tamper = withRecordsDb;
