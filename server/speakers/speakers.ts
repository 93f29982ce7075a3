/**
 * Requests to speak ("đăng ký phát biểu"). A participant asks (to speak, to reply to the one
 * speaking, or on a point of order); whoever runs the meeting orders the list, gives the
 * floor (to a person or to a remote site as a whole), times the speech (pause, resume, add
 * time) and ends it; the person may withdraw while waiting. The database keeps every
 * request with its speech's times (the minutes read them), and every step is in the audit
 * chain; `live/<id>` holds those waiting or speaking, so every device shows the same list
 * and draws the countdown itself from the server's instants.
 */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { ApiError } from '../../shared/errors';
import { applyTimerAction, checkNewOrder, endSpeech, queueOrder, spokenMs, type RequestKind, type SpeechTimes, type TimerAction } from '../../shared/domain/speaking';
import { rightsAt, SiteRights } from '../../shared/domain/site-rights';
import { liveDoc, type SpeakerRequest } from '../../shared/ydoc/live';
import { getAgendaItem, meetingDoc, speakingMinutes } from '../../shared/ydoc/meeting';
import type { SyncedDocs } from '../sync/synced-docs';
import type { AuditLog } from '../audit/audit';
import { durable, type Db } from '../records/db';

interface Row {
  id: string;
  user_id: string;
  name: string;
  agenda_item_id: string | null;
  requested_at: string;
  status: SpeakerRequest['status'];
  kind: RequestKind;
  reply_to: string | null;
  site_id: string | null;
  site_name: string | null;
  remote: number;
  position: number | null;
  started_at: string | null;
  ended_at: string | null;
  paused_at: string | null;
  paused_ms: number;
  limit_sec: number | null;
  added_sec: number;
}

/** Where a request comes from: the person's site (or the site given the floor). */
export interface SpeakerSite {
  siteId: string | null;
  siteName: string | null;
  remote: boolean;
}

/** A site given the floor as a whole has no person: its row's user_id is ''. */
const siteUser = '';

function siteOf(doc: Y.Doc, siteId: string): (SpeakerSite & { siteId: string; siteName: string }) | null {
  const s = meetingDoc.sites(doc).get(siteId);
  if (!(s instanceof Y.Map)) return null;
  return { siteId, siteName: typeof s.get('name') === 'string' ? (s.get('name') as string) : siteId, remote: s.get('kind') !== 'main' };
}

const timesOf = (r: Row): SpeechTimes => ({ startedAt: r.started_at, endedAt: r.ended_at, pausedAt: r.paused_at, pausedMs: r.paused_ms, limitSec: r.limit_sec, addedSec: r.added_sec });

const toRequest = (r: Row): SpeakerRequest => ({
  id: r.id,
  userId: r.user_id === siteUser ? null : r.user_id,
  name: r.name,
  agendaItemId: r.agenda_item_id,
  requestedAt: r.requested_at,
  status: r.status,
  kind: r.kind,
  replyTo: r.reply_to,
  siteId: r.site_id,
  siteName: r.site_name,
  remote: r.remote === 1,
  position: r.position,
  ...timesOf(r),
});

export class SpeakerQueue {
  private readonly q;

  constructor(
    private readonly db: Db,
    private readonly docs: SyncedDocs,
    private readonly audit: AuditLog,
  ) {
    this.q = {
      active: db.prepare("SELECT * FROM speaker_requests WHERE meeting_id = ? AND status IN ('waiting', 'speaking') ORDER BY requested_at"),
      activeOf: db.prepare("SELECT * FROM speaker_requests WHERE meeting_id = ? AND user_id = ? AND status IN ('waiting', 'speaking')"),
      activeOfSite: db.prepare("SELECT * FROM speaker_requests WHERE meeting_id = ? AND user_id = '' AND site_id = ? AND status IN ('waiting', 'speaking')"),
      one: db.prepare('SELECT * FROM speaker_requests WHERE meeting_id = ? AND id = ?'),
      insert: db.prepare(
        `INSERT INTO speaker_requests (id, meeting_id, user_id, name, agenda_item_id, requested_at, status, updated_at, kind, reply_to, site_id, site_name, remote)
         VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?, ?)`,
      ),
      setStatus: db.prepare('UPDATE speaker_requests SET status = ?, updated_at = ? WHERE id = ?'),
      setTimes: db.prepare('UPDATE speaker_requests SET started_at = ?, ended_at = ?, paused_at = ?, paused_ms = ?, limit_sec = ?, added_sec = ?, updated_at = ? WHERE id = ?'),
      setItem: db.prepare('UPDATE speaker_requests SET agenda_item_id = ? WHERE id = ?'),
      setPosition: db.prepare('UPDATE speaker_requests SET position = ?, updated_at = ? WHERE id = ?'),
      speaking: db.prepare("SELECT * FROM speaker_requests WHERE meeting_id = ? AND status = 'speaking'"),
      spoken: db.prepare("SELECT * FROM speaker_requests WHERE meeting_id = ? AND status = 'done' AND started_at IS NOT NULL AND agenda_item_id IS NOT NULL"),
      meetings: db.prepare('SELECT DISTINCT meeting_id FROM speaker_requests'),
    };
  }

