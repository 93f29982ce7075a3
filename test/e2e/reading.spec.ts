/**
 * Issue 4 as a delegate does it: the pack arrives on the device, search across it lands on
 * the page, find in the document, highlight and note — then the server goes away and all
 * of it still works. Real server, browser-mode host, real Chromium, real PDFs (the demo's
 * generated Vietnamese documents).
 */
import { test, expect, type Page } from '@playwright/test';
import { processes } from './support/processes';
import { openMeeting, signIn } from './support/app';

// Stops what a test started and fails it if one of its processes went wrong on its own.
const procs = processes();
test.afterEach(() => procs.stopAll());

/** Drags across a line of text on a page, as a person selects with the mouse. */
async function selectTextOnPage(page: Page, pageNumber: string, nth: number): Promise<string> {
  const span = page
    .locator(`[data-testid="reader-page"][data-page-number="${pageNumber}"][data-rendered="true"] .textLayer span`)
    .filter({ hasText: /\p{L}{3,}/u })
    .nth(nth);
  await span.scrollIntoViewIfNeeded();
  await expect(span).toBeVisible();
  const box = (await span.boundingBox())!;
  await page.mouse.move(box.x + 1, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  return (await span.innerText()).trim();
}

test('a delegate reads, finds, searches and annotates the pack, also with the server gone', async ({ page }) => {
  test.setTimeout(180_000);
  const server = await procs.server();
  const device = await procs.device(server.url);
  await signIn(page, device, 'delegate01');
  await openMeeting(page);

  // The whole pack arrives on the device.
  await expect(page.getByTestId('pack-progress')).toHaveAttribute('data-ready-offline', 'true', { timeout: 60_000 });

  // Search across the pack, without diacritics, and land on the page.
  // The second time, the same document's hit: documents still being indexed the first time
  // may since have joined the results ahead of it.
  let documentId: string | null = null;
  const search = async (): Promise<string> => {
    // Files are on the device before their text is indexed; a person would type again.
    await expect(async () => {
      await page.getByTestId('search-input').fill('');
      await page.getByTestId('search-input').fill('nghi quyet');
      await expect(page.getByTestId('search-hit').first()).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    await expect(page.getByTestId('search-results')).toContainText(/nghị quyết/i);
    const group = documentId ? page.locator(`[data-testid="search-group"][data-document-id="${documentId}"]`) : page.getByTestId('search-group').first();
    documentId = await group.getAttribute('data-document-id');
    const hit = group.getByTestId('search-hit').first();
    const wanted = await hit.getAttribute('data-page');
    await hit.click();
    await expect(page.getByTestId('reader')).toBeVisible();
    await expect(page.locator(`[data-testid="reader-page"][data-page-number="${wanted}"][data-rendered="true"]`)).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('find-hit').first()).toBeVisible();
    return wanted!;
  };
  const landed = await search();

  // Find in the document, diacritic-insensitive, with a count and next/previous.
  await page.getByTestId('reader-find-input').fill('duong');
  await expect(page.getByTestId('reader-find-count')).toHaveText(/^\d+\/\d+$/);
  await page.getByTestId('reader-find-next').click();
  await expect(page.getByTestId('find-hit').first()).toBeVisible();
  await page.getByTestId('reader-find-input').fill('');

  // Highlight a passage and add a note.
  const quote = await selectTextOnPage(page, landed, 2);
  await page.getByTestId('annotate-highlight').click();
  await expect(page.getByTestId('annotation-highlight').first()).toBeVisible();
  await selectTextOnPage(page, landed, 4);
  await page.getByTestId('annotate-note').click();
  await page.getByTestId('annotation-note-input').fill('Đề nghị Bộ Tài chính giải trình thêm');
  await page.getByTestId('annotation-save').click();
  await expect(page.getByTestId('reader-notes-toggle')).toContainText('2');
  const notesOpen = async () => {
    if ((await page.getByTestId('reader-notes-toggle').getAttribute('aria-pressed')) !== 'true') await page.getByTestId('reader-notes-toggle').click();
  };
  await notesOpen();
  await expect(page.getByTestId('annotations-panel').getByTestId('annotation-item')).toHaveCount(2);
  await expect(page.getByTestId('annotations-panel')).toContainText('Đề nghị Bộ Tài chính giải trình thêm');
  expect(quote.length).toBeGreaterThan(2);

  // The server goes away: everything above still works from the device.
  await server.stop();
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline');
  await page.getByTestId('reader-close').click();
  const again = await search();
  expect(again).toBe(landed);
  await notesOpen();
  await expect(page.getByTestId('annotations-panel').getByTestId('annotation-item')).toHaveCount(2);
  await page.getByTestId('reader-find-input').fill('');
  await selectTextOnPage(page, again, 6);
  await page.getByTestId('annotate-highlight').click();
  await expect(page.getByTestId('annotations-panel').getByTestId('annotation-item')).toHaveCount(3);
});
