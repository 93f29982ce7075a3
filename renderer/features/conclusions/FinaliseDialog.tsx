import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../app/ConfirmDialog';
import styles from './conclusions.module.css';

interface Props {
  itemLabel: string;
  text: string;
  onConfirm(): Promise<unknown>;
  onClose(): void;
}

/** Finalising cannot be undone (only corrected with a reason), so the text is shown once more before it goes. */
export function FinaliseDialog({ itemLabel, text, onConfirm, onClose }: Props) {
  const { t } = useTranslation('followup');
  return (
    <ConfirmDialog
      title={t('finalise.title')}
      onClose={onClose}
      testId="conclusion-finalise-dialog"
      confirmTestId="conclusion-confirm"
      confirmLabel={t('finalise.confirm')}
      wide
      onConfirm={onConfirm}
    >
      <p>{t('finalise.lead', { item: itemLabel })}</p>
      <blockquote className={styles.fuQuote}>{text}</blockquote>
    </ConfirmDialog>
  );
}
