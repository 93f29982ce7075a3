/**
 * "What changed since I last looked": a published meeting's agenda and documents compared
 * with the snapshot the person last acknowledged. A delegate must never miss that a
 * document was replaced the night before the meeting.
 */
import type { MeetingChanges } from '../../shared/contract';
import type { MeetingContent } from '../../shared/ydoc/meeting';
import type { LocalDb } from './db';

export interface SeenSnapshot {
  items: Record<string, string>;
  docs: Record<string, { title: string; supersededBy: string | null }>;
}

export function snapshotOf(content: MeetingContent): SeenSnapshot {
  return {
    items: Object.fromEntries(content.agenda.map((i) => [i.id, i.title])),
    docs: Object.fromEntries(content.documents.map((d) => [d.id, { title: d.title, supersededBy: d.supersededBy }])),
  };
}

export function diffSince(seen: SeenSnapshot, content: MeetingContent, since: string): MeetingChanges | null {
  const docs = new Map(content.documents.map((d) => [d.id, d]));
  const newest = (id: string) => {
    let d = docs.get(id);
    const visited = new Set<string>();
    while (d?.supersededBy && docs.has(d.supersededBy) && !visited.has(d.id)) {
      visited.add(d.id);
      d = docs.get(d.supersededBy);
    }
    return d;
  };
  const documentsReplaced: MeetingChanges['documentsReplaced'] = [];
  for (const [id, old] of Object.entries(seen.docs)) {
    const now = docs.get(id);
    if (old.supersededBy === null && now?.supersededBy) {
      const latest = newest(id)!;
      documentsReplaced.push({ oldId: id, newId: latest.id, title: latest.title, version: latest.version });
    }
  }
  const documentsAdded = content.documents
    .filter((d) => !(d.id in seen.docs) && d.supersedes === null)
    .map((d) => ({ id: d.id, title: d.title }));
  const current = new Map(content.agenda.map((i) => [i.id, i.title]));
  const itemsAdded = [...current].filter(([id]) => !(id in seen.items)).map(([, t]) => t);
  const itemsRemoved = Object.entries(seen.items).filter(([id]) => !current.has(id)).map(([, t]) => t);
  const itemsRenamed = Object.entries(seen.items)
    .filter(([id, t]) => current.has(id) && current.get(id) !== t)
    .map(([id, from]) => ({ id, from, to: current.get(id)! }));
  const any = documentsReplaced.length + documentsAdded.length + itemsAdded.length + itemsRemoved.length + itemsRenamed.length;
  return any ? { since, documentsReplaced, documentsAdded, itemsAdded, itemsRemoved, itemsRenamed } : null;
}

export class SeenStore {
  constructor(private readonly db: LocalDb) {}

  get(serverUrl: string, userId: string, meetingId: string): { snapshot: SeenSnapshot; seenAt: string } | null {
    const row = this.db
      .prepare('SELECT snapshot_json, seen_at FROM meeting_seen WHERE server_url = ? AND user_id = ? AND meeting_id = ?')
      .get(serverUrl, userId, meetingId) as { snapshot_json: string; seen_at: string } | undefined;
    return row ? { snapshot: JSON.parse(row.snapshot_json) as SeenSnapshot, seenAt: row.seen_at } : null;
  }

  put(serverUrl: string, userId: string, meetingId: string, snapshot: SeenSnapshot): void {
    this.db
      .prepare(
        `INSERT INTO meeting_seen (server_url, user_id, meeting_id, snapshot_json, seen_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (server_url, user_id, meeting_id) DO UPDATE SET snapshot_json = excluded.snapshot_json, seen_at = excluded.seen_at`,
      )
      .run(serverUrl, userId, meetingId, JSON.stringify(snapshot), new Date().toISOString());
  }
}
