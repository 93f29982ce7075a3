/**
 * Checking encrypted ballots' proofs (issue 15) off the event loop. A ballot of a 3-option
 * poll costs ~20 ms of bigint arithmetic (measured here with @noble/curves); a storm of
 * them on the server's one thread would hold every other request — sync, check-ins, the
 * chair's close — behind it. So the checks run in worker threads (node/worker-pool.ts),
 * two at a time (a 2-core machine keeps a core for everything else), one job per request.
 * Where the worker file is missing (a bundle built without it), the check runs inline and
 * says so once in the log: slower, never wrong.
 */
import { ballotContextFor, decodeCiphertext, decodePoint, encodeCiphertext, sumCiphertexts, verifyBallot, type Ciphertext, type Point } from '../../shared/crypto';
import type { PollDefinition } from '../../shared/ydoc/live';
import { JobSlots } from '../documents/job-slots';
import { WorkerPool } from '../../node/worker-pool';

/** A ballot's proofs checked: its tracker, or why it fails. */
export type BallotVerdict = { ok: true; tracker: string } | { ok: false; fault: 'malformed' | 'option_proof' | 'sum_proof'; message: string };

export interface CheckJob {
  meetingId: string;
  pollId: string;
  definition: PollDefinition;
  publicKey: string;
  ballots: unknown[];
}

/**
 * Decoded poll keys with their multiplication tables, shared by every ballot of the poll:
 * a precomputed key makes each key multiplication in a proof check ~4× cheaper.
 */
const keys = new Map<string, Point>();
function pollKey(text: string): Point {
  let k = keys.get(text);
  if (!k) {
    k = decodePoint(text, 'publicKey');
    k.precompute(8, false);
    if (keys.size >= 64) keys.delete(keys.keys().next().value!);
    keys.set(text, k);
  }
  return k;
}

/** A poll's ballots to add up (at its close): each ballot's ciphertexts as stored. */
export interface SumJob {
  slots: number;
  ballots: { tracker: string; ciphertexts: string[] }[];
}

/** The sum per option (encoded), and which ballots it holds. */
export interface PartialSum {
  totals: string[];
  trackers: string[];
}

/** Pure: adds up ballots' ciphertexts, one total per option (decoding ~0.6 ms a ballot). */
export function sumBallots(job: SumJob): PartialSum {
  const columns: Ciphertext[][] = Array.from({ length: job.slots }, () => []);
  for (const b of job.ballots) b.ciphertexts.forEach((c, i) => columns[i]!.push(decodeCiphertext(c, `ballot ${b.tracker}`)));
  return { totals: columns.map((c) => encodeCiphertext(sumCiphertexts(c))), trackers: job.ballots.map((b) => b.tracker) };
}

/** Pure: the worker's job, and the inline fallback. */
export function checkBallots(job: CheckJob): BallotVerdict[] {
  const ctx = ballotContextFor(job.meetingId, job.pollId, job.definition, pollKey(job.publicKey));
  return job.ballots.map((b) => {
    const r = verifyBallot(ctx, b);
    return r.ok ? { ok: true, tracker: r.tracker } : { ok: false, fault: r.fault, message: r.message };
  });
}

const limits = { timeMs: 120_000, memoryMb: 128 };

export type WorkerJob = { kind: 'check'; job: CheckJob } | { kind: 'sum'; job: SumJob };

/** What the worker does with a message (ballot-check-worker.ts). */
export const runWorkerJob = (m: WorkerJob): unknown => (m.kind === 'check' ? checkBallots(m.job) : sumBallots(m.job));

export class BallotChecker {
  private readonly pool = new WorkerPool('ballot-check-worker', import.meta.url, 30_000, 10_000);
  private readonly slots = new JobSlots(2, 1_000_000);
  private inline = false;

  constructor(private readonly warn: (message: string, detail: Record<string, unknown>) => void) {}

  check(job: CheckJob): Promise<BallotVerdict[]> {
    if (job.ballots.length === 0) return Promise.resolve([]);
    return this.inWorker({ kind: 'check', job }, () => checkBallots(job)) as Promise<BallotVerdict[]>;
  }

  /** The sum of a poll's ballots, computed off the event loop before its close (polls.sealTotals). */
  sum(job: SumJob): Promise<PartialSum> {
    return this.inWorker({ kind: 'sum', job }, () => sumBallots(job)) as Promise<PartialSum>;
  }

  private async inWorker(message: WorkerJob, here: () => unknown): Promise<unknown> {
    if (this.inline) return here();
    return this.slots.run(async () => {
      try {
        return await this.pool.run<unknown>(message, limits);
      } catch (err) {
        // A missing worker file or a thread that could not start: compute here instead.
        if (err instanceof Error && /missing beside|ERR_WORKER|Cannot find module/.test(`${err.message} ${(err as { code?: string }).code ?? ''}`)) {
          if (!this.inline) this.warn('ballot checks run on the main thread: no worker', { error: err.message });
          this.inline = true;
          return here();
        }
        throw err;
      }
    });
  }
}
