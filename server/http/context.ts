/**
 * What every route handler gets, and the checks most of them start with.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../../shared/errors';
import { runsMeeting, type MeetingRole } from '../../shared/roles';
import type { LoginRateLimiter } from '../auth/rate-limit';
import type { Session, Sessions } from '../auth/sessions';
import type { Log } from '../log';
import type { MeetingRecord, MeetingWithRole, Store } from '../store/types';
import type { SyncedDocs } from '../sync/synced-docs';
import type { RecordsService } from '../records/service';
import { meetingAccess } from '../access';
import type { RequestLimits } from './request-limits';
import type { ReadyReport } from '../ops/ready';
import type { ServerMetrics } from '../ops/metrics';

export interface ApiContext {
  store: Store;
  sessions: Sessions;
  limiter: LoginRateLimiter;
  /** Request rates, uploads at once and slow clients (server/http/request-limits.ts). */
  limits: RequestLimits;
  docs: SyncedDocs;
  /** Records, check-in window, polls and audit of the meeting (issues 5, 6). */
  records: RecordsService;
  dataDir: string;
  version: string;
  log: Log;
  /** Largest document upload accepted, in bytes. */
  maxUploadBytes: number;
  /** Readiness and metrics of this node (server/ops/); absent in contexts built without them. */
  ops?: { ready(): Promise<ReadyReport>; metrics: ServerMetrics };
}

export type Handler = (ctx: ApiContext, req: IncomingMessage, res: ServerResponse, match: RegExpExecArray) => Promise<void>;

export interface Route {
  methods: string[];
  pattern: RegExp;
  handler: Handler;
}

const expired = 'Your session has expired. Sign in again.';

export function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1]! : null;
}

/**
 * The caller's session. A device marked lost is refused (code device_lost, which tells it
 * to wipe itself) except where `allowLost`: sending its outbox and reporting its wipe.
 * `meetingId`: the meeting the request is about, read in the same statement (Session.inMeeting).
 */
export async function requireSession(ctx: ApiContext, req: IncomingMessage, opts: { allowLost?: boolean; meetingId?: string } = {}): Promise<Session> {
  const token = bearer(req);
  if (!token) {
    ctx.limits.admitAnonymous(req);
    throw new ApiError('unauthorized', 'Sign in first: this call needs a session token.');
  }
  const session = await ctx.sessions.verify(token, req.socket.remoteAddress ?? null, opts.meetingId);
  if (!session) {
    // A made-up token must not buy the per-user allowance: it counts against the address.
    ctx.limits.admitAnonymous(req);
    throw new ApiError('unauthorized', expired);
  }
  ctx.limits.admitUser(req, session.user.id);
  if (session.lost && !opts.allowLost) {
    throw new ApiError('device_lost', 'This device was reported lost. It deletes the meetings it keeps and signs out; sign in again afterwards if it is back in your hands.');
  }
  return session;
}

/** The meeting and the caller's role, as read with the session when it was asked for this meeting. */
function meetingWithRole(ctx: ApiContext, session: Session, meetingId: string): Promise<MeetingWithRole | null> {
  if (session.inMeeting?.meetingId === meetingId) return Promise.resolve(session.inMeeting.found);
  return ctx.store.getMeetingWithRole(meetingId, session.user.id);
}

/**
 * The meeting, if the caller is its secretariat. A non-member gets the same 404 as an
 * unknown id so meeting ids cannot be probed; a member in another role is told why not.
 * Global admins oversee meetings but do not prepare them (they read as observers).
 */
export async function requireSecretariat(
  ctx: ApiContext,
  session: Session,
  meetingId: string,
  action: string,
): Promise<{ meeting: MeetingRecord; role: MeetingRole }> {
  const { meeting, role } = (await meetingWithRole(ctx, session, meetingId)) ?? { meeting: null, role: null };
  if (!meeting || (role === null && session.user.globalRole !== 'admin')) {
    throw new ApiError('not_found', 'There is no such meeting, or you are not one of its participants.');
  }
  if (role !== 'secretariat') {
    ctx.log('warn', 'preparation refused', { meetingId, user: session.user.username, role: role ?? 'admin', action });
    throw new ApiError('forbidden', `Only the secretariat of this meeting can ${action}.`);
  }
  return { meeting, role };
}

/**
 * The meeting and the caller's role in it, for anyone who may see it. A global admin who
 * is not a member gets role null (they oversee, read-only); everyone else outside gets the
 * same 404 as an unknown id.
 */
export async function requireMember(
  ctx: ApiContext,
  session: Session,
  meetingId: string,
): Promise<{ meeting: MeetingRecord; role: MeetingRole | null }> {
  const { meeting, role } = (await meetingWithRole(ctx, session, meetingId)) ?? { meeting: null, role: null };
  if (!meeting || !meetingAccess(session.user, meeting.status, role)) {
    throw new ApiError('not_found', 'There is no such meeting, or you are not one of its participants.');
  }
  return { meeting, role };
}

/** Whoever runs the room (shared/roles runsMeeting): polls, check-in window, show of hands, the agenda, the floor. */
export async function requireRunner(
  ctx: ApiContext,
  session: Session,
  meetingId: string,
  action: string,
): Promise<{ meeting: MeetingRecord; role: MeetingRole }> {
  const { meeting, role } = await requireMember(ctx, session, meetingId);
  if (!role || !runsMeeting(role)) {
    ctx.log('warn', 'room action refused', { meetingId, user: session.user.username, role: role ?? 'admin', action });
    throw new ApiError('forbidden', `Only the chair, a vice chair or the secretariat of this meeting can ${action}.`);
  }
  return { meeting, role };
}
