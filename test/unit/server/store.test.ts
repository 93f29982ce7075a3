import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../server/store/migrations';
import { sqliteStoreForEach } from '../../support/sqlite-store';
import { demoAccounts, delegateUsername } from '../../../server/demo/accounts';
import { demoSiteCount } from '../../../server/demo/seed';
import { siteNames } from '../../../server/demo/people';

const sqlite = sqliteStoreForEach('opencabinet-store-');

describe('sqlite store', () => {
  it('migrates to the latest schema in WAL mode, and reopening is a no-op', async () => {
    await sqlite.reopen();
    const db = new Database(path.join(sqlite.dir, 'server.sqlite'), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('keeps user names unique regardless of case', async () => {
    await sqlite.store.createUsers([{ username: 'Secretary', displayName: 'S', passwordHash: 'x', globalRole: 'user' }]);
    expect((await sqlite.store.findUserByUsername('SECRETARY'))?.username).toBe('Secretary');
    await expect(sqlite.store.createUsers([{ username: 'secretary', displayName: 'S2', passwordHash: 'x', globalRole: 'user' }])).rejects.toThrow();
  });

  it('stores sessions by hash and sweeps expired ones', async () => {
    const [u] = await sqlite.store.createUsers([{ username: 'a', displayName: 'A', passwordHash: 'x', globalRole: 'user' }]);
    await sqlite.store.createSession('h1', u!.id, 100);
    await sqlite.store.createSession('h2', u!.id, 10_000);
    expect(await sqlite.store.findSession('h1')).toEqual({ userId: u!.id, expiresAt: 100 });
    expect(await sqlite.store.deleteExpiredSessions(1000)).toBe(1);
    expect(await sqlite.store.findSession('h1')).toBeNull();
    expect(await sqlite.store.findSession('h2')).not.toBeNull();
  });

  // Compacting the update log: the Store contract (test/integration/store-contract.test.ts)
  // runs the same case, and more, against this SQLite store on every run.

  it('updates only the given meeting fields', async () => {
    await sqlite.store.createMeeting({ id: 'm', title: 'T', status: 'draft', startsAt: null, endsAt: null, venue: 'V' });
    await sqlite.store.updateMeeting('m', { title: 'New', status: 'published' });
    expect(await sqlite.store.getMeeting('m')).toMatchObject({ title: 'New', status: 'published', venue: 'V' });
  });
});

describe('demo naming', () => {
  it('pads delegate numbers to the width of the count', () => {
    expect(delegateUsername(1, 60)).toBe('delegate01');
    expect(delegateUsername(1, 3152)).toBe('delegate0001');
    expect(delegateUsername(3152, 3152)).toBe('delegate3152');
    expect(demoAccounts(60).summary).toContain('delegate01 … delegate60');
  });

  it('spreads large demos over about one site per 15 delegates', () => {
    expect(demoSiteCount(3152)).toBe(211 + 1);
    expect(demoSiteCount(10)).toBe(2);
    const names = siteNames(212).map((s) => s.name);
    expect(new Set(names).size).toBe(212);
    expect(names[0]).toBe('Hội trường Diên Hồng');
  });
});
