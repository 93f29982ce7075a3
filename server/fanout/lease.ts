/**
 * Per-document leases in Redis (issue 13): who may compact a document's update log and who
 * writes `live/<id>`. A lease is a key holding the holder's node id with a time to live
 * (SET NX PX); the holder renews it every third of that time while it wants it, and deletes
 * it when it lets go. A holder that dies (SIGKILL, power) stops renewing: the key expires
 * after `ttlMs` and the next node that asks gets it. Renewal and release only touch a key
 * that still names this node, so a node that lost its lease never takes back another's.
 *
 * A node that could not renew in time (a long pause) stops counting itself as holder once
 * its own view of the lease runs out, which is before Redis would let another node in.
 */
import type { Redis } from 'ioredis';
import type { Log } from '../log';

const renewScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";
const releaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

export const leaseKey = (docName: string) => `oc:lease:${docName}`;

interface Held {
  /** This node's own deadline: the last successful (re)take plus the ttl, minus a margin. */
  until: number;
  timer: NodeJS.Timeout;
}

export class Leases {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly redis: Redis,
    readonly nodeId: string,
    private readonly log: Log,
    readonly ttlMs = 10_000,
    /** Told of each command sent (/metrics). */
    private readonly onCommand: () => void = () => {},
  ) {}

  /** Whether this node holds the document's lease right now, by its own clock. */
  holds(docName: string): boolean {
    const h = this.held.get(docName);
    return !!h && h.until > Date.now();
  }

  /**
   * Called when this node takes a lease it did not hold (a node that starts writing a
   * document repairs it from the database first: what the previous holder had not written
   * yet would otherwise wait for the next change).
   */
  onGained: ((docName: string) => void) | null = null;

  /** Takes the lease if it is free (or already ours) and keeps renewing it; false when another node holds it. */
  async acquire(docName: string): Promise<boolean> {
    if (this.holds(docName)) return true;
    const started = Date.now();
    let ok = false;
    try {
      this.onCommand();
      ok = (await this.redis.set(leaseKey(docName), this.nodeId, 'PX', this.ttlMs, 'NX')) === 'OK';
      if (!ok) {
        this.onCommand();
        ok = (await this.redis.eval(renewScript, 1, leaseKey(docName), this.nodeId, this.ttlMs)) === 1;
      }
    } catch (err) {
      // Not a warning each time: the watch asks every few seconds, and /api/ready already says Redis is gone.
      this.log('debug', 'lease not taken: redis unreachable', { doc: docName, error: (err as Error).message });
      return false;
    }
    if (!ok) return false;
    const existing = this.held.get(docName);
    if (existing) clearInterval(existing.timer);
    const timer = setInterval(() => void this.renew(docName), Math.max(50, Math.floor(this.ttlMs / 3)));
    timer.unref();
    this.held.set(docName, { until: started + this.ttlMs - this.margin(), timer });
    this.log('debug', 'lease taken', { doc: docName, node: this.nodeId });
    this.onGained?.(docName);
    return true;
  }

  /** The node id named by the lease in Redis, or null when nobody holds it. */
  async holder(docName: string): Promise<string | null> {
    return this.redis.get(leaseKey(docName));
  }

  /** Lets go of the lease (if still ours), so another node need not wait for it to expire. */
  async release(docName: string): Promise<void> {
    const h = this.held.get(docName);
    if (!h) return;
    clearInterval(h.timer);
    this.held.delete(docName);
    this.onCommand();
    await this.redis.eval(releaseScript, 1, leaseKey(docName), this.nodeId).catch(() => {});
  }

  async close(): Promise<void> {
    await Promise.all([...this.held.keys()].map((name) => this.release(name)));
  }

  private margin(): number {
    return Math.min(1000, Math.floor(this.ttlMs / 5));
  }

  private async renew(docName: string): Promise<void> {
    const h = this.held.get(docName);
    if (!h) return;
    const started = Date.now();
    let ok = false;
    try {
      this.onCommand();
      ok = (await this.redis.eval(renewScript, 1, leaseKey(docName), this.nodeId, this.ttlMs)) === 1;
    } catch {
      // Redis away: keep our own deadline; once it passes we no longer count ourselves holder.
      return;
    }
    if (this.held.get(docName) !== h) return;
    if (ok) {
      h.until = started + this.ttlMs - this.margin();
    } else {
      clearInterval(h.timer);
      this.held.delete(docName);
      this.log('warn', 'lease lost to another node', { doc: docName });
    }
  }
}
