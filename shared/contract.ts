/**
 * The contract between the renderer and the desktop core, written once.
 *
 * - The core implements `Api` with `satisfies` and parses every input with its schema.
 * - The Electron preload and the browser-mode bridge are both generated from `channels`.
 * - The renderer gets its types from here and never sees a transport.
 *
 * A call is `namespace.method`; events are pushed from the core and listening returns an
 * unsubscribe function so React effects clean up.
 */
import { z } from 'zod';
import { CreateMeetingRequest, MeetingSummary } from './api/meetings';
import { ParticipantInput, UpdateParticipantRequest, type AddParticipantsResponse } from './api/participants';
import { User } from './api/session';
import { Confidentiality, SiteKind } from './meeting-enums';
import type { ImportedParticipant, ImportProblem } from './domain/participants-import';
import type { ErrorInfo } from './errors';
import { MeetingRole } from './roles';
import { MeetingContent, MeetingMeta, type DocumentView } from './ydoc/meeting';
import { requestKinds, SpeakerTimeRequest } from './domain/speaking';
import { RecusalPayload, type Recusal } from './domain/recusal';
import { CommentPayload, CommentResponse, CommentTableFormat, type CommentWindow, type DraftComment } from './domain/draft-comments';
import { PollDefinition, type LiveState, type PollView, type Presenting, type SpeakerRequest } from './ydoc/live';
import type { SeatingView } from './ydoc/seating';
import { BlockSpec } from './domain/seating';
import type { AttendanceMark, AttendanceSummary } from './domain/attendance';
import type { VotersResponse, CeremonyState } from './api/voting';
import type { Conclusion } from './api/conclusions';
import type { Task } from './api/tasks';
import type { AuditReport } from './api/audit';
import type { DeviceView, UserDevices } from './api/devices';
import {
  ConclusionRegisterExportQuery,
  ConclusionRegisterQuery,
  CreateOrganisationRequest,
  OrganisationMemberRequest,
  RecordKind,
  Recipients,
  UpdateOrganisationRequest,
  type ConclusionRegister,
  type MeetingRecordsResponse,
  type MinutesApprovals,
  type OfficialRecord,
  type Organisation,
  type OrganisationList,
  type OrganisationMembers,
  type VerifyDocumentResponse,
} from './organisations';
import { AnnotationColor, AnnotationContent, AnnotationNote, PageRect } from './api/reading';
import { TaskPriority } from './api/tasks';
import { maxAgendaDepth } from './domain/agenda';
import { refineSafeText, safeLine, safeMultiline } from './text-safety';
import { CommentId, DeviceId, OrganisationId, RecordId, DocumentId, ItemId, MeetingId, OptionId, PollId, SiteId, SpeakerRequestId, UserId, UserRef } from './ids';
import { MinutesVersionRequest, ReturnMinutesRequest, SaveMinutesTextRequest, type MinutesVersion, type MinutesVersionsResponse } from './domain/minutes-text';
import { channelNames, eventNames, isChannel, isEventName, type ChannelName, type EventNameList } from './channels';
import { parseServerAddresses } from './server-addresses';

const Title = safeLine('Title').min(1, 'A title cannot be empty.').max(500, 'A title can have at most 500 characters.');

/** One address, or several of one cluster separated by commas (shared/server-addresses.ts); normalised. */
export const ServerUrl = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const parsed = parseServerAddresses(text);
    if ('error' in parsed) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return parsed.addresses.join(',');
  });

export const SessionInfo = z.object({ serverUrl: z.string(), user: User });
export type SessionInfo = z.infer<typeof SessionInfo>;

export const SyncState = z.enum(['online', 'connecting', 'offline', 'signed_out']);
export type SyncState = z.infer<typeof SyncState>;

