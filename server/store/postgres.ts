/**
 * The cluster store: the `Store` interface on PostgreSQL, for several server nodes sharing
 * one database (issue 13). Behaviour matches sqlite.ts call for call; the contract test
 * (test/integration/store-contract.test.ts) runs the same cases against both.
 *
 * SQLite serialises every write, so its check-then-write transactions are safe as written.
 * PostgreSQL runs them side by side (READ COMMITTED), so each one that reads before it
 * writes locks the meeting row first (SELECT … FOR UPDATE): two nodes changing one
 * meeting's members take turns, and "the last secretariat member" or "already a
 * participant" is decided on what the other committed, never on a stale read.
 */
import { randomUUID } from 'node:crypto';
import type { MeetingRole } from '../../shared/roles';
import type { MeetingStatus } from '../../shared/meeting-enums';
import { redactUrl } from '../log';
import { classifyDatabaseError, withStoreErrors } from './errors';
import { openPgDatabase, type PgDatabase, type PgOptions, type Queryable } from './postgres-db';
import { migratePostgres } from './postgres-migrations';
import { postgresSessions } from './sessions-postgres';
import { meetingWithRoleSql, toMeeting, toMeetingWithRole, toUser, type MeetingRow, type UserRow } from './rows';
import { ParticipantConflict, type AddedParticipant, type MeetingFields, type Store, type UserRecord } from './types';


/** SQLite's NOCASE: only A–Z fold. Matches `lower(x COLLATE "C")` in the queries below. */
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

const sameName = 'lower(username COLLATE "C") = lower($1::text COLLATE "C")';
// Byte order, as SQLite's BINARY collation sorts, whatever the database's locale.
const meetingOrder = 'ORDER BY m.starts_at IS NULL, m.starts_at COLLATE "C", m.title COLLATE "C"';

const toBytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
const toBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** The PostgreSQL store plus its pool, for readiness checks and (later) the room's records. */
export type PostgresStore = Store & { readonly pg: PgDatabase };

async function findUser(q: Queryable, username: string): Promise<UserRow | undefined> {
  return (await q.query<UserRow>(`SELECT * FROM users WHERE ${sameName}`, [username])).rows[0];
}

/**
 * Appends to one document take turns until each commits. A seq is drawn when the row is
 * inserted but becomes visible when it commits; two nodes appending at once could commit
 * seq 12 before seq 11, and a reader in between would see 12 without 11 — then resume
 * after 12 and never see 11. Under this lock, a document's rows become visible in seq
 * order (the key is a hash: two documents that share it only wait for each other).
 */
const lockDoc = 'SELECT pg_advisory_xact_lock(1330, hashtext($1))';

/** Locks the meeting row until the transaction ends: one member change per meeting at a time, on every node. */
async function lockMeeting(q: Queryable, meetingId: string): Promise<void> {
  await q.query('SELECT 1 FROM meetings WHERE id = $1 FOR UPDATE', [meetingId]);
}

