/**
 * The reads shared by the records features, behind the storage seam (sql.ts): each method
 * is a generator of statements, run inside the caller's transaction (`yield*`) or at the
 * edge with `rdb.read(() => repo.…)`. Writes live beside the feature that makes them.
 */
import { createHash } from 'node:crypto';
import type { AttendanceMark, AttendanceStatus } from '../../shared/domain/attendance';
import { votingRoles } from '../../shared/domain/attendance';
import type { TallyResult } from '../../shared/domain/tally';
import type { RecordReceipt } from '../../shared/api/outbox';
import { PollDefinition, type PollStatus } from '../../shared/ydoc/live';
import { all, inChunks, one, txMemo, value, values, type Planned, type RecordsDb, type Sql } from './sql';
import { displayName, memberRole, memberStanding } from './members';

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

/** The poll columns by name: `SELECT *` would bring PostgreSQL's identity column too. */
const pollColumns = 'id, meeting_id, agenda_item_id, definition, status, created_at, opened_at, closes_at, closed_at, published_at, eligible_count, result, public_key, encrypted_totals, void_reason';

const votingIn = `(${votingRoles.map((r) => `'${r}'`).join(', ')})`;

/** An answer before signing: the service signs accepted ones after the commit. */
export type UnsignedReceipt = { key: string; ok: true; receivedAt: string; auditHead?: string; auditLength?: number } | Extract<RecordReceipt, { ok: false }>;
export type StoredReceipt = UnsignedReceipt & { userId: string };

type RawHeadedReceipt = {
  key: string;
  user_id: string;
  ok: number;
  received_at: string | null;
  error_code: string | null;
  error_message: string | null;
  error_detail: string | null;
  audit_length: number | null;
  audit_hash: string | null;
};

const receiptSql = `SELECT r.key, r.user_id, r.ok, r.received_at, r.error_code, r.error_message, r.error_detail, h.audit_length, h.audit_hash
  FROM record_receipts r LEFT JOIN receipt_heads h ON h.meeting_id = r.meeting_id AND h.key = r.key
  WHERE r.meeting_id = ? AND r.key`;

const receiptKey = (meetingId: string, key: string) => `receipt:${meetingId}:${key}`;
const pollKey = (meetingId: string, pollId: string) => `poll:${meetingId}:${pollId}`;

function toStoredReceipt(r: RawHeadedReceipt): StoredReceipt {
  if (!r.ok) return { key: r.key, ok: false, error: { code: r.error_code!, message: r.error_message!, ...(r.error_detail ? (JSON.parse(r.error_detail) as object) : {}) }, userId: r.user_id };
  const head = r.audit_hash !== null && r.audit_length !== null ? { auditHead: r.audit_hash, auditLength: Number(r.audit_length) } : {};
  return { key: r.key, ok: true, receivedAt: r.received_at!, ...head, userId: r.user_id };
}

/**
 * What `read` answered the first time in this transaction (sql.ts txMemo), for values that
 * only transactions of their own change, under the meeting's lock that this one holds.
 */
function* forRecords<T>(key: string, read: () => Sql<T>): Sql<T> {
  const memo = yield* txMemo();
  if (memo.has(key)) return memo.get(key) as T;
  const value = yield* read();
  memo.set(key, value);
  return value;
}

export class RecordsRepo {
  /**
   * Members at remote sites who may not vote, per meeting (issue 17; eligibility.ts). Read
   * from `meeting/<id>` by this node before each ballot batch, open and close: derived from
   * the shared meeting doc, not a fact of this node's, so it may live in its memory.
   */
  readonly siteVoteLimits = new Map<string, ReadonlySet<string>>();

  constructor(readonly rdb: RecordsDb) {}

  // One lookup of who takes part, shared with the features outside voting (members.ts).
  memberRole = memberRole;
  memberStanding = memberStanding;
  displayName = displayName;