export const SyncStatus = z.object({
  state: SyncState,
  serverUrl: z.string().nullable(),
  /** When the core last heard from the server; null if never. */
  lastOnlineAt: z.string().nullable(),
  /**
   * Milliseconds to add to this device's clock to read the server's (estimated from the
   * server's replies, main/core/server-clock.ts); 0 until the first reply. Countdowns use it.
   */
  clockOffsetMs: z.number(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/** What changed in a published meeting since this person last acknowledged it. */
export interface MeetingChanges {
  /** When the person last acknowledged (or first saw) the meeting. */
  since: string;
  documentsReplaced: { oldId: string; newId: string; title: string; version: number }[];
  documentsAdded: { id: string; title: string }[];
  itemsAdded: string[];
  itemsRemoved: string[];
  itemsRenamed: { id: string; from: string; to: string }[];
}

/** What one undo (or redo) step is, for its button to say: "Undo: rename item 3". */
export type EditAction = 'add' | 'rename' | 'duration' | 'details' | 'remove' | 'move' | 'attach' | 'detach' | 'other';
export interface EditStep {
  action: EditAction;
  /** The agenda item's number as the agenda reads now; null when the step is not about one item. */
  itemNumber: string | null;
}

export interface MeetingView {
  id: string;
  role: MeetingRole;
  canEdit: boolean;
  /** True once this replica has exchanged state with the server since it opened. */
  synced: boolean;
  /**
   * Which state of the meeting document `content` and `seating` were read from: a new
   * number (never reused, across meetings and reopenings) whenever that document changes.
   */
  contentRev: number;
  content: MeetingContent;
  live: LiveState;
  /** Undo/redo of this person's own edits on this device, since the last change of status (publishing). */
  history: { canUndo: boolean; canRedo: boolean; undo: EditStep | null; redo: EditStep | null };
  /** Changes since last acknowledged; null when there are none (or for the secretariat). */
  changes: MeetingChanges | null;
  /** The signed-in person's user id, to find their own seat, check-in and ballots. */
  me: string;
  seating: SeatingView;
  /** Marks as the server published them, plus this device's own marks still on their way. */
  attendance: AttendanceSummary & {
    marks: Record<string, AttendanceMark>;
    pending: Record<string, AttendanceMark>;
    /** This person's own latest check-in on this device: sending, received, or refused with the reason. */
    mine: OutboxState | null;
  };
  polls: PollView[];
  /** Who has the floor (first), then the list: points of order, the chair's order, the order asked (domain/speaking queueOrder). */
  speakers: SpeakerRequest[];
  /** Speaking time used per agenda item by speeches that have ended, in ms (the one under way is added on the device). */
  itemSpeaking: Record<string, number>;
  /** The document presented now and its page (follow the presenter), or null. */
  presenting: Presenting | null;
  /** Conflicts of interest declared (published by the server); this device's own still on their way are in pendingRecords. */
  recusals: Recusal[];
  /** Documents open for comments, by document id (the secretariat sets them in the meeting). */
  commentWindows: Record<string, CommentWindow>;
  /** Moves whenever a comment on a draft is taken or answered: a screen listing comments fetches them again (comments.list). */
  commentsVersion: number;
  /** Moves whenever the notice or minutes change (text, sending, approvals, issue): the records screen fetches them again. */
  recordsVersion: number;
  /** This person's own ballots on this device (a secret one only as its tracker: the choice is encrypted before it is stored). */
  myBallots: Record<string, LocalBallot>;
  /** Final conclusions the server published, one per agenda item (latest version). */
  conclusions: Conclusion[];
  /** This device's drafts, by agenda item: saved as typed, survive a crash or a lost network. */
  drafts: Record<string, ConclusionDraft>;
  /** Tasks of this meeting as the server published them. */
  tasks: Task[];
  /** Conclusions, tasks and reports this person sent that are still on their way (or refused). */
  pendingRecords: (OutboxState & { kind: 'conclusion' | 'task' | 'task_progress' | 'recusal' | 'comment'; payload: unknown })[];
}

export interface ConclusionDraft {
  agendaItemId: string;
  text: string;
  pollRefs: string[];
  savedAt: string;
}

/** A record on its way to the server through the outbox, as the person sees it. */
export interface OutboxState {
  key: string;
  state: 'pending' | 'sent' | 'refused';
  /** Server time of the receipt, when sent. */
  receivedAt: string | null;
  receipt: string | null;
  /** Why the server refused it, in words the person can read (the server's, in English). */
  refusal: string | null;
  /** The same, as a reason (shared/api/outbox refusalReasons) and its values, to say it in the UI's language. */
  refusalReason: string | null;
  refusalParams: Record<string, string> | null;
  attempts: number;
}

/** A teller's view of a secret poll's ceremony (issue 15). */
export interface TellerStatus {
  ceremony: CeremonyState;
  /** What this device still has to do: nothing, wait for the others, or a step it will take on takePart. */
  next: 'not_teller' | 'key' | 'wait_keys' | 'deal' | 'wait_dealings' | 'check' | 'done' | 'failed' | 'open' | 'opened';
  /** Whether this device holds its secret share of the poll's key. */
  holdsShare: boolean;
}

/** The result of checking a closed secret poll on this device. */
export interface PollVerification {
  ok: boolean;
  problems: string[];
  ballots: number;
  counts: Record<string, number> | null;
  trackers: string[];
  missing: number[];
  rejected: number[];
}

export interface LocalBallot extends OutboxState {
  pollId: string;
  /** A named ballot's choices; empty for a secret one, whose choice leaves no trace outside its ciphertext. */
  choices: string[];
  /** A secret ballot's tracker (hash of its encrypted ballot), to find it in the poll's published list; null for named ballots. */
  tracker: string | null;
  castAt: string;
}

/**
 * A file the person chose. Electron passes the path the preload got for a dropped or
 * picked file; browser mode first uploads the bytes to its own host (PUT /staging) and
 * passes the staged id.
 */
export const FileRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) }),
  z.object({ kind: z.literal('staged'), id: z.uuid('Unknown staged file.') }),
]);
export type FileRef = z.infer<typeof FileRef>;

export interface ImportPreview {
  encoding: string;
  rows: ImportedParticipant[];
  problems: ImportProblem[];
  /** Site names in the file that the meeting does not have yet; importing creates them. */
  newSites: string[];
}

export interface UploadProgress {
  uploadId: string;
  meetingId: string;
  fileName: string;
  sent: number;
  total: number;
  state: 'uploading' | 'processing' | 'done' | 'failed';
  error?: ErrorInfo;
}

export interface AppInfo {
  version: string;
  mode: 'electron' | 'browser';
  /** Suggested server address for the login screen (the embedded demo server, if any). */
  defaultServerUrl: string | null;
  /** When this device last deleted a person's data because it was reported lost (until the next sign-in). */
  wipedAt: string | null;
}