export async function openPostgresStore(connectionString: string, opts: PgOptions = {}): Promise<PostgresStore> {
  const db = openPgDatabase(connectionString, opts);
  try {
    await migratePostgres(db);
  } catch (err) {
    await db.close();
    if (classifyDatabaseError(err) === 'unavailable') {
      throw new Error(`PostgreSQL at ${redactUrl(connectionString)} cannot be reached: ${(err as Error).message}`, { cause: err });
    }
    throw err;
  }

  const store: PostgresStore = {
    pg: db,
    ...postgresSessions(db),
    async countUsers() {
      return (await db.query<{ n: number }>('SELECT count(*) AS n FROM users')).rows[0]!.n;
    },
    async createUsers(users) {
      if (!users.length) return [];
      const now = new Date().toISOString();
      const made = users.map((u) => ({ ...u, id: u.id ?? randomUUID() }));
      // One statement: all rows or none, in one round trip (a 3,152-delegate demo seed).
      await db.query(
        `INSERT INTO users (id, username, display_name, password_hash, global_role, created_at)
         SELECT id, username, display_name, password_hash, global_role, $6
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS x(id, username, display_name, password_hash, global_role)`,
        [made.map((u) => u.id), made.map((u) => u.username), made.map((u) => u.displayName), made.map((u) => u.passwordHash), made.map((u) => u.globalRole), now],
      );
      return made.map((u) => ({ id: u.id, username: u.username, displayName: u.displayName, globalRole: u.globalRole }));
    },
    async getUser(id) {
      const r = (await db.query<UserRow>('SELECT * FROM users WHERE id = $1', [id])).rows[0];
      return r ? toUser(r) : null;
    },
    async findUserByUsername(username) {
      const r = await findUser(db, username);
      return r ? { ...toUser(r), passwordHash: r.password_hash } : null;
    },

    async createMeeting(m) {
      const now = new Date().toISOString();
      const createdAt = m.createdAt ?? now;
      await db.query(
        'INSERT INTO meetings (id, title, status, starts_at, ends_at, venue, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [m.id, m.title, m.status, m.startsAt, m.endsAt, m.venue, createdAt, now],
      );
      return { id: m.id, title: m.title, status: m.status, startsAt: m.startsAt, endsAt: m.endsAt, venue: m.venue, createdAt, updatedAt: now };
    },
    async getMeeting(id) {
      const r = (await db.query<MeetingRow>('SELECT * FROM meetings WHERE id = $1', [id])).rows[0];
      return r ? toMeeting(r) : null;
    },
    async getMeetingWithRole(meetingId, userId) {
      const r = (await db.query<MeetingRow & { member_role: MeetingRole | null }>(meetingWithRoleSql((n) => `$${n}`), [meetingId, userId])).rows[0];
      return r ? toMeetingWithRole(r) : null;
    },
    async updateMeeting(id, fields: MeetingFields) {
      const columns: Record<keyof MeetingFields, string> = { title: 'title', status: 'status', startsAt: 'starts_at', endsAt: 'ends_at', venue: 'venue' };
      const keys = (Object.keys(fields) as (keyof MeetingFields)[]).filter((k) => k in columns && fields[k] !== undefined);
      if (keys.length === 0) return;
      // Column names come from the fixed map above, never from the caller.
      const sets = keys.map((k, i) => `${columns[k]} = $${i + 1}`).join(', ');
      await db.query(`UPDATE meetings SET ${sets}, updated_at = $${keys.length + 1} WHERE id = $${keys.length + 2}`, [
        ...keys.map((k) => fields[k] ?? null),
        new Date().toISOString(),
        id,
      ]);
    },
    async changeMeetingStatus(id, from, to) {
      const r = await db.query('UPDATE meetings SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4', [to, new Date().toISOString(), id, from]);
      return (r.rowCount ?? 0) > 0;
    },
    async listAllMeetings() {
      return (await db.query<MeetingRow>(`SELECT m.* FROM meetings m ${meetingOrder}`)).rows.map(toMeeting);
    },
    async listMeetingsOfUser(userId) {
      const r = await db.query<MeetingRow & { role: MeetingRole }>(
        `SELECT m.*, mm.role AS role FROM meetings m JOIN meeting_members mm ON mm.meeting_id = m.id WHERE mm.user_id = $1 ${meetingOrder}`,
        [userId],
      );
      return r.rows.map((row) => ({ ...toMeeting(row), role: row.role }));
    },
    async addMembers(meetingId, members) {
      // The last role given for a person wins, as with SQLite's row-by-row upsert
      // (PostgreSQL refuses to upsert one row twice in a statement).
      const last = new Map(members.map((m) => [m.userId, m.role]));
      if (!last.size) return;
      await db.query(
        `INSERT INTO meeting_members (meeting_id, user_id, role)
         SELECT $1, user_id, role FROM unnest($2::text[], $3::text[]) AS x(user_id, role)
         ON CONFLICT (meeting_id, user_id) DO UPDATE SET role = excluded.role`,
        [meetingId, [...last.keys()], [...last.values()]],
      );
    },
    async getMemberRole(meetingId, userId) {
      const r = await db.query<{ role: MeetingRole }>('SELECT role FROM meeting_members WHERE meeting_id = $1 AND user_id = $2', [meetingId, userId]);
      return r.rows[0]?.role ?? null;
    },
    async countMembers(meetingId) {
      return (await db.query<{ n: number }>('SELECT count(*) AS n FROM meeting_members WHERE meeting_id = $1', [meetingId])).rows[0]!.n;
    },
    async listMembers(meetingId) {
      const r = await db.query<{ userId: string; username: string; role: MeetingRole }>(
        'SELECT mm.user_id AS "userId", u.username AS username, mm.role AS role FROM meeting_members mm JOIN users u ON u.id = mm.user_id WHERE mm.meeting_id = $1',
        [meetingId],
      );
      return r.rows;
    },
    async findUsersByUsernames(usernames) {
      const found = new Map<string, UserRecord>();
      if (!usernames.length) return found;
      const r = await db.query<UserRow>('SELECT * FROM users WHERE lower(username COLLATE "C") = ANY (SELECT lower(n COLLATE "C") FROM unnest($1::text[]) AS n)', [usernames]);
      const byFolded = new Map(r.rows.map((row) => [asciiLower(row.username), row]));
      for (const name of usernames) {
        const row = byFolded.get(asciiLower(name));
        if (row) found.set(name.toLowerCase(), toUser(row));
      }
      return found;
    },
    async createMeetingWithMembers(m, members) {
      return db.tx(async (q) => {
        const now = new Date().toISOString();
        await q.query(
          'INSERT INTO meetings (id, title, status, starts_at, ends_at, venue, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)',
          [m.id, m.title, m.status, m.startsAt, m.endsAt, m.venue, now],
        );
        if (members.length) {
          await q.query('INSERT INTO meeting_members (meeting_id, user_id, role) SELECT $1, u, r FROM unnest($2::text[], $3::text[]) AS x(u, r)', [
            m.id,
            members.map((x) => x.userId),
            members.map((x) => x.role),
          ]);
        }
        return { ...m, createdAt: now, updatedAt: now };
      });
    },
    async addParticipants(meetingId, list) {
      return db.tx(async (q) => {
        await lockMeeting(q, meetingId);
        const now = new Date().toISOString();
        const added: AddedParticipant[] = [];
        for (const p of list) {
          let existing = await findUser(q, p.username);
          let userId: string;
          if (!existing) {
            if (!p.passwordHash) throw new Error(`No password hash for new account ${p.username}.`);
            // Another node may create the same name at this moment: the unique index decides,
            // and the loser reuses the account the winner committed, as a later import would.
            const ins = await q.query<{ id: string }>(
              `INSERT INTO users (id, username, display_name, password_hash, global_role, created_at) VALUES ($1, $2, $3, $4, 'user', $5)
               ON CONFLICT DO NOTHING RETURNING id`,
              [randomUUID(), p.username, p.displayName, p.passwordHash, now],
            );
            if (ins.rows[0]) {
              added.push({ userId: ins.rows[0].id, username: p.username, created: true });
              await q.query('INSERT INTO meeting_members (meeting_id, user_id, role) VALUES ($1, $2, $3)', [meetingId, ins.rows[0].id, p.role]);
              continue;
            }
            existing = await findUser(q, p.username);
            if (!existing) throw new Error(`The account ${p.username} was neither created nor found.`);
          }
          userId = existing.id;
          const member = await q.query('SELECT 1 FROM meeting_members WHERE meeting_id = $1 AND user_id = $2', [meetingId, userId]);
          if (member.rows.length) throw new ParticipantConflict(p.username);
          await q.query('INSERT INTO meeting_members (meeting_id, user_id, role) VALUES ($1, $2, $3)', [meetingId, userId, p.role]);
          added.push({ userId, username: existing.username, created: false });
        }
        return added;
      });
    },
    async changeMember(meetingId, userId, role) {
      return db.tx(async (q) => {
        await lockMeeting(q, meetingId);
        const current = (await q.query<{ role: MeetingRole }>('SELECT role FROM meeting_members WHERE meeting_id = $1 AND user_id = $2', [meetingId, userId])).rows[0];
        if (!current) return 'not_member' as const;
        if (current.role === 'secretariat' && role !== 'secretariat') {
          const n = (await q.query<{ n: number }>("SELECT count(*) AS n FROM meeting_members WHERE meeting_id = $1 AND role = 'secretariat'", [meetingId])).rows[0]!.n;
          if (n <= 1) return 'last_secretariat' as const;
        }
        if (role === null) await q.query('DELETE FROM meeting_members WHERE meeting_id = $1 AND user_id = $2', [meetingId, userId]);
        else await q.query('UPDATE meeting_members SET role = $1 WHERE meeting_id = $2 AND user_id = $3', [role, meetingId, userId]);
        return 'ok' as const;
      });
    },
    async countMembershipsWithRole(userId, role) {
      return (await db.query<{ n: number }>('SELECT count(*) AS n FROM meeting_members WHERE user_id = $1 AND role = $2', [userId, role])).rows[0]!.n;
    },

    async loadUpdates(docName, afterSeq = 0) {
      const r = await db.query<{ seq: number; update_blob: Buffer }>('SELECT seq, update_blob FROM yjs_updates WHERE doc_name = $1 AND seq > $2 ORDER BY seq', [docName, afterSeq]);
      return r.rows.map((row) => ({ seq: row.seq, update: toBytes(row.update_blob) }));
    },
    async appendUpdate(docName, update) {
      // One round trip: the function takes the document's lock, then reads the previous
      // row and inserts under it (see migration 2).
      const row = (await db.query<{ seq: number; prev: number }>('SELECT seq, prev FROM yjs_append($1, $2)', [docName, toBuffer(update)])).rows[0]!;
      return { seq: row.seq, prev: row.prev };
    },
    async compactUpdates(docName, merged, throughSeq) {
      // As in SQLite: the merged row gets a fresh seq, after rows that arrived meanwhile.
      return db.tx(async (q) => {
        await q.query(lockDoc, [docName]);
        await q.query('DELETE FROM yjs_updates WHERE doc_name = $1 AND seq <= $2', [docName, throughSeq]);
        const row = (await q.query<{ seq: number; prev: number }>('SELECT seq, prev FROM yjs_append($1, $2)', [docName, toBuffer(merged)])).rows[0]!;
        return { seq: row.seq, prev: row.prev };
      });
    },

    async addMeetingBlob(meetingId, sha256, size) {
      const r = await db.query('INSERT INTO meeting_blobs (meeting_id, sha256, size) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [meetingId, sha256, size]);
      return (r.rowCount ?? 0) > 0;
    },
    async removeMeetingBlob(meetingId, sha256) {
      await db.query('DELETE FROM meeting_blobs WHERE meeting_id = $1 AND sha256 = $2', [meetingId, sha256]);
    },
    async countBlobReferences(sha256) {
      return (await db.query<{ n: number }>('SELECT count(*) AS n FROM meeting_blobs WHERE sha256 = $1', [sha256])).rows[0]!.n;
    },
    async blobMeetings(sha256, userId) {
      const r = await db.query<{ meetingId: string; status: MeetingStatus; role: MeetingRole | null }>(
        `SELECT b.meeting_id AS "meetingId", m.status AS status, mm.role AS role
         FROM meeting_blobs b JOIN meetings m ON m.id = b.meeting_id
         LEFT JOIN meeting_members mm ON mm.meeting_id = b.meeting_id AND mm.user_id = $1
         WHERE b.sha256 = $2`,
        [userId, sha256],
      );
      return r.rows;
    },

    close: () => db.close(),
  };
  return withStoreErrors(store);
}
