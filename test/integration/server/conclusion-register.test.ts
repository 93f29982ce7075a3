/**
 * The register of conclusions of an organisation (sổ theo dõi kết luận) on a real server
 * with the demo seed: every final conclusion of the organisation's meetings with its
 * meeting, item, date, notice number and tasks' status; the filters (year, meeting, task
 * status, search without diacritics); CSV and XLSX exports read back; only the
 * organisation's secretariat (or an admin) may see it, and a bad filter is named.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConclusionRegister, OfficialRecord } from '../../../shared/organisations';
import { demoPassword } from '../../../server/demo/accounts';
import { call, submit } from '../server-records/helpers';
import { login, serverForFile } from './helpers';

const tok: Record<string, string> = {};
let notice: OfficialRecord;
let year: number;
let ahead = 0;
// A test clock, to let a task fall overdue without waiting for its deadline.
const suite = serverForFile({ demo: true, demoSize: 4, clock: () => Date.now() + ahead, log: () => undefined });
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);

const orgs = () => suite.server.demo!.organisations;
const list = (query = '', token = tok['ubnd.secretary']!) => call<ConclusionRegister & { error?: { message: string } }>(suite.server.url, 'GET', `/api/organisations/${orgs().provinceId}/conclusions${query}`, token);

beforeAll(async () => {
  for (const u of ['admin', 'ubnd.secretary', 'ubnd.chair', 'ubnd.member1', 'tu.secretary']) tok[u] = await login(suite.server.url, u, demoPassword);
  const m = orgs().provinceMeetingId;
  // Two tasks on the first conclusion of the province's meeting: one overdue, one in progress.
  const rows = (await list()).body.rows;
  const first = rows[0]!;
  const task = (title: string, deadline: string) => ({ key: randomUUID(), kind: 'task', payload: { taskId: randomUUID(), conclusionId: first.conclusionId, agendaItemId: null, title, unit: 'Sở Tài chính', deadline } }) as never;
  const receipts = await submit(suite.server.url, m, tok['ubnd.chair']!, [task('Đẩy nhanh giải ngân vốn đầu tư công', day(2)), task('Báo cáo kết quả thu ngân sách', '2099-12-31')]);
  expect(receipts, JSON.stringify(receipts)).toMatchObject([{ ok: true }, { ok: true }]);
  ahead = 5 * 86_400_000;
  notice = (await call<OfficialRecord>(suite.server.url, 'POST', `/api/meetings/${m}/official-records/notice/finalise`, tok['ubnd.secretary']!, {})).body;
  year = Number(first.meetingDate.slice(0, 4));
}, 120_000);

describe('register of conclusions', () => {
  it("lists every final conclusion of the organisation's meetings with its notice and tasks", async () => {
    const r = await list();
    expect(r.status).toBe(200);
    expect(r.body.organisation.name).toBe('Ủy ban nhân dân tỉnh Quảng Ninh');
    expect(r.body.rows.length).toBe(2);
    expect(r.body.rows.every((row) => row.meetingId === orgs().provinceMeetingId)).toBe(true);
    const [first, second] = r.body.rows;
    expect(first).toMatchObject({ agendaNumber: '1', agendaTitle: 'Tình hình kinh tế - xã hội 11 tháng', notice: { id: notice.id, number: notice.number } });
    expect(first!.tasks.map((t) => [t.title, t.status, t.assignee])).toEqual([
      ['Đẩy nhanh giải ngân vốn đầu tư công', 'overdue', 'Sở Tài chính'],
      ['Báo cáo kết quả thu ngân sách', 'in_progress', 'Sở Tài chính'],
    ]);
    expect(second!.tasks).toEqual([]);
  });

  it('filters by year, meeting, task status and a search without diacritics', async () => {
    expect((await list(`?year=${year}`)).body.rows).toHaveLength(2);
    expect((await list(`?year=${year - 1}`)).body.rows).toHaveLength(0);
    expect((await list(`?meetingId=${orgs().provinceMeetingId}`)).body.rows).toHaveLength(2);
    expect((await list(`?meetingId=${randomUUID()}`)).body.rows).toHaveLength(0);
    expect((await list('?taskStatus=overdue')).body.rows.map((r) => r.agendaNumber)).toEqual(['1']);
    expect((await list('?taskStatus=none')).body.rows.map((r) => r.agendaNumber)).toEqual(['2']);
    expect((await list('?taskStatus=done_on_time')).body.rows).toHaveLength(0);
    // "giai ngan" finds "giải ngân" (in a task), "phong chong thien tai" the second item.
    expect((await list(`?q=${encodeURIComponent('giai ngan')}`)).body.rows.map((r) => r.agendaNumber)).toEqual(['1']);
    expect((await list(`?q=${encodeURIComponent('PHONG CHONG THIEN TAI')}`)).body.rows.map((r) => r.agendaNumber)).toEqual(['2']);
  });

  it('names a bad filter, and shows the register only to its secretariat or an admin', async () => {
    const bad = await list('?taskStatus=finished');
    expect(bad.status).toBe(400);
    expect(bad.body.error!.message).toMatch(/taskStatus/);
    expect((await list('?year=twenty')).status).toBe(400);
    expect((await list('', tok['ubnd.member1']!)).status).toBe(403);
    expect((await list('', tok['tu.secretary']!)).status).toBe(404);
    expect((await list('', tok.admin!)).status).toBe(200);
  });

  it('exports the same rows as CSV and XLSX', async () => {
    const get = (format: string, query = '') => fetch(`${suite.server.url}/api/organisations/${orgs().provinceId}/conclusions/export?format=${format}${query}`, { headers: { authorization: `Bearer ${tok['ubnd.secretary']}` } });
    const csv = await get('csv', '&taskStatus=overdue');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const raw = Buffer.from(await csv.arrayBuffer());
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = raw.toString('utf8');
    expect(text).toContain('Sổ theo dõi kết luận — Ủy ban nhân dân tỉnh Quảng Ninh');
    expect(text).toContain('1. Tình hình kinh tế - xã hội 11 tháng');
    expect(text).toContain(notice.number);
    expect(text).toContain('Quá hạn');
    expect(text).not.toContain('Kế hoạch phòng, chống thiên tai');

    const xlsx = await get('xlsx');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toContain('.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('Sổ theo dõi kết luận — Ủy ban nhân dân tỉnh Quảng Ninh');
    expect(ws.getRow(3).values).toContain('Số thông báo');
    expect(ws.getCell('D4').value).toBe('1. Tình hình kinh tế - xã hội 11 tháng');
    expect(ws.getCell('F4').value).toBe(notice.number);
    expect(String(ws.getCell('J4').value)).toBe('Quá hạn\nĐang thực hiện');
    expect(ws.getCell('J5').value).toBe('Không giao nhiệm vụ');
    expect(ws.getCell('A6').value ?? null).toBeNull();
    expect((await get('pdf')).status).toBe(400);
  });
});
