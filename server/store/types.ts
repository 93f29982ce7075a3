/**
 * What the server keeps. One interface, so the embedded SQLite file can later be swapped
 * for PostgreSQL without touching http/ or sync/. Every method returns a Promise because a
 * networked database needs it; the SQLite implementation does its work synchronously
 * inside the call, so a write has happened by the time the call returns.
 */
import type { GlobalRole, MeetingRole } from '../../shared/roles';
import type { MeetingStatus } from '../../shared/meeting-enums';

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  globalRole: GlobalRole;
}

export interface UserWithPassword extends UserRecord {
  passwordHash: string;
}

export interface NewUser {
  id?: string;
  username: string;
  displayName: string;
  passwordHash: string;
  globalRole: GlobalRole;
}

export interface SessionRecord {
  userId: string;
  expiresAt: number;
}

/** A session as a device: what "my devices" lists and what a remote wipe marks. Times in ms since epoch. */
export interface DeviceSessionRecord {
  id: string;
  tokenHash: string;
  userId: string;
  deviceName: string;
  createdAt: number;
  lastSeenAt: number;
  lastSeenIp: string | null;
  expiresAt: number;
  absoluteExpiresAt: number;
  lostAt: number | null;
  lostBy: string | null;
  /** The account behind it is disabled. */
  userDisabled: boolean;
}

export interface NewDeviceSession {
  id: string;
  deviceName: string;
  ip: string | null;
  createdAt: number;
  absoluteExpiresAt: number;
}

export interface MeetingRecord {
  id: string;
  title: string;
  status: MeetingStatus;
  startsAt: string | null;
  endsAt: string | null;
  venue: string | null;
  createdAt: string;
  updatedAt: string;
}

export type MeetingFields = Partial<Pick<MeetingRecord, 'title' | 'status' | 'startsAt' | 'endsAt' | 'venue'>>;

export interface MemberMeeting extends MeetingRecord {
  role: MeetingRole;
}

export interface BlobMeeting {
  meetingId: string;
  status: MeetingStatus;
  /** The asking user's role in that meeting, null when not a member. */
  role: MeetingRole | null;
}

export interface MemberRecord {
  userId: string;
  username: string;
  role: MeetingRole;
}

/** One participant to add: an existing account is reused, otherwise one is created. */
export interface NewParticipant {
  username: string;
  displayName: string;
  role: MeetingRole;
  /** Used only when no account has this user name yet. */
  passwordHash: string | null;
}

export interface AddedParticipant {
  userId: string;
  username: string;
  created: boolean;
}

export type MemberChange = 'ok' | 'not_member' | 'last_secretariat';

/** A meeting and one user's role in it (null: not a member). */
export interface MeetingWithRole {
  meeting: MeetingRecord;
  role: MeetingRole | null;
}

export interface StoredUpdate {
  seq: number;
  update: Uint8Array;
}

/**
 * Where an appended row landed in its document's log: `prev` is the seq of the row before
 * it in that document (0 for the first). Nodes of a cluster relay updates with both, so a
 * node that holds `prev` knows it misses nothing, and one that does not knows to reload.
 */
export interface AppendedUpdate {
  seq: number;
  prev: number;
}

export interface Store {
  countUsers(): Promise<number>;
  createUsers(users: NewUser[]): Promise<UserRecord[]>;
  getUser(id: string): Promise<UserRecord | null>;
  /** Case-insensitive. */
  findUserByUsername(username: string): Promise<UserWithPassword | null>;

