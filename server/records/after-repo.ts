/**
 * Prepared statements for what follows the meeting: conclusions (every version kept) and
 * follow-up tasks. Tasks leave the database already as `Task` JSON (json_object in SQL),
 * so a list of 25,000 is one query and one string join, not 25,000 objects built in JS
 * and stringified again.
 */
import type { Conclusion } from '../../shared/api/conclusions';
import type { Db } from './db';

/** One Task (shared/api/tasks) as JSON text; the shape is checked by the tests against the schema. */
const taskJsonSql = `json_object(
  'id', t.id, 'meetingId', t.meeting_id, 'meetingTitle', m.title, 'conclusionId', t.conclusion_id,
  'agendaItemId', t.agenda_item_id, 'title', t.title, 'unit', t.unit, 'assigneeUserId', t.assignee_user_id,
  'assigneeName', u.display_name, 'deadline', t.deadline, 'priority', t.priority, 'createdAt', t.created_at,
  'createdBy', t.created_by, 'completedAt', t.completed_at, 'extensions', json(t.extensions), 'progress', json(t.progress))`;
const taskFrom = 'FROM tasks t JOIN meetings m ON m.id = t.meeting_id LEFT JOIN users u ON u.id = t.assignee_user_id';
const runnerIn = "('chair', 'vice_chair', 'secretariat')";

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

export class AfterRepo {
  readonly q;

  constructor(readonly db: Db) {
    this.q = {
      conclusion: db.prepare('SELECT * FROM conclusions WHERE id = ?'),
      latestConclusion: db.prepare('SELECT * FROM conclusions WHERE meeting_id = ? AND agenda_item_id = ? ORDER BY version DESC LIMIT 1'),
      latestConclusions: db.prepare(
        `SELECT c.* FROM conclusions c WHERE c.meeting_id = ? AND c.version = (SELECT max(version) FROM conclusions x WHERE x.meeting_id = c.meeting_id AND x.agenda_item_id = c.agenda_item_id)`,
      ),
      insertConclusion: db.prepare(
        'INSERT INTO conclusions (id, meeting_id, agenda_item_id, version, text, poll_refs, finalised_at, finalised_by, corrects, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),

      taskFacts: db.prepare('SELECT id, meeting_id, assignee_user_id, deadline, completed_at, extensions, progress FROM tasks WHERE id = ?'),
      insertTask: db.prepare(
        `INSERT INTO tasks (id, meeting_id, conclusion_id, agenda_item_id, title, unit, assignee_user_id, deadline, priority, created_at, created_by, completed_at, extensions, progress)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      setProgress: db.prepare('UPDATE tasks SET progress = ?, completed_at = ? WHERE id = ?'),
      setExtensions: db.prepare('UPDATE tasks SET extensions = ? WHERE id = ?'),
      taskJson: db.prepare(`SELECT ${taskJsonSql} ${taskFrom} WHERE t.id = ?`).pluck(),
      // Tasks made in the same instant (one batch from the chair) keep the order they were assigned in.
      taskJsonOfMeeting: db.prepare(`SELECT t.id AS id, ${taskJsonSql} AS json ${taskFrom} WHERE t.meeting_id = ? ORDER BY t.created_at, t.rowid`),
      tasksMine: db.prepare(`SELECT ${taskJsonSql} ${taskFrom} WHERE t.assignee_user_id = ? ORDER BY t.created_at, t.rowid`).pluck(),
      tasksAll: db
        .prepare(
          `SELECT ${taskJsonSql} ${taskFrom}
           WHERE t.meeting_id IN (SELECT meeting_id FROM meeting_members WHERE user_id = ? AND role IN ${runnerIn}) OR t.assignee_user_id = ?
           ORDER BY t.created_at, t.rowid`,
        )
        .pluck(),
      tasksEvery: db.prepare(`SELECT ${taskJsonSql} ${taskFrom} ORDER BY t.created_at, t.rowid`).pluck(),
      meetingsWithAfter: db.prepare('SELECT meeting_id FROM conclusions UNION SELECT meeting_id FROM tasks'),
      isSecretariatSomewhere: db.prepare("SELECT 1 FROM meeting_members WHERE user_id = ? AND role = 'secretariat' LIMIT 1").pluck(),
      nextNotice: db.prepare('INSERT INTO notice_numbers (meeting_id, issued_at) VALUES (?, ?) RETURNING seq').pluck(),
    };
  }

  conclusion(id: string): ConclusionRow | null {
    const r = this.q.conclusion.get(id) as RawConclusion | undefined;
    return r ? toConclusion(r) : null;
  }

  latestConclusion(meetingId: string, agendaItemId: string): ConclusionRow | null {
    const r = this.q.latestConclusion.get(meetingId, agendaItemId) as RawConclusion | undefined;
    return r ? toConclusion(r) : null;
  }

  /** The current final conclusion of every item that has one. */
  latestConclusions(meetingId: string): Map<string, ConclusionRow> {
    const rows = (this.q.latestConclusions.all(meetingId) as RawConclusion[]).map(toConclusion);
    return new Map(rows.map((c) => [c.agendaItemId, c]));
  }

  taskFacts(taskId: string): TaskFactsRow | null {
    return (this.q.taskFacts.get(taskId) as TaskFactsRow | undefined) ?? null;
  }

  taskJson(taskId: string): string | null {
    return (this.q.taskJson.get(taskId) as string | undefined) ?? null;
  }

  taskJsonOfMeeting(meetingId: string): { id: string; json: string }[] {
    return this.q.taskJsonOfMeeting.all(meetingId) as { id: string; json: string }[];
  }

  /** Tasks as JSON texts: `mine` (assigned to the user), `all` (their meetings as a runner, plus their own) or every task. */
  taskJsonList(scope: 'mine' | 'all' | 'every', userId: string): string[] {
    if (scope === 'mine') return this.q.tasksMine.all(userId) as string[];
    if (scope === 'all') return this.q.tasksAll.all(userId, userId) as string[];
    return this.q.tasksEvery.all() as string[];
  }

  meetingsWithAfterData(): string[] {
    return (this.q.meetingsWithAfter.all() as { meeting_id: string }[]).map((r) => r.meeting_id);
  }

  isSecretariatSomewhere(userId: string): boolean {
    return this.q.isSecretariatSomewhere.get(userId) !== undefined;
  }

  /** The next notice number of this server (1, 2, …), taken for a meeting. */
  nextNoticeNumber(meetingId: string, at: string): number {
    return this.q.nextNotice.get(meetingId, at) as number;
  }
}
