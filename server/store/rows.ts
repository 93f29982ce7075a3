/**
 * The rows both stores read (SQLite and PostgreSQL share column names and types) and the
 * records they become: one mapping, so the two stores cannot drift.
 */
import type { MeetingStatus } from '../../shared/meeting-enums';
import type { GlobalRole, MeetingRole } from '../../shared/roles';
import type { DeviceSessionRecord, MeetingRecord, MeetingWithRole, UserRecord } from './types';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  global_role: GlobalRole;
}

export interface MeetingRow {
  id: string;
  title: string;
  status: MeetingStatus;
  starts_at: string | null;
  ends_at: string | null;
  venue: string | null;
  created_at: string;
  updated_at: string;
}

/** A session joined with its user's `disabled_at`. */
export interface SessionRow {
  id: string;
  token_hash: string;
  user_id: string;
  device_name: string;
  created_at: number;
  last_seen_at: number;
  last_seen_ip: string | null;
  expires_at: number;
  absolute_expires_at: number;
  lost_at: number | null;
  lost_by: string | null;
  disabled_at: string | null;
}

/** A session row joined with its user's columns, prefixed `user_` (sessionByToken). */
export type SessionUserRow = SessionRow & { user_username: string; user_display_name: string; user_global_role: GlobalRole };

const userColumns = ', u.username AS user_username, u.display_name AS user_display_name, u.global_role AS user_global_role';

/** The select of a session with its user: `disabled_at` and the `user_` columns of SessionUserRow. */
export const sessionSelect = (withUser: boolean) =>
  `SELECT s.*, u.disabled_at AS disabled_at${withUser ? userColumns : ''} FROM sessions s JOIN users u ON u.id = s.user_id`;

export const toSessionWithUser = (r: SessionUserRow): DeviceSessionRecord & { user: UserRecord } => ({
  ...toSession(r),
  user: { id: r.user_id, username: r.user_username, displayName: r.user_display_name, globalRole: r.user_global_role },
});

/** A session with its user, and one meeting's columns (prefixed `meeting_`, null when there is no such meeting) with the user's role in it. */
export type SessionInMeetingRow = SessionUserRow & { [K in keyof MeetingRow as `meeting_${K}`]: MeetingRow[K] | null } & { member_role: MeetingRole | null };

const meetingKeys: (keyof MeetingRow)[] = ['id', 'title', 'status', 'starts_at', 'ends_at', 'venue', 'created_at', 'updated_at'];

/** The columns of SessionInMeetingRow, from `s` (session), `u` (its user), `m` (the meeting) and `mm` (the user's membership of it). */
export const sessionInMeetingColumns = `s.*, u.disabled_at AS disabled_at${userColumns}, ${meetingKeys.map((k) => `m.${k} AS meeting_${k}`).join(', ')}, mm.role AS member_role`;

/** sessionByToken with a meeting: placeholder 1 the meeting's id, 2 the token's hash. */
export const sessionInMeetingSql = (p: (n: number) => string) =>
  `SELECT ${sessionInMeetingColumns}
     FROM sessions s JOIN users u ON u.id = s.user_id
     LEFT JOIN meetings m ON m.id = ${p(1)} LEFT JOIN meeting_members mm ON mm.meeting_id = m.id AND mm.user_id = s.user_id
    WHERE s.token_hash = ${p(2)}`;

export const toSessionInMeeting = (r: SessionInMeetingRow): DeviceSessionRecord & { user: UserRecord; inMeeting: MeetingWithRole | null } => {
  const meeting = r.meeting_id === null ? null : (Object.fromEntries(meetingKeys.map((k) => [k, r[`meeting_${k}`]])) as unknown as MeetingRow);
  return { ...toSessionWithUser(r), inMeeting: meeting ? { meeting: toMeeting(meeting), role: r.member_role } : null };
};

/** The meeting with the caller's role beside it (`member_role`, null when not a member): getMeetingWithRole. */
export const meetingWithRoleSql = (p: (n: number) => string) =>
  `SELECT m.*, mm.role AS member_role FROM meetings m LEFT JOIN meeting_members mm ON mm.meeting_id = m.id AND mm.user_id = ${p(2)} WHERE m.id = ${p(1)}`;

export const toMeetingWithRole = (r: MeetingRow & { member_role: MeetingRole | null }): MeetingWithRole => ({ meeting: toMeeting(r), role: r.member_role });

export const toUser = (r: UserRow): UserRecord => ({ id: r.id, username: r.username, displayName: r.display_name, globalRole: r.global_role });

export const toMeeting = (r: MeetingRow): MeetingRecord => ({
  id: r.id,
  title: r.title,
  status: r.status,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  venue: r.venue,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toSession = (r: SessionRow): DeviceSessionRecord => ({
  id: r.id,
  tokenHash: r.token_hash,
  userId: r.user_id,
  deviceName: r.device_name,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  lastSeenIp: r.last_seen_ip,
  expiresAt: r.expires_at,
  absoluteExpiresAt: r.absolute_expires_at,
  lostAt: r.lost_at,
  lostBy: r.lost_by,
  userDisabled: r.disabled_at !== null,
});
