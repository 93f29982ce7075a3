/**
 * The room on the server: records, check-in window, polls, audit. Owns the live flusher
 * and the auto-close timers; the HTTP routes stay thin and call these methods after the
 * caller's role has been checked.
 */
import { run, type RecordsDb, type Sql } from './sql';
import { SqliteRecordsDb } from './sql-sqlite';
import * as Y from 'yjs';
import { defaultQuorum, QuorumRule } from '../../shared/domain/quorum';
import { ApiError } from '../../shared/errors';
import type { CeremonyConfirmRequest, CeremonyDealingRequest, CeremonyKeyRequest, CeremonyState, PartialDecryptionRequest, PollEvidence } from '../../shared/api/voting';
import type { AuditEntry, AuditVerifyResponse } from '../../shared/api/audit';
import type { OutboxRecord, RecordReceipt, VerifyReceiptRequest, VerifyReceiptResponse } from '../../shared/api/outbox';
import type { VotersResponse } from '../../shared/api/voting';
import { listRecusals, meetingsWithRecusals } from '../voting/recusals';
import { liveDoc, writeRecusals, writeAttendance, type PollDefinition, type SecretTallyState } from '../../shared/ydoc/live';
import { getAgendaItem, meetingDoc, readCommentWindows, siteVoteExclusions } from '../../shared/ydoc/meeting';
import type { Clock } from '../clock';
import type { Log } from '../log';
import type { SyncedDocs } from '../sync/synced-docs';
import { AfterRepo } from './after-repo';
import { annotationsVersion, listSharedAnnotations, meetingsWithAnnotations } from '../reading/annotations';
import { AuditLog } from '../audit/audit';
import type { AfterDeps, MeetingFacts } from '../conclusions/conclusions';
import { requestWalTruncate, type Db } from './db';
import { eligibleIds, setSiteVoteLimits } from '../voting/eligibility';
import { QuorumCounts, siteKindOf } from '../../shared/domain/site-rights';
import { GroupCommit } from './group-commit';
import { LiveFlusher, type FlusherStats } from './live-flusher';
import type { Caller } from './outcome';
import * as polls from '../voting/polls';
import { recordsHint, submitRecords, warmRecords, type RecordsHint } from './records';
import type { ReceiptSigner } from './receipt-signer';
import { RecordsRepo, type PollRow } from './repo';
import * as tellers from '../voting/tellers';
import { BallotChecker, type BallotVerdict, type PartialSum } from '../voting/ballot-checks';
import { ballotLayout } from '../../shared/crypto';
import { pollEvidence } from '../voting/evidence';
import { runningTotalHoldsAll } from '../voting/running-totals';
import { extendTask } from '../tasks/tasks';
import { SpeakerQueue } from '../speakers/speakers';
import { PresentingLive } from '../presenting/presenting';
import { warmPdf } from '../reports/pdf-writer';
import { respondToComment } from '../draft-comments/draft-comments';
import type { CommentResponse, DraftComment } from '../../shared/domain/draft-comments';

/** setTimeout's ceiling (~24.8 days); longer deadlines re-arm in steps. */
const maxTimerMs = 2 ** 31 - 1;

export interface RecordsServiceOptions {
  /** How often coalesced changes reach `live/<id>` (default 200 ms). */
  flushMs?: number;
  /** TEST ONLY (server/clock.ts): "now" for tasks; the system clock when absent. */
  clock?: Clock;
  /** How often at most the audit chain's signed head reaches `live/<id>` (default 15 s). */
  auditHeadMs?: number;
}

export interface RecordsStats extends FlusherStats {
  /** Durable commits of records requests, and the requests they carried. */
  commits: number;
  commitJobs: number;
  /** Updates the server broadcast on `live/*` documents, whatever wrote them. */
  liveUpdates: number;
  liveSends: number;
}

/** A poll as live/<id> shows it, read in one go from the records database. */
interface PollView {
  poll: PollRow;
  counts: { votedCount: number; handCount: number };
  tally: SecretTallyState | null;
}

function writePoll(doc: Y.Doc, poll: PollRow, counts: { votedCount: number; handCount: number }, tally: SecretTallyState | null): void {
  const all = liveDoc.polls(doc);
  let m = all.get(poll.id);
  if (!(m instanceof Y.Map)) {
    m = new Y.Map<unknown>();
    all.set(poll.id, m);
  }
  const fields: Record<string, unknown> = {
    definition: JSON.stringify(poll.definition),
    agendaItemId: poll.agendaItemId,
    status: poll.status,
    openedAt: poll.openedAt,
    closesAt: poll.closesAt,
    closedAt: poll.closedAt,
    publishedAt: poll.publishedAt,
    eligibleCount: poll.eligibleCount,
    votedCount: counts.votedCount,
    handCount: counts.handCount,
    result: poll.result ? JSON.stringify(poll.result) : null,
    // Secret polls (issue 15): the key, the sealed totals and where their opening stands.
    publicKey: poll.publicKey,
    encryptedTotals: poll.sealed ? JSON.stringify(poll.sealed.totals) : null,
    tally: tally ? JSON.stringify(tally) : null,
  };
  // Only what changed: an unchanged field written again is still bytes sent to everyone.
  for (const [k, v] of Object.entries(fields)) if (m.get(k) !== v) m.set(k, v);
}

