/**
 * Opening the encrypted totals with t of n tellers. Teller j publishes M_j = s_j·A for each
 * total (A, B) with a Chaum–Pedersen proof that log_G(S_j) = log_A(M_j); S_j is public
 * (ceremony.ts tellerPublicShare), so a wrong partial decryption fails its proof and names
 * its teller. Any t valid ones give s·A = Σ λ_j M_j (Lagrange at 0), and B − s·A = total·G,
 * whose small discrete log is found by baby-step giant-step.
 */
import type { Ciphertext } from './elgamal';
import { encodePoint, G, identity, mod, mul, mulPublic, q, type HashPart, type Point, type Rng, randomScalar } from './group';
import { proveEqualLogs, verifyEqualLogs, type Proof } from './proofs';

export interface PartialDecryption {
  index: number;
  /** M_j per total. */
  shares: Point[];
  proofs: Proof[];
}

const partialContext = (pollId: string, index: number, option: number): HashPart[] => ['partial-decryption', pollId, index, option];

export function partialDecrypt(pollId: string, index: number, secretShare: bigint, totals: readonly Ciphertext[], rng: Rng = randomScalar): PartialDecryption {
  const S = mul(G, secretShare);
  const shares = totals.map((t) => mul(t.a, secretShare));
  const proofs = totals.map((t, i) => proveEqualLogs(secretShare, t.a, S, shares[i]!, partialContext(pollId, index, i), rng));
  return { index, shares, proofs };
}

/** The options (0-based) whose partial decryption by this teller fails its proof. */
export function badPartialOptions(pollId: string, publicShare: Point, totals: readonly Ciphertext[], p: PartialDecryption): number[] {
  if (p.shares.length !== totals.length || p.proofs.length !== totals.length) return totals.map((_, i) => i);
  return totals.flatMap((t, i) => (verifyEqualLogs(t.a, publicShare, p.shares[i]!, partialContext(pollId, p.index, i), p.proofs[i]!) ? [] : [i]));
}

/** λ_j for interpolation at 0 over the given distinct indices. */
export function lagrangeAtZero(indices: readonly number[], j: number): bigint {
  let num = 1n;
  let den = 1n;
  for (const m of indices) {
    if (m === j) continue;
    num = mod(num * BigInt(m));
    den = mod(den * BigInt(m - j));
  }
  return mod(num * modInverse(den));
}

function modInverse(a: bigint): bigint {
  // q is prime: a^(q−2).
  let result = 1n;
  let base = mod(a);
  let e = q - 2n;
  while (e > 0n) {
    if (e & 1n) result = mod(result * base);
    base = mod(base * base);
    e >>= 1n;
  }
  return result;
}

/** total·G for each option from t verified partial decryptions (distinct tellers). */
export function combinePartials(totals: readonly Ciphertext[], partials: readonly PartialDecryption[]): Point[] {
  const indices = partials.map((p) => p.index);
  if (new Set(indices).size !== indices.length) throw new Error('each teller may count once');
  const lambdas = indices.map((j) => lagrangeAtZero(indices, j));
  return totals.map((t, i) => t.b.subtract(partials.reduce((acc, p, k) => acc.add(mul(p.shares[i]!, lambdas[k]!)), identity)));
}

/** Baby steps j·G (j < s) by encoding, the last few tables kept: every option of a poll, and every poll of a meeting size, uses the same. */
const babySteps = new Map<number, Map<string, number>>();
function babyTable(s: number): Map<string, number> {
  let table = babySteps.get(s);
  if (!table) {
    table = new Map();
    let acc = identity;
    for (let j = 0; j < s; j++) {
      table.set(encodePoint(acc), j);
      acc = acc.add(G);
    }
    if (babySteps.size >= 8) babySteps.delete(babySteps.keys().next().value!);
    babySteps.set(s, table);
  }
  return table;
}

/**
 * The m in [0, max] with m·G = P, or null. Baby steps j·G (j < s) in a table, giant steps
 * P − i·s·G: about 2·√max group operations, a few ms for a congress of 3,152.
 */
export function smallDiscreteLog(P: Point, max: number): number | null {
  const s = Math.max(1, Math.ceil(Math.sqrt(max + 1)));
  const table = babyTable(s);
  const giant = mulPublic(G, BigInt(s));
  let y = P;
  for (let i = 0; i * s <= max; i++) {
    const j = table.get(encodePoint(y));
    if (j !== undefined && i * s + j <= max) return i * s + j;
    y = y.subtract(giant);
  }
  return null;
}
