/**
 * Issue 16, undo as the secretariat sees it: the undo button names the edit it takes back
 * ("Hoàn tác: đổi tên mục 1"), and in a published meeting it asks first, because the
 * undo changes every delegate's agenda. The scope itself (own edits only, never across
 * publishing) is tested in test/integration/core/undo-scope.test.ts.
 */
import { test, expect } from '@playwright/test';
import { processes } from './support/processes';
import { itemTitles, newWindow, openMeeting, signIn } from './support/app';

const procs = processes();
test.afterEach(() => procs.stopAll());

test('the undo button says what it undoes and asks first in a published meeting', async ({ browser }) => {
  test.setTimeout(120_000);
  const server = await procs.server();
  const dev = await procs.device(server.url);
  const page = await newWindow(browser);
  await signIn(page, dev, 'secretary');
  await openMeeting(page); // the demo meeting, published
  const undo = page.getByTestId('agenda-undo');
  await expect(undo).toBeDisabled();
  const before = (await itemTitles(page).first().textContent())!;

  await itemTitles(page).first().click();
  await page.getByTestId('agenda-rename-input').fill('Khai mạc phiên họp thường kỳ');
  await page.getByTestId('agenda-rename-input').press('Enter');
  await expect(itemTitles(page).first()).toHaveText('Khai mạc phiên họp thường kỳ');
  await expect(undo).toBeEnabled();
  await expect(undo).toHaveAccessibleName('Hoàn tác: đổi tên mục 1');
  await expect(undo).toHaveAttribute('title', 'Hoàn tác: đổi tên mục 1 (Ctrl+Z)');

  // Asked first; cancelling changes nothing and gives the focus back to the button.
  await undo.click();
  const dialog = page.getByTestId('agenda-undo-confirm-dialog');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(undo).toBeFocused();
  await expect(itemTitles(page).first()).toHaveText('Khai mạc phiên họp thường kỳ');

  await undo.click();
  await expect(page.getByTestId('agenda-undo-confirm')).toHaveText('Hoàn tác: đổi tên mục 1');
  await page.getByTestId('agenda-undo-confirm').click();
  await expect(itemTitles(page).first()).toHaveText(before);
  await expect(page.getByTestId('agenda-redo')).toHaveAccessibleName('Làm lại: đổi tên mục 1');
});