/** Tellers and a voting group name members of the meeting (inside the poll's transaction). */
function* checkGroup(repo: RecordsRepo, meetingId: string, def: PollDefinition): Sql<void> {
  for (const [i, id] of (def.tellers?.userIds ?? []).entries()) {
    if (!(yield* repo.memberRole(meetingId, id))) throw new ApiError('invalid_input', `The field "definition.tellers.userIds.${i}" is not valid: ${yield* repo.displayName(id)} is not a participant of this meeting.`);
  }
  if (def.eligibility.kind !== 'group') return;
  const voting = new Set(yield* repo.votingMemberIds(meetingId));
  const i = def.eligibility.userIds.findIndex((id) => !voting.has(id));
  if (i >= 0) {
    const id = def.eligibility.userIds[i]!;
    throw new ApiError('invalid_input', `The field "definition.eligibility.userIds.${i}" is not valid: ${yield* repo.displayName(id)} is not a voting member of this meeting.`);
  }
}

/** Conclusions (by agenda item) and tasks (by id) as the JSON live/<id> carries. */
interface AfterState {
  conclusions: [string, string][];
  tasks: [string, string][];
}

/** Writes only what differs: an unchanged value written again is still bytes sent to everyone. */
function writeAfter(doc: Y.Doc, state: AfterState): void {
  const cMap = liveDoc.conclusions(doc);
  const tMap = liveDoc.tasks(doc);
  for (const [itemId, json] of state.conclusions) if (cMap.get(itemId) !== json) cMap.set(itemId, json);
  for (const [id, json] of state.tasks) if (tMap.get(id) !== json) tMap.set(id, json);
}

export class RecordsService {
  /** The records' storage seam (sql.ts); everything below moves onto it (issue 13). */
  readonly rdb: RecordsDb;
  readonly repo: RecordsRepo;
  readonly audit: AuditLog;
  readonly speakers: SpeakerQueue;
  /** Follow the presenter (issue 17): page turns go through the flusher. */
  readonly presenting: PresentingLive;
  readonly after: AfterRepo;
  private readonly flusher: LiveFlusher;
  private readonly commits: GroupCommit<RecordsHint>;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** `meeting/<id>` kept in memory while a poll of it is open, so the close reads it at once. */
  private readonly meetingHolds = new Map<string, () => void>();
  private closed = false;
  /** "Now" for task deadlines, progress and completion: the system clock but in tests. */
  readonly taskNow: () => string;

  constructor(
    rdb: RecordsDb,
    private readonly docs: SyncedDocs,
    private readonly log: Log,
    readonly signer: ReceiptSigner,
    opts: RecordsServiceOptions = {},
  ) {
    this.rdb = rdb;
    this.repo = new RecordsRepo(rdb);
    this.audit = new AuditLog(this.rdb);
    this.speakers = new SpeakerQueue(this.rdb, docs, this.audit);
    this.after = new AfterRepo();
    this.presenting = new PresentingLive(docs, this.audit, {
      mark: (meetingId, json) => this.flusher.markPresenting(meetingId, json),
      flushNow: (meetingId) => this.flusher.flushNow(meetingId),
      intervalMs: opts.flushMs ?? 200,
    });
    this.commits = new GroupCommit(this.rdb, (hints) => warmRecords(this.repo, this.audit, hints));
    const clock = opts.clock;
    this.taskNow = clock ? () => new Date(clock()).toISOString() : () => new Date().toISOString();
    this.flusher = new LiveFlusher(
      docs,
      log,
      (ids) => this.rdb.read(() => this.pollCounts(ids)),
      opts.flushMs ?? 200,
      (meetingId) => this.rdb.read(() => annotationsVersion(meetingId)),
      // Issue 18: the chain's signed head in live/<id>, at most every auditHeadMs per meeting.
      { read: async (meetingId) => this.signer.signHead(meetingId, await this.rdb.read(() => this.audit.head(meetingId))), intervalMs: opts.auditHeadMs ?? 15_000 },
      (meetingId, pollIds) => this.writePollViews(meetingId, pollIds),
    );
    this.audit.onAppend = (meetingId) => this.flusher.markHead(meetingId);
    // A cluster: the node that takes over a meeting's live/<id> writes what the database has
    // first, as a restarted server does, so nothing the previous writer had pending is missing.
    docs.onLiveWriterGained((meetingId) => {
      if (this.closed) return;
      this.reconcile(meetingId).catch((err: unknown) => this.log('error', 'live reconcile on takeover failed', { meetingId, error: err instanceof Error ? err.message : String(err) }));
    });
  }

  private get deps(): polls.PollDeps {
    return { repo: this.repo, audit: this.audit };
  }

  /**
   * The SQLite connection under the seam, for what only an embedded store has (the WAL
   * housekeeping after a secret poll, tests that look at the file); null on PostgreSQL.
   */
  get sqliteDb(): Db | null {
    return this.rdb instanceof SqliteRecordsDb ? this.rdb.db : null;
  }

  private *pollCounts(ids: readonly string[]): Sql<Map<string, { votedCount: number; handCount: number }>> {
    const out = new Map<string, { votedCount: number; handCount: number }>();
    for (const id of ids) {
      const poll = yield* this.repo.pollById(id);
      if (poll) out.set(id, yield* this.repo.counts(poll));
    }
    return out;
  }

