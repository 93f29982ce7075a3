/** Notes shared with the meeting, for those reading its pack. */
import type { readingEndpoints } from '../../../shared/api/reading';
import type { Handlers } from '../router';

export const readingHandlers: Handlers<typeof readingEndpoints> = {
  'reading.sharedAnnotations': async (ctx, { session, meeting, query }) => ctx.records.sharedAnnotations(meeting.id, session.user.id, query.since ?? null),
};
