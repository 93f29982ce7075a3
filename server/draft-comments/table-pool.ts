/**
 * The consolidated comment table's files (DOCX, XLSX, PDF) are written in a worker thread,
 * one at a time on the whole server with a short line behind it: a congress's table is
 * 10,000 rows, seconds of work and a few hundred MB, and a 2-core server keeps a core for
 * sync and requests. CSV is plain text and stays on the main thread. A limit reached is
 * the server's fault, not the caller's: it surfaces as a server error with the reason.
 */
import { ApiError } from '../../shared/errors';
import { WorkerJobError, WorkerLimitError, WorkerPool, type WorkerLimits } from '../../node/worker-pool';
import { JobSlots, SlotsFullError } from '../documents/job-slots';
import type { CommentTable } from './export';

export interface CommentFileJob {
  format: 'docx' | 'xlsx' | 'pdf';
  table: CommentTable;
}

/** 10,000 comments of a few hundred characters: XLSX ≈ 6 s and DOCX ≈ 3 s on the shared bench machine (BENCHMARKS.md). */
const limits: WorkerLimits = { timeMs: 120_000, memoryMb: 768 };
const slots = new JobSlots(1, 8);
// Kept warm a minute: a secretariat exporting Word then Excel then PDF loads the libraries once.
const writers = new WorkerPool('comment-table-worker', import.meta.url, 60_000);

export async function commentFileInWorker(job: CommentFileJob): Promise<Uint8Array> {
  try {
    return await slots.run(() => writers.run<Uint8Array>(job, limits));
  } catch (err) {
    if (err instanceof SlotsFullError) throw new ApiError('rate_limited', 'Too many comment tables are being exported right now; try again in a moment.');
    if (err instanceof WorkerLimitError) throw new ApiError('server_error', `Writing the comment table went past its limit (${err.message}).`);
    if (err instanceof WorkerJobError) throw new ApiError('server_error', `Writing the comment table failed: ${err.message}`);
    throw err;
  }
}
