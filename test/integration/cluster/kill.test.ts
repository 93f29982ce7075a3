/**
 * A node killed with SIGKILL in the middle of edits (issue 13), as real processes: two
 * nodes of the built server on one PostgreSQL and one Redis. No edit is lost — what the
 * dead node had stored is in PostgreSQL, and what it had not, its clients still hold and
 * hand to the other node when they reconnect there — every client converges, and the other
 * node takes over the meeting's live/<id> lease once the dead one's expires.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { leaseKey } from '../../../server/fanout/lease';
import { openPostgresStore } from '../../../server/store/postgres';
import { postgresMissing, startPostgres, type TestPostgres } from '../../support/postgres';
import { redisMissing, startRedis, type TestRedis } from '../../support/redis';
import { startNodeProcess, type NodeProcess } from '../../support/server-process';
import { connect, createMeeting, createUser, login, tempDir, waitFor, wsUrl, type Client } from '../server/helpers';

const missing = postgresMissing() ?? redisMissing();
const leaseMs = 1500;

const sortedMap = (doc: Y.Doc) => JSON.stringify(Object.entries(doc.getMap('m').toJSON()).sort(([x], [y]) => (x < y ? -1 : 1)));

describe.skipIf(missing !== null)(`SIGKILL of a node mid-edits${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let pg: TestPostgres;
  let redis: TestRedis;
  let r: Redis;
  let databaseUrl: string;
  const nodes: NodeProcess[] = [];
  const clients: Client[] = [];
  const providers: WebsocketProvider[] = [];
  const removers: (() => Promise<void>)[] = [];

  const startNode = async () => {
    const { dir, remove } = await tempDir();
    removers.push(remove);
    const n = await startNodeProcess(['--data', dir, '--port', '0', '--database-url', databaseUrl, '--redis-url', redis.url, '--lease-ms', String(leaseMs)]);
    nodes.push(n);
    return n;
  };

  beforeAll(async () => {
    [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
    databaseUrl = await pg.createDatabase();
    r = new Redis(redis.url);
  });
  afterAll(async () => {
    for (const p of providers) p.destroy();
    for (const c of clients) c.destroy();
    r?.disconnect();
    for (const n of nodes) await n.stop();
    await Promise.all([pg?.stop(), redis?.stop()]);
    for (const rm of removers) await rm();
  });

  it('loses no edit, its clients converge on the other node, and the other node takes over the live lease', async () => {
    const [a, b] = [await startNode(), await startNode()];
    const store = await openPostgresStore(databaseUrl);
    let meetingId: string;
    try {
      const user = await createUser(store, 'secretary');
      meetingId = await createMeeting(store, [[user, 'secretariat']]);
    } finally {
      await store.close();
    }
    const token = await login(a.url, 'secretary');
    const doc = `meeting/${meetingId}`;
    const live = `live/${meetingId}`;

    // A opens the live document first and so holds its lease.
    const liveOnA = connect(a.url, live, token);
    clients.push(liveOnA);
    await liveOnA.synced;
    await waitFor(async () => (await r.get(leaseKey(live))) === a.nodeId, 5000, 'node A to hold the live lease');
    const liveOnB = connect(b.url, live, token);
    clients.push(liveOnB);
    await liveOnB.synced;

    const onA = [connect(a.url, doc, token), connect(a.url, doc, token)];
    const onB = [connect(b.url, doc, token), connect(b.url, doc, token)];
    clients.push(...onA, ...onB);
    const all = [...onA, ...onB];
    await Promise.all(all.map((c) => c.synced));

    const written: string[] = [];
    const edit = (i: number) => {
      const c = all[i % all.length]!;
      c.doc.getMap('m').set(`e${i}`, i);
      written.push(`e${i}`);
    };
    for (let i = 0; i < 60; i++) {
      edit(i);
      if (i % 6 === 5) await new Promise((res) => setTimeout(res, 10));
    }
    // Mid-edits: the last ones are still on their way when A dies.
    for (let i = 60; i < 80; i++) edit(i);
    await a.kill();

    // A's clients are moved to B (a device moves to the next address on its list).
    for (const c of onA) {
      c.provider.destroy();
      const p = new WebsocketProvider(wsUrl(b.url), doc, c.doc, {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
        params: { token },
        maxBackoffTime: 200,
      });
      providers.push(p);
    }
    for (let i = 80; i < 120; i++) {
      edit(i);
      if (i % 6 === 5) await new Promise((res) => setTimeout(res, 10));
    }

    await waitFor(() => all.every((c) => sortedMap(c.doc) === sortedMap(all[0]!.doc)), 10_000, 'every client to converge on node B');
    for (const key of written) expect(all[0]!.doc.getMap('m').has(key), key).toBe(true);

    // And PostgreSQL holds all of it.
    const check = await openPostgresStore(databaseUrl);
    try {
      await waitFor(
        async () => {
          const d = new Y.Doc();
          for (const row of await check.loadUpdates(doc)) Y.applyUpdate(d, row.update);
          return written.every((k) => d.getMap('m').has(k));
        },
        10_000,
        'PostgreSQL to hold every edit',
      );
    } finally {
      await check.close();
    }

    // The dead node's lease expires and B, which has the live document open, takes it.
    await waitFor(async () => (await r.get(leaseKey(live))) === b.nodeId, leaseMs * 4 + 5000, 'node B to take over the live lease');
  });
});
