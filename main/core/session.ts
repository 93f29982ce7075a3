/** The signed-in session, kept on the device so the app opens offline. */
import os from 'node:os';
import { User } from '../../shared/api/session';
import type { SessionInfo } from '../../shared/contract';
import type { LocalDb } from './db';
import { isSealedText, openText, sealText, SealError } from './at-rest';

export interface StoredSession extends SessionInfo {
  token: string;
  expiresAt: string;
}

export class SessionStore {
  /**
   * `tokenKey` seals the token in the store: a copy of the SQLite file alone does not give
   * a usable session (the key stays with the device, see device-key.ts).
   */
  constructor(
    private readonly db: LocalDb,
    private readonly tokenKey: Buffer,
  ) {}

  get(): StoredSession | null {
    const row = this.db.prepare('SELECT server_url, token, user_json, expires_at FROM session WHERE id = 1').get() as
      | { server_url: string; token: string; user_json: string; expires_at: string }
      | undefined;
    if (!row) return null;
    const user = User.safeParse(JSON.parse(row.user_json));
    if (!user.success) return null;
    const token = this.openToken(row.token);
    if (token === null) return null;
    const s = { serverUrl: row.server_url, token, user: user.data, expiresAt: row.expires_at };
    // A token stored in the clear by an older version is sealed the first time it is read.
    if (!isSealedText(row.token)) this.save(s);
    return s;
  }

  save(s: StoredSession): void {
    this.db
      .prepare(
        `INSERT INTO session (id, server_url, token, user_json, expires_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET server_url = excluded.server_url, token = excluded.token,
           user_json = excluded.user_json, expires_at = excluded.expires_at`,
      )
      .run(s.serverUrl, sealText(this.tokenKey, s.token), JSON.stringify(s.user), s.expiresAt);
  }

  /** The token, or null when it was sealed by another device key (a copied data folder): sign in again. */
  private openToken(stored: string): string | null {
    if (!isSealedText(stored)) return stored;
    try {
      return openText(this.tokenKey, stored, 'The session');
    } catch (err) {
      if (err instanceof SealError) return null;
      throw err;
    }
  }

  clear(): void {
    this.db.prepare('DELETE FROM session').run();
  }
}

export function publicSession(s: StoredSession | null): SessionInfo | null {
  return s ? { serverUrl: s.serverUrl, user: s.user } : null;
}

const systems: Record<string, string> = { win32: 'Windows', darwin: 'macOS', linux: 'Linux' };

/**
 * What this device calls itself at sign-in, so a person can tell their devices apart in the
 * list ("PC-HOA · Windows 10.0.22631"). Browser mode says so: a browser on a shared machine
 * is not the same thing as the installed app.
 */
export function deviceName(mode: 'electron' | 'browser'): string {
  const host = os.hostname().trim() || 'unknown host';
  const system = `${systems[process.platform] ?? process.platform} ${os.release()}`.trim();
  return `${host} · ${system}${mode === 'browser' ? ' · browser mode' : ''}`.slice(0, 120);
}
