/**
 * The edit forms' "change what was given": each field of `patch` that is not undefined is
 * set on `map` (null clears it), all in one transaction with `origin` so that one undo
 * takes the whole edit back.
 */
import type * as Y from 'yjs';

export function patchMap(doc: Y.Doc, map: Y.Map<unknown>, patch: Record<string, unknown>, origin: unknown): void {
  doc.transact(() => {
    for (const [key, value] of Object.entries(patch)) if (value !== undefined) map.set(key, value);
  }, origin);
}
