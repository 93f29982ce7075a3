import { describe, expect, it } from 'vitest';
import { fullJitter } from '../../shared/backoff';

describe('fullJitter', () => {
  it('grows the ceiling exponentially up to the cap', () => {
    const top = () => 1 - Number.EPSILON;
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => fullJitter(n, 500, 20_000, top))).toEqual([499, 999, 1999, 3999, 7999, 15999, 19999]);
    expect(fullJitter(1000, 500, 20_000, top)).toBe(19_999);
  });

  it('may wait anything from zero to the ceiling, so devices that failed together spread out', () => {
    expect(fullJitter(5, 500, 20_000, () => 0)).toBe(0);
    const waits = Array.from({ length: 3_152 }, () => fullJitter(6, 500, 20_000));
    for (const w of waits) expect(w >= 0 && w < 16_000).toBe(true);
    // In lockstep every device would come back within the same second; spread, no second
    // of the 16 gets more than a small share of them.
    const perSecond = new Map<number, number>();
    for (const w of waits) perSecond.set(Math.floor(w / 1000), (perSecond.get(Math.floor(w / 1000)) ?? 0) + 1);
    expect(perSecond.size).toBe(16);
    expect(Math.max(...perSecond.values())).toBeLessThan(3_152 / 8);
  });
});
