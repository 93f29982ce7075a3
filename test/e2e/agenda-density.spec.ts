/**
 * Issue 16, agenda rows: a density toggle (comfortable / compact) remembered on the device.
 * Compact puts number, title, presenter, time and document count on one line at
 * 1440 × 900, and the secretariat's eight item actions no longer take a line of their own.
 * Screenshots of both go to test-results/ for a person to look at.
 *
 * Not checked here: the agenda above the fold. On the meeting screen the room overview
 * (check-in, quorum, seat) comes first and the agenda starts below 900 px; that is the
 * layout of the meeting screen, not of the rows.
 */
import { test, expect, type Page } from '@playwright/test';
import { processes } from './support/processes';
import { newWindow, openMeeting, signIn } from './support/app';

// Page globals for the functions run in the page (this program has no DOM library).
declare const window: { innerHeight: number };

const procs = processes();
test.afterEach(() => procs.stopAll());

/** For each of the first rows: its height and whether its parts sit on one line. */
function rowShapes(page: Page, count: number) {
  return page.locator('[data-testid="agenda-item"] > [data-testid="agenda-row"]').evaluateAll((rows, n) => {
    return rows.slice(0, n).map((row) => {
      const box = row.getBoundingClientRect();
      const parts = ['[data-testid="agenda-number"]', '[data-testid="agenda-item-title"]', '[data-testid="agenda-item-presenter"]', '[data-testid="agenda-item-duration"]', '[data-testid="agenda-item-doc-count"]']
        .map((sel) => row.querySelector(sel))
        .filter((el) => !!el && el.getBoundingClientRect().height > 0)
        .map((el) => el!.getBoundingClientRect());
      // One line: every part's middle lies within every other part's top and bottom.
      const oneLine = parts.every((a) => parts.every((b) => a.top + a.height / 2 >= b.top && a.top + a.height / 2 <= b.bottom));
      return { height: box.height, oneLine, parts: parts.length };
    });
  }, count);
}

/** With the agenda's top at the top of the window: how many rows one screen shows. */
async function rowsOnOneScreen(page: Page): Promise<number> {
  await page.getByTestId('agenda-tree').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  return page.locator('[data-testid="agenda-item"]').evaluateAll((items) => items.filter((i) => i.getBoundingClientRect().bottom <= window.innerHeight).length);
}

test('compact agenda rows: one line per item, remembered on the device, twice as many items on one screen', async ({ browser }) => {
  test.setTimeout(120_000);
  const server = await procs.server();
  const dev = await procs.device(server.url);
  const page = await newWindow(browser);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, dev, 'secretary');
  await openMeeting(page);
  const tree = page.getByTestId('agenda-tree');
  await expect(tree).toHaveAttribute('data-density', 'comfortable');
  await expect(page.getByTestId('agenda-density-comfortable')).toHaveAttribute('aria-pressed', 'true');
  const comfortable = await rowShapes(page, 12);
  const screenComfortable = await rowsOnOneScreen(page);
  await page.getByTestId('agenda-panel').screenshot({ path: 'test-results/agenda-comfortable.png' });

  await page.getByTestId('agenda-density-compact').click();
  await expect(tree).toHaveAttribute('data-density', 'compact');
  await expect(page.getByTestId('agenda-density-compact')).toHaveAttribute('aria-pressed', 'true');
  // The document count stands in for the list of documents.
  await expect(page.getByTestId('agenda-item-doc-count').first()).toBeVisible();
  await expect(tree.getByTestId('agenda-item-document')).toHaveCount(0);
  await page.mouse.move(0, 0); // no row hovered: the picture shows rows at rest
  const compact = await rowShapes(page, 12);
  await page.getByTestId('agenda-panel').screenshot({ path: 'test-results/agenda-compact.png' });
  for (const [i, row] of compact.entries()) {
    expect(row.oneLine, `row ${i + 1} on one line`).toBe(true);
    expect(row.parts, `row ${i + 1} shows number, title and time at least`).toBeGreaterThanOrEqual(3);
    expect(row.height, `row ${i + 1} lower than in comfortable`).toBeLessThanOrEqual(comfortable[i]!.height);
    // One line of 15 px type plus padding; the action buttons float and add nothing.
    expect(row.height, `row ${i + 1} height`).toBeLessThan(44);
  }
  expect(await rowsOnOneScreen(page)).toBeGreaterThanOrEqual(2 * screenComfortable);

  // The actions come with the focus: a keyboard user reaches them on the row they are on.
  const firstRow = page.locator('[data-testid="agenda-item"] > [data-testid="agenda-row"]').first();
  await expect(firstRow.getByTestId('agenda-edit')).toBeHidden();
  await firstRow.focus();
  await expect(firstRow.getByTestId('agenda-edit')).toBeVisible();
  await page.getByTestId('agenda-panel').screenshot({ path: 'test-results/agenda-compact-focused.png' });

  // Remembered on this device: after a reload the agenda opens compact.
  await page.reload();
  await openMeeting(page);
  await expect(page.getByTestId('agenda-tree')).toHaveAttribute('data-density', 'compact');
  await page.getByTestId('agenda-density-comfortable').click();
  await expect(page.getByTestId('agenda-tree')).toHaveAttribute('data-density', 'comfortable');
  await expect(page.getByTestId('agenda-item-document').first()).toBeVisible();
});
