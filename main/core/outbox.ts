/**
 * Records that must not be lost or counted twice — ballots, check-ins — are written to
 * the device first, with SQLite's synchronous=FULL (WAL's default NORMAL can lose a
 * committed transaction on power loss), then sent by this outbox with their idempotency
 * key. A record is "sent" only on the server's receipt; a refusal keeps the server's
 * reason; anything else is retried, and the same key never counts twice on the server.
 */
import type { OutboxState } from '../../shared/contract';
import { ApiError } from '../../shared/errors';
import type { OutboxRecord, RecordReceipt } from '../../shared/api/outbox';
import type { LocalDb } from './db';
import type { Lifetime } from './lifetime';
import { fullJitter } from '../../shared/backoff';
import { openStored, sealText } from './at-rest';

export interface OutboxOwner {
  serverUrl: string;
  userId: string;
}

export interface StoredRecord extends OutboxState {
  meetingId: string;
  kind: OutboxRecord['kind'];
  payload: OutboxRecord['payload'];
  createdAt: string;
}

interface Row {
  key: string;
  meeting_id: string;
  kind: OutboxRecord['kind'];
  payload_json: string;
  state: OutboxState['state'];
  attempts: number;
  last_error: string | null;
  receipt_json: string | null;
  refusal_json: string | null;
  created_at: string;
}

const batchSize = 200;
/** Retries wait a random time up to a ceiling that doubles from this… */
export const outboxBackoffBaseMs = 500;
/** …to this: the longest a pending record waits for its next try. */
export const outboxBackoffCapMs = 20_000;

/**
 * Payloads are sealed at rest when the core has a records key (at-rest.ts): a shared
 * annotation quotes page text, a conclusion is the meeting's decision. Rows written in
 * the clear by an older version are read as they are.
 */
function encodePayload(payload: OutboxRecord['payload'], key: Buffer | undefined): string {
  const json = JSON.stringify(payload);
  return key ? sealText(key, json) : json;
}

function decodePayload(stored: string, key: Buffer | undefined): OutboxRecord['payload'] {
  return JSON.parse(key ? (openStored(key, stored, 'An outbox record') ?? '') : stored) as OutboxRecord['payload'];
}

function toRecord(r: Row, key?: Buffer): StoredRecord {
  const receipt = r.receipt_json ? (JSON.parse(r.receipt_json) as { receivedAt: string; receipt: string }) : null;
  const refusal = r.refusal_json ? (JSON.parse(r.refusal_json) as { reason?: string; params?: Record<string, string> }) : null;
  return {
    key: r.key,
    meetingId: r.meeting_id,
    kind: r.kind,
    payload: decodePayload(r.payload_json, key),
    state: r.state,
    receivedAt: receipt?.receivedAt ?? null,
    receipt: receipt?.receipt ?? null,
    refusal: r.state === 'refused' ? r.last_error : null,
    refusalReason: r.state === 'refused' ? (refusal?.reason ?? null) : null,
    refusalParams: r.state === 'refused' ? (refusal?.params ?? null) : null,
    attempts: r.attempts,
    createdAt: r.created_at,
  };
}

/** What a window is told about a record: its state, not its payload. */
export function outboxState(r: StoredRecord): OutboxState {
  return {
    key: r.key,
    state: r.state,
    receivedAt: r.receivedAt,
    receipt: r.receipt,
    refusal: r.refusal,
    refusalReason: r.refusalReason,
    refusalParams: r.refusalParams,
    attempts: r.attempts,
  };
}

export interface OutboxDeps {
  owner: () => OutboxOwner | null;
  send: (meetingId: string, records: OutboxRecord[]) => Promise<RecordReceipt[]>;
  /**
   * Whether an accepted receipt is the server's signature over exactly this record; null
   * when the server's key is not on the device yet (the batch then waits, like offline).
   */
  verifier: (owner: OutboxOwner) => Promise<((meetingId: string, kind: OutboxRecord['kind'], receipt: Extract<RecordReceipt, { ok: true }>) => boolean) | null>;
  onChange: (meetingId: string) => void;
  /** Seals payloads at rest (see encodePayload). */
  payloadKey?: Buffer;
  log: (level: 'info' | 'warn' | 'error', message: string, extra?: unknown) => void;
}

