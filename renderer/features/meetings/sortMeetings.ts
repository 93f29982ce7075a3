import type { MeetingSummary } from '../../../shared/api/meetings';

const rank: Record<MeetingSummary['status'], number> = { in_progress: 0, published: 1, draft: 1, closed: 2 };

/**
 * What a secretariat looks for first: the meeting under way, then what is coming up
 * soonest, then past meetings, most recent first.
 */
export function sortMeetings(list: readonly MeetingSummary[]): MeetingSummary[] {
  const time = (m: MeetingSummary) => (m.startsAt ? Date.parse(m.startsAt) || 0 : Number.MAX_SAFE_INTEGER);
  return [...list].sort((a, b) => {
    const r = rank[a.status] - rank[b.status];
    if (r !== 0) return r;
    const d = time(a) - time(b);
    return a.status === 'closed' ? -d : d;
  });
}
