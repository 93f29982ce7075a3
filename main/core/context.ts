/**
 * Everything the core's handlers share: the device's store, the signed-in session, the
 * meetings open on this device, and the rules for when the server refuses us.
 */
import { ApiError } from '../../shared/errors';
import type { SyncStatus } from '../../shared/contract';
import type { MeetingSummary } from '../../shared/api/meetings';
import type { LocalDb } from './db';
import { EventHub } from './events';
import { ServerClient } from './server-client';
import { SessionStore, publicSession, type StoredSession } from './session';
import { MeetingCache } from './meeting-cache';
import { YDocStore } from './ydoc-store';
import { OpenMeeting } from './open-meeting';
import { canEditMeeting, type MeetingRole } from '../../shared/roles';
import type { MeetingContent } from '../../shared/ydoc/meeting';
import { diffSince, snapshotOf } from './changes';
import { Connectivity } from './connectivity';
import { SeenStore } from './changes';

/** Meetings whose pack the device keeps fresh in the background, newest first. */
const backgroundLimit = 10;
import { BlobCache } from './blob-cache';
import { TextIndex } from './text-index';
import { PackManager } from './pack';
import { AnnotationStore, annotationRecord, type Owner } from './annotations';
import { readAnnotationsVersion, readAuditHead } from '../../shared/ydoc/live';
import type { Annotation } from '../../shared/contract';
import { ReceiptKeys } from './receipt-keys';
import { AuditHeads } from './audit-heads';
import { Outbox } from './outbox';
import { DraftStore } from './drafts';
import { Lifetime } from './lifetime';
import { fullJitter } from '../../shared/backoff';
import type { CoreOptions } from './types';
import type { AtRestKeys } from './at-rest';
import { OfflineLease } from './lease';
import { SealedPageIndex } from './sealed-index';
import { ServerClock } from './server-clock';

export type Log = NonNullable<CoreOptions['log']>;

export class CoreContext {
  readonly hub = new EventHub();
  /** Background work and timers that closing the core waits for (see lifetime.ts). */
  readonly life = new Lifetime();
  readonly sessions: SessionStore;
  readonly cache: MeetingCache;
  readonly ydocs: YDocStore;
  readonly seen: SeenStore;
  readonly open = new Map<string, OpenMeeting>();
  readonly connectivity: Connectivity;
  readonly blobs: BlobCache;
  readonly index: TextIndex;
  readonly pack: PackManager;
  readonly annotations: AnnotationStore;
  readonly outbox: Outbox;
  readonly drafts: DraftStore;
  readonly receiptKeys: ReceiptKeys;
  readonly auditHeads: AuditHeads;
  /** When this device last reached the server, for confidential meetings' offline lease. */
  readonly lease: OfflineLease;
  /** The server's time as this device estimates it from the replies (countdowns use it). */
  readonly serverClock: ServerClock;
  session: StoredSession | null;
  /** The server said this device was marked lost (code device_lost): wipe it (set in index.ts, see wipe.ts). */
  onDeviceLost: ((s: StoredSession) => void) | null = null;
  private lastAuthCheck = 0;
  private listFetches = 0;
  private listApplied = 0;
  private localMeetingSeq = 0;
  /** Meetings this device created or changed, until a list fetched after the change confirms them. */
  private readonly localMeetings = new Map<string, { seq: number; summary: MeetingSummary }>();

