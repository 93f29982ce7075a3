/**
 * The audit chain heads this device saw, per server and meeting (issue 18): from every
 * receipt the outbox accepted and from the signed head the server publishes in `live/<id>`.
 * They are what makes a shortened or rewritten chain visible later: `audit verify` is given
 * them and must find each one still in the chain. Only heads whose signature verifies with
 * the server's pinned receipt key are kept, so nobody can plant one to make verify fail.
 */
import type { KeyObject } from 'node:crypto';
import type { SignedAuditHead } from '../../shared/audit';
import { verifyAuditHead } from '../../node/signatures';
import type { LocalDb } from './db';

export interface SeenHead {
  hash: string;
  length: number;
  source: 'receipt' | 'live';
  seenAt: string;
}

/**
 * Heads kept per meeting and source. One head vouches for every entry up to its length (each
 * hash covers the one before), so the longest matters most; older ones only say where a
 * rewrite began. A secretariat checking in a congress gets thousands of receipts: keep the latest.
 */
const kept = 200;

export class AuditHeads {
  private readonly q;

  constructor(db: LocalDb) {
    // Its own table, made here rather than in a numbered migration, so the feature stays in
    // one file; IF NOT EXISTS makes it safe on every open.
    db.exec(`CREATE TABLE IF NOT EXISTS audit_heads (
      server_url TEXT NOT NULL,
      meeting_id TEXT NOT NULL,
      length INTEGER NOT NULL,
      hash TEXT NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('receipt', 'live')),
      seen_at TEXT NOT NULL,
      PRIMARY KEY (server_url, meeting_id, length, hash)
    ) WITHOUT ROWID`);
    this.q = {
      keep: db.prepare('INSERT OR IGNORE INTO audit_heads (server_url, meeting_id, length, hash, source, seen_at) VALUES (?, ?, ?, ?, ?, ?)'),
      list: db.prepare('SELECT hash, length, source, seen_at AS seenAt FROM audit_heads WHERE server_url = ? AND meeting_id = ? ORDER BY length'),
      trim: db.prepare(
        `DELETE FROM audit_heads WHERE server_url = @serverUrl AND meeting_id = @meetingId AND source = @source AND length NOT IN
           (SELECT length FROM audit_heads WHERE server_url = @serverUrl AND meeting_id = @meetingId AND source = @source ORDER BY length DESC LIMIT ${kept})`,
      ),
    };
  }

  /** A receipt's head: its signature was already checked with the rest of the receipt. */
  keepFromReceipt(serverUrl: string, meetingId: string, head: { hash: string; length: number }): void {
    if (!/^[0-9a-f]{64}$/.test(head.hash) || !Number.isInteger(head.length) || head.length < 1) return;
    if (this.q.keep.run(serverUrl, meetingId, head.length, head.hash, 'receipt', new Date().toISOString()).changes) this.q.trim.run({ serverUrl, meetingId, source: 'receipt' });
  }

  /** A head from `live/<id>`: kept only when the server's key signed it. Returns whether it was kept. */
  keepFromLive(serverUrl: string, meetingId: string, head: SignedAuditHead, key: KeyObject | null): boolean {
    if (!key || head.length < 1 || !verifyAuditHead(key, meetingId, head)) return false;
    if (this.q.keep.run(serverUrl, meetingId, head.length, head.hash, 'live', new Date().toISOString()).changes) {
      this.q.trim.run({ serverUrl, meetingId, source: 'live' });
    }
    return true;
  }

  list(serverUrl: string, meetingId: string): SeenHead[] {
    return this.q.list.all(serverUrl, meetingId) as SeenHead[];
  }
}

