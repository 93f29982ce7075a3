/**
 * Requests to speak ("đăng ký phát biểu"). A participant asks (to speak, to reply to the one
 * speaking, or on a point of order); whoever runs the meeting orders the list, gives the
 * floor (to a person or to a remote site as a whole), times the speech (pause, resume, add
 * time) and ends it; the person may withdraw while waiting. The database keeps every
 * request with its speech's times (the minutes read them), and every step is in the audit
 * chain; `live/<id>` holds those waiting or speaking, so every device shows the same list
 * and draws the countdown itself from the server's instants.
 *
 * Behind the records seam (server/records/sql.ts): every change is one transaction that
 * holds the meeting's lock, so on PostgreSQL two nodes giving the floor at once are in line,
 * and the partial unique index speaker_requests_one_floor refuses a second speaker anyway.
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
import { all, one, run, values, type RecordsDb, type Sql } from '../records/sql';

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
  constructor(
    private readonly rdb: RecordsDb,
    private readonly docs: SyncedDocs,
    private readonly audit: AuditLog,
  ) {}

  /** Meetings with any request (reconciled on start). */
  async meetings(): Promise<string[]> {
    return this.rdb.read(() => values<string>('SELECT DISTINCT meeting_id FROM speaker_requests'));
  }

  /**
   * Asking twice gives back the request already in the list. A reply answers the one
   * speaking now (there must be one, and not oneself); a point of order goes to the top.
   */
  async request(meetingId: string, userId: string, name: string, agendaItemId: string | null, kind: RequestKind = 'speak', site: SpeakerSite = { siteId: null, siteName: null, remote: false }): Promise<SpeakerRequest> {
    const self = this;
    const out = await this.rdb.transaction([meetingId], function* () {
      const existing = yield* one<Row>("SELECT * FROM speaker_requests WHERE meeting_id = ? AND user_id = ? AND status IN ('waiting', 'speaking')", meetingId, userId);
      if (existing) return toRequest(existing);
      let replyTo: string | null = null;
      if (kind === 'reply') {
        const speaking = yield* one<Row>("SELECT * FROM speaker_requests WHERE meeting_id = ? AND status = 'speaking'", meetingId);
        if (!speaking) throw new ApiError('conflict', 'Nobody has the floor: there is no one to reply to. Ask to speak instead.');
        if (speaking.user_id === userId) throw new ApiError('conflict', 'You have the floor; you cannot reply to yourself.');
        replyTo = speaking.id;
      }
      return yield* self.insert(meetingId, userId, name, agendaItemId, kind, replyTo, site, { userId });
    });
    await this.publish(meetingId);
    return out;
  }

  /** The chair gives a site its place in the list, with nobody named (the site chooses who). */
  async requestForSite(meetingId: string, site: SpeakerSite & { siteId: string; siteName: string }, agendaItemId: string | null, by: string): Promise<SpeakerRequest> {
    const self = this;
    const out = await this.rdb.transaction([meetingId], function* () {
      const existing = yield* one<Row>("SELECT * FROM speaker_requests WHERE meeting_id = ? AND user_id = '' AND site_id = ? AND status IN ('waiting', 'speaking')", meetingId, site.siteId);
      if (existing) return toRequest(existing);
      return yield* self.insert(meetingId, siteUser, site.siteName, agendaItemId, 'speak', null, site, { by, siteId: site.siteId });
    });
    await this.publish(meetingId);
    return out;
  }

  async withdraw(meetingId: string, requestId: string, userId: string, runs = false): Promise<SpeakerRequest> {
    return this.move(meetingId, requestId, 'withdrawn', userId, (r) => {
      // Whoever runs the meeting may take a site's place (or anyone's) off the list.
      if (r.user_id !== userId && !runs) throw new ApiError('forbidden', 'Only the person who asked to speak can withdraw the request.');
      if (r.status !== 'waiting') throw new ApiError('conflict', r.status === 'speaking' ? 'You have the floor; the chair ends it.' : 'This request is no longer waiting.');
    });
  }

  /**
   * Gives the floor; whoever had it before is done. The speech is on the item under
   * discussion now (`itemId`, else the one it was asked on), with that item's limit.
   */
  async grant(meetingId: string, requestId: string, by: string, itemId: string | null = null): Promise<SpeakerRequest> {
    // The item's limit is in the meeting doc, read before the transaction (and so the checks
    // below run again inside it: the request may have moved meanwhile).
    const before = await this.rdb.read(() => this.find(meetingId, requestId));
    const onItem = itemId ?? before.agenda_item_id;
    const limitMin = onItem ? await this.docs.read(`meeting/${meetingId}`, (doc) => speakingMinutes(getAgendaItem(doc, onItem)?.get('speakingLimitMin'))) : null;
    const at = new Date().toISOString();
    const self = this;
    // In the same transaction as the handover, and before it: never two people with the
    // floor (on PostgreSQL the index speaker_requests_one_floor would refuse the new one).
    return this.move(meetingId, requestId, 'speaking', by, function* (r) {
      if (r.status !== 'waiting') throw new ApiError('conflict', 'Only a waiting request can be given the floor.');
      for (const s of yield* all<Row>("SELECT * FROM speaker_requests WHERE meeting_id = ? AND status = 'speaking'", meetingId)) {
        yield* self.writeTimes(s.id, endSpeech(timesOf(s), at), at);
        yield* run('UPDATE speaker_requests SET status = ?, updated_at = ? WHERE id = ?', 'done', at, s.id);
        yield* self.audit.append(meetingId, 'speaker.done', { requestId: s.id, by, endedAt: at });
      }
      if (onItem !== r.agenda_item_id) yield* run('UPDATE speaker_requests SET agenda_item_id = ? WHERE id = ?', onItem, r.id);
      yield* self.writeTimes(r.id, { startedAt: at, endedAt: null, pausedAt: null, pausedMs: 0, limitSec: limitMin === null ? null : limitMin * 60, addedSec: 0 }, at);
    });
  }

  async finish(meetingId: string, requestId: string, by: string): Promise<SpeakerRequest> {
    const at = new Date().toISOString();
    const self = this;
    return this.move(meetingId, requestId, 'done', by, function* (r) {
      if (r.status !== 'speaking' && r.status !== 'waiting') throw new ApiError('conflict', 'This request is already done.');
      if (r.status === 'speaking') yield* self.writeTimes(r.id, endSpeech(timesOf(r), at), at);
    });
  }

  /** Pause, resume or add time to the speech under way. */
  async time(meetingId: string, requestId: string, by: string, action: TimerAction): Promise<SpeakerRequest> {
    const at = new Date().toISOString();
    const self = this;
    const out = await this.rdb.transaction([meetingId], function* () {
      const r = yield* self.find(meetingId, requestId);
      if (r.status !== 'speaking') throw new ApiError('conflict', 'Only the speech under way can be timed.');
      const next = applyTimerAction(timesOf(r), action, at);
      if (!next.ok) throw new ApiError('conflict', next.message);
      yield* self.writeTimes(r.id, next.times, at);
      yield* self.audit.append(meetingId, `speaker.${action.kind === 'add' ? 'time_added' : action.kind === 'pause' ? 'paused' : 'resumed'}`, {
        requestId: r.id,
        by,
        ...(action.kind === 'add' ? { seconds: action.seconds } : {}),
      }, at);
      return toRequest(yield* self.find(meetingId, requestId));
    });
    await this.publish(meetingId);
    return out;
  }

  /** The chair's order of the waiting list (points of order stay on top whatever the order). */
  async reorder(meetingId: string, order: readonly string[], by: string): Promise<SpeakerRequest[]> {
    const at = new Date().toISOString();
    const self = this;
    const out = await this.rdb.transaction([meetingId], function* () {
      const waiting = (yield* self.active(meetingId)).filter((r) => r.status === 'waiting').map((r) => r.id);
      const wrong = checkNewOrder(waiting, order);
      if (wrong) throw new ApiError('invalid_input', `The field "order" is not valid: ${wrong}`);
      for (const [i, id] of order.entries()) yield* run('UPDATE speaker_requests SET position = ?, updated_at = ? WHERE id = ?', i + 1, at, id);
      yield* self.audit.append(meetingId, 'speaker.reordered', { by, order: [...order] }, at);
      return queueOrder((yield* self.active(meetingId)).map(toRequest));
    });
    await this.publish(meetingId);
    return out;
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
  async list(meetingId: string): Promise<SpeakerRequest[]> {
    return queueOrder((await this.rdb.read(() => this.active(meetingId))).map(toRequest));
  }

  /** live/<id> from the database: on start, and after every change. */
  async publish(meetingId: string): Promise<void> {
    const self = this;
    const { active, spoken } = await this.rdb.read(function* () {
      return {
        active: queueOrder((yield* self.active(meetingId)).map(toRequest)),
        spoken: yield* all<Row>("SELECT * FROM speaker_requests WHERE meeting_id = ? AND status = 'done' AND started_at IS NOT NULL AND agenda_item_id IS NOT NULL", meetingId),
      };
    });
    const perItem = new Map<string, number>();
    for (const r of spoken) perItem.set(r.agenda_item_id!, (perItem.get(r.agenda_item_id!) ?? 0) + spokenMs(timesOf(r), Date.now()));
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

  private *active(meetingId: string): Sql<Row[]> {
    // rowid: two requests in the same millisecond keep the order they came in on either store.
    return yield* all<Row>("SELECT * FROM speaker_requests WHERE meeting_id = ? AND status IN ('waiting', 'speaking') ORDER BY requested_at, rowid", meetingId);
  }

  private *insert(meetingId: string, userId: string, name: string, agendaItemId: string | null, kind: RequestKind, replyTo: string | null, site: SpeakerSite, audit: Record<string, unknown>): Sql<SpeakerRequest> {
    const at = new Date().toISOString();
    const id = randomUUID();
    yield* run(
      `INSERT INTO speaker_requests (id, meeting_id, user_id, name, agenda_item_id, requested_at, status, updated_at, kind, reply_to, site_id, site_name, remote)
       VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?, ?)`,
      id, meetingId, userId, name, agendaItemId, at, at, kind, replyTo, site.siteId, site.siteName, site.remote ? 1 : 0,
    );
    yield* this.audit.append(meetingId, 'speaker.requested', { requestId: id, ...audit, agendaItemId, kind, siteId: site.siteId }, at);
    return toRequest((yield* this.find(meetingId, id)));
  }

  private *writeTimes(id: string, t: SpeechTimes, at: string): Sql<void> {
    yield* run('UPDATE speaker_requests SET started_at = ?, ended_at = ?, paused_at = ?, paused_ms = ?, limit_sec = ?, added_sec = ?, updated_at = ? WHERE id = ?', t.startedAt, t.endedAt, t.pausedAt, t.pausedMs, t.limitSec, t.addedSec, at, id);
  }

  private *find(meetingId: string, requestId: string): Sql<Row> {
    const r = yield* one<Row>('SELECT * FROM speaker_requests WHERE meeting_id = ? AND id = ?', meetingId, requestId);
    if (!r) throw new ApiError('not_found', 'There is no such request to speak in this meeting.');
    return r;
  }

  /**
   * One step of a request, in one transaction under the meeting's lock: the request is read
   * inside it (a step checked against a row read before could race another node's), `first`
   * checks and does what goes with the step, then the status and its audit entry.
   */
  private async move(meetingId: string, requestId: string, status: SpeakerRequest['status'], by: string, first: (r: Row) => Sql<void> | void): Promise<SpeakerRequest> {
    const self = this;
    const out = await this.rdb.transaction([meetingId], function* () {
      const r = yield* self.find(meetingId, requestId);
      const g = first(r);
      if (g) yield* g;
      yield* run('UPDATE speaker_requests SET status = ?, updated_at = ? WHERE id = ?', status, new Date().toISOString(), r.id);
      yield* self.audit.append(meetingId, `speaker.${status}`, { requestId: r.id, by });
      return toRequest(yield* self.find(meetingId, r.id));
    });
    await this.publish(meetingId);
    return out;
  }
}
