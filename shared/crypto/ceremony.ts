/**
 * The key ceremony of n tellers with threshold t (ElectionGuard's, after Pedersen): every
 * teller deals a random polynomial f_i of degree t−1, publishes commitments C_ik = a_ik·G to
 * its coefficients (each with a Schnorr proof), and sends f_i(j) to each teller j encrypted
 * to j's own ceremony key, so the server that relays it learns nothing. Teller j checks
 * each share against the dealer's commitments and keeps s_j = Σ_i f_i(j). The joint public
 * key is K = Σ_i C_i0; its secret Σ_i a_i0 is never assembled anywhere, and any t tellers
 * can decrypt together (decrypt.ts). Teller indices are 1..n (0 would be the secret itself).
 */
import { concatBytes, equalBytes } from '@noble/curves/utils.js';
import { CryptoFormatError, fromBase64url, hashBytes, identity, mod, mul, mulG, pointBytes, pointFromBytes, q, scalarBytes, scalarFromBytes, toBase64url, type Point, type Rng, randomScalar } from './group';
import { proveKnowledge, verifyKnowledge, type Proof } from './proofs';

/** A teller's key for receiving shares: x secret on the device, X = x·G public. */
export interface CeremonyKey {
  secret: bigint;
  publicKey: Point;
  proof: Proof;
}

const auxContext = (pollId: string, index: number) => ['ceremony-key', pollId, index];
const coefficientContext = (pollId: string, index: number, k: number) => ['coefficient', pollId, index, k];

export function ceremonyKey(pollId: string, index: number, rng: Rng = randomScalar): CeremonyKey {
  const secret = rng();
  const publicKey = mulG(secret);
  return { secret, publicKey, proof: proveKnowledge(secret, publicKey, auxContext(pollId, index), rng) };
}

/** The proof for an existing ceremony secret (a device re-sending the key it stored). */
export const proveCeremonyKey = (pollId: string, index: number, secret: bigint, rng: Rng = randomScalar): Proof => proveKnowledge(secret, mulG(secret), auxContext(pollId, index), rng);

export const verifyCeremonyKey = (pollId: string, index: number, publicKey: Point, proof: Proof): boolean => verifyKnowledge(publicKey, auxContext(pollId, index), proof);

/** f(x) = Σ a_k x^k mod q. */
export function evalPolynomial(coefficients: readonly bigint[], x: number): bigint {
  let acc = 0n;
  for (let k = coefficients.length - 1; k >= 0; k--) acc = mod(acc * BigInt(x) + coefficients[k]!);
  return acc;
}

/** Σ C_k x^k: the public image f(x)·G of a dealer's polynomial. */
export function evalCommitments(commitments: readonly Point[], x: number): Point {
  let acc = identity;
  for (let k = commitments.length - 1; k >= 0; k--) acc = mul(acc, BigInt(x)).add(commitments[k]!);
  return acc;
}

export interface Dealing {
  /** Secret: only the dealer's device holds these, and only until the ceremony ends. */
  coefficients: bigint[];
  commitments: Point[];
  proofs: Proof[];
  /** f_i(j) for every teller j, the dealer included (it keeps its own). */
  shares: Map<number, bigint>;
}

export function deal(pollId: string, index: number, threshold: number, tellers: number, rng: Rng = randomScalar): Dealing {
  if (!(threshold >= 1 && threshold <= tellers)) throw new Error(`threshold ${threshold} of ${tellers} tellers is not possible`);
  const coefficients = Array.from({ length: threshold }, () => rng());
  const commitments = coefficients.map((a) => mulG(a));
  const proofs = coefficients.map((a, k) => proveKnowledge(a, commitments[k]!, coefficientContext(pollId, index, k), rng));
  const shares = new Map<number, bigint>();
  for (let j = 1; j <= tellers; j++) shares.set(j, evalPolynomial(coefficients, j));
  return { coefficients, commitments, proofs, shares };
}

export function verifyCommitments(pollId: string, index: number, commitments: readonly Point[], proofs: readonly Proof[]): boolean {
  return commitments.length === proofs.length && commitments.every((C, k) => verifyKnowledge(C, coefficientContext(pollId, index, k), proofs[k]!));
}

/** Whether share·G equals the dealer's committed f(to)·G. */
export const checkShare = (commitments: readonly Point[], to: number, share: bigint): boolean => mulG(share).equals(evalCommitments(commitments, to));

// -- share encryption: hashed ElGamal to the recipient's ceremony key, with a MAC ---------

function shareKeys(pollId: string, from: number, to: number, E: Point, recipient: Point, shared: Point): { pad: Uint8Array; mac: Uint8Array } {
  const h = hashBytes('opencabinet/ceremony/share-key/v1', [pollId, from, to, E, recipient, shared]);
  return { pad: h.subarray(0, 32), mac: h.subarray(32, 64) };
}

const shareTag = (mac: Uint8Array, pollId: string, from: number, to: number, E: Point, body: Uint8Array): Uint8Array =>
  hashBytes('opencabinet/ceremony/share-mac/v1', [mac, pollId, from, to, E, body]).subarray(0, 32);

const xor = (a: Uint8Array, b: Uint8Array): Uint8Array => a.map((x, i) => x ^ b[i]!);

/** 96 bytes: E = e·G, the share XOR a key stream, and a tag binding poll, dealer and recipient. */
export function encryptShare(pollId: string, from: number, to: number, recipient: Point, share: bigint, rng: Rng = randomScalar): string {
  const e = rng();
  const E = mulG(e);
  const { pad, mac } = shareKeys(pollId, from, to, E, recipient, mul(recipient, e));
  const body = xor(scalarBytes(share), pad);
  return toBase64url(concatBytes(pointBytes(E), body, shareTag(mac, pollId, from, to, E, body)));
}

/**
 * Opens a share addressed to `to` from `from`. Throws CryptoFormatError naming the fault
 * when the text is malformed, the tag fails (another dealer, recipient or poll) or the
 * value is no scalar; the caller then checks it against the dealer's commitments.
 */
export function decryptShare(pollId: string, from: number, to: number, secret: bigint, text: unknown): bigint {
  const what = `the share from teller ${from}`;
  const bytes = fromBase64url(text, 96, what);
  const E = pointFromBytes(bytes.subarray(0, 32), what);
  const body = bytes.subarray(32, 64);
  const { pad, mac } = shareKeys(pollId, from, to, E, mulG(secret), mul(E, secret));
  if (!equalBytes(shareTag(mac, pollId, from, to, E, body), bytes.subarray(64, 96))) {
    throw new CryptoFormatError(`${what} was not encrypted for teller ${to} of this poll (its tag does not match).`);
  }
  return scalarFromBytes(xor(body, pad), what);
}

/** Teller j's secret share: the sum of the shares dealt to it (its own included). */
export const combineShares = (shares: readonly bigint[]): bigint => mod(shares.reduce((s, x) => s + x, 0n));

/** S_j = s_j·G, computable by anyone from the commitments: checks j's partial decryptions. */
export function tellerPublicShare(allCommitments: readonly (readonly Point[])[], j: number): Point {
  return allCommitments.reduce((acc, cs) => acc.add(evalCommitments(cs, j)), identity);
}

export const jointPublicKey = (allCommitments: readonly (readonly Point[])[]): Point => allCommitments.reduce((acc, cs) => acc.add(cs[0]!), identity);

export { q, CryptoFormatError };
