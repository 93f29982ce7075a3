/**
 * The prime-order group every secret-ballot computation runs in: ristretto255 (RFC 9496),
 * so there is no cofactor to clear and every valid encoding is one group element. Points
 * and scalars cross the wire as base64url of their fixed 32-byte encodings; parsing
 * rejects anything that is not the one canonical encoding, so one value has one text and
 * hashes (trackers, Fiat–Shamir challenges) cannot be varied by re-encoding.
 */
import { ristretto255 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';

export const Point = ristretto255.Point;
export type Point = InstanceType<typeof Point>;
/** The group order q; scalars live in [0, q). */
export const q: bigint = Point.Fn.ORDER;
export const G: Point = Point.BASE;
export const identity: Point = Point.ZERO;

/** A value that does not parse as what it claims to be; `message` names the field and the fault. */
export class CryptoFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CryptoFormatError';
  }
}

export const mod = (a: bigint): bigint => {
  const r = a % q;
  return r < 0n ? r + q : r;
};

/** x·P for any scalar, 0 included (noble's constant-time multiply refuses 0). */
export function mul(p: Point, x: bigint): Point {
  const s = mod(x);
  return s === 0n ? identity : p.multiply(s);
}

/** x·G. */
export const mulG = (x: bigint): Point => mul(G, x);

/**
 * x·P in variable time: only for public values (verifying proofs, summing ballots), where
 * timing reveals nothing. About twice as fast as the constant-time multiply.
 */
export function mulPublic(p: Point, x: bigint): Point {
  const s = mod(x);
  return s === 0n ? identity : p.multiplyUnsafe(s);
}

/** Small multiples v·G (counts up to a few hundred options), cached: the proofs use them often. */
const smallMultiples: Point[] = [identity];
export function smallG(v: number): Point {
  if (!Number.isSafeInteger(v) || v < 0) throw new Error('smallG takes a non-negative integer');
  if (v > 4096) return mulPublic(G, BigInt(v));
  while (smallMultiples.length <= v) smallMultiples.push(smallMultiples[smallMultiples.length - 1]!.add(G));
  return smallMultiples[v]!;
}

/** A source of uniformly random non-zero scalars; tests pass a seeded one for fixed vectors. */
export type Rng = () => bigint;

/** 64 random bytes reduced mod q: the bias is below 2^-250. */
export const randomScalar: Rng = () => {
  for (;;) {
    const s = mod(bytesToNumberLE(randomBytes(64)));
    if (s !== 0n) return s;
  }
};

/** A deterministic Rng for fixed test vectors and reproducible examples; never for real ballots. */
export function seededRng(seed: string): Rng {
  let counter = 0;
  return () => {
    for (;;) {
      const s = mod(bytesToNumberLE(sha512(utf8ToBytes(`opencabinet/test-rng/${seed}/${counter++}`))));
      if (s !== 0n) return s;
    }
  };
}

// -- encodings ------------------------------------------------------------------------------

const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const b64index = new Map([...b64].map((c, i) => [c, i]));

export function toBase64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += b64[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/** Strict base64url without padding: the only accepted text of `len` bytes. */
export function fromBase64url(text: unknown, len: number, what: string): Uint8Array {
  if (typeof text !== 'string') throw new CryptoFormatError(`${what} must be a base64url string.`);
  const want = Math.ceil((len * 8) / 6);
  if (text.length !== want) throw new CryptoFormatError(`${what} must be ${want} base64url characters (${len} bytes); it has ${text.length}.`);
  const out = new Uint8Array(len);
  let acc = 0;
  let bits = 0;
  let j = 0;
  for (const c of text) {
    const v = b64index.get(c);
    if (v === undefined) throw new CryptoFormatError(`${what} contains «${c}», which is not base64url.`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 0xff;
    }
  }
  // Leftover bits must be zero, else two texts would decode to the same bytes.
  if (acc & ((1 << bits) - 1)) throw new CryptoFormatError(`${what} is not canonical base64url (trailing bits set).`);
  return out;
}

export const pointBytes = (p: Point): Uint8Array => p.toBytes();
export const scalarBytes = (s: bigint): Uint8Array => numberToBytesLE(mod(s), 32);

/** Parses 32 bytes as a group element; RFC 9496 decoding already refuses non-canonical encodings. */
export function pointFromBytes(bytes: Uint8Array, what: string, allowIdentity = false): Point {
  let p: Point;
  try {
    p = Point.fromBytes(bytes);
  } catch {
    throw new CryptoFormatError(`${what} is not a valid ristretto255 point encoding.`);
  }
  if (!allowIdentity && p.is0()) throw new CryptoFormatError(`${what} is the identity element, which is not allowed here.`);
  return p;
}

export function scalarFromBytes(bytes: Uint8Array, what: string): bigint {
  const s = bytesToNumberLE(bytes);
  if (s >= q) throw new CryptoFormatError(`${what} is not a scalar: it is not below the group order.`);
  return s;
}

export const encodePoint = (p: Point): string => toBase64url(pointBytes(p));
export const encodeScalar = (s: bigint): string => toBase64url(scalarBytes(s));
export const decodePoint = (text: unknown, what: string, allowIdentity = false): Point => pointFromBytes(fromBase64url(text, 32, what), what, allowIdentity);
export const decodeScalar = (text: unknown, what: string): bigint => scalarFromBytes(fromBase64url(text, 32, what), what);

// -- hashing --------------------------------------------------------------------------------

/**
 * One field of a hash input. Each is length-prefixed (4 bytes, big-endian) so no two
 * different sequences of fields hash the same bytes.
 */
export type HashPart = string | number | bigint | Uint8Array | Point;

function partBytes(p: HashPart): Uint8Array {
  if (typeof p === 'string') return utf8ToBytes(p);
  if (typeof p === 'number') {
    if (!Number.isSafeInteger(p) || p < 0) throw new Error('hash parts must be non-negative integers');
    return utf8ToBytes(String(p));
  }
  if (typeof p === 'bigint') return scalarBytes(p);
  if (p instanceof Uint8Array) return p;
  return pointBytes(p);
}

export function hashBytes(domain: string, parts: readonly HashPart[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const part of [domain, ...parts]) {
    const b = partBytes(part);
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, b.length);
    chunks.push(len, b);
  }
  return sha512(concatBytes(...chunks));
}

/** A domain-separated hash onto Z_q: the Fiat–Shamir challenge. */
export const hashToScalar = (domain: string, parts: readonly HashPart[]): bigint => mod(bytesToNumberLE(hashBytes(domain, parts)));
