import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../app/Dialog';
import { ErrorNotice } from '../../app/ErrorNotice';

interface Props {
  itemLabel: string;
  text: string;
  onConfirm(): Promise<unknown>;
  onClose(): void;
}

/** Finalising cannot be undone (only corrected with a reason), so the text is shown once more before it goes. */
export function FinaliseDialog({ itemLabel, text, onConfirm, onClose }: Props) {
  const { t } = useTranslation('followup');
  const tc = useTranslation().t;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }
  return (
    <Dialog
      title={t('finalise.title')}
      onClose={onClose}
      testId="conclusion-finalise-dialog"
      wide
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {tc('common.cancel')}
          </button>
          <button type="button" className="btn btn-primary" data-testid="conclusion-confirm" disabled={busy} onClick={() => void confirm()}>
            {t('finalise.confirm')}
          </button>
        </>
      }
    >
      <ErrorNotice error={error} />
      <p className="dialog-lead">{t('finalise.lead', { item: itemLabel })}</p>
      <blockquote className="fu-quote">{text}</blockquote>
    </Dialog>
  );
}
