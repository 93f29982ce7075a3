import * as encoding from 'lib0/encoding';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { closeCodes } from '../../../shared/ydoc/doc-names';
import { MeetingList } from '../../../shared/api/meetings';
import { addAgendaItem, readMeeting, setMeta } from '../../../shared/ydoc/meeting';
import { liveDoc, readLive } from '../../../shared/ydoc/live';
import type { UserRecord } from '../../../server/store/types';
import { clientsForFile, connect, createMeeting, createUser, login, rawSocket, serverForFile, sleep, start, tempDir, upgradeStatus, waitFor } from './helpers';

// Documents are freed a moment after their last client (lingerMs); these tests watch that happen.
const suite = serverForFile({ docs: { lingerMs: 100 } });
let meetingId: string;
const tokens: Record<string, string> = {};
const clients = clientsForFile();

const open = (docName: string, who: string) => clients.connect(suite.server.url, docName, tokens[who]!);

function syncFrame(kind: 1 | 2, update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, kind);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

async function serverMeeting(id = meetingId) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, await suite.server.docs.encodeState(`meeting/${id}`));
  return readMeeting(doc);
}

beforeAll(async () => {
  const users: Record<string, UserRecord> = {};
  for (const name of ['sec1', 'sec2', 'del', 'outsider', 'chair']) users[name] = await createUser(suite.server.store, name);
  meetingId = await createMeeting(suite.server.store, [
    [users.sec1!, 'secretariat'],
    [users.sec2!, 'secretariat'],
    [users.del!, 'delegate'],
    [users.chair!, 'chair'],
  ]);
  for (const name of Object.keys(users)) tokens[name] = await login(suite.server.url, name);
});

describe('upgrade authentication', () => {
  it('refuses a missing or forged token with 401', async () => {
    expect(await upgradeStatus(suite.server.url, `/sync/meeting/${meetingId}`)).toBe(401);
    expect(await upgradeStatus(suite.server.url, `/sync/meeting/${meetingId}?token=forged`)).toBe(401);
  });

  it('refuses a non-member with 403 and an unknown meeting likewise', async () => {
    expect(await upgradeStatus(suite.server.url, `/sync/meeting/${meetingId}?token=${tokens.outsider}`)).toBe(403);
    expect(await upgradeStatus(suite.server.url, `/sync/live/${meetingId}?token=${tokens.outsider}`)).toBe(403);
    expect(await upgradeStatus(suite.server.url, `/sync/meeting/unknown?token=${tokens.sec1}`)).toBe(403);
  });

  it('refuses a bad document name with 400 and other paths with 404', async () => {
    expect(await upgradeStatus(suite.server.url, `/sync/other/${meetingId}?token=${tokens.sec1}`)).toBe(400);
    expect(await upgradeStatus(suite.server.url, `/elsewhere?token=${tokens.sec1}`)).toBe(404);
  });

  it('refuses a delegate on a draft meeting but lets its secretariat in', async () => {
    const sec = (await suite.server.store.findUserByUsername('sec1'))!;
    const del = (await suite.server.store.findUserByUsername('del'))!;
    const draft = await createMeeting(suite.server.store, [[sec, 'secretariat'], [del, 'delegate']], { status: 'draft' });
    expect(await upgradeStatus(suite.server.url, `/sync/meeting/${draft}?token=${tokens.del}`)).toBe(403);
    expect(await upgradeStatus(suite.server.url, `/sync/meeting/${draft}?token=${tokens.sec1}`)).toBe(101);
  });
});

