import { describe, expect, it } from 'vitest';
import { fold } from '../../shared/text/fold';
import { countStatuses, effectiveDeadline, endOfVietnamMonth, monthlyReport, percentages, taskStatus, vietnamDay, type TaskFacts } from '../../shared/domain/tasks';

const task = (deadline: string, completedAt: string | null, createdAt = '2026-01-05T02:00:00Z'): TaskFacts => ({ deadline, completedAt, createdAt });

describe('taskStatus', () => {
  const cases: [string, TaskFacts, string, string][] = [
    ['done the day before', task('2026-03-10', '2026-03-09T03:00:00Z'), '2026-04-01T00:00:00Z', 'done_on_time'],
    ['done at 23:59 Vietnam time on the deadline day (16:59 UTC)', task('2026-03-10', '2026-03-10T16:59:00Z'), '2026-04-01T00:00:00Z', 'done_on_time'],
    ['done at 00:01 Vietnam time the next day (17:01 UTC the same day)', task('2026-03-10', '2026-03-10T17:01:00Z'), '2026-04-01T00:00:00Z', 'done_late'],
    ['open, checked on the deadline day late evening in Vietnam', task('2026-03-10', null), '2026-03-10T16:30:00Z', 'in_progress'],
    ['open, checked just after midnight in Vietnam', task('2026-03-10', null), '2026-03-10T17:30:00Z', 'overdue'],
    ['offset given in the instant itself', task('2026-03-10', '2026-03-11T00:30:00+07:00'), '2026-04-01T00:00:00Z', 'done_late'],
  ];
  it.each(cases)('%s', (_n, t, now, want) => expect(taskStatus(t, now)).toBe(want));

  it('vietnamDay folds any offset to the day in Hà Nội', () => {
    expect(vietnamDay('2026-12-31T17:00:00Z')).toBe('2027-01-01');
    expect(vietnamDay('2026-12-31T16:59:59Z')).toBe('2026-12-31');
    expect(() => vietnamDay('yesterday')).toThrow(/Not a date/);
  });

  it('vietnamDay answers the quick shape (UTC stamps before 17:00) exactly as the slow one', () => {
    const slow = (iso: string) => new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 10);
    const instants = [
      '2026-03-10T16:59:59.999Z', '2026-03-10T17:00:00.000Z', '2026-03-10T00:00:00Z', '2026-03-28T09:05:00.123Z',
      '2026-02-28T16:00:00Z', '2026-02-28T18:00:00Z', '2028-02-29T10:00:00Z', '2026-12-31T23:59:59.999Z', '2026-01-01T00:00:00.000Z',
      '2026-03-10T10:00:00+07:00', '2026-03-10T10:00:00.5Z',
    ];
    for (const iso of instants) expect(vietnamDay(iso), iso).toBe(slow(iso));
    // Every hour of a few days, as toISOString writes them.
    for (let t = Date.parse('2026-01-30T00:00:00Z'); t < Date.parse('2026-02-02T00:00:00Z'); t += 1800_000) {
      const iso = new Date(t).toISOString();
      expect(vietnamDay(iso), iso).toBe(slow(iso));
    }
  });

  it('an extension moves the deadline', () => {
    expect(effectiveDeadline('2026-03-10', [{ deadline: '2026-03-20' }, { deadline: '2026-03-31' }])).toBe('2026-03-31');
    expect(effectiveDeadline('2026-03-10', [])).toBe('2026-03-10');
  });
});

