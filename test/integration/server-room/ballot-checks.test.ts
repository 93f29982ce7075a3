/** Encrypted ballots' proofs are checked in a worker thread, with the same verdicts as inline. */
import { describe, expect, it, vi } from 'vitest';
import { ballotContextFor, choiceBits, encodePoint, encryptBallot, mulG } from '../../../shared/crypto';
import { PollDefinition } from '../../../shared/ydoc/live';
import { BallotChecker, checkBallots, sumBallots } from '../../../server/room/ballot-checks';
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
    expect(verdicts[0]).toEqual({ ok: true, tracker: good.tracker });
    expect(verdicts[1]).toMatchObject({ ok: false, fault: 'option_proof' });
    expect(verdicts[2]).toMatchObject({ ok: false, fault: 'malformed' });
    // The sum at a close, in the worker too: the same as here.
    const sumJob = { slots: 3, ballots: [good, encryptBallot(ctx, choiceBits(definition, ['yes']))].map((b) => ({ tracker: b.tracker, ciphertexts: b.ballot.ciphertexts })) };
    const summed = await checker.sum(sumJob);
    expect(summed).toEqual(sumBallots(sumJob));
    expect(summed.trackers).toEqual([good.tracker, sumJob.ballots[1]!.tracker]);
    expect(warn).not.toHaveBeenCalled();
  });
});
