/**
 * The server's public HTTP surface, written once: the server validates with these
 * schemas, the desktop core parses responses with them, and /api/openapi.json is
 * generated from them.
 */
import { ItemId, OptionId, OrganisationId, PollId, UserId } from './ids';
import { RecusalPayload } from './domain/recusal';
import { CommentPayload } from './domain/draft-comments';
import { z } from 'zod';
import { GlobalRole, MeetingRole } from './roles';
import { Confidentiality, MeetingStatus } from './meeting-enums';
import { refineSafeText, safeLine, safeMultiline } from './text-safety';

export { MeetingStatus };

export const Health = z.object({ ok: z.literal(true), version: z.string() });
export type Health = z.infer<typeof Health>;

/** GET /api/ready: whether this node should get traffic, and each check's reason when not (503). */
export const ReadyResponse = z.object({
  ready: z.boolean(),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), reason: z.string().optional() })),
});
export type ReadyResponse = z.infer<typeof ReadyResponse>;

export const LoginRequest = z.object({
  username: z.string().trim().min(1, 'Enter a user name.').max(128),
  password: z.string().min(1, 'Enter a password.').max(1024),
  /** What the device calls itself (host name and system; browser mode says so), listed in "my devices". */
  deviceName: safeLine('Device name').max(120, 'A device name can have at most 120 characters.').optional(),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const User = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  globalRole: GlobalRole,
  /**
   * Secretariat of an organisation (issue 14), as of sign-in: with globalRole and the
   * meeting list's roles, what the app asks shared/roles before offering an action.
   */
  organisationSecretariat: z.boolean().optional(),
});
export type User = z.infer<typeof User>;

export const LoginResponse = z.object({
  token: z.string(),
  /** ISO time after which the token is refused and the user must sign in again. */
  expiresAt: z.string(),
  user: User,
  /** The server's receipt key (as GET /api/receipt-key), pinned by the device at sign-in. */
  receiptKey: z.string(),
});
export type LoginResponse = z.infer<typeof LoginResponse>;


export const MeetingSummary = z.object({
  id: z.string(),
  title: z.string(),
  status: MeetingStatus,
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  venue: z.string().nullable(),
  /** The caller's role in this meeting. */
  role: MeetingRole,
});
export type MeetingSummary = z.infer<typeof MeetingSummary>;

export const MeetingList = z.object({ meetings: z.array(MeetingSummary) });
export type MeetingList = z.infer<typeof MeetingList>;

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Yjs document names the sync server accepts: `meeting/<id>` and `live/<id>`. */
export const DocName = z
  .string()
  .regex(/^(meeting|live)\/[A-Za-z0-9_-]{1,64}$/, 'Document name must be meeting/<id> or live/<id>.');

export function parseDocName(name: string): { kind: 'meeting' | 'live'; meetingId: string } | null {
  const ok = DocName.safeParse(name);
  if (!ok.success) return null;
  const [kind, meetingId] = name.split('/') as ['meeting' | 'live', string];
  return { kind, meetingId };
}

/**
 * WebSocket close codes the sync server and the browser bridge use (4000–4999 are ours).
 * y-websocket's convention: 44xx means "do not come back" (the client stops reconnecting),
 * 45xx means "try again later" — a flood is the latter, or the edits behind it would stay
 * on the device until the meeting is opened again.
 */
export const closeCodes = {
  unauthorized: 4401,
  forbidden: 4403,
  notFound: 4404,
  tooLarge: 4413,
  rateLimited: 4529,
  badMessage: 4400,
} as const;

export const SessionResponse = z.object({ user: User, expiresAt: z.string() });
export type SessionResponse = z.infer<typeof SessionResponse>;

export const OkResponse = z.object({ ok: z.literal(true) });
export type OkResponse = z.infer<typeof OkResponse>;

// ── Preparing a meeting (secretariat) ─────────────────────────────────────────────

const IsoTime = z.iso.datetime({ offset: true, message: 'Use a full date and time, e.g. 2026-11-25T08:00:00+07:00.' });

