import { describe, expect, it } from 'vitest';
import { meets, quorum, requiredCount, thresholds, type Threshold } from '../../shared/domain/quorum';
import { summariseAttendance, type AttendanceMark, type Member } from '../../shared/domain/attendance';
import { tally, type MajorityRule, type TallyInput } from '../../shared/domain/tally';

describe('thresholds', () => {
  const cases: [string, Threshold, number, number, boolean][] = [
    ['over half of 60: 31 passes', thresholds.overHalf, 31, 60, true],
    ['over half of 60: 30 does not', thresholds.overHalf, 30, 60, false],
    ['over half of 61: 31 passes', thresholds.overHalf, 31, 61, true],
    ['two thirds of 60: 40 passes', thresholds.twoThirds, 40, 60, true],
    ['two thirds of 60: 39 does not', thresholds.twoThirds, 39, 60, false],
    ['two thirds of 3,152: 2,102 passes', thresholds.twoThirds, 2102, 3152, true],
    ['two thirds of 3,152: 2,101 does not', thresholds.twoThirds, 2101, 3152, false],
    ['three quarters of 4: 3 passes', thresholds.threeQuarters, 3, 4, true],
    ['custom 3/5 at least of 10: 6 passes', { fraction: { num: 3, den: 5 }, strict: false }, 6, 10, true],
  ];
  it.each(cases)('%s', (_name, t, count, base, want) => {
    expect(meets(t, count, base)).toBe(want);
    expect(count >= requiredCount(t, base)).toBe(want);
  });

  it('quorum needs members at all', () => {
    expect(quorum(thresholds.overHalf, 0, 0)).toMatchObject({ met: false, required: 1 });
    expect(quorum(thresholds.overHalf, 1577, 3152)).toMatchObject({ met: true, required: 1577 });
    expect(quorum(thresholds.overHalf, 1576, 3152).met).toBe(false);
  });
});

describe('attendance', () => {
  const members: Member[] = [
    { id: 'chair', role: 'chair', siteId: 'hall' },
    { id: 'd1', role: 'delegate', siteId: 'hall' },
    { id: 'd2', role: 'delegate', siteId: 'hall' },
    { id: 'd3', role: 'delegate', siteId: 'hcm' },
    { id: 'd4', role: 'delegate', siteId: 'hcm' },
    { id: 'sec', role: 'secretariat', siteId: 'hall' },
    { id: 'obs', role: 'observer', siteId: null },
    { id: 'd1', role: 'delegate', siteId: 'hall' }, // listed twice: counted once
  ];
  const mark = (status: AttendanceMark['status'], substitute?: string): AttendanceMark => ({ status, at: '2026-11-25T01:00:00Z', by: 'x', substitute });

  it('counts voting members once, substitutes as present, excused apart', () => {
    const marks = new Map<string, AttendanceMark>([
      ['chair', mark('present')],
      ['d1', mark('present')],
      ['d3', mark('present', 'Nguyễn Văn Thay')],
      ['d4', mark('excused')],
      ['sec', mark('present')],
      ['obs', mark('present')],
    ]);
    const s = summariseAttendance(members, marks, thresholds.overHalf);
    expect(s).toMatchObject({ expected: 5, present: 3, excused: 1, substitutes: 1 });
    expect(s.missing.sort()).toEqual(['d2', 'd4']);
    expect(s.quorum).toMatchObject({ met: true, required: 3 });
    expect(s.bySite.find((b) => b.siteId === 'hcm')).toMatchObject({ expected: 2, present: 1, excused: 1, missing: ['d4'] });
  });

  it('quorum just missed', () => {
    const marks = new Map<string, AttendanceMark>([
      ['chair', mark('present')],
      ['d1', mark('present')],
    ]);
    expect(summariseAttendance(members, marks, thresholds.overHalf).quorum).toMatchObject({ present: 2, required: 3, met: false });
  });
});

