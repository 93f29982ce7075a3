/**
 * A secret poll's running encrypted total: the homomorphic sum of the ballots accepted so
 * far, one ciphertext per slot, updated with each ballot in the transaction that stores it,
 * so the close only encodes it (issue 15: re-decoding 3,152 ballots at the close took seconds,
 * one inverse square root per point).
 *
 * It is the server's own working copy, not a public value: its points are kept as their
 * extended Edwards coordinates (X:Y:Z:T, hex), which cost nothing to read and write, where
 * the canonical ristretto255 encoding costs an inverse square root each way. Reading checks
 * that every point is on the curve. It is never trusted for the result's correctness: the
 * sealed totals made from it are published, and every recount (verify-poll, the audit)
 * recomputes them from the stored ballots' canonical ciphertexts and reports a difference.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { addCiphertexts, zeroCiphertext, type Ciphertext } from './elgamal';
import { CryptoFormatError, identity, Point } from './group';

interface Extended {
  X: bigint;
  Y: bigint;
  Z: bigint;
  T: bigint;
}

/** noble keeps a ristretto255 point's Edwards representative in `ep` (protected in its types, public at run time). */
const extended = (p: Point): Extended => (p as unknown as { ep: Extended }).ep;

/** A point as `X.Y.Z.T` (hex): the same group element, any of its representatives. */
export function pointToRaw(p: Point): string {
  const { X, Y, Z, T } = extended(p);
  return [X, Y, Z, T].map((v) => v.toString(16)).join('.');
}

const hex = /^[0-9a-f]{1,64}$/;

export function pointFromRaw(text: unknown, what: string): Point {
  const parts = typeof text === 'string' ? text.split('.') : [];
  if (parts.length !== 4 || !parts.every((h) => hex.test(h))) throw new CryptoFormatError(`${what} is not a point's raw coordinates (four hex numbers).`);
  try {
    const [X, Y, Z, T] = parts.map((h) => BigInt(`0x${h}`)) as [bigint, bigint, bigint, bigint];
    const ep = new ed25519.Point(X, Y, Z, T);
    // On the curve, with T = XY/Z: anything else would make the sums meaningless. (noble
    // refuses the neutral element there, which an empty sum is.)
    if (ep.is0()) return identity;
    ep.assertValidity();
    return new Point(ep);
  } catch {
    throw new CryptoFormatError(`${what} is not a point on the curve.`);
  }
}

/** A ciphertext's two points, raw: what the ballot check hands to the transaction that stores the ballot. */
export type RawCiphertext = [string, string];

export const ciphertextToRaw = (ct: Ciphertext): RawCiphertext => [pointToRaw(ct.a), pointToRaw(ct.b)];

export function ciphertextFromRaw(raw: unknown, what: string): Ciphertext {
  if (!Array.isArray(raw) || raw.length !== 2) throw new CryptoFormatError(`${what} is not a raw ciphertext (two points).`);
  return { a: pointFromRaw(raw[0], `${what} (first half)`), b: pointFromRaw(raw[1], `${what} (second half)`) };
}

export interface RunningTotal {
  /** How many ballots the sums hold. */
  ballots: number;
  sums: Ciphertext[];
}

export const emptyRunningTotal = (slots: number): RunningTotal => ({ ballots: 0, sums: Array.from({ length: slots }, zeroCiphertext) });

/** The total with one more ballot (one ciphertext per slot). */
export function addToRunningTotal(total: RunningTotal, ballot: readonly Ciphertext[]): RunningTotal {
  if (ballot.length !== total.sums.length) throw new Error(`a ballot of ${ballot.length} ciphertexts cannot be added to totals of ${total.sums.length}`);
  return { ballots: total.ballots + 1, sums: total.sums.map((s, i) => addCiphertexts(s, ballot[i]!)) };
}

export function encodeRunningTotal(total: RunningTotal): string {
  return JSON.stringify({ ballots: total.ballots, sums: total.sums.map(ciphertextToRaw) });
}

export function decodeRunningTotal(text: string, slots: number): RunningTotal {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CryptoFormatError('The running total is not JSON.');
  }
  const t = parsed as { ballots?: unknown; sums?: unknown } | null;
  if (!t || !Number.isSafeInteger(t.ballots) || (t.ballots as number) < 0 || !Array.isArray(t.sums) || t.sums.length !== slots) {
    throw new CryptoFormatError(`The running total must hold a ballot count and ${slots} sums.`);
  }
  return { ballots: t.ballots as number, sums: t.sums.map((s, i) => ciphertextFromRaw(s, `running total ${i + 1}`)) };
}
