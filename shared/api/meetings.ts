/** The meeting list, creating and publishing meetings, and the files of a meeting. */
import { z } from 'zod';
import { CreateMeetingRequest, MeetingList, MeetingSummary } from '../http';
import { endpoint } from './endpoint';
import { BlobHash, meetingParams } from './ids';

export const meetingEndpoints = {
  'meetings.list': endpoint({ method: 'GET', path: '/api/meetings', access: 'signed-in', summary: 'Meetings the caller may see', reply: MeetingList }),
  'meetings.create': endpoint({
    method: 'POST',
    path: '/api/meetings',
    access: 'signed-in',
    summary: 'Create a draft meeting (administrators and secretariat members)',
    body: CreateMeetingRequest,
    reply: MeetingSummary,
    status: 201,
    errors: ['forbidden', 'not_found'],
  }),
  'meetings.publish': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/publish',
    access: 'secretariat',
    action: 'publish it',
    summary: 'Publish a draft meeting (secretariat)',
    params: meetingParams,
    reply: MeetingSummary,
    errors: ['conflict'],
  }),
  'meetings.blob': endpoint({
    method: 'GET',
    path: '/api/blobs/:sha256',
    access: 'signed-in',
    summary: 'A stored file by its sha256, to members of a meeting that has it (Range supported; HEAD too)',
    params: z.object({ sha256: BlobHash }),
    reply: { file: ['application/pdf', 'application/octet-stream'] },
    errors: ['not_found'],
  }),
  'meetings.blobHead': endpoint({
    method: 'HEAD',
    path: '/api/blobs/:sha256',
    access: 'signed-in',
    summary: 'Size and type of a stored file',
    params: z.object({ sha256: BlobHash }),
    reply: { file: ['application/pdf', 'application/octet-stream'] },
    errors: ['not_found'],
  }),
};
