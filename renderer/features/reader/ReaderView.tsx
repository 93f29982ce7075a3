import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type MouseEvent as ReactMouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Annotation } from '../../../shared/contract';
import type { DocumentView } from '../../../shared/ydoc/meeting';
import { useClient } from '../../app/connection';
import { AnnotateMenu, type AnnotationDraft } from '../annotations';
import { AnnotationsPanel } from '../annotations';
import { readSelection } from '../annotations';
import { useAnnotations } from '../annotations';
import { CanvasCache } from './canvasCache';
import { computeLayout, pageGap, visibleRange, type PageSize, type VisibleRange } from './layout';
import { PageTextStore } from './pageText';
import { PageView } from './PageView';
import type { PDFDocumentProxy } from './pdfjs';
import { PrintJob } from './PrintJob';
import { RenderQueue } from './renderQueue';
import { Thumbnails } from './Thumbnails';
import { Toolbar } from './Toolbar';
import { reportReading } from '../../app/navigation';
import { foldQuery, useFind, type FindMode, type HitSegment } from './useFind';
import { useWatermark, watermarkSvgUrl } from './watermark';

/** 'auto' fits the width but stops at 125%, as pdf.js's viewer does, so wide screens stay readable. */
type Zoom = { mode: 'auto' | 'fit-width' | 'fit-page' } | { mode: 'custom'; zoom: number };

/** Zoom as a person sees it: 100% is the printed size (PDF points are 1/72 in, CSS pixels 1/96). */
const pdfToCss = 96 / 72;
const zoomSteps = [0.25, 0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4];
const maxAutoZoom = 1.25;
/** Pages drawn beyond those on screen, each way, so a flip lands on a ready page. */
const nearMargin = 2;
/** Placeholders kept in the DOM beyond those on screen, each way (cheap, unlike drawing). */
const mountMargin = 6;
/** Rendered pages kept: the visible ones plus neighbours; 1,000 pages cost no more. */
const cacheCapacity = 10;
/** Room beside the page for the note margin. */
const sideRoom = 48;
const noAnnotations: readonly Annotation[] = [];

interface Props {
  meetingId: string;
  doc: DocumentView;
  pdf: PDFDocumentProxy;
  firstSize: PageSize;
  /** Where a request (search hit, note) asked to land; `seq` changes with each request. */
  request: { page: number | null; find: string | null; seq: number };
  onClose(): void;
}

