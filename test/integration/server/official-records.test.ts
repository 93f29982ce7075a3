/**
 * The official record end to end on a real server with the demo seed (issue 14): each
 * organisation's secretariat sees only its meetings; notices and minutes come out in their
 * family's form (Party: HD 36; state: NĐ 30) with number, date line, signature block and
 * recipients; the vote sentence is the shared wording; finalising numbers, signs (pdfsig
 * checks it) and stores; numbers stay gap-free and unique under concurrent finalisation.
 */
import { withRecordsDb, type RecordsDbHandle } from '../../support/records-db';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { resultSentence } from '../../../shared/domain/result-wording';
import type { MinutesVersion, MinutesVersionsResponse } from '../../../shared/domain/minutes-text';
import { dateLine, timeOfDay, type MeetingRecordsResponse, type MinutesApprovals, type OfficialRecord, type OrganisationList } from '../../../shared/organisations';
import { addAgendaItem, readMeeting } from '../../../shared/ydoc/meeting';
import type { RunningServer } from '../../../server/app';
import { demoPassword } from '../../../server/demo/accounts';
import { generateDemoP12 } from '../../../server/organisations/certificate';
import { pdfToText, pdfsig, tamper } from '../../support/pdf-tools';
import { approveDef, ballotRecord, call, createPoll, step, submit } from '../server-records/helpers';
import { login, start, tempDir } from './helpers';

let server: RunningServer;
let remove: () => Promise<void>;
const tok: Record<string, string> = {};

async function pdf(path: string, token: string): Promise<{ status: number; bytes: Uint8Array; type: string | null }> {
  const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()), type: res.headers.get('content-type') };
}

beforeAll(async () => {
  ({ dir, remove } = await tempDir());
  server = await start(dir, { demo: true, demoSize: 4 });
  for (const u of ['admin', 'secretary', 'tu.secretary', 'tu.chair', 'tu.member1', 'ubnd.secretary', 'ubnd.chair', 'ubnd.member1', 'ubnd.member2', 'ubnd.member3']) tok[u] = await login(server.url, u, demoPassword);
}, 120_000);

afterAll(async () => {
  await server.close();
  await remove();
});

const orgs = () => server.demo!.organisations;
let dir: string;
/** The server's records database, on either store. */
const rows = <T>(fn: (db: RecordsDbHandle) => Promise<T>) => withRecordsDb(dir, fn);