  /** A poll as live/<id> shows it: the row, its counts and its tellers' state, read together. */
  private *pollView(meetingId: string, pollId: string): Sql<PollView | null> {
    const poll = yield* this.repo.poll(meetingId, pollId);
    return poll ? yield* this.viewOf(poll) : null;
  }

  private *viewOf(poll: PollRow): Sql<PollView> {
    return { poll, counts: yield* this.repo.counts(poll), tally: yield* this.tallyOf(poll) };
  }

  /** What reconcile carries into live/<id>, read together. */
  private *roomState(meetingId: string) {
    const views: PollView[] = [];
    for (const p of yield* this.repo.polls(meetingId)) views.push(yield* this.viewOf(p));
    return { marks: yield* this.repo.allAttendance(meetingId), views, open: yield* this.repo.checkInOpen(meetingId), current: yield* this.repo.currentItem(meetingId) };
  }

  stats(): RecordsStats {
    const r = this.docs.stats();
    const c = this.commits.stats();
    return { ...this.flusher.stats(), commits: c.commits, commitJobs: c.jobs, liveUpdates: r.liveUpdates, liveSends: r.liveSends };
  }

  /**
   * On start: carry into `live/<id>` whatever the database has and the doc may have missed
   * (a flush or a lifecycle write lost to a crash), and re-arm the auto-close timers.
   */
  async start(): Promise<void> {
    const { repo, after } = this;
    const [withRoom, withRecusals, withAfter, withAnnotations] = await this.rdb.read(function* () {
      return [yield* repo.meetingsWithRoomData(), yield* meetingsWithRecusals(), yield* after.meetingsWithAfterData(), yield* meetingsWithAnnotations()] as const;
    });
    const meetings = new Set([...withRoom, ...withAfter, ...withAnnotations, ...(await this.speakers.meetings()), ...withRecusals]);
    for (const meetingId of meetings) {
      try {
        await this.reconcile(meetingId);
      } catch (err) {
        this.log('error', 'live reconcile failed', { meetingId, error: err instanceof Error ? err.message : String(err) });
      }
    }
    for (const poll of await this.rdb.read(() => this.repo.openPolls())) this.arm(poll);
  }

  private async reconcile(meetingId: string): Promise<void> {
    const { marks, views, open, current } = await this.rdb.read(() => this.roomState(meetingId));
    const annotations = await this.rdb.read(() => annotationsVersion(meetingId));
    const after = await this.rdb.read(() => this.afterState(meetingId, null, null));
    await this.docs.transact(`live/${meetingId}`, (doc) => {
      if (liveDoc.state(doc).get('checkInOpen') !== open) liveDoc.state(doc).set('checkInOpen', open);
      if ((liveDoc.state(doc).get('currentItemId') ?? null) !== current.itemId) liveDoc.state(doc).set('currentItemId', current.itemId);
      if ((liveDoc.state(doc).get('startedAt') ?? null) !== current.startedAt) liveDoc.state(doc).set('startedAt', current.startedAt);
      if (annotations && liveDoc.state(doc).get('annotationsVersion') !== annotations) liveDoc.state(doc).set('annotationsVersion', annotations);
      const att = liveDoc.attendance(doc);
      for (const [userId, mark] of marks) {
        const m = att.get(userId);
        if (m instanceof Y.Map && m.get('status') === mark.status && m.get('at') === mark.at && m.get('by') === mark.by) continue;
        writeAttendance(doc, userId, mark);
      }
      const ids = new Set(views.map((v) => v.poll.id));
      for (const v of views) writePoll(doc, v.poll, v.counts, v.tally);
      // A draft deleted just before a crash.
      for (const id of [...liveDoc.polls(doc).keys()]) if (!ids.has(id)) liveDoc.polls(doc).delete(id);
      writeAfter(doc, after);
    });
    await this.speakers.publish(meetingId);
    await this.publishRecusals(meetingId);
  }

  /** Declared conflicts of interest into live/<id> (rare: written at once, repaired by reconcile). */
  private async publishRecusals(meetingId: string): Promise<void> {
    try {
      const list = await this.rdb.read(() => listRecusals(this.repo, meetingId));
      if (list.length) await this.docs.transact(`live/${meetingId}`, (doc) => writeRecusals(doc, list));
    } catch (err) {
      this.log('error', 'live recusals publish failed', { meetingId, error: err instanceof Error ? err.message : String(err) });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const release of this.meetingHolds.values()) release();
    this.meetingHolds.clear();
    await this.flusher.close();
  }

  // -- records ---------------------------------------------------------------------------