  *votingMemberIds(meetingId: string): Sql<string[]> {
    return yield* values<string>(`SELECT user_id FROM meeting_members WHERE meeting_id = ? AND role IN ${votingIn}`, meetingId);
  }

  *presentVotingIds(meetingId: string): Sql<string[]> {
    return yield* values<string>(
      `SELECT a.user_id FROM attendance a JOIN meeting_members mm ON mm.meeting_id = a.meeting_id AND mm.user_id = a.user_id
       WHERE a.meeting_id = ? AND a.status = 'present' AND mm.role IN ${votingIn}`,
      meetingId,
    );
  }

  /** The agenda item under discussion and since when, or nulls. */
  *currentItem(meetingId: string): Sql<{ itemId: string | null; startedAt: string | null }> {
    const r = yield* one<{ item_id: string | null; started_at: string | null }>('SELECT current_item_id AS item_id, current_started_at AS started_at FROM room_state WHERE meeting_id = ?', meetingId);
    return { itemId: r?.item_id ?? null, startedAt: r?.started_at ?? null };
  }

  *checkInOpen(meetingId: string): Sql<boolean> {
    return (yield* value<number>('SELECT checkin_open FROM room_state WHERE meeting_id = ?', meetingId)) === 1;
  }

  *attendanceStatus(meetingId: string, userId: string): Sql<AttendanceStatus | null> {
    return (yield* value<AttendanceStatus>('SELECT status FROM attendance WHERE meeting_id = ? AND user_id = ?', meetingId, userId)) ?? null;
  }

  *allAttendance(meetingId: string): Sql<Map<string, AttendanceMark>> {
    const rows = yield* all<{ user_id: string; status: AttendanceStatus; substitute: string | null; at: string; by_user: string }>(
      'SELECT user_id, status, substitute, at, by_user FROM attendance WHERE meeting_id = ? ORDER BY user_id',
      meetingId,
    );
    return new Map(rows.map((r) => [r.user_id, { status: r.status, substitute: r.substitute, at: r.at, by: r.by_user }]));
  }

  /**
   * The answer a key got, with the chain head its receipt named (read together: a resend
   * costs one round trip, none after a group's warm-up). No head for receipts from before
   * heads existed (issue 18).
   */
  *receipt(meetingId: string, key: string): Sql<StoredReceipt | null> {
    const memo = yield* txMemo();
    const known = memo.get(receiptKey(meetingId, key)) as StoredReceipt | null | undefined;
    if (known !== undefined) return known;
    const r = yield* one<RawHeadedReceipt>(`${receiptSql} = ?`, meetingId, key);
    return r ? toStoredReceipt(r) : null;
  }

  /**
   * The reads of the answers of all `keys` at once, for the transaction's memo (a group's
   * warm-up; null for a key never seen). Receipts are written only by submitRecords, under
   * the meeting's lock that the transaction holds, and each answer it gives is remembered
   * at once (rememberReceipt), so the memo stays what the database holds.
   */
  receiptsPlanned(meetingId: string, keys: readonly string[]): Planned[] {
    return inChunks(keys).map((chunk) => ({
      sql: `${receiptSql} IN (${chunk.marks})`,
      params: [meetingId, ...chunk.values],
      fill(rows, memo) {
        for (const key of chunk.values) memo.set(receiptKey(meetingId, key), null);
        for (const r of rows as unknown as RawHeadedReceipt[]) memo.set(receiptKey(meetingId, r.key), toStoredReceipt(r));
      },
    }));
  }

  /** The reads of the polls the ballots name, for pollForRecords (null: no such poll in this meeting). */
  pollsPlanned(meetingId: string, pollIds: readonly string[]): Planned[] {
    return inChunks(pollIds).map((chunk) => ({
      sql: `SELECT ${pollColumns} FROM polls WHERE meeting_id = ? AND id IN (${chunk.marks})`,
      params: [meetingId, ...chunk.values],
      fill(rows, memo) {
        for (const id of chunk.values) memo.set(pollKey(meetingId, id), null);
        for (const r of rows as unknown as RawPoll[]) memo.set(pollKey(meetingId, r.id), toPoll(r));
      },
    }));
  }

