/**
 * The dashboard's arithmetic, kept out of React so it can be timed and tested. Rows are
 * prepared once per task list (facts, status, folded text); a filter change then only
 * filters an array and recounts it with shared/domain/tasks countStatuses — the same
 * function the monthly report uses — so 25,000 tasks recount in a few milliseconds.
 */
import { countStatuses, emptyCounts, taskStatuses, taskStatusOn, vietnamDay, type StatusCounts, type TaskFacts, type TaskStatus } from '../../../shared/domain/tasks';
import { fold } from '../../../shared/domain/participants-import';
import type { Task } from '../../../shared/http';
import { assignedMonth, taskFacts } from './taskModel';

export interface Row extends TaskFacts {
  task: Task;
  status: TaskStatus;
  /** The unit, or the person when no unit is named ("—" groups neither). */
  unitKey: string;
  month: string;
  /** Title, unit, person and meeting, folded (no diacritics, đ→d) for the text filter. */
  haystack: string;
  /** Positions in `keys` and in taskStatuses: the group columns count into arrays by these. */
  unitIx: number;
  meetingIx: number;
  monthIx: number;
  statusIx: number;
  /** The units, meetings and months of the list the row was prepared in (one object for all its rows). */
  keys: GroupKeys;
}

export interface GroupKeys {
  units: string[];
  meetings: { id: string; title: string }[];
  months: string[];
}

export const noUnit = '—';

const rank: Record<TaskStatus, number> = { overdue: 0, in_progress: 1, done_late: 2, done_on_time: 3 };

type Fixed = Omit<Row, 'status' | 'statusIx' | 'unitIx' | 'meetingIx' | 'monthIx' | 'keys'>;
/**
 * What does not depend on the time, per task object: "now" moves every minute, and folding
 * 25,000 texts again each time would cost more than everything else together.
 */
const fixedOf = new WeakMap<Task, Fixed>();

function fixed(task: Task): Fixed {
  let f = fixedOf.get(task);
  if (!f) {
    f = {
      ...taskFacts(task),
      task,
      unitKey: task.unit?.trim() || noUnit,
      month: assignedMonth(task),
      haystack: fold([task.title, task.unit, task.assigneeName, task.meetingTitle].filter(Boolean).join(' | ')),
    };
    fixedOf.set(task, f);
  }
  return f;
}

/**
 * Rows in table order — overdue first, then the nearest deadline, what needs chasing on
 * top — sorted once here so a filter (which keeps order) never sorts 25,000 rows again.
 */
export function prepareRows(tasks: readonly Task[], now: string): Row[] {
  const today = vietnamDay(now);
  const keys: GroupKeys = { units: [], meetings: [], months: [] };
  const unitIx = new Map<string, number>();
  const meetingIx = new Map<string, number>();
  const monthIx = new Map<string, number>();
  const indexOf = (map: Map<string, number>, key: string, push: () => number) => {
    let i = map.get(key);
    if (i === undefined) map.set(key, (i = push() - 1));
    return i;
  };
  const rows = tasks.map((task): Row => {
    const f = fixed(task);
    const status = taskStatusOn(f, today);
    return {
      ...f,
      status,
      statusIx: statusIx[status],
      unitIx: indexOf(unitIx, f.unitKey, () => keys.units.push(f.unitKey)),
      meetingIx: indexOf(meetingIx, task.meetingId, () => keys.meetings.push({ id: task.meetingId, title: task.meetingTitle })),
      monthIx: indexOf(monthIx, f.month, () => keys.months.push(f.month)),
      keys,
    };
  });
  // Plain comparison, not localeCompare: ISO days sort as strings, and ICU collation is far slower.
  return rows.sort((a, b) => rank[a.status] - rank[b.status] || (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0));
}

const statusIx = Object.fromEntries(taskStatuses.map((s, i) => [s, i])) as Record<TaskStatus, number>;

export interface Filters {
  /** A status, 'done' (either kind of completed), or '' for all. */
  status: TaskStatus | 'done' | '';
  unit: string;
  meetingId: string;
  month: string;
  text: string;
}

