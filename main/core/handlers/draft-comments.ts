/** Comments on drafts: sent through the outbox, listed, answered and exported through the server. */
import { ApiError } from '../../../shared/errors';
import { canEditMeeting } from '../../../shared/roles';
import { fileForIpc } from '../server-client';
import type { CoreContext } from '../context';
import { meetingDoc } from '../../../shared/ydoc/meeting';
import { localOrigin } from '../origins';
import { outboxState } from '../outbox';
import type { Handlers } from '../validate';

export function commentHandlers(ctx: CoreContext): Handlers['comments'] {
  return {
    setWindow: async ({ meetingId, documentId, until, public: isPublic }) => {
      const m = ctx.requireEditor(meetingId);
      const doc = m.meeting.doc;
      if (!meetingDoc.documents(doc).has(documentId)) throw new ApiError('not_found', 'This document is not part of the meeting.');
      doc.transact(() => {
        if (until === null) meetingDoc.commentWindows(doc).delete(documentId);
        else meetingDoc.commentWindows(doc).set(documentId, JSON.stringify({ until, public: isPublic }));
      }, localOrigin);
      return null;
    },
    add: async ({ meetingId, documentId, page, quote, text, asUnit }) => {
      const m = ctx.requireOpen(meetingId);
      const doc = m.view().content.documents.find((d) => d.id === documentId);
      if (!doc) throw new ApiError('not_found', 'This document is not part of the meeting pack.');
      if (page > doc.pages) throw new ApiError('invalid_input', `The document has ${doc.pages} pages; there is no page ${page}.`);
      const [r] = ctx.outbox.enqueue(ctx.owner(), meetingId, [{ key: crypto.randomUUID(), kind: 'comment', payload: { commentId: crypto.randomUUID(), documentId, page, quote, text, asUnit } }]);
      return outboxState(r!);
    },
    list: async ({ meetingId, documentId }) => {
      ctx.requireOpen(meetingId);
      return ctx.withServer((c, token) => c.listComments(token, meetingId, documentId));
    },
    export: async ({ meetingId, documentId, format }) => {
      const m = ctx.requireOpen(meetingId);
      if (!canEditMeeting(m.role)) throw new ApiError('forbidden', 'Only the secretariat exports the consolidated comments.');
      return fileForIpc(await ctx.withServer((c, token) => c.exportComments(token, meetingId, documentId, format)));
    },
    respond: async ({ meetingId, commentId, status, reply }) => {
      const m = ctx.requireOpen(meetingId);
      if (!canEditMeeting(m.role)) throw new ApiError('forbidden', 'Only the secretariat answers comments on drafts.');
      return ctx.withServer((c, token) => c.answerComment(token, meetingId, commentId, { status, reply }));
    },
  };
}
