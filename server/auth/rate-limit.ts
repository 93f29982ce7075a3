/**
 * Slows down password guessing without letting anyone lock the chair out.
 *
 * Failures — never successes — are counted twice:
 * - per (user name, address): after a few free failures each further one makes that pair
 *   wait longer (OWASP's growing delays). Only that pair waits: the same account from
 *   another device or address is untouched, so 1,000 wrong guesses for `chair` from the
 *   hall do not stop the chair signing in from the dais.
 * - per address, over all user names: spraying one password across many names from one
 *   address runs into this. A hall behind one NAT signing in correctly never fails, so it
 *   never counts; a name that has signed in from this address before is exempt, so an
 *   attack from the same network does not shut out delegates already known there.
 *
 * In memory on purpose: it only has to slow guessing down, and a restart forgetting it is
 * harmless. Every map is bounded, so spraying names cannot grow it without limit.
 */
export interface LoginLimits {
  /** Failures per (name, address) answered normally before delays start. */
  pairFreeFailures: number;
  /** Wait after the first failure past the free ones; doubles with each further failure. */
  pairBaseDelayMs: number;
  pairMaxDelayMs: number;
  /** A pair's failures are forgotten after this long without another. */
  pairForgetMs: number;
  /** Failures from one address, over all names, within addressWindowMs. */
  addressMaxFailures: number;
  addressWindowMs: number;
  /** How long a successful sign-in exempts its (name, address) from the address limit. */
  knownPairMs: number;
}

export const defaultLoginLimits: LoginLimits = {
  pairFreeFailures: 10,
  pairBaseDelayMs: 15_000,
  pairMaxDelayMs: 15 * 60_000,
  pairForgetMs: 15 * 60_000,
  addressMaxFailures: 100,
  addressWindowMs: 10 * 60_000,
  knownPairMs: 30 * 24 * 3600_000,
};

export interface LoginRefusal {
  retryAfterMs: number;
  /** Which limit holds: this name from this address, or this address for all names. */
  scope: 'account' | 'address';
}

interface PairState {
  failures: number;
  /** Attempts begun and not yet decided: counted as failures until they succeed. */
  pending: number;
  last: number;
}

const maxEntries = 100_000;

export class LoginRateLimiter {
  readonly limits: LoginLimits;
  private readonly pairs = new Map<string, PairState>();
  private readonly addresses = new Map<string, number[]>();
  private readonly known = new Map<string, number>();

  constructor(limits: Partial<LoginLimits> = {}) {
    this.limits = { ...defaultLoginLimits, ...limits };
  }

  private key(username: string, ip: string): string {
    return `${username.toLowerCase()}\u0000${ip}`;
  }

  private pairDelayMs(failures: number): number {
    const over = failures - this.limits.pairFreeFailures;
    if (over < 0) return 0;
    return Math.min(this.limits.pairBaseDelayMs * 2 ** Math.min(over, 30), this.limits.pairMaxDelayMs);
  }

  private pair(key: string, now: number): PairState | null {
    const p = this.pairs.get(key);
    if (!p) return null;
    if (now - p.last > Math.max(this.limits.pairForgetMs, this.pairDelayMs(p.failures + p.pending))) {
      this.pairs.delete(key);
      return null;
    }
    return p;
  }

  private addressFailures(ip: string, now: number): number[] {
    const list = (this.addresses.get(ip) ?? []).filter((t) => t > now - this.limits.addressWindowMs);
    if (list.length) this.addresses.set(ip, list);
    else this.addresses.delete(ip);
    return list;
  }

  private isKnown(key: string, now: number): boolean {
    const at = this.known.get(key);
    if (at === undefined) return false;
    if (now - at > this.limits.knownPairMs) {
      this.known.delete(key);
      return false;
    }
    return true;
  }

  /** Why this attempt must wait, or null when it may go ahead. */
  check(username: string, ip: string, now = Date.now()): LoginRefusal | null {
    const key = this.key(username, ip);
    const p = this.pair(key, now);
    if (p && p.failures + p.pending >= this.limits.pairFreeFailures) {
      const until = p.last + this.pairDelayMs(p.failures + p.pending);
      if (until > now) return { retryAfterMs: until - now, scope: 'account' };
    }
    if (!this.isKnown(key, now)) {
      const list = this.addressFailures(ip, now);
      if (list.length >= this.limits.addressMaxFailures) {
        const until = list[list.length - this.limits.addressMaxFailures]! + this.limits.addressWindowMs;
        return { retryAfterMs: Math.max(1, until - now), scope: 'address' };
      }
    }
    return null;
  }

  /**
   * check(), and when the attempt may go ahead, counts it against its pair at once as if it
   * had failed (undone by succeed): otherwise a guesser sending a thousand attempts in
   * parallel would have all of them checked before the first failure was recorded. The
   * address limit counts only decided failures, so a hall signing in at once is not
   * refused for the attempts still in the queue; its overshoot is bounded by concurrency.
   */
  begin(username: string, ip: string, now = Date.now()): LoginRefusal | null {
    const refusal = this.check(username, ip, now);
    if (refusal) return refusal;
    const key = this.key(username, ip);
    const p = this.pair(key, now) ?? { failures: 0, pending: 0, last: now };
    p.pending++;
    p.last = now;
    this.pairs.delete(key);
    this.pairs.set(key, p);
    trim(this.pairs);
    return null;
  }

  /** Milliseconds until another attempt is allowed; 0 when allowed now. */
  retryAfterMs(username: string, ip: string, now = Date.now()): number {
    return this.check(username, ip, now)?.retryAfterMs ?? 0;
  }

  fail(username: string, ip: string, now = Date.now()): void {
    const key = this.key(username, ip);
    const p = this.pair(key, now) ?? { failures: 0, pending: 0, last: now };
    if (p.pending > 0) p.pending--;
    p.failures++;
    p.last = now;
    // Re-inserted so the map's order is least recently failed first (what trimming drops).
    this.pairs.delete(key);
    this.pairs.set(key, p);
    const list = this.addressFailures(ip, now);
    list.push(now);
    // Only the last addressMaxFailures matter for the decision.
    if (list.length > this.limits.addressMaxFailures) list.splice(0, list.length - this.limits.addressMaxFailures);
    this.addresses.delete(ip);
    this.addresses.set(ip, list);
    trim(this.pairs);
    trim(this.addresses);
  }

  succeed(username: string, ip: string, now = Date.now()): void {
    const key = this.key(username, ip);
    this.pairs.delete(key);
    this.known.delete(key);
    this.known.set(key, now);
    trim(this.known);
  }

  /** Entries held, for tests and diagnostics. */
  size(): { pairs: number; addresses: number; known: number } {
    return { pairs: this.pairs.size, addresses: this.addresses.size, known: this.known.size };
  }
}

/** Drops the oldest entries (insertion order) once a map passes its bound. */
function trim<V>(map: Map<string, V>): void {
  if (map.size <= maxEntries) return;
  let excess = map.size - maxEntries;
  for (const key of map.keys()) {
    if (excess-- <= 0) break;
    map.delete(key);
  }
}
