/**
 * Who takes part in a meeting, as the records rules ask it, behind the records seam
 * (sql.ts): run inside the caller's read or transaction on either store.
 */
import type { MeetingRole } from '../../shared/roles';
import type { AttendanceStatus } from '../../shared/domain/attendance';
import { inChunks, one, txMemo, value, type Planned, type Sql } from './sql';

export interface Standing {
  role: MeetingRole | null;
  attendance: AttendanceStatus | null;
}

/**
 * A member's standing as a group's warm-up read it (standingsPlanned), in the transaction's
 * memo: valid while the transaction holds the meeting's lock, since attendance is written
 * only under it (checkIn, which forgets the entry). Membership is the store's and may change
 * meanwhile, as it may between any two statements: the group then saw it a moment earlier.
 */
const standingKey = (meetingId: string, userId: string) => `standing:${meetingId}:${userId}`;

function* warmed(meetingId: string, userId: string): Sql<Standing | undefined> {
  return (yield* txMemo()).get(standingKey(meetingId, userId)) as Standing | undefined;
}

export function* memberRole(meetingId: string, userId: string): Sql<MeetingRole | null> {
  const known = yield* warmed(meetingId, userId);
  if (known) return known.role;
  return (yield* value<MeetingRole>('SELECT role FROM meeting_members WHERE meeting_id = ? AND user_id = ?', meetingId, userId)) ?? null;
}

const standingSql =
  'SELECT mm.user_id, mm.role, a.status FROM meeting_members mm LEFT JOIN attendance a ON a.meeting_id = mm.meeting_id AND a.user_id = mm.user_id WHERE mm.meeting_id = ? AND mm.user_id';

/**
 * The member's role and attendance, read together (one round trip for a ballot's checks);
 * both null for someone who is not a member.
 */
export function* memberStanding(meetingId: string, userId: string): Sql<Standing> {
  const known = yield* warmed(meetingId, userId);
  if (known) return known;
  const r = yield* one<{ role: MeetingRole; status: AttendanceStatus | null }>(`${standingSql} = ?`, meetingId, userId);
  return { role: r?.role ?? null, attendance: r?.status ?? null };
}

/** The reads of the standing of all `userIds` at once, for the transaction's memo (a group's warm-up). */
export function standingsPlanned(meetingId: string, userIds: readonly string[]): Planned[] {
  return inChunks(userIds).map((chunk) => ({
    sql: `${standingSql} IN (${chunk.marks})`,
    params: [meetingId, ...chunk.values],
    fill(rows, memo) {
      const found = new Map((rows as { user_id: string; role: MeetingRole; status: AttendanceStatus | null }[]).map((r) => [r.user_id, r]));
      for (const id of chunk.values) {
        const r = found.get(id);
        memo.set(standingKey(meetingId, id), { role: r?.role ?? null, attendance: r?.status ?? null } satisfies Standing);
      }
    },
  }));
}

/** After a write of the member's attendance: the next look reads it again. */
export function* forgetStanding(meetingId: string, userId: string): Sql<void> {
  (yield* txMemo()).delete(standingKey(meetingId, userId));
}

/** The user's display name; the id itself for an unknown user. */
export function* displayName(userId: string): Sql<string> {
  return (yield* value<string>('SELECT display_name FROM users WHERE id = ?', userId)) ?? userId;
}
