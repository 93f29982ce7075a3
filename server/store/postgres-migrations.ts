/**
 * The PostgreSQL schema, in numbered migrations recorded in `opencabinet_schema` (one row
 * per applied version). Append only, like server/store/migrations.ts: a released migration
 * is never edited, because some database somewhere already ran it.
 *
 * It mirrors the SQLite schema of what the `Store` interface keeps (users, sessions,
 * meetings, members, Yjs update logs, meeting blobs) and, from migration 3, the records.
 *
 * Differences from SQLite, each for the same behaviour:
 * - user names are unique on lower(name COLLATE "C"): ASCII-only case folding, exactly
 *   SQLite's NOCASE (PostgreSQL's lower() under a real locale would also fold "Đ").
 * - ms timestamps are BIGINT; Yjs updates BYTEA with an identity `seq`.
 */
import * as ddl from './ddl';
import type { PgDatabase, Queryable } from './postgres-db';

const { postgres } = ddl;

/** The columns SQLite migration 11 (running the room) added to speaker_requests. */
const runningTheRoom = [
  "kind ctext NOT NULL DEFAULT 'speak' CHECK (kind IN ('speak', 'reply', 'point_of_order'))",
  'reply_to ctext',
  'site_id ctext',
  'site_name ctext',
  'remote INTEGER NOT NULL DEFAULT 0',
  'position DOUBLE PRECISION',
  'started_at ctext',
  'ended_at ctext',
  'paused_at ctext',
  'paused_ms BIGINT NOT NULL DEFAULT 0',
  'limit_sec INTEGER',
  'added_sec INTEGER NOT NULL DEFAULT 0',
];

export const pgMigrations: readonly string[] = [
  // 1: what the Store keeps (SQLite migrations 1 and 8)
  `
  ${ddl.users(['disabled_at TEXT'])}
  CREATE UNIQUE INDEX users_username ON users (lower(username COLLATE "C"));

  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL,
    id TEXT NOT NULL UNIQUE,
    device_name TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL DEFAULT 0,
    last_seen_at BIGINT NOT NULL DEFAULT 0,
    last_seen_ip TEXT,
    absolute_expires_at BIGINT NOT NULL DEFAULT 0,
    lost_at BIGINT,
    lost_by TEXT
  );
  CREATE INDEX sessions_expires ON sessions (expires_at);
  CREATE INDEX sessions_user ON sessions (user_id);

  ${ddl.meetings}

  ${ddl.meetingMembers}

  CREATE TABLE yjs_updates (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc_name TEXT NOT NULL,
    update_blob BYTEA NOT NULL
  );
  CREATE INDEX yjs_updates_doc ON yjs_updates (doc_name, seq);

  ${ddl.meetingBlobs(postgres)}
  `,
  // 2: appends that say which row they follow (issue 13: cross-node fan-out). In a
  // VOLATILE plpgsql function every statement takes a fresh snapshot, so the previous row
  // is read after the document's lock (the key compactUpdates takes too) is held: it is
  // exactly the row this one follows, whatever other nodes committed just before.
  `
  CREATE FUNCTION yjs_append(p_doc TEXT, p_blob BYTEA, OUT seq BIGINT, OUT prev BIGINT)
  LANGUAGE plpgsql VOLATILE AS $fn$
  BEGIN
    PERFORM pg_advisory_xact_lock(1330, hashtext(p_doc));
    SELECT coalesce(max(u.seq), 0) INTO prev FROM yjs_updates u WHERE u.doc_name = p_doc;
    INSERT INTO yjs_updates (doc_name, update_blob) VALUES (p_doc, p_blob) RETURNING yjs_updates.seq INTO seq;
  END
  $fn$;
  `,
  // 3: the records (SQLite migrations 2–17, in their final shape): polls, ballots,
  // receipts, attendance, speakers, conclusions, tasks, notices, the audit chain,
  // organisations and official records. Text columns are `ctext` (TEXT COLLATE "C"): they
  // compare and sort byte by byte, as SQLite's do, whatever the database's locale. Tables
  // that SQLite orders by rowid get an identity column named `rowid`, so one SQL text
  // serves both engines.
  `
  CREATE DOMAIN ctext AS TEXT COLLATE "C";

  ${ddl.organisations(postgres)}

  CREATE TABLE room_state (
    meeting_id TEXT PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    checkin_open INTEGER NOT NULL DEFAULT 0,
    current_item_id ctext,
    current_started_at ctext
  );
  ${ddl.attendance(postgres)}
  ${ddl.recordReceipts(postgres, ['error_detail ctext'])}
  ${ddl.polls(postgres, ['public_key ctext', 'encrypted_totals ctext', 'void_reason ctext'])}
  ${ddl.namedBallots(postgres)}
  ${ddl.pollTellers(postgres)}
  ${ddl.ceremonyShares(postgres)}
  ${ddl.encryptedBallots(postgres)}
  ${ddl.pollRunningTotals(postgres)}
  ${ddl.recusals(postgres)}

  ${ddl.auditLog(postgres)}
  ${ddl.receiptHeads(postgres)}

  ${ddl.speakerRequests(postgres, runningTheRoom)}
  -- The floor is held by one speaker per meeting, whichever node started them.
  CREATE UNIQUE INDEX speaker_requests_one_floor ON speaker_requests (meeting_id) WHERE status = 'speaking';

  ${ddl.conclusions(postgres)}
  ${ddl.tasks(postgres)}
  CREATE TABLE notice_numbers (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id ctext NOT NULL,
    issued_at ctext NOT NULL
  );

  ${ddl.sharedAnnotations(postgres)}
  ${ddl.draftComments(postgres)}

  ${ddl.numberRegisters(postgres)}
  ${ddl.recordDrafts(postgres)}
  ${ddl.officialRecords(postgres)}
  CREATE UNIQUE INDEX official_records_first ON official_records (meeting_id, kind) WHERE replaces IS NULL;
  CREATE UNIQUE INDEX official_records_replaced ON official_records (replaces) WHERE replaces IS NOT NULL;
  ${ddl.recordApprovals(postgres, ['version INTEGER NOT NULL DEFAULT 0'])}
  ${ddl.absenceReasons(postgres)}
  ${ddl.minutesVersions(postgres)}
  -- The same two rules as SQLite's triggers: a saved text never changes, a finalised version not at all.
  CREATE FUNCTION minutes_versions_fixed() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    IF OLD.record_id IS NOT NULL THEN
      RAISE EXCEPTION 'a finalised version of the minutes never changes';
    END IF;
    IF NEW.sections IS DISTINCT FROM OLD.sections OR NEW.saved_at IS DISTINCT FROM OLD.saved_at
       OR NEW.saved_by IS DISTINCT FROM OLD.saved_by OR NEW.corrects IS DISTINCT FROM OLD.corrects THEN
      RAISE EXCEPTION 'a saved version of the minutes never changes';
    END IF;
    RETURN NEW;
  END
  $fn$;
  CREATE TRIGGER minutes_versions_fixed BEFORE UPDATE ON minutes_versions FOR EACH ROW EXECUTE FUNCTION minutes_versions_fixed();
  `,
];

