/**
 * The offline lease: a confidential meeting's pack opens without the server only for a
 * number of days (set per meeting by the secretariat, default 7) after this device last
 * reached the server as this person. A lost or revoked device thus stops showing the pack
 * after a bounded time even if it never goes online again.
 *
 * "Reached" means an authenticated answer (a server call, a sync socket let in), not a
 * health ping: the point is that the server still accepts this person on this device.
 */
import { ApiError } from '../../shared/errors';
import { defaultOfflineLeaseDays, type MeetingMeta } from '../../shared/ydoc/meeting';
import type { LocalDb } from './db';

const dayMs = 24 * 60 * 60 * 1000;
/** Contacts closer than this are not written again: a busy session calls the server often. */
const writeEveryMs = 60_000;

export interface LeaseRefusal {
  days: number;
  lastReachedAt: number | null;
}

export class OfflineLease {
  private readonly written = new Map<string, number>();

  constructor(
    private readonly db: LocalDb,
    private readonly now: () => number,
  ) {}

  /** The server just answered this person: the lease of every meeting starts again. */
  reached(serverUrl: string, userId: string): void {
    const at = this.now();
    const k = `${serverUrl}\n${userId}`;
    const last = this.written.get(k);
    if (last !== undefined && at - last >= 0 && at - last < writeEveryMs) return;
    this.written.set(k, at);
    this.db
      .prepare(
        `INSERT INTO server_contact (server_url, user_id, reached_at) VALUES (?, ?, ?)
         ON CONFLICT (server_url, user_id) DO UPDATE SET reached_at = excluded.reached_at`,
      )
      .run(serverUrl, userId, at);
  }

  lastReached(serverUrl: string, userId: string): number | null {
    const r = this.db.prepare('SELECT reached_at FROM server_contact WHERE server_url = ? AND user_id = ?').get(serverUrl, userId) as { reached_at: number } | undefined;
    return r ? r.reached_at : null;
  }

  /** Null when the meeting may open offline; otherwise why not. */
  check(serverUrl: string, userId: string, meta: Pick<MeetingMeta, 'confidentiality' | 'offlineLeaseDays'>): LeaseRefusal | null {
    if (meta.confidentiality !== 'confidential') return null;
    const days = meta.offlineLeaseDays ?? defaultOfflineLeaseDays;
    const last = this.lastReached(serverUrl, userId);
    // A clock set back before the last contact is not a reason to extend the lease.
    const now = this.now();
    if (last !== null && now >= last && now - last <= days * dayMs) return null;
    return { days, lastReachedAt: last };
  }
}

export function leaseError(r: LeaseRefusal): ApiError {
  const since = r.lastReachedAt === null ? 'never' : `on ${new Date(r.lastReachedAt).toISOString().slice(0, 10)}`;
  return new ApiError(
    'lease_expired',
    `This confidential meeting opens without a connection only for ${r.days} day(s) after this device last reached the server (last: ${since}). Connect to the server to open it again.`,
  );
}
