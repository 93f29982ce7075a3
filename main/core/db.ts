/**
 * The device's local store: one SQLite file per data folder, WAL, numbered migrations.
 * Everything the app needs to open offline lives here.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrations } from './migrations';
import { ensurePrivateDir, ensurePrivateFile, isOpenToOthers, repairTree, touchPrivateFile } from './private-files';

export type LocalDb = Database.Database;

export const dbFileName = 'opencabinet.sqlite';

/**
 * The data folder owner-only: created 0700, or repaired (with everything in it) when an
 * older version left it readable by other accounts of the computer.
 */
export function ensurePrivateDataDir(dataDir: string): void {
  if (fs.existsSync(dataDir) && isOpenToOthers(dataDir)) repairTree(dataDir);
  ensurePrivateDir(dataDir);
}

export function openLocalDb(dataDir: string): LocalDb {
  ensurePrivateDataDir(dataDir);
  const file = path.join(dataDir, dbFileName);
  // SQLite creates -wal and -shm with the mode of the database file: make that 0600 first.
  touchPrivateFile(file);
  for (const extra of ['-wal', '-shm', '-journal']) ensurePrivateFile(file + extra);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL is safe against app crashes in WAL mode; records that must survive power loss
  // (ballots, conclusions, the outbox) raise it to FULL around their own writes.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // What is deleted (a note, a draft, the clear pages of a document that became
  // confidential, a signed-out session) is overwritten, not left in free pages of the file.
  db.pragma('secure_delete = ON');
  migrate(db);
  return db;
}

function migrate(db: LocalDb): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `This data folder was written by a newer version of OpenCabinet (schema ${current}, this version knows ${migrations.length}). Update the app.`,
    );
  }
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
