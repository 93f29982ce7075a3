/**
 * Presence (y-protocols awareness) in a meeting document: who is here and where. Whatever
 * passes is relayed to every member and kept for late joiners, so one device could
 * otherwise flood the entry (4 MB states were relayed and replayed): each connection gets a
 * size limit, a token bucket, and may speak only for a few client ids of its own.
 */
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Log } from '../log';
import type { DocFanout } from '../fanout/types';
import { remoteOrigin } from './origins';
import { encodeAwareness } from './protocol';
import type { Conn, SyncedDoc } from './synced-doc';

export interface PresenceLimits {
  maxBytes: number;
  /** Sustained messages a second, and the burst allowed above it. */
  perSecond: number;
  burst: number;
  /** Client ids one connection may announce (one per tab/provider in practice). */
  clientsPerConn: number;
}

/** Gives the document an awareness instance whose changes go to every connection (and, in a cluster, to the other nodes). */
export function setupPresence(entry: SyncedDoc, send: (conn: Conn, msg: Uint8Array) => void, fanout: DocFanout | null): void {
  const awareness = new awarenessProtocol.Awareness(entry.doc);
  awareness.setLocalState(null);
  awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    const changed = [...added, ...updated, ...removed];
    if (entry.isClientOrigin(origin)) {
      for (const id of [...added, ...updated]) {
        origin.awarenessClients.add(id);
        for (const other of entry.conns) if (other !== origin) other.awarenessClients.delete(id);
      }
      for (const id of removed) origin.awarenessClients.delete(id);
    }
    if (!changed.length) return;
    const msg = encodeAwareness(awareness, changed);
    for (const conn of entry.conns) send(conn, msg);
    // What this node accepted (its limits applied here) goes to the other nodes' clients too.
    if (fanout && origin !== remoteOrigin) {
      fanout.publish(entry.name, { kind: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(awareness, changed) });
    }
  });
  entry.awareness = awareness;
}

/** Why this awareness message must not be relayed, or null when it may. Spends a token when it may. */
export function presenceRefusal(entry: SyncedDoc, conn: Conn, update: Uint8Array, limits: PresenceLimits): string | null {
  if (update.byteLength > limits.maxBytes) return `larger than ${limits.maxBytes} bytes`;
  const now = Date.now();
  conn.awarenessTokens = Math.min(limits.burst, conn.awarenessTokens + ((now - conn.awarenessRefilledAt) / 1000) * limits.perSecond);
  conn.awarenessRefilledAt = now;
  if (conn.awarenessTokens < 1) return `more than ${limits.perSecond} a second`;
  conn.awarenessTokens -= 1;
  if (!entry.awareness) return null; // presence is off: nothing is relayed or kept
  // Client ids: a connection may speak only for its own, and only a few of them, or it
  // could overwrite another member's presence or fill the entry's state with entries.
  const ids = new Set<number>();
  const d = decoding.createDecoder(update);
  const n = decoding.readVarUint(d);
  for (let i = 0; i < n; i++) {
    ids.add(decoding.readVarUint(d));
    decoding.readVarUint(d); // clock
    decoding.readVarString(d); // state
  }
  let added = 0;
  for (const id of ids) {
    if (conn.awarenessClients.has(id)) continue;
    for (const other of entry.conns) {
      // The same person's other socket is fine: a device that reconnected before its old
      // socket timed out keeps its client id (the id moves to the new socket below).
      if (other !== conn && other.userId !== conn.userId && other.awarenessClients.has(id)) return `announces client ${id} of another user`;
    }
    added++;
  }
  if (conn.awarenessClients.size + added > limits.clientsPerConn) return `announces more than ${limits.clientsPerConn} clients`;
  return null;
}

/** Counts a refused presence message; logs one line per connection per 10 s, so a flood does not become a flood of log lines. */
export function notePresenceDropped(log: Log, entry: SyncedDoc, conn: Conn, reason: string, bytes: number): void {
  conn.awarenessDropped++;
  const now = Date.now();
  if (now - conn.awarenessLoggedAt < 10_000) return;
  conn.awarenessLoggedAt = now;
  log('warn', 'presence message dropped', { doc: entry.name, user: conn.username, reason, bytes, droppedSoFar: conn.awarenessDropped });
}
