/**
 * Prepared statements over the records tables. Synchronous on purpose: callers combine them
 * inside one `durable()` transaction.
 */
import { createHash } from 'node:crypto';
import type { AttendanceMark, AttendanceStatus } from '../../shared/domain/attendance';
import { votingRoles } from '../../shared/domain/attendance';
import type { TallyResult } from '../../shared/domain/tally';
import type { RecordReceipt } from '../../shared/api/outbox';
import type { MeetingRole } from '../../shared/roles';
import { PollDefinition, type PollStatus } from '../../shared/ydoc/live';
import type { Db } from './db';

export interface PollRow {
  id: string;
  meetingId: string;
  agendaItemId: string | null;
  definition: PollDefinition;
  status: PollStatus;
  createdAt: string;
  openedAt: string | null;
  closesAt: string | null;
  closedAt: string | null;
  publishedAt: string | null;
  eligibleCount: number;
  result: TallyResult | null;
  /** Secret polls: the tellers' joint key (base64url) once their ceremony is complete. */
  publicKey: string | null;
  /**
   * Secret polls after the close: the homomorphic sum (one ciphertext per option) and the
   * counts the result is computed against, fixed at the close (the tellers open it later).
   */
  sealed: SealedTotals | null;
  /** Set when the chair declared the poll void (or the upgrade did). */
  voidReason: string | null;
}

export interface SealedTotals {
  totals: string[];
  cast: number;
  eligible: number;
  present: number;
  members: number;
  /** Members recused from the poll's item (issue 17), left out of the counts above. */
  recused?: number;
}

interface RawPoll {
  id: string;
  meeting_id: string;
  agenda_item_id: string | null;
  definition: string;
  status: PollStatus;
  created_at: string;
  opened_at: string | null;
  closes_at: string | null;
  closed_at: string | null;
  published_at: string | null;
  eligible_count: number;
  result: string | null;
  public_key: string | null;
  encrypted_totals: string | null;
  void_reason: string | null;
}

const toPoll = (r: RawPoll): PollRow => ({
  id: r.id,
  meetingId: r.meeting_id,
  agendaItemId: r.agenda_item_id,
  // Stored after parsing, so it parses again; parse anyway to fill defaults added later.
  definition: PollDefinition.parse(JSON.parse(r.definition)),
  status: r.status,
  createdAt: r.created_at,
  openedAt: r.opened_at,
  closesAt: r.closes_at,
  closedAt: r.closed_at,
  publishedAt: r.published_at,
  eligibleCount: r.eligible_count,
  result: r.result ? (JSON.parse(r.result) as TallyResult) : null,
  publicKey: r.public_key,
  sealed: r.encrypted_totals ? (JSON.parse(r.encrypted_totals) as SealedTotals) : null,
  voidReason: r.void_reason,
});

const votingIn = `(${votingRoles.map((r) => `'${r}'`).join(', ')})`;

/** An answer before signing: the service signs accepted ones after the commit. */
export type UnsignedReceipt = { key: string; ok: true; receivedAt: string; auditHead?: string; auditLength?: number } | Extract<RecordReceipt, { ok: false }>;
export type StoredReceipt = UnsignedReceipt & { userId: string };

export class RecordsRepo {
  readonly q;

