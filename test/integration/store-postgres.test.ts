/**
 * What only the PostgreSQL store has: its schema versions (several nodes starting at once,
 * a database from a newer server refused untouched) and a database that goes away (callers
 * get `offline`, a "try again", never a half-written record).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors';
import { openPgDatabase } from '../../server/store/postgres-db';
import { migratePostgres, pgMigrations, schemaStatus } from '../../server/store/postgres-migrations';
import { openPostgresStore } from '../../server/store/postgres';
import { checkReady, postgresCheck } from '../../server/ops/ready';
import { postgresMissing, startPostgres, type TestPostgres } from '../support/postgres';

const noPg = postgresMissing();

describe.skipIf(noPg !== null)(`PostgreSQL store${noPg ? ` (skipped: ${noPg})` : ''}`, () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const sql = async <R extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query<R>(text, params)).rows;
    } finally {
      await c.end();
    }
  };

  it('records each migration once, even when three nodes start on an empty database at once', async () => {
    const url = await server.createDatabase();
    const stores = await Promise.all([openPostgresStore(url), openPostgresStore(url), openPostgresStore(url)]);
    await Promise.all(stores.map((s) => s.close()));
    const rows = await sql<{ version: number }>(url, 'SELECT version FROM opencabinet_schema ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(pgMigrations.map((_, i) => i + 1));
    const db = openPgDatabase(url);
    expect(await schemaStatus(db)).toEqual({ current: pgMigrations.length, expected: pgMigrations.length });
    await db.close();
  });

  it('refuses a database written by a newer server, says why, and changes nothing', async () => {
    const url = await server.createDatabase();
    const first = await openPostgresStore(url);
    await first.createUsers([{ username: 'kept', displayName: 'K', passwordHash: 'x', globalRole: 'user' }]);
    await first.close();
    const newer = pgMigrations.length + 1;
    await sql(url, 'INSERT INTO opencabinet_schema (version) VALUES ($1)', [newer]);
    await expect(openPostgresStore(url)).rejects.toThrow(`written by a newer server (schema ${newer}, this server knows ${pgMigrations.length}). Upgrade the server.`);
    const db = openPgDatabase(url);
    expect(await postgresCheck(db)()).toMatch(/newer server/);
    await db.close();
    expect(await sql(url, 'SELECT username FROM users')).toEqual([{ username: 'kept' }]);
    expect((await sql<{ n: number }>(url, 'SELECT count(*)::int AS n FROM opencabinet_schema'))[0]!.n).toBe(newer);
  });

  it('leaves a failed migration out whole: its version is not recorded and the next start retries it', async () => {
    const url = await server.createDatabase();
    const db = openPgDatabase(url);
    try {
      const broken = [...pgMigrations, 'CREATE TABLE half_done (x int); SELECT 1/0;'];
      await expect(migratePostgres(db, broken)).rejects.toThrow(`PostgreSQL migration ${broken.length} failed: division by zero`);
      expect(await schemaStatus(db, broken)).toEqual({ current: pgMigrations.length, expected: broken.length });
      expect(await sql(url, "SELECT to_regclass('half_done') AS t")).toEqual([{ t: null }]);
      const fixed = [...pgMigrations, 'CREATE TABLE half_done (x int);'];
      expect(await migratePostgres(db, fixed)).toEqual({ current: fixed.length, expected: fixed.length });
    } finally {
      await db.close();
    }
  });

  it('answers `offline` (try again) while the database is unreachable, and refuses to start without one', async () => {
    const own = await startPostgres();
    const url = await own.createDatabase();
    const store = await openPostgresStore(url, { connectionTimeoutMs: 1000 });
    try {
      await store.createUsers([{ username: 'before', displayName: 'B', passwordHash: 'x', globalRole: 'user' }]);
      expect(await checkReady({ database: postgresCheck(store.pg) })).toEqual({ ready: true, checks: { database: { ok: true } } });
      await own.stop();
      const report = await checkReady({ database: postgresCheck(store.pg) }, 3000);
      expect(report.ready).toBe(false);
      expect(report.checks.database!.reason).toMatch(/^database (failed|did not answer)/);
      const err = await store.countUsers().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).code).toBe('offline');
      expect((err as ApiError).message).toMatch(/nothing was saved/);
    } finally {
      await store.close();
    }
    const withPassword = url.replace('postgres://opencabinet@', 'postgres://opencabinet:secret@');
    const refused = await openPostgresStore(withPassword, { connectionTimeoutMs: 1000 }).catch((e: Error) => e);
    expect((refused as Error).message).toMatch(/^PostgreSQL at postgres:\/\/opencabinet:\*\*\*@127\.0\.0\.1:\d+\/\w+ cannot be reached: /);
  });
});