export const CreateMeetingRequest = z
  .object({
    title: safeLine('Title').min(1, 'A meeting needs a title.').max(500),
    kind: safeLine('Kind').min(1).max(100).default('meeting'),
    startsAt: IsoTime.nullable().default(null),
    endsAt: IsoTime.nullable().default(null),
    venue: safeLine('Venue').max(300).nullable().default(null),
    confidentiality: Confidentiality.default('internal'),
    /** The organisation it belongs to (issue 14); default: the creator's, when they are secretariat of one. */
    organisationId: OrganisationId.nullable().default(null),
  })
  .refine((m) => !m.startsAt || !m.endsAt || m.startsAt < m.endsAt, { message: 'The meeting must end after it starts.', path: ['endsAt'] });
export type CreateMeetingRequest = z.input<typeof CreateMeetingRequest>;

/** POST /api/meetings → MeetingSummary; POST /api/meetings/:id/publish → MeetingSummary */

export const ParticipantInput = z.object({
  name: safeLine('Name').min(1, 'The name is empty.').max(200),
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{2,64}$/, 'A user name has 2–64 letters a–z, digits, dot, dash or underscore.'),
  position: safeLine('Position').max(300).nullable().default(null),
  unit: safeLine('Unit').max(300).nullable().default(null),
  role: MeetingRole,
  siteId: z.string().max(64).nullable().default(null),
  email: z.email('Not an e-mail address.').nullable().default(null),
});
export type ParticipantInput = z.input<typeof ParticipantInput>;

/** POST /api/meetings/:id/participants — all or nothing. */
export const AddParticipantsRequest = z.object({
  participants: z.array(ParticipantInput).min(1, 'Add at least one participant.').max(10_000),
});
export type AddParticipantsRequest = z.input<typeof AddParticipantsRequest>;

export const AddParticipantsResponse = z.object({
  added: z.array(
    z.object({
      userId: z.string(),
      username: z.string(),
      /** Shown once to the secretariat for new accounts; null when the account already existed. */
      initialPassword: z.string().nullable(),
      /** The name the meeting shows: an existing account's own name, whatever was typed. */
      displayName: z.string(),
      /** The user name already belonged to an account (whose name is displayName). */
      existingAccount: z.boolean(),
    }),
  ),
});
export type AddParticipantsResponse = z.infer<typeof AddParticipantsResponse>;

