/**
 * Write control for what a client sends: a read-only connection's updates are dropped, and
 * a writer's update reaches the shared document only after it decoded, applied cleanly to
 * the shadow copy and passed the text rule of the HTTP schemas (shared/text-safety).
 */
import * as Y from 'yjs';
import type { Log } from '../log';
import type { Conn, SyncedDoc } from './synced-doc';
import { unsafeTextIn } from './text-check';

/** Why the update was refused (the caller closes the connection with it), or null when it was applied or silently dropped. */
export function applyClientUpdate(entry: SyncedDoc, conn: Conn, update: Uint8Array, log: Log): { reason: string; err?: unknown } | null {
  if (!conn.canWrite) {
    conn.droppedUpdates++;
    log('debug', 'update from read-only connection dropped', { doc: entry.name, user: conn.username, role: conn.role });
    return null;
  }
  try {
    Y.decodeUpdate(update);
  } catch (err) {
    return { reason: 'The document update could not be decoded.', err };
  }
  // The shadow reports what the update changed, and unsafe text never reaches the real document.
  let unsafe: string | null = null;
  const checkText = (tr: Y.Transaction) => {
    if (!unsafe && entry.kind === 'meeting') unsafe = unsafeTextIn(tr);
  };
  entry.shadow.on('afterTransaction', checkText);
  try {
    Y.applyUpdate(entry.shadow, update, conn);
  } catch (err) {
    entry.rebuildShadow();
    return { reason: 'The document update is damaged and was not applied.', err };
  } finally {
    entry.shadow.off('afterTransaction', checkText);
  }
  if (unsafe) {
    entry.rebuildShadow();
    return { reason: unsafe };
  }
  try {
    Y.applyUpdate(entry.doc, update, conn);
  } catch (err) {
    // Should be impossible after the shadow accepted it; keep the two equal again.
    entry.rebuildShadow();
    log('error', 'update applied to shadow but not to doc', { doc: entry.name, error: String(err) });
    return { reason: 'The document update could not be applied.', err };
  }
  return null;
}
