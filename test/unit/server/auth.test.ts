import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../server/auth/passwords';
import { LoginRateLimiter } from '../../../server/auth/rate-limit';
import { hashToken } from '../../../server/auth/sessions';

describe('passwords', () => {
  it('hashes with a random salt and verifies', async () => {
    const a = await hashPassword('mật khẩu');
    const b = await hashPassword('mật khẩu');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('mật khẩu', a)).toBe(true);
    expect(await verifyPassword('mat khau', a)).toBe(false);
  });

  it('refuses malformed stored hashes instead of throwing', async () => {
    for (const bad of ['', 'plain', 'scrypt$x$8$1$salt$hash', 'scrypt$16384$8$1$c2FsdA$']) {
      expect(await verifyPassword('x', bad)).toBe(false);
    }
  });
});

describe('login rate limiter', () => {
  it('makes one (user name, address) pair wait after 10 failures, and only that pair', () => {
    const l = new LoginRateLimiter({ pairFreeFailures: 10, pairBaseDelayMs: 60_000 });
    const t0 = 1_000_000;
    for (let i = 0; i < 10; i++) {
      expect(l.retryAfterMs('Alice', '1.2.3.4', t0 + i)).toBe(0);
      l.fail('Alice', '1.2.3.4', t0 + i);
    }
    expect(l.check('alice', '1.2.3.4', t0 + 10)).toEqual({ retryAfterMs: 60_000 - 1, scope: 'account' });
    expect(l.retryAfterMs('alice', '5.6.7.8', t0 + 10)).toBe(0);
    expect(l.retryAfterMs('bob', '1.2.3.4', t0 + 10)).toBe(0);
    expect(l.retryAfterMs('alice', '1.2.3.4', t0 + 9 + 60_000)).toBe(0);
  });

  it('doubles the wait with each further failure, up to the cap', () => {
    const l = new LoginRateLimiter({ pairFreeFailures: 2, pairBaseDelayMs: 1000, pairMaxDelayMs: 5000 });
    const waits: number[] = [];
    let t = 0;
    for (let i = 0; i < 6; i++) {
      l.fail('a', 'ip', t);
      waits.push(l.retryAfterMs('a', 'ip', t));
      t += waits.at(-1)!;
    }
    expect(waits).toEqual([0, 1000, 2000, 4000, 5000, 5000]);
  });

  it('forgets a pair\'s failures after a success', () => {
    const l = new LoginRateLimiter({ pairFreeFailures: 2 });
    l.fail('a', 'ip', 1);
    l.fail('a', 'ip', 2);
    expect(l.retryAfterMs('a', 'ip', 3)).toBeGreaterThan(0);
    l.succeed('a', 'ip', 3);
    expect(l.retryAfterMs('a', 'ip', 3)).toBe(0);
  });

  it('throttles an address spraying many names, but not names already signed in from it, nor other addresses', () => {
    const l = new LoginRateLimiter({ addressMaxFailures: 100, addressWindowMs: 600_000 });
    l.succeed('chair', 'nat', 0);
    for (let i = 0; i < 100; i++) {
      expect(l.check(`user${i}`, 'nat', 10 + i)).toBeNull();
      l.fail(`user${i}`, 'nat', 10 + i);
    }
    expect(l.check('user200', 'nat', 200)).toEqual({ retryAfterMs: 600_000 + 10 - 200, scope: 'address' });
    expect(l.check('chair', 'nat', 200)).toBeNull();
    expect(l.check('user200', 'elsewhere', 200)).toBeNull();
    expect(l.check('user200', 'nat', 600_010 + 1)).toBeNull();
  });

  it('counts attempts in flight against their pair, so parallel guesses get no more than the free ones', () => {
    const l = new LoginRateLimiter({ pairFreeFailures: 3 });
    const admitted = Array.from({ length: 50 }, () => l.begin('chair', 'ip', 5)).filter((r) => r === null).length;
    expect(admitted).toBe(3);
    for (let i = 0; i < 3; i++) l.fail('chair', 'ip', 6);
    expect(l.check('chair', 'ip', 6)?.scope).toBe('account');
    // A success in flight is not a failure: it clears the pair.
    const k = new LoginRateLimiter({ pairFreeFailures: 3 });
    expect(k.begin('chair', 'ip', 1)).toBeNull();
    k.succeed('chair', 'ip', 2);
    expect(k.size().pairs).toBe(0);
  });

  it('successes alone never throttle an address (a hall behind one NAT)', () => {
    const l = new LoginRateLimiter({ addressMaxFailures: 5 });
    for (let i = 0; i < 3152; i++) {
      expect(l.check(`delegate${i}`, 'nat', i)).toBeNull();
      l.succeed(`delegate${i}`, 'nat', i);
    }
  });

  it('keeps its memory bounded under a spray of names and addresses', () => {
    const l = new LoginRateLimiter();
    for (let i = 0; i < 120_000; i++) l.fail(`u${i}`, `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, i);
    expect(l.size().pairs).toBeLessThanOrEqual(100_000);
    expect(l.size().addresses).toBeLessThanOrEqual(100_000);
  });
});

describe('session tokens', () => {
  it('are stored as sha256 hex', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
