/**
 * The per-meeting audit log: an append-only hash chain. Each entry's hash covers the
 * previous hash and the canonical JSON of {seq, at, kind, data}, so changing, removing or
 * reordering any entry breaks every hash after it. Entries are appended inside the same
 * transaction as what they record: a result is never stored without its log entry.
 */
import { createHash } from 'node:crypto';
import type { AuditEntry, AuditVerifyResponse } from '../../shared/http';
import type { Db } from './db';

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

export class AuditLog {
  private readonly q;

  constructor(db: Db) {
    this.q = {
      last: db.prepare('SELECT seq, hash FROM audit_log WHERE meeting_id = ? ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare('INSERT INTO audit_log (meeting_id, seq, at, kind, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      all: db.prepare('SELECT seq, at, kind, data, prev_hash, hash FROM audit_log WHERE meeting_id = ? ORDER BY seq'),
    };
  }

  /** Appends one entry. Call inside the transaction that stores what it records. */
  append(meetingId: string, kind: string, data: unknown, at = new Date().toISOString()): AuditEntry {
    const last = this.q.last.get(meetingId) as { seq: number; hash: string } | undefined;
    const seq = (last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? genesisHash;
    // Stored as canonical JSON so what is hashed is exactly what is kept.
    const canonical = canonicalJson(data);
    const parsed = JSON.parse(canonical) as unknown;
    const hash = entryHash(prevHash, { seq, at, kind, data: parsed });
    this.q.insert.run(meetingId, seq, at, kind, canonical, prevHash, hash);
    return { seq, at, kind, data: parsed, prevHash, hash };
  }

  list(meetingId: string): AuditEntry[] {
    return (this.q.all.all(meetingId) as Row[]).map(toEntry);
  }

  verify(meetingId: string): AuditVerifyResponse {
    return verifyChain(this.list(meetingId));
  }
}
