/**
 * The embedded store: one SQLite file in WAL mode. better-sqlite3 is synchronous, so each
 * method finishes its write before returning its (already settled) Promise.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { MeetingRole } from '../../shared/roles';
import { busyTimeoutMs, checkpointTick } from '../records/db';
import { withStoreErrors } from './errors';
import { migrations } from './migrations';
import { meetingWithRoleSql, toMeeting, toMeetingWithRole, toUser, type MeetingRow, type UserRow } from './rows';
import { sqliteSessions } from './sessions-sqlite';
import {
  ParticipantConflict,
  type AddedParticipant,
  type MemberChange,
  type MemberRecord,
  type NewParticipant,
} from './types';
import type {
  BlobMeeting,
  MeetingFields,
  MeetingRecord,
  MemberMeeting,
  NewUser,
  Store,
  StoredUpdate,
  AppendedUpdate,
  UserRecord,
  UserWithPassword,
} from './types';


export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`The database was written by a newer server (schema ${current}, this server knows ${migrations.length}). Upgrade the server.`);
  }
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/**
 * The SQLite store plus its connection, for the records service (server/records/), which need
 * several reads and writes in one synchronous transaction that a Promise API cannot give.
 */
export type SqliteStore = Store & { readonly db: Database.Database };

export interface SqliteStoreOptions {
  /** How often the WAL is checkpointed (PASSIVE); default 2 s. */
  checkpointIntervalMs?: number;
}

