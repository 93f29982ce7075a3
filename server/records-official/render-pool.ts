/**
 * Renders records in worker threads, two at a time on the whole server with a short line
 * behind them (a 2-core server keeps a core for sync and requests). A limit reached is the
 * server's fault, not the caller's: it surfaces as a server error with the reason.
 */
import { workerJobs } from '../documents/worker-jobs';
import type { RenderedRecord, RenderJob } from './render-record';

export const renderInWorker = workerJobs<RenderJob, RenderedRecord>({
  entry: 'render-record-worker',
  base: import.meta.url,
  // A long minutes (3,000 names, 150 items) renders in a few seconds within 256 MB.
  limits: { timeMs: 60_000, memoryMb: 256 },
  running: 2,
  waiting: 16,
  // Kept warm a minute: the fonts and pdf-lib load once for a secretariat finalising several records.
  warmMs: 60_000,
  work: 'Rendering the record',
  busy: 'Too many records are being rendered right now',
});
