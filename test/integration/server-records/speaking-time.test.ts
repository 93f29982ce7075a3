/**
 * Running the floor (issue 17): the item's speaking limit goes with the floor, the chair
 * pauses, resumes and adds time, the times land in speaker_requests for the minutes; the
 * kinds of request (reply, point of order on top), the chair's order, a site given the
 * floor as a site, and remote speakers marked with their site, on a real server.
 */
import { describe, expect, it } from 'vitest';
import { speechClock } from '../../../shared/domain/speaking';
import { readItemSpeaking, readSpeakers, type SpeakerRequest } from '../../../shared/ydoc/live';
import { addAgendaItem, addParticipant, addSite, getAgendaItem } from '../../../shared/ydoc/meeting';
import { call, connect, waitFor, tempDirForFile, meetingWith, withServer, withRecordsDb } from './helpers';

const data = tempDirForFile();

type Answer = SpeakerRequest & { error?: { code: string; message: string }; speakers?: SpeakerRequest[] };

describe('speaking time and the speaker list', () => {
  it('times a speech with the item limit, pause, resume and added time, refused to others, kept for the minutes', async () => {
    await withServer(data.dir, async (server) => {
      const { meetingId, users: { d1, d2, d3 }, tokens: { chair: tc, d1: t1, d2: t2, d3: t3 } } = await meetingWith(server.store, 'st', { chair: 'chair', d1: 'delegate', d2: 'delegate', d3: 'delegate' });
      const item = '33333333-3333-4333-8333-333333333333';
      await server.docs.transact(`meeting/${meetingId}`, (doc) => {
        addAgendaItem(doc, { id: item, title: 'Báo cáo tài chính', parentId: null, order: 1, durationMin: 60, presenter: null, documentIds: [] });
        getAgendaItem(doc, item)!.set('speakingLimitMin', 7);
        addSite(doc, { id: 'hall', name: 'Hội trường chính', kind: 'main' });
        addSite(doc, { id: 'bac-ninh', name: 'Điểm cầu Bắc Ninh', kind: 'bridge' });
        addParticipant(doc, { id: d1.id, name: 'Đại biểu 1', position: null, unit: null, role: 'delegate', siteId: 'hall' });
        addParticipant(doc, { id: d2.id, name: 'Đại biểu 2', position: null, unit: null, role: 'delegate', siteId: 'bac-ninh' });
      });
      expect((await call(server.url, 'POST', `/api/meetings/${meetingId}/current-item`, tc!, { agendaItemId: item })).status).toBe(200);
      const base = `/api/meetings/${meetingId}/speakers`;
      const ask = (token: string, body?: unknown) => call<Answer>(server.url, 'POST', base, token, body);
      const act = (token: string, p: string, body?: unknown) => call<Answer>(server.url, 'POST', `${base}/${p}`, token, body ?? {});

      // Nobody speaks yet: a reply has no one to answer.
      const early = await ask(t2!, { kind: 'reply' });
      expect(early.status).toBe(409);
      expect(early.body.error?.message).toMatch(/no one to reply/);
      expect((await ask(t2!, { kind: 'shout' })).status).toBe(400);

      const a = await ask(t1!);
      expect(a.body).toMatchObject({ kind: 'speak', siteId: 'hall', siteName: 'Hội trường chính', remote: false, startedAt: null });
      const live = connect(server.url, `live/${meetingId}`, t3!);
      try {
        await live.synced;
        const granted = await act(tc!, `${a.body.id}/grant`);
        expect(granted.body).toMatchObject({ status: 'speaking', limitSec: 420, addedSec: 0, pausedMs: 0, pausedAt: null, agendaItemId: item });
        await waitFor(() => readSpeakers(live.doc)[0]?.startedAt === granted.body.startedAt, 5000, 'the timer start in live');

        // Timer steps: only whoever runs the meeting, only on the speech under way.
        expect((await act(t3!, `${a.body.id}/time`, { kind: 'pause' })).status).toBe(403);
        const bad = await act(tc!, `${a.body.id}/time`, { kind: 'add', seconds: 0 });
        expect(bad.status).toBe(400);
        expect(bad.body.error?.message).toMatch(/seconds/);
        expect((await act(tc!, `${a.body.id}/time`, { kind: 'resume' })).status).toBe(409);
        const paused = await act(tc!, `${a.body.id}/time`, { kind: 'pause' });
        expect(paused.body.pausedAt).not.toBeNull();
        await waitFor(() => readSpeakers(live.doc)[0]?.pausedAt === paused.body.pausedAt, 5000, 'the pause in live');
        expect(speechClock(readSpeakers(live.doc)[0]!, Date.now() + 600_000).paused).toBe(true);
        expect((await act(tc!, `${a.body.id}/time`, { kind: 'pause' })).status).toBe(409);
        await new Promise((r) => setTimeout(r, 30));
        const resumed = await act(tc!, `${a.body.id}/time`, { kind: 'resume' });
        expect(resumed.body.pausedAt).toBeNull();
        expect(resumed.body.pausedMs).toBeGreaterThanOrEqual(20);
        expect((await act(tc!, `${a.body.id}/time`, { kind: 'add', seconds: 120 })).body.addedSec).toBe(120);
        await waitFor(() => readSpeakers(live.doc)[0]?.addedSec === 120, 5000, 'added time in live');
        // 7 min + 2 min added: well over a second left, nowhere near amber.
        const clock = speechClock(readSpeakers(live.doc)[0]!, Date.now());
        expect(clock.remainingMs!).toBeGreaterThan(8 * 60_000);
        expect(clock.tone).toBe('normal');

        // Kinds: a reply answers the one speaking, a point of order goes to the top.
        const reply = await ask(t2!, { kind: 'reply' });
        expect(reply.body).toMatchObject({ kind: 'reply', replyTo: a.body.id, siteName: 'Điểm cầu Bắc Ninh', remote: true });
        const order = await ask(t3!, { kind: 'point_of_order' });
        await waitFor(() => readSpeakers(live.doc).length === 3, 5000, 'three in the list');
        expect(readSpeakers(live.doc).map((r) => r.id)).toEqual([a.body.id, order.body.id, reply.body.id]);

        // The chair gives a site its place (nobody named), then orders the waiting list.
        expect((await act(t1!, 'site', { siteId: 'bac-ninh' })).status).toBe(403);
        const noSite = await act(tc!, 'site', { siteId: 'nowhere' });
        expect(noSite.status).toBe(400);
        expect(noSite.body.error?.message).toContain('nowhere');
        const site = await act(tc!, 'site', { siteId: 'bac-ninh' });
        expect(site.body).toMatchObject({ userId: null, name: 'Điểm cầu Bắc Ninh', siteId: 'bac-ninh', remote: true });
        expect((await act(tc!, 'site', { siteId: 'bac-ninh' })).body.id).toBe(site.body.id);
        const partial = await act(tc!, 'order', { order: [site.body.id] });
        expect(partial.status).toBe(400);
        expect(partial.body.error?.message).toMatch(/every waiting request/);
        expect((await act(t1!, 'order', { order: [site.body.id, reply.body.id, order.body.id] })).status).toBe(403);
        const ordered = await act(tc!, 'order', { order: [site.body.id, reply.body.id, order.body.id] });
        expect(ordered.status).toBe(200);
        // The point of order stays on top whatever the chair's order.
        await waitFor(() => readSpeakers(live.doc)[2]?.id === site.body.id, 5000, 'the site before the reply');
        expect(readSpeakers(live.doc).map((r) => r.id)).toEqual([a.body.id, order.body.id, site.body.id, reply.body.id]);
        // The chair takes the site off again (it has no person to withdraw it).
        expect((await act(tc!, `${site.body.id}/withdraw`)).body.status).toBe('withdrawn');

        // The floor to the point of order: the first speech ends, its time goes to the item.
        await act(tc!, `${order.body.id}/grant`);
        await waitFor(() => (readItemSpeaking(live.doc)[item] ?? 0) > 0, 5000, 'time spoken on the item in live');
        expect((await act(tc!, `${order.body.id}/finish`)).body.status).toBe('done');
      } finally {
        live.destroy();
      }

      // What the minutes read (server/records-official): who, on which item, from when to when.
      const rows = await withRecordsDb(data.dir, (db) =>
        db.all<{ user_id: string; agenda_item_id: string; kind: string; started_at: string; ended_at: string; paused_ms: number; limit_sec: number; added_sec: number }>(
          "SELECT user_id, agenda_item_id, kind, started_at, ended_at, paused_ms, limit_sec, added_sec FROM speaker_requests WHERE meeting_id = ? AND status = 'done' ORDER BY started_at",
          meetingId,
        ),
      );
      expect(rows.map((r) => [r.user_id, r.agenda_item_id, r.kind, r.limit_sec, r.added_sec])).toEqual([
        [d1.id, item, 'speak', 420, 120],
        [d3.id, item, 'point_of_order', 420, 0],
      ]);
      for (const r of rows) expect(Date.parse(r.ended_at)).toBeGreaterThanOrEqual(Date.parse(r.started_at));
      expect(rows[0]!.paused_ms).toBeGreaterThanOrEqual(20);

      const audit = await call<{ entries: { kind: string }[] }>(server.url, 'GET', `/api/meetings/${meetingId}/audit`, tc!);
      const kinds = audit.body.entries.map((e) => e.kind);
      for (const k of ['speaker.paused', 'speaker.resumed', 'speaker.time_added', 'speaker.reordered']) expect(kinds).toContain(k);
    });
  });
});
