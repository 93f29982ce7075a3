/**
 * The device's full-text index of every document it holds: one row per page, FTS5 with
 * diacritic folding, so "nghi quyet" finds "nghị quyết" and "duong" finds "Đường" — offline.
 */
import path from 'node:path';
import type { SearchResults } from '../../shared/contract';
import { ApiError } from '../../shared/errors';
import type { LocalDb } from './db';
import { abortError, WorkerJobError, WorkerLimitError, WorkerPool, type WorkerLimits } from '../../node/worker-pool';
import type { IndexJob, PageText } from './text-index-worker';
import { ftsQuery, groupHits, type PageHit } from './search-text';
import { foldD } from '../../shared/text/fold';
import { mergeResults, type SealedPageIndex } from './sealed-index';

export interface IndexLimits extends WorkerLimits {
  /** A file with more pages is not indexed at all (the reader still opens it). */
  maxPages: number;
}

/**
 * Per file. A 1,000-page text document takes well under a minute here; ten minutes is for
 * a slow, busy laptop, not for a file built to spin. 512 MB holds pdf.js's fonts and
 * parsed pages of a big file; the 200,000-page file that held the core at 1.5 GB is
 * refused by its page count before its first page.
 */
export const defaultIndexLimits: IndexLimits = { timeMs: 10 * 60_000, memoryMb: 512, maxPages: 20_000 };

/** One pool for the process: a device runs one core, and indexes one file at a time. */
const extractors = new WorkerPool('text-index-worker', import.meta.url);

