/**
 * Ballot records. Named ballots keep (poll, voter, choices, time). A secret ballot is stored
 * openly as (poll, voter, tracker, encrypted ballot, time) — encrypted on the voter's device
 * to the key the poll's tellers made together (issue 15), so neither the database, its WAL,
 * a backup nor the operator can read a choice; the server checks the ballot's proofs before
 * it answers with a receipt, and only the sum of all ballots is ever decrypted, by the tellers.
 */
import { ballotContextFor, choiceBits, ciphertextFromRaw, compactBallot, decodeCiphertext, decodePoint, encryptBallot } from '../../shared/crypto';
import { addToPollTotal } from './running-totals';
import { checkBallots, type BallotVerdict } from './ballot-checks';
import type { BallotPayload } from '../../shared/api/voting';
import { checkChoices } from './choices';
import { checkEligible } from './eligibility';
import { clock, refuse, type Caller, type Refusal } from '../records/outcome';
import { knownVoted, noteVoted, type PollRow, type RecordsRepo } from '../records/repo';
import { defer, run, value, type Sql } from '../records/sql';
import type { StoredBallot } from '../audit/audit';

/** `stored`: what went into the ballot's row, for its audit entry in the same transaction. */
export type BallotOutcome = { ok: true; pollId: string; secret: boolean; stored: StoredBallot } | Refusal;

/** Why a poll takes no ballot now, or null when it does. */
export function pollClosedRefusal(poll: PollRow, nowMs: number): Refusal | null {
  if (poll.status === 'draft') return refuse('conflict', 'The poll is not open.', 'poll_not_open');
  if (poll.status === 'closed' || poll.status === 'published') {
    const at = poll.closedAt ?? poll.closesAt ?? new Date(nowMs).toISOString();
    return refuse('conflict', `This ballot arrived after the poll closed at ${clock(at)}.`, 'poll_closed', { at });
  }
  // Open, but its time is up and the close timer has not run yet: the deadline decides.
  if (poll.closesAt && Date.parse(poll.closesAt) <= nowMs) {
    return refuse('conflict', `This ballot arrived after the poll closed at ${clock(poll.closesAt)}.`, 'poll_closed', { at: poll.closesAt });
  }
  return null;
}

/** Checks one encrypted ballot's proofs here, on this thread (the service checks batches in workers: ballot-checks.ts). */
export function checkEncryptedBallot(poll: PollRow, encrypted: unknown): BallotVerdict {
  if (!poll.publicKey) return { ok: false, fault: 'malformed', message: 'This secret poll has no key yet.' };
  return checkBallots({ meetingId: poll.meetingId, pollId: poll.id, definition: poll.definition, publicKey: poll.publicKey, ballots: [encrypted] })[0]!;
}

/**
 * `checked`: the proofs' verdict computed before the transaction (computed here when absent).
 * One ballot per member per poll: the check below, inside the meeting's transaction, and
 * the primary key (poll_id, user_id) behind it (an insert that finds the row takes nothing).
 */