/** PATCH /api/meetings/:id/participants/:userId */
export const UpdateParticipantRequest = z
  .object({
    name: safeLine('Name').min(1).max(200),
    position: safeLine('Position').max(300).nullable(),
    unit: safeLine('Unit').max(300).nullable(),
    role: MeetingRole,
    siteId: z.string().max(64).nullable(),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'Nothing to change.');
export type UpdateParticipantRequest = z.input<typeof UpdateParticipantRequest>;

/**
 * POST /api/meetings/:id/documents?filename=…&agendaItemId=…&confidentiality=…&replaces=…
 * Body: the PDF bytes (Content-Type: application/pdf). Stored once by sha256.
 */
export const UploadDocumentQuery = z.object({
  filename: safeLine('File name').min(1, 'The file name is missing.').max(300),
  agendaItemId: z.string().max(64).nullable().default(null),
  confidentiality: Confidentiality.default('internal'),
  /** Id of the document this upload is a new version of. */
  replaces: z.string().max(64).nullable().default(null),
});
export type UploadDocumentQuery = z.input<typeof UploadDocumentQuery>;

export const UploadedDocument = z.object({
  id: z.string(),
  title: z.string(),
  sha256: z.string(),
  size: z.number(),
  pages: z.number(),
  agendaItemId: z.string().nullable(),
  confidentiality: Confidentiality,
  version: z.number(),
  supersedes: z.string().nullable(),
  supersededBy: z.string().nullable(),
});

export const UploadDocumentResponse = z.object({
  document: UploadedDocument,
  /** True when these exact bytes were already on the server and were not stored again. */
  deduplicated: z.boolean(),
});
export type UploadDocumentResponse = z.infer<typeof UploadDocumentResponse>;

/** Largest PDF the server accepts unless configured otherwise (`--max-upload-mb`). */
export const defaultMaxUploadBytes = 500 * 1024 * 1024;

// ── In the room: records through the outbox, check-in, polls, audit (issues 5, 6) ──

/** A person's own check-in, or the secretariat marking others (bulk, excused, substitutes). */
export const CheckInPayload = z.object({
  userId: UserId,
  status: z.enum(['present', 'excused', 'absent']),
  substitute: safeLine('Substitute').min(1).max(200).nullable().default(null),
});
export type CheckInPayload = z.infer<typeof CheckInPayload>;

/** A secret ballot as the device sends it: ciphertexts and proofs only (shared/crypto/ballot.ts). */
export const EncryptedBallot = z.object({
  ciphertexts: z.array(z.string().max(100)).min(1).max(501),
  proofs: z.array(z.string().max(200)).min(1).max(501),
  sumProof: z.string().max(100_000),
  /** The proofs' commitments (shared/crypto/ballot.ts): optional, they let the server check ballots in batches; never stored. */
  commitments: z.object({ proofs: z.array(z.string().max(200)).max(501), sumProof: z.string().max(200_000) }).optional(),
});
export type EncryptedBallot = z.infer<typeof EncryptedBallot>;

/**
 * A named poll's ballot carries `choices`; a secret poll's carries `encrypted` and no
 * plaintext at all (the device encrypted it before the record entered its outbox).
 */
export const BallotPayload = z
  .object({
    pollId: PollId,
    choices: z.array(OptionId).max(500).optional(),
    encrypted: EncryptedBallot.optional(),
  })
  .refine((b) => (b.choices === undefined) !== (b.encrypted === undefined), { message: 'A ballot carries either "choices" (named poll) or "encrypted" (secret poll).', path: ['choices'] });
export type BallotPayload = z.infer<typeof BallotPayload>;

/** The chair finalises an item's conclusion (or corrects a final one, with a reason). */
export const ConclusionPayload = z.object({
  conclusionId: z.uuid(),
  agendaItemId: ItemId,
  text: safeMultiline('Conclusion').min(1, 'A conclusion cannot be empty.').max(100_000),
  /** Polls whose results the text quotes (inserted from the result, never retyped). */
  pollRefs: z.array(PollId).max(50).default([]),
  /** Set when this corrects a final conclusion: the one it replaces, and why. */
  corrects: z.uuid().nullable().default(null),
  reason: safeMultiline('Reason').max(2000).nullable().default(null),
});
export type ConclusionPayload = z.infer<typeof ConclusionPayload>;

export const TaskPriority = z.enum(['normal', 'high', 'urgent']);
export type TaskPriority = z.infer<typeof TaskPriority>;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-12-31.');

/** A follow-up task assigned from a conclusion. */
export const TaskPayload = z
  .object({
    taskId: z.uuid(),
    conclusionId: z.uuid().nullable().default(null),
    agendaItemId: z.string().max(64).nullable().default(null),
    title: safeLine('Task title').min(1, 'Say what is to be done.').max(2000),
    /** The unit responsible (ministry, province…), as the conclusion names it. */
    unit: safeLine('Unit').max(300).nullable().default(null),
    assigneeUserId: z.string().max(64).nullable().default(null),
    deadline: Day,
    priority: TaskPriority.default('normal'),
  })
  .refine((t) => t.unit || t.assigneeUserId, { message: 'A task needs an owner: a unit, a person, or both.', path: ['unit'] });
export type TaskPayload = z.infer<typeof TaskPayload>;

/** The assignee reports progress; `completed` closes the task at the server's receive time. */
export const TaskProgressPayload = z.object({
  taskId: z.uuid(),
  note: safeMultiline('Note').max(20_000).default(''),
  /** A PDF attached to the report, uploaded first as a meeting document. */
  documentId: z.string().max(64).nullable().default(null),
  completed: z.boolean().default(false),
});
export type TaskProgressPayload = z.infer<typeof TaskProgressPayload>;

/** A highlight's rectangle on its page, as fractions of the page (follows every zoom). */
export const PageRect = z.object({
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  w: z.number().min(0).max(1),
  h: z.number().min(0).max(1),
});
export type PageRect = z.infer<typeof PageRect>;

/** Limits of an annotation, the same on the device (annotations.add) and on the server. */
export const annotationLimits = { quote: 5000, rects: 200, note: 20_000 } as const;
export const AnnotationColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Colour must be like #ffd54f.');

/**
 * A highlight or note shared with the meeting, as its author has it now. Sent again on
 * every change; `deleted` when the author deletes it or makes it private again.
 */
export const AnnotationPayload = z.object({
  annotationId: z.uuid(),
  documentId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Unknown document.'),
  page: z.number().int().min(1).max(1_000_000),
  kind: z.enum(['highlight', 'note']),
  quote: z.string().max(annotationLimits.quote).nullable().default(null),
  rects: z.array(PageRect).max(annotationLimits.rects).default([]),
  note: z.string().superRefine(refineSafeText('Note', 'multiline')).normalize('NFC').max(annotationLimits.note).nullable().default(null),
  color: AnnotationColor.default('#ffd54f'),
  deleted: z.boolean().default(false),
});
export type AnnotationPayload = z.infer<typeof AnnotationPayload>;

/**
 * A record written on a device first and sent by its outbox. `key` is the idempotency
 * key: the same key never counts twice, and a retry gets the first receipt back.
 */
export const OutboxRecord = z.discriminatedUnion('kind', [
  z.object({ key: z.uuid(), kind: z.literal('checkin'), payload: CheckInPayload }),
  z.object({ key: z.uuid(), kind: z.literal('ballot'), payload: BallotPayload }),
  z.object({ key: z.uuid(), kind: z.literal('conclusion'), payload: ConclusionPayload }),
  z.object({ key: z.uuid(), kind: z.literal('task'), payload: TaskPayload }),
  z.object({ key: z.uuid(), kind: z.literal('task_progress'), payload: TaskProgressPayload }),
  z.object({ key: z.uuid(), kind: z.literal('annotation'), payload: AnnotationPayload }),
  /** A conflict of interest declared on an agenda item (issue 17, shared/domain/recusal). */
  z.object({ key: z.uuid(), kind: z.literal('recusal'), payload: RecusalPayload }),
  /** A comment on a draft open for comments (issue 17, shared/domain/draft-comments). */
  z.object({ key: z.uuid(), kind: z.literal('comment'), payload: CommentPayload }),
]);
export type OutboxRecord = z.infer<typeof OutboxRecord>;

/** POST /api/meetings/:id/records — answers 200 with one receipt per record, in order. */
export const SubmitRecordsRequest = z.object({ records: z.array(OutboxRecord).min(1).max(500) });
export type SubmitRecordsRequest = z.input<typeof SubmitRecordsRequest>;

/** Refusals of records a person meets in the room, each with a text in every UI language. */
export const refusalReasons = [
  'poll_not_open',
  'poll_closed',
  'poll_unknown',
  'already_voted',
  'bad_choice',
  'not_voting_member',
  'not_in_group',
  'not_present',
  'checkin_self_only',
  'checkin_marks_secretariat',
  'checkin_closed',
  'not_member',
  'deadline_past',
  'not_assignee',
  'task_completed',
  'conclusion_final',
  /** Secret polls (issue 15): plaintext sent, a proof that fails, a copy of another ballot, no key yet. */
  'needs_encryption',
  'bad_ballot',
  'ballot_copied',
  /** Issue 17: a member who declared a conflict of interest on the poll's item. */
  'recused',
  /** Issue 17: a member at a remote site that the secretariat set to follow without voting. */
  'site_cannot_vote',
  /** Issue 17: a comment on a document not open for comments, or after its deadline ({{deadline}}). */
  'comments_closed',
] as const;
export type RefusalReason = (typeof refusalReasons)[number];

export const RecordReceipt = z.discriminatedUnion('ok', [
  z.object({
    key: z.string(),
    ok: z.literal(true),
    /** When the server first received it (a retry gets the same time back). */
    receivedAt: z.string(),
    /** Short code the person can quote: the start of the signature (see shared/receipts.ts). */
    receipt: z.string(),
    /** The server's Ed25519 signature (base64url) over who sent which record, where and when. */
    signature: z.string(),
    /** The audit chain's head hash and length once this record was stored, inside the signature (issue 18). */
    auditHead: z.string().optional(),
    auditLength: z.number().int().nonnegative().optional(),
  }),
  z.object({
    key: z.string(),
    ok: z.literal(false),
    error: z.object({
      code: z.string(),
      message: z.string(),
      /** Which refusal, for the device to say it in the person's language; absent for rare ones. */
      reason: z.string().optional(),
      params: z.record(z.string(), z.string()).optional(),
    }),
  }),
]);
export type RecordReceipt = z.infer<typeof RecordReceipt>;

export const SubmitRecordsResponse = z.object({ receipts: z.array(RecordReceipt) });
export type SubmitRecordsResponse = z.infer<typeof SubmitRecordsResponse>;

/** GET /api/receipt-key — the key every receipt of this server verifies against. */
export const ReceiptKeyResponse = z.object({
  algorithm: z.literal('Ed25519'),
  /** SubjectPublicKeyInfo, DER, base64. */
  publicKey: z.string(),
});
export type ReceiptKeyResponse = z.infer<typeof ReceiptKeyResponse>;

/**
 * POST /api/meetings/:id/receipts/verify — is this receipt the server's, for a record it
 * holds? For a dispute at the desk: a person (or the secretariat for them) quotes it.
 */
export const VerifyReceiptRequest = z.object({
  key: z.uuid(),
  kind: z.enum(['checkin', 'ballot', 'conclusion', 'task', 'task_progress', 'annotation']),
  userId: UserId,
  receivedAt: z.string().max(40),
  signature: z.string().max(200),
  auditHead: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  auditLength: z.number().int().nonnegative().optional(),
});
export type VerifyReceiptRequest = z.infer<typeof VerifyReceiptRequest>;
export const VerifyReceiptResponse = z.object({
  valid: z.boolean(),
  /** Why not, when not: `signature` (not signed by this server, or altered) or `unknown_record`. */
  reason: z.enum(['signature', 'unknown_record']).nullable(),
});
export type VerifyReceiptResponse = z.infer<typeof VerifyReceiptResponse>;

/** Someone else's annotation shared with the meeting, as GET /api/meetings/:id/annotations answers it. */
export const SharedAnnotation = z.object({
  id: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  documentId: z.string(),
  page: z.number(),
  kind: z.enum(['highlight', 'note']),
  quote: z.string().nullable(),
  rects: z.array(PageRect),
  note: z.string().nullable(),
  color: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SharedAnnotation = z.infer<typeof SharedAnnotation>;

/**
 * GET /api/meetings/:id/annotations?since=<version or ISO time> — others' shared
 * annotations changed since then (all of them without `since`), and the ids of those
 * deleted or made private since. `version` is the meeting's annotations version (the
 * same as `annotationsVersion` in live/<id>): pass it as `since` next time.
 */
export const SharedAnnotationsResponse = z.object({
  version: z.number(),
  annotations: z.array(SharedAnnotation),
  deleted: z.array(z.string()),
});
export type SharedAnnotationsResponse = z.infer<typeof SharedAnnotationsResponse>;

/** POST /api/meetings/:id/checkin-window — chair or secretariat open or close self check-in. */
export const CheckInWindowRequest = z.object({ open: z.boolean() });

/** The chair (or whoever runs the meeting) moves the meeting to an item; null ends the current one. */
export const CurrentItemRequest = z.object({ agendaItemId: ItemId.nullable() });
export type CurrentItemRequest = z.infer<typeof CurrentItemRequest>;
export const CurrentItemResponse = z.object({ agendaItemId: z.string().nullable(), startedAt: z.string().nullable() });
export type CurrentItemResponse = z.infer<typeof CurrentItemResponse>;

/** POST /api/meetings/:id/polls → { pollId }; PATCH /api/meetings/:id/polls/:pollId (drafts only). */
export const CreatePollRequest = z.object({
  agendaItemId: z.string().max(64).nullable().default(null),
  definition: z.unknown(),
});
export const CreatePollResponse = z.object({ pollId: z.string() });

/**
 * POST /api/meetings/:id/polls/:pollId/hands — the chair records votes of present members
 * without a device (show of hands); marked as such in the result and the audit log.
 */
export const HandsRequest = z.object({
  entries: z.array(z.object({ userId: UserId, choices: z.array(OptionId).max(500) })).min(1).max(10_000),
});

// ── Secret polls: tellers' key ceremony and the opening of the result (issue 15) ──

/** POST …/polls/:pollId/ceremony/key — a teller's key for receiving shares, with its Schnorr proof. */
export const CeremonyKeyRequest = z.object({ publicKey: z.string().max(64), proof: z.string().max(100) });
export type CeremonyKeyRequest = z.infer<typeof CeremonyKeyRequest>;

/** POST …/ceremony/dealing — commitments to the teller's polynomial and a share for every other teller, encrypted to it. */
export const CeremonyDealingRequest = z.object({
  commitments: z.array(z.string().max(64)).min(1).max(15),
  proofs: z.array(z.string().max(100)).min(1).max(15),
  shares: z.array(z.object({ to: z.number().int().min(1).max(15), box: z.string().max(200) })).max(14),
});
export type CeremonyDealingRequest = z.infer<typeof CeremonyDealingRequest>;

/** POST …/ceremony/confirm — every share received checked out, or the dealer whose share did not. */
export const CeremonyConfirmRequest = z.union([z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), dealer: z.number().int().min(1).max(15), reason: z.string().max(500) })]);
export type CeremonyConfirmRequest = z.infer<typeof CeremonyConfirmRequest>;

