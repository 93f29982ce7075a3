/**
 * The monthly task monitoring report (due by the 15th): every task the caller oversees,
 * classified with shared/domain/tasks monthlyReport() as of the month's end, grouped by
 * unit and by meeting, as CSV (UTF-8 with BOM so Excel reads the diacritics) or PDF.
 */
import { effectiveDeadline, monthlyReport, percentages, type MonthlyReport, type StatusCounts } from '../../shared/domain/tasks';
import { percentText } from '../../shared/domain/result-wording';
import type { Task } from '../../shared/api/tasks';
import { vnDate } from '../tasks/tasks';
import { PdfWriter } from './pdf-writer';

export const reportHeaders = ['Hoàn thành đúng hạn', 'Hoàn thành quá hạn', 'Đang thực hiện trong hạn', 'Quá hạn', '% hoàn thành'] as const;

interface Facts {
  deadline: string;
  completedAt: string | null;
  createdAt: string;
  unit: string;
  meeting: string;
}

export interface MonthlyTables {
  byUnit: MonthlyReport<string>;
  byMeeting: MonthlyReport<string>;
}

export function monthlyTables(tasks: readonly Task[], month: string): MonthlyTables {
  // The deadline that counts is the extended one; the unit falls back to the person.
  const facts: Facts[] = tasks.map((t) => ({
    deadline: effectiveDeadline(t.deadline, t.extensions),
    completedAt: t.completedAt,
    createdAt: t.createdAt,
    unit: t.unit ?? t.assigneeName ?? '(chưa xác định)',
    meeting: t.meetingTitle,
  }));
  return { byUnit: monthlyReport(facts, month, (f) => f.unit), byMeeting: monthlyReport(facts, month, (f) => f.meeting) };
}

function row(name: string, c: StatusCounts): string[] {
  return [name, String(c.total), String(c.done_on_time), String(c.done_late), String(c.in_progress), String(c.overdue), percentText(percentages(c).done, 'vi', { fixed: true })];
}

function rowsOf(r: MonthlyReport<string>): string[][] {
  return [...r.groups.map((g) => row(g.key, g.counts)), row('Tổng cộng', r.total)];
}

const csvCell = (v: string) => (/[",\r\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function monthlyCsv(t: MonthlyTables): string {
  const [y, m] = t.byUnit.month.split('-');
  const lines: string[][] = [
    [`Báo cáo tình hình thực hiện nhiệm vụ tháng ${Number(m)}/${y}`],
    [`Số liệu tính đến hết ngày ${vnDate(new Date(Date.parse(t.byUnit.asOf) + 7 * 3600_000).toISOString().slice(0, 10))}`],
    [],
    ['Đơn vị', 'Tổng số', ...reportHeaders],
    ...rowsOf(t.byUnit),
    [],
    ['Phiên họp', 'Tổng số', ...reportHeaders],
    ...rowsOf(t.byMeeting),
  ];
  return `\uFEFF${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export async function monthlyPdf(t: MonthlyTables): Promise<Uint8Array> {
  const [y, m] = t.byUnit.month.split('-');
  const title = `Báo cáo tình hình thực hiện nhiệm vụ tháng ${Number(m)}/${y}`;
  const w = await PdfWriter.create({ title, author: 'Văn phòng Chính phủ' });
  w.line('VĂN PHÒNG CHÍNH PHỦ', { bold: true, size: 10.5 });
  w.gap(10);
  w.line(title.toLocaleUpperCase('vi'), { bold: true, center: true, size: 13 });
  w.line(`Số liệu tính đến hết ngày ${vnDate(new Date(Date.parse(t.byUnit.asOf) + 7 * 3600_000).toISOString().slice(0, 10))}`, { center: true, size: 10.5 });
  w.gap(10);
  const cols = (first: string) => [
    { title: first, width: 0.28 },
    { title: 'Tổng số', width: 0.1, align: 'right' as const },
    ...reportHeaders.map((h) => ({ title: h, width: 0.124, align: 'right' as const })),
  ];
  w.line('1. Theo đơn vị', { bold: true });
  w.table(cols('Đơn vị'), rowsOf(t.byUnit), 8.5);
  w.gap(12);
  w.line('2. Theo phiên họp', { bold: true });
  w.table(cols('Phiên họp'), rowsOf(t.byMeeting), 8.5);
  return w.save();
}
