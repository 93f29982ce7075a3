import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageRect } from '../../../shared/contract';
import { annotationColors, defaultColor } from './useAnnotations';
import styles from './annotations.module.css';

export interface AnnotationDraft {
  page: number;
  /** The selected text; null for a note on the page as a whole. */
  quote: string | null;
  rects: PageRect[];
  /** Where to show the menu, in viewport pixels. */
  anchor: { x: number; y: number };
}

interface Props {
  draft: AnnotationDraft;
  onHighlight(color: string): void;
  onNote(note: string, color: string): void;
  onClose(): void;
}

/** The small menu that follows a text selection (or a click in a page's margin). */
export function AnnotateMenu({ draft, onHighlight, onNote, onClose }: Props) {
  const { t } = useTranslation('reader');
  const [mode, setMode] = useState<'menu' | 'note'>(draft.quote === null ? 'note' : 'menu');
  const [note, setNote] = useState('');
  const [color, setColor] = useState<string>(defaultColor);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
      }
    }
    function onDown(e: MouseEvent) {
      if (ref.current && !ref.current.contains(e.target as Node)) onClose();
    }
    window.addEventListener('keydown', onKey, true);
    // Deferred so the mouseup that opened the menu does not close it.
    const timer = window.setTimeout(() => window.addEventListener('mousedown', onDown), 0);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('mousedown', onDown);
    };
  }, [onClose]);

  const width = mode === 'note' ? 320 : 260;
  const left = Math.max(8, Math.min(draft.anchor.x - width / 2, window.innerWidth - width - 8));
  const top = Math.max(8, Math.min(draft.anchor.y + 8, window.innerHeight - (mode === 'note' ? 230 : 60)));

  return (
    <div ref={ref} className={styles.annotateMenu} role="dialog" aria-label={t('annotations.menuLabel')} style={{ left, top, width }}>
      <div className={styles.annotateColors} role="radiogroup" aria-label={t('annotations.color')}>
        {annotationColors.map((c) => (
          <button
            key={c}
            type="button"
            role="radio"
            aria-checked={c === color}
            className={`${styles.colorSwatch}${c === color ? ' is-selected' : ''}`}
            style={{ background: c }}
            aria-label={t(`annotations.colors.${c.slice(1)}`)}
            onClick={() => setColor(c)}
          />
        ))}
      </div>
      {mode === 'menu' ? (
        <div className={styles.annotateActions}>
          <button type="button" className="btn btn-small" data-testid="annotate-highlight" onClick={() => onHighlight(color)}>
            <span className={styles.annotateSwatch} style={{ background: color }} aria-hidden="true" />
            {t('annotations.highlight')}
          </button>
          <button type="button" className="btn btn-small" data-testid="annotate-note" onClick={() => setMode('note')}>
            {t('annotations.note')}
          </button>
        </div>
      ) : (
        <form
          className={styles.annotateNote}
          onSubmit={(e) => {
            e.preventDefault();
            if (note.trim()) onNote(note.trim(), color);
          }}
        >
          {draft.quote !== null ? (
            <blockquote className={styles.annotateQuote}>{draft.quote}</blockquote>
          ) : (
            <p className={`${styles.annotateQuote} muted`}>{t('annotations.pageNoteFor', { page: draft.page })}</p>
          )}
          <label className="visually-hidden" htmlFor="annotation-note-input">
            {t('annotations.noteLabel')}
          </label>
          <textarea
            id="annotation-note-input"
            data-testid="annotation-note-input"
            value={note}
            maxLength={20_000}
            rows={4}
            autoFocus
            placeholder={t('annotations.notePlaceholder')}
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                if (note.trim()) onNote(note.trim(), color);
              }
            }}
          />
          <div className={styles.annotateButtons}>
            <button type="button" className="btn btn-small btn-ghost" onClick={onClose}>
              {t('cancel')}
            </button>
            <button type="submit" className="btn btn-small btn-primary" data-testid="annotation-save" disabled={!note.trim()}>
              {t('save')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
