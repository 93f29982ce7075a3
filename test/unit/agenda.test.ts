import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import fc from 'fast-check';
import {
  numberAgenda,
  orderBetween,
  orderForIndex,
  siblingsOf,
  subtreeIds,
  effectiveParents,
  type AgendaNode,
} from '../../shared/domain/agenda';
import { readMeeting } from '../../shared/ydoc/meeting';
import { addItem, moveItem, removeItem, renameItem } from '../../main/core/agenda';

const n = (id: string, parentId: string | null, order: number): AgendaNode => ({ id, parentId, order });

describe('numberAgenda', () => {
  const cases: { name: string; nodes: AgendaNode[]; want: string[] }[] = [
    { name: 'empty', nodes: [], want: [] },
    { name: 'flat, by order', nodes: [n('b', null, 2), n('a', null, 1), n('c', null, 3)], want: ['a=1', 'b=2', 'c=3'] },
    {
      name: 'nested depth first',
      nodes: [n('a', null, 1), n('a1', 'a', 1), n('a2', 'a', 2), n('b', null, 2), n('b1', 'b', 5), n('b11', 'b1', 1)],
      want: ['a=1', 'a1=1.1', 'a2=1.2', 'b=2', 'b1=2.1', 'b11=2.1.1'],
    },
    { name: 'equal orders fall back to id', nodes: [n('y', null, 1), n('x', null, 1)], want: ['x=1', 'y=2'] },
    {
      name: 'orphan (parent deleted elsewhere) is shown at the top level, not lost',
      nodes: [n('a', null, 1), n('orphan', 'gone', 0.5)],
      want: ['orphan=1', 'a=2'],
    },
    {
      name: 'a cycle from two concurrent moves is broken, nothing lost',
      nodes: [n('a', 'b', 1), n('b', 'a', 1), n('c', null, 2)],
      want: ['a=1', 'b=1.1', 'c=2'],
    },
    { name: 'self parent', nodes: [n('a', 'a', 1)], want: ['a=1'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = numberAgenda(c.nodes).map((x) => `${x.id}=${x.number}`);
      // The cycle case: which of a/b is lifted depends on the walk, but every node appears once.
      if (c.name.startsWith('a cycle')) {
        expect(got).toHaveLength(3);
        expect(new Set(got.map((g) => g.split('=')[0]))).toEqual(new Set(['a', 'b', 'c']));
        return;
      }
      expect(got).toEqual(c.want);
    });
  }

  it('never loses or duplicates a node, whatever the parent pointers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ parent: fc.nat(12), order: fc.double({ noNaN: true, min: -100, max: 100 }) }), { maxLength: 12 }),
        (raw) => {
          const nodes = raw.map((r, i) => n(`n${i}`, r.parent < raw.length + 2 ? `n${r.parent}` : null, r.order));
          const out = numberAgenda(nodes);
          expect(out.map((o) => o.id).sort()).toEqual(nodes.map((x) => x.id).sort());
          const parents = effectiveParents(nodes);
          for (const o of out) expect(o.parentId).toBe(parents.get(o.id) ?? null);
        },
      ),
    );
  });
});

describe('ordering', () => {
  it.each([
    [null, null, 1],
    [null, 5, 4],
    [5, null, 6],
    [1, 2, 1.5],
  ] as const)('orderBetween(%s, %s) = %s', (a, b, want) => {
    expect(orderBetween(a, b)).toBe(want);
  });

  it('orderForIndex places before, between and after', () => {
    const sib = [n('a', null, 1), n('b', null, 2)];
    expect(orderForIndex(sib, 0)).toBeLessThan(1);
    expect(orderForIndex(sib, 1)).toBe(1.5);
    expect(orderForIndex(sib, 2)).toBe(3);
    expect(orderForIndex(sib, 99)).toBe(3);
  });

  it('siblingsOf and subtreeIds follow the repaired tree', () => {
    const nodes = [n('a', null, 1), n('a1', 'a', 1), n('a11', 'a1', 1), n('b', null, 2)];
    expect(siblingsOf(nodes, null).map((x) => x.id)).toEqual(['a', 'b']);
    expect(subtreeIds(nodes, 'a').sort()).toEqual(['a', 'a1', 'a11']);
  });
});

