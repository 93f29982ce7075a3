/**
 * Issue 16, "no visual regressions": the main screens as pixels, compared with baselines
 * committed in test/e2e/__screenshots__/ (see playwright.config.ts). The styles moved to
 * CSS Modules and design tokens; these screenshots are what says nothing moved with them.
 *
 * What changes from run to run is frozen or masked, so a difference is a difference in the
 * styles: the demo meeting is "tomorrow" (server/demo/seed.ts), so dates and times are
 * masked (by their text, so the masks do not depend on the class names this is about);
 * animations, transitions and the caret are off.
 * Run `npx playwright test test/e2e/visual.spec.ts --update-snapshots` only when a change
 * of look is intended, and say so in the commit.
 */
import { test, expect, type Locator, type Page } from '@playwright/test';
import { processes } from './support/processes';
import { newWindow, openMeeting, signIn } from './support/app';

const procs = processes();
test.afterEach(() => procs.stopAll());

/** Elements whose text follows the calendar or the network, not the styles. */
function varying(page: Page): Locator[] {
  return [
    page.locator('time'),
    page.getByTestId('sync-status'),
    page.getByTestId('meeting-when'),
    page.getByTestId('meeting-date'),
    page.getByTestId('pack-progress'),
    // Dates, months and times written out anywhere ("8 tháng 12, 2026", "08:00", "10/2026"),
    // and the titles that name a month ("Báo cáo ... tháng 10"): the demo follows the calendar.
    page.getByText(/tháng \d{1,2}\b|\b\d{1,2}\/\d{4}\b|\b\d{1,2}\/\d{1,2}\/\d{4}\b|\b\d{1,2}:\d{2}\b|^tháng \d{1,2}$/i),
    // A written-out date ("Thứ Ba, 8 tháng 12, 2026") changes width with the weekday and
    // pushes what follows it on its line (the place): the whole line is masked.
    page.getByText(/\d{1,2} tháng \d{1,2}, \d{4}/).locator('xpath=..'),
    // The meeting card's calendar leaf (day and month).
    page.getByTestId('meeting-card').locator(':scope > span[aria-hidden="true"]'),
    page.locator('input[type="month"], input[type="date"], input[type="datetime-local"]'),
  ];
}

async function shot(page: Page, name: string, extra: Locator[] = []): Promise<void> {
  // Fonts and images first: a screenshot taken before them is a different picture.
  await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready.then(() => undefined));
  await expect.soft(page).toHaveScreenshot(`${name}.png`, {
    animations: 'disabled',
    caret: 'hide',
    mask: [...varying(page), ...extra],
  });
}

async function tab(page: Page, key: string): Promise<void> {
  await page.getByTestId(`tab-${key}`).click();
  await expect(page.getByTestId(`tab-${key}`)).toHaveAttribute('aria-selected', 'true');
}

