/** Attendance on the device: check-in (an outbox record) and the check-in window. */
import { ApiError } from '../../../shared/errors';
import { canEditMeeting, runsMeeting } from '../../../shared/roles';
import type { CoreContext } from '../context';
import { outboxState } from '../outbox';
import type { Handlers } from '../validate';

export function attendanceHandlers(ctx: CoreContext): Handlers['attendance'] {
  return {
    checkIn: async ({ meetingId }) => {
      const m = ctx.requireOpen(meetingId);
      const view = m.view();
      if (!view.live.checkInOpen) throw new ApiError('conflict', 'Check-in is closed for this meeting. The secretariat opens it before the meeting starts.');
      const owner = ctx.owner();
      const [r] = ctx.outbox.enqueue(owner, meetingId, [
        { key: crypto.randomUUID(), kind: 'checkin', payload: { userId: owner.userId, status: 'present', substitute: null } },
      ]);
      return outboxState(r!);
    },
    mark: async ({ meetingId, userIds, status, substitute }) => {
      const m = ctx.requireOpen(meetingId);
      if (!canEditMeeting(m.role)) throw new ApiError('forbidden', 'Only the secretariat can check other people in or out.');
      const known = new Set(m.view().content.participants.map((p) => p.id));
      const unknown = userIds.find((id) => !known.has(id));
      if (unknown) throw new ApiError('not_found', 'One of the people is no longer a participant of the meeting. Nothing was recorded.');
      if (substitute && userIds.length > 1) throw new ApiError('invalid_input', 'A substitute stands in for one member at a time.');
      ctx.outbox.enqueue(
        ctx.owner(),
        meetingId,
        [...new Set(userIds)].map((userId) => ({ key: crypto.randomUUID(), kind: 'checkin' as const, payload: { userId, status, substitute } })),
      );
      return { queued: new Set(userIds).size };
    },
    setWindow: async ({ meetingId, open }) => {
      const m = ctx.requireOpen(meetingId);
      if (!runsMeeting(m.role)) throw new ApiError('forbidden', 'Only the chair or the secretariat can open or close check-in.');
      await ctx.withServer((c, token) => c.setCheckInWindow(token, meetingId, open));
      return null;
    },
  };
}

/** One store of teller secrets per local database (its table is created on first use). */
