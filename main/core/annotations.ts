/**
 * A person's highlights and notes, kept on their device (private unless shared). When the
 * secretariat replaces a document, each annotation moves to the newest version: onto the
 * same passage where it still exists, or listed as "not found in the new version" —
 * never silently dropped.
 */
import type { Annotation, PageRect } from '../../shared/contract';
import type { DocumentView } from '../../shared/ydoc/meeting';
import type { LocalDb } from './db';
import { foldFully } from './search-text';
import type { TextIndex } from './text-index';

interface Row {
  id: string;
  meeting_id: string;
  document_id: string;
  page: number;
  kind: 'highlight' | 'note';
  quote: string | null;
  rects_json: string;
  note: string | null;
  color: string;
  shared: number;
  sync_state: Annotation['syncState'];
  refusal: string | null;
  carry_over: Annotation['carryOver'];
  carried_from: string | null;
  author_name: string;
  created_at: string;
  updated_at: string;
}

export interface Owner {
  serverUrl: string;
  userId: string;
  displayName: string;
}

function toAnnotation(r: Row): Annotation {
  return {
    id: r.id,
    meetingId: r.meeting_id,
    documentId: r.document_id,
    page: r.page,
    kind: r.kind,
    quote: r.quote,
    rects: JSON.parse(r.rects_json) as PageRect[],
    note: r.note,
    color: r.color,
    shared: r.shared === 1,
    syncState: r.sync_state,
    refusal: r.refusal,
    carryOver: r.carry_over,
    carriedFrom: r.carried_from,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    authorName: r.author_name,
    mine: true,
  };
}

export class AnnotationStore {
  constructor(private readonly db: LocalDb) {}

  list(owner: Owner, meetingId: string, documentId?: string): Annotation[] {
    const rows = (
      documentId
        ? this.db
            .prepare('SELECT * FROM annotations WHERE server_url = ? AND user_id = ? AND meeting_id = ? AND document_id = ? ORDER BY page, created_at')
            .all(owner.serverUrl, owner.userId, meetingId, documentId)
        : this.db
            .prepare('SELECT * FROM annotations WHERE server_url = ? AND user_id = ? AND meeting_id = ? ORDER BY document_id, page, created_at')
            .all(owner.serverUrl, owner.userId, meetingId)
    ) as Row[];
    return rows.map(toAnnotation);
  }

  get(owner: Owner, id: string): Annotation | null {
    const r = this.db.prepare('SELECT * FROM annotations WHERE server_url = ? AND user_id = ? AND id = ?').get(owner.serverUrl, owner.userId, id) as Row | undefined;
    return r ? toAnnotation(r) : null;
  }

  add(owner: Owner, a: Pick<Annotation, 'meetingId' | 'documentId' | 'page' | 'kind' | 'quote' | 'rects' | 'note' | 'color' | 'shared'>): Annotation {
    const now = new Date().toISOString();
    const id = crypto.randomUUID();
    this.db
      .prepare(
        `INSERT INTO annotations (id, server_url, user_id, meeting_id, document_id, page, kind, quote, rects_json, note, color, shared,
           sync_state, author_name, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, owner.serverUrl, owner.userId, a.meetingId, a.documentId, a.page, a.kind, a.quote, JSON.stringify(a.rects), a.note, a.color,
        a.shared ? 1 : 0, a.shared ? 'pending' : 'local', owner.displayName, now, now);
    return this.get(owner, id)!;
  }

  update(owner: Owner, id: string, patch: { note?: string | null; color?: string; shared?: boolean }): Annotation | null {
    const current = this.get(owner, id);
    if (!current) return null;
    const shared = patch.shared ?? current.shared;
    this.db
      .prepare('UPDATE annotations SET note = ?, color = ?, shared = ?, sync_state = ?, updated_at = ? WHERE id = ?')
      .run(
        patch.note !== undefined ? patch.note : current.note,
        patch.color ?? current.color,
        shared ? 1 : 0,
        shared ? 'pending' : 'local',
        new Date().toISOString(),
        id,
      );
    return this.get(owner, id);
  }

  remove(owner: Owner, id: string): Annotation | null {
    const current = this.get(owner, id);
    if (current) this.db.prepare('DELETE FROM annotations WHERE id = ?').run(id);
    return current;
  }

  /**
   * Moves annotations on superseded documents to the newest version. Waits (does nothing
   * for that annotation) until the new version's text is indexed on this device.
   * Returns the ids of documents whose annotations changed.
   */
  carryOver(owner: Owner, meetingId: string, documents: DocumentView[], index: TextIndex): Set<string> {
    const byId = new Map(documents.map((d) => [d.id, d]));
    const changed = new Set<string>();
    const newest = (d: DocumentView): DocumentView => {
      const seen = new Set<string>();
      while (d.supersededBy && byId.has(d.supersededBy) && !seen.has(d.id)) {
        seen.add(d.id);
        d = byId.get(d.supersededBy)!;
      }
      return d;
    };
    for (const a of this.list(owner, meetingId)) {
      const doc = byId.get(a.documentId);
      if (!doc?.supersededBy) continue;
      const target = newest(doc);
      if (target.id === doc.id || index.pages(target.sha256) === 0) continue;
      const pages = index.pageTextsOf(target.sha256);
      let page: number | null = null;
      if (a.quote && foldFully(a.quote)) {
        const needle = foldFully(a.quote);
        // Prefer the same page, then the nearest one: a passage rarely moves far.
        const order = [...pages].sort((x, y) => Math.abs(x.page - a.page) - Math.abs(y.page - a.page));
        page = order.find((p) => foldFully(p.text).includes(needle))?.page ?? null;
      } else if (pages.some((p) => p.page === a.page)) {
        page = a.page; // a page note without a quote stays on its page if the page exists
      }
      this.db
        .prepare('UPDATE annotations SET document_id = ?, page = ?, carry_over = ?, carried_from = COALESCE(carried_from, ?), rects_json = ?, updated_at = ? WHERE id = ?')
        // Rectangles belong to the old layout; the reader finds the quote again on the new page.
        .run(target.id, page ?? a.page, page !== null ? 'carried' : 'not_found', a.documentId, '[]', new Date().toISOString(), a.id);
      changed.add(doc.id);
      changed.add(target.id);
    }
    return changed;
  }
}
