import * as encoding from 'lib0/encoding';
import { beforeAll, describe, expect, it } from 'vitest';
import { closeCodes } from '../../../shared/ydoc/doc-names';
import { clientsForFile, connect, createMeeting, createUser, login, rawSocket, serverForFile, sleep, start, tempDir, waitFor, type Client } from './helpers';

// Presence off above one member; sessions of 400 ms checked every 100 ms.
const suite = serverForFile({ tokenTtlMs: 400, docs: { awarenessMaxMembers: 1, heartbeatMs: 100 } });
let meetingId: string;
const clients = clientsForFile();

beforeAll(async () => {
  const a = await createUser(suite.server.store, 'a');
  const b = await createUser(suite.server.store, 'b');
  meetingId = await createMeeting(suite.server.store, [[a, 'secretariat'], [b, 'delegate']]);
});

describe('large rooms and expiring sessions', () => {
  it('does not relay presence in rooms above the limit, and closes sockets whose session expired', async () => {
    const a = connect(suite.server.url, `meeting/${meetingId}`, await login(suite.server.url, 'a'));
    const b = connect(suite.server.url, `meeting/${meetingId}`, await login(suite.server.url, 'b'));
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

/** One awareness frame as y-websocket sends it: [messageAwareness, varUint8Array(update)]. */
function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, 1);
  encoding.writeVarUint(update, clientId);
  encoding.writeVarUint(update, clock);
  encoding.writeVarString(update, JSON.stringify(state));
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, 1); // messageAwareness
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update));
  return encoding.toUint8Array(frame);
}

describe('presence floods', () => {
  const logged: { msg: string; fields: Record<string, unknown> }[] = [];
  // Presence on (few members), default limits.
  const flood = serverForFile({ log: (_level, msg, fields) => logged.push({ msg, fields: fields ?? {} }) });
  let floodMeeting: string;

  beforeAll(async () => {
    const users = await Promise.all(['fa', 'fb', 'fc', 'fd'].map((u) => createUser(flood.server.store, u)));
    floodMeeting = await createMeeting(flood.server.store, users.map((u) => [u, 'delegate'] as [typeof u, 'delegate']));
  });

  /** Largest awareness state (as JSON) a client has ever held, and every state it saw per client. */
  function watch(c: Client) {
    const seen = { maxBytes: 0, updatesOf: new Map<number, number>() };
    c.provider.awareness.on('update', ({ added, updated }: { added: number[]; updated: number[] }) => {
      for (const id of [...added, ...updated]) {
        seen.updatesOf.set(id, (seen.updatesOf.get(id) ?? 0) + 1);
        const state = c.provider.awareness.getStates().get(id);
        seen.maxBytes = Math.max(seen.maxBytes, JSON.stringify(state ?? null).length);
      }
    });
    return seen;
  }

  it('drops oversize presence: no member receives it, a late joiner does not get it, the server stays up', async () => {
    const doc = `meeting/${floodMeeting}`;
    const b = connect(flood.server.url, doc, await login(flood.server.url, 'fb'));
    clients.push(b);
    await b.synced;
    const seenByB = watch(b);
    const { ws: attacker } = await rawSocket(flood.server.url, doc, await login(flood.server.url, 'fa'));
    const fakeId = 424242;
    // 4 MB of presence, then a small one from the same client: the small one arriving
    // shows the big one, sent first on the same socket, would have arrived by then.
    attacker.send(awarenessFrame(fakeId, 1, { user: 'fa', junk: 'x'.repeat(4 * 1024 * 1024) }));
    attacker.send(awarenessFrame(fakeId, 2, { user: 'fa-small' }));
    await waitFor(() => (b.provider.awareness.getStates().get(fakeId) as { user?: string } | undefined)?.user === 'fa-small', 5000, 'the small presence');
    expect(seenByB.maxBytes).toBeLessThan(8 * 1024);

    const c = connect(flood.server.url, doc, await login(flood.server.url, 'fc'));
    clients.push(c);
    await c.synced;
    await waitFor(() => c.provider.awareness.getStates().has(fakeId), 5000, 'late joiner to get presence');
    for (const state of c.provider.awareness.getStates().values()) expect(JSON.stringify(state).length).toBeLessThan(8 * 1024);
    expect(attacker.readyState).toBe(attacker.OPEN);
    expect(logged.some((l) => l.msg === 'presence message dropped' && /larger than 8192 bytes/.test(String(l.fields.reason)))).toBe(true);
    const health = await fetch(`${flood.server.url}/api/health`);
    expect(health.status).toBe(200);
    attacker.close();
  });

  it('relays at most a burst of presence messages from one connection, and no spoofed client ids', async () => {
    const doc = `meeting/${floodMeeting}`;
    const b = connect(flood.server.url, doc, await login(flood.server.url, 'fb'));
    clients.push(b);
    await b.synced;
    b.provider.awareness.setLocalStateField('user', 'fb-real');
    const seenByB = watch(b);
    const { ws: attacker } = await rawSocket(flood.server.url, doc, await login(flood.server.url, 'fd'));
    const fakeId = 777777;
    for (let clock = 1; clock <= 60; clock++) attacker.send(awarenessFrame(fakeId, clock, { user: 'fd', n: clock }));
    // Someone else's presence: b's own client id with a higher clock.
    attacker.send(awarenessFrame(b.doc.clientID, 1_000_000, { user: 'spoofed' }));
    await waitFor(() => (seenByB.updatesOf.get(fakeId) ?? 0) > 0, 5000, 'first presence to arrive');
    await sleep(500);
    // Default burst 8 at 4 a second: 60 sent at once must not all pass.
    const relayed = seenByB.updatesOf.get(fakeId) ?? 0;
    expect(relayed).toBeGreaterThanOrEqual(1);
    expect(relayed).toBeLessThanOrEqual(8 + 4 * 2);

    const c = connect(flood.server.url, doc, await login(flood.server.url, 'fc'));
    clients.push(c);
    await c.synced;
    await waitFor(() => c.provider.awareness.getStates().has(b.doc.clientID), 5000, 'b presence at late joiner');
    expect((c.provider.awareness.getStates().get(b.doc.clientID) as { user?: string }).user).toBe('fb-real');
    expect(logged.some((l) => l.msg === 'presence message dropped' && /of another user/.test(String(l.fields.reason)))).toBe(true);
    attacker.close();
  });
});