export const CeremonyTeller = z.object({
  index: z.number(),
  userId: z.string(),
  name: z.string(),
  publicKey: z.string().nullable(),
  keyProof: z.string().nullable(),
  commitments: z.array(z.string()).nullable(),
  commitmentProofs: z.array(z.string()).nullable(),
  confirmed: z.boolean(),
  complaint: z.object({ dealer: z.number(), reason: z.string() }).nullable(),
  partial: z.object({ shares: z.array(z.string()), proofs: z.array(z.string()) }).nullable(),
});
export type CeremonyTeller = z.infer<typeof CeremonyTeller>;

/** GET …/polls/:pollId/ceremony — public; `myShares` holds the boxes addressed to the caller. */
export const CeremonyState = z.object({
  pollId: z.string(),
  meetingId: z.string(),
  threshold: z.number(),
  tellers: z.array(CeremonyTeller),
  myIndex: z.number().nullable(),
  myShares: z.array(z.object({ from: z.number(), box: z.string() })),
  publicKey: z.string().nullable(),
  status: z.string(),
  encryptedTotals: z.array(z.string()).nullable(),
});
export type CeremonyState = z.infer<typeof CeremonyState>;

/** POST …/polls/:pollId/partial — a teller's partial decryption of the encrypted totals, with proofs. */
export const PartialDecryptionRequest = z.object({ shares: z.array(z.string().max(64)).min(1).max(501), proofs: z.array(z.string().max(100)).min(1).max(501) });
export type PartialDecryptionRequest = z.infer<typeof PartialDecryptionRequest>;

