/**
 * The device's local store: one SQLite file per data folder, WAL, numbered migrations.
 * Everything the app needs to open offline lives here.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrations } from './migrations';

export type LocalDb = Database.Database;

export function openLocalDb(dataDir: string): LocalDb {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'opencabinet.sqlite'));
  db.pragma('journal_mode = WAL');
  // NORMAL is safe against app crashes in WAL mode; records that must survive power loss
  // (ballots, conclusions, the outbox) raise it to FULL around their own writes.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
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
