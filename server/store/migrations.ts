/**
 * Numbered schema migrations, tracked with `PRAGMA user_version`. Append only: a released
 * migration is never edited, because some server somewhere already ran it.
 */
export const migrations: readonly string[] = [
  // 1: initial schema
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    global_role TEXT NOT NULL CHECK (global_role IN ('admin', 'user')),
    created_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX users_username ON users (username COLLATE NOCASE);

  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_expires ON sessions (expires_at);

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
    doc_name TEXT NOT NULL,
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    update_blob BLOB NOT NULL
  );
  CREATE INDEX yjs_updates_doc ON yjs_updates (doc_name, seq);

  CREATE TABLE meeting_blobs (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, sha256)
  );
  CREATE INDEX meeting_blobs_sha ON meeting_blobs (sha256);
  `,
  // 2: the room (issues 5, 6): attendance, polls, ballots, receipts, audit log.
  // Secret ballots are split in two tables that share nothing: `secret_participation` says
  // who voted, `secret_choices` what was chosen, under a random id, WITHOUT ROWID so not
  // even the physical row order follows the order of arrival.
  `
  CREATE TABLE room_state (
    meeting_id TEXT PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    checkin_open INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE attendance (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('present', 'excused', 'absent')),
    substitute TEXT,
    at TEXT NOT NULL,
    by_user TEXT NOT NULL,
    PRIMARY KEY (meeting_id, user_id)
  ) WITHOUT ROWID;

  CREATE TABLE record_receipts (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    user_id TEXT NOT NULL,
    ok INTEGER NOT NULL,
    received_at TEXT,
    error_code TEXT,
    error_message TEXT,
    PRIMARY KEY (meeting_id, key)
  ) WITHOUT ROWID;

  CREATE TABLE polls (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agenda_item_id TEXT,
    definition TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed', 'published')),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    opened_at TEXT,
    closes_at TEXT,
    closed_at TEXT,
    published_at TEXT,
    eligible_count INTEGER NOT NULL DEFAULT 0,
    result TEXT
  );
  CREATE INDEX polls_meeting ON polls (meeting_id);
  CREATE INDEX polls_open ON polls (status) WHERE status = 'open';

  CREATE TABLE named_ballots (
    poll_id TEXT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    choices TEXT NOT NULL,
    received_at TEXT NOT NULL,
    hands INTEGER NOT NULL DEFAULT 0,
    recorded_by TEXT,
    PRIMARY KEY (poll_id, user_id)
  ) WITHOUT ROWID;

  CREATE TABLE secret_participation (
    poll_id TEXT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    key_hash TEXT UNIQUE,
    received_at TEXT,
    hands INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (poll_id, user_id)
  ) WITHOUT ROWID;

  CREATE TABLE secret_choices (
    id TEXT PRIMARY KEY,
    poll_id TEXT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    choices TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX secret_choices_poll ON secret_choices (poll_id);

  CREATE TABLE audit_log (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (meeting_id, seq)
  ) WITHOUT ROWID;
  `,
  // 3: after the meeting (issue 7): final conclusions (every version kept), follow-up
  // tasks with their extensions and progress reports (JSON arrays: always read and
  // written whole with the task), and the per-server numbering of conclusion notices.
  `
  CREATE TABLE conclusions (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agenda_item_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    text TEXT NOT NULL,
    poll_refs TEXT NOT NULL,
    finalised_at TEXT NOT NULL,
    finalised_by TEXT NOT NULL,
    corrects TEXT,
    reason TEXT,
    UNIQUE (meeting_id, agenda_item_id, version)
  );

  CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    conclusion_id TEXT,
    agenda_item_id TEXT,
    title TEXT NOT NULL,
    unit TEXT,
    assignee_user_id TEXT,
    deadline TEXT NOT NULL,
    priority TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    completed_at TEXT,
    extensions TEXT NOT NULL DEFAULT '[]',
    progress TEXT NOT NULL DEFAULT '[]'
  );
  CREATE INDEX tasks_meeting ON tasks (meeting_id);
  CREATE INDEX tasks_assignee ON tasks (assignee_user_id);

  CREATE TABLE notice_numbers (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id TEXT NOT NULL,
    issued_at TEXT NOT NULL
  );
  `,
  // 4: a refusal's reason and parameters, so a retry gets back what the device can translate
  `
  ALTER TABLE record_receipts ADD COLUMN error_detail TEXT;
  `,
  // 5: annotations shared with the meeting (annotation records). `seq` is the meeting's
  // annotations version at the row's last change: devices ask for what changed since theirs.
  `
  CREATE TABLE shared_annotations (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    author_id TEXT NOT NULL,
    author_name TEXT NOT NULL,
    document_id TEXT NOT NULL,
    page INTEGER NOT NULL,
    kind TEXT NOT NULL,
    quote TEXT,
    rects TEXT NOT NULL,
    note TEXT,
    color TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    seq INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, id)
  ) WITHOUT ROWID;
  CREATE INDEX shared_annotations_seq ON shared_annotations (meeting_id, seq);
  `,
  // 6: the item under discussion, set by whoever runs the meeting, kept across restarts
  `
  ALTER TABLE room_state ADD COLUMN current_item_id TEXT;
  ALTER TABLE room_state ADD COLUMN current_started_at TEXT;
  `,
  // 7: requests to speak, every one kept; live/<id> shows those waiting or speaking
  `
  CREATE TABLE speaker_requests (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    name TEXT NOT NULL,
    agenda_item_id TEXT,
    requested_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('waiting', 'speaking', 'done', 'withdrawn')),
    updated_at TEXT NOT NULL
  );
  CREATE INDEX speaker_requests_meeting ON speaker_requests (meeting_id, status);
  `,
];
