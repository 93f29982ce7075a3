/**
 * What devices send from their outbox — check-ins, ballots, conclusions, tasks, notes —
 * and the receipts they get back.
 */
import { endpoint } from './endpoint';
import { meetingParams } from './ids';
import { UserId } from '../ids';
import { RecusalPayload } from '../domain/recusal';
import { CommentPayload } from '../domain/draft-comments';
import { z } from 'zod';
import { CheckInPayload } from './attendance';
import { BallotPayload } from './voting';
import { ConclusionPayload } from './conclusions';
import { TaskPayload, TaskProgressPayload } from './tasks';
import { AnnotationPayload } from './reading';

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

export const outboxEndpoints = {
  'outbox.submit': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/records',
    access: 'participant',
    // A device marked lost still sends what people did on it before it wipes itself.
    allowLost: true,
    action: 'send records to it',
    summary: 'Submit outbox records (check-ins, ballots, conclusions, tasks…); answers signed receipts',
    params: meetingParams,
    body: SubmitRecordsRequest,
    reply: SubmitRecordsResponse,
    timeoutMs: 30_000,
  }),
  'outbox.verifyReceipt': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/receipts/verify',
    access: 'member',
    summary: "Check a receipt against the server's records (one's own; the chair or secretariat anyone's)",
    params: meetingParams,
    body: VerifyReceiptRequest,
    reply: VerifyReceiptResponse,
  }),
};