test('the main screens look as they did', async ({ browser }) => {
  test.setTimeout(300_000);
  const server = await procs.server();
  const [secDev, chairDev, delDev] = await Promise.all([procs.device(server.url), procs.device(server.url), procs.device(server.url)]);
  const [sec, chair, del] = await Promise.all([newWindow(browser), newWindow(browser), newWindow(browser)]);

  // Sign-in and the meeting list.
  await sec.goto(secDev.url);
  await expect(sec.getByTestId('login-form')).toBeVisible();
  await shot(sec, 'sign-in');
  await signIn(sec, secDev, 'secretary');
  await expect(sec.getByTestId('meeting-card').first()).toBeVisible();
  // The coming meeting's pack is on the device ("Sẵn sàng ngoại tuyến"), as in the baseline.
  await expect(sec.getByTestId('pack-badge').first()).toHaveAttribute('data-ready-offline', 'true', { timeout: 60_000 });
  await shot(sec, 'meeting-list');

  // A meeting's tabs as the secretariat.
  await openMeeting(sec);
  await shot(sec, 'meeting-agenda');
  await tab(sec, 'documents');
  await shot(sec, 'meeting-documents');
  await tab(sec, 'participants');
  await shot(sec, 'meeting-participants');
  await tab(sec, 'seating');
  await expect(sec.getByTestId('seat-map')).toBeVisible();
  await shot(sec, 'meeting-seating');
  await tab(sec, 'attendance');
  for (const option of await sec.getByTestId('attendance-bulk-site-select').locator('option').all()) {
    await sec.getByTestId('attendance-bulk-site-select').selectOption((await option.getAttribute('value'))!);
    await sec.getByTestId('attendance-bulk-site').click();
  }
  await expect(sec.locator('[data-testid="attendance-row"][data-status="absent"]')).toHaveCount(0, { timeout: 15_000 });
  await shot(sec, 'meeting-attendance');

  // The chair opens a poll; the delegate's ballot comes up; the secretariat watches it.
  await signIn(chair, chairDev, 'chair');
  await openMeeting(chair);
  await expect(chair.getByTestId('quorum-indicator')).toHaveAttribute('data-met', 'true', { timeout: 15_000 });
  await tab(chair, 'polls');
  await chair.getByTestId('poll-create').click();
  await chair.getByTestId('poll-question').fill('Thông qua Tờ trình về Nghị quyết phát triển Đường bộ cao tốc?');
  await chair.getByTestId('poll-save').click();
  const row = chair.getByTestId('poll-row').first();
  await row.getByTestId('poll-open').click();
  await chair.getByTestId('poll-confirm').click();
  await expect(row).toHaveAttribute('data-status', 'open');

  await signIn(del, delDev, 'delegate01');
  await openMeeting(del);
  const ballot = del.getByTestId('ballot-dialog');
  await expect(ballot).toBeVisible({ timeout: 15_000 });
  await shot(del, 'ballot-dialog');

  await tab(sec, 'polls');
  await expect(sec.getByTestId('poll-row').first()).toHaveAttribute('data-status', 'open', { timeout: 15_000 });
  await shot(sec, 'meeting-polls', [sec.getByTestId('poll-progress'), sec.getByTestId('poll-timer')]);

  // The delegate votes, then reads a document of the pack.
  await ballot.locator('[data-testid="ballot-option"][data-option-id="yes"]').click();
  await ballot.getByTestId('ballot-confirm').click();
  await expect(del.getByTestId('ballot-state')).toHaveAttribute('data-state', 'sent', { timeout: 15_000 });
  await del.getByTestId('ballot-close').click();
  await expect(ballot).toHaveCount(0);
  await tab(del, 'documents');
  await expect(del.getByTestId('pack-progress')).toHaveAttribute('data-ready-offline', 'true', { timeout: 60_000 });
  await del.getByTestId('open-document').first().click();
  await expect(del.getByTestId('reader')).toBeVisible();
  await expect(del.locator('[data-testid="reader-page"][data-page-number="1"][data-rendered="true"]')).toBeVisible({ timeout: 30_000 });
  // The pages and their thumbnails are the demo's PDFs, dated by the calendar (and thumbnails come
  // in as they are drawn): the reader's frame is what is compared.
  await shot(del, 'reader', [del.getByTestId('watermark'), del.getByTestId('reader').locator('canvas, .textLayer'), del.getByTestId('reader-thumbnails').getByRole('button').locator(':scope > span:first-child')]);
  await del.getByTestId('reader-close').click();

  // The task dashboard, and the records of the provincial committee's meeting.
  // The chair is a voter too: their ballot came up over the controls.
  await chair.getByTestId('ballot-dialog').getByRole('button', { name: 'Để sau' }).click();
  await chair.getByTestId('nav-dashboard').click();
  await expect(chair.getByTestId('dashboard')).toBeVisible({ timeout: 15_000 });
  await shot(chair, 'task-dashboard');

  await sec.getByTestId('logout').click();
  await signIn(sec, secDev, 'ubnd.secretary');
  await openMeeting(sec, /Phiên họp Ủy ban nhân dân tỉnh thường kỳ/);
  await tab(sec, 'conclusions');
  await expect(sec.getByTestId('records-organisation')).toBeVisible();
  await shot(sec, 'meeting-records');
  await sec.getByTestId('nav-conclusion-register').click();
  await expect(sec.getByTestId('conclusion-register')).toBeVisible({ timeout: 15_000 });
  await shot(sec, 'conclusion-register');
});
