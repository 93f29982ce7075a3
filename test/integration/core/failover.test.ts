/**
 * A device given a list of server addresses (issue 13) moves to the next one when the one
 * in use fails: a dead address first in the list is skipped at sign-in, and when the node a
 * device is working through goes away (a loopback TCP relay in front of the real server,
 * killed mid-meeting), its HTTP calls, its outbox and its document sockets carry on through
 * the next address.
 */
import net from 'node:net';
import { describe, expect } from 'vitest';
import { test as it } from '../../support/core-fixture';
import { waitUntil } from '../../support/temp';

/** An address nothing listens on: connections are refused at once. */
async function deadAddress(): Promise<string> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return `http://127.0.0.1:${port}`;
}

/** A TCP relay to `target`, standing in for one node of a cluster; `kill` drops it and every connection through it. */
async function relay(target: string) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    connections: () => connections,
    kill: async () => {
      const closed = new Promise((r) => server.close(r));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

describe('failover to the next server address', () => {
  it('signs in, lists and syncs through the second address when the first refuses connections', async ({ server, device }) => {
    const srv = await server();
    const dead = await deadAddress();
    const del = await device(`${dead}, ${srv.url}/`, 'delegate04');
    expect((await del.core.api.session.current())?.serverUrl).toBe(`${dead},${srv.url}`);
    expect(del.view().synced).toBe(true);
    expect(del.view().content.agenda.length).toBeGreaterThan(0);
  });

  it('keeps syncing and lands its outbox through the next address when the node in use goes away', async ({ server, device }) => {
    const srv = await server();
    const nodeA = await relay(srv.url);
    const del = await device(`${nodeA.url},${srv.url}`, 'delegate05');
    const sec = await device(srv.url, 'secretary');
    expect(nodeA.connections(), 'the device worked through the first address').toBeGreaterThan(0);
    const item = sec.view().content.agenda[0]!;

    await nodeA.kill();
    // Made after the node went: it reaches the device only through the other address.
    const title = 'Khai mạc (sau khi nút A dừng)';
    await sec.core.api.agenda.rename({ meetingId: sec.meetingId, itemId: item.id, title });
    await waitUntil(() => del.view().content.agenda.find((i) => i.id === item.id)?.title === title, 'the rename on the device, through the second address', { timeoutMs: 30_000 });

    const kept = await del.core.api.recusals.declare({ meetingId: del.meetingId, agendaItemId: item.id, reason: 'Tôi có quan hệ với đơn vị được xem xét' });
    expect(kept.state).toBe('pending');
    // The server records it and writes it into live/<id>, which comes back to the device.
    await waitUntil(() => del.view().recusals.some((r) => r.userId === del.view().me && r.agendaItemId === item.id), 'the declaration back on the device', { timeoutMs: 30_000 });
    await waitUntil(() => del.view().pendingRecords.every((r) => r.kind !== 'recusal' || r.state !== 'pending'), 'the outbox emptied');
  });

  it('refuses a list with a bad entry, naming it', async ({ newCore }) => {
    const core = await newCore();
    const err = await core.api.session.login({ serverUrl: 'http://127.0.0.1:8080,ftp://x', username: 'a', password: 'b' }).catch((e) => e);
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/ftp:\/\/x/);
  });
});
