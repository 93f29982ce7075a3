import { useTranslation } from 'react-i18next';
import type { Annotation } from '../../../shared/contract';
import styles from './annotations.module.css';

interface Props {
  annotations: readonly Annotation[];
  onOpen(id: string): void;
}

/**
 * One's highlights and notes drawn over a page from their stored rectangles (page
 * fractions, so they follow every zoom); others' shared ones dashed, marked as theirs. The marks let text selection through; the note
 * markers in the margin are buttons.
 */
export function AnnotationOverlay({ annotations, onOpen }: Props) {
  const { t } = useTranslation('reader');
  return (
    <div className={styles.annotationLayer}>
      {annotations.map((a) =>
        a.rects.map((r, i) => (
          <div
            key={`${a.id}-${i}`}
            className={`${styles.annotationMark} annotation-${a.kind}${a.mine ? '' : ` ${styles.annotationOthers}`}`}
            data-testid="annotation-highlight"
            data-annotation-id={a.id}
            data-mine={a.mine ? 'true' : 'false'}
            style={{ left: `${r.x * 100}%`, top: `${r.y * 100}%`, width: `${r.w * 100}%`, height: `${r.h * 100}%`, ['--mark' as string]: a.color }}
          />
        )),
      )}
      {annotations
        .filter((a) => a.kind === 'note')
        .map((a) => (
          <button
            key={a.id}
            type="button"
            className={`${styles.annotationMarker}${a.mine ? '' : ` ${styles.annotationOthers}`}`}
            data-testid="annotation-marker"
            data-annotation-id={a.id}
            data-mine={a.mine ? 'true' : 'false'}
            style={{ top: `${(a.rects[0]?.y ?? 0) * 100}%`, ['--mark' as string]: a.color }}
            title={a.mine ? (a.note ?? '') : `${t('annotations.sharedBy', { name: a.authorName })}: ${a.note ?? ''}`}
            aria-label={
              a.mine
                ? t('annotations.openNote', { text: a.note ?? a.quote ?? '' })
                : t('annotations.openOthersNote', { name: a.authorName, text: a.note ?? a.quote ?? '' })
            }
            onClick={() => onOpen(a.id)}
          >
            <NoteIcon />
          </button>
        ))}
    </div>
  );
}

export function NoteIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path d="M2.5 2.5h11v8h-5l-3 3v-3h-3z" fill="currentColor" />
    </svg>
  );
}
