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
import type { PollRow, RecordsRepo } from '../records/repo';

/**
 * The last total read or written per poll, with its exact stored text: reused only while the
 * row still holds that text, so a rolled-back transaction or a change made elsewhere is read
 * afresh. It spares each ballot re-reading the total it just wrote.
 */
const lastSeen = new Map<string, { text: string; total: RunningTotal }>();

function remember(pollId: string, text: string, total: RunningTotal): void {
  lastSeen.delete(pollId);
  if (lastSeen.size >= 32) lastSeen.delete(lastSeen.keys().next().value!);
  lastSeen.set(pollId, { text, total });
}

function stored(repo: RecordsRepo, poll: PollRow): RunningTotal | null {
  const row = repo.q.runningTotal.get(poll.id) as { total: string } | undefined;
  if (!row) return null;
  const seen = lastSeen.get(poll.id);
  if (seen?.text === row.total) return seen.total;
  try {
    const total = decodeRunningTotal(row.total, ballotLayout(poll.definition).weights.length);
    remember(poll.id, row.total, total);
    return total;
  } catch (err) {
    if (err instanceof CryptoFormatError) return null;
    throw err;
  }
}

const storedBallots = (repo: RecordsRepo, pollId: string): number => (repo.q.encryptedCount.get(pollId) as { n: number }).n;

/**
 * Adds a ballot just stored (in the same transaction). A poll without a total starts one
 * only with its first ballot; one whose total does not read is left to the close's full sum:
 * a voter's ballot is never refused over the server's own bookkeeping.
 */
export function addToPollTotal(repo: RecordsRepo, poll: PollRow, ballot: readonly Ciphertext[]): void {
  const row = repo.q.runningTotal.get(poll.id) as { total: string } | undefined;
  let total: RunningTotal | null;
  if (row) total = stored(repo, poll);
  else total = storedBallots(repo, poll.id) === 1 ? emptyRunningTotal(ballotLayout(poll.definition).weights.length) : null;
  if (!total || total.sums.length !== ballot.length) return;
  const next = addToRunningTotal(total, ballot);
  const text = encodeRunningTotal(next);
  repo.q.setRunningTotal.run(poll.id, text);
  remember(poll.id, text, next);
}

/** Whether the running total holds exactly the stored ballots (cheap: nothing is encoded). */
export function runningTotalHoldsAll(repo: RecordsRepo, poll: PollRow): boolean {
  return stored(repo, poll)?.ballots === storedBallots(repo, poll.id);
}

/** The sealed totals from the running total, or null when it does not hold exactly the stored ballots. */
export function totalsFromRunning(repo: RecordsRepo, poll: PollRow): { totals: string[]; cast: number } | null {
  const total = stored(repo, poll);
  const cast = storedBallots(repo, poll.id);
  if (!total || total.ballots !== cast) return null;
  return { totals: total.sums.map(encodeCiphertext), cast };
}
