/**
 * Renders records in worker threads, two at a time on the whole server with a short line
 * behind them (a 2-core server keeps a core for sync and requests). A limit reached is the
 * server's fault, not the caller's: it surfaces as a server error with the reason.
 */
import { ApiError } from '../../shared/errors';
import { WorkerJobError, WorkerLimitError, WorkerPool, type WorkerLimits } from '../../node/worker-pool';
import { JobSlots, SlotsFullError } from '../documents/job-slots';
import type { RenderedRecord, RenderJob } from './render-record';

/** A long minutes (3,000 names, 150 items) renders in a few seconds within 256 MB. */
const limits: WorkerLimits = { timeMs: 60_000, memoryMb: 256 };
const slots = new JobSlots(2, 16);
// Kept warm a minute: the fonts and pdf-lib load once for a secretariat finalising several records.
const renderers = new WorkerPool('render-record-worker', import.meta.url, 60_000);

export async function renderInWorker(job: RenderJob): Promise<RenderedRecord> {
  try {
    return await slots.run(() => renderers.run<RenderedRecord>(job, limits));
  } catch (err) {
    if (err instanceof SlotsFullError) throw new ApiError('rate_limited', 'Too many records are being rendered right now; try again in a moment.');
    if (err instanceof WorkerLimitError) throw new ApiError('server_error', `Rendering the record went past its limit (${err.message}).`);
    if (err instanceof WorkerJobError) throw new ApiError('server_error', `Rendering the record failed: ${err.message}`);
    throw err;
  }
}
