/**
 * Mirrors a meeting document's `meta` (title, times, venue) into its meetings row, which is
 * what the meeting list reads, a moment after edits stop.
 */
import { meetingDoc, MeetingMeta } from '../../shared/ydoc/meeting';
import type { Log } from '../log';
import type { MeetingFields, Store } from '../store/types';
import { serverOrigin } from './origins';
import type { SyncedDoc } from './synced-doc';

export class MetaProjection {
  constructor(
    private readonly store: Store,
    private readonly log: Log,
    private readonly debounceMs: number,
    /** Keeps the write counted among the document's in-flight work, so unloading waits for it. */
    private readonly track: (entry: SyncedDoc, p: Promise<unknown>) => void,
  ) {}

  schedule(entry: SyncedDoc): void {
    if (entry.metaTimer) clearTimeout(entry.metaTimer);
    entry.metaTimer = setTimeout(() => {
      entry.metaTimer = null;
      this.track(entry, this.sync(entry));
    }, this.debounceMs);
  }

  /** Writes a pending change now (the document is being freed). */
  async flush(entry: SyncedDoc): Promise<void> {
    if (!entry.metaTimer) return;
    clearTimeout(entry.metaTimer);
    entry.metaTimer = null;
    await this.sync(entry);
  }

  private async sync(entry: SyncedDoc): Promise<void> {
    const meta = meetingDoc.meta(entry.doc).toJSON() as Record<string, unknown>;
    const fields: MeetingFields = {};
    const shape = MeetingMeta.shape;
    // Only well-formed values: the doc is shared and a buggy client may have written junk.
    for (const key of ['title', 'startsAt', 'endsAt', 'venue'] as const) {
      if (!(key in meta)) continue;
      const ok = shape[key].safeParse(meta[key]);
      if (ok.success) (fields as Record<string, unknown>)[key] = ok.data;
    }
    try {
      await this.store.updateMeeting(entry.meetingId, fields);
      // The status is decided by server calls (publish), never by a client editing meta:
      // a secretariat client writing `status` would otherwise publish without publishedAt
      // or hide a published meeting again. Put the row's status back into the doc.
      const row = await this.store.getMeeting(entry.meetingId);
      if (row && meta.status !== row.status && !entry.unloaded) {
        this.log('warn', 'client-written meeting status reverted', { doc: entry.name, written: String(meta.status), status: row.status });
        entry.doc.transact(() => meetingDoc.meta(entry.doc).set('status', row.status), serverOrigin);
      }
    } catch (err) {
      this.log('error', 'meeting row update failed', { doc: entry.name, error: err instanceof Error ? err.message : String(err) });
    }
  }
}
