/**
 * The records across nodes (issue 13): two nodes on one PostgreSQL and one Redis, one
 * shared data folder. What must hold whichever node a device reaches is held by the
 * database, not by a node's memory: one ballot per member (a resend to the other node gets
 * the same receipt), one close and one tally when both nodes get the close, one audit chain
 * without a fork, and a check-in taken on one node shows on the other node's devices.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readPolls } from '../../../shared/ydoc/live';
import type { RecordReceipt } from '../../../shared/api/outbox';
import { verifyChain } from '../../../server/audit/audit';
import { approveDef, ballotRecord, call, checkinRecord, createPoll, meetingWith, step, submit, type MeetingWith } from '../server-records/helpers';
import { waitFor } from '../server/helpers';
import { clusterMissing, twoNodes } from './two-nodes';

describe.skipIf(clusterMissing !== null)(`records across two nodes${clusterMissing ? ` (skipped: ${clusterMissing})` : ''}`, () => {
  const nodes = twoNodes({ sharedData: true });
  const delegates = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'] as const;
  type Name = 'chair' | 'sec' | (typeof delegates)[number];
  let m: MeetingWith<Name>;

  it('counts a ballot sent to both nodes at once once, with the same receipt from each', async () => {
    const { a, b } = nodes;
    m = await meetingWith<Name>(a.store, 'rx', { chair: 'chair', sec: 'secretariat', ...Object.fromEntries(delegates.map((d) => [d, 'delegate'])) } as Record<Name, 'chair' | 'secretariat' | 'delegate'>, { status: 'in_progress' });
    // The secretariat marks everyone present, half through each node.
    for (const [i, d] of delegates.entries()) {
      const [r] = await submit((i % 2 ? b : a).url, m.meetingId, m.tokens.sec, [checkinRecord(m.users[d].id)]);
      expect(r).toMatchObject({ ok: true });
    }
    const pollId = await createPoll(a.url, m.meetingId, m.tokens.chair, approveDef());
    expect((await step(b.url, m.meetingId, m.tokens.chair, pollId, 'open')).status).toBe(200);

    // Every delegate's ballot goes to both nodes at the same moment, under one key.
    const sent = await Promise.all(
      delegates.map(async (d, i) => {
        const rec = ballotRecord(pollId, [i % 3 === 0 ? 'no' : 'yes']);
        const [ra, rb] = await Promise.all([submit(a.url, m.meetingId, m.tokens[d], [rec]), submit(b.url, m.meetingId, m.tokens[d], [rec])]);
        return [ra[0]!, rb[0]!] as [RecordReceipt, RecordReceipt];
      }),
    );
    for (const [ra, rb] of sent) {
      expect(ra.ok).toBe(true);
      expect(rb).toEqual(ra);
    }
    // A second ballot under another key from the same member is refused on either node.
    const again = await submit(b.url, m.meetingId, m.tokens.d1, [ballotRecord(pollId, ['yes'])]);
    expect(again[0]).toMatchObject({ ok: false, error: { code: 'conflict' } });

    // Both nodes get the close at once: one of them closes and tallies, the other is told it is closed.
    const closes = await Promise.all([step(a.url, m.meetingId, m.tokens.chair, pollId, 'close'), step(b.url, m.meetingId, m.tokens.chair, pollId, 'close')]);
    expect(closes.map((c) => c.status).sort()).toEqual([200, 409]);
    const closed = closes.find((c) => c.status === 200)!.body as { result: { counts: Record<string, number>; cast: number } };
    expect(closed.result.cast).toBe(delegates.length);
    expect(closed.result.counts).toMatchObject({ yes: 4, no: 2 });

    // A receipt signed on one node verifies on the other (one key in the shared folder, one record in the database).
    const [first] = sent[0]!;
    if (!first.ok) throw new Error('unreachable');
    const check = await call<{ valid: boolean }>(b.url, 'POST', `/api/meetings/${m.meetingId}/receipts/verify`, m.tokens.d1, {
      key: first.key,
      userId: m.users.d1.id,
      kind: 'ballot',
      receivedAt: first.receivedAt,
      signature: first.signature,
      auditHead: first.auditHead,
      auditLength: first.auditLength,
    });
    expect(check.body.valid).toBe(true);
  });

  it('keeps one audit chain, without a fork, of everything done through both nodes', async () => {
    const { a, b } = nodes;
    const fromA = await call<{ entries: { seq: number; hash: string; prevHash: string; at: string; kind: string; data: unknown }[] }>(a.url, 'GET', `/api/meetings/${m.meetingId}/audit`, m.tokens.chair);
    const fromB = await call<{ entries: unknown[] }>(b.url, 'GET', `/api/meetings/${m.meetingId}/audit`, m.tokens.chair);
    expect(fromA.status).toBe(200);
    expect(fromB.body).toEqual(fromA.body);
    const entries = fromA.body.entries;
    expect(verifyChain(entries as Parameters<typeof verifyChain>[0]).ok).toBe(true);
    // 6 check-ins, 6 ballots (each once), the poll's open and close at least.
    expect(entries.filter((e) => e.kind === 'ballot.cast')).toHaveLength(delegates.length);
    expect(entries.filter((e) => e.kind === 'attendance.marked')).toHaveLength(delegates.length);
  });

  it('shows a check-in taken on one node on the devices of the other node', async () => {
    const { a, b } = nodes;
    const watcher = nodes.client(b, `live/${m.meetingId}`, m.tokens.chair);
    await watcher.synced;
    const attendance = () => watcher.doc.getMap('attendance').get(m.users.d6.id);
    const [r] = await submit(a.url, m.meetingId, m.tokens.sec, [checkinRecord(m.users.d6.id, 'excused')]);
    expect(r).toMatchObject({ ok: true });
    await waitFor(() => attendance() instanceof Y.Map && (attendance() as Y.Map<unknown>).get('status') === 'excused', 10_000, 'the check-in from node a in live/<id> on node b');
  });

  it('has one node write the counts into live/<id> while ballots arrive on both', async () => {
    const { a, b } = nodes;
    const pollId = await createPoll(a.url, m.meetingId, m.tokens.chair, approveDef());
    expect((await step(a.url, m.meetingId, m.tokens.chair, pollId, 'open')).status).toBe(200);
    const watchers = [nodes.client(a, `live/${m.meetingId}`, m.tokens.chair), nodes.client(b, `live/${m.meetingId}`, m.tokens.sec)];
    await Promise.all(watchers.map((w) => w.synced));
    const before = [a.records.stats(), b.records.stats()];
    await Promise.all(delegates.map((d, i) => submit((i % 2 ? b : a).url, m.meetingId, m.tokens[d], [ballotRecord(pollId, ['yes'])])));
    for (const w of watchers) {
      await waitFor(() => readPolls(w.doc).find((p) => p.id === pollId)?.votedCount === delegates.length, 10_000, 'every ballot counted in live/<id> on both nodes');
    }
    // The writer may have counted every ballot before the other node's flush was due: wait for that flush.
    await waitFor(() => a.records.stats().marksSent + b.records.stats().marksSent > before[0]!.marksSent + before[1]!.marksSent, 5000, 'the other node sent its marks');
    const after = [a.records.stats(), b.records.stats()];
    const wrote = after.map((s, k) => s.countsWritten - before[k]!.countsWritten);
    const sent = after.map((s, k) => s.marksSent - before[k]!.marksSent);
    // Exactly one node wrote the counts; the other only sent it what changed.
    expect(wrote.filter((n) => n > 0)).toHaveLength(1);
    const writer = wrote.findIndex((n) => n > 0);
    expect(sent[writer]).toBe(0);
    expect(sent[1 - writer]).toBeGreaterThan(0);
  });
});
