/**
 * Who is signed in, and for how long (issue 11), against a real server on loopback with
 * real y-websocket clients: devices per session, signing out one or every device, removal,
 * role changes and disabled accounts closing sockets at once, sliding expiry, and a device
 * marked lost that may only send its outbox and report its wipe (which the audit log keeps).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceList, DeviceView, UserDevices } from '../../../shared/api/devices';
import type { OutboxRecord, SubmitRecordsResponse } from '../../../shared/api/outbox';
import type { RunningServer } from '../../../server/app';
import type { UserRecord } from '../../../server/store/types';
import { connect, createMeeting, createUser, password, sleep, start, tempDir, upgradeStatus, waitFor, type Client } from './helpers';

let server: RunningServer;
let remove: () => Promise<void>;
const users: Record<string, UserRecord> = {};
const clients: Client[] = [];

beforeAll(async () => {
  const t = await tempDir();
  remove = t.remove;
  server = await start(t.dir);
  for (const name of ['sec', 'sec2', 'del', 'del2', 'other', 'lone']) users[name] = await createUser(server.store, name);
  users.admin = await createUser(server.store, 'admin', 'admin');
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.close();
  await remove();
});

async function signIn(username: string, deviceName?: string): Promise<string> {
  const res = await fetch(`${server.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, ...(deviceName ? { deviceName } : {}) }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

async function call<T = unknown>(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(server.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

function open(docName: string, token: string): Client {
  const c = connect(server.url, docName, token);
  clients.push(c);
  return c;
}

/** Writes into live/<id> as the server does, and returns the value written. */
async function liveWrite(meetingId: string): Promise<string> {
  const value = randomUUID();
  await server.docs.transact(`live/${meetingId}`, (doc) => doc.getMap('state').set('probe', value));
  return value;
}

const probe = (c: Client) => c.doc.getMap('state').get('probe');
const venueOnServer = (meetingId: string) => server.docs.read(`meeting/${meetingId}`, (doc) => doc.getMap('meta').get('venue'));
const checkin = (userId: string): OutboxRecord => ({ key: randomUUID() as OutboxRecord['key'], kind: 'checkin', payload: { userId, status: 'present', substitute: null } });

