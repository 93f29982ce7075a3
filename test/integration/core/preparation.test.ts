/**
 * The secretariat prepares a meeting through the desktop core, against a real server on
 * 127.0.0.1: real SQLite on both sides, real y-websocket replicas, real PDFs.
 */
import { describe, expect } from 'vitest';
import { test as it, type TestDevice } from '../../support/core-fixture';
import fs from 'node:fs';
import path from 'node:path';
import type { MeetingView, UploadProgress } from '../../../shared/contract';
import { currentMeeting, waitUntil } from '../../support/temp';
import { fixturePdf } from '../../support/fixtures';
import { startFlakyProxy } from '../../support/flaky-proxy';

/** Signed in, the meeting list read, no meeting open: each test opens what it works on. */
const listed = { until: 'listed' } as const;

async function openSynced(d: TestDevice, meetingId: string): Promise<MeetingView> {
  await d.core.api.meetings.open({ meetingId });
  return waitUntil(() => (d.views.get(meetingId)?.synced ? d.views.get(meetingId) : null), 'the meeting to sync');
}

const titles = (v: MeetingView | undefined) => v?.content.agenda.map((i) => `${i.number} ${i.title}`) ?? [];

async function demoMeetingId(d: TestDevice): Promise<string> {
  return currentMeeting((await d.core.api.meetings.list()).meetings).id;
}

