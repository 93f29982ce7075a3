/**
 * Who takes part in a meeting, as the records rules ask it, behind the records seam
 * (sql.ts): run inside the caller's read or transaction on either store.
 */
import type { MeetingRole } from '../../shared/roles';
import { value, type Sql } from './sql';

export function* memberRole(meetingId: string, userId: string): Sql<MeetingRole | null> {
  return (yield* value<MeetingRole>('SELECT role FROM meeting_members WHERE meeting_id = ? AND user_id = ?', meetingId, userId)) ?? null;
}

/** The user's display name; the id itself for an unknown user. */
export function* displayName(userId: string): Sql<string> {
  return (yield* value<string>('SELECT display_name FROM users WHERE id = ?', userId)) ?? userId;
}
