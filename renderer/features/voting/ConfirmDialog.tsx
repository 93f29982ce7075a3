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
  /** Test ids of the dialog and its confirm button (the poll's by default). */
  testId?: string;
  confirmTestId?: string;
}

/** One step that cannot be undone (opening, closing, publishing a poll), said in words before it happens. */
export function ConfirmDialog({ title, children, confirmLabel, danger, onConfirm, onClose, testId = 'poll-confirm-dialog', confirmTestId = 'poll-confirm' }: Props) {
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
      testId={testId}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {tc('common.cancel')}
          </button>
          <button type="button" className={`btn ${danger ? 'btn-accent' : 'btn-primary'}`} data-testid={confirmTestId} disabled={busy} onClick={() => void confirm()}>
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
