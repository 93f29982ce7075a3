/**
 * The router made from the endpoint table (shared/api): it finds the endpoint, checks who
 * may call it (the access level declared there), parses path, query and body with the
 * declared schemas, runs the feature's handler and sends its reply. A handler is written
 * for every endpoint and for nothing else: `Handlers` makes a missing or an extra one a
 * type error.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { endpoints, isFileReply, isUpload, type EndpointName, type EndpointSpec, type Endpoints, type ParsedInput, type ReplyIn } from '../../shared/api';
import { ApiError } from '../../shared/errors';
import type { MeetingRole } from '../../shared/roles';
import type { Session } from '../auth/sessions';
import type { MeetingRecord } from '../store/types';
import { maxJsonBytes, readJson, readQuery } from './body';
import { requireMember, requireRunner, requireSecretariat, requireSession, type ApiContext } from './context';
import { sendJson, sendJsonText } from './respond';

type MeetingAccess = 'member' | 'participant' | 'runs-meeting' | 'secretariat';

/** What a handler gets: the parsed call, and who makes it as its access level established. */
export type Call<E extends EndpointSpec> = ParsedInput<E> & {
  session: E['access'] extends 'public' ? null : Session;
  meeting: E['access'] extends MeetingAccess ? MeetingRecord : null;
  /** The caller's role in the meeting; null for a global admin who observes (access `member`). */
  role: E['access'] extends 'member' ? MeetingRole | null : E['access'] extends MeetingAccess ? MeetingRole : null;
  req: IncomingMessage;
  res: ServerResponse;
};

/** A reply already serialised (a task list built as JSON text in SQL), sent as it is. */
export class JsonText {
  constructor(readonly text: string) {}
}

/** A reply with a status other than the endpoint's success (a 503 that still carries the reply's shape). */
export class Answer<T> {
  constructor(
    readonly status: number,
    readonly body: T,
    readonly headers: Record<string, string> = {},
  ) {}
}

type Returned<E extends EndpointSpec> = E['reply'] extends { file: readonly string[] } ? void : ReplyIn<E> | JsonText | Answer<ReplyIn<E>>;

export type HandlerFn<E extends EndpointSpec> = (ctx: ApiContext, call: Call<E>) => Promise<Returned<E>>;

/**
 * A handler, or one with a guard: checks that need the caller but not the body run before
 * it is read (so someone refused is told so whatever they sent).
 */
export type Handler<E extends EndpointSpec> =
  | HandlerFn<E>
  | { guard: (ctx: ApiContext, call: Omit<Call<E>, 'body'>) => Promise<void>; handle: HandlerFn<E> };

export type Handlers<G extends Record<string, EndpointSpec>> = { [K in keyof G]: Handler<G[K]> };

interface Compiled {
  name: EndpointName;
  spec: EndpointSpec;
  segments: string[];
  handler: Handler<EndpointSpec>;
}

/** Literal segments win over parameters: `/ceremony/restart` before `/ceremony/:step`. */
const literals = (segments: string[]) => segments.filter((s) => !s.startsWith(':')).length;

function matchPath(c: Compiled, parts: string[]): Record<string, string> | null {
  if (c.segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const seg = c.segments[i]!;
    if (seg.startsWith(':')) {
      try {
        params[seg.slice(1)] = decodeURIComponent(parts[i]!);
      } catch {
        return null;
      }
    } else if (seg !== parts[i]) return null;
  }
  return params;
}

/** A request that carries no body at all (a client that sends none where none is needed). */
function hasNoBody(req: IncomingMessage): boolean {
  return req.headers['content-length'] === '0' || (!req.headers['content-type'] && !req.headers['transfer-encoding'] && !req.headers['content-length']);
}

