/**
 * Batch verification of encrypted ballots (shared/crypto/batch.ts, verifyBallots): the
 * verdict of every ballot in a batch is the verdict verifyBallot gives it alone, a forged
 * ballot among valid ones is named while the others pass, and two forgeries whose errors
 * cancel under fixed coefficients are still caught with random ones.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  ballotContextFor,
  choiceBits,
  decodeProof,
  encodeCiphertext,
  encodeProof,
  encrypt,
  encryptBallot,
  G,
  identity,
  mod,
  mul,
  mulG,
  mulPublic,
  proveOneOfWithCommitments,
  q,
  randomCoefficient,
  seededRng,
  toBase64url,
  verifyBallot,
  verifyBallots,
  type BallotCheck,
  type BallotContext,
  type EncryptedBallotWire,
  type Point,
} from '../../shared/crypto';
import { multiScalarMul } from '../../shared/crypto/msm';
import { concatBytes } from '@noble/hashes/utils.js';
import type { PollDefinition } from '../../shared/ydoc/live';

const K = mulG(271828n);
const approve = { kind: 'approve', options: [] } as unknown as PollDefinition;
const election = { kind: 'election', options: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }, { id: 'c', label: 'C' }], minChoices: 0, maxChoices: 2 } as unknown as PollDefinition;
const single = { kind: 'single', options: [{ id: 'x', label: 'X' }, { id: 'y', label: 'Y' }] } as unknown as PollDefinition;
const approveCtx = ballotContextFor('m1', 'p1', approve, K);
const choices = ['yes', 'no', 'abstain'];

/** The ballot with one proof's response z changed by `delta`: its hashes still match its commitments, its equations do not. */
function shiftResponse(b: EncryptedBallotWire, option: number, branch: number, delta: bigint): EncryptedBallotWire {
  const proof = decodeProof(b.proofs[option], 2, 'proof');
  proof[branch] = { ...proof[branch]!, z: mod(proof[branch]!.z + delta) };
  return { ...b, proofs: b.proofs.map((p, i) => (i === option ? encodeProof(proof) : p)) };
}

/**
 * An honest-looking ballot whose first option holds 2, proven as if it held 1, sent with the
 * commitments the prover hashed: every hash checks, so only the batch's equations can catch it.
 */
function forgedTwo(ctx: BallotContext): EncryptedBallotWire {
  const rng = seededRng('forged-two');
  const r = rng();
  const ct = encrypt(ctx.publicKey, 2, r);
  const pts = (ps: Point[]) => toBase64url(concatBytes(...ps.map((p) => p.toBytes())));
  const base = ['ballot', ctx.pollId, ctx.context, ctx.publicKey.toBytes(), ctx.options, 1, 1, 1, ctx.allowedCounts.length, ...ctx.allowedCounts];
  const enc = [
    { ct, r, v: 1 },
    ...[1, 2].map(() => {
      const rr = rng();
      return { ct: encrypt(ctx.publicKey, 0, rr), r: rr, v: 0 };
    }),
  ];
  const context = [...base, ...enc.flatMap((e) => [e.ct.a.toBytes(), e.ct.b.toBytes()])];
  const options = enc.map((e, i) => proveOneOfWithCommitments(ctx.publicKey, e.ct, e.r, e.v, [0, 1], [...context, 'option', i], rng));
  const sumCt = { a: enc[0]!.ct.a.add(enc[1]!.ct.a).add(enc[2]!.ct.a), b: enc[0]!.ct.b.add(enc[1]!.ct.b).add(enc[2]!.ct.b) };
  const sum = proveOneOfWithCommitments(ctx.publicKey, sumCt, mod(enc.reduce((s, e) => s + e.r, 0n)), 1, ctx.allowedCounts, [...context, 'sum'], rng);
  return {
    ciphertexts: enc.map((e) => encodeCiphertext(e.ct)),
    proofs: options.map((o) => encodeProof(o.proof)),
    sumProof: encodeProof(sum.proof),
    commitments: { proofs: options.map((o) => pts(o.commitments)), sumProof: pts(sum.commitments) },
  };
}

const verdict = (c: BallotCheck) => (c.ok ? { ok: true, tracker: c.tracker } : c);

describe('multi-scalar multiplication', () => {
  it('equals the sum of the single products, zeros, the identity and large batches included', () => {
    const rng = seededRng('msm');
    for (const n of [0, 1, 2, 7, 40, 300]) {
      const points = Array.from({ length: n }, (_, i) => (i % 13 === 5 ? identity : mulG(rng())));
      const scalars = points.map((_, i) => (i % 11 === 3 ? 0n : i % 2 ? rng() >> 125n : rng()));
      const expected = points.reduce((s, p, i) => s.add(mul(p, scalars[i]!)), identity);
      expect(multiScalarMul(points, scalars).equals(expected)).toBe(true);
    }
    // Scalars are taken mod q: q itself is zero, q + 1 is one.
    expect(multiScalarMul([G, G], [q, q + 1n]).equals(G)).toBe(true);
    // Signed digits: runs of ones carry into the next window (2^k − 1, q − 1), digits at the
    // edge (2^(c−1) for every window size), and a carry past the longest scalar's top bit.
    const edge = [1n, 2n, q - 1n, q - 2n, (1n << 252n) - 1n, (1n << 128n) - 1n, 1n << 127n, ...Array.from({ length: 14 }, (_, c) => 1n << BigInt(c)), ...Array.from({ length: 14 }, (_, c) => (1n << BigInt(c + 1)) - 1n)];
    for (const n of [3, edge.length, 400]) {
      const points = Array.from({ length: n }, () => mulG(rng()));
      const scalars = points.map((_, i) => (i < edge.length ? edge[i]! : i % 3 ? rng() >> 125n : rng()));
      const expected = points.reduce((s, p, i) => s.add(mulPublic(p, scalars[i]!)), identity);
      expect(multiScalarMul(points, scalars).equals(expected)).toBe(true);
    }
  });
});

