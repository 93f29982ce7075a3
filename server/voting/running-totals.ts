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
import type { PollRow } from '../records/repo';
import { run, value, type Sql } from '../records/sql';

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

const readRow = (pollId: string): Sql<string | undefined> => value<string>('SELECT total FROM poll_running_totals WHERE poll_id = ?', pollId);

function decoded(poll: PollRow, text: string | undefined): RunningTotal | null {
  if (text === undefined) return null;
  const seen = lastSeen.get(poll.id);
  if (seen?.text === text) return seen.total;
  try {
    const total = decodeRunningTotal(text, ballotLayout(poll.definition).weights.length);
    remember(poll.id, text, total);
    return total;
  } catch (err) {
    if (err instanceof CryptoFormatError) return null;
    throw err;
  }
}

function* stored(poll: PollRow): Sql<RunningTotal | null> {
  return decoded(poll, yield* readRow(poll.id));
}

function* storedBallots(pollId: string): Sql<number> {
  return Number(yield* value<number>('SELECT count(*) FROM encrypted_ballots WHERE poll_id = ? AND ballot IS NOT NULL', pollId));
}

/**
 * Adds a ballot just stored (in the same transaction). A poll without a total starts one
 * only with its first ballot; one whose total does not read is left to the close's full sum:
 * a voter's ballot is never refused over the server's own bookkeeping.
 */
export function* addToPollTotal(poll: PollRow, ballot: readonly Ciphertext[]): Sql<void> {
  const row = yield* readRow(poll.id);
  let total: RunningTotal | null;
  if (row !== undefined) total = decoded(poll, row);
  else total = (yield* storedBallots(poll.id)) === 1 ? emptyRunningTotal(ballotLayout(poll.definition).weights.length) : null;
  if (!total || total.sums.length !== ballot.length) return;
  const next = addToRunningTotal(total, ballot);
  const text = encodeRunningTotal(next);
  yield* run('INSERT INTO poll_running_totals (poll_id, total) VALUES (?, ?) ON CONFLICT (poll_id) DO UPDATE SET total = excluded.total', poll.id, text);
  remember(poll.id, text, next);
}

/** Whether the running total holds exactly the stored ballots (cheap: nothing is encoded). */
export function* runningTotalHoldsAll(poll: PollRow): Sql<boolean> {
  return (yield* stored(poll))?.ballots === (yield* storedBallots(poll.id));
}

/** The sealed totals from the running total, or null when it does not hold exactly the stored ballots. */
export function* totalsFromRunning(poll: PollRow): Sql<{ totals: string[]; cast: number } | null> {
  const total = yield* stored(poll);
  const cast = yield* storedBallots(poll.id);
  if (!total || total.ballots !== cast) return null;
  return { totals: total.sums.map(encodeCiphertext), cast };
}