  createSession(tokenHash: string, userId: string, expiresAt: number): Promise<void>;
  findSession(tokenHash: string): Promise<SessionRecord | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Ended sessions; a lost device's session is kept (up to a year) so it can still be told to wipe itself. */
  deleteExpiredSessions(now: number): Promise<number>;
  /** Without `device` (tests minting tokens) the session gets a random id, no name, and `expiresAt` as its absolute limit. */
  createDeviceSession(tokenHash: string, userId: string, expiresAt: number, device: NewDeviceSession): Promise<void>;
  /**
   * With its user (read in the same statement: every request asks for both); with
   * `meetingId`, also that meeting and the user's role in it (`inMeeting`, null when there is
   * no such meeting): a meeting request's first questions in one statement.
   */
  sessionByToken(tokenHash: string, meetingId?: string): Promise<(DeviceSessionRecord & { user: UserRecord; inMeeting?: MeetingWithRole | null }) | null>;
  sessionById(id: string): Promise<DeviceSessionRecord | null>;
  /** Newest first. */
  listSessionsOfUser(userId: string): Promise<DeviceSessionRecord[]>;
  touchSession(id: string, lastSeenAt: number, ip: string | null, expiresAt: number): Promise<void>;
  /** Slides the expiry of these (open-socket) sessions to min(now + idleMs, absolute limit); lost ones are left alone. */
  renewSessions(ids: readonly string[], now: number, idleMs: number): Promise<void>;
  deleteSessionById(id: string): Promise<boolean>;
  /** Ends every session of a user except those marked lost (they still have a wipe to do); returns the ids ended. */
  deleteSessionsOfUser(userId: string): Promise<string[]>;
  /** False when there is no such session. */
  markSessionLost(id: string, by: string, at: number): Promise<boolean>;
  /** False when there is no such user. */
  setUserDisabled(userId: string, disabledAt: string | null): Promise<boolean>;
  isUserDisabled(userId: string): Promise<boolean>;
  /** Whether `secretariatId` is secretariat of some meeting `userId` belongs to. */
  sharesMeetingAsSecretariat(secretariatId: string, userId: string): Promise<boolean>;

  createMeeting(m: Omit<MeetingRecord, 'createdAt' | 'updatedAt'> & { createdAt?: string }): Promise<MeetingRecord>;
  getMeeting(id: string): Promise<MeetingRecord | null>;
  /** The meeting and this user's role in it (null when not a member), in one read: every meeting request asks both. Null when there is no such meeting. */
  getMeetingWithRole(meetingId: string, userId: string): Promise<MeetingWithRole | null>;
  updateMeeting(id: string, fields: MeetingFields): Promise<void>;
  /** Moves the status from `from` to `to`; false when it was not `from` (someone else moved it). */
  changeMeetingStatus(id: string, from: MeetingStatus, to: MeetingStatus): Promise<boolean>;
  listAllMeetings(): Promise<MeetingRecord[]>;
  listMeetingsOfUser(userId: string): Promise<MemberMeeting[]>;
  addMembers(meetingId: string, members: { userId: string; role: MeetingRole }[]): Promise<void>;
  getMemberRole(meetingId: string, userId: string): Promise<MeetingRole | null>;
  countMembers(meetingId: string): Promise<number>;
  listMembers(meetingId: string): Promise<MemberRecord[]>;
  /** Lower-cased user name → account, for the names that exist. */
  findUsersByUsernames(usernames: string[]): Promise<Map<string, UserRecord>>;
  /** Creates the meeting row and its first members in one transaction. */
  createMeetingWithMembers(
    m: Omit<MeetingRecord, 'createdAt' | 'updatedAt'>,
    members: { userId: string; role: MeetingRole }[],
  ): Promise<MeetingRecord>;
  /**
   * Adds participants in one transaction: all or nothing. Throws ParticipantConflict when a
   * user name is already a member (checked again here, after any earlier read, so two
   * concurrent imports cannot both add the same person).
   */
  addParticipants(meetingId: string, participants: NewParticipant[]): Promise<AddedParticipant[]>;
  /**
   * Changes a member's role, or removes the member when `role` is null. Refuses to leave
   * the meeting without a secretariat member; the check and the write share a transaction.
   */
  changeMember(meetingId: string, userId: string, role: MeetingRole | null): Promise<MemberChange>;
  countMembershipsWithRole(userId: string, role: MeetingRole): Promise<number>;

  /** Yjs update log of one document, oldest first; only rows after `afterSeq` when given. */
  loadUpdates(docName: string, afterSeq?: number): Promise<StoredUpdate[]>;
  appendUpdate(docName: string, update: Uint8Array): Promise<AppendedUpdate>;
  /** Replaces every row up to `throughSeq` with `merged`, atomically; returns where the merged row landed. */
  compactUpdates(docName: string, merged: Uint8Array, throughSeq: number): Promise<AppendedUpdate>;

  /** Returns false when the meeting already referenced this blob. */
  addMeetingBlob(meetingId: string, sha256: string, size: number): Promise<boolean>;
  removeMeetingBlob(meetingId: string, sha256: string): Promise<void>;
  countBlobReferences(sha256: string): Promise<number>;
  /** Meetings that reference a blob, with the user's role in each. */
  blobMeetings(sha256: string, userId: string): Promise<BlobMeeting[]>;

  close(): Promise<void>;
}

/** A user name in an import is already a member of the meeting. */
export class ParticipantConflict extends Error {
  constructor(readonly username: string) {
    super(`${username} is already a participant of this meeting.`);
    this.name = 'ParticipantConflict';
  }
}
