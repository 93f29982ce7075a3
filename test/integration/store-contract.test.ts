/**
 * The Store contract (issue 13): the same cases against the embedded SQLite store and the
 * PostgreSQL store, so the cluster mode behaves as the default does — every method of the
 * interface, the errors callers see (ApiError codes, ParticipantConflict), and the
 * invariants that must hold when two nodes (two store handles on one database) write at once.
 */
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors';
import type { MeetingRole } from '../../shared/roles';
import { openPostgresStore } from '../../server/store/postgres';
import { openSqliteStore } from '../../server/store/sqlite';
import { keepLostSessionsMs } from '../../server/store/sessions-sqlite';
import { ParticipantConflict, type NewDeviceSession, type Store } from '../../server/store/types';
import { postgresMissing, startPostgres, type TestPostgres } from '../support/postgres';
import { tempDir } from '../support/temp';

interface Backend {
  /** A fresh, empty database. */
  create(): Promise<void>;
  /** Another handle on the same database: a second node. */
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

const noPg = postgresMissing();
let pgServer: TestPostgres | null = null;

const backends: [string, () => Backend][] = [
  [
    'sqlite',
    () => {
      let dir = '';
      return {
        async create() {
          dir = tempDir('oc-store-contract-');
        },
        async open() {
          return openSqliteStore(dir);
        },
        async dispose() {
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
  [
    noPg ? `postgres (skipped: ${noPg})` : 'postgres',
    () => {
      let url = '';
      return {
        async create() {
          url = await pgServer!.createDatabase();
        },
        open: () => openPostgresStore(url, { max: 4 }),
        async dispose() {},
      };
    },
  ],
];

beforeAll(async () => {
  if (!noPg) pgServer = await startPostgres();
});
afterAll(async () => {
  await pgServer?.stop();
});

const rejectsWith = async (p: Promise<unknown>, code: ApiError['code']) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  expect((err as ApiError).code).toBe(code);
  return err as ApiError;
};

const device = (id: string, createdAt: number, absoluteExpiresAt: number, name = 'Laptop'): NewDeviceSession => ({
  id,
  deviceName: name,
  ip: '10.0.0.1',
  createdAt,
  absoluteExpiresAt,
});

const meeting = (id: string, over: Partial<{ title: string; startsAt: string | null }> = {}) => ({
  id,
  title: over.title ?? `Meeting ${id}`,
  status: 'draft' as const,
  startsAt: over.startsAt ?? null,
  endsAt: null,
  venue: null,
});

describe.each(backends)('Store contract: %s', (name, makeBackend) => {
  const skip = name.startsWith('postgres') && noPg !== null;
  let backend: Backend;
  let store: Store;
  const others: Store[] = [];
  const second = async () => {
    const s = await backend.open();
    others.push(s);
    return s;
  };
  const user = async (username: string, s: Store = store) =>
    (await s.createUsers([{ username, displayName: username.toUpperCase(), passwordHash: `hash-${username}`, globalRole: 'user' }]))[0]!;

  beforeEach(async () => {
    if (skip) return;
    backend = makeBackend();
    await backend.create();
    store = await backend.open();
  });
  afterEach(async () => {
    if (skip) return;
    for (const s of others.splice(0)) await s.close();
    await store.close();
    await backend.dispose();
  });

  describe.skipIf(skip)('users', () => {
    it('creates, counts, finds by id and by user name regardless of ASCII case', async () => {
      expect(await store.countUsers()).toBe(0);
      const made = await store.createUsers([
        { username: 'Secretary', displayName: 'Thư ký', passwordHash: 'h1', globalRole: 'user' },
        { id: 'admin-id', username: 'admin', displayName: 'Quản trị', passwordHash: 'h2', globalRole: 'admin' },
      ]);
      expect(made[1]).toEqual({ id: 'admin-id', username: 'admin', displayName: 'Quản trị', globalRole: 'admin' });
      expect(made[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await store.countUsers()).toBe(2);
      expect(await store.getUser('admin-id')).toEqual(made[1]);
      expect(await store.getUser('nobody')).toBeNull();
      expect(await store.findUserByUsername('SECRETARY')).toEqual({ ...made[0], passwordHash: 'h1' });
      expect(await store.findUserByUsername('secretar')).toBeNull();
    });

    it('folds only A–Z, as SQLite NOCASE does: "ĐỨC" and "đức" are two names', async () => {
      await user('đức');
      await user('ĐỨC');
      expect((await store.findUserByUsername('đức'))?.username).toBe('đức');
      expect((await store.findUserByUsername('ĐỨC'))?.username).toBe('ĐỨC');
      expect(await store.countUsers()).toBe(2);
    });

    it('refuses a taken name (any case) as conflict, and a batch with one is written not at all', async () => {
      await user('Chair');
      await rejectsWith(user('chair'), 'conflict');
      const err = await rejectsWith(
        store.createUsers([
          { username: 'fresh', displayName: 'F', passwordHash: 'x', globalRole: 'user' },
          { username: 'FRESH', displayName: 'F2', passwordHash: 'x', globalRole: 'user' },
        ]),
        'conflict',
      );
      expect(err.message).toMatch(/user name/);
      expect(await store.findUserByUsername('fresh')).toBeNull();
      expect(await store.countUsers()).toBe(1);
    });

    it('keeps one account when two nodes create the same name at once', async () => {
      const other = await second();
      const results = await Promise.allSettled([user('delegate01'), user('DELEGATE01', other)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(failed.reason).toBeInstanceOf(ApiError);
      expect((failed.reason as ApiError).code).toBe('conflict');
      expect(await store.countUsers()).toBe(1);
    });

    it('finds many names at once, keyed by the lower-cased name asked for', async () => {
      const a = await user('Alpha');
      const b = await user('beta');
      const found = await store.findUsersByUsernames(['ALPHA', 'Beta', 'gamma']);
      expect([...found.keys()].sort()).toEqual(['alpha', 'beta']);
      expect(found.get('alpha')).toEqual(a);
      expect(found.get('beta')).toEqual(b);
      expect((await store.findUsersByUsernames([])).size).toBe(0);
    });

    it('disables and enables an account; false for an unknown one', async () => {
      const u = await user('u');
      expect(await store.isUserDisabled(u.id)).toBe(false);
      expect(await store.setUserDisabled(u.id, '2026-01-01T00:00:00.000Z')).toBe(true);
      expect(await store.isUserDisabled(u.id)).toBe(true);
      expect(await store.setUserDisabled(u.id, null)).toBe(true);
      expect(await store.isUserDisabled(u.id)).toBe(false);
      expect(await store.setUserDisabled('nobody', null)).toBe(false);
      expect(await store.isUserDisabled('nobody')).toBe(false);
    });
  });

  describe.skipIf(skip)('sessions', () => {
    it('stores sessions by token hash, deletes them, and sweeps the expired ones but keeps lost ones', async () => {
      const u = await user('a');
      await store.createSession('h1', u.id, 100);
      await store.createSession('h2', u.id, 10_000);
      expect(await store.findSession('h1')).toEqual({ userId: u.id, expiresAt: 100 });
      expect(await store.findSession('nope')).toBeNull();
      const h1 = (await store.sessionByToken('h1'))!;
      expect(h1).toMatchObject({ userId: u.id, deviceName: '', expiresAt: 100, absoluteExpiresAt: 100, lostAt: null, userDisabled: false });
      await store.createDeviceSession('h3', u.id, 50, device('lost-one', 0, 50));
      expect(await store.markSessionLost('lost-one', 'admin', 60)).toBe(true);
      expect(await store.deleteExpiredSessions(1000)).toBe(1);
      expect(await store.findSession('h1')).toBeNull();
      expect(await store.findSession('h2')).not.toBeNull();
      expect(await store.findSession('h3')).not.toBeNull();
      // A lost device's session goes only a year after it was marked.
      expect(await store.deleteExpiredSessions(60 + keepLostSessionsMs)).toBe(2);
      await store.createSession('h4', u.id, 10_000);
      await store.deleteSession('h4');
      expect(await store.findSession('h4')).toBeNull();
    });

    it('refuses a session for an unknown account (not_found) and a second session with one token (conflict)', async () => {
      const u = await user('a');
      await rejectsWith(store.createSession('h', 'nobody', 100), 'not_found');
      await store.createDeviceSession('h', u.id, 100, device('d1', 0, 100));
      await rejectsWith(store.createDeviceSession('h', u.id, 100, device('d2', 0, 100)), 'conflict');
      await rejectsWith(store.createDeviceSession('h-other', u.id, 100, device('d1', 0, 100)), 'conflict');
    });

    it('lists devices newest first, with every field, and finds them by id and token', async () => {
      const u = await user('a');
      await store.createDeviceSession('ha', u.id, 500, device('a'.repeat(32), 10, 1000, 'Máy tính bảng'));
      await store.createDeviceSession('hb', u.id, 500, device('b'.repeat(32), 20, 1000));
      await store.touchSession('a'.repeat(32), 30, '192.168.1.5', 700);
      const list = await store.listSessionsOfUser(u.id);
      expect(list.map((s) => s.id)).toEqual(['a'.repeat(32), 'b'.repeat(32)]);
      expect(list[0]).toEqual({
        id: 'a'.repeat(32),
        tokenHash: 'ha',
        userId: u.id,
        deviceName: 'Máy tính bảng',
        createdAt: 10,
        lastSeenAt: 30,
        lastSeenIp: '192.168.1.5',
        expiresAt: 700,
        absoluteExpiresAt: 1000,
        lostAt: null,
        lostBy: null,
        userDisabled: false,
      });
      expect(await store.sessionById('b'.repeat(32))).toEqual(list[1]);
      expect(await store.sessionByToken('hb')).toEqual({ ...list[1], user: { id: u.id, username: u.username, displayName: u.displayName, globalRole: u.globalRole } });
      expect(await store.sessionById('zzz')).toBeNull();
      await store.setUserDisabled(u.id, '2026-01-01T00:00:00.000Z');
      expect((await store.sessionById('b'.repeat(32)))!.userDisabled).toBe(true);
    });

    it('renews open sessions up to their absolute limit, leaving lost and lapsed ones alone', async () => {
      const u = await user('a');
      await store.createDeviceSession('h1', u.id, 200, device('s1', 0, 10_000));
      await store.createDeviceSession('h2', u.id, 200, device('s2', 0, 500));
      await store.createDeviceSession('h3', u.id, 200, device('s3', 0, 10_000));
      await store.createDeviceSession('h4', u.id, 50, device('s4', 0, 10_000));
      await store.markSessionLost('s3', 'admin', 90);
      await store.renewSessions(['s1', 's2', 's3', 's4'], 100, 1000);
      await store.renewSessions([], 100, 1000);
      const by = async (id: string) => (await store.sessionById(id))!;
      expect(await by('s1')).toMatchObject({ expiresAt: 1100, lastSeenAt: 100 });
      expect(await by('s2')).toMatchObject({ expiresAt: 500, lastSeenAt: 100 });
      expect(await by('s3')).toMatchObject({ expiresAt: 200, lastSeenAt: 0 });
      expect(await by('s4')).toMatchObject({ expiresAt: 50, lastSeenAt: 0 });
    });

    it('ends one session, or all of a user but the lost ones, and keeps the first lost mark', async () => {
      const u = await user('a');
      const v = await user('b');
      for (const id of ['s1', 's2', 's3']) await store.createDeviceSession(`h-${id}`, u.id, 1000, device(id, 0, 1000));
      await store.createDeviceSession('h-v', v.id, 1000, device('sv', 0, 1000));
      expect(await store.markSessionLost('s3', 'admin', 5)).toBe(true);
      expect(await store.markSessionLost('s3', 'someone-else', 9)).toBe(true);
      expect(await store.sessionById('s3')).toMatchObject({ lostAt: 5, lostBy: 'admin' });
      expect(await store.markSessionLost('nope', 'admin', 5)).toBe(false);
      expect(await store.deleteSessionById('s1')).toBe(true);
      expect(await store.deleteSessionById('s1')).toBe(false);
      await store.createDeviceSession('h-s4', u.id, 1000, device('s4', 0, 1000));
      expect((await store.deleteSessionsOfUser(u.id)).sort()).toEqual(['s2', 's4']);
      expect((await store.listSessionsOfUser(u.id)).map((s) => s.id)).toEqual(['s3']);
      expect(await store.sessionById('sv')).not.toBeNull();
    });

    it('tells whether someone is secretariat of a meeting the other belongs to', async () => {
      const sec = await user('sec');
      const del = await user('del');
      const stranger = await user('stranger');
      await store.createMeetingWithMembers(meeting('m1'), [
        { userId: sec.id, role: 'secretariat' },
        { userId: del.id, role: 'delegate' },
      ]);
      await store.createMeetingWithMembers(meeting('m2'), [{ userId: stranger.id, role: 'secretariat' }]);
      expect(await store.sharesMeetingAsSecretariat(sec.id, del.id)).toBe(true);
      expect(await store.sharesMeetingAsSecretariat(del.id, sec.id)).toBe(false);
      expect(await store.sharesMeetingAsSecretariat(sec.id, stranger.id)).toBe(false);
    });
  });

  describe.skipIf(skip)('meetings', () => {
    it('creates, reads, updates only the given fields, and moves the status only from the expected one', async () => {
      const m = await store.createMeeting({ ...meeting('m'), venue: 'Phòng 1', createdAt: '2025-01-01T00:00:00.000Z' });
      expect(m.createdAt).toBe('2025-01-01T00:00:00.000Z');
      expect(await store.getMeeting('m')).toEqual(m);
      expect(await store.getMeeting('nope')).toBeNull();
      await store.updateMeeting('m', { title: 'Mới', startsAt: '2026-03-01T08:00:00.000Z', venue: undefined });
      await store.updateMeeting('m', {});
      const after = (await store.getMeeting('m'))!;
      expect(after).toMatchObject({ title: 'Mới', startsAt: '2026-03-01T08:00:00.000Z', venue: 'Phòng 1', status: 'draft' });
      expect(after.updatedAt >= m.updatedAt).toBe(true);
      await store.updateMeeting('m', { venue: null });
      expect((await store.getMeeting('m'))!.venue).toBeNull();
      expect(await store.changeMeetingStatus('m', 'published', 'in_progress')).toBe(false);
      expect(await store.changeMeetingStatus('m', 'draft', 'published')).toBe(true);
      expect((await store.getMeeting('m'))!.status).toBe('published');
      expect(await store.changeMeetingStatus('nope', 'draft', 'published')).toBe(false);
    });

    it('refuses a second meeting with one id (conflict)', async () => {
      await store.createMeeting(meeting('m'));
      await rejectsWith(store.createMeeting(meeting('m')), 'conflict');
      const u = await user('u');
      await rejectsWith(store.createMeetingWithMembers(meeting('m'), [{ userId: u.id, role: 'secretariat' }]), 'conflict');
    });

    it('lists meetings by start (undated last), then title in byte order; a user sees only theirs, with the role', async () => {
      const u = await user('u');
      await store.createMeeting(meeting('undated', { title: 'A undated' }));
      await store.createMeeting(meeting('late', { startsAt: '2026-05-01T08:00:00.000Z' }));
      await store.createMeeting(meeting('early-z', { title: 'Z', startsAt: '2026-04-01T08:00:00.000Z' }));
      await store.createMeeting(meeting('early-a', { title: 'a', startsAt: '2026-04-01T08:00:00.000Z' }));
      await store.createMeeting(meeting('early-d', { title: 'Đ', startsAt: '2026-04-01T08:00:00.000Z' }));
      expect((await store.listAllMeetings()).map((m) => m.id)).toEqual(['early-z', 'early-a', 'early-d', 'late', 'undated']);
      await store.addMembers('late', [{ userId: u.id, role: 'chair' }]);
      await store.addMembers('undated', [{ userId: u.id, role: 'delegate' }]);
      const mine = await store.listMeetingsOfUser(u.id);
      expect(mine.map((m) => [m.id, m.role])).toEqual([
        ['late', 'chair'],
        ['undated', 'delegate'],
      ]);
      expect(mine[0]).toMatchObject({ title: 'Meeting late', status: 'draft' });
      // One read for a meeting request: the meeting and the caller's role, null for a stranger.
      expect(await store.getMeetingWithRole('late', u.id)).toEqual({ meeting: (await store.getMeeting('late'))!, role: 'chair' });
      expect(await store.getMeetingWithRole('early-a', u.id)).toEqual({ meeting: (await store.getMeeting('early-a'))!, role: null });
      expect(await store.getMeetingWithRole('nowhere', u.id)).toBeNull();
      // And read together with the session, in one statement: the same answers beside the session.
      await store.createDeviceSession('hm', u.id, Date.now() + 60_000, { id: 'dev-m', deviceName: 'Máy tính bảng', createdAt: 1, ip: null, absoluteExpiresAt: Date.now() + 120_000 });
      const plain = (await store.sessionByToken('hm'))!;
      expect(await store.sessionByToken('hm', 'late')).toEqual({ ...plain, inMeeting: await store.getMeetingWithRole('late', u.id) });
      expect(await store.sessionByToken('hm', 'early-a')).toEqual({ ...plain, inMeeting: { meeting: (await store.getMeeting('early-a'))!, role: null } });
      expect(await store.sessionByToken('hm', 'nowhere')).toEqual({ ...plain, inMeeting: null });
      expect(await store.sessionByToken('no-such-token', 'late')).toBeNull();
      // Asked together (PostgreSQL reads them in one statement), each gets its own answer.
      const together = await Promise.all([
        store.sessionByToken('hm', 'late'),
        store.sessionByToken('no-such-token'),
        store.sessionByToken('hm'),
        store.sessionByToken('hm', 'nowhere'),
        store.sessionByToken('hm', 'early-a'),
        store.sessionByToken('hm', 'late'),
      ]);
      expect(together).toEqual([
        { ...plain, inMeeting: await store.getMeetingWithRole('late', u.id) },
        null,
        plain,
        { ...plain, inMeeting: null },
        { ...plain, inMeeting: { meeting: (await store.getMeeting('early-a'))!, role: null } },
        { ...plain, inMeeting: await store.getMeetingWithRole('late', u.id) },
      ]);
    });
  });

  describe.skipIf(skip)('members', () => {
    it('adds members (the last role given wins), counts, lists, and counts a user\'s roles', async () => {
      const [a, b] = [await user('a'), await user('b')];
      await store.createMeeting(meeting('m'));
      await store.createMeeting(meeting('n'));
      await store.addMembers('m', [
        { userId: a.id, role: 'delegate' },
        { userId: b.id, role: 'guest' },
        { userId: a.id, role: 'secretariat' },
      ]);
      await store.addMembers('m', [{ userId: b.id, role: 'chair' }]);
      await store.addMembers('m', []);
      await store.addMembers('n', [{ userId: a.id, role: 'secretariat' }]);
      expect(await store.getMemberRole('m', a.id)).toBe('secretariat');
      expect(await store.getMemberRole('m', b.id)).toBe('chair');
      expect(await store.getMemberRole('m', 'nobody')).toBeNull();
      expect(await store.countMembers('m')).toBe(2);
      expect(await store.countMembers('nope')).toBe(0);
      const list = (await store.listMembers('m')).sort((x, y) => x.username.localeCompare(y.username));
      expect(list).toEqual([
        { userId: a.id, username: 'a', role: 'secretariat' },
        { userId: b.id, username: 'b', role: 'chair' },
      ]);
      expect(await store.countMembershipsWithRole(a.id, 'secretariat')).toBe(2);
      expect(await store.countMembershipsWithRole(b.id, 'secretariat')).toBe(0);
    });

    it('refuses members of an unknown meeting or account (not_found)', async () => {
      const a = await user('a');
      await rejectsWith(store.addMembers('nope', [{ userId: a.id, role: 'delegate' }]), 'not_found');
      await store.createMeeting(meeting('m'));
      await rejectsWith(store.addMembers('m', [{ userId: 'nobody', role: 'delegate' }]), 'not_found');
    });

    it('creates a meeting with its members in one transaction: an unknown member leaves no meeting', async () => {
      const a = await user('a');
      const m = await store.createMeetingWithMembers(meeting('m'), [{ userId: a.id, role: 'secretariat' }]);
      expect(m.createdAt).toBe(m.updatedAt);
      expect(await store.getMemberRole('m', a.id)).toBe('secretariat');
      await rejectsWith(
        store.createMeetingWithMembers(meeting('m2'), [
          { userId: a.id, role: 'secretariat' },
          { userId: 'nobody', role: 'delegate' },
        ]),
        'not_found',
      );
      expect(await store.getMeeting('m2')).toBeNull();
    });

    it('adds participants: reuses accounts (any case), creates the others, and all or nothing', async () => {
      const existing = await user('Existing');
      await store.createMeeting(meeting('m'));
      const added = await store.addParticipants('m', [
        { username: 'EXISTING', displayName: 'ignored', role: 'delegate', passwordHash: null },
        { username: 'newbie', displayName: 'Người mới', role: 'guest', passwordHash: 'hash-new' },
      ]);
      expect(added[0]).toEqual({ userId: existing.id, username: 'Existing', created: false });
      expect(added[1]).toMatchObject({ username: 'newbie', created: true });
      expect(await store.findUserByUsername('newbie')).toMatchObject({ displayName: 'Người mới', passwordHash: 'hash-new', globalRole: 'user' });
      expect(await store.getMemberRole('m', added[1]!.userId)).toBe('guest');

      // One already a member: nothing of the batch stays, not even the new account before it.
      const err = await store
        .addParticipants('m', [
          { username: 'another', displayName: 'A', role: 'delegate', passwordHash: 'h' },
          { username: 'Newbie', displayName: 'N', role: 'delegate', passwordHash: null },
        ])
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ParticipantConflict);
      expect((err as ParticipantConflict).username).toBe('Newbie');
      expect(await store.findUserByUsername('another')).toBeNull();
      expect(await store.countMembers('m')).toBe(2);

      await expect(store.addParticipants('m', [{ username: 'nohash', displayName: 'N', role: 'delegate', passwordHash: null }])).rejects.toThrow(/password hash/);
      expect(await store.findUserByUsername('nohash')).toBeNull();
    });

    it('changes and removes members, but never the last secretariat member', async () => {
      const [s, d] = [await user('s'), await user('d')];
      await store.createMeetingWithMembers(meeting('m'), [
        { userId: s.id, role: 'secretariat' },
        { userId: d.id, role: 'delegate' },
      ]);
      expect(await store.changeMember('m', 'nobody', 'chair')).toBe('not_member');
      expect(await store.changeMember('m', s.id, 'chair')).toBe('last_secretariat');
      expect(await store.changeMember('m', s.id, null)).toBe('last_secretariat');
      expect(await store.changeMember('m', s.id, 'secretariat')).toBe('ok');
      expect(await store.changeMember('m', d.id, 'secretariat')).toBe('ok');
      expect(await store.changeMember('m', s.id, null)).toBe('ok');
      expect(await store.getMemberRole('m', s.id)).toBeNull();
      expect(await store.changeMember('m', d.id, 'chair')).toBe('last_secretariat');
    });

    it('keeps a secretariat member when two nodes demote the last two at once (in ten meetings side by side)', async () => {
      const other = await second();
      // Warm both handles, so neither call waits on a new connection while the other finishes.
      await Promise.all([store.countUsers(), other.countUsers()]);
      const rounds = await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const [s1, s2] = [await user(`s1-${i}`), await user(`s2-${i}`)];
          await store.createMeetingWithMembers(meeting(`m${i}`), [
            { userId: s1.id, role: 'secretariat' },
            { userId: s2.id, role: 'secretariat' },
          ]);
          return { i, s1, s2 };
        }),
      );
      const outcomes = await Promise.all(
        rounds.map(async ({ i, s1, s2 }) => [await Promise.all([store.changeMember(`m${i}`, s1.id, 'delegate'), other.changeMember(`m${i}`, s2.id, null)])].flat()),
      );
      for (const o of outcomes) expect(o.sort()).toEqual(['last_secretariat', 'ok']);
      for (const { s1, s2 } of rounds) {
        expect((await store.countMembershipsWithRole(s1.id, 'secretariat')) + (await store.countMembershipsWithRole(s2.id, 'secretariat'))).toBe(1);
      }
    });

    it('adds a person once when two nodes import the same new name into one meeting at once', async () => {
      await store.createMeeting(meeting('m'));
      const other = await second();
      const p = (role: MeetingRole) => [{ username: 'twice', displayName: 'T', role, passwordHash: 'h' }];
      const results = await Promise.allSettled([store.addParticipants('m', p('delegate')), other.addParticipants('m', p('guest'))]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(ParticipantConflict);
      expect(await store.countMembers('m')).toBe(1);
      expect(await store.countUsers()).toBe(1);
    });

    it('creates one account when two nodes import the same new name into two meetings at once', async () => {
      await store.createMeeting(meeting('m1'));
      await store.createMeeting(meeting('m2'));
      const other = await second();
      const p = [{ username: 'shared', displayName: 'S', role: 'delegate' as const, passwordHash: 'h' }];
      const [r1, r2] = await Promise.all([store.addParticipants('m1', p), other.addParticipants('m2', p)]);
      expect([r1[0]!.created, r2[0]!.created].sort()).toEqual([false, true]);
      expect(r1[0]!.userId).toBe(r2[0]!.userId);
      expect(await store.countUsers()).toBe(1);
    });
  });

  describe.skipIf(skip)('Yjs update logs', () => {
    it('appends and loads per document in order, byte for byte (views into larger buffers too)', async () => {
      const all = Uint8Array.from({ length: 256 }, (_, i) => i);
      const backing = new Uint8Array(300);
      backing.set([7, 7, 7], 100);
      const a1 = await store.appendUpdate('meeting/m', all);
      const a2 = await store.appendUpdate('live/m', backing.subarray(100, 103));
      const a3 = await store.appendUpdate('meeting/m', new Uint8Array(0));
      const [s1, s2, s3] = [a1.seq, a2.seq, a3.seq];
      // Each row names the one before it in its own document.
      expect([a1.prev, a2.prev, a3.prev]).toEqual([0, 0, s1]);
      expect(s2).toBeGreaterThan(s1);
      expect(s3).toBeGreaterThan(s2);
      const rows = await store.loadUpdates('meeting/m');
      expect(rows.map((r) => r.seq)).toEqual([s1, s3]);
      expect([...rows[0]!.update]).toEqual([...all]);
      expect(rows[1]!.update.byteLength).toBe(0);
      expect([...(await store.loadUpdates('live/m'))[0]!.update]).toEqual([7, 7, 7]);
      expect(await store.loadUpdates('meeting/none')).toEqual([]);
      expect((await store.loadUpdates('meeting/m', s1)).map((r) => r.seq)).toEqual([s3]);
      expect(await store.loadUpdates('meeting/m', s3)).toEqual([]);
    });

    it('compacts a log into one row that sorts after late arrivals', async () => {
      await store.appendUpdate('meeting/m', Uint8Array.of(1));
      const s2 = (await store.appendUpdate('meeting/m', Uint8Array.of(2))).seq;
      await store.appendUpdate('live/m', Uint8Array.of(9));
      const s3 = (await store.appendUpdate('meeting/m', Uint8Array.of(3))).seq;
      const merged = (await store.compactUpdates('meeting/m', Uint8Array.of(1, 2), s2)).seq;
      expect(merged).toBeGreaterThan(s3);
      expect((await store.loadUpdates('meeting/m')).map((r) => [...r.update])).toEqual([[3], [1, 2]]);
      expect(await store.loadUpdates('live/m')).toHaveLength(1);
      // The next row follows the merged one.
      expect((await store.appendUpdate('meeting/m', Uint8Array.of(4))).prev).toBe(merged);
    });

    it('loses no update when two nodes append to one document at once', async () => {
      const other = await second();
      const writes = Array.from({ length: 40 }, (_, i) => (i % 2 ? store : other).appendUpdate('meeting/m', Uint8Array.of(i)));
      const appended = await Promise.all(writes);
      expect(new Set(appended.map((a) => a.seq)).size).toBe(40);
      // The rows form one chain, each naming the one before it: no two claim the same place.
      const bySeq = [...appended].sort((a, b) => a.seq - b.seq);
      expect(bySeq.map((a) => a.prev)).toEqual([0, ...bySeq.slice(0, -1).map((a) => a.seq)]);
      const rows = await store.loadUpdates('meeting/m');
      expect(rows.map((r) => r.update[0]).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    });

    it('never shows a later update of a document without every earlier one (a follower resumes after the last seq it saw)', async () => {
      const other = await second();
      const reader = await second();
      await Promise.all([store.countUsers(), other.countUsers(), reader.countUsers()]);
      const snapshots: number[][] = [];
      let writing = true;
      const read = (async () => {
        while (writing) snapshots.push((await reader.loadUpdates('live/m')).map((r) => r.seq));
      })();
      await Promise.all(
        [store, other].map(async (s, w) => {
          for (let round = 0; round < 25; round++) {
            await Promise.all(Array.from({ length: 4 }, (_, i) => s.appendUpdate('live/m', Uint8Array.of(w, round, i))));
          }
        }),
      );
      writing = false;
      await read;
      const all = (await store.loadUpdates('live/m')).map((r) => r.seq);
      expect(all).toHaveLength(200);
      expect(snapshots.length).toBeGreaterThan(0);
      for (const seen of snapshots) {
        const last = seen.at(-1);
        expect(seen).toEqual(last === undefined ? [] : all.filter((x) => x <= last));
      }
    });
  });

  describe.skipIf(skip)('meeting blobs', () => {
    it('references blobs per meeting, once, and tells who may read them', async () => {
      const [a, b] = [await user('a'), await user('b')];
      await store.createMeeting(meeting('m1'));
      await store.createMeeting(meeting('m2'));
      await store.addMembers('m1', [{ userId: a.id, role: 'delegate' }]);
      const sha = 'ab'.repeat(32);
      expect(await store.addMeetingBlob('m1', sha, 5_000_000_000)).toBe(true);
      expect(await store.addMeetingBlob('m1', sha, 5_000_000_000)).toBe(false);
      expect(await store.addMeetingBlob('m2', sha, 5_000_000_000)).toBe(true);
      expect(await store.countBlobReferences(sha)).toBe(2);
      expect(await store.countBlobReferences('cd'.repeat(32))).toBe(0);
      const seen = (await store.blobMeetings(sha, a.id)).sort((x, y) => x.meetingId.localeCompare(y.meetingId));
      expect(seen).toEqual([
        { meetingId: 'm1', status: 'draft', role: 'delegate' },
        { meetingId: 'm2', status: 'draft', role: null },
      ]);
      expect((await store.blobMeetings(sha, b.id)).every((x) => x.role === null)).toBe(true);
      await store.removeMeetingBlob('m1', sha);
      await store.removeMeetingBlob('m1', sha);
      expect(await store.countBlobReferences(sha)).toBe(1);
      await rejectsWith(store.addMeetingBlob('nope', sha, 1), 'not_found');
    });
  });

  describe.skipIf(skip)('lifecycle', () => {
    it('closes once; a second close is harmless, and a second handle keeps working', async () => {
      const other = await second();
      await user('kept');
      await other.close();
      await other.close();
      expect(await store.countUsers()).toBe(1);
    });
  });
});