describe('organisations', () => {
  it('lists all three to the admin and only its own to a secretariat', async () => {
    const all = (await call<OrganisationList>(server.url, 'GET', '/api/organisations', tok.admin!)).body.organisations;
    expect(all.map((o) => o.abbreviation).sort()).toEqual(['TU', 'UBND', 'VPCP']);
    expect(all.every((o) => o.certificate?.demo)).toBe(true);
    const own = (await call<OrganisationList>(server.url, 'GET', '/api/organisations', tok['tu.secretary']!)).body.organisations;
    expect(own).toMatchObject([{ name: 'Tỉnh ủy Quảng Ninh', role: 'secretariat' }]);
  });

  it("hides another organisation's meetings and the organisation itself as if they did not exist", async () => {
    const other = await call<{ error: { code: string; message: string } }>(server.url, 'GET', `/api/meetings/${orgs().provinceMeetingId}/official-records`, tok['tu.secretary']!);
    const none = await call<{ error: { code: string; message: string } }>(server.url, 'GET', `/api/meetings/${randomUUID()}/official-records`, tok['tu.secretary']!);
    expect(other.status).toBe(404);
    expect(other.body).toEqual(none.body);
    expect((await call(server.url, 'GET', `/api/organisations/${orgs().provinceId}/meetings`, tok['tu.secretary']!)).status).toBe(404);
    const mine = await call<{ meetings: { id: string }[] }>(server.url, 'GET', `/api/organisations/${orgs().partyId}/meetings`, tok['tu.secretary']!);
    expect(mine.body.meetings.map((m) => m.id)).toEqual([orgs().partyMeetingId]);
    // The existing demo meetings belong to the Government Office.
    const gov = await call<{ meetings: { id: string }[] }>(server.url, 'GET', `/api/organisations/${orgs().governmentId}/meetings`, tok.secretary!);
    expect(gov.body.meetings.map((m) => m.id)).toContain(server.demo!.meetingId);
  });

  it('only an admin creates organisations; a bad one is refused with what is wrong', async () => {
    const body = { kind: 'department', name: 'Sở Tài chính tỉnh Quảng Ninh', abbreviation: 'STC', place: 'Quảng Ninh' };
    expect((await call(server.url, 'POST', '/api/organisations', tok['tu.secretary']!, body)).status).toBe(403);
    const bad = await call<{ error: { message: string } }>(server.url, 'POST', '/api/organisations', tok.admin!, { ...body, abbreviation: 'tb/x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/abbreviation/i);
  });

  it('refuses a certificate with a wrong password or one that has expired, saying why', async () => {
    const { p12, password } = generateDemoP12('Tỉnh ủy Quảng Ninh');
    const wrong = await call<{ error: { message: string } }>(server.url, 'PUT', `/api/organisations/${orgs().partyId}/certificate`, tok['tu.secretary']!, { p12Base64: Buffer.from(p12).toString('base64'), password: `${password}!` });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/password is not correct/);
    const old = generateDemoP12('Tỉnh ủy Quảng Ninh', { now: new Date('2019-01-01T00:00:00Z'), years: 1 });
    const expired = await call<{ error: { message: string } }>(server.url, 'PUT', `/api/organisations/${orgs().partyId}/certificate`, tok['tu.secretary']!, { p12Base64: Buffer.from(old.p12).toString('base64'), password: old.password });
    expect(expired.body.error.message).toMatch(/expired/);
  });
});

describe('Party notice (HD 36-HD/VPTW)', () => {
  let record: OfficialRecord;

  it('previews a draft without a number, then finalises as "Số 1-TB/TU", signed', async () => {
    const m = orgs().partyMeetingId;
    const recipients = ['Ban Bí thư (để báo cáo)', 'Các đồng chí Tỉnh ủy viên', 'Lưu Văn phòng Tỉnh ủy'];
    expect((await call(server.url, 'PUT', `/api/meetings/${m}/official-records/notice/draft`, tok['tu.secretary']!, { recipients })).status).toBe(200);
    const draft = await pdf(`/api/meetings/${m}/official-records/notice/preview`, tok['tu.chair']!);
    expect(draft.type).toBe('application/pdf');
    const dt = pdfToText(draft.bytes);
    expect(dt).toContain('DỰ THẢO');
    expect(dt).not.toMatch(/Số \d+-TB\/TU/);
    expect(pdfsig(draft.bytes)).toMatch(/does not contain any signatures/);

    const r = await call<OfficialRecord>(server.url, 'POST', `/api/meetings/${m}/official-records/notice/finalise`, tok['tu.chair']!, {});
    expect(r.status).toBe(201);
    record = r.body;
    expect(record).toMatchObject({ number: '1-TB/TU', seq: 1, status: 'final', recipients, demoCertificate: true });

    // Members download it; the text has the Party form.
    const got = await pdf(`/api/official-records/${record.id}/pdf`, tok['tu.member1']!);
    expect(got.status).toBe(200);
    const text = pdfToText(got.bytes);
    for (const s of ['ĐẢNG CỘNG SẢN VIỆT NAM', 'TỈNH ỦY QUẢNG NINH', 'Số 1-TB/TU', dateLine('Quảng Ninh', record.finalisedAt, 'Asia/Ho_Chi_Minh'), 'THÔNG BÁO', 'T/M BAN THƯỜNG VỤ', 'BÍ THƯ', 'Vũ Đại Thắng', 'Nơi nhận:', '- Ban Bí thư (để báo cáo);', '- Lưu Văn phòng Tỉnh ủy.', 'Dự thảo Nghị quyết về phát triển kinh tế biển', `Mã kiểm chứng: ${record.auditHead}`]) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).not.toContain('DỰ THẢO');
    const sig = pdfsig(got.bytes);
    expect(sig).toContain('Signer Certificate Common Name: Tỉnh ủy Quảng Ninh (demo certificate)');
    expect(sig).toMatch(/Signature Validation: Signature is Valid/);
    expect(pdfsig(tamper(got.bytes))).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
    // Someone of another organisation cannot fetch it, and cannot tell it from a record that does not exist (issue 18).
    const other = await pdf(`/api/official-records/${record.id}/pdf`, tok['ubnd.secretary']!);
    const none = await pdf(`/api/official-records/no-such-record/pdf`, tok['ubnd.secretary']!);
    expect(other.status).toBe(404);
    expect(none.status).toBe(404);
    expect(Buffer.from(other.bytes).toString()).toBe(Buffer.from(none.bytes).toString());
  });

  it('never changes: a second finalisation is refused, a correction is the next number and names what it replaces', async () => {
    const m = orgs().partyMeetingId;
    const again = await call<{ error: { message: string } }>(server.url, 'POST', `/api/meetings/${m}/official-records/notice/finalise`, tok['tu.secretary']!, {});
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('1-TB/TU');
    const noReason = await call(server.url, 'POST', `/api/meetings/${m}/official-records/notice/finalise`, tok['tu.secretary']!, { replaces: record.id });
    expect(noReason.status).toBe(400);
    const fix = await call<OfficialRecord>(server.url, 'POST', `/api/meetings/${m}/official-records/notice/finalise`, tok['tu.secretary']!, { replaces: record.id, reason: 'Sửa lỗi chính tả ở mục 2.' });
    expect(fix.status).toBe(201);
    expect(fix.body).toMatchObject({ number: '2-TB/TU', replaces: record.id });
    const text = pdfToText((await pdf(`/api/official-records/${fix.body.id}/pdf`, tok['tu.member1']!)).bytes);
    expect(text).toContain('thay thế thông báo số 1-TB/TU');
    const list = (await call<MeetingRecordsResponse>(server.url, 'GET', `/api/meetings/${m}/official-records`, tok['tu.member1']!)).body;
    expect(list.family).toBe('party');
    expect(list.records.map((r) => r.number)).toEqual(['1-TB/TU', '2-TB/TU']);
  });
});

