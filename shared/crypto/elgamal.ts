/**
 * Exponential ElGamal: m is encrypted as (a, b) = (r·G, m·G + r·K). Adding ciphertexts adds
 * the plaintexts, so the ballots of a poll are summed without opening any of them, and only
 * the small total is ever recovered (as a discrete log, see dlog.ts).
 */
import { concatBytes } from '@noble/hashes/utils.js';
import { CryptoFormatError, fromBase64url, G, identity, mul, mulG, pointBytes, pointFromBytes, toBase64url, type Point, type Rng } from './group';

export interface Ciphertext {
  a: Point;
  b: Point;
}

export function encrypt(key: Point, m: bigint | number, r: bigint): Ciphertext {
  return { a: mulG(r), b: mul(G, BigInt(m)).add(mul(key, r)) };
}

export function encryptRandom(key: Point, m: number, rng: Rng): { ct: Ciphertext; r: bigint } {
  const r = rng();
  return { ct: encrypt(key, m, r), r };
}

export const addCiphertexts = (x: Ciphertext, y: Ciphertext): Ciphertext => ({ a: x.a.add(y.a), b: x.b.add(y.b) });

/** The encryption of 0 with randomness 0: the sum of no ballots. */
export const zeroCiphertext = (): Ciphertext => ({ a: identity, b: identity });

export const sumCiphertexts = (cts: readonly Ciphertext[]): Ciphertext => cts.reduce(addCiphertexts, zeroCiphertext());

/** m·G from the secret key (used by tests and by a single-key decryption). */
export const decryptToPoint = (ct: Ciphertext, secret: bigint): Point => ct.b.subtract(mul(ct.a, secret));

export const ciphertextBytes = (ct: Ciphertext): Uint8Array => concatBytes(pointBytes(ct.a), pointBytes(ct.b));
export const encodeCiphertext = (ct: Ciphertext): string => toBase64url(ciphertextBytes(ct));

/**
 * A ballot's ciphertext: a = r·G with r ≠ 0, so an identity `a` is a forgery (it would
 * put the plaintext in the clear); sums may hold the identity and pass `allowIdentity`.
 */
export function decodeCiphertext(text: unknown, what: string, allowIdentity = false): Ciphertext {
  const bytes = fromBase64url(text, 64, what);
  return { a: pointFromBytes(bytes.subarray(0, 32), `${what} (first half)`, allowIdentity), b: pointFromBytes(bytes.subarray(32), `${what} (second half)`, true) };
}

export function ciphertextsEqual(x: Ciphertext, y: Ciphertext): boolean {
  return x.a.equals(y.a) && x.b.equals(y.b);
}

export { CryptoFormatError };
