/**
 * The official record end to end on a real server with the demo seed (issue 14): each
 * organisation's secretariat sees only its meetings; notices and minutes come out in their
 * family's form (Party: HD 36; state: NĐ 30) with number, date line, signature block and
 * recipients; the vote sentence is the shared wording; finalising numbers, signs (pdfsig
 * checks it) and stores; numbers stay gap-free and unique under concurrent finalisation.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultSentence } from '../../../shared/domain/result-wording';
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
  let dir: string;
  ({ dir, remove } = await tempDir());
  server = await start(dir, { demo: true, demoSize: 4 });
  for (const u of ['admin', 'secretary', 'tu.secretary', 'tu.chair', 'tu.member1', 'ubnd.secretary', 'ubnd.chair', 'ubnd.member1', 'ubnd.member2', 'ubnd.member3']) tok[u] = await login(server.url, u, demoPassword);
}, 120_000);

afterAll(async () => {
  await server.close();
  await remove();
});

const orgs = () => server.demo!.organisations;

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
    const poll = server.records.repo.polls(m).find((p) => p.id === pollId)!;
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
    expect((await call(server.url, 'POST', `/api/meetings/${m}/official-records/minutes/approve`, tok['ubnd.member1']!)).status).toBe(403);
    const one = await call<MinutesApprovals>(server.url, 'POST', `/api/meetings/${m}/official-records/minutes/approve`, tok['ubnd.chair']!);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ chair: { role: 'chair', name: 'Cao Tường Huy' }, secretary: null });
    const half = await call<{ error: { message: string } }>(server.url, 'POST', `/api/meetings/${m}/official-records/minutes/finalise`, tok['ubnd.chair']!, {});
    expect(half.status).toBe(409);
    expect(half.body.error.message).toMatch(/waiting for the secretary\./);
    expect(server.records.repo.db.prepare("SELECT count(*) FROM number_registers WHERE organisation_id = ? AND kind = 'minutes'").pluck().get(orgs().provinceId)).toBe(0);
    // The secretariat records why the absent member was absent; nobody else can, and only for participants.
    const lan = (await server.docs.read(`meeting/${m}`, (d) => readMeeting(d))).participants.find((p) => p.name === 'Phạm Thị Lan')!;
    const reason = { excused: true, reason: 'Đi công tác theo Quyết định số 12/QĐ-UBND' };
    expect((await call(server.url, 'PUT', `/api/meetings/${m}/absences/${lan.id}`, tok['ubnd.member1']!, reason)).status).toBe(403);
    expect((await call(server.url, 'PUT', `/api/meetings/${m}/absences/${randomUUID()}`, tok['ubnd.secretary']!, reason)).status).toBe(404);
    const badReason = await call<{ error: { message: string } }>(server.url, 'PUT', `/api/meetings/${m}/absences/${lan.id}`, tok['ubnd.secretary']!, { excused: 'yes' });
    expect(badReason.status).toBe(400);
    expect(badReason.body.error.message).toMatch(/excused/);
    expect((await call(server.url, 'PUT', `/api/meetings/${m}/absences/${lan.id}`, tok['ubnd.secretary']!, reason)).status).toBe(200);
    const both = await call<MinutesApprovals>(server.url, 'POST', `/api/meetings/${m}/official-records/minutes/approve`, tok['ubnd.secretary']!);
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

describe('number register', () => {
  it('gives gap-free, unique numbers to concurrent finalisations, and one of two at once on the same meeting', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const c = await call<{ id: string }>(server.url, 'POST', '/api/meetings', tok['ubnd.secretary']!, { title: `Cuộc họp giao ban số ${i + 1}` });
      ids.push(c.body.id);
    }
    const before = (server.records.repo.db.prepare("SELECT last FROM number_registers WHERE organisation_id = ? AND kind = 'notice'").pluck().get(orgs().provinceId) as number | undefined) ?? 0;
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
    expect(server.records.repo.db.prepare('SELECT count(*) FROM number_registers WHERE organisation_id = ?').pluck().get(org.body.id)).toBe(0);
  });
});
