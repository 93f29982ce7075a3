/**
 * An encrypted ballot: one ciphertext per option holding 1 (chosen) or 0, a proof per
 * option that it holds 0 or 1, and one proof that their sum is an allowed number of
 * choices. Every proof's challenge hashes the poll id, the poll's public key, the
 * voter-independent context (meeting, options) and ALL the ballot's ciphertexts: a ballot
 * made for another poll or key fails, and ciphertexts cannot be swapped or re-combined.
 * A whole ballot copied from another voter verifies, so the server refuses a tracker it
 * already holds (a fresh proof for someone else's ciphertext needs its randomness).
 */
import { concatBytes } from '@noble/hashes/utils.js';
import { EquationBatch, oneOfEquations, randomCoefficient, type CiphertextTerms, type Coefficients } from './batch';
import { encodeCiphertext, decodeCiphertext, ciphertextBytes, encryptRandom, sumCiphertexts, type Ciphertext } from './elgamal';
import { CryptoFormatError, fromBase64url, hashBytes, mod, mulPublic, pointBytes, pointFromBytes, toBase64url, type HashPart, type Point, type Rng, randomScalar } from './group';
import { decodeProof, encodeProof, oneOfChallengeMatches, proveOneOfWithCommitments, verifyOneOf, type Proof } from './proofs';

/** Everything a ballot is bound to; the same for every voter of the poll. */
export interface BallotContext {
  pollId: string;
  publicKey: Point;
  /** Voter-independent text fixed when the poll opens (meeting id, option ids). */
  context: string;
  /** How many ciphertexts a ballot has (the options, and a "blank" marker where the poll needs one). */
  options: number;
  /**
   * The allowed values of the weighted sum Σ weight_i·x_i, ascending (e.g. [0, 1] for a
   * single choice). With all weights 1 this is the allowed numbers of choices.
   */
  allowedCounts: readonly number[];
  /** Weight of each ciphertext in the sum proof; all 1 when absent. */
  weights?: readonly number[];
}

export interface EncryptedBallotWire {
  ciphertexts: string[];
  proofs: string[];
  sumProof: string;
  /**
   * The commitments each proof hashed (base64url of 2 points per allowed value, in hash
   * order). Not part of the ballot: they follow from it, and a ballot without them is just
   * as valid. They let the server check ballots in batches (verifyBallots); the server
   * stores and publishes the ballot without them (compactBallot).
   */
  commitments?: { proofs: string[]; sumProof: string };
}

const bits = [0, 1] as const;

function weightsOf(ctx: BallotContext): number[] {
  return ctx.weights ? [...ctx.weights] : Array.from({ length: ctx.options }, () => 1);
}

/** A ciphertext's points as their canonical bytes: what every hash of the ballot takes. */
interface CiphertextBytes {
  a: Uint8Array;
  b: Uint8Array;
}

const bytesOf = (c: Ciphertext): CiphertextBytes => ({ a: pointBytes(c.a), b: pointBytes(c.b) });

/** Encoded once per ballot: every proof of the ballot hashes the same prefix. */
function baseContext(ctx: BallotContext, keyBytes: Uint8Array, cts: readonly CiphertextBytes[]): HashPart[] {
  const w = weightsOf(ctx);
  return ['ballot', ctx.pollId, ctx.context, keyBytes, ctx.options, ...w, ctx.allowedCounts.length, ...ctx.allowedCounts, ...cts.flatMap((c) => [c.a, c.b])];
}

/** Σ weight_i·ct_i: the ciphertext the sum proof is about. */
function weightedSum(ctx: BallotContext, cts: readonly Ciphertext[]): Ciphertext {
  const w = weightsOf(ctx);
  return sumCiphertexts(cts.map((c, i) => (w[i] === 1 ? c : { a: mulPublic(c.a, BigInt(w[i]!)), b: mulPublic(c.b, BigInt(w[i]!)) })));
}

/** The ballot tracker: a hash of the poll id and the ciphertexts, shown on the receipt. */
export function ballotTracker(pollId: string, cts: readonly Ciphertext[]): string {
  return trackerOfBytes(pollId, cts.map(ciphertextBytes));
}

const trackerOfBytes = (pollId: string, cts: readonly Uint8Array[]): string => toBase64url(hashBytes('opencabinet/tracker/v1', [pollId, ...cts]).subarray(0, 32));

/**
 * The same tracker from the ballot as sent, without decoding its points (cheap enough to
 * recompute whenever a device redraws). For a ballot that passed verifyBallot it equals
 * ballotTracker: canonical encodings are the points' bytes.
 */
export function trackerOfWire(pollId: string, ciphertexts: readonly string[]): string {
  return trackerOfBytes(pollId, ciphertexts.map((c, i) => fromBase64url(c, 64, `ciphertexts.${i}`)));
}

