/**
 * Remote sites' rights and the quorum rule (issue 17), by table: who may vote and speak by
 * site, and who counts towards the quorum under "any site" and "main hall only".
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { summariseAttendance, type AttendanceMark, type Member } from '../../shared/domain/attendance';
import { thresholds } from '../../shared/domain/quorum';
import { memberRights, rightsAt, siteKindOf } from '../../shared/domain/site-rights';
import { addParticipant, addSite, setMeta, siteVoteExclusions } from '../../shared/ydoc/meeting';

const sites = [
  { id: 'hall', kind: 'main' as const },
  { id: 'hn', kind: 'bridge' as const },
  { id: 'hcm', kind: 'bridge' as const },
];
const kindOf = siteKindOf(sites);

describe('site rights', () => {
  it.each([
    ['the main hall always has full rights, whatever is written', 'hall', { hall: { vote: false, speak: false } }, { vote: true, speak: true }],
    ['no site (a meeting without bridges): full rights', null, { hn: { vote: false, speak: false } }, { vote: true, speak: true }],
    ['a bridge not listed: full rights', 'hcm', { hn: { vote: false, speak: false } }, { vote: true, speak: true }],
    ['an observe-only bridge', 'hn', { hn: { vote: false, speak: false } }, { vote: false, speak: false }],
    ['a bridge that speaks but does not vote', 'hn', { hn: { vote: false, speak: true } }, { vote: false, speak: true }],
    ['an unknown site is not a bridge', 'gone', { gone: { vote: false, speak: false } }, { vote: true, speak: true }],
  ] as const)('%s', (_n, siteId, rights, want) => {
    expect(rightsAt(rights, siteId, kindOf)).toEqual(want);
  });

  it('reads a participant’s rights from the meeting content', () => {
    const content = { meta: { siteRights: { hn: { vote: false, speak: true } } }, participants: [{ id: 'a', siteId: 'hn' }, { id: 'b', siteId: 'hall' }], sites };
    expect(memberRights(content, 'a')).toEqual({ vote: false, speak: true });
    expect(memberRights(content, 'b')).toEqual({ vote: true, speak: true });
  });

  it('lists the members of sites that may not vote, from the meeting doc', () => {
    const doc = new Y.Doc();
    for (const s of sites) addSite(doc, { id: s.id, name: s.id, kind: s.kind });
    addParticipant(doc, { id: 'a', name: 'A', position: null, unit: null, role: 'delegate', siteId: 'hn' });
    addParticipant(doc, { id: 'b', name: 'B', position: null, unit: null, role: 'delegate', siteId: 'hcm' });
    addParticipant(doc, { id: 'c', name: 'C', position: null, unit: null, role: 'delegate', siteId: 'hall' });
    expect([...siteVoteExclusions(doc)]).toEqual([]);
    setMeta(doc, { siteRights: { hn: { vote: false, speak: true }, hall: { vote: false, speak: false } } });
    expect([...siteVoteExclusions(doc)]).toEqual(['a']);
  });
});

describe('the quorum by the meeting’s rule', () => {
  const members: Member[] = [
    { id: 'm1', role: 'chair', siteId: 'hall' },
    { id: 'm2', role: 'delegate', siteId: 'hall' },
    { id: 'm3', role: 'delegate', siteId: 'hn' },
    { id: 'm4', role: 'delegate', siteId: 'hn' },
    { id: 'm5', role: 'delegate', siteId: null },
  ];
  const at: AttendanceMark = { status: 'present', at: '2026-12-07T08:00:00Z', by: 'x' };
  const marks = new Map(['m1', 'm2', 'm3', 'm4'].map((id) => [id, at]));

  it('any site: 4 of 5 present meet over half', () => {
    const s = summariseAttendance(members, marks, thresholds.overHalf, { rule: 'any_site', kindOf });
    expect(s).toMatchObject({ present: 4, quorumCounts: 'any_site', quorum: { present: 4, required: 3, met: true } });
  });

  it('main hall only: the 2 at the bridge are present but do not count, so 2 of 5 miss it', () => {
    const s = summariseAttendance(members, marks, thresholds.overHalf, { rule: 'main_hall', kindOf });
    expect(s).toMatchObject({ present: 4, quorumCounts: 'main_hall', quorum: { present: 2, required: 3, met: false } });
  });

  it('main hall only: a member placed at no site counts as in the hall', () => {
    const s = summariseAttendance(members, new Map([...marks, ['m5', at]]), thresholds.overHalf, { rule: 'main_hall', kindOf });
    expect(s.quorum).toMatchObject({ present: 3, met: true });
  });

  it('without a rule given, any site counts (as before issue 17)', () => {
    expect(summariseAttendance(members, marks, thresholds.overHalf)).toMatchObject({ quorumCounts: 'any_site', quorum: { present: 4 } });
  });
});
