/**
 * Follows one document's update log as other nodes report it (issue 13), so that every row
 * is applied once and in log order, whatever order the messages came in.
 *
 * `lastSeq` is the last row up to which this node holds every row of the log. A row arrives
 * with `prev`, the row before it: when `prev` is at or below `lastSeq` it is next in line
 * and applied; otherwise it waits for the rows in between. A gap that does not close by
 * itself (a message lost while Redis was away, two nodes' messages crossing) is closed by
 * reloading the rows after `lastSeq` from the database (`reloaded`). Rows at or below
 * `lastSeq` are duplicates and dropped: a client never gets one row twice from us.
 *
 * Pure bookkeeping; the caller applies the updates it is handed and does the reloading.
 */
import type { StoredUpdate } from '../store/types';

export class LogFollower {
  private readonly waiting = new Map<number, { prev: number; update: Uint8Array | null }>();

  /** @param lastSeq the last row of the log as loaded. */
  constructor(public lastSeq: number) {}

  /**
   * One row of the log, with its update (or null when this node already applied it: its own
   * write). Returns the updates that are now next in line, in order, and how many rows
   * the log grew by as far as this node knows.
   */
  offer(seq: number, prev: number, update: Uint8Array | null): { apply: Uint8Array[]; rows: number } {
    if (seq <= this.lastSeq || this.waiting.has(seq)) return { apply: [], rows: 0 };
    this.waiting.set(seq, { prev, update });
    return this.drain();
  }

  /** Whether rows are waiting for one this node has not seen. */
  get gap(): boolean {
    return this.waiting.size > 0;
  }

  /** Rows read from the database after `lastSeq`: the ones not yet applied, then whatever waited behind them. */
  reloaded(rows: readonly StoredUpdate[]): { apply: Uint8Array[]; rows: number } {
    const apply: Uint8Array[] = [];
    let n = 0;
    for (const row of rows) {
      if (row.seq <= this.lastSeq) continue;
      const w = this.waiting.get(row.seq);
      this.waiting.delete(row.seq);
      // A row we wrote ourselves is already in the document.
      if (!w || w.update) apply.push(row.update);
      this.lastSeq = row.seq;
      n++;
    }
    const more = this.drain();
    return { apply: [...apply, ...more.apply], rows: n + more.rows };
  }

  private drain(): { apply: Uint8Array[]; rows: number } {
    const apply: Uint8Array[] = [];
    let rows = 0;
    for (;;) {
      let next: number | null = null;
      for (const [seq, w] of this.waiting) {
        if (seq <= this.lastSeq) {
          this.waiting.delete(seq);
          continue;
        }
        if (w.prev <= this.lastSeq && (next === null || seq < next)) next = seq;
      }
      if (next === null) return { apply, rows };
      const w = this.waiting.get(next)!;
      this.waiting.delete(next);
      if (w.update) apply.push(w.update);
      this.lastSeq = next;
      rows++;
    }
  }
}
