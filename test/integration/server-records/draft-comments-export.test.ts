/**
 * The consolidated table of comments on a draft as Word and Excel files (issue 17), from a
 * real server: the files are opened again with exceljs and a zip reader, and their cells and
 * text read back: the same columns as the PDF and CSV, Vietnamese headings, the draft's title
 * and deadline, every comment in page order with its answer, Vietnamese intact, and a
 * comment that looks like a formula kept as text.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { DraftComment } from '../../../shared/domain/draft-comments';
import { addDocument, meetingDoc } from '../../../shared/ydoc/meeting';
import { call, commentRecord as comment, submit, tempDirForFile, meetingWith, withServer } from './helpers';

const data = tempDirForFile();

const headings = ['STT', 'Trang / đoạn', 'Cơ quan, đại biểu góp ý', 'Nội dung góp ý', 'Tiếp thu, giải trình'];
const title = 'Dự thảo Nghị quyết về phát triển đường bộ cao tốc';
// 10:00 UTC is 17 giờ in Hà Nội (UTC+7 all year).
const deadline = '2099-12-10T10:00:00.000Z';
const deadlineVi = 'Hạn góp ý: 17 giờ 00 phút, ngày 10 tháng 12 năm 2099';

describe('the consolidated comments as DOCX and XLSX', () => {
  it('writes the same table as the PDF and CSV, with the title and the deadline, Vietnamese intact', async () => {
    await withServer(data.dir, async (server) => {
      const { meetingId, tokens: { sec: ts, d1: t1, d2: t2 } } = await meetingWith(server.store, 'dx', { sec: 'secretariat', d1: 'delegate', d2: 'delegate' });
      const draft = '55555555-5555-4555-8555-555555555555';
      await server.docs.transact(`meeting/${meetingId}`, (doc) => {
        addDocument(doc, { id: draft, title, sha256: 'c'.repeat(64), size: 10, pages: 30, agendaItemId: null, confidentiality: 'internal' });
        meetingDoc.commentWindows(doc).set(draft, JSON.stringify({ until: deadline, public: false }));
      });
      // Submitted out of page order: the table puts page 2 first.
      await submit(server.url, meetingId, t1!, [comment(draft, 12, 'Đề nghị bổ sung quy định về trạm dừng nghỉ.\nSửa “Điều 7” cho rõ.', { quote: 'khoản 3 Điều 7', asUnit: 'Sở Giao thông vận tải' })]);
      await submit(server.url, meetingId, t2!, [comment(draft, 2, 'Nhất trí với tên gọi; đề nghị thay “đường bộ” bằng “đường ô tô”.'), comment(draft, 20, '=SUM(A1:A9)')]);
      const list = (await call<{ comments: DraftComment[] }>(server.url, 'GET', `/api/meetings/${meetingId}/comments?documentId=${draft}`, ts!)).body.comments;
      const onPage12 = list.find((c) => c.page === 12)!;
      expect((await call(server.url, 'POST', `/api/meetings/${meetingId}/comments/${onPage12.id}/response`, ts!, { status: 'accepted', reply: 'Tiếp thu, bổ sung Điều 7a về trạm dừng nghỉ.' })).status).toBe(200);

      const get = (format: string, token = ts!) => fetch(`${server.url}/api/meetings/${meetingId}/comments/export?documentId=${draft}&format=${format}`, { headers: { authorization: `Bearer ${token}` } });
      expect((await get('xlsx', t1!)).status).toBe(403);
      const odt = await get('odt');
      expect(odt.status).toBe(400);
      expect(((await odt.json()) as { error: { message: string } }).error.message).toContain('docx, xlsx, pdf, csv');

      // -- XLSX ---------------------------------------------------------------------------
      const xlsx = await get('xlsx');
      expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(xlsx.headers.get('content-disposition')).toContain(`gop-y-${draft.slice(0, 8)}.xlsx`);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      expect(sheet.name).toBe('Tổng hợp ý kiến');
      const text = (row: number, col: number) => String(sheet.getCell(row, col).value ?? '');
      expect(text(1, 1)).toBe('BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý');
      expect(text(2, 1)).toBe(`Dự thảo: ${title}`);
      expect(text(3, 1)).toBe(deadlineVi);
      expect(text(4, 1)).toBe('Tổng số 3 ý kiến: 1 tiếp thu, 0 ghi nhận, 0 không tiếp thu, 2 chưa xử lý.');
      expect([1, 2, 3, 4, 5].map((c) => text(6, c))).toEqual(headings);
      expect([1, 2, 3, 4, 5].map((c) => text(7, c))).toEqual(['1', 'Trang 2', 'dx-d2', 'Nhất trí với tên gọi; đề nghị thay “đường bộ” bằng “đường ô tô”.', 'Chưa xử lý']);
      expect([1, 2, 3, 4, 5].map((c) => text(8, c))).toEqual([
        '2',
        'Trang 12: «khoản 3 Điều 7»',
        'Sở Giao thông vận tải (dx-d1)',
        'Đề nghị bổ sung quy định về trạm dừng nghỉ.\nSửa “Điều 7” cho rõ.',
        'Tiếp thu: Tiếp thu, bổ sung Điều 7a về trạm dừng nghỉ.',
      ]);
      // A comment typed like a formula is a string cell, never computed.
      expect(sheet.getCell(9, 4).value).toBe('=SUM(A1:A9)');
      expect(sheet.getCell(9, 4).type).toBe(ExcelJS.ValueType.String);
      expect(sheet.rowCount).toBe(9);

      // -- DOCX ---------------------------------------------------------------------------
      const docx = await get('docx');
      expect(docx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      const zip = await JSZip.loadAsync(Buffer.from(await docx.arrayBuffer()));
      const xml = await zip.file('word/document.xml')!.async('string');
      // The visible text of each paragraph, and each table row as its cells' text.
      const paragraphText = (p: string) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!).join('');
      const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      const body = xml.split('<w:tbl>')[0]!;
      const lines = [...body.matchAll(/<w:p>[\s\S]*?<\/w:p>|<w:p [\s\S]*?<\/w:p>/g)].map((m) => unescape(paragraphText(m[0])));
      expect(lines.filter(Boolean)).toEqual(['BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý', `Dự thảo: ${title}`, deadlineVi, 'Tổng số 3 ý kiến: 1 tiếp thu, 0 ghi nhận, 0 không tiếp thu, 2 chưa xử lý.']);
      const rows = [...xml.matchAll(/<w:tr>[\s\S]*?<\/w:tr>|<w:tr [\s\S]*?<\/w:tr>/g)].map((r) =>
        [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => [...c[0].matchAll(/<w:p>[\s\S]*?<\/w:p>|<w:p [\s\S]*?<\/w:p>/g)].map((p) => unescape(paragraphText(p[0]))).join('\n')),
      );
      expect(rows[0]).toEqual(headings);
      expect(rows.slice(1)).toEqual([
        ['1', 'Trang 2', 'dx-d2', 'Nhất trí với tên gọi; đề nghị thay “đường bộ” bằng “đường ô tô”.', 'Chưa xử lý'],
        ['2', 'Trang 12: «khoản 3 Điều 7»', 'Sở Giao thông vận tải (dx-d1)', 'Đề nghị bổ sung quy định về trạm dừng nghỉ.\nSửa “Điều 7” cho rõ.', 'Tiếp thu: Tiếp thu, bổ sung Điều 7a về trạm dừng nghỉ.'],
        ['3', 'Trang 20', 'dx-d2', '=SUM(A1:A9)', 'Chưa xử lý'],
      ]);
      // The header row repeats on every page; the page is A4 landscape.
      expect(xml).toMatch(/<w:tblHeader\/>|<w:tblHeader w:val="(?:true|1|on)"\/>/);
      expect(xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);

      // The PDF and CSV carry the deadline too.
      const csv = await (await get('csv')).text();
      expect(csv).toContain(deadlineVi);
      expect(csv).toContain(`Dự thảo: ${title}`);
    });
  });
});
