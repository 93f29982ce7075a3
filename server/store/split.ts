/**
 * Interim cluster storage (issue 13, first slice): everything behind the `Store` interface
 * (users, sessions, meetings, members, Yjs update logs, meeting blobs) on PostgreSQL,
 * shared by every node; what still uses the SQLite connection directly — the records service
 * (RecordsService: polls, ballots, receipts, audit, …), organisations and official records —
 * stays on this node's own SQLite file. Those tables reference users and meetings that now
 * live in PostgreSQL, so the records (votes, check-ins…) do NOT work in this mode yet; the CLI says so loudly.
 * It goes away when the records move behind the Store.
 */
import type { PgOptions } from './postgres-db';
import { openPostgresStore, type PostgresStore } from './postgres';
import { openSqliteStore, type SqliteStore } from './sqlite';

export type SplitStore = SqliteStore & { readonly pg: PostgresStore['pg'] };

export async function openSplitStore(dataDir: string, databaseUrl: string, pgOpts: PgOptions = {}): Promise<SplitStore> {
  const shared = await openPostgresStore(databaseUrl, pgOpts);
  let local: SqliteStore;
  try {
    local = openSqliteStore(dataDir);
  } catch (err) {
    await shared.close();
    throw err;
  }
  return {
    ...shared,
    db: local.db,
    async close() {
      await Promise.allSettled([shared.close(), local.close()]);
    },
  };
}
