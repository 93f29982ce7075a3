/**
 * Issue 14 as the People's Committee's office does it: the secretary writes the minutes'
 * narrative and sends it, the chair returns it with a comment, the secretary edits and
 * resends it, the secretary and the chair each approve that version; the secretary
 * finalises the minutes (numbered, signed, with the edited text) and signs the conclusion notice, downloads the notice as PDF and as Word, and the PDF checks out —
 * by pdfsig and by the server's verify endpoint, which also tells a changed copy from it;
 * the register of conclusions then lists the notice.
 *
 * Real server with the demo seed (the province's closed meeting), one browser-mode host per
 * device, real Chromium.
 */
import fs from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import JSZip from 'jszip';
import { pdfsig, pdfToText, tamper } from '../support/pdf-tools';
import { processes } from './support/processes';
import { api, newWindow, openMeeting, signIn, token } from './support/app';

const procs = processes();
test.afterEach(() => procs.stopAll());

const meetingTitle = /Phiên họp Ủy ban nhân dân tỉnh thường kỳ/;

async function recordsPanel(page: Page): Promise<void> {
  await openMeeting(page, meetingTitle);
  await page.getByTestId('tab-conclusions').click();
  await expect(page.getByTestId('records-organisation')).toContainText('Ủy ban nhân dân tỉnh Quảng Ninh');
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const where = await file.path();
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(where) };
}

