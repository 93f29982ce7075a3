import { describe, expect, it } from 'vitest';
import { groupByPage, groupComments, inCommentWindow, pageOfGroups, prepareComments, type DraftComment } from '../../shared/domain/draft-comments';
import { followStep } from '../../shared/domain/presenting';
import { applyTimerAction, checkNewOrder, endSpeech, formatCountdown, moveInOrder, queueOrder, speechClock, type Queued, type SpeechTimes } from '../../shared/domain/speaking';

const t0 = Date.parse('2026-12-07T08:00:00.000Z');
const iso = (ms: number) => new Date(t0 + ms).toISOString();
const five: SpeechTimes = { startedAt: iso(0), endedAt: null, pausedAt: null, pausedMs: 0, limitSec: 300, addedSec: 0 };

describe('the countdown of a speech', () => {
  const cases: [string, SpeechTimes, number, { remainingMs: number | null; tone: string; paused: boolean }][] = [
    ['just started', five, 0, { remainingMs: 300_000, tone: 'normal', paused: false }],
    ['one minute and a second left', five, 238_999, { remainingMs: 61_001, tone: 'normal', paused: false }],
    ['exactly the last minute is amber', five, 240_000, { remainingMs: 60_000, tone: 'amber', paused: false }],
    ['at zero still amber', five, 300_000, { remainingMs: 0, tone: 'amber', paused: false }],
    ['over the limit is red', five, 300_001, { remainingMs: -1, tone: 'red', paused: false }],
    ['a pause that ended does not count', { ...five, pausedMs: 120_000 }, 300_000, { remainingMs: 120_000, tone: 'normal', paused: false }],
    ['a pause under way stops the clock', { ...five, pausedAt: iso(100_000) }, 900_000, { remainingMs: 200_000, tone: 'normal', paused: true }],
    ['added time moves the end', { ...five, addedSec: 60 }, 300_001, { remainingMs: 59_999, tone: 'amber', paused: false }],
    ['no limit: no countdown, never red', { ...five, limitSec: null }, 9_000_000, { remainingMs: null, tone: 'normal', paused: false }],
    ['an ended speech stops at its end', { ...five, endedAt: iso(200_000) }, 9_000_000, { remainingMs: 100_000, tone: 'normal', paused: false }],
    ['not started: the whole limit', { ...five, startedAt: null }, 9_000_000, { remainingMs: 300_000, tone: 'normal', paused: false }],
  ];
  it.each(cases)('%s', (_name, times, at, want) => {
    expect(speechClock(times, t0 + at)).toMatchObject(want);
  });

  it('formats minutes and seconds, over time with a minus', () => {
    expect([formatCountdown(300_000), formatCountdown(61_001), formatCountdown(999), formatCountdown(0), formatCountdown(-30_500), formatCountdown(-400)]).toEqual([
      '5:00',
      '1:02',
      '0:01',
      '0:00',
      '-0:30',
      '0:00',
    ]);
  });
});

describe('the chair times a speech', () => {
  it('pauses, refuses a second pause, resumes adding the pause, adds time, ends', () => {
    const p = applyTimerAction(five, { kind: 'pause' }, iso(10_000));
    expect(p).toMatchObject({ ok: true, times: { pausedAt: iso(10_000) } });
    if (!p.ok) return;
    expect(applyTimerAction(p.times, { kind: 'pause' }, iso(11_000))).toEqual({ ok: false, message: 'The speech is already paused.' });
    const r = applyTimerAction(p.times, { kind: 'resume' }, iso(40_000));
    expect(r).toMatchObject({ ok: true, times: { pausedAt: null, pausedMs: 30_000 } });
    expect(applyTimerAction(five, { kind: 'resume' }, iso(1))).toMatchObject({ ok: false });
    expect(applyTimerAction(five, { kind: 'add', seconds: 0 }, iso(1))).toMatchObject({ ok: false });
    expect(applyTimerAction(five, { kind: 'add', seconds: 1.5 }, iso(1))).toMatchObject({ ok: false });
    expect(applyTimerAction(five, { kind: 'add', seconds: 90 }, iso(1))).toMatchObject({ ok: true, times: { addedSec: 90 } });
    // Ending during a pause closes the pause too.
    expect(endSpeech(p.times, iso(70_000))).toMatchObject({ endedAt: iso(70_000), pausedAt: null, pausedMs: 60_000 });
    expect(applyTimerAction(endSpeech(five, iso(5)), { kind: 'pause' }, iso(6))).toMatchObject({ ok: false, message: 'Only the speech under way can be timed.' });
  });
});

