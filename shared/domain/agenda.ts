/**
 * Agenda tree rules: ordering, numbering, and repairs of the shapes concurrent edits can
 * produce (an item whose parent was deleted elsewhere, two moves that form a cycle).
 * Nothing is ever hidden: a broken item is shown at the top level rather than dropped.
 */
export interface AgendaNode {
  id: string;
  parentId: string | null;
  order: number;
}

export interface NumberedNode extends AgendaNode {
  /** "1", "1.2", "3.1.4" */
  number: string;
  depth: number;
}

/** The deepest agenda we accept; deeper trees are unreadable on paper and on screen. */
export const maxAgendaDepth = 4;

function byOrder(a: AgendaNode, b: AgendaNode): number {
  return a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Parent each node will be shown under, after repairing orphans and cycles. */
export function effectiveParents(nodes: readonly AgendaNode[]): Map<string, string | null> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const result = new Map<string, string | null>();
  for (const n of nodes) {
    let parent = n.parentId !== null && byId.has(n.parentId) && n.parentId !== n.id ? n.parentId : null;
    // Walk up; if we come back to n, the moves formed a cycle: lift n to the top.
    const seen = new Set<string>([n.id]);
    let cursor = parent;
    while (cursor !== null) {
      if (seen.has(cursor)) {
        parent = null;
        break;
      }
      seen.add(cursor);
      const up = byId.get(cursor)?.parentId ?? null;
      cursor = up !== null && byId.has(up) ? up : null;
    }
    result.set(n.id, parent);
  }
  return result;
}

/** Depth-first order with numbers; the order a person reads the agenda in. */
export function numberAgenda(nodes: readonly AgendaNode[]): NumberedNode[] {
  const parents = effectiveParents(nodes);
  const children = new Map<string | null, AgendaNode[]>();
  for (const n of nodes) {
    const p = parents.get(n.id) ?? null;
    const list = children.get(p);
    if (list) list.push(n);
    else children.set(p, [n]);
  }
  for (const list of children.values()) list.sort(byOrder);

  const out: NumberedNode[] = [];
  const visit = (parent: string | null, prefix: string, depth: number) => {
    const list = children.get(parent) ?? [];
    list.forEach((n, i) => {
      const number = prefix ? `${prefix}.${i + 1}` : String(i + 1);
      out.push({ id: n.id, parentId: parent, order: n.order, number, depth });
      visit(n.id, number, depth + 1);
    });
  };
  visit(null, '', 0);
  return out;
}

/**
 * An order value strictly between two neighbours (either may be missing). Fractional
 * orders let two people insert at once without renumbering everyone else; when floating
 * point runs out of room, `needsRebalance` tells the caller to spread the siblings again.
 */
export function orderBetween(before: number | null, after: number | null): number {
  if (before === null && after === null) return 1;
  if (before === null) return (after as number) - 1;
  if (after === null) return before + 1;
  return before + (after - before) / 2;
}

export function needsRebalance(before: number | null, after: number | null, chosen: number): boolean {
  return (before !== null && chosen <= before) || (after !== null && chosen >= after);
}

/** Siblings of `parentId` in display order, after repairs. */
export function siblingsOf(nodes: readonly AgendaNode[], parentId: string | null): AgendaNode[] {
  const parents = effectiveParents(nodes);
  return nodes.filter((n) => (parents.get(n.id) ?? null) === parentId).sort(byOrder);
}

/** Order value that puts a node at `index` among `siblings` (which must exclude the node). */
export function orderForIndex(siblings: readonly AgendaNode[], index: number): number {
  const i = Math.max(0, Math.min(index, siblings.length));
  const before = i > 0 ? siblings[i - 1]!.order : null;
  const after = i < siblings.length ? siblings[i]!.order : null;
  return orderBetween(before, after);
}

/** Ids of a node and everything below it, for deleting a whole branch. */
export function subtreeIds(nodes: readonly AgendaNode[], rootId: string): string[] {
  const parents = effectiveParents(nodes);
  const out = [rootId];
  for (let i = 0; i < out.length; i++) {
    for (const n of nodes) if (parents.get(n.id) === out[i]) out.push(n.id);
  }
  return out;
}

/** Depth of a node (0 for top level) after repairs. */
export function depthOf(nodes: readonly AgendaNode[], id: string): number {
  const parents = effectiveParents(nodes);
  let d = 0;
  let p = parents.get(id) ?? null;
  while (p !== null) {
    d++;
    p = parents.get(p) ?? null;
  }
  return d;
}

/** Height of the subtree under a node (0 for a leaf). */
export function subtreeHeight(nodes: readonly AgendaNode[], id: string): number {
  const parents = effectiveParents(nodes);
  const height = (n: string): number => {
    let h = 0;
    for (const c of nodes) if (parents.get(c.id) === n) h = Math.max(h, 1 + height(c.id));
    return h;
  };
  return height(id);
}
