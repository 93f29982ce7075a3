import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCodes } from '../../../shared/http';
import type { RunningServer } from '../../../server/app';
import { connect, createMeeting, createUser, login, sleep, start, tempDir, type Client } from './helpers';

let server: RunningServer;
let remove: () => Promise<void>;
let meetingId: string;
const clients: Client[] = [];

beforeAll(async () => {
  let dir: string;
  ({ dir, remove } = await tempDir());
  // Presence off above one member; sessions of 400 ms checked every 100 ms.
  server = await start(dir, { tokenTtlMs: 400, rooms: { awarenessMaxMembers: 1, heartbeatMs: 100 } });
  const a = await createUser(server.store, 'a');
  const b = await createUser(server.store, 'b');
  meetingId = await createMeeting(server.store, [[a, 'secretariat'], [b, 'delegate']]);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.close();
  await remove();
});

describe('large rooms and expiring sessions', () => {
  it('does not relay presence in rooms above the limit, and closes sockets whose session expired', async () => {
    const a = connect(server.url, `meeting/${meetingId}`, await login(server.url, 'a'));
    const b = connect(server.url, `meeting/${meetingId}`, await login(server.url, 'b'));
    clients.push(a, b);
    await Promise.all([a.synced, b.synced]);
    a.provider.awareness.setLocalStateField('user', 'a');
    await sleep(200);
    expect(b.provider.awareness.getStates().has(a.doc.clientID)).toBe(false);

    const closed = await a.closed;
    expect(closed.code).toBe(closeCodes.unauthorized);
    expect(closed.reason).toMatch(/session has expired/);
  });
});
