/** Reading the pack: notes shared with the meeting. */
import { z } from 'zod';
import { SharedAnnotationsResponse } from '../http';
import { endpoint } from './endpoint';
import { meetingParams } from './ids';

/** A version number or a date and time; empty means from the start. */
const Since = z
  .string()
  .refine((raw) => /^\d{1,15}$/.test(raw) || (raw.length <= 40 && !Number.isNaN(Date.parse(raw))), 'give a version number or a date and time')
  .transform((raw) => (/^\d+$/.test(raw) ? Number(raw) : new Date(raw).toISOString()))
  .optional();

export const readingEndpoints = {
  'reading.sharedAnnotations': endpoint({
    method: 'GET',
    path: '/api/meetings/:meetingId/annotations',
    access: 'participant',
    action: 'read the notes shared with it',
    summary: "Others' notes shared with the meeting, changed since a version",
    params: meetingParams,
    query: z.object({ since: Since }),
    reply: SharedAnnotationsResponse,
    timeoutMs: 30_000,
  }),
};
