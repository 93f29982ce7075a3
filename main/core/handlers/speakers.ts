/** The floor on the device: asking to speak and the chair's queue. */
import { ApiError } from '../../../shared/errors';
import { canSpeak, runsMeeting } from '../../../shared/roles';
import { memberRights } from '../../../shared/domain/site-rights';
import type { CoreContext } from '../context';
import type { Handlers } from '../validate';

export function speakerHandlers(ctx: CoreContext): Handlers['speakers'] {
  const run = (meetingId: string) => {
    const m = ctx.requireOpen(meetingId);
    if (!runsMeeting(m.role)) throw new ApiError('forbidden', 'Only the chair or the secretariat gives the floor.');
    return m;
  };
  return {
    request: async ({ meetingId, kind }) => {
      const m = ctx.requireOpen(meetingId);
      if (!canSpeak(m.role)) throw new ApiError('forbidden', 'Only participants who take part in the debate can ask to speak.');
      if (!memberRights(m.view().content, m.view().me).speak) throw new ApiError('forbidden', 'Members at your site follow this meeting without speaking.');
      // Said here at once, offline too; the server checks again against its own list.
      if (kind === 'reply' && !m.view().speakers.some((r) => r.status === 'speaking' && r.userId !== m.view().me)) {
        throw new ApiError('conflict', 'Nobody else has the floor: there is no one to reply to. Ask to speak instead.');
      }
      return ctx.withServer((c, token) => c.askToSpeak(token, meetingId, kind));
    },
    withdraw: async ({ meetingId, requestId }) => {
      ctx.requireOpen(meetingId);
      return ctx.withServer((c, token) => c.moveSpeakerRequest(token, meetingId, requestId, 'withdraw'));
    },
    grant: async ({ meetingId, requestId }) => {
      run(meetingId);
      return ctx.withServer((c, token) => c.moveSpeakerRequest(token, meetingId, requestId, 'grant'));
    },
    finish: async ({ meetingId, requestId }) => {
      run(meetingId);
      return ctx.withServer((c, token) => c.moveSpeakerRequest(token, meetingId, requestId, 'finish'));
    },
    time: async ({ meetingId, requestId, action }) => {
      run(meetingId);
      return ctx.withServer((c, token) => c.timeSpeech(token, meetingId, requestId, action));
    },
    order: async ({ meetingId, order }) => {
      run(meetingId);
      await ctx.withServer((c, token) => c.orderSpeakers(token, meetingId, order));
      return null;
    },
    giveSite: async ({ meetingId, siteId }) => {
      const m = run(meetingId);
      if (!m.view().content.sites.some((s) => s.id === siteId)) throw new ApiError('not_found', 'This site is not part of the meeting.');
      return ctx.withServer((c, token) => c.giveSiteAPlace(token, meetingId, siteId));
    },
  };
}

/**
 * Follow the presenter: the device checks who may present and that the page exists in the
 * pack's document (so a person hears at once), the server checks again and decides.
 */
