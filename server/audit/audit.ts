/**
 * The per-meeting audit log: an append-only hash chain. Each entry's hash covers the
 * previous hash and the canonical JSON of {seq, at, kind, data}, so changing, removing or
 * reordering any entry breaks every hash after it. Entries are appended inside the same
 * transaction as what they record: a result is never stored without its log entry.
 */
import { createHash } from 'node:crypto';
import type { AuditEntry, AuditVerifyResponse } from '../../shared/api/audit';
import type { AttendanceMark } from '../../shared/domain/attendance';
import { all, defer, lock, one, txMemo, value, type Planned, type RecordsDb, type Sql } from '../records/sql';

export const genesisHash = '0'.repeat(64);

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function entryHash(prevHash: string, e: { seq: number; at: string; kind: string; data: unknown }): string {
  return createHash('sha256')
    .update(prevHash + canonicalJson({ seq: e.seq, at: e.at, kind: e.kind, data: e.data }))
    .digest('hex');
}

interface Row {
  seq: number;
  at: string;
  kind: string;
  data: string;
  prev_hash: string;
  hash: string;
}

function parseData(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // A damaged row: keep the text so verification fails on it instead of throwing.
    return { unparseable: text };
  }
}

const toEntry = (r: Row): AuditEntry => ({ seq: r.seq, at: r.at, kind: r.kind, data: parseData(r.data), prevHash: r.prev_hash, hash: r.hash });

/** Checks a chain, oldest first. Pure, so the CLI and the endpoint share it. */
export function verifyChain(entries: readonly AuditEntry[]): AuditVerifyResponse {
  let prev = genesisHash;
  for (const [i, e] of entries.entries()) {
    const expectedSeq = i + 1;
    if (e.seq !== expectedSeq || e.prevHash !== prev || entryHash(prev, e) !== e.hash) {
      return { ok: false, length: entries.length, head: entries.at(-1)?.hash ?? genesisHash, brokenAt: e.seq };
    }
    prev = e.hash;
  }
  return { ok: true, length: entries.length, head: prev, brokenAt: null };
}

/** The chain's head: its last entry's hash and the number of entries (genesis and 0 when empty). */
export interface ChainHead {
  hash: string;
  length: number;
}

/** An accepted record, as far as the chain needs it (shared/api/outbox's OutboxRecord, narrowed). */
interface RecordRef {
  kind: string;
  key: string;
  payload: unknown;
}

/**
 * What castBallot stored, in the transaction that stored it: the values of the row it just
 * wrote, so the entry needs no read of the row back. A named ballot's choices, or a secret
 * ballot's tracker (never a choice).
 */
export type StoredBallot = { choices: readonly string[]; receivedAt: string } | { tracker: string; receivedAt: string };

type Last = { seq: number; hash: string };
/** The chain's last entry in this transaction's memo (sql.ts txMemo): set by append, under the meeting's lock. */
const lastKey = (meetingId: string) => `audit.last:${meetingId}`;
const lastSql = 'SELECT seq, hash FROM audit_log WHERE meeting_id = ? ORDER BY seq DESC LIMIT 1';

/**
 * The chain of every meeting, behind the records seam (server/records/sql.ts): the
 * generator methods run inside the caller's transaction on either store. Appending first
 * takes the meeting's chain lock, so two nodes never append the same seq (no fork): on
 * PostgreSQL an advisory lock held to the end of the transaction, on SQLite nothing (one
 * writer).
 */
export class AuditLog {
  /** Called after every append (inside its transaction): the live flusher publishes heads from it. */
  onAppend: ((meetingId: string) => void) | null = null;

  constructor(readonly rdb: RecordsDb) {}

  *head(meetingId: string): Sql<ChainHead> {
    const last = yield* this.last(meetingId);
    return last ? { hash: last.hash, length: last.seq } : { hash: genesisHash, length: 0 };
  }

  /**
   * The read of the chain's last entry for a group's warm-up (RecordsDb.group), which holds
   * the meeting's lock, the chain's too: nothing is appended to it meanwhile but by the group.
   */
  lastPlanned(meetingId: string): Planned {
    return {
      sql: lastSql,
      params: [meetingId],
      fill(rows, memo) {
        const last = rows[0] as Last | undefined;
        if (last) memo.set(lastKey(meetingId), { seq: Number(last.seq), hash: last.hash } satisfies Last);
      },
    };
  }

  /**
   * The last entry. Within a transaction that appended to this chain it is the memo's: the
   * append held the meeting's lock, so no other writer has added one since.
   */
  private *last(meetingId: string): Sql<Last | undefined> {
    const known = (yield* txMemo()).get(lastKey(meetingId)) as Last | undefined;
    return known ?? (yield* one<Last>(lastSql, meetingId));
  }

