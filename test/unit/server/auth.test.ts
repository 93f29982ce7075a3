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
  it('blocks after 10 failures in a minute, per user name and address', () => {
    const l = new LoginRateLimiter(10, 60_000);
    const t0 = 1_000_000;
    for (let i = 0; i < 10; i++) {
      expect(l.retryAfterMs('Alice', '1.2.3.4', t0 + i)).toBe(0);
      l.fail('Alice', '1.2.3.4', t0 + i);
    }
    expect(l.retryAfterMs('alice', '1.2.3.4', t0 + 10)).toBe(60_000 - 10);
    expect(l.retryAfterMs('alice', '5.6.7.8', t0 + 10)).toBe(0);
    expect(l.retryAfterMs('bob', '1.2.3.4', t0 + 10)).toBe(0);
    expect(l.retryAfterMs('alice', '1.2.3.4', t0 + 60_001)).toBe(0);
  });

  it('forgets failures after a success', () => {
    const l = new LoginRateLimiter(2, 60_000);
    l.fail('a', 'ip', 1);
    l.fail('a', 'ip', 2);
    expect(l.retryAfterMs('a', 'ip', 3)).toBeGreaterThan(0);
    l.succeed('a', 'ip');
    expect(l.retryAfterMs('a', 'ip', 3)).toBe(0);
  });
});

describe('session tokens', () => {
  it('are stored as sha256 hex', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