export class Outbox {
  private flushing = false;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;

  /**
   * Every send runs inside the core's lifetime: closing the core waits for the batch in
   * flight (its receipt is kept), and no retry timer fires after the database is closed.
   */
  constructor(
    private readonly db: LocalDb,
    private readonly life: Lifetime,
    private readonly deps: OutboxDeps,
  ) {}

  private get stopped(): boolean {
    return this.life.closed;
  }

  /** Durably writes records (all or none) and schedules sending. */
  enqueue(owner: OutboxOwner, meetingId: string, records: OutboxRecord[]): StoredRecord[] {
    const now = new Date().toISOString();
    const insert = this.db.prepare(
      `INSERT INTO outbox (key, server_url, user_id, meeting_id, kind, payload_json, state, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
    );
    this.db.pragma('synchronous = FULL');
    try {
      this.db.transaction(() => {
        for (const r of records) insert.run(r.key, owner.serverUrl, owner.userId, meetingId, r.kind, encodePayload(r.payload, this.deps.payloadKey), now, now);
      })();
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
    this.deps.onChange(meetingId);
    this.kick();
    return records.map((r) => this.get(r.key)!);
  }

  get(key: string): StoredRecord | null {
    const r = this.db.prepare('SELECT * FROM outbox WHERE key = ?').get(key) as Row | undefined;
    return r ? toRecord(r, this.deps.payloadKey) : null;
  }

  list(owner: OutboxOwner, meetingId: string, kind?: OutboxRecord['kind']): StoredRecord[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM outbox WHERE server_url = ? AND user_id = ? AND meeting_id = ? ${kind ? 'AND kind = ?' : ''} ORDER BY created_at, rowid`,
      )
      .all(...[owner.serverUrl, owner.userId, meetingId, ...(kind ? [kind] : [])]) as Row[];
    return rows.map((r) => toRecord(r, this.deps.payloadKey));
  }