  /**
   * Call inside the transaction that accepted a record, after it was stored: logs what a
   * ballot or a check-in wrote, from `stored`, the values castBallot or checkIn stored in
   * this transaction, so the entry is exactly what is kept and verify can compare them; then
   * pins the chain's head for the record's receipt. The other kinds log themselves
   * (conclusions, tasks) or are not part of the record (annotations).
   */
  *receipted(meetingId: string, userId: string, rec: RecordRef, at: string, stored?: { ballot: StoredBallot } | { mark: AttendanceMark }): Sql<ChainHead> {
    const p = rec.payload as { userId?: string; pollId?: string };
    const ballot = stored && 'ballot' in stored ? stored.ballot : undefined;
    if (rec.kind === 'checkin' && typeof p.userId === 'string' && stored && 'mark' in stored) {
      const m = stored.mark;
      yield* this.append(meetingId, 'attendance.marked', { userId: p.userId, status: m.status, substitute: m.substitute ?? null, markedAt: m.at, by: m.by }, at);
    } else if (rec.kind === 'ballot' && typeof p.pollId === 'string' && ballot) {
      const data = 'tracker' in ballot ? { pollId: p.pollId, userId, secret: true, tracker: ballot.tracker, receivedAt: ballot.receivedAt } : { pollId: p.pollId, userId, choices: ballot.choices, receivedAt: ballot.receivedAt };
      yield* this.append(meetingId, 'ballot.cast', data, at);
    }
    const head = yield* this.head(meetingId);
    yield* defer('INSERT INTO receipt_heads (meeting_id, key, audit_length, audit_hash) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', meetingId, rec.key, head.length, head.hash);
    return head;
  }

  /** Appends one entry. Call inside the transaction that stores what it records. */
  *append(meetingId: string, kind: string, data: unknown, at = new Date().toISOString()): Sql<AuditEntry> {
    yield* lock(chainLock(meetingId));
    const last = yield* this.last(meetingId);
    const seq = (last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? genesisHash;
    // Stored as canonical JSON so what is hashed is exactly what is kept.
    const canonical = canonicalJson(data);
    const parsed = JSON.parse(canonical) as unknown;
    const hash = entryHash(prevHash, { seq, at, kind, data: parsed });
    // Deferred: with the meeting's chain lock held, (meeting, seq) cannot be taken; if it
    // were, the transaction fails whole when the write goes out.
    yield* defer('INSERT INTO audit_log (meeting_id, seq, at, kind, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)', meetingId, seq, at, kind, canonical, prevHash, hash);
    (yield* txMemo()).set(lastKey(meetingId), { seq, hash } satisfies Last);
    this.onAppend?.(meetingId);
    return { seq, at, kind, data: parsed, prevHash, hash };
  }

  *list(meetingId: string): Sql<AuditEntry[]> {
    return (yield* all<Row>('SELECT seq, at, kind, data, prev_hash, hash FROM audit_log WHERE meeting_id = ? ORDER BY seq', meetingId)).map(toEntry);
  }

  /**
   * The chain alone (issue 18: a chain emptied beside a meeting's polls, attendance or
   * conclusions is broken at 0, never "ok: 0 entries"). The full check, heads and rows
   * included, is verify.ts.
   */
  *verify(meetingId: string): Sql<AuditVerifyResponse> {
    const entries = yield* this.list(meetingId);
    if (entries.length === 0 && (yield* this.hasRoomData(meetingId))) return { ok: false, length: 0, head: genesisHash, brokenAt: 0 };
    return verifyChain(entries);
  }

  private *hasRoomData(meetingId: string): Sql<boolean> {
    const has = yield* value<number>(
      `SELECT CASE WHEN EXISTS (SELECT 1 FROM polls WHERE meeting_id = ? AND status <> 'draft')
             OR EXISTS (SELECT 1 FROM attendance WHERE meeting_id = ?)
             OR EXISTS (SELECT 1 FROM conclusions WHERE meeting_id = ?) THEN 1 ELSE 0 END`,
      meetingId,
      meetingId,
      meetingId,
    );
    return has === 1;
  }
}

/**
 * The lock every append of one meeting's chain takes (see AuditLog): the meeting's own lock,
 * which every records transaction of the meeting takes first, so an append inside one costs
 * nothing more, and an append in any other transaction still waits its turn.
 */
export const chainLock = (meetingId: string): string => meetingId;
