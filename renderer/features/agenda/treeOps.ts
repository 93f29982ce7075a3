/**
 * Agenda edits computed from the view the core sent (`content.agenda`: depth-first, with
 * effective parents). `agenda.move` takes the new parent and the index among the new
 * siblings *without* the moved item, so every placement here is exactly that.
 *
 * Everything goes through one index built in a single pass per agenda change, so a row's
 * moves, a drop target's placement and the planned total are O(1) or O(n) overall — never
 * a scan per row, which at 500 items would be 250,000 steps on every keystroke.
 */
import type { AgendaItemView } from '../../../shared/ydoc/meeting';
import { maxAgendaDepth } from '../../../shared/domain/agenda';

export interface Placement {
  parentId: string | null;
  index: number;
}

export interface NodeInfo {
  item: AgendaItemView;
  /** Position in the depth-first list. */
  flat: number;
  /** Position among its siblings. */
  pos: number;
  /** The item and all its descendants. */
  size: number;
  /** Levels below the item (0 for a leaf). */
  height: number;
  /** Planned minutes: its own duration if set, else its sub-items' sum. */
  planned: number;
}

export interface TreeIndex {
  byId: Map<string, NodeInfo>;
  children: Map<string | null, string[]>;
  /** Planned minutes of the whole agenda. */
  planned: number;
}

export function buildIndex(agenda: readonly AgendaItemView[]): TreeIndex {
  const byId = new Map<string, NodeInfo>();
  const children = new Map<string | null, string[]>();
  agenda.forEach((item, flat) => {
    const parent = item.parentId !== null && byId.has(item.parentId) ? item.parentId : null;
    let list = children.get(parent);
    if (!list) children.set(parent, (list = []));
    byId.set(item.id, { item, flat, pos: list.length, size: 1, height: 0, planned: 0 });
    list.push(item.id);
  });
  // Depth-first order puts children after their parent, so walking backwards finishes
  // every child before its parent needs it.
  const childSum = new Map<string, number>();
  for (let k = agenda.length - 1; k >= 0; k--) {
    const item = agenda[k]!;
    const info = byId.get(item.id)!;
    info.planned = item.durationMin ?? childSum.get(item.id) ?? 0;
    const parent = item.parentId !== null ? byId.get(item.parentId) : undefined;
    if (parent) {
      parent.size += info.size;
      parent.height = Math.max(parent.height, info.height + 1);
      childSum.set(parent.item.id, (childSum.get(parent.item.id) ?? 0) + info.planned);
    }
  }
  let planned = 0;
  for (const id of children.get(null) ?? []) planned += byId.get(id)!.planned;
  return { byId, children, planned };
}

function siblingIds(index: TreeIndex, parentId: string | null): string[] {
  return index.children.get(parentId) ?? [];
}

/** True when `id` is `ancestorId` or lies below it. */
export function isWithin(index: TreeIndex, ancestorId: string, id: string): boolean {
  const a = index.byId.get(ancestorId);
  const n = index.byId.get(id);
  return !!a && !!n && n.flat >= a.flat && n.flat < a.flat + a.size;
}

/** Whether an item with `height` levels below it fits when placed under `parentId`. */
function fitsUnder(index: TreeIndex, parentId: string | null, height: number): boolean {
  const depth = parentId === null ? 0 : index.byId.get(parentId)!.item.depth + 1;
  return depth + height < maxAgendaDepth;
}

export interface RowMoves {
  up: Placement | null;
  down: Placement | null;
  indent: Placement | null;
  outdent: Placement | null;
}

export function movesFor(index: TreeIndex, id: string): RowMoves {
  const info = index.byId.get(id);
  if (!info) return { up: null, down: null, indent: null, outdent: null };
  const parentId = info.item.parentId !== null && index.byId.has(info.item.parentId) ? info.item.parentId : null;
  const sibs = siblingIds(index, parentId);
  const up = info.pos > 0 ? { parentId, index: info.pos - 1 } : null;
  // Without the item, the next sibling sits at `pos`; after it is pos + 1.
  const down = info.pos < sibs.length - 1 ? { parentId, index: info.pos + 1 } : null;
  let indent: Placement | null = null;
  if (info.pos > 0) {
    const newParent = sibs[info.pos - 1]!;
    if (fitsUnder(index, newParent, info.height)) indent = { parentId: newParent, index: siblingIds(index, newParent).length };
  }
  let outdent: Placement | null = null;
  if (parentId !== null) {
    const parent = index.byId.get(parentId)!;
    const grand = parent.item.parentId !== null && index.byId.has(parent.item.parentId) ? parent.item.parentId : null;
    outdent = { parentId: grand, index: parent.pos + 1 };
  }
  return { up, down, indent, outdent };
}

export function sameMoves(a: RowMoves, b: RowMoves): boolean {
  const eq = (x: Placement | null, y: Placement | null) => x === y || (!!x && !!y && x.parentId === y.parentId && x.index === y.index);
  return eq(a.up, b.up) && eq(a.down, b.down) && eq(a.indent, b.indent) && eq(a.outdent, b.outdent);
}

export type DropZone = 'before' | 'after' | 'inside';

/**
 * Where `dragId` lands when dropped on `targetId`: before or after it as a sibling, or
 * inside it as its first child (the drop line is drawn exactly there: under the row,
 * one level in). Null when the drop would put an item under itself or too deep.
 */
export function dropPlacement(index: TreeIndex, dragId: string, targetId: string, zone: DropZone): Placement | null {
  const drag = index.byId.get(dragId);
  const target = index.byId.get(targetId);
  if (!drag || !target || isWithin(index, dragId, targetId)) return null;
  if (zone === 'inside') {
    if (!fitsUnder(index, targetId, drag.height)) return null;
    return { parentId: targetId, index: 0 };
  }
  const parentId = target.item.parentId !== null && index.byId.has(target.item.parentId) ? target.item.parentId : null;
  if (!fitsUnder(index, parentId, drag.height)) return null;
  let i = target.pos + (zone === 'after' ? 1 : 0);
  const dragParent = drag.item.parentId !== null && index.byId.has(drag.item.parentId) ? drag.item.parentId : null;
  // The index is counted without the dragged item, which may sit before the target.
  if (dragParent === parentId && drag.pos < i) i--;
  // Dropping an item where it already is would be a no-op move; say so by refusing.
  if (dragParent === parentId && drag.pos === i) return null;
  return { parentId, index: i };
}

/** Placement at the very end of the agenda, top level. */
export function endPlacement(index: TreeIndex, dragId: string): Placement | null {
  const drag = index.byId.get(dragId);
  if (!drag) return null;
  const top = siblingIds(index, null);
  const dragParent = drag.item.parentId !== null && index.byId.has(drag.item.parentId) ? drag.item.parentId : null;
  const i = dragParent === null ? top.length - 1 : top.length;
  if (dragParent === null && drag.pos === i) return null;
  return { parentId: null, index: i };
}

export function canAddChild(item: AgendaItemView): boolean {
  return item.depth + 1 < maxAgendaDepth;
}
