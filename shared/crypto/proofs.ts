/**
 * Zero-knowledge proofs, made non-interactive by Fiat–Shamir with a domain-separated hash
 * (group.ts hashToScalar). Every challenge hashes the caller's context (poll id, public key,
 * the whole ballot…) before the proof's own commitments, so a proof is valid for one
 * statement in one place and nowhere else.
 *
 * - oneOf: a ciphertext holds one of a list of small values (the disjunctive Chaum–Pedersen
 *   proof of Helios and ElectionGuard; with [0, 1] it is the per-option proof, with the
 *   allowed counts it is the proof on the ballot's sum).
 * - equalLogs: log_G(X) = log_A(Y) (Chaum–Pedersen), for a teller's partial decryption.
 * - knowledge: knowledge of x with X = x·G (Schnorr), for the ceremony's commitments.
 */
import { concatBytes } from '@noble/hashes/utils.js';
import type { Ciphertext } from './elgamal';
import { CryptoFormatError, fromBase64url, G, hashToScalar, mod, mul, mulG, mulPublic, smallG, scalarBytes, scalarFromBytes, toBase64url, type HashPart, type Point, type Rng } from './group';

/** A list of (challenge, response) pairs; one pair for a Schnorr or Chaum–Pedersen proof. */
export type Proof = { c: bigint; z: bigint }[];

export function encodeProof(p: Proof): string {
  return toBase64url(concatBytes(...p.flatMap(({ c, z }) => [scalarBytes(c), scalarBytes(z)])));
}

/** A proof of exactly `pairs` pairs; every scalar must be below the group order. */
export function decodeProof(text: unknown, pairs: number, what: string): Proof {
  const bytes = fromBase64url(text, 64 * pairs, what);
  const out: Proof = [];
  for (let i = 0; i < pairs; i++) {
    out.push({ c: scalarFromBytes(bytes.subarray(64 * i, 64 * i + 32), `${what} (challenge ${i})`), z: scalarFromBytes(bytes.subarray(64 * i + 32, 64 * i + 64), `${what} (response ${i})`) });
  }
  return out;
}

// -- oneOf ----------------------------------------------------------------------------------

const oneOfDomain = 'opencabinet/proof/one-of/v1';

/**
 * The commitments for branch `v`: z·G − c·a and z·K − c·(b − v·G). `mulFn` is the
 * constant-time multiply when proving (simulated branches use secret randomness) and the
 * variable-time one when verifying (everything is public).
 */
function branch(key: Point, ct: Ciphertext, v: number, c: bigint, z: bigint, mulFn: (p: Point, x: bigint) => Point): [Point, Point] {
  return [mulFn(G, z).subtract(mulFn(ct.a, c)), mulFn(key, z).subtract(mulFn(ct.b.subtract(smallG(v)), c))];
}

/**
 * The challenge of a oneOf proof. Points may come as their canonical bytes (what the
 * verifier already holds from the wire): a point and its encoding hash the same.
 */
function oneOfChallenge(context: readonly HashPart[], key: Point | Uint8Array, ct: { a: Point | Uint8Array; b: Point | Uint8Array }, values: readonly number[], commitments: readonly (Point | Uint8Array)[]): bigint {
  return hashToScalar(oneOfDomain, [...context, key, ct.a, ct.b, values.length, ...values, ...commitments]);
}

/**
 * Proves that `ct` = Enc(key, values[i], r) for the true `value` without saying which:
 * every other branch is simulated from a chosen challenge and response, the true one is
 * answered with the challenge left over.
 */
export function proveOneOf(key: Point, ct: Ciphertext, r: bigint, value: number, values: readonly number[], context: readonly HashPart[], rng: Rng): Proof {
  return proveOneOfWithCommitments(key, ct, r, value, values, context, rng).proof;
}

/**
 * proveOneOf, also returning the commitments it hashed (two per value, in hash order). They
 * follow from the proof and the statement, so they reveal nothing; sent beside the proof
 * they let a verifier check many proofs at once (batch.ts) instead of recomputing each.
 */
