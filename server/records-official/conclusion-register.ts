/**
 * The register of conclusions of an organisation (sổ theo dõi kết luận): every final
 * conclusion of its meetings with the meeting, the agenda item, the date, the notice that
 * announced it and the status of its follow-up tasks; filtered by year, meeting, task
 * status and a search without diacritics; exported as CSV or XLSX (exceljs) for the office.
 */
import ExcelJS from 'exceljs';
import { fold } from '../../shared/text/fold';
import { effectiveDeadline, taskStatus, type TaskStatus } from '../../shared/domain/tasks';
import { Task } from '../../shared/api/tasks';
import { zonedParts, type ConclusionRegisterQuery, type ConclusionRegisterRow, type Organisation } from '../../shared/organisations';
import { readMeeting } from '../../shared/ydoc/meeting';
import { csvText } from '../reports/csv';
import type { RecordsService } from '../records/service';
import type { Store } from '../store/types';
import type { SyncedDocs } from '../sync/synced-docs';
import type { OfficialRecords } from './service';

export interface RegisterDeps {
  store: Store;
  docs: SyncedDocs;
  records: RecordsService;
  official: OfficialRecords;
}

/** Without diacritics, case or punctuation: "phong chong thien tai" finds "phòng, chống thiên tai". */
const words = (s: string) => fold(s).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

export async function conclusionRegister(deps: RegisterDeps, org: Organisation, q: ConclusionRegisterQuery): Promise<ConclusionRegisterRow[]> {
  // The room's "now" for tasks, so the register agrees with the task dashboard.
  const now = deps.records.taskNow();
  const needle = q.q ? words(q.q) : '';
  const rows: ConclusionRegisterRow[] = [];
  for (const meetingId of await deps.official.orgs.meetingsOf(org.id)) {
    if (q.meetingId && q.meetingId !== meetingId) continue;
    const { after, rdb } = deps.records;
    const conclusions = await rdb.read(() => after.latestConclusions(meetingId));
    if (conclusions.size === 0) continue;
    const meeting = await deps.store.getMeeting(meetingId);
    if (!meeting) continue;
    const content = await deps.docs.read(`meeting/${meetingId}`, (doc) => readMeeting(doc));
    const tasks = (await rdb.read(() => after.taskJsonOfMeeting(meetingId))).map((r) => Task.parse(JSON.parse(r.json)));
    const notice = await rdb.read(() => deps.official.register.current(meetingId, 'notice'));
    for (const item of content.agenda) {
      const c = conclusions.get(item.id);
      if (!c) continue;
      const date = meeting.startsAt ?? c.finalisedAt;
      if (q.year && zonedParts(date, org.timeZone).year !== q.year) continue;
      const own = tasks
        // By item as well as by conclusion: a task given under an earlier version of a corrected conclusion still follows it.
        .filter((t) => t.conclusionId === c.id || t.agendaItemId === item.id)
        .map((t) => {
          const deadline = effectiveDeadline(t.deadline, t.extensions);
          return { id: t.id, title: t.title, assignee: [t.unit, t.assigneeName].filter(Boolean).join(' – ') || null, deadline, status: taskStatus({ deadline, completedAt: t.completedAt, createdAt: t.createdAt }, now) };
        });
      if (q.taskStatus === 'none' ? own.length > 0 : q.taskStatus && !own.some((t) => t.status === q.taskStatus)) continue;
      const row: ConclusionRegisterRow = {
        meetingId,
        meetingTitle: meeting.title,
        meetingDate: date,
        agendaNumber: item.number,
        agendaTitle: item.title,
        conclusionId: c.id,
        version: c.version,
        text: c.text,
        finalisedAt: c.finalisedAt,
        notice: notice ? { id: notice.id, number: notice.number } : null,
        tasks: own,
      };
      if (needle && !words([row.meetingTitle, row.agendaTitle, row.text, ...own.map((t) => `${t.title} ${t.assignee ?? ''}`)].join(' ')).includes(needle)) continue;
      rows.push(row);
    }
  }
  return rows.sort((a, b) => a.meetingDate.localeCompare(b.meetingDate) || a.meetingTitle.localeCompare(b.meetingTitle, 'vi'));
}

export const taskStatusVi: Record<TaskStatus, string> = { done_on_time: 'Hoàn thành đúng hạn', done_late: 'Hoàn thành quá hạn', in_progress: 'Đang thực hiện', overdue: 'Quá hạn' };

const headers = ['STT', 'Ngày họp', 'Cuộc họp', 'Nội dung', 'Kết luận', 'Số thông báo', 'Nhiệm vụ', 'Đơn vị, người thực hiện', 'Thời hạn', 'Tình trạng'];

const vnDay = (iso: string, tz: string) => {
  const { day, month, year } = zonedParts(iso, tz);
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
};
const vnDeadline = (day: string) => day.split('-').reverse().join('/');

/** One line per conclusion; its tasks one per line within the cell, in the same order in every task column. */
function tableRows(rows: readonly ConclusionRegisterRow[], tz: string): string[][] {
  return rows.map((r, i) => [
    String(i + 1),
    vnDay(r.meetingDate, tz),
    r.meetingTitle,
    `${r.agendaNumber}. ${r.agendaTitle}`,
    r.text,
    r.notice?.number ?? '',
    r.tasks.map((t) => t.title).join('\n'),
    r.tasks.map((t) => t.assignee ?? '').join('\n'),
    r.tasks.map((t) => vnDeadline(t.deadline)).join('\n'),
    r.tasks.length ? r.tasks.map((t) => taskStatusVi[t.status]).join('\n') : 'Không giao nhiệm vụ',
  ]);
}

const title = (org: Organisation) => `Sổ theo dõi kết luận — ${org.name}`;

export function registerCsv(org: Organisation, rows: readonly ConclusionRegisterRow[]): string {
  return csvText([[title(org)], [], headers, ...tableRows(rows, org.timeZone)]);
}

export async function registerXlsx(org: Organisation, rows: readonly ConclusionRegisterRow[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'OpenCabinet';
  wb.title = title(org);
  const ws = wb.addWorksheet('Sổ theo dõi kết luận', { views: [{ state: 'frozen', ySplit: 3 }], pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = [6, 12, 30, 30, 50, 14, 36, 26, 12, 20].map((width) => ({ width }));
  ws.addRow([title(org)]).font = { bold: true, size: 14, name: 'Times New Roman' };
  ws.addRow([]);
  const head = ws.addRow(headers);
  head.font = { bold: true, name: 'Times New Roman' };
  head.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  for (const values of tableRows(rows, org.timeZone)) {
    const row = ws.addRow(values);
    // Text stays text: exceljs writes strings as shared strings, never as formulas.
    row.alignment = { vertical: 'top', wrapText: true };
    row.font = { name: 'Times New Roman' };
  }
  ws.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: headers.length } };
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
