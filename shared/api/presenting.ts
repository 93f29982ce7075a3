/** Follow the presenter: the document and page everyone sees. */
import { PresentingPageRequest, StartPresentingRequest } from '../domain/presenting';
import { OkResponse } from './common';
import { Presenting } from '../ydoc/live';
import { endpoint } from './endpoint';
import { meetingParams } from './ids';

export const presentingEndpoints = {
  'presenting.start': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/presenting',
    access: 'member',
    summary: 'Start presenting a document (the chair may name the presenter)',
    params: meetingParams,
    body: StartPresentingRequest,
    reply: Presenting,
  }),
  'presenting.turn': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/presenting/page',
    access: 'member',
    summary: 'Turn the presented page',
    params: meetingParams,
    body: PresentingPageRequest,
    reply: Presenting,
  }),
  'presenting.stop': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/presenting/stop',
    access: 'member',
    summary: 'Stop presenting',
    params: meetingParams,
    reply: OkResponse,
  }),
};
