import { describe, expect, it } from 'vitest';
import type { Task } from '../../../shared/api/tasks';
import { monthlyCsv, monthlyTables } from '../../../server/reports/monthly';
import type { PollRow } from '../../../server/records/repo';

const base: Task = {
  id: 't',
  meetingId: 'm',
  meetingTitle: 'Phiên họp tháng 9',
  conclusionId: null,
  agendaItemId: null,
  title: 'x',
  unit: 'Bộ Tài chính',
  assigneeUserId: null,
  assigneeName: null,
  deadline: '2026-10-10',
  priority: 'normal',
  createdAt: '2026-09-30T10:00:00Z',
  createdBy: 'u',
  completedAt: null,
  extensions: [],
  progress: [],
};

describe('monthly report', () => {
  it('counts by unit as of the month end in Vietnam, using extended deadlines, in a CSV with a BOM', () => {
    const tasks: Task[] = [
      // Completed 23:59 Hanoi time on the deadline day: on time.
      { ...base, id: 'a', completedAt: '2026-10-10T16:59:00Z' },
      // 00:01 the next morning in Hanoi: late.
      { ...base, id: 'b', completedAt: '2026-10-10T17:01:00Z' },
      // Overdue at the month's end, unless extended.
      { ...base, id: 'c' },
      { ...base, id: 'd', extensions: [{ deadline: '2026-11-30', reason: 'r', at: '', by: '' }] },
      // Completed in November: still open in October's report, and overdue then.
      { ...base, id: 'e', unit: null, assigneeName: 'Nguyễn Văn An', completedAt: '2026-11-02T03:00:00Z' },
      // Created after the month: not in it.
      { ...base, id: 'f', createdAt: '2026-11-01T00:00:00Z' },
    ];
    const t = monthlyTables(tasks, '2026-10');
    expect(t.byUnit.total).toMatchObject({ total: 5, done_on_time: 1, done_late: 1, in_progress: 1, overdue: 2 });
    const csv = monthlyCsv(t);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    // Vietnamese percentages take a decimal comma, as on screen (the CSV quotes the cell).
    expect(lines).toContain('Bộ Tài chính,4,1,1,1,1,"50,0%"');
    expect(lines).toContain('Nguyễn Văn An,1,0,0,0,1,"0,0%"');
    expect(lines).toContain('Tổng cộng,5,1,1,1,2,"40,0%"');
    expect(lines).toContain('Phiên họp tháng 9,5,1,1,1,2,"40,0%"');
  });
});

