/**
 * The consolidated table of comments on a draft ("bảng tổng hợp, tiếp thu, giải trình ý
 * kiến"), as the secretariat sends it on: one row per comment in page order, who commented
 * (or on whose behalf), what, and the answer. PDF (A4, the same writer as the notice) and
 * CSV (UTF-8 with BOM, opens in Excel). DOCX/XLSX are not produced yet: no writer for them
 * is in the project.
 */
import type { CommentStatus, DraftComment } from '../../shared/domain/draft-comments';
import { groupByPage } from '../../shared/domain/draft-comments';
import { csvText } from '../reports/csv';
import { PdfWriter } from '../reports/pdf-writer';

const statusVi: Record<CommentStatus, string> = { pending: 'Chưa xử lý', accepted: 'Tiếp thu', noted: 'Ghi nhận', rejected: 'Không tiếp thu' };

const headers = ['STT', 'Trang / đoạn', 'Cơ quan, đại biểu góp ý', 'Nội dung góp ý', 'Tiếp thu, giải trình'];

function rows(list: readonly DraftComment[]): string[][] {
  let n = 0;
  return groupByPage(list).flatMap((g) =>
    g.comments.map((c) => [
      String(++n),
      c.quote ? `Trang ${c.page}: «${c.quote}»` : `Trang ${c.page}`,
      c.asUnit ? `${c.asUnit} (${c.name})` : c.name,
      c.text,
      c.reply ? `${statusVi[c.status]}: ${c.reply}` : statusVi[c.status],
    ]),
  );
}

export function commentsCsv(title: string, list: readonly DraftComment[]): string {
  const lines = [[`Bảng tổng hợp ý kiến góp ý dự thảo: ${title}`], [], headers, ...rows(list)];
  return csvText(lines);
}

export async function commentsPdf(title: string, list: readonly DraftComment[]): Promise<Uint8Array> {
  const heading = 'BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý';
  const w = await PdfWriter.create({ title: `${heading} — ${title}`, author: 'OpenCabinet' });
  w.line(heading, { bold: true, center: true, size: 13 });
  w.line(`Dự thảo: ${title}`, { center: true, size: 11 });
  const by = (s: CommentStatus) => list.filter((c) => c.status === s).length;
  w.line(`Tổng số ${list.length} ý kiến: ${by('accepted')} tiếp thu, ${by('noted')} ghi nhận, ${by('rejected')} không tiếp thu, ${by('pending')} chưa xử lý.`, { center: true, size: 10 });
  w.gap(10);
  w.table(
    [
      { title: headers[0]!, width: 0.06, align: 'right' },
      { title: headers[1]!, width: 0.17 },
      { title: headers[2]!, width: 0.19 },
      { title: headers[3]!, width: 0.32 },
      { title: headers[4]!, width: 0.26 },
    ],
    rows(list),
    9,
  );
  return w.save();
}
