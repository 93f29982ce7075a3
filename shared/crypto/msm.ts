/**
 * Σ sᵢ·Pᵢ over many points at once (Pippenger's bucket method), in variable time: only for
 * public values, as when a batch of proofs is checked (batch.ts).
 *
 * noble's own `pippenger` walks every window of a full-size scalar and adds each point to
 * the "zero" bucket too; a batch check has many short (128-bit) coefficients, so this one
 * stops at each scalar's length and skips zero digits, about half the additions here.
 */
import { identity, mod, type Point } from './group';

/**
 * Bits per window: each point costs an addition per non-zero digit (Σ bits / c in all) and
 * each window two additions per bucket (2^(c+1) · windows); the cheapest c for these scalars.
 */
function windowBits(bitPoints: number, maxBits: number): number {
  let best = 2;
  let bestCost = Infinity;
  for (let c = 2; c <= 12; c++) {
    const cost = bitPoints / c + Math.ceil(maxBits / c) * 2 ** (c + 1);
    if (cost < bestCost) [best, bestCost] = [c, cost];
  }
  return best;
}

export function multiScalarMul(points: readonly Point[], scalars: readonly bigint[]): Point {
  if (points.length !== scalars.length) throw new Error('multiScalarMul takes one scalar per point');
  const ps: Point[] = [];
  const ss: bigint[] = [];
  let maxBits = 0;
  let bitPoints = 0;
  points.forEach((p, i) => {
    const s = mod(scalars[i]!);
    if (s === 0n || p.is0()) return;
    ps.push(p);
    ss.push(s);
    const bits = s.toString(2).length;
    maxBits = Math.max(maxBits, bits);
    bitPoints += bits;
  });
  if (ps.length === 0) return identity;
  const c = windowBits(bitPoints, maxBits);
  const mask = (1n << BigInt(c)) - 1n;
  const buckets: (Point | null)[] = new Array(1 << c).fill(null);
  let sum: Point = identity;
  for (let shift = Math.floor((maxBits - 1) / c) * c; shift >= 0; shift -= c) {
    if (sum !== identity) for (let k = 0; k < c; k++) sum = sum.double();
    buckets.fill(null);
    const big = BigInt(shift);
    for (let j = 0; j < ps.length; j++) {
      const s = ss[j]!;
      if (s >> big === 0n) continue;
      const d = Number((s >> big) & mask);
      if (d === 0) continue;
      const b = buckets[d];
      buckets[d] = b ? b.add(ps[j]!) : ps[j]!;
    }
    // Σ d·bucket[d] as a running sum of running sums: two additions per bucket.
    let running: Point | null = null;
    let window: Point | null = null;
    for (let d = buckets.length - 1; d > 0; d--) {
      const b = buckets[d];
      if (b) running = running ? running.add(b) : b;
      if (running) window = window ? window.add(running) : running;
    }
    if (window) sum = sum.add(window);
  }
  return sum;
}
