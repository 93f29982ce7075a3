/** Reading the pack: notes shared with the meeting. */
import { z } from 'zod';
import { endpoint } from './endpoint';
import { meetingParams } from './ids';
import { refineSafeText } from '../text-safety';

/** A highlight's rectangle on its page, as fractions of the page (follows every zoom). */
export const PageRect = z.object({
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  w: z.number().min(0).max(1),
  h: z.number().min(0).max(1),
});
export type PageRect = z.infer<typeof PageRect>;

/** Limits of an annotation, the same on the device (annotations.add) and on the server. */
export const annotationLimits = { quote: 5000, rects: 200, note: 20_000 } as const;

export const AnnotationColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Colour must be like #ffd54f.');

/** A note's text: the same checks where it is written on the device and where it is shared. */
export const AnnotationNote = z.string().superRefine(refineSafeText('Note', 'multiline')).normalize('NFC').max(annotationLimits.note);

/**
 * What a highlight or note says, the same whether the device keeps it (annotations.add) or
 * shares it with the meeting (AnnotationPayload): one set of limits and defaults for both.
 */
export const AnnotationContent = z.object({
  kind: z.enum(['highlight', 'note']),
  quote: z.string().max(annotationLimits.quote).nullable().default(null),
  rects: z.array(PageRect).max(annotationLimits.rects).default([]),
  note: AnnotationNote.nullable().default(null),
  color: AnnotationColor.default('#ffd54f'),
});

/**
 * A highlight or note shared with the meeting, as its author has it now. Sent again on
 * every change; `deleted` when the author deletes it or makes it private again.
 */
export const AnnotationPayload = z.object({
  annotationId: z.uuid(),
  documentId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Unknown document.'),
  page: z.number().int().min(1).max(1_000_000),
  ...AnnotationContent.shape,
  deleted: z.boolean().default(false),
});
export type AnnotationPayload = z.infer<typeof AnnotationPayload>;

/** Someone else's annotation shared with the meeting, as GET /api/meetings/:id/annotations answers it. */
export const SharedAnnotation = z.object({
  id: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  documentId: z.string(),
  page: z.number(),
  kind: z.enum(['highlight', 'note']),
  quote: z.string().nullable(),
  rects: z.array(PageRect),
  note: z.string().nullable(),
  color: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SharedAnnotation = z.infer<typeof SharedAnnotation>;

/**
 * GET /api/meetings/:id/annotations?since=<version or ISO time> — others' shared
 * annotations changed since then (all of them without `since`), and the ids of those
 * deleted or made private since. `version` is the meeting's annotations version (the
 * same as `annotationsVersion` in live/<id>): pass it as `since` next time.
 */
export const SharedAnnotationsResponse = z.object({
  version: z.number(),
  annotations: z.array(SharedAnnotation),
  deleted: z.array(z.string()),
});
export type SharedAnnotationsResponse = z.infer<typeof SharedAnnotationsResponse>;

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