describe('devices', () => {
  it('lists each sign-in as a device with its name, times and address, and signs one out at once', async () => {
    const laptop = await signIn('del', 'Laptop-Hoa · Windows 11');
    const tablet = await signIn('del', 'iPad-Hoa · browser');
    const list = await call<DeviceList>('GET', '/api/devices', laptop);
    expect(list.status).toBe(200);
    const mine = list.body.devices.filter((d) => d.name === 'Laptop-Hoa · Windows 11' || d.name === 'iPad-Hoa · browser');
    expect(mine).toHaveLength(2);
    const here = mine.find((d) => d.current)!;
    const there = mine.find((d) => !d.current)!;
    expect(here.name).toBe('Laptop-Hoa · Windows 11');
    expect(there).toMatchObject({ name: 'iPad-Hoa · browser', lastSeenIp: '127.0.0.1', lostAt: null });
    expect(Date.parse(there.expiresAt)).toBeGreaterThan(Date.now());
    expect(Date.parse(there.lastSeenAt)).toBeLessThanOrEqual(Date.now());
    // The id is not the token's hash, nor anything like the token.
    expect(there.id).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(list.body)).not.toContain(tablet);

    // The tablet follows the room; signing it out from the laptop closes its socket at once.
    const meetingId = await createMeeting(server.store, [[users.sec!, 'secretariat'], [users.del!, 'delegate']]);
    const live = open(`live/${meetingId}`, tablet);
    await live.synced;
    const out = await call('DELETE', `/api/devices/${there.id}`, laptop);
    expect(out.status).toBe(200);
    expect((await live.closed).code).toBe(4401);
    expect((await call('GET', '/api/meetings', tablet)).status).toBe(401);
    expect(await upgradeStatus(server.url, `/sync/live/${meetingId}?token=${tablet}`)).toBe(401);
    expect((await call('GET', '/api/meetings', laptop)).status).toBe(200);

    // Someone else's device is not theirs to see or sign out; the same 404 as none at all.
    const stranger = await signIn('other');
    expect((await call('DELETE', `/api/devices/${here.id}`, stranger)).status).toBe(404);
    expect((await call('DELETE', `/api/devices/${'0'.repeat(32)}`, stranger)).status).toBe(404);
    expect((await call('GET', `/api/users/del/devices`, stranger)).status).toBe(404);
    expect((await call('GET', '/api/meetings', laptop)).status).toBe(200);
  });

  it('signs out everywhere: every token refused, every socket closed', async () => {
    const meetingId = await createMeeting(server.store, [[users.sec!, 'secretariat'], [users.del2!, 'delegate']]);
    const a = await signIn('del2', 'A');
    const b = await signIn('del2', 'B');
    const sa = open(`live/${meetingId}`, a);
    const sb = open(`meeting/${meetingId}`, b);
    await Promise.all([sa.synced, sb.synced]);
    const res = await call<{ signedOut: number }>('DELETE', '/api/devices', a);
    expect(res.status).toBe(200);
    expect(res.body.signedOut).toBeGreaterThanOrEqual(2);
    expect((await sa.closed).code).toBe(4401);
    expect((await sb.closed).code).toBe(4401);
    for (const t of [a, b]) expect((await call('GET', '/api/session', t)).status).toBe(401);
  });

  it('lets the admin and the secretariat of a shared meeting list a user’s devices and sign them out; only the admin disables', async () => {
    const meetingId = await createMeeting(server.store, [[users.sec!, 'secretariat'], [users.lone!, 'delegate']]);
    const lone = await signIn('lone', 'Máy bàn phòng 3');
    const sec = await signIn('sec');
    const admin = await signIn('admin');
    const bySec = await call<UserDevices>('GET', `/api/users/lone/devices`, sec);
    expect(bySec.status).toBe(200);
    expect(bySec.body).toMatchObject({ user: { username: 'lone' }, disabled: false });
    expect(bySec.body.devices.map((d) => d.name)).toContain('Máy bàn phòng 3');
    const byAdmin = await call<UserDevices>('GET', `/api/users/${users.lone!.id}/devices`, admin);
    expect(byAdmin.body.devices.map((d) => d.name)).toEqual(bySec.body.devices.map((d) => d.name));

    const socket = open(`live/${meetingId}`, lone);
    await socket.synced;
    expect((await call('PUT', `/api/users/lone/disabled`, sec, { disabled: true })).status).toBe(403);
    const disable = await call<UserDevices>('PUT', `/api/users/lone/disabled`, admin, { disabled: true });
    expect(disable.status).toBe(200);
    expect(disable.body).toMatchObject({ disabled: true, devices: [] });
    expect((await socket.closed).code).toBe(4401);
    expect((await call('GET', '/api/meetings', lone)).status).toBe(401);
    const refused = await call<{ error: { code: string } }>('POST', '/api/login', null, { username: 'lone', password });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect((await call('PUT', `/api/users/admin/disabled`, admin, { disabled: true })).status).toBe(400);
    expect((await call('PUT', `/api/users/lone/disabled`, admin, { disabled: 'yes' })).status).toBe(400);
    expect((await call('PUT', `/api/users/lone/disabled`, admin, { disabled: false })).status).toBe(200);
    const again = await signIn('lone');
    expect((await call('GET', '/api/meetings', again)).status).toBe(200);

    const everywhere = await call<{ signedOut: number }>('DELETE', `/api/users/lone/devices`, sec);
    expect(everywhere.body.signedOut).toBe(1);
    expect((await call('GET', '/api/meetings', again)).status).toBe(401);
  });
});

