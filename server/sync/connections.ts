/** Closing a sync socket, and the heartbeat that finds the ones that vanished. */
import { closeCodes } from '../../shared/ydoc/doc-names';
import type { Log } from '../log';
import type { Conn, SyncedDoc } from './synced-doc';

/** Closes a connection with a reason; its messages stop being handled at once, and the close event then releases its document. */
export function dropConnection(conn: Conn, code: number, reason: string): void {
  if (conn.closed) return;
  // A close reason is at most 123 bytes of UTF-8; ws throws on a longer one.
  conn.ws.close(code, Buffer.byteLength(reason) <= 123 ? reason : Buffer.from(reason).subarray(0, 120).toString('utf8').replace(/\uFFFD$/, '') + '…');
  conn.closed = true;
  conn.pending = [];
}

/**
 * One heartbeat: closes connections whose session expired, terminates those that did not
 * answer the last ping (a laptop lid closed, Wi-Fi gone: no close frame ever comes, and the
 * document would stay loaded forever), and pings the rest.
 */
export function heartbeat(docs: Iterable<SyncedDoc>, log: Log): void {
  const now = Date.now();
  for (const entry of docs) {
    for (const conn of entry.conns) {
      if (conn.expiresAt <= now) {
        dropConnection(conn, closeCodes.unauthorized, 'Your session has expired. Sign in again.');
        continue;
      }
      if (!conn.alive) {
        log('debug', 'sync connection timed out', { doc: entry.name, user: conn.username });
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      try {
        conn.ws.ping();
      } catch {
        conn.ws.terminate();
      }
    }
  }
}