describe('state records (NĐ 30/2020/NĐ-CP)', () => {
  it('a People\'s Committee notice carries the motto, "Số: n/TB-UBND" and the vote sentence of the result screen', async () => {
    // A new meeting of the People's Committee: created by its secretariat, it belongs to it.
    const created = await call<{ id: string }>(server.url, 'POST', '/api/meetings', tok['ubnd.secretary']!, { title: 'Phiên họp chuyên đề về đầu tư công', startsAt: '2026-12-02T01:00:00Z', endsAt: '2026-12-02T04:00:00Z', venue: 'Trụ sở UBND tỉnh' });
    expect(created.status).toBe(201);
    const m = created.body.id;
    expect((await call(server.url, 'POST', `/api/meetings/${m}/publish`, tok['ubnd.secretary']!)).status).toBe(200);
    const users = await Promise.all(['ubnd.chair', 'ubnd.member1', 'ubnd.member2', 'ubnd.member3'].map((u) => server.store.findUserByUsername(u)));
    await server.store.addMembers(m, users.map((u, i) => ({ userId: u!.id, role: i === 0 ? 'chair' : 'delegate' })));
    const item = randomUUID();
    await server.docs.transact(`meeting/${m}`, (doc) => addAgendaItem(doc, { id: item, title: 'Phân bổ vốn đầu tư công năm tới', parentId: null, order: 1, durationMin: 30, presenter: null, documentIds: [] }));
    await submit(server.url, m, tok['ubnd.secretary']!, users.map((u) => ({ key: randomUUID(), kind: 'checkin', payload: { userId: u!.id, status: 'present', substitute: null } }) as never));
    const pollId = await createPoll(server.url, m, tok['ubnd.chair']!, approveDef({ question: 'Thông qua phương án phân bổ vốn?', majority: { base: 'members', threshold: { fraction: { num: 1, den: 2 }, strict: true } } }), item);
    await step(server.url, m, tok['ubnd.chair']!, pollId, 'open');
    await submit(server.url, m, tok['ubnd.member1']!, [ballotRecord(pollId, ['yes'])]);
    await submit(server.url, m, tok['ubnd.member2']!, [ballotRecord(pollId, ['yes'])]);
    await submit(server.url, m, tok['ubnd.member3']!, [ballotRecord(pollId, ['no'])]);
    await step(server.url, m, tok['ubnd.chair']!, pollId, 'close');
    await submit(server.url, m, tok['ubnd.chair']!, [{ key: randomUUID(), kind: 'conclusion', payload: { conclusionId: randomUUID(), agendaItemId: item, text: 'Thống nhất phương án phân bổ vốn.' } } as never]);

    const r = await call<OfficialRecord>(server.url, 'POST', `/api/meetings/${m}/official-records/notice/finalise`, tok['ubnd.secretary']!, {});
    expect(r.status).toBe(201);
    expect(r.body.number).toMatch(/^\d+\/TB-UBND$/);
    const text = pdfToText((await pdf(`/api/official-records/${r.body.id}/pdf`, tok['ubnd.member1']!)).bytes);
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'ỦY BAN NHÂN DÂN', `Số: ${r.body.number}`, dateLine('Quảng Ninh', r.body.finalisedAt, 'Asia/Ho_Chi_Minh'), 'TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH', 'Cao Tường Huy', 'Nơi nhận:', '- Lưu: VT, TH.']) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
    // The same words as the result screen: one function words both.
    const poll = (await server.records.rdb.read(() => server.records.repo.polls(m))).find((p) => p.id === pollId)!;
    const sentence = resultSentence({ kind: poll.definition.kind, options: poll.definition.options }, poll.result!, 'vi');
    expect(sentence).toBe('2/4 tán thành (50% tổng số đại biểu); cần 3 trên tổng số 4 đại biểu — Không thông qua');
    expect(text).toContain(sentence);
  });

  it('minutes: refused until the chair and the secretary approve; then who attended, the agenda, conclusions, "Số: 1/BB-UBND", the approvals, the two signatures', async () => {
    const m = orgs().provinceMeetingId;
    const early = await call<{ error: { message: string } }>(server.url, 'POST', `/api/meetings/${m}/official-records/minutes/finalise`, tok['ubnd.chair']!, {});
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/waiting for the chair and the secretary/);
    // A member cannot approve; the chair can, as chair.
    expect((await call(server.url, 'POST', `/api/meetings/${m}/official-records/minutes/approve`, tok['ubnd.member1']!, { version: 1 })).status).toBe(403);
    // The chair approves what the secretary sent: the draft text, saved as a version.
    expect((await call(server.url, 'PUT', `/api/meetings/${m}/official-records/minutes/text`, tok['ubnd.secretary']!, { basedOn: 0, sections: {} })).status).toBe(200);
    expect((await call(server.url, 'POST', `/api/meetings/${m}/official-records/minutes/send`, tok['ubnd.secretary']!, { version: 1 })).status).toBe(200);
    const one = await call<MinutesApprovals>(server.url, 'POST', `/api/meetings/${m}/official-records/minutes/approve`, tok['ubnd.chair']!, { version: 1 });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ chair: { role: 'chair', name: 'Cao Tường Huy' }, secretary: null });
    const half = await call<{ error: { message: string } }>(server.url, 'POST', `/api/meetings/${m}/official-records/minutes/finalise`, tok['ubnd.chair']!, {});
    expect(half.status).toBe(409);
    expect(half.body.error.message).toMatch(/waiting for the secretary\./);
    expect(await rows((db) => db.value("SELECT count(*) FROM number_registers WHERE organisation_id = ? AND kind = 'minutes'", orgs().provinceId))).toBe(0);
    // The secretariat records why the absent member was absent; nobody else can, and only for participants.
    const lan = (await server.docs.read(`meeting/${m}`, (d) => readMeeting(d))).participants.find((p) => p.name === 'Phạm Thị Lan')!;
    const reason = { excused: true, reason: 'Đi công tác theo Quyết định số 12/QĐ-UBND' };
    expect((await call(server.url, 'PUT', `/api/meetings/${m}/absences/${lan.id}`, tok['ubnd.member1']!, reason)).status).toBe(403);
    expect((await call(server.url, 'PUT', `/api/meetings/${m}/absences/${randomUUID()}`, tok['ubnd.secretary']!, reason)).status).toBe(404);
    const badReason = await call<{ error: { message: string } }>(server.url, 'PUT', `/api/meetings/${m}/absences/${lan.id}`, tok['ubnd.secretary']!, { excused: 'yes' });
    expect(badReason.status).toBe(400);
    expect(badReason.body.error.message).toMatch(/excused/);
    expect((await call(server.url, 'PUT', `/api/meetings/${m}/absences/${lan.id}`, tok['ubnd.secretary']!, reason)).status).toBe(200);
    const both = await call<MinutesApprovals>(server.url, 'POST', `/api/meetings/${m}/official-records/minutes/approve`, tok['ubnd.secretary']!, { version: 1 });
    expect(both.body.secretary).toMatchObject({ role: 'secretary' });
    const listed = (await call<MeetingRecordsResponse>(server.url, 'GET', `/api/meetings/${m}/official-records`, tok['ubnd.member1']!)).body;
    expect(listed.drafts.minutes.approvals).toEqual(both.body);
    expect(listed.absences).toEqual([{ userId: lan.id, ...reason }]);

    const r = await call<OfficialRecord>(server.url, 'POST', `/api/meetings/${m}/official-records/minutes/finalise`, tok['ubnd.chair']!, {});
    expect(r.status).toBe(201);
    expect(r.body.number).toBe('1/BB-UBND');
    const bytes = (await pdf(`/api/official-records/${r.body.id}/pdf`, tok['ubnd.member1']!)).bytes;
    const text = pdfToText(bytes);
    const tz = 'Asia/Ho_Chi_Minh';
    const at = (iso: string) => `${timeOfDay(iso, tz)}, ${dateLine('', iso, tz).replace(/^, /, '')}`;
    expect(text).toContain(`Dự thảo biên bản đã được duyệt: Chủ trì Cao Tường Huy duyệt lúc ${at(both.body.chair!.approvedAt)}; Thư ký ${both.body.secretary!.name} duyệt lúc ${at(both.body.secretary!.approvedAt)}.`);
    // The approvals went with this record: a correction needs fresh ones.
    const after = (await call<MeetingRecordsResponse>(server.url, 'GET', `/api/meetings/${m}/official-records`, tok['ubnd.member1']!)).body;
    expect(after.drafts.minutes.approvals).toEqual({ chair: null, secretary: null });
    const fix = await call<{ error: { message: string } }>(server.url, 'POST', `/api/meetings/${m}/official-records/minutes/finalise`, tok['ubnd.chair']!, { replaces: r.body.id, reason: 'Bổ sung.' });
    expect(fix.status).toBe(409);
    for (const s of ['BIÊN BẢN', 'Số: 1/BB-UBND', 'Thời gian bắt đầu: 08 giờ 00 phút', 'Chủ trì: Chủ tịch UBND tỉnh Cao Tường Huy', 'Có mặt (3)', 'Vắng có lý do (1): Phạm Thị Lan (Ủy viên UBND tỉnh) – lý do: Đi công tác theo Quyết định số 12/QĐ-UBND.', 'Tình hình kinh tế - xã hội 11 tháng', 'Kết luận: Các sở, ngành', 'kết thúc vào 11 giờ 30 phút cùng ngày', 'THƯ KÝ', 'CHỦ TRÌ']) {
      expect(text).toContain(s);
    }
    expect(pdfsig(bytes)).toMatch(/Signature is Valid/);
  });
});

