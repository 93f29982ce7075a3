/** Follow the presenter: the document and page everyone sees. */
import type { presentingEndpoints } from '../../../shared/api/presenting';
import { ApiError } from '../../../shared/errors';
import type { Handlers } from '../router';

export const presentingHandlers: Handlers<typeof presentingEndpoints> = {
  'presenting.start': async (ctx, { session, meeting, role, body }) => {
    const { repo } = ctx.records;
    const presenter = body.presenterId ?? session.user.id;
    const { member, presenterName } = await ctx.records.rdb.read(function* () {
      return { member: body.presenterId === null || !!(yield* repo.memberRole(meeting.id, body.presenterId)), presenterName: yield* repo.displayName(presenter) };
    });
    if (!member) throw new ApiError('invalid_input', 'The field "presenterId" is not valid: that person is not a participant of this meeting.');
    const out = await ctx.records.presenting.start(
      meeting.id,
      { id: session.user.id, role },
      { documentId: body.documentId, page: body.page, presenterId: body.presenterId, presenterName },
    );
    ctx.log('info', 'presenting started', { meetingId: meeting.id, documentId: body.documentId, presenterId: out.presenterId, user: session.user.username });
    return out;
  },

  // Not logged: a presenter turns many pages, and each is only a page number.
  'presenting.turn': async (ctx, { session, meeting, role, body }) => ctx.records.presenting.turn(meeting.id, { id: session.user.id, role }, body.page),

  'presenting.stop': async (ctx, { session, meeting, role }) => {
    await ctx.records.presenting.stop(meeting.id, { id: session.user.id, role });
    ctx.log('info', 'presenting stopped', { meetingId: meeting.id, user: session.user.username });
    return { ok: true };
  },
};
