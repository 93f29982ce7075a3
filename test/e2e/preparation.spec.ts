/**
 * Issue 3 as people do it: two secretaries build a meeting together in two windows, attach
 * a PDF, publish; a delegate sees the published meeting and is told when a document is
 * replaced. Real server, one browser-mode host per device, real Chromium, real PDFs.
 */
import { test, expect } from '@playwright/test';
import { processes } from './support/processes';
import { api, itemTitles, newWindow, openMeeting, signIn, token } from './support/app';
import { fixturePdf } from '../support/fixtures';

// Stops what a test started and fails it if one of its processes went wrong on its own.
const procs = processes();
test.afterEach(() => procs.stopAll());

test('two secretaries build an agenda together, attach a PDF and publish; a delegate sees it and the replacement notice', async ({ browser }) => {
  const server = await procs.server();
  // A second secretariat account, made the way the secretariat makes accounts.
  const secToken = await token(server.url, 'secretary');
  const { meetings } = await api<{ meetings: { id: string }[] }>(server.url, 'GET', '/api/meetings', secToken);
  const added = await api<{ added: { initialPassword: string }[] }>(server.url, 'POST', `/api/meetings/${meetings[0]!.id}/participants`, secToken, {
    participants: [{ name: 'Đỗ Thị Thu', username: 'thu.dt', role: 'secretariat' }],
  });
  const thuPassword = added.added[0]!.initialPassword;

  const devices = await Promise.all([0, 1, 2].map(() => procs.device(server.url)));
  const [one, two, delegate] = await Promise.all([newWindow(browser), newWindow(browser), newWindow(browser)]);
  await signIn(one, devices[0]!, 'secretary');

  // Secretary one creates the meeting and adds the second secretary and a delegate.
  const title = 'Họp Ban cán sự đảng tháng 12';
  await one.getByTestId('meeting-create').click();
  await one.getByTestId('meeting-create-title').fill(title);
  await one.getByTestId('meeting-create-start').fill('2026-12-10T08:00');
  await one.getByTestId('meeting-create-end').fill('2026-12-10T11:00');
  await one.getByTestId('meeting-create-venue').fill('Phòng họp tầng 3');
  await one.getByTestId('meeting-create-submit').click();
  // The device is downloading and indexing the demo pack at this moment (pdf.js shares the
  // core's thread): on a loaded machine the new meeting can take a while to open.
  await expect(one.getByTestId('meeting-view')).toBeVisible({ timeout: 30_000 });
  await expect(one.getByTestId('meeting-title')).toHaveText(title, { timeout: 30_000 });
  await expect(one.getByTestId('meeting-draft-banner')).toBeVisible();
  await one.getByTestId('tab-participants').click();
  for (const [name, username, role] of [
    ['Đỗ Thị Thu', 'thu.dt', 'secretariat'],
    ['Đại biểu 01', 'delegate01', 'delegate'],
  ] as const) {
    await one.getByTestId('participant-add').click();
    await one.getByTestId('participant-form-name').fill(name);
    await one.getByTestId('participant-form-username').fill(username);
    await one.getByTestId('participant-form-role').selectOption(role);
    await one.getByTestId('participant-form-submit').click();
    await one.getByTestId('participant-added-close').click();
  }
  await expect(one.getByTestId('participant-row')).toHaveCount(3);

  // Secretary two opens the same draft.
  await signIn(two, devices[1]!, 'thu.dt', thuPassword);
  await openMeeting(two, title);
  await two.getByTestId('tab-agenda').click();
  await one.getByTestId('tab-agenda').click();

  // Both add items at the same time; each sees the other's.
  await one.getByTestId('agenda-add').click();
  await one.getByTestId('agenda-rename-input').fill('Khai mạc');
  await one.getByTestId('agenda-rename-input').press('Enter');
  await two.getByTestId('agenda-add').click();
  await two.getByTestId('agenda-rename-input').fill('Thảo luận dự thảo Nghị quyết');
  await two.getByTestId('agenda-rename-input').press('Enter');
  for (const page of [one, two]) {
    await expect(itemTitles(page)).toHaveCount(2);
    await expect(itemTitles(page).filter({ hasText: 'Khai mạc' })).toHaveCount(1);
    await expect(itemTitles(page).filter({ hasText: 'Thảo luận dự thảo Nghị quyết' })).toHaveCount(1);
  }
  const orderOne = await itemTitles(one).allInnerTexts();
  await expect.poll(() => itemTitles(two).allInnerTexts()).toEqual(orderOne);

  // Secretary two renames what secretary one made; one sees it without reloading.
  await itemTitles(two).filter({ hasText: 'Khai mạc' }).click();
  await two.getByTestId('agenda-rename-input').fill('Khai mạc hội nghị');
  await two.getByTestId('agenda-rename-input').press('Enter');
  await expect(itemTitles(one).filter({ hasText: 'Khai mạc hội nghị' })).toHaveCount(1);

  // Attach a PDF to the second item.
  await one.getByTestId('tab-documents').click();
  const options = await one.getByTestId('documents-agenda-select').locator('option').allInnerTexts();
  await one.getByTestId('documents-agenda-select').selectOption({ label: options.find((o) => o.includes('Thảo luận'))! });
  await one.getByTestId('documents-file-input').setInputFiles(fixturePdf('tracemonkey.pdf'));
  await expect(one.getByTestId('upload-row').first()).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(one.getByTestId('document-row')).toHaveCount(1);
  await expect(one.getByTestId('document-row').first()).toHaveAttribute('data-version', '1');
  await two.getByTestId('tab-documents').click();
  await expect(two.getByTestId('document-row')).toHaveCount(1);

  // A non-PDF renamed .pdf is refused by name, and nothing is added.
  await one.getByTestId('documents-file-input').setInputFiles({ name: 'bao-cao.pdf', mimeType: 'application/pdf', buffer: Buffer.from('PK\u0003\u0004 not a pdf') });
  await expect(one.getByTestId('upload-error').last()).toContainText('bao-cao.pdf');
  await expect(one.getByTestId('document-row')).toHaveCount(1);

  // Publish.
  await one.getByTestId('meeting-publish').click();
  await one.getByTestId('meeting-publish-confirm').click();
  await expect(one.getByTestId('meeting-draft-banner')).toHaveCount(0);

  // The delegate sees the published meeting with its agenda and document.
  await signIn(delegate, devices[2]!, 'delegate01');
  await openMeeting(delegate, title);
  await expect(itemTitles(delegate)).toHaveCount(2);
  await expect(itemTitles(delegate).filter({ hasText: 'Khai mạc hội nghị' })).toHaveCount(1);
  await delegate.getByTestId('tab-documents').click();
  await expect(delegate.getByTestId('document-row')).toHaveCount(1);

  // The secretary replaces the document; the delegate is told.
  await one.getByTestId('document-replace-input').first().setInputFiles(fixturePdf('TAMReview.pdf'));
  await expect(one.locator('[data-testid="document-row"][data-version="2"]')).toHaveCount(1, { timeout: 30_000 });
  await expect(delegate.getByTestId('changes-notice')).toBeVisible({ timeout: 15_000 });
  await expect(delegate.getByTestId('changes-notice')).toContainText(/phiên bản 2/);
  await delegate.getByTestId('changes-ack').click();
  await expect(delegate.getByTestId('changes-notice')).toHaveCount(0);
});
