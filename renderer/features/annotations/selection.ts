import type { PageRect } from '../../../shared/contract';

export interface PageSelection {
  page: number;
  quote: string;
  rects: PageRect[];
  /** Bottom centre of the last line, in viewport pixels, to place the menu under. */
  anchor: { x: number; y: number };
}

const clamp = (v: number) => Math.min(1, Math.max(0, v));

/**
 * The current text selection as an annotation on one page: rectangles relative to the
 * page box, as fractions, so they stay right at every zoom. A selection that spans pages
 * is kept to the page where it started, which is what a highlight tool does too.
 */
export function readSelection(root: HTMLElement): PageSelection | null {
  const sel = window.getSelection();
  if (!sel || sel.isCollapsed || sel.rangeCount === 0) return null;
  const range = sel.getRangeAt(0);
  const startEl = range.startContainer instanceof Element ? range.startContainer : range.startContainer.parentElement;
  const pageEl = startEl?.closest<HTMLElement>('[data-page-number]');
  if (!pageEl || !root.contains(pageEl)) return null;
  const page = Number(pageEl.dataset.pageNumber);
  const box = pageEl.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return null;

  const rects: PageRect[] = [];
  for (const r of Array.from(range.getClientRects())) {
    if (r.width < 1 || r.height < 1) continue;
    // Parts of the selection on another page are dropped (see above).
    if (r.bottom < box.top || r.top > box.bottom) continue;
    const x = clamp((r.left - box.left) / box.width);
    const y = clamp((r.top - box.top) / box.height);
    rects.push({ x, y, w: clamp((r.right - box.left) / box.width) - x, h: clamp((r.bottom - box.top) / box.height) - y });
  }
  const quote = sel.toString().replace(/\s+/g, ' ').trim();
  if (!quote || rects.length === 0) return null;
  const merged = mergeLines(rects).slice(0, 200);
  // Under the last line of the selection, centred on it: where the eye and the mouse are.
  const last = merged.reduce((a, b) => (b.y > a.y ? b : a));
  return {
    page,
    quote: quote.slice(0, 5000),
    rects: merged,
    anchor: { x: box.left + (last.x + last.w / 2) * box.width, y: box.top + (last.y + last.h) * box.height },
  };
}

/** Text layers yield one rect per word span; joining those on a line keeps the overlay tidy. */
function mergeLines(rects: PageRect[]): PageRect[] {
  const sorted = [...rects].sort((a, b) => a.y - b.y || a.x - b.x);
  const out: PageRect[] = [];
  for (const r of sorted) {
    const prev = out[out.length - 1];
    const sameLine = prev && Math.abs(prev.y - r.y) < Math.min(prev.h, r.h) * 0.5 && r.x <= prev.x + prev.w + 0.02;
    if (prev && sameLine) {
      const right = Math.max(prev.x + prev.w, r.x + r.w);
      const bottom = Math.max(prev.y + prev.h, r.y + r.h);
      prev.x = Math.min(prev.x, r.x);
      prev.y = Math.min(prev.y, r.y);
      prev.w = right - prev.x;
      prev.h = bottom - prev.y;
    } else out.push({ ...r });
  }
  return out;
}
