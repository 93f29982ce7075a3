/**
 * The HTTP API on plain node:http. Every body goes through a zod schema from
 * shared/http.ts; every error leaves as `{ error: { code, message } }`.
 */
import { officialRecordsOf } from '../records-official/service';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../../shared/errors';
import { LoginRequest, type LoginResponse, type ReceiptKeyResponse, type MeetingList, type MeetingSummary } from '../../shared/http';
import { meetingAccess } from '../access';
import { dummyHash, verifyPassword } from '../auth/passwords';
import type { Session } from '../auth/sessions';
import { serveBlob } from './blob-route';
import { bearer, requireSession, type ApiContext, type Handler, type Route } from './context';
import { clientAddress, rateLimited } from './request-limits';
import { deviceRoutes } from './routes/devices';
import { documentRoutes } from './routes/documents';
import { meetingRoutes } from './routes/meetings';
import { organisationRoutes } from './routes/organisations';
import { participantRoutes } from './routes/participants';
import { roomRoutes } from './routes/room';
import { auditRoutes } from './routes/audit';
import { taskRoutes } from './routes/tasks';
import { readJson } from './body';
import { openApiDocument } from './openapi';
import { sendError, sendJson } from './respond';
import type { SessionResponse } from '../../shared/http';

export type { ApiContext } from './context';

/** A request that sends nothing for this long is dropped (there is no whole-request deadline). */
const idleRequestMs = 60_000;
const badCredentials = 'The user name or password is not correct.';

/**
 * Whether the request carries a valid session of this very user: a device already signed
 * in as the chair is never held back by someone else's failures (issue 18).
 */
async function signedInAs(ctx: ApiContext, req: IncomingMessage, username: string): Promise<boolean> {
  const token = bearer(req);
  if (!token) return false;
  const session = await ctx.sessions.verify(token, clientAddress(req));
  return !!session && session.user.username.toLowerCase() === username.toLowerCase();
}

async function login(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJson(req, LoginRequest);
  const ip = clientAddress(req);
  const refusal = (await signedInAs(ctx, req, body.username)) ? null : ctx.limiter.begin(body.username, ip);
  if (refusal) {
    const { limits } = ctx.limiter;
    ctx.log('warn', 'login rate limited', { username: body.username, ip, scope: refusal.scope });
    throw rateLimited(
      refusal.scope === 'account'
        ? `Too many failed sign-in attempts for this user name from this device (more than ${limits.pairFreeFailures}).`
        : `Too many failed sign-ins from this network address (${limits.addressMaxFailures} in ${Math.round(limits.addressWindowMs / 60_000)} minutes).`,
      refusal.retryAfterMs,
    );
  }
  const user = await ctx.store.findUserByUsername(body.username);
  const ok = await verifyPassword(body.password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !ok) {
    ctx.limiter.fail(body.username, ip);
    ctx.log('info', 'login failed', { username: body.username, ip });
    throw new ApiError('bad_credentials', badCredentials);
  }
  ctx.limiter.succeed(body.username, ip);
  // Told only after the right password, so a guesser learns nothing about the account.
  if (await ctx.store.isUserDisabled(user.id)) {
    ctx.log('warn', 'login to a disabled account', { username: user.username, ip });
    throw new ApiError('forbidden', 'This account is disabled. Ask an administrator to enable it again.');
  }
  const { token, expiresAt } = await ctx.sessions.issue(user.id, { name: body.deviceName, ip });
  const { passwordHash: _, ...account } = user;
  const publicUser = { ...account, organisationSecretariat: officialRecordsOf(ctx).orgs.secretariatOf(user.id).length > 0 };
  ctx.log('info', 'login', { username: user.username, ip });
  sendJson(res, 200, { token, expiresAt: new Date(expiresAt).toISOString(), user: publicUser, receiptKey: ctx.room.signer.publicKeyBase64() } satisfies LoginResponse);
}

async function listMeetings(ctx: ApiContext, session: Session): Promise<MeetingList> {
  const { user } = session;
  const own = await ctx.store.listMeetingsOfUser(user.id);
  const roles = new Map(own.map((m) => [m.id, m.role]));
  const all = user.globalRole === 'admin' ? await ctx.store.listAllMeetings() : own;
  const meetings: MeetingSummary[] = [];
  for (const m of all) {
    const access = meetingAccess(user, m.status, roles.get(m.id) ?? null);
    if (!access) continue;
    meetings.push({ id: m.id, title: m.title, status: m.status, startsAt: m.startsAt, endsAt: m.endsAt, venue: m.venue, role: access.role });
  }
  return { meetings };
}

