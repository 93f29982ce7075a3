/**
 * Document files on this device, content-addressed by sha256 and verified before use:
 * `<data>/blobs/ab/abcdef…` once complete, `<data>/blobs/partial/<sha>.part` while arriving.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ErrorInfo } from '../../shared/errors';
import type { PackFileState } from '../../shared/contract';
import type { LocalDb } from './db';

export interface BlobRow {
  sha256: string;
  size: number;
  state: PackFileState;
  received: number;
  error: ErrorInfo | null;
  indexState: 'pending' | 'indexed' | 'failed';
  indexedPages: number;
}

const shaPattern = /^[0-9a-f]{64}$/;

export class BlobCache {
  readonly root: string;

  constructor(
    private readonly db: LocalDb,
    dataDir: string,
  ) {
    this.root = path.join(dataDir, 'blobs');
    fs.mkdirSync(path.join(this.root, 'partial'), { recursive: true });
  }

  finalPath(sha: string): string {
    return path.join(this.root, sha.slice(0, 2), sha);
  }

  partPath(sha: string): string {
    return path.join(this.root, 'partial', `${sha}.part`);
  }

  /** Path of a complete, verified file, or null. */
  verifiedPath(sha: string): string | null {
    if (!shaPattern.test(sha)) return null;
    const row = this.get(sha);
    if (row?.state !== 'on_device') return null;
    const p = this.finalPath(sha);
    return fs.existsSync(p) ? p : null;
  }

  get(sha: string): BlobRow | null {
    const r = this.db.prepare('SELECT * FROM blobs WHERE sha256 = ?').get(sha) as
      | { sha256: string; size: number; state: PackFileState; received: number; error_json: string | null; index_state: BlobRow['indexState']; indexed_pages: number }
      | undefined;
    if (!r) return null;
    return {
      sha256: r.sha256,
      size: r.size,
      state: r.state,
      received: r.received,
      error: r.error_json ? (JSON.parse(r.error_json) as ErrorInfo) : null,
      indexState: r.index_state,
      indexedPages: r.indexed_pages,
    };
  }

  /** Registers a file the device should have; a file already here stays as it is. */
  want(sha: string, size: number): BlobRow {
    this.db.prepare(`INSERT OR IGNORE INTO blobs (sha256, size, state) VALUES (?, ?, 'queued')`).run(sha, size);
    const row = this.get(sha)!;
    // A file recorded as complete but gone from disk (cleaned by hand) must come again.
    if (row.state === 'on_device' && !fs.existsSync(this.finalPath(sha))) {
      this.setState(sha, 'queued', 0, null);
      return this.get(sha)!;
    }
    return row;
  }

  setState(sha: string, state: PackFileState, received: number, error: ErrorInfo | null): void {
    this.db
      .prepare('UPDATE blobs SET state = ?, received = ?, error_json = ?, verified_at = CASE WHEN ? = \'on_device\' THEN ? ELSE verified_at END WHERE sha256 = ?')
      .run(state, received, error ? JSON.stringify(error) : null, state, new Date().toISOString(), sha);
  }

  setIndexed(sha: string, state: 'indexed' | 'failed', pages: number): void {
    this.db.prepare('UPDATE blobs SET index_state = ?, indexed_pages = ? WHERE sha256 = ?').run(state, pages, sha);
  }
}
