/** Participants of a meeting (secretariat). */
import { z } from 'zod';
import { AccountLookupRequest, AccountLookupResponse } from '../domain/participants-import';
import { AddParticipantsRequest, AddParticipantsResponse, OkResponse, UpdateParticipantRequest } from '../http';
import { endpoint } from './endpoint';
import { MeetingId, UserId, meetingParams } from './ids';

/** 10,000 rows of Vietnamese names, positions and units fit; 1 MB does not. */
const maxImportBytes = 16 * 1024 * 1024;
const participant = z.object({ meetingId: MeetingId, userId: UserId });

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
    params: participant,
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
    params: participant,
    reply: OkResponse,
    errors: ['conflict'],
  }),
};
