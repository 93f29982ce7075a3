/**
 * Reasons for absence (migration 15): per participant of a meeting, whether the absence is
 * excused (vắng có lý do) or not (vắng không lý do), and why. The secretariat records them
 * for the minutes; they are printed only for those the attendance shows as not present.
 */
import type Database from 'better-sqlite3';
import type { AbsenceReason } from '../../shared/organisations';

interface Row {
  user_id: string;
  excused: number;
  reason: string | null;
}

export class AbsenceReasons {
  private readonly q;

  constructor(db: Database.Database) {
    this.q = {
      all: db.prepare('SELECT user_id, excused, reason FROM absence_reasons WHERE meeting_id = ? ORDER BY user_id'),
      set: db.prepare(
        `INSERT INTO absence_reasons (meeting_id, user_id, excused, reason, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (meeting_id, user_id) DO UPDATE SET excused = excluded.excused, reason = excluded.reason, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ),
    };
  }

  ofMeeting(meetingId: string): AbsenceReason[] {
    return (this.q.all.all(meetingId) as Row[]).map((r) => ({ userId: r.user_id, excused: r.excused === 1, reason: r.reason }));
  }

  set(meetingId: string, a: AbsenceReason, by: string, at = new Date().toISOString()): void {
    this.q.set.run(meetingId, a.userId, a.excused ? 1 : 0, a.reason, at, by);
  }
}
