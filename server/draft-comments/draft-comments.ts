/**
 * Comments on drafts (issue 17). A 'comment' record is taken while its document is open for
 * comments (the window is in `meeting/<id>`, read before the transaction); after the
 * deadline it is refused with the reason 'comments_closed' and stays on the device. The
 * secretariat lists them all and answers each; others see their own, and everyone's when
 * the secretariat made the document's comments public.
 */
import { inCommentWindow, type CommentPayload, type CommentResponse, type CommentStatus, type CommentWindow, type DraftComment } from '../../shared/domain/draft-comments';
import { ApiError } from '../../shared/errors';
import { canEditMeeting, type MeetingRole } from '../../shared/roles';
import type { AuditLog } from '../audit/audit';
import { refuse, type Caller, type Refusal } from '../records/outcome';
import { all, one, run, value, type Sql } from '../records/sql';

interface Row {
  id: string;
  document_id: string;
  user_id: string;
  page: number;
  quote: string | null;
  text: string;
  as_unit: string | null;
  received_at: string;
  status: CommentStatus;
  reply: string | null;
  replied_at: string | null;
}

/** The commenter's name comes with the row (a delegation's thousands of comments name the same few people). */
const withName = 'SELECT c.*, u.display_name AS name FROM draft_comments c LEFT JOIN users u ON u.id = c.user_id';

const toComment = (r: Row & { name: string | null }): DraftComment => ({
  id: r.id,
  documentId: r.document_id,
  page: r.page,
  quote: r.quote,
  text: r.text,
  asUnit: r.as_unit,
  userId: r.user_id,
  name: r.name ?? r.user_id,
  receivedAt: r.received_at,
  status: r.status,
  reply: r.reply,
  repliedAt: r.replied_at,
});

/** Call inside the records transaction; `windows` come from the meeting doc, read before it. */
export function* addComment(windows: ReadonlyMap<string, CommentWindow> | null, meetingId: string, caller: Caller, p: CommentPayload, now: string): Sql<{ commentId: string } | Refusal> {
  const w = windows?.get(p.documentId) ?? null;
  if (!inCommentWindow(w, now)) {
    const deadline = w ? w.until : '';
    return refuse('conflict', w ? `Comments on this document closed at ${w.until}.` : 'This document is not open for comments.', 'comments_closed', { deadline });
  }
  // The same comment id under another record key: a copy, not a second comment.
  if ((yield* value<number>('SELECT 1 FROM draft_comments WHERE id = ?', p.commentId)) !== undefined) return refuse('conflict', 'This comment was already received.');
  yield* run(
    'INSERT INTO draft_comments (id, meeting_id, document_id, user_id, page, quote, text, as_unit, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    p.commentId,
    meetingId,
    p.documentId,
    caller.id,
    p.page,
    p.quote,
    p.text,
    p.asUnit,
    now,
  );
  return { commentId: p.commentId };
}

/** The secretariat sees every comment; others their own, and all of a document whose comments are public. */
export function* listComments(windows: ReadonlyMap<string, CommentWindow>, meetingId: string, viewer: { id: string; role: MeetingRole | null }, documentId: string | null): Sql<DraftComment[]> {
  const order = 'ORDER BY c.document_id, c.page, c.received_at, c.id';
  const rows =
    documentId === null
      ? yield* all<Row & { name: string | null }>(`${withName} WHERE c.meeting_id = ? ${order}`, meetingId)
      : yield* all<Row & { name: string | null }>(`${withName} WHERE c.meeting_id = ? AND c.document_id = ? ${order}`, meetingId, documentId);
  const everyone = canEditMeeting(viewer.role);
  return rows.filter((r) => everyone || r.user_id === viewer.id || windows.get(r.document_id)?.public === true).map(toComment);
}

/** The secretariat's answer: status and reply; audited, the latest answer stands. Run in a transaction with the meeting's lock. */
export function* respondToComment(audit: AuditLog, meetingId: string, commentId: string, by: string, r: Required<CommentResponse>): Sql<DraftComment> {
  const row = yield* one<{ meeting_id: string }>('SELECT meeting_id FROM draft_comments WHERE id = ?', commentId);
  if (!row || row.meeting_id !== meetingId) throw new ApiError('not_found', 'There is no such comment in this meeting.');
  const at = new Date().toISOString();
  yield* run('UPDATE draft_comments SET status = ?, reply = ?, replied_by = ?, replied_at = ? WHERE id = ?', r.status, r.reply || null, by, at, commentId);
  yield* audit.append(meetingId, 'comment.answered', { commentId, status: r.status, by }, at);
  return toComment((yield* one<Row & { name: string | null }>(`${withName} WHERE c.id = ?`, commentId))!);
}