// ── Reading the meeting pack (issue 4) ─────────────────────────────────────────────

export type PackFileState = 'on_device' | 'queued' | 'downloading' | 'failed';

export interface PackFile {
  documentId: string;
  title: string;
  sha256: string;
  size: number;
  received: number;
  state: PackFileState;
  /** Why it failed, in words a person can act on (hash mismatch, disk full, server gone…). */
  error?: ErrorInfo;
  /** Pages of text in the search index (0 until indexed; scanned PDFs may have none). */
  indexedPages: number;
}

export interface PackStatus {
  meetingId: string;
  files: PackFile[];
  totalBytes: number;
  receivedBytes: number;
  /** Every current document is on this device, verified. */
  readyOffline: boolean;
  bytesPerSecond: number;
  /** Estimated seconds left; null when unknown or done. */
  etaSeconds: number | null;
}

export interface SearchHit {
  page: number;
  /** Text around the match; the matched words are wrapped in \u0002 … \u0003 markers. */
  snippet: string;
}

export interface SearchResultGroup {
  documentId: string;
  title: string;
  hits: SearchHit[];
}

export interface SearchResults {
  query: string;
  groups: SearchResultGroup[];
  totalHits: number;
  tookMs: number;
}

/** A rectangle on a page, in fractions of the page's width and height (0…1), zoom-independent. */
export { PageRect };

export interface Annotation {
  id: string;
  meetingId: string;
  documentId: string;
  page: number;
  kind: 'highlight' | 'note';
  /** The highlighted text, used to find the passage again in a new version. */
  quote: string | null;
  rects: PageRect[];
  note: string | null;
  color: string;
  shared: boolean;
  /** For shared ones: 'pending' until the server's receipt, then 'synced'; 'refused' keeps the reason. */
  syncState: 'local' | 'pending' | 'synced' | 'refused';
  refusal: string | null;
  /** 'not_found' when the document was replaced and the passage is not in the new version. */
  carryOver: 'none' | 'carried' | 'not_found';
  /** The document version the annotation was first made on, when carried over. */
  carriedFrom: string | null;
  createdAt: string;
  updatedAt: string;
  /** Who wrote it: the signed-in person for their own, the author for others' shared ones. */
  authorName: string;
  /** False for someone else's annotation shared with the meeting: read-only here. */
  mine: boolean;
}

/** Phantom type carrier: outputs are produced by our own code, so they are typed, not parsed. */
const out = <T>() => null as unknown as T;

function call<I extends z.ZodType, O>(input: I, output: O) {
  return { input, output };
}

const Empty = z.object({}).strict().optional();
const Meeting = z.object({ meetingId: MeetingId });
const Organisation_ = z.object({ organisationId: OrganisationId });

