/**
 * One wording of a result (shared/domain/result-wording), by table: every base × outcome,
 * ties, zero votes, abstentions, a missed quorum, and the Vietnamese decimal comma.
 */
import { describe, expect, it } from 'vitest';
import { resultSentence, formatPercent } from '../../shared/domain/result-wording';
import { tally, type MajorityBase, type PollKind } from '../../shared/domain/tally';

const half = { fraction: { num: 1, den: 2 }, strict: true };
const twoThirds = { fraction: { num: 2, den: 3 }, strict: false };
const approve = { kind: 'approve' as const, options: [] };
const opts = [
  { id: 'a', label: 'Phương án A' },
  { id: 'b', label: 'Phương án B' },
];

function run(kind: PollKind, base: MajorityBase, ballots: string[][], o: { members?: number; present?: number; threshold?: typeof half; quorum?: typeof half | null; seats?: number } = {}) {
  const optionIds = kind === 'approve' ? ['yes', 'no', 'abstain'] : opts.map((x) => x.id);
  return tally({ kind, optionIds, majority: { base, threshold: o.threshold ?? half }, quorumRule: o.quorum ?? null, ballots, eligible: o.members ?? 6, present: o.present ?? 6, members: o.members ?? 6, seats: o.seats });
}

describe('resultSentence (approve)', () => {
  const yes = ['yes'];
  const no = ['no'];
  const abst = ['abstain'];
  it.each([
    ['members, passed', 'members', [yes, yes, yes, yes, no], {}, '4/6 tán thành (66,7% tổng số đại biểu); cần 4 trên tổng số 6 đại biểu — Thông qua'],
    ['members, failed (half is not over half)', 'members', [yes, yes, yes, no], {}, '3/6 tán thành (50% tổng số đại biểu); cần 4 trên tổng số 6 đại biểu — Không thông qua'],
    ['present, passed', 'present', [yes, yes, yes, no], { present: 5 }, '3/5 tán thành (60% số đại biểu có mặt); cần 3 trên 5 đại biểu có mặt — Thông qua'],
    ['cast: abstentions do not count', 'cast', [yes, yes, no, abst, abst], {}, '2/3 tán thành (66,7% số phiếu hợp lệ); cần 2 trên 3 phiếu hợp lệ — Thông qua'],
    ['cast: a tie of yes and no fails', 'cast', [yes, no], {}, '1/2 tán thành (50% số phiếu hợp lệ); cần 2 trên 2 phiếu hợp lệ — Không thông qua'],
    ['cast: zero votes, no percentage', 'cast', [], {}, '0/0 tán thành; cần 1 trên 0 phiếu hợp lệ — Không thông qua'],
    ['cast: only abstentions', 'cast', [abst, abst], {}, '0/0 tán thành; cần 1 trên 0 phiếu hợp lệ — Không thông qua'],
    ['two thirds of members, exactly met', 'members', [yes, yes, yes, yes, no, no], { threshold: twoThirds }, '4/6 tán thành (66,7% tổng số đại biểu); cần 4 trên tổng số 6 đại biểu — Thông qua'],
    ['quorum missed', 'cast', [yes, yes], { present: 2, quorum: half }, 'Không đủ số đại biểu có mặt: 2, cần 4 — Không thông qua'],
  ] as const)('%s', (_name, base, ballots, o, expected) => {
    const r = run('approve', base, ballots as unknown as string[][], o);
    // Guards the table: the tally itself must say what the sentence says.
    expect(r.passed).toBe(expected.endsWith('— Thông qua'));
    expect(resultSentence(approve, r)).toBe(expected);
  });

  it('speaks English with a decimal point', () => {
    const r = run('approve', 'members', [['yes'], ['yes'], ['yes'], ['yes']]);
    expect(resultSentence(approve, r, 'en')).toBe('4/6 in favour (66.7% of all members); 4 needed of all 6 members — Passed');
  });
});

describe('resultSentence (choices)', () => {
  it.each([
    ['single: a winner', 'single', [['a'], ['a'], ['b'], []], 'Phương án A: 2 (66,7%); Phương án B: 1 (33,3%); Phiếu trắng: 1; cần 2 trên 3 phiếu hợp lệ — Có phương án đạt: Phương án A'],
    ['single: a tie decides nothing', 'single', [['a'], ['b']], 'Phương án A: 1 (50%); Phương án B: 1 (50%); Phiếu trắng: 0; cần 2 trên 2 phiếu hợp lệ — Có số phiếu ngang nhau, chưa xác định được kết quả — Không có phương án đạt'],
    ['single: nobody voted', 'single', [], 'Phương án A: 0; Phương án B: 0; Phiếu trắng: 0; cần 1 trên 0 phiếu hợp lệ — Không có phương án đạt'],
    ['election: one seat', 'election', [['a'], ['a'], ['a'], ['b']], 'Phương án A: 3 (75%); Phương án B: 1 (25%); Phiếu trắng: 0; cần 3 trên 4 phiếu hợp lệ — Có người trúng cử: Phương án A'],
  ] as const)('%s', (_name, kind, ballots, expected) => {
    const r = run(kind, 'cast', ballots as unknown as string[][]);
    expect(resultSentence({ kind, options: opts }, r)).toBe(expected);
  });
});

describe('formatPercent', () => {
  it('uses the decimal comma in Vietnamese and nothing for an empty base', () => {
    expect(formatPercent(2, 3, 'vi')).toBe('66,7%');
    expect(formatPercent(2, 3, 'en')).toBe('66.7%');
    expect(formatPercent(1, 0, 'vi')).toBeNull();
  });
});