describe('preparing a meeting through the core', () => {
  it('creates a draft only the secretariat sees, builds its agenda with undo, and publishes it', async ({ serverWith }) => {
    const { sec, del } = await serverWith({ sec: 'secretary', del: 'delegate05' }, listed);
    const created = await sec.core.api.meetings.create({
      title: 'Họp Ban Thường vụ tháng 12',
      startsAt: '2026-12-02T08:00:00+07:00',
      endsAt: '2026-12-02T11:30:00+07:00',
      venue: 'Phòng họp số 1',
    });
    expect(created).toMatchObject({ status: 'draft', role: 'secretariat' });
    expect((await sec.core.api.meetings.list()).meetings.map((m) => m.id)).toContain(created.id);

    await openSynced(sec, created.id);
    const { itemId: a } = await sec.core.api.agenda.add({ meetingId: created.id, parentId: null, title: 'Khai mạc' });
    await sec.core.api.agenda.add({ meetingId: created.id, parentId: null, title: 'Nội dung chính' });
    await sec.core.api.agenda.add({ meetingId: created.id, parentId: a, title: 'Điểm danh' });
    await waitUntil(() => titles(sec.views.get(created.id)).length === 3, 'three items');
    expect(titles(sec.views.get(created.id))).toEqual(['1 Khai mạc', '1.1 Điểm danh', '2 Nội dung chính']);

    // Undo takes back this person's own last edit; redo puts it back.
    await new Promise((r) => setTimeout(r, 450)); // a separate undo step, not merged with the adds
    await sec.core.api.agenda.rename({ meetingId: created.id, itemId: a, title: 'Khai mạc hội nghị' });
    await waitUntil(() => titles(sec.views.get(created.id))[0] === '1 Khai mạc hội nghị', 'rename');
    expect(sec.views.get(created.id)!.history.canUndo).toBe(true);
    await sec.core.api.agenda.undo({ meetingId: created.id });
    await waitUntil(() => titles(sec.views.get(created.id))[0] === '1 Khai mạc', 'undo');
    await sec.core.api.agenda.redo({ meetingId: created.id });
    await waitUntil(() => titles(sec.views.get(created.id))[0] === '1 Khai mạc hội nghị', 'redo');

    // A delegate of the demo meeting is not a member here; nobody else sees a draft.
    expect((await del.core.api.meetings.list()).meetings.map((m) => m.id)).not.toContain(created.id);
    const published = await sec.core.api.meetings.publish({ meetingId: created.id });
    expect(published.status).toBe('published');
    await waitUntil(() => sec.views.get(created.id)?.content.meta.status === 'published', 'status in the document');
    expect(sec.views.get(created.id)!.content.meta.publishedAt).toBeTruthy();
    const again = await sec.core.api.meetings.publish({ meetingId: created.id }).catch((e) => e);
    expect(again.code).toBe('conflict');
  });

  it('keeps a meeting it just created when an older meeting list arrives late', async ({ defer, server, device }) => {
    const srv = await server();
    const proxy = await startFlakyProxy(srv.url);
    defer(() => proxy.close());
    const sec = await device(proxy.url, 'secretary', listed);
    let release!: () => void;
    proxy.hold = { request: /^GET \/api\/meetings$/, until: new Promise<void>((r) => (release = r)) };
    // The list is asked for (as the meeting screen does on sign-in) and answered before the
    // create, but the answer arrives after it.
    const late = sec.core.api.meetings.list();
    await waitUntil(() => proxy.heldCount > 0, 'the list request to reach the server');
    const created = await sec.core.api.meetings.create({
      title: 'Họp giao ban tuần',
      startsAt: '2026-12-03T08:00:00+07:00',
      endsAt: '2026-12-03T09:00:00+07:00',
    });
    proxy.hold = null;
    release();
    const stale = await late;
    expect(stale.meetings.map((m) => m.id)).toContain(created.id);
    expect((await sec.core.api.meetings.open({ meetingId: created.id })).id).toBe(created.id);
    expect((await sec.core.api.meetings.list()).meetings.filter((m) => m.id === created.id)).toHaveLength(1);
  });

  it('refuses every preparation call from a delegate, in the core, before the server', async ({ serverWith }) => {
    const { del } = await serverWith({ del: 'delegate06' }, listed);
    const meetingId = await demoMeetingId(del);
    const view = await openSynced(del, meetingId);
    const item = view.content.agenda[0]!.id;
    const refusals = await Promise.all([
      del.core.api.agenda.add({ meetingId, parentId: null, title: 'x' }),
      del.core.api.agenda.undo({ meetingId }),
      del.core.api.sites.add({ meetingId, name: 'x', kind: 'bridge' }),
      del.core.api.participants.remove({ meetingId, userId: 'u1' }),
      del.core.api.documents.update({ meetingId, documentId: 'd1', title: 'x' }),
      del.core.api.agenda.attachDocument({ meetingId, itemId: item, documentId: 'd1' }),
    ].map((p) => p.catch((e) => e.code)));
    expect(refusals).toEqual(Array(6).fill('forbidden'));
  });

  it('two secretaries edit the same agenda at once, also offline, and converge', async ({ device, serverWith }) => {
    const { srv, one } = await serverWith({ one: 'secretary' }, listed);
    const meetingId = await demoMeetingId(one);
    const added = await one.core.api.participants.add({
      meetingId,
      participant: { name: 'Đỗ Thị Thu', username: 'thu.dt', role: 'secretariat', position: 'Chuyên viên', unit: 'Văn phòng Chính phủ' },
    });
    const password = added.added[0]!.initialPassword!;
    expect(password).toBeTruthy();
    const two = await device(srv.url, 'thu.dt', { ...listed, password });
    await openSynced(one, meetingId);
    await openSynced(two, meetingId);
    const items = one.views.get(meetingId)!.content.agenda.filter((i) => i.depth === 0);

    // Concurrently: one moves item 3 to the top while the other renames it; both add.
    await Promise.all([
      one.core.api.agenda.move({ meetingId, itemId: items[2]!.id, parentId: null, index: 0 }),
      two.core.api.agenda.rename({ meetingId, itemId: items[2]!.id, title: 'Đường bộ cao tốc (sửa)' }),
      one.core.api.agenda.add({ meetingId, parentId: null, title: 'Thêm từ máy 1' }),
      two.core.api.agenda.add({ meetingId, parentId: null, title: 'Thêm từ máy 2' }),
    ]);
    const same = () => {
      const a = titles(one.views.get(meetingId));
      const b = titles(two.views.get(meetingId));
      return a.length > 0 && JSON.stringify(a) === JSON.stringify(b) ? a : null;
    };
    const converged = await waitUntil(() => {
      const t = same();
      return t && t.some((x) => x.endsWith('Thêm từ máy 1')) && t.some((x) => x.endsWith('Thêm từ máy 2')) && t[0] === '1 Đường bộ cao tốc (sửa)' ? t : null;
    }, 'both screens to show the same agenda');
    expect(converged.filter((t) => /^\d+ /.test(t))).toHaveLength(items.length + 2);

    // Offline on both sides, then the network returns.
    await srv.close();
    await waitUntil(async () => (await one.core.api.sync.status()).state === 'offline', 'offline');
    await one.core.api.agenda.rename({ meetingId, itemId: items[0]!.id, title: 'Đổi tên khi mất mạng (máy 1)' });
    await two.core.api.agenda.add({ meetingId, parentId: items[1]!.id, title: 'Mục con thêm khi mất mạng (máy 2)' });
    await srv.startAgain();
    const merged = await waitUntil(() => {
      const t = same();
      return t && t.some((x) => x.includes('khi mất mạng (máy 1)')) && t.some((x) => x.includes('khi mất mạng (máy 2)')) ? t : null;
    }, 'offline edits to merge', { timeoutMs: 20_000 });
    expect(merged.some((t) => /^\d+\.\d+ Mục con thêm khi mất mạng/.test(t))).toBe(true);
  });

  it('imports participants from a Windows-1258 CSV with a preview, creating new sites and accounts', async ({ device, serverWith }) => {
    const { srv, sec } = await serverWith({ sec: 'secretary' }, listed);
    const meetingId = await demoMeetingId(sec);
    await openSynced(sec, meetingId);
    const csvText = [
      'Họ và tên,Tên đăng nhập,Chức vụ,Đơn vị,Vai trò,Điểm cầu,Email',
      'Nguyễn Văn Đức,duc.nv,Phó Chủ tịch,UBND tỉnh Nghệ An,Đại biểu,Điểm cầu Nghệ An,duc@nghean.gov.vn',
      'Lê Thị Hồng,hong.lt,Giám đốc Sở,Sở Tài chính Nghệ An,đại biểu,Điểm cầu Nghệ An,',
    ].join('\r\n');
    // Windows-1258 as an old Excel writes it: Node's TextEncoder has no such encoding, so
    // build the bytes from a small table of the characters this file uses.
    const file = path.join(sec.dataDir, 'thanh-phan.csv');
    fs.writeFileSync(file, encodeCp1258(csvText));

    const preview = await sec.core.api.participants.previewImport({ meetingId, file: { kind: 'path', path: file } });
    expect(preview.encoding).toBe('windows-1258');
    expect(preview.problems).toEqual([]);
    expect(preview.rows.map((r) => r.name)).toEqual(['Nguyễn Văn Đức', 'Lê Thị Hồng']);
    expect(preview.newSites).toEqual(['Điểm cầu Nghệ An']);

    const result = await sec.core.api.participants.import({ meetingId, file: { kind: 'path', path: file } });
    expect(result.added.map((a) => a.username)).toEqual(['duc.nv', 'hong.lt']);
    expect(result.createdSites).toEqual(['Điểm cầu Nghệ An']);
    const view = await waitUntil(() => {
      const v = sec.views.get(meetingId);
      return v?.content.participants.some((p) => p.name === 'Lê Thị Hồng') ? v : null;
    }, 'imported participants in the meeting');
    const site = view.content.sites.find((s) => s.name === 'Điểm cầu Nghệ An')!;
    expect(view.content.participants.find((p) => p.name === 'Nguyễn Văn Đức')?.siteId).toBe(site.id);

    // The new account can sign in with the password shown once.
    const duc = await device(srv.url, 'duc.nv', { ...listed, password: result.added[0]!.initialPassword! });
    expect((await duc.core.api.meetings.list()).meetings.map((m) => m.id)).toContain(meetingId);

    // The same file again: every row is now a problem on the server, nothing half-imported.
    const twice = await sec.core.api.participants.import({ meetingId, file: { kind: 'path', path: file } }).catch((e) => e);
    expect(twice.code).toBe('conflict');
    expect(twice.message).toMatch(/duc\.nv|hong\.lt/);

    const broken = path.join(sec.dataDir, 'broken.csv');
    fs.writeFileSync(broken, '\uFEFFHọ và tên,Email\nA,a@b.vn\n');
    const bad = await sec.core.api.participants.previewImport({ meetingId, file: { kind: 'path', path: broken } });
    expect(bad.problems[0]!.message).toMatch(/Missing columns/);
    const refused = await sec.core.api.participants.import({ meetingId, file: { kind: 'path', path: broken } }).catch((e) => e);
    expect(refused.code).toBe('invalid_input');
  });

  it('uploads PDFs with progress, stores each once, replaces a version, and tells the delegate', async ({ serverWith }) => {
    const { sec, del } = await serverWith({ sec: 'secretary', del: 'delegate07' }, listed);
    const meetingId = await demoMeetingId(sec);
    const secView = await openSynced(sec, meetingId);
    await openSynced(del, meetingId);
    const item = secView.content.agenda[0]!;
    const progress: UploadProgress[] = [];
    sec.core.on('documents.progress', (p) => progress.push(p));

    const first = await sec.core.api.documents.upload({
      meetingId,
      uploadId: crypto.randomUUID(),
      file: { kind: 'path', path: fixturePdf('tracemonkey.pdf') },
      agendaItemId: item.id,
      confidentiality: 'internal',
    });
    expect(first.document).toMatchObject({ pages: 14, version: 1, agendaItemId: item.id });
    expect(first.deduplicated).toBe(false);
    expect(progress.map((p) => p.state)).toEqual(expect.arrayContaining(['uploading', 'processing', 'done']));
    expect(progress.at(-1)).toMatchObject({ state: 'done', fileName: 'tracemonkey.pdf', sent: fs.statSync(fixturePdf('tracemonkey.pdf')).size });

    const dup = await sec.core.api.documents.upload({
      meetingId,
      uploadId: crypto.randomUUID(),
      file: { kind: 'path', path: fixturePdf('tracemonkey.pdf') },
      agendaItemId: null,
    });
    expect(dup.deduplicated).toBe(true);

    // The delegate has seen the meeting (baseline); then the secretary replaces the document.
    await waitUntil(() => del.views.get(meetingId)?.content.documents.some((d) => d.id === first.document.id), 'delegate sees v1');
    await del.core.api.meetings.acknowledgeChanges({ meetingId });
    const v2 = await sec.core.api.documents.upload({
      meetingId,
      uploadId: crypto.randomUUID(),
      file: { kind: 'path', path: fixturePdf('TAMReview.pdf') },
      replaces: first.document.id,
    });
    expect(v2.document).toMatchObject({ version: 2, supersedes: first.document.id, agendaItemId: item.id });
    const notice = await waitUntil(() => del.views.get(meetingId)?.changes?.documentsReplaced[0], 'the delegate to be told');
    expect(notice).toMatchObject({ oldId: first.document.id, newId: v2.document.id, version: 2 });
    const delItem = del.views.get(meetingId)!.content.agenda.find((i) => i.id === item.id)!;
    expect(delItem.documentIds).toContain(v2.document.id);
    expect(delItem.documentIds).not.toContain(first.document.id);
    expect(del.views.get(meetingId)!.content.documents.find((d) => d.id === first.document.id)?.supersededBy).toBe(v2.document.id);
    await del.core.api.meetings.acknowledgeChanges({ meetingId });
    await waitUntil(() => del.views.get(meetingId)?.changes === null, 'the notice to clear after acknowledging');

    // Bad files: clear messages naming the file, and the failure reported as progress too.
    const fake = path.join(sec.dataDir, 'bao-cao.pdf');
    fs.writeFileSync(fake, 'PK\u0003\u0004 this is a zip file renamed to .pdf');
    const cases: [string, RegExp][] = [
      [fake, /bao-cao\.pdf.*not a PDF/],
      [fixturePdf('issue6010_1.pdf'), /issue6010_1\.pdf.*password/],
      [fixturePdf('poppler-395-0-fuzzed.pdf'), /poppler-395-0-fuzzed\.pdf.*(damaged|cannot be opened)/],
    ];
    for (const [file, message] of cases) {
      const uploadId = crypto.randomUUID();
      const err = await sec.core.api.documents.upload({ meetingId, uploadId, file: { kind: 'path', path: file } }).catch((e) => e);
      expect(err.code).toBe('invalid_input');
      expect(err.message).toMatch(message);
      expect(progress.find((p) => p.uploadId === uploadId && p.state === 'failed')?.error?.message).toMatch(message);
    }
    // Three uploads made three documents (the duplicate is a document of its own, stored
    // once); the three refused files left nothing behind.
    const docsAfter = sec.views.get(meetingId)!.content.documents.length;
    expect(docsAfter).toBe(secView.content.documents.length + 3);
  });
});

