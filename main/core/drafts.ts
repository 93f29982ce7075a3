/** Conclusion drafts on this device: saved as the chair types, kept until finalised. */
import type { ConclusionDraft } from '../../shared/contract';
import type { LocalDb } from './db';
import type { OutboxOwner } from './outbox';
import { openStored, sealText } from './at-rest';

export class DraftStore {
  /** `recordsKey` seals the draft's text at rest (a conclusion before it is final is as confidential as its meeting). */
  constructor(
    private readonly db: LocalDb,
    private readonly recordsKey: Buffer,
  ) {}

  save(owner: OutboxOwner, meetingId: string, agendaItemId: string, text: string, pollRefs: string[]): ConclusionDraft {
    const savedAt = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO conclusion_drafts (server_url, user_id, meeting_id, agenda_item_id, text, poll_refs_json, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (server_url, user_id, meeting_id, agenda_item_id) DO UPDATE SET text = excluded.text, poll_refs_json = excluded.poll_refs_json, saved_at = excluded.saved_at`,
      )
      .run(owner.serverUrl, owner.userId, meetingId, agendaItemId, sealText(this.recordsKey, text), JSON.stringify(pollRefs), savedAt);
    return { agendaItemId, text, pollRefs, savedAt };
  }

  list(owner: OutboxOwner, meetingId: string): Record<string, ConclusionDraft> {
    const rows = this.db
      .prepare('SELECT agenda_item_id, text, poll_refs_json, saved_at FROM conclusion_drafts WHERE server_url = ? AND user_id = ? AND meeting_id = ?')
      .all(owner.serverUrl, owner.userId, meetingId) as { agenda_item_id: string; text: string; poll_refs_json: string; saved_at: string }[];
    return Object.fromEntries(rows.map((r) => [r.agenda_item_id, { agendaItemId: r.agenda_item_id, text: openStored(this.recordsKey, r.text, 'A conclusion draft') ?? '', pollRefs: JSON.parse(r.poll_refs_json) as string[], savedAt: r.saved_at }]));
  }

  remove(owner: OutboxOwner, meetingId: string, agendaItemId: string): void {
    this.db.prepare('DELETE FROM conclusion_drafts WHERE server_url = ? AND user_id = ? AND meeting_id = ? AND agenda_item_id = ?').run(owner.serverUrl, owner.userId, meetingId, agendaItemId);
  }
}
