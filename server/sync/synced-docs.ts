/**
 * The synced Yjs documents: the registry (loading, holding, unloading), their connections
 * and the y-protocols messages, and fan-out to every connection. Written against y-protocols
 * directly because the stock server has neither authentication nor read-only connections.
 * Beside it: write control (client-update.ts), presence (presence.ts), message limits
 * (message-rates.ts), the heartbeat (connections.ts), the update log with its compaction and
 * the other nodes (update-log.ts), and the meetings-row projection (meta-projection.ts).
 */
import { WebSocket } from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { closeCodes, parseDocName } from '../../shared/ydoc/doc-names';
import { tryAgainCloseCode, tryAgainReason } from '../ops/drain';
import { meetingDoc } from '../../shared/ydoc/meeting';
import type { MeetingRole } from '../../shared/roles';
import type { Log } from '../log';
import type { Store } from '../store/types';
import { applyClientUpdate } from './client-update';
import { dropConnection, heartbeat } from './connections';
import { LogFollower } from './log-follower';
import { MessageRates } from './message-rates';
import { MetaProjection } from './meta-projection';
import { forwardOrigin, remoteOrigin, serverOrigin } from './origins';
import { notePresenceDropped, presenceRefusal, setupPresence, type PresenceLimits } from './presence';
import {
  emptyAwareness,
  encodeAwareness,
  encodeSyncStep1,
  encodeUpdate,
  messageAuth,
  messageAwareness,
  messageQueryAwareness,
  messageSync,
} from './protocol';
import { SyncedDoc, type Conn } from './synced-doc';
import { UpdateLog, type ClusterLink } from './update-log';

export type { ClusterLink };

export interface SyncedDocsOptions {
  /** Compact a document's update log once it has more rows than this. */
  compactAfterRows?: number;
  maxMessagesPerSecond?: number;
  /**
   * The same across all of one person's sockets: a device holds two per meeting for up to
   * ten meetings, and a script could open many more to multiply the per-socket limit.
   */
  maxMessagesPerUserPerSecond?: number;
  /** Presence is relayed only in meetings with at most this many members. */
  awarenessMaxMembers?: number;
  metaDebounceMs?: number;
  heartbeatMs?: number;
  /** A connection that cannot keep up with this much queued output is dropped. */
  maxBufferedBytes?: number;
  /**
   * Presence limits per connection. Whatever passes is relayed to every member and kept for
   * late joiners, so one device could otherwise flood the entry (4 MB states were relayed and
   * replayed). Larger, faster or foreign-client messages are dropped and logged.
   */
  awarenessMaxBytes?: number;
  /** Sustained awareness messages a second, and the burst allowed above it. */
  awarenessPerSecond?: number;
  awarenessBurst?: number;
  /** Awareness client ids one connection may announce (one per tab/provider in practice). */
  awarenessClientsPerConn?: number;
  /**
   * How long a document stays in memory after its last connection or server call lets go.
   * The records service reads `meeting/<id>` for every record it checks (comment windows,
   * site rights); with no device connected, a storm of records would otherwise load and free
   * a congress's 2 MB document once each.
   */
  lingerMs?: number;
  /** Keep the encoded whole-document reply for fresh devices (SyncedDoc.fullStateReply); off only to measure its worth. */
  cacheFullState?: boolean;
}

export interface ConnectInfo {
  userId: string;
  username: string;
  role: MeetingRole;
  canWrite: boolean;
  /** When the session behind this connection expires (ms since epoch); the socket is closed then. */
  expiresAt?: number;
  /** The session (device) behind the socket. */
  sessionId?: string;
}

export class SyncedDocs {
  private readonly docs = new Map<string, SyncedDoc>();
  private readonly unloading = new Set<Promise<void>>();
  private readonly unloadingByName = new Map<string, Promise<void>>();
  private readonly opts: Required<SyncedDocsOptions>;
  private readonly heartbeat: NodeJS.Timeout;
  private closing = false;
  /** Updates the server broadcast, per document kind, the sends they cost, and the bytes every message took (benchmarks, /metrics). */
  private readonly counters = { liveUpdates: 0, liveSends: 0, meetingUpdates: 0, meetingSends: 0, liveBytes: 0, meetingBytes: 0 };
  /** Told how long each update took to hand to every connection of its document (/metrics). */
  fanoutObserver: ((kind: 'meeting' | 'live', seconds: number) => void) | null = null;