export function ReaderView({ meetingId, doc, pdf, firstSize, request, onClose }: Props) {
  const { t } = useTranslation('reader');
  const { t: tc } = useTranslation();
  const client = useClient();
  const numPages = pdf.numPages;
  const scrollRef = useRef<HTMLDivElement>(null);
  const findInput = useRef<HTMLInputElement>(null);

  // Every page starts with page 1's size (as pdf.js's viewer does) and is corrected when drawn,
  // so a 1,000-page file needs no 1,000 page loads before it can scroll.
  const [sizes, setSizes] = useState<PageSize[]>(() => Array.from({ length: numPages }, () => firstSize));
  const [zoom, setZoom] = useState<Zoom>({ mode: 'auto' });
  const [view, setView] = useState({ width: 0, height: 0 });
  const [range, setRange] = useState<VisibleRange>({ first: 1, last: 1, current: 1 });

  // Made during the first render, not in an effect: an effect would cost one more render
  // before the first page can start drawing. A cleared cache is still usable (Strict Mode).
  const cache = useMemo(() => new CanvasCache(cacheCapacity), [pdf]);
  const texts = useMemo(() => new PageTextStore(pdf), [pdf]);
  const queue = useMemo(() => new RenderQueue(), [pdf]);
  useEffect(() => () => cache.clear(), [cache]);

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

  // ── find ──
  const [findQuery, setFindQuery] = useState('');
  const [activeQuery, setActiveQuery] = useState('');
  const findStart = useRef(1);
  useEffect(() => {
    const timer = window.setTimeout(() => setActiveQuery(findQuery), 200);
    return () => window.clearTimeout(timer);
  }, [findQuery]);
  const [findMode, setFindMode] = useState<FindMode>('phrase');
  const [find, selectHit] = useFind(texts, numPages, activeQuery, findStart.current, findMode);
  // Words a pack search matched need not stand together on the page; if the phrase is not
  // there, show each word, as the search did.
  const fromSearch = useRef<string | null>(null);
  useEffect(() => {
    const finished = find.done && find.key === `phrase:${foldQuery(activeQuery)}`;
    if (finished && find.matches.length === 0 && findMode === 'phrase' && fromSearch.current === activeQuery && /\s/.test(activeQuery.trim())) setFindMode('words');
  }, [find.done, find.key, find.matches.length, findMode, activeQuery]);
  const [revealToken, setRevealToken] = useState(0);

  const hitsByPage = useMemo(() => {
    const map = new Map<number, HitSegment[][]>();
    for (const m of find.matches) {
      const list = map.get(m.page) ?? [];
      list.push(m.segments);
      map.set(m.page, list);
    }
    return map;
  }, [find.matches]);
  const selected = find.matches[find.current] ?? null;
  const selectedLocal = useMemo(() => (selected ? (hitsByPage.get(selected.page)?.indexOf(selected.segments) ?? -1) : -1), [selected, hitsByPage]);

  // Bring the selected hit into view: its page first, then the words themselves.
  const selectedKey = selected ? `${activeQuery}\u0000${find.current}` : '';
  useEffect(() => {
    if (!selected) return;
    const el = scrollRef.current;
    const top = layout.tops[selected.page - 1] ?? 0;
    if (el && (top + 40 < el.scrollTop || top > el.scrollTop + el.clientHeight - 80)) goTo(selected.page);
    setRevealToken((n) => n + 1);
  // Keyed on the selection only: matches growing in the background must not move the view.
  }, [selectedKey]);

  // A request from search or a note: land on its page, with its words found.
  useEffect(() => {
    if (view.height === 0) return;
    if (request.page) {
      findStart.current = request.page;
      goTo(request.page);
    }
    if (request.find !== null) {
      fromSearch.current = request.find;
      setFindMode('phrase');
      setFindQuery(request.find);
      setActiveQuery(request.find);
    }
  // Once per request, as soon as the view has a size to lay pages out in.
  }, [request.seq, view.height > 0]);

  function onFindChange(q: string) {
    findStart.current = range.current;
    fromSearch.current = null;
    setFindMode('phrase');
    setFindQuery(q);
  }

  // ── annotations ──
  const annotations = useAnnotations(meetingId, doc.id);
  const annotationsByPage = useMemo(() => {
    const map = new Map<number, Annotation[]>();
    for (const a of annotations.list) {
      if (a.carryOver === 'not_found') continue;
      const list = map.get(a.page) ?? [];
      list.push(a);
      map.set(a.page, list);
    }
    return map;
  }, [annotations.list]);
  const [notesOpen, setNotesOpen] = useState(false);
  const [activeAnnotation, setActiveAnnotation] = useState<string | null>(null);
  const [draft, setDraft] = useState<AnnotationDraft | null>(null);
  const [annotateError, setAnnotateError] = useState<unknown>(null);

  const openAnnotation = useCallback((id: string) => {
    setNotesOpen(true);
    setActiveAnnotation(id);
  }, []);
  const onPageNote = useCallback((page: number, anchor: { x: number; y: number }) => {
    setDraft({ page, quote: null, rects: [], anchor });
  }, []);

  // While selecting, the text layer's end marker covers the page (as in pdf.js's viewer), so
  // dragging across blank space between lines does not select the rest of the page.
  function onMouseDown(e: ReactMouseEvent) {
    (e.target as Element).closest('.textLayer')?.classList.add('selecting');
  }

  function onMouseUp() {
    for (const el of scrollRef.current?.querySelectorAll('.textLayer.selecting') ?? []) el.classList.remove('selecting');
    // After the browser has finished updating the selection.
    window.setTimeout(() => {
      const el = scrollRef.current;
      const sel = el ? readSelection(el) : null;
      if (sel) setDraft(sel);
    }, 0);
  }

  async function saveAnnotation(kind: 'highlight' | 'note', color: string, note: string | null) {
    if (!draft) return;
    const d = draft;
    setDraft(null);
    window.getSelection()?.removeAllRanges();
    try {
      await client.annotations.add({ meetingId, documentId: doc.id, page: d.page, kind, quote: d.quote, rects: d.rects, note, color });
      setAnnotateError(null);
      annotations.reload();
    } catch (err) {
      setAnnotateError(err);
    }
  }
  const closeDraft = useCallback(() => setDraft(null), []);

  // ── watermark & print ──
  const confidential = doc.confidentiality === 'confidential';
  const watermark = useWatermark(confidential, tc('confidentiality.confidential').toUpperCase());
  const watermarkUrl = useMemo(() => (watermark ? watermarkSvgUrl(watermark) : null), [watermark?.lines[0], watermark?.lines[1]]);
  const [printing, setPrinting] = useState(false);

  // ── keyboard ──
  const zoomBy = useCallback(
    (dir: 1 | -1) => {
      const next = dir > 0 ? zoomSteps.find((z) => z > zoomShown + 0.005) : [...zoomSteps].reverse().find((z) => z < zoomShown - 0.005);
      if (next !== undefined) setZoom({ mode: 'custom', zoom: next });
    },
    [zoomShown],
  );

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && !e.shiftKey && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        findInput.current?.focus();
        findInput.current?.select();
        return;
      }
      if (mod && e.key.toLowerCase() === 'p') {
        e.preventDefault();
        setPrinting(true);
        return;
      }
      if (e.key === 'Escape' && !typing) {
        onClose();
        return;
      }
      if (typing || e.altKey) return;
      if (mod && (e.key === '=' || e.key === '+')) {
        e.preventDefault();
        zoomBy(1);
        return;
      }
      if (mod && e.key === '-') {
        e.preventDefault();
        zoomBy(-1);
        return;
      }
      if (mod) return;
      const keys: Record<string, () => void> = {
        PageDown: () => goTo(readingNow() + 1),
        ArrowRight: () => goTo(readingNow() + 1),
        PageUp: () => goTo(readingNow() - 1),
        ArrowLeft: () => goTo(readingNow() - 1),
        Home: () => goTo(1),
        End: () => goTo(numPages),
        '+': () => zoomBy(1),
        '=': () => zoomBy(1),
        '-': () => zoomBy(-1),
      };
      const action = keys[e.key];
      if (action) {
        e.preventDefault();
        action();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [goTo, readingNow, numPages, zoomBy, onClose]);

  useEffect(() => {
    scrollRef.current?.focus({ preventScroll: true });
  }, []);

  // The page being read, for following the presenter (features/reader/FollowPresenter).
  useEffect(() => reportReading({ meetingId, documentId: doc.id, page: range.current }), [meetingId, doc.id, range.current]);
  useEffect(() => () => reportReading(null), []);

  const mine = annotations.list.filter((a) => a.mine).length;
  // Only pages around the view exist in the DOM; the column's height keeps the scrollbar true.
  const mountFirst = Math.max(1, range.first - mountMargin);
  const mountLast = Math.min(numPages, range.last + mountMargin);
  return (
    <>
      <Toolbar
        doc={doc}
        page={range.current}
        pages={numPages}
        scalePercent={Math.round(zoomShown * 100)}
        findInput={findInput}
        findQuery={findQuery}
        findCount={activeQuery.trim() ? { current: find.current, total: find.matches.length, searching: !find.done } : null}
        notesCount={mine}
        notesOpen={notesOpen}
        printing={printing}
        onClose={onClose}
        onGo={goTo}
        onZoom={zoomBy}
        onFit={(mode) => setZoom({ mode })}
        onFind={onFindChange}
        onFindStep={(step) => {
          // Nothing selected yet (still searching towards the page being read): start from here.
          if (find.current < 0) {
            const ahead = find.matches.findIndex((m) => m.page >= range.current);
            selectHit(ahead >= 0 ? ahead : 0);
          } else selectHit(find.current + step);
        }}
        onToggleNotes={() => setNotesOpen((o) => !o)}
        onPrint={() => setPrinting(true)}
      />
      <div className={`reader-body${notesOpen ? ' with-panel' : ''}`}>
        <Thumbnails pdf={pdf} queue={queue} sizes={sizes} current={range.current} onGo={goTo} />
        <div
          ref={scrollRef}
          className="reader-scroll"
          tabIndex={0}
          aria-label={t('pagesLabel', { title: doc.title })}
          onScroll={onScroll}
          onMouseDown={onMouseDown}
          onMouseUp={onMouseUp}
        >
          <div className="reader-column" style={{ height: layout.total, width: columnWidth }}>
            {/* Not before the view has a size: pages drawn at a guessed zoom would be drawn twice. */}
            {view.width > 0 &&
              sizes.slice(mountFirst - 1, mountLast).map((s, k) => {
                const i = mountFirst - 1 + k;
                const page = i + 1;
                const width = Math.floor(s.width * scale);
                return (
                  <div key={page} className="reader-slot" style={{ top: layout.tops[i], left: Math.floor((columnWidth - width) / 2) }}>
                    <PageView
                      pdf={pdf}
                      cache={cache}
                      queue={queue}
                      pageNumber={page}
                      top={0}
                      width={width}
                      height={Math.floor(s.height * scale)}
                      scale={scale}
                      near={page >= range.first - nearMargin && page <= range.last + nearMargin}
                      hits={hitsByPage.get(page) ?? null}
                      selectedHit={selected?.page === page ? selectedLocal : -1}
                      revealToken={selected?.page === page ? revealToken : 0}
                      watermark={watermarkUrl}
                      onSize={onSize}
                      annotations={annotationsByPage.get(page) ?? noAnnotations}
                      onOpenAnnotation={openAnnotation}
                      onPageNote={onPageNote}
                    />
                  </div>
                );
              })}
          </div>
        </div>
        {notesOpen && (
          <AnnotationsPanel
            annotations={annotations.list}
            error={annotations.error ?? annotateError}
            activeId={activeAnnotation}
            onOpen={(page) => goTo(page)}
            onClose={() => setNotesOpen(false)}
          />
        )}
      </div>
      {annotateError !== null && !notesOpen && (
        <div className="reader-toast" role="alert">
          {t('annotations.saveFailed')}
          <button type="button" className="btn-close" aria-label={tc('common.close')} onClick={() => setAnnotateError(null)}>
            ×
          </button>
        </div>
      )}
      {draft && (
        <AnnotateMenu
          key={`${draft.page}-${draft.anchor.x}-${draft.anchor.y}`}
          draft={draft}
          onHighlight={(color) => void saveAnnotation('highlight', color, null)}
          onNote={(note, color) => void saveAnnotation('note', color, note)}
          onClose={closeDraft}
        />
      )}
      {printing && <PrintJob pdf={pdf} title={doc.title} watermark={watermark} onDone={() => setPrinting(false)} />}
    </>
  );
}

function clampScale(s: number): number {
  return Math.min(4 * pdfToCss, Math.max(0.25 * pdfToCss, Math.round(s * 1000) / 1000));
}
