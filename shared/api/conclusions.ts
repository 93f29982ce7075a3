/**
 * Conclusions: the chair's conclusion of an item goes through the outbox (ConclusionPayload);
 * the server keeps every version (Conclusion). The register across meetings is in organisations.ts.
 */
import { ItemId, PollId } from '../ids';
import { z } from 'zod';
import { safeMultiline } from '../text-safety';

/** The chair finalises an item's conclusion (or corrects a final one, with a reason). */
export const ConclusionPayload = z.object({
  conclusionId: z.uuid(),
  agendaItemId: ItemId,
  text: safeMultiline('Conclusion').min(1, 'A conclusion cannot be empty.').max(100_000),
  /** Polls whose results the text quotes (inserted from the result, never retyped). */
  pollRefs: z.array(PollId).max(50).default([]),
  /** Set when this corrects a final conclusion: the one it replaces, and why. */
  corrects: z.uuid().nullable().default(null),
  reason: safeMultiline('Reason').max(2000).nullable().default(null),
});
export type ConclusionPayload = z.infer<typeof ConclusionPayload>;

/** Final conclusions as the server publishes them into live/<id> (`conclusions` map, keyed by agenda item). */
export const Conclusion = z.object({
  id: z.string(),
  agendaItemId: z.string(),
  version: z.number(),
  text: z.string(),
  pollRefs: z.array(z.string()),
  finalisedAt: z.string(),
  finalisedBy: z.string(),
  corrects: z.string().nullable(),
  reason: z.string().nullable(),
});
export type Conclusion = z.infer<typeof Conclusion>;