  async submit(meetingId: string, caller: Caller, records: readonly OutboxRecord[]): Promise<{ receipts: RecordReceipt[]; accepted: number; refused: number; repeated: number }> {
    // Agenda items and documents live in the meeting doc, not in SQLite: read them before
    // the (synchronous) transaction, and only when a record needs them.
    const needsFacts = records.some((r) => r.kind === 'conclusion' || r.kind === 'task' || r.kind === 'task_progress' || r.kind === 'annotation' || r.kind === 'recusal' || r.kind === 'comment');
    const facts = needsFacts ? await this.meetingFacts(meetingId) : null;
    const deps: AfterDeps = { repo: this.repo, after: this.after, audit: this.audit, facts, now: this.taskNow };
    if (records.some((r) => r.kind === 'ballot')) await this.refreshSiteVotes(meetingId);
    const ballotChecks = await this.checkBallots(meetingId, records);
    const { receipts: unsigned, effects } = await this.commits.run([meetingId], () => submitRecords(deps, meetingId, caller, records, ballotChecks), recordsHint(meetingId, caller, records));
    // Signed after the commit: a receipt only ever names what is durably stored.
    const receipts = unsigned.map((r, i): RecordReceipt =>
      r.ok ? { ...r, ...this.signer.sign({ meetingId, userId: caller.id, kind: records[i]!.kind, key: r.key, receivedAt: r.receivedAt, auditHead: r.auditHead, auditLength: r.auditLength }) } : r,
    );
    for (const [userId, mark] of effects.attendance) this.flusher.markAttendance(meetingId, userId, mark);
    for (const pollId of effects.polls) this.flusher.markPoll(meetingId, pollId);
    if (effects.annotations) this.flusher.markAnnotations(meetingId);
    if (effects.comments) this.flusher.markComments(meetingId);
    if (effects.recusals) await this.publishRecusals(meetingId);
    if (effects.conclusions.size || effects.tasks.size) await this.publishAfter(meetingId, effects.conclusions, effects.tasks);
    // A notice usually follows conclusions: warm the PDF code now rather than on that click.
    if (effects.conclusions.size) setTimeout(() => void warmPdf(), 50).unref();
    return { receipts, accepted: effects.accepted, refused: effects.refused, repeated: effects.repeated };
  }

  /**
   * Encrypted ballots' proofs, checked before the write transaction and off the event loop
   * (ballot-checks.ts): inside the transaction they would hold every other request's
   * commit. Whether a ballot is then taken (poll open, eligible, not a copy) is decided inside.
   */
  private async checkBallots(meetingId: string, records: readonly OutboxRecord[]): Promise<Map<string, BallotVerdict>> {
    const pending: [string, Promise<BallotVerdict>][] = [];
    const jobs = new Map<string, { poll: PollRow; keys: string[]; texts: string[]; ballots: unknown[] }>();
    const secret = records.filter((r) => r.kind === 'ballot' && r.payload.encrypted);
    if (!secret.length) return new Map();
    // A resend of a receipted ballot gets its first answer back: nothing to check again.
    const { repo } = this;
    const found = await this.rdb.read(function* () {
      const out: { rec: OutboxRecord; poll: PollRow | null }[] = [];
      for (const r of secret) {
        if (r.kind !== 'ballot' || (yield* repo.receipt(meetingId, r.key))) continue;
        out.push({ rec: r, poll: yield* repo.poll(meetingId, r.payload.pollId) });
      }
      return out;
    });
    for (const { rec: r, poll } of found) {
      if (r.kind !== 'ballot' || !r.payload.encrypted) continue;
      if (!poll?.definition.secret || !poll.publicKey) continue;
      // An outbox resends a ballot while its first send is still being checked or
      // committed: the same key with the same ballot shares that check and its answer.
      const text = JSON.stringify(r.payload.encrypted);
      const seen = this.recentChecks.get(r.key);
      if (seen && seen.pollId === poll.id && seen.text === text) {
        pending.push([r.key, seen.verdict]);
        continue;
      }
      const job = jobs.get(poll.id) ?? { poll, keys: [], texts: [], ballots: [] };
      job.keys.push(r.key);
      job.texts.push(text);
      job.ballots.push(r.payload.encrypted);
      jobs.set(poll.id, job);
    }
    for (const { poll, keys, texts, ballots } of jobs.values()) {
      const verdicts = this.checker.checkEach({ meetingId, pollId: poll.id, definition: poll.definition, publicKey: poll.publicKey!, ballots });
      verdicts.forEach((verdict, i) => {
        const key = keys[i]!;
        pending.push([key, verdict]);
        if (this.recentChecks.size >= 4096) this.recentChecks.delete(this.recentChecks.keys().next().value!);
        const entry = { pollId: poll.id, text: texts[i]!, verdict };
        this.recentChecks.set(key, entry);
        // A check that failed (a worker stopped) is not an answer: the next send checks again.
        verdict.catch(() => {
          if (this.recentChecks.get(key) === entry) this.recentChecks.delete(key);
        });
      });
    }
    return new Map(await Promise.all(pending.map(async ([key, verdict]) => [key, await verdict] as const)));
  }

  /** Proof checks of the last few thousand ballots, done or under way, by record key (see checkBallots). */
  private readonly recentChecks = new Map<string, { pollId: string; text: string; verdict: Promise<BallotVerdict> }>();
  private readonly checker = new BallotChecker((message, detail) => this.log('warn', message, detail));

  /** A secret poll's tellers as `live/<id>` shows them; null for a named poll. */
  private *tallyOf(poll: PollRow): Sql<SecretTallyState | null> {
    // Secret polls with tellers, and those of before issue 15 that the upgrade voided.
    return poll.definition.secret && (poll.definition.tellers || poll.voidReason) ? yield* tellers.tallyState(this.repo, poll) : null;
  }

