/**
 * The search index of confidential meetings' documents. Their page text is on disk only
 * sealed (`sealed_page_text`, AES-256-GCM under the index key); the full-text index over it
 * is an FTS5 table in SQLite's in-memory temp schema, built from those rows the first time
 * it is needed after the core starts. The words of a confidential page thus never reach
 * the database file or its WAL — not even as the tokens of an index — yet "nghi quyet"
 * still finds "nghị quyết" in them, offline.
 *
 * The plain index (text-index.ts) keeps every other document, as before.
 */
import type { SearchResultGroup, SearchResults } from '../../shared/contract';
import type { LocalDb } from './db';
import { openText, sealText } from './at-rest';
import { ftsQuery, groupHits, type PageHit } from './search-text';
import { foldD } from '../../shared/text/fold';

export interface PageText {
  page: number;
  text: string;
}

export class SealedPageIndex {
  private built = false;

  constructor(
    private readonly db: LocalDb,
    private readonly indexKey: Buffer,
  ) {
    // Temp tables live in memory, never in a temp file beside the database.
    db.pragma('temp_store = MEMORY');
  }

  /** The in-memory index, built from the sealed rows on first use. */
  private ensureBuilt(): void {
    if (this.built) return;
    this.db.exec(`
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.sealed_fts USING fts5(
        body, sha256 UNINDEXED, page UNINDEXED, text UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
      );
      DELETE FROM temp.sealed_fts;
    `);
    const insert = this.db.prepare('INSERT INTO temp.sealed_fts (body, sha256, page, text) VALUES (?, ?, ?, ?)');
    // All at once: better-sqlite3 cannot insert while a read on the same connection is open.
    const rows = this.db.prepare('SELECT sha256, page, sealed FROM sealed_page_text').all() as { sha256: string; page: number; sealed: string }[];
    this.db.transaction(() => {
      for (const r of rows) {
        const text = this.open(r.sealed);
        if (text !== null) insert.run(foldD(text), r.sha256, r.page, text);
      }
    })();
    this.built = true;
  }

  /** A page sealed by another device key (a copied folder) is skipped, not fatal. */
  private open(sealed: string): string | null {
    try {
      return openText(this.indexKey, sealed, 'A confidential page');
    } catch {
      return null;
    }
  }

  pages(sha256: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM sealed_page_text WHERE sha256 = ?').get(sha256) as { n: number }).n;
  }

  /** Replaces the pages of one file (only pages with text are kept, as in the plain index). */
  put(sha256: string, pages: readonly PageText[]): number {
    this.ensureBuilt();
    const kept = pages.filter((p) => p.text);
    const insertSealed = this.db.prepare('INSERT INTO sealed_page_text (sha256, page, sealed) VALUES (?, ?, ?)');
    const insertFts = this.db.prepare('INSERT INTO temp.sealed_fts (body, sha256, page, text) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      this.remove(sha256);
      for (const p of kept) {
        insertSealed.run(sha256, p.page, sealText(this.indexKey, p.text));
        insertFts.run(foldD(p.text), sha256, p.page, p.text);
      }
    })();
    return kept.length;
  }

  remove(sha256: string): void {
    this.db.prepare('DELETE FROM sealed_page_text WHERE sha256 = ?').run(sha256);
    if (this.built) this.db.prepare('DELETE FROM temp.sealed_fts WHERE sha256 = ?').run(sha256);
  }

  /** Text of each page, for finding an annotated passage again in a new version. */
  pageTextsOf(sha256: string): PageText[] {
    const rows = this.db.prepare('SELECT page, sealed FROM sealed_page_text WHERE sha256 = ? ORDER BY page').all(sha256) as { page: number; sealed: string }[];
    return rows.flatMap((r) => {
      const text = this.open(r.sealed);
      return text === null ? [] : [{ page: r.page, text }];
    });
  }

  /** Hits in document and page order, like the plain index's search (same query rules). */
  search(text: string, docs: { documentId: string; title: string; sha256: string }[], limit: number): SearchResults {
    const started = performance.now();
    const match = ftsQuery(text);
    if (!match || docs.length === 0) return { query: text, groups: [], totalHits: 0, tookMs: 0 };
    this.ensureBuilt();
    const hits = this.db
      .prepare(
        `SELECT sha256, page, text, body, snippet(sealed_fts, 0, char(2), char(3), '…', 16) AS snip
         FROM temp.sealed_fts WHERE sealed_fts MATCH ? AND sha256 IN (SELECT value FROM json_each(?)) LIMIT ?`,
      )
      .all(match, JSON.stringify(docs.map((d) => d.sha256)), limit) as PageHit[];
    return groupHits(hits, docs, text, started);
  }
}

/** One answer from the plain and the sealed index, in the pack's document order. */
export function mergeResults(a: SearchResults, b: SearchResults, docs: { documentId: string }[], limit: number): SearchResults {
  if (b.groups.length === 0) return a;
  if (a.groups.length === 0) return b;
  const order = new Map(docs.map((d, i) => [d.documentId, i]));
  const groups = [...a.groups, ...b.groups].sort((x, y) => order.get(x.documentId)! - order.get(y.documentId)!);
  let left = limit;
  const kept: SearchResultGroup[] = [];
  for (const g of groups) {
    if (left <= 0) break;
    const hits = g.hits.slice(0, left);
    left -= hits.length;
    kept.push({ ...g, hits });
  }
  return { query: a.query, groups: kept, totalHits: kept.reduce((n, g) => n + g.hits.length, 0), tookMs: +(a.tookMs + b.tookMs).toFixed(2) };
}
