/** The floor: asking to speak, the chair's queue, timing, sites given the floor. */
import { z } from 'zod';
import { AskToSpeakRequest, SiteFloorRequest, SpeakerOrderRequest, SpeakerTimeRequest } from '../domain/speaking';
import { SpeakerRequest } from '../ydoc/live';
import { endpoint } from './endpoint';
import { meetingParams, speakerRequestParams } from './ids';

export const speakerEndpoints = {
  'speakers.ask': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/speakers',
    access: 'member',
    summary: 'Ask to speak (or reply, or a point of order); no body asks to speak',
    params: meetingParams,
    body: AskToSpeakRequest,
    optionalBody: true,
    reply: SpeakerRequest,
  }),
  'speakers.giveSite': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/speakers/site',
    access: 'runs-meeting',
    action: 'give a site the floor',
    summary: 'Put a remote site in the speakers list',
    params: meetingParams,
    body: SiteFloorRequest,
    reply: SpeakerRequest,
    errors: ['conflict'],
  }),
  'speakers.order': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/speakers/order',
    access: 'runs-meeting',
    action: 'reorder the speakers',
    summary: 'Reorder the waiting speakers',
    params: meetingParams,
    body: SpeakerOrderRequest,
    reply: z.object({ speakers: z.array(SpeakerRequest) }),
    errors: ['conflict'],
  }),
  'speakers.time': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/speakers/:requestId/time',
    access: 'runs-meeting',
    action: 'time a speech',
    summary: 'Add time to, pause or resume a speech',
    params: speakerRequestParams,
    body: SpeakerTimeRequest,
    reply: SpeakerRequest,
    errors: ['conflict'],
  }),
  'speakers.withdraw': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/speakers/:requestId/withdraw',
    access: 'member',
    summary: 'Withdraw a request to speak (one’s own; the chair anyone’s)',
    params: speakerRequestParams,
    reply: SpeakerRequest,
    errors: ['conflict'],
  }),
  'speakers.grant': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/speakers/:requestId/grant',
    access: 'runs-meeting',
    action: 'give the floor',
    summary: 'Give the floor',
    params: speakerRequestParams,
    reply: SpeakerRequest,
    errors: ['conflict'],
  }),
  'speakers.finish': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/speakers/:requestId/finish',
    access: 'runs-meeting',
    action: 'end a speech',
    summary: 'End a speech',
    params: speakerRequestParams,
    reply: SpeakerRequest,
    errors: ['conflict'],
  }),
};
