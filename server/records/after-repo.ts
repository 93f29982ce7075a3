/**
 * What follows the meeting, behind the records seam (sql.ts): conclusions (every version
 * kept) and follow-up tasks. Tasks leave here already as `Task` JSON text, built by string
 * joins from the stored JSON columns, so a list of 25,000 is one query and one join, not
 * 25,000 objects parsed and stringified again. (It was json_object in SQL; PostgreSQL
 * formats JSON differently, so the text is now built here, identically for both stores.)
 */
import type { Conclusion } from '../../shared/api/conclusions';
import { all, one, run, value, values, type Sql } from './sql';

const taskCols = `t.id, t.meeting_id, m.title AS meeting_title, t.conclusion_id, t.agenda_item_id, t.title, t.unit, t.assignee_user_id,
  u.display_name AS assignee_name, t.deadline, t.priority, t.created_at, t.created_by, t.completed_at, t.extensions, t.progress`;
const taskFrom = 'FROM tasks t JOIN meetings m ON m.id = t.meeting_id LEFT JOIN users u ON u.id = t.assignee_user_id';
const runnerIn = "('chair', 'vice_chair', 'secretariat')";

interface TaskJoinRow {
  id: string;
  meeting_id: string;
  meeting_title: string;
  conclusion_id: string | null;
  agenda_item_id: string | null;
  title: string;
  unit: string | null;
  assignee_user_id: string | null;
  assignee_name: string | null;
  deadline: string;
  priority: string;
  created_at: string;
  created_by: string;
  completed_at: string | null;
  extensions: string;
  progress: string;
}

const q = (v: string | null) => (v === null ? 'null' : JSON.stringify(v));

/**
 * One Task (shared/api/tasks) as JSON text, keys in the order the json_object of before
 * gave them. `extensions` and `progress` are stored as JSON.stringify wrote them, so they
 * are spliced in as they are (json() in SQLite only minified them, a no-op on that text).
 */
export function taskJsonOf(r: TaskJoinRow): string {
  return (
    `{"id":${q(r.id)},"meetingId":${q(r.meeting_id)},"meetingTitle":${q(r.meeting_title)},"conclusionId":${q(r.conclusion_id)},` +
    `"agendaItemId":${q(r.agenda_item_id)},"title":${q(r.title)},"unit":${q(r.unit)},"assigneeUserId":${q(r.assignee_user_id)},` +
    `"assigneeName":${q(r.assignee_name)},"deadline":${q(r.deadline)},"priority":${q(r.priority)},"createdAt":${q(r.created_at)},` +
    `"createdBy":${q(r.created_by)},"completedAt":${q(r.completed_at)},"extensions":${r.extensions},"progress":${r.progress}}`
  );
}

export interface ConclusionRow extends Conclusion {
  meetingId: string;
}

interface RawConclusion {
  id: string;
  meeting_id: string;
  agenda_item_id: string;
  version: number;
  text: string;
  poll_refs: string;
  finalised_at: string;
  finalised_by: string;
  corrects: string | null;
  reason: string | null;
}

const toConclusion = (r: RawConclusion): ConclusionRow => ({
  id: r.id,
  meetingId: r.meeting_id,
  agendaItemId: r.agenda_item_id,
  version: r.version,
  text: r.text,
  pollRefs: JSON.parse(r.poll_refs) as string[],
  finalisedAt: r.finalised_at,
  finalisedBy: r.finalised_by,
  corrects: r.corrects,
  reason: r.reason,
});

/** The columns of a task the server checks rules against. */
export interface TaskFactsRow {
  id: string;
  meeting_id: string;
  assignee_user_id: string | null;
  deadline: string;
  completed_at: string | null;
  extensions: string;
  progress: string;
}

export interface NewTask {
  id: string;
  meetingId: string;
  conclusionId: string | null;
  agendaItemId: string | null;
  title: string;
  unit: string | null;
  assigneeUserId: string | null;
  deadline: string;
  priority: string;
  createdAt: string;
  createdBy: string;
  completedAt: string | null;
  extensions: string;
  progress: string;
}

/** Conclusions and tasks: generator functions run by the caller's RecordsDb (read or transaction). */
export class AfterRepo {
  *conclusion(id: string): Sql<ConclusionRow | null> {
    const r = yield* one<RawConclusion>('SELECT * FROM conclusions WHERE id = ?', id);
    return r ? toConclusion(r) : null;
  }

  *latestConclusion(meetingId: string, agendaItemId: string): Sql<ConclusionRow | null> {
    const r = yield* one<RawConclusion>('SELECT * FROM conclusions WHERE meeting_id = ? AND agenda_item_id = ? ORDER BY version DESC LIMIT 1', meetingId, agendaItemId);
    return r ? toConclusion(r) : null;
  }

