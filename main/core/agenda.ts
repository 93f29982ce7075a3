/** Agenda edits on a meeting replica; the rules themselves live in shared/domain/agenda. */
import * as Y from 'yjs';
import { ApiError } from '../../shared/errors';
import { patchMap } from './map-patch';
import {
  depthOf,
  maxAgendaDepth,
  needsRebalance,
  orderForIndex,
  siblingsOf,
  subtreeHeight,
  subtreeIds,
  type AgendaNode,
} from '../../shared/domain/agenda';
import { addAgendaItem, getAgendaItem, meetingDoc } from '../../shared/ydoc/meeting';
import { maxDepthMessage } from '../../shared/contract';

export function agendaNodes(doc: Y.Doc): AgendaNode[] {
  const nodes: AgendaNode[] = [];
  meetingDoc.agenda(doc).forEach((m, id) => {
    if (!(m instanceof Y.Map)) return;
    const parentId = m.get('parentId');
    const order = m.get('order');
    nodes.push({ id, parentId: typeof parentId === 'string' ? parentId : null, order: typeof order === 'number' ? order : 0 });
  });
  return nodes;
}

function requireItem(doc: Y.Doc, id: string): Y.Map<unknown> {
  const item = getAgendaItem(doc, id);
  if (!item) throw new ApiError('not_found', 'This agenda item no longer exists; someone may have deleted it.');
  return item;
}

/** Spreads siblings evenly again when fractional orders run out of precision. */
function rebalance(doc: Y.Doc, siblings: AgendaNode[]): void {
  siblings.forEach((s, i) => getAgendaItem(doc, s.id)?.set('order', i + 1));
}

function placeAt(doc: Y.Doc, nodes: AgendaNode[], parentId: string | null, index: number, excludeId?: string): number {
  let siblings = siblingsOf(nodes, parentId).filter((n) => n.id !== excludeId);
  let order = orderForIndex(siblings, index);
  const i = Math.max(0, Math.min(index, siblings.length));
  if (needsRebalance(siblings[i - 1]?.order ?? null, siblings[i]?.order ?? null, order)) {
    rebalance(doc, siblings);
    siblings = siblings.map((s, k) => ({ ...s, order: k + 1 }));
    order = orderForIndex(siblings, index);
  }
  return order;
}

/** `origin` may be made from the new item's id, so the edit can name the item it added. */
export function addItem(doc: Y.Doc, origin: unknown, input: { parentId: string | null; index?: number; title: string }): string {
  const id = crypto.randomUUID();
  const txOrigin = typeof origin === 'function' ? (origin as (id: string) => unknown)(id) : origin;
  doc.transact(() => {
    const nodes = agendaNodes(doc);
    if (input.parentId !== null) {
      requireItem(doc, input.parentId);
      if (depthOf(nodes, input.parentId) + 1 >= maxAgendaDepth) throw new ApiError('invalid_input', maxDepthMessage);
    }
    const order = placeAt(doc, nodes, input.parentId, input.index ?? Number.MAX_SAFE_INTEGER);
    addAgendaItem(doc, { id, title: input.title, parentId: input.parentId, order });
  }, txOrigin);
  return id;
}

export function renameItem(doc: Y.Doc, origin: unknown, itemId: string, title: string): void {
  const item = requireItem(doc, itemId);
  doc.transact(() => item.set('title', title), origin);
}

export function updateItem(
  doc: Y.Doc,
  origin: unknown,
  itemId: string,
  patch: { durationMin?: number | null; presenter?: string | null; speakingLimitMin?: number | null; speakingBudgetMin?: number | null },
): void {
  const item = requireItem(doc, itemId);
  const { durationMin, speakingLimitMin, speakingBudgetMin, presenter } = patch;
  patchMap(doc, item, { durationMin, speakingLimitMin, speakingBudgetMin, presenter: presenter === undefined ? undefined : presenter || null }, origin);
}

export function removeItem(doc: Y.Doc, origin: unknown, itemId: string): void {
  requireItem(doc, itemId);
  doc.transact(() => {
    const agenda = meetingDoc.agenda(doc);
    for (const id of subtreeIds(agendaNodes(doc), itemId)) agenda.delete(id);
  }, origin);
}

export function moveItem(doc: Y.Doc, origin: unknown, itemId: string, parentId: string | null, index: number): void {
  const item = requireItem(doc, itemId);
  doc.transact(() => {
    const nodes = agendaNodes(doc);
    if (parentId !== null) {
      requireItem(doc, parentId);
      if (subtreeIds(nodes, itemId).includes(parentId)) {
        throw new ApiError('invalid_input', 'An agenda item cannot be moved under itself or one of its own sub-items.');
      }
      if (depthOf(nodes, parentId) + 1 + subtreeHeight(nodes, itemId) >= maxAgendaDepth) {
        throw new ApiError('invalid_input', maxDepthMessage);
      }
    }
    const order = placeAt(doc, nodes, parentId, index, itemId);
    item.set('parentId', parentId);
    item.set('order', order);
  }, origin);
}
