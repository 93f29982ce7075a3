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
import type { PgDatabase, Queryable } from './postgres-db';

export const pgMigrations: readonly string[] = [
  // 1: what the Store keeps (SQLite migrations 1 and 8)
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    global_role TEXT NOT NULL CHECK (global_role IN ('admin', 'user')),
    created_at TEXT NOT NULL,
    disabled_at TEXT
  );
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

  CREATE TABLE meetings (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'in_progress', 'closed')),
    starts_at TEXT,
    ends_at TEXT,
    venue TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );

  CREATE TABLE meeting_members (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (meeting_id, user_id)
  );
  CREATE INDEX meeting_members_user ON meeting_members (user_id);

  CREATE TABLE yjs_updates (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc_name TEXT NOT NULL,
    update_blob BYTEA NOT NULL
  );
  CREATE INDEX yjs_updates_doc ON yjs_updates (doc_name, seq);

  CREATE TABLE meeting_blobs (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL,
    size BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, sha256)
  );
  CREATE INDEX meeting_blobs_sha ON meeting_blobs (sha256);
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

  CREATE TABLE organisations (
    id ctext PRIMARY KEY,
    kind ctext NOT NULL CHECK (kind IN ('party_committee', 'peoples_committee', 'peoples_council', 'government_office', 'department')),
    name ctext NOT NULL,
    parent_name ctext,
    abbreviation ctext NOT NULL,
    place ctext NOT NULL,
    seal_name ctext,
    signer ctext,
    default_recipients ctext NOT NULL DEFAULT '[]',
    time_zone ctext NOT NULL DEFAULT 'Asia/Ho_Chi_Minh',
    p12 BYTEA,
    p12_password ctext,
    cert_subject ctext,
    cert_not_after ctext,
    cert_demo INTEGER NOT NULL DEFAULT 0,
    created_at ctext NOT NULL
  );
  CREATE TABLE organisation_members (
    organisation_id ctext NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role ctext NOT NULL CHECK (role IN ('secretariat', 'member')),
    PRIMARY KEY (organisation_id, user_id)
  );
  CREATE INDEX organisation_members_user ON organisation_members (user_id);
  ALTER TABLE meetings ADD COLUMN organisation_id ctext REFERENCES organisations (id);
  CREATE INDEX meetings_organisation ON meetings (organisation_id);

  CREATE TABLE room_state (
    meeting_id TEXT PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    checkin_open INTEGER NOT NULL DEFAULT 0,
    current_item_id ctext,
    current_started_at ctext
  );
  CREATE TABLE attendance (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    user_id ctext NOT NULL,
    status ctext NOT NULL CHECK (status IN ('present', 'excused', 'absent')),
    substitute ctext,
    at ctext NOT NULL,
    by_user ctext NOT NULL,
    PRIMARY KEY (meeting_id, user_id)
  );
  CREATE TABLE record_receipts (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    key ctext NOT NULL,
    kind ctext NOT NULL,
    user_id ctext NOT NULL,
    ok INTEGER NOT NULL,
    received_at ctext,
    error_code ctext,
    error_message ctext,
    error_detail ctext,
    PRIMARY KEY (meeting_id, key)
  );
  CREATE TABLE polls (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY,
    id ctext PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agenda_item_id ctext,
    definition ctext NOT NULL,
    status ctext NOT NULL CHECK (status IN ('draft', 'open', 'closed', 'published')),
    created_at ctext NOT NULL,
    created_by ctext NOT NULL,
    opened_at ctext,
    closes_at ctext,
    closed_at ctext,
    published_at ctext,
    eligible_count INTEGER NOT NULL DEFAULT 0,
    result ctext,
    public_key ctext,
    encrypted_totals ctext,
    void_reason ctext
  );
  CREATE INDEX polls_meeting ON polls (meeting_id);
  CREATE INDEX polls_open ON polls (status) WHERE status = 'open';
  CREATE TABLE named_ballots (
    poll_id ctext NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    user_id ctext NOT NULL,
    choices ctext NOT NULL,
    received_at ctext NOT NULL,
    hands INTEGER NOT NULL DEFAULT 0,
    recorded_by ctext,
    PRIMARY KEY (poll_id, user_id)
  );
  CREATE TABLE poll_tellers (
    poll_id ctext NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    user_id ctext NOT NULL,
    ceremony_key ctext,
    key_proof ctext,
    commitments ctext,
    commitment_proofs ctext,
    confirmed_at ctext,
    complaint ctext,
    partial ctext,
    partial_at ctext,
    rejected ctext,
    PRIMARY KEY (poll_id, idx),
    UNIQUE (poll_id, user_id)
  );
  CREATE TABLE ceremony_shares (
    poll_id ctext NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    from_idx INTEGER NOT NULL,
    to_idx INTEGER NOT NULL,
    box ctext NOT NULL,
    PRIMARY KEY (poll_id, from_idx, to_idx)
  );
  CREATE TABLE encrypted_ballots (
    poll_id ctext NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    user_id ctext NOT NULL,
    tracker ctext,
    ballot ctext,
    received_at ctext,
    hands INTEGER NOT NULL DEFAULT 0,
    recorded_by ctext,
    legacy_key_hash ctext UNIQUE,
    PRIMARY KEY (poll_id, user_id)
  );
  CREATE UNIQUE INDEX encrypted_ballots_tracker ON encrypted_ballots (poll_id, tracker) WHERE tracker IS NOT NULL;
  CREATE TABLE poll_running_totals (
    poll_id ctext PRIMARY KEY REFERENCES polls (id) ON DELETE CASCADE,
    total ctext NOT NULL
  );
  CREATE TABLE recusals (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    user_id ctext NOT NULL,
    agenda_item_id ctext NOT NULL,
    reason ctext NOT NULL,
    declared_at ctext NOT NULL,
    record_key ctext NOT NULL,
    PRIMARY KEY (meeting_id, agenda_item_id, user_id)
  );

  CREATE TABLE audit_log (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    at ctext NOT NULL,
    kind ctext NOT NULL,
    data ctext NOT NULL,
    prev_hash ctext NOT NULL,
    hash ctext NOT NULL,
    PRIMARY KEY (meeting_id, seq)
  );
  CREATE TABLE receipt_heads (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    key ctext NOT NULL,
    audit_length INTEGER NOT NULL,
    audit_hash ctext NOT NULL,
    PRIMARY KEY (meeting_id, key)
  );

  CREATE TABLE speaker_requests (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY,
    id ctext PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    user_id ctext NOT NULL,
    name ctext NOT NULL,
    agenda_item_id ctext,
    requested_at ctext NOT NULL,
    status ctext NOT NULL CHECK (status IN ('waiting', 'speaking', 'done', 'withdrawn')),
    updated_at ctext NOT NULL,
    kind ctext NOT NULL DEFAULT 'speak' CHECK (kind IN ('speak', 'reply', 'point_of_order')),
    reply_to ctext,
    site_id ctext,
    site_name ctext,
    remote INTEGER NOT NULL DEFAULT 0,
    position DOUBLE PRECISION,
    started_at ctext,
    ended_at ctext,
    paused_at ctext,
    paused_ms BIGINT NOT NULL DEFAULT 0,
    limit_sec INTEGER,
    added_sec INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX speaker_requests_meeting ON speaker_requests (meeting_id, status);
  -- The floor is held by one speaker per meeting, whichever node started them.
  CREATE UNIQUE INDEX speaker_requests_one_floor ON speaker_requests (meeting_id) WHERE status = 'speaking';

  CREATE TABLE conclusions (
    id ctext PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agenda_item_id ctext NOT NULL,
    version INTEGER NOT NULL,
    text ctext NOT NULL,
    poll_refs ctext NOT NULL,
    finalised_at ctext NOT NULL,
    finalised_by ctext NOT NULL,
    corrects ctext,
    reason ctext,
    UNIQUE (meeting_id, agenda_item_id, version)
  );
  CREATE TABLE tasks (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY,
    id ctext PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    conclusion_id ctext,
    agenda_item_id ctext,
    title ctext NOT NULL,
    unit ctext,
    assignee_user_id ctext,
    deadline ctext NOT NULL,
    priority ctext NOT NULL,
    created_at ctext NOT NULL,
    created_by ctext NOT NULL,
    completed_at ctext,
    extensions ctext NOT NULL DEFAULT '[]',
    progress ctext NOT NULL DEFAULT '[]'
  );
  CREATE INDEX tasks_meeting ON tasks (meeting_id);
  CREATE INDEX tasks_assignee ON tasks (assignee_user_id);
  CREATE TABLE notice_numbers (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id ctext NOT NULL,
    issued_at ctext NOT NULL
  );

  CREATE TABLE shared_annotations (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    id ctext NOT NULL,
    author_id ctext NOT NULL,
    author_name ctext NOT NULL,
    document_id ctext NOT NULL,
    page INTEGER NOT NULL,
    kind ctext NOT NULL,
    quote ctext,
    rects ctext NOT NULL,
    note ctext,
    color ctext NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    seq INTEGER NOT NULL,
    created_at ctext NOT NULL,
    updated_at ctext NOT NULL,
    PRIMARY KEY (meeting_id, id)
  );
  CREATE INDEX shared_annotations_seq ON shared_annotations (meeting_id, seq);
  CREATE TABLE draft_comments (
    id ctext PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    document_id ctext NOT NULL,
    user_id ctext NOT NULL,
    page INTEGER NOT NULL,
    quote ctext,
    text ctext NOT NULL,
    as_unit ctext,
    received_at ctext NOT NULL,
    status ctext NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'noted', 'rejected')),
    reply ctext,
    replied_by ctext,
    replied_at ctext
  );
  CREATE INDEX draft_comments_document ON draft_comments (meeting_id, document_id, page);

  CREATE TABLE number_registers (
    organisation_id ctext NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    kind ctext NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (organisation_id, kind, year)
  );
  CREATE TABLE record_drafts (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    kind ctext NOT NULL,
    recipients ctext NOT NULL,
    updated_at ctext NOT NULL,
    updated_by ctext NOT NULL,
    PRIMARY KEY (meeting_id, kind)
  );
  CREATE TABLE official_records (
    id ctext PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    organisation_id ctext NOT NULL REFERENCES organisations (id),
    kind ctext NOT NULL,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    number ctext NOT NULL,
    status ctext NOT NULL CHECK (status IN ('signing', 'final')),
    sha256 ctext,
    size BIGINT,
    recipients ctext NOT NULL,
    audit_head ctext,
    replaces ctext REFERENCES official_records (id),
    reason ctext,
    finalised_at ctext NOT NULL,
    finalised_by ctext NOT NULL,
    demo_certificate INTEGER NOT NULL DEFAULT 0,
    UNIQUE (organisation_id, kind, year, seq)
  );
  CREATE INDEX official_records_meeting ON official_records (meeting_id, kind);
  CREATE INDEX official_records_sha ON official_records (sha256);
  CREATE UNIQUE INDEX official_records_first ON official_records (meeting_id, kind) WHERE replaces IS NULL;
  CREATE UNIQUE INDEX official_records_replaced ON official_records (replaces) WHERE replaces IS NOT NULL;
  CREATE TABLE record_approvals (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    kind ctext NOT NULL,
    role ctext NOT NULL CHECK (role IN ('chair', 'secretary')),
    user_id ctext NOT NULL,
    name ctext NOT NULL,
    approved_at ctext NOT NULL,
    record_id ctext REFERENCES official_records (id),
    version INTEGER NOT NULL DEFAULT 0
  );
  CREATE UNIQUE INDEX record_approvals_pending ON record_approvals (meeting_id, kind, role) WHERE record_id IS NULL;
  CREATE TABLE absence_reasons (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    user_id ctext NOT NULL,
    excused INTEGER NOT NULL CHECK (excused IN (0, 1)),
    reason ctext,
    updated_at ctext NOT NULL,
    updated_by ctext NOT NULL,
    PRIMARY KEY (meeting_id, user_id)
  );
  CREATE TABLE minutes_versions (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    version INTEGER NOT NULL CHECK (version >= 1),
    sections ctext NOT NULL,
    saved_at ctext NOT NULL,
    saved_by ctext NOT NULL,
    saved_by_name ctext NOT NULL,
    corrects ctext REFERENCES official_records (id),
    sent_at ctext,
    sent_by_name ctext,
    returned_at ctext,
    returned_by_name ctext,
    return_comment ctext,
    record_id ctext REFERENCES official_records (id),
    PRIMARY KEY (meeting_id, version)
  );
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
