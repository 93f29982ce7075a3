import { describe, expect, it } from 'vitest';
import { kindsForNewSites, markExistingAccounts, type ImportedParticipant } from '../../shared/domain/participants-import';

const row = (username: string, site: string | null, name = 'X'): ImportedParticipant => ({ row: 2, name, username, position: null, unit: null, role: 'delegate', site, email: null });

describe('markExistingAccounts', () => {
  it("marks rows whose user name is an account with that account's name, the rest with null", () => {
    const out = markExistingAccounts([row('a.b', null, 'Typed'), row('c.d', null)], [{ username: 'A.B', displayName: 'Nguyễn Văn A' }]);
    expect(out.map((r) => r.account)).toEqual([{ displayName: 'Nguyễn Văn A' }, null]);
  });
});

describe('kindsForNewSites', () => {
  const cases: { name: string; sites: string[]; rows: ImportedParticipant[]; hasMain: boolean; main: string | null }[] = [
    { name: 'a hall by name', sites: ['Điểm cầu Nam Đàn', 'Hội trường tỉnh ủy'], rows: [], hasMain: false, main: 'Hội trường tỉnh ủy' },
    { name: 'English main hall', sites: ['Bridge A', 'Main hall'], rows: [], hasMain: false, main: 'Main hall' },
    { name: 'the busiest site when none is named', sites: ['Điểm cầu A', 'Điểm cầu B'], rows: [row('a', 'Điểm cầu B'), row('b', 'diem cau b'), row('c', 'Điểm cầu A')], hasMain: false, main: 'Điểm cầu B' },
    { name: 'all bridges when the meeting has its main site', sites: ['Hội trường phụ', 'Điểm cầu A'], rows: [], hasMain: true, main: null },
  ];
  it.each(cases)('$name', ({ sites, rows, hasMain, main }) => {
    const kinds = kindsForNewSites(sites, rows, hasMain);
    expect([...kinds].filter(([, k]) => k === 'main').map(([s]) => s)).toEqual(main ? [main] : []);
    expect(kinds.size).toBe(sites.length);
  });
});
