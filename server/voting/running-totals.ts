/**
 * A secret poll's running encrypted total in storage (issue 15; shared/crypto/running-total.ts):
 * each accepted ballot is added in the same durable transaction that stores it, so the total
 * holds exactly the stored ballots — a resend stores nothing and adds nothing, a refused or
 * rolled-back ballot neither — and the close encodes it instead of decoding 3,152 ballots.
 *
 * The stored row carries how many ballots it holds. Where that is not the number of stored
 * ballots (a poll opened before the running total existed, a row that does not read), the
 * close sums the stored ballots as before. A total that was changed behind the server's
 * back is published as the sealed totals, and every recount (verify-poll, the audit) finds
 * them unequal to the sum of the stored ballots.
 */
import { addToRunningTotal, ballotLayout, CryptoFormatError, decodeRunningTotal, emptyRunningTotal, encodeCiphertext, encodeRunningTotal, type Ciphertext, type RunningTotal } from '../../shared/crypto';
import type { PollRow, RoomRepo } from '../records/repo';

function stored(repo: RoomRepo, poll: PollRow): RunningTotal | null {
  const row = repo.q.runningTotal.get(poll.id) as { total: string } | undefined;
  if (!row) return null;
  try {
    return decodeRunningTotal(row.total, ballotLayout(poll.definition).weights.length);
  } catch (err) {
    if (err instanceof CryptoFormatError) return null;
    throw err;
  }
}

const storedBallots = (repo: RoomRepo, pollId: string): number => (repo.q.encryptedCount.get(pollId) as { n: number }).n;

/**
 * Adds a ballot just stored (in the same transaction). A poll without a total starts one
 * only with its first ballot; one whose total does not read is left to the close's full sum:
 * a voter's ballot is never refused over the server's own bookkeeping.
 */
export function addToPollTotal(repo: RoomRepo, poll: PollRow, ballot: readonly Ciphertext[]): void {
  const row = repo.q.runningTotal.get(poll.id) as { total: string } | undefined;
  let total: RunningTotal | null;
  if (row) total = stored(repo, poll);
  else total = storedBallots(repo, poll.id) === 1 ? emptyRunningTotal(ballotLayout(poll.definition).weights.length) : null;
  if (!total || total.sums.length !== ballot.length) return;
  repo.q.setRunningTotal.run(poll.id, encodeRunningTotal(addToRunningTotal(total, ballot)));
}

/** Whether the running total holds exactly the stored ballots (cheap: nothing is encoded). */
export function runningTotalHoldsAll(repo: RoomRepo, poll: PollRow): boolean {
  return stored(repo, poll)?.ballots === storedBallots(repo, poll.id);
}

/** The sealed totals from the running total, or null when it does not hold exactly the stored ballots. */
export function totalsFromRunning(repo: RoomRepo, poll: PollRow): { totals: string[]; cast: number } | null {
  const total = stored(repo, poll);
  const cast = storedBallots(repo, poll.id);
  if (!total || total.ballots !== cast) return null;
  return { totals: total.sums.map(encodeCiphertext), cast };
}
