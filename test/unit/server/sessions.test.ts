/**
 * Session expiry arithmetic (issue 11): sliding idle expiry under an absolute limit, when a
 * use is worth a write, and the same rules through the real store and Sessions class.
 */
import Database from 'better-sqlite3';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultAbsoluteMs, defaultIdleMs, hashToken, Sessions, sessionPolicy, shouldTouch, slidingExpiry, touchEveryMs } from '../../../server/auth/sessions';
import { migrations } from '../../../server/store/migrations';
import { keepLostSessionsMs } from '../../../server/store/sessions-sqlite';
import { sqliteStoreForEach } from '../../support/sqlite-store';

const hour = 3600_000;
const day = 24 * hour;

describe('slidingExpiry', () => {
  it.each([
    // now, absolute limit, idle → expiry
    [0, 30 * day, 12 * hour, 12 * hour],
    [10 * day, 30 * day, 12 * hour, 10 * day + 12 * hour],
    [30 * day - hour, 30 * day, 12 * hour, 30 * day],
    [30 * day, 30 * day, 12 * hour, 30 * day],
    [5, 1000, 400, 405],
  ])('used at %d with limit %d and idle %d ends at %d', (now, absolute, idle, expected) => {
    expect(slidingExpiry(now, absolute, idle)).toBe(expected);
  });
});

describe('sessionPolicy', () => {
  it('defaults to 12 hours idle and 30 days absolute', () => {
    expect(sessionPolicy()).toEqual({ idleMs: defaultIdleMs, absoluteMs: defaultAbsoluteMs });
    expect(defaultIdleMs).toBe(12 * hour);
    expect(defaultAbsoluteMs).toBe(30 * day);
  });

  it('treats tokenTtlMs as the absolute limit and never lets idle exceed it', () => {
    expect(sessionPolicy({ tokenTtlMs: 400 })).toEqual({ idleMs: 400, absoluteMs: 400 });
    expect(sessionPolicy({ tokenTtlMs: 10 * day, idleMs: hour })).toEqual({ idleMs: hour, absoluteMs: 10 * day });
    expect(sessionPolicy({ idleMs: 1500 })).toEqual({ idleMs: 1500, absoluteMs: defaultAbsoluteMs });
  });
});

describe('shouldTouch', () => {
  const seen = { lastSeenAt: 1_000_000, lastSeenIp: '10.0.0.1' };
  it.each([
    [1_000_000 + touchEveryMs - 1, '10.0.0.1', false],
    [1_000_000 + touchEveryMs, '10.0.0.1', true],
    [1_000_001, '10.0.0.2', true],
    [1_000_001, null, false],
  ])('at %d from %s → %s', (now, ip, expected) => {
    expect(shouldTouch(seen, now, ip)).toBe(expected);
  });
});

