/**
 * PostgreSQL away for a while (issue 13: "PostgreSQL or Redis gone for 30 s"; a few seconds
 * here, the behaviour does not depend on the length): HTTP calls that need it are answered
 * 503 "try again" with Retry-After (not 500), /api/ready says so, nothing is half-stored; a
 * client keeps editing its document meanwhile, and once PostgreSQL is back on the same data
 * every edit is in the stored log and has reached the client on the other node.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startServer, type RunningServer } from '../../../server/app';
import { postgresMissing, startPostgres, type TestPostgres } from '../../support/postgres';
import { redisMissing, startRedis, type TestRedis } from '../../support/redis';
import { connect, createMeeting, createUser, login, sleep, tempDir, upgradeStatus, waitFor, type Client } from '../server/helpers';

const missing = postgresMissing() ?? redisMissing();

describe.skipIf(missing !== null)(`PostgreSQL away for a while${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let pg: TestPostgres;
  let redis: TestRedis;
  let a: RunningServer;
  let b: RunningServer;
  const clients: Client[] = [];
  const removers: (() => Promise<void>)[] = [];

  const node = async (databaseUrl: string) => {
    const { dir, remove } = await tempDir();
    removers.push(remove);
    return startServer({ dataDir: dir, port: 0, log: () => {}, databaseUrl, redisUrl: redis.url, processMetrics: false, leaseTtlMs: 5000 });
  };

  beforeAll(async () => {
    [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
    const databaseUrl = await pg.createDatabase();
    a = await node(databaseUrl);
    b = await node(databaseUrl);
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await Promise.all([pg?.stop(), redis?.stop()]);
    for (const rm of removers) await rm();
  });

  it('answers 503 "try again" meanwhile, and every edit made meanwhile is stored and crosses once it is back', async () => {
    const sec = await createUser(a.store, 'sec-pg');
    const id = await createMeeting(a.store, [[sec, 'secretariat']], { title: 'Trước khi mất cơ sở dữ liệu' });
    const token = await login(a.url, 'sec-pg');
    const docName = `meeting/${id}`;
    const onA = connect(a.url, docName, token);
    const onB = connect(b.url, docName, token);
    clients.push(onA, onB);
    await Promise.all([onA.synced, onB.synced]);

    await pg.pause();
    const meetings = await fetch(`${a.url}/api/meetings`, { headers: { authorization: `Bearer ${token}` } });
    expect(meetings.status).toBe(503);
    expect(meetings.headers.get('retry-after')).toBe('5');
    expect(((await meetings.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'offline', message: expect.stringMatching(/Try again/) });
    const signIn = await fetch(`${b.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sec-pg', password: 'correct horse battery staple' }) });
    expect(signIn.status).toBe(503);
    expect((await fetch(`${a.url}/api/ready`)).status).toBe(503);
    // A document socket is refused the same way, so a device tries again (or another node).
    expect(await upgradeStatus(a.url, `/sync/live/${id}?token=${token}`)).toBe(503);
    for (let i = 0; i < 5; i++) {
      onA.doc.getMap('m').set(`during-${i}`, i);
      await sleep(100);
    }
    await sleep(1000);

    await pg.resume();
    await waitFor(async () => (await fetch(`${a.url}/api/ready`)).status === 200, 20_000, 'node A ready again');
    const stored = async () => {
      const doc = new Y.Doc();
      for (const row of await b.store.loadUpdates(docName)) Y.applyUpdate(doc, row.update);
      return doc.getMap('m').toJSON();
    };
    await waitFor(async () => Object.keys(await stored()).length === 5, 30_000, 'every edit in the stored log');
    await waitFor(() => [0, 1, 2, 3, 4].every((i) => onB.doc.getMap('m').get(`during-${i}`) === i), 10_000, 'every edit on the client of node B');
    // Nothing of the refused calls was stored, and the node works again.
    const after = await fetch(`${a.url}/api/meetings`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(200);
  });
});