  /**
   * A quoted receipt is genuine only if this server signed it AND still holds that record:
   * a signature alone would also vouch for a record lost with a restored backup.
   */
  async verifyReceipt(meetingId: string, r: VerifyReceiptRequest): Promise<VerifyReceiptResponse> {
    const { repo } = this;
    const { stored, legacy } = await this.rdb.read(function* () {
      const stored = yield* repo.receipt(meetingId, r.key);
      // A secret ballot accepted before issue 15 kept its key only as a hash.
      const legacy = !stored && r.kind === 'ballot' ? yield* repo.legacyBallot(meetingId, r.key) : null;
      return { stored, legacy };
    });
    // Quoted without its chain head (a person reads out the code): the head this server signed into it.
    const head = r.auditHead !== undefined ? { hash: r.auditHead, length: r.auditLength } : stored?.ok && stored.auditHead !== undefined ? { hash: stored.auditHead, length: stored.auditLength } : null;
    const fields = { meetingId, userId: r.userId, kind: r.kind, key: r.key, receivedAt: r.receivedAt, auditHead: head?.hash, auditLength: head?.length };
    if (!this.signer.verify(fields, r.signature)) return { valid: false, reason: 'signature' };
    let held = !!stored && stored.ok && stored.userId === r.userId && stored.receivedAt === r.receivedAt;
    if (legacy) held = legacy.userId === r.userId && legacy.receivedAt === r.receivedAt;
    return held ? { valid: true, reason: null } : { valid: false, reason: 'unknown_record' };
  }

  async setCheckInWindow(meetingId: string, open: boolean, by: string): Promise<void> {
    const { repo, audit } = this;
    const now = await this.rdb.transaction([meetingId], function* () {
      yield* run('INSERT INTO room_state (meeting_id, checkin_open) VALUES (?, ?) ON CONFLICT (meeting_id) DO UPDATE SET checkin_open = excluded.checkin_open', meetingId, open ? 1 : 0);
      yield* audit.append(meetingId, open ? 'checkin.opened' : 'checkin.closed', { by });
      return yield* repo.checkInOpen(meetingId);
    });
    await this.docs.transact(`live/${meetingId}`, (doc) => liveDoc.state(doc).set('checkInOpen', now));
  }

  /**
   * The item under discussion (null: none, between items). Kept in the database first, so
   * a restart puts it back into `live/<id>`; every change is in the audit chain.
   */
  async setCurrentItem(meetingId: string, agendaItemId: string | null, by: string): Promise<{ agendaItemId: string | null; startedAt: string | null }> {
    await this.checkAgendaItem(meetingId, agendaItemId);
    const startedAt = agendaItemId === null ? null : new Date().toISOString();
    const { audit } = this;
    await this.rdb.transaction([meetingId], function* () {
      yield* run(
        'INSERT INTO room_state (meeting_id, current_item_id, current_started_at) VALUES (?, ?, ?) ON CONFLICT (meeting_id) DO UPDATE SET current_item_id = excluded.current_item_id, current_started_at = excluded.current_started_at',
        meetingId,
        agendaItemId,
        startedAt,
      );
      yield* audit.append(meetingId, agendaItemId === null ? 'agenda.item_ended' : 'agenda.item_started', { by, agendaItemId });
    });
    await this.docs.transact(`live/${meetingId}`, (doc) => {
      liveDoc.state(doc).set('currentItemId', agendaItemId);
      liveDoc.state(doc).set('startedAt', startedAt);
    });
    return { agendaItemId, startedAt };
  }

  // -- polls -----------------------------------------------------------------------------

  async checkAgendaItem(meetingId: string, agendaItemId: string | null): Promise<void> {
    if (agendaItemId === null) return;
    const exists = await this.docs.read(`meeting/${meetingId}`, (doc) => !!getAgendaItem(doc, agendaItemId));
    if (!exists) throw new ApiError('invalid_input', `The field "agendaItemId" is not valid: there is no agenda item "${agendaItemId}" in this meeting.`);
  }

  async createPoll(meetingId: string, by: string, agendaItemId: string | null, def: PollDefinition): Promise<PollRow> {
    await this.checkAgendaItem(meetingId, agendaItemId);
    const deps = this.deps;
    const poll = await this.rdb.transaction([meetingId], function* () {
      yield* checkGroup(deps.repo, meetingId, def);
      return yield* polls.createPoll(deps, meetingId, by, agendaItemId, def);
    });
    await this.mirror(poll);
    return poll;
  }

  async updatePoll(meetingId: string, pollId: string, by: string, agendaItemId: string | null, def: PollDefinition): Promise<PollRow> {
    await this.checkAgendaItem(meetingId, agendaItemId);
    const deps = this.deps;
    const poll = await this.rdb.transaction([meetingId], function* () {
      yield* checkGroup(deps.repo, meetingId, def);
      return yield* polls.updatePoll(deps, meetingId, pollId, by, agendaItemId, def);
    });
    await this.mirror(poll);
    return poll;
  }

  async deletePoll(meetingId: string, pollId: string, by: string): Promise<void> {
    await this.rdb.transaction([meetingId], () => polls.deletePoll(this.deps, meetingId, pollId, by));
    await this.docs.transact(`live/${meetingId}`, (doc) => liveDoc.polls(doc).delete(pollId));
  }

  async openPoll(meetingId: string, pollId: string, by: string): Promise<PollRow> {
    // Attendance marked a moment ago should be in live/<id> before the poll appears.
    await this.flusher.flushNow(meetingId);
    await this.refreshSiteVotes(meetingId);
    const poll = await this.rdb.transaction([meetingId], () => polls.openPoll(this.deps, meetingId, pollId, by));
    this.arm(poll);
    // A secret poll's ballots may come all at once: start the proof-check workers now, so
    // the first ballots do not wait for a worker to start and the key's tables to be built.
    if (poll.definition.secret && poll.publicKey) this.checker.warm(poll.publicKey);
    await this.mirror(poll);
    this.log('info', 'poll opened', { meetingId, pollId, by, closesAt: poll.closesAt, eligible: poll.eligibleCount });
    return poll;
  }

