/**
 * What only the embedded SQLite store has: the durable commit of a records transaction, the
 * busy timeout, the WAL checkpoints, and a read-only connection for the offline commands. The
 * records themselves are written through the seam (sql.ts, sql-sqlite.ts).
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Runs `fn` in one transaction committed with `synchronous = FULL`: the commit is on disk
 * before the receipt leaves. The rest of the server keeps NORMAL (a Yjs update lost to a
 * power cut is re-sent by its client; a receipted ballot would not be). The pragma cannot
 * change inside a transaction, and better-sqlite3 is synchronous, so nothing else runs
 * between switching it and switching it back.
 */
export function durable<T>(db: Database.Database, fn: () => T): T {
  db.pragma('synchronous = FULL');
  try {
    return db.transaction(fn)();
  } finally {
    db.pragma('synchronous = NORMAL');
  }
}

export type Db = Database.Database;

/**
 * How long a statement on the server's connection may wait for a lock held by another
 * connection (a backup, an administrator's query, the audit CLI). better-sqlite3 waits
 * synchronously, on the event loop, so this is also the longest the whole server can stall
 * on someone else's transaction; past it the call fails with SQLITE_BUSY and is answered
 * as an error instead of freezing every other request.
 */
export const busyTimeoutMs = 250;

/** Databases whose WAL must still be emptied (see requestWalTruncate). */
const truncatePending = new WeakSet<Database.Database>();

/**
 * A TRUNCATE checkpoint that never waits: it must wait for every reader to finish, and with
 * the busy timeout that wait happens on the event loop (closing a poll while a backup held
 * a read transaction stalled the server 5 s). With a reader present it reports busy; the
 * periodic checkpoint (checkpointTick) tries again until it succeeds.
 */
function truncateWithoutWaiting(db: Database.Database): boolean {
  db.pragma('busy_timeout = 0');
  try {
    const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    return !!row && row.busy === 0;
  } catch {
    return false;
  } finally {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  }
}

/** Empties the WAL now if no reader is in the way, else at the next periodic checkpoint. */
export function requestWalTruncate(db: Database.Database): boolean {
  if (truncateWithoutWaiting(db)) {
    truncatePending.delete(db);
    return true;
  }
  truncatePending.add(db);
  return false;
}

export function walTruncatePending(db: Database.Database): boolean {
  return truncatePending.has(db);
}

/**
 * The periodic checkpoint that replaces SQLite's automatic one (wal_autocheckpoint = 0):
 * PASSIVE copies what it can and never waits for readers or writers, so a long read
 * transaction elsewhere only makes the WAL grow until it ends; a pending truncate is retried.
 */
export function checkpointTick(db: Database.Database): void {
  if (!db.open) return;
  if (truncatePending.has(db)) {
    if (truncateWithoutWaiting(db)) truncatePending.delete(db);
    return;
  }
  db.pragma('wal_checkpoint(PASSIVE)');
}

/**
 * The server database of a data folder, read-only, for the command-line checks (audit
 * verify, verify-poll) that may run beside a live server; null after saying why on stderr.
 */
export function openServerDbReadOnly(dataDir: string): Database.Database | null {
  const file = path.join(dataDir, 'server.sqlite');
  if (!existsSync(file)) {
    console.error(`There is no server database in ${dataDir}.`);
    return null;
  }
  return new Database(file, { readonly: true, fileMustExist: true });
}
