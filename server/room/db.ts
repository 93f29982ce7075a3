/**
 * The room's tables (migration 2) on the server's SQLite connection. Everything here is
 * synchronous: a request's records are validated and stored inside one transaction, so no
 * other request can slip in between the check ("has this member voted?") and the write.
 */
import type Database from 'better-sqlite3';

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
