/** Running the agenda: the item under discussion. */
import { CurrentItemRequest, CurrentItemResponse } from '../http';
import { endpoint } from './endpoint';
import { meetingParams } from './ids';

export const agendaEndpoints = {
  'agenda.setCurrentItem': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/current-item',
    access: 'runs-meeting',
    action: 'move the meeting to an agenda item',
    summary: 'Start an agenda item (null ends the current one)',
    params: meetingParams,
    body: CurrentItemRequest,
    reply: CurrentItemResponse,
  }),
};
