/**
 * The secret-ballot cryptography: fixed vectors (seeded randomness → checked-in outputs, so
 * a change of encoding or hashing is caught), round trips, and every forgery we can make.
 */
import { describe, expect, it } from 'vitest';
import {
  addCiphertexts,
  badPartialOptions,
  ballotTracker,
  ceremonyKey,
  checkShare,
  combinePartials,
  combineShares,
  CryptoFormatError,
  deal,
  decodeCiphertext,
  decodePoint,
  decodeProof,
  decodeScalar,
  decryptShare,
  decryptToPoint,
  encodeCiphertext,
  encodePoint,
  encodeProof,
  encodeScalar,
  encrypt,
  encryptBallot,
  encryptShare,
  fromBase64url,
  G,
  identity,
  jointPublicKey,
  mulG,
  partialDecrypt,
  proveEqualLogs,
  proveOneOf,
  q,
  seededRng,
  smallDiscreteLog,
  sumCiphertexts,
  tellerPublicShare,
  toBase64url,
  verifyBallot,
  verifyCeremonyKey,
  verifyCommitments,
  verifyEqualLogs,
  verifyOneOf,
  type BallotContext,
  type EncryptedBallotWire,
  type Point,
  ballotContextFor,
  choiceBits,
  countsFromTotals,
} from '../../shared/crypto';
import type { PollDefinition } from '../../shared/ydoc/live';

/** A 2-of-3 ceremony run honestly, as three devices would. */
function ceremony(pollId: string, t = 2, n = 3, seed = 'ceremony') {
  const rng = seededRng(seed);
  const keys = Array.from({ length: n }, (_, i) => ceremonyKey(pollId, i + 1, rng));
  const dealings = keys.map((_, i) => deal(pollId, i + 1, t, n, rng));
  const boxes = dealings.map((d, i) => keys.map((k, j) => encryptShare(pollId, i + 1, j + 1, k.publicKey, d.shares.get(j + 1)!, rng)));
  const secretShares = keys.map((k, j) =>
    combineShares(
      dealings.map((d, i) => {
        const s = decryptShare(pollId, i + 1, j + 1, k.secret, boxes[i]![j]);
        expect(checkShare(d.commitments, j + 1, s)).toBe(true);
        return s;
      }),
    ),
  );
  const commitments = dealings.map((d) => d.commitments);
  return { keys, dealings, boxes, secretShares, commitments, publicKey: jointPublicKey(commitments) };
}

function ctxFor(publicKey: Point, over: Partial<BallotContext> = {}): BallotContext {
  return { pollId: 'poll-1', publicKey, context: 'meeting-1|a,b,c', options: 3, allowedCounts: [0, 1], ...over };
}

