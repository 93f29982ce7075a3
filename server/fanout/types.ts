/**
 * How the nodes of a cluster tell each other about a document (issue 13). One channel per
 * document; every message names the node it came from, so a node skips its own.
 *
 * - `update`: a Yjs update a node stored, with its row's place in the document's log
 *   (`seq`, and `prev`, the row before it). A node applies rows in log order; one that
 *   sees a `prev` it does not hold waits a moment for it, then reloads what it misses from
 *   the database. `writeId` answers a forwarded `write`.
 * - `awareness`: presence a node accepted from one of its clients (its limits already
 *   applied there).
 * - `write`: a server-made change to `live/<id>` from a node that does not hold that
 *   document's lease, for the holder to store and publish (see server/sync/synced-docs.ts).
 * - `applied`: an update a node has just applied and is storing: the other nodes pass it to
 *   their clients at once, as that node does to its own, instead of after the database
 *   round trip. Its `update` row follows; applying that again changes nothing, so no client
 *   gets it twice. A lost `applied` costs only the wait for the row.
 */
export type DocMessage =
  | { kind: 'update'; origin: string; seq: number; prev: number; update: Uint8Array; writeId: string }
  | { kind: 'awareness'; origin: string; update: Uint8Array }
  | { kind: 'write'; origin: string; writeId: string; update: Uint8Array }
  | { kind: 'applied'; origin: string; update: Uint8Array };

export type OutgoingDocMessage = DocMessage extends infer M ? (M extends DocMessage ? Omit<M, 'origin'> : never) : never;

/**
 * Messages to every node rather than about one document: sockets to close because access
 * was taken away on some node (a participant removed, a role changed, a device signed out,
 * an account disabled). Each node closes its own; the next upgrade is refused everywhere.
 */
export type NodeMessage =
  | { kind: 'close-member'; meetingId: string; userId: string; code: number; reason: string }
  | { kind: 'close-sessions'; userId: string; sessionIds: string[] | null; code: number; reason: string }
  /**
   * What changed in a meeting's records since the last flush (server/records/live-flusher.ts),
   * for the node that writes its live/<id>: marks, not values, so that node reads the counts
   * once, fresh, for everyone. Checked by the flusher that takes them.
   */
  | { kind: 'live-marks'; meetingId: string; marks: unknown };

export interface DocFanout {
  /** This node's id, random per process: a restarted node is a new node. */
  readonly nodeId: string;
  /** Delivers other nodes' messages about `docName` until `unfollow`; resolves once subscribed. */
  follow(docName: string, onMessage: (m: DocMessage) => void): Promise<void>;
  unfollow(docName: string): void;
  publish(docName: string, m: OutgoingDocMessage): void;
  /** Tells every other node; at most once, and lost while the link is down (the upgrade check stays the gate). */
  publishToNodes(m: NodeMessage): void;
  /** Other nodes' NodeMessages; subscribed from construction. */
  onNodeMessage(fn: (m: NodeMessage) => void): void;
  /** Called after the link to the other nodes came back: messages may have been missed. */
  onReconnect(fn: () => void): void;
  close(): Promise<void>;
}
