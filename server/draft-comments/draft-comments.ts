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
import { durable } from '../records/db';
import { refuse, type Caller, type Refusal } from '../records/outcome';
import type { RecordsRepo } from '../records/repo';
import { statementsOf } from '../records/statements';

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

const q = statementsOf((db) => ({
  insert: db.prepare('INSERT INTO draft_comments (id, meeting_id, document_id, user_id, page, quote, text, as_unit, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
  byId: db.prepare('SELECT * FROM draft_comments WHERE id = ?'),
  all: db.prepare('SELECT * FROM draft_comments WHERE meeting_id = ? AND (? IS NULL OR document_id = ?) ORDER BY document_id, page, received_at, id'),
  respond: db.prepare('UPDATE draft_comments SET status = ?, reply = ?, replied_by = ?, replied_at = ? WHERE id = ?'),
}));

const toComment = (repo: RecordsRepo, r: Row, name: (userId: string) => string = (id) => repo.displayNameNow(id)): DraftComment => ({
  id: r.id,
  documentId: r.document_id,
  page: r.page,
  quote: r.quote,
  text: r.text,
  asUnit: r.as_unit,
  userId: r.user_id,
  name: name(r.user_id),
  receivedAt: r.received_at,
  status: r.status,
  reply: r.reply,
  repliedAt: r.replied_at,
});

/** Call inside the records transaction; `windows` come from the meeting doc, read before it. */
export function addComment(repo: RecordsRepo, windows: ReadonlyMap<string, CommentWindow> | null, meetingId: string, caller: Caller, p: CommentPayload, now: string): { commentId: string } | Refusal {
  const w = windows?.get(p.documentId) ?? null;
  if (!inCommentWindow(w, now)) {
    const deadline = w ? w.until : '';
    return refuse('conflict', w ? `Comments on this document closed at ${w.until}.` : 'This document is not open for comments.', 'comments_closed', { deadline });
  }
  // The same comment id under another record key: a copy, not a second comment.
  if (q(repo).byId.get(p.commentId)) return refuse('conflict', 'This comment was already received.');
  q(repo).insert.run(p.commentId, meetingId, p.documentId, caller.id, p.page, p.quote, p.text, p.asUnit, now);
  return { commentId: p.commentId };
}

/** The secretariat sees every comment; others their own, and all of a document whose comments are public. */
export function listComments(repo: RecordsRepo, windows: ReadonlyMap<string, CommentWindow>, meetingId: string, viewer: { id: string; role: MeetingRole | null }, documentId: string | null): DraftComment[] {
  const rows = q(repo).all.all(meetingId, documentId, documentId) as Row[];
  const all = canEditMeeting(viewer.role);
  // A delegation's many comments name the same people: each name is looked up once per list.
  const names = new Map<string, string>();
  const name = (id: string) => names.get(id) ?? (names.set(id, repo.displayNameNow(id)), names.get(id)!);
  return rows.filter((r) => all || r.user_id === viewer.id || windows.get(r.document_id)?.public === true).map((r) => toComment(repo, r, name));
}

/** The secretariat's answer: status and reply; audited, the latest answer stands. */
export function respondToComment(repo: RecordsRepo, audit: AuditLog, meetingId: string, commentId: string, by: string, r: Required<CommentResponse>): DraftComment {
  return durable(repo.db, () => {
    const row = q(repo).byId.get(commentId) as (Row & { meeting_id: string }) | undefined;
    if (!row || row.meeting_id !== meetingId) throw new ApiError('not_found', 'There is no such comment in this meeting.');
    const at = new Date().toISOString();
    q(repo).respond.run(r.status, r.reply || null, by, at, commentId);
    audit.appendNow(meetingId, 'comment.answered', { commentId, status: r.status, by }, at);
    return toComment(repo, q(repo).byId.get(commentId) as Row);
  });
}