  constructor(
    readonly db: LocalDb,
    readonly opts: CoreOptions,
    readonly log: Log,
    /** Keys sealing what a lost device must not give away (at-rest.ts). */
    readonly keys: AtRestKeys,
  ) {
    this.lease = new OfflineLease(db, opts.now ?? Date.now);
    this.serverClock = new ServerClock(opts.now ?? Date.now, undefined, () => this.hub.emit('sync.status', this.syncStatus()));
    this.sessions = new SessionStore(db, keys.session);
    this.cache = new MeetingCache(db);
    this.ydocs = new YDocStore(db);
    this.seen = new SeenStore(db);
    this.session = this.sessions.get();
    this.blobs = new BlobCache(db, opts.dataDir, keys.blobs);
    this.index = new TextIndex(db, {}, new SealedPageIndex(db, keys.index));
    this.annotations = new AnnotationStore(db, keys.records);
    this.pack = new PackManager({
      cache: this.blobs,
      index: this.index,
      credentials: () => (this.session ? { serverUrl: this.session.serverUrl, token: this.session.token } : null),
      emit: (status) => this.hub.emit('pack.progress', status),
      onIndexed: () => this.carryOverAnnotations(),
      life: this.life,
      log,
    });
    this.drafts = new DraftStore(db, keys.records);
    this.receiptKeys = new ReceiptKeys(db, log);
    this.auditHeads = new AuditHeads(db);
    this.outbox = new Outbox(db, this.life, {
      owner: () => (this.session ? { serverUrl: this.session.serverUrl, userId: this.session.user.id } : null),
      send: (meetingId, records) => this.withServer((c, token) => c.submitRecords(token, meetingId, records)).then((r) => r.receipts),
      verifier: async (owner) => {
        // A session from before receipts were signed has no pinned key yet: fetch it once.
        if (!this.receiptKeys.has(owner.serverUrl)) {
          const got = await this.client(owner.serverUrl).receiptKey().catch(() => null);
          if (!got) return null;
          this.receiptKeys.pin(owner.serverUrl, got.publicKey);
        }
        return (meetingId, kind, rc) => {
          const fields = { meetingId, userId: owner.userId, kind, key: rc.key, receivedAt: rc.receivedAt, auditHead: rc.auditHead, auditLength: rc.auditLength };
          if (!this.receiptKeys.verify(owner.serverUrl, fields, rc.signature)) return false;
          // Issue 18: the chain's head the receipt names, kept for `audit verify`.
          if (rc.auditHead && rc.auditLength) {
            try {
              this.auditHeads.keepFromReceipt(owner.serverUrl, meetingId, { hash: rc.auditHead, length: rc.auditLength });
            } catch (err) {
              // The receipt stands whether or not its head could be kept.
              this.log('warn', 'could not keep the audit head of a receipt', { meetingId, error: err instanceof Error ? err.message : String(err) });
            }
          }
          return true;
        };
      },
      payloadKey: keys.records,
      onChange: (meetingId) => {
        this.dropFinalisedDrafts(meetingId);
        this.followSharedAnnotations(meetingId);
        this.open.get(meetingId)?.refresh();
      },
      log,
    });
    this.connectivity = new Connectivity({
      ping: () => (this.session ? this.client(this.session.serverUrl).health() : Promise.resolve(false)),
      onChange: (state) => {
        this.hub.emit('sync.status', this.syncStatus());
        if (state === 'online') {
          this.pack.wake();
          this.outbox.kick();
        }
      },
      onReconnected: () => this.life.spawn(() => this.refreshMeetings(), () => undefined),
    });
  }

  /** A draft has done its job once the server has receipted the conclusion made from it. */
  private dropFinalisedDrafts(meetingId: string): void {
    const s = this.session;
    if (!s) return;
    const owner = { serverUrl: s.serverUrl, userId: s.user.id };
    for (const r of this.outbox.list(owner, meetingId, 'conclusion')) {
      if (r.state === 'sent') this.drafts.remove(owner, meetingId, (r.payload as { agendaItemId: string }).agendaItemId);
    }
  }

  /** Shared annotations show the state of the record last sent for them (sent, refused…). */
  private followSharedAnnotations(meetingId: string): void {
    const s = this.session;
    if (!s) return;
    const owner = { serverUrl: s.serverUrl, userId: s.user.id, displayName: s.user.displayName };
    for (const documentId of this.annotations.followOutbox(owner, meetingId)) this.hub.emit('annotations.changed', { meetingId, documentId });
  }

  /**
   * Tells the meeting what a shared annotation is now through the outbox, or (deleted)
   * that it is withdrawn: deleted, or made private. Returns the annotation as stored.
   */
  shareAnnotation(owner: Owner, a: Annotation, deleted: boolean): Annotation {
    const record = annotationRecord(a, deleted);
    this.annotations.sentAs(owner, a.id, record.key);
    this.outbox.enqueue(owner, a.meetingId, [record]);
    const fresh = this.annotations.get(owner, a.id);
    // Made private: the withdrawal is on its way, and the note is this device's only again.
    return fresh ?? a;
  }

