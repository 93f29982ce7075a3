/**
 * Who takes part in a meeting, as the records rules ask it, behind the records seam
 * (sql.ts): run inside the caller's read or transaction on either store.
 */
import type { MeetingRole } from '../../shared/roles';
import type { AttendanceStatus } from '../../shared/domain/attendance';
import { one, value, type Sql } from './sql';

export function* memberRole(meetingId: string, userId: string): Sql<MeetingRole | null> {
  return (yield* value<MeetingRole>('SELECT role FROM meeting_members WHERE meeting_id = ? AND user_id = ?', meetingId, userId)) ?? null;
}

/**
 * The member's role and attendance, read together (one round trip for a ballot's checks);
 * both null for someone who is not a member.
 */
export function* memberStanding(meetingId: string, userId: string): Sql<{ role: MeetingRole | null; attendance: AttendanceStatus | null }> {
  const r = yield* one<{ role: MeetingRole; status: AttendanceStatus | null }>(
    'SELECT mm.role, a.status FROM meeting_members mm LEFT JOIN attendance a ON a.meeting_id = mm.meeting_id AND a.user_id = mm.user_id WHERE mm.meeting_id = ? AND mm.user_id = ?',
    meetingId,
    userId,
  );
  return { role: r?.role ?? null, attendance: r?.status ?? null };
}

/** The user's display name; the id itself for an unknown user. */
export function* displayName(userId: string): Sql<string> {
  return (yield* value<string>('SELECT display_name FROM users WHERE id = ?', userId)) ?? userId;
}
