/** Numbered schema migrations of the local store; append only, never edit a shipped one. */
export const migrations: readonly string[] = [
  // 1: session, meeting list cache, Yjs replicas (snapshot + update log)
  `
  CREATE TABLE session (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    server_url TEXT NOT NULL,
    token TEXT NOT NULL,
    user_json TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE TABLE meetings_cache (
    server_url TEXT NOT NULL,
    user_id TEXT NOT NULL,
    meetings_json TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (server_url, user_id)
  );
  CREATE TABLE ydoc_snapshots (
    doc_key TEXT PRIMARY KEY,
    state BLOB NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE ydoc_updates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_key TEXT NOT NULL,
    update_data BLOB NOT NULL
  );
  CREATE INDEX ydoc_updates_doc ON ydoc_updates (doc_key, id);
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // 2: what each person last acknowledged of a published meeting (for "what changed" notices)
  `
  CREATE TABLE meeting_seen (
    server_url TEXT NOT NULL,
    user_id TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    snapshot_json TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (server_url, user_id, meeting_id)
  );
  `,
  // 3: the meeting pack on this device: verified blobs, their text, the search index,
  //    annotations, and the outbox of records waiting for the server's receipt
  `
  CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'downloading', 'on_device', 'failed')),
    received INTEGER NOT NULL DEFAULT 0,
    error_json TEXT,
    verified_at TEXT,
    index_state TEXT NOT NULL DEFAULT 'pending' CHECK (index_state IN ('pending', 'indexed', 'failed')),
    indexed_pages INTEGER NOT NULL DEFAULT 0
  );
  -- body is the text folded for search (đ→d, same length as text, so offsets carry over).
  CREATE TABLE page_text (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,
    page INTEGER NOT NULL,
    text TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (sha256, page)
  );
  CREATE VIRTUAL TABLE page_fts USING fts5(
    body,
    content = 'page_text',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
  );
  CREATE TABLE annotations (
    id TEXT PRIMARY KEY,
    server_url TEXT NOT NULL,
    user_id TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    document_id TEXT NOT NULL,
    page INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('highlight', 'note')),
    quote TEXT,
    rects_json TEXT NOT NULL,
    note TEXT,
    color TEXT NOT NULL,
    shared INTEGER NOT NULL DEFAULT 0,
    sync_state TEXT NOT NULL DEFAULT 'local',
    refusal TEXT,
    carry_over TEXT NOT NULL DEFAULT 'none',
    carried_from TEXT,
    author_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX annotations_doc ON annotations (server_url, user_id, meeting_id, document_id);
  CREATE TABLE outbox (
    key TEXT PRIMARY KEY,
    server_url TEXT NOT NULL,
    user_id TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'refused')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    receipt_json TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX outbox_pending ON outbox (server_url, user_id, state, created_at);
  `,
  // 4: conclusion drafts as the chair types them, and the task list for the dashboard offline
  `
  CREATE TABLE conclusion_drafts (
    server_url TEXT NOT NULL,
    user_id TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    agenda_item_id TEXT NOT NULL,
    text TEXT NOT NULL,
    poll_refs_json TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (server_url, user_id, meeting_id, agenda_item_id)
  );
  CREATE TABLE tasks_cache (
    server_url TEXT NOT NULL,
    user_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    tasks_json TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (server_url, user_id, scope)
  );
  `,
  // 5: why the server refused a record, as a reason the renderer translates
  `
  ALTER TABLE outbox ADD COLUMN refusal_json TEXT;
  `,
  // 6: shared annotations: one's own follow the outbox record last sent for them; others'
  //    are kept per viewer, readable offline, with the meeting's version last fetched
  `
  ALTER TABLE annotations ADD COLUMN outbox_key TEXT;
  CREATE TABLE others_annotations (
    server_url TEXT NOT NULL,
    user_id TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    id TEXT NOT NULL,
    author_id TEXT NOT NULL,
    author_name TEXT NOT NULL,
    document_id TEXT NOT NULL,
    page INTEGER NOT NULL,
    kind TEXT NOT NULL,
    quote TEXT,
    rects_json TEXT NOT NULL,
    note TEXT,
    color TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (server_url, user_id, meeting_id, id)
  );
  CREATE INDEX others_annotations_doc ON others_annotations (server_url, user_id, meeting_id, document_id);
  CREATE TABLE others_annotations_version (
    server_url TEXT NOT NULL,
    user_id TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (server_url, user_id, meeting_id)
  );
  `,
  // 7: when this device last reached the server as each person (the offline lease of
  //    confidential meetings runs from there); ms since epoch, from the core's clock.
  //    And the page text of confidential meetings' documents, sealed (sealed-index.ts):
  //    their full-text index lives only in memory, rebuilt from these rows.
  `
  CREATE TABLE server_contact (
    server_url TEXT NOT NULL,
    user_id TEXT NOT NULL,
    reached_at INTEGER NOT NULL,
    PRIMARY KEY (server_url, user_id)
  );
  CREATE TABLE sealed_page_text (
    sha256 TEXT NOT NULL,
    page INTEGER NOT NULL,
    sealed TEXT NOT NULL,
    PRIMARY KEY (sha256, page)
  );
  `,
];
