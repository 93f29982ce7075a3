/**
 * Reasons for absence (migration 15): per participant of a meeting, whether the absence is
 * excused (vắng có lý do) or not (vắng không lý do), and why. The secretariat records them
 * for the minutes; they are printed only for those the attendance shows as not present.
 */
import { all, run, type Sql } from '../records/sql';
import type { AbsenceReason } from '../../shared/organisations';

interface Row {
  user_id: string;
  excused: number;
  reason: string | null;
}

/** Behind the records seam (server/records/sql.ts): run by the caller's read or transaction. */
export function* absencesOf(meetingId: string): Sql<AbsenceReason[]> {
  const rows = yield* all<Row>('SELECT user_id, excused, reason FROM absence_reasons WHERE meeting_id = ? ORDER BY user_id', meetingId);
  return rows.map((r) => ({ userId: r.user_id, excused: r.excused === 1, reason: r.reason }));
}

export function* setAbsence(meetingId: string, a: AbsenceReason, by: string, at = new Date().toISOString()): Sql<void> {
  yield* run(
    `INSERT INTO absence_reasons (meeting_id, user_id, excused, reason, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (meeting_id, user_id) DO UPDATE SET excused = excluded.excused, reason = excluded.reason, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    meetingId,
    a.userId,
    a.excused ? 1 : 0,
    a.reason,
    at,
    by,
  );
}