  async closePoll(meetingId: string, pollId: string, by: string): Promise<PollRow> {
    // Where a close's time goes, in its log line: reading the meeting, summing, the tally's
    // transaction, bringing live/<id> up to date, mirroring the result.
    const t0 = performance.now();
    const facts = await this.docs.read(`meeting/${meetingId}`, (doc) => {
      const siteOf = new Map<string, string | null>();
      meetingDoc.participants(doc).forEach((p, id) => {
        if (p instanceof Y.Map) siteOf.set(id, typeof p.get('siteId') === 'string' ? (p.get('siteId') as string) : null);
      });
      const q = QuorumRule.safeParse(meetingDoc.meta(doc).get('quorum'));
      // Issue 17: the site rights (who may vote) and where presence counts for the quorum.
      setSiteVoteLimits(this.repo, meetingId, siteVoteExclusions(doc));
      const counts = QuorumCounts.safeParse(meetingDoc.meta(doc).get('quorumCounts'));
      const sites: { id: string; kind: 'main' | 'bridge' }[] = [];
      meetingDoc.sites(doc).forEach((s, id) => s instanceof Y.Map && sites.push({ id, kind: s.get('kind') === 'bridge' ? 'bridge' : 'main' }));
      const presence = { rule: counts.success ? counts.data : ('any_site' as const), kindOf: siteKindOf(sites) };
      return { siteOf, quorum: q.success ? q.data : defaultQuorum, presence };
    });
    // A secret poll's sealed totals are its running total (running-totals.ts). One without a
    // running total that holds every ballot (opened before it existed) has its ballots added
    // up in a worker first (decoding 3,152 ballots takes seconds); the close then adds only
    // the few that arrived meanwhile.
    const { repo } = this;
    const unsummed = await this.rdb.read(function* () {
      const before = yield* repo.poll(meetingId, pollId);
      if (!before?.definition.secret || before.status !== 'open' || (yield* runningTotalHoldsAll(before))) return null;
      return { poll: before, ballots: yield* repo.encryptedBallots(pollId) };
    });
    let pre: PartialSum | null = null;
    if (unsummed) {
      const slots = ballotLayout(unsummed.poll.definition).weights.length;
      const ballots = unsummed.ballots.map((b) => ({ tracker: b.tracker, ciphertexts: (JSON.parse(b.ballot) as { ciphertexts: string[] }).ciphertexts }));
      pre = await this.checker.sum({ slots, ballots });
    }
    const started = performance.now();
    const poll = await this.rdb.transaction([meetingId], () => polls.closePoll(this.deps, meetingId, pollId, by, facts, pre));
    const tallyMs = Math.round(performance.now() - started);
    const t = this.timers.get(pollId);
    if (t) clearTimeout(t);
    this.timers.delete(pollId);
    this.meetingHolds.get(pollId)?.();
    this.meetingHolds.delete(pollId);
    if (poll.definition.secret) this.forgetCommitOrder();
    const flushStart = performance.now();
    await this.flusher.flushNow(meetingId);
    const flushMs = Math.round(performance.now() - flushStart);
    await this.mirror(poll);
    const ms = Math.round(performance.now() - t0);
    const beforeMs = Math.round(started - t0);
    this.log('info', 'poll closed', { meetingId, pollId, by, cast: poll.result?.cast, passed: poll.result?.passed, ms, beforeMs, tallyMs, flushMs });
    return poll;
  }

  async publishPoll(meetingId: string, pollId: string, by: string): Promise<PollRow> {
    const poll = await this.rdb.transaction([meetingId], () => polls.publishPoll(this.deps, meetingId, pollId, by));
    await this.mirror(poll);
    this.log('info', 'poll published', { meetingId, pollId, by });
    return poll;
  }

  async recordHands(meetingId: string, pollId: string, by: string, entries: { userId: string; choices: string[] }[]): Promise<{ recorded: number; handCount: number }> {
    const deps = this.deps;
    const counts = await this.rdb.transaction([meetingId], function* () {
      return yield* deps.repo.counts(yield* polls.recordHands(deps, meetingId, pollId, by, entries));
    });
    this.flusher.markPoll(meetingId, pollId);
    this.log('info', 'hands recorded', { meetingId, pollId, by, count: entries.length });
    return { recorded: entries.length, handCount: counts.handCount };
  }

  // -- secret polls: tellers (issue 15) ---------------------------------------------------

  ceremony(meetingId: string, pollId: string, callerId: string): Promise<CeremonyState> {
    return this.rdb.read(() => tellers.ceremonyState(this.repo, meetingId, pollId, callerId));
  }

  async ceremonyKey(meetingId: string, pollId: string, userId: string, body: CeremonyKeyRequest): Promise<void> {
    await this.rdb.transaction([meetingId], () => tellers.postCeremonyKey(this.deps, meetingId, pollId, userId, body));
    await this.mirrorId(meetingId, pollId);
  }

  async ceremonyDealing(meetingId: string, pollId: string, userId: string, body: CeremonyDealingRequest): Promise<void> {
    await this.rdb.transaction([meetingId], () => tellers.postDealing(this.deps, meetingId, pollId, userId, body));
    await this.mirrorId(meetingId, pollId);
  }

