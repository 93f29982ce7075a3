/**
 * Conflicts of interest (issue 17) on a real server: a member declares one on an item
 * through the records endpoint (idempotent by key); they are then neither eligible nor in
 * the base of that item's polls, their ballot is refused with the reason, the result counts
 * them and says so, the chair sees the declaration in live/<id>, and the chain has it.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { resultSentence } from '../../../shared/domain/result-wording';
import type { TallyResult } from '../../../shared/domain/tally';
import type { OutboxRecord } from '../../../shared/api/outbox';
import { readRecusals } from '../../../shared/ydoc/live';
import { addAgendaItem } from '../../../shared/ydoc/meeting';
import { approveDef, ballotRecord, call, connect, createPoll, overHalf, step, submit, waitFor, tempDirForFile, meetingWith, withServer, withRecordsDb } from './helpers';

const data = tempDirForFile();

const recusal = (agendaItemId: string, reason: string, key = randomUUID()) => ({ key, kind: 'recusal', payload: { agendaItemId, reason } }) as OutboxRecord;

describe('recusal', () => {
  it('takes a member out of the item’s polls, refuses their ballot, and the result says so', async () => {
    await withServer(data.dir, async (server) => {
      const { meetingId, users: { d3 }, tokens: { chair: tc, d1: t1, d2: t2, d3: t3, obs: to } } = await meetingWith(server.store, 'rc', { chair: 'chair', d1: 'delegate', d2: 'delegate', d3: 'delegate', obs: 'observer' });
      const [item, other] = ['55555555-5555-4555-8555-555555555555', '66666666-6666-4666-8666-666666666666'];
      await server.docs.transact(`meeting/${meetingId}`, (doc) => {
        addAgendaItem(doc, { id: item, title: 'Phê duyệt gói thầu', parentId: null, order: 1 });
        addAgendaItem(doc, { id: other, title: 'Việc khác', parentId: null, order: 2 });
      });

      // Refusals: an unknown item, an observer (they do not vote), an empty reason (the whole request).
      const [unknown] = await submit(server.url, meetingId, t3!, [recusal('no-such-item', 'Người thân dự thầu')]);
      expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
      const [observer] = await submit(server.url, meetingId, to!, [recusal(item, 'Không liên quan')]);
      expect(observer).toMatchObject({ ok: false, error: { reason: 'not_voting_member' } });
      expect((await call(server.url, 'POST', `/api/meetings/${meetingId}/records`, t3!, { records: [recusal(item, '   ')] })).status).toBe(400);

      const key = randomUUID();
      const [declared] = await submit(server.url, meetingId, t3!, [recusal(item, 'Vợ tôi là cổ đông của nhà thầu', key)]);
      expect(declared!.ok).toBe(true);
      // A retry of the same record: the same answer, one declaration.
      const [again] = await submit(server.url, meetingId, t3!, [recusal(item, 'Vợ tôi là cổ đông của nhà thầu', key)]);
      expect(again).toEqual(declared);

      const live = connect(server.url, `live/${meetingId}`, tc!);
      try {
        await live.synced;
        await waitFor(() => readRecusals(live.doc).length === 1, 5000, 'the declaration in live');
        expect(readRecusals(live.doc)[0]).toMatchObject({ userId: d3.id, name: 'rc-d3', agendaItemId: item, reason: 'Vợ tôi là cổ đông của nhà thầu' });
      } finally {
        live.destroy();
      }

      // Over all members: 2 of 3 non-recused pass; the recused member cannot vote on this item.
      const def = approveDef({ majority: { base: 'members', threshold: overHalf }, quorum: overHalf });
      const pollId = await createPoll(server.url, meetingId, tc!, def, item);
      const otherPoll = await createPoll(server.url, meetingId, tc!, approveDef(), other);
      expect((await step(server.url, meetingId, tc!, pollId, 'open')).status).toBe(200);
      expect((await step(server.url, meetingId, tc!, otherPoll, 'open')).status).toBe(200);
      const [refused] = await submit(server.url, meetingId, t3!, [ballotRecord(pollId, ['yes'])]);
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', reason: 'recused' } });
      expect(refused!.ok === false && refused!.error.message).toMatch(/conflict of interest/);
      // On another item they vote as usual.
      const [elsewhere] = await submit(server.url, meetingId, t3!, [ballotRecord(otherPoll, ['yes'])]);
      expect(elsewhere!.ok).toBe(true);
      await submit(server.url, meetingId, t1!, [ballotRecord(pollId, ['yes'])]);
      await submit(server.url, meetingId, t2!, [ballotRecord(pollId, ['no'])]);
      const voters = await call<{ notVoted: string[] }>(server.url, 'GET', `/api/meetings/${meetingId}/polls/${pollId}/voters`, tc!);
      expect(voters.body.notVoted).not.toContain(d3.id);

      const closed = await step(server.url, meetingId, tc!, pollId, 'close');
      expect(closed.status).toBe(200);
      const result = (closed.body as { result: TallyResult }).result;
      // chair, d1, d2 remain: 3 members, not 4; d3 neither eligible nor in the base.
      expect(result).toMatchObject({ members: 3, eligible: 3, recused: 1, base: { kind: 'members', count: 3 } });
      expect(resultSentence({ kind: 'approve', options: [] }, result)).toContain('1 thành viên không tham gia biểu quyết do xung đột lợi ích');
      // Declaring once a ballot is in an open poll on the item is refused: the ballot stays as cast.
      const [late] = await submit(server.url, meetingId, t3!, [recusal(other, 'Muộn')]);
      expect(late).toMatchObject({ ok: false, error: { reason: 'already_voted' } });

      const audit = await call<{ entries: { kind: string; data: { userId?: string } }[] }>(server.url, 'GET', `/api/meetings/${meetingId}/audit`, tc!);
      expect(audit.body.entries.filter((e) => e.kind === 'recusal.declared').map((e) => e.data.userId)).toEqual([d3.id]);
      expect((await call<{ ok: boolean }>(server.url, 'GET', `/api/meetings/${meetingId}/audit/verify`, tc!)).body.ok).toBe(true);
    });
    // The minutes read the table.
    const rows = await withRecordsDb(data.dir, (db) => db.all('SELECT user_id, agenda_item_id, reason FROM recusals'));
    expect(rows).toHaveLength(1);
  });
});
