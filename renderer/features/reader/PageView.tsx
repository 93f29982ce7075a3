import { memo, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { Annotation } from '../../../shared/contract';
import { AnnotationOverlay } from '../annotations';
import type { CanvasCache } from './canvasCache';
import { RenderingCancelledException, TextLayer, type PDFDocumentProxy, type PDFPageProxy, type PageViewport } from './pdfjs';
import type { RenderQueue } from './renderQueue';
import type { HitSegment } from './useFind';
import styles from './reader.module.css';

/** Largest canvas we draw (pixels): beyond this, zooming in trades sharpness for memory. */
const maxCanvasPixels = 16_777_216;

interface Props {
  pdf: PDFDocumentProxy;
  cache: CanvasCache;
  queue: RenderQueue;
  pageNumber: number;
  top: number;
  width: number;
  height: number;
  scale: number;
  /** Near the viewport: draw it. Far away: keep only the sized placeholder. */
  near: boolean;
  /** Find hits on this page (each a list of segments), null when none. */
  hits: readonly HitSegment[][] | null;
  /** Index within `hits` of the selected one, or -1. */
  selectedHit: number;
  /** Changes when the reader asks to bring the selected hit into view. */
  revealToken: number;
  watermark: string | null;
  onSize(pageNumber: number, width: number, height: number): void;
  annotations: readonly Annotation[];
  onOpenAnnotation(id: string): void;
  /** A click in the margin beside the page: a note on the page as a whole. */
  onPageNote(pageNumber: number, anchor: { x: number; y: number }): void;
}

type DrawState = 'idle' | 'rendered' | 'error';

export const PageView = memo(function PageView(props: Props) {
  const { pdf, cache, queue, pageNumber, top, width, height, scale, near, hits, selectedHit, revealToken, watermark, onSize, annotations, onOpenAnnotation, onPageNote } = props;
  const { t } = useTranslation('reader');
  const canvasHost = useRef<HTMLDivElement>(null);
  const textHost = useRef<HTMLDivElement>(null);
  const textLayer = useRef<TextLayer | null>(null);
  const [draw, setDraw] = useState<DrawState>('idle');
  const [textReady, setTextReady] = useState(0);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const host = canvasHost.current;
    const textDiv = textHost.current;
    if (!near || !host || !textDiv) return;
    let cancelled = false;
    let cancelRender: (() => void) | null = null;
    let releaseSlot: (() => void) | null = null;
    let page: PDFPageProxy | null = null;
    void (async () => {
      page = await pdf.getPage(pageNumber);
      if (cancelled) return;
      const base = page.getViewport({ scale: 1 });
      onSize(pageNumber, base.width, base.height);
      const viewport = page.getViewport({ scale });
      let canvas = cache.get(pageNumber, scale);
      if (!canvas) {
        canvas = document.createElement('canvas');
        const ratio = outputRatio(viewport);
        canvas.width = Math.floor(viewport.width * ratio);
        canvas.height = Math.floor(viewport.height * ratio);
        const slot = queue.acquire(pageNumber);
        releaseSlot = slot.release;
        await slot.turn;
        if (cancelled) return;
        const task = page.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
        cancelRender = () => task.cancel();
        await task.promise;
        cancelRender = null;
        slot.release();
        if (cancelled) return;
        cache.put(pageNumber, scale, canvas);
      }
      host.replaceChildren(canvas);
      // Said at once (tests and benchmarks wait for data-rendered), not when React next gets to it.
      flushSync(() => setDraw('rendered'));
      // The page is painted before its text layer's work (tens of ms for a full page) begins.
      await afterNextPaint();
      if (cancelled) return;

      const layer = new TextLayer({ textContentSource: page.streamTextContent(), container: textDiv, viewport });
      textLayer.current = layer;
      await layer.render();
      if (!cancelled) setTextReady((n) => n + 1);
    })().catch((err: unknown) => {
      if (cancelled || err instanceof RenderingCancelledException) return;
      console.warn(`page ${pageNumber} failed to render`, err);
      setDraw('error');
    }).finally(() => releaseSlot?.());
    return () => {
      cancelled = true;
      cancelRender?.();
      releaseSlot?.();
      textLayer.current?.cancel();
      textLayer.current = null;
      textDiv.replaceChildren();
      // The canvas stays in the cache for a quick flip back; only the DOM lets go of it.
      host.replaceChildren();
      // What pdf.js keeps to draw the page again (its operator list) goes too, as in pdf.js's
      // viewer: otherwise every page ever shown stays in memory. Deferred by pdf.js while drawing.
      page?.cleanup();
      setDraw((d) => (d === 'error' ? d : 'idle'));
      setTextReady(0);
    };
  }, [near, pdf, cache, queue, pageNumber, scale, onSize, attempt]);

  // Find hits are drawn into the text layer's own divs, so they sit exactly on the words.
  useEffect(() => {
    const layer = textLayer.current;
    if (!layer || !textReady || !hits || hits.length === 0) return;
    const divs = layer.textDivs;
    const strs = layer.textContentItemsStr;
    const touched = new Map<number, { from: number; to: number; selected: boolean }[]>();
    hits.forEach((segments, index) => {
      for (const s of segments) {
        const list = touched.get(s.item) ?? [];
        list.push({ from: s.from, to: s.to, selected: index === selectedHit });
        touched.set(s.item, list);
      }
    });
    for (const [item, parts] of touched) {
      const div = divs[item];
      const str = strs[item];
      if (!div || str === undefined) continue;
      parts.sort((a, b) => a.from - b.from);
      const nodes: Node[] = [];
      let at = 0;
      for (const p of parts) {
        if (p.from > at) nodes.push(document.createTextNode(str.slice(at, p.from)));
        const mark = document.createElement('span');
        mark.className = p.selected ? 'find-hit is-selected' : 'find-hit';
        mark.dataset.testid = 'find-hit';
        mark.textContent = str.slice(Math.max(at, p.from), p.to);
        nodes.push(mark);
        at = Math.max(at, p.to);
      }
      if (at < str.length) nodes.push(document.createTextNode(str.slice(at)));
      div.replaceChildren(...nodes);
    }
    return () => {
      for (const item of touched.keys()) {
        const div = divs[item];
        if (div) div.textContent = strs[item] ?? '';
      }
    };
  }, [hits, selectedHit, textReady]);

  useEffect(() => {
    if (selectedHit < 0 || !textReady) return;
    textHost.current?.querySelector('.find-hit.is-selected')?.scrollIntoView({ block: 'center', inline: 'nearest' });
  }, [revealToken, selectedHit, textReady]);

  const rendered = near && draw === 'rendered';
  return (
    <div
      className={styles.readerPage}
      data-testid="reader-page"
      data-page-number={pageNumber}
      data-rendered={rendered ? 'true' : 'false'}
      role="region"
      aria-label={t('page.label', { page: pageNumber })}
      style={{
        top,
        width,
        height,
        // The text layer sizes itself from these, as in pdf.js's own viewer.
        ['--scale-factor' as string]: scale,
        ['--user-unit' as string]: 1,
        ['--total-scale-factor' as string]: 'calc(var(--scale-factor) * var(--user-unit))',
        ['--scale-round-x' as string]: '1px',
        ['--scale-round-y' as string]: '1px',
      }}
    >
      <div className={styles.readerCanvas} data-testid="reader-canvas" ref={canvasHost} />
      <div className="textLayer" ref={textHost} />
      {near && annotations.length > 0 && <AnnotationOverlay annotations={annotations} onOpen={onOpenAnnotation} />}
      {watermark && <div className={styles.watermark} data-testid="watermark" aria-hidden="true" style={{ backgroundImage: watermark }} />}
      {near && draw === 'error' && (
        <div className={styles.readerPageError} data-testid="reader-page-error" role="alert">
          <span>{t('page.error')}</span>
          <button type="button" className="btn btn-small" onClick={() => { setDraw('idle'); setAttempt((a) => a + 1); }}>
            {t('retry')}
          </button>
        </div>
      )}
      {near && draw === 'idle' && <div className={styles.readerPageLoading} data-testid="reader-page-loading" aria-hidden="true" />}
      <span className={styles.readerPageNumber} aria-hidden="true">
        {pageNumber}
      </span>
      <button
        type="button"
        className={styles.pageNoteMargin}
        data-testid="reader-page-note"
        title={t('annotations.pageNote', { page: pageNumber })}
        aria-label={t('annotations.pageNote', { page: pageNumber })}
        onClick={(e) => onPageNote(pageNumber, { x: e.clientX, y: e.clientY })}
      >
        <span className={styles.pageNotePlus} aria-hidden="true">
          +
        </span>
      </button>
    </div>
  );
});

function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

function outputRatio(viewport: PageViewport): number {
  const dpr = window.devicePixelRatio || 1;
  const pixels = viewport.width * viewport.height * dpr * dpr;
  return pixels > maxCanvasPixels ? Math.sqrt(maxCanvasPixels / (viewport.width * viewport.height)) : dpr;
}
