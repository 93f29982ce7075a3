/** Comments on drafts: the list, the secretariat's answers and the consolidated table. */
import { z } from 'zod';
import { CommentResponse, CommentTableFormat, DraftComment, DraftCommentList } from '../domain/draft-comments';
import { endpoint } from './endpoint';
import { CommentId, MeetingId, meetingParams } from './ids';

const DocumentRef = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'This is not a document id.');

export const draftCommentEndpoints = {
  'draftComments.list': endpoint({
    method: 'GET',
    path: '/api/meetings/:meetingId/comments',
    access: 'member',
    summary: "Comments on the meeting's drafts (one's own; all of them for the secretariat)",
    params: meetingParams,
    query: z.object({ documentId: DocumentRef.optional() }),
    reply: DraftCommentList,
    // A congress's draft gathers 10,000 comments: a few MB to list and check on a busy server.
    timeoutMs: 30_000,
  }),
  'draftComments.export': endpoint({
    method: 'GET',
    path: '/api/meetings/:meetingId/comments/export',
    access: 'member',
    summary: 'The consolidated comments of one draft as a file: DOCX, XLSX, PDF or CSV (secretariat)',
    params: meetingParams,
    query: z.object({ documentId: DocumentRef, format: CommentTableFormat.default('pdf') }),
    reply: {
      file: ['application/pdf', 'text/csv', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    },
    timeoutMs: 60_000,
  }),
  'draftComments.answer': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/comments/:commentId/response',
    access: 'member',
    summary: 'Answer a comment: accepted, noted or rejected (secretariat)',
    params: z.object({ meetingId: MeetingId, commentId: CommentId }),
    body: CommentResponse,
    reply: DraftComment,
  }),
};