  /** Per meeting: a fetch of others' shared annotations is running (and whether to fetch again after). */
  private readonly othersFetch = new Map<string, { again: boolean }>();
  private readonly othersRetry = new Map<string, NodeJS.Timeout>();
  /** Per meeting: failed fetches in a row, for the backoff before the next one. */
  private readonly othersFailures = new Map<string, number>();

  /** A client for the server whose calls end when the core closes. */
  client(serverUrl: string, timeoutMs?: number): ServerClient {
    return new ServerClient(serverUrl, timeoutMs, this.life.signal, this.serverClock);
  }

  /** The signed audit head in `live/<id>`, kept when the server's receipt key verifies it (issue 18). */
  private keepLiveAuditHead(meetingId: string, serverUrl: string): void {
    const m = this.open.get(meetingId);
    const head = m ? readAuditHead(m.live.doc) : null;
    if (!head) return;
    try {
      this.auditHeads.keepFromLive(serverUrl, meetingId, head, this.receiptKeys.publicKey(serverUrl));
    } catch (err) {
      // Keeping a head is a bonus for a later check; it must never stop the view.
      this.log('warn', 'could not keep the audit head', { meetingId, error: err instanceof Error ? err.message : String(err) });
    }
  }

  /**
   * When the meeting's annotations version in `live/<id>` differs from the one this device
   * last fetched, fetches what changed since and keeps it, readable offline.
   */
  syncOthersAnnotations(meetingId: string): void {
    const s = this.session;
    const m = this.open.get(meetingId);
    if (!s || !m) return;
    const owner = { serverUrl: s.serverUrl, userId: s.user.id, displayName: s.user.displayName };
    const live = readAnnotationsVersion(m.live.doc);
    const have = this.annotations.othersVersion(owner, meetingId);
    if (have === live || (have === null && live === 0)) return;
    const running = this.othersFetch.get(meetingId);
    if (running) {
      running.again = true;
      return;
    }
    if (this.life.closed) return;
    const state = { again: false };
    this.othersFetch.set(meetingId, state);
    // A device ahead of the server (a server restored from a backup) starts over.
    const full = have === null || have > live;
    this.life.spawn(
      async () => {
        try {
          const got = await this.withServer((c, token) => c.sharedAnnotations(token, meetingId, full ? null : have));
          if (this.session !== s || this.life.closed) return;
          this.othersFailures.delete(meetingId);
          for (const documentId of this.annotations.applyOthers(owner, meetingId, got, full)) this.hub.emit('annotations.changed', { meetingId, documentId });
        } catch (err) {
          if (this.session !== s || !this.open.has(meetingId) || this.life.closed) return;
          if (!(err instanceof ApiError && err.code === 'offline')) this.log('warn', 'shared annotations could not be fetched', { meetingId, error: err instanceof Error ? err.message : String(err) });
          if (!this.othersRetry.has(meetingId)) {
            const failures = (this.othersFailures.get(meetingId) ?? 0) + 1;
            this.othersFailures.set(meetingId, failures);
            const t = this.life.setTimeout(() => {
              this.othersRetry.delete(meetingId);
              this.syncOthersAnnotations(meetingId);
            }, fullJitter(failures, 2_000, 60_000));
            if (t) this.othersRetry.set(meetingId, t);
          }
        } finally {
          this.othersFetch.delete(meetingId);
          if (state.again && !this.life.closed) this.syncOthersAnnotations(meetingId);
        }
      },
      (err) => this.log('error', 'shared annotations fetch failed', err),
    );
  }

  owner(): Owner {
    const s = this.requireSession();
    return { serverUrl: s.serverUrl, userId: s.user.id, displayName: s.user.displayName };
  }

  /** Annotations follow their document to its newest version once that version is searchable. */
  carryOverAnnotations(): void {
    const s = this.session;
    if (!s) return;
    const owner = { serverUrl: s.serverUrl, userId: s.user.id, displayName: s.user.displayName };
    for (const [meetingId, m] of this.open) {
      const changed = this.annotations.carryOver(owner, meetingId, m.view().content.documents, this.index, (a) => this.shareAnnotation(owner, a, false));
      for (const documentId of changed) this.hub.emit('annotations.changed', { meetingId, documentId });
    }
  }

