/**
 * Issue 7 as people do it: the chair records an agenda item's conclusion, quoting the
 * item's poll result from the result itself, finalises it (published to everyone), and
 * assigns two follow-up tasks to two delegates. One assignee reports progress with a note
 * and a PDF, then completes the task after its deadline; the dashboard shows it as
 * "completed late" and the other task as "in progress within the deadline".
 *
 * Real server, one browser-mode host per device, real Chromium. ONE THING IS FAKED: the
 * server's clock for tasks. A late completion needs a deadline to pass, and no test waits
 * days, so the server runs with the test-only `--clock-file` (server/clock.ts) and the
 * test moves that clock two days ahead before the completion. Everything else (the
 * devices' clocks, the browser's, the network, the outbox) is real.
 *
 * The poll itself is set up through the server's API (test/e2e/room.spec.ts drives polls
 * through the UI); the conclusion, the tasks, the report and the completion go through
 * the UI of the person who does each.
 */
import { randomUUID } from 'node:crypto';
import { test, expect, type Page } from '@playwright/test';
import { vietnamDay } from '../../shared/domain/tasks';
import { fixturePdf } from '../support/fixtures';
import { processes } from './support/processes';
import { api, newWindow, openMeeting, signIn, token } from './support/app';

const procs = processes();
test.afterEach(() => procs.stopAll());
const device = (serverUrl: string) => procs.device(serverUrl);

async function userId(serverUrl: string, t: string): Promise<string> {
  return (await api<{ user: { id: string } }>(serverUrl, 'GET', '/api/session', t)).user.id;
}

const dayMs = 86_400_000;
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * dayMs).toISOString().slice(0, 10);

/** A task on the Kết luận tab (or any task list) by its title. */
const taskRow = (page: Page, title: string) => page.getByTestId('task-row').filter({ hasText: title });

