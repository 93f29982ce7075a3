/**
 * The device's full-text index of every document it holds: one row per page, FTS5 with
 * diacritic folding, so "nghi quyet" finds "nghị quyết" and "duong" finds "Đường" — offline.
 */
import type { SearchResultGroup, SearchResults } from '../../shared/contract';
import type { LocalDb } from './db';
import { pageTexts } from './pdfjs-node';
import { foldForIndex, ftsQuery, restoreSnippet } from './search-text';

export class TextIndex {
  private readonly insertPage;
  private readonly insertFts;

  constructor(private readonly db: LocalDb) {
    this.insertPage = db.prepare('INSERT OR REPLACE INTO page_text (sha256, page, text, body) VALUES (?, ?, ?, ?)');
    this.insertFts = db.prepare('INSERT INTO page_fts (rowid, body) VALUES (?, ?)');
  }

  /** Pages indexed for a file (0 if none). */
  pages(sha256: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM page_text WHERE sha256 = ?').get(sha256) as { n: number }).n;
  }

  /** Reads a verified file and indexes its pages; returns how many pages had text. */
  async index(sha256: string, file: string): Promise<number> {
    const batch: { page: number; text: string }[] = [];
    for await (const p of pageTexts(file)) if (p.text) batch.push(p);
    this.db.transaction(() => {
      this.remove(sha256);
      for (const p of batch) {
        const body = foldForIndex(p.text);
        const { lastInsertRowid } = this.insertPage.run(sha256, p.page, p.text, body);
        this.insertFts.run(lastInsertRowid, body);
      }
    })();
    return batch.length;
  }

  remove(sha256: string): void {
    const rows = this.db.prepare('SELECT id, body FROM page_text WHERE sha256 = ?').all(sha256) as { id: number; body: string }[];
    const del = this.db.prepare(`INSERT INTO page_fts (page_fts, rowid, body) VALUES ('delete', ?, ?)`);
    for (const r of rows) del.run(r.id, r.body);
    this.db.prepare('DELETE FROM page_text WHERE sha256 = ?').run(sha256);
  }

  /** Text of one page, for finding an annotated passage again in a new version. */
  pageTextsOf(sha256: string): { page: number; text: string }[] {
    return this.db.prepare('SELECT page, text FROM page_text WHERE sha256 = ? ORDER BY page').all(sha256) as { page: number; text: string }[];
  }

  /**
   * Hits in document and page order — how a person reads a meeting pack — rather than by
   * relevance: ranking needs every match scored before the first result, which for a
   * common word over 100,000 pages is most of the index. FTS5 stops at the limit instead,
   * and snippets are made only for the pages returned.
   */
  search(text: string, docs: { documentId: string; title: string; sha256: string }[], limit: number): SearchResults {
    const started = performance.now();
    const match = ftsQuery(text);
    if (!match || docs.length === 0) return { query: text, groups: [], totalHits: 0, tookMs: 0 };
    const bySha = new Map(docs.map((d) => [d.sha256, d]));
    // CROSS JOIN pins the loop order: walk the full-text matches and stop at the limit,
    // rather than walk every page of the pack and ask the index about each.
    const hits = this.db
      .prepare(
        `SELECT p.sha256 AS sha256, p.page AS page, p.text AS text, p.body AS body,
                snippet(page_fts, 0, char(2), char(3), '…', 16) AS snip
         FROM page_fts CROSS JOIN page_text p ON p.id = page_fts.rowid
         WHERE page_fts MATCH ? AND p.sha256 IN (SELECT value FROM json_each(?))
         LIMIT ?`,
      )
      .all(match, JSON.stringify([...bySha.keys()]), limit) as { sha256: string; page: number; text: string; body: string; snip: string }[];
    const groups = new Map<string, SearchResultGroup>();
    for (const h of hits) {
      const d = bySha.get(h.sha256)!;
      let g = groups.get(d.documentId);
      if (!g) groups.set(d.documentId, (g = { documentId: d.documentId, title: d.title, hits: [] }));
      g.hits.push({ page: h.page, snippet: restoreSnippet(h.snip, h.body, h.text) });
    }
    const order = new Map(docs.map((d, i) => [d.documentId, i]));
    const sorted = [...groups.values()].sort((a, b) => order.get(a.documentId)! - order.get(b.documentId)!);
    for (const g of sorted) g.hits.sort((a, b) => a.page - b.page);
    return { query: text, groups: sorted, totalHits: hits.length, tookMs: +(performance.now() - started).toFixed(2) };
  }
}