describe('membership and roles on open sockets', () => {
  it('a removed delegate stops receiving live/<id> within a second, and cannot come back', async () => {
    const meetingId = await createMeeting(server.store, [[users.sec!, 'secretariat'], [users.del!, 'delegate'], [users.del2!, 'delegate']]);
    const sec = await signIn('sec');
    const del = await signIn('del');
    const stays = open(`live/${meetingId}`, await signIn('del2'));
    const leaves = open(`live/${meetingId}`, del);
    await Promise.all([stays.synced, leaves.synced]);
    const first = await liveWrite(meetingId);
    await waitFor(() => probe(leaves) === first && probe(stays) === first, 5000, 'the first live update');

    const removedAt = Date.now();
    const removed = await call('DELETE', `/api/meetings/${meetingId}/participants/${users.del!.id}`, sec);
    expect(removed.status).toBe(200);
    const closed = await leaves.closed;
    expect(closed.code).toBe(4403);
    expect(Date.now() - removedAt).toBeLessThan(1000);

    const second = await liveWrite(meetingId);
    await waitFor(() => probe(stays) === second, 5000, 'the second live update at the remaining delegate');
    // Long enough for a reconnect attempt (its backoff is 200 ms here) to have brought it.
    await sleep(600);
    expect(probe(leaves)).toBe(first);
    expect(await upgradeStatus(server.url, `/sync/live/${meetingId}?token=${del}`)).toBe(403);
    // The session itself is fine; the meeting is simply not theirs any more.
    expect((await call('GET', '/api/session', del)).status).toBe(200);
    expect((await call('POST', `/api/meetings/${meetingId}/records`, del, { records: [checkin(users.del!.id)] })).status).toBe(404);
  });

  it('a role change takes effect on the socket: a promoted delegate writes, a demoted secretariat is read-only', async () => {
    const meetingId = await createMeeting(server.store, [[users.sec!, 'secretariat'], [users.sec2!, 'secretariat'], [users.del!, 'delegate']]);
    const sec = await signIn('sec');
    const writer = open(`meeting/${meetingId}`, await signIn('sec2'));
    const reader = open(`meeting/${meetingId}`, await signIn('del'));
    await Promise.all([writer.synced, reader.synced]);

    // Before: the delegate's write is dropped, the secretariat's arrives.
    reader.doc.getMap('meta').set('venue', 'by the delegate');
    writer.doc.getMap('meta').set('venue', 'Phòng 1');
    await waitFor(async () => (await venueOnServer(meetingId)) === 'Phòng 1', 5000, 'the secretariat write');

    expect((await call('PATCH', `/api/meetings/${meetingId}/participants/${users.del!.id}`, sec, { role: 'secretariat' })).status).toBe(200);
    expect((await call('PATCH', `/api/meetings/${meetingId}/participants/${users.sec2!.id}`, sec, { role: 'delegate' })).status).toBe(200);
    expect((await reader.closed).code).toBe(1012);
    expect((await writer.closed).code).toBe(1012);
    await waitFor(() => reader.provider.wsconnected && reader.provider.synced && writer.provider.wsconnected && writer.provider.synced, 5000, 'both reconnected');

    writer.doc.getMap('meta').set('venue', 'by the demoted');
    reader.doc.getMap('meta').set('venue', 'Phòng 2');
    await waitFor(async () => (await venueOnServer(meetingId)) === 'Phòng 2', 5000, 'the promoted write');
    await sleep(300);
    expect(await venueOnServer(meetingId)).toBe('Phòng 2');
  });
});

