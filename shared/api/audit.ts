/** The audit chain: its entries, the chain check, and the whole check with kept heads (issue 18). */
import { endpoint } from './endpoint';
import { meetingParams } from './ids';
import { z } from 'zod';

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

/** The chain as a check found it: whole or not, its length, and its last entry's hash. */
const ChainChecked = z.object({
  ok: z.boolean(),
  length: z.number(),
  head: z.string(),
});

export const AuditVerifyResponse = ChainChecked.extend({
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
  ...ChainChecked.shape,
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

export const AuditList = z.object({ entries: z.array(AuditEntry) });

export const auditEndpoints = {
  'audit.entries': endpoint({
    method: 'GET',
    path: '/api/meetings/:meetingId/audit',
    access: 'member',
    summary: "The meeting's audit chain",
    params: meetingParams,
    reply: AuditList,
  }),
  'audit.verify': endpoint({
    method: 'GET',
    path: '/api/meetings/:meetingId/audit/verify',
    access: 'member',
    summary: 'Recompute the chain and say where it breaks, if it does',
    params: meetingParams,
    reply: AuditVerifyResponse,
  }),
  'audit.check': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/audit/check',
    access: 'runs-meeting',
    action: 'check the audit chain',
    summary: 'The whole audit check: the chain, the heads this device kept, the records against the chain',
    description:
      "Each given head (from a receipt, live/<id> state.auditHead, a notice's or the minutes' \"Mã kiểm chứng\") must still be in the chain, so truncation, deletion and recomputed hashes are found. Every closed named poll is recounted from its ballots; each closed secret poll from its public record (every ballot's proofs, each teller's partial decryption, the opened counts); ballots, attendance and conclusions are held to their entries. Each issued notice and minutes is held to the chain: its register row, its stored PDF's SHA-256, and its text (result sentences, conclusions, members present, number) against the chain at its printed head. Each problem names the poll, row or document and the field, with both values. The recount and the PDF reading run in a worker thread, one check at a time per server: while another runs, 429 (code rate_limited) with Retry-After.",
    params: meetingParams,
    body: AuditCheckRequest,
    reply: AuditReport,
    // It recounts every secret poll (about a minute for a congress's 3,152 ballots) and reads the issued records.
    timeoutMs: 300_000,
  }),
};
