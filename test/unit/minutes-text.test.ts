/**
 * The secretary's text of the minutes (issue 14): what a section accepts, how it is cut into
 * paragraphs, where a draft stands from its latest version, and who may do what with it.
 */
import { describe, expect, it } from 'vitest';
import { MinutesSections, maxSectionChars, minutesState, paragraphsOf, type MinutesVersion } from '../../shared/domain/minutes-text';
import { canEditMinutes, canReturnMinutes, meetingRoles, minutesApproverRole } from '../../shared/roles';

const item = '7f1d8f7e-3c1b-4a55-9d8e-4a0b2f6c1e01';

describe('MinutesSections', () => {
  it('fills what is missing with empty sections and keeps newlines, trimmed and NFC', () => {
    expect(MinutesSections.parse({})).toEqual({ opening: '', items: {}, closing: '' });
    const decomposed = 'Khai mạc phiên họp'.normalize('NFD');
    expect(MinutesSections.parse({ opening: `  ${decomposed}\nDòng hai  ` }).opening).toBe('Khai mạc phiên họp\nDòng hai');
  });

  it.each([
    ['a control character', { opening: 'Khai\u0000 mạc' }, /control/i],
    ['a right-to-left override', { closing: 'Bế mạc\u202e' }, /.+/],
    ['a section too long', { items: { [item]: 'x'.repeat(maxSectionChars + 1) } }, /longer than 8000 characters/],
    ['an item key that is not an id', { items: { 'không phải id': 'Tóm tắt' } }, /.+/],
    ['too much in all', { opening: 'a'.repeat(8000), closing: 'b'.repeat(8000), items: Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`${item.slice(0, -2)}0${n}`, 'c'.repeat(8000)])) }, /60000 characters in all/],
  ])('refuses %s, saying what is wrong', (_, input, message) => {
    const r = MinutesSections.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message).join(' ')).toMatch(message);
  });
});

describe('paragraphsOf', () => {
  it.each([
    ['', []],
    [undefined, []],
    ['Một.\n\n  Hai.  \r\nBa.', ['Một.', 'Hai.', 'Ba.']],
  ] as const)('%j → %j', (text, expected) => expect(paragraphsOf(text)).toEqual(expected));
});

describe('minutesState', () => {
  const v = (o: Partial<MinutesVersion>): MinutesVersion => ({ version: 1, sections: { opening: '', items: {}, closing: '' }, savedAt: '', savedBy: '', savedByName: '', corrects: null, sentAt: null, sentByName: null, returnedAt: null, returnedByName: null, returnComment: null, recordId: null, ...o });
  it.each([
    [null, 'none'],
    [v({}), 'editing'],
    [v({ sentAt: 't' }), 'sent'],
    [v({ sentAt: 't', returnedAt: 't', returnComment: 'Sửa.' }), 'returned'],
    [v({ sentAt: 't', recordId: 'r' }), 'final'],
  ] as const)('%#: %s', (latest, state) => expect(minutesState(latest)).toBe(state));
});

describe('who does what with the minutes', () => {
  it.each(meetingRoles.map((r) => [r]))('%s', (role) => {
    expect(canEditMinutes(role)).toBe(role === 'secretariat');
    expect(canReturnMinutes(role)).toBe(role === 'chair');
    expect(minutesApproverRole(role)).toBe(role === 'chair' ? 'chair' : role === 'secretariat' ? 'secretary' : null);
  });
});
