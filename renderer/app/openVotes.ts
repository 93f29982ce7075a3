/**
 * Which open votes should reach this person wherever they are: an in-room poll of a
 * meeting they are not looking at, that they may vote in and have not answered from this
 * device. The meeting on screen is left out, as its ballot comes up over it (BallotHost);
 * written polls have their own banner on the meeting list.
 */
import type { MeetingView } from '../../shared/contract';
import type { PollView } from '../../shared/ydoc/live';

export interface OpenVote {
  meetingId: string;
  meetingTitle: string;
  pollId: string;
  question: string;
}

export function openVotesElsewhere(views: readonly MeetingView[], onScreen: string | null, mayVote: (view: MeetingView, poll: PollView) => boolean): OpenVote[] {
  return views
    .filter((v) => v.id !== onScreen)
    .flatMap((view) =>
      view.polls
        .filter((p) => p.status === 'open' && p.definition.mode === 'meeting' && !view.myBallots[p.id] && mayVote(view, p))
        .map((p) => ({ meetingId: view.id, meetingTitle: view.content.meta.title, pollId: p.id, question: p.definition.question })),
    );
}
