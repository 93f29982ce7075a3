/**
 * Numbered schema migrations, tracked with `PRAGMA user_version`. Append only: a released
 * migration is never edited, because some server somewhere already ran it.
 */
import * as ddl from './ddl';

const { sqlite } = ddl;

export const migrations: readonly string[] = [
  // 1: initial schema
  `
  ${ddl.users()}
  CREATE UNIQUE INDEX users_username ON users (username COLLATE NOCASE);

  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_expires ON sessions (expires_at);

  ${ddl.meetings}

  ${ddl.meetingMembers}

  CREATE TABLE yjs_updates (
    doc_name TEXT NOT NULL,
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    update_blob BLOB NOT NULL
  );
  CREATE INDEX yjs_updates_doc ON yjs_updates (doc_name, seq);

  ${ddl.meetingBlobs(sqlite)}
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

  ${ddl.attendance(sqlite)}

  ${ddl.recordReceipts(sqlite)}

  ${ddl.polls(sqlite)}

  ${ddl.namedBallots(sqlite)}

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

  ${ddl.auditLog(sqlite)}
  `,
  // 3: after the meeting (issue 7): final conclusions (every version kept), follow-up
  // tasks with their extensions and progress reports (JSON arrays: always read and
  // written whole with the task), and the per-server numbering of conclusion notices.
  `
  ${ddl.conclusions(sqlite)}

  ${ddl.tasks(sqlite)}

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
  ${ddl.sharedAnnotations(sqlite)}
  `,
  // 6: the item under discussion, set by whoever runs the meeting, kept across restarts
  `
  ALTER TABLE room_state ADD COLUMN current_item_id TEXT;
  ALTER TABLE room_state ADD COLUMN current_started_at TEXT;
  `,
  // 7: requests to speak, every one kept; live/<id> shows those waiting or speaking
  `
  ${ddl.speakerRequests(sqlite)}
  `,
  // 8: each session is a device (issue 11): a public id that is not the token's hash, the
  //    name the device gave at sign-in, when and where it was last seen, an absolute limit
  //    to the sliding expiry, and the "lost" mark that makes it wipe itself; accounts can be
  //    disabled. Sessions from before keep working: their absolute limit is their expiry.
  `
  ALTER TABLE sessions ADD COLUMN id TEXT;
  ALTER TABLE sessions ADD COLUMN device_name TEXT NOT NULL DEFAULT '';
  ALTER TABLE sessions ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE sessions ADD COLUMN last_seen_ip TEXT;
  ALTER TABLE sessions ADD COLUMN absolute_expires_at INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE sessions ADD COLUMN lost_at INTEGER;
  ALTER TABLE sessions ADD COLUMN lost_by TEXT;
  UPDATE sessions SET id = lower(hex(randomblob(16))), absolute_expires_at = expires_at;
  CREATE UNIQUE INDEX sessions_id ON sessions (id);
  CREATE INDEX sessions_user ON sessions (user_id);
  ALTER TABLE users ADD COLUMN disabled_at TEXT;
  `,
  // 9: organisations and their official record (issue 14). Every meeting belongs to one
  //    (null only for rows from before: they are put under the first organisation created);
  //    number registers are one counter row per organisation, kind and year, bumped in the
  //    same transaction that stores the numbered record, so numbers are gap-free and unique.
  `
  ${ddl.organisations(sqlite)}

  ${ddl.numberRegisters(sqlite)}

  ${ddl.recordDrafts(sqlite)}

  ${ddl.officialRecords(sqlite)}
  -- One first record per meeting and kind; corrections (replaces set) follow it.
  CREATE UNIQUE INDEX official_records_first ON official_records (meeting_id, kind) WHERE replaces IS NULL;
  CREATE UNIQUE INDEX official_records_replaced ON official_records (replaces) WHERE replaces IS NOT NULL;
  `,
  // 10: secret ballots that nobody can unseal (issue 15). A secret poll's key is made by its
  //     tellers (poll_tellers, ceremony_shares: the server relays shares encrypted to each
  //     teller and never holds one in clear); each voter's ballot is stored openly — who,
  //     and the ballot ENCRYPTED to that key — in encrypted_ballots; only the sum is ever
  //     decrypted, by the tellers. The plaintext tables go: participation rows are kept as
  //     ballots without ciphertext (who voted, for the voter list of old polls), the choice
  //     rows are deleted with secure_delete on, and a secret poll still open from before
  //     cannot be counted any more (its choices were plaintext): it is closed as void.
  `
  ALTER TABLE polls ADD COLUMN public_key TEXT;
  ALTER TABLE polls ADD COLUMN encrypted_totals TEXT;
  ALTER TABLE polls ADD COLUMN void_reason TEXT;

  ${ddl.pollTellers(sqlite)}

  ${ddl.ceremonyShares(sqlite)}

  ${ddl.encryptedBallots(sqlite)}

  INSERT INTO encrypted_ballots (poll_id, user_id, received_at, hands, legacy_key_hash)
    SELECT poll_id, user_id, received_at, hands, key_hash FROM secret_participation;
  UPDATE polls SET status = 'closed', closed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
    void_reason = 'This secret poll was open when the server was upgraded to encrypted ballots; its ballots cannot be counted.'
    WHERE status = 'open' AND json_extract(definition, '$.secret') = 1;
  PRAGMA secure_delete = ON;
  DELETE FROM secret_choices;
  DROP TABLE secret_choices;
  DROP TABLE secret_participation;
  PRAGMA secure_delete = OFF;
  `,
  // 11: running the room (issue 17). A request's kind (speak, reply, point of order), whom a
  //     reply answers, the site it comes from (a site given the floor has user_id ''), the
  //     chair's place for it, and the speech's times: started_at / ended_at (server clock,
  //     ISO), paused_ms (pauses that ended), paused_at (a pause under way), limit_sec (the
  //     item's per-speaker limit when the floor was given) and added_sec (time the chair added).
  //     The minutes read who spoke on which item from when to when, less the pauses.
  `
  ALTER TABLE speaker_requests ADD COLUMN kind TEXT NOT NULL DEFAULT 'speak' CHECK (kind IN ('speak', 'reply', 'point_of_order'));
  ALTER TABLE speaker_requests ADD COLUMN reply_to TEXT;
  ALTER TABLE speaker_requests ADD COLUMN site_id TEXT;
  ALTER TABLE speaker_requests ADD COLUMN site_name TEXT;
  ALTER TABLE speaker_requests ADD COLUMN remote INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE speaker_requests ADD COLUMN position REAL;
  ALTER TABLE speaker_requests ADD COLUMN started_at TEXT;
  ALTER TABLE speaker_requests ADD COLUMN ended_at TEXT;
  ALTER TABLE speaker_requests ADD COLUMN paused_at TEXT;
  ALTER TABLE speaker_requests ADD COLUMN paused_ms INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE speaker_requests ADD COLUMN limit_sec INTEGER;
  ALTER TABLE speaker_requests ADD COLUMN added_sec INTEGER NOT NULL DEFAULT 0;
  `,
  // 12: the audit chain's head as each receipt named it (issue 18), so a retry of a record gets
  //     byte-for-byte the same signed receipt, head included.
  `
  ${ddl.receiptHeads(sqlite)}
  `,
  // 13: conflicts of interest (issue 17): a member declares one on an agenda item (an outbox
  //     record); they are then neither eligible in that item's polls nor counted in its base.
  //     One declaration per member and item; record_key is the outbox record that made it.
  `
  ${ddl.recusals(sqlite)}
  `,
  // 14: comments on drafts (issue 17): one row per comment record (id = the device's comment
  //     id), with the secretariat's answer: status pending / accepted / noted / rejected,
  //     the reply, who answered and when.
  `
  ${ddl.draftComments(sqlite)}
  `,
  // 15: the minutes' approvals and reasons for absence (issue 14). The chair and the
  //     secretary each approve the draft minutes before they can be finalised; an approval
  //     waits (record_id NULL) until the finalisation that prints it takes it (record_id set),
  //     so a correction needs fresh approvals and the old ones stay on file. The secretariat
  //     records, per absent participant, whether the absence is excused and why.
  `
  ${ddl.recordApprovals(sqlite)}
  ${ddl.absenceReasons(sqlite)}
  `,
  // 16: the secretary's text of the minutes (issue 14). Every save of the narrative (opening,
  //     each item's discussion summary, closing remarks) is a new row, never updated in its
  //     text (a trigger refuses it): sent to the chair, returned with a comment, or finalised
  //     as a record. An approval names the version it approved, so an edit voids it.
  `
  ${ddl.minutesVersions(sqlite)}
  CREATE TRIGGER minutes_versions_text_fixed BEFORE UPDATE OF sections, saved_at, saved_by, corrects ON minutes_versions
  BEGIN SELECT RAISE(ABORT, 'a saved version of the minutes never changes'); END;
  CREATE TRIGGER minutes_versions_final_fixed BEFORE UPDATE ON minutes_versions WHEN OLD.record_id IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'a finalised version of the minutes never changes'); END;
  ALTER TABLE record_approvals ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
  `,
  // 17: a secret poll's running encrypted total (issue 15): the sum of its stored ballots,
  //     updated in the transaction that stores each one, so the close encodes it instead of
  //     decoding every ballot again (shared/crypto/running-total.ts). Polls open before this
  //     have none; their close sums the stored ballots as before.
  `
  ${ddl.pollRunningTotals(sqlite)}
  `,
];
