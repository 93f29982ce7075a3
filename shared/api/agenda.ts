/** Running the agenda: the item under discussion. */
import { endpoint } from './endpoint';
import { meetingParams } from './ids';
import { ItemId } from '../ids';
import { z } from 'zod';

/** The chair (or whoever runs the meeting) moves the meeting to an item; null ends the current one. */
export const CurrentItemRequest = z.object({ agendaItemId: ItemId.nullable() });
export type CurrentItemRequest = z.infer<typeof CurrentItemRequest>;

export const CurrentItemResponse = z.object({ agendaItemId: z.string().nullable(), startedAt: z.string().nullable() });
export type CurrentItemResponse = z.infer<typeof CurrentItemResponse>;

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
