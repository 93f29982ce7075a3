/**
 * Path parameters of the endpoint table: the app's own ids (shared/ids.ts). A value that
 * does not match is not an address the server has: the router answers 404.
 */
import { z } from 'zod';
import { MeetingId, PollId, SpeakerRequestId, UserId } from '../ids';

export { CommentId, DeviceId, MeetingId, OrganisationId, PollId, RecordId, SpeakerRequestId, TaskId, UserId, UserRef } from '../ids';
/** A blob's sha256; serveBlob checks the form itself so a bad one answers like a missing one. */
export const BlobHash = z.string().min(1).max(200);
export const RecordKindParam = z.enum(['notice', 'minutes']);

export const meetingParams = z.object({ meetingId: MeetingId });
export const pollParams = z.object({ meetingId: MeetingId, pollId: PollId });
/** One participant of a meeting: their row, their role, their absence. */
export const participantParams = z.object({ meetingId: MeetingId, userId: UserId });
export const speakerRequestParams = z.object({ meetingId: MeetingId, requestId: SpeakerRequestId });
