/** Comments on drafts: the list, the secretariat's answers and the consolidated table. */
import type { draftCommentEndpoints } from '../../../shared/api/draft-comments';
import { ApiError } from '../../../shared/errors';
import { canEditMeeting } from '../../../shared/roles';
import { meetingDoc } from '../../../shared/ydoc/meeting';
import { listComments } from '../../draft-comments/draft-comments';
import { commentsCsv, type CommentTable } from '../../draft-comments/export';
import { commentFileInWorker } from '../../draft-comments/table-pool';
import { sendFile } from '../respond';
import type { Handlers } from '../router';

const fileTypes = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export const draftCommentHandlers: Handlers<typeof draftCommentEndpoints> = {
  'draftComments.list': async (ctx, { session, meeting, role, query }) => {
    const facts = await ctx.records.meetingFacts(meeting.id);
    return { comments: await ctx.records.rdb.read(() => listComments(facts.commentWindows ?? new Map(), meeting.id, { id: session.user.id, role }, query.documentId ?? null)) };
  },

  'draftComments.export': {
    guard: async (_ctx, { role }) => {
      if (!canEditMeeting(role)) throw new ApiError('forbidden', 'Only the secretariat exports the consolidated comments.');
    },
    handle: async (ctx, { session, meeting, role, query: { documentId, format }, res }) => {
      const title = await ctx.docs.read(`meeting/${meeting.id}`, (doc) => {
        const d = meetingDoc.documents(doc).get(documentId);
        return d && typeof d.get === 'function' ? String(d.get('title') ?? '') : null;
      });
      if (title === null) throw new ApiError('invalid_input', `The query "documentId" is not valid: there is no document "${documentId}" in this meeting.`);
      const facts = await ctx.records.meetingFacts(meeting.id);
      const windows = facts.commentWindows ?? new Map();
      const table: CommentTable = { title, deadline: windows.get(documentId)?.until ?? null, comments: await ctx.records.rdb.read(() => listComments(windows, meeting.id, { id: session.user.id, role }, documentId)) };
      const name = `gop-y-${documentId.slice(0, 8)}.${format}`;
      if (format === 'csv') return sendFile(res, commentsCsv(table), 'text/csv; charset=utf-8', name);
      // Word, Excel and PDF of a congress's 10,000 comments take seconds: written in a worker thread.
      sendFile(res, await commentFileInWorker({ format, table }), fileTypes[format], name);
    },
  },

  'draftComments.answer': {
    guard: async (_ctx, { role }) => {
      if (!canEditMeeting(role)) throw new ApiError('forbidden', 'Only the secretariat answers comments on drafts.');
    },
    handle: async (ctx, { session, meeting, params, body }) => {
      const out = await ctx.records.answerComment(meeting.id, params.commentId, session.user.id, body);
      ctx.log('info', 'comment answered', { meetingId: meeting.id, commentId: params.commentId, status: body.status, user: session.user.username });
      return out;
    },
  },
};
