import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LogFollower } from '../../../server/sync/log-follower';

const u = (n: number) => Uint8Array.of(n);
const bytes = (list: Uint8Array[]) => list.map((x) => x[0]);

describe('LogFollower', () => {
  it('applies rows in log order, whatever order they arrive in, and each once', () => {
    const f = new LogFollower(10);
    // Rows 11 → 14 → 20 (seqs are shared by all documents: gaps in numbering are normal).
    expect(f.offer(20, 14, u(20))).toEqual({ apply: [], rows: 0 });
    expect(f.gap).toBe(true);
    expect(f.offer(14, 11, u(14))).toEqual({ apply: [], rows: 0 });
    const r = f.offer(11, 10, u(11));
    expect(bytes(r.apply)).toEqual([11, 14, 20]);
    expect(r.rows).toBe(3);
    expect(f.gap).toBe(false);
    expect(f.lastSeq).toBe(20);
    expect(f.offer(14, 11, u(14))).toEqual({ apply: [], rows: 0 });
  });

  it('does not hand back a row this node wrote itself, but counts it', () => {
    const f = new LogFollower(0);
    const r = f.offer(3, 0, null);
    expect(r).toEqual({ apply: [], rows: 1 });
    expect(bytes(f.offer(5, 3, u(5)).apply)).toEqual([5]);
  });

  it('closes a gap from the database rows after the last one it holds, skipping its own', () => {
    const f = new LogFollower(10);
    f.offer(30, 25, u(30));
    f.offer(25, 20, null); // ours, already applied
    expect(f.gap).toBe(true);
    // The database has 15, 20, 25 (30 was not yet visible to the reload).
    const r = f.reloaded([
      { seq: 15, update: u(15) },
      { seq: 20, update: u(20) },
      { seq: 25, update: u(25) },
    ]);
    expect(bytes(r.apply)).toEqual([15, 20, 30]);
    expect(r.rows).toBe(4);
    expect(f.lastSeq).toBe(30);
    expect(f.gap).toBe(false);
  });

  it('after a compaction elsewhere, the merged row closes the gap and older messages are duplicates', () => {
    const f = new LogFollower(10);
    // Another node compacted 1..40 into row 50; row 51 follows it.
    f.offer(51, 50, u(51));
    const r = f.reloaded([
      { seq: 50, update: u(50) },
      { seq: 51, update: u(51) },
    ]);
    expect(bytes(r.apply)).toEqual([50, 51]);
    expect(f.offer(40, 30, u(40)).apply).toEqual([]);
  });

  it('any arrival order of a chain yields the chain once, in order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 30 }).chain((steps) => {
          const seqs: number[] = [];
          let s = 0;
          for (const d of steps) seqs.push((s += d));
          return fc.tuple(fc.constant(seqs), fc.shuffledSubarray(seqs, { minLength: seqs.length, maxLength: seqs.length }));
        }),
        ([seqs, order]) => {
          const f = new LogFollower(0);
          const prevOf = new Map(seqs.map((s, i) => [s, i ? seqs[i - 1]! : 0]));
          const applied: number[] = [];
          for (const s of order) applied.push(...bytes(f.offer(s, prevOf.get(s)!, Uint8Array.of(s % 256)).apply).map(Number));
          expect(applied).toEqual(seqs.map((s) => s % 256));
          expect(f.gap).toBe(false);
        },
      ),
    );
  });
});