describe('counts and the monthly report', () => {
  it("reproduces the government's table from data: 187 assigned, 98 completed (83 on time, 15 late), 89 in progress", () => {
    const now = '2026-06-30T05:00:00Z';
    const tasks = [
      ...Array.from({ length: 83 }, () => task('2026-06-30', '2026-06-20T03:00:00Z')),
      ...Array.from({ length: 15 }, () => task('2026-05-31', '2026-06-10T03:00:00Z')),
      ...Array.from({ length: 89 }, () => task('2026-09-30', null)),
    ];
    const c = countStatuses(tasks, now);
    expect(c).toEqual({ total: 187, done: 98, done_on_time: 83, done_late: 15, in_progress: 89, overdue: 0 });
    expect(percentages(c)).toMatchObject({ done: 52.4, done_on_time: 44.4, done_late: 8, in_progress: 47.6 });
  });

  it('the end of a month is taken in Vietnam time', () => {
    expect(endOfVietnamMonth('2026-10')).toBe('2026-10-31T16:59:59.999Z');
    expect(endOfVietnamMonth('2026-12')).toBe('2026-12-31T16:59:59.999Z');
  });

  it('a monthly report classifies as of the month end, groups by unit, and ignores later tasks', () => {
    const tasks = [
      { ...task('2026-10-15', '2026-10-14T01:00:00Z', '2026-09-01T00:00:00Z'), unit: 'Bộ Tài chính' },
      { ...task('2026-10-15', '2026-11-03T01:00:00Z', '2026-09-01T00:00:00Z'), unit: 'Bộ Tài chính' }, // done in November: still open (overdue) on 31 Oct
      { ...task('2026-12-01', null, '2026-10-20T00:00:00Z'), unit: 'Bộ Xây dựng' },
      { ...task('2026-12-01', null, '2026-11-02T00:00:00Z'), unit: 'Bộ Xây dựng' }, // assigned after October
    ];
    const r = monthlyReport(tasks, '2026-10', (t) => t.unit);
    expect(r.total).toMatchObject({ total: 3, done_on_time: 1, overdue: 1, in_progress: 1 });
    expect(r.groups).toEqual([
      { key: 'Bộ Tài chính', counts: expect.objectContaining({ total: 2, done_on_time: 1, overdue: 1 }) },
      { key: 'Bộ Xây dựng', counts: expect.objectContaining({ total: 1, in_progress: 1 }) },
    ]);
  });
});

describe('the dashboard recount', () => {
  it('counts per unit, meeting and month exactly as counting each group with countStatuses', async () => {
    const { prepareRows, recount, noFilters } = await import('../../renderer/features/tasks/dashboardModel');
    const now = '2026-06-30T05:00:00Z';
    const tasks = Array.from({ length: 500 }, (_, i) => ({
      id: `t${i}`, meetingId: `m${i % 7}`, meetingTitle: `Phiên họp ${i % 7}`, conclusionId: null, agendaItemId: null,
      title: i % 3 ? 'Hoàn thiện Nghị định' : 'Xây dựng Đề án', unit: i % 11 ? `Bộ ${i % 5}` : null, assigneeUserId: null, assigneeName: i % 11 ? null : 'Nguyễn Văn An',
      deadline: `2026-0${1 + (i % 9)}-15`, priority: 'normal' as const, createdAt: `2026-0${1 + (i % 6)}-0${1 + (i % 9)}T0${i % 10}:00:00Z`, createdBy: 'x',
      completedAt: i % 4 ? `2026-0${1 + (i % 8)}-1${i % 10}T${10 + (i % 14)}:00:00Z` : null, extensions: [], progress: [],
    }));
    const rows = prepareRows(tasks, vietnamDay(now));
    for (const f of [noFilters, { ...noFilters, status: 'done' as const }, { ...noFilters, unit: 'Bộ 2' }, { ...noFilters, text: 'nghi dinh' }, { ...noFilters, text: 'hoàn' }, { ...noFilters, text: ' PHIÊN HỌP  6 ' }, { ...noFilters, text: 'van an', status: 'done' as const }, { ...noFilters, text: 'không có' }, { ...noFilters, month: '2026-03', status: 'overdue' as const }]) {
      const r = recount(rows, f);
      const want = (key: (x: (typeof rows)[number]) => string) => {
        const m = new Map<string, typeof rows>();
        for (const x of r.rows) m.set(key(x), [...(m.get(key(x)) ?? []), x]);
        return new Map([...m].map(([k, list]) => [k, countStatuses(list, now)]));
      };
      expect(new Map(r.byUnit.map((g) => [g.key, g.counts]))).toEqual(want((x) => x.unitKey));
      expect(new Map(r.byMeeting.map((g) => [g.key, g.counts]))).toEqual(want((x) => x.task.meetingId));
      expect(new Map(r.byMonth.map((g) => [g.key, g.counts]))).toEqual(want((x) => x.month));
      expect(r.counts).toEqual(countStatuses(r.rows, now));
      // The text filter, however it finds matches, keeps exactly the rows whose folded text holds the query, in table order.
      const query = f.text ? fold(f.text) : '';
      expect(r.rows).toEqual(rows.filter((x) => (!query || x.haystack.includes(query)) && (!f.unit || x.unitKey === f.unit) && (!f.month || x.month === f.month) && (!f.status || (f.status === 'done' ? x.status.startsWith('done') : x.status === f.status))));
      expect(r.byMonth.map((g) => g.key)).toEqual([...r.byMonth.map((g) => g.key)].sort().reverse());
    }
  });
});
