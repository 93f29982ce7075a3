/**
 * The synced Yjs documents: loading, write control, persistence, fan-out and unloading.
 * Written against y-protocols directly because the stock server has neither
 * authentication nor read-only connections.
 */
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { closeCodes, parseDocName } from '../../shared/ydoc/doc-names';
import { tryAgainCloseCode, tryAgainReason } from '../ops/drain';
import { meetingDoc, MeetingMeta } from '../../shared/ydoc/meeting';
import type { MeetingRole } from '../../shared/roles';
import type { Log } from '../log';
import type { AppendedUpdate, MeetingFields, Store } from '../store/types';
import type { Leases } from '../fanout/lease';
import type { DocFanout, DocMessage } from '../fanout/types';
import { LogFollower } from './log-follower';
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
import { unsafeTextIn } from './text-check';

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

/**
 * One node of several (issue 13): other nodes' updates come through `fanout`, and `leases`
 * decide which node compacts a document's log and writes `live/<id>`.
 */
export interface ClusterLink {
  fanout: DocFanout;
  leases: Leases;
  /** How long rows that came out of order wait for the ones before them before the node reloads them. */
  gapWaitMs?: number;
  /** How long a forwarded `live/<id>` write waits for the lease holder's answer before trying again. */
  writeTimeoutMs?: number;
}

