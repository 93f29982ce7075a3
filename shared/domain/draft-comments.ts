/**
 * Comments on drafts ("góp ý dự thảo", issue 17): the secretariat opens a document of the
 * pack for comments until a deadline; delegates comment on a page or a passage, optionally
 * as their unit or site; each comment is a record (outbox, receipt, offline-first); the
 * secretariat answers each (accepted / noted / not accepted, with a reply) and reads them
 * grouped by page with counts. Pure schemas and rules, for server, core and renderer.
 */
import { z } from 'zod';
import { safeLine, safeMultiline } from '../text-safety';
import { fold } from '../text/fold';

/** A document's comment window, as the secretariat sets it in `meeting/<id>`. */
export const CommentWindow = z.object({
  until: z.iso.datetime({ offset: true }),
  /** Whether every participant sees all comments (else: the secretariat, and each their own). */
  public: z.boolean().default(false),
});
export type CommentWindow = z.infer<typeof CommentWindow>;

/** The outbox payload of a 'comment' record. */
export const CommentPayload = z.object({
  commentId: z.uuid(),
  documentId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Unknown document.'),
  page: z.number().int().min(1).max(1_000_000),
  /** The passage, from the reader's selection; null for the page as a whole. */
  quote: z.string().max(2000).nullable().default(null),
  text: safeMultiline('Comment').min(1, 'Write the comment.').max(5000),
  /** "On behalf of" a unit or a site, as the person writes it; null = in their own name. */
  asUnit: safeLine('Unit').max(200).nullable().default(null),
});
export type CommentPayload = z.infer<typeof CommentPayload>;

export const CommentStatus = z.enum(['pending', 'accepted', 'noted', 'rejected']);
export type CommentStatus = z.infer<typeof CommentStatus>;

/** The secretariat's answer to one comment. */
export const CommentResponse = z.object({
  status: z.enum(['accepted', 'noted', 'rejected']),
  reply: safeMultiline('Reply').max(5000).default(''),
});
export type CommentResponse = z.input<typeof CommentResponse>;

/** The files the consolidated table is exported as: Word and Excel to work on, PDF to send, CSV for other tools. */
export const CommentTableFormat = z.enum(['docx', 'xlsx', 'pdf', 'csv']);
export type CommentTableFormat = z.infer<typeof CommentTableFormat>;

/** One comment as the server keeps and lists it. */
export const DraftComment = z.object({
  id: z.string(),
  documentId: z.string(),
  page: z.number(),
  quote: z.string().nullable(),
  text: z.string(),
  asUnit: z.string().nullable(),
  userId: z.string(),
  name: z.string(),
  receivedAt: z.string(),
  status: CommentStatus,
  reply: z.string().nullable(),
  repliedAt: z.string().nullable(),
});
export type DraftComment = z.infer<typeof DraftComment>;
export const DraftCommentList = z.object({ comments: z.array(DraftComment) });

/** Whether a comment received at `at` is in time for the window (none: not open for comments). */
export function inCommentWindow(w: CommentWindow | null | undefined, at: string): boolean {
  return !!w && Date.parse(at) <= Date.parse(w.until);
}

/** What the secretariat groups the consolidated comments by: the draft's page, the commenter (unit or name), or the answer. */
export const CommentGroupBy = z.enum(['page', 'author', 'status']);
export type CommentGroupBy = z.infer<typeof CommentGroupBy>;

export interface CommentGroup {
  /** The page number, the commenter as shown, or the status. */
  key: string;
  /** The page, when grouped by page. */
  page: number | null;
  count: number;
  byStatus: Record<CommentStatus, number>;
  comments: DraftComment[];
}

/** A comment with its search text folded once (fold: any case, with or without Vietnamese marks). */
export interface PreparedComment {
  comment: DraftComment;
  author: string;
  folded: string;
}

export const commentAuthor = (c: DraftComment) => (c.asUnit ? `${c.asUnit} (${c.name})` : c.name);

/** Done once per list, not per keystroke: folding 10,000 comments is the costly part of a search. */
export function prepareComments(list: readonly DraftComment[]): PreparedComment[] {
  return list.map((comment) => ({ comment, author: commentAuthor(comment), folded: fold(`${comment.text}\n${comment.quote ?? ''}\n${comment.name}\n${comment.asUnit ?? ''}`) }));
}

const statusOrder: readonly CommentStatus[] = CommentStatus.options;
const authorOrder = new Intl.Collator('vi');

/**
 * The secretariat's grouped view: by page (in page order), by commenter (in Vietnamese
 * alphabetical order) or by answer, each group with its counts by status. One pass over the
 * prepared comments and one sort of the groups (not of the comments, which keep the list's
 * order): 10,000 comments regroup in a few milliseconds.
 */
export function groupComments(list: readonly PreparedComment[], opts: { by?: CommentGroupBy; status?: CommentStatus | null; text?: string } = {}): CommentGroup[] {
  const by = opts.by ?? 'page';
  const needle = opts.text ? fold(opts.text) : '';
  const groups = new Map<string | number, CommentGroup>();
  for (const p of list) {
    const c = p.comment;
    if (opts.status && c.status !== opts.status) continue;
    if (needle && !p.folded.includes(needle)) continue;
    const k = by === 'page' ? c.page : by === 'author' ? p.author : c.status;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { key: String(k), page: by === 'page' ? c.page : null, count: 0, byStatus: { pending: 0, accepted: 0, noted: 0, rejected: 0 }, comments: [] }));
    g.count++;
    g.byStatus[c.status]++;
    g.comments.push(c);
  }
  const out = [...groups.values()];
  if (by === 'page') out.sort((a, b) => a.page! - b.page!);
  else if (by === 'author') out.sort((a, b) => authorOrder.compare(a.key, b.key));
  else out.sort((a, b) => statusOrder.indexOf(a.key as CommentStatus) - statusOrder.indexOf(b.key as CommentStatus));
  return out;
}

/** The rows [from, from + count) of the grouped list, with the groups they fall in (a group cut by the page shows its part). */
export function pageOfGroups(groups: readonly CommentGroup[], from: number, count: number): { group: CommentGroup; comments: DraftComment[] }[] {
  const out: { group: CommentGroup; comments: DraftComment[] }[] = [];
  let at = 0;
  for (const group of groups) {
    if (at + group.count > from) {
      const part = group.comments.slice(Math.max(0, from - at), from + count - at);
      if (part.length) out.push({ group, comments: part });
    }
    at += group.count;
    if (at >= from + count) break;
  }
  return out;
}

/** By page, as the consolidated table is numbered and exported. */
export function groupByPage(list: readonly DraftComment[], filter: { status?: CommentStatus | null; text?: string } = {}): (CommentGroup & { page: number })[] {
  return groupComments(prepareComments(list), { by: 'page', ...filter }) as (CommentGroup & { page: number })[];
}
