/**
 * Coalesces what per-person records change in `live/<id>` (attendance marks, "N of M
 * voted") into one Yjs transaction per meeting every `intervalMs`. One update to a room of
 * 3,152 is 3,152 sends, so a check-in storm must cost a handful of updates, not one each.
 *
 * The database is the truth; this only carries it to live/<id>. Counts are therefore read
 * from the database at flush time instead of being added up here, so a retried or refused
 * record can never make them drift, and a flush lost to a crash is repaired on the next
 * start (RecordsService.reconcile).
 */
import { z } from 'zod';
import type { AttendanceMark } from '../../shared/domain/attendance';
import { CheckInPayload } from '../../shared/api/attendance';
import type { SignedAuditHead } from '../../shared/audit';
import { bumpCommentsVersion, bumpRecordsVersion, liveDoc, writeAttendance, writeAuditHead } from '../../shared/ydoc/live';
import type { Log } from '../log';
import type { SyncedDocs } from '../sync/synced-docs';

export interface PollCounts {
  votedCount: number;
  handCount: number;
}

interface Dirty {
  attendance: Map<string, AttendanceMark>;
  polls: Set<string>;
  /**
   * Polls whose whole state (status, result, tally) changed on a node that does not write
   * live/<id>: the writer writes them at once. That node need not load live/<id> (a
   * congress-sized document takes a second) just to hand the change over.
   */
  views: Set<string>;
  /** Shared annotations changed: write the meeting's annotations version. */
  annotations: boolean;
  /** Comments on drafts were taken or answered: move `state.commentsVersion`. */
  comments: boolean;
  /** The notice or minutes changed: move `state.recordsVersion`. */
  records: boolean;
  /** The presented document and page (issue 17), latest wins; undefined = unchanged. */
  presenting?: string | null;
}

/**
 * A meeting's pending marks as they travel to the node that writes its live/<id> (a
 * cluster): parsed again there, so a malformed or foreign message changes nothing.
 */
const LiveMarks = z.object({
  attendance: z.array(z.tuple([z.string(), z.object({ status: CheckInPayload.shape.status, at: z.string(), by: z.string(), substitute: z.string().nullable().optional() })])),
  polls: z.array(z.string()),
  views: z.array(z.string()).optional(),
  annotations: z.boolean(),
  comments: z.boolean(),
  records: z.boolean(),
  presenting: z.string().nullable().optional(),
  head: z.boolean(),
});
type LiveMarks = z.infer<typeof LiveMarks>;

export interface FlusherStats {
  /** `docs.transact` calls made by the flusher, over all meetings. */
  flushes: number;
  /** Attendance marks and poll counts carried by them. */
  attendanceWritten: number;
  countsWritten: number;
  /** Signed audit heads written into `live/*` (issue 18). */
  headsWritten: number;
  /** Flushes handed to the node that writes the meeting's live/<id> (a cluster), and taken from other nodes. */
  marksSent: number;
  marksTaken: number;
}

/** How long a live room stays loaded after its last flush. */
const holdMs = 30_000;

export class LiveFlusher {
  private readonly dirty = new Map<string, Dirty>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly holds = new Map<string, { release: () => void; timer: NodeJS.Timeout }>();
  private readonly counters: FlusherStats = { flushes: 0, attendanceWritten: 0, countsWritten: 0, headsWritten: 0, marksSent: 0, marksTaken: 0 };
  private closed = false;

  constructor(
    private readonly docs: SyncedDocs,
    private readonly log: Log,
    private readonly readCounts: (pollIds: string[]) => Promise<Map<string, PollCounts>>,
    private readonly intervalMs = 200,
    /** The meeting's shared-annotations version as the database has it (0 when none). */
    private readonly readAnnotationsVersion: (meetingId: string) => Promise<number> = () => Promise.resolve(0),
    /**
     * The audit chain's head, read and signed (issue 18), and how often at most it is
     * published per meeting: a few times a minute, never once per record.
     */
    private readonly heads: { read: (meetingId: string) => Promise<SignedAuditHead>; intervalMs: number } | null = null,
    /** Writes polls whole into live/<id> (RecordsService's mirror), for `markPollView`. */
    private readonly writeViews: (meetingId: string, pollIds: string[]) => Promise<void> = () => Promise.resolve(),
  ) {
    // A cluster (issue 13): one node writes each meeting's live/<id>, the others send it their marks.
    docs.onLiveMarks((meetingId, marks) => void this.take(meetingId, marks));
  }

