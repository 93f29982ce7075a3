import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageSize } from './layout';
import type { PDFDocumentProxy } from './pdfjs';
import type { RenderQueue } from './renderQueue';
import styles from './reader.module.css';
import { lastAtOrBefore } from './bisect';

const thumbWidth = 120;
/** Vertical room of one entry besides its image: padding and the page number. */
const thumbChrome = 34;
const listPadding = 12;
/** Entries kept in the DOM beyond those in view, each way. */
const mountMargin = 4;

interface Props {
  pdf: PDFDocumentProxy;
  /** Shared with the pages: a thumbnail is drawn only when no page is waiting. */
  queue: RenderQueue;
  sizes: readonly PageSize[];
  current: number;
  onGo(page: number): void;
}

/**
 * Page thumbnails. Only those near the sidebar's view exist in the DOM and are drawn, and
 * drawn ones are kept as small JPEG blobs (a few KB) rather than canvases, so a 1,000-page
 * document costs what a 10-page one does.
 */
export function Thumbnails({ pdf, queue, sizes, current, onGo }: Props) {
  const { t } = useTranslation('reader');
  const navRef = useRef<HTMLElement>(null);
  const [store, setStore] = useState<ThumbStore | null>(null);
  const [view, setView] = useState({ top: 0, height: 900 });

  useEffect(() => {
    const s = new ThumbStore(pdf, queue);
    setStore(s);
    return () => s.dispose();
  }, [pdf, queue]);

  const tops = useMemo(() => {
    const out = new Float64Array(sizes.length + 1);
    let y = listPadding;
    sizes.forEach((s, i) => {
      out[i] = y;
      y += Math.round((thumbWidth * s.height) / s.width) + thumbChrome;
    });
    out[sizes.length] = y + listPadding;
    return out;
  }, [sizes]);

  useLayoutEffect(() => {
    const nav = navRef.current;
    if (!nav) return;
    let frame = 0;
    const update = () => setView({ top: nav.scrollTop, height: nav.clientHeight });
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(update);
    };
    update();
    nav.addEventListener('scroll', onScroll, { passive: true });
    const ro = new ResizeObserver(update);
    ro.observe(nav);
    return () => {
      nav.removeEventListener('scroll', onScroll);
      ro.disconnect();
      cancelAnimationFrame(frame);
    };
  }, []);

  // Keep the page being read in view in the sidebar.
  useEffect(() => {
    const nav = navRef.current;
    if (!nav) return;
    const top = tops[current - 1] ?? 0;
    const bottom = tops[current] ?? top;
    if (top < nav.scrollTop) nav.scrollTop = top - listPadding;
    else if (bottom > nav.scrollTop + nav.clientHeight) nav.scrollTop = bottom - nav.clientHeight;
  }, [current, tops]);

  const first = Math.max(0, indexAt(tops, view.top) - mountMargin);
  const last = Math.min(sizes.length - 1, indexAt(tops, view.top + view.height) + mountMargin);
  const inView = { first: indexAt(tops, view.top), last: indexAt(tops, view.top + view.height) };
  const items = [];
  if (store) {
    for (let i = first; i <= last; i++) {
      const s = sizes[i];
      if (!s) continue;
      items.push(
        <Thumb key={i} page={i + 1} top={tops[i] ?? 0} height={Math.round((thumbWidth * s.height) / s.width)} current={current === i + 1} visible={i >= inView.first && i <= inView.last} store={store} onGo={onGo} />,
      );
    }
  }

  return (
    <nav ref={navRef} className={styles.readerThumbnails} data-testid="reader-thumbnails" aria-label={t('thumbnails')}>
      <ol style={{ height: tops[sizes.length] }}>{items}</ol>
    </nav>
  );
}

/** The thumbnail at y; `tops` ends with the total height, which is no thumbnail's top. */
function indexAt(tops: Float64Array, y: number): number {
  return lastAtOrBefore(tops, y, tops.length - 1);
}

