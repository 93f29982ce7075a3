/** The check-in window (check-ins themselves are outbox records). */
import { endpoint } from './endpoint';
import { meetingParams } from './ids';
import { UserId } from '../ids';
import { z } from 'zod';
import { safeLine } from '../text-safety';

/** A person's own check-in, or the secretariat marking others (bulk, excused, substitutes). */
export const CheckInPayload = z.object({
  userId: UserId,
  status: z.enum(['present', 'excused', 'absent']),
  substitute: safeLine('Substitute').min(1).max(200).nullable().default(null),
});
export type CheckInPayload = z.infer<typeof CheckInPayload>;

/** POST /api/meetings/:id/checkin-window — chair or secretariat open or close self check-in. */
export const CheckInWindowRequest = z.object({ open: z.boolean() });

export const CheckInWindowResponse = z.object({ ok: z.literal(true), open: z.boolean() });

export const attendanceEndpoints = {
  'attendance.setWindow': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/checkin-window',
    access: 'runs-meeting',
    action: 'open or close check-in',
    summary: 'Open or close check-in',
    params: meetingParams,
    body: CheckInWindowRequest,
    reply: CheckInWindowResponse,
  }),
};
