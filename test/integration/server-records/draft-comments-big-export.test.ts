/**
 * A congress's consolidated comment table (issue 17): 10,000 comments exported as Excel and
 * Word. The files are written in a worker thread (server/draft-comments/table-pool.ts), so
 * the server keeps answering meanwhile: /api/health answers while the export is still
 * being written, and the export itself still answers with the whole table. No timing
 * figure is asserted; only the order of the two answers.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { addDocument, meetingDoc } from '../../../shared/ydoc/meeting';
import { commentRecord, submit, tempDirForFile, meetingWith, withServer } from './helpers';

const data = tempDirForFile();

const COMMENTS = 10_000;
const text = (i: number) => `Góp ý số ${i + 1}: đề nghị làm rõ phạm vi điều chỉnh, bổ sung quy định chuyển tiếp đối với các dự án đang triển khai và thống nhất thuật ngữ "đường bộ cao tốc" trong toàn văn bản.`;

describe('the consolidated table of 10,000 comments', () => {
  it('is written off the event loop: /api/health answers while the export is being written, and the file holds every comment', { timeout: 240_000 }, async () => {
    await withServer(data.dir, async (server) => {
      const delegates = Array.from({ length: 20 }, (_, i) => `d${i}`);
      const { meetingId, tokens: byName } = await meetingWith<string>(server.store, 'big', { sec: 'secretariat', ...Object.fromEntries(delegates.map((d) => [d, 'delegate' as const])) });
      const draft = '66666666-6666-4666-8666-666666666666';
      await server.docs.transact(`meeting/${meetingId}`, (doc) => {
        addDocument(doc, { id: draft, title: 'Dự thảo Luật Đường bộ (sửa đổi)', sha256: 'd'.repeat(64), size: 10, pages: 200, agendaItemId: null, confidentiality: 'internal' });
        meetingDoc.commentWindows(doc).set(draft, JSON.stringify({ until: '2099-12-10T10:00:00.000Z', public: false }));
      });
      const ts = byName.sec!;
      const tokens = delegates.map((d) => byName[d]!);
      // 500 comments a request (the records endpoint's batch), each delegate in turn.
      for (let i = 0; i < COMMENTS; i += 500) {
        const batch = Array.from({ length: 500 }, (_, k) => commentRecord(draft, ((i + k) % 200) + 1, text(i + k), (i + k) % 3 === 0 ? { asUnit: 'Đoàn đại biểu Quốc hội tỉnh Quảng Ninh' } : {}));
        const receipts = await submit(server.url, meetingId, tokens[(i / 500) % tokens.length]!, batch);
        expect(receipts.every((r) => r.ok)).toBe(true);
      }

      const exportOf = (format: string) => {
        let done = false;
        const answer = fetch(`${server.url}/api/meetings/${meetingId}/comments/export?documentId=${draft}&format=${format}`, { headers: { authorization: `Bearer ${ts}` } }).then(async (r) => {
          const body = Buffer.from(await r.arrayBuffer());
          done = true;
          return { status: r.status, type: r.headers.get('content-type'), body };
        });
        return { answer, finished: () => done };
      };
      /** Asks /api/health until it answers; whether the export had finished by then. */
      const healthDuring = async (exp: { finished(): boolean }) => {
        // Give the export request a head start, so the server is writing the file when health is asked.
        await new Promise((r) => setTimeout(r, 300));
        const health = await fetch(`${server.url}/api/health`);
        return { status: health.status, exportFinishedFirst: exp.finished() };
      };

      const xlsx = exportOf('xlsx');
      const h1 = await healthDuring(xlsx);
      const x = await xlsx.answer;
      expect(h1).toEqual({ status: 200, exportFinishedFirst: false });
      expect(x.status).toBe(200);
      expect(x.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(x.body as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      // Six heading rows, then one row per comment, numbered in page order.
      expect(sheet.rowCount).toBe(6 + COMMENTS);
      expect(String(sheet.getCell(4, 1).value)).toBe(`Tổng số ${COMMENTS} ý kiến: 0 tiếp thu, 0 ghi nhận, 0 không tiếp thu, ${COMMENTS} chưa xử lý.`);
      expect(sheet.getCell(6 + COMMENTS, 1).value).toBe(COMMENTS);
      expect(String(sheet.getCell(6 + COMMENTS, 2).value)).toBe('Trang 200');

      const docx = exportOf('docx');
      const h2 = await healthDuring(docx);
      const d = await docx.answer;
      expect(h2).toEqual({ status: 200, exportFinishedFirst: false });
      expect(d.status, d.body.toString().slice(0, 300)).toBe(200);
      const xml = await (await JSZip.loadAsync(d.body)).file('word/document.xml')!.async('string');
      // The header row and one row per comment.
      expect(xml.match(/<w:tr>|<w:tr /g)?.length).toBe(1 + COMMENTS);
      expect(xml).toContain(text(COMMENTS - 1).replace(/"/g, '&quot;'));
    });
  });
});
