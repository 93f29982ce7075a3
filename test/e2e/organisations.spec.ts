/**
 * Issue 14, organisations as people set them up: the administrator creates a People's
 * Committee (the preview reads "Số: 15/TB-UBND"), names its secretariat, is refused a
 * certificate with a wrong password (the reason in Vietnamese, nothing changed), then
 * generates a demo certificate; the secretariat signs in, finds its organisation under
 * "Tổ chức" and changes the signer; a delegate is not offered the screen.
 *
 * Real server with the demo seed, one browser-mode host per person, real Chromium.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { generateDemoP12 } from '../../server/organisations/certificate';
import { processes, tempDir } from './support/processes';
import { newWindow, signIn } from './support/app';

const procs = processes();
test.afterEach(() => procs.stopAll());

const orgName = 'ỦY BAN NHÂN DÂN HUYỆN BA CHẼ';

test('the admin creates a People’s Committee, names its secretariat and gives it a demo certificate; the secretariat changes the signer; a delegate sees no organisations', async ({ browser }) => {
  test.setTimeout(180_000);
  const server = await procs.server();
  const url = server.url;
  const [adminDev, secDev, delegateDev] = await Promise.all([procs.device(url), procs.device(url), procs.device(url)]);

  // ── The administrator creates the organisation.
  const admin = await newWindow(browser);
  await signIn(admin, adminDev, 'admin');
  await admin.getByTestId('nav-organisations').click();
  await expect(admin.getByTestId('organisations-table')).toContainText('Tỉnh ủy Quảng Ninh');
  await admin.getByTestId('org-create').click();
  const form = admin.getByTestId('org-create-panel');
  await form.getByTestId('org-kind').selectOption('peoples_committee');
  await form.getByTestId('org-name').fill(orgName);
  await form.getByTestId('org-parentName').fill('');
  await form.getByTestId('org-abbreviation').fill('UBND');
  await form.getByTestId('org-place').fill('Ba Chẽ');
  await form.getByTestId('org-authority').fill('TM. Ủy ban nhân dân');
  await form.getByTestId('org-title').fill('Chủ tịch');
  await form.getByTestId('org-signerName').fill('Nguyễn Văn An');
  // The preview follows the state form (NĐ 30/2020): "Số: 15/TB-UBND", the motto, the block in capitals.
  const preview = form.getByTestId('letterhead-preview');
  await expect(preview.getByTestId('preview-number')).toHaveText('Số: 15/TB-UBND');
  await expect(preview).toContainText('Độc lập - Tự do - Hạnh phúc');
  await expect(preview.getByTestId('preview-date')).toHaveText('Ba Chẽ, ngày 02 tháng 12 năm 2026');
  await expect(preview.getByTestId('preview-signature')).toContainText('TM. ỦY BAN NHÂN DÂN');
  // Switching the kind to a Party committee switches the form of the number.
  await form.getByTestId('org-kind').selectOption('party_committee');
  await expect(preview.getByTestId('preview-number')).toHaveText('Số 15-TB/UBND');
  await form.getByTestId('org-kind').selectOption('peoples_committee');
  await form.getByTestId('letterhead-save').click();
  const row = admin.getByTestId('org-row-UBND').filter({ hasText: orgName });
  await expect(row.getByTestId('org-cert-state')).toHaveAttribute('data-state', 'none');
  const detail = admin.getByTestId('org-detail');
  await expect(detail.getByTestId('org-detail-name')).toHaveText(orgName);

  // Members: an unknown account is refused by name; delegate05 becomes the secretariat.
  const members = detail.getByTestId('members-panel');
  await members.getByTestId('member-username').fill('khong.co.ai');
  await members.getByTestId('member-add').click();
  await expect(members.getByTestId('member-error')).toBeVisible();
  await members.getByTestId('member-username').fill('delegate05');
  await members.getByTestId('member-role').selectOption('secretariat');
  await members.getByTestId('member-add').click();
  await expect(members.getByTestId('member-delegate05')).toContainText('Văn phòng (thư ký)');
  await detail.screenshot({ path: 'test-results/organisations-admin-members.png' });

  // The certificate: a wrong password is refused with the reason, in Vietnamese; then a demo one.
  await detail.getByTestId('tab-certificate').click();
  const cert = detail.getByTestId('certificate-panel');
  await expect(cert.getByTestId('certificate-state')).toHaveAttribute('data-state', 'none');
  const p12 = path.join(tempDir('oc-e2e-p12-'), 'ubnd-ba-che.p12');
  fs.writeFileSync(p12, generateDemoP12(orgName, { password: 'dung-mat-khau' }).p12);
  await cert.getByTestId('cert-file').setInputFiles(p12);
  await cert.getByTestId('cert-password').fill('sai-mat-khau');
  await cert.getByTestId('cert-upload').click();
  await expect(cert.getByTestId('certificate-error')).toContainText('Mật khẩu không đúng');
  await expect(cert.getByTestId('certificate-state')).toHaveAttribute('data-state', 'none');
  await cert.getByTestId('cert-demo').click();
  await expect(cert.getByTestId('certificate-state')).toHaveAttribute('data-state', 'demo');
  await expect(cert.getByTestId('certificate-subject')).toContainText('BA CHẼ');
  await expect(row.getByTestId('org-cert-state')).toHaveAttribute('data-state', 'demo');
  await admin.screenshot({ path: 'test-results/organisations-admin-certificate.png', fullPage: true });
  await detail.getByTestId('tab-letterhead').click();
  await admin.screenshot({ path: 'test-results/organisations-admin-letterhead.png', fullPage: true });

  // ── The secretariat finds its organisation and changes the signer.
  const sec = await newWindow(browser);
  await signIn(sec, secDev, 'delegate05');
  await sec.getByTestId('nav-organisations').click();
  const own = sec.getByTestId('org-detail');
  await expect(own.getByTestId('org-detail-name')).toHaveText(orgName);
  await own.getByTestId('org-authority').fill('KT. Chủ tịch');
  await own.getByTestId('org-title').fill('Phó Chủ tịch');
  await own.getByTestId('org-signerName').fill('Trần Thị Bình');
  await expect(own.getByTestId('preview-signature')).toContainText('KT. CHỦ TỊCH');
  await own.getByTestId('letterhead-save').click();
  await expect(own.getByTestId('letterhead-saved')).toBeVisible();
  await sec.screenshot({ path: 'test-results/organisations-secretariat.png', fullPage: true });
  // Naming members and generating a demo certificate stay the administrator's.
  await own.getByTestId('tab-members').click();
  await expect(own.getByTestId('member-add')).toHaveCount(0);
  await own.getByTestId('tab-certificate').click();
  await expect(own.getByTestId('cert-demo')).toHaveCount(0);
  // The change is the server's: the administrator's screen shows it after reopening.
  await admin.getByTestId('nav-meetings').click();
  await admin.getByTestId('nav-organisations').click();
  await admin.getByTestId('org-row-UBND').filter({ hasText: orgName }).getByTestId('org-open').click();
  await expect(admin.getByTestId('org-signerName')).toHaveValue('Trần Thị Bình');
  await expect(admin.getByTestId('org-authority')).toHaveValue('KT. Chủ tịch');

  // ── A delegate is not offered the screen.
  const delegate = await newWindow(browser);
  await signIn(delegate, delegateDev, 'delegate06');
  await expect(delegate.getByTestId('nav-my-tasks')).toBeVisible();
  await expect(delegate.getByTestId('nav-organisations')).toHaveCount(0);
});