/** POST …/polls/:pollId/void — the chair declares a secret poll void (too few tellers reachable). */
export const VoidPollRequest = z.object({ reason: z.string().min(1, 'Say why the poll is void.').max(2000) });

/**
 * GET …/polls/:pollId/evidence — after the close, for anyone in the meeting: every encrypted
 * ballot (tracker, ciphertexts, proofs), the ceremony's public record, the totals, the
 * tellers' partial decryptions with proofs, and the result: enough to recount and re-check.
 */
export const PollEvidence = z.object({
  meetingId: z.string(),
  pollId: z.string(),
  definition: z.unknown(),
  publicKey: z.string(),
  threshold: z.number(),
  tellers: z.array(CeremonyTeller),
  ballots: z.array(z.object({ tracker: z.string(), ballot: EncryptedBallot, hands: z.boolean() })),
  encryptedTotals: z.array(z.string()).nullable(),
  totals: z.array(z.number()).nullable(),
  result: z.unknown(),
});
export type PollEvidence = z.infer<typeof PollEvidence>;

/** GET /api/meetings/:id/polls/:pollId/voters — chair and secretariat only. */
export const VotersResponse = z.object({
  voted: z.array(z.string()),
  notVoted: z.array(z.string()),
  /** Named polls only: who chose what. Never present for a secret poll. */
  choices: z.record(z.string(), z.array(z.string())).nullable(),
});
export type VotersResponse = z.infer<typeof VotersResponse>;