const fmt = (n: number) => n.toLocaleString('en');
const duration = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`);

export class TextIndex {
  private readonly insertPage;
  private readonly insertFts;
  readonly limits: IndexLimits;

  constructor(
    private readonly db: LocalDb,
    limits: Partial<IndexLimits> = {},
    /** Where confidential meetings' pages go: sealed on disk, searched in memory (sealed-index.ts). */
    private readonly sealed: SealedPageIndex | null = null,
  ) {
    this.limits = { ...defaultIndexLimits, ...limits };
    this.insertPage = db.prepare('INSERT OR REPLACE INTO page_text (sha256, page, text, body) VALUES (?, ?, ?, ?)');
    this.insertFts = db.prepare('INSERT INTO page_fts (rowid, body) VALUES (?, ?)');
  }

  /** Pages indexed for a file (0 if none). */
  pages(sha256: string): number {
    const plain = (this.db.prepare('SELECT count(*) AS n FROM page_text WHERE sha256 = ?').get(sha256) as { n: number }).n;
    return plain || (this.sealed?.pages(sha256) ?? 0);
  }

  /**
   * Reads a verified file in a worker thread and indexes its pages; returns how many pages
   * had text. Refused past a limit with an ApiError naming the file and the limit. When
   * `signal` aborts, the worker is terminated and the promise rejects with an error named
   * AbortError; the database is not touched after the abort.
   *
   * Pages are written as they arrive, 50 to a short transaction, under a staging key that
   * no search asks for, then moved to the file's key in one last transaction that also drops
   * its old rows: the core's thread never holds one transaction of 20,000 pages (seconds),
   * and search sees the old index or the new one, never half of it.
   */
  async index(sha256: string, file: string, signal?: AbortSignal, sealedKey?: Buffer): Promise<number> {
    if (signal?.aborted) throw abortError(signal);
    if (sealedKey) return this.indexSealed(sha256, file, sealedKey, signal);
    const staging = `${sha256}~indexing`;
    // Rows left by a run that was stopped halfway (the app closed while indexing).
    this.remove(staging);
    let written = 0;
    const stage = this.db.transaction((pages: PageText[]) => {
      for (const p of pages) {
        const body = foldD(p.text);
        const { lastInsertRowid } = this.insertPage.run(staging, p.page, p.text, body);
        this.insertFts.run(lastInsertRowid, body);
        written++;
      }
    });
    try {
      // No batch arrives after an abort: the pool stops listening before it rejects.
      await extractors.run<null, PageText[]>({ file, maxPages: this.limits.maxPages } satisfies IndexJob, this.limits, { signal, onProgress: stage });
    } catch (err) {
      const refused = this.refusal(err, path.basename(file));
      if (refused.name !== 'AbortError') this.remove(staging);
      throw refused;
    }
    // The abort may land after the worker's last message: still, nothing more is written.
    if (signal?.aborted) throw abortError(signal);
    this.db.transaction(() => {
      this.remove(sha256);
      this.db.prepare('UPDATE page_text SET sha256 = ? WHERE sha256 = ?').run(sha256, staging);
    })();
    return written;
  }

  /**
   * A confidential meeting's file (sealed on disk): the worker decrypts it in its memory,
   * and its pages go to the sealed index only, never through the clear staging rows.
   */
  private async indexSealed(sha256: string, file: string, key: Buffer, signal?: AbortSignal): Promise<number> {
    if (!this.sealed) throw new Error('This core keeps no sealed index: a confidential file cannot be indexed.');
    const pages: PageText[] = [];
    try {
      await extractors.run<null, PageText[]>({ file, maxPages: this.limits.maxPages, sealedKey: new Uint8Array(key) } satisfies IndexJob, this.limits, {
        signal,
        onProgress: (batch) => pages.push(...batch),
      });
    } catch (err) {
      throw this.refusal(err, path.basename(file));
    }
    if (signal?.aborted) throw abortError(signal);
    const written = this.sealed.put(sha256, pages);
    // Pages from before the file was sealed (its meeting became confidential) go.
    this.removePlain(sha256);
    return written;
  }

  private refusal(err: unknown, name: string): Error {
    if (err instanceof Error && err.name === 'AbortError') return err;
    if (err instanceof WorkerJobError && err.name === 'TooManyPages') {
      const { pages } = err.detail as { pages: number };
      return new ApiError('payload_too_large', `“${name}” has ${fmt(pages)} pages; at most ${fmt(this.limits.maxPages)} are indexed for search.`);
    }
    if (err instanceof WorkerLimitError && err.limit === 'time') {
      return new ApiError('invalid_input', `The text of “${name}” could not be read within ${duration(this.limits.timeMs)}; it is not searchable.`);
    }
    if (err instanceof WorkerLimitError) {
      return new ApiError('invalid_input', `Reading the text of “${name}” needed more than ${this.limits.memoryMb} MB of memory; it is not searchable.`);
    }
    if (err instanceof WorkerJobError && err.name === 'PasswordException') {
      return new ApiError('invalid_input', `“${name}” is password-protected; its text cannot be indexed.`);
    }
    if (err instanceof WorkerJobError) return new ApiError('invalid_input', `“${name}” is damaged and its text cannot be read.`);
    return err instanceof Error ? err : new Error(String(err));
  }

  remove(sha256: string): void {
    this.sealed?.remove(sha256);
    this.removePlain(sha256);
  }

  /**
   * A file's meeting became confidential: its pages leave the clear index, and the index is
   * merged so their words do not linger in old segments (secure_delete zeroes what is freed).
   */
  forgetClear(sha256: string): void {
    this.removePlain(sha256);
    this.db.prepare(`INSERT INTO page_fts (page_fts) VALUES ('optimize')`).run();
  }

  private removePlain(sha256: string): void {
    const rows = this.db.prepare('SELECT id, body FROM page_text WHERE sha256 = ?').all(sha256) as { id: number; body: string }[];
    const del = this.db.prepare(`INSERT INTO page_fts (page_fts, rowid, body) VALUES ('delete', ?, ?)`);
    for (const r of rows) del.run(r.id, r.body);
    this.db.prepare('DELETE FROM page_text WHERE sha256 = ?').run(sha256);
  }

  /** Text of one page, for finding an annotated passage again in a new version. */
  pageTextsOf(sha256: string): { page: number; text: string }[] {
    const plain = this.db.prepare('SELECT page, text FROM page_text WHERE sha256 = ? ORDER BY page').all(sha256) as { page: number; text: string }[];
    return plain.length || !this.sealed ? plain : this.sealed.pageTextsOf(sha256);
  }

  /**
   * Hits in document and page order — how a person reads a meeting pack — rather than by
   * relevance: ranking needs every match scored before the first result, which for a
   * common word over 100,000 pages is most of the index. FTS5 stops at the limit instead,
   * and snippets are made only for the pages returned.
   */
  search(text: string, docs: { documentId: string; title: string; sha256: string }[], limit: number): SearchResults {
    const plain = this.searchPlain(text, docs, limit);
    return this.sealed ? mergeResults(plain, this.sealed.search(text, docs, limit), docs, limit) : plain;
  }

  private searchPlain(text: string, docs: { documentId: string; title: string; sha256: string }[], limit: number): SearchResults {
    const started = performance.now();
    const match = ftsQuery(text);
    if (!match || docs.length === 0) return { query: text, groups: [], totalHits: 0, tookMs: 0 };
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
      .all(match, JSON.stringify(docs.map((d) => d.sha256)), limit) as PageHit[];
    return groupHits(hits, docs, text, started);
  }
}