describe('a device marked lost', () => {
  it('may only send its outbox and report its wipe, which the audit log of each meeting keeps', async () => {
    const meetingId = await createMeeting(server.store, [[users.sec!, 'secretariat'], [users.other!, 'delegate']]);
    const desk = await signIn('other', 'Desk');
    const laptop = await signIn('other', 'Laptop lost on the train');
    const socket = open(`live/${meetingId}`, laptop);
    await socket.synced;
    const lostId = (await call<DeviceList>('GET', '/api/devices', desk)).body.devices.find((d) => d.name === 'Laptop lost on the train')!.id;
    const deskId = (await call<DeviceList>('GET', '/api/devices', desk)).body.devices.find((d) => d.current)!.id;

    // Not the device in one's hand, and not someone else's without managing them.
    expect((await call('POST', `/api/devices/${deskId}/lost`, desk)).status).toBe(400);
    expect((await call('POST', `/api/devices/${lostId}/lost`, await signIn('lone'))).status).toBe(404);
    // Not marked lost yet: nothing to report.
    expect((await call('POST', '/api/devices/current/wiped', laptop, { meetings: 0, documents: 0, recordsSent: 0, recordsUnsent: 0 })).status).toBe(409);

    const marked = await call<DeviceView>('POST', `/api/devices/${lostId}/lost`, desk);
    expect(marked.status).toBe(200);
    expect(marked.body.lostAt).not.toBeNull();
    expect((await socket.closed).code).toBe(4401);

    // Everything but the outbox and the report answers device_lost.
    for (const [method, path] of [
      ['GET', '/api/meetings'],
      ['GET', '/api/session'],
      ['GET', '/api/devices'],
      ['POST', '/api/logout'],
    ] as const) {
      const r = await call<{ error: { code: string } }>(method, path, laptop);
      expect(r.status, path).toBe(403);
      expect(r.body.error.code).toBe('device_lost');
    }
    expect(await upgradeStatus(server.url, `/sync/live/${meetingId}?token=${laptop}`)).toBe(401);
    const sent = await call<SubmitRecordsResponse>('POST', `/api/meetings/${meetingId}/records`, laptop, { records: [checkin(users.other!.id)] });
    expect(sent.status).toBe(200);
    expect(sent.body.receipts.map((r) => r.key)).toHaveLength(1);
    // Signing it out would forget it before it wiped: refused.
    expect((await call('DELETE', `/api/devices/${lostId}`, desk)).status).toBe(409);
    // The secretariat sees it marked lost; signing out everywhere keeps it until the wipe.
    const sec = await signIn('sec');
    const seen = await call<UserDevices>('GET', '/api/users/other/devices', sec);
    expect(seen.body.devices.find((d) => d.id === lostId)?.lostAt).not.toBeNull();

    expect((await call('POST', '/api/devices/current/wiped', laptop, { meetings: -1 })).status).toBe(400);
    const report = { meetings: 1, documents: 3, recordsSent: 1, recordsUnsent: 0 };
    expect((await call('POST', '/api/devices/current/wiped', laptop, report)).status).toBe(200);
    expect((await call('GET', '/api/meetings', laptop)).status).toBe(401);
    expect((await call<DeviceList>('GET', '/api/devices', desk)).body.devices.map((d) => d.id)).not.toContain(lostId);

    const audit = await server.records.auditEntries(meetingId);
    const lostEntry = audit.find((e) => e.kind === 'device.marked_lost');
    const wipedEntry = audit.find((e) => e.kind === 'device.wiped');
    expect(lostEntry?.data).toMatchObject({ userId: users.other!.id, deviceId: lostId, deviceName: 'Laptop lost on the train', by: users.other!.id });
    expect(wipedEntry?.data).toMatchObject({ userId: users.other!.id, deviceId: lostId, ...report });
    expect((await server.records.verifyAudit(meetingId)).ok).toBe(true);
  });
});

describe('expiry', () => {
  it('slides while the session is used, over HTTP or an open socket, and ends when it is not', async () => {
    const t = await tempDir();
    const short = await start(t.dir, { sessionIdleMs: 1500 });
    try {
      const u = await createUser(short.store, 'idle');
      const meetingId = await createMeeting(short.store, [[u, 'delegate']]);
      const login = async () => {
        const res = await fetch(`${short.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'idle', password }) });
        return ((await res.json()) as { token: string }).token;
      };
      const get = (token: string) => fetch(`${short.url}/api/session`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

      // Used every 100 ms for twice the idle period: still signed in.
      const busy = await login();
      const until = Date.now() + 3000;
      while (Date.now() < until) {
        expect(await get(busy)).toBe(200);
        await sleep(100);
      }
      // An open socket and no HTTP at all for over twice the idle period: still signed in.
      const listening = await login();
      const c = connect(short.url, `live/${meetingId}`, listening);
      await c.synced;
      await sleep(3500);
      expect(await get(listening)).toBe(200);
      c.destroy();
      // Left alone for longer than the idle period: gone.
      await sleep(2500);
      expect(await get(busy)).toBe(401);
    } finally {
      await short.close();
      await t.remove();
    }
  });
});
