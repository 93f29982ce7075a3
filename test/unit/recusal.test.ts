/**
 * Recusal (issue 17): a member recused from an item is neither eligible nor in the base of
 * its polls, and the result says so in both languages.
 */
import { describe, expect, it } from 'vitest';
import { recusedFrom, withoutRecused } from '../../shared/domain/recusal';
import { resultSentence } from '../../shared/domain/result-wording';
import { tally } from '../../shared/domain/tally';

const half = { fraction: { num: 1, den: 2 }, strict: true };

describe('recused members and the base', () => {
  it('are taken out of the eligible list and the members, on their item only', () => {
    const decl = [
      { userId: 'b', agendaItemId: 'item-1' },
      { userId: 'c', agendaItemId: 'item-2' },
    ];
    expect(withoutRecused(['a', 'b', 'c'], recusedFrom(decl, 'item-1'))).toEqual(['a', 'c']);
    expect(withoutRecused(['a', 'b', 'c'], recusedFrom(decl, 'item-2'))).toEqual(['a', 'b']);
    expect(withoutRecused(['a', 'b', 'c'], recusedFrom(decl, null))).toEqual(['a', 'b', 'c']);
  });

  it('changes the outcome over all members: 3 of 6 fails, 3 of 5 (one recused) passes', () => {
    const ballots = [['yes'], ['yes'], ['yes'], ['no']];
    const base = { kind: 'approve' as const, optionIds: ['yes', 'no', 'abstain'], majority: { base: 'members' as const, threshold: half }, quorumRule: half, ballots };
    const all = tally({ ...base, eligible: 6, present: 6, members: 6 });
    const one = tally({ ...base, eligible: 5, present: 5, members: 5, recused: 1 });
    expect([all.passed, all.base.count, all.recused]).toEqual([false, 6, undefined]);
    expect([one.passed, one.base.count, one.recused]).toEqual([true, 5, 1]);
  });

  it('is said in the result, before the verdict', () => {
    const r = tally({ kind: 'approve', optionIds: ['yes', 'no', 'abstain'], majority: { base: 'members', threshold: half }, quorumRule: null, ballots: [['yes'], ['yes'], ['yes']], eligible: 5, present: 5, members: 5, recused: 1 });
    expect(resultSentence({ kind: 'approve', options: [] }, r)).toBe('3/5 tán thành (60% tổng số đại biểu); cần 3 trên tổng số 5 đại biểu; 1 thành viên không tham gia biểu quyết do xung đột lợi ích — Thông qua');
    expect(resultSentence({ kind: 'approve', options: [] }, { ...r, recused: 2 }, 'en')).toContain('2 members did not take part in the vote because of a conflict of interest — Passed');
    // No recusal: the sentence is as before.
    expect(resultSentence({ kind: 'approve', options: [] }, { ...r, recused: undefined })).not.toContain('xung đột');
  });
});