/**
 * The few CP1258 bytes this test needs. CP1258 writes a base letter (ă, â, ê, ô, ơ, ư, đ
 * have their own bytes) followed by a combining tone mark; Node has no encoder for it.
 */
function encodeCp1258(text: string): Buffer {
  const direct: Record<string, number> = { Đ: 0xd0, đ: 0xf0, ă: 0xe3, Ă: 0xc3, â: 0xe2, Â: 0xc2, ê: 0xea, Ê: 0xca, ô: 0xf4, Ô: 0xd4, ơ: 0xf5, Ơ: 0xd5, ư: 0xfd, Ư: 0xdd };
  const tones: Record<string, number> = { '\u0300': 0xcc, '\u0301': 0xec, '\u0303': 0xde, '\u0309': 0xd2, '\u0323': 0xf2 };
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const parts = [...ch.normalize('NFD')];
    const tone = parts.find((p) => tones[p] !== undefined);
    const base = parts.filter((p) => p !== tone).join('').normalize('NFC');
    if (base.codePointAt(0)! < 0x80) out.push(base.codePointAt(0)!);
    else if (direct[base] !== undefined) out.push(direct[base]!);
    else throw new Error(`no CP1258 byte for ${base}`);
    if (tone) out.push(tones[tone]!);
  }
  return Buffer.from(out);
}
