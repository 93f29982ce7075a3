/**
 * One Yjs document in memory, with the connections that share it.
 *
 * The real document only ever receives an update that has already applied cleanly to a
 * shadow copy: a truncated update can throw half way through, and the shadow is what
 * absorbs that half-applied state instead of the document everybody shares.
 */
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { MeetingRole } from '../../shared/roles';
import type { DocMessage } from '../fanout/types';
import { LogFollower } from './log-follower';

export interface Conn {
  readonly ws: WebSocket;
  readonly userId: string;
  /** The session (device) behind the socket, so signing that device out closes it. */
  readonly sessionId: string | null;
  readonly username: string;
  readonly role: MeetingRole;
  readonly canWrite: boolean;
  readonly expiresAt: number;
  /** Messages that arrived before the document finished loading, in order. */
  pending: Uint8Array[];
  /** Awareness client ids this connection announced, removed when it leaves. */
  awarenessClients: Set<number>;
  windowStart: number;
  windowCount: number;
  /** Token bucket of awareness messages (see SyncedDocs awarenessPerSecond). */
  awarenessTokens: number;
  awarenessRefilledAt: number;
  /** Awareness messages refused (too big, too many, foreign client ids), and when last logged. */
  awarenessDropped: number;
  awarenessLoggedAt: number;
  alive: boolean;
  closed: boolean;
  droppedUpdates: number;
}

export class SyncedDoc {
  readonly doc = new Y.Doc();
  shadow = new Y.Doc();
  awareness: awarenessProtocol.Awareness | null = null;
  readonly conns = new Set<Conn>();
  /** Connections plus in-flight server transactions; the entry is freed at zero. */
  holders = 0;
  loaded = false;
  unloaded = false;
  ready!: Promise<void>;
  /** Where this node is in the document's update log (the rows it holds, in order), and rows in the log since load/compaction. */
  follower = new LogFollower(0);
  logRows = 0;
  /** Other nodes' messages that arrived while the document was loading (cluster mode). */
  early: DocMessage[] = [];
  gapTimer: NodeJS.Timeout | null = null;
  /**
   * Updates another node applied (`applied`) whose row has not come yet, by the update's
   * hash: stored by this node if the row does not come in time (that node may have died
   * between the two, and the clients that sent them will not send what this node has).
   */
  readonly unstored = new Map<string, NodeJS.Timeout>();
  reloading: Promise<void> | null = null;
  /** Another node holds the compaction lease: do not ask again before this time. */
  leaseDeniedUntil = 0;
  compacting: Promise<void> | null = null;
  readonly inflight = new Set<Promise<unknown>>();
  metaTimer: NodeJS.Timeout | null = null;
  /** Set while nothing holds the document: it is freed when this fires (SyncedDocs lingerMs). */
  lingerTimer: NodeJS.Timeout | null = null;
  /**
   * The sync-step-2 frame answering an empty state vector (the whole document), encoded once
   * and sent to every fresh device until the document changes: 3,152 devices opening a 2 MB
   * meeting for the first time would otherwise each cost a full encode and their own 2 MB
   * buffer. Cleared on every update (SyncedDocs.onDocUpdate).
   */
  fullStateReply: Uint8Array | null = null;

  constructor(
    readonly name: string,
    readonly kind: 'meeting' | 'live',
    readonly meetingId: string,
  ) {}

  rebuildShadow(): void {
    this.shadow.destroy();
    this.shadow = new Y.Doc();
    Y.applyUpdate(this.shadow, Y.encodeStateAsUpdate(this.doc));
  }

  isClientOrigin(origin: unknown): origin is Conn {
    return this.conns.has(origin as Conn);
  }

  get lastSeq(): number {
    return this.follower.lastSeq;
  }

  destroy(): void {
    if (this.metaTimer) clearTimeout(this.metaTimer);
    if (this.gapTimer) clearTimeout(this.gapTimer);
    for (const t of this.unstored.values()) clearTimeout(t);
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.awareness?.destroy();
    this.shadow.destroy();
    this.doc.destroy();
  }
}
