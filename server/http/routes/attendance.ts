/** The check-in window; check-ins themselves arrive as outbox records. */
import type { attendanceEndpoints } from '../../../shared/api/attendance';
import type { Handlers } from '../router';

export const attendanceHandlers: Handlers<typeof attendanceEndpoints> = {
  'attendance.setWindow': async (ctx, { session, meeting, body }) => {
    await ctx.records.setCheckInWindow(meeting.id, body.open, session.user.id);
    ctx.log('info', body.open ? 'check-in opened' : 'check-in closed', { meetingId: meeting.id, user: session.user.username });
    return { ok: true, open: body.open };
  },
};
