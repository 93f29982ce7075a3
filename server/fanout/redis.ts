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
import type { DocFanout, DocMessage, OutgoingDocMessage } from './types';

const kinds = ['update', 'awareness', 'write'] as const;
const prefix = 'oc:doc:';

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
      return { kind, origin, update: decoding.readVarUint8Array(d) };
    default:
      throw new Error('Unknown document message kind.');
  }
}

export class RedisFanout implements DocFanout {
  readonly nodeId = randomUUID();
  private readonly handlers = new Map<string, (m: DocMessage) => void>();
  private readonly reconnectHandlers: (() => void)[] = [];
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
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      const name = channel.toString('utf8').slice(prefix.length);
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

  onReconnect(fn: () => void): void {
    this.reconnectHandlers.push(fn);
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await this.sub.quit().catch(() => this.sub.disconnect());
  }
}
