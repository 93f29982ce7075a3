/**
 * What devices send from their outbox (check-ins, ballots, conclusions, tasks, notes) and
 * the check of a receipt. The work is done by RecordsService.
 */
import type { outboxEndpoints } from '../../../shared/api/outbox';
import { ApiError } from '../../../shared/errors';
import { runsMeeting } from '../../../shared/roles';
import type { Handlers } from '../router';

export const outboxHandlers: Handlers<typeof outboxEndpoints> = {
  'outbox.submit': async (ctx, { session, meeting, role, body }) => {
    const started = performance.now();
    const out = await ctx.records.submit(meeting.id, { id: session.user.id, role }, body.records);
    ctx.ops?.metrics.countReceipts(out);
    // Counts only: a record's content (a secret choice) never goes to the log. In a vote
    // of 3,152 a line per accepted request is noise; refusals are what someone looks for.
    ctx.log(out.refused ? 'info' : 'debug', 'records received', {
      meetingId: meeting.id,
      user: session.user.username,
      records: body.records.length,
      accepted: out.accepted,
      refused: out.refused,
      repeated: out.repeated,
      ms: Math.round(performance.now() - started),
    });
    return { receipts: out.receipts };
  },

  'outbox.verifyReceipt': async (ctx, { session, meeting, role, body }) => {
    // One's own receipts; the desk (chair, secretariat) checks anyone's in a dispute.
    if (body.userId !== session.user.id && !runsMeeting(role)) {
      throw new ApiError('forbidden', "Only the chair or the secretariat can check another person's receipt.");
    }
    const out = await ctx.records.verifyReceipt(meeting.id, body);
    ctx.log('info', 'receipt checked', { meetingId: meeting.id, user: session.user.username, valid: out.valid, reason: out.reason });
    return out;
  },
};