  constructor(readonly db: Db) {
    this.q = {
      memberRole: db.prepare('SELECT role FROM meeting_members WHERE meeting_id = ? AND user_id = ?'),
      votingMembers: db.prepare(`SELECT user_id AS id FROM meeting_members WHERE meeting_id = ? AND role IN ${votingIn}`),
      presentVoting: db.prepare(
        `SELECT a.user_id AS id FROM attendance a JOIN meeting_members mm ON mm.meeting_id = a.meeting_id AND mm.user_id = a.user_id
         WHERE a.meeting_id = ? AND a.status = 'present' AND mm.role IN ${votingIn}`,
      ),
      displayName: db.prepare('SELECT display_name AS name FROM users WHERE id = ?'),

      checkinOpen: db.prepare('SELECT checkin_open AS open FROM room_state WHERE meeting_id = ?'),
      currentItem: db.prepare('SELECT current_item_id AS itemId, current_started_at AS startedAt FROM room_state WHERE meeting_id = ?'),
      setCurrentItem: db.prepare(
        'INSERT INTO room_state (meeting_id, current_item_id, current_started_at) VALUES (?, ?, ?) ON CONFLICT (meeting_id) DO UPDATE SET current_item_id = excluded.current_item_id, current_started_at = excluded.current_started_at',
      ),
      setCheckinOpen: db.prepare(
        'INSERT INTO room_state (meeting_id, checkin_open) VALUES (?, ?) ON CONFLICT (meeting_id) DO UPDATE SET checkin_open = excluded.checkin_open',
      ),

      attendanceOf: db.prepare('SELECT status FROM attendance WHERE meeting_id = ? AND user_id = ?'),
      allAttendance: db.prepare('SELECT user_id, status, substitute, at, by_user FROM attendance WHERE meeting_id = ?'),
      upsertAttendance: db.prepare(
        `INSERT INTO attendance (meeting_id, user_id, status, substitute, at, by_user) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (meeting_id, user_id) DO UPDATE SET status = excluded.status, substitute = excluded.substitute, at = excluded.at, by_user = excluded.by_user`,
      ),

      receipt: db.prepare('SELECT * FROM record_receipts WHERE meeting_id = ? AND key = ?'),
      insertReceipt: db.prepare(
        'INSERT INTO record_receipts (meeting_id, key, kind, user_id, ok, received_at, error_code, error_message, error_detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),

      poll: db.prepare('SELECT * FROM polls WHERE id = ? AND meeting_id = ?'),
      pollById: db.prepare('SELECT * FROM polls WHERE id = ?'),
      pollsOf: db.prepare('SELECT * FROM polls WHERE meeting_id = ? ORDER BY created_at, rowid'),
      openPolls: db.prepare("SELECT * FROM polls WHERE status = 'open'"),
      meetingsWithRoom: db.prepare('SELECT meeting_id FROM polls UNION SELECT meeting_id FROM attendance UNION SELECT meeting_id FROM room_state'),
      insertPoll: db.prepare(
        "INSERT INTO polls (id, meeting_id, agenda_item_id, definition, status, created_at, created_by) VALUES (?, ?, ?, ?, 'draft', ?, ?)",
      ),
      updateDraft: db.prepare("UPDATE polls SET agenda_item_id = ?, definition = ? WHERE id = ? AND status = 'draft'"),
      deleteDraft: db.prepare("DELETE FROM polls WHERE id = ? AND status = 'draft'"),
      openPoll: db.prepare("UPDATE polls SET status = 'open', opened_at = ?, closes_at = ?, eligible_count = ? WHERE id = ? AND status = 'draft'"),
      closePoll: db.prepare("UPDATE polls SET status = 'closed', closed_at = ?, eligible_count = ?, result = ? WHERE id = ? AND status = 'open'"),
      publishPoll: db.prepare("UPDATE polls SET status = 'published', published_at = ? WHERE id = ? AND status = 'closed'"),

      namedBallot: db.prepare('SELECT choices FROM named_ballots WHERE poll_id = ? AND user_id = ?'),
      insertNamed: db.prepare('INSERT INTO named_ballots (poll_id, user_id, choices, received_at, hands, recorded_by) VALUES (?, ?, ?, ?, ?, ?)'),
      replaceNamed: db.prepare('UPDATE named_ballots SET choices = ?, received_at = ?, hands = 0, recorded_by = NULL WHERE poll_id = ? AND user_id = ?'),
      namedOf: db.prepare('SELECT user_id, choices FROM named_ballots WHERE poll_id = ?'),

      // Secret ballots (issue 15): who, and the ballot encrypted to the tellers' key.
      participated: db.prepare('SELECT 1 AS x FROM encrypted_ballots WHERE poll_id = ? AND user_id = ?'),
      legacyByKey: db.prepare('SELECT poll_id, user_id, received_at FROM encrypted_ballots WHERE legacy_key_hash = ?'),
      trackerTaken: db.prepare('SELECT 1 AS x FROM encrypted_ballots WHERE poll_id = ? AND tracker = ?'),
      insertEncrypted: db.prepare('INSERT INTO encrypted_ballots (poll_id, user_id, tracker, ballot, received_at, hands, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      participantsOf: db.prepare('SELECT user_id FROM encrypted_ballots WHERE poll_id = ?'),
      encryptedOf: db.prepare('SELECT tracker, ballot, hands FROM encrypted_ballots WHERE poll_id = ? AND ballot IS NOT NULL ORDER BY tracker'),
      setPublicKey: db.prepare("UPDATE polls SET public_key = ? WHERE id = ? AND status = 'draft'"),
      closeSecret: db.prepare("UPDATE polls SET status = 'closed', closed_at = ?, eligible_count = ?, encrypted_totals = ? WHERE id = ? AND status = 'open'"),
      setResult: db.prepare("UPDATE polls SET result = ? WHERE id = ? AND status = 'closed' AND result IS NULL"),
      setVoid: db.prepare("UPDATE polls SET void_reason = ? WHERE id = ? AND result IS NULL"),

      namedCounts: db.prepare('SELECT count(*) AS voted, coalesce(sum(hands), 0) AS hands FROM named_ballots WHERE poll_id = ?'),
      secretCounts: db.prepare('SELECT count(*) AS voted, coalesce(sum(hands), 0) AS hands FROM encrypted_ballots WHERE poll_id = ?'),
      encryptedCount: db.prepare('SELECT count(*) AS n FROM encrypted_ballots WHERE poll_id = ? AND ballot IS NOT NULL'),
      runningTotal: db.prepare('SELECT total FROM poll_running_totals WHERE poll_id = ?'),
      setRunningTotal: db.prepare('INSERT INTO poll_running_totals (poll_id, total) VALUES (?, ?) ON CONFLICT (poll_id) DO UPDATE SET total = excluded.total'),
    };
  }

  memberRole(meetingId: string, userId: string): MeetingRole | null {
    return (this.q.memberRole.get(meetingId, userId) as { role: MeetingRole } | undefined)?.role ?? null;
  }

  displayName(userId: string): string {
    return (this.q.displayName.get(userId) as { name: string } | undefined)?.name ?? userId;
  }

  votingMemberIds(meetingId: string): string[] {
    return (this.q.votingMembers.all(meetingId) as { id: string }[]).map((r) => r.id);
  }

  presentVotingIds(meetingId: string): string[] {
    return (this.q.presentVoting.all(meetingId) as { id: string }[]).map((r) => r.id);
  }

  /** The agenda item under discussion and since when, or nulls. */
  currentItem(meetingId: string): { itemId: string | null; startedAt: string | null } {
    const r = this.q.currentItem.get(meetingId) as { itemId: string | null; startedAt: string | null } | undefined;
    return { itemId: r?.itemId ?? null, startedAt: r?.startedAt ?? null };
  }

  checkInOpen(meetingId: string): boolean {
    return (this.q.checkinOpen.get(meetingId) as { open: number } | undefined)?.open === 1;
  }

  attendanceStatus(meetingId: string, userId: string): AttendanceStatus | null {
    return (this.q.attendanceOf.get(meetingId, userId) as { status: AttendanceStatus } | undefined)?.status ?? null;
  }

  allAttendance(meetingId: string): Map<string, AttendanceMark> {
    const rows = this.q.allAttendance.all(meetingId) as { user_id: string; status: AttendanceStatus; substitute: string | null; at: string; by_user: string }[];
    return new Map(rows.map((r) => [r.user_id, { status: r.status, substitute: r.substitute, at: r.at, by: r.by_user }]));
  }

  receipt(meetingId: string, key: string): StoredReceipt | null {
    const r = this.q.receipt.get(meetingId, key) as
      | { key: string; user_id: string; ok: number; received_at: string | null; error_code: string | null; error_message: string | null; error_detail: string | null }
      | undefined;
    if (!r) return null;
    return r.ok
      ? { key: r.key, ok: true, receivedAt: r.received_at!, userId: r.user_id }
      : { key: r.key, ok: false, error: { code: r.error_code!, message: r.error_message!, ...(r.error_detail ? (JSON.parse(r.error_detail) as object) : {}) }, userId: r.user_id };
  }

  poll(meetingId: string, pollId: string): PollRow | null {
    const r = this.q.poll.get(pollId, meetingId) as RawPoll | undefined;
    return r ? toPoll(r) : null;
  }

  pollById(pollId: string): PollRow | null {
    const r = this.q.pollById.get(pollId) as RawPoll | undefined;
    return r ? toPoll(r) : null;
  }

  polls(meetingId: string): PollRow[] {
    return (this.q.pollsOf.all(meetingId) as RawPoll[]).map(toPoll);
  }

  openPolls(): PollRow[] {
    return (this.q.openPolls.all() as RawPoll[]).map(toPoll);
  }

  meetingsWithRoomData(): string[] {
    return (this.q.meetingsWithRoom.all() as { meeting_id: string }[]).map((r) => r.meeting_id);
  }

  hasVoted(poll: PollRow, userId: string): boolean {
    return poll.definition.secret ? !!this.q.participated.get(poll.id, userId) : !!this.q.namedBallot.get(poll.id, userId);
  }

  counts(poll: { id: string; definition: PollDefinition }): { votedCount: number; handCount: number } {
    const r = (poll.definition.secret ? this.q.secretCounts : this.q.namedCounts).get(poll.id) as { voted: number; hands: number };
    return { votedCount: r.voted, handCount: r.hands };
  }

  /** Every named ballot's choices, hands included (a secret poll has none in clear). */
  ballotChoices(poll: PollRow): string[][] {
    if (poll.definition.secret) throw new Error('a secret poll is counted from its encrypted ballots');
    return (this.q.namedOf.all(poll.id) as { choices: string }[]).map((r) => JSON.parse(r.choices) as string[]);
  }

  /** A secret poll's encrypted ballots, in tracker order (not arrival order). */
  encryptedBallots(pollId: string): { tracker: string; ballot: string; hands: boolean }[] {
    return (this.q.encryptedOf.all(pollId) as { tracker: string; ballot: string; hands: number }[]).map((r) => ({ tracker: r.tracker, ballot: r.ballot, hands: r.hands === 1 }));
  }

  voterIds(poll: PollRow): string[] {
    const rows = (poll.definition.secret ? this.q.participantsOf.all(poll.id) : this.q.namedOf.all(poll.id)) as { user_id: string }[];
    return rows.map((r) => r.user_id);
  }

  namedChoices(poll: PollRow): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const r of this.q.namedOf.all(poll.id) as { user_id: string; choices: string }[]) out[r.user_id] = JSON.parse(r.choices) as string[];
    return out;
  }
}

/** What a secret ballot from before issue 15 kept of its idempotency key: a hash, next to the participation. */
export function secretKeyHash(meetingId: string, key: string): string {
  return createHash('sha256').update(`secret-ballot:${meetingId}:${key}`).digest('hex');
}