  pendingCount(owner: OutboxOwner): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM outbox WHERE server_url = ? AND user_id = ? AND state = 'pending'`).get(owner.serverUrl, owner.userId) as { n: number }).n;
  }

  /** Try sending now (new records, the network came back). */
  kick(): void {
    this.later(0);
  }

  /** The next flush, after `ms`; replaces one already planned. */
  private later(ms: number): void {
    this.life.clearTimeout(this.timer);
    this.timer = this.life.setTimeout(() => this.life.spawn(() => this.flush(), (err) => this.deps.log('error', 'the outbox could not send', err)), ms);
  }

  private retryLater(): void {
    this.failures++;
    this.later(fullJitter(this.failures, outboxBackoffBaseMs, outboxBackoffCapMs));
  }

  /** Sends everything pending, batch by batch; resolves when the outbox is empty or stuck. */
  async flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return;
    }
    this.flushing = true;
    try {
      do {
        this.again = false;
        while (!this.stopped && (await this.sendOneBatch())) {
          /* keep going while batches succeed */
        }
      } while (this.again && !this.stopped);
    } finally {
      this.flushing = false;
    }
  }

  private async sendOneBatch(): Promise<boolean> {
    const owner = this.deps.owner();
    if (!owner) return false;
    const first = this.db
      .prepare(`SELECT meeting_id FROM outbox WHERE server_url = ? AND user_id = ? AND state = 'pending' ORDER BY created_at, rowid LIMIT 1`)
      .get(owner.serverUrl, owner.userId) as { meeting_id: string } | undefined;
    if (!first) return false;
    const rows = this.db
      .prepare(`SELECT * FROM outbox WHERE server_url = ? AND user_id = ? AND meeting_id = ? AND state = 'pending' ORDER BY created_at, rowid LIMIT ?`)
      .all(owner.serverUrl, owner.userId, first.meeting_id, batchSize) as Row[];
    const records = rows.map((r) => ({ key: r.key, kind: r.kind, payload: decodePayload(r.payload_json, this.deps.payloadKey) }) as OutboxRecord);
    let receipts: RecordReceipt[];
    let verify;
    try {
      verify = await this.deps.verifier(owner);
      if (!verify) throw new ApiError('offline', "The server's receipt key is not on this device yet.");
      receipts = await this.deps.send(first.meeting_id, records);
    } catch (err) {
      // Closing mid-send: the record stays pending and goes out at the next start.
      if (this.stopped) return false;
      this.db.prepare(`UPDATE outbox SET attempts = attempts + 1, updated_at = ? WHERE key IN (SELECT value FROM json_each(?))`).run(new Date().toISOString(), JSON.stringify(rows.map((r) => r.key)));
      const final = err instanceof ApiError && (err.code === 'forbidden' || err.code === 'not_found' || err.code === 'invalid_input');
      if (final) {
        // The whole batch can never be accepted (e.g. removed from the meeting): say why, per record.
        this.refuse(rows.map((r) => r.key), (err as ApiError).message);
        this.deps.onChange(first.meeting_id);
        return true;
      }
      this.retryLater();
      this.deps.onChange(first.meeting_id);
      return false;
    }
    const now = new Date().toISOString();
    const sentRows = new Map(rows.map((r) => [r.key, r]));
    // Only an answer to a record of this very batch counts, and an acceptance only with a
    // signature that verifies: a forged receipt, or a genuine one replayed for another
    // record, must never make the device forget what a person did.
    const answered = new Set<string>();
    let unverified = 0;
    this.db.pragma('synchronous = FULL');
    try {
      this.db.transaction(() => {
        for (const rc of receipts) {
          const row = sentRows.get(rc.key);
          if (!row || answered.has(rc.key)) continue;
          if (rc.ok && !verify(first.meeting_id, row.kind, rc)) {
            unverified++;
            this.db
              .prepare(`UPDATE outbox SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE key = ?`)
              .run("The server's receipt for this record could not be verified; it will be sent again.", now, rc.key);
            continue;
          }
          answered.add(rc.key);
          if (rc.ok) {
            this.db
              .prepare(`UPDATE outbox SET state = 'sent', attempts = attempts + 1, receipt_json = ?, last_error = NULL, updated_at = ? WHERE key = ?`)
              .run(JSON.stringify({ receivedAt: rc.receivedAt, receipt: rc.receipt, signature: rc.signature }), now, rc.key);
          } else {
            this.db
              .prepare(`UPDATE outbox SET state = 'refused', attempts = attempts + 1, last_error = ?, refusal_json = ?, updated_at = ? WHERE key = ?`)
              .run(rc.error.message, JSON.stringify({ code: rc.error.code, reason: rc.error.reason, params: rc.error.params }), now, rc.key);
          }
        }
      })();
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
    if (receipts.length > answered.size + unverified) this.deps.log('warn', 'the server answered for records not in this batch; ignored', { meetingId: first.meeting_id });
    if (unverified) this.deps.log('error', 'receipts that do not verify against the server key; the records stay pending', { meetingId: first.meeting_id, count: unverified });
    this.deps.onChange(first.meeting_id);
    if (rows.every((r) => answered.has(r.key))) {
      this.failures = 0;
      return true;
    }
    // Records without a valid answer are the server (or something between) misbehaving:
    // retry later with backoff, not in a tight loop.
    this.retryLater();
    return false;
  }

  private refuse(keys: string[], message: string): void {
    this.db
      .prepare(`UPDATE outbox SET state = 'refused', last_error = ?, updated_at = ? WHERE key IN (SELECT value FROM json_each(?))`)
      .run(message, new Date().toISOString(), JSON.stringify(keys));
  }
}
