/**
 * Follow-up tasks: `task` records (assigned from a conclusion), `task_progress` records
 * (the assignee reports, or completes), and deadline extensions by the secretariat.
 * Status is never stored: shared/domain/tasks computes it from deadline and completedAt.
 */
import { ApiError } from '../../shared/errors';
import { effectiveDeadline, vietnamDay } from '../../shared/domain/tasks';
import type { TaskPayload, TaskProgressPayload } from '../../shared/api/tasks';
import { sha256, type AfterDeps } from '../conclusions/conclusions';
import { refuse, type Caller, type Refusal } from '../records/outcome';
import type { Sql } from '../records/sql';
import { displayName, memberRole } from '../records/members';

const assigners = new Set(['chair', 'vice_chair', 'secretariat']);

interface Extension {
  deadline: string;
  reason: string;
  at: string;
  by: string;
}
interface Progress {
  at: string;
  by: string;
  byName: string;
  note: string;
  documentId: string | null;
  completed: boolean;
}

/** "2026-10-05" → "05/10/2026", the way a Vietnamese reader writes a date. */
export const vnDate = (day: string) => day.split('-').reverse().join('/');

function realDay(day: string): boolean {
  const t = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === day;
}

export function* createTask(deps: AfterDeps, meetingId: string, caller: Caller, p: TaskPayload, received: string): Sql<{ taskId: string } | Refusal> {
  // The instant the receipt carries (the server's clock, a test clock when set): asking the clock again could differ by a millisecond.
  const now = received;
  if (!assigners.has(caller.role)) return refuse('forbidden', 'Only the chair, a vice chair or the secretariat of this meeting can assign tasks.');
  if (!realDay(p.deadline)) return refuse('invalid_input', `The deadline ${p.deadline} is not a date in the calendar.`);
  // Deadlines are Vietnamese calendar days: "today" is today in Hanoi, wherever the server is.
  const today = vietnamDay(now);
  if (p.deadline < today) return refuse('invalid_input', `The deadline ${vnDate(p.deadline)} is already past. Choose today (${vnDate(today)}) or later.`, 'deadline_past', { deadline: p.deadline, today });
  if (p.assigneeUserId && !(yield* memberRole(meetingId, p.assigneeUserId))) {
    return refuse('invalid_input', `${yield* displayName(p.assigneeUserId)} is not a participant of this meeting; assign the task to a participant or to a unit.`);
  }
  let agendaItemId = p.agendaItemId;
  if (p.conclusionId) {
    const c = yield* deps.after.conclusion(p.conclusionId);
    if (!c || c.meetingId !== meetingId) return refuse('invalid_input', 'The conclusion this task is assigned from does not exist in this meeting.');
    agendaItemId ??= c.agendaItemId;
  }
  if (agendaItemId && deps.facts && !deps.facts.agendaItemIds.has(agendaItemId)) {
    return refuse('invalid_input', `There is no agenda item "${agendaItemId}" in this meeting.`);
  }
  if (yield* deps.after.taskFacts(p.taskId)) return refuse('conflict', 'A task with this id already exists.');
  yield* deps.after.insertTask({
    id: p.taskId,
    meetingId,
    conclusionId: p.conclusionId,
    agendaItemId,
    title: p.title,
    unit: p.unit,
    assigneeUserId: p.assigneeUserId,
    deadline: p.deadline,
    priority: p.priority,
    createdAt: now,
    createdBy: caller.id,
    completedAt: null,
    extensions: '[]',
    progress: '[]',
  });
  yield* deps.audit.append(
    meetingId,
    'task.assigned',
    { taskId: p.taskId, conclusionId: p.conclusionId, agendaItemId, title: p.title, unit: p.unit, assigneeUserId: p.assigneeUserId, deadline: p.deadline, priority: p.priority, by: caller.id },
    now,
  );
  return { taskId: p.taskId };
}

export function* reportProgress(deps: AfterDeps, meetingId: string, caller: Caller, p: TaskProgressPayload, received: string): Sql<{ taskId: string } | Refusal> {
  // The instant the receipt carries (the server's clock, a test clock when set): asking the clock again could differ by a millisecond.
  const now = received;
  const task = yield* deps.after.taskFacts(p.taskId);
  if (!task || task.meeting_id !== meetingId) return refuse('not_found', 'There is no such task in this meeting.');
  if (task.assignee_user_id !== caller.id && caller.role !== 'secretariat') {
    return refuse('forbidden', 'Only the person the task is assigned to can report on it.', 'not_assignee');
  }
  if (task.completed_at && p.completed) {
    return refuse('conflict', `This task was already completed on ${vnDate(vietnamDay(task.completed_at))}; it cannot be completed again.`, 'task_completed', { day: vietnamDay(task.completed_at) });
  }
  if (p.documentId && deps.facts && !deps.facts.documentIds.has(p.documentId)) {
    return refuse('invalid_input', 'The attached document is not a document of this meeting; upload it first.');
  }
  const progress = JSON.parse(task.progress) as Progress[];
  progress.push({ at: now, by: caller.id, byName: yield* displayName(caller.id), note: p.note, documentId: p.documentId, completed: p.completed });
  // Completion time is when the server received it, never the device's clock.
  const completedAt = task.completed_at ?? (p.completed ? now : null);
  yield* deps.after.setProgress(task.id, JSON.stringify(progress), completedAt);
  yield* deps.audit.append(meetingId, p.completed ? 'task.completed' : 'task.progress', { taskId: task.id, by: caller.id, noteSha256: sha256(p.note), documentId: p.documentId }, now);
  return { taskId: task.id };
}

/** Extends a task's deadline (secretariat, checked by the route). Throws ApiError on bad input. */
export function* extendTask(deps: Omit<AfterDeps, 'facts' | 'repo'>, taskId: string, by: string, deadline: string, reason: string, now: string): Sql<string> {
  const task = yield* deps.after.taskFacts(taskId);
  if (!task) throw new ApiError('not_found', 'There is no such task.');
  if (task.completed_at) throw new ApiError('conflict', 'This task is already completed; its deadline can no longer change.');
  if (!realDay(deadline)) throw new ApiError('invalid_input', `The field "deadline" is not valid: ${deadline} is not a date in the calendar.`);
  const extensions = JSON.parse(task.extensions) as Extension[];
  const current = effectiveDeadline(task.deadline, extensions);
  if (deadline <= current) {
    throw new ApiError('invalid_input', `The field "deadline" is not valid: an extension must be later than the current deadline (${vnDate(current)}).`);
  }
  extensions.push({ deadline, reason, at: now, by });
  yield* deps.after.setExtensions(taskId, JSON.stringify(extensions));
  yield* deps.audit.append(task.meeting_id, 'task.extended', { taskId, from: current, deadline, reason, by }, now);
  return task.meeting_id;
}
