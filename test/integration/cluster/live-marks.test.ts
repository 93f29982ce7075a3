/**
 * live/<id> has one writer in a cluster (issue 13): the node holding the meeting's lease.
 * The other nodes hand it their marks over Redis. With three nodes, two of them are not the
 * writer: marks one of them sends reach the other too, which must drop them, not send them
 * on (they went round between the two for ever, five times a second, and with a poll's new
 * state written at once, as fast as Redis carried them). A poll closed on a node that is not
 * the writer reaches every device through the writer, without that node loading live/<id>.
 */
import { describe, expect, it } from 'vitest';
import { readPolls } from '../../../shared/ydoc/live';
import { approveDef, checkinRecord, createPoll, meetingWith, step, submit, type MeetingWith } from '../server-records/helpers';
import { waitFor } from '../server/helpers';
import { clusterMissing, twoNodes } from './two-nodes';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(clusterMissing !== null)(`live marks between three nodes${clusterMissing ? ` (skipped: ${clusterMissing})` : ''}`, () => {
  const nodes = twoNodes({ sharedData: true, third: true });
  type Name = 'chair' | 'sec' | 'd1' | 'd2';
  let m: MeetingWith<Name>;

  it('hands marks to the writer once: no node sends them on again', async () => {
    const { a, b } = nodes;
    const c = nodes.c!;
    const all = [a, b, c];
    m = await meetingWith<Name>(a.store, 'lm', { chair: 'chair', sec: 'secretariat', d1: 'delegate', d2: 'delegate' }, { status: 'in_progress' });
    // A device on node a makes node a the writer of live/<id> (it loads the document first).
    const watcher = nodes.client(a, `live/${m.meetingId}`, m.tokens.chair);
    await watcher.synced;
    const [first] = await submit(a.url, m.meetingId, m.tokens.sec, [checkinRecord(m.users.d1.id)]);
    expect(first).toMatchObject({ ok: true });
    await waitFor(() => watcher.doc.getMap('attendance').has(m.users.d1.id), 10_000, 'the first check-in in live/<id>');
    // The writer counts its flush once the update is stored, a moment after devices have it.
    await waitFor(() => all.some((n) => n.records.stats().flushes > 0), 10_000, 'a node counted its flush');
    const writers = all.filter((n) => n.records.stats().flushes > 0);
    expect(writers).toHaveLength(1);
    const others = all.filter((n) => n !== writers[0]);

    const sentBefore = all.map((n) => n.records.stats().marksSent);
    // A check-in taken on a node that does not write live/<id>.
    const [r] = await submit(others[0]!.url, m.meetingId, m.tokens.sec, [checkinRecord(m.users.d2.id, 'excused')]);
    expect(r).toMatchObject({ ok: true });
    await waitFor(() => watcher.doc.getMap('attendance').has(m.users.d2.id), 10_000, 'the check-in from another node in live/<id>');
    // Ten flush intervals later: the sender sent once or twice (its marks, maybe with the
    // chain's head), the third node nothing, and the writer nothing.
    await sleep(2000);
    const sent = all.map((n, k) => n.records.stats().marksSent - sentBefore[k]!);
    expect(sent[all.indexOf(writers[0]!)]).toBe(0);
    expect(sent[all.indexOf(others[1]!)]).toBe(0);
    expect(sent[all.indexOf(others[0]!)]).toBeGreaterThanOrEqual(1);
    expect(sent[all.indexOf(others[0]!)]).toBeLessThanOrEqual(2);
  });

  it('shows a poll opened and closed on the nodes that do not write live/<id> to every device', async () => {
    const { a, b } = nodes;
    const all = [a, b, nodes.c!];
    const writer = all.find((n) => n.records.stats().flushes > 0)!;
    const [opener, closer] = all.filter((n) => n !== writer);
    const watchers = all.map((n) => nodes.client(n, `live/${m.meetingId}`, m.tokens.chair));
    await Promise.all(watchers.map((w) => w.synced));
    const pollId = await createPoll(opener!.url, m.meetingId, m.tokens.chair, approveDef({ eligibility: { kind: 'all' } }));
    expect((await step(opener!.url, m.meetingId, m.tokens.chair, pollId, 'open')).status).toBe(200);
    for (const w of watchers) await waitFor(() => readPolls(w.doc).find((p) => p.id === pollId)?.status === 'open', 10_000, 'the opened poll on every node');
    const closed = await step(closer!.url, m.meetingId, m.tokens.chair, pollId, 'close');
    expect(closed.status).toBe(200);
    for (const w of watchers) {
      await waitFor(() => readPolls(w.doc).find((p) => p.id === pollId)?.status === 'closed', 10_000, 'the closed poll on every node');
      expect(readPolls(w.doc).find((p) => p.id === pollId)?.result).toMatchObject({ cast: 0 });
    }
  });
});