export function openSqliteStore(dataDir: string, opts: SqliteStoreOptions = {}): SqliteStore {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'server.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Bounded waits only: better-sqlite3 waits on the event loop (see server/records/db.ts).
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  migrate(db);
  // SQLite's automatic checkpoint runs inside whichever commit crosses the threshold;
  // checkpoint passively on a timer instead, so no request pays for it.
  db.pragma('wal_autocheckpoint = 0');
  const checkpointer = setInterval(() => {
    try {
      checkpointTick(db);
    } catch {
      // A failed passive checkpoint only leaves the WAL longer; the next tick tries again.
    }
  }, opts.checkpointIntervalMs ?? 2000);
  checkpointer.unref();

  const q = {
    countUsers: db.prepare('SELECT count(*) AS n FROM users'),
    insertUser: db.prepare(
      'INSERT INTO users (id, username, display_name, password_hash, global_role, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    getUser: db.prepare('SELECT * FROM users WHERE id = ?'),
    findUser: db.prepare('SELECT * FROM users WHERE username = ? COLLATE NOCASE'),
    insertMeeting: db.prepare(
      'INSERT INTO meetings (id, title, status, starts_at, ends_at, venue, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    getMeeting: db.prepare('SELECT * FROM meetings WHERE id = ?'),
    meetingWithRole: db.prepare(meetingWithRoleSql(() => '?')),
    changeStatus: db.prepare('UPDATE meetings SET status = ?, updated_at = ? WHERE id = ? AND status = ?'),
    allMeetings: db.prepare('SELECT * FROM meetings ORDER BY starts_at IS NULL, starts_at, title'),
    userMeetings: db.prepare(
      `SELECT m.*, mm.role AS role FROM meetings m JOIN meeting_members mm ON mm.meeting_id = m.id
       WHERE mm.user_id = ? ORDER BY m.starts_at IS NULL, m.starts_at, m.title`,
    ),
    upsertMember: db.prepare(
      'INSERT INTO meeting_members (meeting_id, user_id, role) VALUES (?, ?, ?) ON CONFLICT (meeting_id, user_id) DO UPDATE SET role = excluded.role',
    ),
    memberRole: db.prepare('SELECT role FROM meeting_members WHERE meeting_id = ? AND user_id = ?'),
    countMembers: db.prepare('SELECT count(*) AS n FROM meeting_members WHERE meeting_id = ?'),
    listMembers: db.prepare(
      'SELECT mm.user_id AS userId, u.username AS username, mm.role AS role FROM meeting_members mm JOIN users u ON u.id = mm.user_id WHERE mm.meeting_id = ?',
    ),
    insertMember: db.prepare('INSERT INTO meeting_members (meeting_id, user_id, role) VALUES (?, ?, ?)'),
    setMemberRole: db.prepare('UPDATE meeting_members SET role = ? WHERE meeting_id = ? AND user_id = ?'),
    deleteMember: db.prepare('DELETE FROM meeting_members WHERE meeting_id = ? AND user_id = ?'),
    countWithRole: db.prepare('SELECT count(*) AS n FROM meeting_members WHERE meeting_id = ? AND role = ?'),
    countUserMemberships: db.prepare('SELECT count(*) AS n FROM meeting_members WHERE user_id = ? AND role = ?'),
    loadUpdates: db.prepare('SELECT seq, update_blob FROM yjs_updates WHERE doc_name = ? AND seq > ? ORDER BY seq'),
    lastUpdateSeq: db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM yjs_updates WHERE doc_name = ?'),
    appendUpdate: db.prepare('INSERT INTO yjs_updates (doc_name, update_blob) VALUES (?, ?)'),
    deleteUpdatesThrough: db.prepare('DELETE FROM yjs_updates WHERE doc_name = ? AND seq <= ?'),
    insertBlob: db.prepare('INSERT OR IGNORE INTO meeting_blobs (meeting_id, sha256, size) VALUES (?, ?, ?)'),
    deleteBlob: db.prepare('DELETE FROM meeting_blobs WHERE meeting_id = ? AND sha256 = ?'),
    countBlobRefs: db.prepare('SELECT count(*) AS n FROM meeting_blobs WHERE sha256 = ?'),
    blobMeetings: db.prepare(
      `SELECT b.meeting_id AS meetingId, m.status AS status, mm.role AS role
       FROM meeting_blobs b JOIN meetings m ON m.id = b.meeting_id
       LEFT JOIN meeting_members mm ON mm.meeting_id = b.meeting_id AND mm.user_id = ?
       WHERE b.sha256 = ?`,
    ),
  };

  const createUsers = db.transaction((users: NewUser[]) => {
    const now = new Date().toISOString();
    return users.map((u) => {
      const id = u.id ?? randomUUID();
      q.insertUser.run(id, u.username, u.displayName, u.passwordHash, u.globalRole, now);
      return { id, username: u.username, displayName: u.displayName, globalRole: u.globalRole };
    });
  });
  const addMembers = db.transaction((meetingId: string, members: { userId: string; role: MeetingRole }[]) => {
    for (const m of members) q.upsertMember.run(meetingId, m.userId, m.role);
  });
  const createMeetingWithMembers = db.transaction(
    (m: Omit<MeetingRecord, 'createdAt' | 'updatedAt'>, members: { userId: string; role: MeetingRole }[]): MeetingRecord => {
      const now = new Date().toISOString();
      q.insertMeeting.run(m.id, m.title, m.status, m.startsAt, m.endsAt, m.venue, now, now);
      for (const mem of members) q.insertMember.run(m.id, mem.userId, mem.role);
      return { ...m, createdAt: now, updatedAt: now };
    },
  );
  const addParticipants = db.transaction((meetingId: string, list: NewParticipant[]): AddedParticipant[] => {
    const now = new Date().toISOString();
    return list.map((p) => {
      const existing = q.findUser.get(p.username) as UserRow | undefined;
      let userId: string;
      if (existing) {
        userId = existing.id;
        if (q.memberRole.get(meetingId, userId)) throw new ParticipantConflict(p.username);
      } else {
        // The caller hashes only for names it did not find; one created since then by
        // another request is reused above, so a missing hash here is a caller bug.
        if (!p.passwordHash) throw new Error(`No password hash for new account ${p.username}.`);
        userId = randomUUID();
        q.insertUser.run(userId, p.username, p.displayName, p.passwordHash, 'user', now);
      }
      q.insertMember.run(meetingId, userId, p.role);
      return { userId, username: existing?.username ?? p.username, created: !existing };
    });
  });
  const changeMember = db.transaction((meetingId: string, userId: string, role: MeetingRole | null): MemberChange => {
    const current = q.memberRole.get(meetingId, userId) as { role: MeetingRole } | undefined;
    if (!current) return 'not_member';
    if (current.role === 'secretariat' && role !== 'secretariat') {
      const n = (q.countWithRole.get(meetingId, 'secretariat') as { n: number }).n;
      if (n <= 1) return 'last_secretariat';
    }
    if (role === null) q.deleteMember.run(meetingId, userId);
    else q.setMemberRole.run(role, meetingId, userId);
    return 'ok';
  });
  const appendLinked = db.transaction((docName: string, update: Uint8Array): AppendedUpdate => {
    const prev = Number((q.lastUpdateSeq.get(docName) as { seq: number | bigint }).seq);
    const seq = Number(q.appendUpdate.run(docName, Buffer.from(update.buffer, update.byteOffset, update.byteLength)).lastInsertRowid);
    return { seq, prev };
  });

  // The merged row is inserted after the delete, so it gets a fresh seq and sorts after
  // any rows that arrived while the merge was computed; Yjs ignores the overlap.
  const compact = db.transaction((docName: string, merged: Uint8Array, throughSeq: number): AppendedUpdate => {
    q.deleteUpdatesThrough.run(docName, throughSeq);
    return appendLinked(docName, merged);
  });

  let closed = false;
  const store: SqliteStore = {
    db,
    ...sqliteSessions(db),
    async countUsers() {
      return (q.countUsers.get() as { n: number }).n;
    },
    async createUsers(users) {
      return createUsers(users);
    },
    async getUser(id) {
      const r = q.getUser.get(id) as UserRow | undefined;
      return r ? toUser(r) : null;
    },
    async findUserByUsername(username): Promise<UserWithPassword | null> {
      const r = q.findUser.get(username) as UserRow | undefined;
      return r ? { ...toUser(r), passwordHash: r.password_hash } : null;
    },
    async createMeeting(m) {
      const now = new Date().toISOString();
      const createdAt = m.createdAt ?? now;
      q.insertMeeting.run(m.id, m.title, m.status, m.startsAt, m.endsAt, m.venue, createdAt, now);
      return { ...m, createdAt, updatedAt: now };
    },
    async getMeeting(id) {
      const r = q.getMeeting.get(id) as MeetingRow | undefined;
      return r ? toMeeting(r) : null;
    },
    async getMeetingWithRole(meetingId, userId) {
      // Placeholders in the order they appear: the user's (the join) before the meeting's.
      const r = q.meetingWithRole.get(userId, meetingId) as (MeetingRow & { member_role: MeetingRole | null }) | undefined;
      return r ? toMeetingWithRole(r) : null;
    },
    async updateMeeting(id, fields: MeetingFields) {
      const columns: Record<keyof MeetingFields, string> = {
        title: 'title',
        status: 'status',
        startsAt: 'starts_at',
        endsAt: 'ends_at',
        venue: 'venue',
      };
      const keys = (Object.keys(fields) as (keyof MeetingFields)[]).filter((k) => k in columns && fields[k] !== undefined);
      if (keys.length === 0) return;
      const sets = keys.map((k) => `${columns[k]} = ?`).join(', ');
      db.prepare(`UPDATE meetings SET ${sets}, updated_at = ? WHERE id = ?`).run(
        ...keys.map((k) => fields[k] ?? null),
        new Date().toISOString(),
        id,
      );
    },
    async changeMeetingStatus(id, from, to) {
      return q.changeStatus.run(to, new Date().toISOString(), id, from).changes > 0;
    },
    async listAllMeetings() {
      return (q.allMeetings.all() as MeetingRow[]).map(toMeeting);
    },
    async listMeetingsOfUser(userId): Promise<MemberMeeting[]> {
      return (q.userMeetings.all(userId) as (MeetingRow & { role: MeetingRole })[]).map((r) => ({ ...toMeeting(r), role: r.role }));
    },
    async addMembers(meetingId, members) {
      addMembers(meetingId, members);
    },
    async getMemberRole(meetingId, userId) {
      const r = q.memberRole.get(meetingId, userId) as { role: MeetingRole } | undefined;
      return r?.role ?? null;
    },
    async countMembers(meetingId) {
      return (q.countMembers.get(meetingId) as { n: number }).n;
    },
    async listMembers(meetingId): Promise<MemberRecord[]> {
      return q.listMembers.all(meetingId) as MemberRecord[];
    },
    async findUsersByUsernames(usernames) {
      const found = new Map<string, UserRecord>();
      for (const name of usernames) {
        const r = q.findUser.get(name) as UserRow | undefined;
        if (r) found.set(name.toLowerCase(), toUser(r));
      }
      return found;
    },
    async createMeetingWithMembers(m, members) {
      return createMeetingWithMembers(m, members);
    },
    async addParticipants(meetingId, list) {
      return addParticipants(meetingId, list);
    },
    async changeMember(meetingId, userId, role) {
      return changeMember(meetingId, userId, role);
    },
    async countMembershipsWithRole(userId, role) {
      return (q.countUserMemberships.get(userId, role) as { n: number }).n;
    },
    async loadUpdates(docName, afterSeq = 0): Promise<StoredUpdate[]> {
      return (q.loadUpdates.all(docName, afterSeq) as { seq: number; update_blob: Buffer }[]).map((r) => ({
        seq: r.seq,
        update: new Uint8Array(r.update_blob.buffer, r.update_blob.byteOffset, r.update_blob.byteLength),
      }));
    },
    async appendUpdate(docName, update) {
      return appendLinked(docName, update);
    },
    async compactUpdates(docName, merged, throughSeq) {
      return compact(docName, merged, throughSeq);
    },
    async addMeetingBlob(meetingId, sha256, size) {
      return q.insertBlob.run(meetingId, sha256, size).changes > 0;
    },
    async removeMeetingBlob(meetingId, sha256) {
      q.deleteBlob.run(meetingId, sha256);
    },
    async countBlobReferences(sha256) {
      return (q.countBlobRefs.get(sha256) as { n: number }).n;
    },
    async blobMeetings(sha256, userId): Promise<BlobMeeting[]> {
      return q.blobMeetings.all(userId, sha256) as BlobMeeting[];
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(checkpointer);
      db.close();
    },
  };
  // Constraint and busy errors become the same ApiErrors the PostgreSQL store gives.
  return withStoreErrors(store);
}
