/**
 * What a meeting recorded, gathered once for its notice and its minutes: the meeting doc,
 * attendance, speakers in order, polls with their tallies, final conclusions and tasks.
 */
import type Database from 'better-sqlite3';
import { Task } from '../../shared/api/tasks';
import type { AttendanceMark } from '../../shared/domain/attendance';
import { readMeeting, type MeetingContent } from '../../shared/ydoc/meeting';
import type { PollRow } from '../records/repo';
import type { RecordsService } from '../records/service';
import type { AbsenceReason } from '../../shared/organisations';
import { AbsenceReasons } from './absences';
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

export async function gatherFacts(deps: { docs: SyncedDocs; records: RecordsService; db: Database.Database }, meetingId: string): Promise<RecordFacts> {
  const content = await deps.docs.read(`meeting/${meetingId}`, (doc) => readMeeting(doc));
  const { records, db } = deps;
  const speakers = db
    .prepare(
      `SELECT name, agenda_item_id AS agendaItemId, requested_at AS requestedAt FROM speaker_requests
       WHERE meeting_id = ? AND status IN ('speaking', 'done') ORDER BY requested_at, rowid`,
    )
    .all(meetingId) as SpokeRow[];
  const span = db.prepare('SELECT min(at) AS first, max(at) AS last FROM audit_log WHERE meeting_id = ?').get(meetingId) as { first: string | null; last: string | null };
  const { attendance, polls } = await records.rdb.read(function* () {
    return { attendance: yield* records.repo.allAttendance(meetingId), polls: yield* records.repo.polls(meetingId) };
  });
  return {
    content,
    attendance,
    absences: new Map(new AbsenceReasons(db).ofMeeting(meetingId).map((a) => [a.userId, a])),
    speakers,
    polls,
    conclusions: records.after.latestConclusions(meetingId),
    tasks: records.after.taskJsonOfMeeting(meetingId).map((r) => Task.parse(JSON.parse(r.json))),
    openedAt: content.meta.startsAt ?? span.first,
    closedAt: content.meta.endsAt ?? span.last,
  };
}
