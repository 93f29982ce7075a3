/**
 * Group commit: the records requests that arrive while one durable commit is being
 * written share the next one. With `synchronous = FULL` each commit waits for the disk
 * (measured here: ~4 ms per fsync on a busy machine, so one commit per ballot would cap a
 * 3,152-person vote at ~250 ballots a second); one commit for every request that queued up
 * in the meantime keeps the disk wait per ballot small while a receipt still leaves only
 * after its ballot is on disk.
 *
 * Each job runs in its own savepoint, so a job that throws is rolled back alone and the
 * others in its group still commit.
 */
import type { RecordsDb, Settled, Sql } from './sql';

interface Job {
  locks: readonly string[];
  make: () => Sql<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class GroupCommit {
  private queue: Job[] = [];
  private scheduled = false;
  private readonly counters = { commits: 0, jobs: 0 };

  constructor(private readonly db: RecordsDb) {}

  /**
   * Runs the records function `make` builds inside the next durable transaction; resolves
   * once that has committed. `locks` are the meetings it writes (see RecordsDb.transaction).
   */
  run<T>(locks: readonly string[], make: () => Sql<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ locks, make, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // After the I/O phase: every request whose body was read meanwhile joins this group.
        setImmediate(() => void this.commit());
      }
    });
  }

  stats(): { commits: number; jobs: number } {
    return { ...this.counters };
  }

  private async commit(): Promise<void> {
    this.scheduled = false;
    const jobs = this.queue;
    this.queue = [];
    if (!jobs.length) return;
    let results: Settled[];
    try {
      results = await this.db.group(
        jobs.flatMap((j) => j.locks),
        jobs.map((j) => j.make),
      );
    } catch (error) {
      // The commit itself failed (disk full, I/O error, database gone): nothing of this group is stored.
      for (const job of jobs) job.reject(error);
      return;
    }
    this.counters.commits++;
    this.counters.jobs += jobs.length;
    jobs.forEach((job, i) => {
      const r = results[i]!;
      if (r.ok) job.resolve(r.value);
      else job.reject(r.error);
    });
  }
}
