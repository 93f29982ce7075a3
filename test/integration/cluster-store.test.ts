/**
 * Cluster mode, first slice (issue 13): two server nodes on one PostgreSQL and one Redis.
 * What already holds: a session made on one node is valid (and ends) on the other, a meeting
 * created on one is listed by the other, and a node that opens a document later loads it
 * from PostgreSQL. /api/ready checks PostgreSQL and Redis and turns 503 when Redis goes.
 * (Not yet: the room's records — see server/store/split.ts. Fan-out between nodes: cluster/.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeetingList, MeetingSummary } from '../../shared/api/meetings';
import { ReadyResponse } from '../../shared/api/ops';
import { meetingDoc } from '../../shared/ydoc/meeting';
import { startServer, type RunningServer } from '../../server/app';
import { postgresMissing, startPostgres, type TestPostgres } from '../support/postgres';
import { redisMissing, startRedis, type TestRedis } from '../support/redis';
import { connect, createUser, login, tempDir } from './server/helpers';

const missing = postgresMissing() ?? redisMissing();

describe.skipIf(missing !== null)(`two nodes on one PostgreSQL and Redis${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let pg: TestPostgres;
  let redis: TestRedis;
  let databaseUrl: string;
  const nodes: RunningServer[] = [];
  const removers: (() => Promise<void>)[] = [];

  const node = async () => {
    const { dir, remove } = await tempDir();
    removers.push(remove);
    const s = await startServer({ dataDir: dir, port: 0, log: () => {}, databaseUrl, redisUrl: redis.url, processMetrics: false });
    nodes.push(s);
    return s;
  };

  beforeAll(async () => {
    [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
    databaseUrl = await pg.createDatabase();
  });
  afterAll(async () => {
    for (const n of nodes) await n.close();
    await Promise.all([pg?.stop(), redis?.stop()]);
    for (const r of removers) await r();
  });

  const call = (base: string, method: string, path: string, token: string, body?: unknown) =>
    fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });

  it('shares sessions, meetings and documents between nodes; ready checks both services; 503 without Redis', async () => {
    const [a, b] = [await node(), await node()];
    for (const n of [a, b]) {
      const ready = ReadyResponse.parse(await (await fetch(`${n.url}/api/ready`)).json());
      // The database is the shared PostgreSQL (a node of a cluster keeps nothing in a file of its own).
      expect(ready).toEqual({ ready: true, checks: { database: { ok: true }, draining: { ok: true }, redis: { ok: true } } });
    }

    await createUser(a.store, 'cluster-admin', 'admin');
    const token = await login(a.url, 'cluster-admin');
    expect((await call(b.url, 'GET', '/api/session', token)).status).toBe(200);

    const created = await call(a.url, 'POST', '/api/meetings', token, { title: 'Hội nghị toàn quốc', startsAt: '2026-11-25T08:00:00+07:00', endsAt: '2026-11-25T11:30:00+07:00', venue: 'Hà Nội' });
    expect(created.status).toBe(201);
    const meeting = MeetingSummary.parse(await created.json());
    const onB = MeetingList.parse(await (await call(b.url, 'GET', '/api/meetings', token)).json());
    expect(onB.meetings.map((m) => m.id)).toEqual([meeting.id]);

    // Node B never had this document in memory: it loads what node A wrote, from PostgreSQL.
    const client = connect(b.url, `meeting/${meeting.id}`, token);
    await client.synced;
    expect(meetingDoc.meta(client.doc).get('title')).toBe('Hội nghị toàn quốc');
    client.destroy();

    const metrics = await (await fetch(`${a.url}/metrics`)).text();
    expect(Number(/^opencabinet_db_round_trips_total\{store="postgres"\} (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);

    // Signing out on B ends the session on A as well.
    expect((await call(b.url, 'POST', '/api/logout', token)).status).toBe(200);
    expect((await call(a.url, 'GET', '/api/session', token)).status).toBe(401);

    await redis.stop();
    const res = await fetch(`${a.url}/api/ready`);
    expect(res.status).toBe(503);
    const report = ReadyResponse.parse(await res.json());
    expect(report.checks.redis!.ok).toBe(false);
    expect(report.checks.database).toEqual({ ok: true });
  });

  it('refuses to start when Redis cannot be reached, or with a Redis but no database', async () => {
    const { dir, remove } = await tempDir();
    removers.push(remove);
    await expect(startServer({ dataDir: dir, port: 0, log: () => {}, databaseUrl, redisUrl: 'redis://127.0.0.1:1', processMetrics: false })).rejects.toThrow(
      'Redis at redis://127.0.0.1:1 cannot be reached',
    );
    await expect(startServer({ dataDir: dir, port: 0, log: () => {}, redisUrl: 'redis://127.0.0.1:1', processMetrics: false })).rejects.toThrow(/needs a database URL/);
  });
});
