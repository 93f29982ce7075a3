/**
 * A synced document's update log: every change is stored as a row (then announced to the
 * other nodes with where it landed), rows from other nodes are applied in log order (a gap
 * waits a moment, then reloads from the database), the log is compacted by one node, and a
 * `live/<id>` write is handed to the node holding the meeting's lease.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Log } from '../log';
import type { AppendedUpdate, Store } from '../store/types';
import type { Leases } from '../fanout/lease';
import type { DocFanout, DocMessage } from '../fanout/types';
import { fullJitter } from '../../shared/backoff';
import { remoteOrigin } from './origins';
import type { SyncedDoc } from './synced-doc';

/**
 * One node of several (issue 13): other nodes' updates come through `fanout`, and `leases`
 * decide which node compacts a document's log and writes `live/<id>`.
 */
export interface ClusterLink {
  fanout: DocFanout;
  leases: Leases;
  /** How long rows that came out of order wait for the ones before them before the node reloads them. */
  gapWaitMs?: number;
  /** How long a forwarded `live/<id>` write waits for the lease holder's answer before trying again. */
  writeTimeoutMs?: number;
  /** How long an update another node applied waits for its row before this node stores it itself. */
  rowWaitMs?: number;
}

const rowKey = (update: Uint8Array) => createHash('sha256').update(update).digest('base64');

export class UpdateLog {
  /** Forwarded live writes waiting for the holder's row, by write id. */
  private readonly pendingWrites = new Map<string, () => void>();

  constructor(
    private readonly store: Store,
    private readonly log: Log,
    private readonly cluster: ClusterLink | null,
    /** Compact a document's log once it has more rows than this. */
    private readonly compactAfterRows: number,
    /** How long an update that could not be stored is tried again (see appendUntilStored). */
    private readonly persistRetryMs = 120_000,
  ) {}

  /** Counts work among the document's in-flight writes, which unloading waits for. */
  track(entry: SyncedDoc, p: Promise<unknown>): void {
    entry.inflight.add(p);
    void p.finally(() => entry.inflight.delete(p)).catch(() => {});
  }

  /**
   * Stores an update this node applied; in a cluster, first hands it to the other nodes'
   * clients (`applied`), then tells the other nodes where it landed in the log.
   */
  persist(entry: SyncedDoc, update: Uint8Array, writeId = ''): void {
    this.cluster?.fanout.publish(entry.name, { kind: 'applied', update });
    const p = this.appendUntilStored(entry, update).then(
      ({ seq, prev }: AppendedUpdate) => {
        if (this.cluster) this.cluster.fanout.publish(entry.name, { kind: 'update', seq, prev, update, writeId });
        this.takeRows(entry, entry.follower.offer(seq, prev, null));
      },
      (err) => this.log('error', 'update not persisted', { doc: entry.name, error: err instanceof Error ? err.message : String(err) }),
    );
    this.track(entry, p);
  }