describe('batch coefficients', () => {
  it('are 128-bit values from the platform CSPRNG (crypto.getRandomValues), none repeated', () => {
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues');
    try {
      const drawn = Array.from({ length: 600 }, () => randomCoefficient());
      // 600 coefficients of 16 bytes: at least two 4 KiB draws.
      expect(spy.mock.calls.length).toBeGreaterThanOrEqual(2);
      expect(drawn.every((c) => c >= 0n && c < 1n << 128n)).toBe(true);
      expect(new Set(drawn).size).toBe(600);
      expect(drawn.some((c) => c >= 1n << 120n)).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('verifyBallots (batch)', () => {
  it('names the one forged ballot among many valid ones and accepts the others', () => {
    const valid = Array.from({ length: 12 }, (_, i) => encryptBallot(approveCtx, choiceBits(approve, [choices[i % 3]!])));
    const forged = forgedTwo(approveCtx);
    // Its hashes all check: alone, the one-by-one check still refuses it (the equations do not hold).
    expect(verifyBallot(approveCtx, forged)).toMatchObject({ ok: false, fault: 'option_proof' });
    const wires = [...valid.slice(0, 5).map((v) => v.ballot), forged, ...valid.slice(5).map((v) => v.ballot)];
    let drawn = 0;
    const checks = verifyBallots(approveCtx, wires, () => {
      drawn++;
      return randomCoefficient();
    });
    // The batch was used (coefficients drawn), failed, and each ballot was then tried alone.
    expect(drawn).toBeGreaterThan(13 * 14);
    expect(checks[5]).toMatchObject({ ok: false, fault: 'option_proof' });
    const rest = checks.filter((_, i) => i !== 5);
    expect(rest.map((c) => c.ok && c.tracker)).toEqual(valid.map((v) => v.tracker));
  });

  it('catches two forgeries whose errors cancel under fixed coefficients', () => {
    const [x, y, z] = [0, 1, 2].map((i) => encryptBallot(approveCtx, choiceBits(approve, [choices[i]!])).ballot);
    const delta = 987654321n;
    // X's equations are off by −δ·G and −δ·K, Y's by +δ·G and +δ·K: summed with equal weights, nothing is left.
    const wires = [shiftResponse(x!, 0, 0, delta), shiftResponse(y!, 0, 0, -delta), z!];
    expect(verifyBallot(approveCtx, wires[0]).ok).toBe(false);
    expect(verifyBallot(approveCtx, wires[1]).ok).toBe(false);
    // With the same coefficient for every equation, the forgeries pass: that is the attack.
    expect(verifyBallots(approveCtx, wires, () => 1n).every((c) => c.ok)).toBe(true);
    // With random coefficients (the default), both are refused and the valid one is not.
    const checks = verifyBallots(approveCtx, wires);
    expect(checks.map((c) => c.ok)).toEqual([false, false, true]);
    expect(checks[0]).toMatchObject({ fault: 'option_proof' });
  });

  it('gives every ballot the verdict verifyBallot gives it alone, over many random valid and tampered ballots', () => {
    const rng = seededRng('batch-equality');
    const pick = <T>(xs: readonly T[]) => xs[Number(rng() % BigInt(xs.length))]!;
    const polls = [approve, election, single].map((def) => ({ def, ctx: ballotContextFor('m2', `p-${def.kind}`, def, K) }));
    const ballotsByPoll = polls.map(({ def, ctx }) => {
      const optionIds = def.kind === 'approve' ? choices : def.options.map((o) => o.id);
      return Array.from({ length: 10 }, (): unknown => {
        const chosen = def.kind === 'election' ? optionIds.filter(() => rng() % 2n === 0n).slice(0, 2) : def.kind === 'single' && rng() % 3n === 0n ? [] : [pick(optionIds)];
        const b = encryptBallot(ctx, choiceBits(def, chosen), rng).ballot;
        const other = encryptBallot(ctx, choiceBits(def, chosen), rng).ballot;
        switch (Number(rng() % 9n)) {
          case 0: return b;
          case 1: return shiftResponse(b, 0, Number(rng() % 2n), rng());
          case 2: return { ...b, commitments: other.commitments }; // valid ballot, commitments not its own
          case 3: return { ...b, commitments: undefined }; // no commitments: the one-by-one check
          case 4: return { ...b, ciphertexts: [other.ciphertexts[0]!, ...b.ciphertexts.slice(1)] };
          case 5: return { ...b, sumProof: other.sumProof, commitments: { ...b.commitments!, sumProof: other.commitments!.sumProof } };
          case 6: return { ...b, commitments: { proofs: ['x'], sumProof: 'y' } }; // commitments that do not decode
          case 7: return { ...b, proofs: b.proofs.slice(1) }; // malformed
          default: return structuredClone(b);
        }
      });
    });
    let refused = 0;
    polls.forEach(({ ctx }, k) => {
      const wires = ballotsByPoll[k]!;
      const batch = verifyBallots(ctx, wires).map(verdict);
      const alone = wires.map((w) => verdict(verifyBallot(ctx, w)));
      expect(batch).toEqual(alone);
      refused += alone.filter((v) => !v.ok).length;
    });
    // Both kinds were exercised.
    expect(refused).toBeGreaterThan(4);
    expect(refused).toBeLessThan(3 * 10 - 5);
  });
});
