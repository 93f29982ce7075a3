/**
 * One kind of server job run in worker threads behind job slots (job-slots.ts): a few at a
 * time on the whole server with a short line behind them, since a 2-core server keeps a
 * core for sync and requests. For work whose failure is the server's fault, not the
 * caller's: a full line is "rate_limited" (try again in a moment), a limit reached or a job
 * that failed is a server error with the reason. (Checking an uploaded file is the other
 * case, the file's fault: records-official/verify.ts answers 422 itself.)
 */
import { ApiError } from '../../shared/errors';
import { WorkerJobError, WorkerLimitError, WorkerPool, type WorkerLimits } from '../../node/worker-pool';
import { JobSlots, SlotsFullError } from './job-slots';

export interface WorkerJobKind {
  /** The worker entry's name; it lives beside `base`, the caller's `import.meta.url`. */
  entry: string;
  base: string;
  limits: WorkerLimits;
  /** Jobs at once, and jobs in line before one is refused. */
  running: number;
  waiting: number;
  /** How long an idle worker is kept warm, so that its libraries load once for a run of jobs. */
  warmMs: number;
  /** The work, as the messages name it: "Writing the comment table". */
  work: string;
  /** Said when the line is full: "Too many comment tables are being exported right now". */
  busy: string;
}

export function workerJobs<J, R>(kind: WorkerJobKind): (job: J) => Promise<R> {
  const slots = new JobSlots(kind.running, kind.waiting);
  const pool = new WorkerPool(kind.entry, kind.base, kind.warmMs);
  return async (job) => {
    try {
      return await slots.run(() => pool.run<R>(job, kind.limits));
    } catch (err) {
      if (err instanceof SlotsFullError) throw new ApiError('rate_limited', `${kind.busy}; try again in a moment.`);
      if (err instanceof WorkerLimitError) throw new ApiError('server_error', `${kind.work} went past its limit (${err.message}).`);
      if (err instanceof WorkerJobError) throw new ApiError('server_error', `${kind.work} failed: ${err.message}`);
      throw err;
    }
  };
}