describe('encodings', () => {
  it('round-trips points, scalars and base64url, and keeps fixed vectors', () => {
    // RFC 9496 appendix A.1: the encodings of G and 2·G.
    const hex = (text: string) => Buffer.from(fromBase64url(text, 32, 'p')).toString('hex');
    expect(hex(encodePoint(G))).toBe('e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76');
    expect(hex(encodePoint(mulG(2n)))).toBe('6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919');
    expect(encodeScalar(1n)).toBe('AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const p = mulG(123456789n);
    expect(decodePoint(encodePoint(p), 'p').equals(p)).toBe(true);
    expect(decodeScalar(encodeScalar(q - 1n), 's')).toBe(q - 1n);
    for (const len of [0, 1, 2, 3, 31, 32, 64, 96]) {
      const bytes = Uint8Array.from({ length: len }, (_, i) => (i * 37 + 11) & 0xff);
      expect(fromBase64url(toBase64url(bytes), len, 'x')).toEqual(bytes);
    }
  });

  it('refuses non-canonical points, identity where illegal, scalars ≥ q, wrong lengths and alphabets', () => {
    // 2^255 − 18 (p + 1, non-canonical field element) and an odd "negative" encoding are not ristretto encodings.
    const nonCanonical = new Uint8Array(32).fill(0xff);
    nonCanonical[31] = 0x7f;
    expect(() => decodePoint(toBase64url(nonCanonical), 'key')).toThrow(/not a valid ristretto255 point/);
    const odd = new Uint8Array(32);
    odd[0] = 1;
    expect(() => decodePoint(toBase64url(odd), 'key')).toThrow(/not a valid ristretto255 point/);
    const zero = toBase64url(new Uint8Array(32));
    expect(() => decodePoint(zero, 'key')).toThrow(/identity/);
    expect(decodePoint(zero, 'sum', true).equals(identity)).toBe(true);
    const qBytes = new Uint8Array(32);
    let x = q;
    for (let i = 0; i < 32; i++, x >>= 8n) qBytes[i] = Number(x & 0xffn);
    expect(() => decodeScalar(toBase64url(qBytes), 'z')).toThrow(/group order/);
    expect(() => decodePoint(encodePoint(G) + 'A', 'key')).toThrow(/43 base64url characters/);
    expect(() => decodePoint(encodePoint(G).replace(/^./, '+'), 'key')).toThrow(/not base64url/);
    // The last character carries 2 spare bits: a text with them set is a second spelling.
    const g = encodePoint(G);
    const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(g.at(-1)!);
    expect(() => decodePoint(g.slice(0, -1) + 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[last ^ 1], 'key')).toThrow(/not canonical base64url/);
    expect(() => decodePoint(42, 'key')).toThrow(CryptoFormatError);
  });
});

describe('exponential ElGamal', () => {
  it('encrypts with fixed randomness to a fixed vector, adds homomorphically, decrypts small sums', () => {
    const secret = 987654321n;
    const K = mulG(secret);
    const ct = encrypt(K, 1, 5n);
    expect(encodeCiphertext(ct)).toMatchInlineSnapshot(`"6IKxMQFrUsHTM3CAGHz3aEI-_Mu1F7tJWrgSxBYP9E5UA4FqxusT-pmuTuFHQ4R_1wkZ1zypvrO_6HJNmigBIQ"`);
    const sum = [encrypt(K, 1, 7n), encrypt(K, 0, 11n), encrypt(K, 1, 13n), encrypt(K, 1, 17n)].reduce(addCiphertexts);
    expect(smallDiscreteLog(decryptToPoint(sum, secret), 10)).toBe(3);
    expect(smallDiscreteLog(decryptToPoint(sumCiphertexts([]), secret), 10)).toBe(0);
    const round = decodeCiphertext(encodeCiphertext(sum), 'sum', true);
    expect(round.a.equals(sum.a) && round.b.equals(sum.b)).toBe(true);
  });

  it('finds discrete logs up to a congress-sized electorate, and nothing above the bound', () => {
    for (const m of [0, 1, 55, 56, 57, 1000, 3151, 3152]) expect(smallDiscreteLog(mulG(BigInt(m)), 3152)).toBe(m);
    expect(smallDiscreteLog(mulG(3153n), 3152)).toBeNull();
    expect(smallDiscreteLog(mulG(q - 1n), 3152)).toBeNull();
  });
});

describe('proofs', () => {
  const K = mulG(424242n);
  const rng = seededRng('proofs');

  it('a oneOf proof verifies for the true value and fails for every tampering', () => {
    const ct = encrypt(K, 1, 99n);
    const proof = proveOneOf(K, ct, 99n, 1, [0, 1], ['ctx'], rng);
    expect(verifyOneOf(K, ct, [0, 1], ['ctx'], proof)).toBe(true);
    expect(verifyOneOf(K, ct, [0, 1], ['other ctx'], proof)).toBe(false);
    expect(verifyOneOf(mulG(5n), ct, [0, 1], ['ctx'], proof)).toBe(false);
    expect(verifyOneOf(K, ct, [1, 2], ['ctx'], proof)).toBe(false);
    const flipped = proof.map((p, j) => (j === 0 ? { c: (p.c + 1n) % q, z: p.z } : p));
    expect(verifyOneOf(K, ct, [0, 1], ['ctx'], flipped)).toBe(false);
    const swapped = [proof[1]!, proof[0]!];
    expect(verifyOneOf(K, ct, [0, 1], ['ctx'], swapped)).toBe(false);
    expect(verifyOneOf(K, encrypt(K, 1, 100n), [0, 1], ['ctx'], proof)).toBe(false);
    expect(decodeProof(encodeProof(proof), 2, 'p')).toEqual(proof);
  });

  it('an encryption of 2 cannot be proven to hold 0 or 1 (the prover has no true branch)', () => {
    const ct = encrypt(K, 2, 31n);
    expect(() => proveOneOf(K, ct, 31n, 2, [0, 1], ['ctx'], rng)).toThrow();
    // Lying about the value: the "true" branch is answered for a statement that is false.
    const lie = proveOneOf(K, ct, 31n, 1, [0, 1], ['ctx'], rng);
    expect(verifyOneOf(K, ct, [0, 1], ['ctx'], lie)).toBe(false);
  });

  it('equal-logs proofs bind both logs', () => {
    const x = 777n;
    const A = mulG(31337n);
    const proof = proveEqualLogs(x, A, mulG(x), A.multiply(x), ['d'], rng);
    expect(verifyEqualLogs(A, mulG(x), A.multiply(x), ['d'], proof)).toBe(true);
    expect(verifyEqualLogs(A, mulG(x), A.multiply(x + 1n), ['d'], proof)).toBe(false);
    expect(verifyEqualLogs(A, mulG(x), A.multiply(x), ['e'], proof)).toBe(false);
  });
});

describe('ballots', () => {
  const K = mulG(55555n);
  const ctx = ctxFor(K);

  it('fixed vector: seeded randomness gives the checked-in tracker', () => {
    const { ballot, tracker } = encryptBallot(ctx, [false, true, false], seededRng('ballot-vector'));
    expect(tracker).toMatchInlineSnapshot(`"L2HpCNKx52HjWMP4lFCh7aQM_Ztf_WMapjc8YJ9PWsE"`);
    expect(ballot.ciphertexts[0]).toMatchInlineSnapshot(`"UMGtzYZ-t9eZ7LlMLiMfHSTMixJXSBEtznY5oulwb2xyvStQgwsHLcCFeyO4Kkwuu8oxmB0aObuoD0Q1dt_FNg"`);
    expect(verifyBallot(ctx, ballot)).toMatchObject({ ok: true, tracker });
  });

  it('accepts valid ballots, blank included; refuses a count outside the allowed ones at the source', () => {
    expect(verifyBallot(ctx, encryptBallot(ctx, [false, false, false]).ballot).ok).toBe(true);
    const multi = ctxFor(K, { options: 4, allowedCounts: [0, 2, 3] });
    expect(verifyBallot(multi, encryptBallot(multi, [true, false, true, true]).ballot).ok).toBe(true);
    expect(() => encryptBallot(multi, [true, false, false, false])).toThrow(/not an allowed number/);
  });

  /** A ballot whose ciphertexts hold `values`, each with an honest-looking 0/1 proof where possible. */
  function forge(values: number[], c: BallotContext, claimedCount: number): EncryptedBallotWire {
    const rng = seededRng('forge');
    const enc = values.map((v) => {
      const r = rng();
      return { ct: encrypt(c.publicKey, v, r), r, v };
    });
    const real = encryptBallot(c, values.map(() => false), rng).ballot;
    // Reuse the shape; the proofs claim 0/1 and the claimed count.
    const cts = enc.map((e) => e.ct);
    const base = ['ballot', c.pollId, c.context, c.publicKey, c.options, ...values.map(() => 1), c.allowedCounts.length, ...c.allowedCounts, ...cts.flatMap((x) => [x.a, x.b])];
    const proofs = enc.map((e, i) => encodeProof(proveOneOf(c.publicKey, e.ct, e.r, Math.min(1, e.v), [0, 1], [...base, 'option', i], rng)));
    const sumR = enc.reduce((s, e) => (s + e.r) % q, 0n);
    const sumProof = encodeProof(proveOneOf(c.publicKey, sumCiphertexts(cts), sumR, claimedCount, c.allowedCounts, [...base, 'sum'], rng));
    return { ...real, ciphertexts: cts.map(encodeCiphertext), proofs, sumProof };
  }

  it('refuses a ballot with 2 in one option, and one with two choices in a single-choice poll', () => {
    const two = verifyBallot(ctx, forge([2, 0, 0], ctx, 1));
    expect(two).toMatchObject({ ok: false, fault: 'option_proof' });
    const both = verifyBallot(ctx, forge([1, 1, 0], ctx, 1));
    expect(both).toMatchObject({ ok: false, fault: 'sum_proof' });
  });

  it('refuses ballots for another poll, another key or another context, swapped ciphertexts and replaced proofs', () => {
    const { ballot } = encryptBallot(ctx, [true, false, false]);
    expect(verifyBallot({ ...ctx, pollId: 'poll-2' }, ballot)).toMatchObject({ ok: false, fault: 'option_proof' });
    expect(verifyBallot({ ...ctx, publicKey: mulG(66666n) }, ballot)).toMatchObject({ ok: false });
    expect(verifyBallot({ ...ctx, context: 'meeting-2|a,b,c' }, ballot)).toMatchObject({ ok: false });
    const swapped = { ...ballot, ciphertexts: [ballot.ciphertexts[1]!, ballot.ciphertexts[0]!, ballot.ciphertexts[2]!], proofs: [ballot.proofs[1]!, ballot.proofs[0]!, ballot.proofs[2]!] };
    expect(verifyBallot(ctx, swapped).ok).toBe(false);
    // Another voter's proof for the same option, beside my ciphertexts.
    const other = encryptBallot(ctx, [true, false, false]).ballot;
    expect(verifyBallot(ctx, { ...ballot, proofs: [other.proofs[0]!, ballot.proofs[1]!, ballot.proofs[2]!] }).ok).toBe(false);
    expect(verifyBallot(ctx, { ...ballot, sumProof: other.sumProof }).ok).toBe(false);
    // Another voter's ciphertext for one option with my proofs.
    expect(verifyBallot(ctx, { ...ballot, ciphertexts: [other.ciphertexts[0]!, ballot.ciphertexts[1]!, ballot.ciphertexts[2]!] }).ok).toBe(false);
    // A whole ballot copied verifies: the tracker is what the server refuses twice.
    const copy = verifyBallot(ctx, structuredClone(other));
    expect(copy).toMatchObject({ ok: true, tracker: ballotTracker(ctx.pollId, other.ciphertexts.map((c, i) => decodeCiphertext(c, String(i)))) });
  });

  it('refuses malformed ballots with a reason naming the field', () => {
    const { ballot } = encryptBallot(ctx, [true, false, false]);
    const zeroA = toBase64url(new Uint8Array(64));
    expect(verifyBallot(ctx, { ...ballot, ciphertexts: [zeroA, ballot.ciphertexts[1]!, ballot.ciphertexts[2]!] })).toMatchObject({ ok: false, fault: 'malformed', message: expect.stringMatching(/ciphertexts.0.*identity/) });
    expect(verifyBallot(ctx, { ...ballot, ciphertexts: ballot.ciphertexts.slice(0, 2) })).toMatchObject({ ok: false, fault: 'malformed', message: expect.stringMatching(/2 ciphertexts/) });
    expect(verifyBallot(ctx, { ...ballot, sumProof: 'x' })).toMatchObject({ ok: false, fault: 'malformed', message: expect.stringMatching(/sumProof/) });
    const big = new Uint8Array(128).fill(0xff);
    expect(verifyBallot(ctx, { ...ballot, proofs: [toBase64url(big), ballot.proofs[1]!, ballot.proofs[2]!] })).toMatchObject({ ok: false, fault: 'malformed', message: expect.stringMatching(/proofs.0.*group order/) });
    expect(verifyBallot(ctx, null)).toMatchObject({ ok: false, fault: 'malformed' });
    expect(verifyBallot(ctx, { ciphertexts: 'no', proofs: [] })).toMatchObject({ ok: false, fault: 'malformed' });
  });
});

describe('threshold key ceremony and decryption', () => {
  it('2 of 3 tellers open the sum; any 2 give the same totals; 1 cannot', () => {
    const c = ceremony('poll-t');
    expect(encodePoint(c.publicKey)).toMatchInlineSnapshot(`"lqlsRAAMRwQ7ub3rfMjNFcDEKT46efPiT2o42zUWqiw"`);
    c.keys.forEach((k, i) => expect(verifyCeremonyKey('poll-t', i + 1, k.publicKey, k.proof)).toBe(true));
    c.dealings.forEach((d, i) => expect(verifyCommitments('poll-t', i + 1, d.commitments, d.proofs)).toBe(true));
    const ctx = ctxFor(c.publicKey, { pollId: 'poll-t' });
    const choices = [0, 1, 1, 2, 1, 0, 1];
    const ballots = choices.map((k) => verifyBallot(ctx, encryptBallot(ctx, [0, 1, 2].map((i) => i === k)).ballot));
    const totals = [0, 1, 2].map((i) => sumCiphertexts(ballots.map((b) => (b.ok ? b.ciphertexts[i]! : encrypt(c.publicKey, 0, 1n)))));
    const partials = c.secretShares.map((s, j) => partialDecrypt('poll-t', j + 1, s, totals));
    partials.forEach((p, j) => expect(badPartialOptions('poll-t', tellerPublicShare(c.commitments, j + 1), totals, p)).toEqual([]));
    for (const pair of [[0, 1], [0, 2], [1, 2]] as const) {
      const points = combinePartials(totals, pair.map((j) => partials[j]!));
      expect(points.map((p) => smallDiscreteLog(p, choices.length))).toEqual([2, 4, 1]);
    }
    // One teller alone (or the server with none) does not open it.
    expect(combinePartials(totals, [partials[0]!]).map((p) => smallDiscreteLog(p, choices.length))).not.toEqual([2, 4, 1]);
  });

  it('a wrong partial decryption is identified by its failed proof, and a proof moved to another teller fails', () => {
    const c = ceremony('poll-w');
    const K = c.publicKey;
    const totals = [sumCiphertexts([encrypt(K, 1, 3n), encrypt(K, 1, 4n)]), sumCiphertexts([encrypt(K, 0, 5n), encrypt(K, 0, 6n)])];
    const honest = partialDecrypt('poll-w', 2, c.secretShares[1]!, totals);
    const wrongShare = partialDecrypt('poll-w', 2, (c.secretShares[1]! + 1n) % q, totals);
    expect(badPartialOptions('poll-w', tellerPublicShare(c.commitments, 2), totals, wrongShare)).toEqual([0, 1]);
    const tampered = { ...honest, shares: [honest.shares[0]!.add(G), honest.shares[1]!] };
    expect(badPartialOptions('poll-w', tellerPublicShare(c.commitments, 2), totals, tampered)).toEqual([0]);
    expect(badPartialOptions('poll-w', tellerPublicShare(c.commitments, 3), totals, { ...honest, index: 3 })).toEqual([0, 1]);
    expect(badPartialOptions('poll-other', tellerPublicShare(c.commitments, 2), totals, honest)).toEqual([0, 1]);
  });

  it('a share from the wrong teller, for another recipient or another poll is refused; a bad dealt value fails the commitments', () => {
    const c = ceremony('poll-s');
    const box = c.boxes[0]![1]!; // dealer 1 → teller 2
    expect(() => decryptShare('poll-s', 3, 2, c.keys[1]!.secret, box)).toThrow(/not encrypted for teller 2/);
    expect(() => decryptShare('poll-s', 1, 3, c.keys[2]!.secret, box)).toThrow(/not encrypted for teller 3/);
    expect(() => decryptShare('poll-x', 1, 2, c.keys[1]!.secret, box)).toThrow(/tag does not match/);
    expect(() => decryptShare('poll-s', 1, 2, c.keys[1]!.secret, box.slice(0, 40))).toThrow(/128 base64url characters/);
    // A dealer who encrypts a value off its polynomial: the MAC is fine, the commitment check is not.
    const cheat = encryptShare('poll-s', 1, 2, c.keys[1]!.publicKey, c.dealings[0]!.shares.get(2)! + 1n);
    const opened = decryptShare('poll-s', 1, 2, c.keys[1]!.secret, cheat);
    expect(checkShare(c.dealings[0]!.commitments, 2, opened)).toBe(false);
    // Commitment proofs moved to another dealer index fail.
    expect(verifyCommitments('poll-s', 2, c.dealings[0]!.commitments, c.dealings[0]!.proofs)).toBe(false);
    expect(verifyCeremonyKey('poll-s', 2, c.keys[0]!.publicKey, c.keys[0]!.proof)).toBe(false);
  });

  it('3 of 5 works and the joint key\'s secret is the sum of the constant terms', () => {
    const c = ceremony('poll-5', 3, 5, 'five');
    const secret = c.dealings.reduce((s, d) => (s + d.coefficients[0]!) % q, 0n);
    expect(mulG(secret).equals(c.publicKey)).toBe(true);
    const totals = [encrypt(c.publicKey, 9, 77n)];
    const partials = [4, 1, 2].map((j) => partialDecrypt('poll-5', j + 1, c.secretShares[j]!, totals));
    expect(smallDiscreteLog(combinePartials(totals, partials)[0]!, 100)).toBe(9);
    expect(() => combinePartials(totals, [partials[0]!, partials[0]!])).toThrow(/once/);
  });
});

describe('poll layout (shared/crypto/poll.ts)', () => {
  const K = mulG(8080n);
  const def = { kind: 'election', options: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }, { id: 'c', label: 'C' }], minChoices: 0, maxChoices: 2 } as unknown as PollDefinition;

  it('a blank ballot, and ballots with 1 or 2 choices, verify; blank together with a choice does not', () => {
    const ctx = ballotContextFor('m', 'p', def, K);
    expect(choiceBits(def, [])).toEqual([false, false, false, true]);
    for (const choices of [[], ['a'], ['a', 'c']]) expect(verifyBallot(ctx, encryptBallot(ctx, choiceBits(def, choices)).ballot).ok).toBe(true);
    expect(() => encryptBallot(ctx, [true, false, false, true])).toThrow(/not an allowed/);
    // Forged: choice a and the blank marker, proven with an honest-looking sum claim.
    const rng = seededRng('blank-forge');
    const bits = [1, 0, 0, 1];
    const enc = bits.map((v) => {
      const r = rng();
      return { ct: encrypt(K, v, r), r, v };
    });
    const honest = encryptBallot(ctx, choiceBits(def, ['a']), rng).ballot;
    const forged = { ...honest, ciphertexts: enc.map((e) => encodeCiphertext(e.ct)) };
    expect(verifyBallot(ctx, forged).ok).toBe(false);
  });

  it('counts and blank ballots come back from the opened totals', () => {
    expect(countsFromTotals(def, [3, 1, 2, 4], 8)).toEqual({ counts: { a: 3, b: 1, c: 2 }, abstain: 4 });
    const single = { kind: 'single', options: [{ id: 'x', label: 'X' }, { id: 'y', label: 'Y' }] } as unknown as PollDefinition;
    expect(countsFromTotals(single, [2, 3], 7)).toEqual({ counts: { x: 2, y: 3 }, abstain: 2 });
    const approve = { kind: 'approve', options: [] } as unknown as PollDefinition;
    expect(countsFromTotals(approve, [5, 1, 2], 8)).toEqual({ counts: { yes: 5, no: 1, abstain: 2 }, abstain: 2 });
  });
});