  private readonly updates: UpdateLog;
  private readonly meta: MetaProjection;
  private readonly rates: MessageRates;
  private readonly presenceLimits: PresenceLimits;

  constructor(
    private readonly store: Store,
    private readonly log: Log,
    opts: SyncedDocsOptions = {},
    private readonly cluster: ClusterLink | null = null,
  ) {
    this.opts = {
      compactAfterRows: 200,
      maxMessagesPerSecond: 1000,
      maxMessagesPerUserPerSecond: 3000,
      awarenessMaxMembers: 200,
      metaDebounceMs: 200,
      heartbeatMs: 30_000,
      maxBufferedBytes: 64 * 1024 * 1024,
      awarenessMaxBytes: 8 * 1024,
      awarenessPerSecond: 4,
      awarenessBurst: 8,
      awarenessClientsPerConn: 4,
      lingerMs: 5_000,
      cacheFullState: true,
      ...opts,
    };
    this.updates = new UpdateLog(store, log, cluster, this.opts.compactAfterRows);
    this.meta = new MetaProjection(store, log, this.opts.metaDebounceMs, (entry, p) => this.updates.track(entry, p));
    this.rates = new MessageRates(this.opts.maxMessagesPerSecond, this.opts.maxMessagesPerUserPerSecond);
    this.presenceLimits = {
      maxBytes: this.opts.awarenessMaxBytes,
      perSecond: this.opts.awarenessPerSecond,
      burst: this.opts.awarenessBurst,
      clientsPerConn: this.opts.awarenessClientsPerConn,
    };
    this.heartbeat = setInterval(() => heartbeat(this.docs.values(), this.log), this.opts.heartbeatMs);
    this.heartbeat.unref();
    // Messages published while the link was down are gone: read what was missed.
    cluster?.fanout.onReconnect(() => {
      for (const entry of this.docs.values()) if (entry.loaded && !entry.unloaded) this.updates.reload(entry);
    });
    cluster?.fanout.onNodeMessage((m) => {
      if (m.kind === 'live-marks') {
        this.liveMarksHandler?.(m.meetingId, m.marks);
        return;
      }
      const closed =
        m.kind === 'close-member'
          ? this.closeOwnConnectionsOf(m.meetingId, m.userId, m.code, m.reason)
          : this.closeOwnConnectionsOfSessions(m.userId, m.sessionIds, m.code, m.reason);
      if (closed) this.log('info', 'sockets closed for another node', { kind: m.kind, user: m.userId, closed });
    });
    if (cluster) {
      cluster.leases.onGained = (name) => {
        if (name.startsWith('live/')) this.liveWriterGained?.(name.slice('live/'.length));
      };
      // One writer per meeting's live/<id>: the node holding its lease. Every node that has
      // the document open asks for a free lease now and then, so when the holder dies
      // (its lease is no longer renewed) another one takes over within ttl + ttl/2.
      this.leaseWatch = setInterval(() => {
        for (const entry of this.docs.values()) {
          if (entry.kind === 'live' && entry.loaded && !entry.unloaded && !cluster.leases.holds(entry.name)) void cluster.leases.acquire(entry.name);
        }
      }, Math.max(100, Math.floor(cluster.leases.ttlMs / 2)));
      this.leaseWatch.unref();
    }
  }

  private leaseWatch: NodeJS.Timeout | null = null;
  private liveMarksHandler: ((meetingId: string, marks: unknown) => void) | null = null;
  private liveWriterGained: ((meetingId: string) => void) | null = null;

  /** Called when this node becomes the writer of a meeting's live/<id> (it took the lease). */
  onLiveWriterGained(fn: (meetingId: string) => void): void {
    this.liveWriterGained = fn;
  }

