/** What every endpoint shares: the error body, the plain "ok" reply, and the time and day formats. */
import { z } from 'zod';

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const OkResponse = z.object({ ok: z.literal(true) });
export type OkResponse = z.infer<typeof OkResponse>;

export const IsoTime = z.iso.datetime({ offset: true, message: 'Use a full date and time, e.g. 2026-11-25T08:00:00+07:00.' });

export const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-12-31.');
