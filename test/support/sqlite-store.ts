import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../../server/store/sqlite';

/**
 * The server's SQLite store in a fresh folder for each test of the file (or of the describe
 * it is called in): opened before the test, closed and its folder removed after it.
 */
export function sqliteStoreForEach(prefix: string): {
  readonly dir: string;
  readonly store: SqliteStore;
  /** Close the store and open its folder again, as a restart does; `before` first writes what it should find there. */
  reopen(before?: (dir: string) => void | Promise<void>): Promise<SqliteStore>;
} {
  let dir = '';
  let store: SqliteStore | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    store = openSqliteStore(dir);
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    await rm(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    get store() {
      if (!store) throw new Error('The store is opened before each test: read it inside a test or a hook.');
      return store;
    },
    async reopen(before) {
      await store?.close();
      store = undefined;
      await before?.(dir);
      store = openSqliteStore(dir);
      return store;
    },
  };
}
