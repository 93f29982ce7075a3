/**
 * Which store the integration servers of this run use: the embedded SQLite (the `sqlite`
 * project) or PostgreSQL (the `postgres` project, vitest.config.ts). A test that is about
 * SQLite itself (it edits the file, copies it, kills a WAL) runs on SQLite only and says so.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { closeAfter } from './close-after';
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

/** The run's admin URL (the `postgres` leg), or a clear error when the leg has no PostgreSQL. */
function adminUrl(): string {
  const admin = inject('testPostgresUrl');
  if (!admin) throw new Error(`The postgres test project has no PostgreSQL: ${inject('testPostgresMissing') ?? 'unknown reason'}`);
  return admin;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  return closeAfter(c, (client) => client.end(), fn);
}

const freshName = () => `oc_${process.pid}_${randomBytes(4).toString('hex')}`;
const urlOf = (name: string) => adminUrl().replace(/\/[^/]*$/, `/${name}`);

/**
 * The PostgreSQL database of a server's data folder on the `postgres` leg (one per folder,
 * so a server started again on the same folder finds its data), or undefined on SQLite.
 */
export function databaseUrlFor(dataDir: string): Promise<string | undefined> {
  if (testStore !== 'postgres') return Promise.resolve(undefined);
  let url = databases.get(dataDir);
  if (!url) {
    url = (async () => {
      const name = freshName();
      await admin((c) => c.query(`CREATE DATABASE ${name}`));
      return urlOf(name);
    })();
    databases.set(dataDir, url);
  }
  return url;
}

/**
 * A copy of a stopped server's database for another data folder (an insider's copy to
 * tamper with, a server started again on it). On PostgreSQL `toDir`'s database becomes
 * `CREATE DATABASE … TEMPLATE` of `fromDir`'s; on SQLite nothing happens here: the database
 * is the folder's server.sqlite, which the caller copies with the folder's other files.
 */
export async function copyDatabaseFor(fromDir: string, toDir: string): Promise<void> {
  if (testStore !== 'postgres') return;
  if (databases.has(toDir)) throw new Error(`${toDir} already has a database of its own.`);
  const from = new URL((await databaseUrlFor(fromDir))!).pathname.slice(1);
  const name = freshName();
  await admin(async (c) => {
    // A server just closed may still be leaving: its backends end after its pool does, and
    // a template must have no connection. Waits for them a little rather than failing.
    for (let tries = 0; ; tries++) {
      try {
        await c.query(`CREATE DATABASE ${name} TEMPLATE ${from}`);
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== '55006' || tries >= 50) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  databases.set(toDir, Promise.resolve(urlOf(name)));
}
