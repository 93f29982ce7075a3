/**
 * The notice and minutes of each family, laid out from fixed facts on a fixed day, read
 * back with pdftotext: headings, number formats, the NĐ 30 / HD 36 date line, signature
 * block, recipients, the vote sentence of shared/domain/result-wording, Vietnamese intact.
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { resultSentence } from '../../../shared/domain/result-wording';
import { tally } from '../../../shared/domain/tally';
import type { Organisation } from '../../../shared/organisations';
import { demoOrganisations } from '../../../server/demo/organisations';
import type { RenderOptions } from '../../../server/records-official/documents';
import { renderRecordFile } from '../../../server/records-official/render-record';
import type { RecordFacts } from '../../../server/records-official/facts';
import type { PollRow } from '../../../server/records/repo';
import { pdfToText } from '../../support/pdf-tools';

const org = (k: keyof typeof demoOrganisations): Organisation => ({ ...demoOrganisations[k], id: k, certificate: null, createdAt: '2026-01-01T00:00:00Z' });

const result = tally({ kind: 'approve', optionIds: ['yes', 'no', 'abstain'], majority: { base: 'members', threshold: { fraction: { num: 1, den: 2 }, strict: true } }, quorumRule: null, ballots: [['yes'], ['yes'], ['yes'], ['yes'], ['no']], eligible: 6, present: 5, members: 6 });
const poll = { id: 'p1', meetingId: 'm', agendaItemId: 'i1', definition: { kind: 'approve', question: 'Thông qua Kế hoạch?', options: [] }, result } as unknown as PollRow;

const facts: RecordFacts = {
  content: {
    meta: { title: 'Phiên họp thường kỳ tháng 11 năm 2026', startsAt: '2026-12-02T01:00:00Z', endsAt: '2026-12-02T04:30:00Z', venue: 'Trụ sở cơ quan' },
    participants: [
      { id: 'c', name: 'Nguyễn Văn An', position: 'Chủ tịch', unit: null, role: 'chair', siteId: null },
      { id: 's', name: 'Trần Thị Bình', position: 'Chánh Văn phòng', unit: null, role: 'secretariat', siteId: null },
      { id: 'd1', name: 'Lê Văn Cường', position: 'Ủy viên', unit: null, role: 'delegate', siteId: null },
      { id: 'd2', name: 'Phạm Thị Dung', position: 'Ủy viên', unit: null, role: 'delegate', siteId: null },
    ],
    sites: [],
    agenda: [
      { id: 'i1', parentId: null, number: '1', depth: 0, title: 'Kế hoạch phát triển kinh tế - xã hội năm 2027', durationMin: 30, presenter: 'Sở Tài chính', documentIds: [] },
      { id: 'i2', parentId: null, number: '2', depth: 0, title: 'Công tác phòng, chống thiên tai', durationMin: 30, presenter: null, documentIds: [] },
    ],
  } as unknown as RecordFacts['content'],
  attendance: new Map([
    ['c', { status: 'present', substitute: null, at: '', by: '' }],
    ['d1', { status: 'present', substitute: null, at: '', by: '' }],
    ['d2', { status: 'excused', substitute: 'Hoàng Văn Em', at: '', by: '' }],
  ]) as RecordFacts['attendance'],
  absences: new Map(),
  speakers: [{ name: 'Lê Văn Cường', agendaItemId: 'i1', requestedAt: '2026-12-02T01:30:00Z' }],
  polls: [poll],
  conclusions: new Map([
    ['i1', { text: 'Thống nhất thông qua Kế hoạch; giao Sở Tài chính hoàn thiện.', version: 1 }],
    ['i2', { text: 'Các địa phương chủ động phương án ứng phó.', version: 1 }],
  ]),
  tasks: [],
  openedAt: '2026-12-02T01:00:00Z',
  closedAt: '2026-12-02T04:30:00Z',
};

type Render = Partial<RenderOptions> & Pick<RenderOptions, 'kind' | 'org' | 'number'>;

/** The fixed facts, day, recipients and audit head, with what the test sets. */
const renderOptions = (o: Render): RenderOptions => ({ facts, draft: false, issuedAt: '2026-12-02T03:00:00Z', recipients: ['Thường trực Tỉnh ủy (để báo cáo)', 'Lưu: VT'], auditHead: 'f'.repeat(64), replaces: null, demoCertificate: true, ...o });

async function text(o: Render): Promise<string> {
  return pdfToText((await renderRecordFile({ format: 'pdf', options: renderOptions(o), recordId: null, sign: null })).bytes);
}

/** The PDF of `o` as text holds every line of `has` and none of `lacks`. */
async function expectText(o: Render, has: readonly string[], lacks: readonly string[] = []): Promise<void> {
  const t = await text(o);
  for (const s of has) expect(t).toContain(s);
  for (const s of lacks) expect(t).not.toContain(s);
}

