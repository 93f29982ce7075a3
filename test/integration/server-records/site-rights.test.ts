/**
 * Remote sites' rights (issue 17) on a real server: members at an observe-only bridge can
 * neither ask to speak nor vote (and are not counted eligible), the chair cannot give such
 * a site the floor, and the attendance snapshot at a close counts the quorum by the
 * meeting's rule (main hall only here).
 */
import { describe, expect, it } from 'vitest';
import { addParticipant, addSite, setMeta } from '../../../shared/ydoc/meeting';
import { approveDef, ballotRecord, call, checkinRecord, createPoll, step, submit, tempDirForFile, meetingWith, withServer } from './helpers';

const data = tempDirForFile();

describe('remote sites’ rights', () => {
  it('an observe-only bridge neither speaks nor votes; the quorum counts the main hall only', async () => {
    await withServer(data.dir, async (server) => {
      const { meetingId, users: { chair, hall, far, far2 }, tokens: { chair: tc, sec: ts, hall: th, far: tf } } = await meetingWith(server.store, 'sr', { chair: 'chair', sec: 'secretariat', hall: 'delegate', far: 'delegate', far2: 'delegate' });
      await server.docs.transact(`meeting/${meetingId}`, (doc) => {
        addSite(doc, { id: 'hall', name: 'Hội trường', kind: 'main' });
        addSite(doc, { id: 'cb', name: 'Điểm cầu Cao Bằng', kind: 'bridge' });
        for (const [u, site] of [[chair, 'hall'], [hall, 'hall'], [far, 'cb'], [far2, 'cb']] as const) {
          addParticipant(doc, { id: u.id, name: u.username, position: null, unit: null, role: u === chair ? 'chair' : 'delegate', siteId: site });
        }
        setMeta(doc, { siteRights: { cb: { vote: false, speak: false } }, quorumCounts: 'main_hall' });
      });

      const ask = await call<{ error: { message: string } }>(server.url, 'POST', `/api/meetings/${meetingId}/speakers`, tf!);
      expect(ask.status).toBe(403);
      expect(ask.body.error.message).toContain('Điểm cầu Cao Bằng');
      expect((await call(server.url, 'POST', `/api/meetings/${meetingId}/speakers`, th!)).status).toBe(200);
      expect((await call(server.url, 'POST', `/api/meetings/${meetingId}/speakers/site`, tc!, { siteId: 'cb' })).status).toBe(409);

      // Everyone present; the two at the bridge count neither for voting nor for the quorum.
      await call(server.url, 'POST', `/api/meetings/${meetingId}/checkin-window`, tc!, { open: true });
      await submit(server.url, meetingId, ts!, [chair, hall, far, far2].map((u) => checkinRecord(u.id)));
      const pollId = await createPoll(server.url, meetingId, tc!, approveDef({ eligibility: { kind: 'present' } }));
      const opened = await step(server.url, meetingId, tc!, pollId, 'open');
      expect(opened.status).toBe(200);
      expect(opened.body).toMatchObject({ eligibleCount: 2 });
      const [refused] = await submit(server.url, meetingId, tf!, [ballotRecord(pollId, ['yes'])]);
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', reason: 'site_cannot_vote' } });
      const [ok] = await submit(server.url, meetingId, th!, [ballotRecord(pollId, ['yes'])]);
      expect(ok!.ok).toBe(true);
      expect((await step(server.url, meetingId, tc!, pollId, 'close')).status).toBe(200);

      const audit = await call<{ entries: { kind: string; data: { quorum: { present: number; members: number } } }[] }>(server.url, 'GET', `/api/meetings/${meetingId}/audit`, tc!);
      const snapshot = audit.body.entries.find((e) => e.kind === 'attendance.snapshot')!;
      // 4 voting members present, 2 of them at the main hall: the quorum counts those 2.
      expect(snapshot.data.quorum).toMatchObject({ present: 2, members: 4 });
    });
  });
});
