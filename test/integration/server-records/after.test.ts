/**
 * After the meeting: conclusions (final, duplicate refused, corrections as versions),
 * tasks (owners, deadlines, idempotent retries), progress, extensions, the notice PDF and
 * what reaches live/<id>, against a real server and a real y-websocket client.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { vietnamDay } from '../../../shared/domain/tasks';
import { Task, TaskList } from '../../../shared/api/tasks';
import { type OutboxRecord } from '../../../shared/api/outbox';
import type { OfficialRecord } from '../../../shared/organisations';
import { readConclusions, readTasks } from '../../../shared/ydoc/live';
import { addAgendaItem, readMeeting, setMeta } from '../../../shared/ydoc/meeting';
import { approveDef, ballotRecord, call, checkinRecord, connect, createPoll, step, submit, waitFor, serverWithMeeting } from './helpers';
import { blobText, pdfText } from './pdf-text';
import { attachSigningOrganisation } from '../../support/signing-organisation';
import { fixturePdf } from '../../support/fixtures';

const suite = serverWithMeeting('after', { sec: 'secretariat', chair: 'chair', d1: 'delegate', d2: 'delegate', outsider: null }, {
  server: { records: { flushMs: 20 } },
  meeting: { title: 'Phiên họp Chính phủ thường kỳ tháng 10 năm 2026' },
});
const { u, t } = suite;
const items = [randomUUID(), randomUUID(), randomUUID()];
const titles = ['Tình hình kinh tế – xã hội tháng 10', 'Dự thảo Nghị định về quản lý giá', 'Phương án phòng, chống lũ lụt'];
let pollId: string;

type Key = OutboxRecord['key'];
const conclusion = (agendaItemId: string, text: string, extra: Record<string, unknown> = {}): OutboxRecord =>
  ({ key: randomUUID() as Key, kind: 'conclusion', payload: { conclusionId: randomUUID(), agendaItemId, text, ...extra } }) as OutboxRecord;
const task = (extra: Record<string, unknown>, key: string = randomUUID()): OutboxRecord =>
  ({ key: key as Key, kind: 'task', payload: { taskId: randomUUID(), title: 'Hoàn thiện hồ sơ dự thảo Nghị định', deadline: '2099-12-31', ...extra } }) as OutboxRecord;
const progress = (taskId: string, extra: Record<string, unknown> = {}): OutboxRecord =>
  ({ key: randomUUID() as Key, kind: 'task_progress', payload: { taskId, ...extra } }) as OutboxRecord;
const send = (who: string, recs: OutboxRecord[]) => submit(suite.server.url, suite.meetingId, t[who]!, recs);

beforeAll(async () => {
  await suite.server.docs.transact(`meeting/${suite.meetingId}`, (doc) => {
    setMeta(doc, { title: 'Phiên họp Chính phủ thường kỳ tháng 10 năm 2026', startsAt: '2026-10-05T08:00:00+07:00', endsAt: '2026-10-05T17:00:00+07:00', venue: 'Nhà Quốc hội, Hà Nội' });
    items.forEach((id, i) => addAgendaItem(doc, { id, title: titles[i]!, parentId: null, order: i + 1, durationMin: 30, presenter: null, documentIds: [] }));
  });
  // A closed poll on item 2, to be quoted by its conclusion and printed in the notice.
  await send('sec', [checkinRecord(u.chair!.id), checkinRecord(u.d1!.id), checkinRecord(u.d2!.id)]);
  pollId = await createPoll(suite.server.url, suite.meetingId, t.chair!, approveDef(), items[1]!);
  await step(suite.server.url, suite.meetingId, t.chair!, pollId, 'open');
  await send('d1', [ballotRecord(pollId, ['yes'])]);
  await send('d2', [ballotRecord(pollId, ['yes'])]);
  await step(suite.server.url, suite.meetingId, t.chair!, pollId, 'close');
});

describe('conclusions', () => {
  it('refuses a delegate, an unknown item and a poll of another meeting', async () => {
    const [del, item, poll] = [
      ...(await send('d1', [conclusion(items[0]!, 'Thống nhất.')])),
      ...(await send('chair', [conclusion('no-such-item', 'Thống nhất.'), conclusion(items[0]!, 'Thống nhất.', { pollRefs: ['nope'] })])),
    ];
    expect(del).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/chair/) } });
    expect(item).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/no agenda item/) } });
    expect(poll).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/not a poll of this meeting/) } });
  });

  it('finalises, refuses a second first conclusion, and takes a correction with a reason as version 2', async () => {
    const live = connect(suite.server.url, `live/${suite.meetingId}`, t.d1!);
    await live.synced;
    const first = conclusion(items[0]!, 'Chính phủ thống nhất đánh giá tình hình kinh tế – xã hội tháng 10 tiếp tục chuyển biến tích cực.');
    const [ok] = await send('chair', [first]);
    expect(ok).toMatchObject({ ok: true });
    const firstId = (first.payload as { conclusionId: string }).conclusionId;
    await waitFor(() => readConclusions(live.doc).some((c) => c.id === firstId));

    const [dup] = await send('chair', [conclusion(items[0]!, 'Khác.')]);
    expect(dup).toMatchObject({ ok: false, error: { code: 'conflict', message: 'This item already has a final conclusion; send a correction with a reason.' } });
    const [noReason] = await send('chair', [conclusion(items[0]!, 'Sửa.', { corrects: firstId })]);
    expect(noReason).toMatchObject({ ok: false, error: { message: expect.stringMatching(/reason/) } });
    const [wrongTarget] = await send('chair', [conclusion(items[0]!, 'Sửa.', { corrects: randomUUID(), reason: 'Lỗi chính tả' })]);
    expect(wrongTarget).toMatchObject({ ok: false, error: { code: 'conflict' } });

    // The secretariat corrects on the chair's behalf.
    const fix = conclusion(items[0]!, 'Chính phủ thống nhất đánh giá tình hình kinh tế – xã hội tháng 10 và 10 tháng tiếp tục chuyển biến tích cực.', { corrects: firstId, reason: 'Bổ sung số liệu 10 tháng' });
    const [fixed] = await send('sec', [fix]);
    expect(fixed).toMatchObject({ ok: true });
    await waitFor(() => readConclusions(live.doc).find((c) => c.agendaItemId === items[0])?.version === 2);
    const c = readConclusions(live.doc).find((x) => x.agendaItemId === items[0])!;
    expect(c).toMatchObject({ corrects: firstId, reason: 'Bổ sung số liệu 10 tháng', finalisedBy: u.sec!.id });
    live.destroy();

    const audit = await call<{ entries: { kind: string; data: Record<string, unknown> }[] }>(suite.server.url, 'GET', `/api/meetings/${suite.meetingId}/audit`, t.d1!);
    const kinds = audit.body.entries.map((e) => e.kind);
    expect(kinds).toContain('conclusion.final');
    expect(kinds).toContain('conclusion.corrected');
    expect(audit.body.entries.find((e) => e.kind === 'conclusion.corrected')!.data).toMatchObject({ version: 2, textSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('quotes a poll of the item', async () => {
    const [ok] = await send('chair', [conclusion(items[1]!, 'Thông qua dự thảo Nghị định về quản lý giá.', { pollRefs: [pollId] })]);
    expect(ok).toMatchObject({ ok: true });
  });
});

describe('tasks', () => {
  const list = async (who: string, scope: 'mine' | 'all') => {
    const r = await call(suite.server.url, 'GET', `/api/tasks?scope=${scope}`, t[who]!);
    expect(r.status).toBe(200);
    return TaskList.parse(r.body).tasks;
  };

  it('refuses a past deadline, a non-member assignee and a delegate; the schema refuses a task without owner', async () => {
    const yesterday = vietnamDay(new Date(Date.now() - 86_400_000).toISOString());
    const [past, outsider] = await send('chair', [task({ unit: 'Bộ Tài chính', deadline: yesterday }), task({ assigneeUserId: u.outsider!.id })]);
    expect(past).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/^The deadline .* is already past\./) } });
    expect(outsider).toMatchObject({ ok: false, error: { message: expect.stringMatching(/not a participant/) } });
    const [del] = await send('d1', [task({ unit: 'Bộ Tài chính' })]);
    expect(del).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const noOwner = await call(suite.server.url, 'POST', `/api/meetings/${suite.meetingId}/records`, t.chair!, { records: [task({})] });
    expect(noOwner.status).toBe(400);
    expect(JSON.stringify(noOwner.body)).toMatch(/needs an owner/);
    // Today in Vietnam is still allowed.
    const [today] = await send('chair', [task({ unit: 'Bộ Tài chính', deadline: vietnamDay(new Date().toISOString()) })]);
    expect(today).toMatchObject({ ok: true });
  });

  it('counts a retried task once, publishes it, lets only the assignee report, and completes it once', async () => {
    const live = connect(suite.server.url, `live/${suite.meetingId}`, t.d2!);
    await live.synced;
    const rec = task({ assigneeUserId: u.d1!.id, unit: 'Bộ Công Thương', priority: 'high' });
    const taskId = (rec.payload as { taskId: string }).taskId;
    const [a] = await send('sec', [rec]);
    const [b] = await send('sec', [rec]);
    expect(a).toMatchObject({ ok: true });
    expect(b).toEqual(a);
    expect((await list('d1', 'mine')).filter((x) => x.id === taskId)).toHaveLength(1);
    await waitFor(() => readTasks(live.doc).some((x) => x.id === taskId));

    const [notMine] = await send('d2', [progress(taskId, { note: 'Tôi làm giúp' })]);
    expect(notMine).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Only the person the task is assigned to can report on it.' } });
    const [note] = await send('d1', [progress(taskId, { note: 'Đang lấy ý kiến các bộ' })]);
    expect(note).toMatchObject({ ok: true });
    const [done] = await send('d1', [progress(taskId, { note: 'Đã trình', completed: true })]);
    expect(done).toMatchObject({ ok: true });
    const [again] = await send('d1', [progress(taskId, { completed: true })]);
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/cannot be completed again/) } });

    await waitFor(() => readTasks(live.doc).find((x) => x.id === taskId)?.completedAt != null);
    const seen = readTasks(live.doc).find((x) => x.id === taskId)!;
    expect(seen.completedAt).toBe(done.ok ? done.receivedAt : null);
    expect(seen.progress.map((p) => p.note)).toEqual(['Đang lấy ý kiến các bộ', 'Đã trình']);
    expect(seen).toMatchObject({ assigneeName: 'after-d1', meetingTitle: 'Phiên họp Chính phủ thường kỳ tháng 10 năm 2026', priority: 'high' });
    live.destroy();
  });

  it('takes a PDF with a progress report from the assignee only, as a document of the meeting', async () => {
    const rec = task({ assigneeUserId: u.d1!.id, agendaItemId: items[2]! });
    const taskId = (rec.payload as { taskId: string }).taskId;
    await send('chair', [rec]);
    const pdf = fs.readFileSync(fixturePdf('tracemonkey.pdf'));
    const attach = async (who: string, body: Uint8Array = pdf, type = 'application/pdf') => {
      const res = await fetch(`${suite.server.url}/api/tasks/${taskId}/attachments?filename=bao-cao.pdf`, { method: 'POST', headers: { authorization: `Bearer ${t[who]!}`, 'content-type': type }, body });
      return { status: res.status, body: (await res.json()) as { document?: { id: string; agendaItemId: string | null }; error?: { message: string } } };
    };
    expect((await attach('d2')).status).toBe(403);
    expect((await attach('outsider')).status).toBe(404);
    expect((await attach('d1', new TextEncoder().encode('not a pdf'))).status).toBe(422);
    const ok = await attach('d1');
    expect(ok.status).toBe(201);
    const documentId = ok.body.document!.id;
    expect(ok.body.document!.agendaItemId).toBe(items[2]);
    const [report] = await send('d1', [progress(taskId, { note: 'Báo cáo kèm theo', documentId })]);
    expect(report).toMatchObject({ ok: true });
    const [done] = await send('d1', [progress(taskId, { completed: true })]);
    expect(done).toMatchObject({ ok: true });
    const listed = (await list('d1', 'mine')).find((x) => x.id === taskId)!;
    expect(listed.progress[0]).toMatchObject({ note: 'Báo cáo kèm theo', documentId });
    // A completed task's reports are closed.
    expect((await attach('d1')).status).toBe(409);
  });

  it('extends a deadline (secretariat only, later only), recorded and published', async () => {
    const rec = task({ unit: 'Bộ Xây dựng', deadline: '2099-06-30' });
    const taskId = (rec.payload as { taskId: string }).taskId;
    await send('chair', [rec]);
    const byChair = await call(suite.server.url, 'POST', `/api/tasks/${taskId}/extend`, t.chair!, { deadline: '2099-07-31', reason: 'Chờ ý kiến' });
    expect(byChair.status).toBe(403);
    const earlier = await call(suite.server.url, 'POST', `/api/tasks/${taskId}/extend`, t.sec!, { deadline: '2099-05-01', reason: 'Rút ngắn' });
    expect(earlier.status).toBe(400);
    expect((earlier.body as { error: { message: string } }).error.message).toMatch(/"deadline".*later than the current deadline/);
    const noReason = await call(suite.server.url, 'POST', `/api/tasks/${taskId}/extend`, t.sec!, { deadline: '2099-07-31', reason: ' ' });
    expect(noReason.status).toBe(400);
    const ok = await call(suite.server.url, 'POST', `/api/tasks/${taskId}/extend`, t.sec!, { deadline: '2099-07-31', reason: 'Chờ ý kiến thẩm định của Bộ Tư pháp' });
    expect(ok.status).toBe(200);
    const extended = Task.parse(ok.body);
    expect(extended.extensions).toEqual([{ deadline: '2099-07-31', reason: 'Chờ ý kiến thẩm định của Bộ Tư pháp', at: expect.any(String), by: u.sec!.id }]);
    const all = await list('sec', 'all');
    expect(all.find((x) => x.id === taskId)!.extensions).toHaveLength(1);
    // A delegate's "all" is only their own tasks.
    expect((await list('d2', 'all')).length).toBe(0);
  });
});

describe('conclusion notice', () => {
  it('is refused while an item lacks a final conclusion, then finalised and signed; Vietnamese text survives extraction', async () => {
    // The notice is the meeting's official record: its organisation gives letterhead, signer and certificate.
    await attachSigningOrganisation(suite.server, suite.dir, suite.meetingId);
    const early = await call<{ error: { message: string } }>(suite.server.url, 'POST', `/api/meetings/${suite.meetingId}/official-records/notice/finalise`, t.chair!, {});
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain(`3. ${titles[2]}`);
    const draft = await fetch(`${suite.server.url}/api/meetings/${suite.meetingId}/official-records/notice/preview`, { headers: { authorization: `Bearer ${t.chair}` } });
    expect((await pdfText(new Uint8Array(await draft.arrayBuffer()))).text).toContain('DỰ THẢO');

    const del = await call(suite.server.url, 'POST', `/api/meetings/${suite.meetingId}/official-records/notice/finalise`, t.d1!, {});
    expect(del.status).toBe(403);

    await send('chair', [conclusion(items[2]!, 'Các địa phương chủ động phương án ứng phó mưa lũ, bảo đảm an toàn cho người dân.')]);
    const fin = await call<OfficialRecord>(suite.server.url, 'POST', `/api/meetings/${suite.meetingId}/official-records/notice/finalise`, t.sec!, {});
    expect(fin.status).toBe(201);
    expect(fin.body.number).toMatch(/^\d+\/TB-VPCP$/);

    const { text } = await blobText(suite.dir, fin.body.sha256!);
    const flat = text.replace(/\s+/g, ' ');
    for (const s of ['VĂN PHÒNG CHÍNH PHỦ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'THÔNG BÁO', 'Kết luận của', `Số: ${fin.body.number}`, titles[0]!, titles[1]!, 'Nhà Quốc hội, Hà Nội', '2/2 tán thành (100% số phiếu hợp lệ); cần 2 trên 2 phiếu hợp lệ — Thông qua', 'Bộ Công Thương', 'Số thành viên có mặt: 3.']) {
      expect(flat).toContain(s);
    }
    expect(flat).not.toContain('DỰ THẢO');
    // The head printed is the chain's head just before the record itself was logged.
    const entries = (await call<{ entries: { kind: string; hash: string; data: { auditHead?: string } }[] }>(suite.server.url, 'GET', `/api/meetings/${suite.meetingId}/audit`, t.d1!)).body.entries;
    const issued = entries.filter((e) => e.kind === 'record.finalised').at(-1)!;
    expect(issued.data.auditHead).toBe(fin.body.auditHead);
    expect(flat).toContain(`Mã kiểm chứng: ${issued.data.auditHead}`);
    expect(entries[entries.indexOf(issued) - 1]!.hash).toBe(issued.data.auditHead);

    // Stored as a document of the meeting, served to its participants.
    const blob = await fetch(`${suite.server.url}/api/blobs/${fin.body.sha256}`, { headers: { authorization: `Bearer ${t.d1!}` } });
    expect(blob.status).toBe(200);
    const docs = await suite.server.docs.read(`meeting/${suite.meetingId}`, (doc) => readMeeting(doc).documents);
    expect(docs.find((d) => d.sha256 === fin.body.sha256)?.title).toBe(`Thông báo kết luận số ${fin.body.number}`);
  });
});

