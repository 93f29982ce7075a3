/**
 * Ballot records. Named ballots keep (poll, voter, choices, time). Secret ballots are
 * stored as two unrelated rows in one transaction: `secret_participation` (poll, voter,
 * hash of the idempotency key, time received) and `secret_choices` (random id, poll,
 * choices). They share no id, the choice row has no time, no voter and no key, and its
 * table is WITHOUT ROWID with a random primary key, so its physical order is not the
 * order of arrival either. Nothing in the database joins a voter to a choice.
 */
import { randomBytes } from 'node:crypto';
import type { BallotPayload } from '../../shared/http';
import { checkChoices } from './choices';
import { checkEligible } from './eligibility';
import { clock, refuse, type Caller, type Refusal } from './outcome';
import { secretKeyHash, type PollRow, type RoomRepo } from './repo';

export type BallotOutcome = { ok: true; pollId: string; secret: boolean } | Refusal;

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

export function castBallot(repo: RoomRepo, meetingId: string, caller: Caller, key: string, p: BallotPayload, now: string): BallotOutcome {
  const poll = repo.poll(meetingId, p.pollId);
  if (!poll) return refuse('not_found', 'There is no such poll in this meeting.', 'poll_unknown');
  const closed = pollClosedRefusal(poll, Date.parse(now));
  if (closed) return closed;
  const def = poll.definition;
  const notEligible = checkEligible(repo, meetingId, def, caller.id, true);
  if (notEligible) return notEligible;
  const voted = repo.hasVoted(poll, caller.id);
  if (voted && !def.allowChange) return refuse('conflict', 'You have already voted in this poll.', 'already_voted');
  const wrong = checkChoices(def, p.choices);
  if (wrong) return refuse('invalid_input', wrong, 'bad_choice');

  const choices = JSON.stringify(p.choices);
  if (def.secret) {
    // allowChange is refused for secret polls by PollDefinition, so `voted` is false here.
    repo.q.insertParticipation.run(poll.id, caller.id, secretKeyHash(meetingId, key), now, 0);
    repo.q.insertSecretChoice.run(randomBytes(16).toString('hex'), poll.id, choices);
  } else if (voted) {
    repo.q.replaceNamed.run(choices, now, poll.id, caller.id);
  } else {
    repo.q.insertNamed.run(poll.id, caller.id, choices, now, 0, null);
  }
  return { ok: true, pollId: poll.id, secret: def.secret };
}

/** Show of hands: stores one ballot for a present member without a device, marked `hands`. */
export function storeHandBallot(repo: RoomRepo, poll: PollRow, userId: string, choices: readonly string[], by: string, now: string): void {
  const text = JSON.stringify(choices);
  if (poll.definition.secret) {
    repo.q.insertParticipation.run(poll.id, userId, null, now, 1);
    repo.q.insertSecretChoice.run(randomBytes(16).toString('hex'), poll.id, text);
  } else {
    repo.q.insertNamed.run(poll.id, userId, text, now, 1, by);
  }
}
