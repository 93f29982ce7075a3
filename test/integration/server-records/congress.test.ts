/**
 * The 3,152-delegate demo: everyone checked in through the records endpoint in batches of
 * 500, every batch sent twice (a retried outbox), some delegates checking in themselves
 * too. Each person counts once, and the room sees it all in a handful of live updates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isVotingMember } from '../../../shared/domain/attendance';
import { readAttendance, readPolls } from '../../../shared/ydoc/live';
import type { RecordReceipt } from '../../../shared/api/outbox';
import type { RunningServer } from '../../../server/app';
import { approveDef, call, checkinRecord, connect, createPoll, mintToken, start, step, submit, tempDir, waitFor, type Reply, withRecordsDb } from './helpers';
import { ceremonyState, encryptedBallot, runCeremony, secretBallotRecord, sendPartial } from './tellers';

const size = 3152;
/**
 * Voters in the ballot storm. All 3,152 (OPENCABINET_STORM_SIZE=3152) is the benchmark of
 * issue 6; the default keeps the suite from starving other tests on a two-core machine.
 */
const stormSize = Math.min(size, Number(process.env.OPENCABINET_STORM_SIZE ?? 1000));
let server: RunningServer;
let dir: string;
let remove: () => Promise<void>;
let meetingId: string;

beforeAll(async () => {
  ({ dir, remove } = await tempDir());
  server = await start(dir, { demo: true, demoSize: size });
  meetingId = server.demo!.meetingId;
}, 120_000);

/** A client in the room counting the live updates that reach it, and the server's counters and clock from the moment it is synced. */
async function watchRoom(token: string) {
  const watcher = connect(server.url, `live/${meetingId}`, token);
  await watcher.synced;
  const seen = { updates: 0 };
  watcher.doc.on('update', () => seen.updates++);
  return { watcher, seen, before: server.records.stats(), started: performance.now() };
}

afterAll(async () => {
  await server?.close();
  await remove();
});

