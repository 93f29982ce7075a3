/**
 * The rows both stores read (SQLite and PostgreSQL share column names and types) and the
 * records they become: one mapping, so the two stores cannot drift.
 */
import type { MeetingStatus } from '../../shared/meeting-enums';
import type { GlobalRole } from '../../shared/roles';
import type { DeviceSessionRecord, MeetingRecord, UserRecord } from './types';

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
