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
import type { Sql } from '../records/sql';

export function* eligibleIds(repo: RecordsRepo, meetingId: string, def: PollDefinition, agendaItemId: string | null = null): Sql<string[]> {
  const noVote = siteVoteLimits(repo, meetingId);
  const ids = withoutRecused(yield* eligibleByRule(repo, meetingId, def), yield* recusedIds(meetingId, agendaItemId));
  return noVote.size ? ids.filter((id) => !noVote.has(id)) : ids;
}

/**
 * Members at remote sites that may not vote in this meeting (issue 17: the secretariat's
 * site rights, in `meeting/<id>`). The meeting doc is not in the records database and is
 * read asynchronously, so RecordsService reads it before a ballot batch, an open and a
 * close and sets the result here (on the repo, per node: every node reads the same shared
 * doc); the checks inside the transaction read it back.
 */
export function setSiteVoteLimits(repo: RecordsRepo, meetingId: string, ids: ReadonlySet<string>): void {
  if (ids.size) repo.siteVoteLimits.set(meetingId, ids);
  else repo.siteVoteLimits.delete(meetingId);
}

function siteVoteLimits(repo: RecordsRepo, meetingId: string): ReadonlySet<string> {
  return repo.siteVoteLimits.get(meetingId) ?? noOne;
}
const noOne: ReadonlySet<string> = new Set();

function* eligibleByRule(repo: RecordsRepo, meetingId: string, def: PollDefinition): Sql<string[]> {
  switch (def.eligibility.kind) {
    case 'all':
      return yield* repo.votingMemberIds(meetingId);
    case 'present':
      return yield* repo.presentVotingIds(meetingId);
    case 'group': {
      const voting = new Set(yield* repo.votingMemberIds(meetingId));
      return [...new Set(def.eligibility.userIds)].filter((id) => voting.has(id));
    }
  }
}

/**
 * The poll's base of members (majority over "all members", the quorum): the voting members
 * less those recused from its item, and how many were recused.
 */
export function* baseMemberIds(repo: RecordsRepo, meetingId: string, agendaItemId: string | null): Sql<{ ids: string[]; recused: number }> {
  const members = yield* repo.votingMemberIds(meetingId);
  const recused = yield* recusedIds(meetingId, agendaItemId);
  const ids = withoutRecused(members, recused);
  return { ids, recused: members.length - ids.length };
}

/** null when the member may vote now; otherwise why not. */
export function* checkEligible(repo: RecordsRepo, meetingId: string, def: PollDefinition, userId: string, you: boolean, agendaItemId: string | null = null): Sql<Refusal | null> {
  const { role, attendance } = yield* repo.memberStanding(meetingId, userId);
  const name = you ? null : yield* repo.displayName(userId);
  const who = you ? 'You are' : `${name} is`;
  const params = you ? undefined : { name: name! };
  if (!role || !isVotingMember(role)) return refuse('forbidden', `${who} not a voting member of this meeting.`, 'not_voting_member', params);
  if (siteVoteLimits(repo, meetingId).has(userId)) {
    return refuse('forbidden', `${who} at a site whose members follow this meeting without voting.`, 'site_cannot_vote', params);
  }
  if (yield* isRecused(meetingId, agendaItemId, userId)) {
    return refuse('forbidden', `${who} recused from this item for a conflict of interest, so ${you ? 'you take' : 'they take'} no part in its polls.`, 'recused', params);
  }
  if (def.eligibility.kind === 'group' && !def.eligibility.userIds.includes(userId)) {
    return refuse('forbidden', `${who} not among those who may vote in this poll.`, 'not_in_group', params);
  }
  if (def.eligibility.kind === 'present' && attendance !== 'present') {
    return refuse('forbidden', `${who} not checked in as present; only members present may vote in this poll.`, 'not_present', params);
  }
  return null;
}
