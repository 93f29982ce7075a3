/**
 * In the room, through the desktop core and its outbox, against a real server: check-in,
 * ballots cast while the server is gone, an app closed right after casting, a ballot that
 * arrives too late — nothing lost, nothing counted twice, every refusal with its reason.
 */
import { describe, expect } from 'vitest';
import { test as it } from '../../support/core-fixture';
import { thresholds } from '../../../shared/domain/quorum';
import { waitUntil } from '../../support/temp';
import { startFlakyProxy } from '../../support/flaky-proxy';

const approvePoll = {
  question: 'Thông qua Nghị quyết về phát triển mạng lưới Đường bộ cao tốc giai đoạn 2026–2030?',
  kind: 'approve' as const,
  majority: { base: 'cast' as const, threshold: thresholds.overHalf },
  quorum: thresholds.overHalf,
};

describe('check-in through the outbox', () => {
  it('is refused while closed, then received once the chair opens it; the attendance counts the person once', async ({ serverWith }) => {
    const { chair, del } = await serverWith({ chair: 'chair', del: 'delegate01' });
    const closed = await del.core.api.attendance.checkIn({ meetingId: del.meetingId }).catch((e) => e);
    expect(closed.code).toBe('conflict');
    expect(closed.message).toMatch(/Check-in is closed/);

    await chair.core.api.attendance.setWindow({ meetingId: chair.meetingId, open: true });
    await waitUntil(() => del.view().live.checkInOpen, 'the window to open on the delegate device');
    const first = await del.core.api.attendance.checkIn({ meetingId: del.meetingId });
    expect(first.state).toBe('pending');
    await del.core.api.attendance.checkIn({ meetingId: del.meetingId });
    const mine = await waitUntil(() => (del.view().attendance.mine?.state === 'sent' ? del.view().attendance.mine : null), 'the receipt');
    expect(mine.receivedAt).toBeTruthy();
    await waitUntil(() => chair.view().attendance.marks[del.view().me]?.status === 'present', 'the chair to see the delegate present');
    expect(chair.view().attendance.present).toBe(1);
  });
});

describe('running the agenda', () => {
  it('the chair moves the meeting from item to item and gives the floor; every device follows; what is not theirs to do is refused', async ({ serverWith }) => {
    const { chair, del } = await serverWith({ chair: 'chair', del: 'delegate01' });
    const [first, second] = chair.view().content.agenda;
    const refused = await del.core.api.agenda.setCurrent({ meetingId: del.meetingId, itemId: first!.id }).catch((e) => e);
    expect(refused.code).toBe('forbidden');
    const gone = await chair.core.api.agenda.setCurrent({ meetingId: chair.meetingId, itemId: '00000000-0000-4000-8000-000000000000' }).catch((e) => e);
    expect(gone.code).toBe('not_found');

    await chair.core.api.agenda.setCurrent({ meetingId: chair.meetingId, itemId: first!.id });
    await waitUntil(() => del.view().live.currentItemId === first!.id, 'the first item on the delegate device');
    expect(Date.parse(del.view().live.startedAt!)).toBeGreaterThan(Date.now() - 60_000);
    await chair.core.api.agenda.setCurrent({ meetingId: chair.meetingId, itemId: second!.id });
    await waitUntil(() => del.view().live.currentItemId === second!.id, 'the second item');
    // The delegate asks to speak (twice: one request); the chair gives the floor, then ends it.
    const asked = await del.core.api.speakers.request({ meetingId: del.meetingId });
    expect((await del.core.api.speakers.request({ meetingId: del.meetingId })).id).toBe(asked.id);
    await waitUntil(() => chair.view().speakers.some((r) => r.id === asked.id && r.status === 'waiting'), 'the request on the chair device');
    const notChair = await del.core.api.speakers.grant({ meetingId: del.meetingId, requestId: asked.id }).catch((e) => e);
    expect(notChair.code).toBe('forbidden');
    await chair.core.api.speakers.grant({ meetingId: chair.meetingId, requestId: asked.id });
    await waitUntil(() => del.view().speakers[0]?.status === 'speaking' && del.view().speakers[0]?.userId === del.view().me, 'the floor on the delegate device');
    const tooLate = await del.core.api.speakers.withdraw({ meetingId: del.meetingId, requestId: asked.id }).catch((e) => e);
    expect(tooLate.code).toBe('conflict');
    await chair.core.api.speakers.finish({ meetingId: chair.meetingId, requestId: asked.id });
    await waitUntil(() => del.view().speakers.length === 0, 'nobody speaking');

    await chair.core.api.agenda.setCurrent({ meetingId: chair.meetingId, itemId: null });
    await waitUntil(() => del.view().live.currentItemId === null && chair.view().live.currentItemId === null, 'no item under discussion');
  });
});