describe('tally', () => {
  const overHalfOf = (base: MajorityRule['base']): MajorityRule => ({ base, threshold: thresholds.overHalf });
  const approve = (ballots: string[][], extra: Partial<TallyInput> = {}): TallyInput => ({
    kind: 'approve',
    optionIds: ['yes', 'no', 'abstain'],
    majority: overHalfOf('cast'),
    quorumRule: thresholds.overHalf,
    ballots,
    eligible: 60,
    present: 50,
    members: 60,
    ...extra,
  });
  const many = (n: number, choice: string[]) => Array.from({ length: n }, () => choice);

  const cases: [string, TallyInput, Partial<ReturnType<typeof tally>>][] = [
    ['simple majority of votes cast, abstentions not counted', approve([...many(20, ['yes']), ...many(15, ['no']), ...many(10, ['abstain'])]), { passed: true, required: 18, abstain: 10, notVoted: 15 }],
    ['a tie of yes and no does not pass', approve([...many(20, ['yes']), ...many(20, ['no'])]), { passed: false }],
    ['all abstain: nothing to count, nothing passes', approve(many(40, ['abstain'])), { passed: false, abstain: 40, base: { kind: 'cast', count: 0 } }],
    ['absolute majority of members: 30 of 60 is not enough', approve([...many(30, ['yes']), ...many(5, ['no'])], { majority: overHalfOf('members') }), { passed: false, required: 31 }],
    ['absolute majority of members: 31 of 60 passes', approve([...many(31, ['yes']), ...many(5, ['no'])], { majority: overHalfOf('members') }), { passed: true }],
    [
      'two thirds of present vs of members',
      approve(many(34, ['yes']), { present: 50, majority: { base: 'present', threshold: thresholds.twoThirds } }),
      { passed: true, required: 34 },
    ],
    ['two thirds of members with the same votes fails', approve(many(34, ['yes']), { majority: { base: 'members', threshold: thresholds.twoThirds } }), { passed: false, required: 40 }],
    ['quorum just missed: the result is not valid', approve(many(30, ['yes']), { present: 30 }), { passed: false, quorumMet: false, elected: [] }],
    ['no quorum rule: valid whatever the attendance', approve(many(3, ['yes']), { present: 3, quorumRule: null }), { passed: true, quorumMet: true }],
  ];
  it.each(cases)('%s', (_name, input, want) => expect(tally(input)).toMatchObject(want));

  it('single choice: winner needs the threshold; a tie for first decides nothing', () => {
    const base = { kind: 'single' as const, optionIds: ['a', 'b', 'c'], majority: overHalfOf('cast'), quorumRule: null, eligible: 10, present: 10, members: 10 };
    expect(tally({ ...base, ballots: [...many(6, ['a']), ...many(4, ['b'])] })).toMatchObject({ elected: ['a'], passed: true, tie: false });
    expect(tally({ ...base, ballots: [...many(4, ['a']), ...many(3, ['b']), ...many(3, ['c'])] })).toMatchObject({ elected: [], passed: false });
    expect(tally({ ...base, ballots: [...many(5, ['a']), ...many(5, ['b'])] })).toMatchObject({ elected: [], tie: true });
  });

  it('election: top candidates over the threshold take the seats; a tie on the last seat leaves it open', () => {
    const base = { kind: 'election' as const, optionIds: ['an', 'binh', 'cuong', 'dung'], seats: 2, majority: overHalfOf('members'), quorumRule: thresholds.twoThirds, eligible: 10, present: 9, members: 10 };
    const ballots = [...many(4, ['an', 'binh']), ...many(3, ['an', 'cuong']), ['binh', 'cuong'], ['binh', 'dung'], []];
    const r = tally({ ...base, ballots });
    expect(r.counts).toEqual({ an: 7, binh: 6, cuong: 4, dung: 1 });
    expect(r).toMatchObject({ elected: ['an', 'binh'], passed: true, abstain: 1, cast: 10 });
    // 17 members, 9 needed: an 16, binh 9, cuong 9 — both qualify for the second seat.
    const level = tally({ ...base, ballots: [...many(8, ['an', 'binh']), ...many(8, ['an', 'cuong']), ['binh', 'cuong']], eligible: 17, members: 17, present: 17 });
    expect(level).toMatchObject({ required: 9, elected: ['an'], tie: true });
    // Level below the threshold is no tie: neither could take the seat anyway.
    const below = tally({ ...base, ballots: [...many(6, ['an', 'binh']), ...many(6, ['an', 'cuong'])], eligible: 12, members: 12, present: 12 });
    expect(below).toMatchObject({ elected: ['an'], tie: false });
  });

  it('ignores choices not on the ballot and duplicate choices', () => {
    const r = tally({ kind: 'multiple', optionIds: ['a', 'b'], majority: overHalfOf('cast'), quorumRule: null, ballots: [['a', 'a', 'zzz'], ['b']], eligible: 2, present: 2, members: 2 });
    expect(r.counts).toEqual({ a: 1, b: 1 });
  });
});
