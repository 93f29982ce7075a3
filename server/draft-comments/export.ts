/**
 * The consolidated table of comments on a draft ("bảng tổng hợp, tiếp thu, giải trình ý
 * kiến"), as the secretariat sends it on: one row per comment in page order, who commented
 * (or on whose behalf), what, and the answer. PDF (A4, the same writer as the notice) and
 * CSV (UTF-8 with BOM, opens in Excel) here; DOCX and XLSX in draft-comments-office.ts,
 * from the same heading, columns and rows.
 */
import type { CommentStatus, DraftComment } from '../../shared/domain/draft-comments';
import { groupByPage } from '../../shared/domain/draft-comments';
import { dateLine, timeOfDay } from '../../shared/organisations';
import { csvText } from '../reports/csv';
import { PdfWriter } from '../reports/pdf-writer';

/** What every format of the table is made from. */
export interface CommentTable {
  /** The draft's title, as in the meeting pack. */
  title: string;
  /** The end of the comment window (ISO instant), or null when the draft is not (or no longer) open for comments. */
  deadline: string | null;
  comments: readonly DraftComment[];
}

export const tableHeading = 'BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý';

const statusVi: Record<CommentStatus, string> = { pending: 'Chưa xử lý', accepted: 'Tiếp thu', noted: 'Ghi nhận', rejected: 'Không tiếp thu' };

export const columns = [
  { title: 'STT', width: 0.06 },
  { title: 'Trang / đoạn', width: 0.17 },
  { title: 'Cơ quan, đại biểu góp ý', width: 0.19 },
  { title: 'Nội dung góp ý', width: 0.32 },
  { title: 'Tiếp thu, giải trình', width: 0.26 },
] as const;

/**
 * The lines under the heading: the draft, the deadline and the counts. The deadline is
 * written in Vietnam's time (UTC+7 all year), the zone of every organisation the app serves.
 */
export function subtitleLines(t: CommentTable): string[] {
  const by = (s: CommentStatus) => t.comments.filter((c) => c.status === s).length;
  // dateLine without a place: "ngày 05 tháng 3 năm 2026", with the records' zero rules.
  const deadline = t.deadline
    ? `Hạn góp ý: ${timeOfDay(t.deadline, 'Asia/Ho_Chi_Minh')}, ${dateLine('', t.deadline, 'Asia/Ho_Chi_Minh').slice(2)}`
    : 'Hạn góp ý: không đặt (dự thảo không mở góp ý)';
  return [
    `Dự thảo: ${t.title}`,
    deadline,
    `Tổng số ${t.comments.length} ý kiến: ${by('accepted')} tiếp thu, ${by('noted')} ghi nhận, ${by('rejected')} không tiếp thu, ${by('pending')} chưa xử lý.`,
  ];
}

/** The table's rows, numbered in page order (the order the secretariat answers them in). */
export function tableRows(list: readonly DraftComment[]): string[][] {
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

export function commentsCsv(t: CommentTable): string {
  const lines = [[`${tableHeading}`], ...subtitleLines(t).map((l) => [l]), [], columns.map((c) => c.title), ...tableRows(t.comments)];
  return csvText(lines);
}

export async function commentsPdf(t: CommentTable): Promise<Uint8Array> {
  const w = await PdfWriter.create({ title: `${tableHeading} — ${t.title}`, author: 'OpenCabinet' });
  w.line(tableHeading, { bold: true, center: true, size: 13 });
  const [draft, deadline, counts] = subtitleLines(t);
  w.line(draft!, { center: true, size: 11 });
  w.line(deadline!, { center: true, size: 10 });
  w.line(counts!, { center: true, size: 10 });
  w.gap(10);
  w.table(
    columns.map((c, i) => ({ title: c.title, width: c.width, ...(i === 0 ? { align: 'right' as const } : {}) })),
    tableRows(t.comments),
    9,
  );
  return w.save();
}
