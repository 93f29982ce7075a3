import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Annotation } from '../../../shared/contract';
import type { DocumentView } from '../../../shared/ydoc/meeting';
import { AnnotateMenu, AnnotationsPanel } from '../annotations';
import { reportReading } from '../../app/navigation';
import { CanvasCache } from './canvasCache';
import type { PageSize } from './layout';
import { PageTextStore } from './pageText';
import { PageView } from './PageView';
import type { PDFDocumentProxy } from './pdfjs';
import { PrintJob } from './PrintJob';
import { RenderQueue } from './renderQueue';
import { Thumbnails } from './Thumbnails';
import { Toolbar } from './Toolbar';
import { usePageLayout } from './usePageLayout';
import { useReaderFind, type ReaderRequest } from './useReaderFind';
import { useReaderKeys } from './useReaderKeys';
import { useReaderNotes } from './useReaderNotes';
import { useWatermark, watermarkSvgUrl } from './watermark';
import styles from './reader.module.css';

/** Pages drawn beyond those on screen, each way, so a flip lands on a ready page. */
const nearMargin = 2;
/** Placeholders kept in the DOM beyond those on screen, each way (cheap, unlike drawing). */
const mountMargin = 6;
/** Rendered pages kept: the visible ones plus neighbours; 1,000 pages cost no more. */
const cacheCapacity = 10;
const noAnnotations: readonly Annotation[] = [];

interface Props {
  meetingId: string;
  doc: DocumentView;
  pdf: PDFDocumentProxy;
  firstSize: PageSize;
  /** Where a request (search hit, note) asked to land; `seq` changes with each request. */
  request: ReaderRequest;
  onClose(): void;
}

export function ReaderView({ meetingId, doc, pdf, firstSize, request, onClose }: Props) {
  const { t } = useTranslation('reader');
  const { t: tc } = useTranslation();
  const numPages = pdf.numPages;
  const scrollRef = useRef<HTMLDivElement>(null);
  const findInput = useRef<HTMLInputElement>(null);

  // Made during the first render, not in an effect: an effect would cost one more render
  // before the first page can start drawing. A cleared cache is still usable (Strict Mode).
  const cache = useMemo(() => new CanvasCache(cacheCapacity), [pdf]);
  const texts = useMemo(() => new PageTextStore(pdf), [pdf]);
  const queue = useMemo(() => new RenderQueue(), [pdf]);
  useEffect(() => () => cache.clear(), [cache]);

  const { sizes, setZoom, view, range, layout, scale, zoomShown, columnWidth, onScroll, goTo, readingNow, onSize, zoomBy } = usePageLayout(numPages, firstSize, queue, scrollRef);

  const { findQuery, activeQuery, find, selectHit, hitsByPage, selected, selectedLocal, revealToken, onFindChange } = useReaderFind(
    texts,
    numPages,
    { layout, goTo, currentPage: range.current, viewHeight: view.height },
    request,
    scrollRef,
  );

  const { annotations, annotationsByPage, notesOpen, setNotesOpen, activeAnnotation, draft, closeDraft, annotateError, setAnnotateError, openAnnotation, onPageNote, onMouseDown, onMouseUp, saveAnnotation } =
    useReaderNotes(meetingId, doc.id, scrollRef);

  // ── watermark & print ──
  const confidential = doc.confidentiality === 'confidential';
  const watermark = useWatermark(confidential, tc('confidentiality.confidential').toUpperCase());
  const watermarkUrl = useMemo(() => (watermark ? watermarkSvgUrl(watermark) : null), [watermark?.lines[0], watermark?.lines[1]]);
  const [printing, setPrinting] = useState(false);
  const openPrint = useCallback(() => setPrinting(true), []);

  useReaderKeys(findInput, { goTo, readingNow, numPages, zoomBy, onClose, print: openPrint });

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
      <div className={notesOpen ? `${styles.readerBody} ${styles.withPanel}` : styles.readerBody}>
        <Thumbnails pdf={pdf} queue={queue} sizes={sizes} current={range.current} onGo={goTo} />
        <div
          ref={scrollRef}
          className={styles.readerScroll}
          data-testid="reader-scroll"
          tabIndex={0}
          aria-label={t('pagesLabel', { title: doc.title })}
          onScroll={onScroll}
          onMouseDown={onMouseDown}
          onMouseUp={onMouseUp}
        >
          <div className={styles.readerColumn} style={{ height: layout.total, width: columnWidth }}>
            {/* Not before the view has a size: pages drawn at a guessed zoom would be drawn twice. */}
            {view.width > 0 &&
              sizes.slice(mountFirst - 1, mountLast).map((s, k) => {
                const i = mountFirst - 1 + k;
                const page = i + 1;
                const width = Math.floor(s.width * scale);
                return (
                  <div key={page} className={styles.readerSlot} style={{ top: layout.tops[i], left: Math.floor((columnWidth - width) / 2) }}>
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
            className={styles.notesPanel}
            annotations={annotations.list}
            error={annotations.error ?? annotateError}
            activeId={activeAnnotation}
            onOpen={(page) => goTo(page)}
            onClose={() => setNotesOpen(false)}
          />
        )}
      </div>
      {annotateError !== null && !notesOpen && (
        <div className={styles.readerToast} role="alert">
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

