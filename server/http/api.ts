/**
 * The HTTP API on plain node:http. Every body goes through a zod schema from
 * shared/http.ts; every error leaves as `{ error: { code, message } }`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../../shared/errors';
import { LoginRequest, type LoginResponse, type ReceiptKeyResponse, type MeetingList, type MeetingSummary } from '../../shared/http';
import { meetingAccess } from '../access';
import { dummyHash, verifyPassword } from '../auth/passwords';
import type { Session } from '../auth/sessions';
import { serveBlob } from './blob-route';
import { requireSession, type ApiContext, type Route } from './context';
import { documentRoutes } from './routes/documents';
import { meetingRoutes } from './routes/meetings';
import { participantRoutes } from './routes/participants';
import { roomRoutes } from './routes/room';
import { taskRoutes } from './routes/tasks';
import { readJson } from './body';
import { openApiDocument } from './openapi';
import { sendError, sendJson } from './respond';
import type { SessionResponse } from '../../shared/http';

export type { ApiContext } from './context';

/** A request that sends nothing for this long is dropped (there is no whole-request deadline). */
const idleRequestMs = 60_000;
const badCredentials = 'The user name or password is not correct.';

async function login(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJson(req, LoginRequest);
  const ip = req.socket.remoteAddress ?? 'unknown';
  const waitMs = ctx.limiter.retryAfterMs(body.username, ip);
  if (waitMs > 0) {
    const sec = Math.max(1, Math.ceil(waitMs / 1000));
    ctx.log('warn', 'login rate limited', { username: body.username, ip });
    throw Object.assign(new ApiError('rate_limited', `Too many failed sign-in attempts. Try again in ${sec} second${sec === 1 ? '' : 's'}.`), {
      retryAfterSec: sec,
    });
  }
  const user = await ctx.store.findUserByUsername(body.username);
  const ok = await verifyPassword(body.password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !ok) {
    ctx.limiter.fail(body.username, ip);
    ctx.log('info', 'login failed', { username: body.username, ip });
    throw new ApiError('bad_credentials', badCredentials);
  }
  ctx.limiter.succeed(body.username, ip);
  const { token, expiresAt } = await ctx.sessions.issue(user.id);
  const { passwordHash: _, ...publicUser } = user;
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

const routes: Route[] = [
  {
    methods: ['GET'],
    pattern: /^\/api\/health$/,
    handler: async (ctx, _req, res) => sendJson(res, 200, { ok: true, version: ctx.version }),
  },
  { methods: ['POST'], pattern: /^\/api\/login$/, handler: login },
  {
    methods: ['GET'],
    pattern: /^\/api\/receipt-key$/,
    handler: async (ctx, _req, res) => sendJson(res, 200, { algorithm: 'Ed25519', publicKey: ctx.room.signer.publicKeyBase64() } satisfies ReceiptKeyResponse),
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
      sendJson(res, 200, { user, expiresAt: new Date(expiresAt).toISOString() } satisfies SessionResponse);
    },
  },
  {
    methods: ['GET'],
    pattern: /^\/api\/meetings$/,
    handler: async (ctx, req, res) => sendJson(res, 200, await listMeetings(ctx, await requireSession(ctx, req))),
  },
  ...meetingRoutes,
  ...participantRoutes,
  ...documentRoutes,
  ...roomRoutes,
  ...taskRoutes,
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
    handler: async (ctx, _req, res) => sendJson(res, 200, openApiDocument(ctx.version)),
  },
];

export function createApiHandler(ctx: ApiContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    req.setTimeout(idleRequestMs, () => req.socket.destroy());
    const run = async () => {
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