export const noFilters: Filters = { status: '', unit: '', meetingId: '', month: '', text: '' };

export interface Group {
  key: string;
  label: string;
  counts: StatusCounts;
}

export interface Recount {
  rows: Row[];
  counts: StatusCounts;
  byUnit: Group[];
  byMeeting: Group[];
  byMonth: Group[];
  /** How long filtering and counting took, for the benchmark (data-recount-ms). */
  ms: number;
}

/**
 * The unit, meeting and month columns in one pass over the filtered rows, each adding up
 * the status prepareRows got from the one status function (taskStatusOn), into flat
 * arrays by the rows' group positions: deriving every status again per column, or a map
 * look-up per row and column, would cost more than the filter and the headline count.
 */
function groups(rows: readonly Row[]): { byUnit: Group[]; byMeeting: Group[]; byMonth: Group[] } {
  const keys = rows[0]?.keys;
  if (!keys) return { byUnit: [], byMeeting: [], byMonth: [] };
  const s = taskStatuses.length;
  const units = new Int32Array(keys.units.length * s);
  const meetings = new Int32Array(keys.meetings.length * s);
  const months = new Int32Array(keys.months.length * s);
  for (const r of rows) {
    units[r.unitIx * s + r.statusIx]!++;
    meetings[r.meetingIx * s + r.statusIx]!++;
    months[r.monthIx * s + r.statusIx]!++;
  }
  const out = (counts: Int32Array, key: (i: number) => string, label: (i: number) => string): Group[] => {
    const list: Group[] = [];
    for (let i = 0; i * s < counts.length; i++) {
      const c = emptyCounts();
      taskStatuses.forEach((status, k) => (c[status] = counts[i * s + k]!));
      c.total = c.done_on_time + c.done_late + c.in_progress + c.overdue;
      c.done = c.done_on_time + c.done_late;
      if (c.total) list.push({ key: key(i), label: label(i), counts: c });
    }
    return list;
  };
  return {
    byUnit: out(units, (i) => keys.units[i]!, (i) => keys.units[i]!).sort(byTotal),
    byMeeting: out(meetings, (i) => keys.meetings[i]!.id, (i) => keys.meetings[i]!.title).sort(byTotal),
    // Months read best in calendar order, newest first.
    byMonth: out(months, (i) => keys.months[i]!, (i) => keys.months[i]!).sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0)),
  };
}

/** One collator for every comparison: localeCompare(x, 'vi') would build one per call. */
const vi = new Intl.Collator('vi');
const byTotal = (a: Group, b: Group) => b.counts.total - a.counts.total || vi.compare(a.label, b.label);

export function recount(all: readonly Row[], f: Filters, now: string): Recount {
  const started = performance.now();
  const text = f.text.trim() ? fold(f.text) : '';
  const { status, unit, meetingId, month } = f;
  const done = status === 'done';
  // One plain loop, each test only when its filter is set: this runs on every change.
  const rows: Row[] = [];
  for (const r of all) {
    if (status && (done ? r.status !== 'done_on_time' && r.status !== 'done_late' : r.status !== status)) continue;
    if (unit && r.unitKey !== unit) continue;
    if (meetingId && r.task.meetingId !== meetingId) continue;
    if (month && r.month !== month) continue;
    if (text && !r.haystack.includes(text)) continue;
    rows.push(r);
  }
  // The headline numbers from the status function itself, over the filtered rows.
  const counts = countStatuses(rows, now);
  return { rows, counts, ...groups(rows), ms: performance.now() - started };
}

/** Filter choices, from the whole list (not the filtered one, or a choice would hide the others). */
export function choices(all: readonly Row[]) {
  const units = new Set<string>();
  const meetings = new Map<string, string>();
  const months = new Set<string>();
  for (const r of all) {
    units.add(r.unitKey);
    meetings.set(r.task.meetingId, r.task.meetingTitle);
    months.add(r.month);
  }
  return {
    units: [...units].sort(vi.compare),
    meetings: [...meetings].map(([id, title]) => ({ id, title })).sort((a, b) => vi.compare(a.title, b.title)),
    months: [...months].sort().reverse(),
  };
}
