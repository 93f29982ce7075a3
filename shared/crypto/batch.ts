/**
 * Batch verification of group equations: many proofs' equations checked with one
 * multi-scalar multiplication instead of one scalar multiplication per term.
 *
 * The method is the small-exponents test of Bellare, Garay and Rabin, "Fast batch
 * verification for modular exponentiation and digital signatures" (EUROCRYPT '98, §3.2):
 * to check equations E₁ = 0 … Eₙ = 0 in a group of prime order q, draw independent random
 * ρᵢ of ℓ bits and check Σ ρᵢ·Eᵢ = 0 once. If any Eᵢ ≠ 0, the sum is 0 for at most one
 * value of ρᵢ given the others, so a false batch passes with probability ≤ 2^-ℓ; here
 * ℓ = 128. It needs every point to be in the prime-order group, which ristretto255
 * decoding guarantees (no cofactor, no small-order points). The coefficients must be
 * unpredictable to whoever made the proofs: fixed ones (all 1, say) would let two forged
 * proofs whose errors cancel pass together (the unit tests show such a pair).
 *
 * When a batch fails, each owner's equations are checked alone (with fresh coefficients),
 * so the bad ones are named and the good ones still pass.
 */
import { bytesToNumberLE } from '@noble/curves/utils.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { G, mod, type Point } from './group';
import { multiScalarMul } from './msm';
import type { Proof } from './proofs';

/** One group equation Σ sᵢ·Pᵢ + g·G + k·K = 0, K being the batch's public key. */
export interface Equation {
  terms: (readonly [Point, bigint])[];
  g: bigint;
  k: bigint;
}

/** A source of batch coefficients; tests pass fixed ones to show why they must be random. */
export type Coefficients = () => bigint;

/**
 * 128 random bits from the platform's CSPRNG (crypto.getRandomValues: node:crypto in Node,
 * WebCrypto in a browser, via noble). Drawn 4 KiB at a time — a batch of 64 ballots takes
 * ~900 coefficients — and each 16 bytes are used once and wiped.
 */
let pool = new Uint8Array(0);
let used = 0;
export const randomCoefficient: Coefficients = () => {
  if (used + 16 > pool.length) {
    pool = randomBytes(4096);
    used = 0;
  }
  const bytes = pool.subarray(used, used + 16);
  used += 16;
  const c = bytesToNumberLE(bytes);
  bytes.fill(0);
  return c;
};

export class EquationBatch {
  private readonly owners = new Map<number, Equation[]>();

  constructor(private readonly key: Point) {}

  /** Adds an owner's equations (a ballot's, say); an owner fails if any of its equations fails. */
  add(owner: number, equations: readonly Equation[]): void {
    const list = this.owners.get(owner) ?? [];
    list.push(...equations);
    this.owners.set(owner, list);
  }

  /** The owners some of whose equations do not hold; none when the whole batch holds. */
  failing(coefficient: Coefficients = randomCoefficient): number[] {
    if (this.owners.size === 0 || this.holds([...this.owners.values()].flat(), coefficient)) return [];
    return [...this.owners].filter(([, eqs]) => !this.holds(eqs, coefficient)).map(([owner]) => owner);
  }

  private holds(equations: readonly Equation[], coefficient: Coefficients): boolean {
    // Terms on the same point (a ciphertext in several proofs) are merged: one point, one scalar.
    const merged = new Map<Point, bigint>();
    let g = 0n;
    let k = 0n;
    for (const e of equations) {
      const rho = coefficient();
      for (const [p, s] of e.terms) merged.set(p, (merged.get(p) ?? 0n) + rho * s);
      g += rho * e.g;
      k += rho * e.k;
    }
    const points = [G, this.key, ...merged.keys()];
    const scalars = [g, k, ...merged.values()].map(mod);
    return multiScalarMul(points, scalars).is0();
  }
}

/** A ciphertext as a combination Σ wᵢ·(aᵢ, bᵢ) of a ballot's ciphertexts (the sum proof's is weighted). */
export interface CiphertextTerms {
  a: (readonly [Point, bigint])[];
  b: (readonly [Point, bigint])[];
}

/**
 * The equations saying that `commitments` (two per value, as hashed) are the oneOf proof's
 * own: for each branch j with value v, Aⱼ = zⱼ·G − cⱼ·a and Bⱼ = zⱼ·K − cⱼ·(b − v·G),
 * written as Aⱼ + cⱼ·a − zⱼ·G = 0 and Bⱼ + cⱼ·b − cⱼ·v·G − zⱼ·K = 0 so the commitments
 * carry the short coefficient. With oneOfChallengeMatches (proofs.ts) this is verifyOneOf.
 */
export function oneOfEquations(ct: CiphertextTerms, values: readonly number[], proof: Proof, commitments: readonly Point[]): Equation[] {
  return values.flatMap((v, j): Equation[] => {
    const { c, z } = proof[j]!;
    return [
      { terms: [[commitments[2 * j]!, 1n], ...ct.a.map(([p, w]) => [p, c * w] as const)], g: -z, k: 0n },
      { terms: [[commitments[2 * j + 1]!, 1n], ...ct.b.map(([p, w]) => [p, c * w] as const)], g: -c * BigInt(v), k: -z },
    ];
  });
}
