/**
 * Session tokens: 32 random bytes shown to the client once; only their sha256 is stored,
 * so a copy of the database does not let anyone sign in.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Store, UserRecord } from '../store/types';

export const defaultTokenTtlMs = 12 * 60 * 60 * 1000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface Session {
  user: UserRecord;
  tokenHash: string;
  expiresAt: number;
}

export class Sessions {
  constructor(
    private readonly store: Store,
    private readonly ttlMs: number = defaultTokenTtlMs,
  ) {}

  async issue(userId: string): Promise<{ token: string; expiresAt: number }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = Date.now() + this.ttlMs;
    await this.store.createSession(hashToken(token), userId, expiresAt);
    return { token, expiresAt };
  }

  /** The session behind a token, or null when it is unknown, forged or expired. */
  async verify(token: string | null | undefined): Promise<Session | null> {
    if (!token || token.length > 256) return null;
    const tokenHash = hashToken(token);
    const s = await this.store.findSession(tokenHash);
    if (!s) return null;
    if (s.expiresAt <= Date.now()) {
      await this.store.deleteSession(tokenHash);
      return null;
    }
    const user = await this.store.getUser(s.userId);
    return user ? { user, tokenHash, expiresAt: s.expiresAt } : null;
  }

  async revoke(tokenHash: string): Promise<void> {
    await this.store.deleteSession(tokenHash);
  }
}