  async ceremonyConfirm(meetingId: string, pollId: string, userId: string, body: CeremonyConfirmRequest): Promise<{ complete: boolean }> {
    const complete = await this.rdb.transaction([meetingId], () => tellers.postConfirm(this.deps, meetingId, pollId, userId, body));
    await this.mirrorId(meetingId, pollId);
    if (complete) this.log('info', 'poll key ready', { meetingId, pollId });
    return { complete };
  }

  async restartCeremony(meetingId: string, pollId: string, by: string): Promise<void> {
    await this.rdb.transaction([meetingId], () => tellers.restartCeremony(this.deps, meetingId, pollId, by));
    await this.mirrorId(meetingId, pollId);
  }

  /** A teller's partial decryption; a failed proof is recorded, published, then refused. */
  async partialDecryption(meetingId: string, pollId: string, userId: string, body: PartialDecryptionRequest): Promise<{ opened: boolean }> {
    const out = await this.rdb.transaction([meetingId], () => tellers.postPartial(this.deps, meetingId, pollId, userId, body));
    await this.mirrorId(meetingId, pollId);
    if (!out.accepted) {
      this.log('warn', 'partial decryption rejected', { meetingId, pollId, userId });
      throw new ApiError('invalid_input', out.message);
    }
    if (out.opened) this.log('info', 'secret result opened', { meetingId, pollId });
    return { opened: out.opened };
  }

  async declareVoid(meetingId: string, pollId: string, by: string, reason: string): Promise<void> {
    await this.rdb.transaction([meetingId], () => tellers.declareVoid(this.deps, meetingId, pollId, by, reason));
    await this.mirrorId(meetingId, pollId);
    this.log('info', 'poll declared void', { meetingId, pollId, by });
  }

  /** Everything needed to recount a closed secret poll and re-check every proof. */
  evidence(meetingId: string, pollId: string): Promise<PollEvidence> {
    const { repo } = this;
    return this.rdb.read(function* () {
      const poll = yield* repo.poll(meetingId, pollId);
      if (!poll) throw new ApiError('not_found', 'There is no such poll in this meeting.');
      if (!poll.definition.secret || !poll.publicKey) throw new ApiError('conflict', 'Only a secret poll with encrypted ballots has a tally to verify.');
      if (poll.status === 'draft' || poll.status === 'open') throw new ApiError('conflict', 'The ballots and the tally proofs are published once the poll is closed.');
      return yield* pollEvidence(repo, poll);
    });
  }

  /**
   * A poll's new state into live/<id>, by way of the flusher: on the node that writes
   * live/<id> at once; on another node of a cluster it is handed to that one, so a close
   * sent to any node does not wait for that node to load the room's document.
   */
  private mirrorId(meetingId: string, pollId: string): Promise<void> {
    return this.flusher.markPollView(meetingId, pollId);
  }

  /** The live/<id> writer's half of mirrorId: the polls read together, written in one update. */
  private async writePollViews(meetingId: string, pollIds: string[]): Promise<void> {
    const viewOf = (id: string) => this.pollView(meetingId, id);
    const views = await this.rdb.read(function* () {
      const out: PollView[] = [];
      for (const id of pollIds) {
        const view = yield* viewOf(id);
        if (view) out.push(view);
      }
      return out;
    });
    if (views.length) await this.docs.transact(`live/${meetingId}`, (doc) => views.forEach((v) => writePoll(doc, v.poll, v.counts, v.tally)));
  }

  voters(meetingId: string, pollId: string): Promise<VotersResponse> {
    const { repo } = this;
    return this.rdb.read(function* () {
      const poll = yield* repo.poll(meetingId, pollId);
      if (!poll) throw new ApiError('not_found', 'There is no such poll in this meeting.');
      const voted = yield* repo.voterIds(poll);
      const votedSet = new Set(voted);
      // After the close, the eligible set is the one the result counted against.
      const notVoted = (yield* eligibleIds(repo, meetingId, poll.definition, poll.agendaItemId)).filter((id) => !votedSet.has(id));
      return { voted: voted.sort(), notVoted: notVoted.sort(), choices: poll.definition.secret ? null : yield* repo.namedChoices(poll) };
    });
  }

  /**
   * The notice or minutes changed (text saved, sent, returned, approved, issued; the caller
   * chained the step in its own transaction): `state.recordsVersion` moves, so the chair's
   * and the secretary's screens refetch.
   */
  officialRecordChanged(meetingId: string): void {
    this.flusher.markRecords(meetingId);
  }

  auditEntries(meetingId: string): Promise<AuditEntry[]> {
    return this.rdb.read(() => this.audit.list(meetingId));
  }

  verifyAudit(meetingId: string): Promise<AuditVerifyResponse> {
    return this.rdb.read(() => this.audit.verify(meetingId));
  }

  // -- shared annotations ----------------------------------------------------------------

  /** Others' shared annotations changed since a version or time (members only; checked by the route). */
  sharedAnnotations(meetingId: string, callerId: string, since: number | string | null) {
    return this.rdb.read(() => listSharedAnnotations(meetingId, callerId, since));
  }

