/**
 * Migration 10 (issue 15) on a database written before encrypted ballots: the plaintext
 * choice table is gone, who voted is kept (with the hashed keys, so a retry still gets its
 * receipt), and a secret poll that was open cannot be counted any more: it is closed as void.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../server/store/sqlite';
import { migrations } from '../../../server/store/migrations';

describe('migration of the secret-ballot tables', () => {
  it('drops the plaintext choices, keeps the participation, voids a secret poll left open', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const before = migrations.findIndex((m) => m.includes('CREATE TABLE encrypted_ballots'));
    expect(before).toBeGreaterThan(2);
    for (let v = 0; v < before; v++) db.exec(migrations[v]!);
    db.pragma(`user_version = ${before}`);
    db.prepare("INSERT INTO meetings (id, title, status, created_at, updated_at) VALUES ('m1', 'Đại hội', 'published', 'x', 'x')").run();
    const def = (secret: boolean) => JSON.stringify({ question: 'Q?', kind: 'approve', secret, majority: { base: 'cast', threshold: { fraction: { num: 1, den: 2 }, strict: true } }, quorum: null });
    const poll = db.prepare("INSERT INTO polls (id, meeting_id, definition, status, created_at, created_by, result) VALUES (?, 'm1', ?, ?, 'x', 'chair', ?)");
    poll.run('open-secret', def(true), 'open', null);
    poll.run('closed-secret', def(true), 'closed', '{"cast":2}');
    poll.run('open-named', def(false), 'open', null);
    const part = db.prepare('INSERT INTO secret_participation (poll_id, user_id, key_hash, received_at, hands) VALUES (?, ?, ?, ?, 0)');
    const choice = db.prepare('INSERT INTO secret_choices (id, poll_id, choices) VALUES (?, ?, ?)');
    part.run('open-secret', 'u1', 'h1', '2026-01-01T00:00:00Z');
    choice.run('c1', 'open-secret', '["yes"]');
    part.run('closed-secret', 'u1', 'h2', '2026-01-01T00:00:00Z');
    part.run('closed-secret', 'u2', 'h3', '2026-01-01T00:00:01Z');
    choice.run('c2', 'closed-secret', '["no"]');
    choice.run('c3', 'closed-secret', '["yes"]');

    migrate(db);

    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    expect(tables).not.toContain('secret_choices');
    expect(tables).not.toContain('secret_participation');
    expect(db.prepare('SELECT poll_id, user_id, legacy_key_hash, ballot FROM encrypted_ballots ORDER BY poll_id, user_id').all()).toEqual([
      { poll_id: 'closed-secret', user_id: 'u1', legacy_key_hash: 'h2', ballot: null },
      { poll_id: 'closed-secret', user_id: 'u2', legacy_key_hash: 'h3', ballot: null },
      { poll_id: 'open-secret', user_id: 'u1', legacy_key_hash: 'h1', ballot: null },
    ]);
    const status = (id: string) => db.prepare('SELECT status, void_reason, result FROM polls WHERE id = ?').get(id);
    expect(status('open-secret')).toMatchObject({ status: 'closed', void_reason: expect.stringContaining('cannot be counted') });
    expect(status('closed-secret')).toMatchObject({ status: 'closed', void_reason: null, result: '{"cast":2}' });
    expect(status('open-named')).toMatchObject({ status: 'open', void_reason: null });
    db.close();
  });
});
