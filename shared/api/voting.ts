/**
 * Voting: polls and their lifecycle, show of hands, who has voted; for secret polls the
 * tellers' key ceremony, their partial decryptions and the evidence anyone can check.
 * Ballots themselves are outbox records (outbox.submit).
 */
import { OkResponse } from './common';
import { PollDefinition } from '../ydoc/live';
import { endpoint, type EndpointSpec } from './endpoint';
import { meetingParams, pollParams } from './ids';
import { OptionId, PollId, UserId } from '../ids';
import { z } from 'zod';

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

export const CeremonyConfirmResponse = z.object({ complete: z.boolean() });

export const PartialDecryptionResponse = z.object({ opened: z.boolean() });

/** The request with its definition checked by the same schema clients build it with. */
export const PollBody = CreatePollRequest.extend({ definition: PollDefinition });

const step = (name: string, action: string, summary: string) =>
  ({
    method: 'POST',
    path: `/api/meetings/:meetingId/polls/:pollId/${name}`,
    access: 'runs-meeting',
    action,
    summary,
    params: pollParams,
    reply: PollState,
    errors: ['conflict'],
  }) as const satisfies EndpointSpec;

/** A teller's step in the key ceremony: participants only; the service checks they are tellers. */
const ceremonyStep = {
  method: 'POST',
  access: 'participant',
  action: 'take part in its key ceremonies',
  params: pollParams,
  reply: OkResponse,
  errors: ['conflict'],
} as const;

export const votingEndpoints = {
  'voting.create': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/polls',
    access: 'runs-meeting',
    action: 'prepare polls',
    summary: 'Create a draft poll',
    params: meetingParams,
    body: PollBody,
    reply: CreatePollResponse,
    status: 201,
  }),
  'voting.update': endpoint({
    method: 'PATCH',
    path: '/api/meetings/:meetingId/polls/:pollId',
    access: 'runs-meeting',
    action: 'change polls',
    summary: 'Change a draft poll',
    params: pollParams,
    body: PollBody,
    reply: PollState,
    errors: ['conflict'],
  }),
  'voting.remove': endpoint({
    method: 'DELETE',
    path: '/api/meetings/:meetingId/polls/:pollId',
    access: 'runs-meeting',
    action: 'change polls',
    summary: 'Delete a draft poll',
    params: pollParams,
    reply: OkResponse,
    errors: ['conflict'],
  }),
  'voting.open': endpoint(step('open', 'open polls', 'Open a poll for voting')),
  'voting.close': endpoint(step('close', 'close polls', 'Close a poll and tally it')),
  'voting.publish': endpoint(step('publish', 'publish polls', "Publish a closed poll's result")),
  'voting.hands': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/polls/:pollId/hands',
    access: 'runs-meeting',
    action: 'record votes by show of hands',
    summary: 'Record votes by show of hands',
    params: pollParams,
    body: HandsRequest,
    reply: HandsResponse,
    errors: ['conflict'],
  }),
  'voting.voters': endpoint({
    method: 'GET',
    path: '/api/meetings/:meetingId/polls/:pollId/voters',
    access: 'runs-meeting',
    action: 'see who has voted',
    summary: 'Who has voted (never how, in a secret poll)',
    params: pollParams,
    reply: VotersResponse,
  }),
  'voting.ceremony': endpoint({
    method: 'GET',
    path: '/api/meetings/:meetingId/polls/:pollId/ceremony',
    access: 'participant',
    action: 'follow its key ceremonies',
    summary: "A secret poll's key ceremony: tellers, their steps, the election key",
    params: pollParams,
    reply: CeremonyState,
  }),
  'voting.ceremonyKey': endpoint({
    ...ceremonyStep,
    path: '/api/meetings/:meetingId/polls/:pollId/ceremony/key',
    summary: "A teller's public key for the ceremony",
    body: CeremonyKeyRequest,
  }),
  'voting.ceremonyDealing': endpoint({
    ...ceremonyStep,
    path: '/api/meetings/:meetingId/polls/:pollId/ceremony/dealing',
    summary: "A teller's commitments and encrypted shares",
    body: CeremonyDealingRequest,
  }),
  'voting.ceremonyConfirm': endpoint({
    ...ceremonyStep,
    path: '/api/meetings/:meetingId/polls/:pollId/ceremony/confirm',
    summary: 'A teller confirms the shares dealt to them',
    body: CeremonyConfirmRequest,
    reply: CeremonyConfirmResponse,
  }),
  'voting.ceremonyRestart': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/polls/:pollId/ceremony/restart',
    access: 'runs-meeting',
    action: 'restart a key ceremony',
    summary: 'Restart a key ceremony that cannot complete',
    params: pollParams,
    reply: OkResponse,
    errors: ['conflict'],
  }),
  'voting.partial': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/polls/:pollId/partial',
    access: 'participant',
    action: 'open the result of its secret polls',
    summary: "A teller's partial decryption of the tally, with proofs",
    params: pollParams,
    body: PartialDecryptionRequest,
    reply: PartialDecryptionResponse,
    errors: ['conflict'],
  }),
  'voting.void': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/polls/:pollId/void',
    access: 'runs-meeting',
    action: 'declare a poll void',
    summary: 'Declare a poll void, with the reason',
    params: pollParams,
    body: VoidPollRequest,
    reply: OkResponse,
    errors: ['conflict'],
  }),
  'voting.evidence': endpoint({
    method: 'GET',
    path: '/api/meetings/:meetingId/polls/:pollId/evidence',
    access: 'participant',
    action: "download a poll's ballots and tally proofs",
    summary: "A poll's encrypted ballots and tally proofs, to check the count",
    params: pollParams,
    reply: PollEvidence,
    timeoutMs: 60_000,
  }),
};