  /**
   * The secretariat's answer to a comment on a draft (the route checks the role): stored and
   * audited, then the meeting's comments version moves so the commenter's and the other
   * secretaries' screens refetch.
   */
  async answerComment(meetingId: string, commentId: string, by: string, answer: Required<CommentResponse>): Promise<DraftComment> {
    const out = await this.rdb.transaction([meetingId], () => respondToComment(this.audit, meetingId, commentId, by, answer));
    this.flusher.markComments(meetingId);
    return out;
  }

  // -- after the meeting -----------------------------------------------------------------

  async meetingFacts(meetingId: string): Promise<MeetingFacts> {
    return this.docs.read(`meeting/${meetingId}`, (doc) => ({
      agendaItemIds: new Set(meetingDoc.agenda(doc).keys()),
      documentIds: new Set(meetingDoc.documents(doc).keys()),
      commentWindows: new Map(Object.entries(readCommentWindows(doc))),
    }));
  }

  /** Secretariat only (checked by the route): a later deadline, with the reason. */
  async extendTask(taskId: string, by: string, deadline: string, reason: string): Promise<string> {
    const now = this.taskNow();
    const meetingId = await this.rdb.read(() => this.after.taskFacts(taskId)).then((t) => t?.meeting_id ?? '');
    await this.rdb.transaction([meetingId], () => extendTask({ after: this.after, audit: this.audit }, taskId, by, deadline, reason, now));
    await this.publishAfter(meetingId, new Set(), new Set([taskId]));
    return (await this.rdb.read(() => this.after.taskJson(taskId)))!;
  }

  /**
   * Carries committed conclusions and tasks into live/<id>. Written at once rather than
   * through the coalescing flusher: they are rare and each is something people wait for.
   * A write lost to a crash is repaired by reconcile on the next start.
   */
  private async publishAfter(meetingId: string, items: ReadonlySet<string>, tasks: ReadonlySet<string>): Promise<void> {
    try {
      const state = await this.rdb.read(() => this.afterState(meetingId, items, tasks));
      await this.docs.transact(`live/${meetingId}`, (doc) => writeAfter(doc, state));
    } catch (err) {
      this.log('error', 'live publish failed', { meetingId, error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** What changed (null: everything of the meeting), read fresh from the database, for writeAfter. */
  private *afterState(meetingId: string, items: ReadonlySet<string> | null, tasks: ReadonlySet<string> | null): Sql<AfterState> {
    const conclusions: [string, string][] = [];
    if (!items || items.size) {
      for (const [itemId, c] of yield* this.after.latestConclusions(meetingId)) {
        if (items && !items.has(itemId)) continue;
        const { meetingId: _m, ...conclusion } = c;
        conclusions.push([itemId, JSON.stringify(conclusion)]);
      }
    }
    const taskJson: [string, string][] = [];
    if (!tasks) {
      for (const { id, json } of yield* this.after.taskJsonOfMeeting(meetingId)) taskJson.push([id, json]);
    } else {
      for (const id of tasks) {
        const json = yield* this.after.taskJson(id);
        if (json !== null) taskJson.push([id, json]);
      }
    }
    return { conclusions, tasks: taskJson };
  }

  // -- internals -------------------------------------------------------------------------

  /** Which remote members may not vote, from the meeting doc, for the checks inside transactions. */
  private async refreshSiteVotes(meetingId: string): Promise<void> {
    setSiteVoteLimits(this.repo, meetingId, await this.docs.read(`meeting/${meetingId}`, (doc) => siteVoteExclusions(doc)));
  }

  /**
   * Before issue 15 this hid the commit order of a secret poll's two plaintext tables. A
   * secret ballot is now stored encrypted (who + ciphertext, openly), so the WAL's commit
   * order pairs a voter with a ciphertext only, which tells nothing; the TRUNCATE after the
   * close is kept as housekeeping: the WAL grew during the storm of ballots.
   */
  private forgetCommitOrder(): void {
    try {
      // Never waits for readers (a backup's read would stall the event loop); retried on a timer.
      if (this.sqliteDb) requestWalTruncate(this.sqliteDb);
    } catch (err) {
      this.log('warn', 'WAL checkpoint after a secret poll failed', { error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Writes the poll's whole state to live/<id>, read fresh inside the transaction. */
  private async mirror(poll: PollRow): Promise<void> {
    await this.mirrorId(poll.meetingId, poll.id);
  }

  private arm(poll: PollRow): void {
    if (this.closed || poll.status !== 'open') return;
    if (!this.meetingHolds.has(poll.id)) {
      // Loading a congress-sized meeting doc takes most of a second; pay that at the open.
      this.meetingHolds.set(poll.id, this.docs.hold(`meeting/${poll.meetingId}`));
    }
    if (!poll.closesAt) return;
    const old = this.timers.get(poll.id);
    if (old) clearTimeout(old);
    const wait = Math.max(0, Date.parse(poll.closesAt) - Date.now());
    const timer = setTimeout(() => {
      this.timers.delete(poll.id);
      if (wait > maxTimerMs) {
        this.arm(poll);
        return;
      }
      this.closePoll(poll.meetingId, poll.id, 'system').catch((err: unknown) => {
        if (err instanceof ApiError && err.code === 'conflict') return; // closed by hand meanwhile
        this.log('error', 'auto-close failed', { pollId: poll.id, error: err instanceof Error ? err.message : String(err) });
      });
    }, Math.min(wait, maxTimerMs));
    timer.unref();
    this.timers.set(poll.id, timer);
  }
}