describe('meeting documents', () => {
  it('converges two secretariat clients and mirrors meta into the meeting list', async () => {
    const a = open(`meeting/${meetingId}`, 'sec1');
    const b = open(`meeting/${meetingId}`, 'sec2');
    await Promise.all([a.synced, b.synced]);
    setMeta(a.doc, { title: 'Phiên họp thường kỳ', status: 'published', venue: 'Nhà Quốc hội' });
    addAgendaItem(b.doc, { id: 'item-1', title: 'Khai mạc', parentId: null, order: 1 });
    await waitFor(() => readMeeting(a.doc).agenda.length === 1 && readMeeting(b.doc).meta.title === 'Phiên họp thường kỳ', 5000, 'convergence');
    expect(readMeeting(a.doc)).toEqual(readMeeting(b.doc));
    expect((await serverMeeting()).agenda.map((i) => i.title)).toEqual(['Khai mạc']);

    await waitFor(
      async () => {
        const res = await fetch(`${suite.server.url}/api/meetings`, { headers: { authorization: `Bearer ${tokens.sec1}` } });
        const list = MeetingList.parse(await res.json()).meetings;
        return list.some((m) => m.id === meetingId && m.title === 'Phiên họp thường kỳ' && m.venue === 'Nhà Quốc hội');
      },
      3000,
      'meeting row update',
    );
  });

  it("drops a delegate's edits but keeps the delegate up to date", async () => {
    const sec = open(`meeting/${meetingId}`, 'sec1');
    const del = open(`meeting/${meetingId}`, 'del');
    const watcher = open(`meeting/${meetingId}`, 'sec2');
    await Promise.all([sec.synced, del.synced, watcher.synced]);

    addAgendaItem(del.doc, { id: 'from-delegate', title: 'Sneaky', parentId: null, order: 99 });
    setMeta(del.doc, { title: 'Hijacked' });
    // Give the server time to (not) apply it, then prove the pipe still works.
    await sleep(200);
    addAgendaItem(sec.doc, { id: 'from-secretary', title: 'Thảo luận', parentId: null, order: 2 });
    await waitFor(() => readMeeting(del.doc).agenda.some((i) => i.id === 'from-secretary'), 5000, 'delegate receives');
    await waitFor(() => readMeeting(watcher.doc).agenda.some((i) => i.id === 'from-secretary'), 5000, 'watcher receives');

    const onServer = await serverMeeting();
    expect(onServer.agenda.some((i) => i.id === 'from-delegate')).toBe(false);
    expect(onServer.meta.title).not.toBe('Hijacked');
    expect(readMeeting(watcher.doc).agenda.some((i) => i.id === 'from-delegate')).toBe(false);
    expect(readMeeting(watcher.doc).meta.title).not.toBe('Hijacked');
  });

  it('closes a connection that sends a damaged update with 4400 and keeps serving the others', async () => {
    const sec = open(`meeting/${meetingId}`, 'sec1');
    const other = open(`meeting/${meetingId}`, 'sec2');
    await Promise.all([sec.synced, other.synced]);
    const before = await serverMeeting();

    const source = new Y.Doc();
    addAgendaItem(source, { id: 'truncated', title: 'Never arrives', parentId: null, order: 5 });
    const full = Y.encodeStateAsUpdate(source);

    for (const payload of [full.slice(0, full.length - 7), Uint8Array.of(255, 255, 255, 1, 2, 3), new Uint8Array(0)]) {
      const raw = await rawSocket(suite.server.url, `meeting/${meetingId}`, tokens.sec1!);
      raw.ws.send(syncFrame(2, payload));
      const { code } = await raw.closed;
      if (payload.length === 0) continue; // an empty update is harmless; whatever happened, the doc must be intact
      expect(code).toBe(closeCodes.badMessage);
    }
    const garbage = await rawSocket(suite.server.url, `meeting/${meetingId}`, tokens.sec1!);
    garbage.ws.send(Uint8Array.of(0, 9, 9));
    expect((await garbage.closed).code).toBe(closeCodes.badMessage);

    expect(await serverMeeting()).toEqual(before);
    addAgendaItem(sec.doc, { id: 'after-garbage', title: 'Still works', parentId: null, order: 6 });
    await waitFor(() => readMeeting(other.doc).agenda.some((i) => i.id === 'after-garbage'), 5000, 'others keep working');
    expect((await serverMeeting()).agenda.some((i) => i.id === 'truncated')).toBe(false);
  });

  it('closes a connection whose frame exceeds the size cap', async () => {
    const raw = await rawSocket(suite.server.url, `meeting/${meetingId}`, tokens.sec1!);
    raw.ws.send(new Uint8Array(16 * 1024 * 1024 + 1));
    expect((await raw.closed).code).toBe(1009);
  });

  it('closes a connection that floods messages with a "try again later" code', async () => {
    const raw = await rawSocket(suite.server.url, `meeting/${meetingId}`, tokens.del!);
    for (let i = 0; i < 1100; i++) raw.ws.send(Uint8Array.of(3));
    const closed = await raw.closed;
    expect(closed.code).toBe(closeCodes.rateLimited);
    expect(closed.code >= 4500 && closed.code < 4600).toBe(true);
    expect(closed.reason).toMatch(/Too many messages/);
  });

  it('frees a document when its last connection closes', async () => {
    for (const c of clients.splice(0)) c.destroy();
    await waitFor(() => !suite.server.docs.isLoaded(`meeting/${meetingId}`), 5000, 'room unloaded');
    const c = open(`meeting/${meetingId}`, 'del');
    await c.synced;
    expect(suite.server.docs.isLoaded(`meeting/${meetingId}`)).toBe(true);
    expect(readMeeting(c.doc).agenda.some((i) => i.id === 'after-garbage')).toBe(true);
    c.destroy();
    clients.splice(clients.indexOf(c), 1);
    await waitFor(() => !suite.server.docs.isLoaded(`meeting/${meetingId}`), 5000, 'room unloaded again');
  });

  it('keeps a document a moment after its last client, so a burst of server reads does not load it each time', async () => {
    const dir = await tempDir();
    const s = await start(dir.dir, { docs: { lingerMs: 60_000 } });
    try {
      const user = await createUser(s.store, 'linger-sec');
      const id = await createMeeting(s.store, [[user, 'secretariat']]);
      let loads = 0;
      const load = s.store.loadUpdates.bind(s.store);
      s.store.loadUpdates = (...args) => (loads++, load(...args));
      for (let i = 0; i < 20; i++) await s.docs.read(`meeting/${id}`, (doc) => readMeeting(doc).agenda.length);
      expect(loads).toBe(1);
      expect(s.docs.isLoaded(`meeting/${id}`)).toBe(true);
    } finally {
      await s.close();
      await dir.remove();
    }
  });
});

