/**
 * Follow-up tasks from meeting conclusions, classified the way Vietnam's government
 * reports them: completed on time, completed late, in progress within the deadline,
 * overdue. Deadlines are calendar days in Vietnam (Asia/Ho_Chi_Minh, UTC+7 all year, no
 * daylight saving since 1975): a task finished at 23:59 on its deadline day is on time,
 * one finished at 00:01 the next morning is late — whatever the device's own time zone.
 */
export type TaskStatus = 'done_on_time' | 'done_late' | 'in_progress' | 'overdue';

export const taskStatuses: readonly TaskStatus[] = ['done_on_time', 'done_late', 'in_progress', 'overdue'];

export interface TaskFacts {
  /** YYYY-MM-DD, the day it is due (after any extension). */
  deadline: string;
  /** ISO instant it was completed, or null. */
  completedAt: string | null;
  /** ISO instant it was assigned. */
  createdAt: string;
}

const vietnamOffsetMs = 7 * 3600_000;

/** A UTC instant as toISOString writes it, before 17:00 UTC (so still that day in Vietnam), on days 01–28 of a month. */
const sameDayUtc = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:0\d|1[0-6]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?Z$/;

/** The calendar day in Vietnam at an instant. */
export function vietnamDay(isoInstant: string): string {
  // The dashboard asks this of every task on every recount: the common shape (the server's
  // own UTC stamps, before 17:00 UTC) is answered without building a Date, the same answer.
  if (sameDayUtc.test(isoInstant)) return isoInstant.slice(0, 10);
  const t = Date.parse(isoInstant);
  if (Number.isNaN(t)) throw new Error(`Not a date and time: ${isoInstant}`);
  return new Date(t + vietnamOffsetMs).toISOString().slice(0, 10);
}

export function taskStatus(task: TaskFacts, now: string): TaskStatus {
  return taskStatusOn(task, task.completedAt ? '' : vietnamDay(now));
}

/** taskStatus with today's Vietnamese day already worked out, for counting many tasks at one moment. */
export function taskStatusOn(task: TaskFacts, today: string): TaskStatus {
  if (task.completedAt) return vietnamDay(task.completedAt) <= task.deadline ? 'done_on_time' : 'done_late';
  return today <= task.deadline ? 'in_progress' : 'overdue';
}

/** The deadline that counts: the last extension, or the original. */
export function effectiveDeadline(original: string, extensions: readonly { deadline: string }[]): string {
  return extensions.length ? extensions[extensions.length - 1]!.deadline : original;
}

export interface StatusCounts {
  total: number;
  done_on_time: number;
  done_late: number;
  in_progress: number;
  overdue: number;
  /** done_on_time + done_late */
  done: number;
}

export function emptyCounts(): StatusCounts {
  return { total: 0, done_on_time: 0, done_late: 0, in_progress: 0, overdue: 0, done: 0 };
}

export function countStatuses<T extends TaskFacts>(tasks: readonly T[], now: string): StatusCounts {
  const c = emptyCounts();
  const today = vietnamDay(now);
  for (const t of tasks) {
    const s = taskStatusOn(t, today);
    c[s]++;
    c.total++;
    if (s === 'done_on_time' || s === 'done_late') c.done++;
  }
  return c;
}

/** Percentages of the total, one decimal, for the report's columns. */
export function percentages(c: StatusCounts): Record<TaskStatus | 'done', number> {
  const pct = (n: number) => (c.total ? Math.round((n / c.total) * 1000) / 10 : 0);
  return { done: pct(c.done), done_on_time: pct(c.done_on_time), done_late: pct(c.done_late), in_progress: pct(c.in_progress), overdue: pct(c.overdue) };
}

/** Last instant of a month in Vietnam, as ISO (the "as of" moment of a monthly report). */
export function endOfVietnamMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const firstOfNext = Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1) - vietnamOffsetMs;
  return new Date(firstOfNext - 1).toISOString();
}

export interface MonthlyReport<K extends string> {
  month: string;
  asOf: string;
  total: StatusCounts;
  groups: { key: K; counts: StatusCounts }[];
}

/**
 * The monthly monitoring report: every task assigned by the end of the month, classified
 * as of that moment (so a report for October still says what October's said, whenever
 * it is produced), grouped by unit, meeting or anything else.
 */
export function monthlyReport<T extends TaskFacts, K extends string>(tasks: readonly T[], month: string, groupBy: (t: T) => K): MonthlyReport<K> {
  const asOf = endOfVietnamMonth(month);
  const inScope = tasks
    .filter((t) => Date.parse(t.createdAt) <= Date.parse(asOf))
    // A task completed after the report date was still open on that date.
    .map((t) => (t.completedAt && Date.parse(t.completedAt) > Date.parse(asOf) ? { ...t, completedAt: null } : t));
  const groups = new Map<K, T[]>();
  for (const t of inScope) {
    const k = groupBy(t);
    const list = groups.get(k);
    if (list) list.push(t);
    else groups.set(k, [t]);
  }
  return {
    month,
    asOf,
    total: countStatuses(inScope, asOf),
    groups: [...groups].map(([key, list]) => ({ key, counts: countStatuses(list, asOf) })).sort((a, b) => b.counts.total - a.counts.total || a.key.localeCompare(b.key)),
  };
}