  syncStatus(): SyncStatus {
    return { ...this.connectivity.current, serverUrl: this.session?.serverUrl ?? null, clockOffsetMs: this.serverClock.offsetMs() };
  }

  emitSession(): void {
    this.hub.emit('session.changed', publicSession(this.session));
  }

  requireSession(): StoredSession {
    if (!this.session) throw new ApiError('unauthorized', 'Sign in first.');
    return this.session;
  }

  requireOpen(meetingId: string): OpenMeeting {
    this.requireSession();
    const m = this.open.get(meetingId);
    if (!m) throw new ApiError('not_found', 'Open the meeting first.');
    return m;
  }

  requireEditor(meetingId: string): OpenMeeting {
    const m = this.requireOpen(meetingId);
    if (!canEditMeeting(m.role)) {
      throw new ApiError('forbidden', 'Only the secretariat can change what is prepared for this meeting.');
    }
    return m;
  }

  closeAllMeetings(): void {
    for (const t of this.othersRetry.values()) this.life.clearTimeout(t);
    this.othersRetry.clear();
    this.pack.untrackAll();
    for (const m of this.open.values()) m.close();
    this.open.clear();
  }

  /** Signed out on this device, its data kept: meetings closed, the session forgotten, the UI told. */
  signOutHere(): void {
    this.closeAllMeetings();
    this.session = null;
    this.sessions.clear();
    this.connectivity.stop();
    this.emitSession();
  }

  /** The server refused our token: forget it so the UI asks the person to sign in again. */
  dropSession(reason: string): void {
    this.log('warn', `session dropped: ${reason}`);
    for (const m of this.open.values()) m.disconnect();
    this.session = null;
    this.sessions.clear();
    this.pack.untrackAll();
    this.connectivity.stop();
    this.emitSession();
    this.hub.emit('sync.status', this.syncStatus());
  }

