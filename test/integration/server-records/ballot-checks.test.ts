/** Encrypted ballots' proofs are checked in a worker thread, with the same verdicts as inline. */
import { describe, expect, it, vi } from 'vitest';
import { ballotContextFor, choiceBits, ciphertextFromRaw, ciphertextsEqual, decodeCiphertext, encodePoint, encryptBallot, mulG, type RawCiphertext } from '../../../shared/crypto';
import { PollDefinition } from '../../../shared/ydoc/live';
import { BallotChecker, checkBallots, sumBallots } from '../../../server/voting/ballot-checks';
import { approveDef } from './helpers';

describe('ballot checks in a worker', () => {
  it('gives each ballot its tracker or its fault, off the main thread', async () => {
    const definition = PollDefinition.parse(approveDef({ secret: true }));
    const K = mulG(4242n);
    const ctx = ballotContextFor('m1', 'p1', definition, K);
    const good = encryptBallot(ctx, choiceBits(definition, ['no']));
    const other = encryptBallot(ballotContextFor('m1', 'p2', definition, K), choiceBits(definition, ['yes'])).ballot;
    const warn = vi.fn();
    const checker = new BallotChecker(warn);
    const job = { meetingId: 'm1', pollId: 'p1', definition, publicKey: encodePoint(K), ballots: [good.ballot, other, { ciphertexts: [] }] };
    const verdicts = await checker.check(job);
    expect(warn).not.toHaveBeenCalled();
    expect(verdicts).toEqual(checkBallots(job));
    expect(verdicts[0]).toMatchObject({ ok: true, tracker: good.tracker });
    // With its ciphertexts as decoded (raw, for the poll's running total): the ballot's own.
    const raw = (verdicts[0] as { ciphertexts: RawCiphertext[] }).ciphertexts;
    expect(raw.map((c, i) => ciphertextsEqual(ciphertextFromRaw(c, 'c'), decodeCiphertext(good.ballot.ciphertexts[i], 'c')))).toEqual([true, true, true]);
    expect(verdicts[1]).toMatchObject({ ok: false, fault: 'option_proof' });
    expect(verdicts[2]).toMatchObject({ ok: false, fault: 'malformed' });
    // The sum at a close, in the worker too: the same as here.
    const sumJob = { slots: 3, ballots: [good, encryptBallot(ctx, choiceBits(definition, ['yes']))].map((b) => ({ tracker: b.tracker, ciphertexts: b.ballot.ciphertexts })) };
    const summed = await checker.sum(sumJob);
    expect(summed).toEqual(sumBallots(sumJob));
    expect(summed.trackers).toEqual([good.tracker, sumJob.ballots[1]!.tracker]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('checks ballots that arrive while the workers are busy together, at most 64 a batch, and names a bad one', async () => {
    const definition = PollDefinition.parse(approveDef({ secret: true }));
    const K = mulG(777n);
    const ctx = ballotContextFor('m1', 'p1', definition, K);
    const made = Array.from({ length: 6 }, (_, i) => encryptBallot(ctx, choiceBits(definition, [['yes', 'no', 'abstain'][i % 3]!])));
    // 150 ballots from 150 requests (the same few, re-sent: the checker does not dedupe, the service does).
    const ballots = Array.from({ length: 150 }, (_, i) => made[i % made.length]!);
    const bad = { ...made[0]!.ballot, sumProof: made[1]!.ballot.sumProof };
    const warn = vi.fn();
    const checker = new BallotChecker(warn);
    const job = { meetingId: 'm1', pollId: 'p1', definition, publicKey: encodePoint(K) };
    // As when the poll opens: both workers started, the key's table built, before any ballot.
    checker.warm(job.publicKey);
    const answers = ballots.map((b, i) => checker.checkEach({ ...job, ballots: [i === 70 ? bad : b.ballot] })[0]!);
    // The first two found a worker free and went alone; the other 148 wait for one…
    expect(checker.load).toEqual({ checking: 2, waiting: 148, batches: 2 });
    const verdicts = await Promise.all(answers);
    // … and went as batches of at most 64: 64, 64 and 20.
    expect(checker.load).toEqual({ checking: 0, waiting: 0, batches: 2 + Math.ceil(148 / BallotChecker.maxBatch) });
    verdicts.forEach((v, i) => {
      if (i === 70) expect(v).toMatchObject({ ok: false, fault: 'sum_proof' });
      else expect(v).toMatchObject({ ok: true, tracker: ballots[i]!.tracker });
    });
    expect(warn).not.toHaveBeenCalled();
  }, 60_000);
});
