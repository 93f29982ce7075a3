/**
 * Requests to speak ("đăng ký phát biểu"). A participant asks; whoever runs the meeting
 * gives the floor (the one speaking before is done) and ends it; the person may withdraw
 * while waiting. The database keeps every request, in the audit chain too; `live/<id>`
 * holds those waiting or speaking, so every device shows the same list.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../shared/errors';
import { liveDoc, type SpeakerRequest } from '../../shared/ydoc/live';
import type { Rooms } from '../sync/rooms';
import type { AuditLog } from './audit';
import { durable, type Db } from './db';

interface Row {
  id: string;
  user_id: string;
  name: string;
  agenda_item_id: string | null;
  requested_at: string;
  status: SpeakerRequest['status'];
}

const toRequest = (r: Row): SpeakerRequest => ({ id: r.id, userId: r.user_id, name: r.name, agendaItemId: r.agenda_item_id, requestedAt: r.requested_at, status: r.status });

export class SpeakerQueue {
  private readonly q;

  constructor(
    private readonly db: Db,
    private readonly rooms: Rooms,
    private readonly audit: AuditLog,
  ) {
    this.q = {
      active: db.prepare("SELECT * FROM speaker_requests WHERE meeting_id = ? AND status IN ('waiting', 'speaking') ORDER BY requested_at"),
      activeOf: db.prepare("SELECT * FROM speaker_requests WHERE meeting_id = ? AND user_id = ? AND status IN ('waiting', 'speaking')"),
      one: db.prepare('SELECT * FROM speaker_requests WHERE meeting_id = ? AND id = ?'),
      insert: db.prepare("INSERT INTO speaker_requests (id, meeting_id, user_id, name, agenda_item_id, requested_at, status, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?)"),
      setStatus: db.prepare('UPDATE speaker_requests SET status = ?, updated_at = ? WHERE id = ?'),
      speaking: db.prepare("SELECT * FROM speaker_requests WHERE meeting_id = ? AND status = 'speaking'"),
      meetings: db.prepare('SELECT DISTINCT meeting_id FROM speaker_requests'),
    };
  }

  meetings(): string[] {
    return (this.q.meetings.all() as { meeting_id: string }[]).map((r) => r.meeting_id);
  }

  /** Asking twice gives back the request already in the list. */
  async request(meetingId: string, userId: string, name: string, agendaItemId: string | null): Promise<SpeakerRequest> {
    const out = durable(this.db, () => {
      const existing = this.q.activeOf.get(meetingId, userId) as Row | undefined;
      if (existing) return toRequest(existing);
      const at = new Date().toISOString();
      const id = randomUUID();
      this.q.insert.run(id, meetingId, userId, name, agendaItemId, at, at);
      this.audit.append(meetingId, 'speaker.requested', { requestId: id, userId, agendaItemId }, at);
      return toRequest(this.q.one.get(meetingId, id) as Row);
    });
    await this.publish(meetingId);
    return out;
  }

  async withdraw(meetingId: string, requestId: string, userId: string): Promise<SpeakerRequest> {
    const r = this.find(meetingId, requestId);
    if (r.user_id !== userId) throw new ApiError('forbidden', 'Only the person who asked to speak can withdraw the request.');
    if (r.status !== 'waiting') throw new ApiError('conflict', r.status === 'speaking' ? 'You have the floor; the chair ends it.' : 'This request is no longer waiting.');
    return this.move(meetingId, r, 'withdrawn', userId);
  }

  /** Gives the floor; whoever had it before is done. */
  async grant(meetingId: string, requestId: string, by: string): Promise<SpeakerRequest> {
    const r = this.find(meetingId, requestId);
    if (r.status !== 'waiting') throw new ApiError('conflict', 'Only a waiting request can be given the floor.');
    // In the same transaction as the handover: never two people with the floor.
    return this.move(meetingId, r, 'speaking', by, () => {
      for (const s of this.q.speaking.all(meetingId) as Row[]) {
        this.q.setStatus.run('done', new Date().toISOString(), s.id);
        this.audit.append(meetingId, 'speaker.done', { requestId: s.id, by });
      }
    });
  }

  async finish(meetingId: string, requestId: string, by: string): Promise<SpeakerRequest> {
    const r = this.find(meetingId, requestId);
    if (r.status !== 'speaking' && r.status !== 'waiting') throw new ApiError('conflict', 'This request is already done.');
    return this.move(meetingId, r, 'done', by);
  }

  /** live/<id> from the database: on start, and after every change. */
  async publish(meetingId: string): Promise<void> {
    const active = (this.q.active.all(meetingId) as Row[]).map(toRequest);
    await this.rooms.transact(`live/${meetingId}`, (doc) => {
      const map = liveDoc.speakers(doc);
      const ids = new Set(active.map((r) => r.id));
      for (const id of [...map.keys()]) if (!ids.has(id)) map.delete(id);
      for (const r of active) {
        const json = JSON.stringify(r);
        if (map.get(r.id) !== json) map.set(r.id, json);
      }
    });
  }

  private find(meetingId: string, requestId: string): Row {
    const r = this.q.one.get(meetingId, requestId) as Row | undefined;
    if (!r) throw new ApiError('not_found', 'There is no such request to speak in this meeting.');
    return r;
  }

  private async move(meetingId: string, r: Row, status: SpeakerRequest['status'], by: string, first?: () => void): Promise<SpeakerRequest> {
    durable(this.db, () => {
      first?.();
      this.q.setStatus.run(status, new Date().toISOString(), r.id);
      this.audit.append(meetingId, `speaker.${status}`, { requestId: r.id, by });
    });
    await this.publish(meetingId);
    return { ...toRequest(r), status };
  }
}
