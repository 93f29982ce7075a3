/**
 * The official record through the desktop core against a real server (issue 14): the
 * secretariat of the demo's Party committee sets recipients, previews the draft, finalises
 * the notice; a member downloads the signed PDF and its Word file; a member cannot finalise
 * nor export the draft.
 */
import JSZip from 'jszip';
import { describe, expect } from 'vitest';
import { test as it } from '../../support/core-fixture';
import { waitUntil } from '../../support/temp';
import type { MeetingSummary } from '../../../shared/api/meetings';
import { pdfToText, pdfsig } from '../../support/pdf-tools';

/** The first meeting of the list, as this test always took it: the Party committee's (checked below). */
const firstMeeting = { meeting: (meetings: readonly MeetingSummary[]) => meetings[0]! };

describe('official record through the core', () => {
  it('recipients, draft preview, finalise, download', async ({ device, serverWith }) => {
    const { srv, sec } = await serverWith({ sec: 'tu.secretary' }, { ...firstMeeting, server: { demoSize: 3 } });
    expect(sec.meetingId).toBe(srv.demo!.organisations.partyMeetingId);

    const before = await sec.core.api.notices.records({ meetingId: sec.meetingId });
    expect(before).toMatchObject({ family: 'party', organisation: { abbreviation: 'TU', certificate: { demo: true } }, records: [] });
    await sec.core.api.notices.setRecipients({ meetingId: sec.meetingId, kind: 'notice', recipients: ['Ban Bí thư (để báo cáo)', 'Lưu Văn phòng Tỉnh ủy'] });
    const draft = await sec.core.api.notices.preview({ meetingId: sec.meetingId, kind: 'notice' });
    expect(draft.mimeType).toBe('application/pdf');
    expect(pdfToText(Buffer.from(draft.base64, 'base64'))).toContain('DỰ THẢO');

    const member = await device(srv.url, 'tu.member1', firstMeeting);
    const refused = await member.core.api.notices.finalise({ meetingId: member.meetingId, kind: 'notice' }).catch((e) => e);
    expect(refused.code).toBe('forbidden');

    const record = await sec.core.api.notices.finalise({ meetingId: sec.meetingId, kind: 'notice' });
    expect(record.number).toBe('1-TB/TU');
    const file = await member.core.api.notices.download({ recordId: record.id });
    expect(file.fileName).toBe('thong-bao-1-TB-TU.pdf');
    const bytes = Buffer.from(file.base64, 'base64');
    expect(pdfToText(bytes)).toContain('- Lưu Văn phòng Tỉnh ủy.');
    expect(pdfsig(bytes)).toMatch(/Signature is Valid/);

    // Anyone who received it checks it from the app: the issued file, a changed copy, a foreign PDF.
    const issued = await member.core.api.notices.verify({ base64: file.base64 });
    expect(issued).toMatchObject({ verdict: 'issued', record: { id: record.id, number: '1-TB/TU', kind: 'notice' }, signature: { valid: true } });
    const changed = Buffer.from(bytes);
    // A byte of the first page's content, well inside the signed range.
    const at = changed.indexOf('stream\n') + 40;
    changed[at] = changed[at]! ^ 1;
    expect(await member.core.api.notices.verify({ base64: changed.toString('base64') })).toMatchObject({ verdict: 'altered', record: { id: record.id } });
    expect((await member.core.api.notices.verify({ base64: Buffer.from(draft.base64, 'base64').toString('base64') })).verdict).toBe('unknown');

    // The Word files: the record's text for a member, the draft only for the chair or secretariat.
    const word = await member.core.api.notices.docx({ meetingId: member.meetingId, kind: 'notice', recordId: record.id });
    expect(word).toMatchObject({ fileName: 'thong-bao-1-TB-TU.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    const xml = await (await JSZip.loadAsync(Buffer.from(word.base64, 'base64'))).file('word/document.xml')!.async('string');
    expect(xml).toContain('Số 1-TB/TU');
    expect(xml).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
    const draftRefused = await member.core.api.notices.docx({ meetingId: member.meetingId, kind: 'minutes' }).catch((e) => e);
    expect(draftRefused.code).toBe('forbidden');
    // The secretariat records a reason for absence; a member cannot.
    const member1 = await srv.store.findUserByUsername('tu.member1');
    await sec.core.api.notices.setAbsence({ meetingId: sec.meetingId, userId: member1!.id, excused: true, reason: ' Đi học tập trung ' });
    expect((await sec.core.api.notices.records({ meetingId: sec.meetingId })).absences).toEqual([{ userId: member1!.id, excused: true, reason: 'Đi học tập trung' }]);
    expect((await member.core.api.notices.setAbsence({ meetingId: member.meetingId, userId: member1!.id, excused: false }).catch((e) => e)).code).toBe('forbidden');
    // The secretary writes the minutes' narrative (version 1), sends it and approves it; a member can do none of it.
    const sections = { opening: 'Đồng chí Bí thư Tỉnh ủy phát biểu khai mạc.', items: {}, closing: '' };
    const v1 = await sec.core.api.notices.saveMinutesText({ meetingId: sec.meetingId, basedOn: 0, sections });
    expect(v1).toMatchObject({ version: 1, sections, sentAt: null, recordId: null });
    expect((await member.core.api.notices.saveMinutesText({ meetingId: member.meetingId, basedOn: 1, sections }).catch((e) => e)).code).toBe('forbidden');
    expect((await member.core.api.notices.minutesVersions({ meetingId: member.meetingId }).catch((e) => e)).code).toBe('forbidden');
    expect((await sec.core.api.notices.sendMinutes({ meetingId: sec.meetingId, version: 1 })).sentAt).not.toBeNull();
    const approvals = await sec.core.api.notices.approveMinutes({ meetingId: sec.meetingId, version: 1 });
    expect(approvals).toMatchObject({ chair: null, secretary: { role: 'secretary', version: 1 } });
    expect((await member.core.api.notices.approveMinutes({ meetingId: member.meetingId, version: 1 }).catch((e) => e)).code).toBe('forbidden');
    expect((await member.core.api.notices.returnMinutes({ meetingId: member.meetingId, version: 1, comment: 'Sửa lại.' }).catch((e) => e)).code).toBe('forbidden');
    expect(await sec.core.api.notices.minutesVersions({ meetingId: sec.meetingId })).toMatchObject({ current: 1, state: 'sent', versions: [{ version: 1 }] });
    const draftWord = await sec.core.api.notices.docx({ meetingId: sec.meetingId, kind: 'minutes' });
    expect(draftWord.fileName).toBe('bien-ban-du-thao.docx');

    // The register of conclusions, for the organisation's secretariat.
    const own = (await sec.core.api.organisations.list({})).organisations;
    expect(own.map((o) => [o.abbreviation, o.role])).toEqual([['TU', 'secretariat']]);
    const register = await sec.core.api.reports.conclusions({ organisationId: own[0]!.id, q: 'kinh te bien' });
    expect(register.rows.length).toBeGreaterThan(0);
    expect(register.rows.every((r) => r.notice?.number === '1-TB/TU')).toBe(true);
    const xlsx = await sec.core.api.reports.conclusionsExport({ organisationId: own[0]!.id, format: 'xlsx' });
    expect(xlsx.fileName).toBe('so-theo-doi-ket-luan-TU.xlsx');
    const csv = await sec.core.api.reports.conclusionsExport({ organisationId: own[0]!.id, format: 'csv', taskStatus: 'overdue' });
    expect(Buffer.from(csv.base64, 'base64').toString('utf8')).toContain('Sổ theo dõi kết luận');
    expect((await member.core.api.reports.conclusions({ organisationId: own[0]!.id }).catch((e) => e)).code).toBe('forbidden');
  });

  it("the chair's screen follows the minutes live, and every step is in the audit chain", async ({ serverWith }) => {
    const { srv, sec, chair } = await serverWith({ sec: 'tu.secretary', chair: 'tu.chair' }, { ...firstMeeting, server: { demoSize: 3 } });
    const seen = () => chair.view().recordsVersion;
    const start = seen();
    const sections = { opening: 'Đồng chí Bí thư Tỉnh ủy chủ trì hội nghị.', items: {}, closing: '' };
    await sec.core.api.notices.saveMinutesText({ meetingId: sec.meetingId, basedOn: 0, sections });
    // No refresh asked for: the version moves in live/<id> and the chair's view follows.
    await waitUntil(() => seen() > start, "the chair's view after the save");
    const afterSave = seen();
    await sec.core.api.notices.sendMinutes({ meetingId: sec.meetingId, version: 1 });
    await waitUntil(() => seen() > afterSave, "the chair's view after sending");
    expect(await chair.core.api.notices.minutesVersions({ meetingId: chair.meetingId })).toMatchObject({ current: 1, state: 'sent' });
    await chair.core.api.notices.returnMinutes({ meetingId: chair.meetingId, version: 1, comment: 'Bổ sung ý kiến của đồng chí Phó Bí thư.' });
    await sec.core.api.notices.saveMinutesText({ meetingId: sec.meetingId, basedOn: 1, sections: { ...sections, closing: 'Hội nghị kết thúc lúc 11 giờ 30.' } });
    await sec.core.api.notices.sendMinutes({ meetingId: sec.meetingId, version: 2 });
    await chair.core.api.notices.approveMinutes({ meetingId: chair.meetingId, version: 2 });
    const steps = (await srv.records.auditEntries(sec.meetingId)).filter((e) => e.kind.startsWith('minutes.'));
    expect(steps.map((e) => [e.kind, (e.data as { version: number }).version])).toEqual([
      ['minutes.saved', 1],
      ['minutes.sent', 1],
      ['minutes.returned', 1],
      ['minutes.saved', 2],
      ['minutes.sent', 2],
      ['minutes.approved', 2],
    ]);
    expect((await srv.records.verifyAudit(sec.meetingId)).ok).toBe(true);
  });
});