  meetings(): string[] {
    return (this.q.meetings.all() as { meeting_id: string }[]).map((r) => r.meeting_id);
  }

  /**
   * Asking twice gives back the request already in the list. A reply answers the one
   * speaking now (there must be one, and not oneself); a point of order goes to the top.
   */
  async request(meetingId: string, userId: string, name: string, agendaItemId: string | null, kind: RequestKind = 'speak', site: SpeakerSite = { siteId: null, siteName: null, remote: false }): Promise<SpeakerRequest> {
    const out = durable(this.db, () => {
      const existing = this.q.activeOf.get(meetingId, userId) as Row | undefined;
      if (existing) return toRequest(existing);
      let replyTo: string | null = null;
      if (kind === 'reply') {
        const speaking = this.q.speaking.get(meetingId) as Row | undefined;
        if (!speaking) throw new ApiError('conflict', 'Nobody has the floor: there is no one to reply to. Ask to speak instead.');
        if (speaking.user_id === userId) throw new ApiError('conflict', 'You have the floor; you cannot reply to yourself.');
        replyTo = speaking.id;
      }
      return this.insert(meetingId, userId, name, agendaItemId, kind, replyTo, site, { userId });
    });
    await this.publish(meetingId);
    return out;
  }

  /** The chair gives a site its place in the list, with nobody named (the site chooses who). */
  async requestForSite(meetingId: string, site: SpeakerSite & { siteId: string; siteName: string }, agendaItemId: string | null, by: string): Promise<SpeakerRequest> {
    const out = durable(this.db, () => {
      const existing = this.q.activeOfSite.get(meetingId, site.siteId) as Row | undefined;
      if (existing) return toRequest(existing);
      return this.insert(meetingId, siteUser, site.siteName, agendaItemId, 'speak', null, site, { by, siteId: site.siteId });
    });
    await this.publish(meetingId);
    return out;
  }

  async withdraw(meetingId: string, requestId: string, userId: string, runs = false): Promise<SpeakerRequest> {
    const r = this.find(meetingId, requestId);
    // Whoever runs the meeting may take a site's place (or anyone's) off the list.
    if (r.user_id !== userId && !runs) throw new ApiError('forbidden', 'Only the person who asked to speak can withdraw the request.');
    if (r.status !== 'waiting') throw new ApiError('conflict', r.status === 'speaking' ? 'You have the floor; the chair ends it.' : 'This request is no longer waiting.');
    return this.move(meetingId, r, 'withdrawn', userId);
  }

  /**
   * Gives the floor; whoever had it before is done. The speech is on the item under
   * discussion now (`itemId`, else the one it was asked on), with that item's limit.
   */
  async grant(meetingId: string, requestId: string, by: string, itemId: string | null = null): Promise<SpeakerRequest> {
    const r = this.find(meetingId, requestId);
    if (r.status !== 'waiting') throw new ApiError('conflict', 'Only a waiting request can be given the floor.');
    const onItem = itemId ?? r.agenda_item_id;
    const limitMin = onItem ? await this.docs.read(`meeting/${meetingId}`, (doc) => speakingMinutes(getAgendaItem(doc, onItem)?.get('speakingLimitMin'))) : null;
    const at = new Date().toISOString();
    // In the same transaction as the handover: never two people with the floor.
    return this.move(meetingId, r, 'speaking', by, () => {
      for (const s of this.q.speaking.all(meetingId) as Row[]) {
        this.writeTimes(s.id, endSpeech(timesOf(s), at), at);
        this.q.setStatus.run('done', at, s.id);
        this.audit.appendNow(meetingId, 'speaker.done', { requestId: s.id, by, endedAt: at });
      }
      if (onItem !== r.agenda_item_id) this.q.setItem.run(onItem, r.id);
      this.writeTimes(r.id, { startedAt: at, endedAt: null, pausedAt: null, pausedMs: 0, limitSec: limitMin === null ? null : limitMin * 60, addedSec: 0 }, at);
    });
  }

  async finish(meetingId: string, requestId: string, by: string): Promise<SpeakerRequest> {
    const r = this.find(meetingId, requestId);
    if (r.status !== 'speaking' && r.status !== 'waiting') throw new ApiError('conflict', 'This request is already done.');
    const at = new Date().toISOString();
    return this.move(meetingId, r, 'done', by, () => {
      if (r.status === 'speaking') this.writeTimes(r.id, endSpeech(timesOf(r), at), at);
    });
  }

  /** Pause, resume or add time to the speech under way. */
  async time(meetingId: string, requestId: string, by: string, action: TimerAction): Promise<SpeakerRequest> {
    const at = new Date().toISOString();
    durable(this.db, () => {
      const r = this.find(meetingId, requestId);
      if (r.status !== 'speaking') throw new ApiError('conflict', 'Only the speech under way can be timed.');
      const next = applyTimerAction(timesOf(r), action, at);
      if (!next.ok) throw new ApiError('conflict', next.message);
      this.writeTimes(r.id, next.times, at);
      this.audit.appendNow(meetingId, `speaker.${action.kind === 'add' ? 'time_added' : action.kind === 'pause' ? 'paused' : 'resumed'}`, {
        requestId: r.id,
        by,
        ...(action.kind === 'add' ? { seconds: action.seconds } : {}),
      }, at);
    });
    await this.publish(meetingId);
    return toRequest(this.find(meetingId, requestId));
  }