describe("the secretary's text of the minutes: versions, sent, returned, approved, finalised (issue 14)", () => {
  let m: string;
  let item: string;
  const base = () => `/api/meetings/${m}/official-records/minutes`;
  type Err = { error: { code: string; message: string } };
  const versions = async () => (await call<MinutesVersionsResponse>(server.url, 'GET', `${base()}/versions`, tok['ubnd.secretary']!)).body;
  const save = (basedOn: number, sections: object, token = tok['ubnd.secretary']!, extra: object = {}) => call<MinutesVersion & Err>(server.url, 'PUT', `${base()}/text`, token, { basedOn, sections, ...extra });
  const act = (what: 'send' | 'approve' | 'return', token: string, body: object) => call<MinutesVersion & MinutesApprovals & Err>(server.url, 'POST', `${base()}/${what}`, token, body);
  const previewText = async () => pdfToText((await pdf(`${base()}/preview`, tok['ubnd.chair']!)).bytes).replace(/\s+/g, ' ');

  beforeAll(async () => {
    const created = await call<{ id: string }>(server.url, 'POST', '/api/meetings', tok['ubnd.secretary']!, { title: 'Phiên họp chuyên đề về chuyển đổi số', startsAt: '2026-12-03T01:00:00Z', endsAt: '2026-12-03T03:00:00Z', venue: 'Trụ sở UBND tỉnh' });
    m = created.body.id;
    expect((await call(server.url, 'POST', `/api/meetings/${m}/publish`, tok['ubnd.secretary']!)).status).toBe(200);
    const users = await Promise.all(['ubnd.chair', 'ubnd.member1'].map((u) => server.store.findUserByUsername(u)));
    await server.store.addMembers(m, users.map((u, i) => ({ userId: u!.id, role: i === 0 ? 'chair' : 'delegate' })));
    item = randomUUID();
    await server.docs.transact(`meeting/${m}`, (doc) => addAgendaItem(doc, { id: item, title: 'Đề án chuyển đổi số tỉnh', parentId: null, order: 1, durationMin: 30, presenter: null, documentIds: [] }));
  });

  it('only the secretariat edits; bad text is refused with what is wrong and nothing is saved', async () => {
    const sections = { opening: 'Chủ trì phát biểu khai mạc.' };
    for (const who of ['ubnd.member1', 'ubnd.chair']) expect((await save(0, sections, tok[who]!)).status).toBe(403);
    expect((await call(server.url, 'GET', `${base()}/versions`, tok['ubnd.member1']!)).status).toBe(403);
    const long = await save(0, { opening: 'a'.repeat(8001) });
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/opening is longer than 8000 characters/);
    const control = await save(0, { items: { [item]: 'Ý kiến\u0007 thảo luận' } });
    expect(control.status).toBe(400);
    expect(control.body.error.message).toMatch(/control/i);
    const stranger = await save(0, { items: { [randomUUID()]: 'Tóm tắt.' } });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.message).toMatch(/not on this meeting's agenda/);
    const total = await save(0, { opening: 'a'.repeat(8000), closing: 'b'.repeat(8000), items: Object.fromEntries(Array.from({ length: 6 }, () => [randomUUID(), 'c'.repeat(8000)])) });
    expect(total.status).toBe(400);
    expect(total.body.error.message).toMatch(/longer than 60000 characters in all/);
    expect(await versions()).toEqual({ versions: [], current: 0, state: 'none' });
  });

  it('saves versions (who, when); a save on a stale version is refused; the chair returns with a comment, approves only the latest version sent', async () => {
    const v1 = await save(0, { opening: 'Đồng chí Chủ tịch phát biểu khai mạc.', items: { [item]: 'Các ý kiến cơ bản nhất trí với Đề án.' }, closing: '' });
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ version: 1, savedByName: expect.any(String), sentAt: null, corrects: null, recordId: null });
    const stale = await save(0, { opening: 'Bản khác.' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/changed since you opened it: the latest version is 1/);
    // The chair approves only what the secretary sent.
    const early = await act('approve', tok['ubnd.chair']!, { version: 1 });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/not been sent to the chair/);
    expect((await act('send', tok['ubnd.secretary']!, { version: 1 })).body.sentAt).not.toBeNull();
    expect((await act('return', tok['ubnd.secretary']!, { version: 1, comment: 'x' })).status).toBe(403);
    expect((await act('return', tok['ubnd.chair']!, { version: 1, comment: '  ' })).status).toBe(400);
    const returned = await act('return', tok['ubnd.chair']!, { version: 1, comment: 'Bổ sung ý kiến của Sở Tài chính về nguồn vốn.' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ returnComment: 'Bổ sung ý kiến của Sở Tài chính về nguồn vốn.', returnedByName: 'Cao Tường Huy' });
    expect(await versions()).toMatchObject({ current: 1, state: 'returned', versions: [{ version: 1, returnComment: 'Bổ sung ý kiến của Sở Tài chính về nguồn vốn.' }] });
    // A returned version is edited and sent again before approval.
    expect((await act('approve', tok['ubnd.chair']!, { version: 1 })).body.error.message).toMatch(/returned to the secretary/);
    expect((await act('send', tok['ubnd.secretary']!, { version: 1 })).body.error.message).toMatch(/edit the minutes and save a new version/);

    const v2 = await save(1, { opening: 'Đồng chí Chủ tịch phát biểu khai mạc.', items: { [item]: 'Sở Tài chính đề nghị cân đối nguồn vốn ngân sách tỉnh cho Đề án.' } });
    expect(v2.body.version).toBe(2);
    expect((await act('send', tok['ubnd.secretary']!, { version: 2 })).status).toBe(200);
    expect((await act('approve', tok['ubnd.secretary']!, { version: 2 })).body.secretary).toMatchObject({ role: 'secretary', version: 2 });
    // The chair still looking at version 1: refused, the draft changed.
    const old = await act('approve', tok['ubnd.chair']!, { version: 1 });
    expect(old.status).toBe(409);
    expect(old.body.error.message).toMatch(/draft changed since you opened it/);
    expect((await act('approve', tok['ubnd.chair']!, { version: 2 })).body.chair).toMatchObject({ role: 'chair', version: 2 });
    const list = await versions();
    expect(list.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(list.versions[1]!.sections.items[item]).toBe('Các ý kiến cơ bản nhất trí với Đề án.');

    // The preview lays out the latest saved text between the generated facts.
    const text = await previewText();
    expect(text).toContain('Sở Tài chính đề nghị cân đối nguồn vốn ngân sách tỉnh cho Đề án.');
    expect(text).not.toContain('Các ý kiến cơ bản nhất trí với Đề án.');
    expect(text).toContain('Đề án chuyển đổi số tỉnh');
  });

  it('an edit after approval voids it; finalising prints the approved text, which then never changes; a correction is a new version naming the record', async () => {
    const v3 = await save(2, { opening: 'Đồng chí Chủ tịch phát biểu khai mạc, quán triệt mục đích cuộc họp.', items: { [item]: 'Sở Tài chính đề nghị cân đối nguồn vốn ngân sách tỉnh cho Đề án.' }, closing: 'Chủ trì cảm ơn các đại biểu.' });
    expect(v3.body.version).toBe(3);
    const voided = (await call<MeetingRecordsResponse>(server.url, 'GET', `/api/meetings/${m}/official-records`, tok['ubnd.member1']!)).body.drafts.minutes.approvals;
    expect(voided).toEqual({ chair: null, secretary: null });
    const refused = await call<Err>(server.url, 'POST', `/api/meetings/${m}/official-records/minutes/finalise`, tok['ubnd.secretary']!, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/approve the latest version of the draft: waiting for the chair and the secretary/);
    expect((await act('send', tok['ubnd.secretary']!, { version: 3 })).status).toBe(200);
    for (const who of ['ubnd.chair', 'ubnd.secretary']) expect((await act('approve', tok[who]!, { version: 3 })).status).toBe(200);
    const r = await call<OfficialRecord>(server.url, 'POST', `/api/meetings/${m}/official-records/minutes/finalise`, tok['ubnd.secretary']!, {});
    expect(r.status).toBe(201);
    const signed = (await pdf(`/api/official-records/${r.body.id}/pdf`, tok['ubnd.member1']!)).bytes;
    const text = pdfToText(signed).replace(/\s+/g, ' ');
    expect(text).toContain('quán triệt mục đích cuộc họp.');
    expect(text).toContain('Chủ trì cảm ơn các đại biểu.');
    expect(pdfsig(signed)).toMatch(/Signature is Valid/);
    const after = await versions();
    expect(after).toMatchObject({ current: 3, state: 'final' });
    expect(after.versions[0]).toMatchObject({ version: 3, recordId: r.body.id });

    // The finalised text never changes: not through the API, not in the database.
    const edit = await save(3, { opening: 'Sửa sau khi ban hành.' });
    expect(edit.status).toBe(409);
    expect(edit.body.error.message).toMatch(new RegExp(`finalised as number ${r.body.number.replace('/', '\\/')}; their text never changes`));
    expect((await act('send', tok['ubnd.secretary']!, { version: 3 })).body.error.message).toMatch(/was finalised as number .* never changes/);
    expect((await act('approve', tok['ubnd.chair']!, { version: 3 })).status).toBe(409);
    // The database itself refuses (a trigger on either store), whoever writes to it.
    await expect(rows((db) => db.run("UPDATE minutes_versions SET sections = '{}' WHERE meeting_id = ? AND version = 3", m))).rejects.toThrow(/never changes/);
    await expect(rows((db) => db.run('UPDATE minutes_versions SET return_comment = ? WHERE meeting_id = ? AND version = 3', 'x', m))).rejects.toThrow(/finalised version/);

    // A correction: a new version that names the record it corrects, approved afresh, finalised as a new number.
    expect((await save(3, { opening: 'x' }, tok['ubnd.secretary']!, { corrects: randomUUID() })).status).toBe(409);
    const v4 = await save(3, { opening: 'Đồng chí Chủ tịch phát biểu khai mạc, quán triệt mục đích cuộc họp.', items: { [item]: 'Sở Tài chính và Sở Kế hoạch và Đầu tư đề nghị cân đối nguồn vốn cho Đề án.' }, closing: 'Chủ trì cảm ơn các đại biểu.' }, tok['ubnd.secretary']!, { corrects: r.body.id });
    expect(v4.body).toMatchObject({ version: 4, corrects: r.body.id });
    // A later save of the correction draft keeps naming what it corrects.
    const v5 = await save(4, { ...v4.body.sections, closing: 'Chủ trì cảm ơn các đại biểu và bế mạc cuộc họp.' });
    expect(v5.body).toMatchObject({ version: 5, corrects: r.body.id });
    expect((await act('send', tok['ubnd.secretary']!, { version: 5 })).status).toBe(200);
    for (const who of ['ubnd.chair', 'ubnd.secretary']) expect((await act('approve', tok[who]!, { version: 5 })).status).toBe(200);
    const notCorrection = await call<Err>(server.url, 'POST', `/api/meetings/${m}/official-records/minutes/finalise`, tok['ubnd.secretary']!, {});
    expect(notCorrection.status).toBe(409);
    expect(notCorrection.body.error.message).toMatch(/is a correction/);
    const fix = await call<OfficialRecord>(server.url, 'POST', `/api/meetings/${m}/official-records/minutes/finalise`, tok['ubnd.secretary']!, { replaces: r.body.id, reason: 'Bổ sung ý kiến của Sở Kế hoạch và Đầu tư.' });
    expect(fix.status).toBe(201);
    expect(fix.body.replaces).toBe(r.body.id);
    const fixed = pdfToText((await pdf(`/api/official-records/${fix.body.id}/pdf`, tok['ubnd.member1']!)).bytes).replace(/\s+/g, ' ');
    expect(fixed).toContain(`thay thế biên bản số ${r.body.number}`);
    expect(fixed).toContain('Sở Tài chính và Sở Kế hoạch và Đầu tư đề nghị cân đối nguồn vốn cho Đề án.');
    expect(fixed).toContain('bế mạc cuộc họp.');
    // The first record is the same file, and its Word copy is laid out from its own version's text.
    expect(Buffer.from((await pdf(`/api/official-records/${r.body.id}/pdf`, tok['ubnd.member1']!)).bytes).equals(Buffer.from(signed))).toBe(true);
    const word = await pdf(`/api/official-records/${r.body.id}/docx`, tok['ubnd.member1']!);
    const xml = await (await JSZip.loadAsync(word.bytes)).file('word/document.xml')!.async('string');
    expect(xml).toContain('Sở Tài chính đề nghị cân đối nguồn vốn ngân sách tỉnh cho Đề án.');
    expect(xml).not.toContain('Sở Kế hoạch và Đầu tư');
    expect((await versions()).versions.map((v) => [v.version, v.recordId])).toEqual([[5, fix.body.id], [4, null], [3, r.body.id], [2, null], [1, null]]);
  });
});

