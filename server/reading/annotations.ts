/**
 * Annotations a person shares with the meeting (`annotation` records). The author's device
 * sends the whole annotation on every change; the server keeps the latest, per meeting and
 * annotation id, and a per-meeting version (`seq`) that devices fetch changes since. Only
 * the author may change or withdraw theirs; what is private never reaches the server.
 */
import type { AnnotationPayload, SharedAnnotation, SharedAnnotationsResponse } from '../../shared/api/reading';
import type { MeetingFacts } from '../conclusions/conclusions';
import { displayName, memberRole } from '../records/members';
import { refuse, type Caller, type Refusal } from '../records/outcome';
import { all, one, run, value, values, type Sql } from '../records/sql';

interface Row {
  id: string;
  author_id: string;
  author_name: string;
  document_id: string;
  page: number;
  kind: 'highlight' | 'note';
  quote: string | null;
  rects: string;
  note: string | null;
  color: string;
  deleted: number;
  seq: number;
  created_at: string;
  updated_at: string;
}

/** The meeting's annotations version: the highest `seq`, 0 when nothing was ever shared. */
export function* annotationsVersion(meetingId: string): Sql<number> {
  return (yield* value<number>('SELECT COALESCE(MAX(seq), 0) AS v FROM shared_annotations WHERE meeting_id = ?', meetingId)) ?? 0;
}

export function* meetingsWithAnnotations(): Sql<string[]> {
  return yield* values<string>('SELECT DISTINCT meeting_id FROM shared_annotations');
}

/**
 * Call inside the records transaction: it holds the meeting's lock, so the next `seq` read
 * here is not taken by another node meanwhile.
 */
export function* applyAnnotation(
  facts: MeetingFacts | null,
  meetingId: string,
  caller: Caller,
  p: AnnotationPayload,
  now: string,
): Sql<{ annotationId: string } | Refusal> {
  if (!(yield* memberRole(meetingId, caller.id))) return refuse('forbidden', 'Only participants of this meeting can share notes with it.', 'not_member');
  const existing = yield* one<{ author_id: string; created_at: string }>('SELECT author_id, created_at FROM shared_annotations WHERE meeting_id = ? AND id = ?', meetingId, p.annotationId);
  if (existing && existing.author_id !== caller.id) {
    return refuse('forbidden', 'This note belongs to another participant; only its author can change or delete it.');
  }
  // Withdrawing is always possible, even if the document has left the meeting since.
  if (!p.deleted && facts && !facts.documentIds.has(p.documentId)) {
    return refuse('invalid_input', `There is no document "${p.documentId}" in this meeting.`);
  }
  const seq = (yield* annotationsVersion(meetingId)) + 1;
  const name = yield* displayName(caller.id);
  yield* run(
    `INSERT INTO shared_annotations (meeting_id, id, author_id, author_name, document_id, page, kind, quote, rects, note, color, deleted, seq, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (meeting_id, id) DO UPDATE SET author_name = excluded.author_name, document_id = excluded.document_id, page = excluded.page,
       kind = excluded.kind, quote = excluded.quote, rects = excluded.rects, note = excluded.note, color = excluded.color,
       deleted = excluded.deleted, seq = excluded.seq, updated_at = excluded.updated_at`,
    meetingId,
    p.annotationId,
    caller.id,
    name,
    p.documentId,
    p.page,
    p.kind,
    p.quote,
    JSON.stringify(p.rects),
    p.note,
    p.color,
    p.deleted ? 1 : 0,
    seq,
    existing?.created_at ?? now,
    now,
  );
  return { annotationId: p.annotationId };
}

/**
 * Others' shared annotations changed after `since` (a version number, or an ISO time; all
 * when null), and the ids of those withdrawn since. The caller's own are never listed:
 * their device has them already.
 */
export function* listSharedAnnotations(meetingId: string, callerId: string, since: number | string | null): Sql<SharedAnnotationsResponse> {
  const version = yield* annotationsVersion(meetingId);
  const rows =
    since === null
      ? yield* all<Row>('SELECT * FROM shared_annotations WHERE meeting_id = ? AND author_id <> ? ORDER BY seq', meetingId, callerId)
      : typeof since === 'number'
        ? yield* all<Row>('SELECT * FROM shared_annotations WHERE meeting_id = ? AND author_id <> ? AND seq > ? ORDER BY seq', meetingId, callerId, since)
        : yield* all<Row>('SELECT * FROM shared_annotations WHERE meeting_id = ? AND author_id <> ? AND updated_at > ? ORDER BY seq', meetingId, callerId, since);
  const annotations: SharedAnnotation[] = [];
  const deleted: string[] = [];
  for (const r of rows) {
    if (r.deleted) {
      // A full listing has nothing to withdraw.
      if (since !== null) deleted.push(r.id);
      continue;
    }
    annotations.push({
      id: r.id,
      authorId: r.author_id,
      authorName: r.author_name,
      documentId: r.document_id,
      page: r.page,
      kind: r.kind,
      quote: r.quote,
      rects: JSON.parse(r.rects) as SharedAnnotation['rects'],
      note: r.note,
      color: r.color,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    });
  }
  return { version, annotations, deleted };
}
