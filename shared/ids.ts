/**
 * The ids the app passes around, each named once (meetings, agenda items, polls, people…).
 * They are uuids or short slugs the app made itself; anything else is not an id of ours,
 * whichever boundary it arrives at (IPC, HTTP path or body, an outbox record).
 */
import { z } from 'zod';

const slug = /^[A-Za-z0-9_-]{1,64}$/;
const id = (unknown: string, pattern = slug) => z.string().regex(pattern, unknown);

export const MeetingId = id('Unknown meeting id.');
export const ItemId = id('Unknown agenda item id.');
export const UserId = id('Unknown participant.');
export const SiteId = id('Unknown site.');
export const DocumentId = id('Unknown document.');
export const PollId = id('Unknown poll.');
export const OptionId = id('Unknown option.');
export const SpeakerRequestId = id('Unknown request to speak.');
export const CommentId = id('Unknown comment.');
export const OrganisationId = id('Unknown organisation.');
export const RecordId = id('Unknown record.');
export const TaskId = id('Unknown task.', /^[A-Za-z0-9-]{1,64}$/);
/** A device is a session: 32 hex digits. */
export const DeviceId = id('Unknown device.', /^[0-9a-f]{32}$/);
/** A user id or a user name (people are looked up by name on the admin screen). */
export const UserRef = z.string().trim().regex(/^[A-Za-z0-9._@-]{1,128}$/, 'Enter a user name.');
