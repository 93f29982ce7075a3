/**
 * Pages are drawn one at a time, the ones on screen first, then their neighbours nearest
 * first, then thumbnails, as pdf.js's own viewer orders its work. Drawing page 1 together
 * with pages 2, 3 and a thumbnail made page 1 wait for all of them: they share pdf.js's one
 * worker and the main thread.
 */
export interface RenderSlot {
  /** Resolves when it is this job's turn. */
  turn: Promise<void>;
  /** Leaves the queue, or frees the slot after the job; safe to call more than once. */
  release(): void;
}

interface Waiting {
  /** A page of the reader, or null for a thumbnail. */
  page: number | null;
  start(): void;
}

export class RenderQueue {
  private busy = false;
  private readonly waiting: Waiting[] = [];
  private first = 1;
  private last = 1;

  /** The pages on screen: they go first, then the others by their distance from them. */
  focus(first: number, last: number): void {
    this.first = first;
    this.last = last;
  }

  /** Order is decided when a turn comes, so a page scrolled into view meanwhile moves up. */
  acquire(page: number | null): RenderSlot {
    let state: 'waiting' | 'running' | 'done' = 'waiting';
    let resolve!: () => void;
    const turn = new Promise<void>((r) => (resolve = r));
    const entry: Waiting = {
      page,
      start: () => {
        state = 'running';
        resolve();
      },
    };
    this.waiting.push(entry);
    this.pump();
    return {
      turn,
      release: () => {
        if (state === 'waiting') {
          this.waiting.splice(this.waiting.indexOf(entry), 1);
        } else if (state === 'running') {
          this.busy = false;
          queueMicrotask(() => this.pump());
        }
        state = 'done';
      },
    };
  }

  private pump() {
    if (this.busy || this.waiting.length === 0) return;
    let best = 0;
    let bestPriority = Infinity;
    this.waiting.forEach((w, i) => {
      const p = this.priority(w.page);
      if (p < bestPriority) {
        best = i;
        bestPriority = p;
      }
    });
    const [next] = this.waiting.splice(best, 1);
    this.busy = true;
    next!.start();
  }

  private priority(page: number | null): number {
    // Thumbnails wait for every page of the reader that wants drawing.
    if (page === null) return Infinity;
    return page < this.first ? this.first - page : page > this.last ? page - this.last : 0;
  }
}