describe('state family (NĐ 30/2020/NĐ-CP)', () => {
  it('notice of the Government Office', async () => {
    await expectText({ kind: 'notice', org: org('government'), number: '123/TB-VPCP' }, [
      'VĂN PHÒNG CHÍNH PHỦ',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 123/TB-VPCP',
      'Hà Nội, ngày 02 tháng 12 năm 2026',
      'THÔNG BÁO',
      'Kết luận của Chủ tịch Nguyễn Văn An tại Phiên họp thường kỳ tháng 11 năm 2026',
      'KT. BỘ TRƯỞNG, CHỦ NHIỆM',
      'PHÓ CHỦ NHIỆM',
      'Trần Văn Sơn',
      'Nơi nhận:',
      '- Thường trực Tỉnh ủy (để báo cáo);',
      '- Lưu: VT.',
      `Mã kiểm chứng: ${'f'.repeat(64)}`,
      'demo certificate',
      resultSentence({ kind: 'approve', options: [] }, result),
      '4/6 tán thành (66,7% tổng số đại biểu); cần 4 trên tổng số 6 đại biểu — Thông qua',
    ], ['ĐẢNG CỘNG SẢN VIỆT NAM']);
  });

  it("minutes of a People's Committee: attendance, speakers, polls, conclusions, times", async () => {
    await expectText({ kind: 'minutes', org: org('province'), number: '7/BB-UBND' }, [
      'ỦY BAN NHÂN DÂN',
      'Số: 7/BB-UBND',
      'Quảng Ninh, ngày 02 tháng 12 năm 2026',
      'BIÊN BẢN',
      'Thời gian bắt đầu: 08 giờ 00 phút, ngày 02 tháng 12 năm 2026',
      'Chủ trì: Chủ tịch Nguyễn Văn An',
      'Thư ký: Chánh Văn phòng Trần Thị Bình',
      'Có mặt (2): Nguyễn Văn An (Chủ tịch); Lê Văn Cường (Ủy viên)',
      'Vắng có lý do (1): Phạm Thị Dung (Ủy viên), cử Hoàng Văn Em dự thay',
      '1. Kế hoạch phát triển kinh tế - xã hội năm 2027 (trình bày: Sở Tài chính)',
      'Ý kiến phát biểu: Lê Văn Cường',
      'Biểu quyết “Thông qua Kế hoạch?”: 4/6 tán thành',
      'Kết luận: Thống nhất thông qua Kế hoạch',
      'Cuộc họp kết thúc vào 11 giờ 30 phút cùng ngày',
      'THƯ KÝ',
      'CHỦ TRÌ',
    ]);
  });
});

describe('Party family (HD 36-HD/VPTW)', () => {
  it('notice of the provincial Standing Committee', async () => {
    await expectText(
      { kind: 'notice', org: org('party'), number: '15-TB/TU' },
      ['ĐẢNG CỘNG SẢN VIỆT NAM', 'TỈNH ỦY QUẢNG NINH', '*', 'Số 15-TB/TU', 'Quảng Ninh, ngày 02 tháng 12 năm 2026', 'Kết luận của Ban Thường vụ Tỉnh ủy Quảng Ninh', 'T/M BAN THƯỜNG VỤ', 'BÍ THƯ', 'Vũ Đại Thắng', 'Nơi nhận:'],
      ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Số:'],
    );
  });

  it('a draft has no number and says DỰ THẢO; a correction says what it replaces', async () => {
    const draft = await text({ kind: 'notice', org: org('party'), number: null, draft: true });
    expect(draft).toContain('DỰ THẢO');
    expect(draft).not.toMatch(/Số \d/);
    const fix = await text({ kind: 'minutes', org: org('party'), number: '16-BB/TU', replaces: { number: '14-BB/TU', issuedAt: '2026-11-30T03:00:00Z', reason: 'Bổ sung ý kiến phát biểu.' } });
    expect(fix).toContain('Biên bản này thay thế biên bản số 14-BB/TU ngày 30/11/2026. Lý do: Bổ sung ý kiến phát biểu.');
  });
});

/** The paragraphs of word/document.xml as text (runs joined), and the XML itself. */
async function wordText(o: Render): Promise<{ paragraphs: string[]; xml: string; styles: string }> {
  const { bytes, pages } = await renderRecordFile({ format: 'docx', options: renderOptions(o), recordId: null, sign: null });
  expect(pages).toBeNull();
  expect(Buffer.from(bytes.subarray(0, 2)).toString('latin1')).toBe('PK');
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => unescape([...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''))).filter(Boolean);
  return { paragraphs, xml, styles: await zip.file('word/styles.xml')!.async('string') };
}