interface ThumbProps {
  page: number;
  top: number;
  height: number;
  current: boolean;
  /** In the sidebar's view now: worth drawing. */
  visible: boolean;
  store: ThumbStore;
  onGo(page: number): void;
}

const Thumb = memo(function Thumb({ page, top, height, current, visible, store, onGo }: ThumbProps) {
  const { t } = useTranslation('reader');
  const [src, setSrc] = useState<string | null>(() => store.cached(page));

  useEffect(() => {
    if (src || !visible) return;
    let cancelled = false;
    // A short pause so scrolling past hundreds of pages queues none of them.
    const timer = window.setTimeout(() => {
      store.want(page).then(
        (url) => !cancelled && setSrc(url),
        () => undefined,
      );
    }, 120);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
      store.unwant(page);
    };
  }, [page, src, visible, store]);

  return (
    <li data-thumb={page} style={{ top }}>
      <button type="button" className={current ? `${styles.thumb} ${styles.isCurrent}` : styles.thumb} aria-current={current ? 'page' : undefined} aria-label={t('page.goto', { page })} onClick={() => onGo(page)}>
        <span className={styles.thumbImage} style={{ height }}>
          {src && <img src={src} alt="" draggable={false} />}
        </span>
        <span className={styles.thumbNumber}>{page}</span>
      </button>
    </li>
  );
});

class ThumbStore {
  private readonly urls = new Map<number, string>();
  private readonly waiting = new Map<number, { resolve(url: string): void; reject(err: unknown): void; promise: Promise<string> }>();
  private running = false;
  private disposed = false;

  constructor(
    private readonly pdf: PDFDocumentProxy,
    private readonly queue: RenderQueue,
  ) {}

  cached(page: number): string | null {
    return this.urls.get(page) ?? null;
  }

  want(page: number): Promise<string> {
    const hit = this.urls.get(page);
    if (hit) return Promise.resolve(hit);
    let w = this.waiting.get(page);
    if (!w) {
      let resolve!: (url: string) => void;
      let reject!: (err: unknown) => void;
      const promise = new Promise<string>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      w = { resolve, reject, promise };
      this.waiting.set(page, w);
    }
    void this.pump();
    return w.promise;
  }

  unwant(page: number): void {
    this.waiting.delete(page);
  }

  /** One at a time, so thumbnails never hold up the page being read. */
  private async pump() {
    if (this.running) return;
    this.running = true;
    try {
      while (!this.disposed && this.waiting.size > 0) {
        const [page, w] = this.waiting.entries().next().value as [number, { resolve(url: string): void; reject(err: unknown): void }];
        this.waiting.delete(page);
        try {
          w.resolve(await this.draw(page));
        } catch (err) {
          w.reject(err);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async draw(page: number): Promise<string> {
    const proxy = await this.pdf.getPage(page);
    const base = proxy.getViewport({ scale: 1 });
    const ratio = Math.min(2, window.devicePixelRatio || 1);
    const viewport = proxy.getViewport({ scale: (thumbWidth * ratio) / base.width });
    const canvas = document.createElement('canvas');
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    const slot = this.queue.acquire(null);
    try {
      await slot.turn;
      if (this.disposed) throw new Error('no thumbnail');
      await proxy.render({ canvas, viewport }).promise;
    } finally {
      slot.release();
    }
    // As the reader's pages do: pdf.js keeps nothing of a page once its picture is made.
    proxy.cleanup();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.8));
    canvas.width = 0;
    canvas.height = 0;
    if (!blob || this.disposed) throw new Error('no thumbnail');
    const url = URL.createObjectURL(blob);
    this.urls.set(page, url);
    return url;
  }

  dispose() {
    this.disposed = true;
    this.waiting.clear();
    for (const url of this.urls.values()) URL.revokeObjectURL(url);
    this.urls.clear();
  }
}
