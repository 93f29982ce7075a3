/**
 * The dashboard's arithmetic, kept out of React so it can be timed and tested. Rows are
 * prepared once per task list and day (facts, status from shared/domain/tasks taskStatusOn —
 * the function the monthly report uses — folded text); a filter change then only filters
 * an array and adds up the statuses, so 25,000 tasks recount in a few milliseconds.
 */
import { emptyCounts, taskStatuses, taskStatusOn, type StatusCounts, type TaskFacts, type TaskStatus } from '../../../shared/domain/tasks';
import { fold } from '../../../shared/text/fold';
import type { Task } from '../../../shared/api/tasks';
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
 * Statuses are as of `today` (a day in Vietnam): rows change when the day does, not with
 * every tick of the clock.
 */
export function prepareRows(tasks: readonly Task[], today: string): Row[] {
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

/**
 * Every row's folded text in one string, in row order, with where each row starts. One
 * indexOf over a flat string finds the next match in a few hundred kilobytes at a time
 * (V8 searches flat one-byte strings with Boyer–Moore–Horspool); 25,000 separate
 * `includes` calls cost ten times that, and this runs on every key typed.
 */
interface TextIndex {
  text: string;
  starts: Int32Array;
}
const textIndexOf = new WeakMap<readonly Row[], TextIndex>();

function textIndex(rows: readonly Row[]): TextIndex {
  let ix = textIndexOf.get(rows);
  if (!ix) {
    const starts = new Int32Array(rows.length + 1);
    let at = 0;
    rows.forEach((r, i) => {
      starts[i] = at;
      at += r.haystack.length + 1;
    });
    starts[rows.length] = at;
    // fold() collapses every run of whitespace to one space, so no row's text (nor a folded query) holds a newline.
    ix = { text: rows.map((r) => r.haystack).join('\n'), starts };
    textIndexOf.set(rows, ix);
  }
  return ix;
}

/** Which rows' text holds `query` (folded): a byte per row, 1 for a match. */
function textMatches(rows: readonly Row[], query: string): Uint8Array {
  const { text, starts } = textIndex(rows);
  const hit = new Uint8Array(rows.length);
  let row = 0;
  for (let at = text.indexOf(query); at !== -1; ) {
    // The row holding `at`: the last start at or before it (starts only grow, so search forward from the last one).
    let lo = row;
    let hi = rows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    row = lo;
    hit[row] = 1;
    // One hit per row is enough: go on from the next row's text.
    at = row + 1 < rows.length ? text.indexOf(query, starts[row + 1]!) : -1;
  }
  return hit;
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
 * The headline numbers and the unit, meeting and month columns in one pass over the
 * filtered rows, adding up the status prepareRows got from the one status function
 * (taskStatusOn) into flat arrays by the rows' group positions: deriving every status
 * again per column, or a map look-up per row and column, would cost more than the filter.
 */
function tally(rows: readonly Row[]): { counts: StatusCounts; byUnit: Group[]; byMeeting: Group[]; byMonth: Group[] } {
  const keys = rows[0]?.keys;
  if (!keys) return { counts: emptyCounts(), byUnit: [], byMeeting: [], byMonth: [] };
  const s = taskStatuses.length;
  const all = new Int32Array(s);
  const units = new Int32Array(keys.units.length * s);
  const meetings = new Int32Array(keys.meetings.length * s);
  const months = new Int32Array(keys.months.length * s);
  for (const r of rows) {
    all[r.statusIx]!++;
    units[r.unitIx * s + r.statusIx]!++;
    meetings[r.meetingIx * s + r.statusIx]!++;
    months[r.monthIx * s + r.statusIx]!++;
  }
  const countsAt = (counts: Int32Array, i: number): StatusCounts => {
    const c = emptyCounts();
    taskStatuses.forEach((status, k) => (c[status] = counts[i * s + k]!));
    c.total = c.done_on_time + c.done_late + c.in_progress + c.overdue;
    c.done = c.done_on_time + c.done_late;
    return c;
  };
  const out = (counts: Int32Array, key: (i: number) => string, label: (i: number) => string): Group[] => {
    const list: Group[] = [];
    for (let i = 0; i * s < counts.length; i++) {
      const c = countsAt(counts, i);
      if (c.total) list.push({ key: key(i), label: label(i), counts: c });
    }
    return list;
  };
  return {
    counts: countsAt(all, 0),
    byUnit: out(units, (i) => keys.units[i]!, (i) => keys.units[i]!).sort(byTotal),
    byMeeting: out(meetings, (i) => keys.meetings[i]!.id, (i) => keys.meetings[i]!.title).sort(byTotal),
    // Months read best in calendar order, newest first.
    byMonth: out(months, (i) => keys.months[i]!, (i) => keys.months[i]!).sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0)),
  };
}

/** One collator for every comparison: localeCompare(x, 'vi') would build one per call. */
const vi = new Intl.Collator('vi');
const byTotal = (a: Group, b: Group) => b.counts.total - a.counts.total || vi.compare(a.label, b.label);

/** The filtered rows (in table order) and every count the dashboard shows for them. */
export function recount(all: readonly Row[], f: Filters): Recount {
  const started = performance.now();
  const query = f.text.trim() ? fold(f.text) : '';
  const hit = query ? textMatches(all, query) : null;
  const { status, unit, meetingId, month } = f;
  const done = status === 'done';
  // One plain loop, each test only when its filter is set: this runs on every change.
  const rows: Row[] = [];
  for (let i = 0; i < all.length; i++) {
    const r = all[i]!;
    if (hit && !hit[i]) continue;
    if (status && (done ? r.status !== 'done_on_time' && r.status !== 'done_late' : r.status !== status)) continue;
    if (unit && r.unitKey !== unit) continue;
    if (meetingId && r.task.meetingId !== meetingId) continue;
    if (month && r.month !== month) continue;
    rows.push(r);
  }
  return { rows, ...tally(rows), ms: performance.now() - started };
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
