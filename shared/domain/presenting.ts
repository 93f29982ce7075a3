/**
 * Follow the presenter (issue 17): the request bodies, and the rule a delegate's reader
 * follows. Pure: used by the server, the core and the renderer.
 */
import { DocumentId, UserId } from '../ids';
import { z } from 'zod';


/** POST /api/meetings/:id/presenting: present a document from a page, as oneself or naming a presenter. */
export const StartPresentingRequest = z.object({
  documentId: DocumentId,
  page: z.number().int().min(1).max(100_000).default(1),
  /** A participant who then turns the pages; null/absent = the caller. */
  presenterId: UserId.nullable().default(null),
});
export type StartPresentingRequest = z.input<typeof StartPresentingRequest>;

/** POST /api/meetings/:id/presenting/page: the presenter's page. */
export const PresentingPageRequest = z.object({ page: z.number().int().min(1).max(100_000) });
export type PresentingPageRequest = z.infer<typeof PresentingPageRequest>;

/**
 * Where a follower's reader should be, or null to leave it alone: only while following, and
 * only when the presented document or page differs from what the reader shows.
 */
export function followStep(
  presented: { documentId: string; page: number } | null,
  following: boolean,
  reading: { documentId: string; page: number } | null,
): { documentId: string; page: number } | null {
  if (!presented || !following) return null;
  if (reading && reading.documentId === presented.documentId && reading.page === presented.page) return null;
  return { documentId: presented.documentId, page: presented.page };
}
