/** Recusals: a conflict of interest declared on an agenda item (an outbox record). */
import { ApiError } from '../../../shared/errors';
import { isVotingMember } from '../../../shared/domain/attendance';
import type { CoreContext } from '../context';
import { outboxState } from '../outbox';
import type { Handlers } from '../validate';

export function recusalHandlers(ctx: CoreContext): Handlers['recusals'] {
  return {
    declare: async ({ meetingId, agendaItemId, reason }) => {
      const m = ctx.requireOpen(meetingId);
      if (!m.role || !isVotingMember(m.role)) throw new ApiError('forbidden', 'Only voting members declare a conflict of interest: others do not vote.');
      const view = m.view();
      if (!view.content.agenda.some((i) => i.id === agendaItemId)) throw new ApiError('not_found', 'This agenda item no longer exists; someone may have deleted it.');
      if (view.recusals.some((r) => r.agendaItemId === agendaItemId && r.userId === view.me)) throw new ApiError('conflict', 'You have already declared a conflict of interest on this item.');
      const voted = view.polls.find((p) => p.agendaItemId === agendaItemId && p.status === 'open' && view.myBallots[p.id] && view.myBallots[p.id]!.state !== 'refused');
      if (voted) throw new ApiError('conflict', 'You have already voted in the open poll on this item; your ballot stays as cast. Ask the chair.');
      const [r] = ctx.outbox.enqueue(ctx.owner(), meetingId, [{ key: crypto.randomUUID(), kind: 'recusal', payload: { agendaItemId, reason } }]);
      return outboxState(r!);
    },
  };
}

/**
 * Comments on drafts: the window is the secretariat's (meeting doc); a comment is a record
 * through the outbox, kept on the device whatever happens (after the deadline the server
 * refuses it with the reason, and the device shows it); the list and the answers need the
 * server.
 */
