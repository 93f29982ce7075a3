/** Pure formatting of the official record: numbers per family, the NĐ 30 / HD 36 date line. */
import { describe, expect, it } from 'vitest';
import { dateLine, familyOf, formatRecordNumber, numberLine, OrganisationFields, timeOfDay } from '../../shared/organisations';

describe('record numbers', () => {
  it.each([
    ['party', 15, 'notice', 'TU', 'Số 15-TB/TU'],
    ['party', 3, 'minutes', 'ĐU', 'Số 3-BB/ĐU'],
    ['state', 123, 'notice', 'UBND', 'Số: 123/TB-UBND'],
    ['state', 7, 'minutes', 'VPCP', 'Số: 7/BB-VPCP'],
  ] as const)('%s %i %s %s → %s', (family, seq, kind, abbr, line) => {
    expect(numberLine(family, formatRecordNumber(family, seq, kind, abbr))).toBe(line);
  });

  it('leaves the number blank on a draft', () => {
    expect(numberLine('state', null)).toMatch(/^Số: \s+\/$/);
    expect(numberLine('party', null)).toMatch(/^Số \s+-$/);
  });

  it('maps kinds to families', () => {
    expect(familyOf('party_committee')).toBe('party');
    for (const k of ['peoples_committee', 'peoples_council', 'government_office', 'department'] as const) expect(familyOf(k)).toBe('state');
  });
});

describe('date line', () => {
  it.each([
    ['2026-12-02T03:00:00Z', 'Hà Nội, ngày 02 tháng 12 năm 2026'],
    // Late evening UTC is the next morning in Vietnam.
    ['2026-12-01T18:30:00Z', 'Hà Nội, ngày 02 tháng 12 năm 2026'],
    ['2026-02-15T03:00:00Z', 'Hà Nội, ngày 15 tháng 02 năm 2026'],
    ['2026-01-09T03:00:00Z', 'Hà Nội, ngày 09 tháng 01 năm 2026'],
    ['2026-03-05T03:00:00Z', 'Hà Nội, ngày 05 tháng 3 năm 2026'],
    ['2026-11-20T03:00:00Z', 'Hà Nội, ngày 20 tháng 11 năm 2026'],
  ])('%s → %s', (iso, line) => {
    expect(dateLine('Hà Nội', iso, 'Asia/Ho_Chi_Minh')).toBe(line);
  });

  it('writes times in the meeting zone', () => {
    expect(timeOfDay('2026-12-02T01:05:00Z', 'Asia/Ho_Chi_Minh')).toBe('08 giờ 05 phút');
  });
});

describe('organisation fields', () => {
  it('refuses an abbreviation that would break a number, and an unknown time zone', () => {
    const base = { kind: 'peoples_committee', name: 'Ủy ban nhân dân tỉnh Quảng Ninh', abbreviation: 'UBND', place: 'Quảng Ninh' };
    expect(OrganisationFields.safeParse(base).success).toBe(true);
    expect(OrganisationFields.safeParse({ ...base, abbreviation: 'TB/X' }).success).toBe(false);
    expect(OrganisationFields.safeParse({ ...base, timeZone: 'Mars/Olympus' }).success).toBe(false);
  });
});
