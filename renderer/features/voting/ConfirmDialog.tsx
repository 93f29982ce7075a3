import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../app/Dialog';
import { ErrorNotice } from '../../app/ErrorNotice';

interface Props {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm(): Promise<unknown>;
  onClose(): void;
}

/** One step that cannot be undone (opening, closing, publishing a poll), said in words before it happens. */
export function ConfirmDialog({ title, children, confirmLabel, danger, onConfirm, onClose }: Props) {
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
      title={title}
      onClose={onClose}
      testId="poll-confirm-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {tc('common.cancel')}
          </button>
          <button type="button" className={`btn ${danger ? 'btn-accent' : 'btn-primary'}`} data-testid="poll-confirm" disabled={busy} onClick={() => void confirm()}>
            {confirmLabel}
          </button>
        </>
      }
    >
      <ErrorNotice error={error} />
      <div className="dialog-lead">{children}</div>
    </Dialog>
  );
}