  /** The answer just given to a key, for a resend later in the same transaction. */
  *rememberReceipt(meetingId: string, receipt: StoredReceipt): Sql<void> {
    (yield* txMemo()).set(receiptKey(meetingId, receipt.key), receipt);
  }

  /** A secret ballot accepted before issue 15, found by the hash it kept of its record key. */
  private noLegacyBallots = false;

  *legacyBallot(meetingId: string, key: string): Sql<{ userId: string; receivedAt: string } | null> {
    // Such rows are only ever made by the migration to issue 15, before a server starts: a
    // database found without any never has one, and a ballot need not look for it again.
    if (this.noLegacyBallots) return null;
    if ((yield* value<number>('SELECT 1 FROM encrypted_ballots WHERE legacy_key_hash IS NOT NULL LIMIT 1')) === undefined) {
      this.noLegacyBallots = true;
      return null;
    }
    const r = yield* one<{ user_id: string; received_at: string }>('SELECT user_id, received_at FROM encrypted_ballots WHERE legacy_key_hash = ?', secretKeyHash(meetingId, key));
    return r ? { userId: r.user_id, receivedAt: r.received_at } : null;
  }

  *poll(meetingId: string, pollId: string): Sql<PollRow | null> {
    const r = yield* one<RawPoll>(`SELECT ${pollColumns} FROM polls WHERE id = ? AND meeting_id = ?`, pollId, meetingId);
    return r ? toPoll(r) : null;
  }

  /**
   * The poll as this transaction first read it, for the records of a device's outbox
   * (submitRecords, a group of them in one transaction): they never write a poll, and every
   * function that does runs in its own transaction under the meeting's lock, which this
   * one holds, so the row cannot change under it. Saves a round trip per ballot after the
   * first of a group. Not for a transaction that changes polls.
   */
  *pollForRecords(meetingId: string, pollId: string): Sql<PollRow | null> {
    return yield* forRecords(pollKey(meetingId, pollId), () => this.poll(meetingId, pollId));
  }

  /** Whether check-in is open, as this transaction first read it: for submitRecords only, as pollForRecords. */
  *checkInOpenForRecords(meetingId: string): Sql<boolean> {
    return yield* forRecords(`checkin-open:${meetingId}`, () => this.checkInOpen(meetingId));
  }

  *pollById(pollId: string): Sql<PollRow | null> {
    const r = yield* one<RawPoll>(`SELECT ${pollColumns} FROM polls WHERE id = ?`, pollId);
    return r ? toPoll(r) : null;
  }

  *polls(meetingId: string): Sql<PollRow[]> {
    return (yield* all<RawPoll>(`SELECT ${pollColumns} FROM polls WHERE meeting_id = ? ORDER BY created_at, rowid`, meetingId)).map(toPoll);
  }

  *openPolls(): Sql<PollRow[]> {
    return (yield* all<RawPoll>(`SELECT ${pollColumns} FROM polls WHERE status = 'open' ORDER BY created_at, rowid`)).map(toPoll);
  }

  *meetingsWithRoomData(): Sql<string[]> {
    return yield* values<string>('SELECT meeting_id FROM polls UNION SELECT meeting_id FROM attendance UNION SELECT meeting_id FROM room_state');
  }

  *hasVoted(poll: PollRow, userId: string): Sql<boolean> {
    const known = yield* knownVoted(poll.id, userId);
    if (known !== undefined) return known;
    const table = poll.definition.secret ? 'encrypted_ballots' : 'named_ballots';
    return (yield* value<number>(`SELECT 1 FROM ${table} WHERE poll_id = ? AND user_id = ?`, poll.id, userId)) !== undefined;
  }