  /**
   * Runs a server call with the session's token; a refused token signs the person out
   * (their local data stays), everything else is passed on as it came.
   */
  async withServer<T>(fn: (client: ServerClient, token: string) => Promise<T>): Promise<T> {
    const s = this.requireSession();
    try {
      const result = await fn(this.client(s.serverUrl), s.token);
      if (this.session === s) this.lease.reached(s.serverUrl, s.user.id);
      return result;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'unauthorized' && this.session === s) this.dropSession('token refused by server');
      if (err instanceof ApiError && err.code === 'device_lost' && this.session === s) this.onDeviceLost?.(s);
      throw err;
    }
  }

  /** A sync socket failed: if the server says our token is no longer good, sign out. */
  async checkAuthAfterSocketError(): Promise<void> {
    const s = this.session;
    if (!s || Date.now() - this.lastAuthCheck < 10_000) return;
    this.lastAuthCheck = Date.now();
    await this.withServer((c, token) => c.session(token)).catch(() => undefined);
  }

  cachedMeetings(): MeetingSummary[] | null {
    const s = this.session;
    return s ? this.cache.get(s.serverUrl, s.user.id) : null;
  }

  async refreshMeetings(): Promise<{ meetings: MeetingSummary[]; fromCache: boolean }> {
    const s = this.requireSession();
    // A list fetched while this device created or published a meeting can be older than what
    // the device already knows: such a late answer must not take the new meeting away again.
    const fetchNo = ++this.listFetches;
    const startedAt = this.localMeetingSeq;
    try {
      const fetched = (await this.withServer((c, token) => c.meetings(token))).meetings;
      if (fetchNo < this.listApplied || this.session !== s) return { meetings: this.cachedMeetings() ?? fetched, fromCache: false };
      this.listApplied = fetchNo;
      const newer = [...this.localMeetings.values()].filter((l) => l.seq > startedAt);
      for (const [id, l] of this.localMeetings) if (l.seq <= startedAt) this.localMeetings.delete(id);
      const meetings = fetched.filter((m) => !newer.some((l) => l.summary.id === m.id)).concat(newer.map((l) => l.summary));
      this.cache.put(s.serverUrl, s.user.id, meetings);
      for (const m of meetings) {
        const om = this.open.get(m.id);
        if (om && om.role !== m.role) {
          om.role = m.role;
          om.refresh();
        }
      }
      const result = { meetings, fromCache: false };
      this.hub.emit('meetings.changed', result);
      this.keepPacksFresh(meetings);
      return result;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'offline') return { meetings: this.cachedMeetings() ?? [], fromCache: true };
      throw err;
    }
  }

  /** Opens a meeting's replicas (once) for a window, or in the background for its pack. */
  openMeeting(summary: MeetingSummary, background: boolean): OpenMeeting {
    const s = this.requireSession();
    const existing = this.open.get(summary.id);
    if (existing) {
      if (background) existing.background = true;
      else existing.refs++;
      return existing;
    }
    const meetingId = summary.id;
    const m = new OpenMeeting({
      meetingId,
      role: summary.role,
      serverUrl: s.serverUrl,
      token: s.token,
      store: this.ydocs,
      onView: (view) => {
        this.hub.emit('meeting.changed', view);
        this.pack.track(meetingId, view.content.documents, view.content.meta.confidentiality === 'confidential');
        this.carryOverAnnotations();
        this.syncOthersAnnotations(meetingId);
        this.keepLiveAuditHead(meetingId, s.serverUrl);
      },
      onStatus: (from, to) => {
        if (to === 'connected') {
          this.connectivity.socketDelta(1);
          // The server let this person's socket in: that renews the offline lease.
          if (this.session === s) this.lease.reached(s.serverUrl, s.user.id);
        }
        else if (from === 'connected') this.connectivity.socketDelta(-1);
      },
      onConnectionError: () => void this.checkAuthAfterSocketError(),
      changesFor: (content, synced, role) => this.changesFor(meetingId, content, synced, role),
      personal: () => ({
        me: s.user.id,
        records: this.outbox.list({ serverUrl: s.serverUrl, userId: s.user.id }, meetingId),
        drafts: this.drafts.list({ serverUrl: s.serverUrl, userId: s.user.id }, meetingId),
      }),
    });
    m.refs = background ? 0 : 1;
    m.background = background;
    this.open.set(meetingId, m);
    m.connect(s.token);
    const content = m.view().content;
    this.pack.track(meetingId, content.documents, content.meta.confidentiality === 'confidential');
    return m;
  }

  /** A window closed the meeting: keep it only if the device still needs its pack. */
  releaseMeeting(meetingId: string): void {
    const m = this.open.get(meetingId);
    if (!m) return;
    m.refs = Math.max(0, m.refs - 1);
    if (m.refs === 0 && !m.background) {
      m.close();
      this.open.delete(meetingId);
    }
  }

  /** Every meeting the person can read gets its pack downloaded, opened or not. */
  keepPacksFresh(meetings: MeetingSummary[]): void {
    const readable = meetings
      .filter((m) => m.status !== 'draft' || canEditMeeting(m.role))
      .sort((a, b) => (b.startsAt ?? '').localeCompare(a.startsAt ?? ''))
      .slice(0, backgroundLimit);
    for (const m of readable) this.openMeeting(m, true);
  }

  /** Delegates are told what changed in a published meeting since they last acknowledged it. */
  private changesFor(meetingId: string, content: MeetingContent, synced: boolean, role: MeetingRole) {
    const s = this.session;
    if (!s || canEditMeeting(role) || content.meta.status === 'draft' || !synced) return null;
    const seen = this.seen.get(s.serverUrl, s.user.id, meetingId);
    if (!seen) {
      // First look at this meeting: that is the baseline; nothing is "new" to this person yet.
      this.seen.put(s.serverUrl, s.user.id, meetingId, snapshotOf(content));
      return null;
    }
    return diffSince(seen.snapshot, content, seen.seenAt);
  }

  /** Keeps the cached list in step with a meeting the server just created or changed. */
  rememberMeeting(summary: MeetingSummary): void {
    const s = this.requireSession();
    this.localMeetings.set(summary.id, { seq: ++this.localMeetingSeq, summary });
    const list = (this.cachedMeetings() ?? []).filter((m) => m.id !== summary.id);
    list.push(summary);
    this.cache.put(s.serverUrl, s.user.id, list);
    this.hub.emit('meetings.changed', { meetings: list, fromCache: false });
  }
}