describe('agenda edits on a Yjs document', () => {
  it('adds, renames, moves and removes with the rules applied', () => {
    const doc = new Y.Doc();
    const a = addItem(doc, null, { parentId: null, title: 'A' });
    const b = addItem(doc, null, { parentId: null, title: 'B' });
    const a1 = addItem(doc, null, { parentId: a, title: 'A1' });
    renameItem(doc, null, a1, 'A một');
    moveItem(doc, null, b, null, 0);
    expect(readMeeting(doc).agenda.map((i) => `${i.number} ${i.title}`)).toEqual(['1 B', '2 A', '2.1 A một']);
    expect(() => moveItem(doc, null, a, a1, 0)).toThrow(/under itself/);
    let deepest = a1;
    expect(() => {
      for (let i = 0; i < 5; i++) deepest = addItem(doc, null, { parentId: deepest, title: `deep ${i}` });
    }).toThrow(/at most 4 levels/);
    removeItem(doc, null, a);
    expect(readMeeting(doc).agenda.map((i) => i.title)).toEqual(['B']);
    expect(() => renameItem(doc, null, a, 'x')).toThrow(/no longer exists/);
  });

  it('two replicas converge under random interleavings of concurrent edits', () => {
    type Op =
      | { kind: 'add'; parent: number; index: number }
      | { kind: 'rename'; item: number }
      | { kind: 'move'; item: number; parent: number; index: number }
      | { kind: 'remove'; item: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), parent: fc.nat(20), index: fc.nat(6) }),
      fc.record({ kind: fc.constant('rename' as const), item: fc.nat(20) }),
      fc.record({ kind: fc.constant('move' as const), item: fc.nat(20), parent: fc.nat(20), index: fc.nat(6) }),
      fc.record({ kind: fc.constant('remove' as const), item: fc.nat(20) }),
    );
    const apply = (doc: Y.Doc, o: Op, tag: string) => {
      const ids = readMeeting(doc).agenda.map((i) => i.id);
      const pick = (k: number) => (ids.length ? ids[k % (ids.length + 1)] ?? null : null);
      try {
        if (o.kind === 'add') addItem(doc, null, { parentId: pick(o.parent), index: o.index, title: `${tag} new` });
        if (o.kind === 'rename' && pick(o.item)) renameItem(doc, null, pick(o.item)!, `${tag} renamed`);
        if (o.kind === 'move' && pick(o.item)) moveItem(doc, null, pick(o.item)!, pick(o.parent), o.index);
        if (o.kind === 'remove' && pick(o.item)) removeItem(doc, null, pick(o.item)!);
      } catch {
        // Refused edits (too deep, under itself) change nothing; that is part of the rules.
      }
    };
    fc.assert(
      fc.property(fc.array(op, { maxLength: 15 }), fc.array(op, { maxLength: 15 }), fc.array(fc.boolean(), { maxLength: 30 }), (ops1, ops2, syncs) => {
        const d1 = new Y.Doc();
        const d2 = new Y.Doc();
        const seed = addItem(d1, null, { parentId: null, title: 'seed' });
        Y.applyUpdate(d2, Y.encodeStateAsUpdate(d1));
        expect(seed).toBeTruthy();
        const sync = () => {
          Y.applyUpdate(d2, Y.encodeStateAsUpdate(d1, Y.encodeStateVector(d2)));
          Y.applyUpdate(d1, Y.encodeStateAsUpdate(d2, Y.encodeStateVector(d1)));
        };
        const len = Math.max(ops1.length, ops2.length);
        for (let i = 0; i < len; i++) {
          if (ops1[i]) apply(d1, ops1[i]!, 'one');
          if (ops2[i]) apply(d2, ops2[i]!, 'two');
          if (syncs[i]) sync();
        }
        sync();
        const v1 = readMeeting(d1).agenda;
        const v2 = readMeeting(d2).agenda;
        expect(v1).toEqual(v2);
        expect(new Set(v1.map((i) => i.id)).size).toBe(v1.length);
      }),
      { numRuns: 150 },
    );
  });
});