describe('sessions in the store', () => {
  const sqlite = sqliteStoreForEach('opencabinet-sessions-');
  afterEach(() => {
    vi.useRealTimers();
  });

  async function user(name = 'u') {
    const [u] = await sqlite.store.createUsers([{ username: name, displayName: name, passwordHash: 'x', globalRole: 'user' }]);
    return u!;
  }

  /** Sessions of 10 hours idle and 2 days at most, a user to issue them to, and only Date faked, stopped at t0. */
  const t0 = Date.UTC(2026, 10, 25, 1, 0, 0);
  async function sessionsFromT0() {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(t0);
    return { u: await user(), sessions: new Sessions(sqlite.store, { idleMs: 10 * hour, absoluteMs: 2 * day }) };
  }

  it('slides on use up to the absolute limit, then refuses', async () => {
    const { u, sessions } = await sessionsFromT0();
    const { token, expiresAt } = await sessions.issue(u.id, { name: 'Laptop', ip: '10.0.0.1' });
    expect(expiresAt).toBe(t0 + 10 * hour);

    // Used every 9 hours: each use pushes the end 10 hours further.
    for (let i = 1; i <= 4; i++) {
      vi.setSystemTime(t0 + i * 9 * hour);
      const s = await sessions.verify(token, '10.0.0.1');
      expect(s?.expiresAt).toBe(Math.min(t0 + i * 9 * hour + 10 * hour, t0 + 2 * day));
    }
    // 45 h in: the absolute limit (48 h) is nearer than a full idle period.
    vi.setSystemTime(t0 + 45 * hour);
    expect((await sessions.verify(token, '10.0.0.1'))?.expiresAt).toBe(t0 + 2 * day);
    vi.setSystemTime(t0 + 2 * day);
    expect(await sessions.verify(token, '10.0.0.1')).toBeNull();
    expect(await sqlite.store.sessionByToken(hashToken(token))).toBeNull();
  });

  it('ends after an idle period without use, and records where it was last seen', async () => {
    const { u, sessions } = await sessionsFromT0();
    const { token, sessionId } = await sessions.issue(u.id, { name: 'Laptop', ip: '10.0.0.1' });
    vi.setSystemTime(t0 + 2 * hour);
    await sessions.verify(token, '192.168.1.5');
    expect(await sqlite.store.sessionById(sessionId)).toMatchObject({ deviceName: 'Laptop', lastSeenAt: t0 + 2 * hour, lastSeenIp: '192.168.1.5', createdAt: t0 });
    vi.setSystemTime(t0 + 12 * hour);
    expect(await sessions.verify(token)).toBeNull();
  });

  it('renews open-socket sessions under their limit, and keeps lost ones past expiry for their wipe', async () => {
    const u = await user();
    const now = 1_000_000_000;
    const device = (id: string, absolute: number) => ({ id, deviceName: id, ip: null, createdAt: now, absoluteExpiresAt: absolute });
    await sqlite.store.createDeviceSession('h-a', u.id, now + 100, device('a'.repeat(32), now + 10_000));
    await sqlite.store.createDeviceSession('h-b', u.id, now + 100, device('b'.repeat(32), now + 500));
    await sqlite.store.createDeviceSession('h-c', u.id, now + 100, device('c'.repeat(32), now + 10_000));
    await sqlite.store.renewSessions(['a'.repeat(32), 'b'.repeat(32)], now + 50, 1000);
    expect((await sqlite.store.sessionById('a'.repeat(32)))?.expiresAt).toBe(now + 1050);
    expect((await sqlite.store.sessionById('b'.repeat(32)))?.expiresAt).toBe(now + 500);
    expect((await sqlite.store.sessionById('c'.repeat(32)))?.expiresAt).toBe(now + 100);

    await sqlite.store.markSessionLost('c'.repeat(32), u.id, now + 60);
    expect(await sqlite.store.deleteExpiredSessions(now + 600)).toBe(1); // b
    expect(await sqlite.store.sessionById('c'.repeat(32))).not.toBeNull();
    expect(await sqlite.store.deleteExpiredSessions(now + 60 + keepLostSessionsMs)).toBe(2); // a, and c a year on
    // Signing out everywhere keeps a lost device (it still has to wipe).
    await sqlite.store.createDeviceSession('h-d', u.id, now + 100, device('d'.repeat(32), now + 10_000));
    await sqlite.store.createDeviceSession('h-e', u.id, now + 100, device('e'.repeat(32), now + 10_000));
    await sqlite.store.markSessionLost('e'.repeat(32), u.id, now);
    expect(await sqlite.store.deleteSessionsOfUser(u.id)).toEqual(['d'.repeat(32)]);
    expect((await sqlite.store.listSessionsOfUser(u.id)).map((s) => s.id)).toEqual(['e'.repeat(32)]);
  });

  it('gives sessions from before devices an id and an absolute limit equal to their expiry', async () => {
    // A store from before session ids: the migrations up to then, one session in it.
    const store = await sqlite.reopen(async (dir) => {
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir);
      const db = new Database(path.join(dir, 'server.sqlite'));
      const before = migrations.findIndex((m) => m.includes('ALTER TABLE sessions ADD COLUMN id'));
      for (const m of migrations.slice(0, before)) db.exec(m);
      db.pragma(`user_version = ${before}`);
      db.prepare(`INSERT INTO users (id, username, display_name, password_hash, global_role, created_at) VALUES ('u1', 'old', 'Old', 'x', 'user', '2026-01-01')`).run();
      db.prepare(`INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ('h-old', 'u1', 12345)`).run();
      db.close();
    });
    const s = await store.sessionByToken('h-old');
    expect(s).toMatchObject({ userId: 'u1', expiresAt: 12345, absoluteExpiresAt: 12345, lostAt: null, deviceName: '' });
    expect(s!.id).toMatch(/^[0-9a-f]{32}$/);
  });
});
