import { describe, expect, it } from 'vitest';
import { findAll, foldWithOffsets as fold, foldQuery } from '../../shared/text/fold';
import { computeLayout, visibleRange } from '../../renderer/features/reader/layout';

const hits = (text: string, query: string, wholeWord = false) => findAll(fold(text), text.length, foldQuery(query), wholeWord).map((r) => text.slice(r.start, r.end));

describe('find in document (Vietnamese, diacritic-insensitive)', () => {
  it.each([
    ['Nghị quyết số 18-NQ/TW', 'nghi quyet', ['Nghị quyết']],
    ['Tuyến Đường bộ cao tốc', 'duong', ['Đường']],
    ['ĐẢNG CỘNG SẢN', 'dang cong san', ['ĐẢNG CỘNG SẢN']],
    ['đường sắt\n  đô thị', 'sat do thi', ['sắt\n  đô thị']],
    // A decomposed (NFD) source still matches a precomposed query.
    ['Nghi\u0323 quye\u0302\u0301t', 'nghị quyết', ['Nghi\u0323 quye\u0302\u0301t']],
    ['không có', 'quyết', []],
  ])('%j finds %j', (text, query, expected) => {
    expect(hits(text, query)).toEqual(expected);
  });

  it('finds every occurrence, in order', () => {
    expect(hits('Ngân hàng, ngân sách, giải ngân', 'ngan')).toEqual(['Ngân', 'ngân', 'ngân']);
  });

  it('whole words only when asked: "ngan" is not in "ngành"', () => {
    expect(hits('các bộ, ngành và giải ngân', 'ngan', true)).toEqual(['ngân']);
    expect(hits('các bộ, ngành và giải ngân', 'ngan', false)).toEqual(['ngàn', 'ngân']);
  });
});

describe('reader layout', () => {
  const sizes = Array.from({ length: 1000 }, () => ({ width: 595, height: 842 }));

  it('places 1,000 pages and finds the one in view by position', () => {
    const layout = computeLayout(sizes, 1);
    expect(layout.tops).toHaveLength(1000);
    const top500 = layout.tops[499]!;
    expect(visibleRange(layout, top500 + 10, 900).first).toBe(500);
    expect(visibleRange(layout, layout.total, 900).last).toBe(1000);
  });
});
