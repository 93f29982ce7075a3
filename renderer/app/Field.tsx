import type { ReactNode } from 'react';

interface Props {
  /** The control's id, which the label is for. */
  htmlFor: string;
  label: ReactNode;
  /** A star after the label; the form says what is missing when it is sent. */
  required?: boolean;
  /** A line under the control on what to put in it. */
  hint?: ReactNode;
  error?: ReactNode;
  /** The error's id, for the control's `aria-describedby`. */
  errorId?: string;
  /** The error is announced as it appears (checked as one types, not only on sending). */
  alert?: boolean;
  /** Beside `field` (`span-2` to take the form grid's whole width). */
  className?: string;
  /** The control: an input, a select, a text area, with what belongs to it (a datalist). */
  children: ReactNode;
}

/** One labelled control of a form: the label, the control, its hint and its error, in that order. */
export function Field({ htmlFor, label, required, hint, error, errorId, alert, className, children }: Props) {
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={htmlFor}>
        {label}
        {required && (
          <>
            {' '}
            <span className="required">*</span>
          </>
        )}
      </label>
      {children}
      {hint && <span className="field-hint">{hint}</span>}
      {error && (
        <span className="field-error" id={errorId} role={alert ? 'alert' : undefined}>
          {error}
        </span>
      )}
    </div>
  );
}
