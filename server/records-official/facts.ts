/**
 * What a meeting recorded, gathered once for its notice and its minutes: the meeting doc,
 * attendance, speakers in order, polls with their tallies, final conclusions and tasks.
 */
import { Task } from '../../shared/api/tasks';
import type { AttendanceMark } from '../../shared/domain/attendance';
import { readMeeting, type MeetingContent } from '../../shared/ydoc/meeting';
import type { PollRow } from '../records/repo';
import type { RecordsService } from '../records/service';
import type { AbsenceReason } from '../../shared/organisations';
import { absencesOf } from './absences';
import { all, one } from '../records/sql';
import type { SyncedDocs } from '../sync/synced-docs';

export interface SpokeRow {
  name: string;
  agendaItemId: string | null;
  requestedAt: string;
}

export interface RecordFacts {
  content: MeetingContent;
  attendance: Map<string, AttendanceMark>;
  /** Why those not present were absent, by user id (recorded by the secretariat). */
  absences: Map<string, AbsenceReason>;
  speakers: SpokeRow[];
  polls: PollRow[];
  conclusions: Map<string, { text: string; version: number }>;
  tasks: Task[];
  /** When the meeting was opened and closed: the first and last audit entries, else the schedule. */
  openedAt: string | null;
  closedAt: string | null;
}

export async function gatherFacts(deps: { docs: SyncedDocs; records: RecordsService }, meetingId: string): Promise<RecordFacts> {
  const content = await deps.docs.read(`meeting/${meetingId}`, (doc) => readMeeting(doc));
  const { records } = deps;
  const stored = await records.rdb.read(function* () {
    const speakers = yield* all<SpokeRow>(
      `SELECT name, agenda_item_id AS "agendaItemId", requested_at AS "requestedAt" FROM speaker_requests
       WHERE meeting_id = ? AND status IN ('speaking', 'done') ORDER BY requested_at, rowid`,
      meetingId,
    );
    const span = (yield* one<{ first: string | null; last: string | null }>('SELECT min(at) AS first, max(at) AS last FROM audit_log WHERE meeting_id = ?', meetingId))!;
    return {
      speakers,
      span,
      absences: yield* absencesOf(meetingId),
      attendance: yield* records.repo.allAttendance(meetingId),
      polls: yield* records.repo.polls(meetingId),
      conclusions: yield* records.after.latestConclusions(meetingId),
      tasks: (yield* records.after.taskJsonOfMeeting(meetingId)).map((r) => Task.parse(JSON.parse(r.json))),
    };
  });
  return {
    content,
    attendance: stored.attendance,
    absences: new Map(stored.absences.map((a) => [a.userId, a])),
    speakers: stored.speakers,
    polls: stored.polls,
    conclusions: stored.conclusions,
    tasks: stored.tasks,
    openedAt: content.meta.startsAt ?? stored.span.first,
    closedAt: content.meta.endsAt ?? stored.span.last,
  };
}