describe('reasons for absence in the minutes', () => {
  it('prints each reason; an absence the secretariat judged unexcused is "không lý do", one not looked into just "Vắng"', async () => {
    const withUnknown: RecordFacts = {
      ...facts,
      content: { ...facts.content, participants: [...facts.content.participants, { id: 'd3', name: 'Võ Văn Phúc', position: null, unit: null, role: 'delegate', siteId: null }, { id: 'd4', name: 'Đỗ Thị Giang', position: null, unit: null, role: 'delegate', siteId: null }] } as RecordFacts['content'],
      absences: new Map([
        ['d2', { userId: 'd2', excused: true, reason: 'Đi công tác tại Hà Nội.' }],
        ['d3', { userId: 'd3', excused: false, reason: 'Không báo trước' }],
        // A reason recorded for someone who then came is not printed.
        ['d1', { userId: 'd1', excused: true, reason: 'Ốm' }],
      ]),
    };
    const options = { facts: withUnknown, draft: false, issuedAt: '2026-12-02T03:00:00Z', recipients: [], auditHead: null, replaces: null, demoCertificate: false, kind: 'minutes' as const, org: org('province'), number: '8/BB-UBND' };
    const t = pdfToText((await renderRecordFile({ format: 'pdf', options, recordId: null, sign: null })).bytes);
    expect(t).toContain('Có mặt (2): Nguyễn Văn An (Chủ tịch); Lê Văn Cường (Ủy viên).');
    expect(t).toContain('Vắng có lý do (1): Phạm Thị Dung (Ủy viên) – lý do: Đi công tác tại Hà Nội, cử Hoàng Văn Em dự thay.');
    expect(t).toContain('Vắng không lý do (1): Võ Văn Phúc – lý do: Không báo trước.');
    expect(t).toContain('Vắng (1): Đỗ Thị Giang.');
    expect(t).not.toContain('Ốm');
  });
});

describe('approvals of the minutes', () => {
  const chairOk = { role: 'chair' as const, userId: 'c', name: 'Nguyễn Văn An', approvedAt: '2026-12-02T05:05:00Z', version: 1 };
  const secOk = { role: 'secretary' as const, userId: 's', name: 'Trần Thị Bình', approvedAt: '2026-12-03T01:20:00Z', version: 1 };

  it('prints who approved and when, in the organisation time zone', async () => {
    const t = await text({ kind: 'minutes', org: org('province'), number: '7/BB-UBND', approvals: { chair: chairOk, secretary: secOk } });
    expect(t).toContain('Dự thảo biên bản đã được duyệt: Chủ trì Nguyễn Văn An duyệt lúc 12 giờ 05 phút, ngày 02 tháng 12 năm 2026; Thư ký Trần Thị Bình duyệt lúc 08 giờ 20 phút, ngày 03 tháng 12 năm 2026.');
  });

  it('a draft says whose approval it waits for', async () => {
    const t = await text({ kind: 'minutes', org: org('party'), number: null, draft: true, approvals: { chair: chairOk, secretary: null } });
    expect(t).toContain('Dự thảo biên bản chờ thư ký duyệt (Chủ trì Nguyễn Văn An duyệt lúc 12 giờ 05 phút');
    expect(await text({ kind: 'minutes', org: org('party'), number: null, draft: true, approvals: { chair: null, secretary: null } })).toContain('Dự thảo biên bản chờ chủ trì và thư ký duyệt.');
  });
});

