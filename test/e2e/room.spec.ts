/**
 * Issues 5 and 6 as people do them: the secretariat builds a hall and seats someone, a
 * delegate finds their seat and checks in, the chair's quorum indicator turns; the chair
 * runs a poll, three delegates vote (one of them offline, then back), the result is shown
 * and published. Real server, one browser-mode host per device, real Chromium.
 */
import { test, expect, type Page } from '@playwright/test';
import { processes } from './support/processes';
import { newWindow, openMeeting, signIn } from './support/app';
import { startFlakyProxy, type FlakyProxy } from '../support/flaky-proxy';

const procs = processes();
test.afterEach(() => procs.stopAll());
const device = (serverUrl: string) => procs.device(serverUrl);

async function tab(page: Page, key: string) {
  await page.getByTestId(`tab-${key}`).click();
}

test('the secretariat seats people, a delegate finds their seat and checks in, the quorum indicator turns', async ({ browser }) => {
  test.setTimeout(180_000);
  const server = await procs.server();
  const [secDev, delDev, chairDev] = await Promise.all([device(server.url), device(server.url), device(server.url)]);
  const [sec, del, chair] = await Promise.all([newWindow(browser), newWindow(browser), newWindow(browser)]);

  // A guest who has no seat yet.
  await signIn(sec, secDev, 'secretary');
  await openMeeting(sec);
  await tab(sec, 'participants');
  await sec.getByTestId('participant-add').click();
  await sec.getByTestId('participant-form-name').fill('Nguyễn Thị Lan');
  await sec.getByTestId('participant-form-username').fill('lan.nt');
  await sec.getByTestId('participant-form-role').selectOption('guest');
  await sec.getByTestId('participant-form-submit').click();
  await sec.getByTestId('participant-added-close').click();

  // A new room with a block of seats, and the guest seated by typing the seat label.
  await tab(sec, 'seating');
  await sec.getByTestId('room-add').click();
  await sec.getByTestId('room-name').fill('Phòng khách mời');
  await sec.getByTestId('room-save').click();
  await sec.getByTestId('block-generate').click();
  await sec.getByTestId('block-name').fill('K');
  await sec.getByTestId('block-rows').fill('2');
  await sec.getByTestId('block-cols').fill('5');
  await sec.getByTestId('block-submit').click();
  await expect(sec.getByTestId('seat-map')).toHaveAttribute('data-seats', '10');
  const guest = sec.getByTestId('unassigned-person').filter({ hasText: 'Nguyễn Thị Lan' });
  await guest.click();
  await sec.getByTestId('seat-search').fill('K-01-03');
  await sec.getByTestId('seat-search').press('Enter');
  await expect(sec.getByTestId('unassigned-person').filter({ hasText: 'Nguyễn Thị Lan' })).toHaveCount(0);

  // The delegate sees their own seat.
  await signIn(del, delDev, 'delegate01');
  await openMeeting(del);
  await expect(del.getByTestId('my-seat')).toContainText(/[A-C]-\d\d-\d\d/);
  await expect(del.getByTestId('my-seat')).toContainText('Hội trường Diên Hồng');

  // The chair has no quorum yet.
  await signIn(chair, chairDev, 'chair');
  await openMeeting(chair);
  await expect(chair.getByTestId('quorum-indicator')).toHaveAttribute('data-met', 'false');

  // Check-in opens; the delegate checks in from the app.
  await tab(sec, 'attendance');
  await sec.getByTestId('checkin-window-toggle').click();
  await expect(del.getByTestId('checkin-button')).toBeEnabled();
  await del.getByTestId('checkin-button').click();
  await expect(del.getByTestId('checkin-state')).toHaveAttribute('data-state', 'sent');
  await expect(sec.locator('[data-testid="attendance-row"][data-status="present"]')).toHaveCount(1);

  // Everyone at the main hall present: 31 of 61 voting members, more than half.
  await sec.getByTestId('attendance-bulk-site').click();
  await expect(chair.getByTestId('quorum-indicator')).toHaveAttribute('data-met', 'true', { timeout: 15_000 });
  await expect(chair.getByTestId('quorum-indicator')).toContainText('31');

  // The chair follows the same list, without marking anyone.
  await tab(chair, 'attendance');
  await expect(chair.locator('[data-testid="attendance-row"][data-status="present"]')).toHaveCount(31, { timeout: 15_000 });
  await expect(chair.getByTestId('attendance-mark-present')).toHaveCount(0);
  await expect(chair.getByTestId('attendance-bulk-site')).toHaveCount(0);

  // The chair runs the agenda; the delegate follows the item under discussion.
  await tab(chair, 'agenda');
  await expect(del.getByTestId('current-item')).toHaveCount(0);
  await expect(del.getByTestId('agenda-start-item')).toHaveCount(0);
  await chair.getByTestId('agenda-start-item').first().click();
  await expect(del.getByTestId('current-item-title')).toHaveText('1. Khai mạc phiên họp', { timeout: 15_000 });
  await expect(del.locator('[data-testid="agenda-item"] [data-testid="agenda-current-tag"]')).toHaveCount(1);
  // The delegate asks to speak; the chair gives the floor, then ends it.
  await del.getByTestId('speak-request').click();
  await expect(del.getByTestId('speak-mine')).toHaveAttribute('data-status', 'waiting');
  await expect(chair.getByTestId('speaker-row')).toHaveAttribute('data-status', 'waiting', { timeout: 15_000 });
  await chair.getByTestId('speaker-grant').click();
  await expect(del.getByTestId('speak-mine')).toHaveAttribute('data-status', 'speaking', { timeout: 15_000 });
  await expect(chair.getByTestId('speakers-floor')).toContainText('Đang phát biểu:');
  await chair.getByTestId('speaker-finish').click();
  await expect(del.getByTestId('speak-request')).toBeVisible({ timeout: 15_000 });
  await expect(del.getByTestId('speakers-floor')).toContainText('Chưa có ai phát biểu');
  await chair.getByTestId('current-item-next').click();
  await expect(del.getByTestId('current-item-title')).toContainText('2. Báo cáo tình hình kinh tế', { timeout: 15_000 });
  await chair.getByTestId('current-item-end').click();
  await expect(del.getByTestId('current-item')).toHaveCount(0, { timeout: 15_000 });
});

