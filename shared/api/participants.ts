/** Participants of a meeting (secretariat). */
import { z } from 'zod';
import { AccountLookupRequest, AccountLookupResponse } from '../domain/participants-import';
import { OkResponse } from './common';
import { endpoint } from './endpoint';
import { meetingParams, participantParams } from './ids';
import { MeetingRole } from '../roles';
import { safeLine } from '../text-safety';
import { MeetingSummary } from './meetings';

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

/** 10,000 rows of Vietnamese names, positions and units fit; 1 MB does not. */
const maxImportBytes = 16 * 1024 * 1024;
export const participantEndpoints = {
  'participants.lookupAccounts': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/participant-accounts',
    access: 'secretariat',
    action: 'look up participant accounts',
    summary: 'Which user names already have an account, and under which name',
    params: meetingParams,
    body: AccountLookupRequest,
    maxBodyBytes: maxImportBytes,
    reply: AccountLookupResponse,
    timeoutMs: 60_000,
  }),
  'participants.add': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/participants',
    access: 'secretariat',
    action: 'add participants',
    summary: 'Add participants, creating accounts with initial passwords',
    params: meetingParams,
    body: AddParticipantsRequest,
    maxBodyBytes: maxImportBytes,
    reply: AddParticipantsResponse,
    errors: ['conflict'],
    timeoutMs: 300_000,
  }),
  'participants.update': endpoint({
    method: 'PATCH',
    path: '/api/meetings/:meetingId/participants/:userId',
    access: 'secretariat',
    action: 'change participants',
    summary: "Change a participant's role, position, unit or site",
    params: participantParams,
    body: UpdateParticipantRequest,
    reply: OkResponse,
    errors: ['conflict'],
  }),
  'participants.remove': endpoint({
    method: 'DELETE',
    path: '/api/meetings/:meetingId/participants/:userId',
    access: 'secretariat',
    action: 'remove participants',
    summary: 'Remove a participant',
    params: participantParams,
    reply: OkResponse,
    errors: ['conflict'],
  }),
};
