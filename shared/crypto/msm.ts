/**
 * Σ sᵢ·Pᵢ over many points at once (Pippenger's bucket method), in variable time: only for
 * public values, as when a batch of proofs is checked (batch.ts).
 *
 * noble's own `pippenger` walks every window of a full-size scalar and adds each point to
 * the "zero" bucket too; a batch check has many short (128-bit) coefficients, so this one
 * stops at each scalar's length and skips zero digits. Digits are signed (−2^(c−1) … 2^(c−1)):
 * a point with a negative digit goes into the bucket of its absolute value negated, which
 * costs nothing, so there are half as many buckets to add up in each window.
 */
import { identity, mod, type Point } from './group';

/**
 * Bits per window: each point costs an addition per non-zero digit (Σ bits / c in all) and
 * each window two additions per bucket (2^(c−1) buckets); the cheapest c for these scalars.
 */
function windowBits(bitPoints: number, maxBits: number): number {
  let best = 2;
  let bestCost = Infinity;
  for (let c = 2; c <= 14; c++) {
    const cost = bitPoints / c + Math.ceil((maxBits + 1) / c) * 2 ** c;
    if (cost < bestCost) [best, bestCost] = [c, cost];
  }
  return best;
}

/** s in signed base 2^c into out[at … at+windows), least significant first: s = Σ dₖ·2^(ck), each dₖ in [−2^(c−1), 2^(c−1)). */
function signedDigits(s: bigint, c: number, out: Int16Array, at: number): void {
  const full = 1 << c;
  const half = full >> 1;
  const mask = BigInt(full - 1);
  const shift = BigInt(c);
  for (let k = at; s > 0n; k++) {
    let d = Number(s & mask);
    s >>= shift;
    if (d >= half) {
      d -= full;
      s += 1n;
    }
    out[k] = d;
  }
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
  // One more window than the longest scalar's bits need: a carry out of its top digit.
  const windows = Math.ceil(maxBits / c) + 1;
  const digits = new Int16Array(ps.length * windows);
  ss.forEach((s, j) => signedDigits(s, c, digits, j * windows));
  const negated: (Point | undefined)[] = new Array(ps.length);
  const buckets: (Point | null)[] = new Array((1 << (c - 1)) + 1).fill(null);
  let sum: Point = identity;
  for (let w = windows - 1; w >= 0; w--) {
    if (sum !== identity) for (let k = 0; k < c; k++) sum = sum.double();
    buckets.fill(null);
    for (let j = 0; j < ps.length; j++) {
      const d = digits[j * windows + w]!;
      if (d === 0) continue;
      const p = d > 0 ? ps[j]! : (negated[j] ??= ps[j]!.negate());
      const i = d > 0 ? d : -d;
      const b = buckets[i];
      buckets[i] = b ? b.add(p) : p;
    }
    // Σ i·bucket[i] as a running sum of running sums: two additions per bucket.
    let running: Point | null = null;
    let window: Point | null = null;
    for (let i = buckets.length - 1; i > 0; i--) {
      const b = buckets[i];
      if (b) running = running ? running.add(b) : b;
      if (running) window = window ? window.add(running) : running;
    }
    if (window) sum = sum.add(window);
  }
  return sum;
}