describe('the order of the speaker list', () => {
  const q = (id: string, kind: Queued['kind'], at: number, position: number | null = null, status: Queued['status'] = 'waiting'): Queued => ({ id, kind, requestedAt: iso(at), position, status });

  it('puts the speaker first, then points of order, then the chair’s places, then the order asked', () => {
    const list = [q('a', 'speak', 1), q('b', 'reply', 2), q('s', 'speak', 0, null, 'speaking'), q('p2', 'point_of_order', 9), q('p1', 'point_of_order', 5), q('c', 'speak', 3, 1), q('d', 'speak', 4, 0)];
    expect(queueOrder(list).map((r) => r.id)).toEqual(['s', 'p1', 'p2', 'd', 'c', 'a', 'b']);
  });

  it('a point of order placed low by the chair still comes first', () => {
    expect(queueOrder([q('a', 'speak', 1, 1), q('p', 'point_of_order', 2, 9)]).map((r) => r.id)).toEqual(['p', 'a']);
  });

  it('accepts only a permutation of the waiting list', () => {
    expect(checkNewOrder(['a', 'b'], ['b', 'a'])).toBeNull();
    expect(checkNewOrder(['a', 'b'], ['a'])).toMatch(/every waiting request/);
    expect(checkNewOrder(['a', 'b'], ['a', 'a'])).toMatch(/twice/);
    expect(checkNewOrder(['a', 'b'], ['a', 'b', 'x'])).toMatch(/"x"/);
  });

  it('moves one up or down with the keyboard, not past the ends', () => {
    expect(moveInOrder(['a', 'b', 'c'], 'b', -1)).toEqual(['b', 'a', 'c']);
    expect(moveInOrder(['a', 'b', 'c'], 'b', 1)).toEqual(['a', 'c', 'b']);
    expect(moveInOrder(['a', 'b', 'c'], 'a', -1)).toEqual(['a', 'b', 'c']);
    expect(moveInOrder(['a', 'b', 'c'], 'c', 1)).toEqual(['a', 'b', 'c']);
  });
});

describe('following the presenter', () => {
  const shown = { documentId: 'd1', page: 7 };
  it('moves a follower only when the presenter is elsewhere, never one who stopped following', () => {
    expect(followStep(shown, true, null)).toEqual(shown);
    expect(followStep(shown, true, { documentId: 'd1', page: 3 })).toEqual(shown);
    expect(followStep(shown, true, { documentId: 'd2', page: 7 })).toEqual(shown);
    expect(followStep(shown, true, { documentId: 'd1', page: 7 })).toBeNull();
    expect(followStep(shown, false, { documentId: 'd1', page: 3 })).toBeNull();
    expect(followStep(null, true, { documentId: 'd1', page: 3 })).toBeNull();
  });
});

describe('comments on drafts grouped by page', () => {
  const c = (id: string, page: number, status: DraftComment['status'], text = 'góp ý'): DraftComment => ({ id, documentId: 'd', page, quote: null, text, asUnit: null, userId: 'u', name: 'Nguyễn Văn A', receivedAt: '2026-12-07T08:00:00Z', status, reply: null, repliedAt: null });
  const list = [c('1', 7, 'pending'), c('2', 3, 'accepted', 'Sửa Điều 5'), c('3', 7, 'noted'), c('4', 3, 'pending')];

  it('groups by page in page order, with counts by status', () => {
    const g = groupByPage(list);
    expect(g.map((x) => [x.page, x.count, x.byStatus.pending])).toEqual([
      [3, 2, 1],
      [7, 2, 1],
    ]);
  });

  it('filters by status and by words (any case, Vietnamese)', () => {
    expect(groupByPage(list, { status: 'pending' }).map((x) => x.comments.map((y) => y.id))).toEqual([['4'], ['1']]);
    expect(groupByPage(list, { text: 'điều 5' }).map((x) => x.page)).toEqual([3]);
    // Without marks, as people type in a hurry: "dieu 5" finds "Điều 5".
    expect(groupByPage(list, { text: 'dieu 5' }).map((x) => x.page)).toEqual([3]);
  });

  it('regroups by commenter (unit first, Vietnamese order) and by answer, keeping the list order inside a group', () => {
    const byUnit = [{ ...c('5', 2, 'pending'), asUnit: 'Đoàn Hà Nội' }, { ...c('6', 1, 'accepted'), name: 'Bùi Văn B' }, ...list];
    const prepared = prepareComments(byUnit);
    expect(groupComments(prepared, { by: 'author' }).map((g) => [g.key, g.count])).toEqual([
      ['Bùi Văn B', 1],
      ['Đoàn Hà Nội (Nguyễn Văn A)', 1],
      ['Nguyễn Văn A', 4],
    ]);
    expect(groupComments(prepared, { by: 'status' }).map((g) => [g.key, g.comments.map((x) => x.id)])).toEqual([
      ['pending', ['5', '1', '4']],
      ['accepted', ['6', '2']],
      ['noted', ['3']],
    ]);
    expect(groupComments(prepared, { by: 'status', text: 'ha noi' }).map((g) => g.key)).toEqual(['pending']);
  });

  it('draws a page of rows at a time, a group cut by the page showing its part', () => {
    const groups = groupComments(prepareComments(list), { by: 'page' });
    const ids = (from: number, count: number) => pageOfGroups(groups, from, count).map((x) => [x.group.key, x.comments.map((y) => y.id)]);
    expect(ids(0, 3)).toEqual([
      ['3', ['2', '4']],
      ['7', ['1']],
    ]);
    expect(ids(3, 3)).toEqual([['7', ['3']]]);
    expect(ids(4, 3)).toEqual([]);
  });

  it('a comment is in time up to the deadline, never without a window', () => {
    const w = { until: '2026-12-07T10:00:00+07:00', public: false };
    expect(inCommentWindow(w, '2026-12-07T02:59:59Z')).toBe(true);
    expect(inCommentWindow(w, '2026-12-07T03:00:00Z')).toBe(true);
    expect(inCommentWindow(w, '2026-12-07T03:00:01Z')).toBe(false);
    expect(inCommentWindow(null, '2026-12-07T00:00:00Z')).toBe(false);
  });
});