describe('live documents', () => {
  it('drops every client write and delivers server writes', async () => {
    const sec = open(`live/${meetingId}`, 'sec1');
    const chair = open(`live/${meetingId}`, 'chair');
    await Promise.all([sec.synced, chair.synced]);
    liveDoc.state(sec.doc).set('currentItemId', 'forged-by-client');
    await sleep(200);
    await suite.server.docs.transact(`live/${meetingId}`, (doc) => {
      liveDoc.state(doc).set('startedAt', '2026-11-25T08:00:00+07:00');
    });
    await waitFor(() => readLive(chair.doc).startedAt !== null, 5000, 'server write reaches clients');
    expect(readLive(chair.doc).currentItemId).toBeNull();
    const state = new Y.Doc();
    Y.applyUpdate(state, await suite.server.docs.encodeState(`live/${meetingId}`));
    expect(readLive(state)).toEqual({ currentItemId: null, startedAt: '2026-11-25T08:00:00+07:00', checkInOpen: false });
  });

  it('relays no awareness in live documents but keeps the connection alive', async () => {
    const a = open(`live/${meetingId}`, 'sec1');
    const b = open(`live/${meetingId}`, 'del');
    await Promise.all([a.synced, b.synced]);
    a.provider.awareness.setLocalStateField('user', 'sec1');
    await sleep(300);
    expect(b.provider.awareness.getStates().has(a.doc.clientID)).toBe(false);
  });
});

describe('awareness in meeting documents', () => {
  it('relays presence in small meetings', async () => {
    const a = open(`meeting/${meetingId}`, 'sec1');
    const b = open(`meeting/${meetingId}`, 'del');
    await Promise.all([a.synced, b.synced]);
    a.provider.awareness.setLocalStateField('user', { name: 'sec1' });
    await waitFor(() => (b.provider.awareness.getStates().get(a.doc.clientID) as { user?: unknown } | undefined)?.user !== undefined, 5000, 'awareness relayed');
  });
});

describe('persistence', () => {
  it('keeps content across a restart and compacts the update log', async () => {
    const { dir, remove: rm } = await tempDir();
    let s = await start(dir, { docs: { compactAfterRows: 10, lingerMs: 100 } });
    const sec = await createUser(s.store, 'p-sec');
    const id = await createMeeting(s.store, [[sec, 'secretariat']]);
    let token = await login(s.url, 'p-sec');
    const c = connect(s.url, `meeting/${id}`, token);
    await c.synced;
    for (let i = 0; i < 30; i++) addAgendaItem(c.doc, { id: `i${i}`, title: `Mục ${i}`, parentId: null, order: i });
    await waitFor(async () => {
      const d = new Y.Doc();
      Y.applyUpdate(d, await s.docs.encodeState(`meeting/${id}`));
      return readMeeting(d).agenda.length === 30;
    }, 5000, 'all updates on server');
    // Compaction runs beside the writes: the log is short once the last one has finished.
    await waitFor(async () => (await s.store.loadUpdates(`meeting/${id}`)).length <= 11, 5000, 'the update log compacted');
    c.destroy();
    await waitFor(() => !s.docs.isLoaded(`meeting/${id}`), 5000, 'unloaded');
    await s.docs.settled();
    expect((await s.store.loadUpdates(`meeting/${id}`)).length).toBe(1);
    await s.close();

    s = await start(dir);
    try {
      token = await login(s.url, 'p-sec');
      const again = connect(s.url, `meeting/${id}`, token);
      await again.synced;
      expect(readMeeting(again.doc).agenda.map((i) => i.title)).toEqual(Array.from({ length: 30 }, (_, i) => `Mục ${i}`));
      again.destroy();
    } finally {
      await s.close();
      await rm();
    }
  });

  it('persists on close() even while clients are connected', async () => {
    const { dir, remove: rm } = await tempDir();
    let s = await start(dir);
    const sec = await createUser(s.store, 'q-sec');
    const id = await createMeeting(s.store, [[sec, 'secretariat']]);
    const c = connect(s.url, `meeting/${id}`, await login(s.url, 'q-sec'));
    await c.synced;
    setMeta(c.doc, { title: 'Trước khi tắt máy chủ' });
    await waitFor(async () => {
      const d = new Y.Doc();
      Y.applyUpdate(d, await s.docs.encodeState(`meeting/${id}`));
      return readMeeting(d).meta.title === 'Trước khi tắt máy chủ';
    });
    await s.close();
    c.destroy();
    s = await start(dir);
    try {
      const d = new Y.Doc();
      Y.applyUpdate(d, await s.docs.encodeState(`meeting/${id}`));
      expect(readMeeting(d).meta.title).toBe('Trước khi tắt máy chủ');
      expect((await s.store.getMeeting(id))!.title).toBe('Trước khi tắt máy chủ');
    } finally {
      await s.close();
      await rm();
    }
  });
});
