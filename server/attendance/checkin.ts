/**
 * Check-in records: a member marks themselves present while the window is open; the
 * secretariat marks anyone, any status, any time (bulk check-in, excused, substitutes).
 * The attendance table keeps one row per person, so a person counts once however many
 * times they were checked in; the latest accepted record wins.
 */
import { isVotingMember, type AttendanceMark } from '../../shared/domain/attendance';
import type { CheckInPayload } from '../../shared/api/attendance';
import { refuse, type Caller, type Refusal } from '../records/outcome';
import type { RecordsRepo } from '../records/repo';
import { defer, type Sql } from '../records/sql';
import { forgetStanding } from '../records/members';

export type CheckInOutcome = { ok: true; userId: string; mark: AttendanceMark } | Refusal;

export function* checkIn(repo: RecordsRepo, meetingId: string, caller: Caller, p: CheckInPayload, now: string): Sql<CheckInOutcome> {
  const bySecretariat = caller.role === 'secretariat';
  if (!bySecretariat) {
    if (p.userId !== caller.id) return refuse('forbidden', 'You can check in only yourself; the secretariat checks in others.', 'checkin_self_only');
    if (p.status !== 'present') return refuse('forbidden', 'Only the secretariat can record an absence or an excused absence.', 'checkin_marks_secretariat');
    if (p.substitute !== null) return refuse('forbidden', 'Only the secretariat can record a substitute.', 'checkin_marks_secretariat');
  }
  const role = yield* repo.memberRole(meetingId, p.userId);
  if (!role || !isVotingMember(role)) {
    const name = yield* repo.displayName(p.userId);
    return refuse('not_found', `${name} is not a member of this meeting.`, 'not_member', { name });
  }
  if (!bySecretariat && !(yield* repo.checkInOpenForRecords(meetingId))) return refuse('conflict', 'Check-in is closed for this meeting.', 'checkin_closed');
  const mark: AttendanceMark = { status: p.status, at: now, by: caller.id, substitute: p.status === 'present' ? p.substitute : null };
  // Deferred: nothing here reads its answer; the receipt's audit entry is made from `mark`.
  yield* defer(
    `INSERT INTO attendance (meeting_id, user_id, status, substitute, at, by_user) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (meeting_id, user_id) DO UPDATE SET status = excluded.status, substitute = excluded.substitute, at = excluded.at, by_user = excluded.by_user`,
    meetingId,
    p.userId,
    mark.status,
    mark.substitute ?? null,
    mark.at,
    mark.by,
  );
  yield* forgetStanding(meetingId, p.userId);
  return { ok: true, userId: p.userId, mark };
}