  /**
   * Whether this node writes the meeting's live/<id> now: always on a single node; in a
   * cluster, the node holding the document's lease (taken here if nobody holds it).
   */
  async isLiveWriter(meetingId: string): Promise<boolean> {
    if (!this.cluster) return true;
    const name = `live/${meetingId}`;
    if (await this.cluster.leases.acquire(name)) return true;
    // Another node holds it, unless Redis cannot say: then this node writes (transact stores
    // what it can), rather than sending marks over a link that is down.
    return (await this.cluster.leases.holder(name).catch(() => null)) === null;
  }

  /** Hands a meeting's pending live marks to the node that writes its live/<id> (a cluster only). */
  sendLiveMarks(meetingId: string, marks: unknown): void {
    this.cluster?.fanout.publishToNodes({ kind: 'live-marks', meetingId, marks });
  }

  /** Where marks sent by other nodes go (the live flusher). */
  onLiveMarks(fn: (meetingId: string, marks: unknown) => void): void {
    this.liveMarksHandler = fn;
  }

  /** Whether a document is in memory right now. */
  isLoaded(docName: string): boolean {
    return this.docs.has(docName);
  }

  loadedDocNames(): string[] {
    return [...this.docs.keys()];
  }

  stats(): { liveUpdates: number; liveSends: number; meetingUpdates: number; meetingSends: number; liveBytes: number; meetingBytes: number } {
    return { ...this.counters };
  }

