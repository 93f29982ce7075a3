/**
 * Sync messages a second, per connection and per person over all their sockets: a device
 * holds two per meeting for up to ten meetings, and a script could open many more to
 * multiply the per-socket limit.
 */
import type { Conn } from './synced-doc';

export class MessageRates {
  /** Per user: messages in the current one-second window over all their sockets. */
  private readonly userWindows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly perConnection: number,
    readonly perUser: number,
  ) {}

  /** Counts a message and says which limit it is over, if any: its connection's, or its user's. */
  over(conn: Conn): 'connection' | 'user' | null {
    const now = Date.now();
    if (now - conn.windowStart >= 1000) {
      conn.windowStart = now;
      conn.windowCount = 0;
    }
    conn.windowCount++;
    if (conn.windowCount > this.perConnection) return 'connection';
    let w = this.userWindows.get(conn.userId);
    if (!w || now - w.start >= 1000) {
      // Windows of users who went quiet are replaced here, so the map stays as small as the set of active users.
      if (this.userWindows.size > 10_000) for (const [id, old] of this.userWindows) if (now - old.start >= 1000) this.userWindows.delete(id);
      this.userWindows.set(conn.userId, (w = { start: now, count: 0 }));
    }
    w.count++;
    return w.count > this.perUser ? 'user' : null;
  }

  /** What the person is told when their socket is closed for it. */
  reason(over: 'connection' | 'user'): string {
    return over === 'connection'
      ? `Too many messages: at most ${this.perConnection} a second on one connection.`
      : `Too many messages: at most ${this.perUser} a second over all of this user's connections.`;
  }
}
