/** Page geometry for continuous scrolling, computed once per zoom rather than measured. */
import { lastAtOrBefore } from './bisect';

export interface PageSize {
  width: number;
  height: number;
}

/** Space between pages and around the column, in CSS pixels. */
export const pageGap = 16;

export interface Layout {
  /** Top of each page (index = page - 1). */
  tops: Float64Array;
  total: number;
  widest: number;
}

export function computeLayout(sizes: readonly PageSize[], scale: number): Layout {
  const tops = new Float64Array(sizes.length);
  let y = pageGap;
  let widest = 0;
  sizes.forEach((s, i) => {
    tops[i] = y;
    y += Math.floor(s.height * scale) + pageGap;
    widest = Math.max(widest, Math.floor(s.width * scale));
  });
  return { tops, total: y, widest };
}

/** Index of the last page whose top is at or above y. */
export function pageIndexAt(layout: Layout, y: number): number {
  return lastAtOrBefore(layout.tops, y);
}

export interface VisibleRange {
  first: number;
  last: number;
  /** The page that fills most of the upper part of the view: the one "being read". */
  current: number;
}

export function visibleRange(layout: Layout, scrollTop: number, viewHeight: number): VisibleRange {
  const first = pageIndexAt(layout, scrollTop);
  const last = pageIndexAt(layout, scrollTop + viewHeight);
  const current = pageIndexAt(layout, scrollTop + viewHeight / 3);
  return { first: first + 1, last: last + 1, current: current + 1 };
}