  /**
   * Marks another node sent, merged and flushed as if made here, by the node that writes the
   * meeting's live/<id>. They go to every node; one that does not write live/<id> drops them,
   * or it would send them on again and they would go round between nodes for ever.
   */
  private async take(meetingId: string, raw: unknown): Promise<void> {
    const parsed = LiveMarks.safeParse(raw);
    if (!parsed.success || this.closed) {
      if (!parsed.success) this.log('warn', 'malformed live marks from another node dropped', { meetingId });
      return;
    }
    try {
      if (!(await this.docs.isLiveWriter(meetingId))) return;
    } catch (err) {
      this.log('error', 'live marks from another node not taken', { meetingId, error: err instanceof Error ? err.message : String(err) });
      return;
    }
    if (this.closed) return;
    const m = parsed.data;
    const d = this.entry(meetingId);
    for (const [userId, mark] of m.attendance) d.attendance.set(userId, mark);
    for (const id of m.polls) d.polls.add(id);
    for (const id of m.views ?? []) d.views.add(id);
    d.annotations ||= m.annotations;
    d.comments ||= m.comments;
    d.records ||= m.records;
    if (m.presenting !== undefined) d.presenting = m.presenting;
    this.counters.marksTaken++;
    // A closed or opened poll is what the room waits for: written now, not at the next tick.
    if (m.views?.length) void this.flushNow(meetingId);
    else this.schedule(meetingId);
    if (m.head) this.markHead(meetingId);
  }

  private readonly headTimers = new Map<string, NodeJS.Timeout>();

  /**
   * The chain grew: publish its signed head within `heads.intervalMs`. Every append in that
   * window shares the one write; the head is read when it is written, so it is the latest.
   */
  markHead(meetingId: string): void {
    if (!this.heads || this.closed || this.headTimers.has(meetingId)) return;
    const timer = setTimeout(() => {
      this.headTimers.delete(meetingId);
      void this.publishHead(meetingId);
    }, this.heads.intervalMs);
    timer.unref();
    this.headTimers.set(meetingId, timer);
  }

  private async publishHead(meetingId: string): Promise<void> {
    if (!this.heads) return;
    try {
      if (!(await this.docs.isLiveWriter(meetingId))) {
        this.send(meetingId, { attendance: [], polls: [], views: [], annotations: false, comments: false, records: false, head: true });
        return;
      }
      const head = await this.heads.read(meetingId);
      if (head.length === 0) return;
      await this.docs.transact(`live/${meetingId}`, (doc) => writeAuditHead(doc, head));
      this.counters.headsWritten++;
    } catch (err) {
      // The next append schedules another; a device still has the heads of its receipts.
      this.log('error', 'audit head publish failed', { meetingId, error: err instanceof Error ? err.message : String(err) });
    }
  }

  markAttendance(meetingId: string, userId: string, mark: AttendanceMark): void {
    this.entry(meetingId).attendance.set(userId, mark);
    this.schedule(meetingId);
  }

  markPoll(meetingId: string, pollId: string): void {
    this.entry(meetingId).polls.add(pollId);
    this.schedule(meetingId);
  }

  /**
   * A poll's state changed (opened, closed, published…): written whole by the node that
   * writes live/<id>. Resolves once this node has written it or handed it over.
   */
  async markPollView(meetingId: string, pollId: string): Promise<void> {
    this.entry(meetingId).views.add(pollId);
    await this.flushNow(meetingId);
  }

  /** Shared annotations changed: devices fetch them when `state.annotationsVersion` moves. */
  markAnnotations(meetingId: string): void {
    this.entry(meetingId).annotations = true;
    this.schedule(meetingId);
  }

  /**
   * Comments on drafts were taken or answered: `state.commentsVersion` moves at the next
   * flush, so a storm of comments costs a few updates to live/<id>, not one each. Only the
   * number goes to live/<id> (not who commented on what): devices showing the comments fetch
   * the list, which the server filters per person.
   */
  markComments(meetingId: string): void {
    this.entry(meetingId).comments = true;
    this.schedule(meetingId);
  }

  /** The notice or minutes changed: `state.recordsVersion` moves at the next flush. */
  markRecords(meetingId: string): void {
    this.entry(meetingId).records = true;
    this.schedule(meetingId);
  }

  /**
   * The presenter turned a page (or started, or stopped): `state.presenting` gets the latest
   * value at the next flush, so a burst of page turns costs one update to live/<id>.
   */
  markPresenting(meetingId: string, json: string | null): void {
    this.entry(meetingId).presenting = json;
    this.schedule(meetingId);
  }

  stats(): FlusherStats {
    return { ...this.counters };
  }

  /** Writes whatever is pending for a meeting now (before a poll closes, on shutdown). */
  async flushNow(meetingId: string): Promise<void> {
    const t = this.timers.get(meetingId);
    if (t) {
      clearTimeout(t);
      this.timers.delete(meetingId);
    }
    await this.running.get(meetingId);
    if (this.dirty.has(meetingId)) await this.flush(meetingId);
  }

