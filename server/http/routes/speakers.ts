/** The floor: requests to speak, the chair's queue and timing, sites given the floor. */
import type { speakerEndpoints } from '../../../shared/api/speakers';
import { ApiError } from '../../../shared/errors';
import { canSpeak, runsMeeting } from '../../../shared/roles';
import type { Handlers } from '../router';

export const speakerHandlers: Handlers<typeof speakerEndpoints> = {
  'speakers.ask': {
    guard: async (_ctx, { role }) => {
      if (!canSpeak(role)) throw new ApiError('forbidden', 'Only participants who take part in the debate (delegates, guests, the chair) can ask to speak.');
    },
    handle: async (ctx, { session, meeting, body }) => {
      const { repo } = ctx.records;
      const [current, name] = await ctx.records.rdb.read(function* () {
        return [(yield* repo.currentItem(meeting.id)).itemId, yield* repo.displayName(session.user.id)] as const;
      });
      const q = ctx.records.speakers;
      const site = await q.siteOfUser(meeting.id, session.user.id);
      if (!(await q.maySpeakAt(meeting.id, site.siteId))) throw new ApiError('forbidden', `Members at ${site.siteName ?? 'your site'} follow this meeting without speaking.`);
      const out = await q.request(meeting.id, session.user.id, name, current, body.kind, site);
      ctx.log('info', 'asked to speak', { meetingId: meeting.id, user: session.user.username, kind: body.kind });
      return out;
    },
  },

  'speakers.giveSite': async (ctx, { session, meeting, body }) => {
    const q = ctx.records.speakers;
    const site = await q.site(meeting.id, body.siteId);
    if (!site) throw new ApiError('invalid_input', `The field "siteId" is not valid: there is no site "${body.siteId}" in this meeting.`);
    if (!(await q.maySpeakAt(meeting.id, site.siteId))) throw new ApiError('conflict', `Members at ${site.siteName} follow this meeting without speaking; change the site's rights first.`);
    const current = await ctx.records.rdb.read(() => ctx.records.repo.currentItem(meeting.id));
    const out = await q.requestForSite(meeting.id, site, current.itemId, session.user.id);
    ctx.log('info', 'site added to the speakers', { meetingId: meeting.id, siteId: body.siteId, user: session.user.username });
    return out;
  },

  'speakers.order': async (ctx, { session, meeting, body }) => {
    const out = await ctx.records.speakers.reorder(meeting.id, body.order, session.user.id);
    ctx.log('info', 'speakers reordered', { meetingId: meeting.id, user: session.user.username, count: body.order.length });
    return { speakers: out };
  },

  'speakers.time': async (ctx, { session, meeting, params, body }) => {
    const out = await ctx.records.speakers.time(meeting.id, params.requestId, session.user.id, body);
    ctx.log('info', `speaker time ${body.kind}`, { meetingId: meeting.id, requestId: params.requestId, user: session.user.username });
    return out;
  },

  'speakers.withdraw': async (ctx, { session, meeting, role, params }) => {
    const out = await ctx.records.speakers.withdraw(meeting.id, params.requestId, session.user.id, runsMeeting(role));
    ctx.log('info', 'speaker withdraw', { meetingId: meeting.id, requestId: params.requestId, user: session.user.username });
    return out;
  },

  'speakers.grant': async (ctx, { session, meeting, params }) => {
    const current = await ctx.records.rdb.read(() => ctx.records.repo.currentItem(meeting.id));
    const out = await ctx.records.speakers.grant(meeting.id, params.requestId, session.user.id, current.itemId);
    ctx.log('info', 'speaker grant', { meetingId: meeting.id, requestId: params.requestId, user: session.user.username });
    return out;
  },

  'speakers.finish': async (ctx, { session, meeting, params }) => {
    const out = await ctx.records.speakers.finish(meeting.id, params.requestId, session.user.id);
    ctx.log('info', 'speaker finish', { meetingId: meeting.id, requestId: params.requestId, user: session.user.username });
    return out;
  },
};