describe('check-in of a 3,152-delegate congress', () => {
  it('counts everyone exactly once and reaches live/<id> in a few coalesced updates', async () => {
    const secretary = (await server.store.findUserByUsername('secretary'))!;
    const secToken = await mintToken(server.store, secretary.id);
    const delegates = (await server.store.listMembers(meetingId)).filter((m) => m.role === 'delegate');
    expect(delegates).toHaveLength(size);

    const { watcher, seen, before, started } = await watchRoom(secToken);

    // Some delegates check themselves in while the window is open, each send retried.
    expect((await call(server.url, 'POST', `/api/meetings/${meetingId}/checkin-window`, secToken, { open: true })).status).toBe(200);
    const selfCheckins = await Promise.all(
      delegates.slice(0, 40).map(async (d) => {
        const token = await mintToken(server.store, d.userId);
        const rec = checkinRecord(d.userId);
        const [a, b] = await Promise.all([submit(server.url, meetingId, token, [rec]), submit(server.url, meetingId, token, [rec])]);
        return [a[0]!, b[0]!];
      }),
    );
    for (const [a, b] of selfCheckins) expect(a).toEqual(b);

    // The secretariat checks in everybody, 500 a request, each request sent twice at once.
    const records = delegates.map((d) => checkinRecord(d.userId));
    const batches: (typeof records)[] = [];
    for (let i = 0; i < records.length; i += 500) batches.push(records.slice(i, i + 500));
    const send = (batch: typeof records) =>
      call<{ receipts: RecordReceipt[] }>(server.url, 'POST', `/api/meetings/${meetingId}/records`, secToken, { records: batch });
    const replies: [Reply<{ receipts: RecordReceipt[] }>, Reply<{ receipts: RecordReceipt[] }>][] = await Promise.all(
      batches.map((b) => Promise.all([send(b), send(b)])),
    );
    const serverMs = Math.round(performance.now() - started);
    for (const [a, b] of replies) {
      expect(a.status).toBe(200);
      expect(a.body.receipts.every((r) => r.ok)).toBe(true);
      expect(b.body).toEqual(a.body);
    }

    await waitFor(
      () => {
        const att = readAttendance(watcher.doc);
        return delegates.every((d) => att.get(d.userId)?.status === 'present');
      },
      10_000,
      'all 3,152 present in live',
    );
    const visibleMs = Math.round(performance.now() - started);
    const after = server.records.stats();
    watcher.destroy();

    const { rows, receipts } = await withRecordsDb(dir, async (db) => ({
      rows: await db.all<{ user_id: string; status: string }>('SELECT user_id, status FROM attendance WHERE meeting_id = ?', meetingId),
      receipts: await db.value<number>('SELECT count(*) FROM record_receipts WHERE meeting_id = ?', meetingId),
    }));
    expect(rows).toHaveLength(size);
    expect(new Set(rows.map((r) => r.user_id)).size).toBe(size);
    expect(rows.every((r) => r.status === 'present')).toBe(true);
    expect(receipts).toBe(size + 40);

    const flushes = after.flushes - before.flushes;
    const liveUpdates = after.liveUpdates - before.liveUpdates;
    console.log(
      `3,152 check-ins (${size + 40} records, ${2 * (size + 40)} sent): stored in ${serverMs} ms, all visible in live after ${visibleMs} ms; ` +
        `${flushes} coalesced flushes, ${liveUpdates} live updates broadcast, ${seen.updates} updates seen by a client`,
    );
    expect(flushes).toBeLessThan(50);
    expect(liveUpdates).toBeLessThan(50);
    expect(seen.updates).toBeLessThan(50);

    // The chair's quorum view reads the same numbers.
    const members = await server.store.listMembers(meetingId);
    expect(members.filter((m) => isVotingMember(m.role))).toHaveLength(size + 1);
  });

  it('takes a storm of secret ballots, each sent twice, counting each once with "N of M" coalesced', async () => {
    const chair = (await server.store.findUserByUsername('chair'))!;
    const chairToken = await mintToken(server.store, chair.id);
    const delegates = (await server.store.listMembers(meetingId)).filter((m) => m.role === 'delegate').slice(0, stormSize);
    const tokens = await Promise.all(delegates.map((d) => mintToken(server.store, d.userId)));
    // Three delegates are the tellers (issue 15); every ballot is encrypted by its "device" before the storm.
    const def = approveDef({ eligibility: { kind: 'present' }, secret: true, quorum: { fraction: { num: 1, den: 2 }, strict: true }, tellers: { userIds: delegates.slice(0, 3).map((d) => d.userId), threshold: 2 } });
    const pollId = await createPoll(server.url, meetingId, chairToken, def);
    const tellers = await runCeremony(server.url, meetingId, pollId, tokens.slice(0, 3));
    expect((await step(server.url, meetingId, chairToken, pollId, 'open')).body).toMatchObject({ eligibleCount: size });
    const key = (await ceremonyState(server.url, meetingId, pollId, chairToken)).publicKey!;
    const encStarted = performance.now();
    const ballots = delegates.map((_, i) => secretBallotRecord(pollId, encryptedBallot(meetingId, pollId, def, key, [['yes', 'no', 'abstain'][i % 3]!]).encrypted));
    const encryptMs = Math.round((performance.now() - encStarted) / delegates.length);

    const { watcher, seen, before, started } = await watchRoom(chairToken);
    const latencies: number[] = [];
    let next = 0;
    // 32 devices sending at a time, each ballot sent twice (a retry racing the first send).
    const sender = async () => {
      while (next < delegates.length) {
        const i = next++;
        const rec = ballots[i]!;
        const t0 = performance.now();
        const [a, b] = await Promise.all([submit(server.url, meetingId, tokens[i]!, [rec]), submit(server.url, meetingId, tokens[i]!, [rec])]);
        latencies.push(performance.now() - t0);
        expect(a[0]!.ok).toBe(true);
        expect(b[0]).toEqual(a[0]);
      }
    };
    await Promise.all(Array.from({ length: 32 }, sender));
    const sentMs = Math.round(performance.now() - started);
    await waitFor(() => readPolls(watcher.doc).find((p) => p.id === pollId)?.votedCount === stormSize, 10_000, 'N of M reaches the room');
    const after = server.records.stats();
    watcher.destroy();

    const t0 = performance.now();
    const closed = await step(server.url, meetingId, chairToken, pollId, 'close');
    expect(closed.status).toBe(200);
    // The close seals the totals; two of the three tellers open them.
    await sendPartial(server.url, meetingId, pollId, tellers[0]!);
    expect((await sendPartial(server.url, meetingId, pollId, tellers[2]!)).body).toEqual({ opened: true });
    const closeMs = Math.round(performance.now() - t0);
    const opened = await step(server.url, meetingId, chairToken, pollId, 'publish');
    const share = (r: number) => Math.floor((stormSize - r + 2) / 3);
    expect(opened.body.result).toMatchObject({ cast: stormSize, counts: { yes: share(0), no: share(1), abstain: share(2) }, eligible: size, notVoted: size - stormSize });
    latencies.sort((x, y) => x - y);
    const p99 = Math.round(latencies[Math.floor(latencies.length * 0.99)]!);
    const flushes = after.flushes - before.flushes;
    console.log(
      `${stormSize} secret ballots (${2 * stormSize} sends) in a room of 3,152: all receipted in ${sentMs} ms, p99 receipt ${p99} ms; ${flushes} flushes, ` +
        `${after.liveUpdates - before.liveUpdates} live updates, ${seen.updates} seen by a client; close to opened result (2 of 3 tellers) ${closeMs} ms; ` +
        `encrypting ${encryptMs} ms a ballot on the device`,
    );
    expect(flushes).toBeLessThan(Math.max(50, (sentMs / 200) * 1.5));
    expect(seen.updates).toBeLessThan(flushes + 10);
  }, 300_000); // each secret ballot is encrypted here and its proofs checked on the server (issue 15)
});
