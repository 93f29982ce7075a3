/**
 * What the screens need to know about a poll, decided in one place: who may run polls,
 * who may vote in one, and the options as a ballot shows them.
 */
import type { TFunction } from 'i18next';
import type { MeetingView } from '../../../shared/contract';
import { isVotingMember } from '../../../shared/domain/attendance';
import { approveOptions } from '../../../shared/domain/tally';
import type { MeetingRole } from '../../../shared/roles';
import type { PollView } from '../../../shared/ydoc/live';

/** Chair, vice-chair and secretariat prepare and run polls; the core checks it again. */
export function canManagePolls(role: MeetingRole): boolean {
  return role === 'chair' || role === 'vice_chair' || role === 'secretariat';
}

export interface BallotOption {
  id: string;
  label: string;
  /** For approve polls: the colour family of the button. */
  tone: 'yes' | 'no' | 'abstain' | 'neutral';
}

/** Approve polls have fixed options; their labels are translated (the vi ones are the legal wording). */
export function ballotOptions(poll: PollView, t: TFunction<'voting'>): BallotOption[] {
  if (poll.definition.kind === 'approve') {
    return approveOptions.map((o) => ({ id: o.id, label: t(`approve.${o.id}`), tone: o.id }));
  }
  return poll.definition.options.map((o) => ({ id: o.id, label: o.label, tone: 'neutral' }));
}

export function optionLabel(poll: PollView, id: string, t: TFunction<'voting'>): string {
  return ballotOptions(poll, t).find((o) => o.id === id)?.label ?? id;
}

/**
 * Whether this person may vote in the poll, as far as this device can tell. The server
 * has the last word (and a refusal comes back with its reason); this only decides whether
 * to put the ballot in front of them.
 */
export function mayVote(view: MeetingView, poll: PollView): boolean {
  const me = view.content.participants.find((p) => p.id === view.me);
  if (!me || !isVotingMember(me.role)) return false;
  const e = poll.definition.eligibility;
  if (e.kind === 'group') return e.userIds.includes(view.me);
  // A written opinion poll runs between meetings: nobody is "present", every member is asked.
  if (e.kind === 'present' && poll.definition.mode === 'meeting') {
    const mark = view.attendance.marks[view.me] ?? view.attendance.pending[view.me];
    return mark?.status === 'present';
  }
  return true;
}

/** Voting members of the meeting, in list order. */
export function votingMembers(view: MeetingView) {
  return view.content.participants.filter((p) => isVotingMember(p.role));
}

export function participantName(view: MeetingView, userId: string): string {
  return view.content.participants.find((p) => p.id === userId)?.name ?? userId;
}

/** Polls under one agenda item (null: those not tied to an item). */
export function pollsOfItem(polls: readonly PollView[], itemId: string | null): PollView[] {
  return polls.filter((p) => p.agendaItemId === itemId);
}
