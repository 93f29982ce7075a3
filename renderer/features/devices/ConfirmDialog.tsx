import type { ReactNode } from 'react';
import { Dialog } from '../../app/Dialog';

interface Props {
  title: string;
  children: ReactNode;
  confirm: string;
  cancel: string;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
  testId?: string;
}

/** "Are you sure?" for the steps that cannot be taken back (mark lost, sign out everywhere). */
export function ConfirmDialog({ title, children, confirm, cancel, busy, onConfirm, onCancel, testId }: Props) {
  return (
    <Dialog
      title={title}
      onClose={onCancel}
      testId={testId}
      footer={
        <>
          <button type="button" className="btn btn-light" onClick={onCancel} disabled={busy}>
            {cancel}
          </button>
          <button type="button" className="btn btn-danger" onClick={onConfirm} disabled={busy} data-testid="confirm">
            {confirm}
          </button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
