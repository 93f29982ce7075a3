/**
 * Sessions and devices on PostgreSQL: the same rules as sessions-sqlite.ts, statement for
 * statement. Each write is one statement, so each is atomic without an explicit transaction
 * (deleting a user's sessions returns the ids it deleted in the same statement).
 */
import { keepLostSessionsMs, newSessionId, type SessionMethods } from './sessions-sqlite';
import type { Queryable } from './postgres-db';
import { sessionInMeetingSql, sessionSelect, toSession, toSessionInMeeting, toSessionWithUser, type SessionInMeetingRow, type SessionRow, type SessionUserRow } from './rows';
import type { DeviceSessionRecord, NewDeviceSession, SessionRecord } from './types';


const select = sessionSelect(false);
const inMeetingSql = sessionInMeetingSql((n) => `$${n}`);

export function postgresSessions(db: Queryable): SessionMethods {
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
      if (meetingId !== undefined) {
        const r = await db.query<SessionInMeetingRow>(inMeetingSql, [meetingId, tokenHash]);
        return r.rows[0] ? toSessionInMeeting(r.rows[0]) : null;
      }
      const r = await db.query<SessionUserRow>(`${sessionSelect(true)} WHERE s.token_hash = $1`, [tokenHash]);
      return r.rows[0] ? toSessionWithUser(r.rows[0]) : null;
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
