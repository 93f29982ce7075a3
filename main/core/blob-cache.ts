/**
 * Document files on this device, content-addressed by sha256 and verified before use:
 * `<data>/blobs/ab/abcdef…` once complete, `<data>/blobs/partial/<sha>.part` while arriving.
 * Files of confidential meetings are kept sealed (at-rest.ts) from their first byte on;
 * `source()` reads either kind as the plain file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isSealedFile, plainSource, sealedSource, sealFile, type BlobSource } from './at-rest';
import { ensurePrivateDir } from './private-files';
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

  private readonly sealing = new Map<string, Promise<void>>();

  constructor(
    private readonly db: LocalDb,
    dataDir: string,
    /** Seals the files of confidential meetings (at-rest.ts). */
    readonly blobsKey: Buffer,
  ) {
    this.root = path.join(dataDir, 'blobs');
    ensurePrivateDir(this.root);
    ensurePrivateDir(path.join(this.root, 'partial'));
  }

  /** The folder a complete file goes to, owner-only like the rest of the data folder. */
  ensureFinalDir(sha: string): void {
    ensurePrivateDir(path.dirname(this.finalPath(sha)));
  }

  /** A verified file to serve or read, plain or sealed alike; null if absent. */
  source(sha: string): BlobSource | null {
    const file = this.verifiedPath(sha);
    if (!file) return null;
    return isSealedFile(file) ? sealedSource(this.blobsKey, file) : plainSource(file);
  }

  isSealed(sha: string): boolean {
    const file = this.verifiedPath(sha);
    return file !== null && isSealedFile(file);
  }

  /**
   * A file that arrived in the clear before its meeting was marked confidential is sealed
   * in place (written sealed beside it, then renamed over it, so a crash leaves one or the
   * other, never half of each).
   */
  ensureSealed(sha: string): Promise<void> {
    const running = this.sealing.get(sha);
    if (running) return running;
    const file = this.verifiedPath(sha);
    if (!file || isSealedFile(file)) return Promise.resolve();
    const tmp = path.join(this.root, 'partial', `${sha}.sealing`);
    const p = sealFile(this.blobsKey, file, tmp)
      .then(() => fs.renameSync(tmp, file))
      .catch((err: unknown) => {
        fs.rmSync(tmp, { force: true });
        throw err;
      })
      .finally(() => this.sealing.delete(sha));
    this.sealing.set(sha, p);
    return p;
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

  /** The file's pages are no longer in the index (it became confidential): index it again when allowed. */
  resetIndex(sha: string): void {
    this.db.prepare(`UPDATE blobs SET index_state = 'pending', indexed_pages = 0 WHERE sha256 = ?`).run(sha);
  }

  setIndexed(sha: string, state: 'indexed' | 'failed', pages: number): void {
    this.db.prepare('UPDATE blobs SET index_state = ?, indexed_pages = ? WHERE sha256 = ?').run(state, pages, sha);
  }
}