  /** The current final conclusion of every item that has one. */
  *latestConclusions(meetingId: string): Sql<Map<string, ConclusionRow>> {
    const rows = yield* all<RawConclusion>(
      `SELECT c.* FROM conclusions c WHERE c.meeting_id = ? AND c.version = (SELECT max(version) FROM conclusions x WHERE x.meeting_id = c.meeting_id AND x.agenda_item_id = c.agenda_item_id)
       ORDER BY c.agenda_item_id`,
      meetingId,
    );
    return new Map(rows.map((r) => [r.agenda_item_id, toConclusion(r)]));
  }

  *insertConclusion(c: ConclusionRow): Sql<void> {
    yield* run(
      'INSERT INTO conclusions (id, meeting_id, agenda_item_id, version, text, poll_refs, finalised_at, finalised_by, corrects, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      c.id,
      c.meetingId,
      c.agendaItemId,
      c.version,
      c.text,
      JSON.stringify(c.pollRefs),
      c.finalisedAt,
      c.finalisedBy,
      c.corrects,
      c.reason,
    );
  }

  *taskFacts(taskId: string): Sql<TaskFactsRow | null> {
    return (yield* one<TaskFactsRow>('SELECT id, meeting_id, assignee_user_id, deadline, completed_at, extensions, progress FROM tasks WHERE id = ?', taskId)) ?? null;
  }

  *insertTask(t: NewTask): Sql<void> {
    yield* run(
      `INSERT INTO tasks (id, meeting_id, conclusion_id, agenda_item_id, title, unit, assignee_user_id, deadline, priority, created_at, created_by, completed_at, extensions, progress)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      t.id,
      t.meetingId,
      t.conclusionId,
      t.agendaItemId,
      t.title,
      t.unit,
      t.assigneeUserId,
      t.deadline,
      t.priority,
      t.createdAt,
      t.createdBy,
      t.completedAt,
      t.extensions,
      t.progress,
    );
  }

  *setProgress(taskId: string, progress: string, completedAt: string | null): Sql<void> {
    yield* run('UPDATE tasks SET progress = ?, completed_at = ? WHERE id = ?', progress, completedAt, taskId);
  }

  *setExtensions(taskId: string, extensions: string): Sql<void> {
    yield* run('UPDATE tasks SET extensions = ? WHERE id = ?', extensions, taskId);
  }

  *taskJson(taskId: string): Sql<string | null> {
    const r = yield* one<TaskJoinRow>(`SELECT ${taskCols} ${taskFrom} WHERE t.id = ?`, taskId);
    return r ? taskJsonOf(r) : null;
  }

  /** Tasks made in the same instant (one batch from the chair) keep the order they were assigned in. */
  *taskJsonOfMeeting(meetingId: string): Sql<{ id: string; json: string }[]> {
    const rows = yield* all<TaskJoinRow>(`SELECT ${taskCols} ${taskFrom} WHERE t.meeting_id = ? ORDER BY t.created_at, t.rowid`, meetingId);
    return rows.map((r) => ({ id: r.id, json: taskJsonOf(r) }));
  }

  /** Tasks as JSON texts: `mine` (assigned to the user), `all` (their meetings as a runner, plus their own) or every task. */
  *taskJsonList(scope: 'mine' | 'all' | 'every', userId: string): Sql<string[]> {
    const rows =
      scope === 'mine'
        ? yield* all<TaskJoinRow>(`SELECT ${taskCols} ${taskFrom} WHERE t.assignee_user_id = ? ORDER BY t.created_at, t.rowid`, userId)
        : scope === 'all'
          ? yield* all<TaskJoinRow>(
              `SELECT ${taskCols} ${taskFrom}
               WHERE t.meeting_id IN (SELECT meeting_id FROM meeting_members WHERE user_id = ? AND role IN ${runnerIn}) OR t.assignee_user_id = ?
               ORDER BY t.created_at, t.rowid`,
              userId,
              userId,
            )
          : yield* all<TaskJoinRow>(`SELECT ${taskCols} ${taskFrom} ORDER BY t.created_at, t.rowid`);
    return rows.map(taskJsonOf);
  }

  *meetingsWithAfterData(): Sql<string[]> {
    return yield* values<string>('SELECT meeting_id FROM conclusions UNION SELECT meeting_id FROM tasks');
  }

  *isSecretariatSomewhere(userId: string): Sql<boolean> {
    return (yield* value<number>("SELECT 1 FROM meeting_members WHERE user_id = ? AND role = 'secretariat' LIMIT 1", userId)) !== undefined;
  }

  /** The next notice number of this server (1, 2, …), taken for a meeting. */
  *nextNoticeNumber(meetingId: string, at: string): Sql<number> {
    return (yield* value<number>('INSERT INTO notice_numbers (meeting_id, issued_at) VALUES (?, ?) RETURNING seq', meetingId, at))!;
  }

  /** Whether the poll is one of this meeting's (the rules of conclusions ask; its own statement, so this half does not wait on RecordsRepo). */
  *hasPoll(meetingId: string, pollId: string): Sql<boolean> {
    return (yield* value<number>('SELECT 1 FROM polls WHERE id = ? AND meeting_id = ?', pollId, meetingId)) !== undefined;
  }
}
