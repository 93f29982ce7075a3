/** The check-in window (check-ins themselves are outbox records). */
import { CheckInWindowRequest, CheckInWindowResponse } from '../http';
import { endpoint } from './endpoint';
import { meetingParams } from './ids';

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