export const contract = {
  app: {
    info: call(Empty, out<AppInfo>()),
  },
  session: {
    login: call(
      z.object({ serverUrl: ServerUrl, username: z.string().trim().min(1, 'Enter a user name.'), password: z.string().min(1, 'Enter a password.') }),
      out<SessionInfo>(),
    ),
    logout: call(Empty, out<null>()),
    current: call(Empty, out<SessionInfo | null>()),
  },
  meetings: {
    list: call(Empty, out<{ meetings: MeetingSummary[]; fromCache: boolean }>()),
    create: call(CreateMeetingRequest, out<MeetingSummary>()),
    publish: call(Meeting, out<MeetingSummary>()),
    acknowledgeChanges: call(Meeting, out<null>()),
    open: call(z.object({ meetingId: MeetingId }), out<MeetingView>()),
    /** The whole current view of a meeting this device has open (what a window asks when its copy is gone). */
    view: call(z.object({ meetingId: MeetingId }), out<MeetingView>()),
    close: call(z.object({ meetingId: MeetingId }), out<null>()),
    updateMeta: call(
      z.object({ meetingId: MeetingId, patch: MeetingMeta.pick({ title: true, kind: true, startsAt: true, endsAt: true, venue: true, confidentiality: true, offlineLeaseDays: true, quorum: true, siteRights: true, quorumCounts: true })
          // The view schema reads any string back; what a person types is checked (text-safety).
          .extend({ title: Title, kind: safeLine('Kind').min(1).max(100), venue: safeLine('Venue').max(300).nullable() })
          .partial() }),
      out<null>(),
    ),
  },
  agenda: {
    add: call(
      z.object({
        meetingId: MeetingId,
        parentId: ItemId.nullable(),
        /** Position among the new siblings; omitted = at the end. */
        index: z.number().int().min(0).optional(),
        title: Title,
      }),
      out<{ itemId: string }>(),
    ),
    rename: call(z.object({ meetingId: MeetingId, itemId: ItemId, title: Title }), out<null>()),
    update: call(
      z.object({
        meetingId: MeetingId,
        itemId: ItemId,
        durationMin: z.number().int().min(0).max(24 * 60).nullable().optional(),
        presenter: safeLine('Presenter').max(200).nullable().optional(),
        /** Speaking time per speaker, and for all speeches on the item, in minutes; null clears it. */
        speakingLimitMin: z.number().int().min(1, 'A speaking limit is at least 1 minute.').max(24 * 60).nullable().optional(),
        speakingBudgetMin: z.number().int().min(1, 'A speaking budget is at least 1 minute.').max(24 * 60).nullable().optional(),
      }),
      out<null>(),
    ),
    remove: call(z.object({ meetingId: MeetingId, itemId: ItemId }), out<null>()),
    move: call(
      z.object({ meetingId: MeetingId, itemId: ItemId, parentId: ItemId.nullable(), index: z.number().int().min(0) }),
      out<null>(),
    ),
    attachDocument: call(z.object({ meetingId: MeetingId, itemId: ItemId, documentId: DocumentId }), out<null>()),
    detachDocument: call(z.object({ meetingId: MeetingId, itemId: ItemId, documentId: DocumentId }), out<null>()),
    undo: call(Meeting, out<null>()),
    redo: call(Meeting, out<null>()),
    /**
     * Whoever runs the meeting (chair, vice chair, secretariat) moves it to an item, or ends
     * the current one with null; every device follows through live/<id>. Needs the server.
     */
    setCurrent: call(z.object({ meetingId: MeetingId, itemId: ItemId.nullable() }), out<null>()),
  },
  participants: {
    previewImport: call(z.object({ meetingId: MeetingId, file: FileRef }), out<ImportPreview>()),
    /** Imports exactly what previewImport showed; refused as a whole if any row has a problem. */
    import: call(z.object({ meetingId: MeetingId, file: FileRef }), out<AddParticipantsResponse & { createdSites: string[] }>()),
    add: call(z.object({ meetingId: MeetingId, participant: ParticipantInput }), out<AddParticipantsResponse>()),
    update: call(z.object({ meetingId: MeetingId, userId: UserId, patch: UpdateParticipantRequest }), out<null>()),
    remove: call(z.object({ meetingId: MeetingId, userId: UserId }), out<null>()),
  },
  sites: {
    add: call(z.object({ meetingId: MeetingId, name: Title, kind: SiteKind }), out<{ siteId: string }>()),
    update: call(z.object({ meetingId: MeetingId, siteId: SiteId, name: Title.optional(), kind: SiteKind.optional() }), out<null>()),
    /** Participants at a removed site are left without a site, never removed. */
    remove: call(z.object({ meetingId: MeetingId, siteId: SiteId }), out<null>()),
  },
  documents: {
    /** Progress arrives as `documents.progress` events with the caller's uploadId. */
    upload: call(
      z.object({
        meetingId: MeetingId,
        uploadId: z.uuid(),
        file: FileRef,
        agendaItemId: ItemId.nullable().default(null),
        /** Omitted: the meeting's own level decides on the server (shared/domain/documents). */
        confidentiality: Confidentiality.optional(),
        replaces: DocumentId.nullable().default(null),
      }),
      out<{ document: DocumentView; deduplicated: boolean }>(),
    ),
    update: call(
      z.object({ meetingId: MeetingId, documentId: DocumentId, title: Title.optional(), confidentiality: Confidentiality.optional() }),
      out<null>(),
    ),
    /**
     * Where the renderer loads a document's bytes from: a same-origin path served by the
     * shell from this device's verified cache (`/blob/<sha256>`, HTTP Range supported), with
     * the headers to send. Null url when the file is not on the device yet.
     */
    source: call(z.object({ meetingId: MeetingId, documentId: DocumentId }), out<{ url: string | null; headers: Record<string, string>; state: PackFileState }>()),
  },
  pack: {
    status: call(Meeting, out<PackStatus>()),
    /** Tries the failed files again now instead of waiting for the next automatic retry. */
    retry: call(Meeting, out<null>()),
  },
  search: {
    query: call(
      z.object({
        meetingId: MeetingId,
        text: z.string().trim().min(1, 'Type something to search for.').max(200),
        documentId: DocumentId.optional(),
        limit: z.number().int().min(1).max(500).default(100),
      }),
      out<SearchResults>(),
    ),
  },
  annotations: {
    list: call(z.object({ meetingId: MeetingId, documentId: DocumentId.optional() }), out<Annotation[]>()),
    add: call(
      z.object({
        meetingId: MeetingId,
        documentId: DocumentId,
        page: z.number().int().min(1),
        ...AnnotationContent.shape,
        shared: z.boolean().default(false),
      }),
      out<Annotation>(),
    ),
    update: call(
      z.object({ id: z.uuid(), note: AnnotationNote.nullable().optional(), color: AnnotationColor.optional(), shared: z.boolean().optional() }),
      out<Annotation>(),
    ),
    remove: call(z.object({ id: z.uuid() }), out<null>()),
  },
  seating: {
    addRoom: call(z.object({ meetingId: MeetingId, siteId: SiteId.nullable(), name: Title }), out<{ roomId: string }>()),
    updateRoom: call(z.object({ meetingId: MeetingId, roomId: z.uuid(), name: Title.optional(), siteId: SiteId.nullable().optional() }), out<null>()),
    removeRoom: call(z.object({ meetingId: MeetingId, roomId: z.uuid() }), out<null>()),
    /** "Block A, 12 rows × 20 seats"; labels like A-03-12. Refused if it overlaps seats already there. */
    generateBlock: call(z.object({ meetingId: MeetingId, roomId: z.uuid(), block: BlockSpec }), out<{ seats: number }>()),
    updateSeats: call(
      z.object({
        meetingId: MeetingId,
        roomId: z.uuid(),
        seats: z.array(z.object({ seatId: z.uuid(), label: safeLine('Seat label').min(1).max(40).optional(), x: z.number().int().optional(), y: z.number().int().optional(), kind: z.enum(['seat', 'presidium', 'podium']).optional() })).min(1).max(5000),
      }),
      out<null>(),
    ),
    removeSeats: call(z.object({ meetingId: MeetingId, roomId: z.uuid(), seatIds: z.array(z.uuid()).min(1).max(40_000) }), out<null>()),
    /** Puts a participant in a seat (null clears it); they leave any other seat they had. */
    assign: call(z.object({ meetingId: MeetingId, roomId: z.uuid(), seatId: z.uuid(), participantId: UserId.nullable() }), out<null>()),
    swap: call(z.object({ meetingId: MeetingId, a: z.object({ roomId: z.uuid(), seatId: z.uuid() }), b: z.object({ roomId: z.uuid(), seatId: z.uuid() }) }), out<null>()),
    /** Presidium first, then by role and list order; only people of the room's site (all, if the room has no site). */
    /** withoutSite: people left out because they have no site and the room is a remote site's. */
    autoAssign: call(z.object({ meetingId: MeetingId, roomId: z.uuid() }), out<{ assigned: number; unassigned: number; withoutSite: number }>()),
    clearRoom: call(z.object({ meetingId: MeetingId, roomId: z.uuid() }), out<null>()),
  },
  attendance: {
    /** The signed-in person checks in (only while check-in is open). Written locally first. */
    checkIn: call(Meeting, out<OutboxState>()),
    /** Secretariat: mark people present / excused / absent, many at once, with a substitute. */
    mark: call(
      z.object({
        meetingId: MeetingId,
        userIds: z.array(UserId).min(1).max(10_000),
        status: z.enum(['present', 'excused', 'absent']),
        substitute: safeLine('Substitute').min(1).max(200).nullable().default(null),
      }),
      out<{ queued: number }>(),
    ),
    setWindow: call(z.object({ meetingId: MeetingId, open: z.boolean() }), out<null>()),
  },
  polls: {
    create: call(z.object({ meetingId: MeetingId, agendaItemId: ItemId.nullable().default(null), definition: PollDefinition }), out<{ pollId: string }>()),
    update: call(z.object({ meetingId: MeetingId, pollId: PollId, agendaItemId: ItemId.nullable(), definition: PollDefinition }), out<null>()),
    remove: call(z.object({ meetingId: MeetingId, pollId: PollId }), out<null>()),
    open: call(z.object({ meetingId: MeetingId, pollId: PollId }), out<null>()),
    close: call(z.object({ meetingId: MeetingId, pollId: PollId }), out<null>()),
    publish: call(z.object({ meetingId: MeetingId, pollId: PollId }), out<null>()),
    /** Written locally (synchronous=FULL) first, then sent; the receipt arrives as a view change. */
    cast: call(z.object({ meetingId: MeetingId, pollId: PollId, choices: z.array(OptionId).max(500) }), out<LocalBallot>()),
    recordHands: call(
      z.object({ meetingId: MeetingId, pollId: PollId, entries: z.array(z.object({ userId: UserId, choices: z.array(OptionId).max(500) })).min(1).max(10_000) }),
      out<null>(),
    ),
    voters: call(z.object({ meetingId: MeetingId, pollId: PollId }), out<VotersResponse>()),
    // Secret polls' tellers (issue 15): this device's part in the key ceremony and in opening the result.
    /** The ceremony as the server has it, and what this device holds for it. */
    ceremony: call(z.object({ meetingId: MeetingId, pollId: PollId }), out<TellerStatus>()),
    /** Does whatever ceremony step is due for this device (key, dealing, checking shares); call again when others have moved. */
    takePart: call(z.object({ meetingId: MeetingId, pollId: PollId }), out<TellerStatus>()),
    /** Sends this teller's partial decryption of the sealed totals, with its proofs. */
    openResult: call(z.object({ meetingId: MeetingId, pollId: PollId }), out<{ opened: boolean }>()),
    restartCeremony: call(z.object({ meetingId: MeetingId, pollId: PollId }), out<null>()),
    declareVoid: call(z.object({ meetingId: MeetingId, pollId: PollId, reason: z.string().trim().min(1, 'Say why the poll is void.').max(2000) }), out<null>()),
    /** Downloads the poll's ballots and tally proofs and checks them all on this device. */
    verify: call(z.object({ meetingId: MeetingId, pollId: PollId }), out<PollVerification>()),
  },
  speakers: {
    /** Ask to speak, reply to the one speaking, or raise a point of order (needs the server); asking again gives back the request already waiting. */
    request: call(Meeting.extend({ kind: z.enum(requestKinds).default('speak') }), out<SpeakerRequest>()),
    withdraw: call(z.object({ meetingId: MeetingId, requestId: SpeakerRequestId }), out<SpeakerRequest>()),
    /** Whoever runs the meeting gives the floor (whoever had it is done), or ends a speech. */
    grant: call(z.object({ meetingId: MeetingId, requestId: SpeakerRequestId }), out<SpeakerRequest>()),
    finish: call(z.object({ meetingId: MeetingId, requestId: SpeakerRequestId }), out<SpeakerRequest>()),
    /** Pause, resume or add time to the speech under way (whoever runs the meeting). */
    time: call(z.object({ meetingId: MeetingId, requestId: SpeakerRequestId, action: SpeakerTimeRequest }), out<SpeakerRequest>()),
    /** The chair's order of the waiting list: every waiting request once. */
    order: call(z.object({ meetingId: MeetingId, order: z.array(SpeakerRequestId).max(5000) }), out<null>()),
    /** Put a site on the list as a site, nobody named (whoever runs the meeting). */
    giveSite: call(z.object({ meetingId: MeetingId, siteId: SiteId }), out<SpeakerRequest>()),
  },
  comments: {
    /** The secretariat opens a document for comments until a deadline (null closes it), public or not. */
    setWindow: call(z.object({ meetingId: MeetingId, documentId: DocumentId, until: z.iso.datetime({ offset: true }).nullable(), public: z.boolean().default(false) }), out<null>()),
    /** A comment on a page or a passage: an outbox record (kept offline; after the deadline the server refuses it with the reason). */
    add: call(z.object({ meetingId: MeetingId }).extend(CommentPayload.omit({ commentId: true }).shape), out<OutboxState>()),
    /** Comments as the server lists them for this person (needs the server). */
    list: call(z.object({ meetingId: MeetingId, documentId: DocumentId.nullable().default(null) }), out<DraftComment[]>()),
    /** The consolidated table of one draft's comments (secretariat), as DOCX, XLSX, PDF or CSV. */
    export: call(z.object({ meetingId: MeetingId, documentId: DocumentId, format: CommentTableFormat }), out<{ fileName: string; mimeType: string; base64: string }>()),
    /** The secretariat's answer to one comment. */
    respond: call(z.object({ meetingId: MeetingId, commentId: CommentId }).extend(CommentResponse.shape), out<DraftComment>()),
  },
  recusals: {
    /** Declare a conflict of interest on an agenda item, with the reason: an outbox record (kept offline, sent with a receipt). */
    declare: call(z.object({ meetingId: MeetingId }).extend(RecusalPayload.shape), out<OutboxState>()),
  },
  presenting: {
    /** Present a document of the pack from a page (whoever runs the meeting, or the named presenter); presenterId names who turns the pages. */
    start: call(z.object({ meetingId: MeetingId, documentId: DocumentId, page: z.number().int().min(1).max(100_000).default(1), presenterId: UserId.nullable().default(null) }), out<Presenting>()),
    /** The presenter's page, for everyone following (coalesced on the server, latest wins). */
    turn: call(z.object({ meetingId: MeetingId, page: z.number().int().min(1).max(100_000) }), out<Presenting>()),
    stop: call(Meeting, out<null>()),
  },
  conclusions: {
    /** Local only, as the chair types: nothing leaves the device until finalised. */
    saveDraft: call(
      z.object({ meetingId: MeetingId, agendaItemId: ItemId, text: z.string().superRefine(refineSafeText('Conclusion', 'multiline')).max(100_000), pollRefs: z.array(PollId).max(50).default([]) }),
      out<ConclusionDraft>(),
    ),
    /** The chair finalises the item's draft: sent through the outbox, then published to all. */
    finalise: call(z.object({ meetingId: MeetingId, agendaItemId: ItemId }), out<OutboxState>()),
    /** A final conclusion is never edited: a correction is a new version with a reason. */
    correct: call(
      z.object({ meetingId: MeetingId, agendaItemId: ItemId, text: safeMultiline('Conclusion').min(1).max(100_000), pollRefs: z.array(PollId).max(50).default([]), reason: safeMultiline('Reason').min(1, 'Say why the conclusion is corrected.').max(2000) }),
      out<OutboxState>(),
    ),
  },
  tasks: {
    assign: call(
      z.object({
        meetingId: MeetingId,
        conclusionId: z.uuid().nullable().default(null),
        agendaItemId: ItemId.nullable().default(null),
        title: safeLine('Task title').min(1, 'Say what is to be done.').max(2000),
        unit: safeLine('Unit').max(300).nullable().default(null),
        assigneeUserId: UserId.nullable().default(null),
        deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-12-31.'),
        priority: TaskPriority.default('normal'),
      }),
      out<OutboxState & { taskId: string }>(),
    ),
    report: call(
      z.object({ meetingId: MeetingId, taskId: z.uuid(), note: safeMultiline('Note').max(20_000).default(''), completed: z.boolean().default(false), documentId: DocumentId.nullable().default(null) }),
      out<OutboxState>(),
    ),
    /**
     * The assignee's PDF for a progress report, uploaded at once (it needs the network;
     * progress as `documents.progress` events with uploadId); the report then names it.
     */
    attach: call(z.object({ meetingId: MeetingId, taskId: z.uuid(), uploadId: z.uuid(), file: FileRef }), out<{ document: DocumentView; deduplicated: boolean }>()),
    extend: call(z.object({ taskId: z.uuid(), deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-12-31.'), reason: safeMultiline('Reason').min(1, 'Give the reason for the extension.').max(2000) }), out<null>()),
    /** Tasks across meetings (the dashboard); from the device's copy when offline. */
    list: call(z.object({ scope: z.enum(['mine', 'all']).default('all') }), out<{ tasks: Task[]; fromCache: boolean; asOf: string }>()),
  },
  notices: {
    /** The official record (issue 14): the meeting's organisation, draft recipients and finalised records. */
    records: call(Meeting, out<MeetingRecordsResponse>()),
    setRecipients: call(z.object({ meetingId: MeetingId, kind: RecordKind, recipients: Recipients }), out<null>()),
    /** The draft PDF (no number, DỰ THẢO), as a file the person can open or save. */
    preview: call(z.object({ meetingId: MeetingId, kind: RecordKind }), out<{ fileName: string; mimeType: string; base64: string }>()),
    /** Numbers, signs and stores the record; a correction names the record it replaces and why. */
    finalise: call(
      z.object({ meetingId: MeetingId, kind: RecordKind, replaces: RecordId.nullable().default(null), reason: safeMultiline('Reason').min(1).max(1000).nullable().default(null) }),
      out<OfficialRecord>(),
    ),
    download: call(z.object({ recordId: RecordId }), out<{ fileName: string; mimeType: string; base64: string }>()),
    /**
     * Whether a PDF someone holds is a record this server issued, unchanged (needs the
     * server): the person picks the file; at most 20 MB.
     */
    verify: call(z.object({ base64: z.string().min(1, 'Choose a PDF file.').max(28_000_000, 'The file is larger than 20 MB.') }), out<VerifyDocumentResponse>()),
    /** Records why a participant was absent (excused or not, and the reason), for the minutes (secretariat). */
    setAbsence: call(z.object({ meetingId: MeetingId, userId: UserId, excused: z.boolean(), reason: safeMultiline('Reason').max(300).nullable().default(null) }), out<null>()),
    /** Approves the latest version of the draft minutes (the one the person read): the chair as chair, the secretariat as the secretary; both are needed to finalise them. */
    approveMinutes: call(z.object({ meetingId: MeetingId, version: z.number().int().min(0) }), out<MinutesApprovals>()),
    /** Every saved version of the minutes' narrative, newest first, with sending, returns and the chair's comments (chair, secretariat). */
    minutesVersions: call(Meeting, out<MinutesVersionsResponse>()),
    /** Saves the secretary's narrative as a new version on top of the one opened (secretariat); a correction names the record it corrects. */
    saveMinutesText: call(SaveMinutesTextRequest.extend({ meetingId: MeetingId }), out<MinutesVersion>()),
    /** Sends the latest version to the chair for approval (secretariat). */
    sendMinutes: call(MinutesVersionRequest.extend({ meetingId: MeetingId }), out<MinutesVersion>()),
    /** The chair returns the version sent to them, with a comment for the secretary. */
    returnMinutes: call(ReturnMinutesRequest.extend({ meetingId: MeetingId }), out<MinutesVersion>()),
    /** The Word file of a finalised record (recordId), or of the draft (chair, secretariat), for adjusting the wording. */
    docx: call(
      z.object({ meetingId: MeetingId, kind: RecordKind, recordId: RecordId.nullable().default(null) }),
      out<{ fileName: string; mimeType: string; base64: string }>(),
    ),
  },
  /**
   * Organisations (issue 14): their letterhead, signer, members and signing certificate.
   * Everything here needs the server; an admin creates them and names their secretariat,
   * the secretariat keeps the letterhead and signer.
   */
  organisations: {
    /** The organisations the person belongs to (all, for an admin), with their role in each. */
    list: call(Empty, out<OrganisationList>()),
    get: call(Organisation_, out<Organisation>()),
    /** Administrators. */
    create: call(CreateOrganisationRequest, out<Organisation>()),
    /** The letterhead and signer (its secretariat, administrators): only the fields given change. */
    update: call(z.object({ organisationId: OrganisationId, fields: UpdateOrganisationRequest }), out<Organisation>()),
    /** Its secretariat and members (its secretariat, administrators). */
    members: call(Organisation_, out<OrganisationMembers>()),
    /** Names an account, by user name, secretariat or member (administrators). */
    setMember: call(OrganisationMemberRequest.extend({ organisationId: OrganisationId }), out<null>()),
    /**
     * The signing certificate: a PKCS#12 (.p12/.pfx) file the person picked and its password
     * (its secretariat, administrators). The server refuses a wrong password or an expired
     * certificate with the reason, and nothing changes.
     */
    setCertificate: call(z.object({ organisationId: OrganisationId, file: FileRef, password: z.string().max(200, 'The password is longer than 200 characters.') }), out<Organisation>()),
    /** A self-signed demo certificate, printed as such on the records (administrators). */
    demoCertificate: call(Organisation_, out<Organisation>()),
    /** Its meetings (its secretariat, administrators). */
    meetings: call(Organisation_, out<{ meetings: MeetingSummary[] }>()),
    /** Moves a meeting to the organisation, before the meeting has a numbered record. */
    setMeetingOrganisation: call(z.object({ meetingId: MeetingId, organisationId: OrganisationId }), out<{ organisationId: string }>()),
  },
  reports: {
    /** The monthly monitoring report as a file the person can save. */
    monthly: call(z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use a month like 2026-10.'), format: z.enum(['pdf', 'csv']) }), out<{ fileName: string; mimeType: string; base64: string }>()),
    /** The register of conclusions of an organisation (its secretariat), filtered. */
    conclusions: call(ConclusionRegisterQuery.extend({ organisationId: OrganisationId }), out<ConclusionRegister>()),
    /** The same register as a CSV or XLSX file. */
    conclusionsExport: call(ConclusionRegisterExportQuery.extend({ organisationId: OrganisationId }), out<{ fileName: string; mimeType: string; base64: string }>()),
  },
  /** Who is signed in where (issue 11): one's own devices, and (admin, secretariat) someone else's. */
  devices: {
    list: call(Empty, out<DeviceView[]>()),
    signOut: call(z.object({ deviceId: DeviceId }), out<null>()),
    markLost: call(z.object({ deviceId: DeviceId }), out<DeviceView>()),
    /** Every device of the signed-in person, this one included: it is signed out too. */
    signOutEverywhere: call(Empty, out<{ signedOut: number }>()),
    /** A user's devices by user name or id (administrators, or the secretariat of a meeting they are in). */
    ofUser: call(z.object({ user: UserRef }), out<UserDevices>()),
    signOutUser: call(z.object({ user: UserRef }), out<{ signedOut: number }>()),
    setDisabled: call(z.object({ user: UserRef, disabled: z.boolean() }), out<UserDevices>()),
  },
  /** Issue 18: the meeting's audit chain, checked with the heads this device kept (chair, vice chair, secretariat). */
  audit: {
    verify: call(Meeting, out<AuditCheckView>()),
  },
  sync: {
    status: call(Empty, out<SyncStatus>()),
  },
} as const;

/** `audit.verify`: the server's report, and how many heads this device contributed. */
export interface AuditCheckView {
  report: AuditReport;
  /** Heads this device kept (from receipts and live/<id>) and sent. */
  deviceHeads: number;
}

export const maxDepthMessage = `An agenda can be at most ${maxAgendaDepth} levels deep.`;

/**
 * `meeting.changed` as it crosses to a window (IPC or the browser-mode socket): a check-in
 * or a vote changes only the live document, and the meeting document's parts — for a
 * congress 2 MB of participants and seats — are left out (null) when that window was
 * already sent them with the same `contentRev`. The window's bridge puts them back
 * (renderer/bridge/meeting-views.ts), so the app itself only ever sees whole views.
 */
export type MeetingViewWire = Omit<MeetingView, 'content' | 'seating'> & ({ content: MeetingContent; seating: SeatingView } | { content: null; seating: null });

export interface Events {
  'sync.status': SyncStatus;
  'session.changed': SessionInfo | null;
  'meeting.changed': MeetingView;
  'meetings.changed': { meetings: MeetingSummary[]; fromCache: boolean };
  'documents.progress': UploadProgress;
  /** Throttled (a few per second at most) while a pack downloads. */
  'pack.progress': PackStatus;
  'annotations.changed': { meetingId: string; documentId: string };
}
export type EventName = keyof Events;

type Contract = typeof contract;
type Namespace = keyof Contract;

/** Calls whose input may be omitted (no arguments) take it optionally. */
type CallFn<I, O> = undefined extends I ? (input?: I) => Promise<O> : (input: I) => Promise<O>;

export type Api = {
  [N in Namespace]: {
    [M in keyof Contract[N]]: Contract[N][M] extends { input: infer I extends z.ZodType; output: infer O }
      ? CallFn<z.input<I>, O>
      : never;
  };
};

export type Channel = {
  [N in Namespace]: `${N & string}.${keyof Contract[N] & string}`;
}[Namespace];

// The zod-free name lists in channels.ts must match the contract exactly, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelsMatch: Same<Channel, ChannelName> = true;
const eventsMatch: Same<EventName, EventNameList> = true;
void channelsMatch;
void eventsMatch;

/** Every call's channel name; the preload and the browser bridge are generated from this. */
export const channels: readonly Channel[] = channelNames;
export { eventNames, isChannel, isEventName };

/** Schema of a channel's input. */
export function inputSchema(channel: Channel): z.ZodType {
  const [ns, m] = channel.split('.') as [Namespace, string];
  return (contract[ns] as Record<string, { input: z.ZodType }>)[m]!.input;
}

/**
 * The minimal thing a transport must provide. Electron's preload exposes exactly this as
 * `window.opencabinet`; browser mode builds it over a loopback WebSocket.
 */
export interface Bridge {
  invoke(channel: Channel, input: unknown): Promise<unknown>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** Electron only: the path of a File the person dropped or picked (webUtils.getPathForFile). */
  pathForFile?(file: unknown): string | null;
}

/** The events as a transport carries them to a window: `meeting.changed` in its wire form. */
export type WireEvents = Omit<Events, 'meeting.changed'> & { 'meeting.changed': MeetingViewWire };

/** A transport (the preload's `window.opencabinet`, the browser-mode socket): a Bridge before views are made whole. */
export interface WireBridge extends Omit<Bridge, 'on'> {
  on<E extends EventName>(event: E, listener: (payload: WireEvents[E]) => void): () => void;
}

/** Envelope every transport uses, so errors keep their code across IPC and WebSocket. */
export type Result = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

export type Client = Api & { on: Bridge['on'] };

/** Typed client over any bridge, generated from the channel list. */
export function createClient(bridge: Bridge): Client {
  const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const channel of channels) {
    const [ns, m] = channel.split('.') as [string, string];
    (api[ns] ??= {})[m] = (input: unknown) => bridge.invoke(channel, input ?? {});
  }
  return Object.assign(api as unknown as Api, { on: bridge.on.bind(bridge) });
}
