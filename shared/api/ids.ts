/**
 * The ids that appear in paths, each named once. A value that does not match is not an
 * address the server has: the router answers 404, as for any unknown path.
 */
import { z } from 'zod';

const id = (what: string, pattern: RegExp) => z.string().regex(pattern, `This is not ${what}.`);

/** Meetings, polls, agenda items, documents, speaker requests, comments, sites: uuids or slugs. */
const slug = /^[A-Za-z0-9_-]{1,64}$/;
export const MeetingId = id('a meeting id', slug);
export const PollId = id('a poll id', slug);
export const SpeakerRequestId = id('a speaker request id', slug);
export const CommentId = id('a comment id', slug);
export const UserId = id('a user id', slug);
export const OrganisationId = id('an organisation id', slug);
export const RecordId = id('a record id', slug);
export const TaskId = id('a task id', /^[A-Za-z0-9-]{1,64}$/);
/** A device is a session: 32 hex digits. */
export const DeviceId = id('a device id', /^[0-9a-f]{32}$/);
/** A user id or a user name (the admin screen looks people up by name). */
export const UserRef = id('a user id or name', /^[A-Za-z0-9._@-]{1,128}$/);
/** A blob's sha256; serveBlob checks the form itself so a bad one answers like a missing one. */
export const BlobHash = z.string().min(1).max(200);
export const RecordKindParam = z.enum(['notice', 'minutes']);

export const meetingParams = z.object({ meetingId: MeetingId });
export const pollParams = z.object({ meetingId: MeetingId, pollId: PollId });
