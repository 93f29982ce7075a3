import { useEffect, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentView } from '../../../shared/ydoc/meeting';
import styles from './reader.module.css';

interface Props {
  doc: DocumentView;
  page: number;
  pages: number;
  scalePercent: number;
  findInput: RefObject<HTMLInputElement | null>;
  findQuery: string;
  findCount: { current: number; total: number; searching: boolean } | null;
  notesCount: number;
  notesOpen: boolean;
  printing: boolean;
  onClose(): void;
  onGo(page: number): void;
  onZoom(direction: 1 | -1): void;
  onFit(mode: 'fit-width' | 'fit-page'): void;
  onFind(query: string): void;
  onFindStep(step: 1 | -1): void;
  onToggleNotes(): void;
  onPrint(): void;
}

export function Toolbar(p: Props) {
  const { t } = useTranslation('reader');
  const { t: tc } = useTranslation();
  return (
    <header className={styles.readerToolbar}>
      <div className={`${styles.readerToolbarGroup} ${styles.readerTitleGroup}`}>
        <button type="button" className="btn btn-small" data-testid="reader-close" onClick={p.onClose}>
          <span aria-hidden="true">←</span> {t('close')}
        </button>
        <h1 className={styles.readerTitle} title={p.doc.title}>
          {p.doc.title}
        </h1>
        {p.doc.version > 1 && <span className="version-badge">{tc('documents.versionShort', { version: p.doc.version })}</span>}
        {p.doc.confidentiality !== 'public' && <span className={`conf-badge conf-${p.doc.confidentiality}`}>{tc(`confidentiality.${p.doc.confidentiality}`)}</span>}
      </div>

      <div className={styles.readerToolbarGroup} role="group" aria-label={t('pageNav')}>
        <button type="button" className={styles.toolButton} aria-label={t('page.prev')} title={t('page.prev')} disabled={p.page <= 1} onClick={() => p.onGo(p.page - 1)}>
          <Chevron dir="up" />
        </button>
        <PageInput page={p.page} pages={p.pages} onGo={p.onGo} />
        <button type="button" className={styles.toolButton} aria-label={t('page.next')} title={t('page.next')} disabled={p.page >= p.pages} onClick={() => p.onGo(p.page + 1)}>
          <Chevron dir="down" />
        </button>
        <span className={styles.toolbarSep} aria-hidden="true" />
        <button type="button" className={styles.toolButton} data-testid="reader-zoom-out" aria-label={t('zoom.out')} title={`${t('zoom.out')} (−)`} onClick={() => p.onZoom(-1)}>
          −
        </button>
        <span className={styles.zoomValue} aria-live="polite" aria-label={t('zoom.level', { percent: p.scalePercent })}>
          {p.scalePercent}%
        </span>
        <button type="button" className={styles.toolButton} data-testid="reader-zoom-in" aria-label={t('zoom.in')} title={`${t('zoom.in')} (+)`} onClick={() => p.onZoom(1)}>
          +
        </button>
        <button type="button" className={styles.toolButton} data-testid="reader-fit-width" title={t('zoom.fitWidth')} onClick={() => p.onFit('fit-width')}>
          <FitIcon kind="width" />
          <span className="visually-hidden">{t('zoom.fitWidth')}</span>
        </button>
        <button type="button" className={styles.toolButton} data-testid="reader-fit-page" title={t('zoom.fitPage')} onClick={() => p.onFit('fit-page')}>
          <FitIcon kind="page" />
          <span className="visually-hidden">{t('zoom.fitPage')}</span>
        </button>
      </div>

      <div className={`${styles.readerToolbarGroup} ${styles.readerFind}`} role="search">
        <label className="visually-hidden" htmlFor="reader-find-input">
          {t('find.label')}
        </label>
        <input
          id="reader-find-input"
          ref={p.findInput}
          type="search"
          className={styles.findInput}
          data-testid="reader-find-input"
          placeholder={t('find.placeholder')}
          value={p.findQuery}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => p.onFind(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              p.onFindStep(e.shiftKey ? -1 : 1);
            }
          }}
        />
        <span className={styles.findCount} data-testid="reader-find-count" aria-live="polite">
          {p.findCount ? `${Math.max(0, p.findCount.current + 1)}/${p.findCount.total}` : ''}
        </span>
        {/* A name on a bare span is not allowed (axe aria-prohibited-attr): as an image it may have one. */}
        {p.findCount?.searching && <span className={`spinner ${styles.findSpinner}`} role="img" aria-label={t('find.searching')} />}
        <button type="button" className={styles.toolButton} data-testid="reader-find-prev" aria-label={t('find.prev')} title={`${t('find.prev')} (Shift+Enter)`} disabled={!p.findCount?.total} onClick={() => p.onFindStep(-1)}>
          <Chevron dir="up" />
        </button>
        <button type="button" className={styles.toolButton} data-testid="reader-find-next" aria-label={t('find.next')} title={`${t('find.next')} (Enter)`} disabled={!p.findCount?.total} onClick={() => p.onFindStep(1)}>
          <Chevron dir="down" />
        </button>
      </div>

      <div className={styles.readerToolbarGroup}>
        <button type="button" className={p.notesOpen ? `btn btn-small ${styles.isPressed}` : 'btn btn-small'} data-testid="reader-notes-toggle" aria-pressed={p.notesOpen} onClick={p.onToggleNotes}>
          {t('annotations.panelTitle')}
          {p.notesCount > 0 && <span className="rd-count">{p.notesCount}</span>}
        </button>
        <button type="button" className="btn btn-small" data-testid="reader-print" disabled={p.printing} onClick={p.onPrint} title={`${t('print.button')} (Ctrl+P)`}>
          <PrintIcon /> {t('print.button')}
        </button>
      </div>
    </header>
  );
}

