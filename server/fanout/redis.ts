/**
 * DocFanout over Redis pub/sub. Pub/sub delivers each message at most once and in the order
 * published, to whoever is subscribed at that moment, and nothing while a link is down: the
 * log order and the reload on a gap (server/sync/doc-sequence.ts) make up for the rest.
 */
import { randomUUID } from 'node:crypto';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Redis } from 'ioredis';
import type { Log } from '../log';
import type { DocFanout, DocMessage, NodeMessage, OutgoingDocMessage } from './types';

/** The wire number of each kind is its place here: a new kind goes at the end. */
const kinds = ['update', 'awareness', 'write', 'applied'] as const;
const prefix = 'oc:doc:';
/** The channel every node follows for NodeMessages (JSON: small, rare, and read by people debugging with redis-cli). */
const nodesChannel = 'oc:nodes';

/** A NodeMessage from the wire, or null when it is not one (an older or newer node's kind). */
export function parseNodeMessage(text: string): (NodeMessage & { origin: string }) | null {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof m !== 'object' || m === null) return null;
  const o = m as Record<string, unknown>;
  if (typeof o.origin !== 'string') return null;
  if (o.kind === 'live-marks' && typeof o.meetingId === 'string') return { kind: o.kind, origin: o.origin, meetingId: o.meetingId, marks: o.marks };
  if (typeof o.userId !== 'string' || typeof o.code !== 'number' || typeof o.reason !== 'string') return null;
  if (o.kind === 'close-member' && typeof o.meetingId === 'string') {
    return { kind: o.kind, origin: o.origin, meetingId: o.meetingId, userId: o.userId, code: o.code, reason: o.reason };
  }
  if (o.kind === 'close-sessions' && (o.sessionIds === null || (Array.isArray(o.sessionIds) && o.sessionIds.every((id) => typeof id === 'string')))) {
    return { kind: o.kind, origin: o.origin, userId: o.userId, sessionIds: o.sessionIds as string[] | null, code: o.code, reason: o.reason };
  }
  return null;
}

export function encodeDocMessage(m: DocMessage): Buffer {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, kinds.indexOf(m.kind));
  encoding.writeVarString(e, m.origin);
  if (m.kind === 'update') {
    encoding.writeVarUint(e, m.seq);
    encoding.writeVarUint(e, m.prev);
    encoding.writeVarString(e, m.writeId);
  } else if (m.kind === 'write') {
    encoding.writeVarString(e, m.writeId);
  }
  encoding.writeVarUint8Array(e, m.update);
  return Buffer.from(encoding.toUint8Array(e));
}

export function decodeDocMessage(buf: Uint8Array): DocMessage {
  const d = decoding.createDecoder(buf);
  const kind = kinds[decoding.readVarUint(d)];
  const origin = decoding.readVarString(d);
  switch (kind) {
    case 'update': {
      const seq = decoding.readVarUint(d);
      const prev = decoding.readVarUint(d);
      const writeId = decoding.readVarString(d);
      return { kind, origin, seq, prev, writeId, update: decoding.readVarUint8Array(d) };
    }
    case 'write': {
      const writeId = decoding.readVarString(d);
      return { kind, origin, writeId, update: decoding.readVarUint8Array(d) };
    }
    case 'awareness':
    case 'applied':
      return { kind, origin, update: decoding.readVarUint8Array(d) };
    default:
      throw new Error('Unknown document message kind.');
  }
}

export class RedisFanout implements DocFanout {
  readonly nodeId = randomUUID();
  private readonly handlers = new Map<string, (m: DocMessage) => void>();
  private readonly reconnectHandlers: (() => void)[] = [];
  private readonly nodeHandlers: ((m: NodeMessage) => void)[] = [];
  private readonly sub: Redis;
  private wasReady = false;

  constructor(
    private readonly pub: Redis,
    private readonly log: Log,
    /** Told of each command sent (/metrics: opencabinet_redis_round_trips_total). */
    private readonly onCommand: () => void = () => {},
  ) {
    // A subscribed connection can do nothing else, hence a second one. It queues its
    // (re)subscriptions while away and ioredis subscribes again after a reconnect.
    this.sub = pub.duplicate({ enableOfflineQueue: true, lazyConnect: false });
    this.sub.on('error', () => {}); // the publishing connection already logs the link going down
    this.sub.on('ready', () => {
      if (this.wasReady) for (const fn of this.reconnectHandlers) fn();
      this.wasReady = true;
    });
    this.sub.subscribe(nodesChannel).catch((err: Error) => this.log('warn', 'cluster node channel not subscribed', { error: err.message }));
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      const channelName = channel.toString('utf8');
      if (channelName === nodesChannel) {
        this.onNodeChannel(message.toString('utf8'));
        return;
      }
      const name = channelName.slice(prefix.length);
      const handler = this.handlers.get(name);
      if (!handler) return;
      let m: DocMessage;
      try {
        m = decodeDocMessage(message);
      } catch (err) {
        this.log('warn', 'undecodable cluster message dropped', { doc: name, error: String(err) });
        return;
      }
      if (m.origin !== this.nodeId) handler(m);
    });
  }

  async follow(docName: string, onMessage: (m: DocMessage) => void): Promise<void> {
    this.handlers.set(docName, onMessage);
    await this.sub.subscribe(prefix + docName);
  }

  unfollow(docName: string): void {
    if (!this.handlers.delete(docName)) return;
    this.sub.unsubscribe(prefix + docName).catch(() => {});
  }

  publish(docName: string, m: OutgoingDocMessage): void {
    const buf = encodeDocMessage({ ...m, origin: this.nodeId } as DocMessage);
    this.onCommand();
    this.pub.publish(prefix + docName, buf).catch((err: Error) => {
      // The other nodes find the row in the database when the next one arrives.
      this.log('warn', 'cluster publish failed', { doc: docName, kind: m.kind, error: err.message });
    });
  }

  publishToNodes(m: NodeMessage): void {
    this.onCommand();
    this.pub.publish(nodesChannel, JSON.stringify({ ...m, origin: this.nodeId })).catch((err: Error) => {
      this.log('warn', 'cluster node message not published', { kind: m.kind, error: err.message });
    });
  }

  onNodeMessage(fn: (m: NodeMessage) => void): void {
    this.nodeHandlers.push(fn);
  }

  private onNodeChannel(text: string): void {
    const m = parseNodeMessage(text);
    if (!m) {
      this.log('warn', 'unknown cluster node message dropped', { bytes: text.length });
      return;
    }
    if (m.origin === this.nodeId) return;
    const { origin: _origin, ...message } = m;
    for (const fn of this.nodeHandlers) fn(message as NodeMessage);
  }

  onReconnect(fn: () => void): void {
    this.reconnectHandlers.push(fn);
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await this.sub.quit().catch(() => this.sub.disconnect());
  }
}
