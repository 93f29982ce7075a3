/**
 * How the screens read a task. Every status and count comes from shared/domain/tasks —
 * the same functions the server's monthly report uses — so the dashboard can never
 * disagree with the report; this file only feeds them the right facts.
 */
import type { Task } from '../../../shared/api/tasks';
import { effectiveDeadline, taskStatus, vietnamDay, type TaskFacts, type TaskStatus } from '../../../shared/domain/tasks';

/** The facts the status function needs, with the deadline after any extension. */
export function taskFacts(task: Task): TaskFacts {
  return { deadline: effectiveDeadline(task.deadline, task.extensions), completedAt: task.completedAt, createdAt: task.createdAt };
}

export function statusOf(task: Task, now: string): TaskStatus {
  return taskStatus(taskFacts(task), now);
}

/** The month a task was assigned, in Vietnam ("2026-10"): the column the monthly report groups by. */
export function assignedMonth(task: Task): string {
  return vietnamDay(task.createdAt).slice(0, 7);
}

/** Today in Vietnam, as the deadline field's minimum: a deadline in the past is refused anyway. */
export function todayInVietnam(now: string = new Date().toISOString()): string {
  return vietnamDay(now);
}

/** Who owns a task, as one line: unit and/or person. */
export function ownerLine(task: Pick<Task, 'unit' | 'assigneeName' | 'assigneeUserId'>): string {
  const person = task.assigneeName ?? task.assigneeUserId;
  return [task.unit, person].filter(Boolean).join(' · ');
}

/** "2026-12-31" → "31/12/2026": day first, as both vi and en-GB readers expect. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-');
  return y && m && d ? `${d}/${m}/${y}` : day;
}
