import { readFile } from 'node:fs/promises';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MeetingList } from '../../../shared/api/meetings';
import { readMeeting } from '../../../shared/ydoc/meeting';
import { readLive } from '../../../shared/ydoc/live';
import { blobPath } from '../../../server/blobs';
import { login, serverForFile, start, tempDir } from './helpers';
import { blobText } from '../server-records/pdf-text';

const suite = serverForFile({ demo: true });

describe('demo seed', () => {
  it('creates the accounts, one published meeting and its documents', async () => {
    const demo = suite.server.demo!;
    expect(demo).not.toBeNull();
    expect(demo.users).toBe(63);
    for (const name of ['secretary', 'chair', 'delegate01', 'delegate60', 'admin']) {
      expect(await suite.server.store.findUserByUsername(name)).not.toBeNull();
    }
    expect((await suite.server.store.findUserByUsername('admin'))!.globalRole).toBe('admin');

    const token = await login(suite.server.url, 'delegate01', 'demo');
    const list = MeetingList.parse(await (await fetch(`${suite.server.url}/api/meetings`, { headers: { authorization: `Bearer ${token}` } })).json());
    // The upcoming meeting, and the closed one two months back that carries the tasks.
    expect(list.meetings).toHaveLength(2);
    const m = list.meetings.find((x) => x.id === demo.meetingId)!;
    expect(list.meetings.find((x) => x.id === demo.earlierMeetingId)).toMatchObject({ status: 'closed', role: 'delegate' });
    expect(m).toMatchObject({ id: demo.meetingId, status: 'published', venue: 'Nhà Quốc hội, Hà Nội', role: 'delegate' });
    expect(m.title).toMatch(/^Phiên họp Chính phủ thường kỳ tháng \d+ năm \d{4}$/);
    expect(m.startsAt).toMatch(/T08:00:00\+07:00$/);

    const secToken = await login(suite.server.url, 'secretary', 'demo');
    const secList = MeetingList.parse(await (await fetch(`${suite.server.url}/api/meetings`, { headers: { authorization: `Bearer ${secToken}` } })).json());
    expect(secList.meetings.map((x) => x.role)).toEqual(['secretariat', 'secretariat']);
    const adminToken = await login(suite.server.url, 'admin', 'demo');
    const adminList = MeetingList.parse(await (await fetch(`${suite.server.url}/api/meetings`, { headers: { authorization: `Bearer ${adminToken}` } })).json());
    expect(adminList.meetings.find((x) => x.id === demo.meetingId)!.role).toBe('observer');
  });

  it('writes the meeting and live documents', async () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await suite.server.docs.encodeState(`meeting/${suite.server.demo!.meetingId}`));
    const content = readMeeting(doc);
    expect(content.meta.status).toBe('published');
    expect(content.agenda.filter((i) => i.depth === 0).length).toBeGreaterThanOrEqual(8);
    expect(content.agenda.some((i) => i.depth === 1)).toBe(true);
    expect(content.documents).toHaveLength(8);
    expect(content.participants).toHaveLength(62);
    expect(content.sites.map((s) => [s.name, s.kind])).toEqual([
      ['Hội trường Diên Hồng', 'main'],
      ['Điểm cầu TP. Hồ Chí Minh', 'bridge'],
    ]);
    const attached = new Set(content.agenda.flatMap((i) => i.documentIds));
    for (const d of content.documents) expect(attached.has(d.id)).toBe(true);
    expect(content.participants.find((p) => p.position === 'Bộ trưởng Bộ Tài chính')).toBeDefined();

    const live = new Y.Doc();
    Y.applyUpdate(live, await suite.server.docs.encodeState(`live/${suite.server.demo!.meetingId}`));
    expect(readLive(live)).toEqual({ currentItemId: null, startedAt: null, checkInOpen: false });
  });

  it('stores 8 real PDFs with the recorded page counts, served to members', async () => {
    const docs = suite.server.demo!.documents;
    expect(docs).toHaveLength(8);
    const token = await login(suite.server.url, 'delegate02', 'demo');
    for (const d of docs) {
      const bytes = await readFile(blobPath(suite.dir, d.sha256));
      const pdf = await PDFDocument.load(bytes);
      expect(pdf.getPageCount()).toBe(d.pages);
      expect(d.pages).toBeGreaterThanOrEqual(10);
      expect(d.pages).toBeLessThanOrEqual(200);
      expect(await suite.server.store.blobMeetings(d.sha256, 'nobody')).toHaveLength(1);
    }
    const res = await fetch(`${suite.server.url}/api/blobs/${docs[0]!.sha256}`, { headers: { authorization: `Bearer ${token}`, range: 'bytes=0-4' } });
    expect(res.status).toBe(206);
    expect(await res.text()).toBe('%PDF-');
  });

  it('writes Vietnamese text that pdf.js can extract', async () => {
    const small = suite.server.demo!.documents.filter((d) => d.pages <= 16);
    let text = '';
    for (const d of small) text += (await blobText(suite.dir, d.sha256)).text;
    expect(text).toMatch(/[ạảãàáâậầấẩẫăắằặẳẵđêềếểễệôồốổỗộơờớởỡợưừứửữự]/);
    const lower = text.toLocaleLowerCase('vi');
    expect(lower).toContain('nghị quyết');
    expect(text).toContain('Đường');
    expect(lower).toContain('đầu tư công');
  }, 60_000);

  it('does not seed again on restart', async () => {
    const { dir, remove: rm } = await tempDir();
    try {
      const first = await start(dir, { demo: true, demoSize: 30 });
      expect(first.demo!.sites).toBe(3);
      expect((await first.store.findUserByUsername('delegate30'))).not.toBeNull();
      await first.close();
      const second = await start(dir, { demo: true, demoSize: 30 });
      expect(second.demo).toBeNull();
      // 30 delegates, secretary, chair, admin, and the 5 + 5 accounts of the Party committee and the People's Committee (issue 14).
      expect(await second.store.countUsers()).toBe(43);
      expect(await second.store.listAllMeetings()).toHaveLength(4);
      await second.close();
    } finally {
      await rm();
    }
  }, 60_000);
});
