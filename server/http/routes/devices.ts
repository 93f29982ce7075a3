/**
 * Who is signed in where (issue 11): each session is a device. A person lists and signs out
 * their own devices; an administrator — or the secretariat of a meeting the person is in —
 * does the same for them, and marks a device lost. A lost device is refused everything but
 * its outbox and its wipe report (see requireSession), and the report lands in the audit
 * log of every meeting the person belongs to.
 *
 * Why per meeting: the audit chain is per meeting (its head goes on the meeting's notice),
 * and what a wipe destroys is each meeting's confidential pack. So each meeting's chain
 * says that its pack was marked lost on a device, by whom, and that the device confirmed
 * the wipe; the server log carries the same line once for operators.
 */
import type { IncomingMessage } from 'node:http';
import { ApiError } from '../../../shared/errors';
import { closeCodes } from '../../../shared/ydoc/doc-names';
import { type DeviceView } from '../../../shared/api/devices';
import type { deviceEndpoints } from '../../../shared/api/devices';
import type { Session } from '../../auth/sessions';
import type { DeviceSessionRecord, UserRecord } from '../../store/types';
import type { ApiContext } from '../context';
import type { Handlers } from '../router';

const noSuchDevice = 'There is no such device, or it is not yours to manage.';
const noSuchUser = 'There is no such user, or you do not manage them.';

const iso = (ms: number) => new Date(ms).toISOString();

function deviceView(s: DeviceSessionRecord, currentId: string | null): DeviceView {
  return {
    id: s.id,
    name: s.deviceName,
    createdAt: iso(s.createdAt),
    lastSeenAt: iso(Math.max(s.lastSeenAt, s.createdAt)),
    lastSeenIp: s.lastSeenIp,
    expiresAt: iso(s.expiresAt),
    lostAt: s.lostAt === null ? null : iso(s.lostAt),
    current: s.id === currentId,
  };
}

/** A user's devices still signed in (or lost, waiting to wipe), most recently seen first. */
async function devicesOf(ctx: ApiContext, userId: string, currentId: string | null): Promise<DeviceView[]> {
  const now = Date.now();
  return (await ctx.sessions.devicesOf(userId)).filter((s) => s.lostAt !== null || s.expiresAt > now).map((s) => deviceView(s, currentId));
}

/** Oneself, an administrator, or the secretariat of a meeting the person is in. */
async function mayManage(ctx: ApiContext, caller: Session, userId: string): Promise<boolean> {
  if (caller.user.id === userId || caller.user.globalRole === 'admin') return true;
  return ctx.store.sharesMeetingAsSecretariat(caller.user.id, userId);
}

async function findUser(ctx: ApiContext, idOrName: string): Promise<UserRecord | null> {
  const byId = await ctx.store.getUser(idOrName);
  if (byId) return byId;
  const byName = await ctx.store.findUserByUsername(idOrName);
  if (!byName) return null;
  const { passwordHash: _, ...user } = byName;
  return user;
}

async function managedUser(ctx: ApiContext, caller: Session, idOrName: string): Promise<UserRecord> {
  const user = await findUser(ctx, idOrName);
  // Someone the caller may not manage gets the same 404 as nobody, so names cannot be probed.
  if (!user || !(await mayManage(ctx, caller, user.id))) throw new ApiError('not_found', noSuchUser);
  return user;
}

async function managedDevice(ctx: ApiContext, caller: Session, id: string): Promise<DeviceSessionRecord> {
  const device = await ctx.store.sessionById(id);
  if (!device || !(await mayManage(ctx, caller, device.userId))) throw new ApiError('not_found', noSuchDevice);
  return device;
}

/** Ends every session of a user but the lost ones (they still have a wipe to do), and closes their sockets. */
async function signOutEverywhere(ctx: ApiContext, userId: string, reason: string): Promise<number> {
  const ids = await ctx.store.deleteSessionsOfUser(userId);
  ctx.docs.closeConnectionsOfSessions(userId, ids, closeCodes.unauthorized, reason);
  return ids.length;
}

/** One entry per meeting of the user, in one transaction (see the header for why per meeting). */
async function auditDevice(ctx: ApiContext, userId: string, kind: 'device.marked_lost' | 'device.wiped', data: Record<string, unknown>): Promise<number> {
  const meetings = await ctx.store.listMeetingsOfUser(userId);
  const { audit } = ctx.records;
  await ctx.records.rdb.transaction(
    meetings.map((m) => m.id),
    function* () {
      for (const m of meetings) yield* audit.append(m.id, kind, data);
    },
  );
  return meetings.length;
}

function ip(req: IncomingMessage): string | null {
  return req.socket.remoteAddress ?? null;
}

