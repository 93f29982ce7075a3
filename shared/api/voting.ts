/**
 * Voting: polls and their lifecycle, show of hands, who has voted; for secret polls the
 * tellers' key ceremony, their partial decryptions and the evidence anyone can check.
 * Ballots themselves are outbox records (outbox.submit).
 */
import {
  CeremonyConfirmRequest,
  CeremonyConfirmResponse,
  CeremonyDealingRequest,
  CeremonyKeyRequest,
  CeremonyState,
  CreatePollRequest,
  CreatePollResponse,
  HandsRequest,
  HandsResponse,
  OkResponse,
  PartialDecryptionRequest,
  PartialDecryptionResponse,
  PollEvidence,
  PollState,
  VoidPollRequest,
  VotersResponse,
} from '../http';
import { PollDefinition } from '../ydoc/live';
import { endpoint, type EndpointSpec } from './endpoint';
import { meetingParams, pollParams } from './ids';

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
