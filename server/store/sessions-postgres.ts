/**
 * Sessions and devices on PostgreSQL: the same rules as sessions-sqlite.ts, statement for
 * statement. Each write is one statement, so each is atomic without an explicit transaction
 * (deleting a user's sessions returns the ids it deleted in the same statement).
 */
import { keepLostSessionsMs, newSessionId, type SessionMethods } from './sessions-sqlite';
import type { Queryable } from './postgres-db';
import { sessionInMeetingColumns, sessionSelect, toSession, toSessionInMeeting, toSessionWithUser, type SessionInMeetingRow, type SessionRow } from './rows';
import type { DeviceSessionRecord, NewDeviceSession, SessionRecord } from './types';

const select = sessionSelect(false);

/** Sessions by token hash ($1), each with the meeting asked beside it ($2, null: none), as SessionInMeetingRow. */
const askedSql = `SELECT x.asked_meeting, ${sessionInMeetingColumns}
  FROM unnest($1::text[], $2::text[]) AS x(asked_token, asked_meeting)
  JOIN sessions s ON s.token_hash = x.asked_token JOIN users u ON u.id = s.user_id
  LEFT JOIN meetings m ON m.id = x.asked_meeting LEFT JOIN meeting_members mm ON mm.meeting_id = m.id AND mm.user_id = s.user_id`;

type AskedRow = SessionInMeetingRow & { asked_meeting: string | null };

/**
 * Every request starts by reading its session (with the meeting it is about): the reads that
 * arrive on a node in one turn of its event loop go out as one statement. In a storm — 3,152
 * ballots at once — that is one round trip for the lot instead of one each, and on a busy
 * machine each round trip costs the node a wake-up of a PostgreSQL backend. Alone, a read
 * waits one turn (setImmediate) and costs what the single statement did.
 */
class SessionReads {
  private pending: { token: string; meetingId: string | null; resolve: (r: AskedRow | undefined) => void; reject: (e: unknown) => void }[] = [];

  constructor(private readonly db: Queryable) {}

  read(token: string, meetingId: string | null): Promise<AskedRow | undefined> {
    return new Promise((resolve, reject) => {
      this.pending.push({ token, meetingId, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const asked = this.pending;
    this.pending = [];
    try {
      const r = await this.db.query<AskedRow>(askedSql, [asked.map((a) => a.token), asked.map((a) => a.meetingId)]);
      const found = new Map(r.rows.map((row) => [`${row.token_hash}\n${row.asked_meeting ?? ''}`, row]));
      for (const a of asked) a.resolve(found.get(`${a.token}\n${a.meetingId ?? ''}`));
    } catch (error) {
      for (const a of asked) a.reject(error);
    }
  }
}

export function postgresSessions(db: Queryable): SessionMethods {
  const reads = new SessionReads(db);
  const insert = (tokenHash: string, userId: string, expiresAt: number, d: NewDeviceSession) =>
    db.query(
      `INSERT INTO sessions (token_hash, user_id, expires_at, id, device_name, created_at, last_seen_at, last_seen_ip, absolute_expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [tokenHash, userId, expiresAt, d.id, d.deviceName, d.createdAt, d.createdAt, d.ip, d.absoluteExpiresAt],
    );
  const one = async (where: string, value: string): Promise<DeviceSessionRecord | null> => {
    const r = await db.query<SessionRow>(`${select} WHERE ${where} = $1`, [value]);
    return r.rows[0] ? toSession(r.rows[0]) : null;
  };

  return {
    async createSession(tokenHash, userId, expiresAt) {
      const now = Date.now();
      await insert(tokenHash, userId, expiresAt, { id: newSessionId(), deviceName: '', ip: null, createdAt: now, absoluteExpiresAt: expiresAt });
    },
    async createDeviceSession(tokenHash, userId, expiresAt, device) {
      await insert(tokenHash, userId, expiresAt, device);
    },
    async findSession(tokenHash): Promise<SessionRecord | null> {
      const r = await db.query<{ user_id: string; expires_at: number }>('SELECT user_id, expires_at FROM sessions WHERE token_hash = $1', [tokenHash]);
      const row = r.rows[0];
      return row ? { userId: row.user_id, expiresAt: row.expires_at } : null;
    },
    async sessionByToken(tokenHash, meetingId) {
      const row = await reads.read(tokenHash, meetingId ?? null);
      if (!row) return null;
      return meetingId === undefined ? toSessionWithUser(row) : toSessionInMeeting(row);
    },
    sessionById: (id) => one('s.id', id),
    async listSessionsOfUser(userId) {
      const r = await db.query<SessionRow>(`${select} WHERE s.user_id = $1 ORDER BY s.last_seen_at DESC, s.created_at DESC`, [userId]);
      return r.rows.map(toSession);
    },
    async deleteSession(tokenHash) {
      await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    },
    async deleteExpiredSessions(now) {
      const r = await db.query(
        'DELETE FROM sessions WHERE (lost_at IS NULL AND expires_at <= $1) OR (lost_at IS NOT NULL AND lost_at <= $2)',
        [now, now - keepLostSessionsMs],
      );
      return r.rowCount ?? 0;
    },
    async touchSession(id, lastSeenAt, ip, expiresAt) {
      await db.query('UPDATE sessions SET last_seen_at = $1, last_seen_ip = $2, expires_at = $3 WHERE id = $4', [lastSeenAt, ip, expiresAt, id]);
    },
    async renewSessions(ids, now, idleMs) {
      if (!ids.length) return;
      await db.query(
        `UPDATE sessions SET expires_at = LEAST($1::bigint, absolute_expires_at), last_seen_at = $2
         WHERE id = ANY($3::text[]) AND lost_at IS NULL AND expires_at > $4`,
        [now + idleMs, now, ids, now],
      );
    },
    async deleteSessionById(id) {
      return ((await db.query('DELETE FROM sessions WHERE id = $1', [id])).rowCount ?? 0) > 0;
    },
    async deleteSessionsOfUser(userId) {
      const r = await db.query<{ id: string }>('DELETE FROM sessions WHERE user_id = $1 AND lost_at IS NULL RETURNING id', [userId]);
      return r.rows.map((x) => x.id);
    },
    async markSessionLost(id, by, at) {
      const r = await db.query('UPDATE sessions SET lost_at = coalesce(lost_at, $1), lost_by = coalesce(lost_by, $2) WHERE id = $3', [at, by, id]);
      return (r.rowCount ?? 0) > 0;
    },
    async setUserDisabled(userId, disabledAt) {
      return ((await db.query('UPDATE users SET disabled_at = $1 WHERE id = $2', [disabledAt, userId])).rowCount ?? 0) > 0;
    },
    async isUserDisabled(userId) {
      const r = await db.query<{ disabled_at: string | null }>('SELECT disabled_at FROM users WHERE id = $1', [userId]);
      return !!r.rows[0]?.disabled_at;
    },
    async sharesMeetingAsSecretariat(secretariatId, userId) {
      const r = await db.query(
        `SELECT 1 FROM meeting_members a JOIN meeting_members b ON b.meeting_id = a.meeting_id
         WHERE a.user_id = $1 AND a.role = 'secretariat' AND b.user_id = $2 LIMIT 1`,
        [secretariatId, userId],
      );
      return r.rows.length > 0;
    },
  };
}
