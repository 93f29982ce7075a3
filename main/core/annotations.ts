/**
 * A person's highlights and notes, kept on their device (private unless shared). When the
 * secretariat replaces a document, each annotation moves to the newest version: onto the
 * same passage where it still exists, or listed as "not found in the new version" —
 * never silently dropped.
 *
 * Shared ones go to the meeting as `annotation` records through the outbox (their sync
 * state follows the record last sent for them); others' shared annotations are fetched
 * from the server and kept here too, read-only, so they can be read offline.
 */
import type { Annotation, PageRect } from '../../shared/contract';
import type { AnnotationPayload, SharedAnnotationsResponse } from '../../shared/api/reading';
import type { OutboxRecord } from '../../shared/api/outbox';
import type { DocumentView } from '../../shared/ydoc/meeting';
import type { LocalDb } from './db';
import { fold } from '../../shared/text/fold';
import type { TextIndex } from './text-index';
import { openStored, sealNullable } from './at-rest';

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
  outbox_key: string | null;
}

/** Someone else's shared annotation as this device keeps it: what it shows, and whose it is. */
type OtherRow = Pick<Row, 'id' | 'meeting_id' | 'author_name' | 'document_id' | 'page' | 'kind' | 'quote' | 'rects_json' | 'note' | 'color' | 'created_at' | 'updated_at'> & {
  author_id: string;
};

/** Read-only here: shared (so synced), where its author put it. */
function otherToAnnotation(r: OtherRow): Annotation {
  const row: Row = { ...r, shared: 1, sync_state: 'synced', refusal: null, carry_over: 'none', carried_from: null, outbox_key: null };
  return { ...toAnnotation(row), mine: false };
}

/** The record that tells the meeting what a shared annotation is now (or that it is withdrawn). */
export function annotationRecord(a: Annotation, deleted: boolean): Extract<OutboxRecord, { kind: 'annotation' }> {
  const payload: AnnotationPayload = {
    annotationId: a.id,
    documentId: a.documentId,
    page: a.page,
    kind: a.kind,
    quote: a.quote,
    rects: a.rects,
    note: a.note,
    color: a.color,
    deleted,
  };
  return { key: crypto.randomUUID(), kind: 'annotation', payload };
}