  /**
   * Keeps a document in memory until the returned function is called. A busy live entry
   * (a check-in storm) would otherwise be loaded, written and compacted again on every
   * coalesced flush when nobody happens to be connected.
   */
  hold(docName: string): () => void {
    if (!parseDocName(docName)) throw new Error(`Not a document name: ${docName}`);
    if (this.closing) return () => {};
    const entry = this.acquire(docName);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(entry);
    };
  }

  connectionCount(docName: string): number {
    return this.docs.get(docName)?.conns.size ?? 0;
  }

  /**
   * Runs `fn` on the document inside one Yjs transaction, loading the document first if it
   * is not in memory; the change is persisted and broadcast to every connection. This is
   * how the server writes `live/<id>`, which no client may write.
   */
  async transact<T = void>(docName: string, fn: (doc: Y.Doc) => T): Promise<T> {
    if (!parseDocName(docName)) throw new Error(`Not a document name: ${docName}`);
    if (this.closing) throw new Error('The sync server is shutting down.');
    const entry = this.acquire(docName);
    try {
      await entry.ready;
      let result!: T;
      if (this.cluster && entry.kind === 'live' && !(await this.cluster.leases.acquire(entry.name))) {
        // Another node holds this meeting's lease and is the one writer of live/<id>: the
        // change is made here (so this node's clients see it at once) and handed to that
        // node to store and publish.
        const made: Uint8Array[] = [];
        const capture = (update: Uint8Array, origin: unknown) => {
          if (origin === forwardOrigin) made.push(update);
        };
        entry.doc.on('update', capture);
        try {
          entry.doc.transact(() => {
            result = fn(entry.doc);
          }, forwardOrigin);
        } finally {
          entry.doc.off('update', capture);
        }
        if (made.length) await this.updates.forwardWrite(entry, made.length === 1 ? made[0]! : Y.mergeUpdates(made));
        return result;
      }
      entry.doc.transact(() => {
        result = fn(entry.doc);
      }, serverOrigin);
      await Promise.all(entry.inflight);
      return result;
    } finally {
      this.release(entry);
    }
  }

  /** Reads the document (loading it if needed) without changing it. */
  async read<T>(docName: string, fn: (doc: Y.Doc) => T): Promise<T> {
    if (!parseDocName(docName)) throw new Error(`Not a document name: ${docName}`);
    const entry = this.acquire(docName);
    try {
      await entry.ready;
      return fn(entry.doc);
    } finally {
      this.release(entry);
    }
  }

  /**
   * Closes a user's open connections to a meeting's documents, on every node of a cluster.
   * Access is decided at the upgrade, so after a role change or removal the client must come
   * back through it. Returns how many this node closed.
   */
  closeConnectionsOf(meetingId: string, userId: string, code: number, reason: string): number {
    // The user may have sockets on any node; each closes its own.
    this.cluster?.fanout.publishToNodes({ kind: 'close-member', meetingId, userId, code, reason });
    return this.closeOwnConnectionsOf(meetingId, userId, code, reason);
  }

  private closeOwnConnectionsOf(meetingId: string, userId: string, code: number, reason: string): number {
    let closed = 0;
    for (const name of [`meeting/${meetingId}`, `live/${meetingId}`]) {
      const entry = this.docs.get(name);
      if (!entry) continue;
      for (const conn of entry.conns) {
        if (conn.userId !== userId || conn.closed) continue;
        dropConnection(conn, code, reason);
        closed++;
      }
    }
    return closed;
  }

  /**
   * Closes, in every document, the sockets of a user's sessions (signed out, marked lost,
   * account disabled): `sessionIds` names the devices, or null for all of the user's.
   * Their next upgrade is refused, so they do not come back. Every node of a cluster closes
   * its own; returns how many this node closed.
   */
  closeConnectionsOfSessions(userId: string, sessionIds: readonly string[] | null, code: number, reason: string): number {
    this.cluster?.fanout.publishToNodes({ kind: 'close-sessions', userId, sessionIds: sessionIds ? [...sessionIds] : null, code, reason });
    return this.closeOwnConnectionsOfSessions(userId, sessionIds, code, reason);
  }

  private closeOwnConnectionsOfSessions(userId: string, sessionIds: readonly string[] | null, code: number, reason: string): number {
    const ids = sessionIds ? new Set(sessionIds) : null;
    let closed = 0;
    for (const entry of this.docs.values()) {
      for (const conn of entry.conns) {
        if (conn.closed || conn.userId !== userId) continue;
        if (ids && (conn.sessionId === null || !ids.has(conn.sessionId))) continue;
        dropConnection(conn, code, reason);
        closed++;
      }
    }
    return closed;
  }

  /** Sessions with at least one open socket: they are in use, so their expiry slides. */
  connectedSessionIds(): string[] {
    const ids = new Set<string>();
    for (const entry of this.docs.values()) {
      for (const conn of entry.conns) if (!conn.closed && conn.sessionId) ids.add(conn.sessionId);
    }
    return [...ids];
  }

  /** The document's full state as one update, loading it if needed. */
  async encodeState(docName: string): Promise<Uint8Array> {
    const entry = this.acquire(docName);
    try {
      await entry.ready;
      return Y.encodeStateAsUpdate(entry.doc);
    } finally {
      this.release(entry);
    }
  }

  connect(ws: WebSocket, docName: string, info: ConnectInfo): void {
    const parsed = parseDocName(docName);
    if (!parsed || this.closing) {
      ws.close(closeCodes.notFound, 'Unknown document.');
      return;
    }
    const conn: Conn = {
      ws,
      userId: info.userId,
      sessionId: info.sessionId ?? null,
      username: info.username,
      role: info.role,
      // Nobody but the server writes live/<id>, whatever their role.
      canWrite: parsed.kind === 'meeting' && info.canWrite,
      expiresAt: info.expiresAt ?? Number.POSITIVE_INFINITY,
      pending: [],
      awarenessClients: new Set(),
      windowStart: Date.now(),
      windowCount: 0,
      awarenessTokens: this.opts.awarenessBurst,
      awarenessRefilledAt: Date.now(),
      awarenessDropped: 0,
      awarenessLoggedAt: 0,
      alive: true,
      closed: false,
      droppedUpdates: 0,
    };
    const entry = this.acquire(docName);
    entry.conns.add(conn);
    ws.binaryType = 'nodebuffer';

    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      if (conn.closed || entry.unloaded) return;
      const over = this.rates.over(conn);
      if (over) {
        this.log('warn', 'sync connection rate limited', { doc: docName, user: conn.username, over });
        dropConnection(conn, closeCodes.rateLimited, this.rates.reason(over));
        return;
      }
      if (!isBinary) {
        dropConnection(conn, closeCodes.badMessage, 'Sync messages must be binary.');
        return;
      }
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      const msg = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      if (entry.loaded) this.handleMessage(entry, conn, msg);
      else conn.pending.push(msg);
    });
    ws.on('close', () => this.disconnect(entry, conn));
    ws.on('error', (err) => this.log('debug', 'sync socket error', { doc: docName, error: err.message }));

    entry.ready.then(
      () => {
        if (conn.closed || entry.unloaded) return;
        this.greet(entry, conn);
        const pending = conn.pending;
        conn.pending = [];
        for (const msg of pending) {
          if (conn.closed) break;
          this.handleMessage(entry, conn, msg);
        }
      },
      () => dropConnection(conn, 1011, 'The document could not be loaded. Try again later.'),
    );
  }

  /** Resolves once every document being freed has been written back. */
  async settled(): Promise<void> {
    while (this.unloading.size) await Promise.all(this.unloading);
  }

  /** Closes every connection and persists and frees every document. */
  async closeAll(): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    if (this.leaseWatch) clearInterval(this.leaseWatch);
    for (const entry of [...this.docs.values()]) {
      for (const conn of [...entry.conns]) {
        conn.closed = true;
        entry.conns.delete(conn);
        // "Try again": the device reconnects, here once the node is back or to another one.
        conn.ws.close(tryAgainCloseCode, tryAgainReason);
      }
      this.unload(entry);
    }
    await Promise.all(this.unloading);
  }

  // -- lifecycle -------------------------------------------------------------------------

  private acquire(docName: string): SyncedDoc {
    let entry = this.docs.get(docName);
    if (entry?.lingerTimer) {
      clearTimeout(entry.lingerTimer);
      entry.lingerTimer = null;
    }
    if (!entry) {
      const parsed = parseDocName(docName)!;
      entry = new SyncedDoc(docName, parsed.kind, parsed.meetingId);
      this.docs.set(docName, entry);
      entry.ready = this.load(entry);
      // Failure is reported to each waiter; this keeps it from being an unhandled rejection.
      entry.ready.catch(() => {});
    }
    entry.holders++;
    return entry;
  }

  private release(entry: SyncedDoc): void {
    entry.holders--;
    if (entry.holders > 0 || entry.unloaded || entry.lingerTimer) return;
    if (this.closing || this.opts.lingerMs <= 0) return this.unload(entry);
    entry.lingerTimer = setTimeout(() => {
      entry.lingerTimer = null;
      if (entry.holders <= 0 && !entry.unloaded) this.unload(entry);
    }, this.opts.lingerMs);
    entry.lingerTimer.unref();
  }

  private async load(entry: SyncedDoc): Promise<void> {
    // Whatever a previous instance of this entry is writing back must land first.
    await this.unloadingByName.get(entry.name);
    try {
      // Follow first, then read: a row stored in between arrives as a message and is
      // dropped as a duplicate or applied, never missed.
      if (this.cluster) await this.cluster.fanout.follow(entry.name, (m) => this.updates.onRemote(entry, m));
      const rows = await this.store.loadUpdates(entry.name);
      entry.doc.transact(() => {
        for (const row of rows) {
          try {
            Y.applyUpdate(entry.doc, row.update);
          } catch (err) {
            this.log('error', 'stored update does not apply; skipped', { doc: entry.name, seq: row.seq, error: String(err) });
          }
        }
      });
      entry.follower = new LogFollower(rows.at(-1)?.seq ?? 0);
      entry.logRows = rows.length;
      entry.rebuildShadow();
      if (entry.kind === 'meeting') {
        const members = await this.store.countMembers(entry.meetingId);
        if (members <= this.opts.awarenessMaxMembers) setupPresence(entry, (conn, msg) => this.send(entry, conn, msg), this.cluster?.fanout ?? null);
        // The node where a change was made mirrors it into the meetings row; the others need not.
        meetingDoc.meta(entry.doc).observe((_event, tr) => {
          if (tr.origin !== remoteOrigin) this.meta.schedule(entry);
        });
      }
      entry.doc.on('update', (update: Uint8Array, origin: unknown) => this.onDocUpdate(entry, update, origin));
      entry.loaded = true;
      if (this.cluster && entry.kind === 'live') void this.cluster.leases.acquire(entry.name);
      const early = entry.early;
      entry.early = [];
      for (const m of early) this.updates.onRemote(entry, m);
      this.log('debug', 'doc loaded', { doc: entry.name, rows: rows.length });
    } catch (err) {
      this.log('error', 'doc load failed', { doc: entry.name, error: err instanceof Error ? err.message : String(err) });
      if (this.cluster && this.docs.get(entry.name) === entry) this.cluster.fanout.unfollow(entry.name);
      if (this.docs.get(entry.name) === entry) this.docs.delete(entry.name);
      entry.unloaded = true;
      throw err;
    }
  }

  private unload(entry: SyncedDoc): void {
    if (entry.unloaded) return;
    entry.unloaded = true;
    if (entry.lingerTimer) clearTimeout(entry.lingerTimer);
    entry.lingerTimer = null;
    if (this.docs.get(entry.name) === entry) {
      this.docs.delete(entry.name);
      this.cluster?.fanout.unfollow(entry.name);
    }
    const done = (async () => {
      try {
        await entry.ready;
      } catch {
        return; // never loaded: nothing to write back
      }
      try {
        await this.meta.flush(entry);
        await Promise.all(entry.inflight);
        if (entry.compacting) await entry.compacting;
        if (entry.reloading) await entry.reloading;
        if (entry.logRows > 1) await this.updates.compact(entry);
        this.log('debug', 'doc unloaded', { doc: entry.name });
      } catch (err) {
        this.log('error', 'doc unload failed', { doc: entry.name, error: err instanceof Error ? err.message : String(err) });
      } finally {
        // Another node that has the document open takes the lease at once, not after it expires.
        if (this.cluster && !this.docs.has(entry.name)) await this.cluster.leases.release(entry.name);
        entry.destroy();
      }
    })();
    this.unloading.add(done);
    this.unloadingByName.set(entry.name, done);
    void done.finally(() => {
      this.unloading.delete(done);
      if (this.unloadingByName.get(entry.name) === done) this.unloadingByName.delete(entry.name);
    });
  }

  private disconnect(entry: SyncedDoc, conn: Conn): void {
    const wasMember = entry.conns.delete(conn);
    conn.closed = true;
    if (!wasMember) return; // closeAll already let go of it
    if (entry.awareness && conn.awarenessClients.size) {
      awarenessProtocol.removeAwarenessStates(entry.awareness, [...conn.awarenessClients], null);
    }
    if (conn.droppedUpdates) {
      this.log('debug', 'read-only connection closed', { doc: entry.name, user: conn.username, droppedUpdates: conn.droppedUpdates });
    }
    this.release(entry);
  }

  // -- messages --------------------------------------------------------------------------

  private greet(entry: SyncedDoc, conn: Conn): void {
    // Only a writer has anything the server wants; asking a read-only client for its state
    // would just make it send changes we are going to drop.
    if (conn.canWrite) this.send(entry, conn, encodeSyncStep1(entry.doc));
    if (entry.awareness) {
      const states = [...entry.awareness.getStates().keys()];
      if (states.length) this.send(entry, conn, encodeAwareness(entry.awareness, states));
    }
  }

  private handleMessage(entry: SyncedDoc, conn: Conn, msg: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(msg);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case messageSync: {
          const syncType = decoding.readVarUint(decoder);
          if (syncType === syncProtocol.messageYjsSyncStep1) {
            this.send(entry, conn, this.syncStep2For(entry, decoding.readVarUint8Array(decoder)));
          } else if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
            const update = decoding.readVarUint8Array(decoder);
            const refused = applyClientUpdate(entry, conn, update, this.log);
            if (refused) this.reject(entry, conn, refused.reason, refused.err);
          } else {
            this.reject(entry, conn, `Unknown sync message type ${syncType}.`);
          }
          return;
        }
        case messageAwareness: {
          const update = decoding.readVarUint8Array(decoder);
          const refusal = presenceRefusal(entry, conn, update, this.presenceLimits);
          if (refusal) {
            notePresenceDropped(this.log, entry, conn, refusal, update.byteLength);
            return;
          }
          if (entry.awareness && entry.conns.size <= this.opts.awarenessMaxMembers) {
            awarenessProtocol.applyAwarenessUpdate(entry.awareness, update, conn);
          } else {
            this.send(entry, conn, emptyAwareness);
          }
          return;
        }
        case messageQueryAwareness: {
          if (entry.awareness) this.send(entry, conn, encodeAwareness(entry.awareness, [...entry.awareness.getStates().keys()]));
          else this.send(entry, conn, emptyAwareness);
          return;
        }
        case messageAuth:
          return; // authentication happened before the upgrade
        default:
          this.reject(entry, conn, `Unknown message type ${type}.`);
      }
    } catch (err) {
      this.reject(entry, conn, 'The message could not be decoded.', err);
    }
  }

  /**
   * The answer to a client's sync step 1: what it lacks, given its state vector. A device
   * that has never opened the document (empty state vector) gets the whole document, the
   * same bytes for every such device until the document changes, so that frame is kept.
   */
  private syncStep2For(entry: SyncedDoc, stateVector: Uint8Array): Uint8Array {
    const empty = Y.decodeStateVector(stateVector).size === 0;
    if (empty && entry.fullStateReply) return entry.fullStateReply;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    syncProtocol.writeSyncStep2(encoder, entry.doc, stateVector);
    const reply = encoding.toUint8Array(encoder);
    if (empty && this.opts.cacheFullState) entry.fullStateReply = reply;
    return reply;
  }

  private reject(entry: SyncedDoc, conn: Conn, reason: string, err?: unknown): void {
    this.log('warn', 'sync message rejected', {
      doc: entry.name,
      user: conn.username,
      reason,
      error: err instanceof Error ? err.message : err === undefined ? undefined : String(err),
    });
    dropConnection(conn, closeCodes.badMessage, reason);
  }

  private onDocUpdate(entry: SyncedDoc, update: Uint8Array, origin: unknown): void {
    entry.fullStateReply = null;
    if (!entry.isClientOrigin(origin)) {
      try {
        Y.applyUpdate(entry.shadow, update);
      } catch {
        entry.rebuildShadow();
      }
    }
    // Another node stored it (remote), or the lease holder will (forward).
    if (origin !== remoteOrigin && origin !== forwardOrigin) this.updates.persist(entry, update);
    if (entry.kind === 'live') {
      this.counters.liveUpdates++;
      this.counters.liveSends += entry.conns.size;
    } else {
      this.counters.meetingUpdates++;
      this.counters.meetingSends += entry.conns.size;
    }
    const msg = encodeUpdate(update);
    const started = this.fanoutObserver ? performance.now() : 0;
    for (const conn of entry.conns) {
      if (conn !== origin) this.send(entry, conn, msg);
    }
    this.fanoutObserver?.(entry.kind, (performance.now() - started) / 1000);
  }

  private send(entry: SyncedDoc, conn: Conn, msg: Uint8Array): void {
    if (conn.closed || conn.ws.readyState !== WebSocket.OPEN) return;
    if (conn.ws.bufferedAmount > this.opts.maxBufferedBytes) {
      this.log('warn', 'sync connection too slow; dropped', { doc: entry.name, user: conn.username });
      conn.closed = true;
      conn.ws.terminate();
      return;
    }
    if (entry.kind === 'live') this.counters.liveBytes += msg.byteLength;
    else this.counters.meetingBytes += msg.byteLength;
    conn.ws.send(msg, (err) => {
      if (err) this.log('debug', 'sync send failed', { doc: entry.name, error: err.message });
    });
  }
}
