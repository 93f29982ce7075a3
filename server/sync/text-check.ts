/**
 * The text rule (shared/text-safety.ts) for what the secretariat writes straight into
 * `meeting/<id>` over sync, where no HTTP schema sees it. Only what one update changed is
 * looked at — the keys it set and the types it created — so a keystroke in a congress-sized
 * document costs a few string scans, not a read of the whole document.
 *
 * Long text is allowed its newlines and tabs here (the document has no field that needs
 * them today, but a refusal would lock a client out in a reconnect loop, so this check is
 * kept to what can never be legitimate: controls, unpaired surrogates, direction tricks).
 */
import * as Y from 'yjs';
import { describeUnsafeChar, findUnsafeChar } from '../../shared/text-safety';

const owners: Record<string, string> = {
  meta: "The meeting's",
  agenda: "An agenda item's",
  documents: "A document's",
  participants: "A participant's",
  sites: "A site's",
};

/** The field, as a secretariat member would name it: "An agenda item's title". */
function fieldOf(doc: Y.Doc, type: Y.AbstractType<any>, key: string | null): string {
  const path: string[] = key === null ? [] : [key];
  let t: Y.AbstractType<any> = type;
  while (t._item) {
    if (typeof t._item.parentSub === 'string') path.unshift(t._item.parentSub);
    t = t._item.parent as Y.AbstractType<any>;
  }
  let top = 'document';
  for (const [name, shared] of doc.share) {
    if (shared === t) top = name;
  }
  const leaf = path.length > 1 || top === 'meta' ? path.at(-1) : null;
  const owner = owners[top] ?? `The ${top}`;
  return leaf ? `${owner} ${leaf}` : `${owner} text`;
}

function checkValue(doc: Y.Doc, value: unknown, where: () => string, depth = 0): string | null {
  if (typeof value === 'string') {
    const found = findUnsafeChar(value, 'multiline');
    return found ? describeUnsafeChar(where(), found) : null;
  }
  if (depth > 8) return null;
  if (value instanceof Y.Text) return checkValue(doc, value.toString(), where, depth + 1);
  if (value instanceof Y.Map) {
    for (const [k, v] of value.entries()) {
      const bad = checkValue(doc, v, () => fieldOf(doc, value, k), depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  if (value instanceof Y.Array) {
    for (const v of value.toArray()) {
      const bad = checkValue(doc, v, where, depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  if (Array.isArray(value)) {
    for (const v of value) {
      const bad = checkValue(doc, v, where, depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    for (const v of Object.values(value)) {
      const bad = checkValue(doc, v, where, depth + 1);
      if (bad) return bad;
    }
  }
  return null;
}

/** What a map-like type holds under `key` now (root types of a doc that never asked for them are untyped). */
function currentValue(type: Y.AbstractType<any>, key: string): unknown {
  const item = type._map.get(key);
  if (!item || item.deleted) return undefined;
  return item.content.getContent().at(-1);
}

/** Everything a list-like type (array, text) holds now; text is joined so a pair split over items is seen whole. */
function currentContent(type: Y.AbstractType<any>): unknown[] {
  const values: unknown[] = [];
  let text = '';
  for (let item = type._start; item; item = item.right) {
    if (item.deleted || !item.countable) continue;
    for (const v of item.content.getContent()) {
      if (typeof v === 'string') text += v;
      else values.push(v);
    }
  }
  if (text) values.push(text);
  return values;
}

/**
 * The refusal sentence for the first unsafe text a transaction wrote, or null. Call from
 * the doc's 'afterTransaction' while the update is applied to the shadow copy.
 */
export function unsafeTextIn(tr: Y.Transaction): string | null {
  const doc = tr.doc;
  for (const [type, keys] of tr.changed) {
    for (const key of keys) {
      const bad =
        key === null
          ? checkValue(doc, currentContent(type), () => fieldOf(doc, type, null))
          : checkValue(doc, currentValue(type, key), () => fieldOf(doc, type, key));
      if (bad) return bad;
    }
  }
  return null;
}
