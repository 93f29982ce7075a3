/**
 * Follow the presenter (issue 17) on a real server: the chair presents a document of the
 * meeting, or names a presenter who turns the pages; only the id and the page reach
 * live/<id>; page turns are coalesced (a burst is a few updates, the latest page wins);
 * bad pages, documents and callers are refused and change nothing.
 */
import { describe, expect, it } from 'vitest';
import { readPresenting, type Presenting } from '../../../shared/ydoc/live';
import { addDocument } from '../../../shared/ydoc/meeting';
import { call, connect, waitFor, tempDirForFile, meetingWith, withServer } from './helpers';

const data = tempDirForFile();

type Answer = Presenting & { error?: { code: string; message: string } };

describe('follow the presenter', () => {
  it('presents, hands over, coalesces page turns, refuses what is not allowed, and stops', async () => {
    await withServer(data.dir, async (server) => {
      const { meetingId, users: { d1 }, tokens: { chair: tc, d1: t1, d2: t2 } } = await meetingWith(server.store, 'pr', { chair: 'chair', d1: 'delegate', d2: 'delegate' });
      const docId = '44444444-4444-4444-8444-444444444444';
      await server.docs.transact(`meeting/${meetingId}`, (doc) => {
        addDocument(doc, { id: docId, title: 'Dự thảo Nghị quyết', sha256: 'a'.repeat(64), size: 1000, pages: 40, agendaItemId: null, confidentiality: 'internal' });
      });
      const base = `/api/meetings/${meetingId}/presenting`;
      const post = (token: string, p: string, body?: unknown) => call<Answer>(server.url, 'POST', base + p, token, body ?? {});

      // A delegate may not start; a page beyond the document, an unknown document or presenter: refused.
      expect((await post(t1!, '', { documentId: docId, page: 1 })).status).toBe(403);
      const beyond = await post(tc!, '', { documentId: docId, page: 41 });
      expect(beyond.status).toBe(400);
      expect(beyond.body.error?.message).toMatch(/40 pages, so page 41/);
      expect((await post(tc!, '', { documentId: 'not-in-meeting', page: 1 })).body.error?.message).toContain('not-in-meeting');
      expect((await post(tc!, '', { documentId: docId, presenterId: 'stranger' })).status).toBe(400);
      expect((await post(tc!, '/page', { page: 2 })).status).toBe(409);

      const live = connect(server.url, `live/${meetingId}`, t2!);
      try {
        await live.synced;
        expect(readPresenting(live.doc)).toBeNull();
        // The chair names d1, who presents from page 3.
        const started = await post(tc!, '', { documentId: docId, page: 3, presenterId: d1.id });
        expect(started.body).toMatchObject({ documentId: docId, page: 3, presenterId: d1.id, presenterName: 'pr-d1' });
        await waitFor(() => readPresenting(live.doc)?.page === 3, 5000, 'page 3 in live');
        // Only ids and a page: nothing of the file.
        expect(Object.keys(readPresenting(live.doc)!).sort()).toEqual(['documentId', 'page', 'presenterId', 'presenterName', 'since']);

        expect((await post(t2!, '/page', { page: 4 })).status).toBe(403);
        expect((await post(t1!, '/page', { page: 0 })).status).toBe(400);
        expect((await post(t1!, '/page', { page: 41 })).status).toBe(400);

        // A burst of 30 page turns: far fewer room updates than turns, and the last page wins.
        const before = server.records.stats().liveUpdates;
        for (let page = 4; page <= 33; page++) expect((await post(t1!, '/page', { page })).status).toBe(200);
        await waitFor(() => readPresenting(live.doc)?.page === 33, 5000, 'the last page in live');
        const updates = server.records.stats().liveUpdates - before;
        expect(updates).toBeGreaterThanOrEqual(1);
        expect(updates).toBeLessThan(30);

        // The named presenter stops; the room follows nobody.
        expect((await post(t2!, '/stop')).status).toBe(403);
        expect((await post(t1!, '/stop')).status).toBe(200);
        await waitFor(() => readPresenting(live.doc) === null, 5000, 'presenting stopped in live');
      } finally {
        live.destroy();
      }
      const audit = await call<{ entries: { kind: string }[] }>(server.url, 'GET', `/api/meetings/${meetingId}/audit`, tc!);
      expect(audit.body.entries.map((e) => e.kind).filter((k) => k.startsWith('presenting.'))).toEqual(['presenting.started', 'presenting.stopped']);
    });
  });
});
