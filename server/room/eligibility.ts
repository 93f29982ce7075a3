/**
 * Who may vote in a poll, from the membership and attendance tables. `present` is decided
 * when the ballot arrives (and recounted when the poll closes), not from the live doc,
 * which lags by up to one flush.
 */
import { isVotingMember } from '../../shared/domain/attendance';
import type { PollDefinition } from '../../shared/ydoc/live';
import { refuse, type Refusal } from './outcome';
import type { RoomRepo } from './repo';

export function eligibleIds(repo: RoomRepo, meetingId: string, def: PollDefinition): string[] {
  switch (def.eligibility.kind) {
    case 'all':
      return repo.votingMemberIds(meetingId);
    case 'present':
      return repo.presentVotingIds(meetingId);
    case 'group': {
      const voting = new Set(repo.votingMemberIds(meetingId));
      return [...new Set(def.eligibility.userIds)].filter((id) => voting.has(id));
    }
  }
}

/** null when the member may vote now; otherwise why not. */
export function checkEligible(repo: RoomRepo, meetingId: string, def: PollDefinition, userId: string, you: boolean): Refusal | null {
  const role = repo.memberRole(meetingId, userId);
  const who = you ? 'You are' : `${repo.displayName(userId)} is`;
  const params = you ? undefined : { name: repo.displayName(userId) };
  if (!role || !isVotingMember(role)) return refuse('forbidden', `${who} not a voting member of this meeting.`, 'not_voting_member', params);
  if (def.eligibility.kind === 'group' && !def.eligibility.userIds.includes(userId)) {
    return refuse('forbidden', `${who} not among those who may vote in this poll.`, 'not_in_group', params);
  }
  if (def.eligibility.kind === 'present' && repo.attendanceStatus(meetingId, userId) !== 'present') {
    return refuse('forbidden', `${who} not checked in as present; only members present may vote in this poll.`, 'not_present', params);
  }
  return null;
}