  /**
   * The update is already in the document every client sees, and a device that sent it
   * will not send it again (its state vector says the server has it): while the database is
   * away (a PostgreSQL restart, a failover) the row is tried again with full-jitter waits,
   * rather than lost from the log the other nodes and the next load read. Gives up only
   * after `persistRetryMs`.
   */
  private async appendUntilStored(entry: SyncedDoc, update: Uint8Array): Promise<AppendedUpdate> {
    const giveUpAt = Date.now() + this.persistRetryMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const stored = await this.store.appendUpdate(entry.name, update);
        if (attempt > 1) this.log('info', 'update persisted after the database came back', { doc: entry.name, attempts: attempt });
        return stored;
      } catch (err) {
        if (Date.now() >= giveUpAt) throw err;
        if (attempt === 1) this.log('warn', 'update not persisted yet; retrying', { doc: entry.name, error: err instanceof Error ? err.message : String(err) });
        await new Promise((r) => setTimeout(r, fullJitter(attempt, 200, 5_000)));
      }
    }
  }

  /**
   * Hands a live/<id> change to the lease holder and waits until it stored it. If it does
   * not answer (it died, or let go of the document), the lease is tried again: after it
   * expires this node takes it and stores the change itself. Yjs ignores a change it
   * already has, so a write that was stored but not answered is harmless when sent again.
   */
  async forwardWrite(entry: SyncedDoc, update: Uint8Array): Promise<void> {
    const cluster = this.cluster!;
    const timeoutMs = cluster.writeTimeoutMs ?? 3000;
    const deadline = Date.now() + 4 * cluster.leases.ttlMs + timeoutMs;
    while (Date.now() < deadline) {
      if (entry.unloaded) throw new Error('The live document was freed before its change was stored.');
      if (await cluster.leases.acquire(entry.name)) {
        this.persist(entry, update);
        await Promise.all(entry.inflight);
        return;
      }
      const writeId = randomUUID();
      const answered = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          this.pendingWrites.delete(writeId);
          resolve(false);
        }, timeoutMs);
        this.pendingWrites.set(writeId, () => {
          clearTimeout(timer);
          this.pendingWrites.delete(writeId);
          resolve(true);
        });
        cluster.fanout.publish(entry.name, { kind: 'write', writeId, update });
      });
      if (answered) return;
      this.log('warn', 'live write not answered by the lease holder; trying again', { doc: entry.name });
    }
    throw new Error('The live document could not be written: no node holds its lease and this one cannot take it.');
  }

  /** A message from another node about this document: a stored row, presence, or a live write for the lease holder. */
  onRemote(entry: SyncedDoc, m: DocMessage): void {
    if (entry.unloaded) return;
    if (!entry.loaded) {
      entry.early.push(m);
      return;
    }
    switch (m.kind) {
      case 'update':
        this.rowCame(entry, m.update);
        this.takeRows(entry, entry.follower.offer(m.seq, m.prev, m.update));
        if (m.writeId) this.pendingWrites.get(m.writeId)?.();
        return;
      case 'applied':
        // Not in the log yet: applied for the clients only. The row that follows finds it
        // there, changes nothing and is not sent again; the log's order is the row's.
        try {
          Y.applyUpdate(entry.doc, m.update, remoteOrigin);
        } catch (err) {
          this.log('warn', 'update from another node does not apply yet; waiting for its row', { doc: entry.name, error: String(err) });
          return;
        }
        this.expectRow(entry, m.update);
        return;
      case 'awareness':
        if (entry.awareness) {
          try {
            awarenessProtocol.applyAwarenessUpdate(entry.awareness, m.update, remoteOrigin);
          } catch (err) {
            this.log('warn', 'presence from another node does not apply', { doc: entry.name, error: String(err) });
          }
        }
        return;
      case 'write':
        // Only the holder of the lease stores forwarded live writes; the sender waits for its row.
        if (entry.kind !== 'live' || !this.cluster?.leases.holds(entry.name)) return;
        try {
          Y.applyUpdate(entry.doc, m.update, remoteOrigin);
        } catch (err) {
          this.log('error', 'forwarded live write does not apply', { doc: entry.name, error: String(err) });
          return;
        }
        this.persist(entry, m.update, m.writeId);
        return;
    }
  }

  /** Reads the rows stored since this node's last one (after a gap, or a lost link to the others). */
  reload(entry: SyncedDoc): void {
    if (entry.reloading || entry.unloaded) return;
    const from = entry.lastSeq;
    entry.reloading = this.store
      .loadUpdates(entry.name, from)
      .then(
        (rows) => {
          for (const row of rows) this.rowCame(entry, row.update);
          this.takeRows(entry, entry.follower.reloaded(rows));
        },
        (err) => this.log('error', 'missing updates not reloaded', { doc: entry.name, after: from, error: err instanceof Error ? err.message : String(err) }),
      )
      .finally(() => {
        entry.reloading = null;
        if (entry.follower.gap) this.scheduleReload(entry);
      });
  }

  async compact(entry: SyncedDoc): Promise<boolean> {
    // One node per document compacts, the lease holder; the others never delete a row.
    // It compacts only through the last row it holds every row up to, so the merged row
    // (its whole document) contains each row it replaces.
    if (this.cluster && !(await this.cluster.leases.acquire(entry.name))) {
      // Asking again on every row would cost a Redis round trip each: wait out one lease.
      entry.leaseDeniedUntil = Date.now() + this.cluster.leases.ttlMs;
      return false;
    }
    const through = entry.lastSeq;
    const counted = entry.logRows;
    const merged = Y.encodeStateAsUpdate(entry.doc);
    try {
      const at = await this.store.compactUpdates(entry.name, merged, through);
      // Rows stored while this ran are still in the log, next to the merged one, which
      // counts as one more row of the log (it holds nothing this node lacks).
      entry.logRows -= counted;
      this.takeRows(entry, entry.follower.offer(at.seq, at.prev, null));
      this.log('debug', 'update log compacted', { doc: entry.name, through });
      return true;
    } catch (err) {
      this.log('error', 'compaction failed', { doc: entry.name, error: err instanceof Error ? err.message : String(err) });
      return false;
    }
  }

  /** Applies rows that are next in line (as one change for the clients) and counts them. */
  private takeRows(entry: SyncedDoc, taken: { apply: Uint8Array[]; rows: number }): void {
    if (taken.apply.length && !entry.unloaded) {
      entry.doc.transact(() => {
        for (const update of taken.apply) {
          try {
            Y.applyUpdate(entry.doc, update, remoteOrigin);
          } catch (err) {
            this.log('error', 'update from another node does not apply; skipped', { doc: entry.name, error: String(err) });
          }
        }
      }, remoteOrigin);
    }
    entry.logRows += taken.rows;
    if (taken.rows) this.maybeCompact(entry);
    if (entry.follower.gap) this.scheduleReload(entry);
  }

  /**
   * An update another node applied and is storing: if its row does not come within
   * `rowWaitMs`, this node stores it (a second row of the same update changes nothing).
   */
  private expectRow(entry: SyncedDoc, update: Uint8Array): void {
    const key = rowKey(update);
    if (entry.unstored.has(key)) return;
    const timer = setTimeout(() => {
      entry.unstored.delete(key);
      if (entry.unloaded) return; // no client of this node has it: those that do will send it again
      this.log('warn', 'an update another node applied came without its row; stored here', { doc: entry.name });
      this.persist(entry, update);
    }, this.cluster?.rowWaitMs ?? 5000);
    timer.unref();
    entry.unstored.set(key, timer);
  }

  private rowCame(entry: SyncedDoc, update: Uint8Array): void {
    if (!entry.unstored.size) return;
    const key = rowKey(update);
    const timer = entry.unstored.get(key);
    if (!timer) return;
    clearTimeout(timer);
    entry.unstored.delete(key);
  }

  /** Rows came out of order: give the missing ones a moment to arrive, then read them from the database. */
  private scheduleReload(entry: SyncedDoc): void {
    if (entry.gapTimer || entry.reloading || entry.unloaded) return;
    entry.gapTimer = setTimeout(() => {
      entry.gapTimer = null;
      if (entry.follower.gap) this.reload(entry);
    }, this.cluster?.gapWaitMs ?? 100);
  }

  private maybeCompact(entry: SyncedDoc): void {
    if (entry.logRows <= this.compactAfterRows || entry.compacting || entry.unloaded || entry.leaseDeniedUntil > Date.now()) return;
    let done = false;
    entry.compacting = this.compact(entry)
      .then((ok) => void (done = ok))
      .finally(() => {
        entry.compacting = null;
        // A burst of updates stored while the compaction ran (their seqs were not known yet
        // when it started) leaves the log over the limit with nothing left to trigger another
        // pass; run one now, but only after a pass that succeeded (a failing one would spin).
        if (done) this.maybeCompact(entry);
      });
  }
}
