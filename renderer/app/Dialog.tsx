import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useModal } from './useModal';

interface Props {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Buttons at the bottom, right-aligned. */
  footer?: ReactNode;
  testId?: string;
  wide?: boolean;
  /** For dialogs that hold something the person must not lose by a stray Escape. */
  closeOnEscape?: boolean;
}

/**
 * A modal built on the native `<dialog>`: `showModal()` gives the focus trap, the inert
 * page behind, Escape and the backdrop for free, and screen readers announce it properly.
 */
export function Dialog({ title, onClose, children, footer, testId, wide, closeOnEscape = true }: Props) {
  const { t } = useTranslation();
  const { ref, close } = useModal(onClose);
  const titleId = useId();

  return (
    <dialog
      ref={ref}
      className={`dialog${wide ? ' dialog-wide' : ''}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        if (closeOnEscape) close();
      }}
    >
      <div className="dialog-head">
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <button type="button" className="btn-close" aria-label={t('common.close')} onClick={() => close()}>
          ×
        </button>
      </div>
      <div className="dialog-body">{children}</div>
      {footer && <div className="dialog-footer">{footer}</div>}
    </dialog>
  );
}

/** A form dialog's footer: leave, or send the form (which sits in the body, hence `form`). */
export function SubmitFooter({ formId, label, testId, busy, onCancel }: { formId: string; label: string; testId: string; busy: boolean; onCancel(): void }) {
  const { t } = useTranslation();
  return (
    <>
      <button type="button" className="btn" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button type="submit" form={formId} className="btn btn-primary" data-testid={testId} disabled={busy}>
        {label}
      </button>
    </>
  );
}