async function admit(ctx: ApiContext, spec: EndpointSpec, req: IncomingMessage, params: Record<string, unknown>) {
  if (spec.access === 'public') {
    ctx.limits.admitAnonymous(req);
    return { session: null, meeting: null, role: null };
  }
  // A meeting's endpoints read the meeting and the caller's role with the session, in one statement.
  const meetingId = spec.access === 'signed-in' || spec.access === 'admin' || params.meetingId === undefined ? undefined : String(params.meetingId);
  const session = await requireSession(ctx, req, { allowLost: spec.allowLost ?? false, meetingId });
  const action = spec.action ?? 'do this';
  switch (spec.access) {
    case 'signed-in':
      return { session, meeting: null, role: null };
    case 'admin':
      if (session.user.globalRole !== 'admin') throw new ApiError('forbidden', `Only a global administrator can ${action}.`);
      return { session, meeting: null, role: null };
    case 'member':
      return { session, ...(await requireMember(ctx, session, String(params.meetingId))) };
    case 'participant': {
      const { meeting, role } = await requireMember(ctx, session, String(params.meetingId));
      if (!role) throw new ApiError('forbidden', `Only participants of this meeting can ${action}.`);
      return { session, meeting, role };
    }
    case 'runs-meeting':
      return { session, ...(await requireRunner(ctx, session, String(params.meetingId), action)) };
    case 'secretariat':
      return { session, ...(await requireSecretariat(ctx, session, String(params.meetingId), action)) };
  }
}

export function createRouter(handlers: Handlers<Endpoints>) {
  const table: Compiled[] = (Object.keys(endpoints) as EndpointName[])
    .map((name) => {
      const spec = endpoints[name] as EndpointSpec;
      return { name, spec, segments: spec.path.split('/'), handler: handlers[name] as Handler<EndpointSpec> };
    })
    .sort((a, b) => literals(b.segments) - literals(a.segments));

  /** Answers the request if some endpoint has its path; false when none has. */
  return async function route(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    const parts = pathname.split('/');
    const allowed = new Set<string>();
    for (const c of table) {
      const raw = matchPath(c, parts);
      if (!raw) continue;
      // A value that is not an id of its kind is not an address the server has.
      const parsed = c.spec.params ? c.spec.params.safeParse(raw) : { success: true as const, data: {} };
      if (!parsed.success) continue;
      if (c.spec.method !== req.method) {
        allowed.add(c.spec.method);
        continue;
      }
      const params = parsed.data as Record<string, unknown>;
      const who = await admit(ctx, c.spec, req, params);
      const base = { ...who, params, query: {} as Record<string, unknown>, req, res };
      const handle = typeof c.handler === 'function' ? c.handler : c.handler.handle;
      if (typeof c.handler !== 'function') await c.handler.guard(ctx, base as never);
      if (c.spec.query) base.query = readQuery(req, c.spec.query) as Record<string, unknown>;
      let body: unknown;
      const schema = c.spec.body;
      if (schema && !isUpload(schema)) {
        body = c.spec.optionalBody && hasNoBody(req) ? schema.parse({}) : await readJson(req, schema, c.spec.maxBodyBytes ?? maxJsonBytes);
      }
      // The request is in (an upload streams on under limits.begin's guard); from here the
      // wait is the server's own work, which must not count as the client being idle: a
      // 3,000-person import on a busy machine takes longer than the idle limit.
      if (!isUpload(schema)) req.setTimeout(0);
      const reply = await handle(ctx, { ...base, body } as never);
      if (isFileReply(c.spec.reply)) return true;
      if (reply instanceof JsonText) sendJsonText(res, c.spec.status ?? 200, reply.text);
      else if (reply instanceof Answer) sendJson(res, reply.status, reply.body, reply.headers);
      else sendJson(res, c.spec.status ?? 200, reply);
      return true;
    }
    if (allowed.size) {
      const methods = [...allowed];
      res.setHeader('Allow', methods.join(', '));
      if (!req.complete) res.setHeader('Connection', 'close');
      sendJson(res, 405, { error: { code: 'invalid_input', message: `Use ${methods.join(' or ')} for ${pathname}.` } });
      return true;
    }
    return false;
  };
}