/** GET /api/meetings/:id/audit and …/audit/verify */
export const AuditEntry = z.object({
  seq: z.number(),
  at: z.string(),
  kind: z.string(),
  data: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditVerifyResponse = z.object({
  ok: z.boolean(),
  length: z.number(),
  head: z.string(),
  /** First entry whose hash does not match, when not ok. */
  brokenAt: z.number().nullable(),
});
export type AuditVerifyResponse = z.infer<typeof AuditVerifyResponse>;

/** A head someone kept (receipt, live/<id>, notice): the hash, and the chain's length then when known. */
export const AuditHeadRef = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'a head is 64 lowercase hex characters'),
  length: z.number().int().positive().nullable(),
});
export type AuditHeadRef = z.infer<typeof AuditHeadRef>;

/** POST /api/meetings/:id/audit/check (issue 18): the whole check, with the heads a device kept. */
export const AuditCheckRequest = z.object({ heads: z.array(AuditHeadRef).max(5000) });
export type AuditCheckRequest = z.infer<typeof AuditCheckRequest>;

/** One thing that does not hold: what, where (poll, row, field), and the two values. */
export const AuditProblem = z.object({
  code: z.enum([
    'chain_broken',
    'chain_empty',
    'head_missing',
    'head_mismatch',
    'poll_result_row',
    'poll_result_ballots',
    'poll_not_in_chain',
    'poll_tally_evidence',
    'ballot_row',
    'attendance_row',
    'conclusion_row',
    /** An issued notice or minutes: its register row differs from the chain's entry. */
    'record_row',
    /** Its stored PDF is missing, or its bytes are not the file the chain recorded. */
    'record_file',
    /** What its PDF says (a poll's result sentence, a conclusion, attendance, its number) differs from the chain. */
    'record_text',
    /** A secret poll's public record (ballot proofs, tellers' shares, recount) does not check. */
    'secret_poll',
  ]),
  pollId: z.string().nullable(),
  /** The issued document concerned (record_* problems): which kind, and its number. */
  document: z.object({ kind: z.enum(['notice', 'minutes']), number: z.string() }).nullable().default(null),
  /** The row concerned: a user id, a conclusion id, an entry's seq. */
  row: z.string().nullable(),
  field: z.string().nullable(),
  expected: z.string().nullable(),
  found: z.string().nullable(),
  message: z.string(),
});
export type AuditProblem = z.infer<typeof AuditProblem>;