  async close(): Promise<void> {
    const ids = new Set([...this.dirty.keys(), ...this.timers.keys(), ...this.running.keys()]);
    for (const id of ids) await this.flushNow(id).catch(() => {});
    // Heads still waiting are written now: the last head of a meeting should not be lost to a restart.
    const pendingHeads = [...this.headTimers.keys()];
    for (const t of this.headTimers.values()) clearTimeout(t);
    this.headTimers.clear();
    for (const id of pendingHeads) await this.publishHead(id);
    this.closed = true;
    for (const { release, timer } of this.holds.values()) {
      clearTimeout(timer);
      release();
    }
    this.holds.clear();
  }

  private entry(meetingId: string): Dirty {
    let d = this.dirty.get(meetingId);
    if (!d) this.dirty.set(meetingId, (d = { attendance: new Map(), polls: new Set(), views: new Set(), annotations: false, comments: false, records: false }));
    return d;
  }

  private schedule(meetingId: string): void {
    if (this.closed || this.timers.has(meetingId)) return;
    // While a flush is being written the next one waits for it: at most one in flight and
    // one pending per meeting, whatever the rate of records.
    const timer = setTimeout(() => {
      const run = (this.running.get(meetingId) ?? Promise.resolve()).then(() => {
        this.timers.delete(meetingId);
        return this.flush(meetingId);
      });
      this.running.set(meetingId, run);
      void run.finally(() => {
        if (this.running.get(meetingId) === run) this.running.delete(meetingId);
      });
    }, this.intervalMs);
    this.timers.set(meetingId, timer);
  }

  private async flush(meetingId: string): Promise<void> {
    const d = this.dirty.get(meetingId);
    if (!d) return;
    this.dirty.delete(meetingId);
    const pollIds = [...d.polls];
    try {
      if (!(await this.docs.isLiveWriter(meetingId))) {
        // Another node writes this meeting's live/<id>: it reads the counts once for all nodes,
        // so votes arriving on three nodes still make a few updates a second, not three times as many.
        this.send(meetingId, { attendance: [...d.attendance], polls: pollIds, views: [...d.views], annotations: d.annotations, comments: d.comments, records: d.records, ...(d.presenting !== undefined ? { presenting: d.presenting } : {}), head: false });
        return;
      }
      this.keepLoaded(meetingId);
      // Read from the records database (which may be across the network) just before the
      // write; a record stored meanwhile marks its meeting dirty again, so the next flush has it.
      const counts = pollIds.length ? await this.readCounts(pollIds) : new Map<string, PollCounts>();
      const annotationsVersion = d.annotations ? await this.readAnnotationsVersion(meetingId) : null;
      await this.docs.transact(`live/${meetingId}`, (doc) => {
        for (const [userId, mark] of d.attendance) writeAttendance(doc, userId, mark);
        const polls = liveDoc.polls(doc);
        for (const [pollId, c] of counts) {
          const m = polls.get(pollId);
          if (!m) continue;
          if (m.get('votedCount') !== c.votedCount) m.set('votedCount', c.votedCount);
          if (m.get('handCount') !== c.handCount) m.set('handCount', c.handCount);
        }
        if (d.presenting !== undefined && liveDoc.state(doc).get('presenting') !== d.presenting) liveDoc.state(doc).set('presenting', d.presenting);
        if (d.comments) bumpCommentsVersion(doc);
        if (d.records) bumpRecordsVersion(doc);
        if (annotationsVersion !== null) {
          const state = liveDoc.state(doc);
          if (state.get('annotationsVersion') !== annotationsVersion) state.set('annotationsVersion', annotationsVersion);
        }
      });
      if (d.views.size) await this.writeViews(meetingId, [...d.views]);
      this.counters.flushes++;
      this.counters.attendanceWritten += d.attendance.size;
      this.counters.countsWritten += pollIds.length;
      this.log('debug', 'live flushed', { meetingId, attendance: d.attendance.size, polls: pollIds.length });
    } catch (err) {
      // The records are stored; the next start's reconcile writes what this could not.
      this.log('error', 'live flush failed', { meetingId, error: err instanceof Error ? err.message : String(err) });
    }
  }

  private send(meetingId: string, marks: LiveMarks): void {
    this.docs.sendLiveMarks(meetingId, marks);
    this.counters.marksSent++;
  }

  private keepLoaded(meetingId: string): void {
    if (this.closed) return;
    const held = this.holds.get(meetingId);
    if (held) {
      held.timer.refresh();
      return;
    }
    const release = this.docs.hold(`live/${meetingId}`);
    const timer = setTimeout(() => {
      this.holds.delete(meetingId);
      release();
    }, holdMs);
    timer.unref();
    this.holds.set(meetingId, { release, timer });
  }
}
