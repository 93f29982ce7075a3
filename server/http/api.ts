/**
 * The HTTP API on plain node:http. Every endpoint is declared once in shared/api (method,
 * path, access, schemas); the router made from that table checks and parses, and the
 * handlers below do the work. Every error leaves as `{ error: { code, message } }`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Endpoints } from '../../shared/api';
import { ApiError } from '../../shared/errors';
import type { ApiContext } from './context';
import { clientAddress } from './request-limits';
import { sendError } from './respond';
import { createRouter, type Handlers } from './router';
import { agendaHandlers } from './routes/agenda';
import { attendanceHandlers } from './routes/attendance';
import { auditHandlers } from './routes/audit';
import { deviceHandlers } from './routes/devices';
import { documentHandlers } from './routes/documents';
import { draftCommentHandlers } from './routes/draft-comments';
import { meetingHandlers } from './routes/meetings';
import { officialRecordHandlers, organisationHandlers } from './routes/organisations';
import { opsHandlers } from './routes/ops';
import { outboxHandlers } from './routes/outbox';
import { participantHandlers } from './routes/participants';
import { presentingHandlers } from './routes/presenting';
import { readingHandlers } from './routes/reading';
import { sessionHandlers } from './routes/session';
import { speakerHandlers } from './routes/speakers';
import { taskHandlers } from './routes/tasks';
import { votingHandlers } from './routes/voting';

export type { ApiContext } from './context';

/** A request that sends nothing for this long is dropped (there is no whole-request deadline). */
const idleRequestMs = 60_000;

const handlers: Handlers<Endpoints> = {
  ...sessionHandlers,
  ...opsHandlers,
  ...deviceHandlers,
  ...meetingHandlers,
  ...participantHandlers,
  ...documentHandlers,
  ...outboxHandlers,
  ...readingHandlers,
  ...attendanceHandlers,
  ...agendaHandlers,
  ...speakerHandlers,
  ...presentingHandlers,
  ...draftCommentHandlers,
  ...votingHandlers,
  ...auditHandlers,
  ...taskHandlers,
  ...organisationHandlers,
  ...officialRecordHandlers,
};

const route = createRouter(handlers);

export function createApiHandler(ctx: ApiContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    req.setTimeout(idleRequestMs, () => req.socket.destroy());
    // Every reply carries the server's time in ms: devices estimate their clock's offset
    // from it (main/core/server-clock.ts) so speakers' countdowns agree with the server.
    res.setHeader('X-Server-Time', String(Date.now()));
    // Every reply carries the server's time in ms: devices estimate their clock's offset
    // from it (main/core/server-clock.ts) so speakers' countdowns agree with the server.
    res.setHeader('X-Server-Time', String(Date.now()));
    const run = async () => {
      ctx.limits.begin(req, res, (why) => ctx.log('warn', 'slow client cut off', { why, ip: clientAddress(req), url: req.url?.split('?')[0] }));
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (!(await route(ctx, req, res, pathname))) throw new ApiError('not_found', `There is nothing at ${pathname}.`);
    };
    run().catch((err) => sendError(req, res, err, ctx.log));
  };
}