function PageInput({ page, pages, onGo }: { page: number; pages: number; onGo(page: number): void }) {
  const { t } = useTranslation('reader');
  const [text, setText] = useState(String(page));
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setText(String(page));
  }, [page, editing]);
  function commit() {
    const n = Number.parseInt(text, 10);
    if (Number.isFinite(n)) onGo(Math.min(pages, Math.max(1, n)));
    setEditing(false);
  }
  return (
    <span className={styles.pageInputWrap}>
      <input
        className={styles.pageInput}
        data-testid="reader-page-input"
        inputMode="numeric"
        aria-label={t('page.input', { pages })}
        value={text}
        onFocus={(e) => {
          setEditing(true);
          e.target.select();
        }}
        onChange={(e) => setText(e.target.value.replace(/\D/g, ''))}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
            e.currentTarget.blur();
          } else if (e.key === 'Escape') {
            setText(String(page));
            setEditing(false);
            e.currentTarget.blur();
          }
        }}
      />
      <span className={styles.pageTotal}>/ {pages}</span>
    </span>
  );
}

function Chevron({ dir }: { dir: 'up' | 'down' }) {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      <path d={dir === 'up' ? 'M4 10l4-4 4 4' : 'M4 6l4 4 4-4'} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

function FitIcon({ kind }: { kind: 'width' | 'page' }) {
  return kind === 'width' ? (
    <svg viewBox="0 0 20 16" width="20" height="16" aria-hidden="true">
      <rect x="4.5" y="1.5" width="11" height="13" rx="1" fill="none" stroke="currentColor" strokeWidth="1.3" />
      <path d="M1 8h5M1 8l2-2M1 8l2 2M19 8h-5M19 8l-2-2M19 8l-2 2" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" />
    </svg>
  ) : (
    <svg viewBox="0 0 20 16" width="20" height="16" aria-hidden="true">
      <rect x="5.5" y="1.5" width="9" height="13" rx="1" fill="none" stroke="currentColor" strokeWidth="1.3" />
      <path d="M8 5h4M8 8h4M8 11h3" stroke="currentColor" strokeWidth="1.1" />
    </svg>
  );
}

function PrintIcon() {
  return (
    <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true">
      <path d="M4 6V1.5h8V6M4 12H2.5V6h11v6H12M4.5 9.5h7v5h-7z" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinejoin="round" />
    </svg>
  );
}