  /** The chair's order of the waiting list (points of order stay on top whatever the order). */
  async reorder(meetingId: string, order: readonly string[], by: string): Promise<SpeakerRequest[]> {
    const at = new Date().toISOString();
    durable(this.db, () => {
      const waiting = (this.q.active.all(meetingId) as Row[]).filter((r) => r.status === 'waiting').map((r) => r.id);
      const wrong = checkNewOrder(waiting, order);
      if (wrong) throw new ApiError('invalid_input', `The field "order" is not valid: ${wrong}`);
      order.forEach((id, i) => this.q.setPosition.run(i + 1, at, id));
      this.audit.appendNow(meetingId, 'speaker.reordered', { by, order: [...order] }, at);
    });
    await this.publish(meetingId);
    return this.list(meetingId);
  }

  /** The site a person speaks from, as the meeting doc says (none when not placed at a site). */
  async siteOfUser(meetingId: string, userId: string): Promise<SpeakerSite> {
    return this.docs.read(`meeting/${meetingId}`, (doc) => {
      const p = meetingDoc.participants(doc).get(userId);
      const siteId = p instanceof Y.Map && typeof p.get('siteId') === 'string' ? (p.get('siteId') as string) : null;
      return siteId ? (siteOf(doc, siteId) ?? { siteId: null, siteName: null, remote: false }) : { siteId: null, siteName: null, remote: false };
    });
  }

  /** Whether members at a site may speak in this meeting (issue 17: the secretariat's site rights). */
  async maySpeakAt(meetingId: string, siteId: string | null): Promise<boolean> {
    return this.docs.read(`meeting/${meetingId}`, (doc) => {
      const rights = SiteRights.safeParse(meetingDoc.meta(doc).get('siteRights'));
      if (!rights.success) return true;
      const kindOf = (id: string | null) => {
        const s = id === null ? undefined : meetingDoc.sites(doc).get(id);
        return s instanceof Y.Map ? (s.get('kind') === 'bridge' ? 'bridge' : 'main') : null;
      };
      return rightsAt(rights.data, siteId, kindOf).speak;
    });
  }

  /** A site of the meeting, or null when it has no such site. */
  async site(meetingId: string, siteId: string): Promise<(SpeakerSite & { siteId: string; siteName: string }) | null> {
    return this.docs.read(`meeting/${meetingId}`, (doc) => siteOf(doc, siteId));
  }

  /** Those waiting or speaking, in the order everyone sees. */
  list(meetingId: string): SpeakerRequest[] {
    return queueOrder((this.q.active.all(meetingId) as Row[]).map(toRequest));
  }

  /** live/<id> from the database: on start, and after every change. */
  async publish(meetingId: string): Promise<void> {
    const active = this.list(meetingId);
    const perItem = new Map<string, number>();
    for (const r of this.q.spoken.all(meetingId) as Row[]) perItem.set(r.agenda_item_id!, (perItem.get(r.agenda_item_id!) ?? 0) + spokenMs(timesOf(r), Date.now()));
    await this.docs.transact(`live/${meetingId}`, (doc) => {
      const map = liveDoc.speakers(doc);
      const ids = new Set(active.map((r) => r.id));
      for (const id of [...map.keys()]) if (!ids.has(id)) map.delete(id);
      for (const r of active) {
        const json = JSON.stringify(r);
        if (map.get(r.id) !== json) map.set(r.id, json);
      }
      const items = liveDoc.itemSpeaking(doc);
      for (const [itemId, ms] of perItem) if (items.get(itemId) !== ms) items.set(itemId, ms);
    });
  }

  private insert(meetingId: string, userId: string, name: string, agendaItemId: string | null, kind: RequestKind, replyTo: string | null, site: SpeakerSite, audit: Record<string, unknown>): SpeakerRequest {
    const at = new Date().toISOString();
    const id = randomUUID();
    this.q.insert.run(id, meetingId, userId, name, agendaItemId, at, at, kind, replyTo, site.siteId, site.siteName, site.remote ? 1 : 0);
    this.audit.appendNow(meetingId, 'speaker.requested', { requestId: id, ...audit, agendaItemId, kind, siteId: site.siteId }, at);
    return toRequest(this.q.one.get(meetingId, id) as Row);
  }

  private writeTimes(id: string, t: SpeechTimes, at: string): void {
    this.q.setTimes.run(t.startedAt, t.endedAt, t.pausedAt, t.pausedMs, t.limitSec, t.addedSec, at, id);
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
      this.audit.appendNow(meetingId, `speaker.${status}`, { requestId: r.id, by });
    });
    await this.publish(meetingId);
    return toRequest(this.find(meetingId, r.id));
  }
}