/** Origin of updates the server writes itself. */
const serverOrigin = Symbol('server');
/** Origin of rows another node stored: relayed to this node's clients, neither stored nor published again. */
const remoteOrigin = Symbol('remote');
/** Origin of a `live/<id>` write this node makes but the lease holder stores (see transact). */
const forwardOrigin = Symbol('forward');

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

  /** Forwarded live writes waiting for the holder's row, by write id. */
  private readonly pendingWrites = new Map<string, () => void>();

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
      ...opts,
    };
    // A socket that vanished without a close frame (laptop lid, Wi-Fi gone) would otherwise
    // keep its entry loaded forever.
    this.heartbeat = setInterval(() => this.checkAlive(), this.opts.heartbeatMs);
    this.heartbeat.unref();
    // Messages published while the link was down are gone: read what was missed.
    cluster?.fanout.onReconnect(() => {
      for (const entry of this.docs.values()) if (entry.loaded && !entry.unloaded) this.reload(entry);
    });
    if (cluster) {
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
        if (made.length) await this.forwardWrite(entry, made.length === 1 ? made[0]! : Y.mergeUpdates(made));
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

  /**
   * Hands a live/<id> change to the lease holder and waits until it stored it. If it does
   * not answer (it died, or let go of the document), the lease is tried again: after it
   * expires this node takes it and stores the change itself. Yjs ignores a change it
   * already has, so a write that was stored but not answered is harmless when sent again.
   */
  private async forwardWrite(entry: SyncedDoc, update: Uint8Array): Promise<void> {
    const timeoutMs = this.cluster!.writeTimeoutMs ?? 3000;
    const deadline = Date.now() + 4 * this.cluster!.leases.ttlMs + timeoutMs;
    while (Date.now() < deadline) {
      if (entry.unloaded) throw new Error('The live document was freed before its change was stored.');
      if (await this.cluster!.leases.acquire(entry.name)) {
        this.persist(entry, update);
        await Promise.all(entry.inflight);
        return;
      }
      const writeId = randomUUID();
      const answered = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          this.pendingWrites.delete(writeId);
          resolve(false);
        }, timeoutMs);
        this.pendingWrites.set(writeId, () => {
          clearTimeout(timer);
          this.pendingWrites.delete(writeId);
          resolve(true);
        });
        this.cluster!.fanout.publish(entry.name, { kind: 'write', writeId, update });
      });
      if (answered) return;
      this.log('warn', 'live write not answered by the lease holder; trying again', { doc: entry.name });
    }
    throw new Error('The live document could not be written: no node holds its lease and this one cannot take it.');
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
   * Closes a user's open connections to a meeting's documents. Access is decided at the
   * upgrade, so after a role change or removal the client must come back through it.
   */
  closeConnectionsOf(meetingId: string, userId: string, code: number, reason: string): number {
    let closed = 0;
    for (const name of [`meeting/${meetingId}`, `live/${meetingId}`]) {
      const entry = this.docs.get(name);
      if (!entry) continue;
      for (const conn of entry.conns) {
        if (conn.userId !== userId || conn.closed) continue;
        this.drop(conn, code, reason);
        closed++;
      }
    }
    return closed;
  }

  /**
   * Closes, in every document, the sockets of a user's sessions (signed out, marked lost,
   * account disabled): `sessionIds` names the devices, or null for all of the user's.
   * Their next upgrade is refused, so they do not come back.
   */
  closeConnectionsOfSessions(userId: string, sessionIds: readonly string[] | null, code: number, reason: string): number {
    const ids = sessionIds ? new Set(sessionIds) : null;
    let closed = 0;
    for (const entry of this.docs.values()) {
      for (const conn of entry.conns) {
        if (conn.closed || conn.userId !== userId) continue;
        if (ids && (conn.sessionId === null || !ids.has(conn.sessionId))) continue;
        this.drop(conn, code, reason);
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
      const over = this.overRate(conn);
      if (over) {
        this.log('warn', 'sync connection rate limited', { doc: docName, user: conn.username, over });
        this.drop(
          conn,
          closeCodes.rateLimited,
          over === 'connection'
            ? `Too many messages: at most ${this.opts.maxMessagesPerSecond} a second on one connection.`
            : `Too many messages: at most ${this.opts.maxMessagesPerUserPerSecond} a second over all of this user's connections.`,
        );
        return;
      }
      if (!isBinary) {
        this.drop(conn, closeCodes.badMessage, 'Sync messages must be binary.');
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
      () => this.drop(conn, 1011, 'The document could not be loaded. Try again later.'),
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
    if (entry.holders <= 0 && !entry.unloaded) this.unload(entry);
  }

  private async load(entry: SyncedDoc): Promise<void> {
    // Whatever a previous instance of this entry is writing back must land first.
    await this.unloadingByName.get(entry.name);
    try {
      // Follow first, then read: a row stored in between arrives as a message and is
      // dropped as a duplicate or applied, never missed.
      if (this.cluster) await this.cluster.fanout.follow(entry.name, (m) => this.onRemote(entry, m));
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
        if (members <= this.opts.awarenessMaxMembers) this.setupAwareness(entry);
        // The node where a change was made mirrors it into the meetings row; the others need not.
        meetingDoc.meta(entry.doc).observe((_event, tr) => {
          if (tr.origin !== remoteOrigin) this.scheduleMetaSync(entry);
        });
      }
      entry.doc.on('update', (update: Uint8Array, origin: unknown) => this.onDocUpdate(entry, update, origin));
      entry.loaded = true;
      if (this.cluster && entry.kind === 'live') void this.cluster.leases.acquire(entry.name);
      const early = entry.early;
      entry.early = [];
      for (const m of early) this.onRemote(entry, m);
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
        await this.flushMeta(entry);
        await Promise.all(entry.inflight);
        if (entry.compacting) await entry.compacting;
        if (entry.reloading) await entry.reloading;
        if (entry.logRows > 1) await this.compact(entry);
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

  private drop(conn: Conn, code: number, reason: string): void {
    if (conn.closed) return;
    // A close reason is at most 123 bytes of UTF-8; ws throws on a longer one.
    conn.ws.close(code, Buffer.byteLength(reason) <= 123 ? reason : Buffer.from(reason).subarray(0, 120).toString('utf8').replace(/\uFFFD$/, '') + '…');
    // Stop handling its messages at once; the close event then releases the entry.
    conn.closed = true;
    conn.pending = [];
  }

  private checkAlive(): void {
    const now = Date.now();
    for (const entry of this.docs.values()) {
      for (const conn of entry.conns) {
        if (conn.expiresAt <= now) {
          this.drop(conn, closeCodes.unauthorized, 'Your session has expired. Sign in again.');
          continue;
        }
        if (!conn.alive) {
          this.log('debug', 'sync connection timed out', { doc: entry.name, user: conn.username });
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

  /** Per user: messages in the current one-second window over all their sockets. */
  private readonly userWindows = new Map<string, { start: number; count: number }>();

  /** Which limit a message is over, if any: its connection's, or its user's. */
  private overRate(conn: Conn): 'connection' | 'user' | null {
    const now = Date.now();
    if (now - conn.windowStart >= 1000) {
      conn.windowStart = now;
      conn.windowCount = 0;
    }
    conn.windowCount++;
    if (conn.windowCount > this.opts.maxMessagesPerSecond) return 'connection';
    let w = this.userWindows.get(conn.userId);
    if (!w || now - w.start >= 1000) {
      // Windows of users who went quiet are replaced here, so the map stays as small as the set of active users.
      if (this.userWindows.size > 10_000) for (const [id, old] of this.userWindows) if (now - old.start >= 1000) this.userWindows.delete(id);
      this.userWindows.set(conn.userId, (w = { start: now, count: 0 }));
    }
    w.count++;
    return w.count > this.opts.maxMessagesPerUserPerSecond ? 'user' : null;
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
            const encoder = encoding.createEncoder();
            encoding.writeVarUint(encoder, messageSync);
            syncProtocol.readSyncStep1(decoder, encoder, entry.doc);
            this.send(entry, conn, encoding.toUint8Array(encoder));
          } else if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
            const update = decoding.readVarUint8Array(decoder);
            this.applyClientUpdate(entry, conn, update);
          } else {
            this.reject(entry, conn, `Unknown sync message type ${syncType}.`);
          }
          return;
        }
        case messageAwareness: {
          const update = decoding.readVarUint8Array(decoder);
          const refusal = this.awarenessRefusal(entry, conn, update);
          if (refusal) {
            this.dropAwareness(entry, conn, refusal, update.byteLength);
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

  /** Why this awareness message must not be relayed, or null when it may. */
  private awarenessRefusal(entry: SyncedDoc, conn: Conn, update: Uint8Array): string | null {
    if (update.byteLength > this.opts.awarenessMaxBytes) return `larger than ${this.opts.awarenessMaxBytes} bytes`;
    const now = Date.now();
    conn.awarenessTokens = Math.min(
      this.opts.awarenessBurst,
      conn.awarenessTokens + ((now - conn.awarenessRefilledAt) / 1000) * this.opts.awarenessPerSecond,
    );
    conn.awarenessRefilledAt = now;
    if (conn.awarenessTokens < 1) return `more than ${this.opts.awarenessPerSecond} a second`;
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
    if (conn.awarenessClients.size + added > this.opts.awarenessClientsPerConn) {
      return `announces more than ${this.opts.awarenessClientsPerConn} clients`;
    }
    return null;
  }

  private dropAwareness(entry: SyncedDoc, conn: Conn, reason: string, bytes: number): void {
    conn.awarenessDropped++;
    const now = Date.now();
    // One line per connection per 10 s: a flood must not become a flood of log lines.
    if (now - conn.awarenessLoggedAt < 10_000) return;
    conn.awarenessLoggedAt = now;
    this.log('warn', 'presence message dropped', { doc: entry.name, user: conn.username, reason, bytes, droppedSoFar: conn.awarenessDropped });
  }

  private applyClientUpdate(entry: SyncedDoc, conn: Conn, update: Uint8Array): void {
    if (!conn.canWrite) {
      conn.droppedUpdates++;
      this.log('debug', 'update from read-only connection dropped', { doc: entry.name, user: conn.username, role: conn.role });
      return;
    }
    try {
      Y.decodeUpdate(update);
    } catch (err) {
      this.reject(entry, conn, 'The document update could not be decoded.', err);
      return;
    }
    // The text rule of the HTTP schemas, for what is written here directly: the shadow
    // reports what the update changed, and unsafe text never reaches the real document.
    let unsafe: string | null = null;
    const checkText = (tr: Y.Transaction) => {
      if (!unsafe && entry.kind === 'meeting') unsafe = unsafeTextIn(tr);
    };
    entry.shadow.on('afterTransaction', checkText);
    try {
      Y.applyUpdate(entry.shadow, update, conn);
    } catch (err) {
      entry.rebuildShadow();
      this.reject(entry, conn, 'The document update is damaged and was not applied.', err);
      return;
    } finally {
      entry.shadow.off('afterTransaction', checkText);
    }
    if (unsafe) {
      entry.rebuildShadow();
      this.reject(entry, conn, unsafe);
      return;
    }
    try {
      Y.applyUpdate(entry.doc, update, conn);
    } catch (err) {
      // Should be impossible after the shadow accepted it; keep the two equal again.
      entry.rebuildShadow();
      this.log('error', 'update applied to shadow but not to doc', { doc: entry.name, error: String(err) });
      this.reject(entry, conn, 'The document update could not be applied.', err);
    }
  }

  private reject(entry: SyncedDoc, conn: Conn, reason: string, err?: unknown): void {
    this.log('warn', 'sync message rejected', {
      doc: entry.name,
      user: conn.username,
      reason,
      error: err instanceof Error ? err.message : err === undefined ? undefined : String(err),
    });
    this.drop(conn, closeCodes.badMessage, reason);
  }

  private onDocUpdate(entry: SyncedDoc, update: Uint8Array, origin: unknown): void {
    if (!entry.isClientOrigin(origin)) {
      try {
        Y.applyUpdate(entry.shadow, update);
      } catch {
        entry.rebuildShadow();
      }
    }
    // Another node stored it (remote), or the lease holder will (forward).
    if (origin !== remoteOrigin && origin !== forwardOrigin) this.persist(entry, update);
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

  private setupAwareness(entry: SyncedDoc): void {
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
      for (const conn of entry.conns) this.send(entry, conn, msg);
      // What this node accepted (its limits applied here) goes to the other nodes' clients too.
      if (this.cluster && origin !== remoteOrigin) {
        this.cluster.fanout.publish(entry.name, { kind: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(awareness, changed) });
      }
    });
    entry.awareness = awareness;
  }

  // -- persistence -----------------------------------------------------------------------

  private track<T>(entry: SyncedDoc, p: Promise<T>): void {
    entry.inflight.add(p);
    void p.finally(() => entry.inflight.delete(p)).catch(() => {});
  }

  /** Stores an update this node applied; in a cluster, tells the other nodes where it landed. */
  private persist(entry: SyncedDoc, update: Uint8Array, writeId = ''): void {
    const p = this.store.appendUpdate(entry.name, update).then(
      ({ seq, prev }: AppendedUpdate) => {
        if (this.cluster) this.cluster.fanout.publish(entry.name, { kind: 'update', seq, prev, update, writeId });
        this.takeRows(entry, entry.follower.offer(seq, prev, null));
      },
      (err) => this.log('error', 'update not persisted', { doc: entry.name, error: err instanceof Error ? err.message : String(err) }),
    );
    this.track(entry, p);
  }

  /** Applies rows that are next in line (as one change for the clients) and counts them. */
  private takeRows(entry: SyncedDoc, taken: { apply: Uint8Array[]; rows: number }): void {
    if (taken.apply.length && !entry.unloaded) {
      entry.doc.transact(() => {
        for (const update of taken.apply) {
          try {
            Y.applyUpdate(entry.doc, update, remoteOrigin);
          } catch (err) {
            this.log('error', 'update from another node does not apply; skipped', { doc: entry.name, error: String(err) });
          }
        }
      }, remoteOrigin);
    }
    entry.logRows += taken.rows;
    if (taken.rows) this.maybeCompact(entry);
    if (entry.follower.gap) this.scheduleReload(entry);
  }

  private onRemote(entry: SyncedDoc, m: DocMessage): void {
    if (entry.unloaded) return;
    if (!entry.loaded) {
      entry.early.push(m);
      return;
    }
    switch (m.kind) {
      case 'update':
        this.takeRows(entry, entry.follower.offer(m.seq, m.prev, m.update));
        if (m.writeId) this.pendingWrites.get(m.writeId)?.();
        return;
      case 'awareness':
        if (entry.awareness) {
          try {
            awarenessProtocol.applyAwarenessUpdate(entry.awareness, m.update, remoteOrigin);
          } catch (err) {
            this.log('warn', 'presence from another node does not apply', { doc: entry.name, error: String(err) });
          }
        }
        return;
      case 'write':
        // Only the holder of the lease stores forwarded live writes; the sender waits for its row.
        if (entry.kind !== 'live' || !this.cluster?.leases.holds(entry.name)) return;
        try {
          Y.applyUpdate(entry.doc, m.update, remoteOrigin);
        } catch (err) {
          this.log('error', 'forwarded live write does not apply', { doc: entry.name, error: String(err) });
          return;
        }
        this.persist(entry, m.update, m.writeId);
        return;
    }
  }

  /** Rows came out of order: give the missing ones a moment to arrive, then read them from the database. */
  private scheduleReload(entry: SyncedDoc): void {
    if (entry.gapTimer || entry.reloading || entry.unloaded) return;
    entry.gapTimer = setTimeout(() => {
      entry.gapTimer = null;
      if (entry.follower.gap) this.reload(entry);
    }, this.cluster?.gapWaitMs ?? 100);
  }

  private reload(entry: SyncedDoc): void {
    if (entry.reloading || entry.unloaded) return;
    const from = entry.lastSeq;
    entry.reloading = this.store
      .loadUpdates(entry.name, from)
      .then(
        (rows) => this.takeRows(entry, entry.follower.reloaded(rows)),
        (err) => this.log('error', 'missing updates not reloaded', { doc: entry.name, after: from, error: err instanceof Error ? err.message : String(err) }),
      )
      .finally(() => {
        entry.reloading = null;
        if (entry.follower.gap) this.scheduleReload(entry);
      });
  }

  private maybeCompact(entry: SyncedDoc): void {
    if (entry.logRows <= this.opts.compactAfterRows || entry.compacting || entry.unloaded || entry.leaseDeniedUntil > Date.now()) return;
    let done = false;
    entry.compacting = this.compact(entry)
      .then((ok) => void (done = ok))
      .finally(() => {
        entry.compacting = null;
        // A burst of updates stored while the compaction ran (their seqs were not known yet
        // when it started) leaves the log over the limit with nothing left to trigger another
        // pass; run one now, but only after a pass that succeeded (a failing one would spin).
        if (done) this.maybeCompact(entry);
      });
  }

  private async compact(entry: SyncedDoc): Promise<boolean> {
    // One node per document compacts, the lease holder; the others never delete a row.
    // It compacts only through the last row it holds every row up to, so the merged row
    // (its whole document) contains each row it replaces.
    if (this.cluster && !(await this.cluster.leases.acquire(entry.name))) {
      // Asking again on every row would cost a Redis round trip each: wait out one lease.
      entry.leaseDeniedUntil = Date.now() + this.cluster.leases.ttlMs;
      return false;
    }
    const through = entry.lastSeq;
    const counted = entry.logRows;
    const merged = Y.encodeStateAsUpdate(entry.doc);
    try {
      const at = await this.store.compactUpdates(entry.name, merged, through);
      // Rows stored while this ran are still in the log, next to the merged one, which
      // counts as one more row of the log (it holds nothing this node lacks).
      entry.logRows -= counted;
      this.takeRows(entry, entry.follower.offer(at.seq, at.prev, null));
      this.log('debug', 'update log compacted', { doc: entry.name, through });
      return true;
    } catch (err) {
      this.log('error', 'compaction failed', { doc: entry.name, error: err instanceof Error ? err.message : String(err) });
      return false;
    }
  }

  private scheduleMetaSync(entry: SyncedDoc): void {
    if (entry.metaTimer) clearTimeout(entry.metaTimer);
    entry.metaTimer = setTimeout(() => {
      entry.metaTimer = null;
      this.track(entry, this.syncMeta(entry));
    }, this.opts.metaDebounceMs);
  }

  private async flushMeta(entry: SyncedDoc): Promise<void> {
    if (!entry.metaTimer) return;
    clearTimeout(entry.metaTimer);
    entry.metaTimer = null;
    await this.syncMeta(entry);
  }

  /** Mirrors the doc's `meta` into the meetings row, which is what the meeting list reads. */
  private async syncMeta(entry: SyncedDoc): Promise<void> {
    const meta = meetingDoc.meta(entry.doc).toJSON() as Record<string, unknown>;
    const fields: MeetingFields = {};
    const shape = MeetingMeta.shape;
    // Only well-formed values: the doc is shared and a buggy client may have written junk.
    for (const key of ['title', 'startsAt', 'endsAt', 'venue'] as const) {
      if (!(key in meta)) continue;
      const ok = shape[key].safeParse(meta[key]);
      if (ok.success) (fields as Record<string, unknown>)[key] = ok.data;
    }
    try {
      await this.store.updateMeeting(entry.meetingId, fields);
      // The status is decided by server calls (publish), never by a client editing meta:
      // a secretariat client writing `status` would otherwise publish without publishedAt
      // or hide a published meeting again. Put the row's status back into the doc.
      const row = await this.store.getMeeting(entry.meetingId);
      if (row && meta.status !== row.status && !entry.unloaded) {
        this.log('warn', 'client-written meeting status reverted', { doc: entry.name, written: String(meta.status), status: row.status });
        entry.doc.transact(() => meetingDoc.meta(entry.doc).set('status', row.status), serverOrigin);
      }
    } catch (err) {
      this.log('error', 'meeting row update failed', { doc: entry.name, error: err instanceof Error ? err.message : String(err) });
    }
  }
}