test('the chair runs a poll; three delegates vote, one offline and back; the result is shown and published', async ({ browser }) => {
  test.setTimeout(240_000);
  const server = await procs.server();
  let proxy: FlakyProxy = await startFlakyProxy(server.url);
  const proxyPort = Number(new URL(proxy.url).port);
  procs.track({ stop: () => proxy.close() });
  const devices = await Promise.all([device(server.url), device(server.url), device(server.url), device(server.url), device(proxy.url)]);
  const [sec, chair, d1, d2, d3] = await Promise.all(devices.map(() => newWindow(browser)));
  const names = ['secretary', 'chair', 'delegate01', 'delegate02', 'delegate03'];
  for (const [i, page] of [sec, chair, d1, d2, d3].entries()) {
    await signIn(page!, devices[i]!, names[i]!);
    await openMeeting(page!);
  }

  // Everyone present (the secretariat marks both sites).
  await tab(sec!, 'attendance');
  for (const option of await sec!.getByTestId('attendance-bulk-site-select').locator('option').all()) {
    await sec!.getByTestId('attendance-bulk-site-select').selectOption((await option.getAttribute('value'))!);
    await sec!.getByTestId('attendance-bulk-site').click();
  }
  await expect(chair!.getByTestId('quorum-indicator')).toHaveAttribute('data-met', 'true', { timeout: 15_000 });

  // The chair prepares and opens an approve/reject/abstain poll.
  await tab(chair!, 'polls');
  await chair!.getByTestId('poll-create').click();
  await chair!.getByTestId('poll-question').fill('Thông qua Tờ trình về Nghị quyết phát triển Đường bộ cao tốc?');
  await chair!.getByTestId('poll-save').click();
  const row = chair!.getByTestId('poll-row').first();
  await expect(row).toHaveAttribute('data-status', 'draft');
  await row.getByTestId('poll-open').click();
  await chair!.getByTestId('poll-confirm').click();
  await expect(row).toHaveAttribute('data-status', 'open');

  // delegate03 loses the network before voting.
  await proxy.close();
  await expect(d3!.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });

  const vote = async (page: Page, option: 'yes' | 'no' | 'abstain') => {
    const dialog = page.getByTestId('ballot-dialog');
    await expect(dialog).toBeVisible({ timeout: 15_000 });
    await dialog.locator(`[data-testid="ballot-option"][data-option-id="${option}"]`).click();
    await dialog.getByTestId('ballot-confirm').click();
  };
  await vote(d1!, 'yes');
  await vote(d2!, 'no');
  await expect(d1!.getByTestId('ballot-state')).toHaveAttribute('data-state', 'sent');
  await vote(d3!, 'yes');
  await expect(d3!.getByTestId('ballot-state')).toHaveAttribute('data-state', 'pending');
  await vote(chair!, 'yes');
  await expect(chair!.getByTestId('ballot-state')).toHaveAttribute('data-state', 'sent');
  await chair!.getByTestId('ballot-close').click(); // back to the chair's controls
  await expect(chair!.getByTestId('poll-progress').first()).toHaveText(/^3\/\d+$/, { timeout: 15_000 });

  // Back online: the ballot that waited on the device is received.
  proxy = await startFlakyProxy(server.url, proxyPort);
  await expect(d3!.getByTestId('ballot-state')).toHaveAttribute('data-state', 'sent', { timeout: 30_000 });
  await expect(chair!.getByTestId('poll-progress').first()).toHaveText(/^4\/\d+$/, { timeout: 15_000 });

  // Close and publish; everyone sees the result.
  await row.getByTestId('poll-close').click();
  await chair!.getByTestId('poll-confirm').click();
  await expect(row).toHaveAttribute('data-status', 'closed');
  const result = chair!.getByTestId('poll-result').first();
  await expect(result).toBeVisible();
  await expect(result.locator('[data-testid="result-count"][data-option-id="yes"]')).toContainText('3');
  await expect(result.locator('[data-testid="result-count"][data-option-id="no"]')).toContainText('1');
  await row.getByTestId('poll-publish').click();
  await chair!.getByTestId('poll-confirm').click();
  await expect(row).toHaveAttribute('data-status', 'published');
  if (await d2!.getByTestId('ballot-dialog').isVisible()) await d2!.getByTestId('ballot-close').click();
  await tab(d2!, 'polls');
  await expect(d2!.getByTestId('poll-result').first()).toBeVisible({ timeout: 15_000 });
  // 3 of 4 votes cast for, over half of those cast: passed.
  await expect(d2!.getByTestId('poll-result').first()).toHaveAttribute('data-passed', 'true');
});