export function* castBallot(repo: RecordsRepo, meetingId: string, caller: Caller, p: BallotPayload, now: string, checked?: BallotVerdict): Sql<BallotOutcome> {
  // Only submitRecords casts ballots (its transactions never write a poll).
  const poll = yield* repo.pollForRecords(meetingId, p.pollId);
  if (!poll) return refuse('not_found', 'There is no such poll in this meeting.', 'poll_unknown');
  const closed = pollClosedRefusal(poll, Date.parse(now));
  if (closed) return closed;
  const def = poll.definition;
  const notEligible = yield* checkEligible(repo, meetingId, def, caller.id, true, poll.agendaItemId);
  if (notEligible) return notEligible;
  // A named ballot that cannot be changed needs no look first: its insert finds the member's
  // row (the primary key) and stores nothing. A refusal of its content still says "already
  // voted" when that is so, as the look first did.
  const lookFirst = def.secret || def.allowChange;
  const voted = lookFirst && (yield* repo.hasVoted(poll, caller.id));
  if (voted && !def.allowChange) return alreadyVoted;

  if (def.secret) {
    // Plaintext never enters a secret poll's storage, not even to be refused later.
    if (!p.encrypted) return refuse('invalid_input', 'This poll is secret: the ballot must be encrypted on the device, with its proofs.', 'needs_encryption');
    const check = checked ?? checkEncryptedBallot(poll, p.encrypted);
    if (!check.ok) return refuse('invalid_input', `This encrypted ballot is not valid: ${check.message}`, 'bad_ballot', { fault: check.fault });
    if ((yield* value<number>('SELECT 1 FROM encrypted_ballots WHERE poll_id = ? AND tracker = ?', poll.id, check.tracker)) !== undefined) {
      return refuse('conflict', 'This encrypted ballot is a copy of one already cast in this poll.', 'ballot_copied');
    }
    // allowChange is refused for secret polls by PollDefinition, so `voted` is false here.
    // Stored and published without the commitments that only sped up its check.
    if (!(yield* insertBallot(insertEncrypted, poll.id, caller.id, [check.tracker, JSON.stringify(compactBallot(p.encrypted))], now, null))) return alreadyVoted;
    // In the same transaction: the running total holds exactly the stored ballots.
    yield* addToPollTotal(poll, check.ciphertexts.map((c, i) => ciphertextFromRaw(c, `ciphertext ${i + 1}`)));
    return { ok: true, pollId: poll.id, secret: true, stored: { tracker: check.tracker, receivedAt: now } };
  }

  const wrong = !p.choices ? 'This poll is not secret: send the choices, not an encrypted ballot.' : checkChoices(def, p.choices);
  if (wrong) return !lookFirst && (yield* repo.hasVoted(poll, caller.id)) ? alreadyVoted : refuse('invalid_input', wrong, 'bad_choice');
  const choices = JSON.stringify(p.choices);
  if (voted) yield* run('UPDATE named_ballots SET choices = ?, received_at = ?, hands = 0, recorded_by = NULL WHERE poll_id = ? AND user_id = ?', choices, now, poll.id, caller.id);
  else if (!(yield* insertBallot(insertNamed, poll.id, caller.id, [choices], now, null))) return alreadyVoted;
  return { ok: true, pollId: poll.id, secret: false, stored: { choices: p.choices!, receivedAt: now } };
}

const alreadyVoted = refuse('conflict', 'You have already voted in this poll.', 'already_voted');

const insertNamed = 'INSERT INTO named_ballots (poll_id, user_id, choices, received_at, hands, recorded_by) VALUES (?, ?, ?, ?, ?, ?)';
const insertEncrypted = 'INSERT INTO encrypted_ballots (poll_id, user_id, tracker, ballot, received_at, hands, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)';
const keepFirst = ' ON CONFLICT DO NOTHING';

/**
 * Stores one ballot row, named or encrypted (`content`: the columns between the member and
 * the time, in the statement's order), marked as a show of hands when `handsBy` recorded it.
 * Whether the ballot was stored (false: the member's ballot was already there).
 */
function* insertBallot(sql: string, pollId: string, userId: string, content: readonly string[], now: string, handsBy: string | null): Sql<boolean> {
  const values = [pollId, userId, ...content, now, handsBy === null ? 0 : 1, handsBy];
  const known = yield* knownVoted(pollId, userId);
  if (known) return false;
  if (known === false) {
    // Known absent (the group's warm-up, under the meeting's lock): nothing to wait for. No
    // ON CONFLICT here: a row there after all fails the transaction instead of passing silently.
    yield* defer(sql, ...values);
  } else if ((yield* run(sql + keepFirst, ...values)).changes !== 1) {
    return false;
  }
  yield* noteVoted(pollId, userId);
  return true;
}

/**
 * Show of hands: stores one ballot for a present member without a device, marked `hands`.
 * Who voted by hands, and how, is seen in the hall; in a secret poll the server encrypts the
 * entry to the tellers' key like any other ballot, so the totals stay one homomorphic sum
 * and the database holds no plaintext choice. False when the member already had a ballot.
 */
export function* storeHandBallot(poll: PollRow, userId: string, choices: readonly string[], by: string, now: string): Sql<boolean> {
  const text = JSON.stringify(choices);
  let stored: boolean;
  if (poll.definition.secret) {
    const ctx = ballotContextFor(poll.meetingId, poll.id, poll.definition, decodePoint(poll.publicKey, 'publicKey'));
    const { ballot, tracker } = encryptBallot(ctx, choiceBits(poll.definition, choices));
    stored = yield* insertBallot(insertEncrypted, poll.id, userId, [tracker, JSON.stringify(compactBallot(ballot))], now, by);
    if (stored) yield* addToPollTotal(poll, ballot.ciphertexts.map((c, i) => decodeCiphertext(c, `ciphertext ${i + 1}`)));
  } else {
    stored = yield* insertBallot(insertNamed, poll.id, userId, [text], now, by);
  }
  return stored;
}
