/** The meeting list, creating and publishing meetings, and the files of a meeting. */
import { z } from 'zod';
import { endpoint } from './endpoint';
import { BlobHash, meetingParams } from './ids';
import { OrganisationId } from '../ids';
import { MeetingRole } from '../roles';
import { Confidentiality, MeetingStatus } from '../meeting-enums';
import { safeLine } from '../text-safety';
import { IsoTime } from './common';

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

/** A stored file: HEAD answers for the same path, to the same callers, as GET. */
const storedFile = {
  path: '/api/blobs/:sha256',
  access: 'signed-in',
  params: z.object({ sha256: BlobHash }),
  reply: { file: ['application/pdf', 'application/octet-stream'] },
  errors: ['not_found'],
} as const;

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
  'meetings.blob': endpoint({ method: 'GET', ...storedFile, summary: 'A stored file by its sha256, to members of a meeting that has it (Range supported; HEAD too)' }),
  'meetings.blobHead': endpoint({ method: 'HEAD', ...storedFile, summary: 'Size and type of a stored file' }),
};