/** Any fixed number, the same on every node: the session lock that lets one node migrate at a time. */
const migrationLock = 0x0c_ab_13;

const versionTable = `CREATE TABLE IF NOT EXISTS opencabinet_schema (
  version INTEGER PRIMARY KEY,
  applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`;

export interface SchemaStatus {
  /** The highest version applied to the database (0: none, or no version table yet). */
  current: number;
  /** The version this server's code knows. */
  expected: number;
}

async function currentVersion(q: Queryable): Promise<number> {
  const exists = await q.query<{ t: string | null }>("SELECT to_regclass('opencabinet_schema')::text AS t");
  if (!exists.rows[0]?.t) return 0;
  const r = await q.query<{ v: number | null }>('SELECT max(version) AS v FROM opencabinet_schema');
  return r.rows[0]?.v ?? 0;
}

export async function schemaStatus(q: Queryable, migrations: readonly string[] = pgMigrations): Promise<SchemaStatus> {
  return { current: await currentVersion(q), expected: migrations.length };
}

export function newerSchemaMessage(current: number, known: number): string {
  return `The database was written by a newer server (schema ${current}, this server knows ${known}). Upgrade the server.`;
}

/**
 * Brings the database to the latest schema. Several nodes may start at once: a session
 * advisory lock lets one migrate while the others wait, then find nothing left to do. Each
 * migration commits together with its version row, so a node killed halfway leaves the
 * database at the last whole version. A database from a newer server is refused untouched.
 */
export async function migratePostgres(db: PgDatabase, migrations: readonly string[] = pgMigrations): Promise<SchemaStatus> {
  return db.withClient(async (c) => {
    await c.query('SELECT pg_advisory_lock($1)', [migrationLock]);
    try {
      await c.query(versionTable);
      const current = await currentVersion(c);
      if (current > migrations.length) throw new Error(newerSchemaMessage(current, migrations.length));
      for (let v = current; v < migrations.length; v++) {
        await c.query('BEGIN');
        try {
          await c.query(migrations[v]!);
          await c.query('INSERT INTO opencabinet_schema (version) VALUES ($1)', [v + 1]);
          await c.query('COMMIT');
        } catch (err) {
          await c.query('ROLLBACK');
          throw new Error(`PostgreSQL migration ${v + 1} failed: ${(err as Error).message}`, { cause: err });
        }
      }
      return { current: migrations.length, expected: migrations.length };
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [migrationLock]);
    }
  });
}
