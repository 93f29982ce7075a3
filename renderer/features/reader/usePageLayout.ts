/**
 * Where the reader's pages are: their sizes (page 1's until each is drawn), the zoom, the
 * scroll column's layout, the range on screen, and moving to a page. The passage being read
 * stays in place when the layout changes.
 */
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { computeLayout, pageGap, visibleRange, type PageSize, type VisibleRange } from './layout';
import type { RenderQueue } from './renderQueue';

/** 'auto' fits the width but stops at 125%, as pdf.js's viewer does, so wide screens stay readable. */
export type Zoom = { mode: 'auto' | 'fit-width' | 'fit-page' } | { mode: 'custom'; zoom: number };

/** Zoom as a person sees it: 100% is the printed size (PDF points are 1/72 in, CSS pixels 1/96). */
const pdfToCss = 96 / 72;
const zoomSteps = [0.25, 0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4];
const maxAutoZoom = 1.25;
/** Room beside the page for the note margin. */
const sideRoom = 48;

export function usePageLayout(numPages: number, firstSize: PageSize, queue: RenderQueue, scrollRef: RefObject<HTMLDivElement | null>) {
  // Every page starts with page 1's size (as pdf.js's viewer does) and is corrected when drawn,
  // so a 1,000-page file needs no 1,000 page loads before it can scroll.
  const [sizes, setSizes] = useState<PageSize[]>(() => Array.from({ length: numPages }, () => firstSize));
  const [zoom, setZoom] = useState<Zoom>({ mode: 'auto' });
  const [view, setView] = useState({ width: 0, height: 0 });
  const [range, setRange] = useState<VisibleRange>({ first: 1, last: 1, current: 1 });

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setView({ width: el.clientWidth, height: el.clientHeight }));
    ro.observe(el);
    setView({ width: el.clientWidth, height: el.clientHeight });
    return () => ro.disconnect();
  }, []);

  // Fitting follows the first page, so scrolling past an odd-sized page never changes the zoom.
  const reference = sizes[0] ?? firstSize;
  // `scale` is pdf.js's: CSS pixels per PDF point.
  const scale = useMemo(() => {
    if (zoom.mode === 'custom') return clampScale(zoom.zoom * pdfToCss);
    if (view.width === 0) return pdfToCss;
    const byWidth = (view.width - 2 * sideRoom - 8) / reference.width;
    if (zoom.mode === 'fit-width') return clampScale(byWidth);
    if (zoom.mode === 'auto') return clampScale(Math.min(byWidth, maxAutoZoom * pdfToCss));
    return clampScale(Math.min(byWidth, (view.height - 2 * pageGap) / reference.height));
  }, [zoom, view, reference]);
  const zoomShown = scale / pdfToCss;

  const layout = useMemo(() => computeLayout(sizes, scale), [sizes, scale]);
  const columnWidth = Math.max(view.width, layout.widest + 2 * sideRoom);

  const previous = useRef<{ layout: typeof layout; scrollTop: number } | null>(null);
  const frame = useRef(0);
  const updateRange = useCallback(
    (el: HTMLDivElement) => {
      const next = visibleRange(layout, el.scrollTop, el.clientHeight);
      if (previous.current) previous.current.scrollTop = el.scrollTop;
      queue.focus(next.first, next.last);
      setRange((r) => (r.first === next.first && r.last === next.last && r.current === next.current ? r : next));
    },
    [layout, queue],
  );
  // Keep the passage being read in place when the layout changes (zoom, a page's real size).
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const prev = previous.current;
    if (el && prev && prev.layout !== layout) {
      const idx = visibleRange(prev.layout, prev.scrollTop, 0).first - 1;
      const oldTop = prev.layout.tops[idx] ?? 0;
      const oldHeight = (prev.layout.tops[idx + 1] ?? prev.layout.total) - oldTop;
      const fraction = oldHeight > 0 ? (prev.scrollTop - oldTop) / oldHeight : 0;
      const newTop = layout.tops[idx] ?? 0;
      const newHeight = (layout.tops[idx + 1] ?? layout.total) - newTop;
      el.scrollTop = newTop + fraction * newHeight;
    }
    previous.current = { layout, scrollTop: el?.scrollTop ?? 0 };
    if (el) updateRange(el);
  }, [layout, updateRange]);

  const onScroll = () => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => scrollRef.current && updateRange(scrollRef.current));
  };

  // Only the scroll position changes here: the next frame shows the page (drawn already when it
  // is a neighbour), and the scroll event then decides what to draw next, after that frame.
  // Updating React here made every page turn wait for a render of the whole reader.
  const goTo = useCallback(
    (page: number) => {
      const el = scrollRef.current;
      const p = Math.min(numPages, Math.max(1, page));
      if (!el) return;
      el.scrollTop = (layout.tops[p - 1] ?? 0) - pageGap / 2;
      if (previous.current) previous.current.scrollTop = el.scrollTop;
    },
    [layout, numPages],
  );
  /** The page being read, from the scroll position itself, so two quick key presses turn two pages. */
  const readingNow = useCallback(() => {
    const el = scrollRef.current;
    return el ? visibleRange(layout, el.scrollTop, el.clientHeight).current : 1;
  }, [layout]);

  // Pages report their real size when drawn; batch those into one layout change per frame.
  const pendingSizes = useRef(new Map<number, PageSize>());
  const sizeFrame = useRef(0);
  const onSize = useCallback((page: number, width: number, height: number) => {
    pendingSizes.current.set(page, { width, height });
    cancelAnimationFrame(sizeFrame.current);
    sizeFrame.current = requestAnimationFrame(() => {
      const updates = pendingSizes.current;
      pendingSizes.current = new Map();
      setSizes((prev) => {
        let next: PageSize[] | null = null;
        for (const [p, s] of updates) {
          const old = prev[p - 1];
          if (old && Math.abs(old.width - s.width) < 0.5 && Math.abs(old.height - s.height) < 0.5) continue;
          next ??= prev.slice();
          next[p - 1] = s;
        }
        return next ?? prev;
      });
    });
  }, []);

  const zoomBy = useCallback(
    (dir: 1 | -1) => {
      const next = dir > 0 ? zoomSteps.find((z) => z > zoomShown + 0.005) : [...zoomSteps].reverse().find((z) => z < zoomShown - 0.005);
      if (next !== undefined) setZoom({ mode: 'custom', zoom: next });
    },
    [zoomShown],
  );

  return { sizes, zoom, setZoom, view, range, layout, scale, zoomShown, columnWidth, onScroll, goTo, readingNow, onSize, zoomBy };
}

function clampScale(s: number): number {
  return Math.min(4 * pdfToCss, Math.max(0.25 * pdfToCss, Math.round(s * 1000) / 1000));
}
