/** Running the agenda: the item under discussion. */
import type { agendaEndpoints } from '../../../shared/api/agenda';
import type { Handlers } from '../router';

export const agendaHandlers: Handlers<typeof agendaEndpoints> = {
  'agenda.setCurrentItem': async (ctx, { session, meeting, body }) => {
    const out = await ctx.records.setCurrentItem(meeting.id, body.agendaItemId, session.user.id);
    ctx.log('info', body.agendaItemId ? 'agenda item started' : 'agenda item ended', { meetingId: meeting.id, agendaItemId: body.agendaItemId, user: session.user.username });
    return out;
  },
};
