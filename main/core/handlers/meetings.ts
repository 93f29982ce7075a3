import { ApiError } from '../../../shared/errors';
import type { MeetingView } from '../../../shared/contract';
import { setMeta } from '../../../shared/ydoc/meeting';
import type { CoreContext } from '../context';
import { localOrigin } from '../origins';
import { snapshotOf } from '../changes';
import type { Handlers } from '../validate';
import { leaseError } from '../lease';

export function meetingHandlers(ctx: CoreContext): Handlers['meetings'] {
  return {
    list: async () => ctx.refreshMeetings(),
    create: async (input) => {
      const summary = await ctx.withServer((c, token) => c.createMeeting(token, input));
      ctx.rememberMeeting(summary);
      return summary;
    },
    publish: async ({ meetingId }) => {
      const summary = await ctx.withServer((c, token) => c.publish(token, meetingId));
      ctx.rememberMeeting(summary);
      // Undo never crosses publishing; the status update from the server clears it too, but
      // an undo in between would already reach every delegate.
      ctx.open.get(meetingId)?.history.clear();
      return summary;
    },
    acknowledgeChanges: async ({ meetingId }) => {
      const s = ctx.requireSession();
      const m = ctx.requireOpen(meetingId);
      ctx.seen.put(s.serverUrl, s.user.id, meetingId, snapshotOf(m.view().content));
      m.refresh();
      return null;
    },
    open: async ({ meetingId }): Promise<MeetingView> => {
      ctx.requireSession();
      // A meeting shared a moment ago may not be in the cached list yet: ask the server once.
      const summary =
        ctx.cachedMeetings()?.find((m) => m.id === meetingId) ??
        (await ctx.refreshMeetings().catch(() => null))?.meetings.find((m) => m.id === meetingId);
      if (!summary) {
        throw new ApiError('not_found', 'This meeting is not on your list. Refresh the meeting list or ask the secretariat for access.');
      }
      const m = ctx.openMeeting(summary, false);
      // A confidential meeting opens offline only within its lease; past it, one call to the
      // server (which renews the lease if it answers) decides.
      const s = ctx.requireSession();
      const meta = m.view().content.meta;
      if (ctx.lease.check(s.serverUrl, s.user.id, meta)) {
        await ctx.withServer((c, token) => c.session(token)).catch(() => undefined);
        const refusal = ctx.session === s ? ctx.lease.check(s.serverUrl, s.user.id, meta) : null;
        if (refusal || ctx.session !== s) {
          ctx.releaseMeeting(meetingId);
          throw refusal ? leaseError(refusal) : new ApiError('unauthorized', 'Sign in again.');
        }
      }
      // It may have been open in the background for its pack; a window opening now still
      // hears the current state as an event, like any later change.
      m.refresh();
      return m.view();
    },
    view: async ({ meetingId }) => ctx.requireOpen(meetingId).view(),
    close: async ({ meetingId }) => {
      ctx.releaseMeeting(meetingId);
      return null;
    },
    updateMeta: async ({ meetingId, patch }) => {
      const m = ctx.requireEditor(meetingId);
      m.meeting.doc.transact(() => setMeta(m.meeting.doc, patch), localOrigin);
      return null;
    },
  };
}