/** Encrypts a choice (true = chosen, one per option) and proves it valid. */
export function encryptBallot(ctx: BallotContext, chosen: readonly boolean[], rng: Rng = randomScalar): { ballot: EncryptedBallotWire; tracker: string } {
  if (chosen.length !== ctx.options) throw new Error(`a ballot has ${ctx.options} options, not ${chosen.length}`);
  const w = weightsOf(ctx);
  const count = chosen.reduce((s, c, i) => s + (c ? w[i]! : 0), 0);
  if (!ctx.allowedCounts.includes(count)) throw new Error(`${count} choices is not an allowed number of choices`);
  const enc = chosen.map((c) => encryptRandom(ctx.publicKey, c ? 1 : 0, rng));
  const cts = enc.map((e) => e.ct);
  const base = baseContext(ctx, pointBytes(ctx.publicKey), cts.map(bytesOf));
  const proven = enc.map((e, i) => proveOneOfWithCommitments(ctx.publicKey, e.ct, e.r, chosen[i] ? 1 : 0, bits, [...base, 'option', i], rng));
  const sumR = mod(enc.reduce((s, e, i) => s + e.r * BigInt(w[i]!), 0n));
  const sum = proveOneOfWithCommitments(ctx.publicKey, weightedSum(ctx, cts), sumR, count, ctx.allowedCounts, [...base, 'sum'], rng);
  const points = (ps: Point[]) => toBase64url(concatBytes(...ps.map(pointBytes)));
  return {
    ballot: {
      ciphertexts: cts.map(encodeCiphertext),
      proofs: proven.map((p) => encodeProof(p.proof)),
      sumProof: encodeProof(sum.proof),
      commitments: { proofs: proven.map((p) => points(p.commitments)), sumProof: points(sum.commitments) },
    },
    tracker: ballotTracker(ctx.pollId, cts),
  };
}

/** The ballot as stored and published: without the commitments that only speed up its check. */
export function compactBallot(wire: EncryptedBallotWire): EncryptedBallotWire {
  return { ciphertexts: wire.ciphertexts, proofs: wire.proofs, sumProof: wire.sumProof };
}

export type BallotCheck =
  | { ok: true; ciphertexts: Ciphertext[]; tracker: string }
  | { ok: false; fault: 'malformed' | 'option_proof' | 'sum_proof'; message: string };

interface ParsedBallot {
  cts: Ciphertext[];
  bytes: (CiphertextBytes & { whole: Uint8Array })[];
  proofs: Proof[];
  sumProof: Proof;
}

type Malformed = { ok: false; fault: 'malformed'; message: string };

function parseBallot(ctx: BallotContext, wire: unknown): ParsedBallot | Malformed {
  try {
    const w = wire as Partial<EncryptedBallotWire> | null;
    if (!w || typeof w !== 'object' || !Array.isArray(w.ciphertexts) || !Array.isArray(w.proofs)) throw new CryptoFormatError('The encrypted ballot must have lists "ciphertexts" and "proofs".');
    if (w.ciphertexts.length !== ctx.options) throw new CryptoFormatError(`The encrypted ballot has ${w.ciphertexts.length} ciphertexts; this poll has ${ctx.options} options.`);
    if (w.proofs.length !== ctx.options) throw new CryptoFormatError(`The encrypted ballot has ${w.proofs.length} proofs; this poll has ${ctx.options} options.`);
    const cts = w.ciphertexts.map((c, i) => decodeCiphertext(c, `ciphertexts.${i}`));
    // Decoding refused every non-canonical encoding, so the text's bytes are the points' bytes.
    const bytes = w.ciphertexts.map((c) => {
      const whole = fromBase64url(c, 64, 'ciphertext');
      return { a: whole.subarray(0, 32), b: whole.subarray(32), whole };
    });
    const proofs = w.proofs.map((p, i) => decodeProof(p, 2, `proofs.${i}`));
    const sumProof = decodeProof(w.sumProof, ctx.allowedCounts.length, 'sumProof');
    return { cts, bytes, proofs, sumProof };
  } catch (err) {
    if (err instanceof CryptoFormatError) return { ok: false, fault: 'malformed', message: err.message };
    throw err;
  }
}

const isMalformed = (p: ParsedBallot | Malformed): p is Malformed => 'ok' in p;

/** The proofs checked one by one, each commitment recomputed: the definition of a valid ballot. */
function checkParsed(ctx: BallotContext, keyBytes: Uint8Array, p: ParsedBallot): BallotCheck {
  const base = baseContext(ctx, keyBytes, p.bytes);
  for (let i = 0; i < p.cts.length; i++) {
    if (!verifyOneOf(ctx.publicKey, p.cts[i]!, bits, [...base, 'option', i], p.proofs[i]!, { key: keyBytes, ...p.bytes[i]! })) {
      return { ok: false, fault: 'option_proof', message: `The proof for option ${i + 1} does not show that it holds 0 or 1 for this poll's key.` };
    }
  }
  if (!verifyOneOf(ctx.publicKey, weightedSum(ctx, p.cts), ctx.allowedCounts, [...base, 'sum'], p.sumProof)) {
    return { ok: false, fault: 'sum_proof', message: 'The proof does not show an allowed number of choices.' };
  }
  return { ok: true, ciphertexts: p.cts, tracker: trackerOfBytes(ctx.pollId, p.bytes.map((b) => b.whole)) };
}