describe('Word export (docx)', () => {
  it('a state notice: letterhead left, motto right, number and date, title, body, recipients, signature — in Times New Roman 13–14 pt', async () => {
    const { paragraphs, xml, styles } = await wordText({ kind: 'notice', org: org('government'), number: '123/TB-VPCP' });
    // The letterhead is a two-cell table: the issuing body and number left, the motto and date right.
    const firstTable = /<w:tbl>[\s\S]*?<\/w:tbl>/.exec(xml)![0];
    const cells = [...firstTable.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => c[0]);
    expect(cells).toHaveLength(2);
    expect(cells[0]).toContain('VĂN PHÒNG CHÍNH PHỦ');
    expect(cells[0]).toContain('Số: 123/TB-VPCP');
    expect(cells[1]).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(cells[1]).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(cells[1]).toContain('Hà Nội, ngày 02 tháng 12 năm 2026');
    for (const s of [
      'THÔNG BÁO',
      'Kết luận của Chủ tịch Nguyễn Văn An tại Phiên họp thường kỳ tháng 11 năm 2026',
      '1. Kế hoạch phát triển kinh tế - xã hội năm 2027',
      'Thống nhất thông qua Kế hoạch; giao Sở Tài chính hoàn thiện.',
      'Nơi nhận:',
      '- Thường trực Tỉnh ủy (để báo cáo);',
      '- Lưu: VT.',
      'KT. BỘ TRƯỞNG, CHỦ NHIỆM',
      'PHÓ CHỦ NHIỆM',
      'Trần Văn Sơn',
    ]) expect(paragraphs).toContain(s);
    // The same vote sentence as the PDF and the result screen.
    expect(paragraphs.join('\n')).toContain(resultSentence({ kind: 'approve', options: [] }, result));
    expect(paragraphs).not.toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
    // The order of a record: heading, title, body, then recipients and signature.
    const at = (s: string) => paragraphs.findIndex((p) => p.includes(s));
    expect(at('VĂN PHÒNG CHÍNH PHỦ')).toBeLessThan(at('THÔNG BÁO'));
    expect(at('THÔNG BÁO')).toBeLessThan(at('1. Kế hoạch'));
    expect(at('1. Kế hoạch')).toBeLessThan(at('Nơi nhận:'));
    // Times New Roman throughout; body at 14 pt (w:sz is in half-points), nothing under 10 pt.
    expect(styles).toContain('Times New Roman');
    const fonts = new Set([...xml.matchAll(/w:ascii="([^"]+)"/g)].map((m) => m[1]));
    expect([...fonts]).toEqual(['Times New Roman']);
    const sizes = [...xml.matchAll(/<w:sz w:val="(\d+)"/g)].map((m) => Number(m[1]) / 2);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...sizes)).toBe(14);
    const body = /<w:p>(?:(?!<\/w:p>)[\s\S])*Thống nhất thông qua Kế hoạch[\s\S]*?<\/w:p>/.exec(xml.slice(xml.indexOf('1. Kế hoạch')))![0];
    expect(body).toContain('<w:sz w:val="28"/>');
  });

  it('Party minutes: the Party heading right, "Số n-BB/TU", chair and secretary signatures, attendance', async () => {
    const { paragraphs, xml } = await wordText({ kind: 'minutes', org: org('party'), number: '16-BB/TU' });
    const firstTable = /<w:tbl>[\s\S]*?<\/w:tbl>/.exec(xml)![0];
    const cells = [...firstTable.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => c[0]);
    expect(cells[0]).toContain('TỈNH ỦY QUẢNG NINH');
    expect(cells[0]).toContain('Số 16-BB/TU');
    expect(cells[1]).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
    expect(cells[1]).toContain('<w:u ');
    for (const s of ['BIÊN BẢN', 'Vắng có lý do (1): Phạm Thị Dung (Ủy viên), cử Hoàng Văn Em dự thay.', 'THƯ KÝ', 'CHỦ TRÌ', 'Nguyễn Văn An', 'Trần Thị Bình', 'Nơi nhận:']) expect(paragraphs).toContain(s);
    expect(paragraphs).not.toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  });

  it('a draft says DỰ THẢO and has no number', async () => {
    const { paragraphs } = await wordText({ kind: 'notice', org: org('province'), number: null, draft: true });
    expect(paragraphs).toContain('DỰ THẢO');
    expect(paragraphs.join('\n')).not.toMatch(/Số: \d/);
  });
});

describe("the secretary's narrative in the minutes", () => {
  it('prints the opening after "Nội dung cuộc họp:", each summary under its item after who spoke, the closing before the end; the facts stay', async () => {
    const narrative = { opening: 'Đồng chí chủ trì phát biểu khai mạc.\n\nNêu mục đích, yêu cầu của cuộc họp.', items: { i1: 'Các ý kiến thống nhất cao với dự thảo kế hoạch.', ghost: 'Không in.' }, closing: 'Chủ trì cảm ơn các đại biểu.' };
    const t = (await text({ kind: 'minutes', org: org('province'), number: '9/BB-UBND', narrative })).replace(/\s+/g, ' ');
    const at = (s: string) => {
      const i = t.indexOf(s);
      expect(i, s).toBeGreaterThanOrEqual(0);
      return i;
    };
    expect(at('Nội dung cuộc họp:')).toBeLessThan(at('Đồng chí chủ trì phát biểu khai mạc.'));
    expect(at('Đồng chí chủ trì phát biểu khai mạc.')).toBeLessThan(at('Nêu mục đích, yêu cầu của cuộc họp.'));
    expect(at('Ý kiến phát biểu: Lê Văn Cường')).toBeLessThan(at('Các ý kiến thống nhất cao với dự thảo kế hoạch.'));
    expect(at('Các ý kiến thống nhất cao với dự thảo kế hoạch.')).toBeLessThan(at('Biểu quyết “Thông qua Kế hoạch?”'));
    expect(at('Chủ trì cảm ơn các đại biểu.')).toBeLessThan(at('Cuộc họp kết thúc vào'));
    expect(t).not.toContain('Không in.');
  });
});
