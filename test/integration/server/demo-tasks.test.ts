/**
 * The demo reproduces the government's table from data: 187 tasks, 98 completed (83 on
 * time, 15 late), 89 in progress within the deadline, none overdue; and the monthly
 * report counts them the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatuses, effectiveDeadline } from '../../../shared/domain/tasks';
import { TaskList, type Task } from '../../../shared/api/tasks';
import { readTasks } from '../../../shared/ydoc/live';
import type { RunningServer } from '../../../server/app';
import { connect, login, start, tempDir } from './helpers';

let server: RunningServer;
let remove: () => Promise<void>;

beforeAll(async () => {
  let dir: string;
  ({ dir, remove } = await tempDir());
  server = await start(dir, { demo: true });
}, 60_000);

afterAll(async () => {
  await server.close();
  await remove();
});

const facts = (t: Task) => ({ deadline: effectiveDeadline(t.deadline, t.extensions), completedAt: t.completedAt, createdAt: t.createdAt });

async function tasks(token: string, scope: 'mine' | 'all'): Promise<Task[]> {
  const r = await fetch(`${server.url}/api/tasks?scope=${scope}`, { headers: { authorization: `Bearer ${token}` } });
  expect(r.status).toBe(200);
  return TaskList.parse(await r.json()).tasks;
}

describe('demo tasks', () => {
  it('shows the secretary all 187 with the government table counts', async () => {
    const token = await login(server.url, 'secretary', 'demo');
    const all = await tasks(token, 'all');
    const c = countStatuses(all.map(facts), new Date().toISOString());
    expect(c).toMatchObject({ total: 187, done: 98, done_on_time: 83, done_late: 15, in_progress: 89, overdue: 0 });
    expect(new Set(all.map((t) => t.unit)).size).toBe(12);
    expect(all.every((t) => t.meetingId === server.demo!.earlierMeetingId && t.conclusionId)).toBe(true);
    expect(all[0]!.meetingTitle).toMatch(/^Phiên họp Chính phủ thường kỳ tháng \d+ năm \d{4}$/);
    // Admins see them too; a delegate sees their own under "mine".
    expect(await tasks(await login(server.url, 'admin', 'demo'), 'all')).toHaveLength(187);
    const mine = await tasks(await login(server.url, 'delegate01', 'demo'), 'mine');
    expect(mine.length).toBeGreaterThan(0);
  });

  it('has them in the live doc of the earlier meeting', async () => {
    const token = await login(server.url, 'chair', 'demo');
    const live = connect(server.url, `live/${server.demo!.earlierMeetingId}`, token);
    await live.synced;
    expect(readTasks(live.doc)).toHaveLength(187);
    live.destroy();
  });

  it('gives the monthly CSV with a BOM, Vietnamese headers and the same counts', async () => {
    const token = await login(server.url, 'secretary', 'demo');
    const month = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);
    const r = await fetch(`${server.url}/api/reports/tasks?month=${month}&format=csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="bao-cao-nhiem-vu-${month}.csv"`);
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    const lines = text.split('\r\n');
    expect(lines).toContain('Đơn vị,Tổng số,Hoàn thành đúng hạn,Hoàn thành quá hạn,Đang thực hiện trong hạn,Quá hạn,% hoàn thành');
    // The report is "as of the month's end": tasks completed later in the month still count as done.
    expect(lines.filter((l) => l.startsWith('Tổng cộng,'))[0]).toBe('Tổng cộng,187,83,15,89,0,"52,4%"');

    const pdf = await fetch(`${server.url}/api/reports/tasks?month=${month}&format=pdf`, { headers: { authorization: `Bearer ${token}` } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

    const del = await fetch(`${server.url}/api/reports/tasks?month=${month}&format=csv`, { headers: { authorization: `Bearer ${await login(server.url, 'delegate02', 'demo')}` } });
    expect(del.status).toBe(403);
    const bad = await fetch(`${server.url}/api/reports/tasks?month=2026-13&format=csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(bad.status).toBe(400);
  });
});
