/**
 * At most `running` jobs at once and at most `waiting` in line; past that a job is refused
 * at once instead of queued. Each PDF inspection holds a worker thread and up to its memory
 * limit: on a 2-core server, two at a time leave a core for everything else, and a bounded
 * line keeps a burst of uploads from holding memory (and clients) without end.
 */
export class SlotsFullError extends Error {
  constructor(
    readonly running: number,
    readonly waiting: number,
  ) {
    super(`All ${running} slots are busy and ${waiting} jobs are waiting.`);
    this.name = 'SlotsFullError';
  }
}

export class JobSlots {
  private active = 0;
  private readonly line: (() => void)[] = [];

  constructor(
    readonly running: number,
    readonly waiting: number,
  ) {}

  /** Jobs running and waiting now (for logs and tests). */
  get load(): { running: number; waiting: number } {
    return { running: this.active, waiting: this.line.length };
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active >= this.running) {
      if (this.line.length >= this.waiting) throw new SlotsFullError(this.running, this.waiting);
      await new Promise<void>((resolve) => this.line.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await job();
    } finally {
      // Hand the slot straight to the next in line, so a newcomer cannot overtake it.
      const next = this.line.shift();
      if (next) next();
      else this.active--;
    }
  }
}