describe('number register', () => {
  it('gives gap-free, unique numbers to concurrent finalisations, and one of two at once on the same meeting', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const c = await call<{ id: string }>(server.url, 'POST', '/api/meetings', tok['ubnd.secretary']!, { title: `Cuộc họp giao ban số ${i + 1}` });
      ids.push(c.body.id);
    }
    const before = (await rows((db) => db.value<number>("SELECT last FROM number_registers WHERE organisation_id = ? AND kind = 'notice'", orgs().provinceId))) ?? 0;
    const replies = await Promise.all(ids.map((m) => call<OfficialRecord>(server.url, 'POST', `/api/meetings/${m}/official-records/notice/finalise`, tok['ubnd.secretary']!, {})));
    expect(replies.map((r) => r.status)).toEqual(ids.map(() => 201));
    const seqs = replies.map((r) => r.body.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(ids.map((_, i) => before + 1 + i));
    expect(new Set(replies.map((r) => r.body.number)).size).toBe(ids.length);

    const extra = await call<{ id: string }>(server.url, 'POST', '/api/meetings', tok['ubnd.secretary']!, { title: 'Cuộc họp giao ban bổ sung' });
    const both = await Promise.all([0, 1].map(() => call<OfficialRecord>(server.url, 'POST', `/api/meetings/${extra.body.id}/official-records/notice/finalise`, tok['ubnd.secretary']!, {})));
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('takes no number when the organisation has no signer, and says what to configure', async () => {
    const org = await call<{ id: string }>(server.url, 'POST', '/api/organisations', tok.admin!, { kind: 'department', name: 'Sở Tài chính tỉnh Quảng Ninh', abbreviation: 'STC', place: 'Quảng Ninh' });
    expect(org.status).toBe(201);
    expect((await call(server.url, 'PUT', `/api/organisations/${org.body.id}/members`, tok.admin!, { username: 'ubnd.secretary', role: 'secretariat' })).status).toBe(200);
    const c = await call<{ id: string }>(server.url, 'POST', '/api/meetings', tok['ubnd.secretary']!, { title: 'Họp Sở', organisationId: org.body.id });
    const r = await call<{ error: { message: string } }>(server.url, 'POST', `/api/meetings/${c.body.id}/official-records/notice/finalise`, tok['ubnd.secretary']!, {});
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/no signer configured/);
    expect(await rows((db) => db.value('SELECT count(*) FROM number_registers WHERE organisation_id = ?', org.body.id))).toBe(0);
  });
});
