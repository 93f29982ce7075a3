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

interface Job<H> {
  locks: readonly string[];
  make: () => Sql<unknown>;
  /** What the job will look up (record keys, members…), for the group's warm-up. */
  hint: H | undefined;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/** The jobs waiting for one commit, and whether a commit of theirs is being written. */
interface Lane<H> {
  queue: Job<H>[];
  busy: boolean;
  scheduled: boolean;
}

export class GroupCommit<H = never> {
  /**
   * SQLite: one lane, every meeting's jobs in one commit (one fsync), written synchronously,
   * so a lane is never busy when the next group forms. PostgreSQL: one lane per set of locks
   * (a meeting, usually), with at most one commit in flight each: while it waits for the
   * meeting's lock and its round trips, the next requests for that meeting gather into the
   * following group instead of each taking a connection and queueing on the lock alone. Other
   * meetings have lanes of their own, so a congress's storm does not hold up a site meeting.
   */
  private readonly lanes = new Map<string, Lane<H>>();
  private readonly counters = { commits: 0, jobs: 0 };

  /**
   * `warm`: one set of reads for the whole group, from its jobs' hints, run first in its
   * transaction (RecordsDb.group): a group of 30 ballots asks for their 30 earlier answers,
   * voters and recusals in one round trip instead of ninety, inside the meeting's lock.
   */
  constructor(
    private readonly db: RecordsDb,
    private readonly warm?: (hints: readonly H[]) => Sql<void>,
  ) {}

  /**
   * Runs the records function `make` builds inside the next durable transaction; resolves
   * once that has committed. `locks` are the meetings it writes (see RecordsDb.transaction).
   */
  run<T>(locks: readonly string[], make: () => Sql<T>, hint?: H): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const name = this.db.dialect === 'postgres' ? [...new Set(locks)].sort().join('\n') : '';
      let lane = this.lanes.get(name);
      if (!lane) this.lanes.set(name, (lane = { queue: [], busy: false, scheduled: false }));
      lane.queue.push({ locks, make, hint, resolve: resolve as (v: unknown) => void, reject });
      this.schedule(name, lane);
    });
  }

  stats(): { commits: number; jobs: number } {
    return { ...this.counters };
  }

  private schedule(name: string, lane: Lane<H>): void {
    if (lane.scheduled || lane.busy) return;
    lane.scheduled = true;
    // After the I/O phase: every request whose body was read meanwhile joins this group.
    setImmediate(() => void this.commit(name, lane));
  }

  private async commit(name: string, lane: Lane<H>): Promise<void> {
    lane.scheduled = false;
    const jobs = lane.queue;
    lane.queue = [];
    if (!jobs.length) {
      if (this.lanes.get(name) === lane) this.lanes.delete(name);
      return;
    }
    lane.busy = true;
    let results: Settled[];
    try {
      const warm = this.warm;
      const hints = jobs.flatMap((j) => (j.hint === undefined ? [] : [j.hint]));
      results = await this.db.group(
        jobs.flatMap((j) => j.locks),
        jobs.map((j) => j.make),
        warm && hints.length ? () => warm(hints) : undefined,
      );
    } catch (error) {
      // The commit itself failed (disk full, I/O error, database gone): nothing of this group is stored.
      for (const job of jobs) job.reject(error);
      return;
    } finally {
      lane.busy = false;
      // What gathered while this one was written goes next; an idle lane is forgotten.
      if (lane.queue.length) this.schedule(name, lane);
      else if (this.lanes.get(name) === lane) this.lanes.delete(name);
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
