/**
 * kill -9 of one node of a cluster in the middle of a ballot storm (issue 13), for any
 * number of voters: the cluster integration test runs it with 90, `npm run bench cluster`
 * with 3,152. Two nodes (real processes of the bundled server) share one PostgreSQL, one
 * Redis and one data folder. Every voter's request goes to both nodes at once (the same
 * records, the same keys: a device whose first answer was lost, sent again to the next
 * address), and one node is SIGKILLed once a third of the voters have answers. The devices
 * then move to the surviving node and their outboxes resend everything they hold; both
 * polls close there, the secret one opened by 2 of 3 tellers.
 *
 * Nothing here asserts: `runClusterStorm` returns what was seen, for the test to assert and
 * the bench to report.
 */
import pg from 'pg';
import type { OutboxRecord, RecordReceipt } from '../../shared/api/outbox';
import { readPolls } from '../../shared/ydoc/live';
import { ballotRecord, call, connect, waitFor } from '../integration/server-records/helpers';
import { encryptedBallot, secretBallotRecord } from '../integration/server-records/tellers';
import { choiceOf, closeAndOpen, resendAll, type KillStormSetup, type StormOutcome } from './kill-storm';
import { startNodeProcess, type NodeProcess } from './server-process';

export interface ClusterStormOptions {
  databaseUrl: string;
  redisUrl: string;
  /** Voters sending at once. */
  senders: number;
  log?: (line: string) => void;
}

export interface ClusterStormResult extends StormOutcome {
  /** Requests answered differently by the two nodes for the same records (expected none). */
  nodesDisagreed: string[];
  /** From the kill to every voter receipted on the surviving node, ms. */
  killToAllReceiptedMs: number;
  /** From the kill until a device of the dead node, reconnected to the survivor, shows both counts complete, ms (null: not within 60 s). */
  killToLiveInSyncMs: number | null;
}

type Receipts = { receipts: RecordReceipt[] };

async function storedBallots(databaseUrl: string, namedPoll: string, secretPoll: string): Promise<{ named: Map<string, string>; secret: Set<string> }> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const named = await c.query<{ user_id: string; received_at: string }>('SELECT user_id, received_at FROM named_ballots WHERE poll_id = $1', [namedPoll]);
    const secret = await c.query<{ user_id: string }>('SELECT user_id FROM encrypted_ballots WHERE poll_id = $1', [secretPoll]);
    return { named: new Map(named.rows.map((r) => [r.user_id, r.received_at])), secret: new Set(secret.rows.map((r) => r.user_id)) };
  } finally {
    await c.end();
  }
}

