/**
 * Issue 17 as the room lives it: the secretariat gives an item a speaking limit, a delegate
 * asks to speak and the chair gives the floor — the countdown shows on every screen and on
 * the hall display; the chair presents a document and a delegate's reader follows page by
 * page; a member declares a conflict of interest and the chair sees it; a delegate comments
 * on a draft while their device cannot reach the server, sees it waiting, and once back the
 * comment appears on the secretariat's open table without a reload, the answer on the
 * delegate's; the table downloads as Word and Excel; a comment after the deadline stays on
 * the device, refused with the reason. Real server, one browser-mode host per device (the
 * commenting delegate's behind a loopback proxy that can be cut, as a lost Wi-Fi), real
 * Chromium. The deadline passes on the server's test clock (`--clock-file`, server/clock.ts),
 * the only thing faked. Screenshots go to test-results/live/.
 */
import { test, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { processes } from './support/processes';
import { newWindow, openMeeting, signIn } from './support/app';
import { startFlakyProxy, type FlakyProxy } from '../support/flaky-proxy';

const procs = processes();
test.afterEach(() => procs.stopAll());
const device = (serverUrl: string) => procs.device(serverUrl);
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/live/${name}.png` });

async function tab(page: Page, key: string) {
  await page.getByTestId(`tab-${key}`).click();
}

/**
 * Opens a document of the meeting in the reader, from the documents tab, and waits for a
 * rendered page. Whoever followed a presentation may still have it open: then it stays.
 */
async function openDocumentNamed(page: Page, documentId: string) {
  const reader = page.locator('[data-testid="reader"]');
  if ((await reader.count()) > 0) {
    if ((await reader.getAttribute('data-document-id')) === documentId) return;
    await page.getByTestId('reader-close').click();
  }
  await tab(page, 'documents');
  await page.locator(`[data-testid="open-document"][data-document-id="${documentId}"]`).first().click();
  await expect(page.locator('[data-testid="reader"]')).toHaveAttribute('data-document-id', documentId);
  await expect(page.locator('[data-testid="reader-page"][data-rendered="true"]').first()).toBeVisible({ timeout: 30_000 });
}

test('speaking time, follow the presenter, a recusal, and comments on a draft, live on every screen', async ({ browser }) => {
  test.setTimeout(300_000);
  fs.mkdirSync('test-results/live', { recursive: true });
  // The server's clock: the system clock; later a millisecond offset past the comment deadline.
  const { server, setClock } = await procs.serverWithClock();
  // delegate01 reaches the server through a proxy that the test cuts (offline) and brings back.
  let proxy: FlakyProxy = await startFlakyProxy(server.url);
  const proxyPort = Number(new URL(proxy.url).port);
  procs.track({ stop: () => proxy.close() });
  const [secDev, chairDev, d1Dev, d2Dev] = await Promise.all([device(server.url), device(server.url), device(proxy.url), device(server.url)]);
  const [sec, chair, d1, d2] = await Promise.all([newWindow(browser), newWindow(browser), newWindow(browser), newWindow(browser)]);
  for (const [page, dev, user] of [
    [sec, secDev, 'secretary'],
    [chair, chairDev, 'chair'],
    [d1, d1Dev, 'delegate01'],
    [d2, d2Dev, 'delegate02'],
  ] as const) {
    await signIn(page, dev, user);
    await openMeeting(page);
  }

  // -- Speaking time --------------------------------------------------------------------
  // The secretariat (who prepares the agenda) sets 5 minutes per speaker on the first item.
  const firstItem = sec.getByTestId('agenda-item').first();
  await firstItem.hover();
  await firstItem.getByTestId('agenda-edit').click();
  await sec.getByTestId('agenda-speaking-limit-input').fill('5');
  await sec.getByTestId('agenda-speaking-budget-input').fill('30');
  await sec.getByTestId('agenda-details-save').click();
  await expect(sec.getByTestId('agenda-details-form')).toHaveCount(0);

  await chair.getByTestId('agenda-start-item').first().click();
  await expect(d1.getByTestId('current-item-title')).toContainText('1.', { timeout: 15_000 });
  await d1.getByTestId('speak-request').click();
  await expect(d1.getByTestId('speak-mine')).toHaveAttribute('data-status', 'waiting');
  await expect(chair.getByTestId('speaker-row')).toHaveAttribute('data-status', 'waiting', { timeout: 15_000 });
  await shot(chair, '01-chair-queue');
  await chair.getByTestId('speaker-grant').click();

  // The countdown from 5:00, on the speaker's, another delegate's and the chair's screens.
  for (const page of [d1, d2, chair]) {
    await expect(page.getByTestId('speaker-clock')).toHaveText(/^[45]:\d\d/, { timeout: 15_000 });
    await expect(page.getByTestId('speaker-clock')).toHaveAttribute('data-tone', 'normal');
  }
  await expect(d2.getByTestId('speakers-floor')).toContainText('Đang phát biểu');
  await expect(d2.getByTestId('speaking-budget')).toContainText('30');
  const before = await d2.getByTestId('speaker-clock').innerText();
  await expect(d2.getByTestId('speaker-clock')).not.toHaveText(before, { timeout: 5_000 });
  await shot(d2, '02-delegate-countdown');
  // The chair adds a minute: past 5:00 on every device.
  await chair.getByTestId('speaker-add-minute').click();
  await expect(d2.getByTestId('speaker-clock')).toHaveText(/^5:\d\d/, { timeout: 15_000 });
  // The hall display.
  await chair.getByTestId('speaker-hall').click();
  await expect(chair.getByTestId('speaker-hall-display')).toBeVisible();
  await expect(chair.getByTestId('speaker-hall-display')).toContainText(/[45]:\d\d/);
  await shot(chair, '03-hall-display');
  await chair.keyboard.press('Escape');
  await expect(chair.getByTestId('speaker-hall-display')).toHaveCount(0);
  await chair.getByTestId('speaker-finish').click();
  await expect(d2.getByTestId('speakers-floor')).toContainText('Chưa có ai phát biểu', { timeout: 15_000 });

  // -- Recusal ----------------------------------------------------------------------------
  await d2.getByTestId('recusal-open').click();
  await d2.getByTestId('recusal-reason').fill('Vợ tôi là thành viên Hội đồng quản trị của nhà thầu được đề xuất');
  await d2.getByTestId('recusal-submit').click();
  await expect(d2.getByTestId('recusal-mine')).toBeVisible({ timeout: 15_000 });
  await expect(chair.getByTestId('recusal-row')).toContainText('Vợ tôi là thành viên', { timeout: 15_000 });
  await shot(chair, '04-chair-recusals');

  // -- Follow the presenter ------------------------------------------------------------------
  await tab(chair, 'documents');
  const docId = (await chair.getByTestId('open-document').first().getAttribute('data-document-id'))!;
  await openDocumentNamed(chair, docId);
  await chair.getByTestId('present-start').click();
  await expect(chair.getByTestId('follow-presenting')).toBeVisible();
  // The delegate's reader opens by itself, at the presenter's page.
  await expect(d2.locator('[data-testid="reader"]')).toHaveAttribute('data-document-id', docId, { timeout: 20_000 });
  await expect(d2.getByTestId('follow-state')).toContainText('Đang theo người trình bày');
  await chair.getByTestId('reader-page-input').fill('2');
  await chair.getByTestId('reader-page-input').press('Enter');
  await expect(d2.getByTestId('follow-state')).toContainText('trang 2', { timeout: 15_000 });
  await expect(d2.getByTestId('reader-page-input')).toHaveValue('2', { timeout: 15_000 });
  await shot(d2, '05-delegate-follows');
  // Stop following, read freely, return.
  await d2.getByTestId('follow-stop').click();
  await expect(d2.getByTestId('follow-return')).toBeVisible();
  await d2.getByTestId('follow-return').click();
  await expect(d2.getByTestId('follow-stop')).toBeVisible();
  await chair.getByTestId('present-stop').click();
  await expect(d2.getByTestId('follow-bar')).toHaveCount(0, { timeout: 15_000 });
  await d2.getByTestId('reader-close').click();

  // -- Comments on a draft --------------------------------------------------------------------
  await openDocumentNamed(sec, docId);
  await sec.getByTestId('draft-comments-window-edit').click();
  const until = new Date(Date.now() + 3 * 86_400_000);
  const local = new Date(until.getTime() + 7 * 3_600_000).toISOString().slice(0, 16); // the page runs in Asia/Ho_Chi_Minh
  await sec.getByTestId('draft-comments-until').fill(local);
  await sec.getByTestId('draft-comments-window-save').click();
  await expect(sec.getByTestId('draft-comments-window')).toHaveAttribute('data-open', 'true');
  // The secretariat keeps the consolidated table open: empty for now.
  await sec.getByTestId('draft-comments-all').click();
  await expect(sec.getByTestId('draft-comments-empty')).toBeVisible();

  await openDocumentNamed(d1, docId);
  await expect(d1.getByTestId('draft-comments-window')).toHaveAttribute('data-open', 'true', { timeout: 15_000 });
  // delegate01's device loses the network, then comments: kept on the device, shown as waiting.
  await proxy.close();
  await expect(d1.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });
  await d1.getByTestId('draft-comment-write').click();
  await d1.getByTestId('draft-comment-text').fill('Đề nghị bổ sung quy định chuyển tiếp đối với các dự án đường bộ cao tốc đang triển khai.');
  await d1.getByTestId('draft-comment-unit').fill('Đoàn đại biểu tỉnh Quảng Ninh');
  await d1.getByTestId('draft-comment-send').click();
  await expect(d1.getByTestId('draft-comment-form')).toHaveCount(0);
  const waiting = d1.getByTestId('draft-comment-mine');
  await expect(waiting).toHaveAttribute('data-state', 'pending');
  await expect(waiting).toContainText('Đề nghị bổ sung quy định chuyển tiếp');
  await expect(waiting).toContainText('đang chờ gửi');
  await shot(d1, '06a-delegate-comment-offline');
  // Nothing has reached the secretariat.
  await expect(sec.getByTestId('draft-comments-empty')).toBeVisible();
  // Back online on the same address: the outbox sends it, and it is receipted.
  proxy = await startFlakyProxy(server.url, proxyPort);
  await expect(d1.getByTestId('draft-comment-mine')).toHaveCount(0, { timeout: 30_000 });
  // The commenter's own list, open while waiting for the answer.
  await d1.getByTestId('draft-comments-all').click();
  await expect(d1.getByTestId('draft-comment-row')).toHaveCount(1, { timeout: 15_000 });

  // On the secretariat's open table without a reload.
  const row = sec.getByTestId('draft-comment-row');
  await expect(row).toHaveCount(1, { timeout: 15_000 });
  await expect(row).toContainText('Đoàn đại biểu tỉnh Quảng Ninh');
  await expect(row).toHaveAttribute('data-status', 'pending');
  await shot(sec, '06-secretariat-comment-arrives');
  await row.getByTestId('draft-comment-reply').fill('Tiếp thu, bổ sung Điều 12 về quy định chuyển tiếp.');
  await row.getByTestId('draft-comment-accepted').click();
  await expect(row).toHaveAttribute('data-status', 'accepted');
  // …and the answer on the commenter's screen, also without a reload.
  await expect(d1.getByTestId('draft-comment-row')).toHaveAttribute('data-status', 'accepted', { timeout: 15_000 });
  await expect(d1.getByTestId('draft-comment-row')).toContainText('Tiếp thu, bổ sung Điều 12');
  await shot(d1, '07-delegate-sees-answer');

  // -- Export ----------------------------------------------------------------------------------
  const xlsxDownload = sec.waitForEvent('download');
  await sec.getByTestId('draft-comments-export-xlsx').click();
  const xlsx = await xlsxDownload;
  expect(xlsx.suggestedFilename()).toMatch(/^gop-y-.+\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await xlsx.path())!);
  const sheet = book.worksheets[0]!;
  expect(String(sheet.getCell(1, 1).value)).toBe('BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý');
  expect(String(sheet.getCell(3, 1).value)).toMatch(/^Hạn góp ý: \d\d giờ \d\d phút, ngày \d\d tháng \d\d? năm \d{4}$/);
  expect(String(sheet.getCell(7, 3).value)).toContain('Đoàn đại biểu tỉnh Quảng Ninh');
  expect(String(sheet.getCell(7, 5).value)).toBe('Tiếp thu: Tiếp thu, bổ sung Điều 12 về quy định chuyển tiếp.');

  const docxDownload = sec.waitForEvent('download');
  await sec.getByTestId('draft-comments-export-docx').click();
  const docx = await docxDownload;
  expect(docx.suggestedFilename()).toMatch(/^gop-y-.+\.docx$/);
  const xml = await (await JSZip.loadAsync(fs.readFileSync((await docx.path())!))).file('word/document.xml')!.async('string');
  expect(xml).toContain('Đề nghị bổ sung quy định chuyển tiếp đối với các dự án đường bộ cao tốc đang triển khai.');
  await shot(sec, '08-secretariat-after-export');

  // -- After the deadline ----------------------------------------------------------------------
  // Four days pass on the server (the deadline was three days ahead); the delegate comments again.
  setClock(4 * 86_400_000);
  await d1.getByTestId('draft-comment-write').click();
  await d1.getByTestId('draft-comment-text').fill('Đề nghị xem lại thời hạn thi hành tại Điều 30.');
  await d1.getByTestId('draft-comment-send').click();
  // Kept on the device, refused by the server with the reason, in the person's language.
  const late = d1.getByTestId('draft-comment-mine');
  await expect(late).toHaveAttribute('data-state', 'refused', { timeout: 30_000 });
  await expect(late).toContainText('Đề nghị xem lại thời hạn thi hành tại Điều 30.');
  await expect(late).toContainText('đã hết hạn góp ý');
  await expect(late).toContainText('vẫn được lưu trên thiết bị');
  await shot(d1, '09-delegate-late-comment-refused');
  // The secretariat's table still holds the one comment in time.
  await expect(sec.getByTestId('draft-comment-row')).toHaveCount(1);
});
