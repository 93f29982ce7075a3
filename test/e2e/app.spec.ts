/**
 * The foundation's promise, as a person would check it, in browser mode: a real server
 * process, one browser-mode host per device (its own data folder), real Chromium.
 */
import { test, expect, type Page } from '@playwright/test';
import { processes, startDevice, startServer, tempDir } from './support/processes';
import { signIn } from './support/app';

// Stops what a test started and fails it if one of its processes went wrong on its own.
const procs = processes();
test.afterEach(() => procs.stopAll());

async function openFirstMeeting(page: Page) {
  await page.getByTestId('meeting-card').first().click();
  await expect(page.getByTestId('agenda-tree')).toBeVisible();
  await expect(page.getByTestId('agenda-item').first()).toBeVisible();
}

const itemTitle = (page: Page, n: number) => page.getByTestId('agenda-item-title').nth(n);

test('a wrong password gets a clear message and no session', async ({ page }) => {
  const server = await procs.server();
  const device = await procs.device(server.url);
  await page.goto(device.url);
  await page.getByTestId('login-username').fill('secretary');
  await page.getByTestId('login-password').fill('wrong');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toBeVisible();
  await expect(page.getByTestId('login-error')).toContainText(/mật khẩu|password/i);
  await expect(page.getByTestId('meeting-list')).toHaveCount(0);
});

test('secretariat and delegate share the agenda live, keep working offline, and lose nothing', async ({ browser }) => {
  const serverDir = tempDir('oc-e2e-srv-');
  const server = await startServer(serverDir);
  procs.track(server);
  const secDir = tempDir('oc-e2e-sec-');
  let secDevice = await startDevice(secDir, server.url);
  const delDevice = await startDevice(tempDir('oc-e2e-del-'), server.url);
  procs.track(secDevice);
  procs.track(delDevice);

  const sec = await (await browser.newContext()).newPage();
  const del = await (await browser.newContext()).newPage();
  await signIn(sec, secDevice, 'secretary');
  await signIn(del, delDevice, 'delegate01');
  await openFirstMeeting(sec);
  await openFirstMeeting(del);
  await expect(sec.getByTestId('sync-status')).toHaveAttribute('data-state', 'online');

  // Both see the same agenda, numbered the same.
  const secNumbers = await sec.getByTestId('agenda-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-number')));
  await expect
    .poll(() => del.getByTestId('agenda-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-number'))))
    .toEqual(secNumbers);
  expect(secNumbers.length).toBeGreaterThan(5);

  // The secretary renames; the delegate sees it without reloading.
  await itemTitle(sec, 0).click();
  const input = sec.getByTestId('agenda-rename-input');
  await input.fill('Khai mạc — đã cập nhật');
  const sentAt = Date.now();
  await input.press('Enter');
  await expect(itemTitle(del, 0)).toHaveText(/Khai mạc — đã cập nhật/);
  test.info().annotations.push({ type: 'rename reached the delegate after', description: `${Date.now() - sentAt} ms` });

  // A delegate cannot edit: no rename box appears.
  await itemTitle(del, 1).click();
  await expect(del.getByTestId('agenda-rename-input')).toHaveCount(0);

  // The server goes away: both windows say so and keep the meeting on screen.
  await server.stop();
  await expect(sec.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline');
  await expect(del.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline');
  await expect(itemTitle(del, 0)).toHaveText(/Khai mạc — đã cập nhật/);

  // The secretary keeps editing offline.
  await itemTitle(sec, 1).click();
  await sec.getByTestId('agenda-rename-input').fill('Sửa khi mất kết nối');
  await sec.getByTestId('agenda-rename-input').press('Enter');
  await expect(itemTitle(sec, 1)).toHaveText(/Sửa khi mất kết nối/);

  // The server returns on the same address: the offline edit reaches the delegate.
  const back = await startServer(serverDir, server.port);
  procs.track(back);
  await expect(sec.getByTestId('sync-status')).toHaveAttribute('data-state', 'online', { timeout: 20_000 });
  await expect(itemTitle(del, 1)).toHaveText(/Sửa khi mất kết nối/, { timeout: 20_000 });

  // Close the app and reopen it with no server: the meeting is still there.
  await back.stop();
  await secDevice.stop();
  secDevice = await startDevice(secDir, server.url);
  procs.track(secDevice);
  const reopened = await (await browser.newContext()).newPage();
  await reopened.goto(secDevice.url);
  await expect(reopened.getByTestId('meeting-list')).toBeVisible();
  await expect(reopened.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline');
  await openFirstMeeting(reopened);
  await expect(itemTitle(reopened, 0)).toHaveText(/Khai mạc — đã cập nhật/);
  await expect(itemTitle(reopened, 1)).toHaveText(/Sửa khi mất kết nối/);
});

test('the interface is in Vietnamese by default and switches to English', async ({ page }) => {
  const server = await procs.server();
  const device = await procs.device(server.url);
  await page.goto(device.url);
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.getByTestId('login-submit')).toHaveText(/Đăng nhập/);
  await page.getByTestId('language-switch').first().click();
  const option = page.getByRole('option', { name: /English/ });
  if (await option.count()) await option.click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('login-submit')).toHaveText(/Sign in/);
});