/** Parses and checks a ballot against its poll; never throws on hostile input. */
export function verifyBallot(ctx: BallotContext, wire: unknown): BallotCheck {
  const parsed = parseBallot(ctx, wire);
  return isMalformed(parsed) ? parsed : checkParsed(ctx, pointBytes(ctx.publicKey), parsed);
}

/** A commitments text: `count` canonical points, as bytes (for the hash) and as points (for the equations). */
function decodeCommitments(text: unknown, count: number): { bytes: Uint8Array[]; points: Point[] } {
  const all = fromBase64url(text, 32 * count, 'commitments');
  const bytes = Array.from({ length: count }, (_, k) => all.subarray(32 * k, 32 * k + 32));
  return { bytes, points: bytes.map((b) => pointFromBytes(b, 'commitment', true)) };
}

/**
 * The equations that finish the ballot's check, when it came with commitments whose hashes
 * match every proof's challenges; null when it has none, they do not decode, or a hash does
 * not match (then only the one-by-one check can say whether the ballot is valid).
 */
function ballotEquations(ctx: BallotContext, keyBytes: Uint8Array, p: ParsedBallot, wire: EncryptedBallotWire) {
  const sent = wire.commitments;
  if (!sent || typeof sent !== 'object' || !Array.isArray(sent.proofs) || sent.proofs.length !== p.cts.length) return null;
  let options: ReturnType<typeof decodeCommitments>[];
  let sum: ReturnType<typeof decodeCommitments>;
  try {
    options = sent.proofs.map((t) => decodeCommitments(t, 2 * bits.length));
    sum = decodeCommitments(sent.sumProof, 2 * ctx.allowedCounts.length);
  } catch (err) {
    if (err instanceof CryptoFormatError) return null;
    throw err;
  }
  const base = baseContext(ctx, keyBytes, p.bytes);
  for (let i = 0; i < p.cts.length; i++) {
    if (!oneOfChallengeMatches(keyBytes, p.bytes[i]!, bits, [...base, 'option', i], p.proofs[i]!, options[i]!.bytes)) return null;
  }
  // The sum proof is about Σ wᵢ·ctᵢ: its points are hashed, so they are computed and encoded.
  const total = weightedSum(ctx, p.cts);
  if (!oneOfChallengeMatches(keyBytes, bytesOf(total), ctx.allowedCounts, [...base, 'sum'], p.sumProof, sum.bytes)) return null;
  const w = weightsOf(ctx);
  const one = (i: number): CiphertextTerms => ({ a: [[p.cts[i]!.a, 1n]], b: [[p.cts[i]!.b, 1n]] });
  const weighted: CiphertextTerms = { a: p.cts.map((c, i) => [c.a, BigInt(w[i]!)] as const), b: p.cts.map((c, i) => [c.b, BigInt(w[i]!)] as const) };
  return [...p.cts.flatMap((_, i) => oneOfEquations(one(i), bits, p.proofs[i]!, options[i]!.points)), ...oneOfEquations(weighted, ctx.allowedCounts, p.sumProof, sum.points)];
}

/**
 * verifyBallot for many ballots of one poll, the same verdict for each (the unit tests
 * compare them), faster: for a ballot sent with its proofs' commitments, each proof's
 * Fiat–Shamir challenge is recomputed from those commitments as before, and the group
 * equations that show the commitments are the proofs' own are checked for all the
 * ballots together in one batch (batch.ts, with random 128-bit coefficients). A ballot
 * without commitments, with commitments that are not its own, or in a batch that fails
 * its own equations gets the one-by-one check, which names the fault.
 */
export function verifyBallots(ctx: BallotContext, wires: readonly unknown[], coefficients: Coefficients = randomCoefficient): BallotCheck[] {
  const keyBytes = pointBytes(ctx.publicKey);
  const batch = new EquationBatch(ctx.publicKey);
  const parsed = wires.map((w) => parseBallot(ctx, w));
  const out: (BallotCheck | null)[] = parsed.map((p, n) => {
    if (isMalformed(p)) return p;
    const equations = ballotEquations(ctx, keyBytes, p, wires[n] as EncryptedBallotWire);
    if (!equations) return checkParsed(ctx, keyBytes, p);
    batch.add(n, equations);
    return null;
  });
  for (const n of batch.failing(coefficients)) out[n] = checkParsed(ctx, keyBytes, parsed[n] as ParsedBallot);
  return out.map((r, n) => {
    if (r) return r;
    const p = parsed[n] as ParsedBallot;
    return { ok: true, ciphertexts: p.cts, tracker: trackerOfBytes(ctx.pollId, p.bytes.map((b) => b.whole)) };
  });
}