/**
 * A route anyone may call. It counts against the caller's address whatever Authorization
 * header it carries: a made-up bearer must not take it out of the per-address limit.
 */
function publicRoute(handler: Handler): Handler {
  return (ctx, req, res, match) => {
    ctx.limits.admitAnonymous(req);
    return handler(ctx, req, res, match);
  };
}

const routes: Route[] = [
  {
    methods: ['GET'],
    pattern: /^\/api\/health$/,
    handler: publicRoute(async (ctx, _req, res) => sendJson(res, 200, { ok: true, version: ctx.version })),
  },
  { methods: ['POST'], pattern: /^\/api\/login$/, handler: publicRoute(login) },
  {
    methods: ['GET'],
    pattern: /^\/api\/receipt-key$/,
    handler: publicRoute(async (ctx, _req, res) => sendJson(res, 200, { algorithm: 'Ed25519', publicKey: ctx.room.signer.publicKeyBase64() } satisfies ReceiptKeyResponse)),
  },
  {
    methods: ['POST'],
    pattern: /^\/api\/logout$/,
    handler: async (ctx, req, res) => {
      const session = await requireSession(ctx, req);
      await ctx.sessions.revoke(session.tokenHash);
      sendJson(res, 200, { ok: true });
    },
  },
  {
    methods: ['GET'],
    pattern: /^\/api\/session$/,
    handler: async (ctx, req, res) => {
      const { user, expiresAt } = await requireSession(ctx, req);
      const organisationSecretariat = officialRecordsOf(ctx).orgs.secretariatOf(user.id).length > 0;
      sendJson(res, 200, { user: { ...user, organisationSecretariat }, expiresAt: new Date(expiresAt).toISOString() } satisfies SessionResponse);
    },
  },
  {
    methods: ['GET'],
    pattern: /^\/api\/meetings$/,
    handler: async (ctx, req, res) => sendJson(res, 200, await listMeetings(ctx, await requireSession(ctx, req))),
  },
  ...deviceRoutes,
  ...meetingRoutes,
  ...participantRoutes,
  ...documentRoutes,
  ...roomRoutes,
  ...auditRoutes,
  ...taskRoutes,
  ...organisationRoutes,
  {
    methods: ['GET', 'HEAD'],
    pattern: /^\/api\/blobs\/([^/]+)$/,
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      await serveBlob(req, res, m[1]!.toLowerCase(), session.user, ctx.store, ctx.dataDir);
    },
  },
  {
    methods: ['GET'],
    pattern: /^\/api\/openapi\.json$/,
    handler: publicRoute(async (ctx, _req, res) => sendJson(res, 200, openApiDocument(ctx.version))),
  },
];

export function createApiHandler(ctx: ApiContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    req.setTimeout(idleRequestMs, () => req.socket.destroy());
    // Every reply carries the server's time in ms: devices estimate their clock's offset
    // from it (main/core/server-clock.ts) so speakers' countdowns agree with the server.
    res.setHeader('X-Server-Time', String(Date.now()));
    const run = async () => {
      ctx.limits.begin(req, res, (why) => ctx.log('warn', 'slow client cut off', { why, ip: clientAddress(req), url: req.url?.split('?')[0] }));
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      // Several routes may share a path with different methods (GET and POST /api/meetings).
      const allowed: string[] = [];
      for (const route of routes) {
        const match = route.pattern.exec(pathname);
        if (!match) continue;
        if (!route.methods.includes(req.method ?? '')) {
          allowed.push(...route.methods);
          continue;
        }
        await route.handler(ctx, req, res, match);
        return;
      }
      if (allowed.length) {
        res.setHeader('Allow', allowed.join(', '));
        if (!req.complete) res.setHeader('Connection', 'close');
        sendJson(res, 405, { error: { code: 'invalid_input', message: `Use ${allowed.join(' or ')} for ${pathname}.` } });
        return;
      }
      throw new ApiError('not_found', `There is nothing at ${pathname}.`);
    };
    run().catch((err) => sendError(req, res, err, ctx.log));
  };
}
