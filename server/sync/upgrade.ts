/**
 * Authenticates a WebSocket upgrade before accepting it: a refused client gets a plain
 * HTTP status and never an open socket, so nothing unauthenticated reaches the Yjs code.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { parseDocName } from '../../shared/ydoc/doc-names';
import { meetingAccess } from '../access';
import type { Sessions } from '../auth/sessions';
import type { Log } from '../log';
import type { SyncedDocs } from './synced-docs';
import { ApiError } from '../../shared/errors';

export const maxSyncMessageBytes = 16 * 1024 * 1024;

const reasons: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function refuse(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: { code: codeOf(status), message } });
  socket.end(
    `HTTP/1.1 ${status} ${reasons[status] ?? 'Error'}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
      body,
  );
  socket.destroy();
}

function codeOf(status: number): string {
  return status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not_found' : status === 400 ? 'invalid_input' : 'server_error';
}

export interface SyncUpgradeDeps {
  sessions: Sessions;
  docs: SyncedDocs;
  log: Log;
}

export function createSyncUpgrade(deps: SyncUpgradeDeps) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxSyncMessageBytes, perMessageDeflate: false });
  const { sessions, docs, log } = deps;

  async function handle(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const ip = req.socket.remoteAddress;
    const deny = (status: number, message: string, extra: Record<string, unknown> = {}) => {
      log('info', 'sync upgrade refused', { status, path: url.pathname, ip, ...extra });
      refuse(socket, status, message);
    };
    if (!url.pathname.startsWith('/sync/')) return deny(404, 'There is nothing to connect to at this address.');
    let docName: string;
    try {
      docName = decodeURIComponent(url.pathname.slice('/sync/'.length));
    } catch {
      return deny(400, 'The document name is not valid.');
    }
    const parsed = parseDocName(docName);
    if (!parsed) return deny(400, 'Document name must be meeting/<id> or live/<id>.');

    // With the meeting and the caller's role in it: one statement for the three.
    const session = await sessions.verify(url.searchParams.get('token'), ip ?? null, parsed.meetingId);
    if (!session) return deny(401, 'Your session has expired. Sign in again.', { doc: docName });
    // A lost device learns it is lost from its next HTTP call; it gets no document.
    if (session.lost) return deny(401, 'This device was reported lost.', { doc: docName, user: session.user.username });
    const { user } = session;
    const { meeting, role } = session.inMeeting?.found ?? { meeting: null, role: null };
    // An unknown meeting is refused like a foreign one, so ids cannot be probed.
    const access = meeting ? meetingAccess(user, meeting.status, role) : null;
    if (!access) return deny(403, 'You are not a member of this meeting.', { doc: docName, user: user.username });
    if (socket.destroyed) return;

    wss.handleUpgrade(req, socket, head, (ws) => {
      log('debug', 'sync connected', { doc: docName, user: user.username, role: access.role, canWrite: access.canEdit });
      docs.connect(ws, docName, {
        userId: user.id,
        username: user.username,
        role: access.role,
        canWrite: access.canEdit,
        // The absolute limit: while the socket is open the session is in use, so its idle
        // expiry keeps sliding (server/app.ts renews it); only sign-out or the limit ends it.
        expiresAt: session.absoluteExpiresAt,
        sessionId: session.sessionId,
      });
    });
  }

  return {
    wss,
    onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      socket.on('error', () => {});
      handle(req, socket, head).catch((err) => {
        // The database away (the store says 'offline'): "try again", and devices with an
        // address list move on to the next node.
        if (err instanceof ApiError && err.code === 'offline') {
          log('warn', 'sync upgrade refused: the database is away', { error: err.message });
          refuse(socket, 503, err.message);
          return;
        }
        log('error', 'sync upgrade failed', { error: err instanceof Error ? err.stack : String(err) });
        refuse(socket, 500, 'The server could not open the document. Try again later.');
      });
    },
  };
}
