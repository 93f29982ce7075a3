/**
 * The tests' own connection to a server's records (test/support/records-db.ts), on the
 * store of the run: the same SQL and the same answers on SQLite and PostgreSQL, so a test
 * that reads or tampers with rows says it once. Also the copy of a stopped server's
 * database for another folder (test-store.ts), which the tamper tests start servers on.
 */
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyDatabaseFor, createMeeting, createUser, openRecordsDb, tamper, tempDirForFile, withRecordsDb, withServer } from './helpers';
import { testStore } from '../../support/test-store';

const data = tempDirForFile();

describe(`the records of a data folder, from a test (${testStore})`, () => {
  it('reads and writes with ? placeholders, counts as numbers, knows its tables and columns', async () => {
    let meetingId = '';
    let userId = '';
    await withServer(path.join(data.dir, 'a'), async (server) => {
      const user = await createUser(server.store, 'rdb-chair');
      userId = user.id;
      meetingId = await createMeeting(server.store, [[user, 'chair']]);
      // Read while the server runs: the meeting it just made is there.
      await withRecordsDb(path.join(data.dir, 'a'), async (db) => {
        expect(db.dialect).toBe(testStore);
        expect(await db.value('SELECT id FROM meetings WHERE id = ?', meetingId)).toBe(meetingId);
      });
    });
    const db = await openRecordsDb(path.join(data.dir, 'a'));
    try {
      const insert = 'INSERT INTO attendance (meeting_id, user_id, status, substitute, at, by_user) VALUES (?, ?, ?, ?, ?, ?)';
      expect(await db.run(insert, meetingId, userId, 'present', null, '2026-12-07T08:00:00.000Z', userId)).toEqual({ changes: 1 });
      expect(await db.run(insert, meetingId, 'someone-else', 'absent', 'Người thay?', '2026-12-07T08:01:00.000Z', userId)).toEqual({ changes: 1 });
      // A `?` inside a literal is text, not a placeholder.
      expect(await db.value("SELECT count(*) FROM attendance WHERE meeting_id = ? AND substitute <> 'a?b'", meetingId)).toBe(1);
      expect(await db.value('SELECT count(*) AS n FROM attendance WHERE meeting_id = ?', meetingId)).toBe(2);
      expect(await db.all('SELECT user_id, status, substitute FROM attendance WHERE meeting_id = ? ORDER BY at', meetingId)).toEqual([
        { user_id: userId, status: 'present', substitute: null },
        { user_id: 'someone-else', status: 'absent', substitute: 'Người thay?' },
      ]);
      expect(await db.one('SELECT status FROM attendance WHERE meeting_id = ? AND user_id = ?', meetingId, 'nobody')).toBeUndefined();
      expect(await db.value('SELECT status FROM attendance WHERE meeting_id = ? AND user_id = ?', meetingId, 'nobody')).toBeUndefined();
      expect(await db.run('UPDATE attendance SET status = ? WHERE meeting_id = ?', 'excused', meetingId)).toEqual({ changes: 2 });
      expect(await db.tables()).toEqual(expect.arrayContaining(['attendance', 'audit_log', 'encrypted_ballots', 'meetings', 'polls']));
      expect(await db.columns('attendance')).toEqual(['meeting_id', 'user_id', 'status', 'substitute', 'at', 'by_user']);
      expect(await db.columns('no_such_table')).toEqual([]);
      // A failed statement is an error of the test, named by the engine.
      await expect(db.value('SELECT nope FROM attendance')).rejects.toThrow(/nope/);
    } finally {
      await db.close();
    }
  });

  it("copies a stopped server's database with its folder; tampering with the copy leaves the original", async () => {
    const from = path.join(data.dir, 'b');
    const to = path.join(data.dir, 'b-copy');
    let meetingId = '';
    await withServer(from, async (server) => {
      meetingId = await createMeeting(server.store, [[await createUser(server.store, 'rdb-b'), 'chair']]);
    });
    await cp(from, to, { recursive: true });
    await copyDatabaseFor(from, to);
    await tamper(to, (db) => db.run("UPDATE meetings SET title = 'sửa' WHERE id = ?", meetingId));
    const title = (dir: string) => withRecordsDb(dir, (db) => db.value<string>('SELECT title FROM meetings WHERE id = ?', meetingId));
    expect(await title(to)).toBe('sửa');
    expect(await title(from)).not.toBe('sửa');
    // A server started on the copy reads the copy.
    await withServer(to, async (server) => {
      expect((await server.store.getMeeting(meetingId))?.title).toBe('sửa');
    });
  });
});
