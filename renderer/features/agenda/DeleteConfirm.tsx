import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import styles from './agenda.module.css';

interface Props {
  title: string;
  descendants: number;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * Inline rather than `window.confirm`: it keeps the item in view, says how much goes with
 * it, and is styled and translated like the rest of the app.
 */
export function DeleteConfirm({ title, descendants, onConfirm, onCancel }: Props) {
  const { t } = useTranslation();
  const cancelRef = useRef<HTMLButtonElement>(null);
  // Focus the safe choice first.
  useEffect(() => cancelRef.current?.focus(), []);
  return (
    <div className={styles.deleteConfirm} role="alertdialog" aria-label={t('agenda.delete')} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <span>{descendants > 0 ? t('agenda.deleteConfirmChildren', { title, count: descendants }) : t('agenda.deleteConfirm', { title })}</span>
      <button type="button" className="btn btn-danger btn-small" data-testid="agenda-delete-confirm" onClick={onConfirm}>
        {t('agenda.delete')}
      </button>
      <button type="button" ref={cancelRef} className="btn btn-small" onClick={onCancel}>
        {t('agenda.cancel')}
      </button>
    </div>
  );
}
