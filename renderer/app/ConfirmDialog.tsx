import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';
import { ErrorNotice } from './ErrorNotice';
import { useAction } from './useAction';

interface Props {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** What the confirm button says while the step runs ("Publishing…"). */
  busyLabel?: string;
  /** "Cancel" unless the step has its own word for not doing it. */
  cancelLabel?: string;
  /** Red: the step destroys or ends something (mark a device lost, close a vote). */
  danger?: boolean;
  /** Busy from outside, when the caller runs the step and shows its errors itself. */
  busy?: boolean;
  /** The step. Resolving `false` keeps the dialog open (the form said what is missing). */
  onConfirm(): Promise<unknown> | void;
  /** The confirm button is off (nothing chosen yet). */
  disabled?: boolean;
  wide?: boolean;
  /** Off for dialogs holding typed text a stray Escape must not lose. */
  closeOnEscape?: boolean;
  /** A note left of the buttons ("3 selected"). */
  footerNote?: ReactNode;
  onClose(): void;
  /** Close when the step succeeds (default); off when the caller closes it itself. */
  closeOnSuccess?: boolean;
  testId?: string;
  confirmTestId?: string;
}

/**
 * The one dialog for a step: "are you sure?" before what cannot be taken back (opening or
 * closing a poll, marking a device lost, finalising a conclusion), and the small forms
 * that end in one step (extend a deadline, record hands). Said in words before it happens,
 * the safe choice first, busy while it runs, and a failure shown in the dialog rather
 * than lost.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  busyLabel,
  cancelLabel,
  danger,
  busy: busyOutside,
  onConfirm,
  onClose,
  disabled,
  wide,
  closeOnEscape,
  footerNote,
  closeOnSuccess = true,
  testId = 'confirm-dialog',
  confirmTestId = 'confirm',
}: Props) {
  const { t } = useTranslation();
  const { run, busy: running, error } = useAction();
  const busy = running || !!busyOutside;
  function confirm() {
    return run(async () => {
      const outcome = await onConfirm();
      if (outcome !== false && closeOnSuccess) onClose();
    });
  }
  return (
    <Dialog
      title={title}
      onClose={onClose}
      testId={testId}
      wide={wide}
      closeOnEscape={closeOnEscape}
      footer={
        <>
          {footerNote}
          {/* The safe choice has the focus first. */}
          <button type="button" className="btn btn-light" onClick={onClose} disabled={busy} autoFocus>
            {cancelLabel ?? t('common.cancel')}
          </button>
          <button type="button" className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`} data-testid={confirmTestId} disabled={busy || disabled} onClick={() => void confirm()}>
            {busy && busyLabel ? busyLabel : confirmLabel}
          </button>
        </>
      }
    >
      <ErrorNotice error={error} />
      <div className="dialog-lead">{children}</div>
    </Dialog>
  );
}
