/**
 * Yjs documents persisted on the device: a snapshot plus an append-only update log,
 * squashed lazily (AFFiNE's nbstore does the same: merging on every write costs far more
 * than merging now and then).
 */
import * as Y from 'yjs';
import type { LocalDb } from './db';

/** Squash the log into the snapshot once it holds this many updates. */
const compactAfter = 200;

export class YDocStore {
  private readonly insert;
  private readonly countStmt;
  private readonly loadSnapshot;
  private readonly loadUpdates;
  private readonly compactTx;

  constructor(private readonly db: LocalDb) {
    this.insert = db.prepare('INSERT INTO ydoc_updates (doc_key, update_data) VALUES (?, ?)');
    this.countStmt = db.prepare('SELECT count(*) AS n FROM ydoc_updates WHERE doc_key = ?');
    this.loadSnapshot = db.prepare('SELECT state FROM ydoc_snapshots WHERE doc_key = ?');
    this.loadUpdates = db.prepare('SELECT id, update_data FROM ydoc_updates WHERE doc_key = ? ORDER BY id');
    this.compactTx = db.transaction((key: string, state: Uint8Array, upTo: number) => {
      db.prepare(
        `INSERT INTO ydoc_snapshots (doc_key, state, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (doc_key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      ).run(key, state, new Date().toISOString());
      db.prepare('DELETE FROM ydoc_updates WHERE doc_key = ? AND id <= ?').run(key, upTo);
    });
  }

  /** Applies what the device has for `key` to `doc`; returns whether anything was there. */
  load(key: string, doc: Y.Doc, origin: unknown): boolean {
    const snap = this.loadSnapshot.get(key) as { state: Buffer } | undefined;
    const updates = this.loadUpdates.all(key) as { id: number; update_data: Buffer }[];
    if (!snap && updates.length === 0) return false;
    const parts = [...(snap ? [snap.state] : []), ...updates.map((u) => u.update_data)].map((b) => new Uint8Array(b));
    Y.applyUpdate(doc, Y.mergeUpdates(parts), origin);
    return true;
  }

  append(key: string, update: Uint8Array): void {
    this.insert.run(key, update);
  }

  /** Squashes when the log is long; `doc` must hold everything in the log. */
  maybeCompact(key: string, doc: Y.Doc, force = false): void {
    const { n } = this.countStmt.get(key) as { n: number };
    if (n === 0 || (!force && n < compactAfter)) return;
    const last = this.db.prepare('SELECT max(id) AS id FROM ydoc_updates WHERE doc_key = ?').get(key) as { id: number };
    this.compactTx(key, Y.encodeStateAsUpdate(doc), last.id);
  }
}