export async function runClusterStorm(s: KillStormSetup, o: ClusterStormOptions): Promise<ClusterStormResult> {
  const log = o.log ?? (() => {});
  const { voters, meetingId, chairToken } = s;
  const recordsPath = `/api/meetings/${meetingId}/records`;
  const requests = [...s.tokens.entries()].map(([userId, token], i) => ({
    userId,
    token,
    records: [ballotRecord(s.namedPoll, [choiceOf(i)]), secretBallotRecord(s.secretPoll, encryptedBallot(meetingId, s.secretPoll, s.secretDef, s.publicKey, [choiceOf(i + 1)]).encrypted)] as OutboxRecord[],
  }));
  log(`cluster storm: ${voters} voters' ballots encrypted; starting two nodes…`);

  const args = ['--data', s.dir, '--port', '0', '--database-url', o.databaseUrl, '--redis-url', o.redisUrl, '--lease-ms', '2000'];
  const nodes: NodeProcess[] = [await startNodeProcess(args), await startNodeProcess(args)];
  const [doomed, survivor] = nodes as [NodeProcess, NodeProcess];
  try {
    // A device of the doomed node follows the room there; after the kill it reconnects to the survivor.
    const watcher = connect(doomed.url, `live/${meetingId}`, chairToken);
    await watcher.synced;

    const stormAt = performance.now();
    let stormBeforeKillMs = 0;
    const got = new Map<string, RecordReceipt>();
    const nodesDisagreed: string[] = [];
    let answered = 0;
    let next = 0;
    const killAfter = Math.floor(voters / 3);
    const killed = { done: false, at: 0 };
    const sender = async () => {
      while (next < requests.length && !killed.done) {
        const i = next++;
        const r = requests[i]!;
        // The same request to both nodes at once, in alternating order.
        const order = i % 2 ? [survivor, doomed] : [doomed, survivor];
        const replies = await Promise.all(order.map((n) => call<Receipts>(n.url, 'POST', recordsPath, r.token, { records: r.records }).catch(() => null)));
        const ok = replies.filter((x) => x?.status === 200);
        if (ok.length === 2 && JSON.stringify(ok[0]!.body) !== JSON.stringify(ok[1]!.body)) nodesDisagreed.push(`${r.userId}: ${JSON.stringify(ok[0]!.body).slice(0, 200)} / ${JSON.stringify(ok[1]!.body).slice(0, 200)}`);
        for (const res of ok) for (const rec of res!.body.receipts) got.set(rec.key, rec);
        if (ok.length && ++answered === killAfter) {
          killed.done = true;
          killed.at = performance.now();
          stormBeforeKillMs = killed.at - stormAt;
          void doomed.kill();
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: o.senders }, sender));
    } finally {
      if (!killed.done) {
        killed.at = performance.now();
        await doomed.kill();
      }
    }
    await doomed.kill();
    const killedBySigkill = doomed.child.signalCode === 'SIGKILL';
    const refusedBeforeKill = [...got.values()].filter((r) => !r.ok).map((r) => JSON.stringify(r));
    log(`cluster storm: node killed after ${answered} voters answered (${got.size} receipts); devices move to the other node…`);

    // The dead node's device comes back on the survivor (its next address) and catches up there.
    watcher.destroy();
    const moved = connect(survivor.url, `live/${meetingId}`, chairToken);
    const liveInSync = (async () => {
      try {
        await moved.synced;
        await waitFor(() => readPolls(moved.doc).filter((p) => p.votedCount === voters).length === 2, 60_000, 'both counts complete on the survivor');
        return performance.now() - killed.at;
      } catch {
        return null;
      }
    })();

    // Every outbox resends what it holds to the survivor, each request twice at once.
    const { resendDisagreed, receiptChanged } = await resendAll(survivor.url, recordsPath, requests, got, o.senders);
    const killToAllReceiptedMs = performance.now() - killed.at;
    const killToLiveInSyncMs = await liveInSync;
    moved.destroy();

    // Every receipt given before the kill, by either node, is backed by a stored ballot.
    const stored = await storedBallots(o.databaseUrl, s.namedPoll, s.secretPoll);
    const lostAfterKill: string[] = [];
    for (const r of requests) {
      const [n, sec] = r.records;
      const rn = got.get(n!.key);
      if (rn?.ok && stored.named.get(r.userId) !== rn.receivedAt) lostAfterKill.push(`named ${r.userId}`);
      if (got.get(sec!.key)?.ok && !stored.secret.has(r.userId)) lostAfterKill.push(`secret ${r.userId}`);
    }
    log(`cluster storm: all receipted ${Math.round(killToAllReceiptedMs)} ms after the kill; closing…`);

    const closed = await closeAndOpen(survivor.url, s);
    return {
      killedBySigkill,
      votersReceiptedBeforeKill: answered,
      recordsReceiptedBeforeKill: got.size,
      stormBeforeKillMs,
      nodesDisagreed,
      refusedBeforeKill,
      lostAfterKill,
      resendDisagreed,
      receiptChanged,
      storedNamed: stored.named.size,
      storedSecret: stored.secret.size,
      killToAllReceiptedMs,
      killToLiveInSyncMs,
      ...closed,
    };
  } finally {
    for (const n of nodes) await n.stop();
  }
}