describe('sync messages per user', () => {
  it('limits one person over all their sockets, so more sockets do not buy more messages; others are not touched', async () => {
    const { dir, remove: removeDir } = await tempDir();
    const s = await start(dir, { docs: { maxMessagesPerSecond: 1000, maxMessagesPerUserPerSecond: 1500 } });
    try {
      const a = await createUser(s.store, 'a');
      const b = await createUser(s.store, 'b');
      const m = await createMeeting(s.store, [[a, 'delegate'], [b, 'delegate']]);
      const tokenA = await login(s.url, 'a');
      const sockets = await Promise.all([0, 1, 2].map(() => rawSocket(s.url, `meeting/${m}`, tokenA)));
      const bystander = await rawSocket(s.url, `meeting/${m}`, await login(s.url, 'b'));
      let bystanderClosed = false;
      void bystander.closed.then(() => (bystanderClosed = true));
      // 600 each: under the 1,000 a connection may send, over the 1,500 the person may.
      for (const sock of sockets) for (let i = 0; i < 600; i++) sock.ws.send(Uint8Array.of(3));
      const first = await Promise.race(sockets.map((sock) => sock.closed));
      expect(first.code).toBe(closeCodes.rateLimited);
      expect(first.reason).toMatch(/over all of this user's connections/);
      for (let i = 0; i < 50; i++) bystander.ws.send(Uint8Array.of(3));
      await sleep(300);
      expect(bystanderClosed).toBe(false);
      for (const sock of [...sockets, bystander]) sock.ws.close();
    } finally {
      await s.close();
      await removeDir();
    }
  });
});
