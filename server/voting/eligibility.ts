/**
 * Who may vote in a poll, from the membership and attendance tables. `present` is decided
 * when the ballot arrives (and recounted when the poll closes), not from the live doc,
 * which lags by up to one flush.
 *
 * A member who declared a conflict of interest on the poll's agenda item (recusals.ts) is
 * neither eligible nor in the base: `agendaItemId` is the poll's item (null: no item, no
 * recusal applies).
 */
import { isVotingMember } from '../../shared/domain/attendance';
import { withoutRecused } from '../../shared/domain/recusal';
import type { PollDefinition } from '../../shared/ydoc/live';
import { refuse, type Refusal } from '../records/outcome';
import { isRecused, recusedIds } from './recusals';
import type { RecordsRepo } from '../records/repo';

export function eligibleIds(repo: RecordsRepo, meetingId: string, def: PollDefinition, agendaItemId: string | null = null): string[] {
  const noVote = siteVoteLimits(repo, meetingId);
  const ids = withoutRecused(eligibleByRule(repo, meetingId, def), recusedIds(repo, meetingId, agendaItemId));
  return noVote.size ? ids.filter((id) => !noVote.has(id)) : ids;
}

/**
 * Members at remote sites that may not vote in this meeting (issue 17: the secretariat's
 * site rights, in `meeting/<id>`). The meeting doc is not in SQLite and is read
 * asynchronously, so RecordsService reads it before a ballot batch, an open and a close and
 * sets the result here; the synchronous checks inside the transaction read it back.
 */
const siteLimits = new WeakMap<object, Map<string, ReadonlySet<string>>>();

export function setSiteVoteLimits(repo: RecordsRepo, meetingId: string, ids: ReadonlySet<string>): void {
  let m = siteLimits.get(repo.db);
  if (!m) siteLimits.set(repo.db, (m = new Map()));
  if (ids.size) m.set(meetingId, ids);
  else m.delete(meetingId);
}

function siteVoteLimits(repo: RecordsRepo, meetingId: string): ReadonlySet<string> {
  return siteLimits.get(repo.db)?.get(meetingId) ?? noOne;
}
const noOne: ReadonlySet<string> = new Set();

function eligibleByRule(repo: RecordsRepo, meetingId: string, def: PollDefinition): string[] {
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

/**
 * The poll's base of members (majority over "all members", the quorum): the voting members
 * less those recused from its item, and how many were recused.
 */
export function baseMemberIds(repo: RecordsRepo, meetingId: string, agendaItemId: string | null): { ids: string[]; recused: number } {
  const members = repo.votingMemberIds(meetingId);
  const recused = recusedIds(repo, meetingId, agendaItemId);
  const ids = withoutRecused(members, recused);
  return { ids, recused: members.length - ids.length };
}

/** null when the member may vote now; otherwise why not. */
export function checkEligible(repo: RecordsRepo, meetingId: string, def: PollDefinition, userId: string, you: boolean, agendaItemId: string | null = null): Refusal | null {
  const role = repo.memberRole(meetingId, userId);
  const who = you ? 'You are' : `${repo.displayName(userId)} is`;
  const params = you ? undefined : { name: repo.displayName(userId) };
  if (!role || !isVotingMember(role)) return refuse('forbidden', `${who} not a voting member of this meeting.`, 'not_voting_member', params);
  if (siteVoteLimits(repo, meetingId).has(userId)) {
    return refuse('forbidden', `${who} at a site whose members follow this meeting without voting.`, 'site_cannot_vote', params);
  }
  if (isRecused(repo, meetingId, agendaItemId, userId)) {
    return refuse('forbidden', `${who} recused from this item for a conflict of interest, so ${you ? 'you take' : 'they take'} no part in its polls.`, 'recused', params);
  }
  if (def.eligibility.kind === 'group' && !def.eligibility.userIds.includes(userId)) {
    return refuse('forbidden', `${who} not among those who may vote in this poll.`, 'not_in_group', params);
  }
  if (def.eligibility.kind === 'present' && repo.attendanceStatus(meetingId, userId) !== 'present') {
    return refuse('forbidden', `${who} not checked in as present; only members present may vote in this poll.`, 'not_present', params);
  }
  return null;
}
