/**
 * Which store the integration servers of this run use: the embedded SQLite (the `sqlite`
 * project) or PostgreSQL (the `postgres` project, vitest.config.ts). A test that is about
 * SQLite itself (it edits the file, copies it, kills a WAL) runs on SQLite only and says so.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export type TestStore = 'sqlite' | 'postgres';

export const testStore: TestStore = process.env.OPENCABINET_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/** Why the PostgreSQL leg cannot run here, or null. */
export function testPostgresMissing(): string | null {
  return testStore === 'postgres' ? inject('testPostgresMissing') : null;
}

/** A describe's title suffix and skip flag for a test that only means something on SQLite. */
export const sqliteOnly = { skip: testStore !== 'sqlite', why: ' (SQLite only: it works on the SQLite file itself)' };

const databases = new Map<string, Promise<string>>();

/**
 * The PostgreSQL database of a server's data folder on the `postgres` leg (one per folder,
 * so a server started again on the same folder finds its data), or undefined on SQLite.
 */
export function databaseUrlFor(dataDir: string): Promise<string | undefined> {
  if (testStore !== 'postgres') return Promise.resolve(undefined);
  const admin = inject('testPostgresUrl');
  if (!admin) throw new Error(`The postgres test project has no PostgreSQL: ${inject('testPostgresMissing') ?? 'unknown reason'}`);
  let url = databases.get(dataDir);
  if (!url) {
    url = (async () => {
      const name = `oc_${process.pid}_${randomBytes(4).toString('hex')}`;
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return admin.replace(/\/[^/]*$/, `/${name}`);
    })();
    databases.set(dataDir, url);
  }
  return url;
}