/**
 * A secret poll recounted by the audit check: every ballot's proofs, each teller's partial
 * decryption against its public share, and the opened counts against the result the chain
 * vouches for. `null`: that part could not be checked (no result opened yet).
 */
export const SecretPollCheck = z.object({
  pollId: z.string(),
  ballots: z.number(),
  proofsOk: z.boolean(),
  sharesOk: z.boolean().nullable(),
  tallyMatches: z.boolean().nullable(),
  problems: z.array(z.string()),
});
export type SecretPollCheck = z.infer<typeof SecretPollCheck>;

export const AuditReport = z.object({
  meetingId: z.string(),
  ok: z.boolean(),
  length: z.number(),
  head: z.string(),
  headsChecked: z.number(),
  pollsChecked: z.number(),
  /** What verify could not check, and why (e.g. a secret poll not opened yet). */
  notes: z.array(z.string()),
  problems: z.array(AuditProblem),
  /** Issued notices and minutes whose text was compared with the chain. */
  documentsChecked: z.number().default(0),
  /** Each closed secret poll recounted from its public record (null parts: not checked here). */
  secretPolls: z.array(SecretPollCheck).default([]),
});
export type AuditReport = z.infer<typeof AuditReport>;

// ── After the meeting: conclusions, tasks, notices, reports (issue 7) ────────────────

export const Extension = z.object({ deadline: Day, reason: z.string(), at: z.string(), by: z.string() });
export const ProgressReport = z.object({
  at: z.string(),
  by: z.string(),
  byName: z.string(),
  note: z.string(),
  documentId: z.string().nullable(),
  completed: z.boolean(),
});

/** A task as the server keeps it; status is computed with shared/domain/tasks, never stored. */
export const Task = z.object({
  id: z.string(),
  meetingId: z.string(),
  meetingTitle: z.string(),
  conclusionId: z.string().nullable(),
  agendaItemId: z.string().nullable(),
  title: z.string(),
  unit: z.string().nullable(),
  assigneeUserId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  /** The original deadline; `extensions` may move it (shared/domain/tasks effectiveDeadline). */
  deadline: Day,
  priority: TaskPriority,
  createdAt: z.string(),
  createdBy: z.string(),
  completedAt: z.string().nullable(),
  extensions: z.array(Extension),
  progress: z.array(ProgressReport),
});
export type Task = z.infer<typeof Task>;

/** GET /api/tasks?scope=mine|all — tasks of the caller's meetings (all: secretariat and chairs see every task of their meetings). */
export const TaskList = z.object({ tasks: z.array(Task) });
export type TaskList = z.infer<typeof TaskList>;

