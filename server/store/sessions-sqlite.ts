/**
 * Sessions and devices in the embedded store (issue 11). Each session row is one signed-in
 * device; its public `id` is random and unrelated to the token, so listing devices never
 * shows anything that would let someone sign in.
 */
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { sessionInMeetingSql, sessionSelect, toSession, toSessionInMeeting, toSessionWithUser, type SessionInMeetingRow, type SessionRow, type SessionUserRow } from './rows';
import type { NewDeviceSession, SessionRecord, Store } from './types';

/**
 * A lost device's session outlives its expiry so the device is still told to wipe itself
 * when it comes back after weeks in a drawer; after a year nobody expects that any more.
 */
export const keepLostSessionsMs = 365 * 24 * 60 * 60 * 1000;


export const newSessionId = (): string => randomBytes(16).toString('hex');

export type SessionMethods = Pick<
  Store,
  | 'createSession'
  | 'findSession'
  | 'deleteSession'
  | 'deleteExpiredSessions'
  | 'createDeviceSession'
  | 'sessionByToken'
  | 'sessionById'
  | 'listSessionsOfUser'
  | 'touchSession'
  | 'renewSessions'
  | 'deleteSessionById'
  | 'deleteSessionsOfUser'
  | 'markSessionLost'
  | 'setUserDisabled'
  | 'isUserDisabled'
  | 'sharesMeetingAsSecretariat'
>;

export function sqliteSessions(db: Database.Database): SessionMethods {
  const select = sessionSelect(false);
  const q = {
    insert: db.prepare(
      `INSERT INTO sessions (token_hash, user_id, expires_at, id, device_name, created_at, last_seen_at, last_seen_ip, absolute_expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    find: db.prepare('SELECT user_id, expires_at FROM sessions WHERE token_hash = ?'),
    byToken: db.prepare(`${sessionSelect(true)} WHERE s.token_hash = ?`),
    inMeeting: db.prepare(sessionInMeetingSql(() => '?')),
    byId: db.prepare(`${select} WHERE s.id = ?`),
    ofUser: db.prepare(`${select} WHERE s.user_id = ? ORDER BY s.last_seen_at DESC, s.created_at DESC`),
    delete: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    deleteById: db.prepare('DELETE FROM sessions WHERE id = ?'),
    deleteExpired: db.prepare('DELETE FROM sessions WHERE (lost_at IS NULL AND expires_at <= ?) OR (lost_at IS NOT NULL AND lost_at <= ?)'),
    userLive: db.prepare('SELECT id FROM sessions WHERE user_id = ? AND lost_at IS NULL'),
    deleteUserLive: db.prepare('DELETE FROM sessions WHERE user_id = ? AND lost_at IS NULL'),
    touch: db.prepare('UPDATE sessions SET last_seen_at = ?, last_seen_ip = ?, expires_at = ? WHERE id = ?'),
    renew: db.prepare(
      'UPDATE sessions SET expires_at = min(?, absolute_expires_at), last_seen_at = ? WHERE id IN (SELECT value FROM json_each(?)) AND lost_at IS NULL AND expires_at > ?',
    ),
    markLost: db.prepare('UPDATE sessions SET lost_at = coalesce(lost_at, ?), lost_by = coalesce(lost_by, ?) WHERE id = ?'),
    setDisabled: db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?'),
    disabled: db.prepare('SELECT disabled_at FROM users WHERE id = ?'),
    shares: db.prepare(
      `SELECT 1 FROM meeting_members a JOIN meeting_members b ON b.meeting_id = a.meeting_id
       WHERE a.user_id = ? AND a.role = 'secretariat' AND b.user_id = ? LIMIT 1`,
    ),
  };
  const deleteUserLive = db.transaction((userId: string) => {
    const ids = (q.userLive.all(userId) as { id: string }[]).map((r) => r.id);
    q.deleteUserLive.run(userId);
    return ids;
  });
  const insert = (tokenHash: string, userId: string, expiresAt: number, d: NewDeviceSession) =>
    q.insert.run(tokenHash, userId, expiresAt, d.id, d.deviceName, d.createdAt, d.createdAt, d.ip, d.absoluteExpiresAt);

  return {
    async createSession(tokenHash, userId, expiresAt) {
      const now = Date.now();
      insert(tokenHash, userId, expiresAt, { id: newSessionId(), deviceName: '', ip: null, createdAt: now, absoluteExpiresAt: expiresAt });
    },
    async createDeviceSession(tokenHash, userId, expiresAt, device) {
      insert(tokenHash, userId, expiresAt, device);
    },
    async findSession(tokenHash): Promise<SessionRecord | null> {
      const r = q.find.get(tokenHash) as { user_id: string; expires_at: number } | undefined;
      return r ? { userId: r.user_id, expiresAt: r.expires_at } : null;
    },
    async sessionByToken(tokenHash, meetingId) {
      if (meetingId !== undefined) {
        const r = q.inMeeting.get(meetingId, tokenHash) as SessionInMeetingRow | undefined;
        return r ? toSessionInMeeting(r) : null;
      }
      const r = q.byToken.get(tokenHash) as SessionUserRow | undefined;
      return r ? toSessionWithUser(r) : null;
    },
    async sessionById(id) {
      const r = q.byId.get(id) as SessionRow | undefined;
      return r ? toSession(r) : null;
    },
    async listSessionsOfUser(userId) {
      return (q.ofUser.all(userId) as SessionRow[]).map(toSession);
    },
    async deleteSession(tokenHash) {
      q.delete.run(tokenHash);
    },
    async deleteExpiredSessions(now) {
      return q.deleteExpired.run(now, now - keepLostSessionsMs).changes;
    },
    async touchSession(id, lastSeenAt, ip, expiresAt) {
      q.touch.run(lastSeenAt, ip, expiresAt, id);
    },
    async renewSessions(ids, now, idleMs) {
      if (ids.length) q.renew.run(now + idleMs, now, JSON.stringify(ids), now);
    },
    async deleteSessionById(id) {
      return q.deleteById.run(id).changes > 0;
    },
    async deleteSessionsOfUser(userId) {
      return deleteUserLive(userId);
    },
    async markSessionLost(id, by, at) {
      return q.markLost.run(at, by, id).changes > 0;
    },
    async setUserDisabled(userId, disabledAt) {
      return q.setDisabled.run(disabledAt, userId).changes > 0;
    },
    async isUserDisabled(userId) {
      const r = q.disabled.get(userId) as { disabled_at: string | null } | undefined;
      return !!r?.disabled_at;
    },
    async sharesMeetingAsSecretariat(secretariatId, userId) {
      return q.shares.get(secretariatId, userId) !== undefined;
    },
  };
}
