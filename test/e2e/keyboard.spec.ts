/**
 * Issue 16, keyboard only: a delegate signs in, opens a meeting, opens a document, checks
 * in, asks to speak and casts a ballot with Tab / Shift+Tab / Enter / Space / Escape and
 * nothing else. Every control reached shows a focus indicator (a computed outline or box
 * shadow), and closing a dialog puts focus back on what opened it.
 *
 * The chair's part (opening check-in, starting an item, opening the poll) goes through the
 * server's API: it is not what this spec is about.
 */
import { test, expect, type Page } from '@playwright/test';
import { processes } from './support/processes';
import { api, newWindow, token } from './support/app';

// Page globals for the functions run in the page (this program has no DOM library).
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare function getComputedStyle(el: unknown): { outlineStyle: string; outlineWidth: string; boxShadow: string };

const procs = processes();
test.afterEach(() => procs.stopAll());

/** What has the focus: its test id and the attributes the journey tells elements apart by. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    return {
      testId: el.getAttribute('data-testid'),
      optionId: el.getAttribute('data-option-id'),
      documentId: el.getAttribute('data-document-id'),
      inDialog: !!el.closest('dialog[open]'),
      // A visible focus indicator: an outline that is drawn, or a ring made of box-shadow.
      ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow !== 'none' && s.boxShadow !== ''),
    };
  });
}

/** Presses Tab (or Shift+Tab) until the element with `testId` has the focus, and checks its ring. */
async function tabTo(page: Page, testId: string, opts: { back?: boolean; optionId?: string; max?: number } = {}) {
  const seen: string[] = [];
  for (let i = 0; i < (opts.max ?? 200); i++) {
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    seen.push(f?.testId ?? '?');
    if (f && f.testId === testId && (!opts.optionId || f.optionId === opts.optionId)) {
      expect(f.ring, `${testId} has the focus but no visible focus indicator`).toBe(true);
      return f;
    }
  }
  throw new Error(`Tab never reached ${testId}; it went through: ${seen.join(' → ')}`);
}

test('a delegate signs in, opens a meeting and a document, checks in, asks to speak and votes, by keyboard only', async ({ browser }) => {
  test.setTimeout(180_000);
  const server = await procs.server();
  const dev = await procs.device(server.url);
  const chair = await token(server.url, 'chair');
  const { meetings } = await api<{ meetings: { id: string; status: string }[] }>(server.url, 'GET', '/api/meetings', await token(server.url, 'delegate01'));
  const meetingId = meetings.find((m) => m.status !== 'closed')!.id;
  await api(server.url, 'POST', `/api/meetings/${meetingId}/checkin-window`, chair, { open: true });

  const page = await newWindow(browser);
  await page.goto(dev.url);
  await expect(page.getByTestId('login-form')).toBeVisible();

  // Sign in.
  await tabTo(page, 'login-username');
  await page.keyboard.type('delegate01');
  await tabTo(page, 'login-password');
  await page.keyboard.type('demo');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('meeting-list')).toBeVisible();

  // Open the meeting.
  for (;;) {
    await tabTo(page, 'meeting-card');
    const id = await page.evaluate(() => document.activeElement?.getAttribute('data-meeting-id'));
    if (id === meetingId) break;
  }
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('agenda-tree')).toBeVisible();
  const firstItem = (await page.locator('[data-testid="agenda-tree"] [data-item-id]').first().getAttribute('data-item-id'))!;

  // Check in.
  await tabTo(page, 'checkin-button');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('checkin-state')).toHaveAttribute('data-state', 'sent', { timeout: 15_000 });

  // Open a document from the agenda; Escape closes the reader and focus is back on its title.
  const opener = await tabTo(page, 'open-document');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-testid="reader-page"][data-rendered="true"]').first()).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('reader')).toHaveCount(0);
  await expect.poll(async () => (await focused(page))?.documentId).toBe(opener.documentId);
  expect((await focused(page))?.testId).toBe('open-document');

  // The chair starts the first item: ask to speak (the button sits above the agenda).
  await api(server.url, 'POST', `/api/meetings/${meetingId}/current-item`, chair, { agendaItemId: firstItem });
  await expect(page.getByTestId('speak-request')).toBeVisible({ timeout: 15_000 });
  await tabTo(page, 'speak-request', { back: true });
  await page.keyboard.press('Space');
  await expect(page.getByTestId('speak-mine')).toHaveAttribute('data-status', 'waiting', { timeout: 15_000 });

  // A poll opens: the ballot comes up with the focus inside it. "Later" (Escape) folds it
  // into the bar; the bar's button opens it again, and Escape from there returns to it.
  const { pollId } = await api<{ pollId: string }>(server.url, 'POST', `/api/meetings/${meetingId}/polls`, chair, {
    agendaItemId: firstItem,
    definition: { question: 'Thông qua chương trình phiên họp?', kind: 'approve', majority: { base: 'cast', threshold: { fraction: { num: 1, den: 2 }, strict: true } }, quorum: null, eligibility: { kind: 'all' } },
  });
  await api(server.url, 'POST', `/api/meetings/${meetingId}/polls/${pollId}/open`, chair);
  const dialog = page.getByTestId('ballot-dialog');
  await expect(dialog).toBeVisible({ timeout: 15_000 });
  await expect.poll(async () => (await focused(page))?.inDialog).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await tabTo(page, 'ballot-bar-open');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await expect.poll(async () => (await focused(page))?.inDialog).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect.poll(async () => (await focused(page))?.testId).toBe('ballot-bar-open');

  // Vote "yes" and confirm.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await tabTo(page, 'ballot-option', { optionId: 'yes' });
  await page.keyboard.press('Space');
  await expect(dialog.locator('[data-testid="ballot-option"][data-option-id="yes"]')).toHaveAttribute('aria-pressed', 'true');
  await tabTo(page, 'ballot-confirm');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ballot-state')).toHaveAttribute('data-state', 'sent', { timeout: 15_000 });
  await tabTo(page, 'ballot-close');
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
});
