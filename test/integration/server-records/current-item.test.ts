/**
 * The item under discussion: whoever runs the meeting moves it from item to item, every
 * device follows through live/<id>, each move is in the audit chain, and a restart puts
 * back what the database holds.
 */
import { describe, expect, it } from 'vitest';
import { readLive, readSpeakers, type SpeakerRequest } from '../../../shared/ydoc/live';
import { addAgendaItem } from '../../../shared/ydoc/meeting';
import { call, connect, start, waitFor, tempDirForFile, meetingWith, withServer, tamper } from './helpers';

const data = tempDirForFile();

describe('the current agenda item', () => {
  it('is set by the chair, refused to others and to unknown items, audited, ended, and kept across a restart', async () => {
    let server = await start(data.dir);
    const { meetingId, tokens: { chair: chairToken, del: delToken } } = await meetingWith(server.store, 'ci', { chair: 'chair', del: 'delegate' });
    const [itemA, itemB] = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
    await server.docs.transact(`meeting/${meetingId}`, (doc) => {
      addAgendaItem(doc, { id: itemA, title: 'Khai mạc', parentId: null, order: 1, durationMin: 5, presenter: null, documentIds: [] });
      addAgendaItem(doc, { id: itemB, title: 'Báo cáo kinh tế – xã hội', parentId: null, order: 2, durationMin: 30, presenter: null, documentIds: [] });
    });
    const path_ = `/api/meetings/${meetingId}/current-item`;

    const refused = await call<{ error: { code: string; message: string } }>(server.url, 'POST', path_, delToken, { agendaItemId: itemA });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/chair/);
    const unknown = await call<{ error: { code: string; message: string } }>(server.url, 'POST', path_, chairToken, { agendaItemId: 'no-such-item' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('no-such-item');
    const malformed = await call(server.url, 'POST', path_, chairToken, { agendaItemId: 42 });
    expect(malformed.status).toBe(400);

    const live = connect(server.url, `live/${meetingId}`, delToken);
    try {
      await live.synced;
      expect(readLive(live.doc).currentItemId).toBeNull();
      const set = await call<{ agendaItemId: string; startedAt: string }>(server.url, 'POST', path_, chairToken, { agendaItemId: itemA });
      expect(set.status).toBe(200);
      expect(set.body.agendaItemId).toBe(itemA);
      await waitFor(() => readLive(live.doc).currentItemId === itemA, 5000, 'item A in live');
      expect(readLive(live.doc).startedAt).toBe(set.body.startedAt);

      expect((await call(server.url, 'POST', path_, chairToken, { agendaItemId: null })).status).toBe(200);
      await waitFor(() => readLive(live.doc).currentItemId === null && readLive(live.doc).startedAt === null, 5000, 'ended in live');
    } finally {
      live.destroy();
    }
    const audit = await call<{ entries: { kind: string; data: { agendaItemId: string | null } }[] }>(server.url, 'GET', `/api/meetings/${meetingId}/audit`, delToken);
    expect(audit.body.entries.filter((e) => e.kind.startsWith('agenda.')).map((e) => [e.kind, e.data.agendaItemId])).toEqual([
      ['agenda.item_started', itemA],
      ['agenda.item_ended', null],
    ]);
    await server.close();

    // Moved to item B in the database, and the server stopped before live/<id> heard of it.
    const startedAt = new Date().toISOString();
    await tamper(data.dir, (db) => db.run('UPDATE room_state SET current_item_id = ?, current_started_at = ? WHERE meeting_id = ?', itemB, startedAt, meetingId));
    server = await start(data.dir);
    const again = connect(server.url, `live/${meetingId}`, delToken);
    try {
      await again.synced;
      await waitFor(() => readLive(again.doc).currentItemId === itemB, 5000, 'item B after the restart');
      expect(readLive(again.doc).startedAt).toBe(startedAt);
    } finally {
      again.destroy();
      await server.close();
    }
  });

  it('keeps the list of those who asked to speak: in order, once each, withdrawn only by them, the floor given by the chair', async () => {
    await withServer(data.dir, async (server) => {
      const { meetingId, users: { d1, d2 }, tokens: { chair: tc, sec: ts, d1: t1, d2: t2 } } = await meetingWith(server.store, 'sp', { chair: 'chair', sec: 'secretariat', d1: 'delegate', d2: 'delegate' });
      const base = `/api/meetings/${meetingId}/speakers`;
      const ask = (token: string) => call<SpeakerRequest & { error?: { message: string } }>(server.url, 'POST', base, token);
      const step = (token: string, id: string, what: string) => call<SpeakerRequest & { error?: { code: string; message: string } }>(server.url, 'POST', `${base}/${id}/${what}`, token);

      expect((await ask(ts!)).status).toBe(403);
      const a = await ask(t1!);
      expect(a.body).toMatchObject({ userId: d1.id, status: 'waiting' });
      expect((await ask(t1!)).body.id).toBe(a.body.id);
      const b = await ask(t2!);

      const live = connect(server.url, `live/${meetingId}`, t1!);
      try {
        await live.synced;
        await waitFor(() => readSpeakers(live.doc).length === 2, 5000, 'two waiting');
        expect(readSpeakers(live.doc).map((r) => r.userId)).toEqual([d1.id, d2.id]);

        expect((await step(t2!, a.body.id, 'withdraw')).status).toBe(403);
        expect((await step(t2!, a.body.id, 'grant')).status).toBe(403);
        expect((await step(tc!, 'no-such-request', 'grant')).status).toBe(404);
        expect((await step(tc!, a.body.id, 'grant')).body.status).toBe('speaking');
        await waitFor(() => readSpeakers(live.doc)[0]?.status === 'speaking', 5000, 'd1 speaking');
        // The floor to d2: d1 is done.
        expect((await step(tc!, b.body.id, 'grant')).body.status).toBe('speaking');
        await waitFor(() => readSpeakers(live.doc).length === 1 && readSpeakers(live.doc)[0]!.userId === d2.id, 5000, 'only d2, speaking');
        const late = await step(t2!, b.body.id, 'withdraw');
        expect(late.status).toBe(409);
        expect(late.body.error?.message).toMatch(/floor/);
        expect((await step(tc!, b.body.id, 'finish')).body.status).toBe('done');
        await waitFor(() => readSpeakers(live.doc).length === 0, 5000, 'nobody left');
      } finally {
        live.destroy();
      }
      const audit = await call<{ entries: { kind: string }[] }>(server.url, 'GET', `/api/meetings/${meetingId}/audit`, tc!);
      expect(audit.body.entries.map((e) => e.kind).filter((k) => k.startsWith('speaker.'))).toEqual(['speaker.requested', 'speaker.requested', 'speaker.speaking', 'speaker.done', 'speaker.speaking', 'speaker.done']);
    });
  });
});
