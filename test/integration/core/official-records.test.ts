/**
 * The official record through the desktop core against a real server (issue 14): the
 * secretariat of the demo's Party committee sets recipients, previews the draft, finalises
 * the notice; a member downloads the signed PDF; a member cannot finalise.
 */
import { describe, expect } from 'vitest';
import { test as it } from '../../support/core-fixture';
import type { MeetingSummary } from '../../../shared/http';
import { pdfToText, pdfsig } from '../../support/pdf-tools';

/** The first meeting of the list, as this test always took it: the Party committee's (checked below). */
const firstMeeting = { meeting: (meetings: readonly MeetingSummary[]) => meetings[0]! };

describe('official record through the core', () => {
  it('recipients, draft preview, finalise, download', async ({ server, device }) => {
    const srv = await server({ demoSize: 3 });
    const sec = await device(srv.url, 'tu.secretary', firstMeeting);
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
  });
});
