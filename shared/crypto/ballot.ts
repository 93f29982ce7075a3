/**
 * An encrypted ballot: one ciphertext per option holding 1 (chosen) or 0, a proof per
 * option that it holds 0 or 1, and one proof that their sum is an allowed number of
 * choices. Every proof's challenge hashes the poll id, the poll's public key, the
 * voter-independent context (meeting, options) and ALL the ballot's ciphertexts: a ballot
 * made for another poll or key fails, and ciphertexts cannot be swapped or re-combined.
 * A whole ballot copied from another voter verifies, so the server refuses a tracker it
 * already holds (a fresh proof for someone else's ciphertext needs its randomness).
 */
import { encodeCiphertext, decodeCiphertext, ciphertextBytes, encryptRandom, sumCiphertexts, type Ciphertext } from './elgamal';
import { CryptoFormatError, fromBase64url, hashBytes, mod, mulPublic, pointBytes, toBase64url, type HashPart, type Point, type Rng, randomScalar } from './group';
import { decodeProof, encodeProof, proveOneOf, verifyOneOf } from './proofs';

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
}

const bits = [0, 1] as const;

function weightsOf(ctx: BallotContext): number[] {
  return ctx.weights ? [...ctx.weights] : Array.from({ length: ctx.options }, () => 1);
}

/** Encoded once per ballot: every proof of the ballot hashes the same prefix. */
function baseContext(ctx: BallotContext, cts: readonly Ciphertext[]): HashPart[] {
  const w = weightsOf(ctx);
  return ['ballot', ctx.pollId, ctx.context, pointBytes(ctx.publicKey), ctx.options, ...w, ctx.allowedCounts.length, ...ctx.allowedCounts, ...cts.flatMap((c) => [pointBytes(c.a), pointBytes(c.b)])];
}

/** Σ weight_i·ct_i: the ciphertext the sum proof is about. */
function weightedSum(ctx: BallotContext, cts: readonly Ciphertext[]): Ciphertext {
  const w = weightsOf(ctx);
  return sumCiphertexts(cts.map((c, i) => (w[i] === 1 ? c : { a: mulPublic(c.a, BigInt(w[i]!)), b: mulPublic(c.b, BigInt(w[i]!)) })));
}

/** The ballot tracker: a hash of the poll id and the ciphertexts, shown on the receipt. */
export function ballotTracker(pollId: string, cts: readonly Ciphertext[]): string {
  return toBase64url(hashBytes('opencabinet/tracker/v1', [pollId, ...cts.map(ciphertextBytes)]).subarray(0, 32));
}

/**
 * The same tracker from the ballot as sent, without decoding its points (cheap enough to
 * recompute whenever a device redraws). For a ballot that passed verifyBallot it equals
 * ballotTracker: canonical encodings are the points' bytes.
 */
export function trackerOfWire(pollId: string, ciphertexts: readonly string[]): string {
  return toBase64url(hashBytes('opencabinet/tracker/v1', [pollId, ...ciphertexts.map((c, i) => fromBase64url(c, 64, `ciphertexts.${i}`))]).subarray(0, 32));
}

/** Encrypts a choice (true = chosen, one per option) and proves it valid. */
export function encryptBallot(ctx: BallotContext, chosen: readonly boolean[], rng: Rng = randomScalar): { ballot: EncryptedBallotWire; tracker: string } {
  if (chosen.length !== ctx.options) throw new Error(`a ballot has ${ctx.options} options, not ${chosen.length}`);
  const w = weightsOf(ctx);
  const count = chosen.reduce((s, c, i) => s + (c ? w[i]! : 0), 0);
  if (!ctx.allowedCounts.includes(count)) throw new Error(`${count} choices is not an allowed number of choices`);
  const enc = chosen.map((c) => encryptRandom(ctx.publicKey, c ? 1 : 0, rng));
  const cts = enc.map((e) => e.ct);
  const base = baseContext(ctx, cts);
  const proofs = enc.map((e, i) => encodeProof(proveOneOf(ctx.publicKey, e.ct, e.r, chosen[i] ? 1 : 0, bits, [...base, 'option', i], rng)));
  const sumR = mod(enc.reduce((s, e, i) => s + e.r * BigInt(w[i]!), 0n));
  const sumProof = encodeProof(proveOneOf(ctx.publicKey, weightedSum(ctx, cts), sumR, count, ctx.allowedCounts, [...base, 'sum'], rng));
  return { ballot: { ciphertexts: cts.map(encodeCiphertext), proofs, sumProof }, tracker: ballotTracker(ctx.pollId, cts) };
}

export type BallotCheck =
  | { ok: true; ciphertexts: Ciphertext[]; tracker: string }
  | { ok: false; fault: 'malformed' | 'option_proof' | 'sum_proof'; message: string };

/** Parses and checks a ballot against its poll; never throws on hostile input. */
export function verifyBallot(ctx: BallotContext, wire: unknown): BallotCheck {
  let cts: Ciphertext[];
  let proofs: ReturnType<typeof decodeProof>[];
  let sumProof: ReturnType<typeof decodeProof>;
  try {
    const w = wire as Partial<EncryptedBallotWire> | null;
    if (!w || typeof w !== 'object' || !Array.isArray(w.ciphertexts) || !Array.isArray(w.proofs)) throw new CryptoFormatError('The encrypted ballot must have lists "ciphertexts" and "proofs".');
    if (w.ciphertexts.length !== ctx.options) throw new CryptoFormatError(`The encrypted ballot has ${w.ciphertexts.length} ciphertexts; this poll has ${ctx.options} options.`);
    if (w.proofs.length !== ctx.options) throw new CryptoFormatError(`The encrypted ballot has ${w.proofs.length} proofs; this poll has ${ctx.options} options.`);
    cts = w.ciphertexts.map((c, i) => decodeCiphertext(c, `ciphertexts.${i}`));
    proofs = w.proofs.map((p, i) => decodeProof(p, 2, `proofs.${i}`));
    sumProof = decodeProof(w.sumProof, ctx.allowedCounts.length, 'sumProof');
  } catch (err) {
    if (err instanceof CryptoFormatError) return { ok: false, fault: 'malformed', message: err.message };
    throw err;
  }
  const base = baseContext(ctx, cts);
  for (let i = 0; i < cts.length; i++) {
    if (!verifyOneOf(ctx.publicKey, cts[i]!, bits, [...base, 'option', i], proofs[i]!)) {
      return { ok: false, fault: 'option_proof', message: `The proof for option ${i + 1} does not show that it holds 0 or 1 for this poll's key.` };
    }
  }
  if (!verifyOneOf(ctx.publicKey, weightedSum(ctx, cts), ctx.allowedCounts, [...base, 'sum'], sumProof)) {
    return { ok: false, fault: 'sum_proof', message: 'The proof does not show an allowed number of choices.' };
  }
  return { ok: true, ciphertexts: cts, tracker: ballotTracker(ctx.pollId, cts) };
}