const syncOf = { pending: 'pending', sent: 'synced', refused: 'refused' } as const;

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
  /**
   * `recordsKey` seals the quote (page text) and the note of every annotation at rest:
   * what a person marked in a confidential document is as confidential as the document.
   * Everything is sealed, not just confidential meetings', so a meeting marked
   * confidential later needs no rewrite. Rows from before sealing are read as they are.
   */
  constructor(
    private readonly db: LocalDb,
    private readonly recordsKey: Buffer,
  ) {}

  private opened<R extends { quote: string | null; note: string | null }>(r: R): R {
    return { ...r, quote: openStored(this.recordsKey, r.quote, 'An annotation'), note: openStored(this.recordsKey, r.note, 'An annotation') };
  }

  /** One's own annotations and others' shared ones (read-only, `mine: false`). */
  list(owner: Owner, meetingId: string, documentId?: string): Annotation[] {
    const mine = this.listMine(owner, meetingId, documentId);
    const others = (
      documentId
        ? this.db
            .prepare('SELECT * FROM others_annotations WHERE server_url = ? AND user_id = ? AND meeting_id = ? AND document_id = ?')
            .all(owner.serverUrl, owner.userId, meetingId, documentId)
        : this.db.prepare('SELECT * FROM others_annotations WHERE server_url = ? AND user_id = ? AND meeting_id = ?').all(owner.serverUrl, owner.userId, meetingId)
    ) as OtherRow[];
    if (others.length === 0) return mine;
    return [...mine, ...others.map((r) => otherToAnnotation(this.opened(r)))].sort(
      (a, b) => (documentId ? 0 : a.documentId.localeCompare(b.documentId)) || a.page - b.page || a.createdAt.localeCompare(b.createdAt),
    );
  }

  /** Someone else's shared annotation with this id, as this device has it. */
  others(owner: Owner, id: string): Annotation | null {
    const r = this.db.prepare('SELECT * FROM others_annotations WHERE server_url = ? AND user_id = ? AND id = ?').get(owner.serverUrl, owner.userId, id) as OtherRow | undefined;
    return r ? otherToAnnotation(this.opened(r)) : null;
  }

  /** The meeting's shared-annotations version this device last fetched (null: never). */
  othersVersion(owner: Owner, meetingId: string): number | null {
    const r = this.db
      .prepare('SELECT version FROM others_annotations_version WHERE server_url = ? AND user_id = ? AND meeting_id = ?')
      .get(owner.serverUrl, owner.userId, meetingId) as { version: number } | undefined;
    return r ? r.version : null;
  }

  /** Stores what the server said changed; returns the documents whose list changed. */
  applyOthers(owner: Owner, meetingId: string, got: SharedAnnotationsResponse, full: boolean): Set<string> {
    const changed = new Set<string>();
    const docOf = this.db.prepare('SELECT document_id FROM others_annotations WHERE server_url = ? AND user_id = ? AND meeting_id = ? AND id = ?');
    const del = this.db.prepare('DELETE FROM others_annotations WHERE server_url = ? AND user_id = ? AND meeting_id = ? AND id = ?');
    const upsert = this.db.prepare(
      `INSERT INTO others_annotations (server_url, user_id, meeting_id, id, author_id, author_name, document_id, page, kind, quote, rects_json, note, color, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (server_url, user_id, meeting_id, id) DO UPDATE SET author_id = excluded.author_id, author_name = excluded.author_name,
         document_id = excluded.document_id, page = excluded.page, kind = excluded.kind, quote = excluded.quote, rects_json = excluded.rects_json,
         note = excluded.note, color = excluded.color, created_at = excluded.created_at, updated_at = excluded.updated_at`,
    );
    const key = [owner.serverUrl, owner.userId, meetingId] as const;
    this.db.transaction(() => {
      const gone = new Set(got.deleted);
      if (full) {
        // A full listing is everything there is: drop what is no longer in it.
        const listed = new Set(got.annotations.map((a) => a.id));
        for (const r of this.db.prepare('SELECT id FROM others_annotations WHERE server_url = ? AND user_id = ? AND meeting_id = ?').all(...key) as { id: string }[]) {
          if (!listed.has(r.id)) gone.add(r.id);
        }
      }
      for (const id of gone) {
        const had = docOf.get(...key, id) as { document_id: string } | undefined;
        if (!had) continue;
        del.run(...key, id);
        changed.add(had.document_id);
      }
      for (const a of got.annotations) {
        // One's own never come back from the server; never let one shadow an own annotation.
        if (a.authorId === owner.userId) continue;
        const had = docOf.get(...key, a.id) as { document_id: string } | undefined;
        if (had) changed.add(had.document_id);
        const sealed = [sealNullable(this.recordsKey, a.quote), JSON.stringify(a.rects), sealNullable(this.recordsKey, a.note)] as const;
        upsert.run(...key, a.id, a.authorId, a.authorName, a.documentId, a.page, a.kind, ...sealed, a.color, a.createdAt, a.updatedAt);
        changed.add(a.documentId);
      }
      this.db
        .prepare(
          `INSERT INTO others_annotations_version (server_url, user_id, meeting_id, version, fetched_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (server_url, user_id, meeting_id) DO UPDATE SET version = excluded.version, fetched_at = excluded.fetched_at`,
        )
        .run(...key, got.version, new Date().toISOString());
    })();
    return changed;
  }

  /** Remembers the outbox record that carries this annotation's latest shared state. */
  sentAs(owner: Owner, id: string, key: string): void {
    // A withdrawal (made private) leaves the note this device's only: 'local' at once.
    this.db
      .prepare(`UPDATE annotations SET outbox_key = ?, sync_state = CASE WHEN shared = 1 THEN 'pending' ELSE 'local' END, refusal = NULL WHERE server_url = ? AND user_id = ? AND id = ?`)
      .run(key, owner.serverUrl, owner.userId, id);
  }

  /**
   * Shared annotations take the state of their latest outbox record (pending → synced or
   * refused, with the server's reason). Returns the documents whose annotations changed.
   */
  followOutbox(owner: Owner, meetingId: string): Set<string> {
    const rows = this.db
      .prepare(
        `SELECT a.id, a.document_id, a.sync_state, a.refusal, o.state, o.last_error FROM annotations a JOIN outbox o ON o.key = a.outbox_key
         WHERE a.server_url = ? AND a.user_id = ? AND a.meeting_id = ? AND a.shared = 1`,
      )
      .all(owner.serverUrl, owner.userId, meetingId) as { id: string; document_id: string; sync_state: string; refusal: string | null; state: 'pending' | 'sent' | 'refused'; last_error: string | null }[];
    const changed = new Set<string>();
    const set = this.db.prepare('UPDATE annotations SET sync_state = ?, refusal = ? WHERE id = ?');
    for (const r of rows) {
      const state = syncOf[r.state];
      const refusal = r.state === 'refused' ? r.last_error : null;
      if (state === r.sync_state && refusal === r.refusal) continue;
      set.run(state, refusal, r.id);
      changed.add(r.document_id);
    }
    return changed;
  }

  private listMine(owner: Owner, meetingId: string, documentId?: string): Annotation[] {
    const rows = (
      documentId
        ? this.db
            .prepare('SELECT * FROM annotations WHERE server_url = ? AND user_id = ? AND meeting_id = ? AND document_id = ? ORDER BY page, created_at')
            .all(owner.serverUrl, owner.userId, meetingId, documentId)
        : this.db
            .prepare('SELECT * FROM annotations WHERE server_url = ? AND user_id = ? AND meeting_id = ? ORDER BY document_id, page, created_at')
            .all(owner.serverUrl, owner.userId, meetingId)
    ) as Row[];
    return rows.map((r) => toAnnotation(this.opened(r)));
  }

  get(owner: Owner, id: string): Annotation | null {
    const r = this.db.prepare('SELECT * FROM annotations WHERE server_url = ? AND user_id = ? AND id = ?').get(owner.serverUrl, owner.userId, id) as Row | undefined;
    return r ? toAnnotation(this.opened(r)) : null;
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
      .run(id, owner.serverUrl, owner.userId, a.meetingId, a.documentId, a.page, a.kind, sealNullable(this.recordsKey, a.quote), JSON.stringify(a.rects), sealNullable(this.recordsKey, a.note), a.color,
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
        sealNullable(this.recordsKey, patch.note !== undefined ? patch.note : current.note),
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
  carryOver(owner: Owner, meetingId: string, documents: DocumentView[], index: TextIndex, onShared?: (a: Annotation) => void): Set<string> {
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
    for (const a of this.listMine(owner, meetingId)) {
      const doc = byId.get(a.documentId);
      if (!doc?.supersededBy) continue;
      const target = newest(doc);
      if (target.id === doc.id || index.pages(target.sha256) === 0) continue;
      const pages = index.pageTextsOf(target.sha256);
      let page: number | null = null;
      if (a.quote && fold(a.quote)) {
        const needle = fold(a.quote);
        // Prefer the same page, then the nearest one: a passage rarely moves far.
        const order = [...pages].sort((x, y) => Math.abs(x.page - a.page) - Math.abs(y.page - a.page));
        page = order.find((p) => fold(p.text).includes(needle))?.page ?? null;
      } else if (pages.some((p) => p.page === a.page)) {
        page = a.page; // a page note without a quote stays on its page if the page exists
      }
      this.db
        .prepare('UPDATE annotations SET document_id = ?, page = ?, carry_over = ?, carried_from = COALESCE(carried_from, ?), rects_json = ?, updated_at = ? WHERE id = ?')
        // Rectangles belong to the old layout; the reader finds the quote again on the new page.
        .run(target.id, page ?? a.page, page !== null ? 'carried' : 'not_found', a.documentId, '[]', new Date().toISOString(), a.id);
      changed.add(doc.id);
      changed.add(target.id);
      // Others see a shared note where it now is.
      if (a.shared && onShared) onShared(this.get(owner, a.id)!);
    }
    return changed;
  }
}
