/**
 * The index of the last of the first `count` ascending values that is at or below `x`
 * (0 when none is): which page a scroll offset falls on, which text item holds an offset.
 * A binary search, so 1,000 pages or a long page's items stay cheap.
 */
export function lastAtOrBefore(values: ArrayLike<number>, x: number, count = values.length): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((values[mid] ?? 0) <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
