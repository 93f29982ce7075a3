/**
 * Comments on drafts (issue 17) on a real server: taken through the records endpoint while
 * the document is open for comments (idempotent by key), refused with the reason after the
 * deadline or on a document not open; the secretariat lists all and answers each; others
 * see their own, and everyone's once the secretariat makes them public.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DraftComment } from '../../../shared/domain/draft-comments';
import { addDocument, meetingDoc } from '../../../shared/ydoc/meeting';
import { call, commentRecord as comment, submit, tempDirForFile, meetingWith, withServer } from './helpers';

const data = tempDirForFile();

describe('comments on drafts', () => {
  it('takes comments in the window, refuses them after, lists them by role, and keeps the answers', async () => {
    await withServer(data.dir, async (server) => {
      const { meetingId, users: { d1 }, tokens: { sec: ts, d1: t1, d2: t2 } } = await meetingWith(server.store, 'dc', { sec: 'secretariat', d1: 'delegate', d2: 'delegate' });
      const [draft, closed, notOpen] = ['77777777-7777-4777-8777-777777777777', '88888888-8888-4888-8888-888888888888', '99999999-9999-4999-8999-999999999999'];
      const setWindow = (docId: string, until: string, isPublic: boolean) =>
        server.docs.transact(`meeting/${meetingId}`, (doc) => meetingDoc.commentWindows(doc).set(docId, JSON.stringify({ until, public: isPublic })));
      await server.docs.transact(`meeting/${meetingId}`, (doc) => {
        for (const id of [draft, closed, notOpen]) addDocument(doc, { id, title: 'Dự thảo Luật', sha256: 'b'.repeat(64), size: 10, pages: 20, agendaItemId: null, confidentiality: 'internal' });
      });
      await setWindow(draft, new Date(Date.now() + 3_600_000).toISOString(), false);
      await setWindow(closed, new Date(Date.now() - 60_000).toISOString(), false);

      const first = comment(draft, 3, 'Đề nghị bỏ khoản 2 Điều 5', { quote: 'khoản 2', asUnit: 'Sở Tư pháp' });
      const [ok] = await submit(server.url, meetingId, t1!, [first]);
      expect(ok!.ok).toBe(true);
      expect((await submit(server.url, meetingId, t1!, [first]))[0]).toEqual(ok);
      await submit(server.url, meetingId, t2!, [comment(draft, 3, 'Đồng ý với dự thảo'), comment(draft, 7, 'Sửa lỗi chính tả')]);
      const [late] = await submit(server.url, meetingId, t2!, [comment(closed, 1, 'Muộn')]);
      expect(late).toMatchObject({ ok: false, error: { reason: 'comments_closed' } });
      expect(late!.ok === false && late!.error.params?.deadline).toBeTruthy();
      const [never] = await submit(server.url, meetingId, t2!, [comment(notOpen, 1, 'Không mở')]);
      expect(never).toMatchObject({ ok: false, error: { reason: 'comments_closed' } });
      // An empty comment is a malformed request: nothing of it is stored.
      expect((await call(server.url, 'POST', `/api/meetings/${meetingId}/records`, t2!, { records: [comment(draft, 1, '  ')] })).status).toBe(400);

      const list = (token: string, q = '') => call<{ comments: DraftComment[] }>(server.url, 'GET', `/api/meetings/${meetingId}/comments${q}`, token);
      const all = (await list(ts!)).body.comments;
      expect(all.map((c) => [c.page, c.name, c.status])).toEqual([
        [3, 'dc-d1', 'pending'],
        [3, 'dc-d2', 'pending'],
        [7, 'dc-d2', 'pending'],
      ]);
      expect(all[0]).toMatchObject({ quote: 'khoản 2', asUnit: 'Sở Tư pháp' });
      expect((await list(t1!)).body.comments.map((c) => c.userId)).toEqual([d1.id]);
      expect((await list(ts!, '?documentId=../x')).status).toBe(400);

      // The secretariat answers; a delegate cannot.
      const target = all[0]!.id;
      const respond = (token: string, body: unknown, id = target) => call<DraftComment & { error?: { message: string } }>(server.url, 'POST', `/api/meetings/${meetingId}/comments/${id}/response`, token, body);
      expect((await respond(t2!, { status: 'accepted', reply: 'x' })).status).toBe(403);
      expect((await respond(ts!, { status: 'maybe' })).status).toBe(400);
      expect((await respond(ts!, { status: 'accepted' }, randomUUID())).status).toBe(404);
      const answered = await respond(ts!, { status: 'rejected', reply: 'Khoản 2 là quy định bắt buộc của luật.' });
      expect(answered.body).toMatchObject({ status: 'rejected', reply: 'Khoản 2 là quy định bắt buộc của luật.' });

      // The consolidated table: secretariat only; a formula typed as a comment stays text.
      await submit(server.url, meetingId, t1!, [comment(draft, 9, '=HYPERLINK("http://x")')]);
      const exportUrl = (token: string, q: string) => fetch(`${server.url}/api/meetings/${meetingId}/comments/export${q}`, { headers: { authorization: `Bearer ${token}` } });
      expect((await exportUrl(t1!, `?documentId=${draft}&format=csv`)).status).toBe(403);
      expect((await exportUrl(ts!, `?documentId=nope&format=csv`)).status).toBe(400);
      expect((await exportUrl(ts!, `?documentId=${draft}&format=odt`)).status).toBe(400);
      const csv = await (await exportUrl(ts!, `?documentId=${draft}&format=csv`)).text();
      expect(csv).toContain('Không tiếp thu: Khoản 2 là quy định bắt buộc của luật.');
      expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
      expect(csv.split('\r\n').filter((l) => /^\d+,/.test(l))).toHaveLength(4);
      const pdf = await exportUrl(ts!, `?documentId=${draft}`);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

      // Made public: every participant sees every comment of that document, with the answers.
      await setWindow(draft, new Date(Date.now() + 3_600_000).toISOString(), true);
      const seen = (await list(t2!, `?documentId=${draft}`)).body.comments;
      expect(seen).toHaveLength(4);
      expect(seen.find((c) => c.id === target)).toMatchObject({ status: 'rejected' });
    });
  });
});
