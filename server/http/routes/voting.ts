/**
 * Polls and their lifecycle, show of hands, who has voted; for secret polls the tellers'
 * key ceremony, partial decryptions and the evidence. Ballots arrive as outbox records.
 */
import type { votingEndpoints } from '../../../shared/api/voting';
import type { PollState } from '../../../shared/api/voting';
import type { PollRow } from '../../records/repo';
import type { Handlers } from '../router';

/** The poll as the API answers it (the same fields as in `live/<id>`, counts aside). */
export function pollJson(p: PollRow): PollState {
  return {
    pollId: p.id,
    agendaItemId: p.agendaItemId,
    status: p.status,
    openedAt: p.openedAt,
    closesAt: p.closesAt,
    closedAt: p.closedAt,
    publishedAt: p.publishedAt,
    eligibleCount: p.eligibleCount,
    result: p.result as PollState['result'],
  };
}

export const votingHandlers: Handlers<typeof votingEndpoints> = {
  'voting.create': async (ctx, { session, meeting, body }) => {
    const poll = await ctx.records.createPoll(meeting.id, session.user.id, body.agendaItemId, body.definition);
    ctx.log('info', 'poll created', { meetingId: meeting.id, pollId: poll.id, user: session.user.username, kind: poll.definition.kind, secret: poll.definition.secret });
    return { pollId: poll.id };
  },

  'voting.update': async (ctx, { session, meeting, params: { pollId }, body }) => {
    const poll = await ctx.records.updatePoll(meeting.id, pollId, session.user.id, body.agendaItemId, body.definition);
    ctx.log('info', 'poll updated', { meetingId: meeting.id, pollId, user: session.user.username });
    return pollJson(poll);
  },

  'voting.remove': async (ctx, { session, meeting, params: { pollId } }) => {
    await ctx.records.deletePoll(meeting.id, pollId, session.user.id);
    ctx.log('info', 'poll deleted', { meetingId: meeting.id, pollId, user: session.user.username });
    return { ok: true };
  },

  'voting.open': async (ctx, { session, meeting, params }) => pollJson(await ctx.records.openPoll(meeting.id, params.pollId, session.user.id)),
  'voting.close': async (ctx, { session, meeting, params }) => pollJson(await ctx.records.closePoll(meeting.id, params.pollId, session.user.id)),
  'voting.publish': async (ctx, { session, meeting, params }) => pollJson(await ctx.records.publishPoll(meeting.id, params.pollId, session.user.id)),

  'voting.hands': async (ctx, { session, meeting, params, body }) => ctx.records.recordHands(meeting.id, params.pollId, session.user.id, body.entries),

  'voting.voters': async (ctx, { meeting, params }) => ctx.records.voters(meeting.id, params.pollId),

  // -- secret polls: the tellers' key ceremony and the opening of the result (issue 15) --
  'voting.ceremony': async (ctx, { session, meeting, params }) => ctx.records.ceremony(meeting.id, params.pollId, session.user.id),

  'voting.ceremonyKey': async (ctx, { session, meeting, params, body }) => {
    await ctx.records.ceremonyKey(meeting.id, params.pollId, session.user.id, body);
    ctx.log('info', 'ceremony key', { meetingId: meeting.id, pollId: params.pollId, user: session.user.username });
    return { ok: true };
  },

  'voting.ceremonyDealing': async (ctx, { session, meeting, params, body }) => {
    await ctx.records.ceremonyDealing(meeting.id, params.pollId, session.user.id, body);
    ctx.log('info', 'ceremony dealing', { meetingId: meeting.id, pollId: params.pollId, user: session.user.username });
    return { ok: true };
  },

  'voting.ceremonyConfirm': async (ctx, { session, meeting, params, body }) => {
    const out = await ctx.records.ceremonyConfirm(meeting.id, params.pollId, session.user.id, body);
    ctx.log('info', 'ceremony confirm', { meetingId: meeting.id, pollId: params.pollId, user: session.user.username });
    return out;
  },

  'voting.ceremonyRestart': async (ctx, { session, meeting, params }) => {
    await ctx.records.restartCeremony(meeting.id, params.pollId, session.user.id);
    ctx.log('info', 'ceremony restarted', { meetingId: meeting.id, pollId: params.pollId, user: session.user.username });
    return { ok: true };
  },

  'voting.partial': async (ctx, { session, meeting, params, body }) => {
    const out = await ctx.records.partialDecryption(meeting.id, params.pollId, session.user.id, body);
    ctx.log('info', 'partial decryption received', { meetingId: meeting.id, pollId: params.pollId, user: session.user.username, opened: out.opened });
    return out;
  },

  'voting.void': async (ctx, { session, meeting, params, body }) => {
    await ctx.records.declareVoid(meeting.id, params.pollId, session.user.id, body.reason);
    return { ok: true };
  },

  'voting.evidence': async (ctx, { meeting, params }) => ctx.records.evidence(meeting.id, params.pollId),
};
