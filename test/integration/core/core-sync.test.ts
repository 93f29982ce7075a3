/**
 * The desktop core against a real sync server on 127.0.0.1: real SQLite files on both
 * sides, real y-websocket connections, the demo meeting the server seeds.
 */
import { describe, expect } from 'vitest';
import { test as it, type CoreFixtures, type TestServer } from '../../support/core-fixture';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { readMeeting } from '../../../shared/ydoc/meeting';
import { ApiError } from '../../../shared/errors';
import { currentMeeting, tempDir, waitUntil } from '../../support/temp';

/** Signed in with the meeting list read; each test opens the meeting and reads its views through `view()`. */
async function signedIn(device: CoreFixtures['device'], srv: TestServer, username: string, dataDir?: string) {
  const d = await device(srv.url, username, { dataDir, until: 'listed' });
  expect(d.meetings.length).toBeGreaterThan(0);
  return d;
}

describe('desktop core with a real server', () => {
  it('refuses a wrong password with a clear message and keeps no session', async ({ server, newCore }) => {
    const srv = await server();
    const core = await newCore();
    const err = await core.api.session.login({ serverUrl: srv.url, username: 'secretary', password: 'nope' }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('bad_credentials');
    expect(await core.api.session.current()).toBeNull();
  });

  it('rejects malformed calls before doing anything', async ({ newCore }) => {
    const core = await newCore();
    const err = await core.api.session.login({ serverUrl: 'not a url', username: '', password: 'x' }).catch((e) => e);
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/serverUrl/);
    const err2 = await core.api.agenda.rename({ meetingId: '../../etc', itemId: 'x', title: 'y' }).catch((e) => e);
    expect(err2.code).toBe('invalid_input');
    const err3 = await core.api.agenda.rename({ meetingId: 'm1', itemId: 'x', title: 'y' }).catch((e) => e);
    expect(err3.code).toBe('unauthorized');
  });

  it('reports an unreachable server as offline', async ({ newCore }) => {
    const core = await newCore();
    const err = await core.api.session
      .login({ serverUrl: 'http://127.0.0.1:9', username: 'secretary', password: 'demo' })
      .catch((e) => e);
    expect(err.code).toBe('offline');
  });

  it("shows a secretary's rename on a delegate's device, and refuses the delegate's own edits", async ({ server, device }) => {
    const srv = await server();
    const sec = await signedIn(device, srv, 'secretary');
    const del = await signedIn(device, srv, 'delegate01');
    const secView = await sec.core.api.meetings.open({ meetingId: sec.meetingId });
    const delView = await del.core.api.meetings.open({ meetingId: del.meetingId });
    expect(secView.canEdit).toBe(true);
    expect(delView.canEdit).toBe(false);
    await waitUntil(() => sec.view()?.synced && del.view()?.synced, 'both replicas to sync');
    const first = sec.view()!.content.agenda[0]!;

    const title = 'Khai mạc phiên họp (đã sửa)';
    await sec.core.api.agenda.rename({ meetingId: sec.meetingId, itemId: first.id, title });
    const seen = await waitUntil(
      () => del.view()?.content.agenda.find((i) => i.id === first.id && i.title === title),
      'the delegate to see the rename',
    );
    expect(seen.number).toBe(first.number);

    const refused = await del.core.api.agenda.rename({ meetingId: del.meetingId, itemId: first.id, title: 'hack' }).catch((e) => e);
    expect(refused.code).toBe('forbidden');
  });

  it('comes back after the server cuts a burst of edits, and delivers every one of them', async ({ server, device }) => {
    // A low flood limit stands in for a burst faster than the server allows (1,000 a second).
    const srv = await server({ docs: { maxMessagesPerSecond: 20 } });
    const sec = await signedIn(device, srv, 'secretary');
    const del = await signedIn(device, srv, 'delegate02');
    await sec.core.api.meetings.open({ meetingId: sec.meetingId });
    await del.core.api.meetings.open({ meetingId: del.meetingId });
    await waitUntil(() => sec.view()?.synced && del.view()?.synced, 'both replicas to sync');
    const before = sec.view()!.content.agenda.length;
    for (let i = 1; i <= 60; i++) await sec.core.api.agenda.add({ meetingId: sec.meetingId, parentId: null, title: `Mục bổ sung ${i}` });
    await waitUntil(() => del.view()?.content.agenda.length === before + 60, 'the delegate to see all 60 items', { timeoutMs: 20_000 });
    expect(del.view()!.content.agenda.slice(-60).map((i) => i.title)).toEqual(Array.from({ length: 60 }, (_, i) => `Mục bổ sung ${i + 1}`));
  });

  it('drops meeting edits from a delegate connection that bypasses the core', async ({ defer, server, device }) => {
    const srv = await server();
    const del = await signedIn(device, srv, 'delegate02');
    const sec = await signedIn(device, srv, 'secretary');
    await sec.core.api.meetings.open({ meetingId: sec.meetingId });
    const login = await fetch(`${srv.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'delegate02', password: 'demo' }),
    }).then((r) => r.json() as Promise<{ token: string }>);
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(srv.url.replace('http', 'ws') + '/sync', `meeting/${del.meetingId}`, doc, {
      params: { token: login.token },
      WebSocketPolyfill: WebSocket as never,
      disableBc: true,
    });
    defer(async () => provider.destroy());
    await waitUntil(() => provider.synced, 'the raw delegate provider to sync');
    expect(readMeeting(doc).agenda.length).toBeGreaterThan(0);
    doc.transact(() => doc.getMap('meta').set('title', 'Forged title'));
    // An edit the secretary makes afterwards proves the forged one had its chance to arrive.
    await sec.core.api.agenda.add({ meetingId: sec.meetingId, parentId: null, title: 'Marker after forged write' });
    await waitUntil(() => sec.view()?.content.agenda.some((i) => i.title === 'Marker after forged write'), 'marker');
    await new Promise((r) => setTimeout(r, 200));
    expect(sec.view()!.content.meta.title).not.toBe('Forged title');
  });

  it('keeps editing offline, then syncs both ways when the server returns, losing nothing', async ({ server, device }) => {
    let srv = await server();
    const sec = await signedIn(device, srv, 'secretary');
    const del = await signedIn(device, srv, 'delegate03');
    await sec.core.api.meetings.open({ meetingId: sec.meetingId });
    await del.core.api.meetings.open({ meetingId: del.meetingId });
    await waitUntil(() => sec.view()?.synced && del.view()?.synced, 'both replicas synced');

    const statuses: string[] = [];
    sec.core.on('sync.status', (s) => statuses.push(s.state));
    await srv.close();
    await waitUntil(async () => (await sec.core.api.sync.status()).state === 'offline', 'the secretary to see offline');
    await waitUntil(async () => (await del.core.api.sync.status()).state === 'offline', 'the delegate to see offline');

    const { itemId } = await sec.core.api.agenda.add({ meetingId: sec.meetingId, parentId: null, title: 'Thêm khi mất mạng' });
    const offlineItem = await waitUntil(() => sec.view()?.content.agenda.find((i) => i.id === itemId), 'local edit visible offline');
    expect(offlineItem.title).toBe('Thêm khi mất mạng');

    srv = await srv.startAgain();
    await waitUntil(() => del.view()?.content.agenda.some((i) => i.id === itemId), 'the offline edit to reach the delegate', {
      timeoutMs: 20_000,
    });
    expect(statuses).toContain('offline');
    await waitUntil(async () => (await sec.core.api.sync.status()).state === 'online', 'back online');
  });

  it('opens the meeting from the device after a restart with no server', async ({ server, newCore, device }) => {
    const srv = await server();
    const dataDir = tempDir();
    const first = await signedIn(device, srv, 'delegate04', dataDir);
    await first.core.api.meetings.open({ meetingId: first.meetingId });
    await waitUntil(() => first.view()?.synced && first.view().content.agenda.length > 0, 'initial sync');
    const agendaBefore = first.view()!.content.agenda.map((i) => i.title);
    await first.core.close();
    await srv.close();

    const again = await newCore({ dataDir });
    expect((await again.api.session.current())?.user.username).toBe('delegate04');
    const list = await again.api.meetings.list();
    expect(list.fromCache).toBe(true);
    const view = await again.api.meetings.open({ meetingId: currentMeeting(list.meetings).id });
    expect(view.content.agenda.map((i) => i.title)).toEqual(agendaBefore);
  });
});
