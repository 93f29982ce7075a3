/**
 * Checking encrypted ballots' proofs (issue 15) off the event loop. One ballot of a 3-option
 * poll checked alone costs ~17 ms of bigint arithmetic (measured here with @noble/curves);
 * a storm of them on the server's one thread would hold every other request — sync,
 * check-ins, the chair's close — behind it. So the checks run in worker threads
 * (node/worker-pool.ts), two at a time (a 2-core machine keeps a core for everything else).
 *
 * Ballots that arrive while both workers are busy wait here and go to the next free worker
 * together, up to `maxBatch` of one poll: shared/crypto verifyBallots checks a batch with
 * one multi-scalar multiplication (~5 ms a ballot at 64), so the more ballots come at
 * once, the cheaper each is, and a storm cannot outrun the checks.
 *
 * Where the worker file is missing (a bundle built without it), the check runs inline and
 * says so once in the log: slower, never wrong.
 */
import { ballotContextFor, ciphertextToRaw, decodeCiphertext, decodePoint, encodeCiphertext, G, sumCiphertexts, verifyBallots, type Ciphertext, type Point, type RawCiphertext } from '../../shared/crypto';
import type { PollDefinition } from '../../shared/ydoc/live';
import { ApiError } from '../../shared/errors';
import { JobSlots } from '../documents/job-slots';
import { WorkerJobError, WorkerPool } from '../../node/worker-pool';

/**
 * A ballot's proofs checked: its tracker and its ciphertexts as decoded (raw coordinates, to
 * add to the poll's running total without decoding them again), or why it fails.
 */
export type BallotVerdict = { ok: true; tracker: string; ciphertexts: RawCiphertext[] } | { ok: false; fault: 'malformed' | 'option_proof' | 'sum_proof'; message: string };

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

/** Pure: the worker's job, and the inline fallback. The ballots are checked as one batch. */
export function checkBallots(job: CheckJob): BallotVerdict[] {
  const ctx = ballotContextFor(job.meetingId, job.pollId, job.definition, pollKey(job.publicKey));
  return verifyBallots(ctx, job.ballots).map((r) => (r.ok ? { ok: true, tracker: r.tracker, ciphertexts: r.ciphertexts.map(ciphertextToRaw) } : { ok: false, fault: r.fault, message: r.message }));
}

const limits = { timeMs: 120_000, memoryMb: 128 };

export type WorkerJob = { kind: 'check'; job: CheckJob } | { kind: 'sum'; job: SumJob } | { kind: 'warm'; publicKey: string };

/** Builds what the first check of a poll would: the key's table and the generator's. */
function warmUp(publicKey: string): null {
  pollKey(publicKey);
  G.multiplyUnsafe(3n);
  return null;
}

/** What the worker does with a message (ballot-check-worker.ts). */
export const runWorkerJob = (m: WorkerJob): unknown => (m.kind === 'check' ? checkBallots(m.job) : m.kind === 'sum' ? sumBallots(m.job) : warmUp(m.publicKey));

/** A ballot waiting for a worker, with the poll it is checked against. */
interface Waiting {
  poll: Omit<CheckJob, 'ballots'>;
  ballot: unknown;
  resolve: (v: BallotVerdict) => void;
  reject: (e: unknown) => void;
}

const samePoll = (x: Waiting['poll'], y: Waiting['poll']) => x.meetingId === y.meetingId && x.pollId === y.pollId && x.publicKey === y.publicKey;

export class BallotChecker {
  /** Ballots one worker job checks at most: bounds a job's time (~0.3 s) and memory. */
  static readonly maxBatch = 64;
  /** Ballots waiting at most; past that a request is refused at once (the outbox sends it again later) rather than queued. */
  static readonly maxWaiting = 50_000;
  /**
   * Idle workers stay 5 minutes (not the pool's usual seconds): warmed when a secret poll
   * opens (warm), they are still there when its ballots come, and a worker started in the
   * middle of a storm cost the first ballots ~1 s here.
   */
  private readonly pool = new WorkerPool('ballot-check-worker', import.meta.url, 5 * 60_000, 10_000);
  private readonly workers = 2;
  private readonly slots = new JobSlots(this.workers, 1_000_000);
  private waiting: Waiting[] = [];
  private checking = 0;
  private batches = 0;
  private inline = false;

  constructor(private readonly warn: (message: string, detail: Record<string, unknown>) => void) {}

  /** Each ballot's verdict, in order; they are checked in batches with whatever else is waiting. */
  checkEach(job: CheckJob): Promise<BallotVerdict>[] {
    if (this.waiting.length + job.ballots.length > BallotChecker.maxWaiting) {
      throw new ApiError('rate_limited', `${this.waiting.length} encrypted ballots are waiting for their proofs to be checked; this one is not taken now and will be sent again.`);
    }
    const { ballots, ...poll } = job;
    const out = ballots.map((ballot) => new Promise<BallotVerdict>((resolve, reject) => this.waiting.push({ poll, ballot, resolve, reject })));
    this.pump();
    return out;
  }

  check(job: CheckJob): Promise<BallotVerdict[]> {
    return Promise.all(this.checkEach(job));
  }

  /** Ballots waiting for a worker, batches being checked now, and batches sent so far (for logs and tests). */
  get load(): { waiting: number; checking: number; batches: number } {
    return { waiting: this.waiting.length, checking: this.checking, batches: this.batches };
  }

  /** Starts both workers and builds the poll key's table in each, before the poll's first ballot; never fails. */
  warm(publicKey: string): void {
    for (let i = 0; i < this.workers; i++) {
      this.inWorker({ kind: 'warm', publicKey }, () => warmUp(publicKey)).catch((err: unknown) =>
        this.warn('ballot check workers could not be warmed', { error: err instanceof Error ? err.message : String(err) }),
      );
    }
  }

  /** The sum of a poll's ballots, computed off the event loop before its close when the poll has no running total that holds them all (polls.sealTotals). */
  sum(job: SumJob): Promise<PartialSum> {
    return this.inWorker({ kind: 'sum', job }, () => sumBallots(job)) as Promise<PartialSum>;
  }

  /** While a worker is free and ballots wait: the oldest one's poll, up to maxBatch of its ballots, in arrival order. */
  private pump(): void {
    while (this.checking < this.workers && this.waiting.length > 0) {
      const poll = this.waiting[0]!.poll;
      const batch: Waiting[] = [];
      const rest: Waiting[] = [];
      for (const w of this.waiting) (batch.length < BallotChecker.maxBatch && samePoll(w.poll, poll) ? batch : rest).push(w);
      this.waiting = rest;
      this.checking++;
      this.batches++;
      void this.runBatch(poll, batch).finally(() => {
        this.checking--;
        this.pump();
      });
    }
  }

  private async runBatch(poll: Waiting['poll'], batch: Waiting[]): Promise<void> {
    const job: CheckJob = { ...poll, ballots: batch.map((w) => w.ballot) };
    try {
      const verdicts = (await this.inWorker({ kind: 'check', job }, () => checkBallots(job))) as BallotVerdict[];
      if (verdicts.length !== batch.length) throw new Error(`The ballot check answered ${verdicts.length} verdicts for ${batch.length} ballots.`);
      batch.forEach((w, i) => w.resolve(verdicts[i]!));
    } catch (err) {
      // The check itself threw (a fault in our code that some ballot set off): one ballot
      // must not cost the others of its batch their receipts, so each is tried alone.
      if (err instanceof WorkerJobError && batch.length > 1) {
        await Promise.all(batch.map((w) => this.runBatch(poll, [w])));
        return;
      }
      for (const w of batch) w.reject(err);
    }
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
