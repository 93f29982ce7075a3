/** The last meeting list the server gave this user, so the list opens offline. */
import { MeetingSummary } from '../../shared/api/meetings';
import { z } from 'zod';
import type { LocalDb } from './db';

const Cached = z.array(MeetingSummary);

export class MeetingCache {
  constructor(private readonly db: LocalDb) {}

  get(serverUrl: string, userId: string): MeetingSummary[] | null {
    const row = this.db
      .prepare('SELECT meetings_json FROM meetings_cache WHERE server_url = ? AND user_id = ?')
      .get(serverUrl, userId) as { meetings_json: string } | undefined;
    if (!row) return null;
    const parsed = Cached.safeParse(JSON.parse(row.meetings_json));
    return parsed.success ? parsed.data : null;
  }

  put(serverUrl: string, userId: string, meetings: MeetingSummary[]): void {
    this.db
      .prepare(
        `INSERT INTO meetings_cache (server_url, user_id, meetings_json, fetched_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (server_url, user_id) DO UPDATE SET meetings_json = excluded.meetings_json, fetched_at = excluded.fetched_at`,
      )
      .run(serverUrl, userId, JSON.stringify(meetings), new Date().toISOString());
  }
}
