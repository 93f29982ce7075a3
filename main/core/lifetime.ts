/**
 * What the core has started in the background — a batch of the outbox, a download, an
 * index run, a fetch of others' annotations, a handler awaiting the server — and must see
 * finished before the database closes. Closing the core (quitting, a test's teardown)
 * refuses new work, clears pending timers, gives running work a moment to finish on its
 * own (a batch that reached the server keeps its receipt), then aborts what is left and
 * waits for it to settle. Only then may the database be closed: no timer or promise
 * touches it afterwards.
 */
import { ApiError } from '../../shared/errors';

export class Lifetime {
  private readonly running = new Set<Promise<unknown>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly controller = new AbortController();
  private ending = false;

  /** Aborted when the core closes: pass it to every fetch and worker that may outlive a call. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get closed(): boolean {
    return this.ending;
  }

  /**
   * Runs work that close() must wait for. Its result (or error) is the caller's, as with
   * a plain call; after close the work does not start and the call is refused.
   */
  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.ending) return Promise.reject(new ApiError('offline', 'The app is closing.'));
    const p = work();
    this.running.add(p);
    const forget = () => this.running.delete(p);
    p.then(forget, forget);
    return p;
  }

  /**
   * Background work nobody awaits: tracked like run(), and a failure goes to `onError`
   * instead of becoming an unhandled rejection. Nothing starts after close.
   */
  spawn(work: () => Promise<unknown>, onError: (err: unknown) => void): void {
    if (this.ending) return;
    this.run(work).catch((err: unknown) => {
      if (!this.ending || !isAbort(err)) onError(err);
    });
  }

  /** A timer that close() clears; its callback never runs after close. */
  setTimeout(fn: () => void, ms: number): NodeJS.Timeout | null {
    if (this.ending) return null;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.ending) fn();
    }, ms);
    this.timers.add(t);
    return t;
  }

  clearTimeout(t: NodeJS.Timeout | null): void {
    if (!t) return;
    clearTimeout(t);
    this.timers.delete(t);
  }

  /**
   * Refuses new work, waits up to `graceMs` for running work, then aborts the rest and
   * waits for it to settle (everything given the signal ends promptly once aborted).
   */
  async close(graceMs = 2_000): Promise<void> {
    this.ending = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.running.size) {
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([settled(this.running), new Promise<void>((resolve) => (grace = setTimeout(resolve, graceMs)))]);
      clearTimeout(grace);
    }
    this.controller.abort(new ApiError('offline', 'The app is closing.'));
    // Work can start more work while it finishes (a flush schedules its next batch): wait
    // until nothing is left.
    while (this.running.size) await settled(this.running);
  }
}

function settled(set: Set<Promise<unknown>>): Promise<void> {
  return Promise.allSettled([...set]).then(() => undefined);
}

export function isAbort(err: unknown): boolean {
  return (
    (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) ||
    (err instanceof ApiError && err.code === 'offline')
  );
}