export function proveOneOfWithCommitments(key: Point, ct: Ciphertext, r: bigint, value: number, values: readonly number[], context: readonly HashPart[], rng: Rng): { proof: Proof; commitments: Point[] } {
  const real = values.indexOf(value);
  if (real < 0) throw new Error(`value ${value} is not among the allowed values`);
  const pairs: { c: bigint; z: bigint }[] = values.map(() => ({ c: 0n, z: 0n }));
  const commitments: Point[] = [];
  let w = 0n;
  values.forEach((v, j) => {
    if (j === real) {
      w = rng();
      commitments.push(mulG(w), mul(key, w));
    } else {
      const c = rng();
      const z = rng();
      pairs[j] = { c, z };
      commitments.push(...branch(key, ct, v, c, z, mul));
    }
  });
  const total = oneOfChallenge(context, key, ct, values, commitments);
  const c = mod(total - pairs.reduce((s, p, j) => (j === real ? s : s + p.c), 0n));
  pairs[real] = { c, z: mod(w + c * r) };
  return { proof: pairs, commitments };
}

/**
 * `encoded`: the canonical bytes of the key and of the ciphertext's points where the caller
 * has them (they hash the same as the points; re-encoding each costs an inverse square root).
 */
export function verifyOneOf(key: Point, ct: Ciphertext, values: readonly number[], context: readonly HashPart[], proof: Proof, encoded?: { key: Uint8Array; a: Uint8Array; b: Uint8Array }): boolean {
  if (proof.length !== values.length || values.length === 0) return false;
  const commitments = values.flatMap((v, j) => branch(key, ct, v, proof[j]!.c, proof[j]!.z, mulPublic));
  const sum = mod(proof.reduce((s, p) => s + p.c, 0n));
  return sum === oneOfChallenge(context, encoded?.key ?? key, encoded ?? ct, values, commitments);
}

/**
 * The Fiat–Shamir half of a oneOf check against commitments sent beside the proof: whether
 * the challenges add up to the hash of exactly those commitments (recomputed here for this
 * proof, as verifyOneOf does). The other half — that the commitments are the proof's own,
 * z·G − c·a and z·K − c·(b − v·G) — is a set of group equations, checked by the caller in
 * a batch (batch.ts, `oneOfEquations`). Both halves together are verifyOneOf.
 */
export function oneOfChallengeMatches(keyBytes: Uint8Array, ct: { a: Uint8Array; b: Uint8Array }, values: readonly number[], context: readonly HashPart[], proof: Proof, commitments: readonly Uint8Array[]): boolean {
  if (proof.length !== values.length || values.length === 0 || commitments.length !== 2 * values.length) return false;
  const sum = mod(proof.reduce((s, p) => s + p.c, 0n));
  return sum === oneOfChallenge(context, keyBytes, ct, values, commitments);
}

// -- equalLogs (Chaum–Pedersen) -------------------------------------------------------------

const equalLogsDomain = 'opencabinet/proof/equal-logs/v1';

/** Proves X = x·G and Y = x·A for the same x. */
export function proveEqualLogs(x: bigint, A: Point, X: Point, Y: Point, context: readonly HashPart[], rng: Rng): Proof {
  const w = rng();
  const c = hashToScalar(equalLogsDomain, [...context, A, X, Y, mulG(w), mul(A, w)]);
  return [{ c, z: mod(w + c * x) }];
}

export function verifyEqualLogs(A: Point, X: Point, Y: Point, context: readonly HashPart[], proof: Proof): boolean {
  if (proof.length !== 1) return false;
  const { c, z } = proof[0]!;
  const U = mulPublic(G, z).subtract(mulPublic(X, c));
  const V = mulPublic(A, z).subtract(mulPublic(Y, c));
  return c === hashToScalar(equalLogsDomain, [...context, A, X, Y, U, V]);
}

// -- knowledge (Schnorr) --------------------------------------------------------------------

const knowledgeDomain = 'opencabinet/proof/knowledge/v1';

export function proveKnowledge(x: bigint, X: Point, context: readonly HashPart[], rng: Rng): Proof {
  const w = rng();
  const c = hashToScalar(knowledgeDomain, [...context, X, mulG(w)]);
  return [{ c, z: mod(w + c * x) }];
}

export function verifyKnowledge(X: Point, context: readonly HashPart[], proof: Proof): boolean {
  if (proof.length !== 1) return false;
  const { c, z } = proof[0]!;
  return c === hashToScalar(knowledgeDomain, [...context, X, mulPublic(G, z).subtract(mulPublic(X, c))]);
}

export { CryptoFormatError };
