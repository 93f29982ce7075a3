/**
 * The database away for a while (a PostgreSQL restart or failover, issue 13): edits that
 * reached the server meanwhile are not lost from the stored log once it is back. The store's
 * appendUpdate is made to fail for a time on a real server with real clients; the log on
 * disk must end with every edit, and a node loading the document afresh must see them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { clientsForFile, createMeeting, createUser, login, serverForFile, sleep, waitFor } from './helpers';

describe('edits made while the database is away', () => {
  const suite = serverForFile();
  let meetingId: string;
  let token: string;
  const clients = clientsForFile();

  beforeAll(async () => {
    const sec = await createUser(suite.server.store, 'sec');
    meetingId = await createMeeting(suite.server.store, [[sec, 'secretariat']]);
    token = await login(suite.server.url, 'sec');
  });

  it('are stored once it is back, in the log a fresh load reads', async () => {
    const docName = `meeting/${meetingId}`;
    const c = clients.connect(suite.server.url, docName, token);
    await c.synced;
    c.doc.getMap('m').set('before', 1);
    await waitFor(async () => (await storedMap()).before === 1, 5000, 'the first edit stored');

    const append = suite.server.store.appendUpdate.bind(suite.server.store);
    let failures = 0;
    suite.server.store.appendUpdate = async () => {
      failures++;
      throw new Error('connection terminated (database away)');
    };
    for (let i = 0; i < 5; i++) c.doc.getMap('m').set(`during-${i}`, i);
    await waitFor(() => failures >= 5, 5000, 'the server to try storing the edits');
    await sleep(500);
    suite.server.store.appendUpdate = append;

    await waitFor(async () => Object.keys(await storedMap()).length === 6, 20_000, 'every edit stored after the database came back');
    expect(await storedMap()).toEqual({ before: 1, 'during-0': 0, 'during-1': 1, 'during-2': 2, 'during-3': 3, 'during-4': 4 });
  });

  async function storedMap(): Promise<Record<string, unknown>> {
    const doc = new Y.Doc();
    for (const row of await suite.server.store.loadUpdates(`meeting/${meetingId}`)) Y.applyUpdate(doc, row.update);
    return doc.getMap('m').toJSON();
  }
});
