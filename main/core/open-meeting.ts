/**
 * A meeting open on this device: its two replicas (`meeting/<id>` and `live/<id>`) and
 * the coalesced "meeting changed" notifications the UI renders from.
 */
import type { ConclusionDraft, LocalBallot, MeetingChanges, MeetingView } from '../../shared/contract';
import { readSeating } from '../../shared/ydoc/seating';
import { readAttendance, readCommentsVersion,
  readRecordsVersion, readConclusions, readItemSpeaking, readPolls, readPresenting, readRecusals, readSpeakers, readTasks } from '../../shared/ydoc/live';
import { summariseAttendance, type AttendanceMark } from '../../shared/domain/attendance';
import { siteKindOf } from '../../shared/domain/site-rights';
import type { CheckInPayload } from '../../shared/api/attendance';
import type { BallotPayload } from '../../shared/api/voting';
import { ballotTrackerOf } from './tellers';
import { outboxState, type StoredRecord } from './outbox';
import type { MeetingRole } from '../../shared/roles';
import { canEditMeeting } from '../../shared/roles';
import { readCommentWindows, readMeeting, type MeetingContent } from '../../shared/ydoc/meeting';
import { readLive } from '../../shared/ydoc/live';
import { Replica, type ReplicaStatus } from './replica';
import type { YDocStore } from './ydoc-store';
import { createEditHistory, type EditHistory } from './edit-history';

/** Many Yjs updates can arrive in a burst (initial sync); the UI needs one view per frame at most. */
const coalesceMs = 16;

/** Content revisions, unique across every meeting this core opens (and reopens). */
let lastContentRev = 0;

export interface OpenMeetingOptions {
  meetingId: string;
  role: MeetingRole;
  serverUrl: string;
  token: string | null;
  store: YDocStore;
  onView: (view: MeetingView) => void;
  onStatus: (from: ReplicaStatus, to: ReplicaStatus) => void;
  onConnectionError: () => void;
  /** Change notice for this person, given what the meeting holds now. */
  changesFor: (content: MeetingContent, synced: boolean, role: MeetingRole) => MeetingChanges | null;
  /** Who is signed in, and their records for this meeting in the outbox. */
  personal: () => { me: string; records: StoredRecord[]; drafts: Record<string, ConclusionDraft> };
}

export class OpenMeeting {
  readonly meeting: Replica;
  readonly live: Replica;
  /** How many windows have this meeting open. */
  refs = 1;
  /** Kept open with no window so the device keeps the pack fresh. */
  background = false;
  /** Undo covers this person's own edits on this device, never someone else's (edit-history.ts). */
  readonly history: EditHistory;
  private timer: NodeJS.Timeout | null = null;
  /**
   * The meeting document read into content and seating, for the revision it was read at.
   * A check-in or a ballot changes only the live document: the next view reuses these
   * instead of reading 3,152 participants and seats again (and hands the same objects on).
   */
  private contentRev = ++lastContentRev;
  private contentRead: { rev: number; content: MeetingContent; seating: MeetingView['seating'] } | null = null;

  constructor(private readonly opts: OpenMeetingOptions) {
    const make = (docName: string, onChange: () => void) => {
      let last: ReplicaStatus = 'disconnected';
      return new Replica({
        store: opts.store,
        storeKey: `${opts.serverUrl}|${docName}`,
        serverUrl: opts.serverUrl,
        docName,
        token: opts.token ?? '',
        onChange,
        onStatus: (s) => {
          opts.onStatus(last, s);
          last = s;
        },
        onConnectionError: opts.onConnectionError,
      });
    };
    this.meeting = make(`meeting/${opts.meetingId}`, () => {
      // Also on first sync (no update, but `synced` changes): a new revision is only ever too cautious.
      this.contentRev = ++lastContentRev;
      this.scheduleView();
    });
    this.live = make(`live/${opts.meetingId}`, () => this.scheduleView());
    this.history = createEditHistory(this.meeting.doc, () => this.scheduleView());
  }

  get role(): MeetingRole {
    return this.opts.role;
  }

  set role(role: MeetingRole) {
    this.opts.role = role;
  }

  connect(token: string): void {
    this.meeting.connect(token);
    this.live.connect(token);
  }

  disconnect(): void {
    this.meeting.disconnect();
    this.live.disconnect();
  }

  view(): MeetingView {
    let read = this.contentRead;
    if (read?.rev !== this.contentRev) {
      const content = readMeeting(this.meeting.doc);
      read = this.contentRead = { rev: this.contentRev, content, seating: readSeating(this.meeting.doc, new Set(content.participants.map((p) => p.id))) };
    }
    const { content, seating } = read;
    const { me, records, drafts } = this.opts.personal();
    const pendingRecords: MeetingView['pendingRecords'] = [];
    const marks = readAttendance(this.live.doc);
    const pending: Record<string, AttendanceMark> = {};
    const myBallots: Record<string, LocalBallot> = {};
    let mine: MeetingView['attendance']['mine'] = null;
    for (const r of records) {
      if (r.kind === 'checkin') {
        const p = r.payload as CheckInPayload;
        if (r.state === 'pending') pending[p.userId] = { status: p.status, at: r.createdAt, by: me, substitute: p.substitute };
        if (p.userId === me) mine = outboxState(r);
      } else if (r.kind === 'ballot') {
        const p = r.payload as BallotPayload;
        // Records come oldest first: the latest ballot for a poll is the one that counts.
        myBallots[p.pollId] = { ...outboxState(r), pollId: p.pollId, choices: p.choices ?? [], tracker: p.encrypted ? ballotTrackerOf(p.pollId, p.encrypted) : null, castAt: r.createdAt };
      } else if (r.kind !== 'annotation' && r.state !== 'sent') {
        // Shared annotations show their state on the annotation itself.
        pendingRecords.push({ ...outboxState(r), kind: r.kind, payload: r.payload });
      }
    }
    const members = content.participants.map((p) => ({ id: p.id, role: p.role, siteId: p.siteId }));
    return {
      me,
      seating,
      attendance: { ...summariseAttendance(members, marks, content.meta.quorum, { rule: content.meta.quorumCounts, kindOf: siteKindOf(content.sites) }), marks: Object.fromEntries(marks), pending, mine },
      polls: readPolls(this.live.doc),
      speakers: readSpeakers(this.live.doc),
      itemSpeaking: readItemSpeaking(this.live.doc),
      presenting: readPresenting(this.live.doc),
      commentsVersion: readCommentsVersion(this.live.doc),
      recordsVersion: readRecordsVersion(this.live.doc),
      recusals: readRecusals(this.live.doc),
      commentWindows: readCommentWindows(this.meeting.doc),
      myBallots,
      conclusions: readConclusions(this.live.doc),
      drafts,
      tasks: readTasks(this.live.doc),
      pendingRecords,
      id: this.opts.meetingId,
      role: this.opts.role,
      canEdit: canEditMeeting(this.opts.role),
      synced: this.meeting.synced,
      contentRev: read.rev,
      content,
      live: readLive(this.live.doc),
      history: this.history.view(content),
      changes: this.opts.changesFor(content, this.meeting.synced, this.opts.role),
    };
  }

  /** Re-sends the view now (e.g. after the person acknowledged the changes). */
  refresh(): void {
    this.scheduleView();
  }

  private scheduleView(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.opts.onView(this.view());
    }, coalesceMs);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.history.destroy();
    this.meeting.close();
    this.live.close();
  }
}
