import { describe, expect, it } from 'vitest';
import type { MeetingView } from '../../shared/contract';
import { openVotesElsewhere } from '../../renderer/app/openVotes';

type Poll = MeetingView['polls'][number];
const poll = (id: string, status: string, mode: 'meeting' | 'written' = 'meeting') => ({ id, status, definition: { mode, question: `Q ${id}` } }) as unknown as Poll;
const view = (id: string, polls: Poll[], myBallots: Record<string, unknown> = {}) =>
  ({ id, polls, myBallots, content: { meta: { title: `Họp ${id}` } } }) as unknown as MeetingView;

describe('open votes that reach the delegate wherever they are', () => {
  const views = [
    view('a', [poll('p1', 'open'), poll('p2', 'closed'), poll('p3', 'open', 'written')]),
    view('b', [poll('p4', 'open'), poll('p5', 'open')], { p4: { state: 'sent' } }),
    view('c', [poll('p6', 'open')]),
  ];
  const everyone = () => true;

  it('lists open in-room polls not yet answered, in meetings other than the one on screen', () => {
    expect(openVotesElsewhere(views, null, everyone).map((v) => v.pollId)).toEqual(['p1', 'p5', 'p6']);
    expect(openVotesElsewhere(views, 'a', everyone).map((v) => v.pollId)).toEqual(['p5', 'p6']);
    expect(openVotesElsewhere(views, null, everyone)[0]).toEqual({ meetingId: 'a', meetingTitle: 'Họp a', pollId: 'p1', question: 'Q p1' });
  });

  it('leaves out polls the person may not vote in', () => {
    expect(openVotesElsewhere(views, null, (v) => v.id !== 'c').map((v) => v.pollId)).toEqual(['p1', 'p5']);
  });
});