test('the chair concludes with a poll result and assigns two tasks; one is completed late; the dashboard counts it', async ({ browser }) => {
  test.setTimeout(240_000);
  // The server's clock for tasks: the system clock; later a millisecond offset.
  const { server, setClock } = await procs.serverWithClock();
  expect(server.output()).toContain('TEST CLOCK');

  const url = server.url;
  const [chairToken, d1Token, d2Token, d3Token] = await Promise.all(['chair', 'delegate01', 'delegate02', 'delegate03'].map((u) => token(url, u)));
  const [d1Id, d2Id, d3Id] = await Promise.all([d1Token, d2Token, d3Token].map((t) => userId(url, t!)));
  const { meetings } = await api<{ meetings: { id: string; title: string; status: string }[] }>(url, 'GET', '/api/meetings', chairToken!);
  const meeting = meetings.find((m) => m.status !== 'closed')!;

  const [chairDev, d1Dev] = await Promise.all([device(url), device(url)]);
  const [chair, d1] = await Promise.all([newWindow(browser), newWindow(browser)]);

  await signIn(chair, chairDev, 'chair');
  await openMeeting(chair, meeting.title);
  await chair.getByTestId('tab-conclusions').click();
  const itemId = (await chair.getByTestId('conclusion-item').first().getAttribute('data-item-id'))!;
  const item = chair.locator(`[data-testid="conclusion-item"][data-item-id="${itemId}"]`);

  // The item's poll, run through the API: three delegates vote 2 for, 1 against. The group
  // leaves the chair out, so no ballot comes up over the chair's screen.
  const question = 'Thông qua Đề án chuyển đổi số trong cơ quan nhà nước?';
  const created = await api<{ pollId: string }>(url, 'POST', `/api/meetings/${meeting.id}/polls`, chairToken!, {
    agendaItemId: itemId,
    definition: {
      question,
      kind: 'approve',
      majority: { base: 'cast', threshold: { fraction: { num: 1, den: 2 }, strict: true } },
      quorum: null,
      eligibility: { kind: 'group', userIds: [d1Id, d2Id, d3Id] },
    },
  });
  const pollId = created.pollId;
  await api(url, 'POST', `/api/meetings/${meeting.id}/polls/${pollId}/open`, chairToken!);
  for (const [t, choice] of [
    [d1Token, 'yes'],
    [d2Token, 'yes'],
    [d3Token, 'no'],
  ] as const) {
    const { receipts } = await api<{ receipts: { ok: boolean }[] }>(url, 'POST', `/api/meetings/${meeting.id}/records`, t!, {
      records: [{ key: randomUUID(), kind: 'ballot', payload: { pollId, choices: [choice] } }],
    });
    expect(receipts[0]!.ok).toBe(true);
  }
  await api(url, 'POST', `/api/meetings/${meeting.id}/polls/${pollId}/close`, chairToken!);
  await api(url, 'POST', `/api/meetings/${meeting.id}/polls/${pollId}/publish`, chairToken!);
  const sentence = 'Kết quả biểu quyết: 2/3 đại biểu tán thành (66,7%), 1 không tán thành, 0 không biểu quyết — Thông qua.';

  // The chair drafts the conclusion and inserts the result from the poll (not retyped).
  const insert = item.locator(`[data-testid="conclusion-insert-result"][data-poll-id="${pollId}"]`);
  await expect(insert).toBeVisible({ timeout: 15_000 });
  const text = item.getByTestId('conclusion-text');
  await text.fill('Chính phủ thống nhất thông qua Đề án chuyển đổi số.');
  await insert.click();
  await expect(text).toHaveValue(`Chính phủ thống nhất thông qua Đề án chuyển đổi số.\n${sentence}`);
  await item.getByTestId('conclusion-finalise').click();
  await expect(chair.getByTestId('conclusion-finalise-dialog')).toContainText(sentence);
  await chair.getByTestId('conclusion-confirm').click();
  const final = item.getByTestId('conclusion-final');
  await expect(final).toBeVisible({ timeout: 15_000 });
  await expect(final).toContainText(sentence);
  await expect(final).toHaveAttribute('data-version', '1');

  // Two tasks from the conclusion: one due today (Vietnam), one in a month.
  const today = vietnamDay(new Date().toISOString());
  const later = addDays(today, 30);
  const taskA = 'Xây dựng kế hoạch triển khai Đề án chuyển đổi số';
  const taskB = 'Kết nối cơ sở dữ liệu quốc gia về dân cư';
  const assign = async (title: string, assignee: string, deadline: string) => {
    await item.getByTestId('task-assign').click();
    const form = item.getByTestId('task-assign-form');
    await form.getByTestId('task-title').fill(title);
    await form.getByTestId('task-assignee').selectOption(assignee);
    await form.getByTestId('task-deadline').fill(deadline);
    await form.getByTestId('task-priority').selectOption('high');
    await form.getByTestId('task-save').click();
    await expect(form).toHaveCount(0);
    await expect(taskRow(chair, title)).toHaveAttribute('data-status', 'in_progress', { timeout: 15_000 });
  };
  await assign(taskA, d1Id, today);
  await assign(taskB, d2Id, later);

  // The assignee sees the published conclusion and the task on the same item.
  await signIn(d1, d1Dev, 'delegate01');
  await openMeeting(d1, meeting.title);
  await d1.getByTestId('tab-conclusions').click();
  const d1Item = d1.locator(`[data-testid="conclusion-item"][data-item-id="${itemId}"]`);
  await expect(d1Item.getByTestId('conclusion-final')).toContainText(sentence, { timeout: 15_000 });
  const mine = taskRow(d1, taskA);
  await expect(mine).toHaveAttribute('data-status', 'in_progress', { timeout: 15_000 });
  // Only one's own task can be reported on.
  await expect(taskRow(d1, taskB).getByTestId('task-report')).toHaveCount(0);

  // A progress report with a note and a PDF.
  const note = 'Đã hoàn thành dự thảo kế hoạch, đang lấy ý kiến các bộ, ngành.';
  await mine.getByTestId('task-report').click();
  const dialog = d1.getByTestId('task-report-dialog');
  await dialog.getByTestId('task-note').fill(note);
  await dialog.getByTestId('task-file').setInputFiles(fixturePdf('tracemonkey.pdf'));
  await dialog.getByTestId('task-report-save').click();
  await expect(dialog).toHaveCount(0, { timeout: 30_000 });
  await expect(mine.getByTestId('task-history-toggle')).toContainText('(1)', { timeout: 15_000 });
  await mine.getByTestId('task-history-toggle').click();
  const history = mine.getByTestId('task-history');
  await expect(history).toContainText(note);
  await expect(history.getByRole('button', { name: 'Xem văn bản kèm theo' })).toBeVisible();
  await expect(mine).toHaveAttribute('data-status', 'in_progress');

  // Two days pass on the server (the faked clock); the assignee then completes the task.
  setClock(2 * dayMs);
  await mine.getByTestId('task-report').click();
  await dialog.getByTestId('task-note').fill('Kế hoạch đã được ban hành.');
  await dialog.getByTestId('task-complete').check();
  await dialog.getByTestId('task-report-save').click();
  await expect(dialog).toHaveCount(0, { timeout: 30_000 });
  await expect(mine).toHaveAttribute('data-status', 'done_late', { timeout: 15_000 });
  await expect(mine).toContainText('Hoàn thành quá hạn');
  await expect(mine).toContainText(`Hoàn thành ngày ${addDays(today, 2).split('-').reverse().join('/')}`);
  await expect(taskRow(chair, taskA)).toHaveAttribute('data-status', 'done_late', { timeout: 15_000 });
  await expect(taskRow(chair, taskB)).toHaveAttribute('data-status', 'in_progress');

  // The assignee's own list says the same.
  await d1.getByTestId('nav-my-tasks').click();
  await expect(taskRow(d1, taskA)).toHaveAttribute('data-status', 'done_late', { timeout: 15_000 });

  // The chair's dashboard, narrowed to this meeting: 2 tasks, 1 completed late, 1 in progress.
  await chair.getByTestId('nav-dashboard').click();
  const dashboard = chair.getByTestId('dashboard');
  await expect(dashboard).toBeVisible({ timeout: 15_000 });
  await chair.getByTestId('dashboard-filter-meeting').selectOption(meeting.id);
  await expect(chair.getByTestId('dashboard-total')).toHaveText('2');
  const count = (status: string) => chair.locator(`[data-testid="dashboard-count"][data-status="${status}"]`);
  await expect(count('done')).toHaveText('1');
  await expect(count('done_late')).toHaveText('1');
  await expect(count('done_on_time')).toHaveText('0');
  await expect(count('in_progress')).toHaveText('1');
  await expect(count('overdue')).toHaveText('0');
  const rowA = dashboard.getByTestId('task-row').filter({ hasText: taskA });
  const rowB = dashboard.getByTestId('task-row').filter({ hasText: taskB });
  await expect(rowA).toHaveAttribute('data-status', 'done_late');
  await expect(rowA).toContainText('Hoàn thành quá hạn');
  await expect(rowB).toHaveAttribute('data-status', 'in_progress');
  await expect(rowB).toContainText('Đang thực hiện trong hạn');

  // "Completed late" on its own lists only task A.
  await chair.getByTestId('dashboard-filter-status').selectOption('done_late');
  await expect(chair.getByTestId('dashboard-total')).toHaveText('1');
  await expect(dashboard.getByTestId('task-row')).toHaveCount(1);
  await expect(rowA).toBeVisible();

  // Searching without diacritics finds task B once the status filter is cleared.
  await chair.getByTestId('dashboard-filter-status').selectOption('');
  await chair.getByTestId('dashboard-filter-text').fill('co so du lieu quoc gia');
  await expect(chair.getByTestId('dashboard-total')).toHaveText('1');
  await expect(dashboard.getByTestId('task-row')).toHaveCount(1);
  await expect(rowB).toBeVisible();

  // And back to the meetings from the header.
  await chair.getByTestId('nav-meetings').click();
  await expect(chair.getByTestId('meeting-list')).toBeVisible();
  await expect(chair.getByTestId('nav-meetings')).toHaveAttribute('aria-current', 'page');

  // Back on the dashboard, the last list is there at once and is then brought up to date.
  await chair.getByTestId('nav-dashboard').click();
  await expect(dashboard).toBeVisible();
  await expect(chair.getByTestId('tasks-refreshing')).toBeHidden({ timeout: 15_000 });
  await chair.getByTestId('dashboard-filter-meeting').selectOption(meeting.id);
  await expect(chair.getByTestId('dashboard-total')).toHaveText('2');
});