test('the secretary edits and sends the minutes, the chair returns them with a comment, then approves the edited version; the secretary finalises them, signs the notice, downloads PDF and Word, and the PDF verifies', async ({ browser }) => {
  test.setTimeout(240_000);
  const server = await procs.server();
  const url = server.url;
  const [secDev, chairDev] = await Promise.all([procs.device(url), procs.device(url)]);
  const [sec, chair] = await Promise.all([newWindow(browser), newWindow(browser)]);

  await signIn(sec, secDev, 'ubnd.secretary');
  await recordsPanel(sec);
  const minutes = sec.getByTestId('record-minutes');
  const draft = minutes.getByTestId('minutes-draft');
  // Not before both approvals: the button says why it is disabled.
  await expect(minutes.getByTestId('finalise-minutes')).toBeDisabled();
  await expect(minutes.getByTestId('approval-chair')).toHaveAttribute('data-approved', 'no');
  await expect(draft).toHaveAttribute('data-state', 'none');

  // The secretary writes the narrative around the generated facts and sends it to the chair.
  const opening = 'Đồng chí Chủ tịch Ủy ban nhân dân tỉnh phát biểu khai mạc, nêu mục đích, yêu cầu của phiên họp.';
  const first = 'Các đại biểu cơ bản thống nhất với báo cáo tình hình kinh tế - xã hội.';
  const edited = 'Sở Kế hoạch và Đầu tư đề nghị bổ sung chỉ tiêu thu hút đầu tư vào báo cáo tình hình kinh tế - xã hội.';
  await draft.getByTestId('minutes-section-opening').fill(opening);
  await draft.getByTestId('minutes-section-item-1').fill(first);
  await draft.getByTestId('minutes-send').click();
  await expect(draft).toHaveAttribute('data-state', 'sent');
  await expect(draft).toHaveAttribute('data-version', '1');

  // The secretariat records why the absent member was absent, for the minutes' attendance.
  const absent = minutes.getByTestId('absence').filter({ hasText: 'Phạm Thị Lan' });
  await absent.getByRole('textbox').fill('Đi công tác tại Hà Nội');
  await absent.getByTestId('absence-save').click();
  await expect(absent.getByTestId('absence-save')).toBeDisabled();

  // The chair reads version 1 and returns it with a comment; the chair cannot edit the text.
  await signIn(chair, chairDev, 'ubnd.chair');
  await recordsPanel(chair);
  const chairMinutes = chair.getByTestId('record-minutes');
  await expect(chairMinutes.getByTestId('minutes-current-text')).toContainText(first);
  await expect(chairMinutes.getByTestId('minutes-editor')).toHaveCount(0);
  const comment = 'Đề nghị bổ sung ý kiến của Sở Kế hoạch và Đầu tư về chỉ tiêu thu hút đầu tư.';
  await chairMinutes.getByTestId('minutes-return-open').click();
  await chairMinutes.getByTestId('minutes-return-text').fill(comment);
  await chairMinutes.getByTestId('minutes-return-confirm').click();
  await expect(chairMinutes.getByTestId('minutes-draft')).toHaveAttribute('data-state', 'returned');
  await expect(chairMinutes.getByTestId('approve-minutes')).toBeDisabled();
  // Only the secretariat records absences.
  await expect(chair.getByTestId('absences')).toHaveCount(0);

  // The secretary sees the comment, edits the summary, resends version 2 and approves it.
  await sec.getByTestId('tab-agenda').click();
  await sec.getByTestId('tab-conclusions').click();
  await expect(draft.getByTestId('minutes-return-comment')).toContainText(comment);
  await expect(draft.getByTestId('minutes-send')).toBeDisabled();
  await draft.getByTestId('minutes-section-item-1').fill(edited);
  await draft.getByTestId('minutes-send').click();
  await expect(draft).toHaveAttribute('data-version', '2');
  await expect(draft).toHaveAttribute('data-state', 'sent');
  await minutes.getByTestId('approve-minutes').click();
  await expect(minutes.getByTestId('approval-secretary')).toHaveAttribute('data-approved', 'yes');
  await expect(minutes.getByTestId('finalise-minutes')).toBeDisabled();
  await expect(draft.getByTestId('minutes-version')).toHaveCount(2);
  await expect(draft.getByTestId('minutes-version-comment')).toContainText(comment);

  // The chair approves version 2.
  await chair.getByTestId('tab-agenda').click();
  await chair.getByTestId('tab-conclusions').click();
  await expect(chairMinutes.getByTestId('minutes-current-text')).toContainText(edited);
  await chairMinutes.getByTestId('approve-minutes').click();
  await expect(chairMinutes.getByTestId('approval-chair')).toHaveAttribute('data-approved', 'yes');

  // Back on the secretary's screen: both approvals of the latest version, so the minutes can be finalised.
  await sec.getByTestId('tab-agenda').click();
  await sec.getByTestId('tab-conclusions').click();
  await expect(minutes.getByTestId('approval-chair')).toHaveAttribute('data-approved', 'yes');
  await minutes.screenshot({ path: 'test-results/minutes-draft.png' });
  sec.on('dialog', (d) => void d.accept());
  await minutes.getByTestId('finalise-minutes').click();
  await expect(minutes.getByTestId('official-record')).toHaveAttribute('data-number', '1/BB-UBND', { timeout: 60_000 });
  await expect(draft).toHaveAttribute('data-state', 'final');

  const notice = sec.getByTestId('record-notice');
  await notice.getByTestId('finalise-notice').click();
  const issued = notice.getByTestId('official-record');
  await expect(issued).toHaveAttribute('data-number', /^\d+\/TB-UBND$/, { timeout: 60_000 });
  const number = (await issued.getAttribute('data-number'))!;
  await sec.getByTestId('official-records').screenshot({ path: 'test-results/official-records.png' });

  // The signed PDF: pdfsig finds the organisation's signature valid; the text is the state form.
  const pdf = await download(sec, () => issued.getByTestId('record-download').click());
  expect(pdf.name).toBe(`thong-bao-${number.replace('/', '-')}.pdf`);
  expect(pdfsig(pdf.bytes)).toMatch(/Signature Validation: Signature is Valid/);
  const text = pdfToText(pdf.bytes);
  for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', `Số: ${number}`, 'TM. ỦY BAN NHÂN DÂN', 'Nơi nhận:']) expect(text).toContain(s);

  // Checked from the app, as someone who received it would: the file picked, the verdict shown.
  const verifier = sec.getByTestId('verify-document');
  await verifier.getByTestId('verify-document-file').setInputFiles({ name: pdf.name, mimeType: 'application/pdf', buffer: pdf.bytes });
  await expect(verifier.getByTestId('verify-verdict')).toHaveAttribute('data-verdict', 'issued');
  await expect(verifier.getByTestId('verify-verdict')).toContainText(`số ${number}`);
  const changed = Buffer.from(pdf.bytes);
  changed[changed.indexOf('stream\n') + 40] ^= 1;
  await verifier.getByTestId('verify-document-file').setInputFiles({ name: 'ban-sao.pdf', mimeType: 'application/pdf', buffer: changed });
  await expect(verifier.getByTestId('verify-verdict')).toHaveAttribute('data-verdict', 'altered');
  await verifier.screenshot({ path: 'test-results/verify-document.png' });

  // The Word file: same letterhead and number, in Times New Roman.
  const word = await download(sec, () => issued.getByTestId('record-download-docx').click());
  expect(word.name).toBe(`thong-bao-${number.replace('/', '-')}.docx`);
  const xml = await (await JSZip.loadAsync(word.bytes)).file('word/document.xml')!.async('string');
  expect(xml).toContain(`Số: ${number}`);
  expect(xml).toContain('Times New Roman');

  // The minutes print the approvals and the reason for absence.
  const minutesPdf = await download(sec, () => minutes.getByTestId('record-download').click());
  const mt = pdfToText(minutesPdf.bytes);
  expect(mt).toContain('Dự thảo biên bản đã được duyệt: Chủ trì Cao Tường Huy duyệt lúc');
  expect(mt).toContain('– lý do: Đi công tác tại Hà Nội');
  // …and the secretary's text as approved: the edited summary, not the returned one.
  const flat = mt.replace(/\s+/g, ' ');
  expect(flat).toContain(edited);
  expect(flat).toContain(opening);
  expect(flat).not.toContain(first);
  expect(pdfsig(minutesPdf.bytes)).toMatch(/Signature Validation: Signature is Valid/);

  // The register of conclusions lists the meeting's conclusions with the notice just issued.
  await sec.getByTestId('nav-conclusion-register').click();
  await expect(sec.getByTestId('register-row').first()).toContainText(`Số ${number}`);
  await sec.getByTestId('register-search').fill('thien tai');
  await expect(sec.getByTestId('register-row')).toHaveCount(1);
  await expect(sec.getByTestId('register-row')).toContainText('Kế hoạch phòng, chống thiên tai');
  const xlsx = await download(sec, () => sec.getByTestId('register-xlsx').click());
  expect(xlsx.name).toMatch(/^so-theo-doi-ket-luan-UBND\.xlsx$/);

  // Anyone signed in can check the file: issued and unchanged; a changed copy is not.
  const t = await token(url, 'ubnd.member1');
  const check = async (bytes: Uint8Array) =>
    (await (await fetch(`${url}/api/documents/verify`, { method: 'POST', headers: { authorization: `Bearer ${t}`, 'content-type': 'application/pdf' }, body: Buffer.from(bytes) })).json()) as { verdict: string; record: { number: string } | null };
  expect(await check(pdf.bytes)).toMatchObject({ verdict: 'issued', record: { number } });
  expect(await check(tamper(pdf.bytes))).toMatchObject({ verdict: 'altered', record: { number } });
  expect((await api<{ records: unknown[] }>(url, 'GET', `/api/meetings/${(await api<{ meetings: { id: string; title: string }[] }>(url, 'GET', '/api/meetings', t)).meetings.find((m) => meetingTitle.test(m.title))!.id}/official-records`, t)).records).toHaveLength(2);
});
