/**
 * The consolidated comment table's files (DOCX, XLSX, PDF) are written in a worker thread,
 * one at a time on the whole server with a short line behind it: a congress's table is
 * 10,000 rows, seconds of work and a few hundred MB, and a 2-core server keeps a core for
 * sync and requests. CSV is plain text and stays on the main thread. A limit reached is
 * the server's fault, not the caller's: it surfaces as a server error with the reason.
 */
import { workerJobs } from '../documents/worker-jobs';
import type { CommentTable } from './export';

export interface CommentFileJob {
  format: 'docx' | 'xlsx' | 'pdf';
  table: CommentTable;
}

export const commentFileInWorker = workerJobs<CommentFileJob, Uint8Array>({
  entry: 'comment-table-worker',
  base: import.meta.url,
  // 10,000 comments of a few hundred characters: XLSX ≈ 6 s and DOCX ≈ 3 s on the shared bench machine (BENCHMARKS.md).
  limits: { timeMs: 120_000, memoryMb: 768 },
  running: 1,
  waiting: 8,
  // Kept warm a minute: a secretariat exporting Word then Excel then PDF loads the libraries once.
  warmMs: 60_000,
  work: 'Writing the comment table',
  busy: 'Too many comment tables are being exported right now',
});