export const deviceHandlers: Handlers<typeof deviceEndpoints> = {
  'devices.list': async (ctx, { session }) => ({ devices: await devicesOf(ctx, session.user.id, session.sessionId) }),

  // Sign out everywhere, this device included.
  'devices.signOutEverywhere': async (ctx, { session, req }) => {
    const signedOut = await signOutEverywhere(ctx, session.user.id, 'You signed out on every device.');
    ctx.log('info', 'signed out everywhere', { user: session.user.username, signedOut, ip: ip(req) });
    return { signedOut };
  },

  'devices.signOut': async (ctx, { session, params }) => {
    const device = await managedDevice(ctx, session, params.deviceId);
    if (device.lostAt !== null) {
      throw new ApiError('conflict', 'This device is marked lost: it stays known until it has wiped itself, so it can be told to.');
    }
    await ctx.store.deleteSessionById(device.id);
    const closed = ctx.docs.closeConnectionsOfSessions(device.userId, [device.id], closeCodes.unauthorized, 'This device was signed out.');
    ctx.log('info', 'device signed out', { by: session.user.username, userId: device.userId, device: device.id, closedConnections: closed });
    return { ok: true };
  },

  'devices.markLost': async (ctx, { session, params }) => {
    const device = await managedDevice(ctx, session, params.deviceId);
    if (device.id === session.sessionId) {
      throw new ApiError('invalid_input', 'This is the device you are using: sign out here instead, or mark it lost from another device.');
    }
    const at = Date.now();
    await ctx.store.markSessionLost(device.id, session.user.id, at);
    const closed = ctx.docs.closeConnectionsOfSessions(device.userId, [device.id], closeCodes.unauthorized, 'This device was reported lost.');
    const meetings =
      device.lostAt === null
        ? await auditDevice(ctx, device.userId, 'device.marked_lost', { userId: device.userId, deviceId: device.id, deviceName: device.deviceName, by: session.user.id, byName: session.user.username })
        : 0;
    ctx.log('warn', 'device marked lost', { by: session.user.username, userId: device.userId, device: device.id, name: device.deviceName, closedConnections: closed, meetings });
    return deviceView({ ...device, lostAt: device.lostAt ?? at, lostBy: device.lostBy ?? session.user.id }, session.sessionId);
  },

  // The lost device reports that it deleted what it kept; its session ends with it.
  'devices.reportWipe': async (ctx, { session, body: report, req }) => {
    if (!session.lost) throw new ApiError('conflict', 'This device was not reported lost; there is nothing to report.');
    const device = await ctx.store.sessionById(session.sessionId);
    const meetings = await auditDevice(ctx, session.user.id, 'device.wiped', {
      userId: session.user.id,
      deviceId: session.sessionId,
      deviceName: device?.deviceName ?? '',
      markedLostAt: device?.lostAt ? iso(device.lostAt) : null,
      markedLostBy: device?.lostBy ?? null,
      ...report,
    });
    await ctx.store.deleteSessionById(session.sessionId);
    ctx.docs.closeConnectionsOfSessions(session.user.id, [session.sessionId], closeCodes.unauthorized, 'This device wiped itself.');
    ctx.log('warn', 'lost device wiped', { user: session.user.username, device: session.sessionId, name: device?.deviceName ?? '', ip: ip(req), auditedMeetings: meetings, ...report });
    return { ok: true };
  },

  'devices.ofUser': async (ctx, { session, params }) => {
    const user = await managedUser(ctx, session, params.user);
    const devices = await devicesOf(ctx, user.id, session.sessionId);
    return { user, disabled: await ctx.store.isUserDisabled(user.id), devices };
  },

  'devices.signOutUser': async (ctx, { session, params }) => {
    const user = await managedUser(ctx, session, params.user);
    const signedOut = await signOutEverywhere(ctx, user.id, 'You were signed out on every device.');
    ctx.log('info', 'user signed out everywhere', { by: session.user.username, user: user.username, signedOut });
    return { signedOut };
  },

  'devices.setUserDisabled': {
    guard: async (ctx, { session, params }) => {
      await managedUser(ctx, session, params.user);
      if (session.user.globalRole !== 'admin') throw new ApiError('forbidden', 'Only an administrator can disable or enable an account.');
    },
    handle: async (ctx, { session, params, body: { disabled } }) => {
      const user = await managedUser(ctx, session, params.user);
      if (disabled && user.id === session.user.id) throw new ApiError('invalid_input', 'You cannot disable your own account.');
      await ctx.store.setUserDisabled(user.id, disabled ? new Date().toISOString() : null);
      let signedOut = 0;
      if (disabled) {
        signedOut = await signOutEverywhere(ctx, user.id, 'This account was disabled.');
        // A lost device's socket goes too; its session stays so it can still be told to wipe.
        ctx.docs.closeConnectionsOfSessions(user.id, null, closeCodes.unauthorized, 'This account was disabled.');
      }
      ctx.log('warn', disabled ? 'account disabled' : 'account enabled', { by: session.user.username, user: user.username, signedOut });
      return { user, disabled, devices: await devicesOf(ctx, user.id, session.sessionId) };
    },
  },
};
