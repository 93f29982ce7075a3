import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Annotation } from '../../../shared/contract';
import { errorText } from '../../app/errors';
import { AnnotationItem } from './AnnotationItem';
import styles from './annotations.module.css';

interface Props {
  annotations: readonly Annotation[];
  error: unknown;
  activeId: string | null;
  onOpen(page: number): void;
  onClose(): void;
  /** The reader's own class for where the panel sits (it is fixed over the page in a narrow window). */
  className?: string;
}

/** One's notes for the open document, in page order; those lost in a new version apart. */
export function AnnotationsPanel({ annotations, error, activeId, onOpen, onClose, className }: Props) {
  const { t } = useTranslation('reader');
  const { t: tc } = useTranslation();
  const here = annotations.filter((a) => a.carryOver !== 'not_found').sort(byPage);
  const lost = annotations.filter((a) => a.carryOver === 'not_found').sort(byPage);

  useEffect(() => {
    if (activeId) document.querySelector(`[data-testid="annotation-item"][data-annotation-id="${CSS.escape(activeId)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  return (
    <aside className={className ? `${styles.annotationsPanel} ${className}` : styles.annotationsPanel} data-testid="annotations-panel" aria-label={t('annotations.panelTitle')}>
      <div className={styles.annPanelHead}>
        <h2 className={styles.annPanelTitle}>{t('annotations.panelTitle')}</h2>
        <button type="button" className="btn-close" aria-label={t('annotations.closePanel')} onClick={onClose}>
          ×
        </button>
      </div>
      {error !== null && (
        <p className="notice notice-error" role="alert">
          {errorText(tc, error)}
        </p>
      )}
      {here.length === 0 && lost.length === 0 && error === null && <p className={styles.annPanelEmpty}>{t('annotations.empty')}</p>}
      {here.length > 0 && (
        <ul className={styles.annotationList}>
          {here.map((a) => (
            <AnnotationItem key={a.id} annotation={a} active={a.id === activeId} onOpen={onOpen} />
          ))}
        </ul>
      )}
      {lost.length > 0 && (
        <section className="annotation-lost" data-testid="annotations-not-found" aria-labelledby="annotations-lost-title">
          <h3 id="annotations-lost-title" className={styles.annPanelSubtitle}>
            {t('annotations.notFound')}
          </h3>
          <p className={styles.annPanelHint}>{t('annotations.notFoundHint')}</p>
          <ul className={styles.annotationList}>
            {lost.map((a) => (
              <AnnotationItem key={a.id} annotation={a} onOpen={onOpen} />
            ))}
          </ul>
        </section>
      )}
    </aside>
  );
}

export function byPage(a: Annotation, b: Annotation): number {
  return a.page - b.page || (a.rects[0]?.y ?? 0) - (b.rects[0]?.y ?? 0) || a.createdAt.localeCompare(b.createdAt);
}
