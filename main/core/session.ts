/** The signed-in session, kept on the device so the app opens offline. */
import { User } from '../../shared/http';
import type { SessionInfo } from '../../shared/contract';
import type { LocalDb } from './db';

export interface StoredSession extends SessionInfo {
  token: string;
  expiresAt: string;
}

export class SessionStore {
  constructor(private readonly db: LocalDb) {}

  get(): StoredSession | null {
    const row = this.db.prepare('SELECT server_url, token, user_json, expires_at FROM session WHERE id = 1').get() as
      | { server_url: string; token: string; user_json: string; expires_at: string }
      | undefined;
    if (!row) return null;
    const user = User.safeParse(JSON.parse(row.user_json));
    if (!user.success) return null;
    return { serverUrl: row.server_url, token: row.token, user: user.data, expiresAt: row.expires_at };
  }

  save(s: StoredSession): void {
    this.db
      .prepare(
        `INSERT INTO session (id, server_url, token, user_json, expires_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET server_url = excluded.server_url, token = excluded.token,
           user_json = excluded.user_json, expires_at = excluded.expires_at`,
      )
      .run(s.serverUrl, s.token, JSON.stringify(s.user), s.expiresAt);
  }

  clear(): void {
    this.db.prepare('DELETE FROM session').run();
  }
}

export function publicSession(s: StoredSession | null): SessionInfo | null {
  return s ? { serverUrl: s.serverUrl, user: s.user } : null;
}
