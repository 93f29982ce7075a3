import type { AgendaItemView, DocumentView } from '../../../shared/ydoc/meeting';

export interface DocumentChain {
  current: DocumentView;
  /** Older versions, newest first. */
  older: DocumentView[];
}

export interface DocumentGroup {
  item: AgendaItemView | null;
  chains: DocumentChain[];
}

/**
 * Documents by agenda item, in agenda order, each as its current version with the
 * versions it replaced beneath. An item's attachment list wins over the document's own
 * `agendaItemId`, because attaching later is how the secretariat moves a paper.
 */
export function groupDocuments(agenda: readonly AgendaItemView[], documents: readonly DocumentView[]): DocumentGroup[] {
  const byId = new Map(documents.map((d) => [d.id, d]));
  const isCurrent = (d: DocumentView) => d.supersededBy === null || !byId.has(d.supersededBy);
  const head = (d: DocumentView) => {
    let cur = d;
    for (let hops = 0; !isCurrent(cur) && hops < 50; hops++) cur = byId.get(cur.supersededBy!)!;
    return cur;
  };

  const itemOf = new Map<string, string>();
  for (const item of agenda) {
    for (const docId of item.documentIds) {
      const d = byId.get(docId);
      if (d && !itemOf.has(head(d).id)) itemOf.set(head(d).id, item.id);
    }
  }
  const itemIds = new Set(agenda.map((i) => i.id));
  const groups = new Map<string | null, DocumentChain[]>();
  for (const d of documents) {
    if (!isCurrent(d)) continue;
    const older: DocumentView[] = [];
    const seen = new Set([d.id]);
    for (let prev = d.supersedes ? byId.get(d.supersedes) : undefined; prev && !seen.has(prev.id); prev = prev.supersedes ? byId.get(prev.supersedes) : undefined) {
      seen.add(prev.id);
      older.push(prev);
    }
    const fallback = d.agendaItemId && itemIds.has(d.agendaItemId) ? d.agendaItemId : null;
    const key = itemOf.get(d.id) ?? fallback;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push({ current: d, older });
  }
  const out: DocumentGroup[] = [];
  for (const item of agenda) {
    const chains = groups.get(item.id);
    if (chains) out.push({ item, chains });
  }
  const loose = groups.get(null);
  if (loose) out.push({ item: null, chains: loose });
  return out;
}

/** Which item each current document is filed under (for the "move to item" control). */
export function itemIdOf(groups: readonly DocumentGroup[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const g of groups) for (const c of g.chains) out.set(c.current.id, g.item?.id ?? null);
  return out;
}
