/** Conclusions of agenda items on the device: drafts, finalising and corrections (outbox records). */
import { ApiError } from '../../../shared/errors';
import { runsMeeting } from '../../../shared/roles';
import type { CoreContext } from '../context';
import { outboxState } from '../outbox';
import type { Handlers } from '../validate';

export function conclusionHandlers(ctx: CoreContext): Handlers['conclusions'] {
  const lead = (meetingId: string) => {
    const m = ctx.requireOpen(meetingId);
    if (!runsMeeting(m.role)) throw new ApiError('forbidden', 'Only the chair (or the secretariat on the chair’s behalf) records conclusions.');
    return m;
  };
  const item = (meetingId: string, agendaItemId: string) => {
    const m = lead(meetingId);
    if (!m.view().content.agenda.some((i) => i.id === agendaItemId)) throw new ApiError('not_found', 'This agenda item no longer exists.');
    return m;
  };
  return {
    saveDraft: async ({ meetingId, agendaItemId, text, pollRefs }) => {
      const m = item(meetingId, agendaItemId);
      const draft = ctx.drafts.save(ctx.owner(), meetingId, agendaItemId, text, pollRefs);
      m.refresh();
      return draft;
    },
    finalise: async ({ meetingId, agendaItemId }) => {
      const m = item(meetingId, agendaItemId);
      const draft = ctx.drafts.list(ctx.owner(), meetingId)[agendaItemId];
      if (!draft?.text.trim()) throw new ApiError('invalid_input', 'Write the conclusion before finalising it.');
      if (m.view().conclusions.some((c) => c.agendaItemId === agendaItemId)) {
        throw new ApiError('conflict', 'This item already has a final conclusion. A change is a correction, with a reason.');
      }
      const [r] = ctx.outbox.enqueue(ctx.owner(), meetingId, [
        { key: crypto.randomUUID(), kind: 'conclusion', payload: { conclusionId: crypto.randomUUID(), agendaItemId, text: draft.text.trim(), pollRefs: draft.pollRefs, corrects: null, reason: null } },
      ]);
      // The draft stays until the server's receipt, so nothing is lost if it is refused.
      return outboxState(r!);
    },
    correct: async ({ meetingId, agendaItemId, text, pollRefs, reason }) => {
      const m = item(meetingId, agendaItemId);
      const current = m.view().conclusions.find((c) => c.agendaItemId === agendaItemId);
      if (!current) throw new ApiError('conflict', 'There is no final conclusion to correct yet; finalise the draft instead.');
      const [r] = ctx.outbox.enqueue(ctx.owner(), meetingId, [
        { key: crypto.randomUUID(), kind: 'conclusion', payload: { conclusionId: crypto.randomUUID(), agendaItemId, text, pollRefs, corrects: current.id, reason } },
      ]);
      return outboxState(r!);
    },
  };
}