describe('ballots through the outbox', () => {
  it('a ballot cast with the server gone is kept, sent when it returns, and counted once; a second vote is refused', async ({ device, serverWith }) => {
    const { srv, chair, del } = await serverWith({ chair: 'chair', del: 'delegate02' });
    await chair.core.api.attendance.setWindow({ meetingId: chair.meetingId, open: true });
    const sec = await device(srv.url, 'secretary');
    await sec.core.api.attendance.mark({ meetingId: sec.meetingId, userIds: [del.view().me, chair.view().me], status: 'present' });
    const { pollId } = await chair.core.api.polls.create({ meetingId: chair.meetingId, definition: approvePoll });
    await chair.core.api.polls.open({ meetingId: chair.meetingId, pollId });
    await waitUntil(() => del.view().polls.find((p) => p.id === pollId)?.status === 'open', 'the poll to open on the delegate device');
    await waitUntil(() => del.view().attendance.marks[del.view().me]?.status === 'present', 'present');

    await srv.close();
    await waitUntil(async () => (await del.core.api.sync.status()).state === 'offline', 'offline');
    const cast = await del.core.api.polls.cast({ meetingId: del.meetingId, pollId, choices: ['yes'] });
    expect(cast).toMatchObject({ state: 'pending', choices: ['yes'] });
    const again = await del.core.api.polls.cast({ meetingId: del.meetingId, pollId, choices: ['no'] }).catch((e) => e);
    expect(again.code).toBe('conflict');

    await srv.startAgain();
    const sent = await waitUntil(() => (del.view().myBallots[pollId]?.state === 'sent' ? del.view().myBallots[pollId] : null), 'the receipt', { timeoutMs: 20_000 });
    expect(sent.receipt).toBeTruthy();
    await waitUntil(() => chair.view().polls.find((p) => p.id === pollId)?.votedCount === 1, 'the count to reach the chair', { timeoutMs: 20_000 });
    await chair.core.api.polls.close({ meetingId: chair.meetingId, pollId });
    const result = await waitUntil(() => chair.view().polls.find((p) => p.id === pollId)?.result, 'the result');
    expect(result).toMatchObject({ cast: 1, counts: { yes: 1, no: 0, abstain: 0 } });
  });

  it('a ballot cast just before the app was closed is sent when it opens again', async ({ device, serverWith }) => {
    const { srv, chair } = await serverWith({ chair: 'chair' });
    const first = await device(srv.url, 'delegate03');
    const sec = await device(srv.url, 'secretary');
    await sec.core.api.attendance.mark({ meetingId: sec.meetingId, userIds: [first.view().me], status: 'present' });
    // A named poll: a secret one needs its tellers' key first (test/integration/core/secret-ballots.test.ts).
    const { pollId } = await chair.core.api.polls.create({ meetingId: chair.meetingId, definition: approvePoll });
    await chair.core.api.polls.open({ meetingId: chair.meetingId, pollId });
    await waitUntil(() => first.view().polls.find((p) => p.id === pollId)?.status === 'open' && first.view().attendance.marks[first.view().me], 'open and present');

    await srv.close();
    await waitUntil(async () => (await first.core.api.sync.status()).state === 'offline', 'offline');
    await first.core.api.polls.cast({ meetingId: first.meetingId, pollId, choices: ['no'] });
    await first.core.close(); // the app is closed with the ballot still on the device

    const back = await srv.startAgain();
    const reopened = await device(back.url, 'delegate03', { dataDir: first.dataDir });
    const ballot = await waitUntil(() => (reopened.view().myBallots[pollId]?.state === 'sent' ? reopened.view().myBallots[pollId] : null), 'the ballot to go out', {
      timeoutMs: 20_000,
    });
    expect(ballot.choices).toEqual(['no']);
    await waitUntil(() => chair.view().polls.find((p) => p.id === pollId)?.votedCount === 1, 'counted', { timeoutMs: 20_000 });
  });

  it('keeps a ballot "sending" while its receipt is forged or replayed, until a genuine one arrives', async ({ defer, server, device }) => {
    const srv = await server();
    // Something between the delegate and the server that can rewrite answers.
    const proxy = await startFlakyProxy(srv.url);
    defer(() => proxy.close());
    const chair = await device(srv.url, 'chair');
    const del = await device(proxy.url, 'delegate06');
    const sec = await device(srv.url, 'secretary');
    await sec.core.api.attendance.mark({ meetingId: sec.meetingId, userIds: [del.view().me], status: 'present' });
    const polls: string[] = [];
    for (const n of [1, 2]) {
      const { pollId } = await chair.core.api.polls.create({ meetingId: chair.meetingId, definition: { ...approvePoll, question: `${approvePoll.question} (${n})` } });
      await chair.core.api.polls.open({ meetingId: chair.meetingId, pollId });
      polls.push(pollId);
    }
    await waitUntil(() => polls.every((id) => del.view().polls.find((p) => p.id === id)?.status === 'open'), 'both polls open');

    type Answer = { receipts: { key: string; ok: boolean; signature?: string }[] };
    const records = /^POST \/api\/meetings\/[^/]+\/records$/;
    let answers = 0;
    const seen: Answer['receipts'] = [];
    proxy.rewrite = { request: records, json: (b) => (seen.push(...(b as Answer).receipts), b) };
    await del.core.api.polls.cast({ meetingId: del.meetingId, pollId: polls[0]!, choices: ['yes'] });
    await waitUntil(() => del.view().myBallots[polls[0]!]?.state === 'sent', 'the first ballot receipted');
    const genuineFirst = seen.find((r) => r.ok)!;

    // Forged: the signature's first character changed on the way back (always to another
    // one: it once looked at the sixth character and left a signature starting with 'A'
    // as it was, so 1 run in 64 forged nothing).
    proxy.rewrite = {
      request: records,
      json: (b) => {
        answers++;
        return { receipts: (b as Answer).receipts.map((r) => ({ ...r, signature: r.signature && (r.signature[0] === 'A' ? 'B' : 'A') + r.signature.slice(1) })) };
      },
    };
    const second = await del.core.api.polls.cast({ meetingId: del.meetingId, pollId: polls[1]!, choices: ['no'] });
    await waitUntil(() => answers >= 1, 'a forged answer');
    expect(del.view().myBallots[polls[1]!]).toMatchObject({ key: second.key, state: 'pending', receipt: null });

    // Replayed: the first ballot's genuine receipt, presented as the answer for the second.
    const replays = answers;
    proxy.rewrite = { request: records, json: () => (answers++, { receipts: [{ ...genuineFirst, key: second.key }] }) };
    // The outbox retries with backoff (up to 20 s between tries): under load several forged answers may come first.
    await waitUntil(() => answers > replays, 'a replayed answer', { timeoutMs: 45_000 });
    expect(del.view().myBallots[polls[1]!]).toMatchObject({ state: 'pending', receipt: null });

    // The way back is clean again: the retry gets the server's one receipt, counted once.
    proxy.rewrite = null;
    const sent = await waitUntil(() => (del.view().myBallots[polls[1]!]?.state === 'sent' ? del.view().myBallots[polls[1]!] : null), 'the genuine receipt', { timeoutMs: 45_000 });
    expect(sent.receipt).toMatch(/^[0-9A-F]{5}-[0-9A-F]{5}$/);
    await waitUntil(() => chair.view().polls.find((p) => p.id === polls[1])?.votedCount === 1, 'counted once', { timeoutMs: 20_000 });
  }, 180_000);

  it('a ballot that arrives after the poll closed is refused with a reason the delegate can read', async ({ defer, server, device }) => {
    const srv = await server();
    // The delegate reaches the server through a proxy standing in for the hall's network.
    let proxy = await startFlakyProxy(srv.url);
    const proxyPort = Number(new URL(proxy.url).port);
    const chair = await device(srv.url, 'chair');
    const del = await device(proxy.url, 'delegate04');
    const sec = await device(srv.url, 'secretary');
    await sec.core.api.attendance.mark({ meetingId: sec.meetingId, userIds: [del.view().me], status: 'present' });
    const { pollId } = await chair.core.api.polls.create({ meetingId: chair.meetingId, definition: approvePoll });
    await chair.core.api.polls.open({ meetingId: chair.meetingId, pollId });
    await waitUntil(() => del.view().polls.find((p) => p.id === pollId)?.status === 'open', 'open');

    await proxy.close(); // the delegate's network drops
    await waitUntil(async () => (await del.core.api.sync.status()).state === 'offline', 'offline');
    await del.core.api.polls.cast({ meetingId: del.meetingId, pollId, choices: ['yes'] });
    await chair.core.api.polls.close({ meetingId: chair.meetingId, pollId });
    proxy = await startFlakyProxy(srv.url, proxyPort); // and comes back
    defer(() => proxy.close());

    const refused = await waitUntil(() => (del.view().myBallots[pollId]?.state === 'refused' ? del.view().myBallots[pollId] : null), 'the refusal', { timeoutMs: 20_000 });
    expect(refused.refusal).toMatch(/after the poll closed/);
    await waitUntil(() => del.view().polls.find((p) => p.id === pollId)?.result, 'the result on the delegate device');
    expect(del.view().polls.find((p) => p.id === pollId)!.result!.cast).toBe(0);
  });
});
