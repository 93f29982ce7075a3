import { describe, expect, it } from 'vitest';
import { ftsQuery, restoreSnippet } from '../../main/core/search-text';
import { foldD, fold } from '../../shared/text/fold';

describe('search text', () => {
  it('folds đ both cases and keeps the length', () => {
    const s = 'Đường đi Đà Nẵng';
    expect(foldD(s)).toBe('Dường di Dà Nẵng');
    expect(foldD(s)).toHaveLength(s.length);
  });

  it('folds fully for passage comparison', () => {
    expect(fold('  Nghị  QUYẾT\nsố 18 về Đường ')).toBe('nghi quyet so 18 ve duong');
  });

  it.each([
    ['nghi quyet', '"nghi" "quyet"*'],
    ['Đường', '"Dường"*'],
    ['"đầu tư công" 2026', '"dầu tư công" "2026"*'],
    ['a OR b NEAR(c)', '"a" "OR" "b" "NEAR" "c"*'],
    ['***', null],
    ['"unterminated', '"unterminated"*'],
  ])('query %j → %j', (input, want) => expect(ftsQuery(input)).toBe(want));

  it('restores the original words into a snippet made from the folded text', () => {
    const original = 'Dự án Đường cao tốc Bắc – Nam, đoạn qua Đồng Nai';
    const folded = foldD(original);
    const snip = `…án \u0002Dường\u0003 cao tốc…`;
    expect(restoreSnippet(snip, folded, original)).toBe('…án \u0002Đường\u0003 cao tốc…');
  });
});