/** POST /api/tasks/:taskId/extend — secretariat of the task's meeting; recorded with the reason. */
export const ExtendTaskRequest = z.object({ deadline: Day, reason: safeMultiline('Reason').min(1, 'Give the reason for the extension.').max(2000) });

/** Final conclusions as the server publishes them into live/<id> (`conclusions` map, keyed by agenda item). */
export const Conclusion = z.object({
  id: z.string(),
  agendaItemId: z.string(),
  version: z.number(),
  text: z.string(),
  pollRefs: z.array(z.string()),
  finalisedAt: z.string(),
  finalisedBy: z.string(),
  corrects: z.string().nullable(),
  reason: z.string().nullable(),
});
export type Conclusion = z.infer<typeof Conclusion>;


/** GET /api/reports/tasks?month=YYYY-MM&format=pdf|csv — the monthly monitoring report as a file. */
export const MonthlyReportQuery = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use a month like 2026-10.'), format: z.enum(['pdf', 'csv']) });

// ── Devices: who is signed in where (issue 11) ──────────────────────────────────────

/** One signed-in device: a session, as its owner and the administrators see it. */
export const DeviceView = z.object({
  id: z.string(),
  /** What the device called itself at sign-in ("" for sessions from before devices had names). */
  name: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  /** The address it was last seen from, as the server saw it (behind a NAT, the NAT's). */
  lastSeenIp: z.string().nullable(),
  /** When the session ends unless it is used again (and never later than its absolute limit). */
  expiresAt: z.string(),
  /** Set once someone marked the device lost: it wipes itself on its next contact. */
  lostAt: z.string().nullable(),
  /** Whether this is the device making the call. */
  current: z.boolean(),
});
export type DeviceView = z.infer<typeof DeviceView>;

/** GET /api/devices */
export const DeviceList = z.object({ devices: z.array(DeviceView) });
export type DeviceList = z.infer<typeof DeviceList>;

/** GET /api/users/:user/devices (an administrator, or the secretariat of a meeting the user is in). */
export const UserDevices = z.object({ user: User, disabled: z.boolean(), devices: z.array(DeviceView) });
export type UserDevices = z.infer<typeof UserDevices>;

/** DELETE /api/devices, DELETE /api/users/:user/devices: how many sessions ended. */
export const SignedOutResponse = z.object({ signedOut: z.number().int() });
export type SignedOutResponse = z.infer<typeof SignedOutResponse>;

/** PUT /api/users/:user/disabled (administrators). */
export const SetDisabledRequest = z.object({ disabled: z.boolean() });
export type SetDisabledRequest = z.infer<typeof SetDisabledRequest>;

/** POST /api/devices/current/wiped: what a lost device deleted, recorded in the audit log. */
export const WipeReport = z.object({
  meetings: z.number().int().min(0).max(1_000_000),
  documents: z.number().int().min(0).max(10_000_000),
  /** Records from the outbox the server accepted (or refused with a reason) before the wipe. */
  recordsSent: z.number().int().min(0).max(10_000_000),
  /** Records that could not be sent and were deleted with everything else. */
  recordsUnsent: z.number().int().min(0).max(10_000_000),
});
export type WipeReport = z.infer<typeof WipeReport>;

// ── Replies that were described by hand before the endpoint table (issue 12) ─────────

/** A poll after a change: status, times, eligible count and (once closed) the result of tally(). */
export const PollState = z.object({
  pollId: z.string(),
  agendaItemId: z.string().nullable(),
  status: z.enum(['draft', 'open', 'closed', 'published']),
  openedAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  eligibleCount: z.number(),
  /** shared/domain/tally's result: read by the core through the live document, kept whole here. */
  result: z.record(z.string(), z.unknown()).nullable(),
});
export type PollState = z.infer<typeof PollState>;
export const HandsResponse = z.object({ recorded: z.number(), handCount: z.number() });
export const AuditList = z.object({ entries: z.array(AuditEntry) });
export const CheckInWindowResponse = z.object({ ok: z.literal(true), open: z.boolean() });
export const CeremonyConfirmResponse = z.object({ complete: z.boolean() });
export const PartialDecryptionResponse = z.object({ opened: z.boolean() });