  *counts(poll: { id: string; definition: PollDefinition }): Sql<{ votedCount: number; handCount: number }> {
    const table = poll.definition.secret ? 'encrypted_ballots' : 'named_ballots';
    const r = (yield* one<{ voted: number; hands: number }>(`SELECT count(*) AS voted, coalesce(sum(hands), 0) AS hands FROM ${table} WHERE poll_id = ?`, poll.id))!;
    // sum() of an INTEGER column is numeric in PostgreSQL: it arrives as text there.
    return { votedCount: Number(r.voted), handCount: Number(r.hands) };
  }

  /** Every named ballot's choices, hands included (a secret poll has none in clear). */
  *ballotChoices(poll: PollRow): Sql<string[][]> {
    if (poll.definition.secret) throw new Error('a secret poll is counted from its encrypted ballots');
    return (yield* values<string>('SELECT choices FROM named_ballots WHERE poll_id = ? ORDER BY user_id', poll.id)).map((c) => JSON.parse(c) as string[]);
  }

  /** A secret poll's encrypted ballots, in tracker order (not arrival order). */
  *encryptedBallots(pollId: string): Sql<{ tracker: string; ballot: string; hands: boolean }[]> {
    const rows = yield* all<{ tracker: string; ballot: string; hands: number }>('SELECT tracker, ballot, hands FROM encrypted_ballots WHERE poll_id = ? AND ballot IS NOT NULL ORDER BY tracker', pollId);
    return rows.map((r) => ({ tracker: r.tracker, ballot: r.ballot, hands: r.hands === 1 }));
  }

  *voterIds(poll: PollRow): Sql<string[]> {
    const table = poll.definition.secret ? 'encrypted_ballots' : 'named_ballots';
    return yield* values<string>(`SELECT user_id FROM ${table} WHERE poll_id = ? ORDER BY user_id`, poll.id);
  }

  *namedChoices(poll: PollRow): Sql<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const r of yield* all<{ user_id: string; choices: string }>('SELECT user_id, choices FROM named_ballots WHERE poll_id = ? ORDER BY user_id', poll.id)) out[r.user_id] = JSON.parse(r.choices) as string[];
    return out;
  }
}

/**
 * Whether a member has a ballot in a poll, as a group's warm-up read it (votersPlanned), in
 * the transaction's memo; undefined when not read. Ballots are written only under the
 * meeting's lock (the records, a show of hands), never deleted in a records transaction,
 * and each one stored is noted (noteVoted), so the memo stays what the database holds.
 */
const votedKey = (pollId: string, userId: string) => `voted:${pollId}:${userId}`;

export function* knownVoted(pollId: string, userId: string): Sql<boolean | undefined> {
  return (yield* txMemo()).get(votedKey(pollId, userId)) as boolean | undefined;
}

export function* noteVoted(pollId: string, userId: string): Sql<void> {
  (yield* txMemo()).set(votedKey(pollId, userId), true);
}

/** The reads of which of `userIds` have a ballot in each of `pollIds` (named or secret), for the memo. */
export function votersPlanned(pollIds: readonly string[], userIds: readonly string[]): Planned[] {
  return inChunks(pollIds, 20).flatMap((polls) =>
    inChunks(userIds).map((users): Planned => {
      const where = `WHERE poll_id IN (${polls.marks}) AND user_id IN (${users.marks})`;
      return {
        sql: `SELECT poll_id, user_id FROM named_ballots ${where} UNION ALL SELECT poll_id, user_id FROM encrypted_ballots ${where}`,
        params: [...polls.values, ...users.values, ...polls.values, ...users.values],
        fill(rows, memo) {
          for (const p of polls.values) for (const u of users.values) memo.set(votedKey(p, u), false);
          for (const r of rows as { poll_id: string; user_id: string }[]) memo.set(votedKey(r.poll_id, r.user_id), true);
        },
      };
    }),
  );
}

/** What a secret ballot from before issue 15 kept of its idempotency key: a hash, next to the participation. */
export function secretKeyHash(meetingId: string, key: string): string {
  return createHash('sha256').update(`secret-ballot:${meetingId}:${key}`).digest('hex');
}
