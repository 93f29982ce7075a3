/** Follow the presenter: the document and page everyone sees. */
import { ApiError } from '../../../shared/errors';
import { runsMeeting } from '../../../shared/roles';
import type { CoreContext } from '../context';
import type { Handlers } from '../validate';

export function presentingHandlers(ctx: CoreContext): Handlers['presenting'] {
  const pagesOf = (meetingId: string, documentId: string) => {
    const doc = ctx.requireOpen(meetingId).view().content.documents.find((d) => d.id === documentId);
    if (!doc) throw new ApiError('not_found', 'This document is not part of the meeting pack.');
    return doc.pages;
  };
  const checkPage = (page: number, pages: number) => {
    if (page > pages) throw new ApiError('invalid_input', `The document has ${pages} pages; there is no page ${page}.`);
  };
  return {
    start: async ({ meetingId, documentId, page, presenterId }) => {
      const m = ctx.requireOpen(meetingId);
      const view = m.view();
      const named = view.presenting?.presenterId === view.me && (presenterId === null || presenterId === view.me);
      if (!runsMeeting(m.role) && !named) throw new ApiError('forbidden', 'Only the chair, a vice chair, the secretariat or the named presenter can present a document.');
      if (presenterId !== null && !view.content.participants.some((p) => p.id === presenterId)) throw new ApiError('not_found', 'That person is not a participant of the meeting.');
      checkPage(page, pagesOf(meetingId, documentId));
      return ctx.withServer((c, token) => c.startPresenting(token, meetingId, { documentId, page, presenterId }));
    },
    turn: async ({ meetingId, page }) => {
      const m = ctx.requireOpen(meetingId);
      const p = m.view().presenting;
      if (!p) throw new ApiError('conflict', 'Nothing is being presented.');
      if (p.presenterId !== m.view().me && !runsMeeting(m.role)) throw new ApiError('forbidden', 'Only the presenter turns the pages for everyone.');
      checkPage(page, pagesOf(meetingId, p.documentId));
      return ctx.withServer((c, token) => c.turnPresentedPage(token, meetingId, page));
    },
    stop: async ({ meetingId }) => {
      const m = ctx.requireOpen(meetingId);
      const p = m.view().presenting;
      if (p && p.presenterId !== m.view().me && !runsMeeting(m.role)) throw new ApiError('forbidden', 'Only the presenter or whoever runs the meeting can stop presenting.');
      await ctx.withServer((c, token) => c.stopPresenting(token, meetingId));
      return null;
    },
  };
}

/**
 * Conflicts of interest: a record through the outbox, like a check-in, so a declaration
 * made offline is kept and sent with a receipt. Checked here so the person hears at once;
 * the server decides.
 */
