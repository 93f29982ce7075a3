/**
 * PostgreSQL away for a while (issue 13: "PostgreSQL or Redis gone for 30 s"; a few seconds
 * here, the behaviour does not depend on the length): HTTP calls that need it are answered
 * 503 "try again" with Retry-After (not 500), /api/ready says so, nothing is half-stored; a
 * client keeps editing its document meanwhile, and once PostgreSQL is back on the same data
 * every edit is in the stored log and has reached the client on the other node.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMeeting, createUser, login, sleep, upgradeStatus, waitFor } from '../server/helpers';
import { clusterMissing as missing, twoNodes } from './two-nodes';

describe.skipIf(missing !== null)(`PostgreSQL away for a while${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const nodes = twoNodes();

  it('answers 503 "try again" meanwhile, and every edit made meanwhile is stored and crosses once it is back', async () => {
    const { a, b, pg, client } = nodes;
    const sec = await createUser(a.store, 'sec-pg');
    const id = await createMeeting(a.store, [[sec, 'secretariat']], { title: 'Trước khi mất cơ sở dữ liệu' });
    const token = await login(a.url, 'sec-pg');
    const docName = `meeting/${id}`;
    const onA = client(a, docName, token);
    const onB = client(b, docName, token);
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
