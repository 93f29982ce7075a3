/**
 * Session tokens: 32 random bytes shown to the client once; only their sha256 is stored,
 * so a copy of the database does not let anyone sign in. Each session is one device (its
 * name, when and where it was last seen), and its expiry slides while it is in use.
 *
 * Why these numbers: 12 hours idle covers the longest meeting day (a congress sitting with
 * its breaks) without asking for the password in the middle of it, yet a laptop left
 * signed in overnight is signed out by the morning. 30 days absolute: however busy, a
 * device proves it still knows the password once a month, so a token copied off a machine
 * stops working within a month at worst (and at once with "sign out this device").
 */
import { createHash, randomBytes } from 'node:crypto';
import { newSessionId } from '../store/sessions-sqlite';
import type { DeviceSessionRecord, MeetingWithRole, Store, UserRecord } from '../store/types';

export const defaultIdleMs = 12 * 60 * 60 * 1000;
export const defaultAbsoluteMs = 30 * 24 * 60 * 60 * 1000;
/**
 * Last seen is written at most once a minute per session (and when the address changes):
 * a device polling every second would otherwise cost a write per request.
 */
export const touchEveryMs = 60_000;
/** Kept for callers of the old name: the idle lifetime of a token. */
export const defaultTokenTtlMs = defaultIdleMs;

export interface SessionPolicy {
  /** A session not used for this long ends. */
  idleMs: number;
  /** No session lives longer than this after sign-in, used or not. */
  absoluteMs: number;
}

/**
 * The policy for the server's options. `tokenTtlMs` (the one knob tests and operators had)
 * is the absolute lifetime; the idle lifetime never exceeds it.
 */
export function sessionPolicy(opts: { tokenTtlMs?: number; idleMs?: number } = {}): SessionPolicy {
  const absoluteMs = opts.tokenTtlMs ?? defaultAbsoluteMs;
  return { absoluteMs, idleMs: Math.min(opts.idleMs ?? defaultIdleMs, absoluteMs) };
}

/** When a session used at `now` ends: a full idle period later, but never past its absolute limit. */
export function slidingExpiry(now: number, absoluteExpiresAt: number, idleMs: number): number {
  return Math.min(now + idleMs, absoluteExpiresAt);
}

/** Whether a use at `now` from `ip` is worth a write (see touchEveryMs). */
export function shouldTouch(s: { lastSeenAt: number; lastSeenIp: string | null }, now: number, ip: string | null, everyMs = touchEveryMs): boolean {
  return now - s.lastSeenAt >= everyMs || (ip !== null && ip !== s.lastSeenIp);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface Session {
  user: UserRecord;
  tokenHash: string;
  /** The device's public id (what "my devices" lists); never the token's hash. */
  sessionId: string;
  expiresAt: number;
  absoluteExpiresAt: number;
  /** Marked lost: the token may only send its outbox and report its wipe. */
  lost: boolean;
  /**
   * The meeting asked about with the session (verify's `meetingId`), read in the same
   * statement: `found` is null when there is no such meeting. http/context.ts uses it
   * instead of asking again.
   */
  inMeeting?: { meetingId: string; found: MeetingWithRole | null };
}

export class Sessions {
  readonly policy: SessionPolicy;

  constructor(
    private readonly store: Store,
    policy: Partial<SessionPolicy> = {},
  ) {
    this.policy = { ...sessionPolicy(), ...policy };
    this.policy.idleMs = Math.min(this.policy.idleMs, this.policy.absoluteMs);
  }

  async issue(userId: string, device: { name?: string; ip?: string | null } = {}): Promise<{ token: string; expiresAt: number; sessionId: string }> {
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    const absoluteExpiresAt = now + this.policy.absoluteMs;
    const expiresAt = slidingExpiry(now, absoluteExpiresAt, this.policy.idleMs);
    const sessionId = newSessionId();
    await this.store.createDeviceSession(hashToken(token), userId, expiresAt, {
      id: sessionId,
      deviceName: device.name ?? '',
      ip: device.ip ?? null,
      createdAt: now,
      absoluteExpiresAt,
    });
    return { token, expiresAt, sessionId };
  }

  /**
   * The session behind a token, or null when it is unknown, forged, expired or its account
   * disabled. Using it slides its expiry and records when and from where it was seen. A
   * lost device's session is returned (with `lost`) even past its expiry, so the device can
   * still be told to wipe itself; callers refuse it for everything else. `meetingId`: the
   * meeting the request is about, read with the session (Session.inMeeting).
   */
  async verify(token: string | null | undefined, ip: string | null = null, meetingId?: string): Promise<Session | null> {
    if (!token || token.length > 256) return null;
    const tokenHash = hashToken(token);
    const s = await this.store.sessionByToken(tokenHash, meetingId);
    // A disabled account's lost device is still told to wipe itself; nothing else of it works.
    if (!s || (s.userDisabled && s.lostAt === null)) return null;
    const now = Date.now();
    const lost = s.lostAt !== null;
    if (!lost && s.expiresAt <= now) {
      await this.store.deleteSession(tokenHash);
      return null;
    }
    const { user } = s;
    let expiresAt = s.expiresAt;
    // A short idle period (tests, a strict operator) is renewed often enough to matter.
    if (!lost && shouldTouch(s, now, ip, Math.min(touchEveryMs, this.policy.idleMs / 4))) {
      expiresAt = slidingExpiry(now, s.absoluteExpiresAt, this.policy.idleMs);
      await this.store.touchSession(s.id, now, ip ?? s.lastSeenIp, expiresAt);
    }
    const inMeeting = meetingId === undefined ? {} : { inMeeting: { meetingId, found: s.inMeeting ?? null } };
    return { user, tokenHash, sessionId: s.id, expiresAt, absoluteExpiresAt: s.absoluteExpiresAt, lost, ...inMeeting };
  }

  /** Keeps sessions with an open sync socket alive: listening in the room is using it. */
  async renewInUse(sessionIds: readonly string[]): Promise<void> {
    await this.store.renewSessions(sessionIds, Date.now(), this.policy.idleMs);
  }

  async revoke(tokenHash: string): Promise<void> {
    await this.store.deleteSession(tokenHash);
  }

  devicesOf(userId: string): Promise<DeviceSessionRecord[]> {
    return this.store.listSessionsOfUser(userId);
  }
}
