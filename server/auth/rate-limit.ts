/**
 * Failed sign-ins per (user name, address) in a sliding window. In memory on purpose:
 * it only has to slow down guessing, and a restart forgetting it is harmless.
 */
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 60_000,
  ) {}

  private key(username: string, ip: string): string {
    return `${username.toLowerCase()}\u0000${ip}`;
  }

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Milliseconds until another attempt is allowed; 0 when allowed now. */
  retryAfterMs(username: string, ip: string, now = Date.now()): number {
    const list = this.recent(this.key(username, ip), now);
    if (list.length < this.maxFailures) return 0;
    return list[list.length - this.maxFailures]! + this.windowMs - now;
  }

  fail(username: string, ip: string, now = Date.now()): void {
    const key = this.key(username, ip);
    const list = this.recent(key, now);
    list.push(now);
    this.failures.set(key, list);
    // Someone spraying many user names must not grow this map without bound.
    if (this.failures.size > 50_000) this.prune(now);
  }

  succeed(username: string, ip: string): void {
    this.failures.delete(this.key(username, ip));
  }

  prune(now = Date.now()): void {
    for (const key of [...this.failures.keys()]) this.recent(key, now);
  }
}
